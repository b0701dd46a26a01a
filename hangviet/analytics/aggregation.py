"""Keeping the cells exact: after every write to activities, the touched (unit, month) cells
are recomputed from the activities of that unit and month, in the same transaction."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Count, Sum

from hangviet.analytics.models import ActivityCell, ThemeCell


def bucket(day: date) -> date:
    """The reporting month of `day`, named by the 14th that ends it (15/6–14/7 → 14/7)."""
    if day.day <= 14:
        return day.replace(day=14)
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, 14)


def bucket_start(month: date) -> date:
    year, m = (month.year - 1, 12) if month.month == 1 else (month.year, month.month - 1)
    return date(year, m, 15)


def refresh(pairs: Iterable[tuple[int, date]]) -> None:
    """Recompute the cells of these (unit id, any day of the bucket) pairs."""
    from hangviet.activities.models import Activity, Status
    from hangviet.orgs.models import Unit

    by_month: dict[date, set[int]] = defaultdict(set)
    for unit_id, day in pairs:
        by_month[bucket(day)].add(unit_id)
    for month, unit_ids in by_month.items():
        units = sorted(unit_ids)
        # Two writers recomputing the same cells would both delete and both insert: lock the
        # units' rows first (in id order, so two lockers never deadlock); the second waits,
        # then sees the first's activity and cells (PostgreSQL; SQLite writers are serial).
        paths = dict(
            Unit.objects.select_for_update()
            .filter(pk__in=units)
            .order_by("pk")
            .values_list("pk", "path")
        )
        start = bucket_start(month)
        alive = Activity.objects.filter(
            unit_id__in=units, date__gte=start, date__lte=month, status=Status.CONFIRMED
        )
        ActivityCell.objects.filter(month=month, unit_id__in=units).delete()
        ThemeCell.objects.filter(month=month, unit_id__in=units).delete()
        ActivityCell.objects.bulk_create(
            [
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
            ],
            batch_size=1000,
        )
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


def rebuild() -> int:
    """Recompute every cell (after a restore or an import outside the services)."""
    from hangviet.activities.models import Activity

    pairs = {
        (unit_id, bucket(day))
        for unit_id, day in Activity.all_objects.values_list("unit_id", "date").distinct()
    }
    ActivityCell.objects.all().delete()
    ThemeCell.objects.all().delete()
    refresh(pairs)
    return len(pairs)


def months_of(start: date, end: date) -> list[date]:
    """The buckets a period covers (periods of Nghị định 09 are whole buckets)."""
    months, current = [], bucket(start)
    while current <= bucket(end):
        months.append(current)
        current = bucket(current + timedelta(days=1))
    return months
