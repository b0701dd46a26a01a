from datetime import date, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import TestCase
from django_tasks_db.models import DBTaskResult

from hangviet.core.models import ScheduledRun
from hangviet.core.schedule import run_due_jobs
from hangviet.orgs.services import unit_update
from hangviet.reporting import services
from hangviet.reporting.models import Reminder
from hangviet.reporting.tasks import send_report_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(world, people, plan2026):
    services.indicators_default(plan=plan2026, by=None)
    requests = services.requests_generate(plan=plan2026, period_code="2026H1", by=None)
    people["alice"].email = "mai@tancuong.gov.vn"
    people["alice"].save()
    unit_update(unit=world["commune"], by=None, email="ubnd@tancuong.gov.vn")
    return next(r for r in requests if r.unit_id == world["commune"].pk)


def run_on(day: date) -> int:
    with (
        mock.patch("django.utils.timezone.localdate", return_value=day),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        return send_report_reminders.call()


def test_reminders_before_the_deadline_and_when_overdue_once_a_day(due, world, people):
    deadline = due.deadline
    assert run_on(deadline - timedelta(days=5)) == 0
    run_on(deadline - timedelta(days=3))
    message = next(m for m in mail.outbox if "ubnd@tancuong.gov.vn" in m.to)
    assert "mai@tancuong.gov.vn" in message.to
    assert deadline.strftime("%d/%m/%Y") in message.subject
    count = len(mail.outbox)
    run_on(deadline - timedelta(days=3))  # the same day again: nothing new
    assert len(mail.outbox) == count
    run_on(deadline + timedelta(days=1))
    assert Reminder.objects.filter(request=due, kind="overdue").exists()


def test_no_reminder_once_the_report_is_sent(due, people):
    report = services.report_start(request=due, by=None)
    services.report_save(
        report=report,
        by=None,
        lock_version=report.lock_version,
        narrative={"direction": "Đã triển khai Kế hoạch.", "results": "Xong."},
    )
    services.report_submit(report=report, by=None)
    run_on(due.deadline - timedelta(days=1))
    assert not Reminder.objects.filter(request=due).exists()


def test_the_scheduler_enqueues_each_job_once_per_interval():
    from hangviet.core.schedule import SCHEDULE

    assert run_due_jobs() == [job.name for job in SCHEDULE]
    assert run_due_jobs() == []
    assert DBTaskResult.objects.filter(task_path__endswith="send_report_reminders").count() == 1
    assert ScheduledRun.objects.get(name="report-reminders").last_run_at is not None
