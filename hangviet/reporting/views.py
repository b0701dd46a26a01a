"""Pages of the reporting cycle: the inbox, a unit's report, the coordinator's cycle page with
completeness and the consolidated report."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hangviet.core.params import BadParameter, int_param, parse_id
from hangviet.core.periods import PeriodError, current_half, period_with_dates, periods_of_year
from hangviet.core.text import sentences
from hangviet.orgs.permissions import Action
from hangviet.reporting import policy, quality, selectors, services
from hangviet.reporting.computing import evidence, subtree_ids
from hangviet.reporting.forms import AdhocForm, CycleForm
from hangviet.reporting.models import (
    NARRATIVE_SECTIONS,
    Indicator,
    ReportRequest,
    ReportStatus,
)
from hangviet.reporting.outline import BY_CODE, missing_required

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _messages_of(exc: ValidationError) -> str:
    return sentences(exc.messages)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    rows = selectors.inbox(request.user)
    managed = policy.managed_plans(request.user)
    cycles = (
        ReportRequest.objects.filter(plan__in=managed)
        .values("plan_id", "period_code")
        .distinct()
        .order_by("-period_code")
    )
    plans = {p.pk: p for p in managed}
    return render(
        request,
        "reporting/inbox.html",
        {
            "rows": rows,
            "managed": managed,
            "cycles": [(plans[c["plan_id"]], c["period_code"]) for c in cycles],
            "counts": {
                s: sum(1 for r in rows if r.state == s)
                for s in ("overdue", "returned", "due", "draft", "submitted", "accepted")
            },
        },
    )


@login_required
def report_page(request: HttpRequest, request_id: int) -> HttpResponse:
    return _render_report(request, policy.request_for(request.user, request_id))


def _render_report(
    request: HttpRequest,
    req: ReportRequest,
    typed: Any = None,
    status: int = 200,
) -> HttpResponse:
    """Render a report; `typed` (the POST) puts back what the user wrote after an error."""
    versions = list(req.reports.order_by("-version"))
    shown = versions[0] if versions else None
    wanted = int_param(request.GET, "v", minimum=1, maximum=10_000)
    if wanted is not None:
        shown = next((r for r in versions if r.version == wanted), shown)
    user = request.user
    typed = typed or {}
    figures = []
    for f in shown.figures.select_related("indicator") if shown else []:
        figures.append(
            (
                f,
                typed.get(f"value_{f.indicator_id}", f.value),
                typed.get(f"reason_{f.indicator_id}", f.reason),
            )
        )
    context = {
        "req": req,
        "report": shown,
        "versions": versions,
        "is_current": bool(shown is not None and versions and shown.pk == versions[0].pk),
        "figures": figures,
        "sections": [
            (
                code,
                label,
                typed.get(f"n_{code}", shown.narrative.get(code, "") if shown else ""),
                BY_CODE[code].required,
            )
            for code, label in NARRATIVE_SECTIONS
        ],
        "lock_version": typed.get("lock_version", shown.lock_version if shown else 0),
        "can_edit": policy.may(user, req, Action.EDIT),
        "can_submit": policy.may(user, req, Action.SUBMIT),
        "can_review": policy.may(user, req, Action.MANAGE),
        "has_indicators": req.plan.indicators.exists(),
        "flags": quality.flags_for(req.plan, req.period_code, only=req) if shown else [],
    }
    context["open_flag_count"] = len(quality.open_flags(context["flags"]))
    if shown is not None and context["can_review"]:
        context["corroboration"] = quality.corroboration(req.plan, req.period_code, only=req)[0]
        sample = quality.latest_sample(req.plan, req.period_code)
        context["verified"] = next(
            (v for v in quality.verified(sample) if v.unit.pk == req.unit_id), None
        )
    context["editable"] = bool(
        context["can_edit"]
        and context["is_current"]
        and shown is not None
        and shown.status == ReportStatus.DRAFT
    )
    return render(request, "reporting/report.html", context, status=status)


def figure_value(text: str) -> int:
    """Return a figure typed in the form ("1.234", " 12 "), or -1 when it is not a whole number
    of at most 12 digits (the service then says so next to the indicator)."""
    digits = text.strip().replace(".", "").replace(" ", "")
    if digits.isascii() and digits.isdecimal() and len(digits) <= 12:
        return int(digits)
    return -1


@login_required
@require_POST
def report_action(request: HttpRequest, request_id: int) -> HttpResponse:
    req = policy.request_for(request.user, request_id)
    action = request.POST.get("action", "")
    report = req.current_report
    try:
        if action == "start":
            services.report_start(request=req, by=request.user)
        elif report is None:
            raise ValidationError(_("Start the report first."))
        elif action in ("save", "submit"):
            if action == "submit" and not policy.may(request.user, req, Action.SUBMIT):
                # Said before anything is saved: the editor's text stays in the form.
                raise ValidationError(
                    _(
                        "Only the head of the unit sends the report. Save the draft and ask "
                        "the head to review and send it."
                    )
                )
            figures = {}
            for key, value in request.POST.items():
                if key.startswith("value_"):
                    indicator_id = parse_id(key.removeprefix("value_"))
                    if indicator_id is None:
                        raise BadParameter(_("The form has a figure of an unknown indicator."))
                    figures[indicator_id] = (
                        figure_value(str(value)),
                        request.POST.get(f"reason_{indicator_id}", ""),
                    )
            narrative = {
                code: request.POST.get(f"n_{code}", "") for code, _label in NARRATIVE_SECTIONS
            }
            lock = int_param(request.POST, "lock_version", -1, minimum=-1, maximum=10**9)
            services.report_save(
                report=report,
                by=request.user,
                lock_version=lock if lock is not None else -1,
                narrative=narrative,
                figures=figures,
            )
            if action == "submit":
                # Saved; sending is one more, deliberate step: a sent report cannot be changed.
                return _render_confirmation(request, req)
            messages.success(request, _("The draft has been saved."))
        elif action == "send":
            if not policy.may(request.user, req, Action.SUBMIT):
                raise ValidationError(_("Only the head of the unit sends the report."))
            services.report_submit(report=report, by=request.user)
            messages.success(request, _("The report has been sent."))
        elif action == "clear_flag":
            flagged = int_param(request.POST, "value", minimum=0, maximum=10**12)
            services.flag_clear(
                request=req,
                key=request.POST.get("key", ""),
                value=flagged,
                reason=request.POST.get("reason", ""),
                by=request.user,
            )
            messages.success(request, _("The explanation was kept; the flag is cleared."))
        elif action == "refresh":
            services.report_refresh(report=report, by=request.user)
            messages.success(request, _("The figures were recomputed from the evidence."))
        elif action == "return":
            services.report_return(
                report=report, by=request.user, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("The report was returned to the unit."))
        elif action == "accept":
            services.report_accept(
                report=report, by=request.user, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("The report was accepted."))
        elif action == "revise":
            services.report_revise(report=report, by=request.user)
            messages.success(
                request, _("A new version was started; the earlier one stays readable.")
            )
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
        if action in ("save", "submit"):
            # Keep what the user typed: show the form again with their text.
            conflict = isinstance(exc, services.ConcurrentEdit)
            return _render_report(request, req, typed=request.POST, status=409 if conflict else 400)
    return redirect("reporting:report", request_id=req.pk)


def _render_confirmation(request: HttpRequest, req: ReportRequest) -> HttpResponse:
    report = req.current_report
    assert report is not None
    figures = list(report.figures.select_related("indicator").order_by("indicator__order"))
    narrative = [
        (label, (report.narrative or {}).get(code, "").strip())
        for code, label in NARRATIVE_SECTIONS
    ]
    return render(
        request,
        "reporting/confirm_send.html",
        {
            "req": req,
            "report": report,
            "figures": figures,
            "changed": [f for f in figures if f.value != f.computed],
            "narrative": narrative,
            "required": [s.label for s in missing_required(report.narrative or {})],
            "empty": [
                label
                for (code, label), (_l, text) in zip(NARRATIVE_SECTIONS, narrative, strict=True)
                if not text and not BY_CODE[code].required
            ],
        },
    )


@login_required
def figure_evidence(request: HttpRequest, report_id: int, indicator_id: int) -> HttpResponse:
    report = policy.report_for(request.user, report_id)
    indicator = get_object_or_404(Indicator, pk=indicator_id, plan=report.request.plan)
    req = report.request
    activities = (
        evidence(indicator, subtree_ids(req.unit), req.start, req.end)
        .select_related("unit", "channel")
        .order_by("-date")[:1000]
    )
    return render(
        request,
        "reporting/evidence.html",
        {"report": report, "indicator": indicator, "activities": activities},
    )


@login_required
def cycle(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Start a cycle for a period (requests to every reporting unit)."""
    plan = policy.cycle_plan_for(request.user, plan_id)
    opened = set(
        ReportRequest.objects.filter(plan=plan).values_list("period_code", flat=True).distinct()
    )
    choices = []
    for year in (plan.issue_year, plan.issue_year + 1, plan.issue_year - 1):
        for code in periods_of_year(year):
            label = period_with_dates(code)
            choices.append((code, label + (" — " + _("already opened") if code in opened else "")))
    today_half = current_half(timezone.localdate())
    initial = today_half if any(c == today_half for c, _l in choices) else f"{plan.issue_year}H1"
    form = CycleForm(request.POST or None, periods=choices, initial={"period": initial})
    if request.method == "POST" and form.is_valid():
        try:
            if not plan.indicators.exists():
                services.indicators_default(plan=plan, by=request.user)
                services.rules_default(plan=plan, by=request.user)
            made = services.requests_generate(
                plan=plan,
                period_code=form.cleaned_data["period"],
                by=request.user,
                deadline=form.cleaned_data["deadline"],
            )
        except PeriodError as exc:
            form.add_error("period", str(exc))
        except ValidationError as exc:
            form.add_error(None, _messages_of(exc))
        else:
            messages.success(request, _("%(n)s units were asked to report.") % {"n": len(made)})
            return redirect("reporting:cycle_period", plan_id=plan.pk, period=made[0].period_code)
    return render(request, "reporting/cycle_start.html", {"plan": plan, "form": form})


@login_required
def adhoc(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = policy.cycle_plan_for(request.user, plan_id)
    units = (
        policy.adhoc_units_for(request.user)
        .filter(
            valid_to__isnull=True, kind__in=["department", "commune_pc", "press", "district_pc"]
        )
        .order_by("kind", "name")
    )
    form = AdhocForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.request_adhoc(
                plan=plan,
                units=list(units.filter(pk__in=data["units"])),
                start=data["start"],
                end=data["end"],
                deadline=data["deadline"],
                title=data["title"],
                by=request.user,
            )
        except (ValidationError, PeriodError) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("%(n)s units were asked to report.") % {"n": len(made)})
            return redirect("reporting:cycle_period", plan_id=plan.pk, period=made[0].period_code)
    return render(request, "reporting/adhoc.html", {"plan": plan, "form": form})
