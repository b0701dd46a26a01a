"""The coordinator's consolidated report: its number, date and addressee, and the sections the
coordinator writes or has drafted again from the data (an optimistic lock between coordinators)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.core import audit
from hangviet.core.documents import NumberError, document_number
from hangviet.core.periods import PeriodError, period_for_code, shifted_period
from hangviet.core.text import clean, format_date
from hangviet.core.typing import Actor, account_of
from hangviet.plans.models import Plan
from hangviet.reporting import policy
from hangviet.reporting.models import (
    ConsolidatedReport,
    ReportRequest,
)
from hangviet.reporting.outline import CODES, clean_sections
from hangviet.reporting.services.reports import ConcurrentEdit

User = Actor


def _consolidation_for(plan: Plan, period_code: str, by: User) -> ConsolidatedReport:
    policy.require_draft(by, plan)
    if not ReportRequest.objects.filter(plan=plan, period_code=period_code).exists():
        raise ValidationError(_("No unit was asked to report for this period."))
    obj, _created = ConsolidatedReport.objects.get_or_create(
        plan=plan,
        period_code=period_code,
        defaults={"created_by": account_of(by)},
    )
    return ConsolidatedReport.objects.select_for_update().get(pk=obj.pk)


def _check_lock(obj: ConsolidatedReport, lock_version: int) -> None:
    if obj.lock_version != lock_version:
        when = obj.updated_at.astimezone(timezone.get_current_timezone()).strftime("%H:%M")
        raise ConcurrentEdit(
            _(
                "Another coordinator saved this report at %(t)s while you were editing. Your "
                "text is kept below: reload the report, then add your changes again."
            )
            % {"t": when}
        )


def _save_consolidation(obj: ConsolidatedReport, by: User, before: dict[str, Any]) -> None:
    obj.lock_version += 1
    obj.full_clean()
    obj.save()
    changes = audit.diff(before, audit.snapshot(obj))
    if changes:
        audit.record("update", obj, by=by, unit=obj.plan.issuing_unit, changes=changes)


def _date_problem(period_code: str, day: date | None) -> str:
    """A report is dated within its reporting window: after the data cut-off, and before the
    next period of the same kind ends (a report of 2022 is dated in 2022, never today)."""
    if day is None:
        return ""
    if day > timezone.localdate():
        return _("The sending date cannot be in the future.")
    try:
        period = period_for_code(period_code)
    except PeriodError:
        return ""  # an ad hoc range: any date after its end
    following = shifted_period(period_code, 1)
    last = period_for_code(following).end if following else None
    if day <= period.end or (last is not None and day > last):
        return _(
            "The report's date must fall after the data cut-off (%(a)s) and before the next "
            "period ends (%(b)s)."
        ) % {
            "a": format_date(period.end),
            "b": format_date(last) if last else "",
        }
    return ""


@transaction.atomic
def consolidation_save(
    *,
    plan: Plan,
    period_code: str,
    by: User,
    lock_version: int | None = None,
    **fields: Any,
) -> ConsolidatedReport:
    """Save the coordinator's details (number and symbol, sending date, addressee) and any
    sections given in `narrative`. With `lock_version`, refuse to overwrite a save made by
    someone else in between."""
    obj = _consolidation_for(plan, period_code, by)
    if lock_version is not None:
        _check_lock(obj, lock_version)
    before = audit.snapshot(obj)
    errors: dict[str, list[str]] = {}
    if "number" in fields:
        try:
            obj.number = document_number(
                fields["number"] or "", "BC", plan.issuing_unit.abbreviation or ""
            )
        except NumberError as exc:
            errors["number"] = [str(exc)]
    if "sent_to" in fields:
        obj.sent_to = clean(fields["sent_to"] or "", multiline=False).strip()
    if "sent_on" in fields:
        obj.sent_on = fields["sent_on"]
        problem = _date_problem(period_code, obj.sent_on)
        if problem:
            errors["sent_on"] = [problem]
    if "narrative" in fields:
        obj.narrative = {**obj.narrative, **clean_sections(fields["narrative"] or {}, errors)}
    if errors:
        raise ValidationError(errors)
    _save_consolidation(obj, by, before)
    return obj


@transaction.atomic
def consolidation_section_save(
    *, plan: Plan, period_code: str, by: User, section: str, text: str, lock_version: int
) -> ConsolidatedReport:
    """Keep the coordinator's text of one section; the other sections are not touched."""
    obj = _consolidation_for(plan, period_code, by)
    _check_lock(obj, lock_version)
    before = audit.snapshot(obj)
    errors: dict[str, list[str]] = {}
    cleaned = clean_sections({section: text}, errors)
    if errors:
        raise ValidationError(errors)
    obj.narrative = {**obj.narrative, **cleaned}
    _save_consolidation(obj, by, before)
    return obj


@transaction.atomic
def consolidation_section_regenerate(
    *, plan: Plan, period_code: str, by: User, section: str, lock_version: int
) -> ConsolidatedReport:
    """Drop the coordinator's text of one section: it is drafted from the data again. The
    other sections keep their edits."""
    if section not in CODES:
        raise ValidationError(_("Unknown sections: %(s)s") % {"s": section})
    obj = _consolidation_for(plan, period_code, by)
    _check_lock(obj, lock_version)
    before = audit.snapshot(obj)
    obj.narrative = {k: v for k, v in obj.narrative.items() if k != section}
    _save_consolidation(obj, by, before)
    return obj
