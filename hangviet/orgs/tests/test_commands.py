import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from hangviet.orgs.models import RoleAssignment

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_grant_creates_the_user_with_an_unusable_password(world):
    output = run("grant", "newclerk", "editor", "05503")
    user = get_user_model().objects.get(username="newclerk")
    assert not user.has_usable_password()
    assert RoleAssignment.objects.filter(user=user, role="editor", unit=world["commune"]).exists()
    assert "UBND xã Tân Cương" in output
    run("grant", "newclerk", "editor", "05503")  # idempotent
    assert RoleAssignment.objects.filter(user=user).count() == 1


def test_grant_by_id(world):
    run("grant", "idclerk", "viewer", f"id:{world['sibling'].pk}")
    assert RoleAssignment.objects.filter(user__username="idclerk", unit=world["sibling"]).exists()


@pytest.mark.parametrize(("role", "unit"), [("editor", "99999"), ("emperor", "05503")])
def test_grant_refuses_bad_input_and_saves_nothing(world, role, unit):
    with pytest.raises(CommandError):
        run("grant", "ghost", role, unit)
    assert not get_user_model().objects.filter(username="ghost").exists()


def test_api_token_prints_a_working_token_on_its_last_line(world, people):
    output = run("api_token", "alice")
    token = output.strip().splitlines()[-1]
    c = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert c.get("/api/v1/units/?limit=1").status_code == 200


def test_api_token_for_unknown_user_fails(world):
    with pytest.raises(CommandError):
        run("api_token", "nobody")


def test_load_admin_units_unknown_province_fails(world):
    with pytest.raises(CommandError):
        run("load_admin_units", "--province", "00")


def test_demo_refuses_without_debug(world, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        run("demo")


def test_demo_is_idempotent(world, settings):
    from hangviet.orgs.models import Unit, UnitSuccession

    settings.DEBUG = True
    output = run("demo")
    assert "dieuphoi" in output and "hangviet-demo" in output
    counts = (
        Unit.objects.count(),
        UnitSuccession.objects.count(),
        get_user_model().objects.count(),
        RoleAssignment.objects.count(),
    )
    run("demo")
    assert counts == (
        Unit.objects.count(),
        UnitSuccession.objects.count(),
        get_user_model().objects.count(),
        RoleAssignment.objects.count(),
    )


def test_load_coordinates_sets_seats_and_is_audited(world, tmp_path):
    from hangviet.core.models import AuditEvent

    good = tmp_path / "toa-do.csv"
    good.write_text("Mã;Vĩ độ;Kinh độ\n05503;21,5931;105,7860\n05602;21.61;105.81\n\n", "utf-8-sig")
    assert "2" in run("load_coordinates", str(good))
    world["commune"].refresh_from_db()
    assert (world["commune"].latitude, world["commune"].longitude) == (21.5931, 105.786)
    assert AuditEvent.objects.filter(object_id=str(world["commune"].pk)).exists()
    assert "0" in run("load_coordinates", str(good))  # the same file again changes nothing


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("code,latitude,longitude\n05503,21.59,105.78\n05602,95,105\n", "Việt Nam"),
        ("code,latitude,longitude\n05503,21.59,105.78\n99999,21.6,105.8\n", "99999"),
        ("code,latitude,longitude\n05503,north,east\n", "Dòng 2"),
        ("name,lat\nTân Cương,21.5\n", "code, latitude, longitude"),
    ],
)
def test_load_coordinates_refuses_a_bad_file_and_changes_nothing(world, tmp_path, content, words):
    bad = tmp_path / "bad.csv"
    bad.write_text(content, "utf-8")
    with pytest.raises(CommandError) as info:
        run("load_coordinates", str(bad))
    assert words in str(info.value)
    world["commune"].refresh_from_db()
    assert world["commune"].latitude is None


def test_load_coordinates_refuses_a_file_that_is_not_utf8(world, tmp_path):
    bad = tmp_path / "latin.csv"
    bad.write_bytes("code,latitude,longitude\n05503,21.5,105.8 Tân\n".encode("cp1258"))
    with pytest.raises(CommandError, match="UTF-8"):
        run("load_coordinates", str(bad))
