"""Who may do what to a plan (its header, themes, mentions, amendments, its reporting cycle)
and to an uploaded document waiting for review.

A plan is read by whoever may read the data of its issuing unit or of a unit it gives work to;
it is managed (changed, amended, its reporting cycle run, its report consolidated) by whoever
manages its issuing unit. Every view, API route, service and task asks here.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hangviet.orgs import permissions
from hangviet.orgs.models import Unit, UnitQuerySet
from hangviet.orgs.permissions import Action, User
from hangviet.plans.models import Plan, PlanUpload


def plans_for(
    user: User, verb: Action = Action.VIEW, *, current_only: bool = True
) -> QuerySet[Plan]:
    """The plans `user` may read (VIEW) or manage (MANAGE)."""
    qs = Plan.objects.select_related("issuing_unit__parent")
    if current_only:
        qs = qs.filter(superseded_at__isnull=True)
    if verb == Action.VIEW:
        return permissions.filter_for(
            qs, user, Action.VIEW, unit_field=("issuing_unit", "assignments__units")
        )
    return permissions.filter_for(qs, user, verb, unit_field="issuing_unit")


def may_read(user: User, plan: Plan) -> bool:
    return (
        permissions.can(user, Action.VIEW, plan.issuing_unit)
        or plans_for(user, current_only=False).filter(pk=plan.pk).exists()
    )


def may_manage(user: User | None, plan: Plan) -> bool:
    return user is None or permissions.can(user, Action.MANAGE, plan.issuing_unit)


def plan_for(user: User, pk: int, verb: Action = Action.VIEW) -> Plan:
    """Return plan `pk` for `verb`: 404 when it is missing or the user may not read it, 403
    when the user reads it but may not do `verb`."""
    plan = Plan.objects.select_related("issuing_unit__parent").filter(pk=pk).first()
    if plan is None or not may_read(user, plan):
        raise Http404
    if verb != Action.VIEW and not may_manage(user, plan):
        raise PermissionDenied(_("Only the coordinator of the issuing unit may change this plan."))
    return plan


def require_manage(user: User | None, plan: Plan) -> None:
    """Services: only the coordinator of the issuing unit changes a plan or runs its cycle."""
    if not may_manage(user, plan):
        raise PermissionDenied(_("Only the coordinator of the issuing unit may change this plan."))


def may_import(user: User | None) -> bool:
    """Coordinators import plans (for a unit they manage)."""
    return permissions.may_manage(user)


def require_import(user: User | None) -> None:
    if not may_import(user):
        raise PermissionDenied(_("Only coordinators import plans."))


def require_issue(user: User | None, issuer: Unit) -> None:
    """A plan is saved for an issuing unit the user manages."""
    permissions.require(user, Action.MANAGE, issuer)


def issuers_for(user: User) -> UnitQuerySet:
    """The units for which `user` may import plans."""
    return permissions.units_for(user, Action.MANAGE)


def upload_for(user: User, pk: int) -> PlanUpload:
    """A document the user uploaded and has not imported yet; anyone else's is not found."""
    upload = PlanUpload.objects.filter(pk=pk, user_id=user.pk or 0, plan__isnull=True).first()
    if upload is None:
        raise Http404
    return upload
