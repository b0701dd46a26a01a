"""Keeping the cells exact: after every write to activities, the touched (unit, month) cells
are recomputed from the activities of that unit and month, in the same transaction."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import models
from django.db.models import Count, Sum, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from hangviet.activities.models import Activity, Status
from hangviet.analytics.models import (
    ActivityCell,
    GroupTotal,
    SubtreeCell,
    SubtreeTotal,
    ThemeCell,
)
from hangviet.core.periods import Period, PeriodError, custom_period, period_for_code
from hangviet.orgs.groups import group_of_kind
from hangviet.orgs.models import Unit
from hangviet.orgs.permissions import within


def bucket(day: date) -> date:
    """The reporting month of `day`, named by the 14th that ends it (15/6–14/7 → 14/7)."""
    if day.day <= 14:
        return day.replace(day=14)
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, 14)


def bucket_start(month: date) -> date:
    year, m = (month.year - 1, 12) if month.month == 1 else (month.year, month.month - 1)
    return date(year, m, 15)


def _lock_units(units: list[int]) -> tuple[dict[int, str], dict[int, str]]:
    """Lock the units' rows and return their paths and groups. Two writers of the same cells
    would both delete and both insert: the rows are locked first (in id order, so two lockers
    never deadlock); the second waits, then sees the first's activity and cells (PostgreSQL;
    SQLite writers are serial)."""
    locked = list(
        Unit.objects.select_for_update()
        .filter(pk__in=units)
        .order_by("pk")
        .values_list("pk", "path", "kind")
    )
    paths = {pk: path for pk, path, _kind in locked}
    groups = {pk: group_of_kind(kind) for pk, _path, kind in locked}
    return paths, groups


def refresh(pairs: Iterable[tuple[int, date]]) -> None:
    """Recompute the cells of these (unit id, any day of the bucket) pairs."""
    by_month: dict[date, set[int]] = defaultdict(set)
    for unit_id, day in pairs:
        by_month[bucket(day)].add(unit_id)
    for month, unit_ids in by_month.items():
        units = sorted(unit_ids)
        paths, groups = _lock_units(units)
        start = bucket_start(month)
        alive = Activity.objects.filter(
            unit_id__in=units, date__gte=start, date__lte=month, status=Status.CONFIRMED
        )
        old = {
            (c.unit_id, c.channel_id, c.kind): (c.count, c.quantity)
            for c in ActivityCell.objects.filter(month=month, unit_id__in=units)
        }
        ActivityCell.objects.filter(month=month, unit_id__in=units).delete()
        ThemeCell.objects.filter(month=month, unit_id__in=units).delete()
        cells = [
            ActivityCell(
                unit_id=row["unit_id"],
                unit_path=paths.get(row["unit_id"], ""),
                month=month,
                channel_id=row["channel_id"],
                kind=row["kind"],
                count=row["n"],
                quantity=row["q"] or 0,
            )
            for row in alive.values("unit_id", "channel_id", "kind").annotate(
                n=Count("id"), q=Sum("quantity")
            )
        ]
        ActivityCell.objects.bulk_create(cells, batch_size=1000)
        new = {(c.unit_id, c.channel_id, c.kind): (c.count, c.quantity) for c in cells}
        _roll_up(month, paths, old, new, groups)
        ThemeCell.objects.bulk_create(
            [
                ThemeCell(
                    unit_id=row["unit_id"],
                    unit_path=paths.get(row["unit_id"], ""),
                    month=month,
                    theme_id=row["themes"],
                    count=row["n"],
                    quantity=row["q"] or 0,
                )
                for row in alive.filter(themes__isnull=False)
                .values("unit_id", "themes")
                .annotate(n=Count("id"), q=Sum("quantity"))
            ],
            batch_size=1000,
        )


def add(rows: Iterable[tuple[int, date, int, str, int, Iterable[int]]]) -> None:
    """Count new confirmed activities — (unit id, date, channel id, kind, quantity, theme
    ids) — into their cells and every ancestor's, without recomputing their months: a new
    activity only adds one to its cell."""
    by_month: dict[date, list] = defaultdict(list)
    for row in rows:
        by_month[bucket(row[1])].append(row)
    for month, items in by_month.items():
        units = sorted({row[0] for row in items})
        paths, groups = _lock_units(units)
        cells: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
        themes: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
        for unit_id, _day, channel_id, kind, quantity, theme_ids in items:
            for sums in (
                cells[(unit_id, channel_id, kind)],
                *(themes[(unit_id, theme_id)] for theme_id in set(theme_ids)),
            ):
                sums[0] += 1
                sums[1] += quantity
        _add(ActivityCell, month, ("unit_id", "channel_id", "kind"), cells, paths)
        _add(ThemeCell, month, ("unit_id", "theme_id"), themes, paths)
        _roll_up(month, paths, {}, {key: tuple(nq) for key, nq in cells.items()}, groups)


def _roll_up(
    month: date, paths: dict[int, str], old: dict, new: dict, groups: dict[int, str]
) -> None:
    """Add the change of the leaf cells to every ancestor's subtree cell and group total
    (itself included)."""
    delta: dict[tuple[int, int, str], list[int]] = defaultdict(lambda: [0, 0])
    by_group: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for key in set(old) | set(new):
        unit_id, channel_id, kind = key
        n = new.get(key, (0, 0))[0] - old.get(key, (0, 0))[0]
        q = new.get(key, (0, 0))[1] - old.get(key, (0, 0))[1]
        if not n and not q:
            continue
        group = groups.get(unit_id, "others")
        for ancestor in (int(p) for p in paths.get(unit_id, "").strip("/").split("/") if p):
            for sums in (delta[(ancestor, channel_id, kind)], by_group[(ancestor, group)]):
                sums[0] += n
                sums[1] += q
    _apply(month, delta, by_group)


def _apply(month: date, delta: dict, by_group: dict) -> None:
    """Add `delta` — (unit, channel, kind) → [count, quantity] — to the subtree cells of
    `month`, its sums to the subtree totals, and `by_group` — (unit, group) → [count,
    quantity] — to the group totals."""
    units = sorted({key[0] for key in (*delta, *by_group)})
    if not units:
        return
    # Ancestors locked in id order, as the units are: concurrent writers add in turn.
    list(Unit.objects.select_for_update().filter(pk__in=units).order_by("pk").values("pk"))
    totals: dict[tuple[int], list[int]] = defaultdict(lambda: [0, 0])
    for (unit_id, _channel, _kind), (n, q) in delta.items():
        totals[(unit_id,)][0] += n
        totals[(unit_id,)][1] += q
    _add(SubtreeCell, month, ("unit_id", "channel_id", "kind"), delta)
    _add(SubtreeTotal, month, ("unit_id",), totals)
    _add(GroupTotal, month, ("unit_id", "group"), by_group)


def _add(
    model: type[models.Model],
    month: date,
    fields: tuple[str, ...],
    delta: dict[tuple[Any, ...], list[int]],
    paths: dict[int, str] | None = None,
) -> None:
    """Add `delta` — the values of `fields` → [count, quantity] — to `model`'s rows of
    `month`: missing rows are created (with the unit's path, for the leaf cells, from
    `paths`), rows that fall to nothing are deleted. The units are locked by the caller."""
    delta = {key: nq for key, nq in delta.items() if nq[0] or nq[1]}
    if not delta:
        return
    existing: dict[tuple[Any, ...], Any] = {
        tuple(getattr(row, f) for f in fields): row
        for row in model._default_manager.filter(month=month, unit_id__in={key[0] for key in delta})
    }
    fresh: list[Any] = []
    changed: list[Any] = []
    empty: list[Any] = []
    for key, (n, q) in delta.items():
        row = existing.get(key)
        if row is None:
            extra = {} if paths is None else {"unit_path": paths.get(key[0], "")}
            fresh.append(
                model(
                    month=month,
                    count=n,
                    quantity=q,
                    **dict(zip(fields, key, strict=True)),
                    **extra,
                )
            )
        else:
            row.count += n
            row.quantity += q
            (empty if row.count <= 0 else changed).append(row)
    model._default_manager.bulk_create(fresh, batch_size=1000)
    model._default_manager.bulk_update(changed, ["count", "quantity"], batch_size=1000)
    model._default_manager.filter(pk__in=[row.pk for row in empty]).delete()


def unit_moved(unit_id: int, old_path: str, new_path: str) -> None:
    """A unit (with its subtree) got a new parent: its cells carry the new path, and what its
    subtree counts leaves the ancestors it left and joins the ones it joined."""
    for model in (ActivityCell, ThemeCell):
        within(model._default_manager.all(), old_path, path_field="unit_path").update(
            unit_path=Concat(Value(new_path), Substr("unit_path", len(old_path) + 1))
        )
    left = [int(p) for p in old_path.strip("/").split("/")[:-1]]
    joined = [int(p) for p in new_path.strip("/").split("/")[:-1]]
    removed, added = set(left) - set(joined), set(joined) - set(left)
    by_month: dict[date, dict] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for cell in SubtreeCell.objects.filter(unit_id=unit_id):
        for ancestor, sign in [(a, -1) for a in removed] + [(a, 1) for a in added]:
            entry = by_month[cell.month][(ancestor, cell.channel_id, cell.kind)]
            entry[0] += sign * cell.count
            entry[1] += sign * cell.quantity
    by_group: dict[date, dict] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row in GroupTotal.objects.filter(unit_id=unit_id):
        for ancestor, sign in [(a, -1) for a in removed] + [(a, 1) for a in added]:
            entry = by_group[row.month][(ancestor, row.group)]
            entry[0] += sign * row.count
            entry[1] += sign * row.quantity
    for month in sorted(set(by_month) | set(by_group)):
        _apply(month, by_month.get(month, {}), by_group.get(month, {}))


def rebuild() -> int:
    """Recompute every cell (after a restore or an import outside the services)."""
    pairs = {
        (unit_id, bucket(day))
        for unit_id, day in Activity.all_objects.values_list("unit_id", "date").distinct()
    }
    ActivityCell.objects.all().delete()
    ThemeCell.objects.all().delete()
    SubtreeCell.objects.all().delete()
    SubtreeTotal.objects.all().delete()
    GroupTotal.objects.all().delete()
    refresh(pairs)
    return len(pairs)


def months_of(start: date, end: date) -> list[date]:
    """The buckets a period covers (periods of Nghị định 09 are whole buckets)."""
    months, current = [], bucket(start)
    while current <= bucket(end):
        months.append(current)
        current = bucket(current + timedelta(days=1))
    return months


def check() -> list[str]:
    """Compare every kept figure with a direct count: the leaf cells with the activities
    (per unit and month), the subtree totals with the leaf cells rolled up by the units'
    current paths. Return the differences found (none when all is exact)."""
    counted: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0])
    for row in (
        Activity.objects.filter(status=Status.CONFIRMED)
        .values("unit_id", "date")
        .annotate(n=Count("id"), q=Sum("quantity"))
        .order_by()
        .iterator(chunk_size=20_000)
    ):
        key = (row["unit_id"], bucket(row["date"]))
        counted[key][0] += row["n"]
        counted[key][1] += row["q"] or 0
    kept = {
        (r["unit_id"], r["month"]): [r["n"], r["q"]]
        for r in ActivityCell.objects.values("unit_id", "month")
        .annotate(n=Sum("count"), q=Sum("quantity"))
        .order_by()
    }
    problems = [
        f"unit {u} month {m}: activities {counted.get((u, m), [0, 0])}, cells {kept.get((u, m))}"
        for u, m in sorted(set(counted) | set(kept))
        if counted.get((u, m), [0, 0]) != kept.get((u, m), [0, 0])
    ]
    paths = dict(Unit.objects.values_list("pk", "path"))
    rolled: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0])
    for (unit_id, month), (n, q) in kept.items():
        for ancestor in (int(p) for p in paths.get(unit_id, "").strip("/").split("/") if p):
            rolled[(ancestor, month)][0] += n
            rolled[(ancestor, month)][1] += q
    totals = {(t.unit_id, t.month): [t.count, t.quantity] for t in SubtreeTotal.objects.iterator()}
    problems += [
        f"subtree of unit {u} month {m}: cells {rolled.get((u, m))}, total {totals.get((u, m))}"
        for u, m in sorted(set(rolled) | set(totals))
        if rolled.get((u, m), [0, 0]) != totals.get((u, m), [0, 0])
    ]
    groups = {pk: group_of_kind(kind) for pk, kind in Unit.objects.values_list("pk", "kind")}
    grouped: dict[tuple[int, date, str], list[int]] = defaultdict(lambda: [0, 0])
    for (unit_id, month), (n, q) in kept.items():
        for ancestor in (int(p) for p in paths.get(unit_id, "").strip("/").split("/") if p):
            grouped[(ancestor, month, groups.get(unit_id, "others"))][0] += n
            grouped[(ancestor, month, groups.get(unit_id, "others"))][1] += q
    kept_groups = {
        (g.unit_id, g.month, g.group): [g.count, g.quantity] for g in GroupTotal.objects.iterator()
    }
    problems += [
        f"group {k[2]} under unit {k[0]} month {k[1]}: cells {grouped.get(k)}, "
        f"total {kept_groups.get(k)}"
        for k in sorted(set(grouped) | set(kept_groups))
        if grouped.get(k, [0, 0]) != kept_groups.get(k, [0, 0])
    ]
    return problems


def stats_period(code: str) -> Period:
    """The period a statistics request names: a code of Nghị định 09 (2026, 2026H1, 2026Q2,
    2026M07) or a range "2024-01-01..2026-06-30", widened to whole reporting months (the
    counts are kept per month) and at most five years long. Raise PeriodError otherwise."""
    if ".." not in code:
        return period_for_code(code)
    first, _sep, last = code.partition("..")
    try:
        start, end = date.fromisoformat(first.strip()), date.fromisoformat(last.strip())
    except ValueError as exc:
        raise PeriodError(
            _("Write a range of dates as YYYY-MM-DD..YYYY-MM-DD, e.g. 2024-01-01..2026-06-30.")
        ) from exc
    custom_period(start, end)  # refuses a range that ends first or is longer than five years
    start, end = bucket_start(bucket(start)), bucket(end)
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)
