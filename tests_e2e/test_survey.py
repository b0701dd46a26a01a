"""Issue 33: a consumer answers the survey on a phone from the poster's QR link (no sign-in);
the coordinator sees the result on the statistics page and in the draft report."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests_e2e.conftest import DESKTOP, PHONE, shot
from tests_e2e.test_foundation import login

pytestmark = pytest.mark.e2e


def test_a_consumer_answers_from_the_qr_link_and_the_coordinator_reads_it(
    e2e_world, live_server, browser, monkeypatch
):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from hangviet.orgs.models import Unit, UnitKind
    from hangviet.outcomes import services as outcomes
    from hangviet.outcomes.models import Answer
    from hangviet.reporting import services as reporting

    monkeypatch.setattr(outcomes, "MIN_SECONDS", 0)  # the browser is faster than a person
    today = timezone.localdate()
    survey = outcomes.survey_open(
        scope=e2e_world["province"],
        title="Khảo sát người tiêu dùng, đợt thử",
        start=today - timedelta(days=5),
        end=today + timedelta(days=20),
        by=None,
    )
    commune = e2e_world["commune"]
    Answer.objects.bulk_create(
        Answer(
            survey=survey,
            commune=commune,
            preference="always" if i % 4 else "no",
            respondent=outcomes.fingerprint("e2e", i),
            network=outcomes.fingerprint("n", i),
        )
        for i in range(34)
    )
    # The poster's QR code leads to the survey page.
    qr = browser.new_page().goto(f"{live_server.url}/khao-sat/qr.svg")
    assert qr is not None and qr.headers["content-type"] == "image/svg+xml"

    phone = browser.new_page(viewport=PHONE)
    phone.goto(f"{live_server.url}/khao-sat/")
    expect(phone.get_by_role("heading", name="Bạn có ưu tiên dùng hàng Việt Nam?")).to_be_visible()
    phone.get_by_label("Thường xuyên").check()
    phone.get_by_label("Giá cả hợp lý").check()
    phone.get_by_label("Chợ", exact=True).check()
    phone.get_by_label("Bạn sống ở xã, phường nào?").select_option(str(commune.pk))
    shot(phone, "survey-phone")
    phone.get_by_role("button", name="Gửi phiếu trả lời").click()
    expect(phone.get_by_text("Cảm ơn bạn đã trả lời khảo sát!")).to_be_visible()
    expect(phone.get_by_text("35 phiếu trả lời")).to_be_visible()
    shot(phone, "survey-results-phone")
    # The same phone cannot answer twice.
    phone.goto(f"{live_server.url}/khao-sat/")
    phone.get_by_label("Có, luôn luôn").check()
    phone.get_by_label("Bạn sống ở xã, phường nào?").select_option(str(commune.pk))
    phone.get_by_role("button", name="Gửi phiếu trả lời").click()
    expect(phone.get_by_text("Bạn đã trả lời đợt khảo sát này rồi")).to_be_visible()
    assert Answer.objects.filter(survey=survey).count() == 35

    period = f"{today.year}H{1 if today.month <= 6 else 2}"
    plan = e2e_world["plans"]["2026"]
    coordinator = get_user_model().objects.get(username="dieuphoi")
    reporting.indicators_default(plan=plan, by=coordinator)
    reporting.requests_generate(plan=plan, period_code=period, by=coordinator)
    page = browser.new_page(viewport=DESKTOP)
    login(page, live_server.url, "dieuphoi")
    page.goto(f"{live_server.url}/thong-ke/?ky={period}")
    outcomes_card = page.locator("section", has_text="Kết quả đầu ra trong kỳ")
    expect(outcomes_card.get_by_text("35 phiếu tại 1 xã, phường")).to_be_visible()
    shot(page, "statistics-outcomes-desktop")
    page.goto(f"{live_server.url}/bao-cao/ke-hoach/{plan.pk}/{period}/")
    expect(page.get_by_text("Kết quả thực hiện các chỉ tiêu của Cuộc vận động")).to_be_visible()
    expect(page.get_by_text("35 phiếu trả lời tại 1 xã, phường")).to_be_visible()
    assert Unit.objects.filter(kind=UnitKind.COMMUNE_PC).exists()
