"""The coordinator's consolidated report for a plan and a period, computed straight from the
confirmed evidence of the units that report, and written as a DOCX (Nghị định 30 format, the
shared renderer) with an XLSX annex. The DOCX tables, the XLSX sheets and a direct count over
the database give the same totals: they come from one computation."""

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from operator import or_
from types import SimpleNamespace

from django.db.models import Count, Q, Sum
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from hangviet.activities.exports import HEADERS as ACTIVITY_HEADERS
from hangviet.activities.exports import _rows as activity_rows
from hangviet.activities.models import Activity, Status
from hangviet.analytics.charts import bar_chart_png
from hangviet.core.documents import AdminDocument, Block, render_docx
from hangviet.core.periods import Period, period_for_code
from hangviet.core.text import format_number, spreadsheet_safe
from hangviet.core.xlsx import fill_sheet
from hangviet.orgs.models import Unit, UnitKind
from hangviet.plans.export import place_date_line
from hangviet.plans.models import Channel, Plan
from hangviet.reporting.computing import evidence
from hangviet.reporting.models import (
    NARRATIVE_SECTIONS,
    Aggregation,
    ConsolidatedReport,
    ReportRequest,
    ReportStatus,
)
from hangviet.reporting.selectors import GROUPS, Completeness, completeness, group_of


@dataclass
class Consolidation:
    plan: Plan
    period: Period
    requests: list[ReportRequest]
    groups: list[tuple[str, str]]  # (code, label) of the groups present
    indicators: list[tuple[str, str, dict[str, int], int]]  # name, unit label, per group, total
    by_channel: list[tuple[str, int, int]]  # channel, activities, quantity
    by_theme: list[tuple[str, int]]
    reach: list[tuple[str, int, int]]  # flag label, communes reached, communes flagged
    completeness: list[Completeness]
    missing: list[Unit]
    narrative: dict[str, str]
    unit_ids: list[int] = field(default_factory=list)
    activity_count: int = 0

    def activities(self):  # type: ignore[no-untyped-def]
        """The confirmed activities behind every figure (the source sheet of the annex)."""
        return Activity.objects.filter(status=Status.CONFIRMED, unit_id__in=self.unit_ids).in_range(
            self.period.start, self.period.end
        )


def _owner_map(requests: list[ReportRequest]) -> dict[int, ReportRequest]:
    """Map every unit id under a reporting unit to that unit's request (deepest wins). One
    query: the units under the requests' roots, each owned by its nearest requesting ancestor."""
    if not requests:
        return {}
    by_unit = {r.unit_id: r for r in requests}
    roots = {r.unit.path.strip("/").split("/")[0] for r in requests}
    owners: dict[int, ReportRequest] = {}
    for pk, path in Unit.objects.filter(
        reduce(or_, (Q(path__startswith=f"/{root}/") for root in roots))
    ).values_list("pk", "path"):
        for ancestor in reversed(path.strip("/").split("/")):
            request = by_unit.get(int(ancestor))
            if request is not None:
                owners[pk] = request
                break
    return owners


def _selects(indicator, row: dict) -> bool:  # type: ignore[no-untyped-def]
    """Whether an indicator counts a group of activities (the filters of `evidence`)."""
    return (
        (not indicator.kinds or row["kind"] in indicator.kinds)
        and (not indicator.channels or row["channel__code"] in indicator.channels)
        and (not indicator.measures or row["measure"] in indicator.measures)
        and (not indicator.unit_kinds or row["unit__kind"] in indicator.unit_kinds)
    )


def _drafted_narrative(requests: list[ReportRequest]) -> dict[str, str]:
    """Draft each section from the units' latest sent versions, one paragraph per unit."""
    parts: dict[str, list[str]] = defaultdict(list)
    for request in requests:
        sent = [
            r
            for r in request.reports.all()
            if r.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
        ]
        if not sent:
            continue
        latest = max(sent, key=lambda r: r.version)
        for code, _label in NARRATIVE_SECTIONS:
            text = (latest.narrative.get(code) or "").strip()
            if text:
                parts[code].append(f"{request.unit.display_name}: {text}")
    return {code: "\n".join(parts[code]) for code, _l in NARRATIVE_SECTIONS}


def consolidate(plan: Plan, period_code: str) -> Consolidation:
    """Return the consolidated figures of `plan` for the period (labels in Vietnamese)."""
    with translation.override("vi"):
        return _consolidate(plan, period_code)


def _consolidate(plan: Plan, period_code: str) -> Consolidation:
    period = period_for_code(period_code) if not period_code.count("..") else None
    requests = list(
        ReportRequest.objects.filter(plan=plan, period_code=period_code)
        .select_related("unit")
        .prefetch_related("reports")
    )
    if period is None:
        start, end = period_code.split("..")
        period = Period(period_code, date.fromisoformat(start), date.fromisoformat(end))
    owners = _owner_map(requests)
    unit_ids = list(owners)
    present = [
        (c, str(label)) for c, label, _k in GROUPS if any(group_of(r.unit) == c for r in requests)
    ]
    base = Activity.objects.filter(status=Status.CONFIRMED, unit_id__in=unit_ids).in_range(
        period.start, period.end
    )
    # One read of the evidence, grouped by everything an indicator may select on; each
    # indicator then adds up the groups it selects — the same rows `computing.evidence`
    # returns for it (an indicator on a theme needs the theme join and is read on its own).
    grouped = list(
        base.values("unit_id", "kind", "channel__code", "measure", "unit__kind")
        .annotate(n=Count("pk"), q=Sum("quantity"))
        .order_by()
    )
    indicators = []
    for indicator in plan.indicators.all():
        per_group: dict[str, int] = defaultdict(int)
        if indicator.theme_id:
            value = (
                Sum("quantity")
                if indicator.aggregation == Aggregation.SUM
                else Count("pk", distinct=True)
            )
            qs = evidence(indicator, unit_ids, period.start, period.end)
            for row in qs.values("unit_id").annotate(v=value).order_by():
                per_group[group_of(owners[row["unit_id"]].unit)] += int(row["v"] or 0)
        else:
            for row in grouped:
                if _selects(indicator, row):
                    value = row["q"] if indicator.aggregation == Aggregation.SUM else row["n"]
                    per_group[group_of(owners[row["unit_id"]].unit)] += int(value or 0)
        indicators.append(
            (indicator.name, indicator.unit_label, dict(per_group), sum(per_group.values()))
        )
    names = dict(Channel.objects.values_list("code", "name"))
    channel_sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in grouped:
        channel_sums[row["channel__code"]][0] += row["n"]
        channel_sums[row["channel__code"]][1] += int(row["q"] or 0)
    by_channel = sorted(
        ((names[code], n, q) for code, (n, q) in channel_sums.items()), key=lambda r: -r[1]
    )
    labels = {t.pk: t.label for t in plan.themes.all()}
    by_theme = [
        (labels.get(r["themes"], ""), r["n"])
        for r in base.filter(themes__isnull=False)
        .values("themes")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n")
    ]
    province = Unit.objects.get(pk=plan.issuing_unit.root_id)
    communes = Unit.objects.under(province).valid_on(period.end).filter(kind=UnitKind.COMMUNE_PC)
    # A commune is reached by the activities it logged and by those that name it as reached.
    # (Read from the link table, the activities as a subquery: joined the other way SQLite
    # walked the whole activity table.)
    reached_ids = {row["unit_id"] for row in grouped} | set(
        Activity.communes.through.objects.filter(activity_id__in=base.values("pk")).values_list(
            "unit_id", flat=True
        )
    )
    reach = []
    for flag, label in (
        ("is_mountainous", "Xã, phường miền núi"),
        ("is_remote", "Xã vùng sâu, vùng xa, đặc biệt khó khăn"),
        ("is_ethnic_minority", "Xã vùng đồng bào dân tộc thiểu số"),
    ):
        flagged = set(communes.filter(**{flag: True}).values_list("pk", flat=True))
        reach.append((label, len(flagged & reached_ids), len(flagged)))
    missing = [
        r.unit
        for r in requests
        if r.unit.is_valid_on(r.end) and not any(rep.submitted_at for rep in r.reports.all())
    ]
    saved = ConsolidatedReport.objects.filter(plan=plan, period_code=period_code).first()
    drafted = _drafted_narrative(requests)
    narrative = {
        code: (
            saved.narrative.get(code)
            if saved and saved.narrative.get(code)
            else drafted.get(code, "")
        )
        for code, _l in NARRATIVE_SECTIONS
    }
    return Consolidation(
        plan=plan,
        period=period,
        requests=requests,
        groups=present,
        indicators=indicators,
        by_channel=by_channel,
        by_theme=by_theme,
        reach=reach,
        completeness=completeness(plan.pk, period_code),
        missing=missing,
        narrative=narrative,
        unit_ids=unit_ids,
        activity_count=sum(n for _name, n, _q in by_channel),
    )


def _n(value: int) -> str:
    return format_number(value)


def indicator_rows(c: Consolidation) -> list[list[str]]:
    header = ["TT", "Chỉ tiêu", "Đơn vị tính", *[label for _c, label in c.groups], "Tổng số"]
    rows = [header]
    for i, (name, label, per_group, total) in enumerate(c.indicators, start=1):
        rows.append(
            [str(i), name, label, *[_n(per_group.get(code, 0)) for code, _l in c.groups], _n(total)]
        )
    return rows


def _period_words(period: Period) -> str:
    if period.code.endswith("H1"):
        return f"06 tháng đầu năm {period.code[:4]}"
    if period.code.endswith("H2"):
        return f"06 tháng cuối năm {period.code[:4]}"
    if len(period.code) == 4:
        return f"năm {period.code}"
    return f"từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}"


def document(c: Consolidation, saved: ConsolidatedReport | None) -> AdminDocument:
    """Return the consolidated report as an administrative document (BÁO CÁO)."""
    plan = c.plan
    unit = plan.issuing_unit
    words = _period_words(c.period)
    plan_ref = f"Kế hoạch số {plan.number or '…'}/{plan.symbol}"
    body: list[Block] = [
        Block(
            "paragraph",
            (
                f"Thực hiện {plan_ref} của {unit.name} về {plan.summary[:1].lower()}"
                f"{plan.summary[1:]}, {unit.name} báo cáo kết quả thực hiện {words} "
                f"(số liệu từ ngày {c.period.start:%d/%m/%Y} "
                f"đến ngày {c.period.end:%d/%m/%Y}) như sau:"
            ),
        )
    ]
    body.append(Block("heading", "I. KẾT QUẢ THỰC HIỆN"))
    body.append(Block("subheading", "1. Kết quả tuyên truyền theo chỉ tiêu"))
    groups = len(c.groups)
    body.append(
        Block(
            "table",
            rows=indicator_rows(c),
            widths=[0.9, 16.5 - 0.9 - 2.0 - 2.1 * (groups + 1), 2.0, *[2.1] * (groups + 1)],
        )
    )
    body.append(Block("subheading", "2. Kết quả theo kênh tuyên truyền"))
    body.append(
        Block(
            "table",
            rows=[
                ["Kênh", "Số hoạt động", "Số lượng"],
                *[[n, _n(a), _n(q)] for n, a, q in c.by_channel],
                [
                    "Tổng số",
                    _n(sum(a for _n2, a, _q in c.by_channel)),
                    _n(sum(q for _n2, _a, q in c.by_channel)),
                ],
            ],
            bold_last_row=True,
        )
    )
    if c.by_channel:
        body.append(
            Block(
                "image",
                image=bar_chart_png(
                    [SimpleNamespace(label=n, count=a, quantity=q) for n, a, q in c.by_channel],
                    "Số hoạt động theo kênh tuyên truyền",
                ),
            )
        )
    if c.by_theme:
        body.append(Block("subheading", "3. Kết quả theo nội dung tuyên truyền"))
        body.append(
            Block(
                "table", rows=[["Nội dung", "Số hoạt động"], *[[t, _n(n)] for t, n in c.by_theme]]
            )
        )
        body.append(
            Block(
                "image",
                image=bar_chart_png(
                    [SimpleNamespace(label=t, count=n, quantity=0) for t, n in c.by_theme],
                    "Số hoạt động theo nội dung tuyên truyền",
                ),
            )
        )
    body.append(Block("subheading", "4. Địa bàn khó khăn được tuyên truyền"))
    body.append(
        Block(
            "table",
            rows=[
                ["Địa bàn", "Số xã có hoạt động", "Tổng số xã"],
                *[[label, _n(r), _n(t)] for label, r, t in c.reach],
            ],
        )
    )
    body.append(Block("subheading", "5. Tình hình báo cáo của các cơ quan, đơn vị"))
    body.append(
        Block(
            "table",
            rows=[
                ["Nhóm đơn vị", "Phải báo cáo", "Đã báo cáo", "Đúng hạn", "Tỷ lệ đúng hạn"],
                *[
                    [
                        row.label,
                        _n(row.expected),
                        _n(row.received),
                        _n(row.on_time),
                        f"{format_number(row.on_time_rate * 100, 1)}%",
                    ]
                    for row in c.completeness
                ],
            ],
            bold_last_row=True,
        )
    )
    if c.missing:
        body.append(
            Block(
                "paragraph",
                "Các đơn vị chưa gửi báo cáo: "
                + ", ".join(u.display_name for u in c.missing)
                + ".",
            )
        )
    results = c.narrative.get("results", "")
    body += [Block("paragraph", p) for p in results.split("\n") if p.strip()]
    for roman, (code, title) in zip(
        ["II", "III", "IV"],
        [
            ("strengths", "ƯU ĐIỂM"),
            ("limitations", "HẠN CHẾ, NGUYÊN NHÂN"),
            ("proposals", "ĐỀ XUẤT, KIẾN NGHỊ"),
        ],
        strict=True,
    ):
        body.append(Block("heading", f"{roman}. {title}"))
        text = c.narrative.get(code, "").strip() or "Không có."
        body += [Block("paragraph", p) for p in text.split("\n") if p.strip()]
    body.append(
        Block(
            "paragraph",
            f"Trên đây là báo cáo kết quả thực hiện {plan_ref} {words} của {unit.name}./.",
        )
    )
    today = saved.sent_on if saved and saved.sent_on else timezone.localdate()
    recipients = ["- Như trên;", "- UBND tỉnh (b/c);", f"- Lưu: VT, {unit.abbreviation or ''}."]
    front = (
        "Ủy ban MTTQ tỉnh (Ban Chỉ đạo Cuộc vận động “Người Việt Nam ưu tiên dùng hàng "
        "Việt Nam” tỉnh)"
    )
    return AdminDocument(
        parent_body=plan.parent_body or (unit.parent.short_name if unit.parent else ""),
        issuer_name=unit.name,
        number_line=f"Số: {saved.number if saved and saved.number else '   '}/BC-"
        f"{plan.symbol.split('-', 1)[-1]}",
        place_date=place_date_line(plan.place, today.day, today.month, today.year),
        doc_type_name="BÁO CÁO",
        summary=f"Kết quả thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” "
        f"{words}",
        addressee=f"Kính gửi: {saved.sent_to if saved and saved.sent_to else front}.",
        body=body,
        recipients=recipients,
        signer_title=plan.signer_title or "GIÁM ĐỐC",
        signer_authority=plan.signer_authority,
        signer_name=plan.signer_name,
        title=f"Báo cáo {words}",
    )


def docx(c: Consolidation, saved: ConsolidatedReport | None) -> bytes:
    """Return the DOCX; documents are written in Vietnamese whatever the reader's language."""
    with translation.override("vi"):
        return render_docx(document(c, saved))


def xlsx(c: Consolidation) -> bytes:
    """Return the annex: one sheet per breakdown and one of the source activities."""
    with translation.override("vi"):
        return _xlsx(c)


def _xlsx(c: Consolidation) -> bytes:
    wb = Workbook(write_only=True)
    sheets = [
        ("Chỉ tiêu theo nhóm", [[_cell(v) for v in row] for row in indicator_rows(c)]),
        (
            "Theo kênh",
            [["Kênh", "Số hoạt động", "Số lượng"], *[[n, a, q] for n, a, q in c.by_channel]],
        ),
        ("Theo nội dung", [["Nội dung", "Số hoạt động"], *[[t, n] for t, n in c.by_theme]]),
        (
            "Địa bàn khó khăn",
            [
                ["Địa bàn", "Số xã có hoạt động", "Tổng số xã"],
                *[[label, r, t] for label, r, t in c.reach],
            ],
        ),
        (
            "Tình hình báo cáo",
            [
                ["Nhóm đơn vị", "Phải báo cáo", "Đã báo cáo", "Đúng hạn"],
                *[[row.label, row.expected, row.received, row.on_time] for row in c.completeness],
            ],
        ),
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
    rows = ([spreadsheet_safe(v) for v in row] for row in activity_rows(_in_order(c)))
    return fill_sheet(out.getvalue(), len(sheets) + 1, rows)


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


def _in_order(c: Consolidation, chunk: int = 5000):  # type: ignore[no-untyped-def]
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


def _bold(values: list, ws) -> list[WriteOnlyCell]:  # type: ignore[no-untyped-def]
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=spreadsheet_safe(value))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _cell(value: str) -> object:
    """Numbers go into the workbook as numbers."""
    digits = value.replace(".", "")
    return int(digits) if digits.isdecimal() and value not in ("TT",) and value != "" else value
