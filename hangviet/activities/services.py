"""Writes to activities: create, edit, confirm, delete and restore, attach evidence.
Each is atomic, validated, permission-checked on the activity's unit, and audited."""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import ForeignKey
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from hangviet.activities import policy
from hangviet.activities.evidence import CheckedFile, EvidenceError, check_upload
from hangviet.activities.locks import require_open
from hangviet.activities.models import (
    KIND_DEFAULTS,
    MAX_SPAN_DAYS,
    Activity,
    ActivityReturn,
    Attachment,
    EvidenceLock,
    Kind,
    LockException,
    Measure,
    ReturnStatus,
    Source,
    Status,
    public_copy_of,
)
from hangviet.activities.signals import changed
from hangviet.core import audit, images
from hangviet.core.receivers import clean_instance
from hangviet.core.text import fold, is_blank, nfc
from hangviet.core.typing import Actor, account_of
from hangviet.core.web import normalize_url
from hangviet.orgs.models import Unit, UnitKind
from hangviet.orgs.permissions import Action
from hangviet.plans.models import Assignment, Channel, Plan, Theme

User = Actor
EARLIEST = date(2000, 1, 1)
FIELDS = (
    "unit",
    "plan",
    "assignment",
    "channel",
    "kind",
    "title",
    "summary",
    "date",
    "end_date",
    "quantity",
    "measure",
    "url",
    "status",
    "external_id",
)

EVIDENCE_MAX_SIDE = 4000  # a long screenshot of a portal page stays readable


def plan_range(plan: Plan) -> tuple[date, date]:
    """Return the dates a yearly plan covers."""
    return date(plan.issue_year, 1, 1), date(plan.issue_year, 12, 31)


def validate(
    data: dict[str, Any], *, themes: Iterable[Theme] = (), communes: Iterable[Unit] = ()
) -> None:
    """Raise ValidationError with a message per field for anything an activity cannot be."""
    errors: dict[str, list[str]] = {}

    def err(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    unit: Unit | None = data.get("unit")
    day: date | None = data.get("date")
    end: date | None = data.get("end_date")
    if is_blank(data.get("title")):
        err("title", _("The title must not be empty or made only of invisible characters."))
    if data.get("kind") not in Kind.values:
        err("kind", _("Unknown kind of activity “%(k)s”.") % {"k": data.get("kind")})
    if data.get("kind") in Kind.values and data.get("measure") not in Measure.values:
        # (an unknown kind has no measure of its own: its error says enough)
        err("measure", _("Unknown measure “%(m)s”.") % {"m": data.get("measure")})
    quantity = data.get("quantity")
    if not isinstance(quantity, int) or quantity < 1:
        # Every measure counts something (items, broadcasts, minutes, copies, people…): an
        # activity of none did not happen, and 0 would count it in "how many activities".
        err("quantity", _("The quantity must be a whole number, 1 or more."))
    elif quantity > 10_000_000:
        err("quantity", _("The quantity is implausibly large."))
    if day is None:
        err("date", _("The date is required."))
    else:
        today = timezone.localdate()
        if day < EARLIEST or day > today:
            err("date", _("The date must be between 01/01/2000 and today."))
        if end is not None and end < day:
            err("end_date", _("The end date is before the start date."))
        if end is not None and end > today:
            err("end_date", _("The end date cannot be in the future."))
        if end is not None and (end - day).days > MAX_SPAN_DAYS:
            err(
                "end_date",
                _("An activity lasts at most a year; log a longer one once for each year."),
            )
        plan: Plan | None = data.get("plan")
        if plan is not None:
            first, last = plan_range(plan)
            if not (first <= day <= last) or (end is not None and end > last):
                err(
                    "date",
                    _("The date is outside the plan's period (%(a)s – %(b)s).")
                    % {"a": first.strftime("%d/%m/%Y"), "b": last.strftime("%d/%m/%Y")},
                )
        if unit is not None and not unit.is_valid_on(day):
            err(
                "unit",
                _("“%(u)s” did not exist on %(d)s.")
                % {"u": unit.display_name, "d": day.strftime("%d/%m/%Y")},
            )
    assignment: Assignment | None = data.get("assignment")
    if assignment is not None and assignment.plan_id != getattr(data.get("plan"), "pk", None):
        err("assignment", _("The assignment belongs to another plan."))
    plan_id = getattr(data.get("plan"), "pk", None)
    for theme in themes:
        if theme.plan_id != plan_id:
            err("themes", _("The theme “%(t)s” belongs to another plan.") % {"t": theme.label})
    for commune in communes:
        if commune.kind != UnitKind.COMMUNE_PC:
            err("communes", _("“%(u)s” is not a commune or ward.") % {"u": commune.display_name})
        elif day is not None and not commune.is_valid_on(day):
            err(
                "communes",
                _("“%(u)s” did not exist on %(d)s.")
                % {"u": commune.display_name, "d": day.strftime("%d/%m/%Y")},
            )
    url = (data.get("url") or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            err("url", _("The link must be a web address starting with http:// or https://."))
    if errors:
        raise ValidationError(errors)


def duplicate_ids(
    *,
    unit: Unit,
    day: date,
    title: str,
    url: str = "",
    exclude: int | None = None,
    viewer: User = None,
) -> list[int]:
    """The ids of activities that look like the same one: same link, or same unit and date
    with a similar title — among those `viewer` may read (another unit's drafts are never
    shown, not even by id); None is the system."""
    key = normalize_url(url) if url else ""
    qs = Activity.objects.exclude(pk=exclude) if exclude else Activity.objects.all()
    if viewer is not None:
        qs = policy.activities_for(viewer, rows=qs)
    found: list[int] = []
    if key:
        found.extend(qs.filter(url_key=key).values_list("pk", flat=True)[:5])
    folded = fold(title)[:300]
    # search_title is the folded title kept on the row: nothing to fold per candidate
    rows = qs.filter(unit=unit, date=day).values_list("pk", "search_title", "title")[:50]
    for pk, other, raw in rows:
        # normalized indel similarity (2·LCS / total length), computed in C
        if pk not in found and fuzz.ratio(other or fold(raw)[:300], folded, score_cutoff=85):
            found.append(pk)
    return found


def find_duplicates(
    *,
    unit: Unit,
    day: date,
    title: str,
    url: str = "",
    exclude: int | None = None,
    viewer: User = None,
) -> list[Activity]:
    """The activities of `duplicate_ids`, in its order."""
    ids = duplicate_ids(unit=unit, day=day, title=title, url=url, exclude=exclude, viewer=viewer)
    rows = Activity.objects.in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def _checked_save(activity: Activity) -> None:
    """Validate the fields and save. The related rows were handed over as objects already
    read, so the database is not asked again whether they exist; the unique and check
    constraints are the database's to enforce, and a violation reads as the same message."""
    given = [
        f.name
        for f in Activity._meta.concrete_fields
        if isinstance(f, ForeignKey)
        and getattr(activity, f.attname) is not None
        and f.is_cached(activity)
    ]
    activity.full_clean(exclude=["themes", "communes", *given], validate_constraints=False)
    try:
        with transaction.atomic():
            activity.save()
    except IntegrityError:
        activity.validate_constraints()  # raises the message a person reads
        raise


def _prepared(data: dict[str, Any]) -> dict[str, Any]:
    kind = data.get("kind")
    defaults = KIND_DEFAULTS.get(kind) if kind else None
    if not data.get("measure") and defaults:
        data["measure"] = defaults[0]
    for key in ("title", "summary", "url", "external_id"):
        if isinstance(data.get(key), str):
            data[key] = nfc(data[key]).strip()
    return data


def _apply_status(activity: Activity, status: str, by: User) -> None:
    if status == Status.CONFIRMED and activity.confirmed_at is None:
        activity.confirmed_at = timezone.now()
        activity.confirmed_by = account_of(by)
    if status == Status.DRAFT:
        activity.confirmed_at = None
        activity.confirmed_by = None


@transaction.atomic
def activity_create(
    *, by: User, themes: Iterable[Theme] = (), communes: Iterable[Unit] = (), **data: Any
) -> Activity:
    """Record an activity and return it."""
    unknown = set(data) - set(FIELDS) - {"source", "import_key"}
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    data = _prepared(data)
    data.setdefault("quantity", 1)
    data.setdefault("status", Status.DRAFT)
    data.setdefault("source", Source.MANUAL)
    if data.get("unit") is not None:
        policy.require_edit(by, new_unit=data["unit"])
    themes, communes = list(themes), list(communes)
    validate(data, themes=themes, communes=communes)
    if data.get("unit") is not None:
        require_open(by, data["unit"], data.get("date"), data.get("end_date"))
    activity = Activity(**data, created_by=account_of(by))
    activity.url_key = normalize_url(activity.url)
    activity.search_title = fold(activity.title)[:300]
    _apply_status(activity, activity.status, by)
    _checked_save(activity)
    if themes:  # a new row has no links yet: add, without reading the empty set first
        activity.themes.add(*themes)
    if communes:
        activity.communes.add(*communes)
    changes = audit.created(activity)
    if themes:
        changes["themes"] = [None, [t.pk for t in themes]]
    if communes:
        changes["communes"] = [None, [c.pk for c in communes]]
    audit.record("create", activity, by=by, unit=activity.unit, changes=changes)
    if activity.status == Status.CONFIRMED:  # a draft counts nowhere yet
        changed(
            added=[
                (
                    activity.unit_id,
                    activity.date,
                    activity.channel_id,
                    activity.kind,
                    activity.quantity or 0,
                    tuple(t.pk for t in themes),
                )
            ]
        )
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    by: User,
    themes: Iterable[Theme] | None = None,
    communes: Iterable[Unit] | None = None,
    **changes: Any,
) -> Activity:
    """Change an activity; moving it to another unit needs the right on both."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    policy.require_edit(by, activity, new_unit=changes.get("unit"))
    require_open(by, activity.unit, activity.date, activity.end_date)
    before = audit.snapshot(activity)
    before_cell = (activity.unit_id, activity.date)
    counted_before = activity.status == Status.CONFIRMED
    before_themes = sorted(activity.themes.values_list("pk", flat=True))
    before_communes = sorted(activity.communes.values_list("pk", flat=True))
    for key, value in _prepared({**changes}).items():
        if key in FIELDS:
            setattr(activity, key, value)
    new_themes = list(themes) if themes is not None else list(activity.themes.all())
    new_communes = list(communes) if communes is not None else list(activity.communes.all())
    validate({f: getattr(activity, f) for f in FIELDS}, themes=new_themes, communes=new_communes)
    require_open(by, activity.unit, activity.date, activity.end_date)
    activity.url_key = normalize_url(activity.url)
    activity.search_title = fold(activity.title)[:300]
    _apply_status(activity, activity.status, by)
    _checked_save(activity)
    differences = audit.diff(before, audit.snapshot(activity))
    if themes is not None:
        activity.themes.set(new_themes)
        after = sorted(t.pk for t in new_themes)
        if after != before_themes:
            differences["themes"] = [before_themes, after]
    if communes is not None:
        activity.communes.set(new_communes)
        after = sorted(c.pk for c in new_communes)
        if after != before_communes:
            differences["communes"] = [before_communes, after]
    if differences:
        audit.record("update", activity, by=by, unit=activity.unit, changes=differences)
        if counted_before or activity.status == Status.CONFIRMED:  # drafts count nowhere
            changed(before_cell, (activity.unit_id, activity.date))
    return activity


@transaction.atomic
def activities_confirm(*, activities: Iterable[Activity], by: User) -> int:
    """Confirm the drafts among `activities` the user may edit; return how many."""
    count = 0
    for activity in activities:
        if activity.status == Status.CONFIRMED or not policy.may(by, activity, Action.EDIT):
            continue
        activity_update(activity=activity, by=by, status=Status.CONFIRMED)
        count += 1
    return count


@transaction.atomic
def activity_delete(*, activity: Activity, by: User) -> None:
    """Delete softly: the coordinator can restore it."""
    policy.require_edit(by, activity)
    require_open(by, activity.unit, activity.date, activity.end_date)
    activity.deleted_at = timezone.now()
    activity.deleted_by = account_of(by)
    activity.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit.record(
        "delete",
        activity,
        by=by,
        unit=activity.unit,
        changes={"deleted_at": [None, activity.deleted_at.isoformat()]},
    )
    if activity.status == Status.CONFIRMED:
        changed((activity.unit_id, activity.date))


@transaction.atomic
def activity_restore(*, activity: Activity, by: User) -> Activity:
    """Bring a deleted activity back (coordinators only)."""
    policy.require_manage(by, activity)
    require_open(by, activity.unit, activity.date, activity.end_date)
    before = activity.deleted_at
    activity.deleted_at = None
    activity.deleted_by = None
    activity.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit.record(
        "restore",
        activity,
        by=by,
        unit=activity.unit,
        changes={"deleted_at": [before.isoformat() if before else None, None]},
    )
    if activity.status == Status.CONFIRMED:
        changed((activity.unit_id, activity.date))
    return activity


def stored_as(unit: Unit, external_id: str) -> Activity | None:
    """The activity a program already sent as `external_id` for `unit` (deleted ones too)."""
    if not external_id:
        return None
    # "external_id ≠ ''" lets the database use the partial unique index of (unit,
    # external_id) instead of reading every row of the unit by date
    rows = Activity.all_objects.filter(unit=unit, external_id=external_id).exclude(external_id="")
    return rows.order_by().first()


@transaction.atomic
def activity_upsert(
    *,
    by: User,
    unit: Unit,
    external_id: str,
    themes: Iterable[Theme] = (),
    communes: Iterable[Unit] = (),
    **data: Any,
) -> tuple[Activity, bool]:
    """Create or update the activity a program knows as `external_id`; return it and whether
    it was created. Sending the same record twice changes nothing the second time."""
    policy.require_log_for(by, unit)
    existing = stored_as(unit, external_id)
    if existing is None:
        try:
            with transaction.atomic():  # a savepoint: losing the race below is recoverable
                return activity_create(
                    by=by,
                    unit=unit,
                    external_id=external_id,
                    themes=themes,
                    communes=communes,
                    **data,
                ), True
        except (IntegrityError, ValidationError):
            # The same record sent twice at once (an outbox retrying on a slow line): the other
            # request stored it first. This one is then a replay, answered the same way.
            existing = stored_as(unit, external_id)
            if existing is None:
                raise
    if existing.deleted_at is not None:
        raise ValidationError(
            {"external_id": _("This record was deleted; ask the coordinator to restore it.")}
        )
    data.pop("source", None)
    return activity_update(
        activity=existing, by=by, themes=themes, communes=communes, **data
    ), False


def import_key_for(unit: Unit, day: date, channel: Channel, kind: str, title: str) -> str:
    """Return the key that makes re-importing the same row a no-op."""
    raw = "|".join([str(unit.pk), day.isoformat(), channel.code, kind, fold(title)])
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


@transaction.atomic
def attachment_add(*, activity: Activity, by: User, upload: UploadedFile) -> Attachment:
    """Keep a file as evidence of `activity`, after checking what it really is."""
    policy.require_edit(by, activity)
    require_open(by, activity.unit, activity.date, activity.end_date)
    try:
        checked = check_upload(upload)
    except EvidenceError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    content: Any = upload
    if checked.content_type.startswith("image/"):
        # Photos and screenshots are kept as pixels we encoded: no EXIF (GPS), nothing hidden.
        upload.seek(0)
        try:
            image = images.reencode(upload.read(), upload.name or "", max_side=EVIDENCE_MAX_SIDE)
        except images.ImageError as exc:
            raise ValidationError({"file": str(exc)}) from exc
        content = ContentFile(image.content)
        checked = CheckedFile(
            image.content_type,
            image.extension,
            len(image.content),
            hashlib.sha256(image.content).hexdigest(),
        )
    same = Attachment.objects.filter(activity=activity, sha256=checked.sha256).first()
    if same is not None:
        return same  # the same file again (a re-sent offline entry): kept once
    attachment = Attachment(
        activity=activity,
        original_name=nfc(upload.name or "")[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=account_of(by),
    )
    attachment.file.save(checked.sha256 + checked.extension, content, save=False)
    attachment.save()
    audit.record(
        "create",
        attachment,
        by=by,
        unit=activity.unit,
        changes={
            "file": [None, attachment.original_name],
            "content_type": [None, checked.content_type],
        },
    )
    return attachment


@transaction.atomic
def activities_bulk_create(
    rows: list[dict[str, Any]], *, by: User, source: str, note: str
) -> list[Activity]:
    """Create many already-validated activities at once (imports, the demo).

    Each row is a dict of Activity fields plus an optional "theme" and optional "communes"
    (the communes it reached). One audit row per unit lists the ids created, so the trail
    stays complete without one row per activity.
    """
    for unit in {r["unit"].pk: r["unit"] for r in rows}.values():
        policy.require_log_for(by, unit)
    by_user = account_of(by)
    now = timezone.now()
    fresh: list[Activity] = []
    themes: list[Theme | None] = []
    reached: list[list[Unit]] = []
    for r in rows:
        r = dict(r)
        theme = r.pop("theme", None)
        reached.append(list(r.pop("communes", None) or []))
        activity = Activity(
            **r,
            source=source,
            created_by=by_user,
            url_key=normalize_url(r.get("url", "")),
            search_title=fold(r["title"])[:300],
        )
        if activity.status == Status.CONFIRMED:
            activity.confirmed_at, activity.confirmed_by = now, by_user
        require_open(by, activity.unit, activity.date, activity.end_date)
        clean_instance(activity)
        fresh.append(activity)
        themes.append(theme)
    created = Activity.objects.bulk_create(fresh, batch_size=500)
    through = Activity.themes.through
    through.objects.bulk_create(
        [
            through(activity_id=a.pk, theme_id=t.pk)
            for a, t in zip(created, themes, strict=True)
            if t is not None
        ],
        batch_size=1000,
    )
    links = Activity.communes.through
    links.objects.bulk_create(
        [
            links(activity_id=a.pk, unit_id=u.pk)
            for a, communes in zip(created, reached, strict=True)
            for u in communes
        ],
        batch_size=1000,
    )
    per_unit: dict[Unit, list[int]] = defaultdict(list)
    for a in created:
        per_unit[a.unit].append(a.pk)
    for unit, ids in per_unit.items():
        audit.record(
            "create",
            unit,
            by=by,
            unit=unit,
            changes={"activities created": [None, len(ids)], "ids": [None, ids]},
            note=note[:300],
        )
    changed(*{(a.unit_id, a.date) for a in created if a.status == Status.CONFIRMED})
    return created


@transaction.atomic
def activity_publish(*, activity: Activity, by: User, public: bool) -> Activity:
    """Put a confirmed activity in the public news column as it reads now, or take it out
    (coordinators). The public sees the copy approved here, never a later edit."""
    policy.require_manage(by, activity)
    if public and activity.status != Status.CONFIRMED:
        raise ValidationError(_("Only a confirmed activity can be published."))
    before = {"is_public": activity.is_public, "public_copy": activity.public_copy}
    activity.is_public = public
    activity.public_copy = public_copy_of(activity) if public else None
    activity.save(update_fields=["is_public", "public_copy", "updated_at"])
    after = {"is_public": activity.is_public, "public_copy": activity.public_copy}
    if before != after:
        audit.record(
            "update", activity, by=by, unit=activity.unit, changes=audit.diff(before, after)
        )
    return activity


def public_copy_outdated(activity: Activity) -> bool:
    """Return whether the activity was edited after the coordinator approved its public copy."""
    return bool(activity.is_public and activity.public_copy != public_copy_of(activity))


# --- locks: evidence of a period whose report was accepted -----------------------------------


@transaction.atomic
def evidence_lock(
    *, unit: Unit, start: date, end: date, reason: str, reference: str, by: User
) -> EvidenceLock:
    """Close the evidence of `unit` dated in [start, end] (its report for the period was
    accepted); an open exception on the same period closes with it."""
    policy.require_lock(by, unit)
    lock, created = EvidenceLock.objects.get_or_create(
        unit=unit,
        start=start,
        end=end,
        defaults={"reason": reason[:300], "reference": reference, "locked_by": account_of(by)},
    )
    if not created:
        before = audit.snapshot(lock)
        lock.reason, lock.reference, lock.locked_by = reason[:300], reference, account_of(by)
        lock.save(update_fields=["reason", "reference", "locked_by", "updated_at"])
        audit.record(
            "update", lock, by=by, unit=unit, changes=audit.diff(before, audit.snapshot(lock))
        )
    else:
        audit.record("create", lock, by=by, unit=unit, changes=audit.created(lock))
    for exception in lock.exceptions.filter(closed_at__isnull=True):
        _close_exception(exception, by)
    return lock


def _close_exception(exception: LockException, by: User) -> None:
    exception.closed_at = timezone.now()
    exception.closed_by = account_of(by)
    exception.save(update_fields=["closed_at", "closed_by", "updated_at"])
    audit.record(
        "update",
        exception,
        by=by,
        unit=exception.lock.unit,
        changes={"closed_at": [None, exception.closed_at.isoformat()]},
    )


@transaction.atomic
def lock_exception_grant(*, lock: EvidenceLock, reason: str, by: User) -> LockException:
    """Open a locked period for its unit (the coordinator), with a reason kept in the trail."""
    policy.require_unlock(by, lock.unit)
    lock = EvidenceLock.objects.select_for_update().get(pk=lock.pk)
    reason = nfc(reason or "").strip()
    if is_blank(reason):
        raise ValidationError({"reason": _("Say why this period is opened again.")})
    if lock.exceptions.filter(closed_at__isnull=True).exists():
        raise ValidationError(_("This period is already open for the unit."))
    exception = LockException.objects.create(lock=lock, reason=reason, granted_by=account_of(by))
    audit.record(
        "create",
        exception,
        by=by,
        unit=lock.unit,
        changes=audit.created(exception),
        note=str(lock),
    )
    return exception


@transaction.atomic
def lock_exception_close(*, exception: LockException, by: User) -> LockException:
    """Close an exception before the corrected report is accepted (the coordinator)."""
    policy.require_unlock(by, exception.lock.unit)
    if exception.closed_at is not None:
        raise ValidationError(_("This exception is already closed."))
    _close_exception(exception, by)
    return exception


def exception_for_period(*, unit: Unit, start: date, end: date) -> EvidenceLock:
    """The lock an exception for `unit` over [start, end] would open; a clear error when the
    period is not locked."""
    lock = EvidenceLock.objects.filter(unit=unit, start__lte=end, end__gte=start).first()
    if lock is None:
        raise ValidationError(
            _("The evidence of %(u)s for this period is not locked: there is nothing to open.")
            % {"u": unit.display_name}
        )
    return lock


# --- evidence returned to its unit, one item at a time ---------------------------------------


def _tell(people: Iterable[Any], subject: str, body: str) -> None:
    emails = sorted({p.email for p in people if p is not None and p.email})
    if emails:
        transaction.on_commit(
            lambda: send_mail(
                subject, body, settings.DEFAULT_FROM_EMAIL, emails, fail_silently=True
            )
        )


@transaction.atomic
def activity_return(*, activity: Activity, comment: str, by: User) -> ActivityReturn:
    """Send one piece of evidence back to its unit with what is missing ("cần bổ sung"); its
    author (or the unit's working people) is told on the first page and by e-mail."""
    policy.require_return(by, activity)
    comment = nfc(comment or "").strip()
    if is_blank(comment):
        raise ValidationError({"comment": _("Say what must be added or corrected.")})
    if activity.returns.filter(status=ReturnStatus.OPEN).exists():
        raise ValidationError(_("This activity is already waiting for the unit's answer."))
    returned = ActivityReturn.objects.create(
        activity=activity, comment=comment, returned_by=account_of(by)
    )
    audit.record("create", returned, by=by, unit=activity.unit, changes=audit.created(returned))
    told = [activity.created_by] if activity.created_by else policy.people_of(activity.unit)
    _tell(
        told,
        _("Evidence needs more: %(t)s") % {"t": activity.title[:80]},
        _(
            "The coordinator asks for more on the activity “%(t)s” (%(d)s):\n\n%(c)s\n\n"
            "Open hangviet, correct it and send it back with a short answer."
        )
        % {"t": activity.title, "d": activity.date.strftime("%d/%m/%Y"), "c": comment},
    )
    return returned


@transaction.atomic
def activity_return_answer(*, returned: ActivityReturn, answer: str, by: User) -> ActivityReturn:
    """The unit has corrected the evidence and sends it back with its answer."""
    returned = (
        ActivityReturn.objects.select_for_update()
        .select_related("activity__unit")
        .get(pk=returned.pk)
    )
    policy.require_edit(by, returned.activity)
    if returned.status != ReturnStatus.OPEN:
        raise ValidationError(_("This request has already been answered."))
    answer = nfc(answer or "").strip()
    if is_blank(answer):
        raise ValidationError({"answer": _("Say what was added or corrected.")})
    returned.status = ReturnStatus.ANSWERED
    returned.answer = answer
    returned.answered_by = account_of(by)
    returned.answered_at = timezone.now()
    returned.save(update_fields=["status", "answer", "answered_by", "answered_at", "updated_at"])
    audit.record(
        "update",
        returned,
        by=by,
        unit=returned.activity.unit,
        changes={"status": [ReturnStatus.OPEN, ReturnStatus.ANSWERED], "answer": [None, answer]},
    )
    _tell(
        [returned.returned_by],
        _("Evidence sent back: %(t)s") % {"t": returned.activity.title[:80]},
        _("%(u)s answered your request on “%(t)s”:\n\n%(a)s")
        % {"u": returned.activity.unit.display_name, "t": returned.activity.title, "a": answer},
    )
    return returned


@transaction.atomic
def activity_return_close(*, returned: ActivityReturn, by: User) -> ActivityReturn:
    """The reviewer is satisfied with the answer (a new return asks again)."""
    returned = (
        ActivityReturn.objects.select_for_update()
        .select_related("activity__unit")
        .get(pk=returned.pk)
    )
    policy.require_return(by, returned.activity)
    if returned.status != ReturnStatus.ANSWERED:
        raise ValidationError(_("Only an answered request can be settled."))
    returned.status = ReturnStatus.CLOSED
    returned.closed_by = account_of(by)
    returned.closed_at = timezone.now()
    returned.save(update_fields=["status", "closed_by", "closed_at", "updated_at"])
    audit.record(
        "update",
        returned,
        by=by,
        unit=returned.activity.unit,
        changes={"status": [ReturnStatus.ANSWERED, ReturnStatus.CLOSED]},
    )
    return returned
