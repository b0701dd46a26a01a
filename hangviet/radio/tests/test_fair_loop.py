"""One loop from a fair to its evidence (issue 33): the fair drafts the bulletin for the
communes around it, and its organiser records what it achieved once it has closed."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from hangviet.core.models import AuditEvent
from hangviet.directory.models import Fair
from hangviet.directory.services import fair_close
from hangviet.orgs.models import Unit
from hangviet.radio import fairs, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(world):
    # Tân Cương and Phú Đình placed 6 km apart for the test; the fair in Tân Cương.
    Unit.objects.filter(pk=world["commune"].pk).update(latitude=21.60, longitude=105.80)
    Unit.objects.filter(pk=world["sibling"].pk).update(latitude=21.65, longitude=105.82)
    return Fair.objects.create(
        name="Hội chợ hàng Việt Nam – Thái Nguyên 2026",
        commune=world["commune"],
        start=date(2026, 12, 12),
        end=date(2026, 12, 15),
        place="Quảng trường Võ Nguyên Giáp",
        stalls=180,
        enterprises=120,
        status="public",
        latitude=21.60,
        longitude=105.80,
    )


def test_the_fair_drafts_the_bulletin_for_the_communes_around_it(fair, world, people):
    around = fairs.communes_around(fair, world["province"])
    assert {world["commune"].pk, world["sibling"].pk} <= {u.pk for u in around}
    centre = (fair.latitude, fair.longitude)
    assert all(fairs.distance_km(centre, (u.latitude, u.longitude)) <= 15 for u in around)
    title, text = fairs.text_for(fair)
    assert "Từ ngày 12/12 đến ngày 15/12/2026" in text and "180 gian hàng" in text
    assert "Quảng trường Võ Nguyên Giáp" in text and title.startswith("Mời tham quan")
    with pytest.raises(PermissionDenied):  # a commune's editor cannot write for its neighbours
        services.bulletin_from_fair(fair=fair, within=world["province"], by=people["alice"])
    bulletin = services.bulletin_from_fair(fair=fair, within=world["province"], by=people["carol"])
    assert bulletin.fair == fair and bulletin.unit == world["province"]
    assert {u.pk for u in bulletin.communes.all()} == {u.pk for u in around}
    assert bulletin.valid_until == fair.end
    client = Client()
    client.force_login(people["carol"])
    page = client.get(f"/hang-viet/hoi-cho/{fair.pk}/").content.decode()
    assert bulletin.title in page and "0 lượt phát đã thực hiện" in page


def test_outcomes_are_recorded_after_the_fair_closes_and_bad_figures_change_nothing(fair, people):
    carol = people["carol"]  # the coordinator moderates the directory
    figures = dict(
        enterprises="120",
        stalls="180",
        visitors="25.000",
        sales_million="3200",
        source="Báo cáo tổng kết của Ban Tổ chức",
    )
    with pytest.raises(ValidationError, match="sau khi hội chợ kết thúc"):
        fair_close(fair=fair, by=carol, today=fair.end, **figures)
    after = fair.end + timedelta(days=1)
    for field, bad in (("visitors", "-5"), ("sales_million", "nhiều"), ("source", " ")):
        with pytest.raises(ValidationError):
            fair_close(fair=fair, by=carol, today=after, **{**figures, field: bad})
    fair.refresh_from_db()
    assert fair.visitors is None and fair.outcome_recorded_at is None
    with pytest.raises(PermissionDenied):
        fair_close(fair=fair, by=people["bob"], today=after, **figures)
    fair_close(fair=fair, by=carol, today=after, **figures)
    fair.refresh_from_db()
    assert (fair.visitors, fair.sales_million, fair.stalls) == (25000, 3200, 180)
    assert AuditEvent.objects.filter(note="outcomes", object_id=str(fair.pk)).exists()
