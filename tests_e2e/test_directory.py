import pytest
from playwright.sync_api import expect

from tests_e2e.conftest import PHONE, shot

pytestmark = pytest.mark.e2e


def test_a_consumer_finds_tea_without_accents_and_where_to_buy_it(e2e_world, live_server, browser):
    from hangviet.directory.demo import build_directory

    build_directory()
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/hang-viet/")
    page.get_by_label("Tìm kiếm").fill("che bup tan cuong")
    page.get_by_role("button", name="Tìm kiếm").click()
    shot(page, "directory-search-phone")
    page.get_by_role("link", name="Chè búp Tân Cương").first.click()
    expect(page.get_by_role("heading", name="Chè búp Tân Cương")).to_be_visible()
    expect(page.get_by_text("OCOP 4★")).to_be_visible()
    shop = page.locator("section", has_text="Nơi bán").get_by_role("link").first
    shop_name = shop.inner_text()
    shot(page, "directory-product-phone")
    page.get_by_role("link", name="Xem trên bản đồ").click()
    # No tile server here: the map hides itself and the list of places remains.
    expect(page.locator(".place-list").get_by_role("link", name=shop_name)).to_be_visible()
    shot(page, "directory-map-phone")
