"""Writing the reports as documents: the consolidated report to the Fatherland Front and each
unit's own report, in the format of Nghị định 30/2020 (DOCX through the shared renderer, PDF
through LibreOffice), and the consolidation's XLSX annex with the per-unit detail."""

import io
from collections.abc import Iterator
from datetime import date
from itertools import islice
from types import SimpleNamespace
from typing import Any

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from hangviet.activities.exports import HEADERS as ACTIVITY_HEADERS
from hangviet.activities.exports import rows as activity_rows
from hangviet.activities.models import Activity
from hangviet.core.charts import bar_chart_png
from hangviet.core.documents import (
    LANDSCAPE_TEXT_CM,
    AdminDocument,
    Annex,
    Block,
    number_line,
    render_docx,
    text_blocks,
)
from hangviet.core.pdf import docx_to_pdf
from hangviet.core.periods import period_label, shifted_period
from hangviet.core.text import format_date, format_date_in_text, format_number, spreadsheet_safe
from hangviet.core.xlsx import fill_sheet
from hangviet.orgs.models import Unit, UnitKind
from hangviet.orgs.selectors import current_units
from hangviet.plans.export import place_date_line
from hangviet.plans.models import Plan
from hangviet.plans.selectors import front_of
from hangviet.reporting import outline, quality
from hangviet.reporting.models import UnitReport
from hangviet.reporting.record import STATE_LABELS, Consolidation
from hangviet.reporting.references import bases_reference, plan_reference

CAMPAIGN = "Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”"
# At most this many differences are printed in the document; all are in the annex.
DIFFERENCES_PRINTED = 12


def _n(value: int) -> str:
    return format_number(value)


def _topic(plan: Plan) -> str:
    summary = plan.summary.strip()
    return f"{summary[:1].lower()}{summary[1:]}" if summary else ""


def indicator_rows(c: Consolidation) -> list[list[str]]:
    """Biểu 01: the figures of record by group and their total, and beside them the evidence
    of the same units as it stands now (each column under its rule)."""
    header = [
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        *[label for _c, label in c.groups],
        "Tổng số (theo báo cáo)",
        "Theo minh chứng",
    ]
    rows = [header]
    for i, line in enumerate(c.lines, start=1):
        rows.append(
            [
                str(i),
                line.indicator.name,
                line.indicator.unit_label,
                *[_n(line.reported.get(code, 0)) for code, _l in c.groups],
                _n(line.total),
                _n(line.evidence_total),
            ]
        )
    return rows


def difference_rows(c: Consolidation, limit: int | None = None) -> list[list[str]]:
    rows = [["Đơn vị", "Chỉ tiêu", "Theo minh chứng", "Đơn vị báo cáo", "Lý do"]]
    for d in c.differences[:limit]:
        rows.append(
            [
                d.record.unit.display_name,
                d.indicator.name,
                _n(d.evidence),
                _n(d.reported),
                d.reason,
            ]
        )
    return rows


def completeness_rows(c: Consolidation) -> list[list[str]]:
    rows = [["Nhóm đơn vị", "Phải báo cáo", "Đã gửi", "Đúng hạn", "Đã tiếp nhận"]]
    accepted: dict[str, int] = {}
    for rec in c.accepted:
        accepted[rec.group] = accepted.get(rec.group, 0) + 1
    for row in c.completeness:
        taken = len(c.accepted) if row.group == "total" else accepted.get(row.group, 0)
        rows.append([row.label, _n(row.expected), _n(row.received), _n(row.on_time), _n(taken)])
    return rows


# The indicators the printed annex shows unit by unit (its columns), in this order.
ANNEX_INDICATORS = (
    ("articles", "Tin, bài báo"),
    ("broadcast_programmes", "Chương trình PT-TH"),
    ("portal_posts", "Tin, bài cổng TTĐT"),
    ("loudspeaker", "Lượt phát loa"),
    ("banners", "Băng rôn, pano"),
    ("conferences", "Hội nghị"),
    ("fairs", "Phiên chợ, hội chợ"),
)


def unit_annex_rows(c: Consolidation) -> list[list[str]]:
    """Biểu 04: every reporting unit, its state, and its figures of record (the accepted) or
    its evidence not yet consolidated (the others, in brackets)."""
    present = [(code, label) for code, label in ANNEX_INDICATORS if c.facts.record.get(code)]
    by_code = {line.indicator.code: line.indicator for line in c.lines}
    present = [(code, label) for code, label in present if code in by_code] or [
        (code, label) for code, label in ANNEX_INDICATORS if code in by_code
    ][:5]
    values: dict[int, dict[str, int]] = {}
    for rec in c.accepted:
        if rec.record is not None:
            kept = {f.indicator_id: f.value for f in rec.record.figures.all()}
            values[rec.request.pk] = {code: kept.get(by_code[code].pk, 0) for code, _l in present}
    pending = {rec.request.pk: ev for rec, ev in c.pending_units}
    rows = [["TT", "Cơ quan, đơn vị", "Tình trạng báo cáo", *[label for _c, label in present]]]
    for i, rec in enumerate(c.records, start=1):
        cells = [
            str(i),
            rec.unit.display_name,
            STATE_LABELS[rec.state] + (" (chậm)" if rec.late else ""),
        ]
        if rec.request.pk in values:
            cells += [_n(values[rec.request.pk][code]) for code, _l in present]
        else:
            evidence = pending.get(rec.request.pk, {})
            cells += [f"({_n(evidence.get(by_code[code].pk, 0))})" for code, _l in present]
        rows.append(cells)
    return rows


def silent_rows(c: Consolidation) -> list[list[str]]:
    """Biểu 05: the communes of the hard areas with no confirmed activity in the period."""
    place = c.facts.locality_words.capitalize()
    rows = [["TT", place, "Miền núi", "Vùng sâu, vùng xa", "Vùng đồng bào DTTS"]]
    for i, unit in enumerate(c.facts.silent, start=1):
        marks = ["x" if getattr(unit, flag) else "" for flag in
                 ("is_mountainous", "is_remote", "is_ethnic_minority")]  # fmt: skip
        rows.append([str(i), unit.area_name or unit.display_name, *marks])
    return rows


def _issuer_code(unit: Unit) -> str:
    """The issuer's part of a document's symbol: "UBND" for a People's Committee of any level
    ("Số: 12/BC-UBND"), the body's abbreviation otherwise."""
    if unit.kind in (UnitKind.COMMUNE_PC, UnitKind.DISTRICT_PC, UnitKind.PROVINCE_PC):
        return "UBND"
    return unit.abbreviation or ""


def _reference_line(c: Consolidation, unit: Unit) -> str:
    saved = c.saved
    number = saved.number if saved and saved.number else f"      /BC-{_issuer_code(unit)}"
    day = format_date_in_text(saved.sent_on) if saved and saved.sent_on else "      "
    return f"(Kèm theo Báo cáo số {number} ngày {day} của {unit.name})"


def _annex(c: Consolidation, unit: Unit) -> Annex:
    """The Phụ lục the report refers to, printed after its signature, landscape."""
    rows = unit_annex_rows(c)
    figures = len(rows[0]) - 3
    blocks = [
        Block(
            "caption", "Biểu 04. Kết quả của từng cơ quan, đơn vị (theo báo cáo đã được tiếp nhận)"
        ),
        Block(
            "table",
            rows=rows,
            widths=[1.0, 8.2, 4.4, *[(LANDSCAPE_TEXT_CM - 13.6) / max(figures, 1)] * figures],
        ),
        Block(
            "note",
            "Số trong ngoặc đơn là minh chứng đã xác nhận của đơn vị có báo cáo chưa được tổng "
            "hợp (chưa tính vào Biểu 01).",
        ),
    ]
    if len(c.differences) > DIFFERENCES_PRINTED:
        blocks += [
            Block("caption", "Biểu 02 (đầy đủ). Số liệu đơn vị báo cáo khác với minh chứng"),
            Block("table", rows=difference_rows(c), widths=[5.4, 5.6, 2.6, 2.6, 9.0]),
        ]
    silent = silent_rows(c)
    if len(silent) > 1:
        blocks += [
            Block(
                "caption",
                f"Biểu 05. {c.facts.locality_words.capitalize()} thuộc địa bàn khó khăn chưa ghi "
                "nhận hoạt động",
            ),
            Block("table", rows=silent, widths=[1.0, 9.2, 5.0, 5.0, 5.0]),
        ]
    blocks.append(
        Block(
            "note",
            "Danh sách các hoạt động nguồn (minh chứng) và số liệu chi tiết theo từng chỉ tiêu "
            "tại tệp Excel kèm theo báo cáo.",
        )
    )
    return Annex(
        subtitle=f"KẾT QUẢ THỰC HIỆN CỦA CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG "
        f"{period_label(c.period.code, document=True).upper()}",
        reference=_reference_line(c, unit),
        blocks=blocks,
    )


def issuing_unit_on(plan: Plan, day: date) -> Unit:
    """The body that issues the plan's report on `day`: the plan's issuer while it existed,
    else the unit it became (a department merged in a reform reports as its successor)."""
    unit = plan.issuing_unit
    if unit.is_valid_on(day):
        return unit
    return next((u for u in current_units(unit) if u.is_valid_on(day)), unit)


def report_date(c: Consolidation) -> date | None:
    """The report's date, as the coordinator set it (never today's by default)."""
    return c.saved.sent_on if c.saved and c.saved.sent_on else None


def consolidation_document(c: Consolidation, *, signer_name: str = "") -> AdminDocument:
    """Return the consolidated report as an administrative document (BÁO CÁO) with its
    Phụ lục, signed by `signer_name` (by default the plan's signer). Its date, issuing body
    and words are those of its period: a report of 2022 is dated in 2022, by the body of
    2022, and names the communes, wards and towns of then."""
    plan, saved = c.plan, c.saved
    day = report_date(c)
    unit = issuing_unit_on(plan, day or c.period.end)
    words = period_label(c.period.code, document=True)
    bases = bases_reference(plan)
    citation = plan_reference(plan)
    opening = f"Thực hiện {bases} và {citation}" if bases else f"Thực hiện {citation}"
    start, end = format_date_in_text(c.period.start), format_date_in_text(c.period.end)
    opening += (
        f" về {_topic(plan)}, {unit.name} báo cáo kết quả thực hiện {words} (số liệu từ ngày "
        f"{start} đến ngày {end}) như sau:"
    )
    text = c.narrative
    body: list[Block] = [Block("paragraph", opening)]
    body.append(Block("heading", outline.heading("direction")))
    body += text_blocks(text["direction"])
    body.append(Block("heading", outline.heading("results")))
    body += text_blocks(text["results"])
    groups = len(c.groups)
    body.append(Block("caption", "Biểu 01. Kết quả thực hiện theo chỉ tiêu"))
    body.append(
        Block(
            "table",
            rows=indicator_rows(c),
            widths=[
                0.9,
                16.5 - 0.9 - 2.3 - 1.9 * groups - 1.9 * 2,
                2.3,
                *[1.9] * groups,
                1.9,
                1.9,
            ],
        )
    )
    body.append(
        Block(
            "note",
            "Tổng số tính theo báo cáo đã được tiếp nhận; cột “Theo minh chứng” là minh chứng "
            "đã xác nhận của các đơn vị đó tại ngày lập báo cáo.",
        )
    )
    if c.differences:
        body.append(Block("caption", "Biểu 02. Số liệu đơn vị báo cáo khác với minh chứng"))
        body.append(
            Block(
                "table",
                rows=difference_rows(c, DIFFERENCES_PRINTED),
                widths=[3.4, 3.6, 1.9, 1.9, 5.7],
            )
        )
        if len(c.differences) > DIFFERENCES_PRINTED:
            body.append(
                Block(
                    "note",
                    f"Biểu 02 nêu {DIFFERENCES_PRINTED}/{len(c.differences)} trường hợp; danh "
                    "sách đầy đủ tại Phụ lục.",
                )
            )
    channels = c.facts.by_channel
    if channels:
        body.append(
            Block(
                "image",
                image=bar_chart_png(
                    [
                        SimpleNamespace(label=name, count=n, quantity=q)
                        for _c, name, n, q in channels
                    ],
                    "Số hoạt động theo kênh tuyên truyền (theo minh chứng đã xác nhận của các "
                    "đơn vị báo cáo)",
                ),
                image_width=15.5,
            )
        )
    body.append(Block("caption", "Biểu 03. Tình hình gửi báo cáo của các cơ quan, đơn vị"))
    body.append(Block("table", rows=completeness_rows(c), bold_last_row=True))
    body.append(Block("heading", outline.ASSESSMENT_HEADING))
    body.append(Block("subheading", outline.heading("strengths")))
    body += text_blocks(text["strengths"])
    body.append(Block("subheading", outline.heading("limitations")))
    body += text_blocks(text["limitations"])
    body.append(Block("heading", outline.heading("next_tasks", c.upcoming_words)))
    body += text_blocks(text["next_tasks"])
    body.append(Block("heading", outline.heading("proposals")))
    body += text_blocks(text["proposals"])
    body.append(
        Block(
            "paragraph",
            f"Trên đây là báo cáo kết quả thực hiện {CAMPAIGN} {words} của {unit.name}./.",
        )
    )
    front = front_of(plan)
    addressee = (saved.sent_to if saved and saved.sent_to else "") or (
        front.name if front else "Ban Chỉ đạo Cuộc vận động tỉnh"
    )
    division = consolidating_division(plan)
    archive = division.abbreviation if division and division.abbreviation else ""
    province = Unit.objects.filter(pk=unit.root_id).first()
    recipients = ["- Như trên;"]
    steering = _steering(front)
    if steering is not None:
        recipients.append(f"- {steering.short_name or steering.name} (b/c);")
    if province is not None:
        recipients.append(f"- {province.short_name or province.name} (b/c);")
    recipients += ["- Lãnh đạo Sở;", f"- Lưu: VT, {archive}." if archive else "- Lưu: VT."]
    year = (
        day.year
        if day
        else max(r.deadline for r in c.requests).year
        if c.requests
        else c.period.end.year
    )
    return AdminDocument(
        parent_body=plan.parent_body or (unit.parent.short_name if unit.parent else ""),
        issuer_name=unit.name,
        number_line=number_line(saved.number if saved else "", "BC", _issuer_code(unit)),
        place_date=place_date_line(
            plan.place, day.day if day else None, day.month if day else None, year
        ),
        doc_type_name="BÁO CÁO",
        summary=f"Kết quả thực hiện {CAMPAIGN} {words}",
        addressee=f"Kính gửi: {addressee}.",
        body=body,
        recipients=recipients,
        signer_title=plan.signer_title or "GIÁM ĐỐC",
        signer_authority=plan.signer_authority,
        signer_name=signer_name or plan.signer_name,
        title=f"Báo cáo kết quả thực hiện {CAMPAIGN} {words}",
        annexes=[_annex(c, unit)],
    )


def _steering(front: Unit | None) -> Unit | None:
    if front is None:
        return None
    return Unit.objects.filter(kind=UnitKind.STEERING, parent=front).first()


def consolidating_division(plan: Plan) -> Unit | None:
    """The division the units report through ("qua Phòng …"), which drafts the report."""
    for obligation in plan.obligations.select_related("via"):
        if obligation.via is not None:
            return obligation.via
    return None


def consolidation_docx(c: Consolidation) -> bytes:
    """Return the DOCX; documents are written in Vietnamese whatever the reader's language."""
    with translation.override("vi"):
        return render_docx(consolidation_document(c))


def consolidation_pdf(c: Consolidation) -> bytes:
    return docx_to_pdf(consolidation_docx(c))


# --- A unit's own report -----------------------------------------------------------------


def _signer(unit: Unit) -> tuple[str, str]:
    """Return (authority, title) of who signs a unit's report."""
    if unit.kind in (UnitKind.COMMUNE_PC, UnitKind.DISTRICT_PC, UnitKind.PROVINCE_PC):
        return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    if unit.kind == UnitKind.PRESS:
        return "", "TỔNG BIÊN TẬP" if unit.name.startswith("Báo") else "GIÁM ĐỐC"
    if unit.kind == UnitKind.DEPARTMENT:
        return "", "GIÁM ĐỐC"
    if unit.kind == UnitKind.DIVISION:
        return "", "TRƯỞNG PHÒNG"
    return "", "THỦ TRƯỞNG ĐƠN VỊ"


def _department(unit: Unit | None) -> Unit | None:
    """The department a report is addressed to (a division reports through its department)."""
    while unit is not None and unit.kind == UnitKind.DIVISION:
        unit = unit.parent
    return unit


def unit_report_document(report: UnitReport) -> AdminDocument:
    """Return a unit's report (one version) as a document in the Nghị định 30 format."""
    request = report.request
    unit, plan = request.unit, request.plan
    words = period_label(request.period_code, document=True)
    code = shifted_period(request.period_code, 1)
    upcoming = period_label(code, document=True) if code else "thời gian tới"
    narrative = report.narrative or {}
    body: list[Block] = [
        Block(
            "paragraph",
            f"Thực hiện {plan_reference(plan)} về {_topic(plan)}, {unit.name} báo cáo kết quả "
            f"thực hiện {words} (số liệu từ ngày {format_date_in_text(request.start)} đến ngày "
            f"{format_date_in_text(request.end)}) như sau:",
        )
    ]
    for key in ("direction", "results"):
        body.append(Block("heading", outline.heading(key)))
        body += text_blocks(narrative.get(key, ""))
    figures = list(report.figures.select_related("indicator"))
    shown = [f for f in figures if f.value or f.computed]
    if figures:
        if shown:  # a caption is never printed without its table
            body.append(Block("caption", "Biểu số liệu kết quả thực hiện"))
        rows = [["TT", "Chỉ tiêu", "Đơn vị tính", "Theo minh chứng", "Báo cáo", "Ghi chú"]]
        for i, f in enumerate(shown, start=1):
            rows.append(
                [
                    str(i),
                    f.indicator.name,
                    f.indicator.unit_label,
                    _n(f.computed),
                    _n(f.value),
                    f.reason,
                ]
            )
        if shown:
            body.append(Block("table", rows=rows, widths=[1.0, 5.4, 1.8, 2.1, 1.8, 4.4]))
        others = [f.indicator.name for f in figures if not (f.value or f.computed)]
        if others:
            body.append(
                Block(
                    "note", f"Các chỉ tiêu khác không phát sinh trong kỳ ({len(others)} chỉ tiêu)."
                )
            )
    assessment = [
        (outline.heading(key).split(". ", 1)[1], narrative.get(key, ""))
        for key in ("strengths", "limitations")
    ]
    assessment = [(title, text) for title, text in assessment if text.strip()]
    if assessment:
        body.append(Block("heading", outline.ASSESSMENT_HEADING))
        for number, (title, text) in enumerate(assessment, start=1):
            body.append(Block("subheading", f"{number}. {title}"))
            body += text_blocks(text)
    for key in ("next_tasks", "proposals"):
        if (narrative.get(key) or "").strip():
            body.append(Block("heading", outline.heading(key, upcoming)))
            body += text_blocks(narrative[key])
    body.append(
        Block(
            "paragraph",
            f"Trên đây là báo cáo kết quả thực hiện {CAMPAIGN} {words} của {unit.name}./.",
        )
    )
    addressee = unit_report_receiver(report)
    day = timezone.localdate(report.submitted_at) if report.submitted_at else timezone.localdate()
    authority, title = _signer(unit)
    province = Unit.objects.filter(pk=unit.root_id).first()
    parent_body = ""
    if unit.kind in (UnitKind.DEPARTMENT, UnitKind.PRESS, UnitKind.OTHER) and province:
        parent_body = province.short_name or province.name
    elif unit.kind == UnitKind.DIVISION and unit.parent is not None:
        parent_body = unit.parent.name
    place = plan.place
    if unit.kind == UnitKind.COMMUNE_PC and unit.area_name:
        place = unit.area_name.split(" ", 1)[-1]
    signer = report.submitted_by
    return AdminDocument(
        parent_body=parent_body,
        issuer_name=unit.name,
        number_line=number_line("", "BC", _issuer_code(unit)),
        place_date=place_date_line(place, day.day, day.month, day.year),
        doc_type_name="BÁO CÁO",
        summary=f"Kết quả thực hiện {CAMPAIGN} {words}",
        addressee=f"Kính gửi: {addressee.name}.",
        body=body,
        recipients=["- Như trên;", "- Lưu: VT."],
        signer_authority=authority,
        signer_title=title,
        signer_name=(signer.get_full_name() or signer.get_username()) if signer else "",
        title=f"Báo cáo của {unit.name}: {words}",
    )


def unit_report_receiver(report: UnitReport) -> Unit:
    """The department a unit's report goes to (the plan's issuer when none is named)."""
    return _department(report.request.recipient) or report.request.plan.issuing_unit


def unit_report_docx(report: UnitReport) -> bytes:
    with translation.override("vi"):
        return render_docx(unit_report_document(report))


def unit_report_pdf(report: UnitReport) -> bytes:
    return docx_to_pdf(unit_report_docx(report))


# --- The XLSX annex ----------------------------------------------------------------------


def consolidation_xlsx(c: Consolidation) -> bytes:
    """Return the annex: the tables of the report, the per-unit detail (every unit's figures
    of record beside its evidence, and its state), the evidence of the units without an
    accepted report (apart), the silent communes, and the source activities."""
    with translation.override("vi"):
        return _xlsx(c)


def _unit_rows(c: Consolidation, *, evidence: bool) -> list[list[object]]:
    """Every reporting unit with its state and, by indicator, its figures of record (the
    accepted; `evidence` False) or its evidence (`evidence` True: what the accepted report
    computed when it was sent, and the current evidence of a unit whose report is not
    accepted). Two sheets, so that each prints legibly on one page's width."""
    indicators = [line.indicator for line in c.lines]
    header: list[object] = ["Đơn vị", "Nhóm", "Tình trạng", "Gửi lúc", "Hạn gửi"]
    header += [i.name for i in indicators]
    rows = [header]
    figures: dict[int, dict[int, tuple[int, int]]] = {}
    for rec in c.accepted:
        if rec.record is not None:
            figures[rec.request.pk] = {
                f.indicator_id: (f.value, f.computed) for f in rec.record.figures.all()
            }
    pending = {rec.request.pk: ev for rec, ev in c.pending_units}
    labels = dict(c.groups)
    for rec in c.records:
        row: list[object] = [
            rec.unit.display_name,
            labels.get(rec.group, rec.group),
            STATE_LABELS[rec.state] + (" (chậm)" if rec.late else ""),
            timezone.localtime(rec.first_sent).strftime("%d/%m/%Y %H:%M") if rec.first_sent else "",
            format_date(rec.request.deadline),
        ]
        for i in indicators:
            if rec.request.pk in figures:
                reported, behind = figures[rec.request.pk].get(i.pk, (0, 0))
                row.append(behind if evidence else reported)
            else:
                row.append(pending.get(rec.request.pk, {}).get(i.pk, 0) if evidence else "")
        rows.append(row)
    return rows


def quality_rows(c: Consolidation) -> list[list[object]]:
    """Per reporting unit: its evidence, how much of it is corroborated by independent records
    (press monitoring, the broadcast log), the sample checked and verified, and the checks of
    its figures still unexplained."""
    sample = quality.latest_sample(c.plan, c.period.code)
    verified = {v.unit.pk: v for v in quality.verified(sample)}
    flags: dict[int, int] = {}
    for flag in quality.open_flags(quality.flags_for(c.plan, c.period.code)):
        flags[flag.request.pk] = flags.get(flag.request.pk, 0) + 1
    rows: list[list[object]] = [
        [
            "Đơn vị",
            "Minh chứng",
            "Ghi nhận độc lập (báo chí, nhật ký phát thanh)",
            "Minh chứng khớp với ghi nhận độc lập",
            "Tỷ lệ được đối chiếu (%)",
            "Mẫu kiểm tra",
            "Đã kiểm tra",
            "Đạt",
            "Điểm cần giải trình",
        ]
    ]
    for row in quality.corroboration(c.plan, c.period.code):
        v = verified.get(row.request.unit_id)
        rows.append(
            [
                row.request.unit.display_name,
                row.total,
                row.independent,
                row.matched,
                round(100 * row.share) if row.share is not None else "",
                v.drawn if v else "",
                v.checked if v else "",
                v.verified if v else "",
                flags.get(row.request.pk, 0),
            ]
        )
    return rows


def _xlsx(c: Consolidation) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    sheets: list[tuple[str, list[list[object]]]] = [
        ("Biểu 01 Chỉ tiêu", [[_cell(v) for v in row] for row in indicator_rows(c)]),
        ("Theo đơn vị (báo cáo)", _unit_rows(c, evidence=False)),
        ("Theo đơn vị (minh chứng)", _unit_rows(c, evidence=True)),
        ("Biểu 02 Điều chỉnh", [[_cell(v) for v in row] for row in difference_rows(c)]),
        (
            "Chưa được tiếp nhận",
            [
                ["Chỉ tiêu", "Đơn vị tính", "Theo minh chứng (chưa tính vào tổng hợp)"],
                *[[ln.indicator.name, ln.indicator.unit_label, ln.pending] for ln in c.lines],
            ],
        ),
        (
            "Theo kênh (minh chứng)",
            [
                ["Kênh", "Số hoạt động", "Số lượng"],
                *[[n, a, q] for _c, n, a, q in c.facts.by_channel],
            ],
        ),
        (
            "Theo nội dung (minh chứng)",
            [["Nội dung", "Số hoạt động"], *[[t, n] for t, n in c.facts.by_theme]],
        ),
        (
            "Địa bàn khó khăn",
            [
                ["Địa bàn", "Số xã có hoạt động", "Tổng số xã", "Xã chưa có hoạt động"],
                *[
                    [a.label, a.fact.value, a.total, ", ".join(u.area_name for u in a.silent)]
                    for a in c.facts.areas
                ],
            ],
        ),
        ("Biểu 03 Tình hình báo cáo", [[_cell(v) for v in row] for row in completeness_rows(c)]),
        ("Kiểm tra, đối chiếu", quality_rows(c)),
    ]
    unit = issuing_unit_on(c.plan, report_date(c) or c.period.end)
    reference = _reference_line(c, unit)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        widths = _printable(ws, rows, header_row=4)
        ws.append([f"PHỤ LỤC — {title.upper()}"])
        ws.append([reference])
        ws.append([])
        for row in rows:
            ws.append([spreadsheet_safe(v) for v in row])
        _lay_out(ws, widths, header_row=4)
    # The source sheet (tens of thousands of rows at national scale) is written straight
    # into its XML after its header; it is the last sheet.
    ws = wb.create_sheet("Hoạt động nguồn")
    first: Any = list(islice(_in_order(c), 200))  # light records, as below
    sample = list(activity_rows(first))
    widths = _printable(ws, [ACTIVITY_HEADERS, *sample], header_row=1)
    ws.append(list(ACTIVITY_HEADERS))
    _lay_out(ws, widths, header_row=1)
    out = io.BytesIO()
    wb.save(out)
    records: Any = _in_order(c)  # light records with the fields the sheet shows
    source = ([spreadsheet_safe(v) for v in row] for row in activity_rows(records))
    return fill_sheet(out.getvalue(), len(sheets) + 1, source)


FIELDS = (
    "pk",
    "unit__name",
    "unit__short_name",
    "unit__code",
    "date",
    "end_date",
    "channel__name",
    "kind",
    "title",
    "quantity",
    "measure",
    "source",
    "status",
    "url",
    "external_id",
)


def _in_order(c: Consolidation, chunk: int = 5000) -> Iterator[SimpleNamespace]:
    """The source activities by date, as light records with what the sheet shows, read in
    chunks by id. (A server-side cursor over the overlap query makes PostgreSQL favour a fast
    first row — a walk of the whole date index — and took 14 s for one province-period at
    national scale; the ids sort in milliseconds.)"""
    ids = list(c.activities().order_by("date", "pk").values_list("pk", flat=True))
    for i in range(0, len(ids), chunk):
        part = ids[i : i + chunk]
        found = {
            row[0]: row for row in Activity.all_objects.filter(pk__in=part).values_list(*FIELDS)
        }
        for pk in part:
            (
                _pk, name, short, code, day, end, channel, kind, title, quantity, measure,
                source, status, url, external_id,
            ) = found[pk]  # fmt: skip
            yield SimpleNamespace(
                pk=pk,
                unit=SimpleNamespace(display_name=short or name, code=code),
                date=day,
                end_date=end,
                channel=SimpleNamespace(name=channel),
                kind=kind,
                title=title,
                quantity=quantity,
                measure=measure,
                source=source,
                status=status,
                url=url,
                external_id=external_id,
            )


def _printable(ws: Any, rows: list[list[Any]], *, header_row: int) -> list[float]:
    """Column widths from what the columns hold (the header wraps, it does not widen its
    column), landscape A4 one page wide, the header row repeated on every printed page.
    Return the widths, for wrapping the long cells."""
    widths: list[float] = []
    for index in range(max((len(r) for r in rows), default=0)):
        body = [len(str(r[index])) for r in rows[1:200] if index < len(r) and r[index] != ""]
        head = str(rows[0][index]) if rows and index < len(rows[0]) else ""
        words = max((len(w) for w in head.split()), default=4)
        # Wide enough for the header to wrap on at most three lines, never wider than needed.
        fitted = max(max(body, default=4) + 2, words + 2, -(-len(head) // 3) + 2, 7)
        width = min(fitted, SHEET_MAX_WIDTH)
        ws.column_dimensions[get_column_letter(index + 1)].width = width
        widths.append(width)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    return widths


# The widest a column of the annex gets (characters); longer text wraps within it.
SHEET_MAX_WIDTH = 40
WRAP = Alignment(wrap_text=True, vertical="top")


def _lay_out(ws: Any, widths: list[float], *, header_row: int) -> None:
    """The title and header rows bold, text wrapped inside its column, and each row as tall
    as its longest wrapped cell (a spreadsheet does not grow rows for wrapped text by itself
    when it prints)."""
    for row in ws.iter_rows(min_row=1):
        lines = 1
        for cell, width in zip(row, [*widths, *[SHEET_MAX_WIDTH] * len(row)], strict=False):
            if cell.row in (1, header_row):
                cell.font = BOLD
            if cell.row < header_row:
                continue  # the title and the reference line run across the columns
            cell.alignment = WRAP
            if isinstance(cell.value, str) and len(cell.value) > width - 1:
                lines = max(lines, -(-len(cell.value) // max(int(width) - 2, 1)))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = 15 * lines


BOLD = Font(bold=True)


def _cell(value: object) -> object:
    """Numbers go into the workbook as numbers."""
    if not isinstance(value, str):
        return value
    digits = value.replace(".", "")
    return int(digits) if digits.isdecimal() and value != "TT" else value
