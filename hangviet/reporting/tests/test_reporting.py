import io
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from hangviet.activities.models import Activity, Status
from hangviet.activities.services import activity_create
from hangviet.core.models import AuditEvent
from hangviet.core.periods import PeriodError, default_deadline, period_for_code
from hangviet.core.workdays import add_working_days, is_working_day
from hangviet.plans.models import Channel
from hangviet.reporting import consolidation, services
from hangviet.reporting.computing import compute, subtree_ids
from hangviet.reporting.models import ReportRequest, UnitReport
from hangviet.reporting.selectors import completeness

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2022H1", date(2021, 12, 15), date(2022, 6, 14)),
        ("2022H2", date(2022, 6, 15), date(2022, 12, 14)),
        ("2022", date(2021, 12, 15), date(2022, 12, 14)),
        ("2022Q3", date(2022, 6, 15), date(2022, 9, 14)),
        ("2022Q1", date(2021, 12, 15), date(2022, 3, 14)),
        ("2022M07", date(2022, 6, 15), date(2022, 7, 14)),
        ("2022M01", date(2021, 12, 15), date(2022, 1, 14)),
    ],
)
def test_periods_of_decree_09(code, start, end):
    period = period_for_code(code)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("code", ["2022H3", "22H1", "2022Q5", "2022M13", "abc", ""])
def test_unknown_period_codes(code):
    with pytest.raises(PeriodError):
        period_for_code(code)


def test_working_days_skip_weekends_and_tet_2022():
    assert not is_working_day(date(2022, 2, 1))  # Tết Nhâm Dần
    assert not is_working_day(date(2022, 4, 11))  # Giỗ Tổ, observed
    assert not is_working_day(date(2022, 6, 18))  # a Saturday
    # From Friday 28/01/2022: Tết runs 31/01–04/02, so the 1st working day is 07/02.
    assert add_working_days(date(2022, 1, 28), 1) == date(2022, 2, 7)
    assert default_deadline(period_for_code("2022H1")) == date(2022, 6, 21)
    # 2022Q1 ends Monday 14/03: five working days later is Monday 21/03.
    assert default_deadline(period_for_code("2022Q1")) == date(2022, 3, 21)


def test_period_api(client):
    body = client.get("/api/v1/periods/2022H1/").json()
    assert body == {
        "code": "2022H1",
        "start": "2021-12-15",
        "end": "2022-06-14",
        "deadline": "2022-06-21",
    }
    bad = client.get("/api/v1/periods/2022X9/")
    assert bad.status_code == 400 and "code" in bad.json()["errors"]


@pytest.fixture
def cycle(world, people, plan2026):
    services.indicators_default(plan=plan2026, by=people["carol"])
    requests = services.requests_generate(plan=plan2026, period_code="2026H1", by=people["carol"])
    return {r.unit_id: r for r in requests}


def test_requests_for_every_unit_the_plan_names(world, cycle, plan2026):
    assert world["commune"].pk in cycle and world["industry"].pk in cycle
    request = cycle[world["commune"].pk]
    assert (request.start, request.end) == (date(2025, 12, 15), date(2026, 6, 14))
    assert request.recipient.name == "Phòng Báo chí – Xuất bản – Thông tin cơ sở"
    again = services.requests_generate(plan=plan2026, period_code="2026H1", by=None)
    assert len(again) == len(cycle)


def test_deadline_before_cutoff_and_bad_codes_are_refused(world, people, plan2026):
    with pytest.raises(ValidationError):
        services.requests_generate(
            plan=plan2026, period_code="2026H1", by=people["carol"], deadline=date(2026, 6, 1)
        )
    with pytest.raises(PeriodError):
        services.requests_generate(plan=plan2026, period_code="2026H9", by=people["carol"])
    with pytest.raises(PermissionDenied):
        services.requests_generate(plan=plan2026, period_code="2026H1", by=people["alice"])
    assert not ReportRequest.objects.exists()


def log(people, world, **extra):
    data = {
        "kind": "loudspeaker",
        "title": "Bản tin",
        "date": date(2026, 3, 2),
        "quantity": 4,
        "status": Status.CONFIRMED,
        **extra,
    }
    return activity_create(
        by=people["alice"],
        unit=world["commune"],
        channel=Channel.objects.get(code="commune_radio"),
        **data,
    )


def test_prefilled_figures_equal_their_evidence(world, people, cycle):
    log(people, world)
    log(people, world, title="Bản tin 2", quantity=6)
    log(people, world, title="Nháp", quantity=100, status=Status.DRAFT)
    log(people, world, title="Ngoài kỳ", quantity=50, date=date(2026, 7, 1))
    report = services.report_start(request=cycle[world["commune"].pk], by=people["alice"])
    figure = report.figures.get(indicator__code="loudspeaker")
    assert figure.computed == figure.value == 10
    request = report.request
    direct = sum(
        Activity.objects.filter(
            unit=world["commune"],
            status="confirmed",
            kind="loudspeaker",
            date__gte=request.start,
            date__lte=request.end,
        ).values_list("quantity", flat=True)
    )
    assert figure.computed == direct
    assert (
        compute(figure.indicator, subtree_ids(world["commune"]), request.start, request.end) == 10
    )


def test_refreshing_a_draft_is_audited_with_the_figures_that_changed(world, people, cycle):
    report = services.report_start(request=cycle[world["commune"].pk], by=people["alice"])
    log(people, world, title="Bản tin bổ sung", quantity=3)
    services.report_refresh(report=report, by=people["alice"])
    event = AuditEvent.objects.filter(object_id=str(report.pk), action="update").latest("at")
    assert event.actor == people["alice"] and event.note == "figures recomputed from the evidence"
    assert event.changes and all(before != after for before, after in event.changes.values())
    figures = {f.indicator.name: f.value for f in report.figures.select_related("indicator")}
    assert all(figures[name] == after for name, (_before, after) in event.changes.items())


def test_workflow_immutability_and_versions(world, people, cycle):
    request = cycle[world["commune"].pk]
    report = services.report_start(request=request, by=people["alice"])
    services.report_save(
        report=report,
        by=people["alice"],
        lock_version=report.lock_version,
        narrative={"direction": "Đã triển khai Kế hoạch.", "results": "Đã phát 10 lượt."},
    )
    with pytest.raises(PermissionDenied):  # an editor is not the head
        services.report_submit(report=report, by=people["alice"])
    with pytest.raises(ValidationError):  # the head must write the results first? already done
        services.report_return(report=report, by=people["carol"], comment="x")
    services.report_submit(report=report, by=people["hank"])
    report.refresh_from_db()
    with pytest.raises(ValidationError):
        services.report_save(
            report=report,
            by=people["alice"],
            lock_version=report.lock_version,
            narrative={"direction": "Đã triển khai Kế hoạch.", "results": "sửa"},
        )
    with pytest.raises(ValidationError):
        services.report_return(report=report, by=people["carol"], comment=" ")
    with pytest.raises(PermissionDenied):
        services.report_accept(report=report, by=people["hank"])
    services.report_return(report=report, by=people["carol"], comment="Bổ sung số liệu.")
    v2 = services.report_revise(report=report, by=people["alice"])
    assert v2.version == 2 and v2.narrative["results"] == "Đã phát 10 lượt."
    services.report_save(
        report=v2,
        by=people["alice"],
        lock_version=v2.lock_version,
        narrative={"direction": "Đã triển khai Kế hoạch.", "results": "Đã phát 12 lượt."},
    )
    services.report_submit(report=v2, by=people["hank"])
    services.report_accept(report=v2, by=people["carol"])
    first = UnitReport.objects.get(pk=report.pk)
    assert first.narrative["results"] == "Đã phát 10 lượt." and first.status == "returned"
    assert UnitReport.objects.get(pk=v2.pk).status == "accepted"


def test_the_database_itself_refuses_to_change_a_submitted_report(world, people, cycle):
    from django.db import DatabaseError, transaction

    from hangviet.reporting.models import Figure

    request = cycle[world["commune"].pk]
    report = services.report_start(request=request, by=people["alice"])
    services.report_save(
        report=report,
        by=people["alice"],
        lock_version=report.lock_version,
        narrative={"direction": "Đã triển khai Kế hoạch.", "results": "Đã phát 10 lượt."},
    )
    services.report_submit(report=report, by=people["hank"])
    figure = report.figures.first()
    # Bypassing the services (a script, a console, an SQL client) changes nothing.
    for attempt in (
        lambda: UnitReport.objects.filter(pk=report.pk).update(
            narrative={"direction": "Đã triển khai Kế hoạch.", "results": "sửa"}
        ),
        lambda: UnitReport.objects.filter(pk=report.pk).update(status="draft"),
        lambda: Figure.objects.filter(pk=figure.pk).update(value=figure.value + 5),
        lambda: Figure.objects.create(
            report=report, indicator=figure.indicator, computed=1, value=1
        ),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    report.refresh_from_db()
    assert report.narrative["results"] == "Đã phát 10 lượt." and report.status == "submitted"
    # Reviewing is still possible, and a final state stays final.
    services.report_accept(report=report, by=people["carol"], comment="Đạt yêu cầu.")
    with pytest.raises(DatabaseError), transaction.atomic():
        UnitReport.objects.filter(pk=report.pk).update(status="returned")


def test_the_database_closes_every_way_around_the_frozen_report(world, people, cycle):
    """Raw SQL, as a script or an SQL client would send it."""
    from django.db import DatabaseError, connection, transaction

    from hangviet.reporting.models import Figure

    request = cycle[world["commune"].pk]
    report = services.report_start(request=request, by=people["alice"])
    services.report_save(
        report=report,
        by=people["alice"],
        lock_version=report.lock_version,
        narrative={"direction": "Đã triển khai Kế hoạch.", "results": "Đã phát 10 lượt."},
    )
    services.report_submit(report=report, by=people["hank"])
    figure = report.figures.first()
    other = services.report_start(request=cycle[world["sibling"].pk], by=people["bob"])
    draft_figure = other.figures.first()
    figures, reports = Figure._meta.db_table, UnitReport._meta.db_table

    def refused(sql: str, params: list) -> None:  # type: ignore[type-arg]
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)

    refused(f"DELETE FROM {figures} WHERE id = %s", [figure.pk])
    refused(f"DELETE FROM {reports} WHERE id = %s", [report.pk])
    refused(f"UPDATE {figures} SET report_id = %s WHERE id = %s", [report.pk, draft_figure.pk])
    services.report_accept(report=report, by=people["carol"], comment="Đạt yêu cầu.")
    refused(f"UPDATE {reports} SET review_comment = %s WHERE id = %s", ["Không đạt.", report.pk])
    refused(f"UPDATE {reports} SET reviewed_at = NULL WHERE id = %s", [report.pk])
    report.refresh_from_db()
    assert report.review_comment == "Đạt yêu cầu." and report.figures.count() > 0
    # A draft stays free: its figures may be deleted, and the reviewer's account removed.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {figures} WHERE id = %s", [draft_figure.pk])
        cursor.execute(f"UPDATE {reports} SET reviewed_by_id = NULL WHERE id = %s", [report.pk])


def test_a_changed_figure_needs_a_reason(world, people, cycle):
    log(people, world)
    report = services.report_start(request=cycle[world["commune"].pk], by=people["alice"])
    figure = report.figures.get(indicator__code="loudspeaker")
    with pytest.raises(ValidationError):
        services.report_save(
            report=report,
            by=people["alice"],
            lock_version=report.lock_version,
            figures={figure.indicator_id: (9, "")},
        )
    figure.refresh_from_db()
    assert figure.value == 4
    services.report_save(
        report=report,
        by=people["alice"],
        lock_version=report.lock_version,
        figures={figure.indicator_id: (9, "5 lượt phát chưa nhập hệ thống")},
    )
    figure.refresh_from_db()
    assert (figure.computed, figure.value) == (4, 9)


def test_the_optimistic_lock_keeps_both_editors_work(world, people, cycle):
    report = services.report_start(request=cycle[world["commune"].pk], by=people["alice"])
    opened = report.lock_version
    services.report_save(
        report=report,
        by=people["alice"],
        lock_version=opened,
        narrative={"direction": "Đã triển khai Kế hoạch.", "results": "Bản của Mai."},
    )
    with pytest.raises(services.ConcurrentEdit):
        services.report_save(
            report=report,
            by=people["hank"],
            lock_version=opened,
            narrative={"direction": "Đã triển khai Kế hoạch.", "results": "Bản của Nam."},
        )
    report.refresh_from_db()
    assert report.narrative["results"] == "Bản của Mai."
    # Through the page: the loser sees a 409 with their own text kept in the form.
    c = Client()
    c.force_login(people["hank"])
    page = c.post(
        f"/bao-cao/yeu-cau/{report.request_id}/thao-tac/",
        {"action": "save", "lock_version": opened, "n_results": "Bản của Nam."},
    )
    assert page.status_code == 409 and "Bản của Nam." in page.content.decode()


def test_completeness_with_a_merged_unit_never_exceeds_100(world, people, seed_bytes):
    from hangviet.plans.importing import import_file

    _p, plan = import_file(seed_bytes, filename="seed.txt", by=None)
    services.indicators_default(plan=plan, by=None)
    requests = services.requests_generate(plan=plan, period_code="2022H1", by=None)
    # A request for a unit that was merged away before the cut-off is not expected.
    # (The issuing Sở TT&TT consolidates and has no request of its own: any request gives
    # the period's dates.)
    assert not any(r.unit.name == "Sở Thông tin và Truyền thông" for r in requests)
    template = requests[0]
    closed = ReportRequest.objects.create(
        plan=plan,
        unit=world["bac_kan"],
        period_code="2022H1",
        start=template.start,
        end=template.end,
        deadline=template.deadline,
    )
    world["bac_kan"].valid_to = date(2022, 3, 1)
    world["bac_kan"].save(update_fields=["valid_to"])
    for i, request in enumerate([*requests[:5], closed]):
        report = services.report_start(request=request, by=None)
        services.report_save(
            report=report,
            by=None,
            lock_version=report.lock_version,
            narrative={"direction": "Đã triển khai Kế hoạch.", "results": "Kết quả."},
        )
        days = 3 if i == 4 else -1  # the fifth came three days late
        services.report_submit(
            report=report,
            by=None,
            at=timezone.make_aware(
                datetime.combine(request.deadline + timedelta(days=days), time(10))
            ),
        )
    total = completeness(plan.pk, "2022H1")[-1]
    assert (total.expected, total.received, total.on_time) == (len(requests), 5, 4)
    assert total.received_rate <= 1 and total.on_time_rate <= 1


def accept(request, people, **figures):
    """Report for `request` (system), send it and have the coordinator accept it; `figures`
    maps indicator codes to (value, reason)."""
    report = services.report_start(request=request, by=None)
    changed = {
        f.indicator_id: figures[f.indicator.code]
        for f in report.figures.select_related("indicator")
        if f.indicator.code in figures
    }
    services.report_save(
        report=report,
        by=None,
        lock_version=report.lock_version,
        narrative={
            "direction": "Đã triển khai Kế hoạch.",
            "results": "Đã triển khai tuyên truyền.",
        },
        figures=changed,
    )
    services.report_submit(report=report, by=None)
    return services.report_accept(report=report, by=people["carol"])


def test_consolidated_docx_xlsx_and_database_agree(world, people, cycle, plan2026, tmp_path):
    log(people, world)
    log(people, world, title="Bản tin 2", quantity=6)
    activity_create(
        by=people["carol"],
        unit=world["industry"],
        channel=Channel.objects.get(code="agency_portal"),
        kind="portal_post",
        title="Tin hưởng ứng",
        date=date(2026, 2, 3),
        status=Status.CONFIRMED,
    )
    accept(cycle[world["commune"].pk], people)
    accept(cycle[world["industry"].pk], people)
    result = consolidation.consolidate(plan2026, "2026H1")
    totals = {line.indicator.name: line.total for line in result.lines}
    assert totals["Lượt phát trên hệ thống truyền thanh cơ sở"] == 10
    assert totals["Tin, bài trên cổng/trang thông tin điện tử, bản tin"] == 1
    docx_path, xlsx_path = tmp_path / "bc.docx", tmp_path / "bc.xlsx"
    call_command(
        "consolidate",
        "--plan",
        str(plan2026.pk),
        "--period",
        "2026H1",
        "--docx",
        str(docx_path),
        "--xlsx",
        str(xlsx_path),
        stdout=io.StringIO(),
    )
    import docx

    table = docx.Document(str(docx_path)).tables[1]  # after the borderless header table
    # Biểu 01: …, total, evidence.
    docx_totals = {
        row.cells[1].text: int(row.cells[-2].text.replace(".", "")) for row in table.rows[1:]
    }
    sheet = load_workbook(str(xlsx_path))["Biểu 01 Chỉ tiêu"]
    xlsx_totals = {row[1].value: row[-2].value for row in sheet.iter_rows(min_row=5)}
    assert docx_totals == xlsx_totals == totals
    kinds = [p.text for p in docx.Document(str(docx_path)).paragraphs]
    assert "BÁO CÁO" in kinds
    assert "Kính gửi: Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thái Nguyên." in kinds
    sources = load_workbook(str(xlsx_path))["Hoạt động nguồn"]
    assert sources.max_row - 1 == result.activity_count == 3
    # The charts of the statistics page are in the document too, as pictures.
    from PIL import Image

    pictures = [
        part
        for part in docx.Document(str(docx_path)).part.package.parts
        if part.partname.startswith("/word/media/")
    ]
    assert len(pictures) == 1  # by channel (the activities have no theme)
    chart = Image.open(io.BytesIO(pictures[0].blob))
    assert chart.format == "PNG" and chart.width >= 1600
