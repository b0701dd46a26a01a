"""Groups of units, as reports and statistics present them: departments, localities, press
agencies and other bodies. One rule, used by the reporting cycle (completeness by group, the
consolidated report's tables) and by the statistics (totals kept by group)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hangviet.orgs.models import Unit, UnitKind


@dataclass(frozen=True)
class Group:
    code: str
    label: Promise
    kinds: frozenset[str]


GROUPS: tuple[Group, ...] = (
    Group("departments", _("Departments"), frozenset({UnitKind.DEPARTMENT, UnitKind.DIVISION})),
    Group(
        "localities",
        _("Localities"),
        frozenset({UnitKind.PROVINCE_PC, UnitKind.DISTRICT_PC, UnitKind.COMMUNE_PC}),
    ),
    Group("press", _("Press agencies"), frozenset({UnitKind.PRESS})),
    Group(
        "others", _("Other bodies"), frozenset({UnitKind.FRONT, UnitKind.STEERING, UnitKind.OTHER})
    ),
)
OTHERS = "others"


def group_of_kind(kind: str) -> str:
    """The code of the group a kind of unit belongs to."""
    return next((g.code for g in GROUPS if kind in g.kinds), OTHERS)


def group_of(unit: Unit) -> str:
    return group_of_kind(unit.kind)


def group_labels() -> dict[str, str]:
    return {g.code: str(g.label) for g in GROUPS}
