"""Background work of the reporting cycle: reminders before the deadline and when overdue."""

from datetime import date

from django.utils import timezone
from django_tasks import task

from hangviet.reporting import services
from hangviet.reporting.models import ReportRequest, ReportStatus

REMIND_DAYS_BEFORE = (3, 1)
OVERDUE_EVERY_DAYS = 3


def _due(request: ReportRequest) -> bool:
    report = request.current_report
    return report is None or report.status in (ReportStatus.DRAFT,)


def reminders_for(today: date) -> list[tuple[ReportRequest, str]]:
    """Return the requests to remind about today, and why."""
    found = []
    for request in (
        ReportRequest.objects.select_related("unit", "plan")
        .filter(end__lt=today)
        .prefetch_related("reports")
    ):
        days = (request.deadline - today).days
        if days in REMIND_DAYS_BEFORE and _due(request):
            found.append((request, "before"))
        elif days < 0 and (-days) % OVERDUE_EVERY_DAYS == 1 and _due(request):
            found.append((request, "overdue"))
    return found


@task()
def send_report_reminders() -> int:
    """Email the people of each unit whose report is due soon or overdue; return how many
    requests were reminded. Running it twice a day sends nothing the second time."""
    today = timezone.localdate()
    return sum(
        services.reminder_send(request=r, kind=kind, today=today)
        for r, kind in reminders_for(today)
    )
