"""Outcome indicators beside the counts of activities (issue 33): what the directory lists at
the end of the period, one rule per indicator (a unit's measured figure first, else the
directory's count or the survey's share), and the comparison with the targets in section III —
including a survey share whose margin of error holds the target."""

from datetime import date, datetime, time

import pytest
from django.test import Client
from django.utils import timezone

from hangviet.core.periods import period_for_code
from hangviet.directory.models import Producer, Product, SalesPoint
from hangviet.outcomes import services
from hangviet.outcomes.models import Answer, Survey
from hangviet.plans.demo import OWN_PLAN
from hangviet.plans.importing import import_file
from hangviet.reporting import consolidation
from hangviet.reporting import services as reporting
from hangviet.reporting.outcomes import REACHED, SHORT, WITHIN_MARGIN, listed
from hangviet.reporting.tests.test_report_truth import _numbers

pytestmark = pytest.mark.django_db

H1 = period_for_code("2026H1")  # 15/12/2025 – 14/6/2026


def _point(name, commune, kind, *, status="public", created=date(2026, 3, 1)):
    point = SalesPoint.objects.create(name=name, commune=commune, kind=kind, status=status)
    stamp = timezone.make_aware(datetime.combine(created, time(9)))
    SalesPoint.objects.filter(pk=point.pk).update(created_at=stamp)
    return point


def _product(name, producer, stars, certified, expires):
    return Product.objects.create(
        name=name,
        producer=producer,
        commune=producer.commune,
        status="public",
        ocop_stars=stars,
        ocop_certified_on=certified,
        ocop_expires_on=expires,
    )


@pytest.fixture
def directory(world):
    commune, sibling = world["commune"], world["sibling"]
    _point("Điểm bán hàng Việt chợ Tân Cương", commune, "vn_goods")
    _point("Cửa hàng OCOP Tân Cương", commune, "ocop")
    _point("Chợ Phú Đình", sibling, "market")
    _point("Điểm chờ duyệt", commune, "vn_goods", status="pending")  # not public
    _point("Điểm mở sau kỳ", sibling, "shop", created=date(2026, 7, 1))  # after the period
    maker = Producer.objects.create(
        name="HTX Chè Tân Cương", kind="cooperative", commune=commune, status="public"
    )
    _product("Chè búp Tân Cương", maker, 4, date(2025, 1, 10), date(2028, 1, 9))
    _product("Chè xanh", maker, 3, date(2024, 6, 1), date(2027, 5, 31))
    _product("Chè móc câu", maker, 3, date(2022, 1, 1), date(2025, 1, 1))  # lapsed
    _product("Chè đinh", maker, 5, date(2026, 8, 1), date(2029, 7, 31))  # after the period
    return world


def test_the_directory_counts_points_of_sale_and_valid_ocop_products_at_the_periods_end(
    directory,
):
    world = directory
    counted = listed(H1, [world["province"]])
    assert counted.sales_points == 3 and counted.as_of == H1.end
    assert {label: count for _kind, label, count in counted.sales_by_kind} == {
        "Điểm bán hàng Việt": 1,
        "Điểm bán sản phẩm OCOP": 1,
        "Chợ": 1,
    }
    assert [(u.pk, n) for u, n in counted.sales_by_commune] == [
        (world["commune"].pk, 2),
        (world["sibling"].pk, 1),
    ]
    assert counted.ocop_by_stars == ((4, 1), (3, 1)) and counted.ocop_products == 2


def _consolidated(people):
    plan = import_file(OWN_PLAN.read_bytes(), filename="own.txt", by=None)[1]
    reporting.indicators_default(plan=plan, by=people["carol"])
    reporting.requests_generate(plan=plan, period_code="2026H1", by=people["carol"])
    return consolidation.consolidate(plan, "2026H1")


def _points(unit, value, day, source):
    """A count of points of sale the unit made itself, with its source."""
    services.figure_save(
        unit=unit,
        measure="sales_points",
        value=value,
        measured_on=day,
        sample="0",
        method="rà soát các điểm bán hàng Việt trên địa bàn",
        source=source,
        by=None,
    )


def _target(world, people, measure, level, value, basis):
    services.target_save(
        scope=world["province"],
        measure=measure,
        level=level,
        value=value,
        basis=basis,
        by=people["carol"],
    )


def test_section_two_states_the_directorys_counts_and_every_number_is_a_carried_figure(
    directory, people
):
    c = _consolidated(people)
    lines = [line for line in c.drafted["results"] if "Danh bạ hàng Việt" in line.text]
    text = " ".join(line.text for line in lines)
    assert "(đến ngày 14/6/2026), có 3 điểm bán hàng Việt Nam tại 2 xã, phường (1 " in text
    assert "Chợ" not in text  # the kinds in the sentence, lower-cased after the count
    assert (
        "1 chợ, 1 điểm chuyên bán hàng Việt và 1 điểm bán sản phẩm OCOP); 2 sản phẩm OCOP" in text
    )
    assert "còn hiệu lực chứng nhận, gồm 1 sản phẩm 4 sao và 1 sản phẩm 3 sao." in text
    for line in lines:
        assert sorted(_numbers(line.text)) == sorted(line.figures), line.text


def test_a_measured_figure_comes_before_the_directorys_count_and_targets_are_compared(
    directory, people
):
    world = directory
    _points(world["industry"], "126", date(2026, 5, 30), "Báo cáo số 52/BC-SCT ngày 5/6/2026")
    # the half-year before: 98 points, by the same department's count
    _points(world["industry"], "98", date(2025, 11, 20), "Báo cáo số 140/BC-SCT ngày 1/12/2025")
    _target(world, people, "sales_points", "province", "100", "Kế hoạch năm 2026 của UBND tỉnh")
    _target(world, people, "ocop_products", "province", "5", "Kế hoạch năm 2026 của UBND tỉnh")
    c = _consolidated(people)
    progress = {p.measure: p for p in c.outcomes.progress}
    assert progress["sales_points"].value == 126  # the department's count, not the directory's
    assert progress["sales_points"].source.startswith("Báo cáo số 52/BC-SCT")
    assert progress["sales_points"].previous == 98  # 2025H2, by the same rule
    assert [t.verdict for t in progress["sales_points"].comparisons] == [REACHED]
    assert progress["ocop_products"].value == 2
    assert progress["ocop_products"].source == "Danh bạ hàng Việt của tỉnh"
    assert [t.verdict for t in progress["ocop_products"].comparisons] == [SHORT]
    results = " ".join(line.text for line in c.drafted["results"])
    assert "điểm bán hàng Việt Nam tại 2 xã" not in results  # one figure per indicator
    assert "số điểm bán hàng Việt Nam đạt 126 điểm bán (rà soát các điểm bán" in results
    strengths = [line for line in c.drafted["strengths"] if "mục tiêu" in line.text]
    limitations = [line for line in c.drafted["limitations"] if "mục tiêu" in line.text]
    assert "số điểm bán hàng Việt Nam đạt 126 điểm bán" in strengths[0].text
    assert "kỳ trước: 98 điểm bán) so với mục tiêu cấp tỉnh 100 điểm bán (Kế hoạch năm 2026" in (
        strengths[0].text
    )
    assert (
        "đạt 2 sản phẩm (theo Danh bạ hàng Việt của tỉnh; kỳ trước: 2 sản phẩm) so với mục tiêu "
        "cấp tỉnh 5 sản phẩm (Kế hoạch năm 2026 của UBND tỉnh), còn thiếu 3 sản phẩm."
    ) in limitations[0].text
    for line in strengths + limitations:
        assert sorted(_numbers(line.text)) == sorted(line.figures), line.text


def test_a_survey_share_whose_margin_holds_the_target_is_not_called_reached(world, people):
    survey = Survey.objects.create(
        scope=world["province"],
        title="Khảo sát người tiêu dùng đợt 1",
        start=date(2026, 3, 1),
        end=date(2026, 4, 30),
    )
    Answer.objects.bulk_create(
        Answer(
            survey=survey,
            commune=world["commune"],
            preference="always" if i < 32 else "no",
            respondent=f"r{i}",
            network=f"n{i}",
        )
        for i in range(40)
    )  # 80% of 40 answers: the 95% interval is about 65–90%
    _target(world, people, "prefer", "province", "85", "Kế hoạch năm 2026 của UBND tỉnh")
    c = _consolidated(people)
    (prefer,) = [p for p in c.outcomes.progress if p.measure == "prefer"]
    assert prefer.value == 80 and [t.verdict for t in prefer.comparisons] == [WITHIN_MARGIN]
    limitations = " ".join(line.text for line in c.drafted["limitations"])
    assert "Chưa đủ cơ sở đánh giá đạt hay chưa đạt mục tiêu" in limitations
    assert (
        "tỷ lệ người tiêu dùng ưu tiên chọn hàng Việt Nam là 80% (theo kết quả “Khảo sát người "
        "tiêu dùng đợt 1”, khoảng tin cậy 95%: 65–90%), thấp hơn mục tiêu cấp tỉnh 85%"
    ) in limitations
    strengths = " ".join(line.text for line in c.drafted["strengths"])
    assert "mục tiêu" not in strengths


def test_the_statistics_page_shows_the_outcomes_half_year_by_half_year(directory, people):
    world = directory
    _target(world, people, "ocop_products", "province", "5", "Kế hoạch năm 2026 của UBND tỉnh")
    client = Client()
    client.force_login(people["carol"])
    page = client.get("/thong-ke/", {"ky": "2026H1"}).content.decode()
    assert "Kết quả đầu ra qua từng 6 tháng" in page
    assert "6 tháng cuối năm 2025" in page and "6 tháng đầu năm 2026" in page
    assert "chưa đạt mục tiêu</span> (cấp tỉnh: 5)" in page
    assert "Điểm bán theo xã, phường" in page and world["commune"].area_name in page


def test_a_communes_own_count_is_not_the_provinces_and_early_periods_do_not_fail(directory, people):
    world = directory
    # a commune counted its own points: local, not the province's
    _points(world["commune"], "4", date(2026, 5, 30), "Báo cáo số 12/BC-UBND ngày 2/6/2026")
    c = _consolidated(people)
    (points,) = [p for p in c.outcomes.progress if p.measure == "sales_points"]
    assert points.value == 3 and points.source == "Danh bạ hàng Việt của tỉnh"
    client = Client()
    client.force_login(people["carol"])
    for asked in ({"ky": "2000H1"}, {"tu": "2000-01-01", "den": "2000-03-31"}):
        assert client.get("/thong-ke/", asked).status_code == 200
