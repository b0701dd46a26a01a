"""Reads of plans (who may read which plan is decided in `plans.policy`)."""

from hangviet.orgs.models import Unit, UnitKind
from hangviet.orgs.permissions import within
from hangviet.plans.models import Plan, PlanUpload
from hangviet.plans.parsing import ParsedPlan


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


def front_of(plan: Plan) -> Unit | None:
    """The Fatherland Front committee the issuer reports to (the addressee of its report): the
    recipient of the plan's own reporting duty, else the province's Front in the registry."""
    for obligation in plan.obligations.select_related("recipient"):
        if obligation.recipient is not None and obligation.recipient.kind == UnitKind.FRONT:
            return obligation.recipient
    province = Unit.objects.get(pk=plan.issuing_unit.root_id)
    fronts = within(Unit.objects.filter(kind=UnitKind.FRONT), province, "")
    return fronts.order_by("depth").first()
