"""Reads of plans, filtered by the permission module."""

from django.db.models import Q, QuerySet

from hangviet.orgs import permissions
from hangviet.plans.models import Plan


def plans_for(user, *, current_only: bool = True) -> QuerySet[Plan]:
    """Return the plans `user` may read: issued by, or assigning duties to, a unit in scope."""
    scope = permissions.scope_for(user, permissions.Action.VIEW)
    qs = Plan.objects.select_related("issuing_unit")
    if current_only:
        qs = qs.filter(superseded_at__isnull=True)
    if scope.everything:
        return qs
    if scope.empty:
        return qs.none()
    condition = Q()
    for path in scope.paths:
        condition |= Q(issuing_unit__path__startswith=path)
        condition |= Q(assignments__units__path__startswith=path)
    return qs.filter(condition).distinct()


def may_read(user, plan: Plan) -> bool:
    return plans_for(user, current_only=False).filter(pk=plan.pk).exists()


def may_manage(user, plan: Plan) -> bool:
    return permissions.can(user, permissions.Action.MANAGE, plan.issuing_unit)
