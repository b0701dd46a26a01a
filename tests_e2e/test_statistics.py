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
    expect(page.locator(".chart-wide svg.chart")).to_have_count(6)
    expect(page.locator("p.lead", has_text="hoạt động đã xác nhận")).to_be_visible()
    expect(page.locator(".kpi").first).to_be_visible()
    shot(page, "statistics-desktop")
    phone = browser.new_page(viewport=PHONE)
    login(phone, live_server.url, "bientapxa")
    phone.goto(f"{live_server.url}/thong-ke/?ky=2026H1")
    expect(phone.locator(".chart-narrow svg.chart").first).to_be_visible()
    shot(phone, "statistics-phone")


def test_the_coverage_map_draws_communes_with_coordinates_without_tiles(
    e2e_world, live_server, browser
):
    """No tile server is reachable here: the map still shows the communes that have
    coordinates, as coloured circles, above the grid of every commune."""
    from hangviet.activities.demo import build_activities
    from hangviet.orgs.models import Unit

    build_activities(e2e_world["plans"])
    communes = Unit.objects.filter(kind="commune_pc", valid_to__isnull=True).order_by("pk")[:12]
    for i, commune in enumerate(communes):
        Unit.objects.filter(pk=commune.pk).update(
            latitude=21.4 + i * 0.04, longitude=105.7 + (i % 4) * 0.1
        )
    page = browser.new_page(viewport=DESKTOP)
    login(page, live_server.url, "dieuphoi")
    page.goto(f"{live_server.url}/thong-ke/pham-vi/?ky=2026H1&ban-do=nay")
    expect(page.locator("#coverage-map")).to_be_visible()
    expect(page.locator("#coverage-map path.leaflet-interactive")).to_have_count(12)
    expect(page.locator("table.coverage tbody tr").first).to_be_visible()
    shot(page, "coverage-map-desktop")
    phone = browser.new_page(viewport=PHONE)
    login(phone, live_server.url, "dieuphoi")
    phone.goto(f"{live_server.url}/thong-ke/pham-vi/?ky=2026H1")
    expect(phone.locator("#coverage-map path.leaflet-interactive")).to_have_count(12)
    shot(phone, "coverage-map-phone")


def test_a_unit_name_in_a_map_tooltip_is_text_not_html(e2e_world, live_server, browser):
    from hangviet.activities.demo import build_activities
    from hangviet.orgs.models import Unit

    build_activities(e2e_world["plans"])
    commune = Unit.objects.filter(kind="commune_pc", valid_to__isnull=True).order_by("pk").first()
    Unit.objects.exclude(pk=commune.pk).update(latitude=None, longitude=None)
    hostile = '<img src=x id="tiem">Xã thử'
    Unit.objects.filter(pk=commune.pk).update(
        latitude=21.6, longitude=105.8, name=hostile, short_name=hostile, area_name=hostile
    )
    page = browser.new_page(viewport=DESKTOP)
    login(page, live_server.url, "dieuphoi")
    page.goto(f"{live_server.url}/thong-ke/pham-vi/?ky=2026H1&ban-do=nay")
    page.locator("#coverage-map path.leaflet-interactive").first.hover()
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text('<img src=x id="tiem">')
    expect(page.locator("#tiem")).to_have_count(0)
