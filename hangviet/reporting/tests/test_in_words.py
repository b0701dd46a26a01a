"""Reporting as people read it: periods in words, a confirmation before a report is sent, a
cycle opened by choosing a period from a list."""

import pytest
from django.urls import reverse

from hangviet.reporting import services
from hangviet.reporting.models import ReportRequest, ReportStatus


@pytest.fixture
def request_of_commune(world, people, plan2026):
    services.indicators_default(plan=plan2026, by=people["carol"])
    services.requests_generate(plan=plan2026, period_code="2026H1", by=people["carol"])
    return ReportRequest.objects.get(unit=world["commune"], period_code="2026H1")


def test_periods_are_read_in_words_and_kept_as_codes_in_urls(
    request_of_commune, people, client_for
):
    assert str(request_of_commune) == "UBND xã Tân Cương · 6 tháng đầu năm 2026"
    inbox = client_for(people["hank"]).get(reverse("reporting:inbox")).content.decode()
    assert "6 tháng đầu năm 2026" in inbox and "2026H1" not in inbox.replace("ky=2026H1", "")
    page = client_for(people["hank"]).get(reverse("reporting:report", args=[request_of_commune.pk]))
    assert "Báo cáo 6 tháng đầu năm 2026 — UBND xã Tân Cương" in page.content.decode()


def test_sending_asks_for_a_confirmation_first(request_of_commune, people, client_for):
    hank = client_for(people["hank"])
    url = reverse("reporting:report_action", args=[request_of_commune.pk])
    hank.post(url, {"action": "start"})
    report = request_of_commune.current_report
    indicator = report.figures.select_related("indicator").first().indicator
    answer = hank.post(
        url,
        {
            "action": "submit",
            "lock_version": report.lock_version,
            f"value_{indicator.pk}": "0",
            "n_results": "Đã phát 5 lượt bản tin về hàng Việt.",
        },
    )
    page = answer.content.decode()
    # Section I is required: the page says so and offers no way to send.
    assert answer.status_code == 200 and "Gửi báo cáo?" in page
    assert "Cần viết trước khi gửi:" in page and "Đồng ý gửi báo cáo" not in page
    refused = hank.post(url, {"action": "send"}, follow=True)
    assert "Công tác lãnh đạo, chỉ đạo, triển khai" in refused.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    answer = hank.post(
        url,
        {
            "action": "submit",
            "lock_version": report.lock_version,
            f"value_{indicator.pk}": "0",
            "n_direction": "Đã quán triệt Kế hoạch tới các thôn, xóm.",
            "n_results": "Đã phát 5 lượt bản tin về hàng Việt.",
        },
    )
    page = answer.content.decode()
    assert answer.status_code == 200 and "Gửi báo cáo?" in page and "Đồng ý gửi báo cáo" in page
    assert "Chưa viết:" in page  # the other sections left empty are named before sending
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.narrative["results"].startswith("Đã phát")

    # An editor cannot take the last step either.
    client_for(people["alice"]).post(url, {"action": "send"})
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT

    sent = hank.post(url, {"action": "send"}, follow=True)
    assert "Đã gửi báo cáo." in sent.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_cycle_is_opened_by_choosing_a_period_in_words(world, people, plan2026, client_for):
    services.indicators_default(plan=plan2026, by=people["carol"])
    services.requests_generate(plan=plan2026, period_code="2026H1", by=people["carol"])
    carol = client_for(people["carol"])
    url = reverse("reporting:cycle", args=[plan2026.pk])
    page = carol.get(url).content.decode()
    assert '<select name="period"' in page
    assert "6 tháng đầu năm 2026 (15/12/2025 – 14/06/2026) — đã mở" in page
    assert "6 tháng cuối năm 2026 (15/06/2026 – 14/12/2026)</option>" in page
    assert "Quý III/2026" in page
    answer = carol.post(url, {"period": "2026H2", "deadline": ""})
    assert answer.status_code == 302
    assert ReportRequest.objects.filter(plan=plan2026, period_code="2026H2").exists()
    # a code that is not in the list is refused, nothing is made
    refused = carol.post(url, {"period": "2026X9", "deadline": ""})
    assert refused.status_code == 200 and "Hãy chọn" in refused.content.decode()
    assert not ReportRequest.objects.filter(period_code="2026X9").exists()
