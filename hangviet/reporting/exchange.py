"""The exchange package (edXML, QCVN 102:2016) of a signed report: the envelope a document
management system imports, with the signed PDF attached. Reads only: the signed copy, and
what its envelope says, were made by `services.consolidation_sign`."""

import json

from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.core import edxml
from hangviet.orgs.models import Unit, UnitKind
from hangviet.reporting.models import SignedCopy

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def party(unit: Unit) -> edxml.Party:
    """A unit as the envelope names it; the body in charge (cơ quan chủ quản) is the parent
    of a state body, the Front committee is its own."""
    independent = unit.kind in (UnitKind.FRONT, UnitKind.STEERING) or unit.parent is None
    return edxml.Party(
        organ_id=unit.agency_code,
        name=unit.name,
        in_charge=unit.name if independent or unit.parent is None else unit.parent.name,
        email=unit.email,
    )


def attachment_name(copy: SignedCopy) -> str:
    return f"bao-cao-tong-hop-{copy.consolidation.period_code}-v{copy.version}.pdf"


def envelope(copy: SignedCopy) -> edxml.Envelope:
    """The envelope of a signed copy, as the document was when it was signed."""
    details = copy.details
    units = Unit.objects.select_related("parent").in_bulk(
        [i for i in (details.get("sender_id"), details.get("receiver_id")) if i]
    )
    sender, receiver = units.get(details.get("sender_id")), units.get(details.get("receiver_id"))
    if sender is None or receiver is None:
        raise edxml.EdxmlError(_("The signed copy does not say who sends it and to whom."))
    code_number, _sep, code_notation = copy.number.partition("/")
    return edxml.Envelope(
        sender=party(sender),
        receivers=[party(receiver)],
        code_number=code_number,
        code_notation=code_notation,
        place=details.get("place", ""),
        promulgated_on=copy.dated,
        type_name=details.get("type_name", ""),
        subject=details.get("subject", ""),
        signer_competence=details.get("signer_authority", ""),
        signer_position=details.get("signer_title", ""),
        signer_name=details.get("signer_name", ""),
        to_places=list(details.get("recipients", [])),
        sphere="Văn bản điện tử liên thông",
        page_amount=int(details.get("pages") or 0),
        sent_at=timezone.localtime(),
        attachments=[
            edxml.Attachment(
                name=attachment_name(copy),
                content_type="application/pdf",
                data=copy.content(),
                description=details.get("subject", ""),
            ),
            *(
                [
                    edxml.Attachment(
                        name=attachment_name(copy).removesuffix(".pdf") + "-so-lieu.json",
                        content_type="application/json",
                        data=figures_json(copy, sender, receiver),
                        description="Số liệu của báo cáo (máy đọc được): mã chỉ tiêu, giá trị, kỳ",
                    )
                ]
                if details.get("figures")
                else []
            ),
            *(
                [
                    edxml.Attachment(
                        name=attachment_name(copy).removesuffix(".pdf") + "-phu-luc.xlsx",
                        content_type=XLSX,
                        data=annex,
                        description="Phụ lục: số liệu chi tiết và danh sách hoạt động nguồn",
                    )
                ]
                if (annex := copy.annex_content())
                else []
            ),
        ],
    )


FIGURES_SCHEMA = "hangviet/report-figures/1"


def figures_json(copy: SignedCopy, sender: Unit, receiver: Unit) -> bytes:
    """The signed report's figures as JSON (`services.signatures.figures_of`), with who sends
    them to whom and which document they belong to: the receiver reads them, never retypes."""
    body = {
        "schema": FIGURES_SCHEMA,
        "document": {"number": copy.number, "dated": copy.dated.isoformat(), "sha256": copy.sha256},
        "sender": {"code": sender.agency_code, "name": sender.name},
        "receiver": {"code": receiver.agency_code, "name": receiver.name},
        **copy.details["figures"],
    }
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def package(copy: SignedCopy) -> bytes:
    return edxml.write(envelope(copy))
