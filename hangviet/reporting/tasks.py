"""Background work of the reporting cycle: reminders before the deadline and when overdue."""

from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from hangviet.orgs.models import Role, RoleAssignment
from hangviet.reporting.models import Reminder, ReportRequest, ReportStatus

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
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for request, kind in reminders_for(today):
            people = RoleAssignment.objects.filter(
                unit=request.unit, role__in=[Role.EDITOR, Role.HEAD]
            ).select_related("user")
            addresses = sorted(
                {ra.user.email for ra in people if ra.user.email}
                | ({request.unit.email} if request.unit.email else set())
            )
            if not addresses:
                continue
            try:
                with transaction.atomic():
                    Reminder.objects.create(
                        request=request, sent_on=today, kind=kind, recipients=len(addresses)
                    )
            except IntegrityError:
                continue  # already reminded today
            if kind == "before":
                subject = _("Report due on %(d)s") % {"d": request.deadline.strftime("%d/%m/%Y")}
            else:
                subject = _("Report overdue since %(d)s") % {
                    "d": request.deadline.strftime("%d/%m/%Y")
                }
            body = _(
                "%(unit)s has not yet sent its report for %(period)s under “%(plan)s”.\n"
                "Deadline: %(deadline)s.\nOpen it in hangviet: Báo cáo → %(unit)s."
            ) % {
                "unit": request.unit.name,
                "period": request.title or request.period_code,
                "plan": request.plan.summary,
                "deadline": request.deadline.strftime("%d/%m/%Y"),
            }
            send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)])
            sent += 1
    return sent
