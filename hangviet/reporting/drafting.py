"""The drafted narrative of a consolidated report, written for its reader, the Chairman of the
provincial Fatherland Front: figures inside the sentences, each from the facts layer
(`reporting.facts`) with one rule per sentence and the rule said where two stand side by side;
breakdowns that add up; each named item with its own unit; problems under limitations, never
under results; no software and no internal workflow in the text; units grouped and counted as a
writer would ("31/83 xã, phường …"), never a list cut short.

The outline is the campaign's (`reporting.outline`). Each section is a list of `Line`s: the
text of one paragraph and the figures it states, which the tests check against the facts. Lines
such as "1. …" or "a) …" are sub-headings and items.
"""

import re
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from hangviet.core.periods import period_label
from hangviet.core.text import fold, format_date_in_text, format_number, month_text
from hangviet.orgs.models import Unit, UnitKind
from hangviet.reporting.facts import EVIDENCE, RULE_WORDS, Fact, Highlight
from hangviet.reporting.outcomes import (
    REACHED,
    SHORT,
    WITHIN_MARGIN,
    Comparison,
    Listed,
    MeasuredOutcome,
    Progress,
)
from hangviet.reporting.outline import CODES
from hangviet.reporting.record import MISSING, RETURNED, SUBMITTED, Consolidation, Line
from hangviet.reporting.references import plan_reference
from hangviet.reporting.wording import (
    Deduplicator,
    Named,
    Statement,
    area_lower,
    attribute,
    capitalised,
    join,
    lower_first,
    merge,
    name_units,
    strip_subject,
)

GROUP_SUBJECTS = {
    "departments": "các sở, ban, ngành",
    "localities": "các địa phương",
    "press": "các cơ quan báo chí của tỉnh",
    "others": "các cơ quan, đơn vị khác",
}
# How a standard indicator's figure reads in a sentence: (verb, measure as written).
PHRASES = {
    "articles": ("đăng", "tin, bài trên báo in, báo điện tử"),
    "broadcast_programmes": ("thực hiện", "chương trình, phóng sự phát thanh, truyền hình"),
    "portal_posts": ("đăng", "tin, bài trên cổng/trang thông tin điện tử và bản tin"),
    "loudspeaker": ("phát", "lượt tin, bài trên hệ thống truyền thanh cơ sở"),
    "banners": ("treo", "băng rôn, pano, áp phích"),
    "conferences": ("tổ chức", "hội nghị, tập huấn"),
    "fairs": ("tổ chức", "hội chợ, phiên chợ hàng Việt"),
    "social_posts": ("đăng", "bài trên mạng xã hội"),
}
# The press types, by channel code, as the breakdown names them.
PRESS_TYPES = {
    "press_online": "báo điện tử",
    "press_print": "báo in, tạp chí",
    "press_radio": "báo nói",
    "press_tv": "báo hình",
}
STATEMENTS_PER_SECTION = 6
# Communes named one by one up to this many; beyond, counted with a few examples.
COMMUNES_NAMED = 5
EXAMPLES = 3
# Words of a statement that reports a problem: it belongs under limitations, never results.
PROBLEM_WORDS = (
    "sửa chữa",
    "hư hỏng",
    "bị hỏng",
    "xuống cấp",
    "khó khăn",
    "hạn chế",
    "thiếu",
    "chưa có",
    "chưa được",
    "còn chậm",
    "mất sóng",
    "gián đoạn",
)
CAUSE = re.compile(r"^(?:do|vì)\s+")
SOFTWARE = re.compile(r"\s*(?:trên|vào|lên|qua)?\s*(?:hệ thống|phần mềm|ứng dụng)\s+hangviet", re.I)


def percent(value: float) -> str:
    """ "12,5", or "100" when the decimal is 0."""
    rounded = round(value, 1)
    return format_number(rounded, 0 if rounded == int(rounded) else 1)


def named(unit: Unit) -> Named:
    """Return how sentences name `unit`."""
    area = unit.area_name if unit.kind == UnitKind.COMMUNE_PC else ""
    return Named(unit.short_name or unit.name, unit.kind, area)


def n(value: int) -> str:
    return format_number(value)


def is_problem(text: str) -> bool:
    """A statement that reports a difficulty ("hệ thống loa đang sửa chữa")."""
    folded = fold(text)
    return any(fold(word) in folded for word in PROBLEM_WORDS)


def without_software(text: str) -> str:
    """A unit's words without the name of the software they typed them in."""
    return SOFTWARE.sub("", text)


def draft(c: Consolidation) -> dict[str, list[Line]]:
    """Return each section of the consolidated report drafted from the facts."""
    once = Deduplicator()
    out = {}
    for code in CODES:
        kept = []
        for line in DRAFTERS[code](c):
            text = once.keep(line.text)
            if text:
                kept.append(Line(text, line.figures, line.quoted))
        out[code] = kept
    return out


# --- the units' own words, grouped ---------------------------------------------------------


def _remarks(c: Consolidation, section: str) -> list[tuple[Named, str]]:
    """What the accepted reports wrote in `section`, unit by unit."""
    out = []
    for rec in c.accepted:
        text = ((rec.record.narrative if rec.record else {}).get(section) or "").strip()
        if text:
            out.append((named(rec.unit), without_software(text)))
    return out


def _statements(c: Consolidation, section: str) -> list[Statement]:
    # A unit's own counts are already in the tables: only its words are merged in II.
    return merge(_remarks(c, section), without_figures=section == "results")


def _localities_of(c: Consolidation) -> int:
    return sum(1 for r in c.accepted if r.group == "localities")


def _communes_clause(s: Statement, total: int, words: str, framing: str) -> str:
    """A statement many communes made, with their count: "31/83 xã, phường đã ban hành …"
    for what they did or ask; "hệ thống loa … ổn định (28/83 xã, phường)" for what they
    judge or report as a difficulty."""
    text = _predicate(s)
    count = f"{n(len(s.units))}/{n(total)} {words}"
    if framing in ("assessment", "difficulty"):
        return f"{CAUSE.sub('', text)} ({count})"
    return f"{count} {text}"


def _predicate(s: Statement) -> str:
    """The statement without its generic subject ("UBND xã", "Đơn vị"), lower-cased."""
    return lower_first(strip_subject(s.text).rstrip("."))


def _grouped(
    c: Consolidation,
    statements: list[Statement],
    framing: str,
    limit: int,
    lead: str = "",
) -> list[Line]:
    """The units' statements as a writer reports them: what many communes said in one
    paragraph with their count out of the communes consolidated; the others naming their
    units (every one of them)."""
    total = _localities_of(c)
    words = c.facts.locality_words
    many = [
        s
        for s in statements
        if len(s.units) > COMMUNES_NAMED and all(u.kind == UnitKind.COMMUNE_PC for u in s.units)
    ][:limit]
    lines = []
    if many:
        lead = (
            lead
            or {
                "report": f"Theo báo cáo của {n(total)} {words} được tổng hợp",
                "assessment": f"Trong {n(total)} {words} được tổng hợp, nhiều địa phương đánh giá",
                "difficulty": f"Trong {n(total)} {words} được tổng hợp, nhiều địa phương phản ánh",
                "plan": f"Các {words} đề ra nhiệm vụ",
                "proposal": f"Các {words} kiến nghị",
            }[framing]
        )
        clauses = [_communes_clause(s, total, words, framing) for s in many]
        figures = (total, *(len(s.units) for s in many))
        lines.append(Line(f"{lead}: {'; '.join(clauses)}.", figures, quoted=True))
    for s in [s for s in statements if s not in many][: max(limit - len(many), 2)]:
        lines.append(Line(attribute(s, framing=_framing(framing)), (len(s.units),), quoted=True))
    return lines


def _framing(framing: str) -> str:
    return "report" if framing == "proposal" else framing


# --- I. direction --------------------------------------------------------------------------


LOCALITY_WORDS = {
    UnitKind.COMMUNE_PC: "UBND xã, phường",
    UnitKind.DISTRICT_PC: "UBND huyện, thành phố, thị xã",
    UnitKind.PROVINCE_PC: "UBND tỉnh",
}


def _group_counts(c: Consolidation) -> tuple[str, tuple[int, ...]]:
    """The units asked to report, by group, in words ("9 sở, ban, ngành, 92 UBND xã, phường
    và 3 cơ quan báo chí") and the counts it states."""
    words = {"departments": "sở, ban, ngành", "press": "cơ quan báo chí"}
    words["others"] = "cơ quan, đơn vị khác"
    counts: list[str] = []
    figures: list[int] = []
    for code, _label in c.groups:
        if code == "localities":
            by_kind: dict[str, int] = {}
            for r in c.records:
                if r.group == "localities":
                    by_kind[r.unit.kind] = by_kind.get(r.unit.kind, 0) + 1
            for kind, who in LOCALITY_WORDS.items():
                if by_kind.get(kind):
                    label = who
                    if kind == UnitKind.COMMUNE_PC:
                        label = f"UBND {c.facts.locality_words}"
                    counts.append(f"{n(by_kind[kind])} {label}")
                    figures.append(by_kind[kind])
            continue
        count = sum(1 for r in c.records if r.group == code)
        counts.append(f"{n(count)} {words[code]}")
        figures.append(count)
    return join(counts), tuple(figures)


def _direction(c: Consolidation) -> list[Line]:
    issuer = c.plan.issuing_unit.name
    plan = c.plan
    issued = (
        f"Sau khi ban hành {plan_reference(plan, issuer=False)}, "
        if plan.number or not plan.issue_month
        else f"Tháng {month_text(plan.issue_month)}/{plan.issue_year}, sau khi ban hành Kế hoạch, "
    )
    counts, figures = _group_counts(c)
    lines = [
        Line(
            f"{issued}{issuer} đã gửi Kế hoạch "
            f"và hướng dẫn {counts} triển khai các nhiệm vụ được giao; các cơ quan, "
            "đơn vị cập nhật kết quả thực hiện kèm minh chứng để theo dõi, đánh giá thường xuyên.",
            figures,
        )
    ]
    if c.requests:
        asked = min(r.created_at for r in c.requests)
        deadline = min(r.deadline for r in c.requests)
        lines.append(
            Line(
                f"Ngày {format_date_in_text(timezone.localdate(asked))}, {issuer} đề nghị các "
                "cơ quan, đơn vị, địa phương báo cáo kết quả "
                f"{period_label(c.period.code, document=True)} (số liệu từ ngày "
                f"{format_date_in_text(c.period.start)} đến ngày "
                f"{format_date_in_text(c.period.end)}), thời hạn gửi báo cáo trước ngày "
                f"{format_date_in_text(deadline)}."
            )
        )
    lines += _grouped(c, _statements(c, "direction"), "report", 4)
    return lines


# --- II. results ---------------------------------------------------------------------------


def _group_items(c: Consolidation, group: str, codes: Iterable[str]) -> list[tuple[str, int, str]]:
    label = dict(c.groups).get(group, "")
    return [(PHRASES[code][0], c.facts.of_group(code, label), PHRASES[code][1]) for code in codes]


def _sentence(subject: str, items: list[tuple[str, int, str]]) -> tuple[str, tuple[int, ...]]:
    """ "<Subject> đã đăng 30 tin, bài …, thực hiện 15 chương trình …" and its figures."""
    kept = [(verb, value, what) for verb, value, what in items if value]
    parts = [f"{verb} {n(value)} {what}" for verb, value, what in kept]
    text = f"{capitalised(subject)} đã {join(parts)}." if parts else ""
    return text, tuple(value for _v, value, _w in kept)


def _quoted(h: Highlight) -> str:
    """A programme or an event by its name: in quotes unless it quotes its own name."""
    title = h.title.strip().rstrip(".")
    return title if "“" in title or '"' in title else f"“{title}”"


def _who(unit: Unit) -> str:
    return unit.short_name or unit.name


def _types(record: int, evidence: Fact, measure: str) -> Line | None:
    """The breakdown by press type of an indicator's evidence, which adds up to its own
    total; when that total is not the figure of record, the words say which is which."""
    parts = [(PRESS_TYPES[code], value) for code, value in evidence.parts if code in PRESS_TYPES]
    if not parts or sum(v for _l, v in parts) != evidence.value:
        return None
    listed = "; ".join(f"{label} {n(value)} {measure}" for label, value in parts)
    if evidence.value == record:
        return Line(f"Theo loại hình: {listed}.", tuple(v for _l, v in parts))
    return Line(
        f"Theo minh chứng đã xác nhận của các cơ quan này ({n(evidence.value)} {measure}, gồm cả "
        f"minh chứng cập nhật sau khi báo cáo được tiếp nhận): {listed}.",
        (evidence.value, *(v for _l, v in parts)),
    )


def _press(c: Consolidation) -> list[Line]:
    facts = c.facts
    items = _group_items(c, "press", ("articles", "broadcast_programmes"))
    text, figures = _sentence(GROUP_SUBJECTS["press"], items)
    if not text:
        return []
    airtime = facts.of_group("airtime", dict(c.groups).get("press", ""))
    if airtime:
        text = text[:-1] + f" với tổng thời lượng {n(airtime)} phút."
        figures += (airtime,)
    lines = [Line(f"a) Trên báo chí: {text[:1].lower()}{text[1:]}", figures)]
    for code, measure in (("articles", "tin, bài"), ("broadcast_programmes", "chương trình")):
        evidence = facts.evidence_accepted.get(code)
        if evidence is not None and evidence.value:
            line = _types(facts.of_group(code, dict(c.groups).get("press", "")), evidence, measure)
            if line is not None:
                lines.append(line)
    programmes = [h for h in facts.highlights if h.kind in ("tv_report", "radio_programme")][:3]
    named_ = []
    minutes: list[int] = []
    for h in programmes:
        extra = ""
        if h.measure == "minutes":
            extra = f", {n(h.quantity)} phút"
            minutes.append(h.quantity)
        named_.append(f"{_quoted(h)} ({_who(h.unit)}{extra})")
    articles = [h for h in facts.highlights if h.kind == "article"]
    by_unit: dict[int, list[Highlight]] = {}
    for h in articles:
        by_unit.setdefault(h.unit.pk, []).append(h)
    for group in by_unit.values():
        titles = join([_quoted(h) for h in group])
        named_.append(f"{'các bài' if len(group) > 1 else 'bài'} {titles} ({_who(group[0].unit)})")
    if named_:
        lines.append(Line(f"Tiêu biểu là {join(named_)}.", tuple(minutes)))
    return lines


def _portals(c: Consolidation) -> list[Line]:
    posts = {g: c.facts.of_group("portal_posts", label) for g, label in c.groups if g != "press"}
    parts = [f"{GROUP_SUBJECTS[g]} đăng {n(v)} tin, bài" for g, v in posts.items() if v]
    figures = tuple(v for v in posts.values() if v)
    social = c.facts.total("social_posts")
    if not parts and not social:
        return []
    text = join(parts)
    if social:
        text += ("; " if text else "") + f"có {n(social)} bài đăng trên mạng xã hội"
        figures += (social,)
    return [
        Line(f"b) Trên cổng/trang thông tin điện tử, bản tin chuyên ngành và mạng xã hội: {text}.",
             figures)
    ]  # fmt: skip


def _grassroots(c: Consolidation) -> list[Line]:
    facts = c.facts
    localities = dict(c.groups).get("localities", "")
    broadcasts = facts.of_group("loudspeaker", localities)
    banners = facts.total("banners")
    lines = []
    if broadcasts:
        who = [
            (unit, value)
            for unit, value in facts.record_units.get("loudspeaker", [])
            if unit.kind in (UnitKind.COMMUNE_PC, UnitKind.DISTRICT_PC)
        ]
        communes = [(u, v) for u, v in who if u.kind == UnitKind.COMMUNE_PC]
        districts = len(who) - len(communes)
        subject = join(
            [f"{n(len(communes))} {facts.locality_words}"] * bool(communes)
            + [f"{n(districts)} huyện, thành phố, thị xã"] * bool(districts)
        )
        text = (
            f"c) Trên hệ thống thông tin cơ sở: {subject} đã phát {n(broadcasts)} lượt tin, bài "
            "trên đài truyền thanh và hệ thống loa ở các thôn, xóm, tổ dân phố"
        )
        figures: tuple[int, ...] = (len(communes), districts, broadcasts)
        top = sorted(communes, key=lambda uv: (-uv[1], uv[0].name))[:3]
        if top:
            listed = [f"{area_lower(u.area_name or u.display_name)} ({n(v)} lượt)" for u, v in top]
            text += f"; nhiều lượt phát nhất là {join(listed)}"
            figures += tuple(v for _u, v in top)
        lines.append(Line(text + ".", figures))
    if banners:
        lines.append(
            Line(
                f"d) Tuyên truyền trực quan: các cơ quan, đơn vị, địa phương đã treo {n(banners)} "
                "băng rôn, pano, áp phích tại trụ sở, nhà văn hóa, chợ và các điểm bán hàng Việt.",
                (banners,),
            )
        )
    return lines


def _trade(c: Consolidation, number: int) -> list[Line]:
    facts = c.facts
    fairs, stalls = facts.total("fairs"), facts.total("stalls")
    meetings, people = facts.total("conferences"), facts.total("participants")
    if not (fairs or meetings):
        return []
    lines = [Line(f"{number}. Hoạt động xúc tiến thương mại, kết nối cung cầu hàng Việt")]
    parts, figures = [], []
    if fairs:
        parts.append(
            f"tổ chức {n(fairs)} hội chợ, phiên chợ hàng Việt"
            + (f" với {n(stalls)} gian hàng" if stalls else "")
        )
        figures += [fairs, stalls]
    if meetings:
        parts.append(
            f"{n(meetings)} hội nghị, tập huấn"
            + (f" với {n(people)} lượt người tham dự" if people else "")
        )
        figures += [meetings, people]
    lines.append(Line(f"Các cơ quan, đơn vị đã {join(parts)}.", tuple(figures)))
    examples = [h for h in facts.highlights if h.kind in ("fair", "conference", "contest")]
    if examples:
        shown, amounts = [], []
        for h in examples:
            measure = {"stalls": "gian hàng", "participants": "người tham dự"}.get(h.measure, "")
            amount = f", {n(h.quantity)} {measure}" if measure else ""
            if measure:
                amounts.append(h.quantity)
            shown.append(
                f"{_quoted(h)} do {_who(h.unit)} tổ chức ngày {format_date_in_text(h.day)}{amount}"
            )
        lines.append(Line(f"Tiêu biểu: {'; '.join(shown)}.", tuple(amounts)))
    return lines


def _decimal(value: Decimal) -> str:
    return format_number(float(value), 0 if value == value.to_integral_value() else 1)


# Fairs in the directory are any organiser's (firms, trade-promotion centres), not only the
# reporting units' own, whose fairs Biểu 01 counts: the sentence says so, so the two agree.
FAIR_SOURCE = (
    "Số liệu hội chợ, phiên chợ theo Danh bạ hàng Việt của tỉnh do ban tổ chức cập nhật, không "
    "tính vào số liệu báo cáo của các đơn vị tại Biểu 01."
)
# What a measured figure's sample is, by measure (a share of consumers is asked of people).
SAMPLE_WORDS = {"prefer": "người được hỏi"}
STAR_WORDS = {5: "5 sao", 4: "4 sao", 3: "3 sao"}
# A kind of point of sale as the sentence names it beside the total ("7 điểm bán hàng Việt Nam
# (… 1 điểm chuyên bán hàng Việt)"), where its label would repeat the total's words.
KIND_WORDS = {"vn_goods": "điểm chuyên bán hàng Việt"}


def _unit_of(measure: str, is_share: bool) -> str:
    if is_share:
        return "%"
    return " sản phẩm" if measure == "ocop_products" else " điểm bán"


def _measured(group: list[MeasuredOutcome]) -> Line:
    """The figures a unit measured and reported in one document on one day, in one sentence
    with their source, method and sample (the targets are compared in section III)."""
    first = group[0]
    parts, figures = [], []
    for m in group:
        checked = SAMPLE_WORDS.get(m.measure, "cửa hàng, điểm bán được kiểm tra")
        sample = f"; {n(m.sample)} {checked}" if m.sample else ""
        parts.append(
            f"{lower_first(m.label)} đạt {_decimal(m.value)}{_unit_of(m.measure, m.is_share)} "
            f"({m.method}{sample})"
        )
        figures += ([m.sample] if m.sample else []) + ([] if m.is_share else [int(m.value)])
    text = (
        f"Theo {first.source}, số liệu ngày {format_date_in_text(first.measured_on)}: "
        f"{'; '.join(parts)}."
    )
    return Line(text, tuple(figures))


def _listed(listed: Listed, measured: set[str]) -> list[Line]:
    """What the directory lists at the end of the period, in one sentence: points of sale by
    kind and the communes they are in, OCOP products by stars (an indicator a unit counted
    itself is stated from its figure instead: one rule per indicator)."""
    parts, figures = [], []
    if listed.sales_points and "sales_points" not in measured:
        communes = len(listed.sales_by_commune)
        part = f"{n(listed.sales_points)} điểm bán hàng Việt Nam tại {n(communes)} xã, phường"
        figures += [listed.sales_points, communes]
        if len(listed.sales_by_kind) > 1:
            kinds = [
                f"{n(count)} {KIND_WORDS.get(kind) or lower_first(label)}"
                for kind, label, count in listed.sales_by_kind
            ]
            part += f" ({join(kinds)})"
            figures += [count for _k, _l, count in listed.sales_by_kind]
        parts.append(part)
    if listed.ocop_products and "ocop_products" not in measured:
        stars = [f"{n(count)} sản phẩm {STAR_WORDS[s]}" for s, count in listed.ocop_by_stars]
        parts.append(
            f"{n(listed.ocop_products)} sản phẩm OCOP còn hiệu lực chứng nhận, gồm {join(stars)}"
        )
        figures += [listed.ocop_products] + [
            x for s, count in listed.ocop_by_stars for x in (count, s)
        ]
    if not parts:
        return []
    on = format_date_in_text(listed.as_of)
    text = f"Theo Danh bạ hàng Việt của tỉnh (đến ngày {on}), có {'; '.join(parts)}."
    return [Line(text, tuple(figures))]


def _outcomes(c: Consolidation, number: int) -> list[Line]:
    """What was measured (units' figures with their source, the directory's counts), what
    consumers say (the survey round of the period, with its sample and margin) and what the
    fairs that closed in the period achieved (with their source)."""
    o = c.outcomes
    if o is None or not o.any():
        return []
    lines = [Line(f"{number}. Kết quả thực hiện các chỉ tiêu của Cuộc vận động")]
    by_document: dict[tuple[str, object], list[MeasuredOutcome]] = {}
    for m in o.measured:
        by_document.setdefault((m.source, m.measured_on), []).append(m)
    lines += [_measured(group) for group in by_document.values()]
    if o.listed is not None:
        lines += _listed(o.listed, {m.measure for m in o.measured})
    if o.survey is not None:
        s, share = o.survey, o.survey.prefer
        low, high = share.interval()
        lines.append(
            Line(
                f"Kết quả “{s.survey.title}” (từ ngày "
                f"{format_date_in_text(s.survey.start)} đến ngày "
                f"{format_date_in_text(s.survey.end)}, {n(s.n)} phiếu trả lời tại "
                f"{n(o.communes_answering)} xã, phường): {round(share.percent)}% người trả lời "
                "luôn hoặc thường xuyên ưu tiên chọn hàng Việt Nam (khoảng tin cậy 95%: "
                f"{round(low)}–{round(high)}%). Người trả lời tự nguyện tham gia trên Cổng thông "
                "tin của Cuộc vận động, không phải mẫu chọn ngẫu nhiên; khoảng tin cậy chỉ phản "
                "ánh sai số do số phiếu, nên kết quả chỉ mang tính tham khảo.",
                (s.n, o.communes_answering, round(share.percent), round(low), round(high)),
            )
        )
    if o.fairs:
        count = len(o.fairs)
        totals = [o.total(k) for k in ("enterprises", "stalls", "visitors", "sales_million")]
        outcome = (
            f"{n(totals[0])} doanh nghiệp, cơ sở tham gia với {n(totals[1])} gian hàng, "
            f"thu hút {n(totals[2])} lượt khách tham quan, doanh thu {n(totals[3])} triệu đồng"
        )
        held = max(o.listed.fairs_held if o.listed else 0, count)
        if count == 1:
            fair = o.fairs[0]
            text = (
                f"“{fair.name}” (kết thúc ngày {format_date_in_text(fair.end)}) có {outcome} "
                f"(theo {fair.source[:1].lower() + fair.source[1:]}). {FAIR_SOURCE}"
            )
            figures: tuple[int, ...] = tuple(totals)
            if held > count:
                text = (
                    f"Trong kỳ có {n(held)} hội chợ, phiên chợ hàng Việt kết thúc, trong đó "
                    f"{text[:1].lower()}{text[1:]}"
                )
                figures = (held, *totals)
        else:
            text = (
                f"Trong kỳ có {n(held)} hội chợ, phiên chợ hàng Việt kết thúc"
                + (f", {n(count)} hội chợ đã tổng kết" if held > count else " và đã tổng kết")
                + f", với tổng cộng {outcome} (theo báo cáo tổng kết của các ban tổ chức). "
                + FAIR_SOURCE
            )
            figures = (held, count, *totals) if held > count else (count, *totals)
        lines.append(Line(text, figures))
    elif o.listed is not None and o.listed.fairs_held:
        held = o.listed.fairs_held
        lines.append(
            Line(
                f"Trong kỳ có {n(held)} hội chợ, phiên chợ hàng Việt kết thúc theo Danh bạ hàng "
                "Việt của tỉnh; các ban tổ chức chưa cập nhật kết quả (số doanh nghiệp, gian "
                "hàng, lượt khách, doanh thu).",
                (held,),
            )
        )
    return lines


def _target_words(p: Progress, t: Comparison) -> str:
    """ "mục tiêu quốc gia 80% (Quyết định …)", with how far short a target not reached is."""
    unit = _unit_of(p.measure, p.is_share)
    words = f"mục tiêu {t.level} {_decimal(t.target)}{unit} ({t.basis})"
    if t.verdict == SHORT:
        gap = t.target - p.value
        words += (
            f", thấp hơn {_decimal(gap)} điểm phần trăm"
            if p.is_share
            else f", còn thiếu {_decimal(gap)}{unit}"
        )
    return words


def _against_targets(c: Consolidation, verdicts: tuple[str, ...]) -> list[str]:
    """The indicators whose comparison with a target has one of `verdicts`, as phrases."""
    o = c.outcomes
    out = []
    for p in o.progress if o is not None else []:
        chosen = [t for t in p.comparisons if t.verdict in verdicts]
        if not chosen:
            continue
        unit = _unit_of(p.measure, p.is_share)
        verb = "là" if WITHIN_MARGIN in verdicts else "đạt"
        source = f"theo {p.source}"
        if p.interval is not None:
            source += f", khoảng tin cậy 95%: {p.interval[0]}–{p.interval[1]}%"
        if p.previous is not None:
            source += f"; kỳ trước: {_decimal(p.previous)}{unit}"
        if WITHIN_MARGIN in verdicts:
            phrase = f"{lower_first(p.label)} {verb} {_decimal(p.value)}{unit} ({source}), " + join(
                [
                    f"{'thấp hơn' if p.value < t.target else 'không thấp hơn'} "
                    + _target_words(p, t)
                    for t in chosen
                ]
            )
        else:
            phrase = (
                f"{lower_first(p.label)} {verb} {_decimal(p.value)}{unit} ({source}) so với "
                + join([_target_words(p, t) for t in chosen])
            )
        out.append(phrase)
    return out


def _targets_reached(c: Consolidation) -> list[Line]:
    reached = _against_targets(c, (REACHED,))
    if not reached:
        return []
    return [
        Line(
            f"Có {n(len(reached))} chỉ tiêu đạt mục tiêu đề ra: {'; '.join(reached)}.",
            (len(reached), *_target_figures(c, (REACHED,))),
        )
    ]


def _targets_short(c: Consolidation) -> list[Line]:
    lines = []
    short = _against_targets(c, (SHORT,))
    if short:
        lines.append(
            Line(
                f"Có {n(len(short))} chỉ tiêu chưa đạt mục tiêu đề ra: {'; '.join(short)}.",
                (len(short), *_target_figures(c, (SHORT,))),
            )
        )
    close = _against_targets(c, (WITHIN_MARGIN,))
    if close:
        lines.append(
            Line(
                "Chưa đủ cơ sở đánh giá đạt hay chưa đạt mục tiêu, do chênh lệch với mục tiêu "
                f"nằm trong khoảng sai số của khảo sát: {'; '.join(close)}.",
                _target_figures(c, (WITHIN_MARGIN,)),
            )
        )
    return lines


def _target_figures(c: Consolidation, verdicts: tuple[str, ...]) -> tuple[int, ...]:
    """The counts a target sentence states: each count indicator's value and its targets."""
    o = c.outcomes
    figures: list[int] = []
    for p in o.progress if o is not None else []:
        chosen = [t for t in p.comparisons if t.verdict in verdicts]
        if chosen and p.interval is not None:
            figures += list(p.interval)
        if chosen and p.previous is not None and not p.is_share:
            figures.append(int(p.previous))
        if chosen and not p.is_share:
            figures += [int(p.value), *(int(t.target) for t in chosen)]
            figures += [int(t.target - p.value) for t in chosen if t.verdict == SHORT]
    return tuple(figures)


def _names(units: list[Unit]) -> str:
    """All the names when they are few; otherwise a count with a few examples."""
    names = [area_lower(u.area_name or u.display_name) for u in units]
    if len(names) <= 12:
        return join(names)
    return f"như {join(names[:EXAMPLES])}"


def _areas(c: Consolidation, number: int) -> list[Line]:
    areas = [a for a in c.facts.areas if a.total]
    if not areas:
        return []
    lines = [Line(f"{number}. Tuyên truyền tại địa bàn khó khăn")]
    reached = join([f"{n(a.fact.value)}/{n(a.total)} {a.label}" for a in areas])
    figures = tuple(x for a in areas for x in (a.fact.value, a.total))
    text = f"Theo minh chứng đã xác nhận, hoạt động tuyên truyền đã đến {reached}."
    pending = {pk for a in areas for pk in a.not_consolidated}
    if pending:
        text += (
            f" Trong số đó, {n(len(pending))} {c.facts.locality_words} có hoạt động nhưng chưa "
            "có trong số liệu tổng hợp kỳ này (báo cáo chưa được tiếp nhận)."
        )
        figures += (len(pending),)
    lines.append(Line(text, figures))
    silent = c.facts.silent
    if silent:
        lines.append(
            Line(
                f"Còn {n(len(silent))} {c.facts.locality_words} thuộc các địa bàn này chưa ghi "
                f"nhận hoạt động tuyên truyền nào trong kỳ"
                + (
                    f", {_names(silent)} (danh sách đầy đủ tại Phụ lục, Biểu 05)."
                    if len(silent) > 12
                    else f": {_names(silent)}."
                ),
                (len(silent),),
            )
        )
    return lines


def _comparison(c: Consolidation, number: int) -> list[Line]:
    comp = c.facts.comparison
    if comp is None:
        return []
    change = comp.change * 100
    words = period_label(comp.period_code, document=True)
    now, before = n(comp.current), n(comp.previous)
    rule = RULE_WORDS[EVIDENCE]
    if abs(change) < 0.5:
        text = (
            f"{capitalised(rule)}, số hoạt động của các đơn vị có báo cáo được tổng hợp tương "
            f"đương {words} ({now} hoạt động)."
        )
    else:
        way, move = ("tăng", "lên") if change > 0 else ("giảm", "xuống")
        text = (
            f"{capitalised(rule)}, số hoạt động của các đơn vị có báo cáo được tổng hợp {way} "
            f"{percent(abs(change))}% so với {words} (từ {before} {move} {now} hoạt động)."
        )
    return [
        Line(f"{number}. So sánh với kỳ trước"),
        Line(text, (comp.previous, comp.current)),
    ]


def _reporting(c: Consolidation, number: int) -> list[Line]:
    total = next((row for row in c.completeness if row.group == "total"), None)
    issuer = c.plan.issuing_unit.name
    expected, accepted = len(c.records), len(c.accepted)
    received = total.received if total else 0
    on_time = total.on_time if total else 0
    lines = [
        Line(f"{number}. Tình hình báo cáo của các cơ quan, đơn vị"),
        Line(
            f"{issuer} đề nghị {n(expected)} cơ quan, đơn vị, địa phương báo cáo; đã nhận "
            f"{n(received)} báo cáo ({n(on_time)} báo cáo đúng hạn). Số liệu tại Biểu 01 được "
            f"tổng hợp từ {n(accepted)} báo cáo đã được tiếp nhận.",
            (expected, received, on_time, accepted),
        ),
    ]
    missing = [r.unit for r in c.in_state(MISSING)]
    if missing:
        lines.append(
            Line(
                f"Còn {n(len(missing))} đơn vị chưa gửi báo cáo: "
                f"{name_units([named(u) for u in missing], every=True)}.",
                (len(missing),),
            )
        )
    waiting = [r.unit for r in c.in_state(SUBMITTED) + c.in_state(RETURNED)]
    if waiting:
        returned = len(c.in_state(RETURNED))
        which = (
            f" (trong đó {n(returned)} báo cáo đang được bổ sung, hoàn thiện)" if returned else ""
        )
        lines.append(
            Line(
                f"Báo cáo của {n(len(waiting))} đơn vị chưa có trong số liệu tổng hợp kỳ này"
                f"{which}: {name_units([named(u) for u in waiting], every=True)}; minh chứng "
                "của các đơn vị này được thống kê riêng tại Phụ lục.",
                (len(waiting), returned) if returned else (len(waiting),),
            )
        )
    if c.differences:
        changed = {d.record.request.pk for d in c.differences}
        lines.append(
            Line(
                f"Có {n(len(changed))} đơn vị báo cáo số liệu khác với minh chứng và đã nêu lý "
                "do; số liệu do đơn vị báo cáo được dùng để tổng hợp (Biểu 02).",
                (len(changed),),
            )
        )
    if c.sample is not None:
        sample = c.sample
        lines.append(
            Line(
                f"{issuer} đã kiểm tra ngẫu nhiên {n(sample.checked)} minh chứng của "
                f"{n(sample.units)} đơn vị (đường dẫn, hình ảnh, thời gian, số lượng): "
                f"{n(sample.verified)} minh chứng đạt yêu cầu "
                f"({percent(100 * sample.verified / sample.checked)}%).",
                (sample.checked, sample.units, sample.verified),
            )
        )
    drift = [
        line
        for line in c.lines
        if line.evidence_total != line.total
        and not any(d.indicator.pk == line.indicator.pk for d in c.differences)
    ]
    if drift:
        lines.append(
            Line(
                "Sau khi báo cáo được tiếp nhận, một số đơn vị đã cập nhật thêm minh chứng; cột "
                "“Theo minh chứng” tại Biểu 01 phản ánh minh chứng hiện có, chưa tính vào số "
                "liệu tổng hợp."
            )
        )
    return lines


def _results(c: Consolidation) -> list[Line]:
    lines = [Line("1. Công tác thông tin, tuyên truyền")]
    body = _press(c) + _portals(c) + _grassroots(c)
    if not body:
        body = [Line("Trong kỳ chưa có báo cáo được tiếp nhận ghi nhận hoạt động tuyên truyền.")]
    lines += body
    number = 2
    for part in (_trade, _outcomes, _areas, _comparison):
        added = part(c, number)
        lines += added
        number += 1 if added else 0
    own = [s for s in _statements(c, "results") if not is_problem(s.text)]
    if own:
        lines.append(Line(f"{number}. Kết quả nổi bật do các đơn vị báo cáo"))
        lines += _grouped(c, own, "report", 5)
        number += 1
    lines += _reporting(c, number)
    return lines


# --- III. assessment -----------------------------------------------------------------------


def _strengths(c: Consolidation) -> list[Line]:
    expected, accepted = len(c.records), len(c.accepted)
    total = next((row for row in c.completeness if row.group == "total"), None)
    text = (
        "Các cơ quan, đơn vị, địa phương đã chủ động triển khai Kế hoạch; "
        f"{n(accepted)}/{n(expected)} đơn vị có báo cáo được tiếp nhận"
    )
    figures: tuple[int, ...] = (accepted, expected)
    if total and total.expected:
        text += f", {percent(total.on_time_rate * 100)}% báo cáo gửi đúng hạn"
    lines = [Line(text + ".", figures)]
    channels = [(name, count) for _code, name, count, _q in c.facts.by_channel if count]
    if channels:
        first, count = channels[0]
        lines.append(
            Line(
                f"{capitalised(RULE_WORDS[EVIDENCE])}, hoạt động tuyên truyền diễn ra trên "
                f"{n(len(channels))} kênh, nhiều nhất là {first[:1].lower()}{first[1:]} "
                f"({n(count)} hoạt động).",
                (len(channels), count),
            )
        )
    lines += _targets_reached(c)
    return lines + _grouped(c, _statements(c, "strengths"), "assessment", STATEMENTS_PER_SECTION)


def _limitations(c: Consolidation) -> list[Line]:
    parts, figures = [], []
    missing, returned = len(c.in_state(MISSING)), len(c.in_state(RETURNED))
    late = sum(1 for r in c.records if r.first_sent is not None and r.late)
    if missing:
        parts.append(f"còn {n(missing)} đơn vị chưa gửi báo cáo")
        figures.append(missing)
    if late:
        parts.append(f"{n(late)} báo cáo gửi chậm so với thời hạn")
        figures.append(late)
    if returned:
        parts.append(f"{n(returned)} báo cáo phải bổ sung, hoàn thiện")
        figures.append(returned)
    lines = []
    if parts:
        lines.append(Line(f"Về báo cáo, {join(parts)}.", tuple(figures)))
    silent = c.facts.silent
    if silent:
        lines.append(
            Line(
                f"{n(len(silent))} {c.facts.locality_words} thuộc địa bàn khó khăn chưa ghi nhận "
                "hoạt động tuyên truyền nào trong kỳ.",
                (len(silent),),
            )
        )
    lines += _targets_short(c)
    problems = [s for s in _statements(c, "results") if is_problem(s.text)]
    difficulties = problems + _statements(c, "limitations")
    if difficulties:
        lines.append(Line("Nguyên nhân và khó khăn do các đơn vị nêu:"))
        lines += _grouped(c, difficulties, "difficulty", STATEMENTS_PER_SECTION)
    return lines


# --- IV. next tasks and V. proposals -------------------------------------------------------


def _to_the_issuer(c: Consolidation, s: Statement) -> bool:
    """A request the units address to the issuing department itself."""
    issuer = c.plan.issuing_unit
    words = fold(s.text)
    return any(fold(name) in words for name in (issuer.name, issuer.short_name) if name)


def _next_tasks(c: Consolidation) -> list[Line]:
    lines = []
    for theme in [t for t in c.plan.themes.all() if t.parent_id is None][:3]:
        # The theme's first clause: a plan's theme can run to a paragraph.
        text = re.split(r"[;:]", theme.text.strip(), maxsplit=1)[0].strip().rstrip(".")
        text = re.sub(r"^(Tiếp tục|tiếp tục)\s+", "", text)
        # The plan's own words (its numbers are the plan's: "sản phẩm OCOP từ 3 sao").
        lines.append(Line(f"Tiếp tục {text[:1].lower()}{text[1:]}.", quoted=True))
    silent = c.facts.silent
    if silent:
        lines.append(
            Line(
                f"Tập trung tuyên truyền tại {n(len(silent))} {c.facts.locality_words} thuộc địa "
                "bàn khó khăn chưa có hoạt động trong kỳ, ưu tiên hệ thống loa truyền thanh và "
                "phiên chợ hàng Việt về nông thôn.",
                (len(silent),),
            )
        )
    asked = [s for s in _statements(c, "proposals") if _to_the_issuer(c, s)]
    issuer = c.plan.issuing_unit.name
    for s in asked[:3]:
        request = re.sub(rf"(?i)^.*?đề nghị\s+{re.escape(issuer)}\s*", "", s.text).rstrip(".")
        lines.append(
            Line(
                f"{issuer} {lower_first(request)} theo đề nghị của {name_units(s.units)}.",
                (len(s.units),),
                quoted=True,
            )
        )
    lines.append(
        Line(
            "Đôn đốc các cơ quan, đơn vị cập nhật kết quả kèm minh chứng và gửi báo cáo "
            f"{c.upcoming_words} đúng thời hạn."
        )
    )
    lines += _grouped(c, _statements(c, "next_tasks"), "plan", 4)
    return lines


# What the units ask for most, by topic (its words, and what they ask be done): the Sở's own
# proposal when enough units ask.
TOPICS = (
    (
        ("loa",),
        ("thay thế", "sửa chữa", "kinh phí", "bổ sung cụm"),
        "Đề nghị UBND tỉnh quan tâm bố trí kinh phí sửa chữa, thay thế các cụm loa truyền thanh "
        "cơ sở đã hư hỏng, xuống cấp, theo đề nghị của {n} {who}.",
    ),
    (
        ("phiên chợ", "hội chợ"),
        ("tổ chức",),
        "Đề nghị UBND tỉnh chỉ đạo Sở Công Thương tiếp tục tổ chức các phiên chợ hàng Việt về "
        "nông thôn, miền núi, theo đề nghị của {n} {who}.",
    ),
    (
        ("tài liệu", "băng rôn", "áp phích"),
        ("cung cấp", "hỗ trợ"),
        "Đề nghị Ban Chỉ đạo Cuộc vận động tỉnh hỗ trợ tài liệu, băng rôn, áp phích tuyên truyền "
        "mẫu cho cơ sở, theo đề nghị của {n} {who}.",
    ),
)
TOPIC_MIN_UNITS = 3


def _asks(s: Statement, topic: tuple[str, ...], verbs: tuple[str, ...]) -> bool:
    folded = fold(s.text)
    return any(fold(w) in folded for w in topic) and any(fold(v) in folded for v in verbs)


def _who_asked(c: Consolidation, units: set[Named]) -> str:
    communes = sum(1 for u in units if u.kind == UnitKind.COMMUNE_PC)
    return c.facts.locality_words if communes == len(units) else "cơ quan, đơn vị, địa phương"


def _proposals(c: Consolidation) -> list[Line]:
    """The Sở's own proposals to the Front and the Province — from what units asked for most
    and from the gaps the figures show — then the units' other requests, relayed."""
    statements = [s for s in _statements(c, "proposals") if not _to_the_issuer(c, s)]
    lines = []
    used: set[int] = set()
    for topic, verbs, template in TOPICS:
        matching = [s for s in statements if _asks(s, topic, verbs)]
        units = {u for s in matching for u in s.units}
        if len(units) >= TOPIC_MIN_UNITS:
            lines.append(
                Line(template.format(n=n(len(units)), who=_who_asked(c, units)), (len(units),))
            )
            used |= {id(s) for s in matching}
    silent = c.facts.silent
    if silent:
        lines.append(
            Line(
                "Đề nghị Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh chỉ đạo Ủy ban MTTQ các "
                f"{c.facts.locality_words} phối hợp với chính quyền cùng cấp tuyên truyền, vận "
                f"động tại {n(len(silent))} {c.facts.locality_words} thuộc địa bàn khó khăn chưa "
                "ghi nhận hoạt động trong kỳ.",
                (len(silent),),
            )
        )
    if c.in_state(MISSING) or any(r.late for r in c.records if r.first_sent is not None):
        lines.append(
            Line(
                "Đề nghị Ban Chỉ đạo Cuộc vận động tỉnh đôn đốc các cơ quan, đơn vị, địa phương "
                "gửi báo cáo định kỳ đúng thời hạn."
            )
        )
    relayed = [s for s in statements if id(s) not in used]
    if relayed:
        words = c.facts.locality_words
        lines += _grouped(c, relayed, "proposal", 6, lead=f"Ngoài ra, các {words} kiến nghị")
    if not lines:
        lines.append(
            Line(
                "Đề nghị Ban Chỉ đạo Cuộc vận động tỉnh tiếp tục chỉ đạo các cơ quan, đơn vị phối "
                "hợp tuyên truyền, nhất là tại các xã vùng sâu, vùng xa."
            )
        )
    return lines


DRAFTERS = {
    "direction": _direction,
    "results": _results,
    "strengths": _strengths,
    "limitations": _limitations,
    "next_tasks": _next_tasks,
    "proposals": _proposals,
}
