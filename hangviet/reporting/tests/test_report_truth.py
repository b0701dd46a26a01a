"""Every figure and every statement of the demo's consolidated reports (2026H1 and 2022H1) is
true: each number the text states is one of the figures its line carries, and each figure is
recomputed here from the database, independently of the facts layer: breakdowns add up to their
totals, the communes said to have no activity have none, each named article or programme
carries its own unit, no software name is printed, and the statistics pages give the same reach
by the same rule (issue #28)."""

import io
import re
from collections import defaultdict
from datetime import date

import docx
import pytest
from django.contrib.auth import get_user_model

from hangviet.activities.models import Activity, Status
from hangviet.analytics.selectors import coverage
from hangviet.core import demo
from hangviet.orgs.models import Unit, UnitKind
from hangviet.plans.models import Plan
from hangviet.reporting import consolidation, documents
from hangviet.reporting.facts import EVIDENCE, RECORD
from hangviet.reporting.models import Figure, ReportStatus

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"(?<![\w/.,-])(\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?![\w/])")
# What is not a figure: dates, document numbers, years, tables' names, percentages and their
# differences in percentage points (computed from two stated figures), a heading's number,
# zero-padded words ("06 tháng", "02 lần"), and titles in quotation marks (the units' words).
NOT_FIGURES = [
    re.compile(p)
    for p in (
        r"“[^”]*”",
        r"\b\d{1,2}/\d{1,2}/\d{4}\b",
        r"\b\d{1,2}/\d{4}\b",
        r"số [\w./-]+",
        r"\b(?:năm|Biểu) \d+",
        r"\d+(?:,\d+)?%",
        r"\d+(?:,\d+)? điểm phần trăm",
        r"\b0\d\b",
        r"^\d+\. ",
        r"^[a-d]\) ",
    )
]
# In the units' merged words only the report's own framing is a figure: "24/87 xã, phường",
# "của 87 xã", "UBND 20 xã, phường".
FRAMING = re.compile(r"(\d+)/(\d+) |(?:của|Trong|UBND) (\d+) ")


def _numbers(text: str) -> list[int]:
    for pattern in NOT_FIGURES:
        text = pattern.sub(" ", text)
    return [int(m.group(1).replace(".", "")) for m in NUMBER.finditer(text)]


def _stated(line, titles: list[str]) -> list[int]:
    if line.quoted:
        return [int(x) for m in FRAMING.finditer(line.text) for x in m.groups() if x]
    text = line.text
    for title in titles:  # a named activity's title is its unit's words ("… kỳ 6")
        text = text.replace(title, " ")
    return _numbers(text)


def _of_record(c) -> dict[str, dict[int, int]]:
    """Each indicator's value in each accepted unit's latest accepted report, from the rows."""
    values: dict[str, dict[int, int]] = defaultdict(dict)
    for request in c.requests:
        accepted = request.reports.filter(status=ReportStatus.ACCEPTED).order_by("-version")
        report = accepted.first()
        if report is None:
            continue
        for figure in Figure.objects.filter(report=report).select_related("indicator"):
            values[figure.indicator.code][request.unit_id] = figure.value
    return values


def _confirmed(start: date, end: date):
    return Activity.objects.filter(status=Status.CONFIRMED, date__range=(start, end))


def _has_activity(commune: Unit, start: date, end: date) -> bool:
    """Its own (or a unit under it) confirmed activity in the period, or one naming it."""
    below = Unit.objects.filter(path__startswith=f"{commune.path}{commune.pk}/")
    own = _confirmed(start, end).filter(unit__in=[commune, *below])
    return own.exists() or _confirmed(start, end).filter(communes=commune).exists()


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _table(data: bytes, caption: str) -> list[list[str]]:
    """The rows of the table that follows `caption` in the document body."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    found = False
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p" and caption in "".join(t.text or "" for t in child.iter() if t.text):
            found = True
        elif tag == "tbl" and found:
            table = docx.table.Table(child, document)
            return [[cell.text for cell in row.cells] for row in table.rows]
    raise AssertionError(f"no table after {caption!r}")


def _int(cell: str) -> int:
    return int(cell.replace(".", "") or 0)


def _check(c, viewer) -> None:
    facts = c.facts
    period = c.period
    # 1. Every number a drafted line states is one of the figures it carries.
    titles = [h.title for h in facts.highlights]
    for section, lines in c.drafted.items():
        for line in lines:
            stray = [x for x in _stated(line, titles) if x not in line.figures]
            assert not stray, (section, stray, line.text)

    # 2. The figures of record, recomputed from the reports' rows, by group; breakdowns add up.
    record = _of_record(c)
    group_of = {r.unit.pk: r.group for r in c.accepted}
    labels = dict(c.groups)
    for code, fact in facts.record.items():
        assert fact.rule == RECORD
        assert fact.value == sum(record[code].values()), code
        by_group: dict[str, int] = defaultdict(int)
        for unit_id, value in record[code].items():
            by_group[labels[group_of[unit_id]]] += value
        assert dict(fact.parts) == {g: v for g, v in by_group.items() if v}, code
        assert sum(v for _g, v in fact.parts) == fact.value
    for fact in [*facts.evidence_accepted.values(), *facts.evidence_all.values()]:
        assert fact.rule == EVIDENCE
        assert not fact.parts or sum(v for _g, v in fact.parts) == fact.value
    channels = facts.channels_fact
    assert channels.value == sum(n for _c, _name, n, _q in facts.by_channel)

    # 3. Biểu 01 states the same figures of record, and the evidence of the same units.
    data = documents.consolidation_docx(c)
    table = _table(data, "Biểu 01.")
    header, rows = table[0], table[1:]
    assert header[-2:] == ["Tổng số (theo báo cáo)", "Theo minh chứng"]
    for row, line in zip(rows, c.lines, strict=True):
        code = line.indicator.code
        assert _int(row[-2]) == facts.total(code) == line.total, code
        assert _int(row[-1]) == line.evidence_total, code
        for label, cell in zip(header[3:-2], row[3:-2], strict=True):
            assert _int(cell) == facts.of_group(code, label), (code, label)

    text = _text(data)
    body = "\n".join(line.text for lines in c.drafted.values() for line in lines)
    # 4. The press: the total stated is the press group's figure of record.
    press = labels.get("press")
    if press:
        stated = re.search(r"các cơ quan báo chí của tỉnh đã đăng ([\d.]+) tin, bài", body)
        assert stated and _int(stated.group(1)) == facts.of_group("articles", press)
    # "N xã, phường đã phát M lượt": N counts the communes (or districts) that broadcast.
    stated = re.search(r"c\) Trên hệ thống thông tin cơ sở: (.+?) đã phát ([\d.]+) lượt", body)
    loud = record.get("loudspeaker", {})
    assert stated, "the demo reports broadcasts"
    if stated:
        broadcasters = Unit.objects.filter(pk__in=[u for u, v in loud.items() if v])
        communes = broadcasters.filter(kind=UnitKind.COMMUNE_PC).count()
        districts = broadcasters.filter(kind=UnitKind.DISTRICT_PC).count()
        said = dict(
            (kind, _int(n)) for n, kind in re.findall(r"([\d.]+) (xã|huyện)", stated.group(1))
        )
        assert said.get("xã", 0) == communes and said.get("huyện", 0) == districts
        assert _int(stated.group(2)) == facts.of_group("loudspeaker", labels["localities"])
    tops = re.findall(r"(?:xã|phường) ([^,(;]+?) \(([\d.]+) lượt\)", body)
    assert tops or c.period.code == "2022H1"  # communes are named where communes report
    for name, value in tops:
        unit = next(
            u for u in Unit.objects.filter(pk__in=loud) if (u.area_name or "").endswith(name)
        )
        assert loud[unit.pk] == _int(value), name

    # 5. "No activity" only for communes with none; every area's reach recomputed.
    for area in facts.areas:
        for unit in area.communes:
            assert (unit.pk in area.reached) == _has_activity(unit, period.start, period.end), (
                unit.name
            )
    for unit in facts.silent:
        assert not _has_activity(unit, period.start, period.end), unit.name
    silent_rows = _table(data, "Biểu 05.")[1:]
    assert [r[1] for r in silent_rows] == [u.area_name or u.display_name for u in facts.silent]

    # 6. The statistics pages give the same reach, by the same rule.
    province = Unit.objects.get(pk=c.plan.issuing_unit.root_id)
    for flag, area in (("mien-nui", "is_mountainous"), ("vung-xa", "is_remote")):
        rows = coverage(viewer, period=period, unit=province, flags=[flag])
        reach = next(a for a in facts.areas if a.flag == area)
        assert (sum(r.reached for r in rows), len(rows)) == (reach.fact.value, reach.total), flag

    # 7. Each named programme or article carries its own unit.
    assert facts.highlights
    for h in facts.highlights:
        activity = Activity.objects.get(pk=h.activity_id)
        assert activity.unit_id == h.unit.pk
        title = f"“{h.title}”"
        if title in body and h.kind in ("article", "tv_report", "radio_programme"):
            after = body[body.index(title) :]
            owner = re.search(r"\(([^()]+)\)", after).group(1)
            assert owner.startswith(h.unit.name) or owner.startswith(h.unit.short_name or "-"), (
                h.title,
                owner,
            )

    # 8. The comparison with the previous period, recomputed.
    if facts.comparison:
        from hangviet.core.periods import period_for_code

        before = period_for_code(facts.comparison.period_code)
        units = c.unit_ids
        assert facts.comparison.previous == (
            _confirmed(before.start, before.end).filter(unit_id__in=units).count()
        )
        assert facts.comparison.current == (
            _confirmed(period.start, period.end).filter(unit_id__in=units).count()
        )

    # 9. Written for the Front: no software, no list cut short, no internal backlog.
    assert "hangviet" not in text.lower()
    assert "…" not in text and "..." not in text
    assert "chưa được xem xét" not in text


@pytest.fixture
def demo_world(settings):
    settings.SIGNING_CONFIG = ""  # no throw-away keys written by the demo inside a test
    built, _lines = demo.build()
    return built


def test_every_figure_and_statement_of_the_demo_reports_is_true(demo_world):
    viewer = get_user_model().objects.get(username="mttq")
    now = consolidation.consolidate(demo_world["plans"]["2026"], "2026H1")
    _check(now, viewer)
    body = "\n".join(line.text for lines in now.drafted.values() for line in lines)
    assert "xã, phường chưa ghi nhận" not in body or now.facts.silent
    # The demo tells a comparison and names the communes not consolidated, with their count.
    assert now.facts.comparison is not None and "So sánh với kỳ trước" in body

    past: Plan = demo_world["plans"]["2022"]
    then = consolidation.consolidate(past, "2022H1")
    _check(then, viewer)
    data = documents.consolidation_docx(then)
    text = _text(data)
    # A report of 2022 speaks as 2022: the Sở TT&TT issues it, the units of the day, the
    # plan's own bases, and no date of today.
    header = " ".join(c.text for c in docx.Document(io.BytesIO(data)).tables[0].rows[0].cells)
    assert "SỞ THÔNG TIN" in header and "năm 2022" in header
    assert "37-KH/TU ngày 25/10/2021" in text and "1720/CV-BCĐ ngày 11/02/2022" in text
    assert "xã, phường, thị trấn" in text
    assert not re.search(r"xã, phường(?!, thị trấn)", "\n".join(then.narrative.values()))
    today = date.today()
    assert f"ngày {today.day} tháng {today.month} năm {today.year}" not in text
    assert "KH-STTTT)" not in text  # the plan is cited by its date, not a made-up reference
