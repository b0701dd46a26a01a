"""The inter-agency exchange package of QCVN 102:2016/BTTTT (edXML), written and read.

The package is one XML document: an `edXML` root holding the envelope (`edXMLEnvelope`: the
header — who sends, to whom, the document's code, promulgation, type, subject, signer and
other information, the trace of the exchange — and the body, a manifest naming each attached
file by a content id) and, beside the envelope, the attached files themselves, base64-encoded
(`AttachmentEncoded`). Agencies are named by the electronic identification codes of Quyết
định 20/2020/QĐ-TTg ("000.00.14.H55"). docs/electronic-documents.md cites the sources of this
structure and says which elements we write.

Reading never trusts the package: defusedxml refuses entity declarations (no "billion laughs"),
the package, each attachment and their number are bounded before anything is decoded, and an
error is an `EdxmlError` whose message says, in the reader's language, what is wrong.
"""

import base64
import binascii
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
PREFIX = "edXML"
XLINK = "http://www.w3.org/1999/xlink"
CONTENT_TYPE = "application/xml"
EXTENSION = ".edxml"

# Quyết định 20/2020/QĐ-TTg: four levels written from the lowest, "cấp 4.cấp 3.cấp 2.cấp 1":
# 3 digits, 2 digits, 2 digits, then the level-1 code (a letter and 2 digits, "H55").
AGENCY_CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")

# Priority (Độ khẩn) as the envelope carries it.
PRIORITIES = {
    0: "Thường",
    1: "Khẩn",
    2: "Thượng khẩn",
    3: "Hỏa tốc",
    4: "Hỏa tốc hẹn giờ",
}
# DocumentType/Type: 1 a legal normative document, 2 an administrative document.
ADMINISTRATIVE = 2

# The business of a package (Bussiness/BussinessDocType, spelled as exchanges spell it): a new
# document, a revocation of one sent before, an update of its information, its replacement.
BUSINESS_NEW, BUSINESS_REVOKE, BUSINESS_UPDATE, BUSINESS_REPLACE = 0, 1, 2, 3
BUSINESS_CODES = {
    "new": BUSINESS_NEW,
    "revoke": BUSINESS_REVOKE,
    "update": BUSINESS_UPDATE,
    "replace": BUSINESS_REPLACE,
}

# Status messages (edXML Status), the codes exchanges carry back to the sender.
STATUS_CODES = {
    "arrived": "01",  # đã đến
    "refused": "02",  # từ chối tiếp nhận
    "received": "03",  # đã tiếp nhận
    "assigned": "04",  # phân công
    "processing": "05",  # đang xử lý
    "done": "06",  # hoàn thành
}
STATUS_NAMES = {code: name for name, code in STATUS_CODES.items()}

MAX_PACKAGE_BYTES = 40 * 1024 * 1024
MAX_ATTACHMENTS = 20
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


def validate_agency_code(value: str) -> None:
    """Refuse a code that is not written as Quyết định 20/2020/QĐ-TTg writes them."""
    if value and not AGENCY_CODE.match(value):
        raise ValidationError(
            gettext_lazy(
                "An agency identification code reads like “000.00.14.H55”: three digits, two, "
                "two, then a letter and two digits, separated by full stops (Decision "
                "20/2020/QĐ-TTg)."
            ),
            code="agency_code",
        )


class EdxmlError(ValueError):
    """A package that cannot be read; the message says why, for the person who sent it."""


@dataclass
class Party:
    """A sender or a receiver: the agency's code and names (OrganId, OrganName,
    OrganizationInCharge), with its contacts where known."""

    organ_id: str
    name: str
    in_charge: str = ""
    address: str = ""
    email: str = ""
    telephone: str = ""
    website: str = ""


@dataclass
class Attachment:
    name: str
    content_type: str
    data: bytes
    description: str = ""
    content_id: str = ""


@dataclass
class Envelope:
    sender: Party
    receivers: list[Party]
    code_number: str  # "125"
    code_notation: str  # "BC-SVHTTDL"
    place: str
    promulgated_on: date
    type_name: str  # "Báo cáo"
    subject: str
    signer_position: str = ""
    signer_name: str = ""
    signer_competence: str = ""  # "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"
    content: str = ""
    due_date: date | None = None
    priority: int = 0
    sphere: str = ""  # SphereOfPromulgation
    page_amount: int = 0
    to_places: list[str] = field(default_factory=list)  # "Nơi nhận", as printed
    attachments: list[Attachment] = field(default_factory=list)
    document_id: str = ""
    type_code: int = ADMINISTRATIVE
    sent_at: datetime | None = None  # the TraceHeader's time
    business: str = "new"  # a key of BUSINESS_CODES
    business_reason: str = ""  # why a document is revoked, updated or replaced
    replaces: list[str] = field(default_factory=list)  # DocumentIds revoked or replaced

    @property
    def code(self) -> str:
        """The number and symbol as a document prints them: "125/BC-SVHTTDL"."""
        return "/".join(p for p in (self.code_number, self.code_notation) if p)

    def identifier(self) -> str:
        """DocumentId: "sender code,yyyy/mm/dd,number/notation"."""
        return self.document_id or (
            f"{self.sender.organ_id},{self.promulgated_on:%Y/%m/%d},{self.code}"
        )


# --- writing -----------------------------------------------------------------------------


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _add(parent: ET.Element, tag: str, text: object = None) -> ET.Element:
    element = ET.SubElement(parent, _q(tag))
    if text is not None:
        element.text = str(text)
    return element


def _party(parent: ET.Element, tag: str, party: Party) -> None:
    element = _add(parent, tag)
    _add(element, "OrganId", party.organ_id)
    _add(element, "OrganizationInCharge", party.in_charge or party.name)
    _add(element, "OrganName", party.name)
    _add(element, "OrganAdd", party.address)
    _add(element, "Email", party.email)
    _add(element, "Telephone", party.telephone)
    _add(element, "Website", party.website)


def write(envelope: Envelope) -> bytes:
    """Return the package as UTF-8 XML: the envelope and, beside it, the attachments."""
    for party in [envelope.sender, *envelope.receivers]:
        if not AGENCY_CODE.match(party.organ_id or ""):
            raise EdxmlError(
                _("%(name)s has no agency identification code in the registry.")
                % {"name": party.name}
            )
    if not envelope.receivers:
        raise EdxmlError(_("An exchange package needs at least one receiver."))
    ET.register_namespace(PREFIX, NS)
    ET.register_namespace("xlink", XLINK)
    root = ET.Element(_q("edXML"))
    env = _add(root, "edXMLEnvelope")
    header = _add(env, "edXMLHeader")
    message = _add(header, "MessageHeader")
    _party(message, "From", envelope.sender)
    for receiver in envelope.receivers:
        _party(message, "To", receiver)
    code = _add(message, "Code")
    _add(code, "CodeNumber", envelope.code_number)
    _add(code, "CodeNotation", envelope.code_notation)
    promulgation = _add(message, "PromulgationInfo")
    _add(promulgation, "Place", envelope.place)
    _add(promulgation, "PromulgationDate", f"{envelope.promulgated_on:%Y/%m/%d}")
    kind = _add(message, "DocumentType")
    _add(kind, "Type", envelope.type_code)
    _add(kind, "TypeName", envelope.type_name)
    _add(message, "Subject", envelope.subject)
    _add(message, "Content", envelope.content or envelope.subject)
    signer = _add(message, "SignerInfo")
    _add(signer, "Competence", envelope.signer_competence)
    _add(signer, "Position", envelope.signer_position)
    _add(signer, "FullName", envelope.signer_name)
    if envelope.due_date:
        _add(message, "DueDate", f"{envelope.due_date:%Y/%m/%d}")
    places = _add(message, "ToPlaces")
    for place in envelope.to_places:
        _add(places, "Place", place)
    other = _add(message, "OtherInfo")
    _add(other, "Priority", envelope.priority)
    _add(other, "SphereOfPromulgation", envelope.sphere)
    _add(other, "TyperNotation", "")
    _add(other, "PromulgationAmount", 1)
    _add(other, "PageAmount", envelope.page_amount)
    _add(message, "SteeringType", 0)
    _add(message, "DocumentId", envelope.identifier())
    trace_list = _add(header, "TraceHeaderList")
    trace = _add(trace_list, "TraceHeader")
    _add(trace, "OrganId", envelope.sender.organ_id)
    sent = envelope.sent_at or datetime.now().astimezone()
    _add(trace, "Timestamp", f"{sent:%Y/%m/%d %H:%M:%S}")
    business = _add(trace_list, "Bussiness")
    _add(business, "BussinessDocType", BUSINESS_CODES[envelope.business])
    _add(business, "BussinessDocReason", envelope.business_reason)
    _add(business, "Paper", 0)
    if envelope.replaces:
        replacements = _add(business, "ReplacementInfoList")
        for document_id in envelope.replaces:
            info = _add(replacements, "ReplacementInfo")
            _add(info, "DocumentId", document_id)
            organs = _add(info, "OrganIdList")
            for receiver in envelope.receivers:
                _add(organs, "OrganId", receiver.organ_id)
    body = _add(env, "edXMLBody")
    manifest = _add(body, "edXMLManifest")
    manifest.set("version", "1.0")
    encoded = _add(root, "AttachmentEncoded")
    for attachment in envelope.attachments:
        cid = attachment.content_id or uuid.uuid4().hex
        reference = _add(manifest, "Reference")
        reference.set(f"{{{XLINK}}}href", f"cid:{cid}")
        reference.set(f"{{{XLINK}}}type", "simple")
        _add(reference, "Description", attachment.description or attachment.name)
        _add(reference, "AttachmentName", attachment.name)
        _add(reference, "ContentType", attachment.content_type)
        _add(reference, "ContentId", f"cid:{cid}")
        part = _add(encoded, "Attachment")
        _add(part, "ContentType", attachment.content_type)
        _add(part, "ContentId", cid)
        _add(part, "Description", attachment.description or attachment.name)
        _add(part, "AttachmentName", attachment.name)
        _add(part, "ContentTransferEncoded", base64.b64encode(attachment.data).decode("ascii"))
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# --- reading -----------------------------------------------------------------------------


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _child(parent: ET.Element | None, name: str) -> ET.Element | None:
    """The first child named `name`, with or without the edXML namespace."""
    if parent is None:
        return None
    for element in parent:
        if _local(element.tag) == name:
            return element
    return None


def _children(parent: ET.Element | None, name: str) -> list[ET.Element]:
    return [e for e in (parent if parent is not None else []) if _local(e.tag) == name]


def _text(parent: ET.Element | None, *path: str) -> str:
    element = parent
    for name in path:
        element = _child(element, name)
    return (element.text or "").strip() if element is not None else ""


def _read_party(element: ET.Element) -> Party:
    return Party(
        organ_id=_text(element, "OrganId"),
        name=_text(element, "OrganName"),
        in_charge=_text(element, "OrganizationInCharge"),
        address=_text(element, "OrganAdd"),
        email=_text(element, "Email"),
        telephone=_text(element, "Telephone"),
        website=_text(element, "Website"),
    )


def _date(text: str, what: str) -> date | None:
    if not text:
        return None
    for pattern in ("%Y/%m/%d", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    raise EdxmlError(
        _("The package's %(what)s “%(value)s” is not a date (it is written yyyy/mm/dd).")
        % {"what": what, "value": text[:40]}
    )


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


ACCEPTED_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be"}
_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_UTF32_BOMS = (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")


def _declared_encoding(data: bytes) -> str | None:
    """The character encoding the package says it is in (None when it says nothing), read from
    the XML declaration before any parser runs; UTF-32 by its byte order mark."""
    if data.startswith(_UTF32_BOMS):
        return "utf-32"
    head = data[:512]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 with its mark: the parser reads it
    match = _DECLARATION.match(head.removeprefix(b"\xef\xbb\xbf"))
    if match is None:
        return None
    return match.group(1).decode("ascii", "replace").strip().lower()


def read(data: bytes, *, max_bytes: int = MAX_PACKAGE_BYTES) -> Envelope:
    """Return the envelope and its attachments, or raise `EdxmlError`."""
    if len(data) > max_bytes:
        raise EdxmlError(
            _("The package is %(size)s MB; at most %(max)s MB is accepted.")
            % {"size": len(data) // (1024 * 1024), "max": max_bytes // (1024 * 1024)}
        )
    declared = _declared_encoding(data)
    if declared is not None and declared not in ACCEPTED_ENCODINGS:
        raise EdxmlError(
            _(
                "The package declares the character encoding “%(e)s”; an edXML package must "
                "be written in UTF-8. Ask the sender to send it again."
            )
            % {"e": declared[:40]}
        )
    try:
        root = fromstring(data, forbid_dtd=True)
    except (LookupError, UnicodeError) as exc:
        raise EdxmlError(
            _("The package's characters cannot be read; an edXML package must be in UTF-8.")
        ) from exc
    except DefusedXmlException as exc:
        raise EdxmlError(
            _("The package declares entities or a document type; it is refused for safety.")
        ) from exc
    except ET.ParseError as exc:
        raise EdxmlError(
            _("The file is not a well-formed edXML package (XML error: %(e)s).") % {"e": exc}
        ) from exc
    env = root if _local(root.tag) == "edXMLEnvelope" else _child(root, "edXMLEnvelope")
    if env is None:
        raise EdxmlError(
            _("The file is XML but not an edXML package of QCVN 102:2016: it has no envelope.")
        )
    message = _child(_child(env, "edXMLHeader"), "MessageHeader")
    if message is None:
        raise EdxmlError(_("The package's envelope has no message header."))
    sender = _child(message, "From")
    if sender is None:
        raise EdxmlError(_("The package does not say who sent it (no “From”)."))
    references = _children(_child(_child(env, "edXMLBody"), "edXMLManifest"), "Reference")
    parts = _children(_child(root, "AttachmentEncoded"), "Attachment")
    if len(parts) > MAX_ATTACHMENTS:
        raise EdxmlError(
            _("The package holds %(n)s attached files; at most %(max)s are accepted.")
            % {"n": len(parts), "max": MAX_ATTACHMENTS}
        )
    names = {
        _text(r, "ContentId").removeprefix("cid:"): _text(r, "AttachmentName") for r in references
    }
    attachments = []
    for part in parts:
        cid = _text(part, "ContentId").removeprefix("cid:")
        name = _text(part, "AttachmentName") or names.get(cid, "") or cid
        encoded = "".join((_text(part, "ContentTransferEncoded")).split())
        if len(encoded) * 3 // 4 > MAX_ATTACHMENT_BYTES:
            raise EdxmlError(
                _("The attached file “%(name)s” is larger than %(max)s MB.")
                % {"name": name, "max": MAX_ATTACHMENT_BYTES // (1024 * 1024)}
            )
        try:
            content = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise EdxmlError(
                _("The attached file “%(name)s” is not correctly encoded (base64).")
                % {"name": name}
            ) from exc
        attachments.append(
            Attachment(
                name=name,
                content_type=_text(part, "ContentType"),
                data=content,
                description=_text(part, "Description"),
                content_id=cid,
            )
        )
    promulgated = _date(_text(message, "PromulgationInfo", "PromulgationDate"), "date")
    trace_list = _child(_child(env, "edXMLHeader"), "TraceHeaderList")
    business = _child(trace_list, "Bussiness")
    if business is None:
        business = _child(trace_list, "Business")
    kind = _text(business, "BussinessDocType") or _text(business, "BusinessDocType") or "0"
    names = {str(code): name for name, code in BUSINESS_CODES.items()}
    if kind not in names:
        raise EdxmlError(
            _(
                "The package's business type “%(t)s” is unknown (0 new, 1 revoke, 2 update, "
                "3 replace)."
            )
            % {"t": kind[:10]}
        )
    replaced = [
        _text(info, "DocumentId")
        for info in _children(_child(business, "ReplacementInfoList"), "ReplacementInfo")
        if _text(info, "DocumentId")
    ]
    return Envelope(
        sender=_read_party(sender),
        receivers=[_read_party(e) for e in _children(message, "To")],
        code_number=_text(message, "Code", "CodeNumber"),
        code_notation=_text(message, "Code", "CodeNotation"),
        place=_text(message, "PromulgationInfo", "Place"),
        promulgated_on=promulgated or date.min,
        type_name=_text(message, "DocumentType", "TypeName"),
        type_code=_int(_text(message, "DocumentType", "Type")),
        subject=_text(message, "Subject"),
        content=_text(message, "Content"),
        signer_competence=_text(message, "SignerInfo", "Competence"),
        signer_position=_text(message, "SignerInfo", "Position"),
        signer_name=_text(message, "SignerInfo", "FullName"),
        due_date=_date(_text(message, "DueDate"), "due date"),
        priority=_int(_text(message, "OtherInfo", "Priority")),
        sphere=_text(message, "OtherInfo", "SphereOfPromulgation"),
        page_amount=_int(_text(message, "OtherInfo", "PageAmount")),
        to_places=[(e.text or "").strip() for e in _children(_child(message, "ToPlaces"), "Place")],
        attachments=attachments,
        document_id=_text(message, "DocumentId"),
        business=names[kind],
        business_reason=_text(business, "BussinessDocReason")
        or _text(business, "BusinessDocReason"),
        replaces=replaced,
    )


# --- status messages -------------------------------------------------------------------


@dataclass
class Status:
    """A status message about a document received: who says it (`sender`), about which
    document (`document_id`, its sender `organ_id`, its code and date), the status (a key of
    STATUS_CODES), why, who, when. `digest` names the exact package (SHA-256 of its bytes), so a
    document sent in several versions under one number is never confused."""

    sender: Party
    organ_id: str
    document_id: str
    code: str
    promulgated_on: date | None
    status: str
    description: str = ""
    staff: str = ""
    at: datetime | None = None
    digest: str = ""


def write_status(status: Status) -> bytes:
    if status.status not in STATUS_CODES:
        raise EdxmlError(_("Unknown status."))
    ET.register_namespace(PREFIX, NS)
    root = ET.Element(_q("Status"))
    header = _add(root, "Header")
    about = _add(header, "ResponseFor")
    _add(about, "OrganId", status.organ_id)
    _add(about, "Code", status.code)
    if status.promulgated_on:
        _add(about, "PromulgationDate", f"{status.promulgated_on:%Y/%m/%d}")
    _add(about, "DocumentId", status.document_id)
    _add(about, "PackageDigest", status.digest)
    _party(header, "From", status.sender)
    at = status.at or datetime.now().astimezone()
    _add(header, "Timestamp", f"{at:%Y/%m/%d %H:%M:%S}")
    _add(header, "StatusCode", STATUS_CODES[status.status])
    _add(header, "Description", status.description)
    staff = _add(header, "StaffInfo")
    _add(staff, "Staff", status.staff)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def is_status(data: bytes) -> bool:
    head = data[:2048]
    return b"Status" in head and b"edXMLEnvelope" not in head


def read_status(data: bytes) -> Status:
    if len(data) > 1024 * 1024:
        raise EdxmlError(_("A status message is at most 1 MB."))
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise EdxmlError(
            _("The package declares entities or a document type; it is refused for safety.")
        ) from exc
    except (ET.ParseError, LookupError, UnicodeError) as exc:
        raise EdxmlError(
            _("The file is not a well-formed edXML status message (XML error: %(e)s).") % {"e": exc}
        ) from exc
    header = _child(root, "Header")
    if _local(root.tag) != "Status" or header is None:
        raise EdxmlError(_("The file is not an edXML status message."))
    code = _text(header, "StatusCode")
    if code not in STATUS_NAMES:
        raise EdxmlError(_("The status code “%(c)s” is unknown.") % {"c": code[:10]})
    sender = _child(header, "From")
    if sender is None:
        raise EdxmlError(_("The status message does not say who sent it (no “From”)."))
    stamp = _text(header, "Timestamp")
    try:
        at = datetime.strptime(stamp, "%Y/%m/%d %H:%M:%S") if stamp else None
    except ValueError:
        at = None
    return Status(
        sender=_read_party(sender),
        organ_id=_text(header, "ResponseFor", "OrganId"),
        document_id=_text(header, "ResponseFor", "DocumentId"),
        code=_text(header, "ResponseFor", "Code"),
        promulgated_on=_date(_text(header, "ResponseFor", "PromulgationDate"), "date"),
        status=STATUS_NAMES[code],
        description=_text(header, "Description"),
        staff=_text(header, "StaffInfo", "Staff"),
        at=at,
        digest=_text(header, "ResponseFor", "PackageDigest"),
    )


def looks_like_package(data: bytes) -> bool:
    """True when the bytes start like an edXML package (XML naming the envelope)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and b"edXML" in head
