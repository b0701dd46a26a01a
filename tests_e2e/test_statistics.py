import pytest
from playwright.sync_api import expect

from tests_e2e.conftest import DESKTOP, PHONE, shot
from tests_e2e.test_foundation import login

pytestmark = pytest.mark.e2e


def test_the_coordinator_reads_the_half_year_in_charts(e2e_world, live_server, browser):
    from hangviet.activities.demo import build_activities

    build_activities(e2e_world["plans"])
    page = browser.new_page(viewport=DESKTOP)
    login(page, live_server.url, "dieuphoi")
    page.goto(f"{live_server.url}/thong-ke/?ky=2026H1")
    expect(page.locator("svg.chart")).to_have_count(5)
    expect(page.get_by_text("hoạt động đã xác nhận")).to_be_visible()
    shot(page, "statistics-desktop")
    phone = browser.new_page(viewport=PHONE)
    login(phone, live_server.url, "bientapxa")
    phone.goto(f"{live_server.url}/thong-ke/?ky=2026H1")
    expect(phone.locator("svg.chart").first).to_be_visible()
    shot(phone, "statistics-phone")
