"""Reads of activities: the filtered list every page, export and API uses."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from hangviet.activities import policy
from hangviet.activities.models import Activity, Status
from hangviet.core.periods import Period
from hangviet.core.text import fold
from hangviet.orgs.models import Unit
from hangviet.orgs.permissions import User, within, within_any

AREA_FLAGS = ("is_mountainous", "is_remote", "is_ethnic_minority", "is_dense")


@dataclass
class ActivityFilter:
    unit: Unit | None = None  # the subtree to show
    channel: str = ""
    kind: str = ""
    theme: int | None = None
    plan: int | None = None
    period: Period | None = None
    area: str = ""  # one of AREA_FLAGS
    source: str = ""
    status: str = ""
    q: str = ""
    deleted: bool = False  # the coordinator's bin


def activities_for(user: User, f: ActivityFilter) -> QuerySet[Activity]:
    """Return the activities `user` may see that match `f`, newest first."""
    base = Activity.all_objects if f.deleted else Activity.objects
    qs = base.select_related("unit", "channel")
    if f.deleted:
        qs = qs.filter(deleted_at__isnull=False)
    # Resolve scopes and subtrees to unit ids first: the (unit, date) index does the rest.
    qs = policy.activities_for(user, rows=qs)
    if f.unit is not None:
        ids = list(within(Unit.objects.all(), f.unit, "").values_list("pk", flat=True))
        qs = qs.filter(unit_id__in=ids)
    if f.channel:
        qs = qs.filter(channel__code=f.channel)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.theme:
        qs = qs.filter(themes__pk=f.theme)
    if f.plan:
        qs = qs.filter(plan_id=f.plan)
    if f.period is not None:
        qs = qs.in_range(f.period.start, f.period.end)
    if f.area in AREA_FLAGS:
        qs = qs.filter(Q(**{f"unit__{f.area}": True}) | Q(**{f"communes__{f.area}": True}))
    if f.source:
        qs = qs.filter(source=f.source)
    if f.status:
        qs = qs.filter(status=f.status)
    for word in fold(f.q[:200]).split()[:6]:
        qs = qs.filter(Q(title__icontains=word) | Q(search_title__contains=word))
    if f.theme or f.area:
        qs = qs.distinct()
    return qs.order_by("-date", "-id")


def page_of(qs: QuerySet[Activity], page: int, size: int = 50) -> tuple[list[Activity], bool]:
    """Return one page and whether another follows, without counting the whole table."""
    page = max(1, page)
    rows = list(qs[(page - 1) * size : page * size + 1])
    return rows[:size], len(rows) > size


def default_units(user: User) -> list[Unit]:
    """Return the units the user reports for, today's first (the quick form's choices)."""
    today = date.today()
    units = list(policy.units_to_log_for(user).valid_on(today).order_by("depth", "name")[:500])
    return units


def reached_communes(communes: list[Unit], start: date, end: date) -> set[int]:
    """The one rule of reach, shared by the statistics pages and the consolidated report: the
    ids of `communes` reached in [start, end] by a confirmed activity dated then — logged by the
    commune (or a unit under it), or naming the commune as reached."""
    if not communes:
        return set()
    ids = {c.pk for c in communes}
    owner: dict[int, int] = {}
    for pk, path in within_any(Unit.objects.all(), communes, "").values_list("pk", "path"):
        for ancestor in reversed(path.strip("/").split("/")):
            if int(ancestor) in ids:
                owner[pk] = int(ancestor)
                break
    confirmed = Activity.objects.filter(status=Status.CONFIRMED, date__range=(start, end))
    # no ordering: the default (date, id) would join DISTINCT and return every row
    logged = (
        confirmed.filter(unit_id__in=list(owner))
        .order_by()
        .values_list("unit_id", flat=True)
        .distinct()
    )
    named = Activity.communes.through.objects.filter(
        unit_id__in=list(ids), activity_id__in=confirmed.values("pk")
    ).values_list("unit_id", flat=True)
    return {owner[u] for u in logged} | set(named)


# A transaction that commits late carries an updated_at older than the newest one already
# visible: edits this recent are counted too, so such a commit still changes the stamp.
LATE_COMMIT_SECONDS = 300


def change_stamp() -> tuple[Any, ...]:
    """Changes whenever any activity is added, edited or deleted (softly), in three index
    lookups whatever the size of the table: the newest edit, the newest id and how many
    edits are recent enough that their transactions might have committed late."""
    recent = timezone.now() - timedelta(seconds=LATE_COMMIT_SECONDS)
    rows = Activity.all_objects.order_by()
    # one aggregate a query: SQLite reads a lone MIN/MAX from the index, two from the table
    return (
        rows.aggregate(m=Max("updated_at"))["m"],
        rows.aggregate(m=Max("pk"))["m"],
        rows.filter(updated_at__gte=recent).count(),
    )
