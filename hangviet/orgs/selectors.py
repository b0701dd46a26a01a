"""Reads of the organisation registry that are more than one line."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from hangviet.core.models import AuditEvent
from hangviet.core.text import clean, fold
from hangviet.orgs import policy
from hangviet.orgs.models import Unit, UnitSuccession
from hangviet.orgs.permissions import User, within

ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "mttq": "mat tran to quoc",
    "tp": "thanh pho",
    "tt": "thi tran",
    "tx": "thi xa",
    "pt-th": "phat thanh - truyen hinh",
    "ptth": "phat thanh truyen hinh",
    "tt&tt": "thong tin va truyen thong",
    "bcd": "ban chi dao",
}


def units_search(
    *,
    q: str = "",
    kind: str = "",
    parent_id: int | None = None,
    code: str = "",
    valid_on: date | None = None,
) -> QuerySet[Unit]:
    """Return units matching every given filter; `q` matches names without diacritics. The
    texts are cleaned as stored texts are (a NUL byte is no filter, and PostgreSQL refuses it)."""
    q, code = clean(q, multiline=False), clean(code, multiline=False)
    qs = Unit.objects.select_related("parent")
    if kind:
        qs = qs.filter(kind=kind)
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    if code:
        qs = qs.filter(code=code.strip())
    if valid_on is not None:
        qs = qs.valid_on(valid_on)
    for word in fold(q[:200]).split()[:8]:
        expanded = ABBREVIATIONS.get(word)
        qs = qs.filter(
            Q(search_text__contains=word) | Q(search_text__contains=expanded)
            if expanded
            else Q(search_text__contains=word)
        )
    return qs


def _walk(start: Unit, forward: bool) -> list[Unit]:
    """Return every unit reachable from `start` along succession links, nearest first."""
    seen: dict[int, Unit] = {}
    frontier = [start.pk]
    while frontier:
        if forward:
            links = UnitSuccession.objects.filter(predecessor_id__in=frontier).select_related(
                "successor"
            )
            nxt = [link.successor for link in links]
        else:
            links = UnitSuccession.objects.filter(successor_id__in=frontier).select_related(
                "predecessor"
            )
            nxt = [link.predecessor for link in links]
        frontier = []
        for unit in nxt:
            if unit.pk not in seen and unit.pk != start.pk:
                seen[unit.pk] = unit
                frontier.append(unit.pk)
    return list(seen.values())


def current_units(unit: Unit, on: date | None = None) -> list[Unit]:
    """Return the units valid on `on` (today) that `unit` became.

    A unit that still exists is its own answer. A district, abolished without a successor,
    is answered through its communes.
    """
    day = on or timezone.localdate()
    if unit.is_valid_on(day):
        return [unit]
    found = {u.pk: u for u in _walk(unit, forward=True) if u.is_valid_on(day)}
    if not found:
        for child in unit.children.all():
            for u in _walk(child, forward=True):
                if u.is_valid_on(day):
                    found[u.pk] = u
    return sorted(found.values(), key=lambda u: u.area_name or u.name)


def former_units(unit: Unit, on: date | None = None) -> list[Unit]:
    """Return the units that make up `unit`; with `on`, only those valid on that date."""
    units = _walk(unit, forward=False)
    if on is not None:
        units = [u for u in units if u.is_valid_on(on)]
    return sorted(units, key=lambda u: u.area_name or u.name)


def subtree(unit: Unit, on: date | None = None) -> QuerySet[Unit]:
    """Return `unit` and everything under it, as the map stood on `on` (any date if None)."""
    qs = within(Unit.objects.all(), unit, "").select_related("parent")
    return qs.valid_on(on) if on is not None else qs


def unit_history(unit: Unit, user: User) -> QuerySet[AuditEvent]:
    """Return the audit events of `unit` and its subtree that `user` may read."""
    events = within(AuditEvent.objects.all(), unit).select_related("unit", "content_type", "actor")
    return policy.history_for(user, events)
