"""The third probe from outside (issue #27): each finding as it was reproduced, and what must
hold instead. Every test here failed before its fix."""

import io
import json
import threading
import zlib
from datetime import date

import pyotp
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from docx.oxml.ns import qn

from hangviet.activities import services as activity_services
from hangviet.activities.models import Activity
from hangviet.core import edxml, signing, testkeys
from hangviet.core.models import AuditEvent
from hangviet.core.pdf import docx_to_pdf, soffice
from hangviet.orgs.models import Role, RoleAssignment
from hangviet.orgs.services import api_token_create, api_token_find, role_grant, unit_update
from hangviet.plans.models import Channel, Plan
from hangviet.plans.reading import DocumentError, read_document
from hangviet.plans.tests.test_exchange_import import as_docx, package

pytestmark = pytest.mark.django_db
needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")


@pytest.fixture
def own_plan_bytes() -> bytes:
    from hangviet.plans.demo import OWN_PLAN

    return OWN_PLAN.read_bytes()


def bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post_json(client: Client, url: str, data: object) -> object:
    return client.post(url, json.dumps(data), content_type="application/json")


# --- 1. HIGH: a unit-limited token created province-wide coordinators -------------------------


def test_1_a_grant_never_reaches_beyond_its_grantor(world, people):
    limited = api_token_create(by=None, user=people["carol"], units=[world["sibling"]])[1]
    answer = post_json(
        bearer(limited),
        "/api/v1/roles/",
        {"username": "bob", "role": "coordinator", "unit": world["sibling"].pk},
    )
    assert answer.status_code == 403, answer.content
    assert "toàn tỉnh" in answer.json()["detail"]
    assert not RoleAssignment.objects.filter(user=people["bob"], role=Role.COORDINATOR).exists()
    # Within its limits the same token still gives a role that stays inside them.
    ok = post_json(
        bearer(limited),
        "/api/v1/roles/",
        {"username": "bob", "role": "head", "unit": world["sibling"].pk},
    )
    assert ok.status_code == 201
    # … and the coordinator without a limit may give a coordinator's role.
    full = api_token_create(by=None, user=people["carol"])[1]
    answer = post_json(
        bearer(full),
        "/api/v1/roles/",
        {"username": "bob", "role": "coordinator", "unit": world["sibling"].pk},
    )
    assert answer.status_code == 201
    # Taking a role away needs the same reach: the limited token may not revoke it.
    granted = RoleAssignment.objects.get(user=people["bob"], role=Role.COORDINATOR)
    assert bearer(limited).delete(f"/api/v1/roles/{granted.pk}/").status_code == 404
    assert RoleAssignment.objects.filter(pk=granted.pk).exists()


# --- 2. a password-only session was upgraded when the account enrolled -------------------------


def test_2_a_session_that_never_passed_the_code_stays_closed(world, people, settings):
    from hangviet.accounts import services as accounts

    settings.TWO_FACTOR_REQUIRED_ROLES = ["coordinator"]
    carol = people["carol"]
    first = Client()
    first.force_login(carol)  # signed in by password only, before enrolling
    assert first.get("/").status_code == 302
    device = accounts.start(carol)
    accounts.confirm(device, pyotp.TOTP(device.secret).now())  # enrolled in another session
    assert accounts.enabled_for(carol)
    page = first.get("/hoat-dong/")
    assert page.status_code == 302 and page["Location"].startswith("/dang-nhap/")
    assert first.get("/api/v1/activities/").status_code in (401, 403)
    # An editor promoted to coordinator is asked for the second step in the same way.
    alice = Client()
    alice.force_login(people["alice"])
    assert alice.get("/hoat-dong/").status_code == 200
    role_grant(by=None, user=people["alice"], role=Role.COORDINATOR, unit=world["division"])
    moved = alice.get("/hoat-dong/")
    assert moved.status_code == 302 and "xac-thuc-hai-buoc" in moved["Location"]
    assert alice.get("/api/v1/activities/").status_code == 403


# --- 3. a signed PDF altered after signing was reported intact and imported -------------------


def _signed_plan(own_plan_bytes: bytes, tmp_path, ca=None, name="Nguyễn Thị Thu Hằng") -> bytes:
    pdf = docx_to_pdf(as_docx(own_plan_bytes))
    ca = ca or testkeys.make_ca()
    issued = testkeys.issue(ca, name)
    key_file = tmp_path / f"{abs(hash(name))}.p12"
    key_file.write_bytes(issued.pkcs12(None, [ca.certificate]))
    with signing.open_key(signing.KeySource(pkcs12=str(key_file))) as key:
        return signing.sign(
            pdf,
            key=key,
            field_name=signing.SIGNER_FIELD,
            box=(380, 100, 520, 160),
            page=0,
            text=f"{name}\n%(ts)s",
        )


def _replace_first_page(signed: bytes) -> bytes:
    """An incremental update after the signature that gives page 1 other text."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    first = page_ref.get_object()
    text = b"BT /F1 14 Tf 72 720 Td (KE HOACH da bi sua sau khi ky) Tj ET"
    first["/Contents"] = writer.add_object(generic.StreamObject(stream_data=text))
    writer.update_container(first)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@needs_soffice
def test_3_content_changed_after_signing_is_said_and_refused(world, own_plan_bytes, tmp_path):
    signed = _signed_plan(own_plan_bytes, tmp_path)
    altered = _replace_first_page(signed)
    (check,) = signing.verify(altered)
    assert check.intact and check.valid  # the signed bytes themselves are untouched …
    assert check.changed_after and not check.covers_whole_file and not check.ok  # … but not so
    with pytest.raises(DocumentError, match="bị sửa sau khi ký"):
        read_document(altered, "ke-hoach.pdf")
    with pytest.raises(DocumentError, match="bị sửa sau khi ký"):
        read_document(package(edxml.Attachment("kh.pdf", "application/pdf", altered)))
    # The untouched file reads, and says that nothing was changed after signing.
    assert read_document(signed, "ke-hoach.pdf").signatures[0].ok


@needs_soffice
def test_3_a_self_signed_key_is_said_to_be_untrusted(
    world, own_plan_bytes, tmp_path, settings, monkeypatch
):
    from hangviet.plans.importing import preview

    official = testkeys.make_ca()
    path = tmp_path / "ca.pem"
    path.write_bytes(official.pem())
    config = tmp_path / "signing.json"
    config.write_text(json.dumps({"trust_roots": [str(path)]}), encoding="utf-8")
    settings.SIGNING_CONFIG = str(config)
    forged = _signed_plan(own_plan_bytes, tmp_path, name="Giám đốc Sở (giả mạo)")
    warnings = preview(forged, "kh.pdf").parsed.warnings
    assert any("Giám đốc Sở (giả mạo)" in w and "KHÔNG do tổ chức" in w for w in warnings)
    genuine = _signed_plan(own_plan_bytes, tmp_path, ca=official, name="Nguyễn Thị Thu Hằng")
    warnings = preview(genuine, "kh.pdf").parsed.warnings
    assert any("Nguyễn Thị Thu Hằng" in w and "chứng thư số do tổ chức" in w for w in warnings)


# --- 4. one hostile feed stopped all monitoring, silently: monitoring/tests/test_polling.py
# (test_a_hostile_feed_is_a_feed_error_and_the_round_goes_on, beside the site it needs)


# --- 5. CPU exhaustion through the PDF reader ---------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def _stream(data: bytes) -> bytes:
    packed = zlib.compress(data, 9)
    return (
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    )


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _pages(count: int, content: bytes, font: bytes = FONT) -> bytes:
    """`count` pages sharing one content stream (object 3) and one font (object 4)."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    page_object = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>"
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
            _stream(content),
            font,
            *[page_object] * count,
        ]
    )


def test_5_a_pdf_that_costs_too_much_is_refused_at_its_first_page():
    bomb = _pages(12, b"BT /F1 12 Tf 72 720 Td (Ke hoach) Tj ET\n" + b"q Q\n" * 950_000)
    assert len(bomb) < 10_000
    with pytest.raises(DocumentError, match="quá nặng"):
        read_document(bomb, "x.pdf")


def test_5_the_review_page_reads_the_upload_once(world, people, own_plan_bytes, monkeypatch):
    from hangviet.plans import importing

    reads = []
    real = importing.read_document
    monkeypatch.setattr(importing, "read_document", lambda *a: reads.append(1) or real(*a))
    carol = Client()
    carol.force_login(people["carol"])
    answer = carol.post("/ke-hoach/nhap/", {"text": own_plan_bytes.decode("utf-8")})
    assert answer.status_code == 302
    for _ in range(3):
        assert carol.get(answer["Location"]).status_code == 200
    assert len(reads) == 1


# --- 6. the wrong person signed, with a key nobody trusts ----------------------------------


def test_6_only_a_head_of_the_issuing_unit_itself_signs(world, people, plan2026):
    from hangviet.reporting import policy, services

    ancestor = get_user_model().objects.create_user("chutich", password="correct-horse-42")
    role_grant(by=None, user=ancestor, role=Role.HEAD, unit=world["province"])
    head = get_user_model().objects.create_user("giamdoc", password="correct-horse-42")
    role_grant(by=None, user=head, role=Role.HEAD, unit=plan2026.issuing_unit)
    assert policy.may_sign(head, plan2026)
    for user in (ancestor, people["carol"], people["vera"], None):
        assert not policy.may_sign(user, plan2026)
    with pytest.raises(PermissionDenied):
        services.consolidation_sign(plan=plan2026, period_code="2026H1", by=ancestor)
    # A head's token limited to another unit does not sign either.
    raw = api_token_create(by=None, user=head, units=[world["division"]])[1]
    assert not policy.may_sign(_as_token(raw), plan2026)


def _as_token(raw: str):
    from hangviet.orgs.services import api_token_use

    token = api_token_find(raw)
    assert token is not None
    return api_token_use(token)


@needs_soffice
def test_6_a_copy_is_kept_only_when_both_keys_chain_to_the_trusted_roots(
    world, people, plan2026, tmp_path, settings, monkeypatch
):
    from hangviet.reporting import services
    from hangviet.reporting.models import SignedCopy
    from hangviet.reporting.tests.test_reporting import accept

    head = get_user_model().objects.create_user(
        "giamdoc", password="correct-horse-42", first_name="Nguyễn Thị Thu Hằng"
    )
    role_grant(by=None, user=head, role=Role.HEAD, unit=plan2026.issuing_unit)
    unit = plan2026.issuing_unit
    path = testkeys.write_demo_keys(
        tmp_path / "keys",
        agencies={unit.agency_code: (unit.name, unit.abbreviation)},
        signers={head.username: "Nguyễn Thị Thu Hằng"},
        passphrase_env=testkeys.DEMO_PASSPHRASE_ENV,
    )
    monkeypatch.setenv(testkeys.DEMO_PASSPHRASE_ENV, testkeys.DEMO_PASSPHRASE)
    # The signer's key replaced by one from a CA nobody configured ("giả mạo").
    rogue = testkeys.issue(testkeys.make_ca(), "Giám đốc Sở (giả mạo)")
    rogue_file = tmp_path / "rogue.p12"
    rogue_file.write_bytes(rogue.pkcs12(b"x", []))
    config = json.loads(path.read_text(encoding="utf-8"))
    config["signers"][head.username] = {"pkcs12": str(rogue_file), "passphrase_env": "ROGUE"}
    monkeypatch.setenv("ROGUE", "x")
    path.write_text(json.dumps(config), encoding="utf-8")
    settings.SIGNING_CONFIG = str(path)
    services.indicators_default(plan=plan2026, by=people["carol"])
    requests = services.requests_generate(plan=plan2026, period_code="2026H1", by=people["carol"])
    accept(next(r for r in requests if r.unit_id == world["commune"].pk), people)
    services.consolidation_save(
        plan=plan2026, period_code="2026H1", by=people["carol"], number="9", sent_on=date.today()
    )
    with pytest.raises(ValidationError, match="giả mạo"):
        services.consolidation_sign(plan=plan2026, period_code="2026H1", by=head)
    assert not SignedCopy.objects.exists()


def test_6_the_agency_code_is_the_administrators_and_names_one_unit(world, people):
    with pytest.raises(PermissionDenied):
        unit_update(unit=world["commune"], by=people["carol"], agency_code="000.00.64.H55")
    unit_update(unit=world["commune"], by=None, agency_code="000.00.64.H55")
    with pytest.raises(ValidationError):
        unit_update(unit=world["sibling"], by=None, agency_code="000.00.64.H55")


# --- 7. 500s on hostile documents at plan import ------------------------------------------


EMPTY_PAGES = b"<< /Type /Pages /Kids [] /Count 0 >>"
# Each raised, before the fix, what the readers' handlers did not catch (a 500).
HOSTILE_PDFS = {
    "RecursionError": _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * 100_000 + b"]" * 100_000 + b" >>",
            EMPTY_PAGES,
        ]
    ),
    "AssertionError": _pdf([b"[1 2 3]"]),
    "OverflowError": _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", EMPTY_PAGES]).replace(
        b"startxref\n", b"startxref\n99999999999999999999999"
    ),
    "AttributeError": _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"3 0 R", b"2 0 R"]),
}
HOSTILE_PACKAGES = {
    encoding: f'<?xml version="1.0" encoding="{encoding}"?><edXMLEnvelope/>'.encode()
    for encoding in ("utf-7", "shift_jis", "x-unknown", "UTF-32")
}
HOSTILE_PACKAGES["utf-32 bom"] = "<edXMLEnvelope/>".encode("utf-32")


@pytest.mark.parametrize("name", [*HOSTILE_PDFS, *HOSTILE_PACKAGES])
def test_7_a_hostile_document_is_a_clear_message_and_nothing_is_saved(name, world, people):
    data = HOSTILE_PDFS.get(name) or HOSTILE_PACKAGES[name]
    filename = "x.pdf" if name in HOSTILE_PDFS else "x.edxml"
    with pytest.raises(DocumentError):
        read_document(data, filename)
    carol = Client(raise_request_exception=False)
    carol.force_login(people["carol"])
    upload = io.BytesIO(data)
    upload.name = filename
    answer = carol.post("/ke-hoach/nhap/", {"file": upload})
    assert answer.status_code == 200
    assert Plan.objects.count() == 0


# --- 8. the API's own mistakes on bad input ----------------------------------------------


def test_8_nulls_numbers_as_dates_and_lists_are_400_and_documented(world, people):
    raw = api_token_create(by=None, user=people["alice"])[1]
    api = bearer(raw)
    made = post_json(
        api,
        "/api/v1/activities/",
        {
            "unit": world["commune"].pk,
            "channel": "commune_radio",
            "kind": "loudspeaker",
            "title": "Bản tin",
            "date": "2026-03-02",
        },
    )
    url = f"/api/v1/activities/{made.json()['id']}/"
    for body in ({"channel": None}, {"kind": None}, {"date": None}, [None, None], {"date": 0}):
        answer = api.patch(url, json.dumps(body), content_type="application/json")
        assert answer.status_code == 400, (body, answer.content)
    assert api.get("/api/v1/units/", {"valid_on": "0"}).status_code == 400
    assert api.get("/api/v1/units/", {"valid_on": "2026-01-01"}).status_code == 200
    schema = Client().get("/api/v1/openapi.json").json()
    for path in schema["paths"].values():
        for operation in path.values():
            assert {"400", "401", "403", "404", "409"} <= set(operation["responses"])


# --- 9. the replay race: simultaneous sends of one offline entry ---------------------------


def _entry(world) -> dict:
    return {
        "unit": world["commune"],
        "channel": Channel.objects.get(code="commune_radio"),
        "kind": "loudspeaker",
        "title": "Bản tin gửi lại",
        "date": date(2026, 3, 2),
    }


def test_9_the_loser_of_the_race_gets_the_answer_of_a_replay(world, people, monkeypatch):
    """The other request stored the entry after this one looked it up, before it inserted."""
    data = _entry(world)
    first, created = activity_services.activity_upsert(
        by=people["alice"], external_id="offline-k1", **data
    )
    assert created
    looked_up = []
    real = activity_services.stored_as

    def late(unit, external_id):  # the look-up ran before the other request committed
        looked_up.append(1)
        return None if len(looked_up) == 1 else real(unit, external_id)

    monkeypatch.setattr(activity_services, "stored_as", late)
    again, created = activity_services.activity_upsert(
        by=people["alice"], external_id="offline-k1", **data
    )
    assert not created and again.pk == first.pk and len(looked_up) == 2
    assert Activity.objects.filter(external_id="offline-k1").count() == 1


@pytest.mark.django_db(transaction=True)
def test_9_sixteen_simultaneous_sends_save_one_entry(world, people):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time (BEGIN IMMEDIATE): no race to lose")
    raw = api_token_create(by=None, user=people["alice"])[1]
    body = {
        "unit": world["commune"].pk,
        "channel": "commune_radio",
        "kind": "loudspeaker",
        "title": "Bản tin",
        "date": "2026-03-02",
        "external_id": "offline-race",
    }
    statuses: list[int] = []
    barrier = threading.Barrier(16)

    def send() -> None:
        try:
            barrier.wait()
            statuses.append(post_json(bearer(raw), "/api/v1/activities/", body).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 15 + [201]
    assert Activity.objects.filter(external_id="offline-race").count() == 1


# --- 11, 12. another unit's drafts and plans are never named ----------------------------------


def test_11_the_duplicate_warning_stays_within_what_the_caller_sees(world, people):
    alice_draft = activity_services.activity_create(
        by=people["alice"], url="https://baothainguyen.vn/bai-1", **_entry(world)
    )
    raw = api_token_create(by=None, user=people["bob"])[1]
    answer = post_json(
        bearer(raw),
        "/api/v1/activities/",
        {
            "unit": world["sibling"].pk,
            "channel": "commune_radio",
            "kind": "loudspeaker",
            "title": "Bản tin",
            "date": "2026-03-02",
            "url": "https://baothainguyen.vn/bai-1",
        },
    )
    assert answer.status_code == 201 and alice_draft.pk not in answer.json()["duplicates"]
    bob = Client()
    bob.force_login(people["bob"])
    form = bob.post(
        "/hoat-dong/them/",
        {
            "unit": world["sibling"].pk,
            "kind": "loudspeaker",
            "channel": "commune_radio",
            "title": "Bản tin khác",
            "date": "2026-03-02",
            "quantity": "1",
            "measure": "broadcasts",
            "url": "https://baothainguyen.vn/bai-1",
        },
    )
    assert alice_draft.title not in form.content.decode()


def test_12_errors_never_name_plans_or_themes_the_caller_cannot_read(world, people):
    from hangviet.plans.tests.test_views import plan_for_commune

    plan = plan_for_commune(world)  # gives work to Tân Cương only
    theme = plan.themes.first()
    raw = api_token_create(by=None, user=people["bob"])[1]
    answer = post_json(
        bearer(raw),
        "/api/v1/activities/",
        {
            "unit": world["sibling"].pk,
            "channel": "commune_radio",
            "kind": "loudspeaker",
            "title": "Bản tin",
            "date": "2026-03-02",
            "plan": plan.pk,
            "themes": [theme.pk],
        },
    )
    assert answer.status_code == 400
    text = answer.content.decode()
    assert theme.label[:20] not in text and str(plan.issue_year) not in text


# --- 13. a page break inside the signature block ------------------------------------------


def _closing_document(lines: int):
    from hangviet.core.documents import AdminDocument, Block

    return AdminDocument(
        parent_body="UBND TỈNH THÁI NGUYÊN",
        issuer_name="SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
        number_line="Số: 12/BC-SVHTTDL",
        place_date="Thái Nguyên, ngày 02 tháng 7 năm 2026",
        doc_type_name="BÁO CÁO",
        summary="Kết quả thực hiện Cuộc vận động 6 tháng đầu năm 2026",
        body=[
            Block("paragraph", f"{n}. Các đơn vị đã tổ chức tuyên truyền.") for n in range(lines)
        ],
        recipients=["- Như trên;", "- Lưu: VT, BCXBTTCS."],
        signer_authority="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Thị Thu Hằng",
    )


def test_13_the_signature_block_is_one_row_that_never_splits_and_never_stands_alone():
    import docx

    from hangviet.core.documents import render_docx

    document = docx.Document(io.BytesIO(render_docx(_closing_document(20))))
    closing = document.tables[-1]
    assert len(closing.rows) == 1
    properties = closing.rows[0]._tr.trPr
    assert properties is not None and properties.find(qn("w:cantSplit")) is not None
    assert document.paragraphs[-1].paragraph_format.keep_with_next  # the last line goes with it


@needs_soffice
@pytest.mark.parametrize("lines", [19, 20])
def test_13_signing_finds_the_block_whole_wherever_the_page_ends(lines):
    from hangviet.core.documents import render_docx

    pdf = docx_to_pdf(render_docx(_closing_document(lines)))
    where = signing.signature_block(
        pdf, title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", name="Nguyễn Thị Thu Hằng"
    )
    assert where.signer_box[3] > where.signer_box[1]


# --- also seen ----------------------------------------------------------------------------


def test_a_password_change_ends_the_tokens_made_before_it(world, people):
    raw = api_token_create(by=None, user=people["alice"])[1]
    assert bearer(raw).get("/api/v1/activities/").status_code == 200
    people["alice"].set_password("another-horse-43")
    people["alice"].save()
    assert bearer(raw).get("/api/v1/activities/").status_code == 401


def test_signed_copy_rows_are_guarded_by_the_database(world, plan2026, people):
    from hangviet.reporting.models import ConsolidatedReport, SignedCopy

    saved = ConsolidatedReport.objects.create(plan=plan2026, period_code="2026H1")
    copy = SignedCopy(
        consolidation=saved,
        version=1,
        sha256="0" * 64,
        size=1,
        dated=date(2026, 7, 2),
        signed_at=saved.created_at,
        signer_certificate="x",
        agency_certificate="y",
    )
    copy.file.name = "signed/x.pdf"
    copy.save()
    for sql in (
        "UPDATE reporting_signedcopy SET sha256 = 'f' WHERE id = %s",
        "DELETE FROM reporting_signedcopy WHERE id = %s",
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [copy.pk])
    assert SignedCopy.objects.get(pk=copy.pk).sha256 == "0" * 64


def test_an_evidence_file_is_offered_under_the_name_of_what_it_is(world, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hangviet.activities.tests.test_views import PNG

    activity = activity_services.activity_create(by=people["alice"], **_entry(world))
    attachment = activity_services.attachment_add(
        activity=activity, by=people["alice"], upload=SimpleUploadedFile("a.html", PNG)
    )
    alice = Client()
    alice.force_login(people["alice"])
    answer = alice.get(f"/hoat-dong/tep/{attachment.pk}/")
    assert 'filename="a.png"' in answer["Content-Disposition"]


def test_writes_that_left_no_trail_leave_one_now(world, people, own_plan_bytes):
    from hangviet.accounts import services as accounts
    from hangviet.plans.importing import plan_upload_create, plan_upload_import

    device = accounts.start(people["alice"])
    assert AuditEvent.objects.filter(
        content_type__model="totpdevice", object_id=str(device.pk), actor=people["alice"]
    ).exists()
    upload = plan_upload_create(by=people["carol"], filename="kh.txt", data=own_plan_bytes)
    plan = plan_upload_import(upload=upload, by=people["carol"], issuer=None)
    event = AuditEvent.objects.get(content_type__model="planupload", action="update")
    assert event.changes == {"plan": [None, plan.pk]} and event.actor == people["carol"]
