"""The API's pagination. Every list pages in the database by cursor (keyset): `limit` rows, and
`next`, the position of the last row in the list's order, sent back as `after` for the next
page — every row is reached once, at the same cost on the first page and the thousandth.
`offset` still answers for old clients (bounded, so a huge one is a 400, not a number the
database cannot hold); a deep offset is slow.

django-ninja's own `CursorPagination` was considered: it positions on the first ordering field
only (ties by an offset), answers `results` without `count`, and would give the lists another
contract than the activity list's (`items`, `count`, `next`, `after`); this class keeps that
one contract for every list (docs/adr/0015-keyset-pagination.md)."""

import base64
import binascii
import json
from datetime import date, datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PaginationBase

MAX_LIMIT = 1000
MAX_OFFSET = 10**9

HOW_TO_PAGE = (
    "Paged by cursor: ask with `limit` (1–1000); the answer's `next` is the cursor of the next "
    "page — send it back as `after` until `next` is null. Pages follow the list's order, reach "
    "every row once and cost the same at any depth; `count` is the number of rows selected."
)


def _bad_cursor() -> NinjaValidationError:
    return NinjaValidationError(
        [{"loc": ["query", "after"], "msg": _("The cursor is not one this list gave.")}]
    )


def order_keys(queryset: QuerySet[Any]) -> list[tuple[str, bool]]:
    """The list's order as (field path, descending), ending with the primary key so that the
    position of a row is unique."""
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering or [])
    keys: list[tuple[str, bool]] = []
    for item in ordering:
        if not isinstance(item, str) or item.startswith("?"):
            raise ValueError(f"keyset paging needs plain field names, not {item!r}")
        descending = item.startswith("-")
        name = item.lstrip("-")
        keys.append(("pk" if name in ("id", "pk") else name, descending))
    if not any(name == "pk" for name, _d in keys):
        keys.append(("pk", keys[-1][1] if keys else False))
    return keys


def _value_of(row: Model, path: str) -> Any:
    value: Any = row
    for part in path.split("__"):
        value = getattr(value, part)
    return value


def _field(model: type[Model], path: str) -> Any:
    """The model field a path such as "unit__path" ends on."""
    parts = path.split("__")
    field: Any = model._meta.pk
    for i, part in enumerate(parts):
        try:
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        except FieldDoesNotExist:
            raise _bad_cursor() from None
        if i < len(parts) - 1:
            model = field.related_model
    return field


def encode(row: Model, keys: list[tuple[str, bool]]) -> str:
    values = []
    for path, _descending in keys:
        value = _value_of(row, path)
        values.append(value.isoformat() if isinstance(value, date | datetime) else value)
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def after(queryset: QuerySet[Any], cursor: str, keys: list[tuple[str, bool]]) -> QuerySet[Any]:
    """The rows after the position `cursor` names, in the list's order."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error):
        raise _bad_cursor() from None
    if not isinstance(values, list) or len(values) != len(keys) or None in values:
        raise _bad_cursor()
    try:
        parsed = [
            _field(queryset.model, path).to_python(value)
            for (path, _d), value in zip(keys, values, strict=True)
        ]
    except Exception:  # a value of the wrong type for its field: a cursor we did not give
        raise _bad_cursor() from None
    # (k1 > v1) or (k1 = v1 and k2 > v2) or … — "<" where the order is descending
    condition = Q()
    for i, (path, descending) in enumerate(keys):
        step = Q(**{f"{path}__{'lt' if descending else 'gt'}": parsed[i]})
        for j in range(i):
            step &= Q(**{keys[j][0]: parsed[j]})
        condition |= step
    return queryset.filter(condition)


class Keyset(PaginationBase):
    """Keyset pagination over a queryset in its own order (see the module). `transform`, when
    given, turns each row of the page into what the response schema reads."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description="rows per page (1–1000)")
        after: str = Field(
            "", max_length=400, description="the `next` cursor of the previous page (empty: first)"
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="old-style paging; prefer `after`")

    class Output(Schema):
        items: list[Any]
        count: int
        next: str | None = Field(None, description=HOW_TO_PAGE)

    def __init__(self, *, transform: Any = None, **kwargs: Any) -> None:
        self.transform = transform
        super().__init__(**kwargs)

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: Any = None, **params: Any
    ) -> dict[str, Any]:
        keys = order_keys(queryset)
        queryset = queryset.order_by(*(f"{'-' if d else ''}{path}" for path, d in keys))
        count = queryset.count()
        limit = pagination.limit
        if pagination.after:
            rows = list(after(queryset, pagination.after, keys)[: limit + 1])
        else:
            rows = list(queryset[pagination.offset : pagination.offset + limit + 1])
        more = len(rows) > limit
        rows = rows[:limit]
        items = [self.transform(r) for r in rows] if self.transform else rows
        return {
            "items": items,
            "count": count,
            "next": encode(rows[-1], keys) if more and rows else None,
        }
