"""Heartbeats of running background tasks, on both queues (the database's and Redis').

A worker process that starts a task (django-tasks' `task_started` signal, sent by
`db_worker` and by the RQ job alike) records a `TaskBeat` and beats it every
`TASK_BEAT_SECONDS` from a thread of its own; the beat row goes when the task finishes. When a
worker dies (kill -9, the OOM killer, a power cut) its beats stop: `rerun_dead`, run by the
scheduler on every pass, puts every task whose beat is older than `TASK_DEAD_AFTER_SECONDS`
back in its queue — READY again on the database queue, enqueued again on Redis — and counts
the re-run. hangviet's tasks are idempotent, so a re-run duplicates nothing. The 15-minute
lease (`core.tasks.requeue_stale`) stays as the last resort for a task claimed by a worker that
died before its first beat.

Pages read `state_of` to say what happened to a task ("the worker stopped; re-run
automatically") and to offer a restart when nothing runs it any more.
"""

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import django_rq
from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks import TaskResult, task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from django_tasks_rq import RQBackend
from rq.job import Job as RQJob
from rq.registry import StartedJobRegistry

from hangviet.core.models import TaskBeat

log = logging.getLogger(__name__)

_running: set[str] = set()
_lock = threading.Lock()
_beater: threading.Thread | None = None
_beater_pid = 0


def beat_every() -> float:
    return float(getattr(settings, "TASK_BEAT_SECONDS", 10))


def dead_after() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "TASK_DEAD_AFTER_SECONDS", 60)))


def _queued(sender: Any) -> bool:
    """Tasks run by a worker (database or Redis queue), not in the request (immediate); the
    database worker sends the backend, the RQ job its class."""
    kind = sender if isinstance(sender, type) else type(sender)
    return issubclass(kind, DatabaseBackend | RQBackend)


def _beat_loop() -> None:
    while True:
        threading.Event().wait(beat_every())
        with _lock:
            ids = list(_running)
        if not ids:
            continue
        try:
            TaskBeat.objects.filter(task_id__in=ids).update(beat_at=timezone.now())
        except Exception:  # a database that is away: the next beat tries again
            log.warning("task heartbeat could not be written", exc_info=True)
        finally:
            connection.close()


def _ensure_beater() -> None:
    """One beating thread per process (a forked RQ work-horse starts its own)."""
    global _beater, _beater_pid
    if _beater is not None and _beater.is_alive() and _beater_pid == os.getpid():
        return
    _beater = threading.Thread(target=_beat_loop, name="task-heartbeat", daemon=True)
    _beater_pid = os.getpid()
    _beater.start()


def on_started(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    if not _queued(sender):
        return
    now = timezone.now()
    task_id = str(task_result.id)
    TaskBeat.objects.update_or_create(
        task_id=task_id,
        defaults={
            "backend": task_result.backend,
            "task_path": task_result.task.module_path,
            "args": list(task_result.args),
            "worker": f"{socket.gethostname()}:{os.getpid()}"[:120],
            "started_at": now,
            "beat_at": now,
            "requeued_at": None,
        },
    )
    with _lock:
        _running.add(task_id)
    _ensure_beater()


def on_finished(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    if not _queued(sender):
        return
    task_id = str(task_result.id)
    with _lock:
        _running.discard(task_id)
    TaskBeat.objects.filter(task_id=task_id).delete()


def _requeue(beat: TaskBeat) -> bool:
    """Put the task back in its queue; False when it is no longer there to be put back."""
    backend = task_backends[beat.backend]
    if isinstance(backend, DatabaseBackend):
        return bool(
            DBTaskResult.objects.filter(id=beat.task_id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
        )
    if isinstance(backend, RQBackend):
        redis = django_rq.get_connection()
        job = RQJob.fetch(beat.task_id, connection=redis)
        queue = django_rq.get_queue(job.origin)
        StartedJobRegistry(queue=queue).remove_executions(job)
        job.started_at = None
        queue.enqueue_job(job)
        return True
    return False


def rerun_dead() -> int:
    """Put back in their queue the tasks whose worker stopped beating; return how many."""
    close_old_connections()
    cutoff = timezone.now() - dead_after()
    rerun = 0
    for beat in TaskBeat.objects.filter(beat_at__lt=cutoff, requeued_at__isnull=True):
        try:
            put_back = _requeue(beat)
        except Exception:  # the job vanished from Redis, or the queue is away: say so, go on
            log.warning("task %s could not be put back in its queue", beat.task_id, exc_info=True)
            put_back = False
        if put_back:
            TaskBeat.objects.filter(pk=beat.pk).update(
                requeued_at=timezone.now(), reruns=beat.reruns + 1
            )
            log.warning(
                "task %s (%s) lost its worker %s; put back in its queue",
                beat.task_id,
                beat.task_path,
                beat.worker,
            )
            rerun += 1
        else:
            beat.delete()
    return rerun


@dataclass(frozen=True)
class TaskState:
    """What a page can say about a task: running (a recent beat), put back after its worker
    died (and when), or unknown to any worker (no beat: queued, or lost with its queue)."""

    alive: bool
    requeued_at: datetime | None
    reruns: int
    beat_at: datetime | None


def state_of(task_path: str, args: list[Any]) -> TaskState:
    beat = TaskBeat.objects.filter(task_path=task_path, args=args).order_by("-beat_at").first()
    if beat is None:
        return TaskState(False, None, 0, None)
    alive = beat.requeued_at is None and beat.beat_at >= timezone.now() - dead_after()
    return TaskState(alive, beat.requeued_at, beat.reruns, beat.beat_at)
