"""Writing the reports as documents: the consolidated report to the Fatherland Front and each
unit's own report, in the format of Nghị định 30/2020 (DOCX through the shared renderer, PDF
through LibreOffice), and the consolidation's XLSX annex with the per-unit detail."""

import io
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from hangviet.activities.exports import HEADERS as ACTIVITY_HEADERS
from hangviet.activities.exports import rows as activity_rows
from hangviet.activities.models import Activity
from hangviet.core.charts import bar_chart_png
from hangviet.core.documents import (
    AdminDocument,
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
from hangviet.orgs.permissions import within
from hangviet.plans.export import place_date_line
from hangviet.plans.models import Plan
from hangviet.reporting.models import UnitReport
from hangviet.reporting.record import STATE_LABELS, Consolidation
from hangviet.reporting.references import plan_reference

CAMPAIGN = "Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”"
# At most this many differences are printed in the document; all are in the annex.
DIFFERENCES_PRINTED = 12


def _n(value: int) -> str:
    return format_number(value)


def _directives(plan: Plan) -> str:
    """The directives a plan implements, as the opening cites them (at most two)."""
    cited = []
    for basis in plan.legal_bases.all():
        if basis.kind.lower() != "chỉ thị":
            continue
        issuer = basis.issuer.split(" phê duyệt")[0].split(" về ")[0].strip()
        when = f" ngày {format_date_in_text(basis.issued_on)}" if basis.issued_on else ""
        cited.append(f"Chỉ thị số {basis.reference}{when}" + (f" của {issuer}" if issuer else ""))
    return ", ".join(cited[:2])


def _topic(plan: Plan) -> str:
    summary = plan.summary.strip()
    return f"{summary[:1].lower()}{summary[1:]}" if summary else ""


def indicator_rows(c: Consolidation) -> list[list[str]]:
    """Biểu 01: the figures of record by group, their total, and the evidence behind them."""
    header = [
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        *[label for _c, label in c.groups],
        "Tổng số",
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


def _issuer_code(unit: Unit) -> str:
    if unit.kind == UnitKind.COMMUNE_PC:
        return "UBND"
    return unit.abbreviation or ""


def consolidation_document(c: Consolidation, *, signer_name: str = "") -> AdminDocument:
    """Return the consolidated report as an administrative document (BÁO CÁO), signed by
    `signer_name` (by default the plan's signer)."""
    plan, saved = c.plan, c.saved
    unit = plan.issuing_unit
    words = period_label(c.period.code, document=True)
    code = shifted_period(c.period.code, 1)
    upcoming = period_label(code, document=True) if code else "thời gian tới"
    directives = _directives(plan)
    opening = (
        f"Thực hiện {directives} và {plan_reference(plan)}"
        if directives
        else f"Thực hiện {plan_reference(plan)}"
    )
    start, end = format_date_in_text(c.period.start), format_date_in_text(c.period.end)
    opening += (
        f" về {_topic(plan)}, {unit.name} báo cáo kết quả thực hiện {words} (số liệu từ ngày "
        f"{start} đến ngày {end}) như sau:"
    )
    text = c.narrative
    body: list[Block] = [Block("paragraph", opening)]
    body.append(Block("heading", "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI"))
    body += text_blocks(text["direction"])
    body.append(Block("heading", "II. KẾT QUẢ THỰC HIỆN"))
    body += text_blocks(text["results"])
    groups = len(c.groups)
    body.append(
        Block("caption", "Biểu 01. Kết quả thực hiện theo chỉ tiêu (báo cáo đã được tiếp nhận)")
    )
    body.append(
        Block(
            "table",
            rows=indicator_rows(c),
            widths=[
                1.0,
                16.5 - 1.0 - 1.6 - 1.9 * groups - 1.7 * 2,
                1.6,
                *[1.9] * groups,
                1.7,
                1.7,
            ],
        )
    )
    if c.differences:
        body.append(
            Block("caption", "Biểu 02. Số liệu đơn vị báo cáo khác với minh chứng trên hệ thống")
        )
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
                    "sách đầy đủ tại Phụ lục (tệp Excel kèm theo).",
                )
            )
    if c.by_channel:
        body.append(
            Block(
                "image",
                image=bar_chart_png(
                    [
                        SimpleNamespace(label=name, count=n, quantity=q)
                        for _code, name, n, q in c.by_channel
                    ],
                    "Số hoạt động theo kênh tuyên truyền (báo cáo đã được tiếp nhận)",
                ),
                image_width=14.0,
            )
        )
    body.append(Block("caption", "Biểu 03. Tình hình gửi báo cáo của các cơ quan, đơn vị"))
    body.append(Block("table", rows=completeness_rows(c), bold_last_row=True))
    body.append(Block("heading", "III. ĐÁNH GIÁ CHUNG"))
    body.append(Block("subheading", "1. Ưu điểm"))
    body += text_blocks(text["strengths"])
    body.append(Block("subheading", "2. Hạn chế, nguyên nhân"))
    body += text_blocks(text["limitations"])
    body.append(Block("heading", f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {upcoming.upper()}"))
    body += text_blocks(text["next_tasks"])
    body.append(Block("heading", "V. ĐỀ XUẤT, KIẾN NGHỊ"))
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
    today = saved.sent_on if saved and saved.sent_on else timezone.localdate()
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
    return AdminDocument(
        parent_body=plan.parent_body or (unit.parent.short_name if unit.parent else ""),
        issuer_name=unit.name,
        number_line=number_line(saved.number if saved else "", "BC", _issuer_code(unit)),
        place_date=place_date_line(plan.place, today.day, today.month, today.year),
        doc_type_name="BÁO CÁO",
        summary=f"Kết quả thực hiện {CAMPAIGN} {words}",
        addressee=f"Kính gửi: {addressee}.",
        body=body,
        recipients=recipients,
        signer_title=plan.signer_title or "GIÁM ĐỐC",
        signer_authority=plan.signer_authority,
        signer_name=signer_name or plan.signer_name,
        title=f"Báo cáo kết quả thực hiện {CAMPAIGN} {words}",
    )


def front_of(plan: Plan) -> Unit | None:
    """The Fatherland Front committee the issuer reports to: the recipient of the plan's
    own reporting duty, else the province's Front in the registry."""
    for obligation in plan.obligations.select_related("recipient"):
        if obligation.recipient is not None and obligation.recipient.kind == UnitKind.FRONT:
            return obligation.recipient
    province = Unit.objects.get(pk=plan.issuing_unit.root_id)
    return within(Unit.objects.filter(kind=UnitKind.FRONT), province, "").order_by("depth").first()


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
    sections = [
        ("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI", "direction"),
        ("II. KẾT QUẢ THỰC HIỆN", "results"),
    ]
    for heading, key in sections:
        body.append(Block("heading", heading))
        body += text_blocks(narrative.get(key, ""))
    figures = list(report.figures.select_related("indicator"))
    shown = [f for f in figures if f.value or f.computed]
    if figures:
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
    strengths, limits = narrative.get("strengths", ""), narrative.get("limitations", "")
    assessment = [("Ưu điểm", strengths), ("Hạn chế, nguyên nhân", limits)]
    assessment = [(title, text) for title, text in assessment if text.strip()]
    if assessment:
        body.append(Block("heading", "III. ĐÁNH GIÁ CHUNG"))
        for number, (title, text) in enumerate(assessment, start=1):
            body.append(Block("subheading", f"{number}. {title}"))
            body += text_blocks(text)
    for heading, key in (
        (f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {upcoming.upper()}", "next_tasks"),
        ("V. ĐỀ XUẤT, KIẾN NGHỊ", "proposals"),
    ):
        if (narrative.get(key) or "").strip():
            body.append(Block("heading", heading))
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


def _unit_rows(c: Consolidation) -> list[list[object]]:
    indicators = [line.indicator for line in c.lines]
    header: list[object] = ["Đơn vị", "Nhóm", "Tình trạng", "Gửi lúc", "Hạn gửi"]
    for i in indicators:
        header += [f"{i.name} (báo cáo)", f"{i.name} (minh chứng)"]
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
                row += [reported, behind]
            else:
                row += ["", pending.get(rec.request.pk, {}).get(i.pk, 0)]
        rows.append(row)
    return rows


def _xlsx(c: Consolidation) -> bytes:
    wb = Workbook(write_only=True)
    sheets: list[tuple[str, list[list[object]]]] = [
        ("Biểu 01 Chỉ tiêu", [[_cell(v) for v in row] for row in indicator_rows(c)]),
        ("Chi tiết theo đơn vị", _unit_rows(c)),
        ("Biểu 02 Điều chỉnh", [[_cell(v) for v in row] for row in difference_rows(c)]),
        (
            "Chưa được tiếp nhận",
            [
                ["Chỉ tiêu", "Đơn vị tính", "Theo minh chứng (chưa tính vào tổng hợp)"],
                *[[ln.indicator.name, ln.indicator.unit_label, ln.pending] for ln in c.lines],
            ],
        ),
        (
            "Theo kênh",
            [["Kênh", "Số hoạt động", "Số lượng"], *[[n, a, q] for _c, n, a, q in c.by_channel]],
        ),
        ("Theo nội dung", [["Nội dung", "Số hoạt động"], *[[t, n] for t, n in c.by_theme]]),
        (
            "Địa bàn khó khăn",
            [
                ["Địa bàn", "Số xã có hoạt động", "Tổng số xã", "Xã chưa có hoạt động"],
                *[[r.label, r.reached, r.total, ", ".join(r.silent)] for r in c.reach],
            ],
        ),
        ("Biểu 03 Tình hình báo cáo", [[_cell(v) for v in row] for row in completeness_rows(c)]),
    ]
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        ws.append(_bold(rows[0], ws))
        for row in rows[1:]:
            ws.append([spreadsheet_safe(v) for v in row])
    ws = wb.create_sheet("Hoạt động nguồn")
    ws.append(_bold(ACTIVITY_HEADERS, ws))
    out = io.BytesIO()
    wb.save(out)
    # The source sheet (tens of thousands of rows at national scale) is written straight
    # into its XML; it is the last sheet.
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


def _bold(values: list[Any], ws: Any) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=spreadsheet_safe(value))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _cell(value: object) -> object:
    """Numbers go into the workbook as numbers."""
    if not isinstance(value, str):
        return value
    digits = value.replace(".", "")
    return int(digits) if digits.isdecimal() and value != "TT" else value
