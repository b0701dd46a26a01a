"""The exchange package of QCVN 102:2016 (edXML): what we write reads back field for field, in
the regulation's namespace; what we read is bounded and refused with a reason when it is bad."""

import base64
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hangviet.core import edxml

SENDER = edxml.Party("000.00.15.H55", "Sở Văn hóa, Thể thao và Du lịch", "UBND tỉnh Thái Nguyên")
FRONT = edxml.Party("000.00.90.H55", "Ủy ban MTTQ Việt Nam tỉnh Thái Nguyên")


def envelope(**changes) -> edxml.Envelope:
    fields = {
        "sender": SENDER,
        "receivers": [FRONT],
        "code_number": "125",
        "code_notation": "BC-SVHTTDL",
        "place": "Thái Nguyên",
        "promulgated_on": date(2026, 12, 1),
        "type_name": "Báo cáo",
        "subject": "Kết quả thực hiện Cuộc vận động 6 tháng cuối năm 2026",
        "signer_competence": "KT. GIÁM ĐỐC",
        "signer_position": "PHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Thị Thu Hằng",
        "to_places": ["Như trên", "Lưu: VT, BCXBTTCS"],
        "page_amount": 7,
        "priority": 1,
        "attachments": [edxml.Attachment("bao-cao.pdf", "application/pdf", b"%PDF-1.7 \x00\xff")],
    }
    fields.update(changes)
    return edxml.Envelope(**fields)


def test_what_is_written_reads_back():
    data = edxml.write(envelope())
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert edxml.looks_like_package(data)
    back = edxml.read(data)
    assert back.sender == SENDER
    assert [r.organ_id for r in back.receivers] == ["000.00.90.H55"]
    assert back.code == "125/BC-SVHTTDL"
    assert (back.place, back.promulgated_on) == ("Thái Nguyên", date(2026, 12, 1))
    assert (back.type_code, back.type_name) == (edxml.ADMINISTRATIVE, "Báo cáo")
    assert back.subject.startswith("Kết quả")
    assert (back.signer_competence, back.signer_position, back.signer_name) == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Thị Thu Hằng",
    )
    assert back.priority == 1 and edxml.PRIORITIES[back.priority] == "Khẩn"
    assert back.to_places == ["Như trên", "Lưu: VT, BCXBTTCS"]
    assert back.page_amount == 7
    assert back.document_id == "000.00.15.H55,2026/12/01,125/BC-SVHTTDL"
    (attachment,) = back.attachments
    assert (attachment.name, attachment.content_type) == ("bao-cao.pdf", "application/pdf")
    assert attachment.data == b"%PDF-1.7 \x00\xff"


def test_a_package_written_elsewhere_without_prefixes_is_read():
    """Another system's package: the regulation's namespace as the default, attachments in
    it, a date with dashes."""
    pdf = base64.b64encode(b"%PDF-1.4 plan").decode()
    data = f"""<?xml version="1.0" encoding="utf-8"?>
<edXML xmlns="{edxml.NS}"><edXMLEnvelope><edXMLHeader><MessageHeader>
<From><OrganId>000.00.00.H55</OrganId><OrganName>UBND tỉnh Thái Nguyên</OrganName></From>
<To><OrganId>000.00.15.H55</OrganId><OrganName>Sở VHTTDL</OrganName></To>
<Code><CodeNumber>87</CodeNumber><CodeNotation>KH-UBND</CodeNotation></Code>
<PromulgationInfo><Place>Thái Nguyên</Place><PromulgationDate>2026-03-05</PromulgationDate>
</PromulgationInfo><DocumentType><Type>2</Type><TypeName>Kế hoạch</TypeName></DocumentType>
<Subject>Thực hiện Cuộc vận động năm 2026</Subject></MessageHeader></edXMLHeader>
<edXMLBody><edXMLManifest><Reference><ContentId>cid:a1</ContentId>
<AttachmentName>ke-hoach.pdf</AttachmentName></Reference></edXMLManifest></edXMLBody>
</edXMLEnvelope><AttachmentEncoded><Attachment><ContentId>a1</ContentId>
<ContentType>application/pdf</ContentType><ContentTransferEncoded>{pdf}</ContentTransferEncoded>
</Attachment></AttachmentEncoded></edXML>""".encode()
    back = edxml.read(data)
    assert back.code == "87/KH-UBND"
    assert back.promulgated_on == date(2026, 3, 5)
    assert back.attachments[0].name == "ke-hoach.pdf"  # named by the manifest
    assert back.attachments[0].data == b"%PDF-1.4 plan"


NO_HEADER = f"<edXML xmlns='{edxml.NS}'><edXMLEnvelope><edXMLHeader/></edXMLEnvelope></edXML>"


@pytest.mark.parametrize(
    "data, says",
    [
        (b"<edXML><unclosed>", "không phải là gói văn bản edXML hợp lệ"),
        (b"<html><body>not a package</body></html>", "không có phần phong bì"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<edXML>&b;</edXML>",
            "bị từ chối để bảo đảm an toàn",
        ),
        (
            NO_HEADER,
            "MessageHeader",
        ),
    ],
)
def test_a_bad_package_is_refused_with_its_reason(data, says):
    with pytest.raises(edxml.EdxmlError, match=says):
        edxml.read(data.encode() if isinstance(data, str) else data)


def test_bounds_and_encodings_are_checked(monkeypatch):
    many = envelope(
        attachments=[edxml.Attachment(f"{i}.pdf", "application/pdf", b"x") for i in range(21)]
    )
    with pytest.raises(edxml.EdxmlError, match="21 tệp đính kèm"):
        edxml.read(edxml.write(many))
    monkeypatch.setattr(edxml, "MAX_ATTACHMENT_BYTES", 1000)
    big = envelope(attachments=[edxml.Attachment("to.pdf", "application/pdf", b"x" * 5000)])
    with pytest.raises(edxml.EdxmlError, match="lớn hơn"):
        edxml.read(edxml.write(big))
    with pytest.raises(edxml.EdxmlError, match="tối đa"):
        edxml.read(b"<edXML/>" + b" " * 2000, max_bytes=1000)
    broken = edxml.write(envelope()).replace(
        base64.b64encode(b"%PDF-1.7 \x00\xff"), b"@@not-base64@@"
    )
    with pytest.raises(edxml.EdxmlError, match="base64"):
        edxml.read(broken)
    wrong_date = edxml.write(envelope()).replace(b"2026/12/01</edXML:Prom", b"01.12.26</edXML:Prom")
    with pytest.raises(edxml.EdxmlError, match="01.12.26"):
        edxml.read(wrong_date)


def test_agency_codes_follow_decision_20():
    for good in ("000.00.00.H55", "000.02.15.H55", "000.00.00.G22"):
        edxml.validate_agency_code(good)
    for bad in ("H55", "000.00.15.h55", "000.0.15.H55", "000.00.15.H55 ", "000-00-15-H55"):
        with pytest.raises(ValidationError):
            edxml.validate_agency_code(bad)
    with pytest.raises(edxml.EdxmlError, match="mã định danh"):
        edxml.write(envelope(receivers=[edxml.Party("", "Ủy ban MTTQ tỉnh")]))
    with pytest.raises(edxml.EdxmlError, match="ít nhất một nơi nhận"):
        edxml.write(envelope(receivers=[]))
