import shutil

import pytest
from playwright.sync_api import expect

from tests_e2e.conftest import DESKTOP, PHONE, shot
from tests_e2e.test_foundation import login

pytestmark = pytest.mark.e2e


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_coordinator_writes_a_bulletin_and_the_commune_logs_its_broadcast(
    e2e_world, live_server, browser
):
    from hangviet.radio import synthesis
    from hangviet.radio.models import Bulletin

    page = browser.new_page(viewport=DESKTOP)
    login(page, live_server.url, "dieuphoi")
    page.goto(f"{live_server.url}/truyen-thanh/moi/")
    page.get_by_label("Tiêu đề").fill("Tuần hàng Việt tại chợ xã")
    page.get_by_label("Nội dung phát thanh").fill(
        "Thưa bà con! Từ ngày 1/12 đến 7/12, chợ xã tổ chức Tuần hàng Việt với 30 gian hàng "
        "của các HTX và doanh nghiệp trong tỉnh, giảm giá 10-20%."
    )
    page.get_by_label("Các xã, phường").select_option(label="Xã Tân Cương")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã lưu bản tin.").wait_for()
    page.get_by_text("Nội dung sẽ được đọc").click()
    expect(page.get_by_text("hợp tác xã và doanh nghiệp")).to_be_visible()
    page.get_by_role("button", name="Tạo âm thanh").click()
    expect(page.locator("#audio-panel progress")).to_be_visible()
    synthesis.synthesize(Bulletin.objects.get(title="Tuần hàng Việt tại chợ xã").pk)  # the worker
    expect(page.locator("#audio-panel audio")).to_be_visible(timeout=10_000)
    shot(page, "radio-bulletin-desktop")

    phone = browser.new_page(viewport=PHONE)
    login(phone, live_server.url, "bientapxa")
    phone.goto(f"{live_server.url}/truyen-thanh/")
    phone.get_by_role("link", name="Tuần hàng Việt tại chợ xã").click()
    from django.utils import timezone

    phone.get_by_label("Ngày", exact=True).fill(timezone.localdate().isoformat())
    phone.get_by_label("Các khung giờ").fill("23:59")
    phone.get_by_role("button", name="Lên lịch", exact=True).click()
    phone.get_by_text("Đã lên lịch 1 lượt phát.").wait_for()
    shot(phone, "radio-schedule-phone")
    phone.get_by_role("button", name="Đã phát xong").click()
    phone.get_by_text("Đã ghi nhận: lượt phát được tính vào báo cáo.").wait_for()
    expect(phone.get_by_role("link", name="lượt phát")).to_be_visible()
