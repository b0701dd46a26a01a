"""The facts a consolidated report states: every figure the narrative, the tables, the chart, the
annex and the statistics pages give, computed once, each with its rule and its parts.

Two rules, never mixed in one sentence:

- **of record** (`RECORD`): the values of the units' latest accepted reports — what the units
  vouch for and the Sở consolidates;
- **evidence** (`EVIDENCE`): the confirmed activities recorded as evidence, of every reporting
  unit, whatever the state of its report — what the statistics pages count.

A breakdown (`Fact.parts`) always adds up to its figure. A statement about units counts only
the units it names: the communes that broadcast, not the communes that reported; the communes
with no confirmed activity at all, not the communes whose report is not accepted yet.
"""

from dataclasses import dataclass, field
from datetime import date

from hangviet.orgs.models import Unit

RECORD, EVIDENCE = "record", "evidence"
# How the words say which rule a figure follows, where two rules stand side by side.
RULE_WORDS = {
    RECORD: "theo báo cáo đã được tiếp nhận",
    EVIDENCE: "theo minh chứng đã xác nhận",
}


@dataclass(frozen=True)
class Fact:
    """One figure: its value, its rule, and (for a breakdown) its parts, which add up to it."""

    value: int
    rule: str
    parts: tuple[tuple[str, int], ...] = ()

    def __post_init__(self) -> None:
        if self.parts and sum(n for _label, n in self.parts) != self.value:
            raise ValueError(f"a breakdown must add up to its total: {self}")

    @staticmethod
    def of(parts: dict[str, int], rule: str) -> "Fact":
        """A figure from its parts (the zero ones left out)."""
        kept = tuple((label, n) for label, n in parts.items() if n)
        return Fact(sum(n for _label, n in kept), rule, kept)


@dataclass
class AreaReach:
    """Where an area's communes stand in the period, by the evidence rule (as the statistics
    pages count it): reached, or without any confirmed activity at all."""

    flag: str
    label: str  # "xã, phường miền núi"
    communes: list[Unit]
    reached: set[int]
    not_consolidated: set[int]  # reached, but their own report is not accepted yet

    @property
    def total(self) -> int:
        return len(self.communes)

    @property
    def silent(self) -> list[Unit]:
        """The communes of the area with no confirmed activity in the period."""
        return [u for u in self.communes if u.pk not in self.reached]

    @property
    def fact(self) -> Fact:
        return Fact(len(self.reached & {u.pk for u in self.communes}), EVIDENCE)


@dataclass
class Highlight:
    """An activity worth naming in the report, with its own unit."""

    activity_id: int
    unit: Unit
    kind: str
    channel: str
    title: str
    quantity: int
    measure: str
    day: date


@dataclass
class Comparison:
    """The same units' confirmed activities (evidence) in the previous period of the kind."""

    period_code: str
    previous: int
    current: int

    @property
    def change(self) -> float:
        return (self.current - self.previous) / self.previous if self.previous else 0.0


@dataclass
class Facts:
    # Of record, by indicator code: the total with its parts by group of units.
    record: dict[str, Fact] = field(default_factory=dict)
    # Of record, by indicator code: each accepted unit that reported more than zero.
    record_units: dict[str, list[tuple[Unit, int]]] = field(default_factory=dict)
    # Evidence of the units with an accepted report, by indicator code, parts by channel.
    evidence_accepted: dict[str, Fact] = field(default_factory=dict)
    # Evidence of every reporting unit, by indicator code, parts: consolidated or not yet.
    evidence_all: dict[str, Fact] = field(default_factory=dict)
    # Evidence of every reporting unit: activities by channel (code, name, count, quantity).
    by_channel: list[tuple[str, str, int, int]] = field(default_factory=list)
    by_theme: list[tuple[str, int]] = field(default_factory=list)
    areas: list[AreaReach] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    comparison: Comparison | None = None
    locality_words: str = "xã, phường"  # "xã, phường, thị trấn" on the map before 07/2025

    def total(self, code: str) -> int:
        fact = self.record.get(code)
        return fact.value if fact else 0

    def of_group(self, code: str, group_label: str) -> int:
        fact = self.record.get(code)
        return dict(fact.parts).get(group_label, 0) if fact else 0

    @property
    def silent(self) -> list[Unit]:
        """The communes of any hard area with no confirmed activity, each once."""
        seen: dict[int, Unit] = {}
        for area in self.areas:
            for unit in area.silent:
                seen.setdefault(unit.pk, unit)
        return sorted(seen.values(), key=lambda u: u.area_name or u.name)

    @property
    def channels_fact(self) -> Fact:
        """Activities by channel (evidence): the chart's and the annex's figure."""
        return Fact.of({name: n for _code, name, n, _q in self.by_channel}, EVIDENCE)
