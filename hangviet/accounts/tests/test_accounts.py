"""Two-step sign-in, its enforcement by role, and API tokens scoped to units."""

import re
import time

import pyotp
import pytest
from django.test import Client

from hangviet.accounts import services
from hangviet.accounts.models import TotpDevice
from hangviet.orgs.models import ApiToken

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-42"


def enrol(client: Client) -> TotpDevice:
    client.get("/tai-khoan/xac-thuc-hai-buoc/")
    device = TotpDevice.objects.get()
    page = client.post("/tai-khoan/xac-thuc-hai-buoc/", {"code": pyotp.TOTP(device.secret).now()})
    codes = re.findall(r"<code>([0-9a-f]{4}-[0-9a-f]{4})</code>", page.content.decode())
    assert len(codes) == 8
    device.refresh_from_db()
    assert device.confirmed
    device.codes = codes  # type: ignore[attr-defined]
    return device


def test_enrol_then_sign_in_needs_the_code_once(people):
    alice = Client()
    alice.force_login(people["alice"])
    page = alice.get("/tai-khoan/xac-thuc-hai-buoc/").content.decode()
    assert "<svg" in page  # the QR code, drawn on the server
    device = enrol(alice)
    fresh = Client()
    step1 = fresh.post("/dang-nhap/", {"username": "alice", "password": PASSWORD})
    assert step1.status_code == 302 and step1["Location"] == "/tai-khoan/ma-dang-nhap/"
    assert fresh.get("/hoat-dong/").status_code == 302  # not signed in yet
    wrong = fresh.post("/tai-khoan/ma-dang-nhap/", {"code": "000000"})
    assert "không đúng" in wrong.content.decode()
    # The code shown at enrolment was used; the app's next code (30 s later) is accepted.
    code = pyotp.TOTP(device.secret).at(time.time() + 30)
    assert fresh.post("/tai-khoan/ma-dang-nhap/", {"code": code}).status_code == 302
    assert fresh.get("/hoat-dong/").status_code == 200
    # The same code never works twice (replay), a recovery code works once.
    other = Client()
    other.post("/dang-nhap/", {"username": "alice", "password": PASSWORD})
    assert "không đúng" in other.post("/tai-khoan/ma-dang-nhap/", {"code": code}).content.decode()
    assert other.post("/tai-khoan/ma-dang-nhap/", {"code": device.codes[0]}).status_code == 302
    third = Client()
    third.post("/dang-nhap/", {"username": "alice", "password": PASSWORD})
    third.post("/tai-khoan/ma-dang-nhap/", {"code": device.codes[0]})
    assert third.get("/hoat-dong/").status_code == 302


def test_too_many_wrong_codes_send_back_to_the_password(people):
    alice = Client()
    alice.force_login(people["alice"])
    enrol(alice)
    fresh = Client()
    fresh.post("/dang-nhap/", {"username": "alice", "password": PASSWORD})
    for _ in range(5):
        last = fresh.post("/tai-khoan/ma-dang-nhap/", {"code": "123456"})
    assert last.status_code == 302 and last["Location"] == "/dang-nhap/"


def test_a_role_can_require_it(people, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["coordinator"]
    carol = Client()
    carol.force_login(people["carol"])
    response = carol.get("/bao-cao/")
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/xac-thuc-hai-buoc/"
    device = enrol(carol)
    assert carol.get("/bao-cao/").status_code == 200
    with pytest.raises(Exception, match="không thể tắt|cannot be turned off"):
        services.disable(people["carol"], pyotp.TOTP(device.secret).at(time.time() + 30))
    alice = Client()
    alice.force_login(people["alice"])
    assert alice.get("/hoat-dong/").status_code == 200  # an editor is not asked


def test_tokens_are_listed_scoped_to_units_and_revocable(people, world):
    from hangviet.orgs.models import Role
    from hangviet.orgs.services import role_grant

    role_grant(by=None, user=people["alice"], role=Role.EDITOR, unit=world["sibling"])
    alice = Client()
    alice.force_login(people["alice"])
    page = alice.post("/tai-khoan/", {"name": "Phần mềm đài xã", "units": [world["commune"].pk]})
    secret = re.search(r"(hv_[A-Za-z0-9_\-]+)", page.content.decode()).group(1)
    token = ApiToken.objects.get(name="Phần mềm đài xã")
    assert token.key_hash != secret and list(token.units.all()) == [world["commune"]]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get(f"/api/v1/units/{world['commune'].pk}/").status_code == 200
    listed = api.get("/api/v1/activities/").json()
    assert all(row["unit"]["id"] == world["commune"].pk for row in listed.get("items", []))
    # The token cannot act for the other unit alice holds a role in.
    from datetime import date

    created = api.post(
        "/api/v1/activities/",
        {
            "unit": world["sibling"].pk,
            "channel": "commune_radio",
            "kind": "loudspeaker",
            "title": "Bản tin",
            "date": date(2026, 3, 2).isoformat(),
        },
        content_type="application/json",
    )
    assert created.status_code == 403
    # A unit that is not hers is refused when creating a token.
    refused = alice.post("/tai-khoan/", {"name": "x", "units": [world["industry"].pk]})
    assert refused.status_code == 200 and not ApiToken.objects.filter(name="x").exists()
    assert "Phần mềm đài xã" in alice.get("/tai-khoan/").content.decode()
    alice.post(f"/tai-khoan/ma-truy-cap/{token.pk}/thu-hoi/")
    assert api.get("/api/v1/activities/").status_code == 401
    bob = Client()
    bob.force_login(people["bob"])
    assert bob.post(f"/tai-khoan/ma-truy-cap/{token.pk}/thu-hoi/").status_code == 404


def _activity(unit_id: int) -> dict:
    return {
        "unit": unit_id,
        "channel": "commune_radio",
        "kind": "loudspeaker",
        "title": "Bản tin hàng Việt",
        "date": "2026-03-02",
    }


def test_before_enrolment_a_required_user_may_only_enrol_or_sign_out(people, world, settings):
    from hangviet.activities.models import Activity

    settings.TWO_FACTOR_REQUIRED_ROLES = ["editor"]
    alice = Client()
    alice.force_login(people["alice"])  # the password only
    created = alice.post(
        "/api/v1/activities/", _activity(world["commune"].pk), content_type="application/json"
    )
    assert created.status_code == 403 and "hai bước" in created.json()["detail"]
    assert alice.get("/api/v1/units/").status_code == 403
    assert not Activity.objects.exists()
    minted = alice.post("/tai-khoan/", {"name": "vượt rào", "units": [world["commune"].pk]})
    assert minted.status_code == 302 and minted["Location"] == "/tai-khoan/xac-thuc-hai-buoc/"
    assert not ApiToken.objects.exists()
    assert alice.get("/tai-khoan/xac-thuc-hai-buoc/").status_code == 200
    assert alice.post("/dang-xuat/").status_code == 302


def test_a_token_minted_before_enrolment_never_works_for_a_required_user(people, world, settings):
    from hangviet.activities.models import Activity

    alice = Client()
    alice.force_login(people["alice"])
    page = alice.post("/tai-khoan/", {"name": "cũ", "units": [world["commune"].pk]})
    old = re.search(r"(hv_[A-Za-z0-9_\-]+)", page.content.decode()).group(1)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {old}")
    assert api.get("/api/v1/activities/").status_code == 200  # no second factor required yet
    settings.TWO_FACTOR_REQUIRED_ROLES = ["editor"]
    refused = api.post(
        "/api/v1/activities/", _activity(world["commune"].pk), content_type="application/json"
    )
    assert refused.status_code == 401 and "hai bước" in refused.json()["detail"]
    enrol(alice)  # this session proved the code: it may mint tokens now
    assert api.get("/api/v1/activities/").status_code == 401  # the old token stays refused
    page = alice.post("/tai-khoan/", {"name": "mới", "units": [world["commune"].pk]})
    new = re.search(r"(hv_[A-Za-z0-9_\-]+)", page.content.decode()).group(1)
    assert ApiToken.objects.get(name="mới").second_factor
    fresh = Client(HTTP_AUTHORIZATION=f"Bearer {new}")
    created = fresh.post(
        "/api/v1/activities/", _activity(world["commune"].pk), content_type="application/json"
    )
    assert created.status_code == 201 and Activity.objects.count() == 1


def test_a_session_without_the_code_cannot_mint_a_token_for_an_enrolled_user(people, world):
    alice = Client()
    alice.force_login(people["alice"])
    enrol(alice)
    other = Client()
    other.force_login(people["alice"])  # e.g. a session opened before enrolment
    page = other.post("/tai-khoan/", {"name": "lén", "units": [world["commune"].pk]})
    assert "đăng nhập lại" in page.content.decode() and not ApiToken.objects.exists()


def test_the_lockout_counts_the_name_as_django_checks_it(django_user_model):
    # "ｐrobe1" (a full-width p) is "probe1" once normalised (NFKC); so is "PROBE1" case-folded.
    django_user_model.objects.create_user("probe1", password=PASSWORD)
    guesser = Client()
    answers = [
        guesser.post("/dang-nhap/", {"username": "probe1", "password": "sai"}).status_code
        for _ in range(5)
    ]
    assert answers == [200, 200, 200, 200, 429]
    for name in ("ｐrobe1", "pｒobe1", "PROBE1"):
        again = guesser.post("/dang-nhap/", {"username": name, "password": PASSWORD})
        assert again.status_code == 429 and "15 phút" in again.content.decode()
    assert guesser.get("/hoat-dong/").status_code == 302  # never signed in


def test_a_stranger_cannot_keep_someone_else_locked_out(django_user_model):
    django_user_model.objects.create_user("lan", password=PASSWORD)
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(6):
        stranger.post("/dang-nhap/", {"username": "lan", "password": "sai"})
    assert (
        stranger.post("/dang-nhap/", {"username": "lan", "password": PASSWORD}).status_code == 429
    )
    owner = Client(REMOTE_ADDR="198.51.100.7")
    signed_in = owner.post("/dang-nhap/", {"username": "lan", "password": PASSWORD})
    assert signed_in.status_code == 302 and owner.get("/hoat-dong/").status_code == 200


def test_each_further_lockout_lasts_twice_as_long(django_user_model):
    from datetime import timedelta

    from axes.models import AccessAttempt, AccessFailureLog
    from django.utils import timezone

    django_user_model.objects.create_user("lan", password=PASSWORD)
    guesser = Client()
    for _ in range(5):
        guesser.post("/dang-nhap/", {"username": "lan", "password": "sai"})
    assert (
        "15 phút"
        in guesser.post("/dang-nhap/", {"username": "lan", "password": PASSWORD}).content.decode()
    )
    # The quarter of an hour passes; five more wrong guesses lock for half an hour.
    past = timezone.now() - timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=past)
    AccessFailureLog.objects.update(attempt_time=past)
    for _ in range(5):
        guesser.post("/dang-nhap/", {"username": "lan", "password": "sai"})
    locked = guesser.post("/dang-nhap/", {"username": "lan", "password": PASSWORD})
    assert locked.status_code == 429 and "30 phút" in locked.content.decode()


def test_behind_a_declared_proxy_each_client_address_has_its_own_limit(django_user_model, settings):
    django_user_model.objects.create_user("lan", password=PASSWORD)
    settings.TRUST_X_FORWARDED_FOR = True
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    guesser = Client(HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    for _ in range(5):
        guesser.post("/dang-nhap/", {"username": "lan", "password": "sai"})
    assert guesser.post("/dang-nhap/", {"username": "lan", "password": PASSWORD}).status_code == 429
    # A forged left-most address does not escape: the proxy's own entry is the right-most.
    forged = Client(HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", **proxy)
    assert forged.post("/dang-nhap/", {"username": "lan", "password": PASSWORD}).status_code == 429
    owner = Client(HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert owner.post("/dang-nhap/", {"username": "lan", "password": PASSWORD}).status_code == 302
    # Without the setting the header is ignored: everyone behind the proxy is one address.
    settings.TRUST_X_FORWARDED_FOR = False
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()
    for _ in range(5):
        Client(HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).post(
            "/dang-nhap/", {"username": "lan", "password": "sai"}
        )
    other = Client(HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert other.post("/dang-nhap/", {"username": "lan", "password": PASSWORD}).status_code == 429


def test_wrong_codes_are_counted_on_the_account_not_the_sign_in(people):
    from datetime import timedelta

    from django.utils import timezone

    from hangviet.core.models import AuditEvent

    alice = Client()
    alice.force_login(people["alice"])
    device = enrol(alice)
    # Each new password sign-in used to give five fresh guesses; now the account keeps count.
    wrong = 0
    for _attempt in range(3):
        fresh = Client()
        fresh.post("/dang-nhap/", {"username": "alice", "password": PASSWORD})
        for _ in range(2):
            fresh.post("/tai-khoan/ma-dang-nhap/", {"code": f"{wrong:06d}"})
            wrong += 1
    device.refresh_from_db()
    assert device.failures == 5 and device.locked_until is not None
    assert AuditEvent.objects.filter(note="wrong two-step sign-in code").count() == 5
    # Locked: even the right code is not checked until the wait is over.
    fresh = Client()
    fresh.post("/dang-nhap/", {"username": "alice", "password": PASSWORD})
    right = pyotp.TOTP(device.secret).at(time.time() + 30)
    refused = fresh.post("/tai-khoan/ma-dang-nhap/", {"code": right}, follow=True)
    assert "quá nhiều lần" in refused.content.decode()
    assert fresh.get("/hoat-dong/").status_code == 302
    # Each further wrong code doubles the wait.
    device.refresh_from_db()
    first_wait = device.locked_until - timezone.now()
    assert timedelta(seconds=20) < first_wait <= timedelta(seconds=30)
    type(device).objects.filter(pk=device.pk).update(locked_until=None)
    fresh.post("/dang-nhap/", {"username": "alice", "password": PASSWORD})
    fresh.post("/tai-khoan/ma-dang-nhap/", {"code": "999999"})
    device.refresh_from_db()
    assert timedelta(seconds=50) < device.locked_until - timezone.now() <= timedelta(seconds=60)
    # Once the wait is over the right code works and the count starts again.
    type(device).objects.filter(pk=device.pk).update(locked_until=None)
    fresh.post("/dang-nhap/", {"username": "alice", "password": PASSWORD})
    assert fresh.post("/tai-khoan/ma-dang-nhap/", {"code": right}).status_code == 302
    device.refresh_from_db()
    assert device.failures == 0
