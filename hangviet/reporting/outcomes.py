"""What the campaign achieved in a period, for the consolidated report's section II: the
consumers' survey round that ran in the period (stated only from `MIN_ANSWERS` answers, with
its margin of error) and the fairs that closed in it with their recorded outcomes and source.
Every figure here is one the report states; it comes from a record with its source."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max

from hangviet.core.periods import Period
from hangviet.directory.models import Fair, ListingStatus
from hangviet.orgs.models import Unit
from hangviet.orgs.permissions import within_any
from hangviet.outcomes import results
from hangviet.outcomes.models import Answer, Measure, OutcomeFigure, OutcomeTarget, Survey


@dataclass(frozen=True)
class FairOutcome:
    name: str
    end: date
    enterprises: int
    stalls: int
    visitors: int
    sales_million: int
    source: str


@dataclass(frozen=True)
class MeasuredOutcome:
    """The latest figure of a measure in the period, with the targets set for it."""

    measure: str
    label: str
    value: Decimal
    measured_on: date
    sample: int
    method: str
    source: str
    unit_name: str
    targets: tuple[tuple[str, Decimal, str], ...]  # (level label, value, basis)

    @property
    def is_share(self) -> bool:
        return Measure(self.measure).is_share


@dataclass
class OutcomeFacts:
    survey: results.Result | None = None
    communes_answering: int = 0
    fairs: list[FairOutcome] = field(default_factory=list)
    measured: list[MeasuredOutcome] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.fairs)


def _round(period: Period, roots: list[Unit]) -> Survey | None:
    return (
        Survey.objects.filter(scope__in=roots, start__lte=period.end, end__gte=period.start)
        .order_by("-end")
        .first()
    )


def outcome_facts(period: Period, roots: list[Unit]) -> OutcomeFacts:
    """The outcomes of the period in the provinces `roots` (the units the report covers)."""
    facts = OutcomeFacts()
    survey = _round(period, roots)
    if survey is not None:
        result = results.result(survey)
        if result.prefer.stated:
            facts.survey = result
            facts.communes_answering = len(result.communes)
    fairs = (
        within_any(Fair.objects.all(), roots, "commune")
        .filter(
            status=ListingStatus.PUBLIC,
            end__gte=period.start,
            end__lte=period.end,
            outcome_recorded_at__isnull=False,
        )
        .order_by("end", "name")
    )
    targets: dict[str, list[tuple[str, Decimal, str]]] = {}
    for t in OutcomeTarget.objects.filter(scope__in=roots).order_by("level"):
        targets.setdefault(t.measure, []).append((str(t.get_level_display()), t.value, t.basis))
    latest: dict[str, OutcomeFigure] = {}
    for figure in (
        within_any(OutcomeFigure.objects.all(), roots, "unit")
        .filter(measured_on__gte=period.start, measured_on__lte=period.end)
        .select_related("unit")
        .order_by("-measured_on", "-id")
    ):
        latest.setdefault(figure.measure, figure)
    facts.measured = [
        MeasuredOutcome(
            f.measure,
            str(Measure(f.measure).label),
            f.value,
            f.measured_on,
            f.sample,
            f.method,
            f.source,
            f.unit.name,
            tuple(targets.get(f.measure, [])),
        )
        for f in sorted(latest.values(), key=lambda f: Measure.values.index(f.measure))
    ]
    facts.fairs = [
        FairOutcome(
            f.name,
            f.end,
            f.enterprises,
            f.stalls,
            f.visitors or 0,
            f.sales_million or 0,
            f.outcome_source,
        )
        for f in fairs
    ]
    return facts


def outcomes_version(period: Period) -> tuple[object, ...]:
    """Changes whenever an input of `outcome_facts` does (for the consolidation's cache)."""
    return (
        tuple(Answer.objects.aggregate(m=Max("created_at"), n=Count("pk")).values()),
        tuple(Survey.objects.aggregate(m=Max("updated_at"), n=Count("pk")).values()),
        tuple(OutcomeFigure.objects.aggregate(m=Max("updated_at"), n=Count("pk")).values()),
        tuple(OutcomeTarget.objects.aggregate(m=Max("updated_at"), n=Count("pk")).values()),
        tuple(
            Fair.objects.filter(end__gte=period.start, end__lte=period.end)
            .aggregate(m=Max("updated_at"), n=Count("pk"))
            .values()
        ),
    )
