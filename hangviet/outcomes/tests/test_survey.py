"""The consumers' survey: one answer per browser and round, no automated answers, no floods,
the margin of error honest, no share from a handful of answers; the portal pages without
JavaScript; rounds never overlap."""

from datetime import date, timedelta

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from hangviet.outcomes import results, services
from hangviet.outcomes.models import Answer, Survey
from hangviet.outcomes.results import Share

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(world):
    today = timezone.localdate()
    return services.survey_open(
        scope=world["province"],
        title="Khảo sát người tiêu dùng đợt 2/2026",
        start=today - timedelta(days=3),
        end=today + timedelta(days=30),
        by=None,
    )


def stamp(survey, seconds_ago: int = 30) -> str:
    when = timezone.now().timestamp() - seconds_ago
    return signing.dumps({"s": survey.pk, "t": when}, salt=services.FORM_SALT)


def answer(survey, commune, *, cookie="c" * 32, ip="10.0.0.1", **more):
    fields = {
        "survey": survey,
        "commune_id": commune.pk,
        "preference": "always",
        "reasons": ["quality", "price"],
        "places": ["market"],
        "cookie": cookie,
        "ip": ip,
        "stamp": stamp(survey),
        **more,
    }
    return services.answer_submit(**fields)


def test_the_margin_of_error_is_the_wilson_interval_and_small_samples_state_nothing():
    share = Share(60, 100)
    low, high = share.interval()
    assert round(low, 1) == 50.2 and round(high, 1) == 69.1
    assert round(share.margin, 1) == 9.4
    assert Share(0, 40).interval()[0] == 0.0 and Share(40, 40).interval()[1] == 100.0
    assert not Share(20, 29).stated and Share(20, 30).stated
    # a larger sample, a smaller margin
    assert Share(600, 1000).margin < Share(60, 100).margin


def test_one_answer_per_browser_per_round(survey, world):
    answer(survey, world["commune"])
    with pytest.raises(ValidationError, match="đã trả lời"):
        answer(survey, world["sibling"])
    answer(survey, world["sibling"], cookie="d" * 32)
    assert Answer.objects.count() == 2
    stored = Answer.objects.first()
    assert "c" * 32 not in stored.respondent and "10.0.0.1" not in stored.network


def test_automated_answers_and_floods_are_refused_and_nothing_is_saved(survey, world, settings):
    with pytest.raises(ValidationError, match="nhanh hơn"):
        answer(survey, world["commune"], stamp=stamp(survey, seconds_ago=1))
    with pytest.raises(ValidationError):
        answer(survey, world["commune"], trap="http://spam.example")
    with pytest.raises(ValidationError, match="hết hạn"):
        answer(survey, world["commune"], stamp="gia-mao")
    for i in range(services.PER_NETWORK_PER_DAY):
        answer(survey, world["commune"], cookie=f"{i:032d}")
    with pytest.raises(ValidationError, match="Quá nhiều"):
        answer(survey, world["commune"], cookie="z" * 32)
    assert Answer.objects.count() == services.PER_NETWORK_PER_DAY
    answer(survey, world["commune"], cookie="z" * 32, ip="10.0.0.2")  # another household


def test_bad_answers_get_a_clear_message(survey, world):
    cases = {
        "commune_id": (world["bac_kan"].pk, "xã, phường"),
        "preference": ("maybe", "câu hỏi thứ nhất"),
        "reasons": (["quality", "price", "safety", "habit"], "ba lý do"),
    }
    for field, (value, words) in cases.items():
        with pytest.raises(ValidationError, match=words):
            answer(survey, world["commune"], **{field: value})
    with pytest.raises(ValidationError, match="cookie"):
        answer(survey, world["commune"], cookie="")
    assert Answer.objects.count() == 0


def test_rounds_never_overlap_and_a_closed_round_takes_no_answer(survey, world):
    with pytest.raises(ValidationError, match="trùng"):
        services.survey_open(
            scope=world["province"], title="Đợt trùng", start=survey.end, end=survey.end, by=None
        )
    with pytest.raises(ValidationError, match="kết thúc khảo sát trước"):
        services.survey_open(
            scope=world["province"],
            title="Sai ngày",
            start=date(2027, 5, 2),
            end=date(2027, 5, 1),
            by=None,
        )
    Survey.objects.filter(pk=survey.pk).update(end=timezone.localdate() - timedelta(days=1))
    survey.refresh_from_db()
    with pytest.raises(ValidationError, match="đã kết thúc"):
        answer(survey, world["commune"])


def test_results_by_commune_state_a_share_only_from_thirty_answers(survey, world):
    for i in range(30):
        answer(
            survey,
            world["commune"],
            cookie=f"a{i:031d}",
            ip=f"10.1.{i}.1",
            preference="always" if i < 21 else "no",
        )
    for i in range(5):
        answer(survey, world["sibling"], cookie=f"b{i:031d}", ip=f"10.2.{i}.1")
    result = results.result(survey)
    assert result.n == 35 and result.prefer.count == 26
    by_commune = {unit.pk: share for unit, share in result.communes}
    assert by_commune[world["commune"].pk].stated and by_commune[world["commune"].pk].percent == 70
    assert not by_commune[world["sibling"].pk].stated
    services.survey_open(
        scope=world["province"],
        title="Đợt mùa xuân",
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        by=None,
    )
    page = Client().get("/khao-sat/ket-qua/").content.decode()
    assert "Các đợt trước" in page and "Đợt mùa xuân" in page
    assert "74%" in page and "± 14 điểm phần trăm" in page  # 26/35, Wilson half-width 14.x
    assert "chưa đủ phiếu" in page


def test_the_portal_form_works_without_javascript(survey, world, monkeypatch):
    monkeypatch.setattr(services, "MIN_SECONDS", 0)
    client = Client()
    page = client.get("/khao-sat/")
    html = page.content.decode()
    assert page.status_code == 200 and "<script" not in html.split("<main", 1)[-1]
    assert "hv_khaosat" in page.cookies and world["commune"].area_name in html
    stamp_value = html.split('name="stamp" value="', 1)[1].split('"', 1)[0]
    sent = client.post(
        "/khao-sat/",
        {
            "stamp": stamp_value,
            "preference": "often",
            "reasons": ["economy"],
            "places": ["fair"],
            "commune": str(world["commune"].pk),
            "website": "",
        },
    )
    assert sent.status_code == 302 and sent["Location"] == "/khao-sat/ket-qua/"
    again = client.post(
        "/khao-sat/",
        {"stamp": stamp_value, "preference": "often", "commune": str(world["commune"].pk)},
    )
    assert again.status_code == 400 and "đã trả lời" in again.content.decode()
    assert Answer.objects.count() == 1
    qr = client.get("/khao-sat/qr.svg")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"


def test_the_report_states_the_survey_and_the_fairs_of_its_period(survey, world, people):
    from hangviet.directory.models import Fair
    from hangviet.directory.services import fair_close
    from hangviet.plans.demo import OWN_PLAN
    from hangviet.plans.importing import import_file
    from hangviet.reporting import consolidation
    from hangviet.reporting import services as reporting

    plan = import_file(OWN_PLAN.read_bytes(), filename="own.txt", by=None)[1]
    period = "2026H2"
    reporting.indicators_default(plan=plan, by=people["carol"])
    reporting.requests_generate(plan=plan, period_code=period, by=people["carol"])
    for i in range(40):
        answer(
            survey,
            world["commune"],
            cookie=f"r{i:031d}",
            ip=f"10.9.{i}.1",
            preference="often" if i < 30 else "no",
        )
    fair = Fair.objects.create(
        name="Phiên chợ hàng Việt về nông thôn Tân Cương",
        commune=world["commune"],
        start=date(2026, 9, 1),
        end=date(2026, 9, 3),
        place="Sân vận động xã",
        status="public",
    )
    fair_close(
        fair=fair,
        by=people["carol"],
        enterprises="40",
        stalls="60",
        visitors="3.500",
        sales_million="850",
        source="Báo cáo của Ban Tổ chức",
        today=date(2026, 9, 10),
    )
    c = consolidation.consolidate(plan, period)
    text = " ".join(line.text for line in c.drafted["results"])
    assert "40 phiếu trả lời tại 1 xã, phường): 75% người trả lời" in text
    low, high = results.Share(30, 40).interval()
    assert f"{round(low)}–{round(high)}%" in text
    assert "60 gian hàng" in text and "3.500 lượt khách" in text and "850 triệu đồng" in text
    line = next(line for line in c.drafted["results"] if "lượt khách" in line.text)
    assert line.text.startswith("“Phiên chợ hàng Việt về nông thôn Tân Cương” (kết thúc ngày")
    assert set(line.figures) >= {40, 60, 3500, 850}
