"""Evidence locks, read side: whether a person may still write evidence of a unit dated in a
period whose report was accepted (`require_open`), and what a unit's officer is told.

A lock binds people. The system's own records (a broadcast logged from the schedule by the
worker, the demo, an operator's command) are observations, not a unit's claims: they pass,
and they count as independent corroboration, never as the unit's reported figures."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from hangviet.activities.models import EvidenceLock, LockException
from hangviet.core.text import format_date
from hangviet.core.typing import Actor
from hangviet.orgs import policy as orgs_policy
from hangviet.orgs.models import Unit


class EvidenceLocked(ValidationError):
    """A write of evidence dated in a locked period."""


def closing(unit: Unit, start: date, end: date | None = None) -> EvidenceLock | None:
    """The lock (without an open exception) that covers any day of [start, end] for the unit:
    its own, or its district's (a district's report counts its communes' evidence)."""
    last = end or start
    units = [*unit.ancestor_ids, unit.pk]
    covering = EvidenceLock.objects.filter(unit_id__in=units, start__lte=last, end__gte=start)
    if not covering.values_list("pk", flat=True)[:1]:  # the usual case, in one light query
        return None
    open_exceptions = LockException.objects.filter(lock=OuterRef("pk"), closed_at__isnull=True)
    return covering.exclude(Exists(open_exceptions)).select_related("unit").first()


def explain(lock: EvidenceLock) -> str:
    """What the unit's officer reads: which period, why, and whom to ask."""
    names = ", ".join(
        p.get_full_name() or p.get_username() for p in orgs_policy.coordinators(of=lock.unit)
    )
    return _(
        "The evidence of %(unit)s from %(a)s to %(b)s is locked: %(reason)s. To add, change "
        "or delete evidence of this period, ask the coordinator (%(who)s) to open it."
    ) % {
        "unit": lock.unit.display_name,
        "a": format_date(lock.start),
        "b": format_date(lock.end),
        "reason": lock.reason,
        "who": names or _("the campaign's coordinator"),
    }


def require_open(by: Actor, unit: Unit, start: date | None, end: date | None = None) -> None:
    """Raise EvidenceLocked when a person would write evidence of `unit` dated in a locked
    period (the system passes: see the module's note)."""
    if by is None or start is None:
        return
    lock = closing(unit, start, end)
    if lock is not None:
        raise EvidenceLocked({"date": explain(lock)})


def locks_of(unit_ids: list[int] | None) -> list[EvidenceLock]:
    """The locks on these units (None: all), newest first, with their exceptions."""
    rows = EvidenceLock.objects.select_related("unit").prefetch_related("exceptions")
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    return list(rows)
