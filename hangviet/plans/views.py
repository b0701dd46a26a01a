"""Pages of plans: list, import with a review screen, the plan, edits, amendments, DOCX and
PDF."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hangviet.core.params import id_list, id_param
from hangviet.core.pdf import PdfUnavailable, docx_to_pdf
from hangviet.core.text import sentences
from hangviet.core.typing import signed_in
from hangviet.core.web import download
from hangviet.orgs.models import Unit
from hangviet.orgs.permissions import Action, within
from hangviet.orgs.selectors import units_search
from hangviet.plans import policy, selectors, services
from hangviet.plans.export import plan_docx
from hangviet.plans.forms import PlanHeaderForm, ThemeForm, UploadForm
from hangviet.plans.importing import plan_upload_create, plan_upload_import, upload_preview
from hangviet.plans.models import Cadence, Channel, DocType, Mention, Plan, Theme
from hangviet.plans.reading import DocumentError


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = policy.plans_for(request.user).order_by("-issue_year", "-id")
    may_import = policy.may_import(request.user)
    return render(request, "plans/plan_list.html", {"plans": plans, "may_import": may_import})


@login_required
def plan_upload(request: HttpRequest) -> HttpResponse:
    policy.require_import(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        if upload:
            data, name = upload.read(), upload.name
        else:
            data, name = form.cleaned_data["text"].encode("utf-8"), "van-ban-dan.txt"
        try:
            draft = plan_upload_create(by=signed_in(request), filename=name, data=data)
        except DocumentError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("plans:review", upload_id=draft.pk)
    return render(request, "plans/upload.html", {"form": form})


@login_required
def plan_review(request: HttpRequest, upload_id: int) -> HttpResponse:
    draft = policy.upload_for(request.user, upload_id)
    managed = policy.issuers_for(request.user)
    issuer = None
    issuer_id = id_param(request.POST, "issuer") if request.method == "POST" else None
    if issuer_id is not None:
        issuer = managed.filter(pk=issuer_id).first()
        if issuer is None:
            raise PermissionDenied(_("You may not issue plans for this unit."))
    try:
        result = upload_preview(draft, issuer)
    except DocumentError as exc:
        messages.error(request, str(exc))
        return redirect("plans:upload")
    if request.method == "POST" and request.POST.get("confirm"):
        try:
            plan = plan_upload_import(
                upload=draft,
                by=request.user,
                issuer=issuer,
                again=request.POST.get("confirm") == "again",
                issued_on=_given_date(request.POST.get("issued_on", "")),
                doc_type=request.POST.get("doc_type"),
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, sentences(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect("plans:detail", plan_id=plan.pk)
    suggested = result.parsed.issuer_unit_id
    context = {
        "existing": selectors.same_plan(result.parsed, bytes(draft.data)),
        "draft": draft,
        "p": result.parsed,
        "envelope": result.envelope,
        "channels": {c.code: c.name for c in Channel.objects.all()},
        "cadences": dict(Cadence.choices),
        "issuers": managed.filter(
            kind__in=["department", "division", "province_pc", "commune_pc", "front", "press"]
        ).valid_on(result.parsed.issued_on)
        if result.parsed.issued_on
        else managed,
        "suggested": suggested,
        "doc_types": DocType.choices,
        "given": request.POST,
    }
    return render(request, "plans/review.html", context)


def _given_date(value: str) -> date | None:
    """A date a person typed (a date of issue the text does not give, a duty's deadline);
    blank: none given."""
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValidationError(_("This is not a real date.")) from exc


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = policy.plan_for(request.user, plan_id)
    themes = list(plan.themes.all())
    context = {
        "plan": plan,
        "may_manage": policy.may_manage(request.user, plan) and plan.is_current,
        "themes": [t for t in themes if t.parent_id is None],
        "children": {t.pk: [c for c in themes if c.parent_id == t.pk] for t in themes},
        "statements": plan.statements.all(),
        "assignments": plan.assignments.prefetch_related("units", "channels", "mentions__units"),
        "obligations": plan.obligations.select_related("recipient", "via").prefetch_related(
            "reporters"
        ),
        "channel_lines": plan.channel_lines.prefetch_related("channels"),
        "unresolved": plan.mentions.filter(resolved=False),
        "versions": _versions(plan),
        "theme_form": ThemeForm(),
    }
    return render(request, "plans/plan_detail.html", context)


def _versions(plan: Plan) -> list[Plan]:
    chain = [plan]
    while (earlier := chain[-1].previous) is not None:
        chain.append(earlier)
    node = plan
    while hasattr(node, "next_version"):
        node = node.next_version
        chain.insert(0, node)
    return chain


@login_required
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = policy.plan_for(request.user, plan_id, Action.MANAGE)
    form = PlanHeaderForm(request.POST or None, instance=Plan.objects.get(pk=plan.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan, by=request.user, **{f: form.cleaned_data[f] for f in form.changed_data}
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect("plans:detail", plan_id=plan.pk)
    return render(request, "plans/plan_edit.html", {"plan": plan, "form": form})


@login_required
@require_POST
def theme_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = policy.plan_for(request.user, plan_id, Action.MANAGE)
    form = ThemeForm(request.POST)
    parent = None
    parent_id = id_param(request.POST, "parent")
    if parent_id is not None:
        parent = get_object_or_404(Theme, pk=parent_id, plan=plan)
    if form.is_valid():
        try:
            services.theme_add(
                plan=plan, by=request.user, text=form.cleaned_data["text"], parent=parent
            )
        except ValidationError as exc:
            messages.error(request, sentences(exc.messages))
    else:
        messages.error(request, _("The text must not be empty."))
    return redirect("plans:detail", plan_id=plan.pk)


@login_required
@require_POST
def assignment_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = policy.plan_for(request.user, plan_id, Action.MANAGE)
    try:
        assignment = services.assignment_add(
            plan=plan,
            by=request.user,
            text=request.POST.get("text", ""),
            assignee_text=request.POST.get("assignee_text", ""),
            deadline=_given_date(request.POST.get("deadline", "")),
        )
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
    else:
        messages.success(request, _("Duty %(n)s has been added.") % {"n": assignment.number})
    return redirect("plans:detail", plan_id=plan.pk)


@login_required
@require_POST
def theme_change(request: HttpRequest, plan_id: int, theme_id: int) -> HttpResponse:
    plan = policy.plan_for(request.user, plan_id, Action.MANAGE)
    theme = get_object_or_404(Theme, pk=theme_id, plan=plan)
    if request.POST.get("delete"):
        services.theme_delete(theme=theme, by=request.user)
    else:
        form = ThemeForm(request.POST)
        if form.is_valid():
            services.theme_update(theme=theme, by=request.user, text=form.cleaned_data["text"])
        else:
            messages.error(request, _("The text must not be empty."))
    return redirect("plans:detail", plan_id=plan.pk)


@login_required
@require_POST
def mention_map(request: HttpRequest, plan_id: int, mention_id: int) -> HttpResponse:
    plan = policy.plan_for(request.user, plan_id, Action.MANAGE)
    mention = get_object_or_404(Mention, pk=mention_id, plan=plan)
    ids = id_list(request.POST, "units")
    root = Unit.objects.get(pk=plan.issuing_unit.root_id)
    units = list(within(Unit.objects.filter(pk__in=ids), root, ""))
    try:
        services.mention_map(mention=mention, units=units, by=request.user)
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
    else:
        messages.success(request, _("“%(t)s” is now mapped.") % {"t": mention.text})
    return redirect("plans:detail", plan_id=plan.pk)


@login_required
@require_POST
def plan_amend(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = policy.plan_for(request.user, plan_id, Action.MANAGE)
    try:
        new = services.plan_amend(plan=plan, by=request.user)
    except ValidationError as exc:  # e.g. the button pressed twice: already amended
        messages.error(request, sentences(exc.messages))
        return redirect("plans:detail", plan_id=plan.pk)
    messages.success(
        request,
        _("Version %(v)s has been created; the earlier version stays readable.")
        % {"v": new.version},
    )
    return redirect("plans:detail", plan_id=new.pk)


@login_required
def plan_download(request: HttpRequest, plan_id: int, fmt: str = "docx") -> HttpResponse:
    """The plan as a Nghị định 30 document: DOCX to edit, or its PDF/A copy."""
    if fmt not in ("docx", "pdf"):
        raise Http404
    plan = policy.plan_for(request.user, plan_id)
    name = f"{plan.doc_type or 'VB'}-{plan.issuing_unit.abbreviation or plan.pk}-{plan.issue_year}"
    if fmt == "pdf":
        try:
            return download(
                docx_to_pdf(plan_docx(plan)), "application/pdf", f"{name}-v{plan.version}.pdf"
            )
        except PdfUnavailable as exc:
            messages.error(request, str(exc))
            return redirect("plans:detail", plan_id=plan.pk)
    return download(
        plan_docx(plan),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f"{name}-v{plan.version}.docx",
    )


@login_required
def unit_search(request: HttpRequest, plan_id: int) -> HttpResponse:
    """htmx: units of the plan's province matching the typed name, to map a mention."""
    plan = policy.plan_for(request.user, plan_id, Action.MANAGE)
    root = Unit.objects.get(pk=plan.issuing_unit.root_id)
    q = request.GET.get("q", "")[:200]
    units = (
        within(units_search(q=q, valid_on=plan.reference_date), root, "")[:20]
        if len(q) >= 2
        else []
    )
    return render(
        request,
        "plans/_unit_options.html",
        {"units": units, "mention_id": request.GET.get("mention")},
    )
