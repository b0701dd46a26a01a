"""Who may read which statistics: the kept cells and totals of a unit's subtree, the
communes of the coverage map. Figures are read by whoever may read the units' data."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from hangviet.orgs import permissions
from hangviet.orgs.models import Unit, UnitKind, UnitQuerySet
from hangviet.orgs.permissions import Action, User


def cells_for(user: User, cells: QuerySet[Any]) -> QuerySet[Any]:
    """The statistics cells (rows with `unit_path`) the user may read."""
    return permissions.filter_for(cells, user, Action.VIEW, path_field="unit_path")


def communes_for(user: User) -> UnitQuerySet:
    """The communes whose figures the user may read."""
    return permissions.filter_for(
        Unit.objects.filter(kind=UnitKind.COMMUNE_PC), user, Action.VIEW, ""
    )


def top_unit_ids(user: User) -> list[int] | None:
    """The units at the top of what the user may read, or None for everything."""
    return permissions.scope_roots(user, Action.VIEW)


def readable_units(user: User) -> UnitQuerySet:
    return permissions.units_for(user, Action.VIEW)


def unit_for(user: User, pk: int | None) -> Unit | None:
    """The unit a statistics page or endpoint is asked for, or None; 404 for a unit the user
    may not read."""
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None or not permissions.can(user, Action.VIEW, unit):
        raise Http404
    return unit
