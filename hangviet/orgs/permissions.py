"""The one place that decides who may do what to which unit's data.

A role held on a unit applies to that unit's whole subtree. A coordinator's role reaches the
whole province the unit belongs to, including the provinces that merged into it, so today's
coordinator of Thái Nguyên also sees the history of the former Bắc Kạn.

Every list in hangviet is filtered with `filter_for`; every single-object access is checked
with `can` or `require`.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from hangviet.orgs.models import Role, RoleAssignment, Unit, UnitSuccession


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

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Scope:
    """The subtrees (as path prefixes) in which a user may do one action."""

    everything: bool
    paths: tuple[str, ...]

    def covers(self, unit: Unit) -> bool:
        return self.everything or any(unit.path.startswith(p) for p in self.paths)

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


def _assignments(user: User) -> list[RoleAssignment]:
    cached = getattr(user, "_hangviet_roles", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user_id=user.pk).select_related("unit"))
        user._hangviet_roles = cached  # type: ignore[union-attr]
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
        if ra.role == Role.COORDINATOR:
            root = Unit.objects.get(pk=ra.unit.root_id)
            paths.update(r.path for r in _merged_roots(root))
        else:
            paths.add(ra.unit.path)
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


def require_somewhere(user: User | None, action: Action, message: str) -> None:
    """Raise PermissionDenied with `message` unless `user` may do `action` on some unit —
    for what belongs to the campaign rather than to one unit (the monitoring lexicon, the
    directory's moderation queue). None is the system."""
    if user is not None and scope_for(user, action).empty:
        raise PermissionDenied(message)


def filter_for(
    queryset: QuerySet, user: User, action: Action = Action.VIEW, unit_field: str = "unit"
) -> QuerySet:
    """Return `queryset` narrowed to rows whose unit lies in the user's scope for `action`.

    `unit_field` is the lookup from the row to its unit ("" when the rows are units).
    """
    scope = scope_for(user, action)
    if scope.everything:
        return queryset
    if scope.empty:
        return queryset.none()
    lookup = f"{unit_field}__path__startswith" if unit_field else "path__startswith"
    condition = Q()
    for path in scope.paths:
        condition |= Q(**{lookup: path})
    return queryset.filter(condition)


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


def units_for(user: User, action: Action = Action.VIEW) -> QuerySet[Unit]:
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
