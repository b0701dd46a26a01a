"""Typed reading of query and form parameters.

Every number a view reads from a request goes through here, so "abc", "²", "1e9", "-1" or
99999999999999999999 is a clear 400 (Vietnamese page, `BadRequest`) instead of a server error
in `int()` or in the database driver (SQLite refuses integers past 2^63). `Id` is the same rule
for the API's schemas.
"""

import re
from datetime import date
from typing import Annotated, Any

from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.utils.translation import gettext as _
from pydantic import BeforeValidator, Field

MAX_ID = 2**63 - 1  # the largest key either database stores
MAX_PAGE = 100_000

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Quantity = Annotated[int, Field(ge=0, le=10**9)]
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: Any) -> Any:
    """A date is written yyyy-mm-dd: a number (0, a Unix time) is not a date here."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value.strip()):
        raise ValueError(_("A date is written yyyy-mm-dd, e.g. 2026-06-14."))
    return value.strip()


Day = Annotated[date, BeforeValidator(_iso_day)]


class BadParameter(BadRequest):
    """A parameter of the request is not what the page expects; the message says which."""


def _integer(raw: str, name: str, minimum: int, maximum: int) -> int:
    text = raw.strip()
    if not (text.isascii() and text.lstrip("-").isdecimal() and len(text) <= 20):
        raise BadParameter(_("“%(n)s” must be a whole number.") % {"n": name})
    value = int(text)
    if not minimum <= value <= maximum:
        raise BadParameter(
            _("“%(n)s” must be between %(a)s and %(b)s.") % {"n": name, "a": minimum, "b": maximum}
        )
    return value


def parse_id(text: str) -> int | None:
    """Return `text` as an id (1 … 2^63−1), or None when it is not one."""
    try:
        return _integer(text, "id", 1, MAX_ID)
    except BadParameter:
        return None


def int_param(
    data: QueryDict,
    name: str,
    default: int | None = None,
    *,
    minimum: int = 0,
    maximum: int = MAX_ID,
) -> int | None:
    """Return the integer parameter `name`, `default` when absent or empty; a present value
    that is not a whole number in [minimum, maximum] is a 400."""
    raw = data.get(name)
    if raw is None or raw.strip() == "":
        return default
    return _integer(raw, name, minimum, maximum)


def id_param(data: QueryDict, name: str) -> int | None:
    """Return the id in parameter `name` (1 … 2^63−1), None when absent or empty."""
    return int_param(data, name, minimum=1)


def required_id(data: QueryDict, name: str) -> int:
    """Return the id in parameter `name`; absent is a 400 too."""
    value = id_param(data, name)
    if value is None:
        raise BadParameter(_("“%(n)s” is missing.") % {"n": name})
    return value


def id_list(data: QueryDict, name: str, *, limit: int = 1000) -> list[int]:
    """Return the ids listed in parameter `name` (repeated), in order, without duplicates."""
    values = data.getlist(name)
    if len(values) > limit:
        raise BadParameter(
            _("Too many values of “%(n)s” (at most %(l)s).") % {"n": name, "l": limit}
        )
    ids = [_integer(v, name, 1, MAX_ID) for v in values if v.strip()]
    return list(dict.fromkeys(ids))


def page_param(data: QueryDict) -> int:
    """Return the page number (1 … MAX_PAGE)."""
    return int_param(data, "page", 1, minimum=1, maximum=MAX_PAGE) or 1
