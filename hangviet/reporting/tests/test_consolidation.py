"""The consolidated report a department signs: the figures of record, the drafted narrative,
the coordinator's edits, the documents (DOCX, PDF, XLSX) and each unit's own report."""

import io
import re
import shutil
import subprocess
from datetime import date, datetime, time, timedelta

import docx
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from hangviet.activities.models import EvidenceLock, Status
from hangviet.activities.services import activity_create, lock_exception_grant
from hangviet.core.tests import decree30
from hangviet.orgs.models import Unit, UnitKind
from hangviet.plans.models import Channel
from hangviet.reporting import consolidation, documents, services
from hangviet.reporting.record import ACCEPTED, MISSING, RETURNED, SUBMITTED
from hangviet.reporting.tests.test_reporting import accept

pytestmark = pytest.mark.django_db
CUTOFF_REASON = "03 lượt phát ngày 12/6 chưa kịp cập nhật lên hệ thống do mất điện."


@pytest.fixture
def cycle(world, people, plan2026):
    services.indicators_default(plan=plan2026, by=people["carol"])
    requests = services.requests_generate(plan=plan2026, period_code="2026H1", by=people["carol"])
    return {r.unit_id: r for r in requests}


def broadcasts(unit: Unit, people, n: int, title: str = "Bản tin hàng Việt") -> None:
    activity_create(
        by=people["carol"],
        unit=unit,
        channel=Channel.objects.get(code="commune_radio"),
        kind="loudspeaker",
        title=title,
        date=date(2026, 3, 2),
        quantity=n,
        measure="broadcasts",
        status=Status.CONFIRMED,
    )


def sent(request, people, *, days_late: int = -1, narrative=None):
    report = services.report_start(request=request, by=None)
    services.report_save(
        report=report,
        by=None,
        lock_version=report.lock_version,
        narrative=narrative
        or {
            "direction": "Đã triển khai Kế hoạch.",
            "results": "Đã tuyên truyền trên loa truyền thanh.",
        },
    )
    at = timezone.make_aware(
        datetime.combine(request.deadline + timedelta(days=days_late), time(9))
    )
    return services.report_submit(report=report, by=None, at=at)


def third_commune(world, cycle) -> Unit:
    return next(
        u
        for u in Unit.objects.filter(pk__in=cycle, kind=UnitKind.COMMUNE_PC).order_by("pk")
        if u.pk not in (world["commune"].pk, world["sibling"].pk)
    )


def test_the_figures_of_record_follow_the_reports(world, people, cycle, plan2026):
    """Accepted (with a corrected figure), late and accepted, returned, sent and not yet
    reviewed, missing: only accepted reports are counted, the rest listed by state with their
    evidence apart, and the issuing department is not one of its own reporting units."""
    commune, sibling, industry = world["commune"], world["sibling"], world["industry"]
    missing, waiting = third_commune(world, cycle), None
    broadcasts(commune, people, 10)
    broadcasts(sibling, people, 5)
    broadcasts(missing, people, 7)
    accept(cycle[commune.pk], people, loudspeaker=(13, CUTOFF_REASON))
    late = sent(cycle[industry.pk], people, days_late=3)
    services.report_accept(report=late, by=people["carol"])
    returned = sent(cycle[sibling.pk], people)
    services.report_return(report=returned, by=people["carol"], comment="Bổ sung số liệu.")
    waiting = next(u for u in Unit.objects.filter(pk__in=cycle, kind=UnitKind.PRESS).order_by("pk"))
    sent(cycle[waiting.pk], people)

    c = consolidation.consolidate(plan2026, "2026H1")
    assert plan2026.issuing_unit.pk not in {r.unit.pk for r in c.records}
    state = {r.unit.pk: r.state for r in c.records}
    assert state[commune.pk] == ACCEPTED and state[industry.pk] == ACCEPTED
    assert state[sibling.pk] == RETURNED and state[waiting.pk] == SUBMITTED
    assert state[missing.pk] == MISSING
    assert next(r for r in c.records if r.unit.pk == industry.pk).late
    line = next(ln for ln in c.lines if ln.indicator.code == "loudspeaker")
    assert (line.total, line.evidence_total, line.pending) == (13, 10, 5 + 7)
    assert line.reported.get("localities") == 13 and not line.reported.get("departments")
    [difference] = c.differences
    assert (difference.record.unit, difference.evidence, difference.reported) == (commune, 10, 13)
    assert difference.reason == CUTOFF_REASON
    # The same figures in every document.
    document = docx.Document(io.BytesIO(documents.consolidation_docx(c)))
    table = document.tables[1]
    row = next(r for r in table.rows if r.cells[1].text.startswith("Lượt phát"))
    assert (row.cells[-2].text, row.cells[-1].text) == ("13", "10")
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for t in document.tables for r in t.rows for cell in r.cells)
    assert CUTOFF_REASON in cells  # Biểu 02 carries the unit's reason
    assert "chưa gửi báo cáo" in text and "đang được bổ sung, hoàn thiện" in text
    workbook = load_workbook(io.BytesIO(documents.consolidation_xlsx(c)))
    sheet = workbook["Biểu 01 Chỉ tiêu"]
    # Rows 1-3: the Phụ lục's title, the line tying it to the report, a blank; row 4: header.
    xlsx = {r[1].value: (r[-2].value, r[-1].value) for r in sheet.iter_rows(min_row=5)}
    assert xlsx["Lượt phát trên hệ thống truyền thanh cơ sở"] == (13, 10)
    pending = {r[0].value: r[2].value for r in workbook["Chưa được tiếp nhận"].iter_rows(min_row=5)}
    assert pending["Lượt phát trên hệ thống truyền thanh cơ sở"] == 12
    detail = list(workbook["Theo đơn vị (báo cáo)"].iter_rows(values_only=True))
    by_unit = {row[0]: row for row in detail[1:]}
    assert by_unit[commune.display_name][2].startswith("đã tiếp nhận")
    assert by_unit[missing.display_name][2].startswith("chưa gửi báo cáo")
    # The source sheet lists the evidence behind the figures of record only.
    sources = workbook["Hoạt động nguồn"]
    assert sources.max_row - 1 == c.activity_count == 1  # the accepted commune only


def test_a_returned_report_counts_once_its_correction_is_accepted(world, people, cycle, plan2026):
    broadcasts(world["commune"], people, 4)
    first = sent(cycle[world["commune"].pk], people)
    services.report_return(report=first, by=people["carol"], comment="Bổ sung.")
    c = consolidation.consolidate(plan2026, "2026H1")
    assert next(ln for ln in c.lines if ln.indicator.code == "loudspeaker").total == 0
    second = services.report_revise(report=first, by=None)
    services.report_save(report=second, by=None, lock_version=second.lock_version)
    services.report_submit(report=second, by=None)
    services.report_accept(report=second, by=people["carol"])
    c = consolidation.consolidate(plan2026, "2026H1")
    assert next(ln for ln in c.lines if ln.indicator.code == "loudspeaker").total == 4


def _sentences(document: docx.document.Document) -> list[str]:
    out = []
    for p in document.paragraphs:
        if p.alignment != 3:  # the justified body, not headings, header or signature
            continue
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", p.text) if len(s.split()) > 3]
    return out


@pytest.fixture
def demo_cycle(world, people, plan2026):
    from hangviet.activities.demo import build_activities
    from hangviet.reporting.demo import build_cycles

    build_activities({"2026": plan2026})
    build_cycles({"2026": plan2026}, keep_open={world["commune"].pk})
    return consolidation.consolidate(plan2026, "2026H1")


def test_the_demo_report_reads_as_a_report(demo_cycle):
    c = demo_cycle
    states = {r.state for r in c.records}
    assert {ACCEPTED, RETURNED, MISSING} <= states and c.differences
    assert any(r.late and r.state == ACCEPTED for r in c.records)
    data = documents.consolidation_docx(c)
    assert decree30.problems(data) == []
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for heading in (
        "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 06 THÁNG CUỐI NĂM 2026",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert heading in texts, heading
    assert "Kính gửi: Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thái Nguyên." in texts
    assert any("Kế hoạch số 18/KH-SVHTTDL ngày 23/01/2026" in t for t in texts)
    sentences = _sentences(document)
    repeated = {s for s in sentences if sentences.count(s) > 1}
    assert repeated == set(), repeated
    # Figures inside the sentences, grouped, and the units' words merged, not listed.
    body = "\n".join(texts)
    assert re.search(r"các cơ quan báo chí của tỉnh đã đăng \d+ tin, bài", body)
    # What many communes asked becomes the Sở's own proposal, with how many asked.
    assert re.search(r"thay thế các cụm loa .+ theo đề nghị của \d+ xã, phường", body)
    assert not re.search(r"^UBND xã [^:]+: ", body, re.M)  # no "Unit: text" dump
    assert "Phiên chợ hàng Việt về xã Thần Sa" in body  # a named example
    assert "<w:br/>" not in document.element.body.xml


def test_the_coordinator_edits_one_section_and_regenerates_another(demo_cycle, people):
    c = demo_cycle
    plan = c.plan
    services.consolidation_section_save(
        plan=plan,
        period_code="2026H1",
        by=people["carol"],
        section="proposals",
        text="Đề nghị Ban Chỉ đạo tỉnh hỗ trợ kinh phí thay loa.\r\nĐề nghị tập huấn.\r\n",
        lock_version=0,
    )
    services.consolidation_section_save(
        plan=plan,
        period_code="2026H1",
        by=people["carol"],
        section="strengths",
        text="Ưu điểm do điều phối viên viết.",
        lock_version=1,
    )
    again = consolidation.consolidate(plan, "2026H1")
    assert again.narrative["proposals"] == (
        "Đề nghị Ban Chỉ đạo tỉnh hỗ trợ kinh phí thay loa.\nĐề nghị tập huấn."
    )
    services.consolidation_section_regenerate(
        plan=plan, period_code="2026H1", by=people["carol"], section="strengths", lock_version=2
    )
    again = consolidation.consolidate(plan, "2026H1")
    assert again.edited == {"proposals"}
    assert again.narrative["strengths"] == "\n".join(line.text for line in c.drafted["strengths"])
    # Another coordinator's save in between is not overwritten.
    with pytest.raises(services.ConcurrentEdit):
        services.consolidation_section_save(
            plan=plan,
            period_code="2026H1",
            by=people["carol"],
            section="results",
            text="x",
            lock_version=2,
        )


@pytest.mark.parametrize(
    "text,message",
    [("x" * 100_001, "tối đa 20.000"), ("\x00\x01", "")],
)
def test_bad_section_text(demo_cycle, people, text, message):
    plan = demo_cycle.plan
    if message:
        with pytest.raises(ValidationError, match=message):
            services.consolidation_section_save(
                plan=plan,
                period_code="2026H1",
                by=people["carol"],
                section="results",
                text=text,
                lock_version=0,
            )
        assert consolidation.consolidate(plan, "2026H1").edited == set()
    else:
        saved = services.consolidation_section_save(
            plan=plan,
            period_code="2026H1",
            by=people["carol"],
            section="results",
            text=text,
            lock_version=0,
        )
        assert saved.narrative["results"] == ""


@pytest.mark.parametrize(
    "typed,stored",
    [("125", "125/BC-SVHTTDL"), ("5", "05/BC-SVHTTDL"), ("125/BC-SVHTTDL", "125/BC-SVHTTDL")],
)
def test_number_and_symbol_are_never_cut(demo_cycle, people, typed, stored):
    saved = services.consolidation_save(
        plan=demo_cycle.plan, period_code="2026H1", by=people["carol"], number=typed
    )
    assert saved.number == stored
    c = consolidation.consolidate(demo_cycle.plan, "2026H1")
    header = docx.Document(io.BytesIO(documents.consolidation_docx(c))).tables[0]
    assert f"Số: {stored}" in header.rows[0].cells[0].text


def test_a_number_that_does_not_fit_is_refused(demo_cycle, people):
    with pytest.raises(ValidationError, match="125/BC-SVHTTDL"):
        services.consolidation_save(
            plan=demo_cycle.plan, period_code="2026H1", by=people["carol"], number="12 ab/x"
        )


def test_a_unit_downloads_its_own_report(world, people, cycle, client_for):
    broadcasts(world["commune"], people, 6)
    report = sent(
        cycle[world["commune"].pk],
        people,
        narrative={
            "direction": "Đã quán triệt Kế hoạch tới các thôn.",
            "results": "Đài truyền thanh xã phát 6 lượt tin.\r\nTreo 2 băng rôn tại chợ.",
            "proposals": "Đề nghị hỗ trợ loa.",
        },
    )
    answer = client_for(people["hank"]).get(f"/bao-cao/bao-cao/{report.pk}/tai-ve.docx")
    assert answer.status_code == 200
    assert decree30.problems(answer.content) == []
    document = docx.Document(io.BytesIO(answer.content))
    texts = [p.text for p in document.paragraphs]
    assert "Kính gửi: Sở Văn hóa, Thể thao và Du lịch." in texts
    assert "Treo 2 băng rôn tại chợ." in texts  # each line its own paragraph
    header = document.tables[0].rows[0].cells[0].text
    # The body's name is broken where agencies break it, never inside the place's name.
    assert "ỦY BAN NHÂN DÂN\nXÃ TÂN CƯƠNG" in header and "/BC-UBND" in header
    signature = [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert signature[:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    figures = document.tables[1]
    assert any(
        r.cells[1].text.startswith("Lượt phát") and r.cells[3].text == "6" for r in figures.rows
    )
    assert (
        client_for(people["bob"]).get(f"/bao-cao/bao-cao/{report.pk}/tai-ve.docx").status_code
        == 404
    )


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed here")
def test_both_documents_as_pdf(demo_cycle, people, client_for, tmp_path):
    c = demo_cycle
    answer = client_for(people["carol"]).get(f"/bao-cao/ke-hoach/{c.plan.pk}/2026H1/bao-cao.pdf")
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(answer.content)
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
        pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
        # About 100 units: the report, then its Phụ lục (Biểu 04 of every unit, Biểu 05 of the
        # communes without activity) on landscape pages — measured 2026-12-06 (docs/reporting.md).
        assert 2 <= pages <= 18
    report = c.accepted[0].record
    answer = client_for(people["carol"]).get(f"/bao-cao/bao-cao/{report.pk}/tai-ve.pdf")
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")


def test_the_previous_period_of_the_same_kind_is_compared(world, people, cycle, plan2026):
    broadcasts(world["commune"], people, 4)
    activity_create(
        by=people["carol"],
        unit=world["commune"],
        channel=Channel.objects.get(code="commune_radio"),
        kind="loudspeaker",
        title="Bản tin cuối năm 2025",
        date=date(2025, 9, 1),  # 2025H2
        quantity=3,
        status=Status.CONFIRMED,
    )
    accept(cycle[world["commune"].pk], people)
    # The accepted period is locked; the coordinator opens it for a late bulletin.
    lock = EvidenceLock.objects.get(unit=world["commune"])
    lock_exception_grant(lock=lock, reason="Bổ sung bản tin phát muộn", by=people["carol"])
    broadcasts(world["commune"], people, 2, title="Bản tin thứ hai")
    c = consolidation.consolidate(plan2026, "2026H1")
    comparison = c.facts.comparison
    assert comparison is not None and (comparison.previous, comparison.current) == (1, 2)
    assert (
        "Theo minh chứng đã xác nhận, số hoạt động của các đơn vị có báo cáo được tổng hợp tăng "
        "100% so với 06 tháng cuối năm 2025 (từ 1 lên 2 hoạt động)." in c.narrative["results"]
    )


def test_the_page_computes_once_per_change_of_its_inputs(
    world, people, cycle, plan2026, monkeypatch
):
    """Issue 34: the report page's consolidation is kept while its inputs are unchanged; a new
    piece of evidence or a reviewed report computes it again; a section the coordinator edits
    is read fresh without a recomputation."""
    consolidation._cache.clear()
    computed = []
    real = consolidation._consolidate

    def counting(plan, period_code):
        computed.append(period_code)
        return real(plan, period_code)

    monkeypatch.setattr(consolidation, "_consolidate", counting)
    broadcasts(world["commune"], people, 4)
    accept(cycle[world["commune"].pk], people)
    first = consolidation.consolidate_cached(plan2026, "2026H1")
    again = consolidation.consolidate_cached(plan2026, "2026H1")
    assert len(computed) == 1 and again.lines[0].total == first.lines[0].total
    services.consolidation_section_save(
        plan=plan2026,
        period_code="2026H1",
        section="proposals",
        text="Đề nghị Ủy ban MTTQ tỉnh tiếp tục phối hợp.",
        by=people["carol"],
        lock_version=0,
    )
    edited = consolidation.consolidate_cached(plan2026, "2026H1")
    assert len(computed) == 1
    assert "tiếp tục phối hợp" in edited.narrative["proposals"]
    lock = EvidenceLock.objects.get(unit=world["commune"])
    lock_exception_grant(lock=lock, reason="Bổ sung", by=people["carol"])
    broadcasts(world["commune"], people, 2, title="Bản tin bổ sung")
    fresh = consolidation.consolidate_cached(plan2026, "2026H1")
    assert len(computed) == 2
    assert fresh.facts.evidence_all != first.facts.evidence_all
