"""Signing the consolidated report: the PDF/A copy signed by the head of the issuing unit and by
the agency (pyHanko, ADR 10), verified and trusted before it is kept once with its hash."""

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hangviet.core import audit, signing
from hangviet.core.documents import AdminDocument, render_docx
from hangviet.core.pdf import PdfUnavailable, docx_to_pdf
from hangviet.core.text import is_blank, nfc
from hangviet.core.typing import Actor, account_of
from hangviet.orgs.models import Unit
from hangviet.plans.models import Plan
from hangviet.reporting import consolidation, documents, policy
from hangviet.reporting.models import (
    ConsolidatedReport,
    CopyState,
    CopyStatus,
    Receipt,
    SignedCopy,
)
from hangviet.reporting.record import Consolidation

User = Actor


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


def sign_document(
    document: AdminDocument, unit: Unit, place: str, by: User
) -> tuple[bytes, list[signing.SignatureCheck]]:
    """Write the document as PDF/A and sign it: the signer at the signature block, then the
    agency with its seal over the left third of the signer's signature. Used for the
    consolidated report here and for the Front's report up the chain (`exchange.upward`)."""
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


def figures_of(c: Consolidation) -> dict[str, Any]:
    """The report's figures as they are signed, for machines: each indicator by its code in the
    campaign's shared catalogue (`computing.DEFAULT_INDICATORS`), the figure of record and the
    units behind it; carried in the exchange package beside the PDF."""
    return {
        "period": {
            "code": c.period.code,
            "start": c.period.start.isoformat(),
            "end": c.period.end.isoformat(),
        },
        "rule": "record",  # the accepted unit reports' figures (docs/reporting.md, Facts)
        "units": {"expected": len(c.records), "accepted": len(c.accepted)},
        "indicators": [
            {
                "code": line.indicator.code,
                "name": line.indicator.name,
                "unit": line.indicator.unit_label,
                "value": line.total,
                "by_group": dict(line.reported),
            }
            for line in c.lines
        ],
    }


def _store_copy(
    pdf: bytes, checks: list[signing.SignatureCheck], annex: bytes = b"", **fields: Any
) -> SignedCopy:
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
    if annex:
        copy.annex_sha256 = hashlib.sha256(annex).hexdigest()
        copy.annex.save(f"{digest[:16]}-phu-luc.xlsx", ContentFile(annex), save=False)
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
    pdf, checks = sign_document(document, plan.issuing_unit, plan.place, by)
    version = (saved.signed_copies.aggregate(v=Max("version"))["v"] or 0) + 1
    copy = _store_copy(
        pdf,
        checks,
        annex=documents.consolidation_xlsx(result),
        details={
            **_details(document, plan.issuing_unit, documents.front_of(plan), pdf),
            "figures": figures_of(result),
        },
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
    receiver_id = copy.details.get("receiver_id")
    earlier = (
        saved.signed_copies.exclude(pk=copy.pk)
        .exclude(statuses__state__in=[CopyState.REPLACED, CopyState.REVOKED])
        .order_by("-version")
    )
    for old in earlier:
        _status(
            old,
            CopyState.REPLACED,
            plan.issuing_unit,
            by,
            _("replaced by version %(v)s signed on %(d)s")
            % {"v": copy.version, "d": timezone.localtime(copy.signed_at).strftime("%d/%m/%Y")},
        )
    if receiver_id:
        # Addressed in this installation: it is in the addressee's "Văn bản đến" at once.
        _status(copy, CopyState.ARRIVED, Unit.objects.get(pk=receiver_id), None, "")
    return copy


def _status(copy: SignedCopy, state: str, unit: Unit, by: User, reason: str) -> CopyStatus:
    row = CopyStatus.objects.create(
        copy=copy, state=state, unit=unit, by=account_of(by), reason=reason
    )
    audit.record(
        "create",
        row,
        by=by,
        unit=unit,
        changes={"copy": [None, copy.pk], "state": [None, state], "reason": [None, reason]},
    )
    return row


def state_of(copy: SignedCopy) -> str:
    """The copy's current status (the last said); "arrived" when nothing else was said. Reads
    the statuses prefetched with the copy when a list did (`prefetch_related("statuses")`)."""
    said = list(copy.statuses.all())  # ordered by (at, id)
    return said[-1].state if said else CopyState.ARRIVED


@transaction.atomic
def copy_refuse(*, copy: SignedCopy, reason: str, by: User) -> CopyStatus:
    """The addressee refuses the report, with its reason (the sender reads it)."""
    policy.require_receive(by, copy)
    reason = nfc(reason or "").strip()
    if is_blank(reason):
        raise ValidationError({"reason": _("Say why the report is refused.")})
    if state_of(copy) not in (CopyState.ARRIVED,):
        raise ValidationError(_("Only a report that has just arrived can be refused."))
    return _status(
        copy, CopyState.REFUSED, Unit.objects.get(pk=copy.details["receiver_id"]), by, reason
    )


@transaction.atomic
def copy_progress(*, copy: SignedCopy, state: str, by: User, note: str = "") -> CopyStatus:
    """The addressee says where its handling stands: being processed, done."""
    policy.require_receive(by, copy)
    if state not in (CopyState.PROCESSING, CopyState.DONE):
        raise ValidationError(_("Unknown status."))
    if state_of(copy) not in (CopyState.RECEIVED, CopyState.PROCESSING):
        raise ValidationError(_("Acknowledge receipt first."))
    unit = Unit.objects.get(pk=copy.details["receiver_id"])
    return _status(copy, state, unit, by, nfc(note or "").strip())


@transaction.atomic
def copy_revoke(*, copy: SignedCopy, reason: str, by: User) -> CopyStatus:
    """The signer takes a signed report back (thu hồi), with the reason the addressee reads."""
    policy.require_sign(by, copy.consolidation.plan)
    reason = nfc(reason or "").strip()
    if is_blank(reason):
        raise ValidationError({"reason": _("Say why the report is revoked.")})
    if state_of(copy) in (CopyState.REVOKED, CopyState.REPLACED):
        raise ValidationError(_("This version is already replaced or revoked."))
    return _status(copy, CopyState.REVOKED, copy.consolidation.plan.issuing_unit, by, reason)


@transaction.atomic
def remote_status(*, copy: SignedCopy, state: str, reason: str, unit: Unit) -> CopyStatus | None:
    """What the addressee's own installation said about the report, carried back by the
    exchange desk (`hangviet.exchange`): recorded in the same history the sign page reads,
    once per change; "đã tiếp nhận" is also its receipt."""
    if state == state_of(copy) and state != CopyState.REFUSED:
        return None
    row = _status(copy, state, unit, None, reason)
    if state == CopyState.RECEIVED:
        Receipt.objects.get_or_create(
            copy=copy, unit=unit, defaults={"acknowledged_at": timezone.now()}
        )
    return row


@transaction.atomic
def receipt_acknowledge(*, copy: SignedCopy, by: User) -> Receipt:
    """The addressee says it received the signed report (once; pressing again changes
    nothing). The sender sees it beside the signed version."""
    policy.require_receive(by, copy)
    unit = Unit.objects.get(pk=copy.details["receiver_id"])
    state = state_of(copy)
    if state in (CopyState.REVOKED, CopyState.REFUSED, CopyState.REPLACED) and not (
        Receipt.objects.filter(copy=copy, unit=unit).exists()
    ):
        raise ValidationError(
            _("This version was %(s)s: there is nothing to acknowledge.")
            % {"s": CopyState(state).label}
        )
    receipt, created = Receipt.objects.get_or_create(
        copy=copy,
        unit=unit,
        defaults={"acknowledged_by": account_of(by), "acknowledged_at": timezone.now()},
    )
    if created:
        _status(copy, CopyState.RECEIVED, unit, by, "")
        audit.record(
            "create",
            receipt,
            by=by,
            unit=unit,
            changes={
                "copy": [None, copy.pk],
                "acknowledged_at": [None, str(receipt.acknowledged_at)],
            },
            note="received",
        )
    return receipt
