"""The statistics page: who did what, where, in a period — charts with their tables and CSV."""

import csv
import io
import re
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hangviet.analytics import policy
from hangviet.analytics.aggregation import stats_period
from hangviet.analytics.dashboards import headline, unit_duties
from hangviet.analytics.selectors import (
    FLAGS,
    GROUP_BY,
    Row,
    activity_stats,
    coverage,
    flagged_communes,
    period_choices,
)
from hangviet.core.charts import responsive_bar_chart
from hangviet.core.params import id_param
from hangviet.core.periods import (
    Period,
    PeriodError,
    current_half,
    period_for_code,
    period_label,
    shifted_period,
)
from hangviet.core.routers import reads_from_replica
from hangviet.core.text import format_number, spreadsheet_safe
from hangviet.core.web import download
from hangviet.orgs.models import Unit
from hangviet.outcomes.models import Measure
from hangviet.plans.models import Plan
from hangviet.plans.policy import plans_for
from hangviet.reporting.outcomes import OutcomeFacts, outcome_facts_cached
from hangviet.reporting.selectors import completeness

FLAG_LABELS = [
    ("mien-nui", gettext_lazy("mountainous")),
    ("vung-xa", gettext_lazy("remote / disadvantaged")),
    ("dtts", gettext_lazy("ethnic-minority area")),
]

TITLES = {
    "channel": gettext_lazy("By channel"),
    "kind": gettext_lazy("By kind of activity"),
    "theme": gettext_lazy("By theme of the plan"),
    "unit": gettext_lazy("By unit"),
    "month": gettext_lazy("By reporting month"),
    "group": gettext_lazy("By group of units"),
}


def _params(request: HttpRequest) -> tuple[Period, Unit | None, list[Unit]]:
    """The period, unit and top units of a statistics page. Without a period asked for, the
    page opens on the latest half-year that has data (not on a new, nearly empty one)."""
    visible = policy.readable_units(request.user)
    roots = list(visible.filter(parent__isnull=True)) or list(visible.order_by("path")[:1])
    unit_id = id_param(request.GET, "don-vi")
    unit = policy.unit_for(request.user, unit_id)
    if unit is None and roots:
        unit = roots[0]
    start, end = request.GET.get("tu", "").strip(), request.GET.get("den", "").strip()
    code = f"{start}..{end}" if start and end else request.GET.get("ky", "").strip()
    fallback = period_choices(unit).latest or current_half(timezone.localdate())
    try:
        period = stats_period(code or fallback)
    except PeriodError as exc:
        # Say what was wrong, and show the latest period with data meanwhile.
        messages.error(request, str(exc))
        period = period_for_code(fallback)
    return period, unit, roots


TREND_HALVES = 4  # the outcomes over the last two years, half-year by half-year


def _roots(unit: Unit | None) -> list[Unit]:
    """The unit's province, or all provinces."""
    if unit is not None:
        return list(Unit.objects.filter(pk=unit.root_id))
    return list(Unit.objects.filter(parent__isnull=True))


def _outcomes(period: Period, unit: Unit | None) -> OutcomeFacts:
    """The period's outcomes (measured figures, directory, survey round, closed fairs)."""
    return outcome_facts_cached(period, _roots(unit))


def _trend(period: Period, unit: Unit | None) -> dict[str, Any]:
    """The outcome indicators half-year by half-year up to the period's (each by the same
    rule as the report: a measured figure with its source first, else what is computed), with
    the fairs that ended in each half and their recorded sales."""
    half = re.fullmatch(r"\d{4}H[12]", period.code)
    last = period.code if half else current_half(period.end)
    roots = _roots(unit)
    codes = []
    for steps in range(TREND_HALVES - 1, -1, -1):
        code = shifted_period(last, -steps) or last
        try:
            period_for_code(code)
        except PeriodError:  # before the years hangviet knows
            continue
        codes.append(code)
    halves = [outcome_facts_cached(period_for_code(code), roots) for code in codes]
    rows = []
    for measure in Measure:
        values = [next((p for p in f.progress if p.measure == measure), None) for f in halves]
        if any(values):
            rows.append(
                {
                    "label": measure.label,
                    "cells": [p.value_text if p else "" for p in values],
                }
            )
    if rows or any(f.listed and f.listed.fairs_held for f in halves):
        rows.append(
            {
                "label": _("Fairs ended"),
                "cells": [format_number(f.listed.fairs_held if f.listed else 0) for f in halves],
            }
        )
        rows.append(
            {
                "label": _("Fair sales recorded (million đồng)"),
                "cells": [format_number(f.total("sales_million")) for f in halves],
            }
        )
    return {"periods": [period_label(code) for code in codes], "rows": rows}


def _period_context(period: Period, unit: Unit | None) -> dict[str, Any]:
    choices = period_choices(unit)
    custom = ".." in period.code
    return {
        "outcomes": _outcomes(period, unit),
        "outcome_trend": _trend(period, unit),
        "period_choices": choices,
        "period_words": period_label(period.code),
        "custom_period": custom,
        "period_listed": period.code in choices,
    }


def _plan(request: HttpRequest) -> tuple[Plan | None, list[Plan]]:
    """The plan chosen in the filters (one the user may read), and the ones to choose from."""
    plans = list(plans_for(request.user).order_by("-issue_year", "pk"))
    chosen = request.GET.get("ke-hoach", "")
    plan = next((p for p in plans if str(p.pk) == chosen), None)
    return plan, plans


def _flags(request: HttpRequest) -> list[str]:
    return [f for f in request.GET.getlist("vung") if f in FLAGS]


def _sections(
    request: HttpRequest, period: Period, unit: Unit | None
) -> tuple[list[dict[str, Any]], Row | None]:
    sections: list[dict[str, Any]] = []
    total: Row | None = None
    for group in GROUP_BY:
        rows, total = activity_stats(
            request.user, period=period, unit=unit, group_by=group, flags=_flags(request)
        )
        sections.append(
            {
                "group": group,
                "title": TITLES[group],
                "rows": rows,
                "svg": mark_safe(responsive_bar_chart(rows, str(TITLES[group]))),  # noqa: S308 — escaped inside
            }
        )
    return sections, total


@login_required
@reads_from_replica
def home(request: HttpRequest) -> HttpResponse:
    period, unit, roots = _params(request)
    plan, plans = _plan(request)
    sections, total = _sections(request, period, unit)
    children = []
    flags = _flags(request)
    active = {r.key for r in sections[3]["rows"]}
    if flags:
        # Silent: the flagged communes of today with no confirmed activity in the period.
        candidates = flagged_communes(request.user, unit, period, flags).filter(
            valid_to__isnull=True
        )
        children = [c for c in candidates.order_by("name") if c.pk not in active]
    elif unit is not None:
        children = [
            c
            for c in unit.children.filter(valid_to__isnull=True).order_by("name")
            if c.pk not in active
        ]
    cycle = completeness(plan.pk, period.code) if plan is not None else []
    return render(
        request,
        "analytics/home.html",
        {
            **_period_context(period, unit),
            "period": period,
            "unit": unit,
            "sections": sections,
            "total": total,
            "silent": children,
            "roots": roots,
            "plan": plan,
            "plans": plans,
            "headline": headline(request.user, period=period, unit=unit) if unit else None,
            "duties": unit_duties(period=period, unit=unit, plan=plan) if unit else [],
            "cycle": cycle,
            "flags": flags,
            "flag_choices": FLAG_LABELS,
            "query": f"ky={period.code}&don-vi={unit.pk if unit else ''}"
            + (f"&ke-hoach={plan.pk}" if plan else "")
            + "".join(f"&vung={f}" for f in flags),
        },
    )


@login_required
@reads_from_replica
def overview(request: HttpRequest) -> HttpResponse:
    """The steering committee's one page: headline figures, the units side by side, the
    reach of the communes and the reporting of the cycle — read only, printable."""
    period, unit, roots = _params(request)
    plan, plans = _plan(request)
    if plan is None and plans:
        plan = plans[0]
    by_unit, _total = activity_stats(request.user, period=period, unit=unit, group_by="unit")
    by_channel, _total = activity_stats(request.user, period=period, unit=unit, group_by="channel")
    return render(
        request,
        "analytics/overview.html",
        {
            **_period_context(period, unit),
            "period": period,
            "unit": unit,
            "plan": plan,
            "plans": plans,
            "headline": headline(request.user, period=period, unit=unit) if unit else None,
            "unit_chart": mark_safe(responsive_bar_chart(by_unit, str(TITLES["unit"]))),  # noqa: S308
            "channel_chart": mark_safe(responsive_bar_chart(by_channel, str(TITLES["channel"]))),  # noqa: S308
            "by_unit": by_unit,
            "cycle": completeness(plan.pk, period.code) if plan else [],
            "query": f"ky={period.code}&don-vi={unit.pk if unit else ''}"
            + (f"&ke-hoach={plan.pk}" if plan else ""),
        },
    )


@login_required
@reads_from_replica
def csv_download(request: HttpRequest) -> HttpResponse:
    period, unit, _roots = _params(request)
    group = request.GET.get("theo", "channel")
    if group not in GROUP_BY:
        raise Http404
    rows, total = activity_stats(
        request.user, period=period, unit=unit, group_by=group, flags=_flags(request)
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Key"), _("Label"), _("Activities"), _("Quantity")])
    for r in rows:
        writer.writerow(
            [spreadsheet_safe(str(r.key)), spreadsheet_safe(r.label), r.count, r.quantity]
        )
    writer.writerow(["", _("Total"), total.count, total.quantity])
    response = download(
        "\ufeff" + out.getvalue(), "text/csv; charset=utf-8", f"thong-ke-{period.code}-{group}.csv"
    )
    return response


@login_required
@reads_from_replica
def coverage_page(request: HttpRequest) -> HttpResponse:
    """Which communes the campaign reaches: a map where communes have coordinates, a sortable
    grid always; on the map of the period or on today's map (earlier communes rolled onto
    their successors)."""
    period, unit, _roots = _params(request)
    flags = request.GET.getlist("vung")
    if flags == ["1"]:  # the earlier single checkbox: remote and mountainous
        flags = ["mien-nui", "vung-xa"]
    flags = [f for f in flags if f in FLAGS]
    today = timezone.localdate()
    on_today = request.GET.get("ban-do") == "nay"
    rows = coverage(
        request.user, period=period, unit=unit, flags=flags, today=today if on_today else None
    )
    order = request.GET.get("sap-xep", "it-nhat")
    if order == "it-nhat":
        rows.sort(key=lambda r: (r.count, r.unit.name))
    elif order == "nhieu-nhat":
        rows.sort(key=lambda r: (-r.count, r.unit.name))
    reached = sum(1 for r in rows if r.reached)
    flagged = [r for r in rows if r.unit.is_remote or r.unit.is_mountainous]
    markers = [
        {
            "name": r.unit.area_name or r.unit.name,
            "lat": r.unit.latitude,
            "lng": r.unit.longitude,
            "count": r.count,
            "level": r.level,
            "flagged": r.unit.is_remote or r.unit.is_mountainous,
        }
        for r in rows
        if r.unit.latitude is not None and r.unit.longitude is not None
    ]
    return render(
        request,
        "analytics/coverage.html",
        {
            **_period_context(period, unit),
            "period": period,
            "unit": unit,
            "rows": rows,
            "reached": reached,
            "flagged_reached": sum(1 for r in flagged if r.reached),
            "flagged_total": len(flagged),
            "flags": flags,
            "flag_choices": FLAG_LABELS,
            "on_today": on_today,
            "today": today,
            "order": order,
            "markers": markers,
            "tiles": {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION},
            "query": f"ky={period.code}&don-vi={unit.pk if unit else ''}",
        },
    )
