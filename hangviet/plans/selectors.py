"""Reads of plans, filtered by the permission module."""

from django.db.models import QuerySet

from hangviet.orgs import permissions
from hangviet.orgs.permissions import User
from hangviet.plans.models import Plan, PlanUpload
from hangviet.plans.parsing import ParsedPlan


def plans_for(user: User, *, current_only: bool = True) -> QuerySet[Plan]:
    """Return the plans `user` may read: issued by, or assigning duties to, a unit in scope."""
    qs = Plan.objects.select_related("issuing_unit")
    if current_only:
        qs = qs.filter(superseded_at__isnull=True)
    return permissions.filter_for(
        qs, user, permissions.Action.VIEW, unit_field=("issuing_unit", "assignments__units")
    )


def may_read(user: User, plan: Plan) -> bool:
    return plans_for(user, current_only=False).filter(pk=plan.pk).exists()


def may_manage(user: User, plan: Plan) -> bool:
    return permissions.can(user, permissions.Action.MANAGE, plan.issuing_unit)


def same_plan(parsed: ParsedPlan, data: bytes | None = None) -> Plan | None:
    """The current plan a document is already imported as, if any: the same text uploaded
    before, or the same number, symbol and date (for a plan not numbered yet: the same symbol,
    year and summary)."""
    if data is not None:
        earlier = (
            PlanUpload.objects.filter(plan__isnull=False, plan__superseded_at__isnull=True)
            .filter(data=data)
            .select_related("plan")
            .first()
        )
        if earlier is not None and earlier.plan is not None:
            return earlier.plan
    if not parsed.symbol or not parsed.year:
        return None
    current = Plan.objects.filter(
        superseded_at__isnull=True, symbol__iexact=parsed.symbol, issue_year=parsed.year
    )
    if parsed.number:
        current = current.filter(number=parsed.number)
        if parsed.month:
            current = current.filter(issue_month=parsed.month)
        if parsed.day:
            current = current.filter(issue_day=parsed.day)
    else:
        current = current.filter(number="", summary=parsed.summary)
    return current.order_by("-id").first()
