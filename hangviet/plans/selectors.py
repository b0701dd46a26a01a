"""Reads of plans, filtered by the permission module."""

from django.db.models import QuerySet

from hangviet.orgs import permissions
from hangviet.orgs.permissions import User
from hangviet.plans.models import Plan


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
