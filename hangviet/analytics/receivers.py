from typing import Any

from django.dispatch import receiver

from hangviet.activities.signals import activities_changed
from hangviet.analytics import aggregation
from hangviet.orgs.signals import unit_moved


@receiver(activities_changed)
def on_activities_changed(
    sender: Any, cells: set, added: list | None = None, **kwargs: Any
) -> None:
    if cells:
        aggregation.refresh(cells)
    if added:
        aggregation.add(added)


@receiver(unit_moved)
def on_unit_moved(sender: Any, unit_id: int, old_path: str, new_path: str, **kwargs: Any) -> None:
    aggregation.unit_moved(unit_id, old_path, new_path)
