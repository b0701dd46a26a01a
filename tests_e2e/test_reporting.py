from datetime import date

import pytest
from playwright.sync_api import expect

from hangviet.orgs.demo import DEMO_PASSWORD
from tests_e2e.conftest import DESKTOP, shot

pytestmark = pytest.mark.e2e


def as_user(browser, base: str, username: str):  # type: ignore[no-untyped-def]
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Vai trò của bạn").wait_for()
    return page


def test_one_cycle_from_draft_to_the_consolidated_report(e2e_world, live_server, browser):
    from hangviet.activities.services import activity_create
    from hangviet.plans.models import Channel
    from hangviet.reporting import services

    plan = e2e_world["plans"]["2026"]
    services.indicators_default(plan=plan, by=None)
    services.requests_generate(plan=plan, period_code="2026H1", by=None)
    activity_create(
        by=None,
        unit=e2e_world["commune"],
        kind="loudspeaker",
        channel=Channel.objects.get(code="commune_radio"),
        title="Bản tin sáng",
        date=date(2026, 3, 2),
        quantity=5,
        status="confirmed",
    )
    request_url = None

    editor = as_user(browser, live_server.url, "bientapxa")
    editor.get_by_role("link", name="Báo cáo").first.click()
    editor.get_by_role("link", name="UBND xã Tân Cương").click()
    request_url = editor.url
    editor.get_by_role("button", name="Bắt đầu lập báo cáo").click()
    expect(
        editor.get_by_label("Lượt phát trên hệ thống truyền thanh cơ sở", exact=True)
    ).to_have_value("5")
    editor.get_by_label("Kết quả thực hiện").fill("Đã phát 5 lượt bản tin về hàng Việt.")
    editor.get_by_role("button", name="Lưu bản nháp").click()
    editor.get_by_text("Đã lưu bản nháp.").wait_for()
    expect(editor.get_by_role("button", name="Gửi báo cáo")).to_have_count(0)
    shot(editor, "report-draft-desktop")

    head = as_user(browser, live_server.url, "truongxa")
    head.goto(request_url)
    head.get_by_role("button", name="Gửi báo cáo").click()
    head.get_by_text("Đã gửi báo cáo.").wait_for()

    coordinator = as_user(browser, live_server.url, "dieuphoi")
    coordinator.goto(request_url)
    coordinator.get_by_label("Ý kiến").fill("Đề nghị bổ sung số cụm loa đã phát.")
    coordinator.get_by_role("button", name="Trả lại để chỉnh sửa").click()
    coordinator.get_by_text("Đã trả lại báo cáo cho đơn vị.").wait_for()

    head.goto(request_url)
    expect(head.get_by_text("Đề nghị bổ sung số cụm loa đã phát.")).to_be_visible()
    head.get_by_role("button", name="Lập bản điều chỉnh").click()
    head.get_by_label("Kết quả thực hiện").fill("Đã phát 5 lượt bản tin trên 12 cụm loa.")
    head.get_by_role("button", name="Gửi báo cáo").click()
    head.get_by_text("Đã gửi báo cáo.").wait_for()

    coordinator.goto(request_url)
    coordinator.get_by_role("button", name="Tiếp nhận").click()
    coordinator.get_by_text("Đã tiếp nhận báo cáo.").wait_for()
    expect(coordinator.get_by_role("link", name="v1 (bị trả lại)")).to_be_visible()
    coordinator.goto(f"{live_server.url}/bao-cao/ke-hoach/{plan.pk}/2026H1/")
    shot(coordinator, "cycle-desktop")
    with coordinator.expect_download() as download:
        coordinator.get_by_role("link", name="Báo cáo tổng hợp (DOCX)").click()
    path = download.value.path()
    with open(path, "rb") as fh:
        assert fh.read(2) == b"PK"
