"""Test world shared by every app.

The registry of Thái Nguyên (loaded from the official packages, with the demo bodies) is built
once per test database; each test runs in a transaction rolled back at its end.

People, as in every permission test here:
- alice: editor of Xã Tân Cương (the owner of the data under test)
- bob: editor of Xã Phú Đình, a sibling commune
- charlie: signed in, no role at all (an outsider)
- carol: coordinator (province-wide); hank: head of Xã Tân Cương; vera: viewer of the province
"""

import os
import shutil

import pytest
from django.contrib.auth import get_user_model

from hangviet.orgs.models import Role
from hangviet.orgs.services import role_grant

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Browser tests use a live server whose database is flushed afterwards: run them last.
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)
    if CHROMIUM is None:
        skip = pytest.mark.skip(reason="Debian's chromium is not installed: browser test skipped")
        for item in items:
            if item.get_closest_marker("e2e"):
                item.add_marker(skip)


def pytest_report_header(config: pytest.Config) -> str:
    db = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    browser = CHROMIUM or "not found — end-to-end tests will be SKIPPED"
    return f"hangviet: database {db}; chromium {browser}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from hangviet.orgs import demo

    with django_db_blocker.unblock():
        demo.build_registry()


@pytest.fixture
def world(db):
    """Return the demo registry's key units."""
    from hangviet.orgs.admin_units import REFORM_DATE
    from hangviet.orgs.demo import PROVINCE_CODE
    from hangviet.orgs.models import Unit, UnitKind

    def commune(code: str) -> Unit:
        return Unit.objects.get(code=code, kind=UnitKind.COMMUNE_PC, valid_from=REFORM_DATE)

    if not Unit.objects.filter(code=PROVINCE_CODE, kind=UnitKind.PROVINCE_PC).exists():
        # An earlier transactional test flushed the database: put back what the data
        # migrations and the session set-up had put there.
        import importlib

        from django.apps import apps

        from hangviet.orgs import demo

        for module, function in (
            ("hangviet.plans.migrations.0002_builtin_channels", "add_channels"),
            ("hangviet.monitoring.migrations.0002_default_lexicon", "seed"),
        ):
            getattr(importlib.import_module(module), function)(apps, None)
        demo.build_registry()
    province = Unit.objects.get(code=PROVINCE_CODE, kind=UnitKind.PROVINCE_PC)
    return {
        "province": province,
        "commune": commune("05503"),
        "sibling": commune("05602"),
        "industry": Unit.objects.get(name="Sở Công Thương"),
        "division": Unit.objects.get(name="Phòng Báo chí – Xuất bản – Thông tin cơ sở"),
        "bac_kan": Unit.objects.get(code="06", kind=UnitKind.PROVINCE_PC),
    }


def _user(username: str):
    return get_user_model().objects.create_user(username, password="correct-horse-42")


@pytest.fixture
def people(world):
    alice, bob, charlie = _user("alice"), _user("bob"), _user("charlie")
    carol, hank, vera = _user("carol"), _user("hank"), _user("vera")
    role_grant(by=None, user=alice, role=Role.EDITOR, unit=world["commune"])
    role_grant(by=None, user=bob, role=Role.EDITOR, unit=world["sibling"])
    role_grant(by=None, user=carol, role=Role.COORDINATOR, unit=world["division"])
    role_grant(by=None, user=hank, role=Role.HEAD, unit=world["commune"])
    role_grant(by=None, user=vera, role=Role.VIEWER, unit=world["province"])
    return {
        "alice": alice,
        "bob": bob,
        "charlie": charlie,
        "carol": carol,
        "hank": hank,
        "vera": vera,
    }


@pytest.fixture
def client_for(client):
    """Return a function that signs a fresh test client in as the given user."""
    from django.test import Client

    def make(user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _no_signing_keys(settings):
    """No test signs with keys of the machine it runs on; a test that signs makes its own."""
    settings.SIGNING_CONFIG = ""
