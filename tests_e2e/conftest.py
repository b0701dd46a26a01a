"""Browser tests: Playwright driving Debian's chromium (never a downloaded browser)."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CHROMIUM

# Playwright's sync API keeps an event loop in this thread; the ORM calls made by fixtures
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def e2e_world(transactional_db):
    """The demo registry and users; rebuilt because live-server tests flush the database."""
    import importlib

    from django.apps import apps

    from hangviet.orgs import demo
    from hangviet.orgs.models import Unit
    from hangviet.plans.models import Channel

    if not Channel.objects.exists():  # a live-server test before this one flushed the tables
        importlib.import_module("hangviet.plans.migrations.0002_builtin_channels").add_channels(
            apps, None
        )
    if not Unit.objects.filter(code=demo.PROVINCE_CODE).exists():
        demo.build_registry()
    units = demo.build_registry()
    demo.build_users(units)
    from hangviet.plans.demo import build_plans

    units["plans"] = build_plans()
    return units


@pytest.fixture
def browser() -> Iterator:  # type: ignore[type-arg]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
