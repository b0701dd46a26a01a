"""A unit's report through its workflow: started from the evidence, saved (with an optimistic
lock between editors), sent by the head, returned or accepted by the coordinator, corrected as
a new version. Every sent version is frozen, in the database too."""

from datetime import datetime

from django.contrib.auth.models import User as DjangoUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.activities import services as activity_services
from hangviet.core import audit
from hangviet.core.text import nfc
from hangviet.core.typing import Actor, account_of
from hangviet.orgs.permissions import Action
from hangviet.reporting import policy
from hangviet.reporting.computing import compute, subtree_ids
from hangviet.reporting.models import (
    Figure,
    ReportRequest,
    ReportStatus,
    UnitReport,
)
from hangviet.reporting.outline import CODES, clean_sections, missing_required

User = Actor


class ConcurrentEdit(ValidationError):
    """Someone saved the draft after this editor opened it."""


def _fill_figures(report: UnitReport, keep: dict[int, tuple[int, str]] | None = None) -> None:
    request = report.request
    ids = subtree_ids(request.unit)
    for indicator in request.plan.indicators.all():
        computed = compute(indicator, ids, request.start, request.end)
        value, reason = (keep or {}).get(indicator.pk, (computed, ""))
        Figure.objects.update_or_create(
            report=report,
            indicator=indicator,
            defaults={
                "computed": computed,
                "value": value if reason else computed,
                "reason": reason,
            },
        )


@transaction.atomic
def report_start(*, request: ReportRequest, by: User) -> UnitReport:
    """Return the request's current report, starting a draft pre-filled from evidence."""
    policy.require(by, request, Action.EDIT)
    current = request.current_report
    if current is not None:
        return current
    report = UnitReport.objects.create(
        request=request,
        version=1,
        narrative={code: "" for code in CODES},
        created_by=account_of(by),
    )
    _fill_figures(report)
    audit.record("create", report, by=by, unit=request.unit, changes=audit.created(report))
    return report


def _require_draft(report: UnitReport) -> None:
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(
            _("This version was sent and can no longer be changed; start a correction instead.")
        )


@transaction.atomic
def report_refresh(*, report: UnitReport, by: User) -> UnitReport:
    """Recompute a draft's figures from the evidence as it stands now."""
    report = UnitReport.objects.select_for_update().get(pk=report.pk)
    policy.require(by, report.request, Action.EDIT)
    _require_draft(report)
    figures = report.figures.select_related("indicator")
    before = {f.indicator.name: f.value for f in figures}
    keep = {f.indicator_id: (f.value, f.reason) for f in figures if f.reason}
    _fill_figures(report, keep)
    report.lock_version += 1
    report.save(update_fields=["lock_version", "updated_at"])
    after = {f.indicator.name: f.value for f in report.figures.select_related("indicator")}
    changes = {
        label: [before.get(label), value]
        for label, value in after.items()
        if before.get(label) != value
    }
    audit.record(
        "update",
        report,
        by=by,
        unit=report.request.unit,
        changes=changes,
        note="figures recomputed from the evidence",
    )
    return report


@transaction.atomic
def report_save(
    *,
    report: UnitReport,
    by: User,
    lock_version: int,
    narrative: dict[str, str] | None = None,
    figures: dict[int, tuple[int, str]] | None = None,
) -> UnitReport:
    """Save a draft. `lock_version` is the version the editor started from: if someone saved
    in between, nothing is overwritten and the editor is told."""
    report = (
        UnitReport.objects.select_for_update().select_related("request__unit").get(pk=report.pk)
    )
    policy.require(by, report.request, Action.EDIT)
    _require_draft(report)
    if report.lock_version != lock_version:
        who = report.updated_at.astimezone(timezone.get_current_timezone()).strftime("%H:%M")
        raise ConcurrentEdit(
            _(
                "Someone else saved this report at %(t)s while you were editing. Your text is "
                "kept below: reload the report, then add your changes again."
            )
            % {"t": who}
        )
    errors: dict[str, list[str]] = {}
    before = {
        "narrative": report.narrative,
        "figures": {f.indicator_id: [f.value, f.reason] for f in report.figures.all()},
    }
    if narrative is not None:
        report.narrative = {**report.narrative, **clean_sections(narrative, errors)}
    for indicator_id, (value, reason) in (figures or {}).items():
        figure = (
            report.figures.filter(indicator_id=indicator_id).select_related("indicator").first()
        )
        if figure is None:
            errors.setdefault("figures", []).append(_("Unknown indicator."))
            continue
        reason = nfc(reason or "").strip()
        if not isinstance(value, int) or value < 0:
            errors.setdefault(f"figure_{indicator_id}", []).append(
                _("A figure must be a whole number, zero or more.")
            )
            continue
        if value != figure.computed and not reason:
            errors.setdefault(f"figure_{indicator_id}", []).append(
                _("“%(n)s”: the evidence gives %(c)s; write why you report %(v)s.")
                % {"n": figure.indicator.name, "c": figure.computed, "v": value}
            )
            continue
        figure.value = value
        figure.reason = reason if value != figure.computed else ""
        figure.save(update_fields=["value", "reason"])
    if errors:
        raise ValidationError(errors)
    report.lock_version += 1
    report.save(update_fields=["narrative", "lock_version", "updated_at"])
    after = {
        "narrative": report.narrative,
        "figures": {f.indicator_id: [f.value, f.reason] for f in report.figures.all()},
    }
    changes = audit.diff(before, after)
    if changes:
        audit.record("update", report, by=by, unit=report.request.unit, changes=changes)
    return report


@transaction.atomic
def report_submit(
    *,
    report: UnitReport,
    by: User,
    at: datetime | None = None,
    signer: DjangoUser | None = None,
) -> UnitReport:
    """Send the draft to the coordinator (the unit's head only). It is frozen from now on, in
    the database too. `at` and `signer` record an earlier submission by the unit's head
    (loading past cycles: system only); the signer must be a head of the unit."""
    if (at is not None or signer is not None) and by is not None:
        raise PermissionDenied(_("Only the system records a submission at another time."))
    if signer is not None:
        policy.require_send(signer, report.request)
    report = (
        UnitReport.objects.select_for_update().select_related("request__unit").get(pk=report.pk)
    )
    policy.require_send(by, report.request)
    _require_draft(report)
    empty = missing_required(report.narrative or {})
    if empty:
        raise ValidationError(
            {
                s.code: _("Write the section “%(s)s” before sending the report.") % {"s": s.label}
                for s in empty
            }
        )
    report.status = ReportStatus.SUBMITTED
    report.submitted_by = signer or account_of(by)
    report.submitted_at = at or timezone.now()
    report.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    audit.record(
        "update",
        report,
        by=by,
        unit=report.request.unit,
        changes={"status": [ReportStatus.DRAFT, ReportStatus.SUBMITTED]},
    )
    return report


def _review(report: UnitReport, by: User, status: str, comment: str) -> UnitReport:
    report = (
        UnitReport.objects.select_for_update().select_related("request__unit").get(pk=report.pk)
    )
    policy.require(by, report.request, Action.MANAGE)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be reviewed."))
    report.status = status
    report.reviewed_by = account_of(by)
    report.reviewed_at = timezone.now()
    report.review_comment = nfc(comment).strip()
    report.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
    )
    audit.record(
        "update",
        report,
        by=by,
        unit=report.request.unit,
        changes={
            "status": [ReportStatus.SUBMITTED, status],
            "review_comment": [None, report.review_comment],
        },
    )
    return report


@transaction.atomic
def report_return(*, report: UnitReport, by: User, comment: str) -> UnitReport:
    """Send a submitted report back with comments; the unit then prepares a new version."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what must be corrected.")})
    return _review(report, by, ReportStatus.RETURNED, comment)


@transaction.atomic
def report_accept(*, report: UnitReport, by: User, comment: str = "") -> UnitReport:
    """Accept a submitted report; the evidence of its unit (and the units under it) dated in
    the period is locked, so the figures of record stay what the evidence says."""
    report = _review(report, by, ReportStatus.ACCEPTED, comment)
    req = report.request
    accepted_on = timezone.localtime(report.reviewed_at).date() if report.reviewed_at else None
    activity_services.evidence_lock(
        unit=req.unit,
        start=req.start,
        end=req.end,
        reason=_("its report “%(p)s” (version %(v)s) was accepted on %(d)s")
        % {
            "p": req.period_words,
            "v": report.version,
            "d": accepted_on.strftime("%d/%m/%Y") if accepted_on else "",
        },
        reference=f"unitreport:{report.pk}",
        by=by,
    )
    return report


@transaction.atomic
def report_revise(*, report: UnitReport, by: User) -> UnitReport:
    """Start the next version of a returned or accepted report; the earlier stays readable."""
    report = UnitReport.objects.select_related("request__unit").get(pk=report.pk)
    policy.require(by, report.request, Action.EDIT)
    current = report.request.current_report
    if current is not None and current.pk != report.pk:
        raise ValidationError(_("A newer version already exists."))
    if report.status not in (ReportStatus.RETURNED, ReportStatus.ACCEPTED):
        raise ValidationError(_("Only a returned or accepted report can be corrected."))
    new = UnitReport.objects.create(
        request=report.request,
        version=report.version + 1,
        narrative=dict(report.narrative),
        created_by=account_of(by),
    )
    keep = {f.indicator_id: (f.value, f.reason) for f in report.figures.all() if f.reason}
    _fill_figures(new, keep)
    audit.record(
        "create",
        new,
        by=by,
        unit=report.request.unit,
        changes={"version": [None, new.version]},
        note=f"correction of v{report.version}",
    )
    return new
