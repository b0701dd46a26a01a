import pytest
from playwright.sync_api import expect

from hangviet.orgs.demo import DEMO_PASSWORD
from tests_e2e.conftest import DESKTOP, PHONE, shot

pytestmark = pytest.mark.e2e


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_commune_editor_signs_in_on_a_phone_and_finds_units(e2e_world, live_server, browser):
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url)
    shot(page, "home-phone")
    login(page, live_server.url, "bientapxa")
    page.get_by_text("Vai trò của bạn").wait_for()
    assert page.get_by_role("link", name="UBND xã Tân Cương").is_visible()
    shot(page, "home-signed-in-phone")
    page.get_by_role("link", name="Đơn vị").click()
    page.get_by_label("Tìm kiếm").fill("tan cuong")
    # htmx swaps in the matches as the user types; today's map by default.
    expect(page.locator("#unit-rows tbody tr")).to_have_count(1)
    shot(page, "units-search-phone")
    page.get_by_role("link", name="UBND xã Tân Cương").first.click()
    page.get_by_text("Hình thành từ").wait_for()
    assert page.get_by_role("link", name="Xã Thịnh Đức").first.is_visible()
    shot(page, "unit-detail-phone")


def test_wrong_password_is_refused_in_vietnamese(e2e_world, live_server, browser):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("bientapxa")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng").is_visible()


def test_coordinator_on_desktop_sees_history(e2e_world, live_server, browser):
    page = browser.new_page(viewport=DESKTOP)
    login(page, live_server.url, "dieuphoi")
    page.get_by_text("Vai trò của bạn").wait_for()
    province = e2e_world["province"]
    page.goto(f"{live_server.url}/don-vi/{province.pk}/?on=2022-06-01")
    page.get_by_text("Huyện Đại Từ").first.wait_for()
    shot(page, "province-2022-desktop")
    page.goto(f"{live_server.url}/don-vi/{e2e_world['commune'].pk}/lich-su/")
    page.get_by_role("heading", name="Lịch sử thay đổi").wait_for()
    shot(page, "history-desktop")
