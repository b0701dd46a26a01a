"""A task for the worker tests: slow, and idempotent like every hangviet task."""

import time

from django_tasks import task


@task()
def record_slowly(key: str, seconds: float) -> str:
    from hangviet.core.models import ScheduledRun

    time.sleep(seconds)
    ScheduledRun.objects.get_or_create(name=key)
    return key
