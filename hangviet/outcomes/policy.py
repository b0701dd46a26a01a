"""Who may do what with outcomes — the one place it is decided. An outcome figure is entered
by whoever edits for the unit that measured it; targets and survey rounds are set by whoever
manages the province (its coordinators). Answering the survey needs no account."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hangviet.orgs import permissions
from hangviet.orgs.models import Unit
from hangviet.orgs.permissions import Action, User
from hangviet.outcomes.models import OutcomeFigure


def may_enter(user: User | None, unit: Unit) -> bool:
    return user is None or permissions.can(user, Action.EDIT, unit)


def require_enter(user: User | None, unit: Unit) -> None:
    if not may_enter(user, unit):
        raise PermissionDenied(_("Only the unit's own people enter its figures."))


def may_set_targets(user: User | None, scope: Unit) -> bool:
    return user is None or permissions.can(user, Action.MANAGE, scope)


def require_targets(user: User | None, scope: Unit) -> None:
    if not may_set_targets(user, scope):
        raise PermissionDenied(
            _("Targets and survey rounds are set by the province's coordinators.")
        )


def figures_for(user: User) -> QuerySet[OutcomeFigure]:
    """The outcome figures of the units the user may read."""
    return permissions.filter_for(OutcomeFigure.objects.all(), user, Action.VIEW)


def entering_units(user: User) -> list[Unit]:
    """The units the user enters figures for: those they edit for, by name."""
    return sorted(
        (u for u in permissions.held_units(user) if permissions.can(user, Action.EDIT, u)),
        key=lambda u: u.name,
    )


def target_scopes(user: User) -> list[Unit]:
    """The provinces whose targets the user sets (manage rights on the province itself)."""
    roots = {u.root_id for u in permissions.held_units(user)}
    return [u for u in Unit.objects.filter(pk__in=roots) if may_set_targets(user, u)]
