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
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import django_rq
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django_tasks import TaskResult, task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from django_tasks_rq import RQBackend
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob
from rq.job import JobStatus
from rq.registry import StartedJobRegistry

from hangviet.core.models import TaskBeat

log = logging.getLogger(__name__)

MAX_RERUNS = 3  # a task whose worker died this many times is marked failed, not re-run

_running: dict[str, str] = {}  # task id → this run's token (its TaskBeat.worker)
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


class WorkerLost(Exception):
    """The worker running the task died (killed, out of memory) more times than allowed."""


def _beat_loop() -> None:
    while True:
        threading.Event().wait(beat_every())
        with _lock:
            runs = list(_running.items())
        if not runs:
            continue
        try:
            now = timezone.now()
            for task_id, token in runs:  # this run's row only (a re-run elsewhere has its own)
                TaskBeat.objects.filter(task_id=task_id, worker=token).update(beat_at=now)
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
    # This run's token: the row is this run's from now on (a re-run takes it over; the
    # count of re-runs stays).
    token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[-120:]
    TaskBeat.objects.update_or_create(
        task_id=task_id,
        defaults={
            "backend": task_result.backend,
            "task_path": task_result.task.module_path,
            "args": list(task_result.args),
            "worker": token,
            "started_at": now,
            "beat_at": now,
            "requeued_at": None,
        },
    )
    with _lock:
        _running[task_id] = token
    _ensure_beater()


def on_finished(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    if not _queued(sender):
        return
    task_id = str(task_result.id)
    with _lock:
        token = _running.pop(task_id, None)
    if token is not None:  # not the row of a re-run that took the task over
        TaskBeat.objects.filter(task_id=task_id, worker=token).delete()


def _requeue(beat: TaskBeat) -> bool:
    """Put the task back in its queue; False when there is nothing to put back (it finished,
    failed or is queued already). Raises when the queue cannot be reached."""
    backend = task_backends[beat.backend]
    if isinstance(backend, DatabaseBackend):
        return bool(
            DBTaskResult.objects.filter(id=beat.task_id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
        )
    if isinstance(backend, RQBackend):
        redis = django_rq.get_connection()
        try:
            job = RQJob.fetch(beat.task_id, connection=redis)
        except NoSuchJobError:
            return False
        if job.get_status() != JobStatus.STARTED:
            return False
        queue = django_rq.get_queue(job.origin)
        StartedJobRegistry(queue=queue).remove_executions(job)
        job.started_at = None
        queue.enqueue_job(job)
        return True
    return False


def _give_up(beat: TaskBeat) -> None:
    """Mark failed a task that lost its worker `MAX_RERUNS` times (it may be what kills it)."""
    backend = task_backends[beat.backend]
    reason = WorkerLost(f"the worker died {beat.reruns + 1} times running this task")
    if isinstance(backend, DatabaseBackend):
        found = DBTaskResult.objects.filter(id=beat.task_id, status=TaskResultStatus.RUNNING)
        for result in found:
            result.set_failed(reason)
    elif isinstance(backend, RQBackend):
        try:
            job = RQJob.fetch(beat.task_id, connection=django_rq.get_connection())
        except NoSuchJobError:
            pass
        else:
            queue = django_rq.get_queue(job.origin)
            StartedJobRegistry(queue=queue).remove_executions(job)
            job.set_status(JobStatus.FAILED)
    log.error("task %s (%s) given up: %s", beat.task_id, beat.task_path, reason)
    beat.delete()


def rerun_dead() -> int:
    """Put back in their queue the tasks whose worker stopped beating; return how many.

    Each is claimed first (one scheduler puts it back once, however many run); one whose
    worker died `MAX_RERUNS` times is marked failed instead; when the queue cannot be reached
    the claim is undone and the next pass tries again."""
    now = timezone.now()
    cutoff = now - dead_after()
    rerun = 0
    for beat in TaskBeat.objects.filter(beat_at__lt=cutoff, requeued_at__isnull=True):
        if beat.reruns >= MAX_RERUNS:
            _give_up(beat)
            continue
        claimed = TaskBeat.objects.filter(
            pk=beat.pk, worker=beat.worker, requeued_at__isnull=True, beat_at__lt=cutoff
        ).update(requeued_at=now, reruns=F("reruns") + 1)
        if not claimed:
            continue  # it beat meanwhile, or another scheduler took it
        try:
            put_back = _requeue(beat)
        except Exception:  # the queue is away: undo the claim, the next pass tries again
            log.warning("task %s could not be put back in its queue", beat.task_id, exc_info=True)
            TaskBeat.objects.filter(pk=beat.pk).update(requeued_at=None, reruns=beat.reruns)
            continue
        if put_back:
            log.warning(
                "task %s (%s) lost its worker %s; put back in its queue",
                beat.task_id,
                beat.task_path,
                beat.worker,
            )
            rerun += 1
        else:  # finished, failed, or queued already: nothing to watch any more
            TaskBeat.objects.filter(pk=beat.pk).delete()
    return rerun


def fresh_task_ids() -> list[str]:
    """The tasks whose worker beat within the limit: alive, however long they have run."""
    cutoff = timezone.now() - dead_after()
    return list(TaskBeat.objects.filter(beat_at__gte=cutoff).values_list("task_id", flat=True))


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
