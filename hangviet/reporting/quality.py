"""Data quality of a plan-period, read side: the checks that stand between what a unit types
and the director's signature (issue 30).

- **rule**: a data rule of the plan (`QualityRule`, written as data) broken by a report's
  figures; a confirmed activity counting nothing (quantity 0, from before the entry rule).
- **outlier**: a figure far from the unit's own past periods (at least `MIN_HISTORY` of them)
  or, without that history, far above similar units in the same period. Robust statistics:
  the median and the median absolute deviation (MAD), never a mean and standard deviation —
  these figures are skewed and often zero. The scale has a floor (one, and a quarter of the
  median), so a commune that always reports 0–2 is not flagged for reporting 2.
- **empty**: a report whose figures are all zero.
- **inconsistent**: a figure the unit reports differently from what its evidence computes
  (the unit's written reason is shown as the flag's reason).

A flag is cleared by a reason (`FlagNote`), kept for the value it was written about.

Besides flags: the independent **corroboration** of each unit's evidence by what hangviet
recorded itself (confirmed press-monitoring articles, broadcasts logged from the schedule), and
the **sample** check results (`SampleDraw`)."""

import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from statistics import median
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hangviet.activities.models import Activity, Source, Status
from hangviet.core.text import format_number
from hangviet.orgs.models import Unit
from hangviet.plans.models import Plan
from hangviet.reporting.computing import subtree_ids
from hangviet.reporting.consolidation import reporting_requests
from hangviet.reporting.models import (
    FROZEN,
    CheckResult,
    Figure,
    FlagNote,
    Indicator,
    QualityRule,
    ReportRequest,
    ReportStatus,
    RequestKind,
    SampleDraw,
    SampleItem,
    UnitReport,
)

MIN_HISTORY = 3  # past periods of the unit itself before its own history is the yardstick
MIN_PEERS = 8  # similar units with a figure in the same period
HISTORY_K = 3.5  # Iglewicz and Hoaglin's cut-off for the modified z-score
PEERS_K = 6.0  # units differ more among themselves than a unit from its own past
INDEPENDENT = (Source.MONITORING, Source.RADIO)
MATCH_DAYS = 3  # an entered item and an independent record this close are the same event


class Kind:
    RULE = "rule"
    OUTLIER = "outlier"
    EMPTY = "empty"
    INCONSISTENT = "inconsistent"


KIND_WORDS = {
    Kind.RULE: gettext_lazy("rule"),
    Kind.OUTLIER: gettext_lazy("unusual"),
    Kind.EMPTY: gettext_lazy("empty"),
    Kind.INCONSISTENT: gettext_lazy("differs from evidence"),
}


@dataclass
class Flag:
    request: ReportRequest
    kind: str
    key: str
    subject: str  # the indicator's or rule's name, or the activity's title
    value: int | None
    why: str
    low: float | None = None
    high: float | None = None
    reason: str = ""  # the reason that cleared it
    reason_by: str = ""
    activity_id: int | None = None

    @property
    def cleared(self) -> bool:
        return bool(self.reason)

    @property
    def unit(self) -> Unit:
        return self.request.unit

    @property
    def expected(self) -> str:
        if self.high is None:
            return ""
        return f"{format_number(round(self.low or 0))}–{format_number(round(self.high))}"

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit.display_name,
            "unit_id": self.unit.pk,
            "request_id": self.request.pk,
            "kind": self.kind,
            "key": self.key,
            "subject": self.subject,
            "activity_id": self.activity_id,
            "value": self.value,
            "expected": [self.low, self.high] if self.high is not None else None,
            "why": self.why,
            "reason": self.reason,
        }


# --- rules written as data -------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(?:(\d+(?:[.,]\d+)?)|([a-z][a-z0-9_]*)|(<=|>=|==|=|<|>|\+|-|\*))")
OPERATORS = ("<=", ">=", "==", "=", "<", ">")


@dataclass
class ParsedRule:
    left: list[tuple[float, str | None]]  # (coefficient, indicator code or None: a constant)
    op: str
    right: list[tuple[float, str | None]]
    names: set[str] = field(default_factory=set)


def parse_rule(expression: str, codes: set[str] | None = None) -> ParsedRule:
    """Read "airtime <= 180 * broadcast_programmes + 10": sums of indicator codes, each with an
    optional whole or decimal factor, compared by <=, >=, =, <, >. A clear Vietnamese error for
    anything else, or for a code the plan has no indicator for."""
    text = (expression or "").strip().lower()
    if not text:
        raise ValidationError(
            {"expression": _("Write the rule, e.g. “airtime >= broadcast_programmes”.")}
        )
    tokens: list[tuple[str, str]] = []
    at = 0
    while at < len(text):
        m = _TOKEN.match(text, at)
        if m is None or m.end() == at:
            rest = text[at:].strip()
            if not rest:
                break
            raise ValidationError(
                {"expression": _("The rule cannot be read at “%(t)s”.") % {"t": rest[:20]}}
            )
        number, name, symbol = m.groups()
        tokens.append(
            ("n", number.replace(",", ".")) if number else ("w", name) if name else ("s", symbol)
        )
        at = m.end()
    ops = [i for i, (k, v) in enumerate(tokens) if k == "s" and v in OPERATORS]
    if len(ops) != 1:
        raise ValidationError(
            {"expression": _("A rule compares two sides with exactly one of <=, >=, =, <, >.")}
        )
    split = ops[0]
    left = _side(tokens[:split])
    right = _side(tokens[split + 1 :])
    op = tokens[split][1].replace("==", "=")
    names = {n for _c, n in left + right if n}
    if not names:
        raise ValidationError({"expression": _("The rule names no indicator.")})
    if codes is not None:
        unknown = sorted(names - codes)
        if unknown:
            raise ValidationError(
                {
                    "expression": _("The plan has no indicator “%(c)s”; its codes are: %(all)s.")
                    % {"c": ", ".join(unknown), "all": ", ".join(sorted(codes))}
                }
            )
    return ParsedRule(left, op, right, names)


def _side(tokens: list[tuple[str, str]]) -> list[tuple[float, str | None]]:
    """A sum of terms: NUMBER, NAME or NUMBER * NAME, joined by + or -."""
    bad = ValidationError({"expression": _("Each side of the rule is a sum like “2 * a + b”.")})
    terms: list[tuple[float, str | None]] = []
    sign = 1.0
    i = 0
    expect_term = True
    while i < len(tokens):
        kind, value = tokens[i]
        if expect_term:
            if kind == "s" and value in ("+", "-"):
                sign = -sign if value == "-" else sign
                i += 1
                continue
            if kind == "n":
                factor = float(value)
                if i + 1 < len(tokens) and tokens[i + 1] == ("s", "*"):
                    if i + 2 >= len(tokens) or tokens[i + 2][0] != "w":
                        raise bad
                    terms.append((sign * factor, tokens[i + 2][1]))
                    i += 3
                else:
                    terms.append((sign * factor, None))
                    i += 1
            elif kind == "w":
                terms.append((sign, value))
                i += 1
            else:
                raise bad
            sign = 1.0
            expect_term = False
        else:
            if kind == "s" and value in ("+", "-"):
                sign = -1.0 if value == "-" else 1.0
                expect_term = True
                i += 1
            else:
                raise bad
    if expect_term:
        raise bad
    return terms


def _total(terms: list[tuple[float, str | None]], values: dict[str, int]) -> float:
    return sum(c * (values[n] if n else 1) for c, n in terms)


def holds(rule: ParsedRule, values: dict[str, int]) -> bool | None:
    """Whether the figures keep the rule (None: a figure it names is missing)."""
    if any(n not in values for n in rule.names):
        return None
    a, b = _total(rule.left, values), _total(rule.right, values)
    return {
        "<=": a <= b,
        ">=": a >= b,
        "=": a == b,
        "<": a < b,
        ">": a > b,
    }[rule.op]


# --- outliers ---------------------------------------------------------------------------------


@dataclass
class Expected:
    low: float
    high: float
    middle: float
    count: int


def expected_range(values: list[int], k: float) -> Expected:
    """The range a new value is expected in, from past or peer values: median ± k robust
    scales, where the scale is 1.4826 × MAD with a floor of 1 and a quarter of the median."""
    middle = float(median(values))
    mad = float(median(abs(v - middle) for v in values))
    scale = max(1.4826 * mad, 0.25 * middle, 1.0)
    return Expected(max(0.0, middle - k * scale), middle + k * scale, middle, len(values))


def _outside(value: int, expected: Expected, *, low_too: bool) -> bool:
    return value > expected.high or (low_too and expected.low > 0 and value < expected.low)


def _history(requests: list[ReportRequest]) -> dict[tuple[int, str], list[int]]:
    """Each unit's figure per indicator code in its earlier periodic reports (the latest sent
    version of each), oldest first."""
    if not requests:
        return {}
    start = min(r.start for r in requests)
    rows = (
        Figure.objects.filter(
            report__request__unit_id__in=[r.unit_id for r in requests],
            report__request__end__lt=start,
            report__request__kind=RequestKind.PERIODIC,
            report__status__in=FROZEN,
        )
        .order_by("report__request__end", "report__request_id", "-report__version")
        .values_list("report__request__unit_id", "report__request_id", "indicator__code", "value")
    )
    seen: set[tuple[int, str]] = set()
    found: dict[tuple[int, str], list[int]] = defaultdict(list)
    for unit_id, request_id, code, value in rows:
        if (request_id, code) in seen:
            continue
        seen.add((request_id, code))
        found[(unit_id, code)].append(value)
    return found


# --- flags ------------------------------------------------------------------------------------


def _current(request: ReportRequest) -> UnitReport | None:
    reports = sorted(request.reports.all(), key=lambda r: -r.version)
    return reports[0] if reports else None


def flags_for(plan: Plan, period_code: str, only: ReportRequest | None = None) -> list[Flag]:
    """Every flag of the plan-period (or of one request), cleared ones with their reason."""
    requests = reporting_requests(plan, period_code)
    if only is not None:
        requests = [r for r in requests if r.pk == only.pk] or [only]
    indicators = {i.pk: i for i in Indicator.objects.filter(plan=plan)}
    codes = {i.code for i in indicators.values()}
    rules = []
    for rule in QualityRule.objects.filter(plan=plan, active=True):
        try:
            rules.append((rule, parse_rule(rule.expression, codes)))
        except ValidationError:
            continue  # saved before its indicator was removed: the rules page says so
    history = _history(requests)
    current = {r.pk: _current(r) for r in requests}
    figures: dict[int, list[Figure]] = defaultdict(list)
    reports = [rep for rep in current.values() if rep is not None]
    for f in Figure.objects.filter(report__in=reports).select_related("indicator"):
        figures[f.report_id].append(f)
    peers = _peer_values(plan, period_code, only, indicators)
    notes = _notes([r.pk for r in requests])
    flags: list[Flag] = []
    for request in requests:
        report = current[request.pk]
        if report is None:
            continue
        rows = figures[report.pk]
        values = {f.indicator.code: f.value for f in rows}
        flags += _report_flags(request, report, rows, values, rules, history, peers)
    flags += _activity_flags(requests)
    for flag in flags:
        note = notes.get((flag.request.pk, flag.key))
        if note is not None and (note.value is None or note.value == flag.value):
            flag.reason = note.reason
            flag.reason_by = note.written_by.get_username() if note.written_by else ""
    order = {Kind.RULE: 0, Kind.OUTLIER: 1, Kind.INCONSISTENT: 2, Kind.EMPTY: 3}
    return sorted(flags, key=lambda f: (order[f.kind], f.request.unit.path, f.key))


def _report_flags(
    request: ReportRequest,
    report: UnitReport,
    rows: list[Figure],
    values: dict[str, int],
    rules: list[tuple[QualityRule, ParsedRule]],
    history: dict[tuple[int, str], list[int]],
    peers: dict[tuple[str, str], list[int]],
) -> list[Flag]:
    flags: list[Flag] = []
    if rows and not any(values.values()):
        sent = report.status != ReportStatus.DRAFT
        flags.append(
            Flag(
                request,
                Kind.EMPTY,
                "empty",
                _("The whole report"),
                0,
                _("The report was sent with every figure at zero.")
                if sent
                else _("Every figure of the report is zero."),
            )
        )
    for rule, parsed in rules:
        if holds(parsed, values) is False:
            shown = ", ".join(f"{n} = {format_number(values[n])}" for n in sorted(parsed.names))
            flags.append(
                Flag(
                    request,
                    Kind.RULE,
                    f"rule:{rule.code}",
                    rule.expression,
                    None,
                    f"{rule.message} ({shown})",
                )
            )
    for f in rows:
        code, value = f.indicator.code, f.value
        past = history.get((request.unit_id, code), [])
        if len(past) >= MIN_HISTORY:
            expected = expected_range(past, HISTORY_K)
            if _outside(value, expected, low_too=True):
                flags.append(
                    Flag(
                        request,
                        Kind.OUTLIER,
                        f"outlier:{code}",
                        f.indicator.name,
                        value,
                        _(
                            "Far from the unit's own past: its %(n)s earlier reports gave "
                            "%(past)s %(u)s (median %(m)s); expected %(lo)s–%(hi)s."
                        )
                        % {
                            "n": len(past),
                            "past": ", ".join(format_number(v) for v in past[-6:]),
                            "u": f.indicator.unit_label,
                            "m": format_number(round(expected.middle)),
                            "lo": format_number(round(expected.low)),
                            "hi": format_number(round(expected.high)),
                        },
                        expected.low,
                        expected.high,
                    )
                )
        else:
            others = peers.get((request.unit.kind, code), [])
            if value > 0 and len(others) >= MIN_PEERS:
                expected = expected_range(others, PEERS_K)
                if _outside(value, expected, low_too=False):
                    flags.append(
                        Flag(
                            request,
                            Kind.OUTLIER,
                            f"outlier:{code}",
                            f.indicator.name,
                            value,
                            _(
                                "Far above similar units this period: the %(n)s units of the "
                                "same kind that report it give a median of %(m)s %(u)s; "
                                "expected at most %(hi)s."
                            )
                            % {
                                "n": len(others),
                                "m": format_number(round(expected.middle)),
                                "u": f.indicator.unit_label,
                                "hi": format_number(round(expected.high)),
                            },
                            0.0,
                            expected.high,
                        )
                    )
        if value != f.computed:
            flags.append(
                Flag(
                    request,
                    Kind.INCONSISTENT,
                    f"inconsistent:{code}",
                    f.indicator.name,
                    value,
                    _("Reported %(v)s, the evidence gives %(c)s.")
                    % {"v": format_number(value), "c": format_number(f.computed)},
                    reason=f.reason,
                )
            )
    return flags


def _peer_values(
    plan: Plan, period_code: str, only: ReportRequest | None, indicators: dict[int, Indicator]
) -> dict[tuple[str, str], list[int]]:
    """The figures above zero of the period's reports by (unit kind, indicator code). Most
    units report nothing for most indicators; a unit that does is compared with the units that
    do too, not with a crowd of zeros (a hurdle: whether, then how much)."""
    found: dict[tuple[str, str], list[int]] = defaultdict(list)
    rows = (
        Figure.objects.filter(report__request__plan=plan, report__request__period_code=period_code)
        .order_by("report__request_id", "-report__version")
        .values_list("report__request_id", "report__request__unit__kind", "indicator_id", "value")
    )
    seen: set[tuple[int, int]] = set()
    for request_id, kind, indicator_id, value in rows:
        if (request_id, indicator_id) in seen or indicator_id not in indicators:
            continue
        seen.add((request_id, indicator_id))
        if value > 0:
            found[(kind, indicators[indicator_id].code)].append(value)
    return found


def _activity_flags(requests: list[ReportRequest]) -> list[Flag]:
    """Confirmed activities of the period that count nothing (quantity 0, entered before the
    entry rule): each flagged for its unit's request."""
    flags = []
    for request in requests:
        zero = (
            Activity.objects.filter(
                unit_id__in=subtree_ids(request.unit), status=Status.CONFIRMED, quantity=0
            )
            .in_range(request.start, request.end)
            .only("pk", "title")[:50]
        )
        for activity in zero:
            flags.append(
                Flag(
                    request,
                    Kind.RULE,
                    f"activity:{activity.pk}",
                    activity.title,
                    0,
                    _("A confirmed activity with quantity 0 is counted but did nothing."),
                    activity_id=activity.pk,
                )
            )
    return flags


def _notes(request_ids: list[int]) -> dict[tuple[int, str], FlagNote]:
    latest: dict[tuple[int, str], FlagNote] = {}
    for note in FlagNote.objects.filter(request_id__in=request_ids).select_related("written_by"):
        latest.setdefault((note.request_id, note.key), note)  # newest first (Meta.ordering)
    return latest


def open_flags(flags: list[Flag]) -> list[Flag]:
    return [f for f in flags if not f.cleared]


# --- corroboration ------------------------------------------------------------------------------


@dataclass
class Corroboration:
    request: ReportRequest
    total: int  # confirmed evidence of the unit (and the units under it) in the period
    independent: int  # recorded by hangviet itself (press monitoring, broadcast log)
    matched: int  # entered by the unit and matched by an independent record

    @property
    def corroborated(self) -> int:
        return self.independent + self.matched

    @property
    def share(self) -> float | None:
        return self.corroborated / self.total if self.total else None


def corroboration(
    plan: Plan, period_code: str, only: ReportRequest | None = None
) -> list[Corroboration]:
    """Each reporting unit's evidence matched with what hangviet found by itself: an entered
    item is corroborated by an independent record with the same link, or of the same unit and
    kind within `MATCH_DAYS` days."""
    found = []
    requests = [only] if only is not None else reporting_requests(plan, period_code)
    for request in requests:
        rows = list(
            Activity.objects.filter(unit_id__in=subtree_ids(request.unit), status=Status.CONFIRMED)
            .in_range(request.start, request.end)
            .values("pk", "unit_id", "kind", "date", "url_key", "source")
        )
        independent = [r for r in rows if r["source"] in INDEPENDENT]
        links = {r["url_key"] for r in independent if r["url_key"]}
        near: dict[tuple[int, str], list[date]] = defaultdict(list)
        for r in independent:
            near[(r["unit_id"], r["kind"])].append(r["date"])
        matched = 0
        for r in rows:
            if r["source"] in INDEPENDENT:
                continue
            if (r["url_key"] and r["url_key"] in links) or any(
                abs((d - r["date"]).days) <= MATCH_DAYS for d in near[(r["unit_id"], r["kind"])]
            ):
                matched += 1
        found.append(Corroboration(request, len(rows), len(independent), matched))
    return found


# --- the sample ---------------------------------------------------------------------------------


def sample_population(plan: Plan, period_code: str) -> dict[int, tuple[ReportRequest, list[int]]]:
    """The evidence a sample is drawn from: per reporting unit, the ids of its confirmed
    activities (and those of the units under it) in the period, in id order."""
    found = {}
    for request in reporting_requests(plan, period_code):
        ids = list(
            Activity.objects.filter(unit_id__in=subtree_ids(request.unit), status=Status.CONFIRMED)
            .in_range(request.start, request.end)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if ids:
            found[request.unit_id] = (request, ids)
    return found


def draw(ids: list[int], size: int, seed: str, unit_id: int) -> list[int]:
    """The same items for the same seed: a generator seeded by the seed and the unit."""
    chooser = random.Random(f"{seed}:{unit_id}")
    return sorted(chooser.sample(ids, min(size, len(ids))))


@dataclass
class Verified:
    unit: Unit
    drawn: int
    checked: int
    verified: int

    @property
    def share(self) -> float | None:
        return self.verified / self.checked if self.checked else None


def latest_sample(plan: Plan, period_code: str) -> SampleDraw | None:
    return SampleDraw.objects.filter(plan=plan, period_code=period_code).first()


def verified(sample: SampleDraw | None) -> list[Verified]:
    """Per unit of the sample: items drawn, checked, and checked that hold."""
    if sample is None:
        return []
    per: dict[int, Verified] = {}
    for item in SampleItem.objects.filter(draw=sample).select_related("unit"):
        row = per.setdefault(item.unit_id, Verified(item.unit, 0, 0, 0))
        row.drawn += 1
        if item.result != CheckResult.PENDING:
            row.checked += 1
            row.verified += item.result == CheckResult.VERIFIED
    return sorted(per.values(), key=lambda v: v.unit.path)


def verified_total(rows: list[Verified]) -> Verified | None:
    if not rows:
        return None
    return Verified(
        rows[0].unit,
        sum(r.drawn for r in rows),
        sum(r.checked for r in rows),
        sum(r.verified for r in rows),
    )


def in_period(activity: Activity, request: ReportRequest) -> bool:
    last = activity.end_date or activity.date
    return activity.date <= request.end and last >= request.start


def units_without_trace(rows: list[Corroboration]) -> list[ReportRequest]:
    """Units with evidence but no independent trace at all: for the reviewer's eye."""
    return [r.request for r in rows if r.total and not r.corroborated]
