"""Every figure as JSON: GET /api/v1/stats/activities?period=…&unit=…&group_by=…"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from hangviet.analytics import policy
from hangviet.analytics.aggregation import stats_period
from hangviet.analytics.selectors import FLAGS, GROUP_BY, activity_stats
from hangviet.core.params import Id
from hangviet.core.periods import PeriodError
from hangviet.core.routers import replica_reads

stats_router = Router(tags=["statistics"])


class RowOut(Schema):
    key: str | int | None
    label: str
    count: int
    quantity: int


class TotalOut(Schema):
    count: int
    quantity: int


class StatsOut(Schema):
    period: str
    unit: int | None
    group_by: str
    rows: list[RowOut]
    total: TotalOut


@stats_router.get("/activities", response=StatsOut, summary="Confirmed activities, grouped")
def stats_activities(
    request: HttpRequest,
    period: str,
    group_by: str = "channel",
    unit: Id | None = None,
    area: str = "",
) -> dict[str, Any]:
    """Confirmed activities of the unit's subtree (default: all the caller may see) in a period
    of Nghị định 09 (2026, 2026H1, 2026Q2, 2026M07) or a range of dates (2024-01-01..2026-06-30,
    widened to whole reporting months, at most five years), grouped by channel, kind, theme,
    unit (the unit's direct subunits) or month. `area` (mien-nui, vung-xa, dtts, separated by
    commas) keeps the communes with one of those area flags (then "unit" lists those
    communes). Read from counts kept exact on every write."""
    try:
        found_period = stats_period(period)
    except PeriodError as exc:
        raise ValidationError({"period": str(exc)}) from exc
    if group_by not in GROUP_BY:
        raise ValidationError(
            {"group_by": _("Group by one of: %(g)s.") % {"g": ", ".join(GROUP_BY)}}
        )
    flags = [f for f in area.split(",") if f]
    if any(f not in FLAGS for f in flags):
        raise ValidationError({"area": _("Area flags are: %(f)s.") % {"f": ", ".join(FLAGS)}})
    found_unit = policy.unit_for(request.user, unit)
    with replica_reads():
        rows, total = activity_stats(
            request.user, period=found_period, unit=found_unit, group_by=group_by, flags=flags
        )
    return {
        "period": found_period.code,
        "unit": found_unit.pk if found_unit else None,
        "group_by": group_by,
        "rows": [
            {"key": r.key, "label": r.label, "count": r.count, "quantity": r.quantity} for r in rows
        ],
        "total": {"count": total.count, "quantity": total.quantity},
    }
