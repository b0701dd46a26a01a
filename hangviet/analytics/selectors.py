"""Figures from the pre-aggregated cells, scoped by the reader's roles.

Every query reads `ActivityCell`/`ThemeCell` only: a period is a list of buckets, a unit's
subtree a prefix of `unit_path`, so the cost follows the number of cells, not of activities."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from hangviet.activities.models import Kind
from hangviet.activities.selectors import reached_communes
from hangviet.analytics import policy
from hangviet.analytics.aggregation import months_of
from hangviet.analytics.models import (
    ActivityCell,
    GroupTotal,
    SubtreeCell,
    SubtreeTotal,
    ThemeCell,
)
from hangviet.core.periods import Period, half_of_month, period_with_dates, periods_of_year
from hangviet.orgs.groups import group_labels
from hangviet.orgs.models import Unit, UnitQuerySet, UnitSuccession
from hangviet.orgs.permissions import User, within
from hangviet.plans.models import Channel, Theme

GROUP_BY = ("channel", "kind", "theme", "unit", "month", "group")


@dataclass
class Row:
    key: object
    label: str
    count: int
    quantity: int


def _scoped(
    model: type[models.Model], user: User, unit: Unit | None, period: Period
) -> QuerySet[Any]:
    qs = model._default_manager.filter(month__in=months_of(period.start, period.end))
    if unit is not None:
        qs = within(qs, unit, path_field="unit_path")
    return policy.cells_for(user, qs)


def _roots(user: User, unit: Unit | None) -> list[int]:
    """The units whose subtrees are read: the chosen one, or the tops of the user's scope."""
    if unit is not None:
        return [unit.pk]
    roots = policy.top_unit_ids(user)
    if roots is None:
        return list(Unit.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    return roots


def flagged_communes(
    user: User, unit: Unit | None, period: Period, flags: list[str]
) -> UnitQuerySet:
    """The communes of the subtree, within the reader's scope, that existed at some time in
    the period and carry one of the area flags."""
    communes = policy.communes_for(user).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=period.end),
        Q(valid_to__isnull=True) | Q(valid_to__gte=period.start),
    )
    if unit is not None:
        communes = within(communes, unit, "")
    wanted = Q(pk__in=[])
    for flag in flags:
        wanted |= Q(**{FLAGS[flag]: True})
    return communes.filter(wanted)


def activity_stats(
    user: User,
    *,
    period: Period,
    unit: Unit | None,
    group_by: str,
    flags: list[str] | None = None,
) -> tuple[list[Row], Row]:
    """Rows of (key, label, count, quantity) of confirmed activities, and their total.

    Channel and kind read the subtree cells of the chosen units, month and unit the subtree
    totals, group (departments, localities, press, others) the group totals — a few hundred
    rows whatever the size of the subtree; theme reads the leaf theme cells. Except by theme
    (an activity may have two themes) the rows add up to the total, so the total costs no
    query of its own."""
    if group_by not in GROUP_BY:
        raise ValueError(group_by)
    months = months_of(period.start, period.end)
    flags = [f for f in (flags or []) if f in FLAGS]
    # With area flags, the figures are those of the flagged communes (each with its subtree).
    # (A subquery of the flagged communes, or the ids of the roots.)
    roots: Any = (
        flagged_communes(user, unit, period, flags).values("pk") if flags else _roots(user, unit)
    )
    if group_by == "unit":
        rows = _by_child_unit(None if flags else unit, roots, months)
    elif group_by == "theme":
        themed = (
            ThemeCell.objects.filter(month__in=months, unit_id__in=roots)
            if flags
            else _scoped(ThemeCell, user, unit, period)
        )
        grouped = themed.values("theme_id").annotate(n=Sum("count"), q=Sum("quantity")).order_by()
        themes = {
            t.pk: t.label for t in Theme.objects.filter(pk__in=[g["theme_id"] for g in grouped])
        }
        rows = [Row(g["theme_id"], themes.get(g["theme_id"], "?"), g["n"], g["q"]) for g in grouped]
        sums = SubtreeTotal.objects.filter(month__in=months, unit_id__in=roots).aggregate(
            n=Sum("count"), q=Sum("quantity")
        )
        total = Row("total", _("Total"), sums["n"] or 0, sums["q"] or 0)
        rows.sort(key=lambda r: (-r.count, r.label))
        return rows, total
    elif group_by == "group":
        labels = group_labels()
        grouped = (
            GroupTotal.objects.filter(month__in=months, unit_id__in=roots)
            .values("group")
            .annotate(n=Sum("count"), q=Sum("quantity"))
            .order_by()
        )
        rows = [
            Row(g["group"], labels.get(g["group"], g["group"]), g["n"], g["q"]) for g in grouped
        ]
    elif group_by == "month":
        grouped = (
            SubtreeTotal.objects.filter(month__in=months, unit_id__in=roots)
            .values("month")
            .annotate(n=Sum("count"), q=Sum("quantity"))
            .order_by("month")
        )
        rows = [
            Row(
                g["month"].isoformat(),
                _("month ending %(d)s") % {"d": g["month"].strftime("%d/%m/%Y")},
                g["n"],
                g["q"],
            )
            for g in grouped
        ]
    else:
        field = {"channel": "channel_id", "kind": "kind"}[group_by]
        grouped = (
            SubtreeCell.objects.filter(month__in=months, unit_id__in=roots)
            .values(field)
            .annotate(n=Sum("count"), q=Sum("quantity"))
            .order_by()
        )
        if group_by == "channel":
            channels = {
                pk: (code, name)
                for pk, code, name in Channel.objects.values_list("pk", "code", "name")
            }
            rows = []
            for g in grouped:
                code, name = channels.get(g[field], (g[field], "?"))
                rows.append(Row(code, name, g["n"], g["q"]))
        else:
            labels = {value: str(label) for value, label in Kind.choices}
            rows = [
                Row(g[field], str(labels.get(g[field], g[field])), g["n"], g["q"]) for g in grouped
            ]
    total = Row("total", _("Total"), sum(r.count for r in rows), sum(r.quantity for r in rows))
    if group_by != "month":
        rows.sort(key=lambda r: (-r.count, r.label))
    return rows, total


def _by_child_unit(unit: Unit | None, roots: Any, months: list[date]) -> list[Row]:
    """The chosen unit's direct subunits, each with its whole subtree (without a chosen unit:
    the tops of the user's scope), plus what the unit itself logged."""
    if unit is not None:
        children: Any = Unit.objects.filter(parent=unit).values("pk")
        own = ActivityCell.objects.filter(unit=unit, month__in=months).aggregate(
            n=Sum("count"), q=Sum("quantity")
        )
    else:
        children, own = roots, {"n": 0, "q": 0}
    per_unit = (
        SubtreeTotal.objects.filter(month__in=months, unit_id__in=children)
        .values("unit_id", "unit__name", "unit__short_name")
        .annotate(n=Sum("count"), q=Sum("quantity"))
        .order_by()
    )
    rows = [
        Row(r["unit_id"], r["unit__short_name"] or r["unit__name"], r["n"], r["q"] or 0)
        for r in per_unit
    ]
    if unit is not None and own["n"]:
        rows.append(Row(unit.pk, unit.display_name, own["n"], own["q"] or 0))
    rows.sort(key=lambda r: (-r.count, r.label))
    return rows


@dataclass
class CommuneCoverage:
    unit: Unit
    count: int
    quantity: int
    via: list[str] = field(default_factory=list)  # earlier communes whose work is counted here
    named: bool = False  # reached by another unit's activity that names it (a fair held there)

    @property
    def reached(self) -> bool:
        """Reached in the period (the rule of `activities.selectors.reached_communes`, the one
        the consolidated report states): its own confirmed activity, or one that names it."""
        return bool(self.count) or self.named

    @property
    def level(self) -> str:
        if not self.reached:
            return "none"
        return "low" if self.count < 5 else "ok"


FLAGS = {"mien-nui": "is_mountainous", "vung-xa": "is_remote", "dtts": "is_ethnic_minority"}


def _communes(user: User, unit: Unit | None, day: date, flags: list[str]) -> UnitQuerySet:
    communes = policy.communes_for(user).valid_on(day)
    if unit is not None:
        communes = within(communes, unit, "")
    if flags:
        wanted = Q(pk__in=[])
        for flag in flags:
            wanted |= Q(**{FLAGS[flag]: True})
        communes = communes.filter(wanted)
    return communes


def _sums(communes: QuerySet[Unit], months: list[date]) -> dict[int, tuple[int, int]]:
    """Each commune's subtree total over the months: one small indexed read per commune-month."""
    rows = (
        SubtreeTotal.objects.filter(month__in=months, unit_id__in=communes.values("pk"))
        .values("unit_id")
        .annotate(n=Sum("count"), q=Sum("quantity"))
        .order_by()
    )
    return {r["unit_id"]: (r["n"], r["q"] or 0) for r in rows}


def coverage(
    user: User,
    *,
    period: Period,
    unit: Unit | None,
    flags: list[str] | None = None,
    today: date | None = None,
) -> list[CommuneCoverage]:
    """Every commune of the subtree, with the confirmed activities logged in the period (from
    the subtree totals), remote and mountainous ones marked.

    On the map of the period (default) the communes are those that existed at its end. With
    `today`, they are the communes of that day, and the work of earlier communes is rolled onto
    their successors through the succession links (a merged commune's work counts for the
    commune it became; a split one's for each part)."""
    flags = [f for f in (flags or []) if f in FLAGS]
    months = months_of(period.start, period.end)
    if today is None:
        communes = list(_communes(user, unit, period.end, flags).select_related("parent"))
        sums = _sums(Unit.objects.filter(pk__in=[c.pk for c in communes]), months)
        reached = reached_communes(communes, period.start, period.end)
        return [
            CommuneCoverage(c, *sums.get(c.pk, (0, 0)), named=c.pk in reached)
            for c in sorted(communes, key=lambda c: c.name)
        ]
    current = {
        c.pk: CommuneCoverage(c, 0, 0)
        for c in _communes(user, unit, today, flags).select_related("parent").order_by("name")
    }
    earlier = _communes(user, None, period.end, [])
    sums = _sums(earlier, months)
    names = dict(earlier.filter(pk__in=list(sums)).values_list("pk", "name"))
    carriers = _successors(today)
    for pk, (n, q) in sums.items():
        for target in carriers(pk):
            row = current.get(target)
            if row is None:
                continue
            row.count += n
            row.quantity += q
            if target != pk:
                row.via.append(names.get(pk, "?"))
    named = reached_communes([r.unit for r in current.values()], period.start, period.end)
    for pk, row in current.items():
        row.named = pk in named
    return list(current.values())


def _successors(day: date) -> Callable[[int], set[int]]:
    """A function giving the units that carry a unit on `day`: itself if it still exists (or
    has no successor), else its successors, followed link by link. Two queries in all."""
    links: dict[int, list[int]] = defaultdict(list)
    for before, after in UnitSuccession.objects.values_list("predecessor_id", "successor_id"):
        links[before].append(after)
    involved = set(links) | {a for afters in links.values() for a in afters}
    alive = set(Unit.objects.filter(pk__in=involved).valid_on(day).values_list("pk", flat=True))

    def carriers(unit_id: int) -> set[int]:
        found, frontier, seen = set(), [unit_id], {unit_id}
        while frontier:
            nxt = []
            for pk in frontier:
                if pk in alive or pk not in links:
                    found.add(pk)
                else:
                    nxt += [a for a in links[pk] if a not in seen]
            seen.update(nxt)
            frontier = nxt
        return found

    return carriers


@dataclass
class PeriodChoices:
    """The periods a person may pick on the statistics pages: those with data, by year."""

    years: list[tuple[int, list[tuple[str, str]]]]
    latest: str | None  # the half-year to open on (see period_choices)

    def __contains__(self, code: str) -> bool:
        return any(code == c for _y, options in self.years for c, _l in options)


def period_choices(unit: Unit | None) -> PeriodChoices:
    """Every period that has confirmed activities under `unit`, in words with their dates,
    newest year first; and the half-year to open on: the latest with data, unless it holds
    less than a fifth of the one before (a half-year just begun, a trickle of late entries),
    in which case the one before — the latest full picture."""
    if unit is None:
        return PeriodChoices([], None)
    counts = dict(
        SubtreeTotal.objects.filter(unit=unit, count__gt=0)
        .values("month")
        .annotate(n=Sum("count"))
        .values_list("month", "n")
    )
    months = sorted(counts)
    by_year: dict[int, set[int]] = defaultdict(set)
    for month in months:
        by_year[month.year].add(month.month)
    years = []
    for year in sorted(by_year, reverse=True):
        have = by_year[year]
        codes = [
            code for code in periods_of_year(year, months=sorted(have)) if _has_data(code, have)
        ]
        years.append((year, [(code, period_with_dates(code)) for code in codes]))
    halves: dict[str, int] = defaultdict(int)
    for month, n in counts.items():
        halves[half_of_month(month.year, month.month)] += n
    ordered = sorted(halves, key=lambda code: (code[:4], code[4:]))
    latest = ordered[-1] if ordered else None
    if len(ordered) > 1 and halves[ordered[-1]] * 5 < halves[ordered[-2]]:
        latest = ordered[-2]
    return PeriodChoices(years, latest)


def _has_data(code: str, months: set[int]) -> bool:
    """Whether a period of the year (by its code) covers one of the months with data."""
    kind = code[4:5]
    if kind == "H":
        wanted = range(1, 7) if code.endswith("H1") else range(7, 13)
    elif kind == "Q":
        q = int(code[5])
        wanted = range(3 * q - 2, 3 * q + 1)
    elif kind == "M":
        wanted = range(int(code[5:]), int(code[5:]) + 1)
    else:
        return True
    return any(m in months for m in wanted)
