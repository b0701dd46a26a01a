"""The first screen tells each person what to do, on a phone: the commune head sends the
overdue report, an editor confirms a draft, a visitor reaches the directory; quick entry and
the report form work with the keyboard alone."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hangviet.core.periods import current_half
from tests_e2e.conftest import PHONE, shot
from tests_e2e.test_foundation import login

pytestmark = pytest.mark.e2e


def _half_before(code: str) -> str:
    year, half = int(code[:4]), code[4:]
    return f"{year}H1" if half == "H2" else f"{year - 1}H2"


def _overdue_cycle(world) -> str:
    """Requests for the half-year before last: its deadline is months behind us."""
    from hangviet.reporting import services

    plan = world["plans"]["2026"]
    services.indicators_default(plan=plan, by=None)
    code = _half_before(_half_before(current_half(timezone.localdate())))
    services.requests_generate(plan=plan, period_code=code, by=None)
    return code


class Taps:
    """Counts what the person taps (a button, a link, a field to type in)."""

    def __init__(self) -> None:
        self.count = 0

    def tap(self, locator) -> None:
        self.count += 1
        locator.click()

    def type_into(self, locator, text: str) -> None:
        self.count += 1
        locator.click()
        locator.fill(text)


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_commune_head_sends_the_overdue_report_from_the_first_page(
    e2e_world, live_server, browser
):
    from hangviet.reporting.models import ReportRequest, ReportStatus

    code = _overdue_cycle(e2e_world)
    page = browser.new_page(viewport=PHONE)
    login(page, live_server.url, "truongxa")
    expect(page.get_by_role("heading", name="Việc cần làm", level=1)).to_be_visible()
    item = page.locator(".todo-item").filter(has_text="đã quá hạn")
    expect(item).to_contain_text("UBND xã Tân Cương")
    expect(item).to_contain_text("Quá hạn")
    expect(page.locator(".mainnav")).to_contain_text("Báo cáo")
    _no_sideways_scroll(page)
    shot(page, "todo-commune-head-phone")

    taps = Taps()
    taps.tap(item.get_by_role("button", name="Lập và gửi báo cáo"))  # starts it, opens the form
    taps.type_into(
        page.get_by_label("Công tác lãnh đạo, chỉ đạo, triển khai"), "Đã triển khai Kế hoạch."
    )
    taps.type_into(page.get_by_label("Kết quả thực hiện"), "Đã phát 12 lượt bản tin hàng Việt.")
    _no_sideways_scroll(page)
    taps.tap(page.get_by_role("button", name="Gửi báo cáo"))
    expect(page.get_by_role("heading", name="Gửi báo cáo?")).to_be_visible()
    shot(page, "report-confirm-phone")
    taps.tap(page.get_by_role("button", name="Đồng ý gửi báo cáo"))
    page.get_by_text("Đã gửi báo cáo.").wait_for()
    # From the first page to a sent report: five taps (sections I and II are required).
    assert taps.count == 5

    request = ReportRequest.objects.get(unit=e2e_world["commune"], period_code=code)
    assert request.current_report.status == ReportStatus.SUBMITTED
    page.goto(live_server.url + "/")
    expect(page.locator(".todo-item").filter(has_text="đã quá hạn")).to_have_count(0)


def test_an_editor_confirms_a_draft_from_the_first_page(e2e_world, live_server, browser):
    from hangviet.activities.models import Activity, Status
    from hangviet.activities.services import activity_create
    from hangviet.plans.models import Channel

    draft = activity_create(
        by=None,
        unit=e2e_world["commune"],
        kind="banner_poster",
        channel=Channel.objects.get(code="banner_poster"),
        title="Treo băng rôn hàng Việt ở chợ xã",
        date=timezone.localdate(),
        quantity=2,
    )
    page = browser.new_page(viewport=PHONE)
    login(page, live_server.url, "bientapxa")
    item = page.locator(".todo-item").filter(has_text="Treo băng rôn hàng Việt ở chợ xã")
    expect(item).to_contain_text("đang là bản nháp")
    expect(page.locator(".mainnav a", has_text="Hoạt động")).to_contain_text("1")
    item.get_by_role("button", name="Xác nhận").click()
    page.get_by_text("Đã xác nhận 1 hoạt động.").wait_for()
    assert page.url.rstrip("/") == live_server.url
    expect(page.locator(".todo-item").filter(has_text="Treo băng rôn")).to_have_count(0)
    assert Activity.objects.get(pk=draft.pk).status == Status.CONFIRMED


def test_a_visitor_reaches_the_directory_from_the_first_screen(e2e_world, live_server, browser):
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + "/")
    nav = page.locator(".mainnav")
    for staff in ("Báo cáo", "Kế hoạch", "Giám sát báo chí"):
        expect(nav).not_to_contain_text(staff)
    directory = nav.get_by_role("link", name="Danh bạ hàng Việt")
    expect(directory).to_be_in_viewport()
    _no_sideways_scroll(page)
    shot(page, "welcome-phone")
    page.get_by_label("Tìm sản phẩm, nhà sản xuất hoặc cửa hàng").fill("che tan cuong")
    page.get_by_label("Tìm sản phẩm, nhà sản xuất hoặc cửa hàng").press("Enter")
    page.wait_for_url("**/hang-viet/?q=che+tan+cuong")
    page.goto(live_server.url + "/")
    directory = page.locator(".mainnav").get_by_role("link", name="Danh bạ hàng Việt")
    directory.click()
    page.wait_for_url("**/hang-viet/")


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus, and check it shows."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", selector
            return
    raise AssertionError(f"{selector} is not reachable with the Tab key")


def test_quick_entry_and_the_report_form_with_the_keyboard_alone(e2e_world, live_server, browser):
    from hangviet.activities.models import Activity

    code = _overdue_cycle(e2e_world)
    page = browser.new_page(viewport=PHONE)
    login(page, live_server.url, "truongxa")

    page.goto(live_server.url + "/hoat-dong/them/")
    _tab_to(page, "input[name=title]")
    page.keyboard.type("Phát bản tin hàng Việt, gõ bằng bàn phím")
    _tab_to(page, "input[name=quantity]")
    page.keyboard.press("Control+A")
    page.keyboard.type("4")
    page.keyboard.press("Enter")  # submits the form
    page.get_by_text("Đã lưu: Phát bản tin hàng Việt, gõ bằng bàn phím").wait_for()
    saved = Activity.objects.get(title="Phát bản tin hàng Việt, gõ bằng bàn phím")
    assert saved.quantity == 4 and saved.date <= date.today()

    page.goto(live_server.url + "/")
    page.get_by_role("heading", name="Việc cần làm", level=1).wait_for()
    _tab_to(page, ".todo-item button")
    page.keyboard.press("Enter")  # starts the report
    page.get_by_label("Kết quả thực hiện").wait_for()
    _tab_to(page, "textarea[name=n_direction]")
    page.keyboard.type("Đã triển khai Kế hoạch.")
    _tab_to(page, "textarea[name=n_results]")
    page.keyboard.type("Kết quả nhập bằng bàn phím.")
    _tab_to(page, "button[value=submit]")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Gửi báo cáo?").wait_for()
    _tab_to(page, "button[value=send]")
    page.keyboard.press("Enter")
    page.get_by_text("Đã gửi báo cáo.").wait_for()
    from hangviet.reporting.models import ReportRequest

    report = ReportRequest.objects.get(unit=e2e_world["commune"], period_code=code).current_report
    assert report.narrative["results"] == "Kết quả nhập bằng bàn phím."
