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
