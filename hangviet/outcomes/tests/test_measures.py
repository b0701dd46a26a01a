"""Outcome figures with their source, targets, and the report's sentence comparing them."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from hangviet.outcomes import services
from hangviet.outcomes.models import OutcomeFigure

pytestmark = pytest.mark.django_db

CHECK = dict(
    measure="share_modern",
    value="92,5",
    measured_on=date(2026, 5, 20),
    sample="24",
    method="kiểm tra hàng hóa bày bán tại siêu thị",
    source="Báo cáo số 45/BC-QLTT ngày 25/5/2026 của Chi cục Quản lý thị trường",
)


def test_a_figure_needs_its_source_and_a_share_stays_within_100(world, people):
    industry = world["industry"]
    cases = {
        "value": ("101", "tối đa 100%"),
        "sample": ("0", "mẫu"),
        "source": (" ", "nguồn"),
        "method": ("", "cách đo"),
    }
    for field, (bad, words) in cases.items():
        with pytest.raises(ValidationError, match=words):
            services.figure_save(unit=industry, by=None, **{**CHECK, field: bad})
    with pytest.raises(ValidationError, match="tương lai"):
        services.figure_save(unit=industry, by=None, **{**CHECK, "measured_on": date(2099, 1, 1)})
    with pytest.raises(PermissionDenied):
        services.figure_save(unit=industry, by=people["alice"], **CHECK)
    assert OutcomeFigure.objects.count() == 0
    figure = services.figure_save(unit=industry, by=None, **CHECK)
    assert figure.value == Decimal("92.5") and figure.sample == 24


def test_targets_are_the_coordinators_and_the_report_compares_with_them(world, people):
    from hangviet.plans.demo import OWN_PLAN
    from hangviet.plans.importing import import_file
    from hangviet.reporting import consolidation
    from hangviet.reporting import services as reporting

    province = world["province"]
    with pytest.raises(PermissionDenied):
        services.target_save(
            scope=province,
            measure="share_modern",
            level="national",
            value="90",
            basis="Quyết định số 386/QĐ-TTg ngày 17/3/2021",
            by=people["alice"],
        )
    services.target_save(
        scope=province,
        measure="share_modern",
        level="national",
        value="90",
        basis="Quyết định số 386/QĐ-TTg ngày 17/3/2021",
        by=people["carol"],
    )
    services.target_save(
        scope=province,
        measure="share_modern",
        level="province",
        value="95",
        basis="Kế hoạch của UBND tỉnh",
        by=people["carol"],
    )
    services.figure_save(unit=world["industry"], by=None, **CHECK)
    plan = import_file(OWN_PLAN.read_bytes(), filename="own.txt", by=None)[1]
    reporting.indicators_default(plan=plan, by=people["carol"])
    reporting.requests_generate(plan=plan, period_code="2026H1", by=people["carol"])
    drafted = consolidation.consolidate(plan, "2026H1").drafted
    results = " ".join(line.text for line in drafted["results"])
    # Section II states the figure with its source and sample; section III compares it.
    assert "Chi cục Quản lý thị trường, số liệu ngày 20/5/2026: tỷ lệ hàng Việt" in results
    assert "đạt 92,5% (kiểm tra hàng hóa bày bán tại siêu thị; 24 cửa hàng, điểm bán" in results
    assert "mục tiêu" not in results
    strengths = " ".join(line.text for line in drafted["strengths"])
    limitations = " ".join(line.text for line in drafted["limitations"])
    assert (
        "Có 1 chỉ tiêu đạt mục tiêu đề ra: tỷ lệ hàng Việt Nam tại kênh phân phối hiện đại "
        "(siêu thị, trung tâm thương mại) "
        "đạt 92,5% (theo Báo cáo số 45/BC-QLTT ngày 25/5/2026 của Chi cục Quản lý thị trường) "
        "so với mục tiêu quốc gia 90% (Quyết định số 386/QĐ-TTg ngày 17/3/2021)."
    ) in strengths
    assert "chưa đạt mục tiêu đề ra: tỷ lệ hàng Việt" in limitations
    assert (
        "so với mục tiêu cấp tỉnh 95% (Kế hoạch của UBND tỉnh), thấp hơn 2,5 điểm phần trăm."
    ) in limitations


def test_the_page_enters_a_figure_for_ones_own_unit_only(world, people):
    from hangviet.orgs.models import Role
    from hangviet.orgs.services import role_grant

    role_grant(by=None, user=people["charlie"], role=Role.EDITOR, unit=world["industry"])
    client = Client()
    client.force_login(people["charlie"])
    page = client.get("/ket-qua-dau-ra/").content.decode()
    assert "Sở Công Thương" in page and "Đặt mục tiêu" not in page
    sent = client.post(
        "/ket-qua-dau-ra/",
        {
            **CHECK,
            "measured_on": "2026-05-20",
            "action": "figure",
            "unit": str(world["commune"].pk),
        },
    )
    assert sent.status_code == 302 and OutcomeFigure.objects.count() == 0
    sent = client.post(
        "/ket-qua-dau-ra/",
        {
            **CHECK,
            "measured_on": "2026-05-20",
            "action": "figure",
            "unit": str(world["industry"].pk),
        },
    )
    assert OutcomeFigure.objects.get().unit == world["industry"]
