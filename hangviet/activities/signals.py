"""What other apps may listen to. `activities_changed` is sent inside the transaction of every
write that can change what the statistics count (confirmed activities), with `cells`: the
(unit id, date) pairs whose counts may have changed (before and after the write), to be
recomputed, and `added`: new confirmed activities, to be counted in without recomputing —
(unit id, date, channel id, kind, quantity, theme ids)."""

from collections.abc import Iterable

from django.dispatch import Signal

activities_changed = Signal()

Added = tuple[int, object, int, str, int, tuple[int, ...]]


def changed(*pairs: tuple[int, object], added: Iterable[Added] = ()) -> None:
    cells = {p for p in pairs if p[0] and p[1]}
    rows = list(added)
    if cells or rows:
        activities_changed.send(sender=None, cells=cells, added=rows)
