import pytest
from playwright.sync_api import expect

from hangviet.plans.demo import OWN_PLAN
from tests_e2e.conftest import DESKTOP, PHONE, shot
from tests_e2e.test_foundation import login

pytestmark = pytest.mark.e2e


def test_coordinator_imports_a_pasted_plan_after_reviewing_it(e2e_world, live_server, browser):
    page = browser.new_page(viewport=DESKTOP)
    login(page, live_server.url, "dieuphoi")
    page.get_by_role("link", name="Kế hoạch").first.click()
    shot(page, "plans-list-desktop")
    page.get_by_role("link", name="Nhập kế hoạch").click()
    text = OWN_PLAN.read_text(encoding="utf-8").replace("Số: 18/", "Số: 21/")
    page.get_by_label("…hoặc dán nội dung văn bản").fill(text)
    page.get_by_role("button", name="Đọc văn bản").click()
    page.get_by_role("heading", name="Kiểm tra trước khi lưu").wait_for()
    expect(page.get_by_text("Số: 21/KH-SVHTTDL")).to_be_visible()
    shot(page, "plan-review-desktop")
    page.get_by_role("button", name="Lưu kế hoạch").click()
    page.get_by_text("Đã lưu kế hoạch.").wait_for()
    expect(page.get_by_role("link", name="Tải về (DOCX)")).to_be_visible()
    shot(page, "plan-detail-desktop")


def test_commune_editor_reads_the_plan_on_a_phone(e2e_world, live_server, browser):
    page = browser.new_page(viewport=PHONE)
    login(page, live_server.url, "bientapxa")
    plan = e2e_world["plans"]["2026"]
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/")
    page.get_by_role("heading", name="Phân công nhiệm vụ").wait_for()
    expect(page.get_by_text("UBND các xã, phường").first).to_be_visible()
    expect(page.get_by_role("link", name="Sửa thông tin văn bản")).to_have_count(0)
    shot(page, "plan-detail-phone")
