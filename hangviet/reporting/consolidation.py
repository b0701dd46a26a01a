"""Computing the coordinator's consolidated report for a plan and a period.

The figures of record (docs/reporting.md):

- A unit's figure is the value in its **latest accepted** report version; the evidence that
  version was computed from stays beside it, and a difference carries the unit's reason.
- Units without an accepted report (not sent, sent and not yet reviewed, returned) are not
  counted: they are listed by state, and their evidence is shown apart, labelled as such.
- The issuing department is not a reporting unit of its own plan (`services.reporters`).

One computation feeds the page, the drafted narrative (`drafting`), the DOCX and the XLSX
(`documents`), so they cannot disagree.
"""

import heapq
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Max, QuerySet, Sum
from django.utils import translation

from hangviet.activities.models import MAX_SPAN_DAYS, Activity, Kind, Status
from hangviet.activities.selectors import change_stamp, reached_communes
from hangviet.core.periods import Period, period_for_code, shifted_period
from hangviet.orgs.groups import GROUPS
from hangviet.orgs.models import Unit, UnitKind
from hangviet.orgs.permissions import within, within_any
from hangviet.plans.models import Channel, Plan
from hangviet.reporting.computing import evidence
from hangviet.reporting.drafting import draft
from hangviet.reporting.facts import (
    EVIDENCE,
    RECORD,
    AreaReach,
    Comparison,
    Fact,
    Facts,
    Highlight,
)
from hangviet.reporting.models import (
    Aggregation,
    CheckResult,
    ConsolidatedReport,
    Figure,
    Indicator,
    ReportRequest,
    SampleDraw,
    SampleItem,
    UnitReport,
)
from hangviet.reporting.outcomes import outcome_facts, outcomes_version
from hangviet.reporting.record import (
    ACCEPTED,
    Consolidation,
    Difference,
    IndicatorLine,
    SampleSummary,
    UnitRecord,
    record_of,
)
from hangviet.reporting.selectors import completeness, reporting_requests_of


def _owner_map(requests: list[ReportRequest]) -> dict[int, ReportRequest]:
    """Map every unit id under a reporting unit to that unit's request (deepest wins). One
    query: the units under the requests' roots, each owned by its nearest requesting ancestor."""
    if not requests:
        return {}
    by_unit = {r.unit_id: r for r in requests}
    roots = list(Unit.objects.filter(pk__in={r.unit.root_id for r in requests}))
    owners: dict[int, ReportRequest] = {}
    for pk, path in within_any(Unit.objects.all(), roots).values_list("pk", "path"):
        for ancestor in reversed(path.strip("/").split("/")):
            request = by_unit.get(int(ancestor))
            if request is not None:
                owners[pk] = request
                break
    return owners


def _selects(indicator: Indicator, row: dict[str, Any]) -> bool:
    """Whether an indicator counts a group of activities (the filters of `evidence`)."""
    return (
        (not indicator.kinds or row["kind"] in indicator.kinds)
        and (not indicator.channels or row["channel__code"] in indicator.channels)
        and (not indicator.measures or row["measure"] in indicator.measures)
        and (not indicator.unit_kinds or row["unit__kind"] in indicator.unit_kinds)
    )


def consolidate(plan: Plan, period_code: str) -> Consolidation:
    """Return the consolidation of `plan` for the period, its narrative drafted (labels in
    Vietnamese whatever the reader's language)."""
    with translation.override("vi"):
        c = _consolidate(plan, period_code)
        c.drafted = draft(c)
    return c


# The pages' consolidations, computed once per version of their inputs (issue 34): evidence,
# requests and reports, the registry, the plan's indicators and themes, the sample. The
# coordinator's own edits (number, date, sections: `ConsolidatedReport`) are read fresh on
# every call, so editing a section never waits for a recomputation. Per process, a few
# plan-periods at most; the signature and the command always compute afresh.
CACHE_SIZE = 8
_cache: "OrderedDict[tuple[Any, ...], Consolidation]" = OrderedDict()
_cache_lock = threading.Lock()
_windows: "OrderedDict[tuple[int, str], tuple[Any, Any]]" = OrderedDict()


def inputs_version(plan: Plan, period_code: str) -> tuple[Any, ...]:
    """What the consolidation of `plan` for the period is computed from, as a few aggregates:
    any write to its inputs changes one of them (a delete is an update of `deleted_at`)."""
    period = _period(period_code)
    requests = ReportRequest.objects.filter(plan=plan, period_code=period_code)
    roots = list(Unit.objects.filter(pk__in=requests.values("unit_id")))
    units = within_any(Unit.objects.all(), roots).values("pk")
    # (the previous period is compared too: a window of two years before the period's end)
    window = Activity.all_objects.filter(
        unit_id__in=units,
        date__lte=period.end,
        date__gte=period.start - timedelta(days=MAX_SPAN_DAYS * 2),
    )
    reports = UnitReport.objects.filter(request__plan=plan, request__period_code=period_code)
    sample = SampleItem.objects.filter(draw__plan=plan, draw__period_code=period_code)
    # The window is read again only when some activity changed (a cheap stamp says so): on a
    # large table its aggregate is the costly part of the version.
    stamp = change_stamp()
    with _cache_lock:
        known = _windows.get((plan.pk, period_code))
    if known is not None and known[0] == stamp:
        evidence_version = known[1]
    else:
        evidence_version = tuple(window.aggregate(m=Max("updated_at"), n=Count("pk")).values())
        with _cache_lock:
            _windows[(plan.pk, period_code)] = (stamp, evidence_version)
            while len(_windows) > CACHE_SIZE * 4:
                _windows.popitem(last=False)
    return (
        plan.pk,
        period_code,
        evidence_version,
        tuple(requests.aggregate(m=Max("updated_at"), n=Count("pk")).values()),
        tuple(reports.aggregate(m=Max("updated_at"), n=Count("pk")).values()),
        tuple(Unit.objects.aggregate(m=Max("updated_at"), n=Count("pk")).values()),
        tuple(plan.indicators.aggregate(m=Max("pk"), n=Count("pk")).values()),
        tuple(plan.themes.aggregate(m=Max("pk"), n=Count("pk")).values()),
        Plan.objects.filter(pk=plan.pk).values_list("updated_at", flat=True).first(),
        tuple(sample.aggregate(m=Max("checked_at"), n=Count("pk"), d=Max("draw_id")).values()),
        outcomes_version(period),
    )


def consolidate_cached(plan: Plan, period_code: str) -> Consolidation:
    """`consolidate`, from the cache while its inputs are unchanged; the coordinator's saved
    edits are always the current ones."""
    key = inputs_version(plan, period_code)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
    if found is None:
        with translation.override("vi"):
            found = _consolidate(plan, period_code)
            found.drafted = draft(found)  # from the facts alone: kept with them
        with _cache_lock:
            _cache[key] = found
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return replace(
        found, saved=ConsolidatedReport.objects.filter(plan=plan, period_code=period_code).first()
    )


def _period(period_code: str) -> Period:
    if ".." in period_code:
        start, end = period_code.split("..")
        return Period(period_code, date.fromisoformat(start), date.fromisoformat(end))
    return period_for_code(period_code)


def reporting_requests(plan: Plan, period_code: str) -> list[ReportRequest]:
    """The period's requests of the units that report under this plan: never the issuing unit
    itself or its own divisions, which consolidate (`selectors.consolidators`)."""
    return list(
        reporting_requests_of(plan)
        .filter(period_code=period_code)
        .select_related("unit", "recipient")
        .prefetch_related("reports")
        .order_by("unit__path")
    )


def _consolidate(plan: Plan, period_code: str) -> Consolidation:
    period = _period(period_code)
    requests = reporting_requests(plan, period_code)
    records = [record_of(r) for r in requests if r.unit.is_valid_on(r.end)]
    by_request = {r.request.pk: r for r in records}
    owners = {
        unit_id: by_request[request.pk]
        for unit_id, request in _owner_map([r.request for r in records]).items()
    }
    accepted_ids = [u for u, rec in owners.items() if rec.state == ACCEPTED]
    present = [(g.code, str(g.label)) for g in GROUPS if any(r.group == g.code for r in records)]
    base = Activity.objects.filter(status=Status.CONFIRMED, unit_id__in=list(owners)).in_range(
        period.start, period.end
    )
    # One read of every reporting unit's evidence, grouped by what an indicator may select on.
    grouped = list(
        base.values("unit_id", "kind", "channel__code", "measure", "unit__kind")
        .annotate(n=Count("pk"), q=Sum("quantity"))
        .order_by()
    )
    indicators = list(plan.indicators.all())
    current = _current_evidence(indicators, grouped, owners, list(owners), period)
    lines, differences, per_unit = _figures_of_record(indicators, records, current)
    accepted_rows = [row for row in grouped if owners[row["unit_id"]].state == ACCEPTED]
    # its own query, not `base` narrowed: two lists of units mislead PostgreSQL's estimate into
    # reading the table by unit instead of the (unit, date) index
    accepted_base = Activity.objects.filter(
        status=Status.CONFIRMED, unit_id__in=accepted_ids
    ).in_range(period.start, period.end)
    labels = dict(present)
    facts = Facts(
        record={
            line.indicator.code: Fact.of(
                {labels[g]: line.reported.get(g, 0) for g, _l in present}, RECORD
            )
            for line in lines
        },
        record_units={
            i.code: [(rec.unit, v) for rec, values in per_unit if (v := values.get(i.pk, 0))]
            for i in indicators
        },
        evidence_accepted=_by_channel_of(indicators, accepted_rows),
        evidence_all={
            line.indicator.code: Fact.of(
                {"đã tổng hợp": line.evidence_total, "chưa được tổng hợp": line.pending}, EVIDENCE
            )
            for line in lines
        },
        by_channel=_channels(grouped),
        by_theme=_themes(plan, base),
        areas=_areas(plan, period, owners),
        highlights=_highlights(accepted_base),
        comparison=_comparison(plan, period, accepted_ids, sum(r["n"] for r in accepted_rows)),
        locality_words=locality_words(_communes_on(plan, period.end)),
    )
    return Consolidation(
        plan=plan,
        period=period,
        requests=requests,
        records=records,
        groups=present,
        lines=lines,
        differences=differences,
        facts=facts,
        completeness=completeness(plan.pk, period_code),
        pending_units=[
            (rec, current.get(rec.request.pk, {})) for rec in records if rec.state != ACCEPTED
        ],
        unit_ids=accepted_ids,
        saved=ConsolidatedReport.objects.filter(plan=plan, period_code=period_code).first(),
        activity_count=sum(r["n"] for r in accepted_rows),
        sample=_sample(plan, period_code),
        outcomes=outcome_facts(period, list(Unit.objects.filter(pk=plan.issuing_unit.root_id))),
    )


def _sample(plan: Plan, period_code: str) -> SampleSummary | None:
    """The latest sample of the period, counted over its checked items."""
    drawn = SampleDraw.objects.filter(plan=plan, period_code=period_code).first()
    if drawn is None:
        return None
    checked = SampleItem.objects.filter(draw=drawn).exclude(result=CheckResult.PENDING)
    rows = list(checked.values_list("unit_id", "result"))
    if not rows:
        return None
    return SampleSummary(
        seed=drawn.seed,
        units=len({u for u, _r in rows}),
        checked=len(rows),
        verified=sum(r == CheckResult.VERIFIED for _u, r in rows),
    )


def locality_words(units: Iterable[Unit]) -> str:
    """How the report names its communes, as the map of its period had them: "xã, phường, thị
    trấn" while there were towns (before 1 July 2025), "xã, phường" after."""
    types = {u.area_type for u in units if u.kind == UnitKind.COMMUNE_PC}
    return "xã, phường, thị trấn" if "thi-tran" in types else "xã, phường"


def _channels(rows: list[dict[str, Any]]) -> list[tuple[str, str, int, int]]:
    names = dict(Channel.objects.values_list("code", "name"))
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        sums[row["channel__code"]][0] += row["n"]
        sums[row["channel__code"]][1] += int(row["q"] or 0)
    return sorted(((code, names[code], n, q) for code, (n, q) in sums.items()), key=lambda r: -r[2])


def _by_channel_of(indicators: list[Indicator], rows: list[dict[str, Any]]) -> dict[str, Fact]:
    """Each indicator's evidence split by channel code (the activities it selects)."""
    out = {}
    for indicator in indicators:
        if indicator.theme_id:
            continue
        parts: dict[str, int] = defaultdict(int)
        for row in rows:
            if _selects(indicator, row):
                value = row["q"] if indicator.aggregation == Aggregation.SUM else row["n"]
                parts[row["channel__code"]] += int(value or 0)
        out[indicator.code] = Fact.of(dict(parts), EVIDENCE)
    return out


def _themes(plan: Plan, base: QuerySet[Activity]) -> list[tuple[str, int]]:
    # The theme's own words in full: the annex prints them wrapped, never cut with "…".
    labels = {t.pk: t.text.strip() for t in plan.themes.all()}
    return [
        (labels.get(r["themes"], ""), r["n"])
        for r in base.filter(themes__isnull=False)
        .values("themes")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n")
    ]


def _current_evidence(
    indicators: list[Indicator],
    grouped: list[dict[str, Any]],
    owners: dict[int, UnitRecord],
    unit_ids: list[int],
    period: Period,
) -> dict[int, dict[int, int]]:
    """Return request id → indicator id → what the evidence gives now."""
    out: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for indicator in indicators:
        if indicator.theme_id:  # needs the theme join: read on its own
            value = (
                Sum("quantity")
                if indicator.aggregation == Aggregation.SUM
                else Count("pk", distinct=True)
            )
            qs = evidence(indicator, unit_ids, period.start, period.end)
            for row in qs.values("unit_id").annotate(v=value).order_by():
                out[owners[row["unit_id"]].request.pk][indicator.pk] += int(row["v"] or 0)
            continue
        for row in grouped:
            if _selects(indicator, row):
                value = row["q"] if indicator.aggregation == Aggregation.SUM else row["n"]
                out[owners[row["unit_id"]].request.pk][indicator.pk] += int(value or 0)
    return out


def _figures_of_record(
    indicators: list[Indicator],
    records: list[UnitRecord],
    current: dict[int, dict[int, int]],
) -> tuple[list[IndicatorLine], list[Difference], list[tuple[UnitRecord, dict[int, int]]]]:
    """Each indicator's figures of record by group and the evidence of the same units now; the
    differences the units reported with their reasons; each accepted unit's values."""
    accepted = [r for r in records if r.state == ACCEPTED]
    figures: dict[int, dict[int, Figure]] = defaultdict(dict)
    for kept in Figure.objects.filter(report__in=[r.record for r in accepted]):
        figures[kept.report_id][kept.indicator_id] = kept
    lines = {i.pk: IndicatorLine(i) for i in indicators}
    differences = []
    per_unit = []
    for rec in records:
        now = current.get(rec.request.pk, {})
        values = {}
        for indicator in indicators:
            line = lines[indicator.pk]
            if rec.state != ACCEPTED:
                line.pending += now.get(indicator.pk, 0)
                continue
            figure: Figure | None = figures[rec.record.pk].get(indicator.pk) if rec.record else None
            # An indicator added after the report was accepted: its evidence, unchanged.
            reported = figure.value if figure else now.get(indicator.pk, 0)
            values[indicator.pk] = reported
            line.reported[rec.group] = line.reported.get(rec.group, 0) + reported
            line.evidence[rec.group] = line.evidence.get(rec.group, 0) + now.get(indicator.pk, 0)
            if figure is not None and figure.value != figure.computed:
                differences.append(
                    Difference(rec, indicator, figure.computed, figure.value, figure.reason)
                )
        if rec.state == ACCEPTED:
            per_unit.append((rec, values))
    return [lines[i.pk] for i in indicators], differences, per_unit


AREAS = (
    ("is_mountainous", "miền núi"),
    ("is_remote", "vùng sâu, vùng xa, đặc biệt khó khăn"),
    ("is_ethnic_minority", "vùng đồng bào dân tộc thiểu số"),
)


def _communes_on(plan: Plan, day: date) -> list[Unit]:
    """The communes of the plan's province on the map of `day`."""
    province = Unit.objects.get(pk=plan.issuing_unit.root_id)
    return list(
        within(Unit.objects.all(), province, "")
        .valid_on(day)
        .filter(kind=UnitKind.COMMUNE_PC)
        .order_by("name")
    )


def _areas(plan: Plan, period: Period, owners: dict[int, UnitRecord]) -> list[AreaReach]:
    """The hard areas' communes on the map of the period's end, reached or not by the evidence
    rule (`activities.selectors.reached_communes`, the statistics pages' rule too)."""
    communes = [
        u
        for u in _communes_on(plan, period.end)
        if u.is_mountainous or u.is_remote or u.is_ethnic_minority
    ]
    reached = reached_communes(communes, period.start, period.end)
    not_consolidated = {
        pk for pk in reached if owners.get(pk) is None or owners[pk].state != ACCEPTED
    }
    words = locality_words(communes)
    out = []
    for flag, label in AREAS:
        flagged = [u for u in communes if getattr(u, flag)]
        out.append(
            AreaReach(flag, f"{words} {label}", flagged, reached & {u.pk for u in flagged},
                      not_consolidated & {u.pk for u in flagged})
        )  # fmt: skip
    return out


# What the report names, by kind: the largest by quantity (minutes, stalls, participants).
HIGHLIGHT_KINDS = (
    (Kind.TV_REPORT, 3),
    (Kind.RADIO_PROGRAMME, 2),
    (Kind.ARTICLE, 3),
    (Kind.FAIR, 3),
    (Kind.CONFERENCE, 2),
    (Kind.CONTEST, 1),
)


def _highlights(accepted: QuerySet[Activity]) -> list[Highlight]:
    """The largest activities of each highlight kind, a title once. The ranking reads only
    what the (unit, date) index carries — id, kind, quantity, date — so on PostgreSQL it never
    touches the table; the few rows named are then read whole."""
    limits = dict(HIGHLIGHT_KINDS)
    ranked: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    candidates = accepted.filter(kind__in=list(limits)).order_by()
    for pk, kind, quantity, day in candidates.values_list("pk", "kind", "quantity", "date"):
        ranked[kind].append((-quantity, -day.toordinal(), pk))
    chosen = {
        kind: [pk for _q, _d, pk in heapq.nsmallest(limit * 4, ranked[kind])]
        for kind, limit in HIGHLIGHT_KINDS
    }
    rows = Activity.objects.select_related("unit", "channel").in_bulk(
        [pk for pks in chosen.values() for pk in pks]
    )
    out: list[Highlight] = []
    for kind, limit in HIGHLIGHT_KINDS:
        seen: set[str] = set()
        for a in (rows[pk] for pk in chosen[kind] if pk in rows):
            key = a.title.strip().lower()
            if key in seen:
                continue  # the same title logged twice is one example, not two
            seen.add(key)
            out.append(
                Highlight(
                    a.pk, a.unit, a.kind, a.channel.code, a.title, a.quantity, a.measure, a.date
                )
            )
            if len(seen) >= limit:
                break
    return out


def _comparison(plan: Plan, period: Period, unit_ids: list[int], current: int) -> Comparison | None:
    """The previous period of the same kind, when the same units have evidence there."""
    code = shifted_period(period.code, -1)
    if code is None or not unit_ids:
        return None
    before = period_for_code(code)
    previous = (
        Activity.objects.filter(status=Status.CONFIRMED, unit_id__in=unit_ids)
        .in_range(before.start, before.end)
        .count()
    )
    return Comparison(code, previous, current) if previous else None
