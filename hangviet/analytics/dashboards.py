"""The figures around the charts: headline numbers for the steering committee, a unit's work
against the duties and targets the plans give it, and the reporting completeness of a cycle.
Every activity figure is read from the pre-aggregated cells, never from the activity table."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, Sum
from django.utils import timezone

from hangviet.activities.models import Measure
from hangviet.activities.selectors import reached_communes
from hangviet.analytics.aggregation import bucket, months_of
from hangviet.analytics.models import SubtreeCell, SubtreeTotal
from hangviet.analytics.selectors import _communes
from hangviet.core.periods import Period
from hangviet.orgs.models import Unit
from hangviet.orgs.permissions import User
from hangviet.plans.models import Assignment, Plan

PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}
MIN_FOR_CHANGE = 5  # below this, "+400%" says nothing; the figures are shown as they are


def shift(month: date, months: int) -> date:
    """The bucket `months` reporting months before `month` (a bucket is named by its 14th)."""
    index = month.year * 12 + month.month - 1 - months
    return date(index // 12, index % 12 + 1, 14)


@dataclass
class Headline:
    total: int
    previous: int
    communes: int
    communes_reached: int
    flagged: int
    flagged_reached: int
    so_far: bool = False  # the period is running: compared with the same part of the last one

    @property
    def change(self) -> int | None:
        """The change from the previous period of the same length (or, while the period runs,
        from the same months of the previous one), in percent; None when the previous figure
        is too small for a percentage to mean anything."""
        if self.previous < MIN_FOR_CHANGE:
            return None
        return round((self.total - self.previous) * 100 / self.previous)

    @property
    def reach(self) -> int:
        return round(self.communes_reached * 100 / self.communes) if self.communes else 0


def headline(user: User, *, period: Period, unit: Unit) -> Headline:
    months = months_of(period.start, period.end)
    # A running period is compared with the months of the previous one that have passed in
    # this one: half a half-year against a whole one would read as a fall of 50%.
    current = bucket(timezone.localdate())
    elapsed = [m for m in months if m <= current]
    before = [shift(m, len(months)) for m in elapsed]
    sums = dict(
        SubtreeTotal.objects.filter(unit=unit, month__in=months + before).values_list(
            "month", "count"
        )
    )
    communes = _communes(user, unit, period.end, [])
    # Reach by the rule the consolidated report states (activities.selectors.reached_communes).
    reached = reached_communes(list(communes), period.start, period.end)
    flagged = set(
        communes.filter(Q(is_remote=True) | Q(is_mountainous=True)).values_list("pk", flat=True)
    )
    return Headline(
        total=sum(sums.get(m, 0) for m in months),
        previous=sum(sums.get(m, 0) for m in before),
        communes=communes.count(),
        communes_reached=len(reached),
        flagged=len(flagged),
        flagged_reached=len(flagged & set(reached)),
        so_far=len(elapsed) < len(months),
    )


@dataclass
class TargetProgress:
    label: str
    value: int  # the target over the chosen period
    actual: int

    @property
    def percent(self) -> int:
        return round(self.actual * 100 / self.value) if self.value else 0


@dataclass
class Duty:
    plan: str
    text: str
    channels: list[str]
    count: int
    targets: list[TargetProgress] = field(default_factory=list)


def unit_duties(*, period: Period, unit: Unit, plan: Plan | None = None) -> list[Duty]:
    """The duties the current plans give `unit`, each with the unit's confirmed activities in
    the period on the duty's channels, and its targets scaled to the period (a half-year target
    of 12 is 24 over a year). A target in items counts activities; in another measure
    (broadcasts, copies, participants…) it adds up the activities' quantities."""
    months = months_of(period.start, period.end)
    assignments = (
        Assignment.objects.filter(units=unit, plan__superseded_at__isnull=True)
        .select_related("plan")
        .prefetch_related("channels", "targets__channel")
        .order_by("plan__issue_year", "plan_id", "order")
    )
    if plan is not None:
        assignments = assignments.filter(plan=plan)
    cells = SubtreeCell.objects.filter(unit=unit, month__in=months)
    per_channel: dict[int, tuple[int, int]] = {
        row["channel_id"]: (row["n"], row["q"] or 0)
        for row in cells.values("channel_id").annotate(n=Sum("count"), q=Sum("quantity")).order_by()
    }

    def on(channel_ids: list[int]) -> tuple[int, int]:
        chosen = (
            [per_channel.get(c, (0, 0)) for c in channel_ids]
            if channel_ids
            else list(per_channel.values())
        )
        return sum(n for n, _q in chosen), sum(q for _n, q in chosen)

    measures = dict(Measure.choices)
    duties = []
    for a in assignments:
        channel_ids = [c.pk for c in a.channels.all()]
        count, _quantity = on(channel_ids)
        targets = []
        for t in a.targets.all():
            scale = len(months) / PERIOD_MONTHS.get(t.period, 6)
            n, q = on([t.channel_id] if t.channel_id else channel_ids)
            targets.append(
                TargetProgress(
                    label=f"{measures.get(t.measure, t.measure)}"
                    + (f" — {t.channel.name}" if t.channel else ""),
                    value=round(t.value * scale),
                    actual=n if t.measure == Measure.ITEMS else q,
                )
            )
        duties.append(
            Duty(
                plan=str(a.plan),
                text=a.text,
                channels=[c.name for c in a.channels.all()],
                count=count,
                targets=targets,
            )
        )
    return duties
