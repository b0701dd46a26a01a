"""Who may do what to the registry's own objects: units, roles, API tokens, accounts and the
audit trail of a unit (docs/architecture.md, "Who may do what").

Views, the API, the admin, services and tasks ask these functions and nothing else; they stand
on the scope primitive of `orgs.permissions`. A lookup that the user may not make answers "not
found", the same as a missing object, so ids cannot be probed.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User as DjangoUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hangviet.core.models import AuditEvent
from hangviet.orgs import permissions
from hangviet.orgs.models import Role, RoleAssignment, Unit, UnitQuerySet
from hangviet.orgs.permissions import Action, User

UNCHANGED: Any = object()


def unit_for(user: User, pk: int, verb: Action = Action.VIEW) -> Unit:
    """Return unit `pk` for `verb`. The registry's names and codes are public information, so
    VIEW only needs the unit to exist; MANAGE needs the unit in the user's scope (404 for
    a unit outside it, 403 for one the user sees but may not change)."""
    unit = Unit.objects.select_related("parent").filter(pk=pk).first()
    if unit is None:
        raise Http404
    if verb != Action.VIEW and not permissions.can(user, verb, unit):
        raise PermissionDenied(_("You may not change this unit."))
    return unit


def may_manage_unit(user: User | None, unit: Unit) -> bool:
    return user is None or permissions.can(user, Action.MANAGE, unit)


def may_read_history(user: User, unit: Unit) -> bool:
    """The trail of a unit is its data: read by whoever may read the unit's data."""
    return permissions.can(user, Action.VIEW, unit)


def history_unit_for(user: User, pk: int) -> Unit:
    """Return unit `pk` for reading its history, or 404."""
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None or not may_read_history(user, unit):
        raise Http404
    return unit


def history_for(user: User, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """The audit events among `events` whose unit the user may read."""
    return permissions.filter_for(events, user, Action.VIEW)


# Fields only an administrator sets: the agency identification code chooses the agency's
# signing key and names the agency in exchange packages (QĐ 20/2020: assigned by the State).
ADMINISTRATOR_FIELDS = frozenset({"agency_code"})


def fields_reserved_for(user: User) -> frozenset[str]:
    """The unit fields `user` sees but may not change."""
    return frozenset() if permissions.is_administrator(user) else ADMINISTRATOR_FIELDS


def _require_fields(user: User | None, fields: Iterable[str]) -> None:
    reserved = ADMINISTRATOR_FIELDS & set(fields)
    if reserved and user is not None and not permissions.is_administrator(user):
        raise PermissionDenied(
            _(
                "Only an administrator sets a unit's agency identification code: it chooses "
                "the agency's signing key."
            )
        )


def require_unit_create(user: User | None, parent: Unit | None, fields: Iterable[str] = ()) -> None:
    """A unit is created under a unit the user manages; a top-level unit (a province) only by
    an administrator."""
    if user is None:
        return
    if parent is None:
        if not permissions.is_administrator(user):
            raise PermissionDenied(_("Only an administrator may create a top-level unit."))
        return
    permissions.require(user, Action.MANAGE, parent)
    _require_fields(user, fields)


def require_unit_change(
    user: User | None,
    unit: Unit,
    *,
    new_parent: Any = UNCHANGED,
    fields: Iterable[str] = (),
) -> None:
    """Changing a unit needs MANAGE on it; moving it needs the same on its new place too (the
    old and the new unit, both); some fields only an administrator changes."""
    permissions.require(user, Action.MANAGE, unit)
    _require_fields(user, fields)
    if new_parent is not UNCHANGED:
        require_unit_create(user, new_parent)


def require_succession(user: User | None, predecessor: Unit, successor: Unit) -> None:
    """A link between two units is written by whoever manages both."""
    permissions.require(user, Action.MANAGE, predecessor)
    permissions.require(user, Action.MANAGE, successor)


# --- roles -------------------------------------------------------------------------------


def roles_for(user: User) -> QuerySet[RoleAssignment]:
    """The roles the user holds, and those whose whole reach the user manages."""
    managed = permissions.filter_for(
        RoleAssignment.objects.select_related("user", "unit"), user, Action.MANAGE
    )
    managed_ids = [ra.pk for ra in managed if may_revoke(user, ra)]
    own = RoleAssignment.objects.filter(user_id=user.pk or 0)
    return (
        RoleAssignment.objects.filter(pk__in=managed_ids)
        | RoleAssignment.objects.filter(pk__in=own.values("pk"))
    ).select_related("user", "unit")


def require_grant(user: User | None, role: str, unit: Unit) -> None:
    """A grant never reaches beyond its grantor: everything the role gives access to (a
    coordinator's role: the whole province) must lie within what the grantor manages now,
    the limits of the API token used included."""
    if permissions.may_grant(user, role, unit):
        return
    if user is not None and permissions.can(user, Action.MANAGE, unit):
        raise PermissionDenied(
            _(
                "This role would reach beyond the units you manage (a coordinator's role "
                "covers the whole province); ask someone who manages all of it."
            )
        )
    permissions.require(user, Action.MANAGE, unit)
    raise PermissionDenied(_("You may not give this role."))


def may_revoke(user: User | None, assignment: RoleAssignment) -> bool:
    """Taking a role away needs the same reach as giving it."""
    return permissions.may_grant(user, assignment.role, assignment.unit)


def role_for_revoking(user: User, pk: int) -> RoleAssignment:
    """Return role assignment `pk` for taking it away, or 404 (also for one the user sees but
    whose reach they do not manage)."""
    assignment = RoleAssignment.objects.select_related("unit", "user").filter(pk=pk).first()
    if assignment is None or not may_revoke(user, assignment):
        raise Http404
    return assignment


def require_revoke(user: User | None, assignment: RoleAssignment) -> None:
    if not may_revoke(user, assignment):
        raise PermissionDenied(_("You may not take this role away."))


def working_people(unit: Unit) -> list[DjangoUser]:
    """The active people who do `unit`'s own work (its head and editors): told when its
    report is due."""
    rows = RoleAssignment.objects.filter(
        unit=unit, role__in=permissions.WORKING_ROLES, user__is_active=True
    ).select_related("user")
    return list({ra.user_id: ra.user for ra in rows}.values())


def heads_of(unit: Unit) -> list[DjangoUser]:
    """The active heads of `unit` itself (who send its reports and sign its documents)."""
    rows = RoleAssignment.objects.filter(unit=unit, role=Role.HEAD, user__is_active=True)
    return [ra.user for ra in rows.select_related("user").order_by("pk")]


def coordinators(of: Unit | None = None) -> list[DjangoUser]:
    """The active coordinators of the campaign — with `of`, those who manage that unit (told
    when its press source stops, when its listing waits for moderation)."""
    rows = RoleAssignment.objects.filter(
        role=Role.COORDINATOR, user__is_active=True
    ).select_related("user")
    people = {ra.user_id: ra.user for ra in rows}.values()
    return [p for p in people if of is None or permissions.can(p, Action.MANAGE, of)]


# --- accounts and tokens ---------------------------------------------------------------------


def require_account_create(user: User | None) -> None:
    if user is not None and not permissions.is_administrator(user):
        raise PermissionDenied(_("Only an administrator may create accounts."))


def require_self_or_administrator(user: User | None, owner_id: int, message: str) -> None:
    """Tokens, notification settings: a person changes their own; an administrator anyone's."""
    if user is None or user.pk == owner_id or permissions.is_administrator(user):
        return
    raise PermissionDenied(message)


def token_units_for(owner: User) -> UnitQuerySet:
    """The units a token of `owner` may be limited to."""
    return permissions.units_for(owner, Action.VIEW)


def may_limit_token_to(owner: User, unit: Unit) -> bool:
    """A token may be limited to a unit its owner may read."""
    return permissions.can(owner, Action.VIEW, unit)


# --- people's places -------------------------------------------------------------------------


def roles_held(user: User) -> list[RoleAssignment]:
    """The roles the user holds (shown on the first page)."""
    return permissions.roles_of(user)


def is_staff(user: User) -> bool:
    """Someone who works in the campaign (any role) or runs the installation."""
    return user.is_authenticated and (
        permissions.is_administrator(user) or bool(permissions.roles_of(user))
    )


def does_unit_work(user: User) -> bool:
    """Head or editor somewhere: the unit's reports, drafts and broadcasts are theirs."""
    return bool(permissions.working_units(user))


def is_steering(user: User) -> bool:
    """Readers of the whole campaign (the steering committee, the Fatherland Front)."""
    return permissions.is_steering(user)


def is_coordinator(user: User | None) -> bool:
    return permissions.may_manage(user)


def may_log_somewhere(user: User | None) -> bool:
    return permissions.may_edit(user)
