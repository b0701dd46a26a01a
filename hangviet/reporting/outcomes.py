"""What the campaign achieved in a period, for the consolidated report (section II states the
figures, section III compares them with the targets) and the statistics pages: the consumers'
survey round that ran in the period (stated only from `MIN_ANSWERS` answers, with its margin
of error), the figures units measured with their source, what the directory lists at the end
of the period (points of sale by kind and commune, OCOP products by stars, fairs held) and the
fairs that closed in it with their recorded outcomes and source.

One rule per indicator (`progress`): a figure a unit measured in the period, with its source,
is the indicator's value; without one, the figure hangviet computes — the directory's count of
points of sale or of OCOP products, the survey's share. Every figure here comes from a record
with its source."""

import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.utils import timezone

from hangviet.core.periods import Period, PeriodError, period_for_code, shifted_period
from hangviet.core.text import format_number
from hangviet.directory.models import (
    Fair,
    ListingStatus,
    Product,
    SalesPoint,
    SalesPointKind,
)
from hangviet.orgs.models import Unit, UnitKind
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
    """The latest figure of a measure a unit entered for the period, with its source."""

    measure: str
    label: str
    value: Decimal
    measured_on: date
    sample: int
    method: str
    source: str
    unit_name: str

    @property
    def is_share(self) -> bool:
        return Measure(self.measure).is_share


@dataclass(frozen=True)
class Listed:
    """What the directory lists at the end of the period, in the provinces of the report."""

    as_of: date
    sales_by_kind: tuple[tuple[str, str, int], ...]  # (kind, its label, count), most first
    sales_by_commune: tuple[tuple[Unit, int], ...]  # most first, then by name
    ocop_by_stars: tuple[tuple[int, int], ...]  # (stars, products), five stars first
    fairs_held: int  # fairs that ended in the period

    @property
    def sales_points(self) -> int:
        return sum(count for _kind, _label, count in self.sales_by_kind)

    @property
    def ocop_products(self) -> int:
        return sum(count for _stars, count in self.ocop_by_stars)


REACHED, SHORT, WITHIN_MARGIN = "reached", "short", "within_margin"
# A commune's or district's own shelf check or count is local: the province's indicator is
# what the province and its departments measured for it.
LOCAL_KINDS = (UnitKind.COMMUNE_PC, UnitKind.DISTRICT_PC)


@dataclass(frozen=True)
class Comparison:
    level: str  # "quốc gia", "cấp tỉnh"
    target: Decimal
    basis: str
    verdict: str  # REACHED, SHORT, or WITHIN_MARGIN (the target inside the survey's interval)


@dataclass(frozen=True)
class Progress:
    """An outcome indicator's value in the period, where it comes from, and its targets."""

    measure: str
    label: str
    value: Decimal
    source: str  # "Báo cáo số 45/BC-SCT …", "Danh bạ hàng Việt", "khảo sát người tiêu dùng"
    comparisons: tuple[Comparison, ...]
    interval: tuple[int, int] | None = None  # a survey share's 95% interval, rounded
    previous: Decimal | None = None  # the same indicator in the period before, by the same rule

    @property
    def is_share(self) -> bool:
        return Measure(self.measure).is_share

    @property
    def value_text(self) -> str:
        """ "93,4%", "19": as Vietnamese documents write the figure."""
        whole = self.value == self.value.to_integral_value()
        return format_number(float(self.value), 0 if whole else 1) + ("%" if self.is_share else "")


@dataclass
class OutcomeFacts:
    survey: results.Result | None = None
    communes_answering: int = 0
    fairs: list[FairOutcome] = field(default_factory=list)
    measured: list[MeasuredOutcome] = field(default_factory=list)
    listed: Listed | None = None
    progress: list[Progress] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.fairs)

    def any(self) -> bool:
        listed = self.listed
        return bool(
            self.survey
            or self.fairs
            or self.measured
            or (listed and (listed.sales_points or listed.ocop_products or listed.fairs_held))
        )


def _round(period: Period, roots: list[Unit]) -> Survey | None:
    return (
        Survey.objects.filter(scope__in=roots, start__lte=period.end, end__gte=period.start)
        .order_by("-end")
        .first()
    )


def listed(period: Period, roots: list[Unit]) -> Listed:
    """The directory at the end of the period (today, for a period not over yet): its public
    points of sale listed by then, the OCOP products whose certificate was valid on that day,
    and the fairs that ended in the period by then."""
    end = min(period.end, timezone.localdate())
    points = within_any(SalesPoint.objects.all(), roots, "commune").filter(
        status=ListingStatus.PUBLIC, created_at__date__lte=end
    )
    labels = dict(SalesPointKind.choices)
    by_kind = sorted(
        (
            (row["kind"], str(labels.get(row["kind"], row["kind"])), row["n"])
            for row in points.values("kind").annotate(n=Count("pk"))
        ),
        key=lambda row: (-row[2], row[1]),
    )
    per_commune = dict(
        points.values_list("commune").annotate(n=Count("pk")).values_list("commune", "n")
    )
    communes = Unit.objects.in_bulk(list(per_commune))
    by_commune = sorted(
        ((communes[pk], count) for pk, count in per_commune.items()),
        key=lambda pair: (-pair[1], pair[0].name),
    )
    ocop = (
        within_any(Product.objects.all(), roots, "commune")
        .filter(status=ListingStatus.PUBLIC, ocop_stars__isnull=False)
        .filter(Q(ocop_certified_on__isnull=True) | Q(ocop_certified_on__lte=end))
        .filter(Q(ocop_expires_on__isnull=True) | Q(ocop_expires_on__gte=end))
    )
    stars: dict[int, int] = {
        row["ocop_stars"]: row["n"] for row in ocop.values("ocop_stars").annotate(n=Count("pk"))
    }
    held = (
        within_any(Fair.objects.all(), roots, "commune")
        .filter(status=ListingStatus.PUBLIC, end__gte=period.start, end__lte=end)
        .count()
    )
    return Listed(
        as_of=end,
        sales_by_kind=tuple(by_kind),
        sales_by_commune=tuple(by_commune),
        ocop_by_stars=tuple((s, stars[s]) for s in sorted(stars, reverse=True)),
        fairs_held=held,
    )


def _verdict(value: Decimal, target: Decimal, share: results.Share | None) -> str:
    if share is not None:
        low, high = share.interval()
        if low <= float(target) <= high:
            return WITHIN_MARGIN
    return REACHED if value >= target else SHORT


def progress(facts: OutcomeFacts, targets: list[OutcomeTarget]) -> list[Progress]:
    """Each indicator with a value in the period, by the one rule: the unit's measured figure
    with its source first, else what hangviet computes (directory, survey)."""
    by_measure: dict[str, list[OutcomeTarget]] = {}
    for t in targets:
        by_measure.setdefault(t.measure, []).append(t)
    measured = {m.measure: m for m in facts.measured}
    out = []
    for measure in Measure:
        share: results.Share | None = None
        m = measured.get(measure.value)
        if m is not None:
            value, source = m.value, m.source
        elif measure == Measure.SALES_POINTS and facts.listed and facts.listed.sales_points:
            value, source = Decimal(facts.listed.sales_points), "Danh bạ hàng Việt của tỉnh"
        elif measure == Measure.OCOP_PRODUCTS and facts.listed and facts.listed.ocop_products:
            value, source = Decimal(facts.listed.ocop_products), "Danh bạ hàng Việt của tỉnh"
        elif measure == Measure.PREFER and facts.survey is not None:
            share = facts.survey.prefer
            value = Decimal(round(share.percent))
            source = f"kết quả “{facts.survey.survey.title}”"
        else:
            continue
        comparisons = tuple(
            Comparison(
                str(t.get_level_display()), t.value, t.basis, _verdict(value, t.value, share)
            )
            for t in sorted(by_measure.get(measure.value, []), key=lambda t: t.level)
        )
        interval = None
        if share is not None:
            low, high = share.interval()
            interval = (round(low), round(high))
        out.append(
            Progress(measure.value, str(measure.label), value, source, comparisons, interval)
        )
    return out


def outcome_facts(period: Period, roots: list[Unit], *, before: bool = True) -> OutcomeFacts:
    """The outcomes of the period in the provinces `roots` (the units the report covers), each
    indicator with its value in the period before (`before`: a half-year, quarter, month or
    year; none for a range of dates)."""
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
    latest: dict[str, OutcomeFigure] = {}
    for figure in (
        within_any(OutcomeFigure.objects.all(), roots, "unit")
        .exclude(unit__kind__in=LOCAL_KINDS)
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
    facts.listed = listed(period, roots)
    facts.progress = progress(facts, list(OutcomeTarget.objects.filter(scope__in=roots)))
    earlier = shifted_period(period.code, -1) if before else None
    try:
        previous = period_for_code(earlier) if earlier is not None else None
    except PeriodError:  # before the years hangviet knows
        previous = None
    if previous is not None:
        then = {
            p.measure: p.value for p in outcome_facts_cached(previous, roots, before=False).progress
        }
        facts.progress = [replace(p, previous=then.get(p.measure)) for p in facts.progress]
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
        tuple(SalesPoint.objects.aggregate(m=Max("updated_at"), n=Count("pk")).values()),
        tuple(Product.objects.aggregate(m=Max("updated_at"), n=Count("pk")).values()),
        tuple(Unit.objects.aggregate(m=Max("updated_at"), n=Count("pk")).values()),
    )


CACHE_SIZE = 64
_cache: OrderedDict[tuple[object, ...], OutcomeFacts] = OrderedDict()
_cache_lock = threading.Lock()


def outcome_facts_cached(period: Period, roots: list[Unit], *, before: bool = True) -> OutcomeFacts:
    """`outcome_facts`, from this process's cache while its inputs are unchanged (the
    statistics pages show five periods of them on every view)."""
    key = (
        period.code,
        tuple(sorted(r.pk for r in roots)),
        before,
        timezone.localdate(),  # a period not over yet is counted up to today
        outcomes_version(period),
    )
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    found = outcome_facts(period, roots, before=before)
    with _cache_lock:
        _cache[key] = found
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return found
