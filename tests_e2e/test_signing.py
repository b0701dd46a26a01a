"""The director signs the consolidated report on a phone, from the first page: read the PDF,
confirm, sign; the signed PDF and the exchange package are then one tap away."""

from datetime import date

import pytest
from playwright.sync_api import expect

from hangviet.core import edxml, signing, testkeys
from hangviet.core.pdf import soffice
from tests_e2e.conftest import PHONE, shot
from tests_e2e.test_foundation import login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed: skipped"),
]


def test_the_director_signs_and_downloads_the_package(
    e2e_world, live_server, browser, settings, tmp_path
):
    from hangviet.reporting import services

    plan = e2e_world["plans"]["2026"]
    services.indicators_default(plan=plan, by=None)
    services.requests_generate(plan=plan, period_code="2026H1", by=None)
    services.consolidation_save(
        plan=plan, period_code="2026H1", by=None, number="46", sent_on=date(2026, 6, 24)
    )
    unit = plan.issuing_unit
    path = testkeys.write_demo_keys(
        tmp_path / "signing",
        agencies={unit.agency_code: (unit.name, unit.abbreviation)},
        signers={"giamdoc": "Nguyễn Thị Thu Hằng"},
    )
    settings.SIGNING_CONFIG = str(path)

    page = browser.new_page(viewport=PHONE, accept_downloads=True)
    login(page, live_server.url, "giamdoc")
    item = page.locator(".todo-item").filter(has_text="chờ bạn ký")
    expect(item).to_contain_text("46/BC-SVHTTDL")
    item.get_by_role("link", name="Đọc và ký").click()
    expect(page.get_by_role("heading", name="Ký số và phát hành báo cáo tổng hợp")).to_be_visible()
    with page.expect_download() as preview:
        page.get_by_role("link", name="Mở tệp PDF để đọc").click()
    assert preview.value.suggested_filename.endswith("ban-xem-truoc.pdf")
    page.get_by_label("Tôi đã đọc toàn văn báo cáo và ký.").check()
    page.get_by_role("button", name="Ký số").click()
    expect(page.locator(".messages")).to_contain_text("Đã ký số báo cáo")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "signed-report-phone")
    with page.expect_download() as signed:
        page.get_by_role("link", name="PDF đã ký số").click()
    signed.value.save_as(tmp_path / "da-ky.pdf")
    pdf = (tmp_path / "da-ky.pdf").read_bytes()
    trusted = signing.load_config(path).trusted()
    assert all(c.ok and c.trusted for c in signing.verify(pdf, trusted))
    with page.expect_download() as package:
        page.get_by_role("link", name="Gói văn bản điện tử (edXML)").click()
    package.value.save_as(tmp_path / "goi.edxml")
    envelope = edxml.read((tmp_path / "goi.edxml").read_bytes())
    assert envelope.code == "46/BC-SVHTTDL" and envelope.attachments[0].data == pdf
