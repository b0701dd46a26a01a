"""Pages of activities: the list and its exports, quick entry, one activity, the Excel round
trip. Every query goes through `selectors.activities_for` or the permission module."""

import hashlib
import json
import re
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
)
from django.shortcuts import redirect, render
from django.template import Context, Template
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from hangviet.activities import excel, exports, policy, selectors, services
from hangviet.activities.evidence import max_bytes
from hangviet.activities.forms import ActivityForm, ExcelUploadForm, FilterForm
from hangviet.activities.locks import closing, explain
from hangviet.activities.models import (
    KIND_DEFAULTS,
    Activity,
    Kind,
    Status,
)
from hangviet.core.forms import choice_field
from hangviet.core.params import id_list, id_param, page_param
from hangviet.core.routers import reads_from_replica
from hangviet.core.text import sentences
from hangviet.core.typing import is_htmx, signed_in
from hangviet.core.web import download, next_url
from hangviet.orgs.models import Unit
from hangviet.orgs.permissions import Action, User
from hangviet.plans.models import Channel, Plan, Theme
from hangviet.plans.policy import plans_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filter_units(user: User) -> list[Unit]:
    """The units offered in the filter: the user's own units and the level under them."""
    roots = policy.filter_roots(user)
    if not roots:
        roots = list(Unit.objects.filter(parent__isnull=True, valid_to__isnull=True))
    children = Unit.objects.filter(parent__in=roots, valid_to__isnull=True).order_by("kind", "name")
    return [*roots, *children[:300]]


SAVED = "luu"


def _filters(request: HttpRequest) -> tuple[FilterForm, selectors.ActivityFilter]:
    themes = Theme.objects.filter(
        plan__in=plans_for(request.user)[:20], parent__isnull=True
    ).select_related("plan")
    query = request.GET.copy()
    query.pop(SAVED, None)  # not a filter: which entry quick entry has just saved
    form = FilterForm(query or None, units=_filter_units(request.user), themes=themes)
    f = selectors.ActivityFilter()
    if query and form.is_valid():
        data = form.cleaned_data
        unit = policy.unit_to_read(request.user, data["unit"] or None)
        f = selectors.ActivityFilter(
            unit=unit,
            channel=data["channel"],
            kind=data["kind"],
            theme=data["theme"],
            period=data["period"],
            area=data["area"],
            source=data["source"],
            status=data["status"],
            q=data["q"],
            deleted=request.GET.get("bin") == "1",
        )
    elif request.GET.get("bin") == "1":
        f.deleted = True
    if f.deleted and not policy.may_see_bin(request.user):
        raise PermissionDenied(_("Only coordinators see deleted activities."))
    return form, f


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    saved = id_param(request.GET, SAVED)
    if saved is not None and not is_htmx(request):
        # Quick entry sent the entry from its outbox and comes here, as the form's post would.
        activity = Activity.objects.filter(pk=saved).first()
        if activity is not None and policy.may(request.user, activity, Action.VIEW):
            messages.success(request, _("Saved: %(t)s") % {"t": activity.title})
    form, f = _filters(request)
    page = page_param(request.GET)
    if form.is_bound and not form.is_valid():
        rows: list[Activity] = []  # the errors are shown by the filters, not hidden by rows
        has_next = False
    else:
        rows, has_next = selectors.page_of(selectors.activities_for(request.user, f), page)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop(SAVED, None)
    context = {
        "form": form,
        "rows": rows,
        "page": page,
        "has_next": has_next,
        "query": query.urlencode(),
        "bin": f.deleted,
        "may_edit": policy.may_log(request.user),
        "may_manage": policy.may_see_bin(request.user),
    }
    template = "activities/_rows.html" if is_htmx(request) else "activities/list.html"
    return render(request, template, context)


@login_required
@reads_from_replica
def activity_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form, f = _filters(request)
    if form.is_bound and not form.is_valid():
        errors = sentences(e for errs in form.errors.values() for e in errs)
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    qs = selectors.activities_for(request.user, f)[:200_000]
    if fmt == "csv":
        response = download(
            exports.to_csv(qs.iterator(chunk_size=2000)), "text/csv; charset=utf-8", "hoat-dong.csv"
        )
    else:
        response = download(exports.to_xlsx(qs.iterator(chunk_size=2000)), XLSX, "hoat-dong.xlsx")
    return response


@login_required
@require_POST
def bulk_confirm(request: HttpRequest) -> HttpResponse:
    ids = id_list(request.POST, "ids")
    visible = policy.activities_for(request.user, Action.EDIT, Activity.objects.filter(pk__in=ids))
    count = services.activities_confirm(activities=visible.select_related("unit"), by=request.user)
    messages.success(request, _("%(n)s activities confirmed.") % {"n": count})
    return redirect(next_url(request, reverse("activities:list")))


def _active_plan(units: list[Unit]) -> Plan | None:
    """The newest current plan that assigns a duty to one of `units` (or their parents)."""
    ids = set()
    for unit in units:
        ids.update([unit.pk, *unit.ancestor_ids])
    return (
        Plan.objects.filter(superseded_at__isnull=True, assignments__units__in=ids)
        .order_by("-issue_year", "-id")
        .first()
    )


def _form_context(
    request: HttpRequest,
    data: Any = None,
    files: Any = None,
    initial: dict[str, Any] | None = None,
    plan: Plan | None = None,
) -> tuple[ActivityForm, list[Unit], Plan | None]:
    units = selectors.default_units(request.user)
    plan = plan or _active_plan(units)
    themes = list(Theme.objects.filter(plan=plan, parent__isnull=True)) if plan else []
    roots = {u.root_id for u in units}
    communes = Unit.objects.filter(
        kind="commune_pc", valid_to__isnull=True, parent_id__in=roots
    ).order_by("name")
    form = ActivityForm(data, files, units=units, themes=themes, communes=communes, initial=initial)
    return form, units, plan


@login_required
def activity_new(request: HttpRequest) -> HttpResponse:
    policy.require_log(request.user)
    units = selectors.default_units(request.user)
    first = units[0] if units else None
    kind = request.GET.get("kind") or (
        Kind.LOUDSPEAKER if first and first.kind == "commune_pc" else Kind.ARTICLE
    )
    measure, channel = KIND_DEFAULTS.get(kind, KIND_DEFAULTS[Kind.OTHER])
    initial = {
        "unit": first.pk if first else None,
        "kind": kind,
        "channel": channel,
        "measure": measure,
        "quantity": 1,
        "confirmed": True,
    }
    form, units, plan = _form_context(
        request, request.POST or None, request.FILES or None, initial=initial
    )
    duplicates: list[Activity] = []
    if request.method == "POST":
        too_big = int(request.META.get("CONTENT_LENGTH") or 0) > max_bytes() + 1_000_000
        if too_big:
            form.add_error(
                "file",
                _("The file is too large; the limit is %(l)s MB.") % {"l": max_bytes() // 1048576},
            )
        elif form.is_valid():
            activity, duplicates = _save(request, form, plan)
            if activity is not None:
                messages.success(request, _("Saved: %(t)s") % {"t": activity.title})
                if request.POST.get("again"):
                    return redirect(f"{request.path}?kind={activity.kind}")
                return redirect("activities:list")
    return render(
        request,
        "activities/form.html",
        {
            "form": form,
            "plan": plan,
            "duplicates": duplicates,
            "kind_defaults": _kind_defaults_json(),
            "main_fields": MAIN_FIELDS,
            "max_bytes": max_bytes(),
        },
    )


MAIN_FIELDS = [
    "unit",
    "kind",
    "channel",
    "title",
    "date",
    "quantity",
    "measure",
    "theme",
    "confirmed",
]


def _kind_defaults_json() -> dict:
    return {str(k): {"measure": str(m), "channel": c} for k, (m, c) in KIND_DEFAULTS.items()}


def _save(
    request: HttpRequest,
    form: ActivityForm,
    plan: Plan | None,
    activity: Activity | None = None,
) -> tuple[Activity | None, list[Activity]]:
    data = form.cleaned_data
    unit = Unit.objects.filter(pk=data["unit"]).first()
    if unit is None or not policy.may_log_for(request.user, unit):
        form.add_error("unit", _("You may not report for this unit."))
        return None, []
    if not data.get("force") and activity is None:
        duplicates = services.find_duplicates(
            unit=unit, day=data["date"], title=data["title"], url=data["url"], viewer=request.user
        )
        if duplicates:
            data_again = dict(form.data.items())
            data_again["force"] = "1"
            form.data = data_again
            return None, duplicates
    themes = list(Theme.objects.filter(pk=data["theme"], plan=plan)) if data["theme"] else []
    communes = list(Unit.objects.filter(pk__in=data["communes"], kind="commune_pc"))
    fields = {
        "unit": unit,
        "plan": plan if activity is None else activity.plan,
        "channel": Channel.objects.get(code=data["channel"]),
        "kind": data["kind"],
        "title": data["title"],
        "summary": data["summary"],
        "date": data["date"],
        "end_date": data["end_date"],
        "quantity": data["quantity"],
        "measure": data["measure"],
        "url": data["url"],
        "status": Status.CONFIRMED if data["confirmed"] else Status.DRAFT,
    }
    try:
        # One transaction: a refused evidence file leaves no half-saved activity behind.
        with transaction.atomic():
            if activity is None:
                saved = services.activity_create(
                    by=request.user, themes=themes, communes=communes, **fields
                )
            else:
                fields.pop("plan")
                saved = services.activity_update(
                    activity=activity, by=request.user, themes=themes, **fields
                )
            if data.get("file"):
                services.attachment_add(activity=saved, by=request.user, upload=data["file"])
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None, []
    except PermissionDenied as exc:
        form.add_error("unit", str(exc))
        return None, []
    return saved, []


@login_required
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = policy.activity_for(request.user, activity_id, deleted=True)
    may_edit = activity.deleted_at is None and policy.may(request.user, activity, Action.EDIT)
    theme = activity.themes.first()
    initial = {
        "unit": activity.unit_id,
        "kind": activity.kind,
        "channel": activity.channel.code,
        "title": activity.title,
        "date": activity.date,
        "end_date": activity.end_date,
        "quantity": activity.quantity,
        "measure": activity.measure,
        "theme": theme.pk if theme else None,
        "summary": activity.summary,
        "url": activity.url,
        "confirmed": activity.status == Status.CONFIRMED,
        "communes": list(activity.communes.values_list("pk", flat=True)),
    }
    form, _units, plan = _form_context(
        request, request.POST or None, request.FILES or None, initial=initial, plan=activity.plan
    )
    units = choice_field(form, "unit")
    # ModelChoiceField.choices is an iterator of (value, label) pairs the stubs do not spell.
    offered: list[Any] = list(units.choices)  # type: ignore[arg-type]
    # (django-stubs types choices as a lazy iterable that list() does not accept.)
    if activity.unit_id not in {value for value, _label in offered}:
        units.choices = [(activity.unit_id, activity.unit.display_name), *offered]
    lock = closing(activity.unit, activity.date, activity.end_date)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("You may not change this activity."))
        if form.is_valid():
            saved, _dups = _save(request, form, plan, activity)
            if saved is not None:
                messages.success(request, _("Saved: %(t)s") % {"t": saved.title})
                return redirect("activities:detail", activity_id=activity.pk)
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "form": form,
            "may_edit": may_edit,
            "attachments": activity.attachments.all(),
            "may_publish": activity.deleted_at is None
            and policy.may(request.user, activity, Action.MANAGE),
            "public_outdated": services.public_copy_outdated(activity),
            "may_restore": activity.deleted_at is not None
            and policy.may(request.user, activity, Action.MANAGE),
            "duplicates": services.find_duplicates(
                unit=activity.unit,
                day=activity.date,
                title=activity.title,
                url=activity.url,
                exclude=activity.pk,
                viewer=request.user,
            ),
            "kind_defaults": _kind_defaults_json(),
            "main_fields": MAIN_FIELDS,
            "lock_words": explain(lock) if lock else "",
            "returns": list(activity.returns.select_related("returned_by", "answered_by")),
            "may_return": activity.deleted_at is None and policy.may_return(request.user, activity),
        },
    )


@login_required
@require_POST
def activity_delete(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = policy.activity_for(request.user, activity_id)
    services.activity_delete(activity=activity, by=request.user)
    messages.success(request, _("Deleted. The coordinator can restore it."))
    return redirect("activities:list")


@login_required
@require_POST
def activity_publish(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = policy.activity_for(request.user, activity_id)
    public = request.POST.get("public") == "1"
    try:
        services.activity_publish(activity=activity, by=request.user, public=public)
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
    else:
        if public:
            messages.success(
                request,
                _("Published in the campaign's news column: %(u)s")
                % {"u": request.build_absolute_uri(reverse("portal:news"))},
            )
        else:
            messages.success(request, _("Taken off the news column."))
    return redirect("activities:detail", activity_id=activity.pk)


@login_required
@require_POST
def activity_restore(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = policy.activity_for(request.user, activity_id, deleted=True)
    services.activity_restore(activity=activity, by=request.user)
    messages.success(request, _("Restored."))
    return redirect("activities:detail", activity_id=activity.pk)


@login_required
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = policy.attachment_for(request.user, attachment_id)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=not attachment.content_type.startswith("image/"),
        filename=attachment.download_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def excel_template(request: HttpRequest) -> HttpResponse:
    policy.require_log(request.user)
    plan = None
    plan_id = id_param(request.GET, "plan")
    if plan_id is not None:
        plan = plans_for(request.user).filter(pk=plan_id).first()
    plan = plan or _active_plan(selectors.default_units(request.user))
    response = download(excel.template(signed_in(request), plan), XLSX, "mau-nhap-hoat-dong.xlsx")
    return response


@login_required
def excel_upload(request: HttpRequest) -> HttpResponse:
    policy.require_log(request.user)
    plans = list(plans_for(request.user)[:50])
    form = ExcelUploadForm(
        request.POST or None,
        request.FILES or None,
        plans=plans,
        initial={"plan": getattr(_active_plan(selectors.default_units(request.user)), "pk", None)},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = getattr(settings, "ACTIVITY_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
        if upload.size > limit:
            form.add_error(
                "file", _("The file is too large; the limit is %(l)s MB.") % {"l": limit // 1048576}
            )
        else:
            plan = next((p for p in plans if p.pk == form.cleaned_data["plan"]), None)
            try:
                draft = excel.activity_upload_create(
                    by=signed_in(request), plan=plan, filename=upload.name or "", data=upload.read()
                )
            except excel.ExcelError as exc:
                form.add_error("file", str(exc))
            else:
                return redirect("activities:excel_preview", upload_id=draft.pk)
    return render(request, "activities/excel_upload.html", {"form": form})


@login_required
def excel_preview(request: HttpRequest, upload_id: int) -> HttpResponse:
    draft = policy.upload_for(request.user, upload_id)
    try:
        result = excel.upload_result(draft, by=signed_in(request))
        if request.method == "POST" and draft.imported_at is None:
            only_valid = request.POST.get("mode") == "valid_only"
            result = excel.activity_upload_import(
                upload=draft, by=signed_in(request), only_valid=only_valid
            )
            draft.refresh_from_db()
            if draft.imported_at is None:
                messages.error(request, _("Nothing was imported: the file has errors."))
            else:
                messages.success(
                    request,
                    _("%(c)s activities imported; %(s)s were already there.")
                    % {"c": result.created, "s": result.skipped},
                )
    except excel.ExcelError as exc:
        messages.error(request, str(exc))
        return redirect("activities:excel_upload")
    return render(request, "activities/excel_preview.html", {"draft": draft, "result": result})


@login_required
def excel_errors(request: HttpRequest, upload_id: int) -> HttpResponse:
    draft = policy.upload_for(request.user, upload_id)
    try:
        result = excel.upload_result(draft, by=signed_in(request))
    except excel.ExcelError as exc:
        messages.error(request, str(exc))
        return redirect("activities:excel_upload")
    response = download(excel.errors_workbook(result), XLSX, "dong-can-sua.xlsx")
    return response


# The static files the quick entry page needs, kept by the service worker for offline use.
# How long a kept page waits for the network before its last copy is shown (a weak signal).
OFFLINE_WAIT_MS = 6000
OFFLINE_ASSETS = [
    "hangviet/app.css",
    "hangviet/app.js",
    "hangviet/favicon.svg",
    "activities/outbox.js",
]


def _htmx_files() -> list[str]:
    """The htmx files the pages load (their names carry htmx's version)."""
    tags = Template("{% load django_htmx %}{% htmx_script %}").render(Context())
    return re.findall(r'src="([^"]+)"', tags)


@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker (activities/sw.js), for the whole site (it keeps the pages a commune
    officer reads offline); its version changes with the static files it keeps."""
    assets = [static(name) for name in OFFLINE_ASSETS] + _htmx_files()
    version = hashlib.sha256("|".join(assets).encode()).hexdigest()[:12]
    kept = [
        {"path": reverse("home"), "label": str(_("To do"))},
        {"path": reverse("activities:list"), "label": str(_("Your recent entries"))},
        {"path": reverse("activities:new"), "label": str(_("Log an activity"))},
    ]
    words = {
        "copy": str(_("No connection: this is the copy kept at %(t)s.")),
        "title": str(_("No connection")),
        "text": str(_("This page is not kept on this phone. These are, as last seen:")),
    }
    body = render_to_string(
        "activities/sw.js",
        {
            "version": version,
            "assets": json.dumps(assets),
            "kept": json.dumps(kept, ensure_ascii=False),
            "words": json.dumps(words, ensure_ascii=False),
            "wait_ms": OFFLINE_WAIT_MS,
            "zone": settings.TIME_ZONE,
            "static_prefix": settings.STATIC_URL,
        },
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@login_required
@require_POST
def activity_return(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The reviewer sends this piece of evidence back to its unit with what is missing."""
    activity = policy.activity_for(request.user, activity_id)
    try:
        services.activity_return(
            activity=activity, comment=request.POST.get("comment", ""), by=request.user
        )
        messages.success(request, _("Sent back to %(u)s.") % {"u": activity.unit.display_name})
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
    return redirect("activities:detail", activity_id=activity.pk)


@login_required
@require_POST
def return_answer(request: HttpRequest, return_id: int) -> HttpResponse:
    """The unit answers a request for more (or the reviewer settles the answer)."""
    returned = policy.return_for(request.user, return_id)
    try:
        if request.POST.get("action") == "settle":
            services.activity_return_close(returned=returned, by=request.user)
            messages.success(request, _("Settled."))
        else:
            services.activity_return_answer(
                returned=returned, answer=request.POST.get("answer", ""), by=request.user
            )
            messages.success(request, _("Sent back to the coordinator."))
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
    return redirect("activities:detail", activity_id=returned.activity_id)
