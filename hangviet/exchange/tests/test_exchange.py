"""The exchange desk in one installation: a signed report goes out through the folder pair,
comes in, is verified and acknowledged, and its status travels back; replacement, revocation,
duplicates, tampering, wrong addressee; the HTTP door's signature; the Front's consolidation;
who may see and do what."""

import base64
import hashlib
import io
import json
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.http import Http404
from pypdf import PdfReader

from hangviet.core import edxml, signing, testkeys
from hangviet.core.models import AuditEvent
from hangviet.core.pdf import soffice
from hangviet.exchange import consolidation, policy, qcvn125, services, transports, upward
from hangviet.exchange.models import Direction, Package, State
from hangviet.orgs.models import Role, Unit, UnitKind
from hangviet.orgs.services import role_grant
from hangviet.reporting import services as reporting
from hangviet.reporting.models import CopyState, Receipt

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed: skipped"),
]


@pytest.fixture
def front():
    return Unit.objects.get(kind=UnitKind.FRONT, agency_code="000.00.90.H55")


@pytest.fixture
def clerk(front):
    user = get_user_model().objects.create_user("vanthu", first_name="Lê Thị Mai")
    role_grant(by=None, user=user, role=Role.EDITOR, unit=front)
    return user


@pytest.fixture
def folders(tmp_path, plan2026, front):
    """Both ends in this installation, each partner with its folder pair; `carry` plays the
    integration platform, moving what one side wrote to the other side's incoming folder."""
    sender = plan2026.issuing_unit
    services.peer_save(
        by=None,
        agency_code=front.agency_code,
        name=front.name,
        transport="folder",
        address=str(tmp_path / "front"),
    )
    services.peer_save(
        by=None,
        agency_code=sender.agency_code,
        name=sender.name,
        transport="folder",
        address=str(tmp_path / "sender"),
    )

    def carry(source: str, target: str) -> list[Path]:
        outgoing = tmp_path / source / transports.OUTGOING
        incoming = tmp_path / target / transports.INCOMING
        incoming.mkdir(parents=True, exist_ok=True)
        moved = []
        for path in sorted(outgoing.iterdir()) if outgoing.exists() else []:
            moved.append(Path(shutil.move(path, incoming / path.name)))
        return moved

    return carry


def sign(plan, director):
    return reporting.consolidation_sign(plan=plan, period_code="2026H1", by=director)


def test_a_report_goes_out_comes_in_is_acknowledged_and_the_sender_sees_it(
    plan2026, director, keys, numbered, folders, clerk, front
):
    copy = sign(plan2026, director)
    out = services.copy_send(copy=copy, by=director)
    assert out.business == "new" and out.state == State.WAITING
    assert services.deliver_due() == (1, 0)
    out.refresh_from_db()
    assert out.state == State.SENT
    assert folders("front", "sender")  # the platform carries it
    call_command("exchange", "receive")
    incoming = Package.objects.get(direction=Direction.IN)
    assert incoming.state == State.ARRIVED and incoming.receiver == front
    assert incoming.document_sha256 == copy.sha256
    assert all(v["ok"] for v in incoming.verification) and len(incoming.verification) == 2
    assert {i["code"] for i in incoming.figures["indicators"]} >= {"articles", "loudspeaker"}
    # the arrival goes back as a status message; the sender reads it
    assert folders("sender", "front")
    call_command("exchange", "receive")
    out.refresh_from_db()
    assert out.state == State.ARRIVED
    services.package_acknowledge(package=incoming, by=clerk)
    call_command("exchange", "deliver")
    folders("sender", "front")
    call_command("exchange", "receive")
    out.refresh_from_db()
    assert out.state == State.RECEIVED
    assert out.events.filter(remote=True, state=State.RECEIVED).count() == 1
    # the report's own history (the sign page) knows it too, with its receipt
    assert reporting.state_of(copy) == CopyState.RECEIVED
    assert Receipt.objects.filter(copy=copy, unit=front).exists()
    assert AuditEvent.objects.filter(content_type__model="package").count() >= 4
    # progress, then done
    services.package_progress(package=incoming, state=State.DONE, by=clerk, note="Đã tổng hợp")
    call_command("exchange", "deliver")
    folders("sender", "front")
    call_command("exchange", "receive")
    out.refresh_from_db()
    assert out.state == State.DONE


def _pdf_changed(data: bytes) -> bytes:
    envelope = edxml.read(data)
    pdf = envelope.attachments[0].data
    position = pdf.index(b"/Contents <") + 40  # inside the signature's bytes
    changed = (
        pdf[:position]
        + (b"0" if pdf[position : position + 1] != b"0" else b"1")
        + pdf[position + 1 :]
    )
    return data.replace(base64.b64encode(pdf), base64.b64encode(changed))


def test_a_tampered_package_is_refused_with_its_reason_and_the_sender_is_told(
    plan2026, director, keys, numbered, folders
):
    out = services.copy_send(copy=sign(plan2026, director), by=director)
    result = services.receive(_pdf_changed(out.content()))
    assert services.receive(_pdf_changed(out.content())).state == "duplicate"
    assert result.state == State.REFUSED
    assert "chữ ký" in result.reason.lower()
    refused = Package.objects.get(direction=Direction.IN)
    assert refused.state == State.REFUSED and refused.problem == result.reason
    assert refused.figures == {}  # nothing of it is used
    message = refused.deliveries.get()
    assert edxml.read_status(bytes(message.status_message)).status == "refused"
    # the untouched package is received once, whatever number of times it comes
    first, second = services.receive(out.content()), services.receive(out.content())
    assert (first.state, second.state) == (State.ARRIVED, "duplicate")
    assert "không nhận lại" in second.reason
    assert Package.objects.filter(direction=Direction.IN).count() == 2


def test_bad_packages_are_refused_in_vietnamese_and_nothing_is_half_saved(
    plan2026, director, keys, numbered, folders, front, client
):
    out = services.copy_send(copy=sign(plan2026, director), by=director)
    data = out.content()
    cases = {
        b"<edXML><khong-dong": "không phải",
        data.replace(front.agency_code.encode(), b"000.00.99.H99"): "không phải là cơ quan",
        data.replace(b"<edXML:BussinessDocType>0<", b"<edXML:BussinessDocType>3<"): "chưa từng",
    }
    for bad, words in cases.items():
        result = services.receive(bad)
        assert result.state == State.REFUSED, words
        assert words in result.reason, (words, result.reason)
    assert Package.objects.filter(direction=Direction.IN).exclude(state=State.REFUSED).count() == 0
    assert Package.objects.filter(direction=Direction.IN, state=State.REFUSED).count() == 3
    # The HTTP door answers only a request signed with the partner's key, on time.
    sender = plan2026.issuing_unit
    services.peer_save(
        by=None,
        agency_code=sender.agency_code,
        name=sender.name,
        transport="http",
        address="http://127.0.0.1:9",
        secret="khoa-chung-bi-mat",
    )
    data = out.content()
    stamp = f"{time.time():.0f}"

    def post(secret: str, when: str = stamp, who: str = sender.agency_code):
        return client.post(
            "/lien-thong/nhan/",
            data=data,
            content_type="application/xml",
            headers={
                "X-Hangviet-Agency": who,
                "X-Hangviet-Time": when,
                "X-Hangviet-Signature": transports.signature(secret, when, data),
            },
        )

    assert post("sai-khoa").status_code == 401
    assert post("khoa-chung-bi-mat", when=f"{time.time() - 3600:.0f}").status_code == 401
    assert Package.objects.filter(direction=Direction.IN).count() == 3  # the three above
    answer = post("khoa-chung-bi-mat")
    assert answer.status_code == 200 and answer.json()["state"] == "arrived"
    assert post("khoa-chung-bi-mat").json()["state"] == "duplicate"
    # A package above Django's 2.5 MB for a request body in memory still comes in whole.
    settings_module = __import__("django.conf", fromlist=["settings"]).settings
    big = edxml.read(data)
    big.attachments.append(
        edxml.Attachment(
            name="phu-luc-lon.bin",
            content_type="application/octet-stream",
            data=b"\x00" * (settings_module.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
        )
    )
    big.document_id = ""
    data = edxml.write(big)
    answer = post("khoa-chung-bi-mat", when=f"{time.time():.0f}")
    # read whole and verified: the same signed document, so not received a second time
    assert answer.status_code == 200 and answer.json()["state"] == "duplicate"
    assert "văn bản này đã được nhận" in answer.json()["reason"].lower()


def test_a_replacement_supersedes_and_a_revocation_withdraws(
    plan2026, director, keys, numbered, folders, clerk
):
    first = services.copy_send(copy=sign(plan2026, director), by=director)
    assert services.receive(first.content()).state == State.ARRIVED
    second = services.copy_send(copy=sign(plan2026, director), by=director)
    assert second.business == "replace" and second.replaces == first
    first.refresh_from_db()
    assert first.state == State.REPLACED
    result = services.receive(second.content())
    assert result.state == State.ARRIVED
    old = Package.objects.get(direction=Direction.IN, document_sha256=first.document_sha256)
    assert old.state == State.REPLACED and result.package.replaces == old
    with pytest.raises(ValidationError, match="đã được gửi"):
        services.copy_send(copy=second.signed_copy, by=director)
    with pytest.raises(ValidationError, match="lý do"):
        services.copy_send(copy=second.signed_copy, by=director, business="revoke")
    revoke = services.copy_send(
        copy=second.signed_copy, by=director, business="revoke", reason="Sai số liệu mục II"
    )
    assert services.receive(revoke.content()).state == State.ARRIVED
    withdrawn = result.package
    withdrawn.refresh_from_db()
    assert withdrawn.state == State.REVOKED
    assert withdrawn.events.last().reason == "Sai số liệu mục II"
    # the revoked report counts for nothing, even acknowledged
    with pytest.raises(ValidationError):
        services.package_acknowledge(package=withdrawn, by=clerk)


def test_only_the_addressee_handles_and_only_the_signer_sends(
    plan2026, director, keys, numbered, folders, people, clerk, client_for
):
    copy = sign(plan2026, director)
    with pytest.raises(PermissionDenied):
        services.copy_send(copy=copy, by=people["alice"])
    out = services.copy_send(copy=copy, by=director)
    incoming = services.receive(out.content()).package
    for outsider in (people["alice"], people["carol"], director):
        with pytest.raises(PermissionDenied):
            services.package_acknowledge(package=incoming, by=outsider)
    with pytest.raises(Http404):
        policy.package_for(people["alice"], incoming.pk)
    assert client_for(people["alice"]).get(f"/lien-thong/{incoming.pk}/").status_code == 404
    page = client_for(clerk).get(f"/lien-thong/{incoming.pk}/")
    assert page.status_code == 200 and "Xác nhận đã nhận" in page.content.decode()
    response = client_for(clerk).post(f"/lien-thong/{incoming.pk}/", {"action": "acknowledge"})
    assert response.status_code == 302
    incoming.refresh_from_db()
    assert incoming.state == State.RECEIVED
    desk = client_for(director).get("/lien-thong/").content.decode()
    assert f"/lien-thong/{out.pk}/" in desk and f"/lien-thong/{incoming.pk}/" not in desk


def test_the_front_adds_up_what_it_acknowledged_latest_version_per_sender(
    plan2026, director, keys, numbered, folders, clerk, front
):
    first = services.copy_send(copy=sign(plan2026, director), by=director)
    arrived = services.receive(first.content()).package
    result = consolidation.received(front, "2026H1")
    assert result.lines == [] and result.waiting == [arrived]  # not counted before receipt
    services.package_acknowledge(package=arrived, by=clerk)
    figures = {i["code"]: i["value"] for i in arrived.figures["indicators"]}
    other = Package.objects.create(  # a second body's report, as another installation sent it
        direction=Direction.IN,
        business="new",
        sender_code="000.00.07.H55",
        sender_name="Sở Công Thương",
        receiver_code=front.agency_code,
        receiver=front,
        number="88/BC-SCT",
        sha256=hashlib.sha256(b"sct").hexdigest(),
        state=State.RECEIVED,
        figures={
            "period": {"code": "2026H1"},
            "indicators": [
                {"code": "articles", "value": 7},
                {"code": "khong-co-trong-danh-muc", "value": 3},
            ],
        },
    )
    result = consolidation.received(front, "2026H1")
    lines = {line.code: line for line in result.lines}
    assert lines["articles"].total == figures["articles"] + 7
    assert lines["articles"].by_sender["Sở Công Thương"] == 7
    assert result.outside == [("Sở Công Thương", "khong-co-trong-danh-muc", 3)]
    assert set(result.counted) == {arrived, other}
    body = result.as_figures()
    assert body["rule"] == "received" and len(body["sources"]) == 2
    page = __import__("django.test", fromlist=["Client"]).Client()
    page.force_login(clerk)
    html = page.get("/lien-thong/tong-hop/?ky=2026H1").content.decode()
    assert "Sở Công Thương" in html and "khong-co-trong-danh-muc" in html


def test_the_business_type_and_status_messages_read_back():
    party = edxml.Party(organ_id="000.00.90.H55", name="Ủy ban MTTQ tỉnh")
    status = edxml.Status(
        sender=party,
        organ_id="000.00.15.H55",
        document_id="x,2026/07/02,125/BC-SVHTTDL",
        code="125/BC-SVHTTDL",
        promulgated_on=None,
        status="refused",
        description="Thiếu phụ lục",
        staff="Lê Thị Mai",
        digest="ab" * 32,
    )
    back = edxml.read_status(edxml.write_status(status))
    assert (back.status, back.description, back.digest) == ("refused", "Thiếu phụ lục", "ab" * 32)
    assert b"<edXML:StatusCode>02</edXML:StatusCode>" in edxml.write_status(status)
    with pytest.raises(edxml.EdxmlError, match="Mã trạng thái"):
        edxml.read_status(b"<Status><Header/></Status>")
    assert json.loads(json.dumps(edxml.BUSINESS_CODES))["replace"] == 3


def test_the_report_as_national_reporting_packages_validates(
    plan2026, director, keys, numbered, folders, tmp_path
):
    copy = sign(plan2026, director)
    call_command("exchange", "send", "--copy", str(copy.pk), "--as", director.username)
    assert Package.objects.get(direction=Direction.OUT, signed_copy=copy).state == State.SENT
    call_command("exchange", "qcvn125", "--copy", str(copy.pk), "--out", str(tmp_path / "q"))
    written = {p.name: json.loads(p.read_text()) for p in (tmp_path / "q").iterdir()}
    assert set(written) == {
        "che-do-bao-cao.json",
        "danh-muc-ky-bao-cao.json",
        "danh-muc-chi-tieu.json",
        "so-lieu-bao-cao.json",
        "trang-thai-bao-cao.json",
    }
    for package in written.values():
        qcvn125.validate(package)  # the structure recorded in exchange/schemas
    figures = written["so-lieu-bao-cao.json"]
    signed = {i["code"]: i["value"] for i in copy.details["figures"]["indicators"]}
    assert {d["MaChiTieu"]: d["GiaTri"] for d in figures["DuLieu"]} == signed
    assert figures["VanBan"]["MaBam"] == copy.sha256 and figures["MaKy"] == "2026H1"
    catalogue = {i["MaChiTieu"] for i in written["danh-muc-chi-tieu.json"]["DanhSach"]}
    assert set(signed) <= catalogue
    assert written["trang-thai-bao-cao.json"]["LichSu"][0]["TrangThai"] == "DaGui"
    broken = dict(figures, DuLieu=[{"MaChiTieu": "articles", "GiaTri": -1}])
    with pytest.raises(qcvn125.Qcvn125Error, match="DuLieu"):
        qcvn125.validate(broken)


def test_the_front_signs_its_own_report_up_the_chain_and_the_centre_adds_it_up(
    settings, monkeypatch, tmp_path, plan2026, director, numbered, folders, clerk, front
):
    chairman = get_user_model().objects.create_user("chutich", first_name="Hoàng Văn Tuấn")
    role_grant(by=None, user=chairman, role=Role.HEAD, unit=front)
    issuer = plan2026.issuing_unit
    config = testkeys.write_demo_keys(
        tmp_path / "keys",
        agencies={
            issuer.agency_code: (issuer.name, "SVHTTDL"),
            front.agency_code: (front.name, "MTTQ"),
        },
        signers={director.username: "Nguyễn Thị Thu Hằng", "chutich": "Hoàng Văn Tuấn"},
    )
    settings.SIGNING_CONFIG = str(config)
    centre = Unit.objects.create(
        name="Ban Chỉ đạo Trung ương Cuộc vận động",
        kind=UnitKind.STEERING,
        agency_code="000.00.01.G12",
    )
    for code, name in ((centre.agency_code, centre.name), (front.agency_code, front.name)):
        services.peer_save(
            by=None,
            agency_code=code,
            name=name,
            transport="folder",
            address=str(tmp_path / code),
        )
    out = services.copy_send(copy=sign(plan2026, director), by=director)
    received = services.receive(out.content()).package
    arguments = dict(
        unit=front,
        period_code="2026H1",
        number="45/BC-MTTQ-BTT",
        dated=date(2026, 7, 10),
        receiver_code=centre.agency_code,
        place="Thái Nguyên",
        proposals="Đề nghị tăng kinh phí.",
    )
    with pytest.raises(ValidationError, match="Chưa tiếp nhận"):
        services.upward_sign(by=chairman, **arguments)
    services.package_acknowledge(package=received, by=clerk)
    with pytest.raises(PermissionDenied):
        services.upward_sign(by=clerk, **arguments)
    with pytest.raises(ValidationError, match="số, ký hiệu"):
        services.upward_sign(by=chairman, **{**arguments, "number": " "})
    up = services.upward_sign(by=chairman, **arguments)
    assert up.business == "new" and up.upward.version == 1
    pdf = up.upward.content()
    assert [c.ok and c.trusted for c in signing.verify(pdf, signing.trust_roots())] == [True] * 2
    assert "tăng kinh phí." in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    written = upward.document(
        consolidation.received(front, "2026H1"),
        number="45/BC-MTTQ-BTT",
        dated=date(2026, 7, 10),
        place="Thái Nguyên",
        addressee=centre.name,
        authority="TM. BAN THƯỜNG TRỰC",
        title="CHỦ TỊCH",
        signer_name="Hoàng Văn Tuấn",
        proposals="",
    )
    texts = [b.text for b in written.body]
    assert texts[0] == "I. TÌNH HÌNH TIẾP NHẬN BÁO CÁO" and "III. KIẾN NGHỊ, ĐỀ XUẤT" not in texts
    assert any(out.number in t and "Sở Văn hóa" in t for t in texts)
    table = next(b for b in written.body if b.kind == "table")
    assert len(table.rows) == 1 + len(received.figures["indicators"])
    # The centre (here the same database) receives it, verifies it and adds it up.
    arrived = services.receive(up.content())
    assert arrived.state == State.ARRIVED and arrived.package.receiver == centre
    assert arrived.package.figures["rule"] == "received"
    services.package_acknowledge(package=arrived.package, by=_clerk_of(centre))
    totals = {line.code: line.total for line in consolidation.received(centre, "2026H1").lines}
    sent = {i["code"]: i["value"] for i in out.signed_copy.details["figures"]["indicators"]}
    assert totals == {code: value for code, value in sent.items()}
    again = services.upward_sign(by=chairman, **{**arguments, "number": "46/BC-MTTQ-BTT"})
    assert again.business == "replace" and again.replaces == up and again.upward.version == 2


def _clerk_of(unit):
    user = get_user_model().objects.create_user(f"vt{unit.pk}")
    role_grant(by=None, user=user, role=Role.EDITOR, unit=unit)
    return user
