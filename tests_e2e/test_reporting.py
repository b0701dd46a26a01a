from datetime import date

import pytest
from playwright.sync_api import expect

from hangviet.orgs.demo import DEMO_PASSWORD
from tests_e2e.conftest import DESKTOP, shot

pytestmark = pytest.mark.e2e


def as_user(browser, base: str, username: str):
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
        editor.get_by_label("Lượt phát trên hệ thống truyền thanh cơ sở: Số báo cáo", exact=True)
    ).to_have_value("5")
    editor.get_by_label("Công tác lãnh đạo, chỉ đạo, triển khai").fill("Đã triển khai Kế hoạch.")
    editor.get_by_label("Kết quả thực hiện").fill("Đã phát 5 lượt bản tin về hàng Việt.")
    editor.get_by_role("button", name="Lưu bản nháp").click()
    editor.get_by_text("Đã lưu bản nháp.").wait_for()
    expect(editor.get_by_role("button", name="Gửi báo cáo")).to_have_count(0)
    shot(editor, "report-draft-desktop")

    head = as_user(browser, live_server.url, "truongxa")
    head.goto(request_url)
    head.get_by_role("button", name="Gửi báo cáo").click()
    head.get_by_role("button", name="Đồng ý gửi báo cáo").click()  # the confirmation step
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
    head.get_by_role("button", name="Đồng ý gửi báo cáo").click()
    head.get_by_text("Đã gửi báo cáo.").wait_for()

    coordinator.goto(request_url)
    coordinator.get_by_role("button", name="Tiếp nhận").click()
    coordinator.get_by_text("Đã tiếp nhận báo cáo.").wait_for()
    expect(coordinator.get_by_role("link", name="v1 (bị trả lại)")).to_be_visible()
    coordinator.goto(f"{live_server.url}/bao-cao/ke-hoach/{plan.pk}/2026H1/")
    shot(coordinator, "cycle-desktop")
    with coordinator.expect_download() as download:
        coordinator.get_by_role("link", name="Tải báo cáo (DOCX)").click()
    path = download.value.path()
    with open(path, "rb") as fh:
        assert fh.read(2) == b"PK"


def test_the_coordinator_edits_the_draft_and_the_head_downloads_the_communes_report(
    e2e_world, live_server, browser
):
    import io

    import docx

    from hangviet.activities.demo import build_activities
    from hangviet.reporting import services
    from hangviet.reporting.demo import build_cycles
    from hangviet.reporting.models import ReportRequest
    from tests_e2e.conftest import PHONE

    plan = e2e_world["plans"]["2026"]
    build_activities({"2026": plan})
    build_cycles({"2026": plan}, keep_open={e2e_world["commune"].pk})
    request = ReportRequest.objects.get(plan=plan, unit=e2e_world["commune"], period_code="2026H1")
    report = services.report_start(request=request, by=None)
    services.report_save(
        report=report,
        by=None,
        lock_version=report.lock_version,
        narrative={
            "direction": "Đã triển khai Kế hoạch.",
            "results": "Đài truyền thanh xã đã phát tin về chè Tân Cương.",
        },
    )
    services.report_submit(report=report, by=None)

    page = as_user(browser, live_server.url, "dieuphoi")
    page.goto(f"{live_server.url}/bao-cao/ke-hoach/{plan.pk}/2026H1/")
    proposals = page.locator("#muc-proposals")
    proposals.get_by_role("link", name="Sửa").click()
    page.get_by_label("V. Đề xuất, kiến nghị").fill(
        "Đề nghị Ban Chỉ đạo tỉnh hỗ trợ kinh phí thay thế cụm loa hỏng ở các xã vùng cao.\n"
        "Đề nghị tập huấn cho công chức văn hóa - xã hội."
    )
    proposals.get_by_role("button", name="Lưu phần này").click()
    expect(proposals.get_by_text("đã được cán bộ điều phối sửa")).to_be_visible()
    expect(proposals.get_by_text("hỗ trợ kinh phí thay thế cụm loa hỏng")).to_be_visible()
    # A second section saved at once: the page carries the new lock version.
    strengths = page.locator("#muc-strengths")
    drafted = strengths.locator(".section-text p").first.inner_text()
    strengths.get_by_role("link", name="Sửa").click()
    page.get_by_label("III.1. Ưu điểm").fill("Ưu điểm do cán bộ điều phối viết lại.")
    strengths.get_by_role("button", name="Lưu phần này").click()
    expect(strengths.get_by_text("Ưu điểm do cán bộ điều phối viết lại.")).to_be_visible()
    strengths.get_by_role("button", name="Soạn lại từ số liệu").click()
    expect(strengths.get_by_text("soạn tự động từ số liệu")).to_be_visible()
    expect(strengths.locator(".section-text p").first).to_have_text(drafted)
    expect(proposals.get_by_text("đã được cán bộ điều phối sửa")).to_be_visible()
    shot(page, "consolidation-editor-desktop")
    with page.expect_download() as got:
        page.get_by_role("link", name="Tải báo cáo (DOCX)").click()
    with open(got.value.path(), "rb") as fh:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(fh.read())).paragraphs)
    assert "hỗ trợ kinh phí thay thế cụm loa hỏng ở các xã vùng cao" in text
    assert "Ưu điểm do cán bộ điều phối viết lại." not in text
    with page.expect_download(timeout=120_000) as got:
        page.get_by_role("link", name="PDF", exact=True).click()
    with open(got.value.path(), "rb") as fh:
        assert fh.read(4) == b"%PDF"

    tablet = browser.new_context(viewport=PHONE).new_page()
    from tests_e2e.test_foundation import login

    login(tablet, live_server.url, "dieuphoi")
    tablet.goto(f"{live_server.url}/bao-cao/ke-hoach/{plan.pk}/2026H1/")
    tablet.locator("#muc-direction").get_by_role("link", name="Sửa").click()
    expect(tablet.get_by_label("I. Công tác lãnh đạo, chỉ đạo, triển khai")).to_be_visible()
    shot(tablet, "consolidation-editor-phone")

    head = as_user(browser, live_server.url, "truongxa")
    head.goto(f"{live_server.url}/bao-cao/yeu-cau/{request.pk}/")
    with head.expect_download() as got:
        head.get_by_role("link", name="Tải báo cáo thành văn bản (DOCX)").click()
    with open(got.value.path(), "rb") as fh:
        own = docx.Document(io.BytesIO(fh.read()))
    # The header breaks after "ỦY BAN NHÂN DÂN", the place on its own line.
    assert "ỦY BAN NHÂN DÂN\nXÃ TÂN CƯƠNG" in own.tables[0].rows[0].cells[0].text
