from typing import Any

from django.dispatch import receiver

from hangviet.activities.signals import activities_changed
from hangviet.analytics import aggregation


@receiver(activities_changed)
def on_activities_changed(sender: Any, cells: set, **kwargs: Any) -> None:
    aggregation.refresh(cells)
