"""API routes for programs such as a newspaper's CMS: activities and the taxonomy."""

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from hangviet.activities import policy, selectors, services
from hangviet.activities.models import Activity, Kind, Measure, Source
from hangviet.core.pagination import MAX_LIMIT, MAX_OFFSET
from hangviet.core.params import Day, Id, Quantity
from hangviet.core.periods import PeriodError, period_for_code
from hangviet.orgs.models import Unit
from hangviet.orgs.permissions import Action, User
from hangviet.plans.models import Channel, Theme
from hangviet.plans.policy import plans_for

activities_router = Router(tags=["activities"])
taxonomy_router = Router(tags=["taxonomy"])


class ActivityOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    plan: int | None = Field(alias="plan_id")
    assignment: int | None = Field(alias="assignment_id")
    channel: str
    kind: str
    title: str
    summary: str
    date: dt.date
    end_date: dt.date | None
    quantity: int
    measure: str
    url: str
    themes: list[int]
    communes: list[int]
    source: str
    status: str
    external_id: str
    duplicates: list[int] = []


class ActivityIn(Schema):
    unit: Id
    channel: str
    kind: str
    title: str = Field(..., max_length=300)
    date: Day
    end_date: Day | None = None
    plan: Id | None = None
    themes: list[Id] = []
    quantity: Quantity = 1
    measure: str | None = None
    url: str = Field("", max_length=500)
    summary: str = Field("", max_length=5000)
    communes: list[Id] = []
    external_id: str = Field("", max_length=120)
    status: str = "draft"


class ActivityPatch(Schema):
    channel: str | None = None
    kind: str | None = None
    title: str | None = Field(None, max_length=300)
    date: Day | None = None
    end_date: Day | None = None
    themes: list[Id] | None = None
    quantity: Quantity | None = None
    measure: str | None = None
    url: str | None = Field(None, max_length=500)
    summary: str | None = Field(None, max_length=5000)
    communes: list[Id] | None = None
    status: str | None = None


class Page(Schema):
    """How to page: ask with `limit` (1–1000); the answer's `next` is the cursor of the next
    page — send it back as `after` until `next` is null. Pages follow the list's order (newest
    date first, then newest id), reach every row and cost the same at any depth; `count` is
    the number of rows the filters select. `offset` still works for old clients, but a deep
    offset is slow: use `after`."""

    items: list[ActivityOut]
    count: int
    next: str | None = None


class PageQuery(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description="rows per page (1–1000)")
    after: str = Field(
        "", max_length=40, description="the `next` cursor of the previous page (empty: first)"
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="old-style paging; prefer `after`")


_CURSOR = re.compile(r"^(\d{4}-\d{2}-\d{2})_(\d{1,12})$")


def _after(qs: Any, cursor: str) -> Any:
    """The rows after the cursor "YYYY-MM-DD_ID" in the (-date, -id) order."""
    m = _CURSOR.match(cursor)
    if m is None:
        raise ValidationError({"after": _("The cursor is not one this list gave.")})
    try:
        day = dt.date.fromisoformat(m.group(1))
    except ValueError:
        raise ValidationError({"after": _("The cursor is not one this list gave.")}) from None
    pk = int(m.group(2))
    return qs.filter(Q(date__lt=day) | Q(date=day, pk__lt=pk))


class Filters(Schema):
    unit: Id | None = None
    channel: str = ""
    kind: str = ""
    theme: Id | None = None
    plan: Id | None = None
    period: str = ""
    area: str = ""
    source: str = ""
    status: str = ""
    q: str = Field("", max_length=200)


def _out(
    a: Activity,
    duplicates: list[int] | None = None,
    themes: list[Theme] | None = None,
    communes: list[Unit] | None = None,
) -> dict[str, Any]:
    """The activity as the API answers it; `themes` and `communes`, when the caller has just
    set them, spare reading them back."""
    return {
        "id": a.pk,
        "unit_id": a.unit_id,
        "plan_id": a.plan_id,
        "assignment_id": a.assignment_id,
        "channel": a.channel.code,
        "kind": a.kind,
        "title": a.title,
        "summary": a.summary,
        "date": a.date,
        "end_date": a.end_date,
        "quantity": a.quantity,
        "measure": a.measure,
        "url": a.url,
        "themes": [t.pk for t in (a.themes.all() if themes is None else themes)],
        "communes": [c.pk for c in (a.communes.all() if communes is None else communes)],
        "source": a.source,
        "status": a.status,
        "external_id": a.external_id,
        "duplicates": duplicates or [],
    }


REQUIRED = ("channel", "kind", "title", "date", "quantity", "status")


def _resolve(data: dict[str, Any], user: User) -> tuple[dict[str, Any], list[Theme], list[Unit]]:
    """Turn codes and ids into objects, with a message per field for what is unknown. Plans
    and themes the caller may not read are unknown: a message never names them."""
    errors: dict[str, list[str]] = {}
    out = dict(data)
    for name in REQUIRED:
        if name in data and data[name] is None:
            errors[name] = [_("This field cannot be empty.")]
    if "channel" in data and data["channel"] is not None:
        out["channel"] = Channel.objects.filter(code=data["channel"]).first()
        if out["channel"] is None:
            errors["channel"] = [_("Unknown channel “%(c)s”.") % {"c": data["channel"]}]
    if "kind" in data and data["kind"] is not None and data["kind"] not in Kind.values:
        errors["kind"] = [_("Unknown kind of activity “%(k)s”.") % {"k": data["kind"]}]
    if data.get("measure") and data["measure"] not in Measure.values:
        errors["measure"] = [_("Unknown measure “%(m)s”.") % {"m": data["measure"]}]
    if data.get("plan") is not None:
        out["plan"] = plans_for(user, current_only=False).filter(pk=data["plan"]).first()
        if out["plan"] is None:
            errors["plan"] = [_("The plan does not exist.")]
    themes: list[Theme] = []
    if data.get("themes"):
        readable = plans_for(user, current_only=False)
        themes = list(Theme.objects.filter(pk__in=data["themes"], plan__in=readable.values("pk")))
        if len(themes) != len(set(data["themes"])):
            errors["themes"] = [_("Some themes do not exist.")]
    communes: list[Unit] = []
    if data.get("communes"):
        communes = list(Unit.objects.filter(pk__in=data["communes"]))
        if len(communes) != len(set(data["communes"])):
            errors["communes"] = [_("Some communes do not exist.")]
    if errors:
        raise ValidationError(errors)
    out.pop("themes", None)
    out.pop("communes", None)
    return out, themes, communes


@activities_router.get("", response=Page, summary="List activities (paged by cursor)")
def list_activities(
    request: HttpRequest, filters: Query[Filters], page: Query[PageQuery]
) -> dict[str, Any]:
    """Activities of the caller's units, newest first, filtered as the list page is. Page with
    `limit` and the `next` cursor sent back as `after` until `next` is null: every row is
    reached, at the same cost on the first page and the thousandth."""
    try:
        unit = policy.unit_to_read(request.user, filters.unit)
    except Http404:
        raise ValidationError({"unit": _("This unit is outside what you may see.")}) from None
    period = None
    if filters.period:
        try:
            period = period_for_code(filters.period)
        except PeriodError as exc:
            raise ValidationError({"period": str(exc)}) from exc
    qs = selectors.activities_for(
        request.user,
        selectors.ActivityFilter(
            unit=unit,
            channel=filters.channel,
            kind=filters.kind,
            theme=filters.theme,
            plan=filters.plan,
            period=period,
            area=filters.area,
            source=filters.source,
            status=filters.status,
            q=filters.q,
        ),
    ).order_by("-date", "-id")
    count = qs.count()
    if page.after:
        qs = _after(qs, page.after)
        rows = list(qs.prefetch_related("themes", "communes")[: page.limit + 1])
    else:
        start = page.offset
        rows = list(qs.prefetch_related("themes", "communes")[start : start + page.limit + 1])
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    last = rows[-1] if rows else None
    return {
        "items": [_out(a) for a in rows],
        "count": count,
        "next": f"{last.date.isoformat()}_{last.pk}" if more and last is not None else None,
    }


@activities_router.post(
    "",
    response={200: ActivityOut, 201: ActivityOut},
    summary="Create an activity (idempotent with external_id)",
)
def create_activity(request: HttpRequest, payload: ActivityIn) -> Status:
    unit = Unit.objects.filter(pk=payload.unit).first()
    if unit is None:
        raise ValidationError({"unit": [_("The unit does not exist.")]})
    policy.require_log_for(request.user, unit)
    data, themes, communes = _resolve(payload.dict(exclude={"unit"}), request.user)
    data["source"] = Source.API
    if payload.external_id:
        data.pop("external_id")
        activity, created = services.activity_upsert(
            by=request.user,
            unit=unit,
            external_id=payload.external_id,
            themes=themes,
            communes=communes,
            **data,
        )
    else:
        data.pop("external_id")
        activity, created = (
            services.activity_create(
                by=request.user, unit=unit, themes=themes, communes=communes, **data
            ),
            True,
        )
    duplicates = services.duplicate_ids(
        unit=unit,
        day=activity.date,
        title=activity.title,
        url=activity.url,
        exclude=activity.pk,
        viewer=request.user,
    )
    return Status(201 if created else 200, _out(activity, duplicates, themes, communes))


@activities_router.get("/{activity_id}/", response=ActivityOut, summary="One activity")
def get_activity(request: HttpRequest, activity_id: Id) -> dict[str, Any]:
    return _out(policy.activity_for(request.user, activity_id))


class FileOut(Schema):
    id: int
    name: str = Field(alias="original_name")
    content_type: str
    size: int


@activities_router.post(
    "/{activity_id}/files/",
    response={201: FileOut},
    summary="Attach an evidence file (photos are re-encoded; the same file twice is kept once)",
)
def add_file(request: HttpRequest, activity_id: Id, file: File[UploadedFile]) -> Status:
    activity = policy.activity_for(request.user, activity_id, Action.EDIT)
    return Status(201, services.attachment_add(activity=activity, by=request.user, upload=file))


@activities_router.patch("/{activity_id}/", response=ActivityOut, summary="Change an activity")
def patch_activity(request: HttpRequest, activity_id: Id, payload: ActivityPatch) -> dict[str, Any]:
    activity = policy.activity_for(request.user, activity_id)
    changes = payload.dict(exclude_unset=True)
    themes = changes.pop("themes", None)
    communes = changes.pop("communes", None)
    data, theme_objs, commune_objs = _resolve(
        {**changes, "themes": themes or [], "communes": communes or []}, request.user
    )
    updated = services.activity_update(
        activity=activity,
        by=request.user,
        themes=theme_objs if themes is not None else None,
        communes=commune_objs if communes is not None else None,
        **data,
    )
    return _out(updated)


@activities_router.delete("/{activity_id}/", response={204: None}, summary="Delete softly")
def delete_activity(request: HttpRequest, activity_id: Id) -> Status:
    services.activity_delete(
        activity=policy.activity_for(request.user, activity_id), by=request.user
    )
    return Status(204, None)


class TaxonomyOut(Schema):
    channels: list[dict]
    kinds: list[dict]
    measures: list[dict]
    plans: list[dict]


@taxonomy_router.get(
    "", response=TaxonomyOut, summary="Codes of channels, kinds, measures; themes of each plan"
)
def taxonomy(request: HttpRequest) -> dict[str, Any]:
    plans = plans_for(request.user).prefetch_related("themes")
    return {
        "channels": [
            {"code": c.code, "name": c.name, "group": c.group} for c in Channel.objects.all()
        ],
        "kinds": [{"code": v, "name": str(lbl)} for v, lbl in Kind.choices],
        "measures": [{"code": v, "name": str(lbl)} for v, lbl in Measure.choices],
        "plans": [
            {
                "id": p.pk,
                "summary": p.summary,
                "year": p.issue_year,
                "themes": [
                    {"id": t.pk, "text": t.label, "parent": t.parent_id} for t in p.themes.all()
                ],
            }
            for p in plans
        ],
    }
