"""Writing the audit trail. Every service that changes domain data calls `record`."""

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

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
