"""Figures the Front can trust (issue 30): rules as data, outliers on skewed and zero-heavy
series, empty reports, flags cleared by a reason, evidence returned one item at a time, the
sample, corroboration, and the locks of accepted periods."""

import io
import json
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from hangviet.activities import excel
from hangviet.activities.locks import EvidenceLocked
from hangviet.activities.models import (
    Activity,
    ActivityReturn,
    EvidenceLock,
    LockException,
    ReturnStatus,
    Source,
    Status,
)
from hangviet.activities.services import (
    activities_bulk_create,
    activity_create,
    activity_delete,
    activity_return,
    activity_return_answer,
    activity_return_close,
    activity_update,
    exception_for_period,
    lock_exception_grant,
)
from hangviet.core.models import AuditEvent
from hangviet.desk.todo import desk_for
from hangviet.plans.models import Channel
from hangviet.reporting import consolidation, quality, services
from hangviet.reporting.models import (
    Figure,
    FlagNote,
    QualityRule,
    ReportRequest,
    ReportStatus,
    SampleDraw,
    SampleItem,
    UnitReport,
)
from hangviet.reporting.tests.test_reporting import accept

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(world, people, plan2026):
    services.indicators_default(plan=plan2026, by=people["carol"])
    services.rules_default(plan=plan2026, by=people["carol"])
    requests = services.requests_generate(plan=plan2026, period_code="2026H1", by=people["carol"])
    return {r.unit_id: r for r in requests}


def log(unit, by, *, kind="loudspeaker", quantity=4, day=date(2026, 3, 2), **extra):
    channel = {"loudspeaker": "commune_radio", "conference": "conference"}.get(kind, "conference")
    measure = {"loudspeaker": "broadcasts", "conference": "participants"}.get(kind, "items")
    return activity_create(
        by=by,
        unit=unit,
        channel=Channel.objects.get(code=channel),
        kind=kind,
        title=extra.pop("title", f"Hoạt động {kind} {quantity}"),
        date=day,
        quantity=quantity,
        measure=measure,
        status=Status.CONFIRMED,
        **extra,
    )


def past(request, values: dict[str, int], *, periods: list[tuple[str, date, date]]):
    """Accepted reports of `request`'s unit for earlier periods, with these figures."""
    indicators = {i.code: i for i in request.plan.indicators.all()}
    for code, start, end in periods:
        old = ReportRequest.objects.create(
            plan=request.plan,
            unit=request.unit,
            period_code=code,
            start=start,
            end=end,
            deadline=date(end.year, end.month, min(end.day + 7, 28)),
        )
        report = UnitReport.objects.create(request=old)
        for name, value in values.items():
            value = value(code) if callable(value) else value
            Figure.objects.create(
                report=report, indicator=indicators[name], computed=value, value=value
            )
        UnitReport.objects.filter(pk=report.pk).update(status=ReportStatus.ACCEPTED)


PAST = [
    ("2024H1", date(2023, 12, 15), date(2024, 6, 14)),
    ("2024H2", date(2024, 6, 15), date(2024, 12, 14)),
    ("2025H1", date(2024, 12, 15), date(2025, 6, 14)),
    ("2025H2", date(2025, 6, 15), date(2025, 12, 14)),
]


# --- rules at entry and as data ---------------------------------------------------------------


def test_a_quantity_of_zero_is_refused_at_entry(world, people):
    with pytest.raises(ValidationError) as caught:
        log(world["commune"], people["alice"], quantity=0)
    assert "1" in caught.value.message_dict["quantity"][0]
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("", "Nhập quy tắc"),
        ("airtime >= ", "là một tổng"),
        ("airtime >= 2 * ", "là một tổng"),
        ("airtime >= broadcast_programmes >= 1", "đúng một dấu"),
        ("airtime ≥ broadcast_programmes", "Không đọc được"),
        ("airtime >= minutes_of_tv", "không có chỉ tiêu"),
        ("3 >= 2", "chưa nêu chỉ tiêu"),
    ],
)
def test_a_rule_that_does_not_parse_is_refused_and_nothing_saved(
    world, people, cycle, plan2026, expression, words
):
    before = QualityRule.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.rule_save(
            plan=plan2026, by=people["carol"], code="x", expression=expression, message="Sai."
        )
    assert words in " ".join(caught.value.messages)
    assert QualityRule.objects.count() == before


def test_rules_are_data_the_coordinator_edits(world, people, cycle, plan2026):
    codes = set(QualityRule.objects.filter(plan=plan2026).values_list("code", flat=True))
    assert {"airtime-per-programme", "participants-per-conference", "stalls-per-fair"} <= codes
    rule = services.rule_save(
        plan=plan2026,
        by=people["carol"],
        code="participants-per-conference",
        expression="participants >= 10 * conferences",
        message="Mỗi hội nghị có ít nhất 10 người dự.",
    )
    assert rule.expression == "participants >= 10 * conferences"
    with pytest.raises(ValidationError):  # a message of only spaces
        services.rule_save(
            plan=plan2026, by=people["carol"], code="y", expression="fairs <= 5", message="   "
        )
    with pytest.raises(PermissionDenied):
        services.rule_save(
            plan=plan2026, by=people["alice"], code="z", expression="fairs <= 5", message="Ít."
        )
    assert AuditEvent.objects.filter(content_type__model="qualityrule").exists()


def test_each_default_rule_flags_the_figures_that_break_it(world, people, cycle, plan2026):
    request = cycle[world["commune"].pk]
    report = services.report_start(request=request, by=people["alice"])
    wanted = {
        "broadcast_programmes": 4,
        "airtime": 2,  # < programmes; 2 > 120 × 4 is fine
        "conferences": 2,
        "participants": 6,  # < 5 × 2
        "fairs": 3,
        "stalls": 1,  # < fairs
    }
    figures = {
        f.indicator_id: (wanted[f.indicator.code], "Số liệu từ sổ theo dõi của xã.")
        for f in report.figures.select_related("indicator")
        if f.indicator.code in wanted
    }
    services.report_save(
        report=report, by=people["alice"], lock_version=report.lock_version, figures=figures
    )
    found = {f.key for f in quality.flags_for(plan2026, "2026H1", only=request)}
    assert {
        "rule:airtime-per-programme",
        "rule:participants-per-conference",
        "rule:stalls-per-fair",
    } <= found
    assert "rule:airtime-not-too-long" not in found
    inconsistent = [f for f in quality.flags_for(plan2026, "2026H1", only=request)]
    assert any(f.kind == "inconsistent" and f.cleared for f in inconsistent)


def test_parse_and_evaluate():
    rule = quality.parse_rule("airtime <= 120 * broadcast_programmes + 10")
    assert quality.holds(rule, {"airtime": 130, "broadcast_programmes": 1}) is True
    assert quality.holds(rule, {"airtime": 131, "broadcast_programmes": 1}) is False
    assert quality.holds(rule, {"airtime": 1}) is None  # a figure it names is missing
    assert quality.holds(quality.parse_rule("a - b = 0"), {"a": 3, "b": 3}) is True


# --- outliers -----------------------------------------------------------------------------------


def test_robust_ranges_on_skewed_and_zero_heavy_series():
    usual = quality.expected_range([20, 25, 30, 35, 40], quality.HISTORY_K)
    assert usual.high < 5000 and usual.low > 0 and 40 <= usual.high < 100
    zero_heavy = quality.expected_range([0, 1, 2, 0, 1, 2, 0], quality.HISTORY_K)
    assert zero_heavy.high >= 2 and zero_heavy.low == 0  # 0–2 is its normal, never flagged
    zeros = quality.expected_range([0, 0, 0, 0], quality.HISTORY_K)
    assert zeros.high > 0  # a floor: one broadcast after none is no alarm
    skewed = quality.expected_range([3, 4, 5, 6, 200], quality.HISTORY_K)
    assert skewed.middle == 5 and skewed.high < 100  # one past spike does not widen it all


def test_a_jump_from_twenty_to_five_thousand_is_flagged_with_its_range(
    world, people, cycle, plan2026
):
    request = cycle[world["commune"].pk]
    past(request, {"loudspeaker": lambda c: {"2024H1": 20, "2024H2": 40}.get(c, 30)}, periods=PAST)
    log(world["commune"], people["alice"], quantity=5000)
    services.report_start(request=request, by=people["alice"])
    flags = [f for f in quality.flags_for(plan2026, "2026H1") if f.kind == "outlier"]
    assert [(f.unit, f.value) for f in flags] == [(world["commune"], 5000)]
    flag = flags[0]
    assert flag.high is not None and 40 < flag.high < 100
    assert "20, 40, 30, 30" in flag.why and "4" in flag.why


def test_a_commune_that_always_reports_zero_to_two_is_not_flagged(world, people, cycle, plan2026):
    request = cycle[world["commune"].pk]
    past(request, {"loudspeaker": lambda c: {"2024H1": 0, "2024H2": 2}.get(c, 1)}, periods=PAST)
    log(world["commune"], people["alice"], quantity=2)
    services.report_start(request=request, by=people["alice"])
    assert not [f for f in quality.flags_for(plan2026, "2026H1") if f.kind == "outlier"]


def test_an_empty_report_is_flagged_and_a_reason_clears_it(world, people, cycle, plan2026):
    request = cycle[world["commune"].pk]
    report = services.report_start(request=request, by=people["alice"])
    flags = quality.flags_for(plan2026, "2026H1", only=request)
    empty = next(f for f in flags if f.kind == "empty")
    assert "bằng 0" in empty.why
    with pytest.raises(ValidationError):
        services.flag_clear(request=request, key="empty", value=0, reason="  ", by=people["alice"])
    with pytest.raises(PermissionDenied):  # another commune's editor
        services.flag_clear(request=request, key="empty", value=0, reason="x", by=people["bob"])
    services.flag_clear(
        request=request,
        key="empty",
        value=0,
        reason="Xã bị ngập lụt, hệ thống loa hỏng cả kỳ.",
        by=people["alice"],
    )
    cleared = next(
        f for f in quality.flags_for(plan2026, "2026H1", only=request) if f.key == "empty"
    )
    assert cleared.cleared and cleared.reason.startswith("Xã bị ngập")
    assert FlagNote.objects.count() == 1
    # the report page shows the flag and its explanation
    assert report.pk


def test_a_reason_holds_for_its_value_only(world, people, cycle, plan2026):
    request = cycle[world["commune"].pk]
    past(request, {"loudspeaker": 30}, periods=PAST)
    activity = log(world["commune"], people["alice"], quantity=500)
    services.report_start(request=request, by=people["alice"])
    services.flag_clear(
        request=request,
        key="outlier:loudspeaker",
        value=500,
        reason="Chiến dịch cao điểm trước Tết.",
        by=people["carol"],
    )
    assert all(f.cleared for f in quality.flags_for(plan2026, "2026H1") if f.kind == "outlier")
    activity_update(activity=activity, by=people["alice"], quantity=900)
    report = request.current_report
    services.report_refresh(report=report, by=people["alice"])
    outliers = [f for f in quality.flags_for(plan2026, "2026H1") if f.kind == "outlier"]
    assert outliers and not outliers[0].cleared  # another value: the flag is back


def test_the_report_page_shows_flags_and_clears_them(world, people, cycle, client_for, plan2026):
    request = cycle[world["commune"].pk]
    services.report_start(request=request, by=people["alice"])
    page = client_for(people["alice"]).get(f"/bao-cao/yeu-cau/{request.pk}/")
    assert "Every figure of the report is zero" in page.content.decode() or "bằng 0" in (
        page.content.decode()
    )
    answer = client_for(people["alice"]).post(
        f"/bao-cao/yeu-cau/{request.pk}/thao-tac/",
        {"action": "clear_flag", "key": "empty", "value": "0", "reason": "Xã chưa triển khai."},
    )
    assert answer.status_code == 302 and FlagNote.objects.filter(request=request).exists()
    stranger = client_for(people["bob"]).post(
        f"/bao-cao/yeu-cau/{request.pk}/thao-tac/",
        {"action": "clear_flag", "key": "empty", "value": "0", "reason": "x"},
    )
    assert stranger.status_code == 404 and FlagNote.objects.count() == 1


# --- evidence returned, one item at a time --------------------------------------------------------


def test_the_return_and_fix_loop(
    world, people, settings, client_for, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    people["alice"].email = "alice@example.vn"
    people["alice"].save()
    people["carol"].email = "carol@example.vn"
    people["carol"].save()
    activity = log(world["commune"], people["alice"], title="Phát thanh hàng Việt tháng 3")
    with pytest.raises(ValidationError):
        activity_return(activity=activity, comment="   ", by=people["carol"])
    with pytest.raises(PermissionDenied):  # an editor does not send evidence back
        activity_return(activity=activity, comment="Thiếu ảnh.", by=people["bob"])
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        returned = activity_return(
            activity=activity, comment="Thiếu ảnh chụp buổi phát.", by=people["carol"]
        )
    assert [m.to for m in mail.outbox] == [["alice@example.vn"]]
    assert "Thiếu ảnh chụp buổi phát." in mail.outbox[0].body
    with pytest.raises(ValidationError):  # once at a time
        activity_return(activity=activity, comment="Lại.", by=people["carol"])
    desk = desk_for(people["alice"])
    item = next(g for g in desk.groups if g.key == "returned").items[0]
    assert "Phát thanh hàng Việt tháng 3" in item.text and "Thiếu ảnh" in item.detail
    assert not any(g.key == "returned" for g in desk_for(people["bob"]).groups)
    # another commune's editor cannot answer, not even by id
    assert (
        client_for(people["bob"])
        .post(f"/hoat-dong/bo-sung/{returned.pk}/", {"answer": "Đã bổ sung."})
        .status_code
        == 404
    )
    answered = client_for(people["alice"]).post(
        f"/hoat-dong/bo-sung/{returned.pk}/", {"answer": "Đã bổ sung ảnh chụp."}
    )
    assert answered.status_code == 302
    returned.refresh_from_db()
    assert returned.status == ReturnStatus.ANSWERED and returned.answer == "Đã bổ sung ảnh chụp."
    activity_return_close(returned=returned, by=people["carol"])
    again = activity_return(activity=activity, comment="Ảnh mờ, chụp lại.", by=people["carol"])
    with pytest.raises(ValidationError):
        activity_return_answer(returned=again, answer=" ", by=people["alice"])
    history = list(ActivityReturn.objects.filter(activity=activity).order_by("created_at"))
    assert [r.status for r in history] == [ReturnStatus.CLOSED, ReturnStatus.OPEN]
    page = client_for(people["alice"]).get(f"/hoat-dong/{activity.pk}/").content.decode()
    assert "Thiếu ảnh chụp buổi phát." in page and "Ảnh mờ, chụp lại." in page


# --- the sample ---------------------------------------------------------------------------------


def test_the_sample_is_reproducible_audited_and_checked(world, people, cycle, plan2026):
    for i in range(12):
        log(world["commune"], people["alice"], quantity=i + 1, title=f"Bản tin số {i + 1}")
    for i in range(3):
        log(world["sibling"], people["bob"], quantity=i + 1, title=f"Bản tin xã bạn {i + 1}")
    one = services.sample_draw(plan=plan2026, period_code="2026H1", size=4, seed="a", by=None)
    two = services.sample_draw(plan=plan2026, period_code="2026H1", size=4, seed="a", by=None)
    other = services.sample_draw(plan=plan2026, period_code="2026H1", size=4, seed="b", by=None)

    def ids(s):
        return sorted(SampleItem.objects.filter(draw=s).values_list("activity_id", flat=True))

    assert ids(one) == ids(two) != ids(other)
    per_unit = SampleItem.objects.filter(draw=one, unit=world["sibling"]).count()
    assert per_unit == 3  # a unit with fewer items than the sample: all of them
    assert AuditEvent.objects.filter(content_type__model="sampledraw").count() == 3
    with pytest.raises(ValidationError) as caught:
        services.sample_draw(plan=plan2026, period_code="2026H1", size=13, seed="a", by=None)
    assert "12" in " ".join(caught.value.messages)
    with pytest.raises(PermissionDenied):
        services.sample_draw(
            plan=plan2026, period_code="2026H1", size=2, seed="a", by=people["alice"]
        )
    items = list(SampleItem.objects.filter(draw=other, unit=world["commune"]))
    with pytest.raises(ValidationError):  # a failed check needs a note
        services.sample_check(item=items[0], by=people["carol"], checks={"link": False})
    services.sample_check(item=items[0], by=people["carol"], checks={"date": True, "link": None})
    services.sample_check(
        item=items[1], by=people["carol"], checks={"photo": False}, note="Ảnh của năm 2024."
    )
    rows = {v.unit.pk: v for v in quality.verified(quality.latest_sample(plan2026, "2026H1"))}
    assert (rows[world["commune"].pk].checked, rows[world["commune"].pk].verified) == (2, 1)
    # a sentence of the report says it, once the units' reports are accepted
    accept(cycle[world["commune"].pk], people)
    c = consolidation.consolidate(plan2026, "2026H1")
    assert c.sample is not None and (c.sample.checked, c.sample.verified) == (2, 1)
    text = " ".join(line.text for line in c.drafted.get("results", [])) or json.dumps(
        c.narrative, ensure_ascii=False
    )
    assert "kiểm tra ngẫu nhiên 2 minh chứng của 1 đơn vị" in text and "(50%)" in text


def test_sample_and_quality_commands(world, people, cycle, plan2026):
    for i in range(3):
        log(world["commune"], people["alice"], quantity=i + 1, title=f"Bản tin số {i + 1}")
    out = io.StringIO()
    args = ["--plan", plan2026.pk, "--period", "2026h1", "--size", 2, "--seed", "s1"]
    call_command("sample", *args, "--json", stdout=out)
    drawn = json.loads(out.getvalue())
    assert drawn["seed"] == "s1" and len(drawn["items"]) == 2
    with pytest.raises(CommandError):
        call_command("sample", "--plan", plan2026.pk, "--period", "2026H1", "--size", 99)
    services.report_start(request=cycle[world["sibling"].pk], by=None)
    out = io.StringIO()
    call_command("quality", "--plan", plan2026.pk, "--period", "2026H1", "--json", stdout=out)
    listed = json.loads(out.getvalue())
    assert any(
        f["kind"] == "empty" and f["unit_id"] == world["sibling"].pk for f in listed["flags"]
    )
    with pytest.raises(CommandError):
        call_command("quality", "--plan", plan2026.pk, "--period", "2026H7")
    assert SampleDraw.objects.count() == 1


# --- corroboration ------------------------------------------------------------------------------


def test_corroboration_counts_independent_records_and_matches(world, people, cycle, plan2026):
    entered = log(world["commune"], people["alice"], day=date(2026, 3, 2))
    log(world["commune"], people["alice"], day=date(2026, 5, 20), title="Không có ghi nhận")
    log(world["sibling"], people["bob"], day=date(2026, 3, 2))
    # the broadcast log recorded a broadcast of the commune the next day (system)
    activities_bulk_create(
        [
            {
                "unit": world["commune"],
                "channel": Channel.objects.get(code="commune_radio"),
                "kind": "loudspeaker",
                "title": "Phát theo lịch",
                "date": date(2026, 3, 3),
                "quantity": 1,
                "measure": "broadcasts",
                "status": Status.CONFIRMED,
            }
        ],
        by=None,
        source=Source.RADIO,
        note="test",
    )
    rows = {c.request.unit_id: c for c in quality.corroboration(plan2026, "2026H1")}
    commune, sibling = rows[world["commune"].pk], rows[world["sibling"].pk]
    assert (commune.total, commune.independent, commune.matched) == (3, 1, 1)
    assert round(commune.share, 2) == 0.67 and entered.pk
    assert (sibling.total, sibling.corroborated) == (1, 0)
    assert sibling.request in quality.units_without_trace(list(rows.values()))


# --- locks ----------------------------------------------------------------------------------------


def workbook(world, day: date) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append([h for _f, h, _w in excel.COLUMNS])
    row = {
        "unit": world["commune"].display_name,
        "kind": "loudspeaker",
        "channel": "commune_radio",
        "title": "Bản tin nhập từ Excel",
        "date": day.strftime("%d/%m/%Y"),
        "quantity": 3,
        "status": "confirmed",
    }
    ws.append([row.get(f, "") for f, _h, _w in excel.COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_accepted_period_is_locked_everywhere_until_an_exception(
    world, people, cycle, plan2026, client_for
):
    activity = log(world["commune"], people["alice"])
    accept(cycle[world["commune"].pk], people)
    lock = EvidenceLock.objects.get(unit=world["commune"])
    assert (lock.start, lock.end) == (date(2025, 12, 15), date(2026, 6, 14))
    count = Activity.objects.count()
    # the service (the page's path)
    with pytest.raises(EvidenceLocked) as caught:
        log(world["commune"], people["alice"], title="Muộn")
    assert "carol" in caught.value.message_dict["date"][0]
    with pytest.raises(EvidenceLocked):
        activity_update(activity=activity, by=people["alice"], quantity=9)
    with pytest.raises(EvidenceLocked):
        activity_delete(activity=activity, by=people["alice"])
    # the page: the form is shown again with the reason next to the date
    page = client_for(people["alice"]).post(
        f"/hoat-dong/{activity.pk}/",
        {
            "unit": world["commune"].pk,
            "kind": "loudspeaker",
            "channel": "commune_radio",
            "title": activity.title,
            "date": "02/03/2026",
            "quantity": 7,
            "measure": "broadcasts",
            "confirmed": "on",
        },
    )
    assert page.status_code in (200, 400) and "carol" in page.content.decode()
    # the API and the outbox (its upsert by external id)
    api = client_for(people["alice"]).post(
        "/api/v1/activities/",
        {
            "unit": world["commune"].pk,
            "kind": "loudspeaker",
            "channel": "commune_radio",
            "title": "Gửi từ hộp thư đi",
            "date": "2026-03-05",
            "quantity": 2,
            "external_id": "outbox-1",
        },
        content_type="application/json",
    )
    assert api.status_code == 400 and "date" in api.json()["errors"]
    # the Excel import: the row is refused on the preview
    result = excel.read(workbook(world, date(2026, 3, 9)), user=people["alice"], plan=None)
    assert result.errors and "carol" in result.errors[0].message
    assert Activity.objects.count() == count
    # a date outside the locked period is free
    log(world["commune"], people["alice"], day=date(2026, 6, 20), title="Kỳ sau")
    # the exception: a reason, in the trail; then writes pass
    with pytest.raises(ValidationError):
        lock_exception_grant(lock=lock, reason="   ", by=people["carol"])
    with pytest.raises(PermissionDenied):
        lock_exception_grant(lock=lock, reason="Tự mở", by=people["alice"])
    lock_exception_grant(lock=lock, reason="Bổ sung 2 bản tin phát muộn", by=people["carol"])
    log(world["commune"], people["alice"], title="Bổ sung sau khi mở")
    assert AuditEvent.objects.filter(content_type__model="lockexception").exists()
    # accepting the corrected report locks again
    report = services.report_revise(
        report=cycle[world["commune"].pk].current_report, by=people["alice"]
    )
    services.report_submit(report=report, by=people["hank"])
    services.report_accept(report=report, by=people["carol"])
    assert not LockException.objects.filter(closed_at__isnull=True).exists()
    with pytest.raises(EvidenceLocked):
        log(world["commune"], people["alice"], title="Lại muộn")


def test_an_exception_for_a_period_not_locked_is_refused(world, people, cycle):
    with pytest.raises(ValidationError) as caught:
        exception_for_period(unit=world["commune"], start=date(2026, 1, 1), end=date(2026, 3, 1))
    assert "chưa bị khóa" in " ".join(caught.value.messages)


def test_the_quality_page(world, people, cycle, plan2026, client_for):
    log(world["commune"], people["alice"])
    accept(cycle[world["commune"].pk], people)
    services.report_start(request=cycle[world["sibling"].pk], by=None)
    carol = client_for(people["carol"])
    url = f"/bao-cao/ke-hoach/{plan2026.pk}/2026H1/chat-luong/"
    page = carol.get(url)
    assert page.status_code == 200
    assert client_for(people["alice"]).get(url).status_code == 403
    lock = EvidenceLock.objects.get()
    opened = carol.post(url + "thao-tac/", {"action": "unlock", "lock": lock.pk, "reason": "Sửa"})
    assert opened.status_code == 302 and lock.open_exception is not None
    carol.post(url + "thao-tac/", {"action": "relock", "lock": lock.pk})
    assert lock.open_exception is None
    drawn = carol.post(url + "thao-tac/", {"action": "draw", "size": "1", "seed": "x"})
    assert drawn.status_code == 302 and SampleDraw.objects.get().seed == "x"
    bad = carol.post(
        url + "thao-tac/", {"action": "rule", "code": "r", "expression": "a >", "message": "m"}
    )
    assert bad.status_code == 302 and not QualityRule.objects.filter(code="r").exists()
