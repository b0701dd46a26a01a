"""Writing the audit trail. Every service that changes domain data calls `record`."""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hangviet.core.middleware import current_request_context
from hangviet.core.models import AuditEvent
from hangviet.core.typing import Actor, account_of

if TYPE_CHECKING:  # core comes first: the registry's model only names the type here
    from hangviet.orgs.models import Unit


def _plain(value: Any) -> Any:
    """Return `value` in a form that JSON can hold."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


# Bookkeeping columns that say nothing to a reader of the history.
NOT_AUDITED = {
    "id",
    "created_at",
    "updated_at",
    "search_text",
    "search_title",
    "url_key",
    "path",
    "depth",
    "key_hash",
}


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Return the concrete field values of `obj` (foreign keys as ids) for diffing."""
    names = fields or [f.attname for f in obj._meta.concrete_fields if f.attname not in NOT_AUDITED]
    return {name: _plain(getattr(obj, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def created(obj: models.Model) -> dict[str, list[Any]]:
    """Return the changes of a newly created object: every set field as [None, value]."""
    return diff({}, snapshot(obj))


def record(
    action: str,
    obj: models.Model | type[models.Model],
    *,
    by: Actor,
    unit: "Unit | None" = None,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Return a new audit event for `action` on `obj` done by `by` (None: the system). `obj`
    may be a model class, for a change to the whole table (the lexicon reset to its default):
    the event then names no single row."""
    ctx = current_request_context()
    actor = account_of(by)
    if isinstance(obj, type):
        object_id, object_repr = "", str(obj._meta.verbose_name_plural)
    else:
        object_id, object_repr = str(obj.pk), str(obj)
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=actor.get_username() if actor else "system",
        ip=ctx.ip if ctx else None,
        user_agent=ctx.user_agent if ctx else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=object_id,
        object_repr=object_repr[:300],
        unit=unit,
        changes=changes if changes is not None else {},
        note=note[:300],
    )


# --- Reading the trail in words --------------------------------------------------------------

EMPTY = _("(empty)")
# Bookkeeping a person has no use for in the history.
HIDDEN = {
    "path", "depth", "search_text", "search_title", "url_key", "import_key", "lock_version",
    "key_hash", "synthesis_progress", "synthesis_requested_at", "synthesized_hash", "simhash",
    "content_hash", "etag", "last_modified", "secret", "recovery_hashes", "last_step", "blob",
    "preview", "data",
}  # fmt: skip
# Words for the fields whose models give them no verbose name.
FIELD_WORDS = {
    "created_by": _("created by"),
    "confirmed_by": _("confirmed by"),
    "confirmed_at": _("confirmed at"),
    "deleted_by": _("deleted by"),
    "deleted_at": _("deleted at"),
    "done_at": _("done at"),
    "done_by": _("done by"),
    "submitted_at": _("sent at"),
    "submitted_by": _("sent by"),
    "reviewed_at": _("reviewed at"),
    "reviewed_by": _("reviewed by"),
    "decided_at": _("decided at"),
    "decided_by": _("decided by"),
    "status": _("status"),
    "version": _("version"),
    "narrative": _("text of the report"),
    "kind": _("kind"),
    "plan": _("plan"),
    "unit": _("unit"),
    "request": _("report request"),
    "value": _("reported figure"),
    "computed": _("figure from the evidence"),
    "reason": _("reason"),
    "resolved_at": _("resolved at"),
    "synthesis_status": _("audio"),
    "synthesis_error": _("audio error"),
    "spoken_text": _("text as spoken"),
    "audio_seconds": _("length of the audio (seconds)"),
    "recipients": _("recipients"),
    "sent_on": _("sent on"),
    "daily_digest": _("daily email"),
    "paused_at": _("paused at"),
    "filename": _("file"),
    "bytes": _("size (bytes)"),
    "rows": _("rows"),
    "phrases": _("phrases"),
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass
class Change:
    field: str
    old: str
    new: str


def _fields(model: type[models.Model] | None) -> dict[str, models.Field]:
    if model is None:
        return {}
    found: dict[str, models.Field] = {}
    for f in model._meta.get_fields():
        if isinstance(f, models.Field):
            found[f.name] = f
            found[f.attname] = f
    return found


def _blank(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    return value is None or value == "" or value == []


def _word(value: Any, field: models.Field | None, names: dict[tuple[type, Any], str]) -> str:
    """One value as a person reads it: a name for an id, a label for a code, dd/mm/yyyy."""
    if _blank(value) and not isinstance(value, dict):
        return str(EMPTY)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(_word(v, field, names) for v in value)
    if isinstance(value, dict):  # a text in sections (a report's narrative): what is written
        if _blank(value):
            return str(EMPTY)
        text = " / ".join(str(v).strip() for v in value.values() if not _blank(v))
        return text if len(text) <= 300 else text[:299].rsplit(" ", 1)[0] + "…"
    related = field.related_model if field is not None and field.is_relation else None
    if isinstance(related, type):
        return names.get((related, value), f"#{value}")
    if field is not None and field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        if str(value) in labels:
            return labels[str(value)]
    text = str(value)
    if _ISO_TIME.match(text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if moment.tzinfo is not None:
            moment = timezone.localtime(moment)
        return moment.strftime("%d/%m/%Y %H:%M")
    if _ISO_DATE.match(text):
        return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
    return text


def describe(events: Iterable[AuditEvent]) -> dict[int, list[Change]]:
    """The changes of each event in words — field names by their verbose names, foreign keys by
    the object's name, choices by their label, dates as dd/mm/yyyy — keyed by event id. The
    objects named are read in one query per model for all the events together."""
    events = list(events)
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    field_maps: dict[int, dict[str, models.Field]] = {}
    for event in events:
        fields = field_maps.setdefault(
            event.content_type_id, _fields(event.content_type.model_class())
        )
        for name, pair in (event.changes or {}).items():
            field = fields.get(name)
            related = field.related_model if field is not None and field.is_relation else None
            if not isinstance(related, type):
                continue
            values = pair if isinstance(pair, list) else [pair]
            for value in values:
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, int | str) and v != "":
                        wanted[related].add(v)
    names: dict[tuple[type, Any], str] = {}
    for model, ids in wanted.items():
        manager = getattr(model, "all_objects", model._default_manager)
        for obj in manager.filter(pk__in=[i for i in ids if str(i).isdigit()]):
            label = obj.get_full_name() if hasattr(obj, "get_full_name") else ""
            names[(model, obj.pk)] = label or str(obj)
    described: dict[int, list[Change]] = {}
    for event in events:
        fields = field_maps[event.content_type_id]
        rows = []
        for name, pair in (event.changes or {}).items():
            old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            if name in HIDDEN:
                continue
            field = fields.get(name)
            base = field.name if field is not None else name
            label = str(field.verbose_name) if field is not None else base.replace("_", " ")
            if label == base.replace("_", " ") and base in FIELD_WORDS:
                label = str(FIELD_WORDS[base])
            if new == "now":
                new = event.at.isoformat()
            if event.action == "create" and _blank(new):
                continue  # a new object's empty fields say nothing
            rows.append(
                Change(
                    label[:1].upper() + label[1:],
                    _word(old, field, names),
                    _word(new, field, names),
                )
            )
        described[event.pk] = rows
    return described
