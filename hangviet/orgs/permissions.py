"""The one place that decides who may do what to which unit's data.

A role held on a unit applies to that unit's whole subtree. A coordinator's role reaches the
whole province the unit belongs to, including the provinces that merged into it, so today's
coordinator of Thái Nguyên also sees the history of the former Bắc Kạn.

Every list in hangviet is filtered with `filter_for`; every single-object access is checked
with `can` or `require`.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as DjangoUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from hangviet.orgs.models import Role, RoleAssignment, Unit, UnitQuerySet, UnitSuccession


class Action(StrEnum):
    VIEW = "view"  # read the unit's data
    EDIT = "edit"  # log and draft for the unit
    SUBMIT = "submit"  # submit the unit's reports
    MANAGE = "manage"  # plans, reporting cycles, consolidation, the unit registry, roles


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.COORDINATOR: frozenset({Action.VIEW, Action.EDIT, Action.MANAGE}),
    Role.HEAD: frozenset({Action.VIEW, Action.EDIT, Action.SUBMIT}),
    Role.EDITOR: frozenset({Action.VIEW, Action.EDIT}),
    Role.VIEWER: frozenset({Action.VIEW}),
}

User = DjangoUser | AnonymousUser


@dataclass(frozen=True)
class Scope:
    """The subtrees (as path prefixes) in which a user may do one action."""

    everything: bool
    paths: tuple[str, ...]

    def covers(self, unit: Unit) -> bool:
        return self.covers_path(unit.path)

    def covers_path(self, path: str) -> bool:
        return self.everything or any(path.startswith(p) for p in self.paths)

    @property
    def empty(self) -> bool:
        return not self.everything and not self.paths


def _merged_roots(root: Unit) -> list[Unit]:
    """Return `root` and the roots of every province that merged into it, transitively."""
    found = {root.pk: root}
    frontier = [root.pk]
    while frontier:
        preds = UnitSuccession.objects.filter(
            successor_id__in=frontier, predecessor__parent__isnull=True
        ).select_related("predecessor")
        frontier = []
        for s in preds:
            if s.predecessor_id not in found:
                found[s.predecessor_id] = s.predecessor
                frontier.append(s.predecessor_id)
    return list(found.values())


def reach(role: str, unit: Unit) -> tuple[str, ...]:
    """Return the subtrees (paths) that `role` held on `unit` gives access to: a coordinator's
    role reaches the whole province (and the provinces merged into it), any other role the
    unit's own subtree."""
    if role == Role.COORDINATOR:
        root = Unit.objects.get(pk=unit.root_id)
        return tuple(sorted(r.path for r in _merged_roots(root)))
    return (unit.path,)


def _assignments(user: User) -> list[RoleAssignment]:
    cached = getattr(user, "_hangviet_roles", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user_id=user.pk or 0).select_related("unit"))
        user.__dict__["_hangviet_roles"] = cached
    return cached


def scope_for(user: User, action: Action) -> Scope:
    """Return where `user` may do `action`."""
    if not user.is_authenticated or not user.is_active:
        return Scope(False, ())
    if user.is_superuser:
        return _limited(Scope(True, ()), user)
    cache: dict[Action, Scope] = user.__dict__.setdefault("_hangviet_scopes", {})
    if action in cache:
        return cache[action]
    paths: set[str] = set()
    for ra in _assignments(user):
        if action not in ROLE_ACTIONS.get(ra.role, frozenset()):
            continue
        paths.update(reach(ra.role, ra.unit))
    # Drop paths already covered by a shorter one.
    minimal = tuple(sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths)))
    scope = _limited(Scope(False, minimal), user)
    cache[action] = scope
    return scope


def limit_to_units(user: User, units: list[Unit]) -> None:
    """Narrow `user`'s scope, for this request, to the subtrees of `units` (an API token
    scoped to some units). The roles still decide what may be done there."""
    user.__dict__["_hangviet_limit"] = tuple(u.path for u in units)
    user.__dict__.pop("_hangviet_scopes", None)


def _limited(scope: Scope, user: User) -> Scope:
    limit = user.__dict__.get("_hangviet_limit")
    if not limit:
        return scope
    if scope.everything:
        return Scope(False, tuple(sorted(limit)))
    kept = {p for p in scope.paths for q in limit if p.startswith(q)}
    kept |= {q for p in scope.paths for q in limit if q.startswith(p)}
    return Scope(False, tuple(sorted(kept)))


def can(user: User, action: Action, unit: Unit) -> bool:
    """Return True when `user` may do `action` to data of `unit`."""
    return scope_for(user, action).covers(unit)


def require(user: User | None, action: Action, unit: Unit) -> None:
    """Raise PermissionDenied unless `user` may do `action` to `unit`; None is the system."""
    if user is None:
        return
    if not can(user, action, unit):
        raise PermissionDenied(
            _("You do not have permission for this on the unit “%(unit)s”.") % {"unit": unit}
        )


def may_grant(user: User | None, role: str, unit: Unit) -> bool:
    """Return whether `user` may give `role` on `unit`: everything the role would reach must
    lie within what the grantor manages now (an API token's limits included), so no grant
    reaches beyond its grantor. None is the system."""
    if user is None:
        return True
    scope = scope_for(user, Action.MANAGE)
    return all(scope.covers_path(path) for path in reach(role, unit))


def holds(user: User | None, role: str, unit: Unit) -> bool:
    """Return whether `user` holds `role` on `unit` itself (not on an ancestor), within the
    limits of the API token used, if any."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    limit = user.__dict__.get("_hangviet_limit")
    if limit and not any(unit.path.startswith(q) for q in limit):
        return False
    return any(ra.role == role and ra.unit_id == unit.pk for ra in _assignments(user))


def held_units(user: User | None) -> list[Unit]:
    """The units on which `user` holds a role themselves (whatever the role), within the limits
    of the API token used, if any."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    limit = user.__dict__.get("_hangviet_limit")
    units = [ra.unit for ra in _assignments(user)]
    return [u for u in units if not limit or any(u.path.startswith(q) for q in limit)]


def is_administrator(user: User | None) -> bool:
    """The operators of the installation (Django superusers): the top of the registry,
    accounts, tokens of others. Never through an API token limited to some units."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_superuser
        and not user.__dict__.get("_hangviet_limit")
    )


def require_somewhere(user: User | None, action: Action, message: str) -> None:
    """Raise PermissionDenied with `message` unless `user` may do `action` on some unit —
    for what belongs to the campaign rather than to one unit (the monitoring lexicon, the
    directory's moderation queue). None is the system."""
    if user is not None and scope_for(user, action).empty:
        raise PermissionDenied(message)


_Rows = TypeVar("_Rows", bound=QuerySet[Any])


def _lookup(unit_field: str, path_field: str | None) -> str:
    if path_field:
        return f"{path_field}__startswith"
    return f"{unit_field}__path__startswith" if unit_field else "path__startswith"


def filter_for(
    queryset: _Rows,
    user: User,
    action: Action = Action.VIEW,
    unit_field: str | tuple[str, ...] = "unit",
    *,
    path_field: str | None = None,
) -> _Rows:
    """Return `queryset` narrowed to rows whose unit lies in the user's scope for `action`.

    `unit_field` is the lookup from the row to its unit ("" when the rows are units), or
    several lookups of which any may match (a plan is seen through its issuer or through a
    unit it assigns). `path_field` names a copy of the unit's path kept on the row itself (the
    statistics cells), read instead of joining the unit.
    """
    scope = scope_for(user, action)
    if scope.everything:
        return queryset
    if scope.empty:
        return queryset.none()
    fields = unit_field if isinstance(unit_field, tuple) else (unit_field,)
    condition = Q()
    for path in scope.paths:
        for field in fields:
            condition |= Q(**{_lookup(field, path_field): path})
    filtered = queryset.filter(condition)
    return filtered.distinct() if len(fields) > 1 else filtered


def within(
    queryset: _Rows,
    unit: Unit | str,
    unit_field: str = "unit",
    *,
    path_field: str | None = None,
    include_self: bool = True,
) -> _Rows:
    """Return the rows of `queryset` that belong to `unit`'s subtree (a unit, or its path) —
    not a permission, but the same path test: every filter on a subtree is written here."""
    path = unit if isinstance(unit, str) else unit.path
    rows = queryset.filter(**{_lookup(unit_field, path_field): path})
    if not include_self and not isinstance(unit, str):
        rows = rows.exclude(pk=unit.pk) if not unit_field else rows.exclude(**{unit_field: unit})
    return rows


def outside(queryset: _Rows, unit: Unit, unit_field: str = "unit") -> _Rows:
    """Return the rows of `queryset` that do not belong to `unit`'s subtree."""
    return queryset.exclude(**{_lookup(unit_field, None): unit.path})


def within_any(queryset: _Rows, roots: list[Unit], unit_field: str = "") -> _Rows:
    """Return the rows of `queryset` under any of `roots`."""
    if not roots:
        return queryset.none()
    condition = Q()
    for root in roots:
        condition |= Q(**{_lookup(unit_field, None): root.path})
    return queryset.filter(condition)


def scope_roots(user: User, action: Action = Action.VIEW) -> list[int] | None:
    """Return the ids of the units at the top of the user's scope, or None for everything."""
    scope = scope_for(user, action)
    if scope.everything:
        return None
    return [int(path.strip("/").split("/")[-1]) for path in scope.paths]


def may(user: User | None, action: Action) -> bool:
    """Return whether `user` may do `action` on some unit (the system always may)."""
    return user is None or not scope_for(user, action).empty


def may_manage(user: User | None) -> bool:
    """Coordinators: plans, reporting cycles, the monitoring lexicon, the directory."""
    return may(user, Action.MANAGE)


def may_edit(user: User | None) -> bool:
    """Whoever logs activities for some unit (editors, heads, coordinators)."""
    return may(user, Action.EDIT)


def unit_ids_for(user: User, action: Action = Action.VIEW) -> list[int] | None:
    """Return the ids of the units in scope, or None when the scope is everything.

    Lists over large tables filter on `unit_id IN (…)`, which their (unit, date) index
    answers directly, instead of joining the unit table for a path match.
    """
    scope = scope_for(user, action)
    if scope.everything:
        return None
    if scope.empty:
        return []
    return list(units_for(user, action).values_list("pk", flat=True))


# Roles held to do a unit's own work (log, write and send its reports), as opposed to the
# coordinator's province-wide role and the steering committee's reading.
WORKING_ROLES = (Role.HEAD, Role.EDITOR)


def working_units(user: User) -> list[Unit]:
    """The units whose own work `user` does: where they are head or editor (each with its
    subtree, through `mine`). A coordinator's province is not among them, unless they also
    hold such a role."""
    return [ra.unit for ra in roles_of(user) if ra.role in WORKING_ROLES]


def mine(queryset: _Rows, user: User, unit_field: str = "unit") -> _Rows:
    """The rows of `queryset` that belong to the units whose own work `user` does."""
    return within_any(queryset, working_units(user), unit_field)


def is_steering(user: User) -> bool:
    """Readers of the whole campaign (the steering committee, the Fatherland Front)."""
    return any(ra.role == Role.VIEWER for ra in roles_of(user))


def units_for(user: User, action: Action = Action.VIEW) -> UnitQuerySet:
    """Return the units in which `user` may do `action`."""
    return filter_for(Unit.objects.all(), user, action, unit_field="")


def roles_of(user: User) -> list[RoleAssignment]:
    """Return the user's role assignments (cached on the user object for the request)."""
    if not user.is_authenticated:
        return []
    return _assignments(user)


def forget(user: User) -> None:
    """Drop the cached roles and scopes after the user's roles changed."""
    user.__dict__.pop("_hangviet_roles", None)
    user.__dict__.pop("_hangviet_scopes", None)
