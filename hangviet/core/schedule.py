"""Every recurring job, declared in one place, and the loop that enqueues them.

`hangviet scheduler` runs the loop (make run starts it beside the worker); a job is enqueued
when its interval has passed since its last run, claimed with an optimistic update so two
schedulers never enqueue the same run twice.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.module_loading import import_string

from hangviet.core.models import ScheduledRun


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path of a django-tasks task
    every: timedelta


SCHEDULE = [
    Job("report-reminders", "hangviet.reporting.tasks.send_report_reminders", timedelta(hours=6)),
    Job("requeue-stale-tasks", "hangviet.core.tasks.requeue_stale_tasks", timedelta(minutes=5)),
    Job("monitor-poll", "hangviet.monitoring.tasks.poll_sources", timedelta(minutes=5)),
    Job("monitor-retrain", "hangviet.monitoring.tasks.retrain_classifier", timedelta(days=1)),
    Job("daily-digest", "hangviet.desk.tasks.send_daily_digests", timedelta(hours=1)),
    Job("exchange-deliver", "hangviet.exchange.tasks.deliver_pending", timedelta(minutes=1)),
    Job("ocop-expiry", "hangviet.directory.tasks.watch_ocop_certificates", timedelta(days=1)),
]


def run_due_jobs() -> list[str]:
    """Enqueue the jobs whose time has come; return their names."""
    now = timezone.now()
    started = []
    for job in SCHEDULE:
        run, _created = ScheduledRun.objects.get_or_create(name=job.name)
        if run.last_run_at is not None and now - run.last_run_at < job.every:
            continue
        claimed = ScheduledRun.objects.filter(pk=run.pk, last_run_at=run.last_run_at).update(
            last_run_at=now
        )
        if claimed:
            import_string(job.task).enqueue()
            started.append(job.name)
    return started
