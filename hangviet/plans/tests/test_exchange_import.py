"""Receiving a plan as government offices send it: the edXML package of QCVN 102:2016 with the
plan attached as DOCX or (signed) PDF. The metadata come from the envelope, the text from the
attachment, then the usual review; bad packages say why and save nothing."""

import io
import zipfile
from datetime import date

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from hangviet.core import edxml, signing, testkeys
from hangviet.core.pdf import docx_to_pdf, soffice
from hangviet.plans.importing import preview
from hangviet.plans.models import Plan, PlanUpload
from hangviet.plans.reading import DOCX_TYPE, DocumentError

pytestmark = pytest.mark.django_db
needs_soffice = pytest.mark.skipif(
    soffice() is None, reason="LibreOffice is not installed: the PDF tests are skipped"
)


def as_docx(text: bytes) -> bytes:
    document = docx.Document()
    for line in text.decode("utf-8").splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def package(*attachments: edxml.Attachment, **changes) -> bytes:
    fields = {
        "sender": edxml.Party("000.00.15.H55", "Sở Văn hóa, Thể thao và Du lịch"),
        "receivers": [edxml.Party("000.02.15.H55", "Phòng Báo chí – Xuất bản – TTCS")],
        "code_number": "18",
        "code_notation": "KH-SVHTTDL",
        "place": "Thái Nguyên",
        "promulgated_on": date(2026, 1, 23),
        "type_name": "Kế hoạch",
        "subject": "Thông tin, tuyên truyền thực hiện Cuộc vận động năm 2026",
        "signer_position": "PHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Thị Thu Hằng",
        "attachments": list(attachments),
    }
    fields.update(changes)
    return edxml.write(edxml.Envelope(**fields))


def structure(result) -> dict:
    data = result.to_dict()
    for key in ("source_format", "envelope", "warnings"):
        data.pop(key, None)
    return data


def test_a_package_gives_the_same_structure_as_its_docx(world, own_plan_bytes):
    document = as_docx(own_plan_bytes)
    direct = preview(document, "ke-hoach.docx")
    received = preview(
        package(edxml.Attachment("ke-hoach.docx", DOCX_TYPE, document)), "ke-hoach.edxml"
    )
    assert received.source_format == "edxml+docx"
    assert structure(received) == structure(direct)
    assert received.parsed.issuer_unit_id == direct.parsed.issuer_unit_id is not None
    assert received.to_dict()["envelope"]["code"] == "18/KH-SVHTTDL"


def test_the_envelope_fills_what_a_pasted_text_lacks(world, own_plan_bytes):
    """An attachment without its header (as often pasted from a portal): number, date, type,
    issuer come from the envelope; the issuer is found by its agency code."""
    body = own_plan_bytes.decode("utf-8").split("Căn cứ", 1)[1]
    document = as_docx(("Căn cứ" + body).encode("utf-8"))
    plain = preview(document, "noi-dung.docx")
    assert not plain.parsed.symbol and plain.parsed.issuer_unit_id is None
    result = preview(package(edxml.Attachment("noi-dung.docx", DOCX_TYPE, document)))
    p = result.parsed
    assert (p.number, p.symbol, p.doc_type_name) == ("18", "KH-SVHTTDL", "KẾ HOẠCH")
    assert p.issued_on == date(2026, 1, 23) and p.place == "Thái Nguyên"
    assert p.issuer_unit_id == world["division"].parent_id  # 000.00.15.H55: Sở VHTTDL
    assert not any("number and symbol" in m or "số, ký hiệu" in m for m in p.missing)


def test_where_envelope_and_text_disagree_it_is_said(world, own_plan_bytes):
    document = as_docx(own_plan_bytes)
    result = preview(
        package(edxml.Attachment("kh.docx", DOCX_TYPE, document), code_number="19"),
    )
    assert result.parsed.number == "19"
    assert any("19/KH-SVHTTDL" in w and "18/KH-SVHTTDL" in w for w in result.parsed.warnings)


@needs_soffice
def test_a_package_with_a_signed_pdf_is_read_and_a_broken_signature_refused(
    world, own_plan_bytes, tmp_path, monkeypatch
):
    pdf = docx_to_pdf(as_docx(own_plan_bytes))
    ca = testkeys.make_ca()
    issued = testkeys.issue(ca, "Nguyễn Thị Thu Hằng")
    (tmp_path / "k.p12").write_bytes(issued.pkcs12(None, [ca.certificate]))
    with signing.open_key(signing.KeySource(pkcs12=str(tmp_path / "k.p12"))) as key:
        signed = signing.sign(
            pdf,
            key=key,
            field_name=signing.SIGNER_FIELD,
            box=(380, 100, 520, 160),
            page=0,
            text="Nguyễn Thị Thu Hằng\n%(ts)s",
        )
    result = preview(package(edxml.Attachment("ke-hoach.pdf", "application/pdf", signed)))
    assert result.source_format == "edxml+pdf"
    direct = preview(as_docx(own_plan_bytes), "kh.docx")
    assert [c.reference for c in result.parsed.citations] == [
        c.reference for c in direct.parsed.citations
    ]
    assert result.parsed.doc_type_name == "KẾ HOẠCH" and result.parsed.assignments
    assert any("Chữ ký số của Nguyễn Thị Thu Hằng hợp lệ" in w for w in result.parsed.warnings)
    tampered = bytearray(signed)
    tampered[len(pdf) // 2] ^= 0x01
    with pytest.raises(DocumentError, match="không hợp lệ"):
        preview(package(edxml.Attachment("ke-hoach.pdf", "application/pdf", bytes(tampered))))


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>" + b" " * (250 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    "data, says",
    [
        (b"<?xml version='1.0'?><edXML><edXMLEnvelope>", "không phải là gói văn bản edXML"),
        (package(), "không có tệp đính kèm"),
        (
            package(edxml.Attachment("anh.png", "image/png", b"\x89PNG\r\n\x1a\n")),
            "không có tệp DOCX hoặc PDF",
        ),
        (package(edxml.Attachment("kh.docx", DOCX_TYPE, zip_bomb())), "dung lượng bất thường"),
    ],
)
def test_a_bad_package_is_refused_and_nothing_is_kept(world, people, client_for, data, says):
    with pytest.raises(DocumentError, match=says):
        preview(data, "goi.edxml")
    page = client_for(people["carol"]).post(
        "/ke-hoach/nhap/", {"file": SimpleUploadedFile("goi.edxml", data)}
    )
    assert says in page.content.decode()
    assert not PlanUpload.objects.exists() and not Plan.objects.exists()


def test_the_upload_page_and_the_command_take_a_package(
    world, people, client_for, own_plan_bytes, tmp_path
):
    data = package(edxml.Attachment("ke-hoach.docx", DOCX_TYPE, as_docx(own_plan_bytes)))
    carol = client_for(people["carol"])
    carol.post("/ke-hoach/nhap/", {"file": SimpleUploadedFile("ke-hoach.edxml", data)})
    draft = PlanUpload.objects.get()
    review = carol.get(f"/ke-hoach/nhap/{draft.pk}/").content.decode()
    assert "gói văn bản điện tử" in review.lower() and "000.00.15.H55" in review
    path = tmp_path / "ke-hoach.edxml"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_plan", str(path), stdout=out)
    plan = Plan.objects.get(pk=int(out.getvalue().strip().splitlines()[-1]))
    assert (plan.number, plan.symbol) == ("18", "KH-SVHTTDL")
    assert plan.issuing_unit.agency_code == "000.00.15.H55"
