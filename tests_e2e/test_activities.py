import pytest
from playwright.sync_api import expect

from tests_e2e.conftest import PHONE, shot
from tests_e2e.test_foundation import login

pytestmark = pytest.mark.e2e


def test_commune_editor_records_a_loudspeaker_broadcast_on_a_phone(e2e_world, live_server, browser):
    page = browser.new_page(viewport=PHONE)
    login(page, live_server.url, "bientapxa")
    page.goto(f"{live_server.url}/hoat-dong/them/")
    shot(page, "activity-quick-entry-phone")
    # Defaults: the user's commune, a loudspeaker broadcast, today, confirmed.
    expect(page.get_by_label("Hoạt động", exact=True)).to_have_value("loudspeaker")
    page.get_by_label("Tiêu đề").fill("Phát bản tin hàng Việt buổi sáng")
    page.get_by_label("Số lượng").fill("3")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_text("Đã lưu: Phát bản tin hàng Việt buổi sáng").wait_for()
    row = page.locator("#rows tbody tr").filter(has_text="Phát bản tin hàng Việt buổi sáng")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Đã xác nhận")
    expect(row).to_contain_text("3 lượt phát")
    shot(page, "activity-list-phone")
