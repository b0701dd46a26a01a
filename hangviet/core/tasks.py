"""Keeping background work safe when a worker dies: the last resort.

django-tasks' database backend marks a task RUNNING when a worker claims it; if the worker is
killed (a deploy, the OOM killer, a power cut) the task would stay RUNNING forever. A running
task's heartbeat (`core.heartbeat`) puts it back within a minute or so; for a task claimed by a
worker that died before its first beat, every claimed task also has a lease
(`TASK_LEASE_MINUTES`, 15): the scheduler puts tasks RUNNING for longer back to READY, and a
worker picks them up again. hangviet's tasks are written to be
run twice without doing anything twice (articles unique by URL, one reminder per request and
day, audio made once per text), so a retried task duplicates nothing.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hangviet.core.heartbeat import fresh_task_ids


def lease() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "TASK_LEASE_MINUTES", 15)))


def requeue_stale(older_than: timedelta | None = None) -> int:
    """Put tasks claimed longer than the lease ago back in the queue; return how many."""
    cutoff = timezone.now() - (lease() if older_than is None else older_than)
    return (
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lte=cutoff)
        .exclude(id__in=fresh_task_ids())  # still beating: a long task, not a lost one
        .update(status=TaskResultStatus.READY, started_at=None)
    )


@task()
def requeue_stale_tasks() -> int:
    return requeue_stale()
