"""Digital signatures on our PDFs: a throw-away CA and its certificates, a PKCS#12 file and a
real software token (SoftHSM 2), pyHanko's validator as the judge."""

import json
import os
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pkcs11
import pytest
from asn1crypto import keys, tsp
from asn1crypto.core import Integer
from pkcs11 import Attribute, CertificateType, ObjectClass
from pyhanko.sign.timestamps import DummyTimeStamper

from hangviet.core import signing, testkeys
from hangviet.core.documents import AdminDocument, Block, render_docx
from hangviet.core.pdf import docx_to_pdf, soffice

needs_soffice = pytest.mark.skipif(
    soffice() is None, reason="LibreOffice is not installed: the PDF tests are skipped"
)
SOFTHSM_MODULE = next(
    (
        p
        for p in (
            "/usr/lib/softhsm/libsofthsm2.so",
            "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
            "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
        )
        if Path(p).exists()
    ),
    None,
)
needs_softhsm = pytest.mark.skipif(
    SOFTHSM_MODULE is None or shutil.which("softhsm2-util") is None,
    reason="SoftHSM 2 is not installed (Debian: softhsm2): the PKCS#11 test is skipped",
)
SIGNER = "Nguyễn Thị Thu Hằng"


def report_pdf() -> bytes:
    document = AdminDocument(
        parent_body="UBND TỈNH THÁI NGUYÊN",
        issuer_name="SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
        number_line="Số: 125/BC-SVHTTDL",
        place_date="Thái Nguyên, ngày 01 tháng 12 năm 2026",
        doc_type_name="BÁO CÁO",
        summary="Kết quả thực hiện Cuộc vận động 6 tháng cuối năm 2026",
        addressee="Kính gửi: Ủy ban MTTQ Việt Nam tỉnh Thái Nguyên.",
        body=[Block("paragraph", "Các cơ quan, đơn vị đã tổ chức tuyên truyền. " * 30)],
        recipients=["- Như trên;", "- Lưu: VT, BCXBTTCS."],
        signer_authority="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name=SIGNER,
    )
    return docx_to_pdf(render_docx(document))


@pytest.fixture(scope="module")
def ca():
    return testkeys.make_ca()


@pytest.fixture(scope="module")
def pdf():
    if soffice() is None:
        pytest.skip("LibreOffice is not installed: the PDF tests are skipped")
    return report_pdf()


@pytest.fixture
def p12_keys(ca, tmp_path, monkeypatch):
    monkeypatch.setenv("TEST_P12_PASS", "throw-away")
    sources = {}
    for role, name in (("signer", SIGNER), ("agency", "Sở Văn hóa, Thể thao và Du lịch")):
        issued = testkeys.issue(ca, name, name if role == "agency" else "")
        path = tmp_path / f"{role}.p12"
        path.write_bytes(issued.pkcs12(b"throw-away", [ca.certificate]))
        sources[role] = signing.KeySource(pkcs12=str(path), passphrase_env="TEST_P12_PASS")
    return sources


def sign_both(pdf: bytes, sources: dict[str, signing.KeySource]) -> bytes:
    where = signing.signature_block(pdf, title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", name=SIGNER)
    with signing.open_key(sources["signer"]) as key:
        pdf = signing.sign(
            pdf,
            key=key,
            field_name=signing.SIGNER_FIELD,
            box=where.signer_box,
            page=where.page,
            text=f"{SIGNER}\n%(ts)s",
        )
    with signing.open_key(sources["agency"]) as key:
        return signing.sign(
            pdf,
            key=key,
            field_name=signing.AGENCY_FIELD,
            box=where.agency_box,
            page=where.page,
            text="Sở VHTTDL\n%(ts)s",
        )


@needs_soffice
def test_the_copy_is_pdf_a_with_its_fonts_embedded(pdf):
    assert b"<pdfaid:part>2</pdfaid:part>" in pdf
    assert b"/FontFile2" in pdf  # TrueType fonts are embedded, not referenced
    assert signing.verify(pdf) == []  # not signed yet


@needs_soffice
def test_the_signature_block_is_found_between_title_and_name(pdf):
    where = signing.signature_block(pdf, title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", name=SIGNER)
    x1, y1, x2, y2 = where.signer_box
    assert x1 > 595 / 2 - 60  # the right column of an A4 page
    assert y2 - y1 >= 40
    # The seal covers about a third of the signer's signature, on its left.
    ax1, _ay1, ax2, _ay2 = where.agency_box
    assert ax1 < x1 < ax2 < x2
    assert abs((ax2 - x1) - (x2 - x1) / 3) < 1
    with pytest.raises(signing.SignatureInvalid, match="Không tìm thấy"):
        signing.signature_block(pdf, title="CHỦ TỊCH", name=SIGNER)


@needs_soffice
def test_signed_by_signer_and_agency_verifies_and_one_byte_breaks_it(pdf, p12_keys, ca):
    signed = sign_both(pdf, p12_keys)
    checks = signing.verify(signed, [trusted(ca)])
    assert [c.field_name for c in checks] == [signing.SIGNER_FIELD, signing.AGENCY_FIELD]
    assert all(c.intact and c.valid and c.trusted for c in checks)
    assert not any(c.timestamped for c in checks)  # no timestamp authority configured
    assert SIGNER in checks[0].signer and "Văn hóa" in checks[1].signer
    assert checks[0].signed_at is not None and checks[0].signed_at.utcoffset().seconds == 7 * 3600
    # Without the CA among the trusted roots, the signatures are intact but not trusted.
    assert not any(c.trusted for c in signing.verify(signed))
    # One byte changed inside the signed content breaks both signatures.
    tampered = bytearray(signed)
    at = len(pdf) // 2
    tampered[at] ^= 0x01
    assert not any(c.intact for c in signing.verify(bytes(tampered), [trusted(ca)]))
    with pytest.raises(signing.SignatureInvalid, match="không hợp lệ"):
        signing.require_intact(bytes(tampered))
    assert len(signing.require_intact(signed)) == 2


def trusted(ca):
    return signing.load_certificates(ca.pem())[0]


class _TimestampAuthority(BaseHTTPRequestHandler):
    """An RFC 3161 timestamp authority on 127.0.0.1, answering with a throw-away TSA key."""

    stamper: DummyTimeStamper

    def do_POST(self) -> None:  # noqa: N802 — the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"]))
        response = self.stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(response)))
        self.end_headers()
        self.wfile.write(response)

    def log_message(self, *args) -> None:
        pass


@needs_soffice
def test_a_timestamp_authority_vouches_for_the_signing_time(pdf, p12_keys, ca):
    tsa = testkeys.issue(ca, "hangviet test TSA (throw-away)", timestamping=True)
    handler = type(
        "Authority",
        (_TimestampAuthority,),
        {
            "stamper": DummyTimeStamper(
                tsa_cert=signing.load_certificates(tsa.pem())[0],
                tsa_key=keys.PrivateKeyInfo.load(tsa.key_der()),
            )
        },
    )
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        where = signing.signature_block(pdf, title="PHÓ GIÁM ĐỐC", name=SIGNER)
        with signing.open_key(p12_keys["signer"]) as key:
            signed = signing.sign(
                pdf,
                key=key,
                field_name=signing.SIGNER_FIELD,
                box=where.signer_box,
                page=where.page,
                text="%(ts)s",
                timestamp_url=f"http://127.0.0.1:{server.server_port}/",
            )
    finally:
        server.shutdown()
    (check,) = signing.verify(signed, [trusted(ca)])
    assert check.ok and check.trusted and check.timestamped


def test_a_wrong_passphrase_or_missing_variable_says_so(p12_keys, monkeypatch):
    monkeypatch.setenv("TEST_P12_PASS", "not-the-passphrase")
    with pytest.raises(signing.SigningUnavailable), signing.open_key(p12_keys["signer"]):
        pass
    monkeypatch.delenv("TEST_P12_PASS")
    with (
        pytest.raises(signing.SigningUnavailable, match="TEST_P12_PASS"),
        signing.open_key(p12_keys["signer"]),
    ):
        pass


def test_the_configuration_is_checked(tmp_path):
    path = tmp_path / "signing.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(signing.SigningUnavailable, match="JSON"):
        signing.load_config(path)
    path.write_text(json.dumps({"signers": {"a": {"pkcs12": "x", "pkcs11_module": "y"}}}))
    with pytest.raises(signing.SigningUnavailable, match="không khai cả hai"):
        signing.load_config(path)
    path.write_text(json.dumps({"agencies": {"000.00.15.H55": {"pkcs12": "a.p12", "pin": "1"}}}))
    with pytest.raises(signing.SigningUnavailable, match="không hợp lệ"):
        signing.load_config(path)


def test_a_file_that_is_not_a_pdf_is_refused():
    with pytest.raises(signing.SignatureInvalid):
        signing.verify(b"%PDF-1.7 nothing here")


@needs_soffice
@needs_softhsm
def test_a_key_on_a_pkcs11_token_signs(pdf, ca, tmp_path, p12_keys, monkeypatch):
    """A real software token: SoftHSM 2, initialised here, holding the signer's key and
    certificate as a USB token or an HSM would."""
    conf = tmp_path / "softhsm2.conf"
    (tmp_path / "tokens").mkdir()
    conf.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            "hangviet-test",
            "--so-pin",
            "87654321",
            "--pin",
            "123456",
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    issued = testkeys.issue(ca, SIGNER)
    key_file = tmp_path / "signer-key.pem"
    key_file.write_bytes(issued.key_pem())
    subprocess.run(
        [
            "softhsm2-util",
            "--import",
            str(key_file),
            "--token",
            "hangviet-test",
            "--label",
            "signer",
            "--id",
            "01",
            "--pin",
            "123456",
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    key_file.unlink()
    token = pkcs11.lib(SOFTHSM_MODULE).get_token(token_label="hangviet-test")
    with token.open(user_pin="123456", rw=True) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: "signer",
                Attribute.ID: b"\x01",
                Attribute.VALUE: issued.certificate_der(),
                Attribute.SUBJECT: issued.certificate.subject.public_bytes(),
                Attribute.ISSUER: issued.certificate.issuer.public_bytes(),
                Attribute.SERIAL_NUMBER: Integer(issued.certificate.serial_number).dump(),
            }
        )
    monkeypatch.setenv("TEST_TOKEN_PIN", "123456")
    sources = {
        "signer": signing.KeySource(
            pkcs11_module=SOFTHSM_MODULE,
            token_label="hangviet-test",
            key_label="signer",
            pin_env="TEST_TOKEN_PIN",
        ),
        "agency": p12_keys["agency"],
    }
    checks = signing.verify(sign_both(pdf, sources), [trusted(ca)])
    assert all(c.intact and c.valid and c.trusted for c in checks)
    assert SIGNER in checks[0].signer
    monkeypatch.setenv("TEST_TOKEN_PIN", "000000")
    with (
        pytest.raises(signing.SigningUnavailable, match="hangviet-test"),
        signing.open_key(sources["signer"]),
    ):
        pass
