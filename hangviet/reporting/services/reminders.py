"""Reminding a unit that its report is due or overdue, at most once a day."""

from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from hangviet.core import audit
from hangviet.core.periods import (
    period_label,
)
from hangviet.core.typing import Actor
from hangviet.orgs.policy import working_people
from hangviet.reporting.models import (
    Reminder,
    ReportRequest,
)

User = Actor


def reminder_send(*, request: ReportRequest, kind: str, today: date) -> bool:
    """Remind the editors and the head of the request's unit (and the unit's own address)
    that its report is due (`kind` "before") or overdue ("overdue"). A request is reminded at
    most once a day: the reminder row is unique per day, and the email leaves only once it is
    stored. Return whether a reminder was sent."""
    addresses = sorted(
        {person.email for person in working_people(request.unit) if person.email}
        | ({request.unit.email} if request.unit.email else set())
    )
    if not addresses:
        return False
    deadline = request.deadline.strftime("%d/%m/%Y")
    with translation.override(settings.LANGUAGE_CODE):
        if kind == "before":
            subject = _("Report due on %(d)s") % {"d": deadline}
        else:
            subject = _("Report overdue since %(d)s") % {"d": deadline}
        body = _(
            "%(unit)s has not yet sent its report for %(period)s under “%(plan)s”.\n"
            "Deadline: %(deadline)s.\nOpen it in hangviet: Báo cáo → %(unit)s."
        ) % {
            "unit": request.unit.name,
            "period": request.title or period_label(request.period_code),
            "plan": request.plan.summary,
            "deadline": deadline,
        }
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                request=request, sent_on=today, kind=kind, recipients=len(addresses)
            )
            audit.record(
                "create",
                reminder,
                by=None,
                unit=request.unit,
                changes={"kind": [None, kind], "recipients": [None, len(addresses)]},
            )
            message = (subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
            transaction.on_commit(lambda: send_mass_mail([message]))
    except IntegrityError:
        return False  # already reminded today
    return True
