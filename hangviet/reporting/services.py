"""Writes of the reporting cycle: requests, unit reports through their workflow, indicators,
the consolidated report. Atomic, validated, permission-checked and audited."""

import hashlib
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hangviet.core import audit, signing
from hangviet.core.documents import AdminDocument, NumberError, document_number, render_docx
from hangviet.core.pdf import PdfUnavailable, docx_to_pdf
from hangviet.core.periods import (
    Period,
    custom_period,
    default_deadline,
    period_for_code,
    period_label,
)
from hangviet.core.text import clean, fold, format_number, nfc
from hangviet.core.typing import Actor, account_of
from hangviet.orgs.models import Unit
from hangviet.orgs.permissions import Action
from hangviet.orgs.policy import working_people
from hangviet.plans.models import Cadence, Plan
from hangviet.reporting import consolidation, documents, policy
from hangviet.reporting.computing import DEFAULT_INDICATORS, compute, subtree_ids
from hangviet.reporting.models import (
    NARRATIVE_MAX_CHARS,
    NARRATIVE_SECTIONS,
    ConsolidatedReport,
    Figure,
    Indicator,
    Reminder,
    ReportRequest,
    ReportStatus,
    RequestKind,
    SignedCopy,
    UnitReport,
)

User = Actor


class ConcurrentEdit(ValidationError):
    """Someone saved the draft after this editor opened it."""


NARRATIVE_CODES = [code for code, _label in NARRATIVE_SECTIONS]


@transaction.atomic
def indicators_default(*, plan: Plan, by: User) -> list[Indicator]:
    """Give a plan the standard indicators of this campaign (idempotent)."""
    policy.require_ask(by, plan)
    made = []
    for order, (code, name, label, agg, kinds, measures, channels) in enumerate(DEFAULT_INDICATORS):
        indicator, created = Indicator.objects.get_or_create(
            plan=plan,
            code=code,
            defaults={
                "order": order,
                "name": name,
                "unit_label": label,
                "aggregation": agg,
                "kinds": kinds,
                "measures": measures,
                "channels": channels,
            },
        )
        if created:
            audit.record(
                "create", indicator, by=by, unit=plan.issuing_unit, changes=audit.created(indicator)
            )
        made.append(indicator)
    return made


def _check_deadline(period: Period, deadline: date) -> None:
    if deadline <= period.end:
        raise ValidationError(
            {
                "deadline": _("The deadline must come after the data cut-off (%(d)s).")
                % {"d": period.end.strftime("%d/%m/%Y")}
            }
        )


def reporters(plan: Plan, on: date) -> tuple[list[Unit], Unit | None]:
    """Return the units the plan's periodic reporting duties name (valid on `on`) and the
    unit they report to."""
    units: dict[int, Unit] = {}
    recipient = None
    issuer = plan.issuing_unit
    for obligation in plan.obligations.prefetch_related("reporters").select_related(
        "recipient", "via"
    ):
        if not set(obligation.cadences) & {
            Cadence.SEMIANNUAL,
            Cadence.QUARTERLY,
            Cadence.ANNUAL,
            Cadence.MONTHLY,
        }:
            continue
        recipient = obligation.via or obligation.recipient or recipient
        # The issuing department consolidates: it reports to itself only if the duty names it
        # in so many words, not as one of "các cơ quan, đơn vị".
        named = fold(issuer.name) in fold(obligation.reporters_text)
        for unit in obligation.reporters.all():
            if unit.path.startswith(issuer.path) and not named:
                continue
            if unit.is_valid_on(on):
                units[unit.pk] = unit
    return sorted(units.values(), key=lambda u: u.path), recipient


@transaction.atomic
def requests_generate(
    *, plan: Plan, period_code: str, by: User, deadline: date | None = None
) -> list[ReportRequest]:
    """Create the period's request for every unit the plan's reporting duties name."""
    policy.require_ask(by, plan)
    period = period_for_code(period_code)
    deadline = deadline or default_deadline(period)
    _check_deadline(period, deadline)
    units, recipient = reporters(plan, period.end)
    if not units:
        raise ValidationError(_("The plan names no unit with a periodic reporting duty."))
    made = []
    for unit in units:
        request, created = ReportRequest.objects.get_or_create(
            plan=plan,
            unit=unit,
            period_code=period.code,
            defaults={
                "start": period.start,
                "end": period.end,
                "deadline": deadline,
                "recipient": recipient,
                "kind": RequestKind.PERIODIC,
                "created_by": account_of(by),
            },
        )
        if created:
            audit.record("create", request, by=by, unit=unit, changes=audit.created(request))
        made.append(request)
    return made


@transaction.atomic
def request_adhoc(
    *, plan: Plan, units: list[Unit], start: date, end: date, deadline: date, title: str, by: User
) -> list[ReportRequest]:
    """Ask some units for an ad hoc report over a range of the coordinator's choice."""
    policy.require_ask(by, plan, units)
    period = custom_period(start, end)
    _check_deadline(period, deadline)
    if not units:
        raise ValidationError({"units": _("Choose at least one unit.")})
    made = []
    for unit in units:
        request, created = ReportRequest.objects.get_or_create(
            plan=plan,
            unit=unit,
            period_code=period.code,
            defaults={
                "start": start,
                "end": end,
                "deadline": deadline,
                "kind": RequestKind.ADHOC,
                "title": nfc(title)[:200],
                "recipient": plan.issuing_unit,
                "created_by": account_of(by),
            },
        )
        if created:
            audit.record("create", request, by=by, unit=unit, changes=audit.created(request))
        made.append(request)
    return made


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
        narrative={code: "" for code in NARRATIVE_CODES},
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
        report.narrative = {**report.narrative, **_narrative(narrative, errors)}
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
def report_submit(*, report: UnitReport, by: User, at: datetime | None = None) -> UnitReport:
    """Send the draft to the coordinator (the unit's head only). It is frozen from now on, in
    the database too. `at` records an earlier submission (loading past cycles: system only)."""
    if at is not None and by is not None:
        raise PermissionDenied(_("Only the system records a submission at another time."))
    report = (
        UnitReport.objects.select_for_update().select_related("request__unit").get(pk=report.pk)
    )
    policy.require_send(by, report.request)
    _require_draft(report)
    if not (report.narrative.get("results") or "").strip():
        raise ValidationError({"results": _("Write the results section before submitting.")})
    report.status = ReportStatus.SUBMITTED
    report.submitted_by = account_of(by)
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
    return _review(report, by, ReportStatus.ACCEPTED, comment)


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


def _narrative(sections: dict[str, str], errors: dict[str, list[str]]) -> dict[str, str]:
    """Return the sections as stored: the one cleaning rule (lines end in LF, no control
    characters), each line a paragraph; an unknown or too long section is an error."""
    unknown = set(sections) - set(NARRATIVE_CODES)
    if unknown:
        errors["narrative"] = [_("Unknown sections: %(s)s") % {"s": ", ".join(sorted(unknown))}]
    out = {}
    labels = dict(NARRATIVE_SECTIONS)
    for code, text in sections.items():
        if code not in NARRATIVE_CODES:
            continue
        lines = [line.strip() for line in clean(text or "").split("\n")]
        value = "\n".join(line for line in lines if line)
        if len(value) > NARRATIVE_MAX_CHARS:
            errors.setdefault(code, []).append(
                _("“%(s)s” is %(n)s characters long; a section may have at most %(m)s.")
                % {
                    "s": labels[code],
                    "n": format_number(len(value)),
                    "m": format_number(NARRATIVE_MAX_CHARS),
                }
            )
            continue
        out[code] = value
    return out


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
        if obj.sent_on and obj.sent_on > timezone.localdate():
            errors["sent_on"] = [_("The sending date cannot be in the future.")]
    if "narrative" in fields:
        obj.narrative = {**obj.narrative, **_narrative(fields["narrative"] or {}, errors)}
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
    cleaned = _narrative({section: text}, errors)
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
    if section not in NARRATIVE_CODES:
        raise ValidationError(_("Unknown sections: %(s)s") % {"s": section})
    obj = _consolidation_for(plan, period_code, by)
    _check_lock(obj, lock_version)
    before = audit.snapshot(obj)
    obj.narrative = {k: v for k, v in obj.narrative.items() if k != section}
    _save_consolidation(obj, by, before)
    return obj


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


# --- Signed copies (issue #22) -------------------------------------------------------------


def _keys(
    by: User, unit: Unit
) -> tuple[signing.SigningConfig, signing.KeySource, signing.KeySource]:
    """The signing configuration and the two keys a document of `unit` signed by `by` needs,
    or a ValidationError that says what IT staff must set up."""
    try:
        config = signing.configuration()
    except signing.SigningUnavailable as exc:
        raise ValidationError(str(exc)) from exc
    if config is None:
        raise ValidationError(
            _(
                "Digital signing is not set up on this server: the IT staff must name the "
                "certificates in the signing configuration (docs/electronic-documents.md)."
            )
        )
    account = account_of(by)
    signer = config.signers.get(account.get_username()) if account is not None else None
    if signer is None:
        raise ValidationError(
            _(
                "No signing certificate is configured for your account; ask the IT staff to "
                "add your certificate or token to the signing configuration."
            )
        )
    if not unit.agency_code:
        raise ValidationError(
            _(
                "%(unit)s has no agency identification code in the registry; add it to the "
                "unit before signing."
            )
            % {"unit": unit.name}
        )
    agency = config.agencies.get(unit.agency_code)
    if agency is None:
        raise ValidationError(
            _("No agency certificate is configured for %(unit)s (code %(code)s).")
            % {"unit": unit.name, "code": unit.agency_code}
        )
    return config, signer, agency


def _sign_document(
    document: AdminDocument, unit: Unit, place: str, by: User
) -> tuple[bytes, list[signing.SignatureCheck]]:
    """Write the document as PDF/A and sign it: the signer at the signature block, then the
    agency with its seal over the left third of the signer's signature."""
    config, signer_key, agency_key = _keys(by, unit)
    try:
        with translation.override("vi"):
            pdf = docx_to_pdf(render_docx(document))
        where = signing.signature_block(pdf, title=document.signer_title, name=document.signer_name)
        signatures = (
            # the signer at the signature block, then the agency with its seal over it
            (signer_key, signing.SIGNER_FIELD, where.signer_box, document.signer_name,
             f"{document.signer_name}\nĐã ký số: %(ts)s",
             f"{document.signer_title.title()} ký {document.doc_type_name.lower()}"),
            (agency_key, signing.AGENCY_FIELD, where.agency_box, unit.name,
             f"{unit.name}\nThời gian ký: %(ts)s", "Phát hành văn bản điện tử"),
        )  # fmt: skip
        for source, field_name, box, name, text, reason in signatures:
            with signing.open_key(source) as key:
                pdf = signing.sign(
                    pdf,
                    key=key,
                    field_name=field_name,
                    box=box,
                    page=where.page,
                    text=text,
                    image=source.image,
                    reason=reason,
                    location=place,
                    name=name,
                    timestamp_url=config.timestamp_url,
                )
        roots = config.trusted()
        checks = signing.verify(pdf, roots)
    except (signing.SigningUnavailable, signing.SignatureInvalid, PdfUnavailable) as exc:
        raise ValidationError(str(exc)) from exc
    if len(checks) != 2 or not all(c.ok for c in checks):
        raise ValidationError(_("The signed PDF did not verify; nothing was saved."))
    untrusted = [c for c in checks if not c.trusted]
    if untrusted:
        # A copy is kept only when both keys chain to the configured roots: a self-signed key
        # ("Giám đốc Sở (giả mạo)") signs nothing here.
        raise ValidationError(
            _(
                "The certificate of %(who)s does not chain to a trusted certification "
                "authority of the signing configuration; nothing was saved. Ask the IT staff "
                "to check the certificate and the trusted roots."
            )
            % {"who": untrusted[0].signer_name or untrusted[0].field_name}
        )
    return pdf, checks


def _details(document: AdminDocument, sender: Unit, receiver: Unit | None, pdf: bytes) -> dict:
    """What the exchange envelope will say of the document, kept as it was signed."""
    return {
        "subject": document.summary,
        "type_name": document.doc_type_name.capitalize(),
        "place": document.place_date.split(",")[0].strip(),
        "signer_authority": document.signer_authority,
        "signer_title": document.signer_title,
        "signer_name": document.signer_name,
        "recipients": [line.removeprefix("- ").rstrip(";.") for line in document.recipients],
        "sender_id": sender.pk,
        "receiver_id": receiver.pk if receiver is not None else None,
        "pages": signing.page_count(pdf),
    }


def _store_copy(pdf: bytes, checks: list[signing.SignatureCheck], **fields: Any) -> SignedCopy:
    digest = hashlib.sha256(pdf).hexdigest()
    copy = SignedCopy(
        sha256=digest,
        size=len(pdf),
        signed_at=timezone.now(),
        signer_certificate=checks[0].signer[:500],
        agency_certificate=checks[1].signer[:500],
        **fields,
    )
    copy.file.save(f"{digest[:16]}.pdf", ContentFile(pdf), save=False)
    copy.full_clean()
    copy.save()
    return copy


@transaction.atomic
def consolidation_sign(*, plan: Plan, period_code: str, by: User) -> SignedCopy:
    """Sign the consolidated report as it stands (the next signed version). Only the head of
    the issuing unit signs; the report must carry its number and date."""
    policy.require_sign(by, plan)
    saved = (
        ConsolidatedReport.objects.select_for_update()
        .filter(plan=plan, period_code=period_code)
        .first()
    )
    if saved is None or not saved.number or not saved.sent_on:
        raise ValidationError(
            _(
                "The report needs its number and date before it is signed: the coordinator "
                "enters them on the consolidated report's page."
            )
        )
    result = consolidation.consolidate(plan, period_code)
    account = account_of(by)
    document = documents.consolidation_document(
        result, signer_name=(account.get_full_name() if account else "") or plan.signer_name
    )
    pdf, checks = _sign_document(document, plan.issuing_unit, plan.place, by)
    version = (saved.signed_copies.aggregate(v=Max("version"))["v"] or 0) + 1
    copy = _store_copy(
        pdf,
        checks,
        details=_details(document, plan.issuing_unit, documents.front_of(plan), pdf),
        consolidation=saved,
        version=version,
        number=saved.number,
        dated=saved.sent_on,
        signed_by=account,
    )
    audit.record(
        "create",
        copy,
        by=by,
        unit=plan.issuing_unit,
        changes=audit.created(copy),
        note="signed",
    )
    return copy
