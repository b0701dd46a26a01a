"""The import pipeline shared by the command line and the web: read, parse, resolve, save."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User as DjangoUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hangviet.core import audit, edxml, signing
from hangviet.core.text import fold, nfc
from hangviet.core.typing import Actor
from hangviet.orgs.models import Unit
from hangviet.plans import policy
from hangviet.plans.models import Plan, PlanUpload
from hangviet.plans.parsing import ParsedPlan, missing_parts, parse_lines
from hangviet.plans.reading import (
    DocumentError,
    DocumentText,
    read_document,
    text_from_json,
    text_to_json,
)
from hangviet.plans.resolution import resolve
from hangviet.plans.selectors import same_plan
from hangviet.plans.services import plan_import


@dataclass
class Preview:
    parsed: ParsedPlan
    source_format: str
    encoding: str
    envelope: edxml.Envelope | None = None  # when it came as an exchange package

    def to_dict(self) -> dict[str, Any]:
        data = self.parsed.to_dict()
        data["source_format"] = self.source_format
        data["unresolved"] = [m.text for m in self.parsed.unresolved]
        if self.envelope is not None:
            data["envelope"] = {
                "sender": self.envelope.sender.organ_id,
                "sender_name": self.envelope.sender.name,
                "receivers": [r.organ_id for r in self.envelope.receivers],
                "code": self.envelope.code,
                "promulgated_on": self.envelope.promulgated_on.isoformat(),
                "type_name": self.envelope.type_name,
                "subject": self.envelope.subject,
                "attachments": [a.name for a in self.envelope.attachments],
            }
        return data


def administrative_content(parsed: ParsedPlan) -> bool:
    """Whether a text has anything of an administrative document to read: a type or numbered
    sections, a number and symbol, a date of issue, cited documents, assigned duties, or a
    sentence giving a public body work that the reader could not turn into duties (the person
    adds them). Only a text with none of them is refused; the rest is read for what it has,
    and `missing` says what a full plan would add."""
    return bool(
        parsed.recognised
        or parsed.symbol
        or parsed.year
        or parsed.citations
        or parsed.assignments
        or parsed.obligations
        or parsed.unread_duties
    )


def _differs(parsed: ParsedPlan, what: str, envelope_value: str, text_value: str) -> None:
    if text_value and envelope_value and fold(text_value) != fold(envelope_value):
        parsed.warnings.append(
            _(
                "The exchange package gives %(what)s as “%(e)s” but the attached document "
                "reads “%(t)s”; the package's value is used."
            )
            % {"what": what, "e": envelope_value, "t": text_value}
        )


def apply_envelope(parsed: ParsedPlan, envelope: edxml.Envelope) -> None:
    """Take the document's metadata from the exchange package's envelope (what the sender's
    document system registered), saying where the attached text reads otherwise."""
    code = envelope.code
    _differs(
        parsed,
        _("the number and symbol"),
        code,
        parsed.own_reference,
    )
    if envelope.code_number:
        parsed.number = envelope.code_number
    if envelope.code_notation:
        parsed.symbol = envelope.code_notation
        parsed.doc_type = parsed.doc_type or envelope.code_notation.split("-")[0]
        parsed.issuer_abbreviation = envelope.code_notation.split("-")[-1]
    if envelope.type_name:
        _differs(parsed, _("the type of document"), envelope.type_name, parsed.doc_type_name)
        parsed.doc_type_name = envelope.type_name.upper()
    if envelope.promulgated_on.year > 1900:
        day = envelope.promulgated_on
        if parsed.issued_on and (parsed.day, parsed.month, parsed.year) != (
            day.day,
            day.month,
            day.year,
        ):
            _differs(
                parsed, _("the date"), day.strftime("%d/%m/%Y"), f"{parsed.issued_on:%d/%m/%Y}"
            )
        parsed.day, parsed.month, parsed.year = day.day, day.month, day.year
    parsed.place = envelope.place or parsed.place
    parsed.issuer_name = parsed.issuer_name or envelope.sender.name.upper()
    parsed.summary = parsed.summary or envelope.subject
    parsed.signer_authority = parsed.signer_authority or envelope.signer_competence
    parsed.signer_title = parsed.signer_title or envelope.signer_position
    parsed.signer_name = parsed.signer_name or envelope.signer_name
    parsed.missing = missing_parts(parsed)


def _envelope_issuer(envelope: edxml.Envelope | None) -> Unit | None:
    if envelope is None or not envelope.sender.organ_id:
        return None
    found = list(Unit.objects.filter(agency_code=envelope.sender.organ_id)[:2])
    return found[0] if len(found) == 1 else None


def _signatures(parsed: ParsedPlan, checks: tuple[signing.SignatureCheck, ...]) -> None:
    """Say of each signature who signed, that nothing was changed after it (a changed document
    was refused by the reader), and whether the signer is trusted."""
    trust_checked = bool(signing.trust_roots()) if checks else False
    for check in checks:
        parsed.warnings.append(check.describe(trust_checked))


def preview(
    data: bytes, filename: str = "", issuer: Unit | None = None, text: DocumentText | None = None
) -> Preview:
    """Return what `data` would import as (`text`: what was read from it before, if kept);
    raise DocumentError or ValidationError."""
    text = text or read_document(data, filename)
    parsed = parse_lines(text.lines)
    if text.envelope is not None:
        apply_envelope(parsed, text.envelope)
        issuer = issuer or _envelope_issuer(text.envelope)
    _signatures(parsed, text.signatures)
    if not administrative_content(parsed):
        raise DocumentError(
            _(
                "This text has nothing of an administrative document to read: no document "
                "type, number or date of issue, no cited document, and no sentence that gives "
                "a unit work."
            )
        )
    resolve(parsed, issuer=issuer)
    return Preview(parsed, text.source_format, text.encoding, text.envelope)


def import_file(
    data: bytes,
    *,
    filename: str = "",
    by: Actor,
    issuer: Unit | None = None,
    text: DocumentText | None = None,
    issued_on: date | None = None,
    doc_type: str | None = None,
) -> tuple[Preview, Plan]:
    """Read, parse, resolve and save a document; return the preview and the plan (the type
    and date the person gives are used where the text has none)."""
    result = preview(data, filename, issuer, text)
    chosen = issuer
    if chosen is None and result.parsed.issuer_unit_id:
        chosen = Unit.objects.get(pk=result.parsed.issuer_unit_id)
    if chosen is None:
        raise ValidationError(_("The issuing unit could not be recognised; choose it explicitly."))
    return result, plan_import(
        parsed=result.parsed,
        issuer=chosen,
        by=by,
        filename=filename,
        issued_on=issued_on,
        doc_type=doc_type,
    )


def upload_text(upload: PlanUpload) -> DocumentText:
    """What was read from an upload when it was kept (read again only for an upload kept
    before readings were stored)."""
    if upload.reading:
        return text_from_json(upload.reading, bytes(upload.data))
    return read_document(bytes(upload.data), upload.filename)


def upload_preview(upload: PlanUpload, issuer: Unit | None = None) -> Preview:
    """The review page's preview of an upload, from its kept reading."""
    return preview(bytes(upload.data), upload.filename, issuer, upload_text(upload))


@transaction.atomic
def plan_upload_create(*, by: DjangoUser, filename: str, data: bytes) -> PlanUpload:
    """Keep an uploaded (or pasted) document for its review page, once it reads as a plan,
    with what was read from it. Raise DocumentError, keeping nothing, when it does not."""
    policy.require_import(by)
    text = read_document(data, filename)
    preview(data, filename, text=text)
    upload = PlanUpload.objects.create(
        user=by, filename=nfc(filename)[:255], data=data, reading=text_to_json(text)
    )
    audit.record(
        "create",
        upload,
        by=by,
        changes={"filename": [None, upload.filename], "bytes": [None, len(data)]},
    )
    return upload


@transaction.atomic
def plan_upload_import(
    *,
    upload: PlanUpload,
    by: Actor,
    issuer: Unit | None,
    again: bool = False,
    issued_on: date | None = None,
    doc_type: str | None = None,
) -> Plan:
    """Import a reviewed upload as a plan (once: an imported upload is not imported again).
    A document already imported as a current plan is refused unless `again` says the person
    saw the existing plan and wants a second one."""
    upload = PlanUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.plan_id is not None:
        raise ValidationError(_("This document was already imported."))
    text = upload_text(upload)
    if not again:
        found = same_plan(upload_preview(upload).parsed, bytes(upload.data))
        if found is not None:
            raise ValidationError(_("This plan already exists: %(p)s.") % {"p": found.title})
    _preview, plan = import_file(
        bytes(upload.data),
        filename=upload.filename,
        by=by,
        issuer=issuer,
        text=text,
        issued_on=issued_on,
        doc_type=doc_type,
    )
    upload.plan = plan
    upload.save(update_fields=["plan"])
    audit.record(
        "update",
        upload,
        by=by,
        unit=plan.issuing_unit,
        changes={"plan": [None, plan.pk]},
        note="imported as a plan",
    )
    return plan
