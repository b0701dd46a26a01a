import pytest

from hangviet.core.models import AuditEvent
from hangviet.core.text import fold, format_date_long, format_number, nfc
from hangviet.orgs.services import unit_update


def test_fold_handles_d_and_nfd():
    import unicodedata

    assert fold("Đường Đồng Hỷ") == "duong dong hy"
    assert fold(unicodedata.normalize("NFD", "Chè Tân Cương")) == "che tan cuong"
    assert nfc(unicodedata.normalize("NFD", "Ủy")) == "Ủy"


def test_vietnamese_formats():
    from datetime import date

    assert format_number(1234567) == "1.234.567"
    assert format_number(12.5, 1) == "12,5"
    assert format_date_long(date(2022, 6, 4)) == "ngày 04 tháng 6 năm 2022"
    assert format_date_long(date(2022, 2, 11)) == "ngày 11 tháng 02 năm 2022"


@pytest.mark.django_db
def test_service_update_is_audited_with_a_diff(world, people):
    unit_update(unit=world["commune"], by=people["carol"], email="a@b.vn")
    event = AuditEvent.objects.filter(unit=world["commune"]).first()
    assert event.action == "update"
    assert event.actor == people["carol"]
    assert event.changes == {"email": ["", "a@b.vn"]}


@pytest.mark.django_db
def test_update_without_change_writes_no_event(world, people):
    before = AuditEvent.objects.count()
    unit_update(unit=world["commune"], by=people["carol"], email="")
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_admin_edits_are_audited(world, django_user_model, client):
    admin = django_user_model.objects.create_superuser("root", "root@x.vn", "pw-long-enough")
    client.force_login(admin)
    unit = world["sibling"]
    response = client.get(f"/admin/orgs/unit/{unit.pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(
        {
            "email": "phudinh@thainguyen.gov.vn",
            "is_mountainous": "on",
            "successions-TOTAL_FORMS": "0",
            "successions-INITIAL_FORMS": "0",
        }
    )
    for flag in ("is_remote", "is_ethnic_minority", "is_dense", "is_mountainous"):
        if not data.get(flag):
            data.pop(flag, None)
    data["valid_from"] = "2025-07-01"
    data["valid_to"] = ""
    data["parent"] = unit.parent_id
    response = client.post(f"/admin/orgs/unit/{unit.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(unit=unit, actor=admin).first()
    assert event is not None and event.changes["email"][1] == "phudinh@thainguyen.gov.vn"


@pytest.mark.django_db
def test_health_endpoint(client):
    assert client.get("/healthz").json()["status"] == "ok"


@pytest.mark.django_db
def test_content_security_policy_has_no_unsafe_inline(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "frame-ancestors *" in client.get("/tin-tuc/nhung/").headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_for_a_while(client, django_user_model):
    django_user_model.objects.create_user("lan", password="dung-mat-khau-1")
    for _ in range(4):
        page = client.post("/dang-nhap/", {"username": "lan", "password": "sai"})
        assert page.status_code == 200
    fifth = client.post("/dang-nhap/", {"username": "lan", "password": "sai"})
    assert fifth.status_code == 429  # the fifth wrong password already says so
    locked = client.post("/dang-nhap/", {"username": "lan", "password": "dung-mat-khau-1"})
    assert locked.status_code == 429 and "15 phút" in locked.content.decode()
    other = client.post("/dang-nhap/", {"username": "someone", "password": "x"})
    assert "15 phút" not in other.content.decode()


def test_check_deploy_is_clean_with_production_settings():
    import os
    import secrets
    import subprocess
    import sys

    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "hangviet.example.vn",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set only for the browser tests
    result = subprocess.run(
        [sys.executable, "-m", "hangviet", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
