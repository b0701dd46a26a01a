"""The consolidated report as an electronic document: signed by the head of the issuing unit
and by the agency, stored once with its hash, handed over as the edXML package of QCVN
102:2016 — in the service, on the pages and from the command line."""

import base64
import io
import json
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from hangviet.core import edxml, signing, testkeys
from hangviet.core.models import AuditEvent
from hangviet.core.pdf import soffice
from hangviet.orgs.models import Role, Unit, UnitKind
from hangviet.orgs.services import role_grant
from hangviet.reporting import consolidation, exchange, services
from hangviet.reporting.models import SignedCopy, SignedCopyTampered
from hangviet.reporting.tests.test_reporting import accept

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed: skipped"),
]
DIRECTOR = "Nguyễn Thị Thu Hằng"


@pytest.fixture
def director(plan2026):
    user = get_user_model().objects.create_user(
        "dung", password="correct-horse-42", first_name=DIRECTOR
    )
    role_grant(by=None, user=user, role=Role.HEAD, unit=plan2026.issuing_unit)
    return user


@pytest.fixture
def keys(settings, tmp_path, monkeypatch, plan2026, director):
    unit = plan2026.issuing_unit
    path = testkeys.write_demo_keys(
        tmp_path / "signing",
        agencies={unit.agency_code: (unit.name, unit.abbreviation)},
        signers={director.username: DIRECTOR},
        passphrase_env=testkeys.DEMO_PASSPHRASE_ENV,
    )
    monkeypatch.setenv(testkeys.DEMO_PASSPHRASE_ENV, testkeys.DEMO_PASSPHRASE)
    settings.SIGNING_CONFIG = str(path)
    return signing.load_config(path)


@pytest.fixture
def numbered(world, people, plan2026):
    services.indicators_default(plan=plan2026, by=people["carol"])
    requests = services.requests_generate(plan=plan2026, period_code="2026H1", by=people["carol"])
    accept(next(r for r in requests if r.unit_id == world["commune"].pk), people)
    return services.consolidation_save(
        plan=plan2026,
        period_code="2026H1",
        by=people["carol"],
        number="125",
        sent_on=date(2026, 7, 2),
    )


def test_the_head_signs_and_the_copy_verifies_and_never_changes(
    plan2026, people, director, keys, numbered
):
    copy = services.consolidation_sign(plan=plan2026, period_code="2026H1", by=director)
    assert (copy.version, copy.number) == (1, "125/BC-SVHTTDL")
    pdf = copy.content()
    checks = signing.verify(pdf, keys.trusted())
    assert [c.field_name for c in checks] == [signing.SIGNER_FIELD, signing.AGENCY_FIELD]
    assert all(c.intact and c.valid and c.trusted for c in checks)
    assert DIRECTOR in copy.signer_certificate and "Văn hóa" in copy.agency_certificate
    assert b"<pdfaid:part>2</pdfaid:part>" in pdf
    # The stored copy is immutable; signing again is the next version, the first unchanged.
    with pytest.raises(ValueError):
        copy.save()
    again = services.consolidation_sign(plan=plan2026, period_code="2026H1", by=director)
    assert again.version == 2
    assert SignedCopy.objects.get(pk=copy.pk).content() == pdf
    # A file changed on disk is refused.
    with copy.file.open("r+b") as handle:
        handle.seek(2000)
        byte = handle.read(1)
        handle.seek(2000)
        handle.write(bytes([byte[0] ^ 1]))
    with pytest.raises(SignedCopyTampered):
        SignedCopy.objects.get(pk=copy.pk).content()
    assert AuditEvent.objects.filter(object_id=str(copy.pk), note="signed").exists()


def test_only_the_head_of_the_issuing_unit_signs(plan2026, people, keys, numbered):
    for user in (people["carol"], people["hank"], people["alice"]):
        with pytest.raises(PermissionDenied):
            services.consolidation_sign(plan=plan2026, period_code="2026H1", by=user)
    assert not SignedCopy.objects.exists()


def test_what_is_missing_is_said_and_nothing_is_saved(
    world, people, plan2026, director, settings, keys
):
    services.indicators_default(plan=plan2026, by=people["carol"])
    services.requests_generate(plan=plan2026, period_code="2026H1", by=people["carol"])
    with pytest.raises(ValidationError, match="số, ký hiệu và ngày"):
        services.consolidation_sign(plan=plan2026, period_code="2026H1", by=director)
    services.consolidation_save(
        plan=plan2026, period_code="2026H1", by=people["carol"], number="7", sent_on=date.today()
    )
    configured, settings.SIGNING_CONFIG = settings.SIGNING_CONFIG, ""
    with pytest.raises(ValidationError, match="chưa được cấu hình ký số"):
        services.consolidation_sign(plan=plan2026, period_code="2026H1", by=director)
    settings.SIGNING_CONFIG = configured
    other = get_user_model().objects.create_user("khac", password="correct-horse-42")
    role_grant(by=None, user=other, role=Role.HEAD, unit=plan2026.issuing_unit)
    with pytest.raises(ValidationError, match="Tài khoản của bạn"):
        services.consolidation_sign(plan=plan2026, period_code="2026H1", by=other)
    unit = plan2026.issuing_unit
    Unit.objects.filter(pk=unit.pk).update(agency_code="")
    plan2026.issuing_unit.refresh_from_db()
    with pytest.raises(ValidationError, match="mã định danh điện tử"):
        services.consolidation_sign(plan=plan2026, period_code="2026H1", by=director)
    assert not SignedCopy.objects.exists()


def test_the_exchange_package_carries_the_signed_pdf(plan2026, director, keys, numbered):
    copy = services.consolidation_sign(plan=plan2026, period_code="2026H1", by=director)
    data = exchange.package(copy)
    envelope = edxml.read(data)
    front = Unit.objects.get(kind=UnitKind.FRONT, name__contains="Thái Nguyên")
    assert envelope.sender.organ_id == plan2026.issuing_unit.agency_code == "000.00.15.H55"
    assert envelope.sender.name == plan2026.issuing_unit.name
    assert [r.organ_id for r in envelope.receivers] == [front.agency_code]
    assert (envelope.code_number, envelope.code_notation) == ("125", "BC-SVHTTDL")
    assert envelope.promulgated_on == date(2026, 7, 2)
    assert envelope.place == "Thái Nguyên"
    assert envelope.type_name == "Báo cáo"
    assert envelope.subject.startswith("Kết quả thực hiện Cuộc vận động")
    assert (envelope.signer_name, envelope.signer_position) == (DIRECTOR, plan2026.signer_title)
    assert envelope.identifier() == "000.00.15.H55,2026/07/02,125/BC-SVHTTDL"
    assert envelope.page_amount >= 2
    assert "Như trên" in envelope.to_places
    attachment, figures, annex = envelope.attachments
    assert attachment.content_type == "application/pdf"
    assert attachment.data == copy.content()
    # The figures travel as data beside the PDF: the receiver reads them, never retypes them.
    assert figures.content_type == "application/json"
    data_of = json.loads(figures.data)
    assert data_of["schema"] == exchange.FIGURES_SCHEMA
    assert data_of["sender"]["code"] == "000.00.15.H55"
    assert data_of["receiver"]["code"] == front.agency_code
    assert data_of["document"] == {
        "number": "125/BC-SVHTTDL",
        "dated": "2026-07-02",
        "sha256": copy.sha256,
    }
    assert data_of["period"]["code"] == "2026H1" and data_of["rule"] == "record"
    signed = consolidation.consolidate(plan2026, "2026H1")
    assert [(i["code"], i["value"]) for i in data_of["indicators"]] == [
        (line.indicator.code, line.total) for line in signed.lines
    ]
    assert all(c.ok for c in signing.verify(attachment.data, keys.trusted()))
    # The Phụ lục's workbook, as it was when signed, travels beside the signed PDF.
    assert annex.name.endswith("-phu-luc.xlsx") and annex.data == copy.annex_content()
    assert load_workbook(io.BytesIO(annex.data))["Biểu 01 Chỉ tiêu"]["A1"].value.startswith(
        "PHỤ LỤC"
    )
    # The raw XML: the envelope in the QCVN 102:2016 namespace, the file base64 beside it.
    assert f'xmlns:edXML="{edxml.NS}"'.encode() in data
    assert base64.b64encode(copy.content())[:60] in data


def test_the_pages_sign_and_hand_over(client_for, plan2026, people, director, keys, numbered):
    url = f"/bao-cao/ke-hoach/{plan2026.pk}/2026H1/ky-so/"
    head = client_for(director)
    page = head.get(url)
    assert page.status_code == 200
    assert "Ký số" in page.content.decode()
    assert head.get(url + "xem-truoc.pdf").content.startswith(b"%PDF")
    assert head.post(url, {}).status_code == 400  # the confirmation box was not ticked
    assert not SignedCopy.objects.exists()
    done = head.post(url, {"confirm": "1"})
    assert done.status_code == 302
    copy = SignedCopy.objects.get()
    pdf_url = f"/bao-cao/ke-hoach/{plan2026.pk}/2026H1/ban-ky-so/1.pdf"
    package_url = f"/bao-cao/ke-hoach/{plan2026.pk}/2026H1/ban-ky-so/1.edxml"
    page = head.get(url).content.decode()
    assert pdf_url in page and package_url in page and copy.sha256[:12] in page
    assert head.get(pdf_url).content == copy.content()
    assert edxml.read(head.get(package_url).content).attachments[0].data == copy.content()
    # The coordinator reads the page but cannot sign; the Front's viewer may download.
    coordinator = client_for(people["carol"])
    assert coordinator.get(url).status_code == 200
    assert coordinator.post(url, {"confirm": "1"}).status_code == 403
    assert client_for(people["vera"]).get(pdf_url).status_code == 200
    # A commune's staff see none of it.
    for user in (people["alice"], people["bob"], people["hank"]):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).get(pdf_url).status_code == 404
    assert SignedCopy.objects.count() == 1


def test_the_command_signs_and_writes_the_package(plan2026, director, keys, numbered, tmp_path):
    package = tmp_path / "bao-cao.edxml"
    with pytest.raises(CommandError, match="chưa được ký số"):
        call_command(
            "consolidate", "--plan", str(plan2026.pk), "--period", "2026H1", "--edxml", package
        )
    call_command(
        "consolidate",
        "--plan",
        str(plan2026.pk),
        "--period",
        "2026H1",
        "--sign-as",
        director.username,
        "--edxml",
        str(package),
        "--signed-pdf",
        str(tmp_path / "da-ky.pdf"),
    )
    envelope = edxml.read(package.read_bytes())
    assert envelope.attachments[0].data == (tmp_path / "da-ky.pdf").read_bytes()
    with pytest.raises(CommandError, match="nobody"):
        call_command(
            "consolidate", "--plan", str(plan2026.pk), "--period", "2026H1", "--sign-as", "nobody"
        )


def test_the_front_receives_opens_and_acknowledges_and_the_sender_sees_it(
    client_for, world, plan2026, people, director, keys, numbered
):
    copy = services.consolidation_sign(plan=plan2026, period_code="2026H1", by=director)
    front = Unit.objects.get(kind=UnitKind.FRONT, name__contains="Thái Nguyên")
    assert copy.details["receiver_id"] == front.pk
    office = get_user_model().objects.create_user("vanphongmttq", password="correct-horse-42")
    role_grant(by=None, user=office, role=Role.VIEWER, unit=front)
    reader = client_for(office)
    # The first page says what to do: read and acknowledge it.
    first = reader.get("/").content.decode()
    assert f"/bao-cao/van-ban-den/{copy.pk}/" in first and "Đọc và xác nhận" in first
    listing = reader.get("/bao-cao/van-ban-den/").content.decode()
    assert "125/BC-SVHTTDL" in listing and "Chưa xác nhận đã nhận" in listing
    page = reader.get(f"/bao-cao/van-ban-den/{copy.pk}/").content.decode()
    # The signatures are checked again on the addressee's side, and the files are offered.
    assert DIRECTOR in page and "Xác nhận đã nhận" in page
    assert "Số liệu của báo cáo" in page and "<code>loudspeaker</code>" in page
    assert f"/ban-ky-so/{copy.version}.pdf" in page
    assert reader.get(f"/bao-cao/ke-hoach/{plan2026.pk}/2026H1/ban-ky-so/1.pdf").content == (
        copy.content()
    )
    assert reader.post(f"/bao-cao/van-ban-den/{copy.pk}/").status_code == 302
    assert reader.post(f"/bao-cao/van-ban-den/{copy.pk}/").status_code == 302  # once is enough
    [receipt] = copy.receipts.all()
    assert (receipt.unit, receipt.acknowledged_by) == (front, office)
    assert AuditEvent.objects.filter(object_id=str(receipt.pk), note="received").count() == 1
    # The sender sees the receipt beside the signed version.
    sent = client_for(director).get(f"/bao-cao/ke-hoach/{plan2026.pk}/2026H1/ky-so/")
    assert "đã xác nhận đã nhận" in sent.content.decode()
    # Nobody else receives it: a commune's officer, the signer himself, the coordinator.
    for user in (people["alice"], director, people["carol"]):
        assert not client_for(user).get("/bao-cao/van-ban-den/").context["rows"]
        with pytest.raises(PermissionDenied):
            services.receipt_acknowledge(copy=copy, by=user)
    assert client_for(people["alice"]).get(f"/bao-cao/van-ban-den/{copy.pk}/").status_code == 404


def test_the_report_on_its_way_has_a_status_history_both_sides_read(
    client_for, world, plan2026, people, director, keys, numbered
):
    """Issue 32 (part): arrived → received → being processed → done; a second signed version
    replaces the first, which the Front's list says; a revoke with its reason; a refusal needs
    a reason and the sender reads it."""
    from hangviet.reporting.models import CopyState

    first = services.consolidation_sign(plan=plan2026, period_code="2026H1", by=director)
    front = Unit.objects.get(kind=UnitKind.FRONT, name__contains="Thái Nguyên")
    office = get_user_model().objects.create_user("vanphong", password="correct-horse-42")
    role_grant(by=None, user=office, role=Role.VIEWER, unit=front)
    reader = client_for(office)
    assert services.state_of(first) == CopyState.ARRIVED
    with pytest.raises(ValidationError):  # processing before receipt
        services.copy_progress(copy=first, state=CopyState.PROCESSING, by=office)
    reader.post(f"/bao-cao/van-ban-den/{first.pk}/", {"action": "acknowledge"})
    reader.post(f"/bao-cao/van-ban-den/{first.pk}/", {"action": "processing"})
    reader.post(f"/bao-cao/van-ban-den/{first.pk}/", {"action": "done"})
    states = list(first.statuses.values_list("state", flat=True))
    assert states == ["arrived", "received", "processing", "done"]
    sender_page = client_for(director).get(f"/bao-cao/ke-hoach/{plan2026.pk}/2026H1/ky-so/")
    assert "Hoàn thành" in sender_page.content.decode() or "hoàn thành" in (
        sender_page.content.decode()
    )
    # A corrected version replaces the first; the Front's list says so.
    second = services.consolidation_sign(plan=plan2026, period_code="2026H1", by=director)
    assert services.state_of(first) == CopyState.REPLACED
    assert "phiên bản 2" in first.statuses.last().reason or "2" in first.statuses.last().reason
    listing = reader.get("/bao-cao/van-ban-den/").content.decode()
    assert "Đã được thay thế bằng bản sau" in listing or "thay thế" in listing
    old_page = reader.get(f"/bao-cao/van-ban-den/{first.pk}/").content.decode()
    assert f"/bao-cao/van-ban-den/{second.pk}/" in old_page
    # The Front refuses the second with its reason; an empty reason is refused.
    with pytest.raises(ValidationError):
        services.copy_refuse(copy=second, reason="  ", by=office)
    with pytest.raises(PermissionDenied):  # only the addressee refuses
        services.copy_refuse(copy=second, reason="x", by=director)
    services.copy_refuse(copy=second, reason="Thiếu số liệu của 3 huyện miền núi.", by=office)
    with pytest.raises(ValidationError):  # nothing to acknowledge once refused
        services.receipt_acknowledge(copy=second, by=office)
    assert (
        "Thiếu số liệu của 3 huyện miền núi."
        in client_for(director)
        .get(f"/bao-cao/ke-hoach/{plan2026.pk}/2026H1/ky-so/")
        .content.decode()
    )
    # The signer revokes a version, with a reason; a stranger cannot.
    third = services.consolidation_sign(plan=plan2026, period_code="2026H1", by=director)
    with pytest.raises(PermissionDenied):
        services.copy_revoke(copy=third, reason="x", by=office)
    with pytest.raises(ValidationError):
        services.copy_revoke(copy=third, reason="", by=director)
    answer = client_for(director).post(
        f"/bao-cao/ke-hoach/{plan2026.pk}/2026H1/ky-so/",
        {"action": "revoke", "copy": third.pk, "reason": "Ký nhầm số văn bản."},
    )
    assert answer.status_code == 302 and services.state_of(third) == CopyState.REVOKED
    assert "Ký nhầm số văn bản." in reader.get(f"/bao-cao/van-ban-den/{third.pk}/").content.decode()
    assert AuditEvent.objects.filter(content_type__model="copystatus").count() >= 8
