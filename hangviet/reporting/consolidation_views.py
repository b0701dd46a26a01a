"""The coordinator's consolidated report in the browser: the draft section by section (edit
one, regenerate another from the data, with an optimistic lock between coordinators), the
figures of record locked and linked to their evidence, and the downloads (DOCX, PDF, XLSX).
Each unit's own report as a document is here too."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from hangviet.core import edxml
from hangviet.core.documents import render_docx, text_blocks
from hangviet.core.params import int_param, parse_id
from hangviet.core.pdf import PdfUnavailable, docx_to_pdf
from hangviet.core.periods import period_label
from hangviet.core.typing import is_htmx, signed_in
from hangviet.core.web import download
from hangviet.reporting import (
    consolidation,
    documents,
    exchange,
    outline,
    policy,
    selectors,
    services,
)
from hangviet.reporting.forms import ConsolidationForm
from hangviet.reporting.models import (
    NARRATIVE_SECTIONS,
    ConsolidatedReport,
    Indicator,
    ReportRequest,
    SignedCopyTampered,
)
from hangviet.reporting.record import STATE_LABELS, Consolidation
from hangviet.reporting.views import DOCX, XLSX, _messages_of

PDF = "application/pdf"


def _consolidation(request: HttpRequest, plan_id: int, period: str) -> Consolidation:
    plan = policy.cycle_plan_for(request.user, plan_id)
    result = consolidation.consolidate_cached(plan, period)
    if not result.requests:
        raise Http404
    return result


def _lock(c: Consolidation) -> int:
    return c.saved.lock_version if c.saved else 0


def _section(c: Consolidation, code: str) -> dict[str, Any]:
    return {
        "code": code,
        "title": outline.page_title(code, c.upcoming_words),
        "text": c.narrative[code],
        "edited": code in c.edited,
        "paragraphs": [(b.text, b.kind == "subheading") for b in text_blocks(c.narrative[code])],
    }


def _with_lock(response: HttpResponse, c: Consolidation) -> HttpResponse:
    """Tell the page the lock version after a save (app.js updates every form)."""
    response["X-Lock-Version"] = str(_lock(c))
    return response


@login_required
def cycle_period(request: HttpRequest, plan_id: int, period: str) -> HttpResponse:
    c = _consolidation(request, plan_id, period)
    saved = c.saved
    form = ConsolidationForm(
        request.POST or None,
        initial={
            "number": saved.number if saved else "",
            "sent_on": saved.sent_on if saved else None,
            "sent_to": saved.sent_to if saved else "",
            "lock_version": _lock(c),
        },
    )
    front = documents.front_of(c.plan)
    form.fields["sent_to"].widget.attrs["placeholder"] = front.name if front else ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consolidation_save(
                plan=c.plan,
                period_code=period,
                by=request.user,
                lock_version=data["lock_version"],
                number=data["number"],
                sent_on=data["sent_on"],
                sent_to=data["sent_to"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, _messages_of(exc))
        else:
            messages.success(request, _("The consolidated report has been saved."))
            return redirect("reporting:cycle_period", plan_id=c.plan.pk, period=period)
    rows = selectors.inbox(request.user, plan_id=c.plan.pk, period=period)
    return render(
        request,
        "reporting/cycle.html",
        {
            "plan": c.plan,
            "period": period,
            "c": c,
            "form": form,
            "rows": rows,
            "lock_version": _lock(c),
            "sections": [_section(c, code) for code, _l in NARRATIVE_SECTIONS],
            "indicator_rows": documents.indicator_rows(c),
            "lines": c.lines,
            "states": [(STATE_LABELS[s], c.in_state(s)) for s in STATE_LABELS if s != "accepted"],
            "front": front,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def cycle_section(request: HttpRequest, plan_id: int, period: str, section: str) -> HttpResponse:
    """One section of the draft: read it, edit it (GET ?sua=1), save or regenerate it (POST).
    Answers the section's card for htmx, or goes back to the page without JavaScript."""
    if section not in outline.CODES:
        raise Http404
    c = _consolidation(request, plan_id, period)
    template = "reporting/_section.html"
    context: dict[str, Any] = {"plan": c.plan, "period": period, "lock_version": _lock(c)}
    status = 200
    if request.method == "POST":
        lock = int_param(request.POST, "lock_version", -1, minimum=-1, maximum=10**9)
        try:
            if request.POST.get("action") == "regenerate":
                services.consolidation_section_regenerate(
                    plan=c.plan,
                    period_code=period,
                    by=request.user,
                    section=section,
                    lock_version=lock if lock is not None else -1,
                )
            else:
                services.consolidation_section_save(
                    plan=c.plan,
                    period_code=period,
                    by=request.user,
                    section=section,
                    text=request.POST.get("text", ""),
                    lock_version=lock if lock is not None else -1,
                )
        except ValidationError as exc:
            conflict = isinstance(exc, services.ConcurrentEdit)
            status = 409 if conflict else 400
            template = "reporting/_section_edit.html"
            context["error"] = _messages_of(exc)
            context["typed"] = request.POST.get("text", "")
        else:
            if not is_htmx(request):
                messages.success(request, _("The section has been saved."))
                return redirect("reporting:cycle_period", plan_id=c.plan.pk, period=period)
            c = consolidation.consolidate_cached(c.plan, period)
            context["lock_version"] = _lock(c)
    elif request.GET.get("sua"):
        template = "reporting/_section_edit.html"
    context["s"] = _section(c, section)
    if not is_htmx(request) and status != 200:
        messages.error(request, context["error"])
        return redirect("reporting:cycle_period", plan_id=c.plan.pk, period=period)
    if not is_htmx(request):
        return redirect("reporting:cycle_period", plan_id=c.plan.pk, period=period)
    return _with_lock(render(request, template, context, status=status), c)


@login_required
def indicator_detail(
    request: HttpRequest, plan_id: int, period: str, indicator_id: int
) -> HttpResponse:
    """Where a figure of record comes from: each unit's reported value beside its evidence,
    with the reason of any difference and a link to the activities behind it."""
    c = _consolidation(request, plan_id, period)
    indicator = get_object_or_404(Indicator, pk=indicator_id, plan=c.plan)
    line = next(line for line in c.lines if line.indicator.pk == indicator.pk)
    rows = []
    for rec in c.records:
        figure = None
        if rec.record is not None:
            figure = rec.record.figures.filter(indicator=indicator).first()
        rows.append((rec, figure, STATE_LABELS[rec.state]))
    return render(
        request,
        "reporting/indicator_detail.html",
        {
            "c": c,
            "plan": c.plan,
            "period": period,
            "indicator": indicator,
            "line": line,
            "rows": rows,
        },
    )


@login_required
def cycle_download(request: HttpRequest, plan_id: int, period: str, fmt: str) -> HttpResponse:
    if fmt not in ("docx", "xlsx", "pdf"):
        raise Http404
    plan = policy.consolidation_plan_for(request.user, plan_id)
    c = consolidation.consolidate_cached(plan, period)
    if not c.requests:
        raise Http404
    name = f"bao-cao-tong-hop-{period}"
    if fmt == "xlsx":
        return download(documents.consolidation_xlsx(c), XLSX, f"{name}-phu-luc.xlsx")
    if fmt == "docx":
        return download(documents.consolidation_docx(c), DOCX, f"{name}.docx")
    try:
        return download(documents.consolidation_pdf(c), PDF, f"{name}.pdf")
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("reporting:cycle_period", plan_id=c.plan.pk, period=period)


@login_required
def report_download(request: HttpRequest, report_id: int, fmt: str) -> HttpResponse:
    """A unit's report (one version) as a document, for whoever may read the unit's data."""
    if fmt not in ("docx", "pdf"):
        raise Http404
    report = policy.report_for(request.user, report_id)
    unit = report.request.unit
    who = unit.abbreviation or unit.code or unit.pk
    name = f"bao-cao-{who}-{report.request.period_code}-v{report.version}".lower()
    if fmt == "docx":
        return download(documents.unit_report_docx(report), DOCX, f"{name}.docx")
    try:
        return download(documents.unit_report_pdf(report), PDF, f"{name}.pdf")
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("reporting:report", request_id=report.request_id)


# --- Signing and sending as an electronic document (issue #22) ----------------------------


@login_required
def cycle_sign(request: HttpRequest, plan_id: int, period: str) -> HttpResponse:
    """The signer's page: what will be signed, the signed versions, and the signing itself."""
    plan = policy.signing_plan_for(request.user, plan_id)
    saved = ConsolidatedReport.objects.filter(plan=plan, period_code=period).first()
    if saved is None and not ReportRequest.objects.filter(plan=plan, period_code=period).exists():
        raise Http404
    may_sign = policy.may_sign(request.user, plan)
    error = ""
    if request.method == "POST" and request.POST.get("action") == "revoke":
        policy.require_sign(request.user, plan)
        revoked = (
            saved.signed_copies.filter(pk=parse_id(request.POST.get("copy", "")) or 0).first()
            if saved
            else None
        )
        if revoked is None:
            raise Http404
        try:
            services.copy_revoke(
                copy=revoked, reason=request.POST.get("reason", ""), by=request.user
            )
            messages.success(request, _("Revoked: the addressee sees it with your reason."))
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
        return redirect("reporting:cycle_sign", plan_id=plan.pk, period=period)
    if request.method == "POST":
        policy.require_sign(request.user, plan)
        if request.POST.get("confirm") != "1":
            error = _("Tick the box to confirm that you have read the whole report.")
        else:
            try:
                copy = services.consolidation_sign(plan=plan, period_code=period, by=request.user)
            except ValidationError as exc:
                error = _messages_of(exc)
            else:
                messages.success(
                    request,
                    _(
                        "The report has been signed (version %(v)s): the signed PDF and the "
                        "exchange package are ready to send."
                    )
                    % {"v": copy.version},
                )
                return redirect("reporting:cycle_sign", plan_id=plan.pk, period=period)
    copies = (
        list(
            saved.signed_copies.select_related("signed_by").prefetch_related(
                "receipts__unit", "statuses__unit", "statuses__by"
            )
        )
        if saved
        else []
    )
    front = documents.front_of(plan)
    return render(
        request,
        "reporting/sign.html",
        {
            "plan": plan,
            "period": period,
            "saved": saved,
            "copies": copies,
            "may_sign": may_sign,
            "may_manage": policy.may_draft(request.user, plan),
            "error": error,
            "front": front,
            "period_words": period_label(period),
            "ready": bool(saved and saved.number and saved.sent_on),
            "signer": signed_in(request).get_full_name() or plan.signer_name,
            "agency_code": plan.issuing_unit.agency_code,
        },
        status=400 if error else 200,
    )


@login_required
def cycle_preview(request: HttpRequest, plan_id: int, period: str) -> HttpResponse:
    """The PDF as it will be signed, for the signer to read first."""
    plan = policy.signing_plan_for(request.user, plan_id)
    result = consolidation.consolidate_cached(plan, period)
    if not result.requests:
        raise Http404
    document = documents.consolidation_document(
        result, signer_name=signed_in(request).get_full_name() or plan.signer_name
    )
    try:
        with translation.override("vi"):
            pdf = docx_to_pdf(render_docx(document))
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("reporting:cycle_sign", plan_id=plan.pk, period=period)
    return download(pdf, PDF, f"bao-cao-tong-hop-{period}-ban-xem-truoc.pdf")


@login_required
def signed_download(
    request: HttpRequest, plan_id: int, period: str, version: int, fmt: str
) -> HttpResponse:
    """A signed version as PDF, or as the edXML package that carries it."""
    if fmt not in ("pdf", "edxml"):
        raise Http404
    copy = policy.signed_copy_for(request.user, plan_id, period, version)
    name = f"bao-cao-tong-hop-{period}-v{copy.version}"
    try:
        if fmt == "pdf":
            return download(copy.content(), PDF, f"{name}-da-ky.pdf")
        return download(exchange.package(copy), edxml.CONTENT_TYPE, f"{name}{edxml.EXTENSION}")
    except SignedCopyTampered:
        messages.error(
            request,
            _(
                "The stored signed file no longer matches its fingerprint (SHA-256): it is "
                "not sent. Tell the IT staff; sign the report again for a new version."
            ),
        )
    except edxml.EdxmlError as exc:
        messages.error(request, str(exc))
    return redirect("reporting:cycle_sign", plan_id=plan_id, period=period)
