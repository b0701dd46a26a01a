"""What people read: periods in words, dates as dd/mm/yyyy, the change history in words."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.urls import reverse

from hangviet.activities.services import activities_confirm, activity_create
from hangviet.core.periods import current_half, period_label, period_with_dates, periods_of_year
from hangviet.plans.models import Channel


@pytest.mark.parametrize(
    "code, words",
    [
        ("2026H1", "6 tháng đầu năm 2026"),
        ("2026H2", "6 tháng cuối năm 2026"),
        ("2026Q3", "Quý III/2026"),
        ("2026M07", "Tháng 7/2026"),
        ("2026", "Năm 2026"),
        ("2026-03-01..2026-05-31", "từ 01/03/2026 đến 31/05/2026"),
    ],
)
def test_periods_in_words(code, words):
    assert period_label(code) == words
    assert Template("{% load words %}{{ c|period }}").render(Context({"c": code})) == words


def test_the_half_year_of_a_day_follows_the_cutoff_of_decree_09():
    assert current_half(date(2026, 6, 14)) == "2026H1"
    assert current_half(date(2026, 6, 15)) == "2026H2"
    assert current_half(date(2026, 12, 15)) == "2027H1"
    assert period_with_dates("2026H2") == "6 tháng cuối năm 2026 (15/06/2026 – 14/12/2026)"
    assert periods_of_year(2026, months=[7])[-1] == "2026M07"


def test_iso_dates_kept_as_text_read_as_dd_mm_yyyy():
    out = Template("{% load words %}{{ d|isodate }}").render(Context({"d": "2021-10-25"}))
    assert out == "25/10/2021"


def test_the_change_history_speaks_words_not_the_database(world, people, client_for):
    alice = people["alice"]
    alice.first_name = "Nguyễn Thị An"  # as the registry keeps names: whole, in order
    alice.save()
    activity = activity_create(
        by=alice,
        unit=world["commune"],
        kind="loudspeaker",
        channel=Channel.objects.get(code="commune_radio"),
        title="Bản tin sáng",
        date=date(2026, 3, 2),
        quantity=3,
    )
    hank = people["hank"]
    hank.first_name = "Hoàng Văn Nam"
    hank.save()
    activities_confirm(activities=[activity], by=hank)
    page = client_for(people["carol"]).get(reverse("orgs:unit_history", args=[world["commune"].pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Trạng thái" in text and "Dự thảo" in text and "Đã xác nhận" in text
    assert "Hoàng Văn Nam" in text and "Nguyễn Thị An" in text
    assert "Người tạo" in text and "Người xác nhận" in text
    assert "02/03/2026" in text and "2026-03-02" not in text
    for database_word in (
        "created_by",
        "Created by",
        "status:",
        "∅",
        "confirmed_by",
        "loudspeaker",
    ):
        assert database_word not in text, database_word
    assert get_user_model().objects.filter(pk=alice.pk).exists()
