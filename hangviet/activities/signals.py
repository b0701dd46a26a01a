"""What other apps may listen to. `activities_changed` is sent inside the transaction of every
write, with `cells`: the (unit id, date) pairs whose counts may have changed (before and after
the write)."""

from django.dispatch import Signal

activities_changed = Signal()


def changed(*pairs: tuple[int, object]) -> None:
    activities_changed.send(sender=None, cells={p for p in pairs if p[0] and p[1]})
