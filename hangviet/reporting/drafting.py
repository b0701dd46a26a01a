"""The drafted narrative of a consolidated report, written for its reader (the provincial
Fatherland Front): by group of units and by channel, figures inside the sentences, the most
significant activities named with their unit, what many units wrote merged into one sentence
naming them, and no sentence twice.

The outline is that of published reports of this campaign: I. direction; II. results
(communication by channel, trade promotion, hard-to-reach areas, comparison, the units' own
results, the reporting itself); III. assessment (strengths; limitations and causes); IV. the
next period's tasks; V. proposals. Each section is plain text: one paragraph per line, lines
such as "1. …" or "a) …" are its sub-headings and items.
"""

import re
from collections.abc import Iterable

from django.utils import timezone

from hangviet.core.periods import period_label, shifted_period
from hangviet.core.text import format_date_in_text, format_number
from hangviet.orgs.models import Unit, UnitKind
from hangviet.reporting.record import (
    MISSING,
    RETURNED,
    SUBMITTED,
    Consolidation,
    Highlight,
    UnitRecord,
)
from hangviet.reporting.references import plan_reference
from hangviet.reporting.wording import (
    Deduplicator,
    Named,
    area_lower,
    attribute,
    capitalised,
    join,
    merge,
    name_units,
)

GROUP_SUBJECTS = {
    "departments": "các sở, ban, ngành",
    "localities": "UBND các xã, phường",
    "press": "các cơ quan báo chí của tỉnh",
    "others": "các cơ quan, đơn vị khác",
}
# How a figure of a standard indicator reads in a sentence: (verb, measure as written).
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
PRESS_CHANNELS = (
    ("press_online", "báo điện tử", "tin, bài"),
    ("press_print", "báo in, tạp chí", "tin, bài"),
    ("press_radio", "báo nói", "chương trình"),
    ("press_tv", "báo hình", "chương trình, phóng sự"),
)
STATEMENTS_PER_SECTION = 6


def percent(value: float) -> str:
    """ "12,5", or "100" when the decimal is 0."""
    rounded = round(value, 1)
    return format_number(rounded, 0 if rounded == int(rounded) else 1)


def named(unit: Unit) -> Named:
    """Return how sentences name `unit`."""
    area = unit.area_name if unit.kind == UnitKind.COMMUNE_PC else ""
    return Named(unit.short_name or unit.name, unit.kind, area)


def draft(c: Consolidation) -> dict[str, str]:
    """Return each section of the consolidated report drafted from the data."""
    once = Deduplicator()
    sections = {
        "direction": _direction(c),
        "results": _results(c),
        "strengths": _strengths(c),
        "limitations": _limitations(c),
        "next_tasks": _next_tasks(c),
        "proposals": _proposals(c),
    }
    out = {}
    for code, lines in sections.items():
        kept = [once.keep(line) for line in lines]
        out[code] = "\n".join(line for line in kept if line)
    return out


def _value(c: Consolidation, code: str, group: str | None = None) -> int:
    for line in c.lines:
        if line.indicator.code == code:
            return line.total if group is None else line.reported.get(group, 0)
    return 0


def _remarks(c: Consolidation, section: str) -> list[tuple[Named, str]]:
    """What the accepted reports wrote in `section`, unit by unit."""
    out = []
    for rec in c.accepted:
        text = ((rec.record.narrative if rec.record else {}).get(section) or "").strip()
        if text:
            out.append((named(rec.unit), text))
    return out


def _merged(c: Consolidation, section: str, limit: int = STATEMENTS_PER_SECTION) -> list[str]:
    # A unit's own counts are already in the tables: only its words are merged.
    statements = merge(_remarks(c, section), without_figures=section == "results")
    framing = {"next_tasks": "plan", "strengths": "assessment", "limitations": "difficulty"}.get(
        section, "report"
    )
    return [attribute(s, framing=framing) for s in statements[:limit]]


LOCALITY_WORDS = {
    UnitKind.COMMUNE_PC: ("UBND xã, phường", "xã, phường"),
    UnitKind.DISTRICT_PC: ("UBND huyện, thành phố, thị xã", "huyện, thành phố, thị xã"),
    UnitKind.PROVINCE_PC: ("UBND tỉnh", "tỉnh"),
}


def _localities(records: Iterable[UnitRecord]) -> list[tuple[int, str, str]]:
    """Count localities by level: [(92, "UBND xã, phường", "xã, phường"), …]."""
    counts: dict[str, int] = {}
    for r in records:
        if r.group == "localities":
            counts[r.unit.kind] = counts.get(r.unit.kind, 0) + 1
    return [(counts[k], *LOCALITY_WORDS[k]) for k in LOCALITY_WORDS if counts.get(k)]


def _group_counts(c: Consolidation) -> str:
    words = {"departments": "sở, ban, ngành", "press": "cơ quan báo chí"}
    words["others"] = "cơ quan, đơn vị khác"
    counts = []
    for code, _label in c.groups:
        if code == "localities":
            counts += [f"{format_number(n)} {who}" for n, who, _w in _localities(c.records)]
            continue
        n = sum(1 for r in c.records if r.group == code)
        counts.append(f"{format_number(n)} {words[code]}")
    return join(counts)


def _direction(c: Consolidation) -> list[str]:
    issuer = c.plan.issuing_unit.name
    lines = [
        f"Sau khi ban hành {plan_reference(c.plan, issuer=False)}, {issuer} đã gửi Kế hoạch và "
        "hướng dẫn "
        f"{_group_counts(c)} triển khai các nhiệm vụ được giao; các hoạt động tuyên truyền được "
        "cập nhật kèm minh chứng trên hệ thống hangviet để theo dõi, đánh giá thường xuyên."
    ]
    if c.requests:
        asked = min(r.created_at for r in c.requests)
        deadline = min(r.deadline for r in c.requests)
        lines.append(
            f"Ngày {format_date_in_text(timezone.localdate(asked))}, {issuer} đề nghị các cơ quan, "
            f"đơn vị, địa phương báo cáo kết quả {period_label(c.period.code, document=True)} "
            f"(số liệu từ ngày {format_date_in_text(c.period.start)} đến ngày "
            f"{format_date_in_text(c.period.end)}), thời hạn gửi báo cáo trước ngày "
            f"{format_date_in_text(deadline)}."
        )
    lines += _merged(c, "direction", 4)
    return lines


def _sentence(subject: str, items: list[tuple[str, int, str]]) -> str:
    """ "<Subject> đăng 30 tin, bài …, thực hiện 15 chương trình … và phát 917 lượt …"."""
    parts = [f"{verb} {format_number(n)} {what}" for verb, n, what in items if n]
    return f"{capitalised(subject)} đã {join(parts)}." if parts else ""


def _group_items(c: Consolidation, group: str, codes: Iterable[str]) -> list[tuple[str, int, str]]:
    items = []
    for code in codes:
        verb, what = PHRASES[code]
        items.append((verb, _value(c, code, group), what))
    return items


def _quoted(h: Highlight) -> str:
    """A programme or an event by its name: in quotes unless it quotes its own name."""
    title = h.title.strip().rstrip(".")
    return title if "“" in title or '"' in title else f"“{title}”"


def _press(c: Consolidation) -> list[str]:
    lines = []
    group = "press"
    items = _group_items(c, group, ("articles", "broadcast_programmes", "portal_posts"))
    sentence = _sentence(GROUP_SUBJECTS[group], items)
    airtime = _value(c, "airtime", group)
    if sentence and airtime:
        sentence = sentence[:-1] + f" với tổng thời lượng {format_number(airtime)} phút."
    by_channel = {code: n for code, _name, n, _q in c.by_channel}
    types = [
        f"{label} {format_number(by_channel[code])} {measure}"
        for code, label, measure in PRESS_CHANNELS
        if by_channel.get(code)
    ]
    if types:
        sentence += f" Theo loại hình: {'; '.join(types)}."
    if sentence:
        lines.append(f"a) Trên báo chí: {sentence[:1].lower()}{sentence[1:]}")
    programmes = [h for h in c.highlights if h.kind in ("tv_report", "radio_programme")][:3]
    articles = [h for h in c.highlights if h.kind == "article"]
    named_ = []
    for h in programmes:
        minutes = f", {format_number(h.quantity)} phút" if h.measure == "minutes" else ""
        named_.append(f"{_quoted(h)} ({h.unit.short_name or h.unit.name}{minutes})")
    if articles:
        named_.append(
            "các bài "
            + join([_quoted(h) for h in articles])
            + f" ({articles[0].unit.short_name or articles[0].unit.name})"
        )
    if named_:
        lines.append(f"Tiêu biểu là {join(named_)}.")
    return lines


def _portals(c: Consolidation) -> list[str]:
    posts = {g: _value(c, "portal_posts", g) for g, _l in c.groups if g != "press"}
    parts = [f"{GROUP_SUBJECTS[g]} đăng {format_number(n)} tin, bài" for g, n in posts.items() if n]
    social = _value(c, "social_posts")
    if not parts and not social:
        return []
    text = join(parts)
    if social:
        text += ("; " if text else "") + f"có {format_number(social)} bài đăng trên mạng xã hội"
    return [f"b) Trên cổng/trang thông tin điện tử, bản tin chuyên ngành và mạng xã hội: {text}."]


def _grassroots(c: Consolidation) -> list[str]:
    broadcasts = _value(c, "loudspeaker")
    banners = _value(c, "banners")
    lines = []
    if broadcasts:
        levels = join([f"{format_number(n)} {where}" for n, _who, where in _localities(c.accepted)])
        text = (
            f"c) Trên hệ thống thông tin cơ sở: {levels or 'các địa phương'} có báo cáo được "
            f"tiếp nhận đã phát {format_number(broadcasts)} lượt tin, bài trên đài truyền "
            "thanh và hệ thống loa ở các thôn, xóm, tổ dân phố"
        )
        if c.top_communes:
            top = [
                f"{area_lower(u.area_name or u.display_name)} ({format_number(n)} lượt)"
                for u, n in c.top_communes
            ]
            text += f"; nhiều lượt phát nhất là {join(top)}"
        lines.append(text + ".")
    if banners:
        lines.append(
            f"d) Tuyên truyền trực quan: đã treo {format_number(banners)} băng rôn, pano, áp "
            "phích tại trụ sở, nhà văn hóa, chợ và các điểm bán hàng Việt."
        )
    return lines


def _trade(c: Consolidation) -> list[str]:
    fairs, stalls = _value(c, "fairs"), _value(c, "stalls")
    meetings, people = _value(c, "conferences"), _value(c, "participants")
    if not (fairs or meetings):
        return []
    lines = ["2. Hoạt động xúc tiến thương mại, kết nối cung cầu hàng Việt"]
    parts = []
    if fairs:
        parts.append(
            f"tổ chức {format_number(fairs)} hội chợ, phiên chợ hàng Việt"
            + (f" với {format_number(stalls)} gian hàng" if stalls else "")
        )
    if meetings:
        parts.append(
            f"{format_number(meetings)} hội nghị, tập huấn"
            + (f" với {format_number(people)} lượt người tham dự" if people else "")
        )
    lines.append(f"Các cơ quan, đơn vị đã {join(parts)}.")
    examples = [h for h in c.highlights if h.kind in ("fair", "conference", "contest")]
    if examples:
        shown = []
        for h in examples:
            measure = {"stalls": "gian hàng", "participants": "người tham dự"}.get(h.measure, "")
            amount = f", {format_number(h.quantity)} {measure}" if measure else ""
            shown.append(
                f"{_quoted(h)} do {h.unit.short_name or h.unit.name} tổ chức ngày "
                f"{format_date_in_text(h.day)}{amount}"
            )
        lines.append(f"Tiêu biểu: {'; '.join(shown)}.")
    return lines


def _areas(c: Consolidation) -> list[str]:
    flagged = [r for r in c.reach if r.total]
    if not flagged:
        return []
    lines = ["3. Tuyên truyền tại địa bàn khó khăn"]
    reached = join([f"{r.reached}/{r.total} {r.label}" for r in flagged])
    lines.append(f"Hoạt động tuyên truyền của các đơn vị đã đến {reached}.")
    main = max(flagged, key=lambda r: len(r.silent))
    if main.silent:
        names = [area_lower(name) for name in main.silent]
        shown = ", ".join(names[:10]) + ("…" if len(names) > 10 else "")
        lines.append(
            f"Còn {len(main.silent)} {main.label} chưa ghi nhận hoạt động nào trong kỳ, gồm: "
            f"{shown} (danh sách đầy đủ tại Phụ lục)."
        )
    return lines


def _comparison(c: Consolidation) -> list[str]:
    comp = c.comparison
    if comp is None:
        return []
    change = comp.change * 100
    words = period_label(comp.period_code, document=True)
    now, before = format_number(comp.current), format_number(comp.previous)
    if abs(change) < 0.5:
        text = f"Số hoạt động được ghi nhận tương đương {words} ({now} hoạt động)."
    else:
        way, move = ("tăng", "lên") if change > 0 else ("giảm", "xuống")
        text = (
            f"So với {words}, số hoạt động được ghi nhận của các đơn vị {way} "
            f"{percent(abs(change))}% (từ {before} {move} {now} hoạt động)."
        )
    return ["4. So sánh với kỳ trước", text]


def _reporting(c: Consolidation, number: int) -> list[str]:
    total = next((row for row in c.completeness if row.group == "total"), None)
    lines = [f"{number}. Tình hình báo cáo của các cơ quan, đơn vị"]
    expected = len(c.records)
    accepted = len(c.accepted)
    received = total.received if total else 0
    on_time = total.on_time if total else 0
    text = (
        f"{c.plan.issuing_unit.name} đề nghị {format_number(expected)} cơ quan, đơn vị, địa "
        f"phương báo cáo; đã nhận {format_number(received)} báo cáo "
        f"({format_number(on_time)} báo cáo đúng hạn), trong đó {format_number(accepted)} báo "
        "cáo đã được tiếp nhận."
    )
    lines.append(text)
    for state, verb in (
        (RETURNED, "bị trả lại để bổ sung, chỉnh sửa"),
        (SUBMITTED, "đã gửi nhưng chưa được xem xét, tiếp nhận"),
        (MISSING, "chưa gửi báo cáo"),
    ):
        units = [r.unit for r in c.in_state(state)]
        if units:
            lines.append(
                f"Có {format_number(len(units))} báo cáo {verb}: "
                f"{name_units([named(u) for u in units])}."
                if state != MISSING
                else f"Còn {format_number(len(units))} đơn vị {verb}: "
                f"{name_units([named(u) for u in units])}."
            )
    pending = sum(line.pending for line in c.lines)
    note = "Số liệu tổng hợp tại Biểu 01 tính theo báo cáo đã được tiếp nhận của các đơn vị"
    if pending and accepted < expected:
        note += (
            "; số liệu theo minh chứng của các đơn vị chưa có báo cáo được tiếp nhận được "
            "thống kê riêng tại Phụ lục, chưa tính vào tổng hợp"
        )
    lines.append(note + ".")
    if c.differences:
        changed = {d.record.request.pk: d.record.unit for d in c.differences}
        lines.append(
            f"Có {format_number(len(changed))} đơn vị báo cáo số liệu khác với minh chứng trên hệ "
            "thống và đã nêu lý do; số liệu do đơn vị báo cáo được dùng để tổng hợp (chi tiết "
            "tại Biểu 02)."
        )
    return lines


def _results(c: Consolidation) -> list[str]:
    lines = ["1. Công tác thông tin, tuyên truyền"]
    body = _press(c) + _portals(c) + _grassroots(c)
    if not body:
        body = ["Trong kỳ chưa có báo cáo được tiếp nhận ghi nhận hoạt động tuyên truyền."]
    lines += body
    lines += _trade(c)
    lines += _areas(c)
    lines += _comparison(c)
    own = _merged(c, "results", 5)
    number = 5 if c.comparison else 4
    if own:
        lines.append(f"{number}. Kết quả nổi bật do các đơn vị báo cáo")
        lines += own
        number += 1
    lines += _reporting(c, number)
    return lines


def _strengths(c: Consolidation) -> list[str]:
    expected, accepted = len(c.records), len(c.accepted)
    total = next((row for row in c.completeness if row.group == "total"), None)
    channels = [name for _code, name, n, _q in c.by_channel if n]
    text = (
        f"Các cơ quan, đơn vị, địa phương đã chủ động triển khai Kế hoạch; "
        f"{format_number(accepted)}/{format_number(expected)} đơn vị có báo cáo được tiếp nhận"
    )
    if total and total.expected:
        text += f", {percent(total.on_time_rate * 100)}% báo cáo gửi đúng hạn"
    if channels:
        text += (
            f"; hình thức tuyên truyền đa dạng trên {len(channels)} kênh, nhiều nhất là "
            f"{channels[0][:1].lower()}{channels[0][1:]}"
        )
    return [text + ".", *_merged(c, "strengths")]


def _limitations(c: Consolidation) -> list[str]:
    parts = []
    missing, returned = len(c.in_state(MISSING)), len(c.in_state(RETURNED))
    late = sum(1 for r in c.records if r.first_sent is not None and r.late)
    if missing:
        parts.append(f"còn {format_number(missing)} đơn vị chưa gửi báo cáo")
    if late:
        parts.append(f"{format_number(late)} báo cáo gửi chậm so với thời hạn")
    if returned:
        parts.append(f"{format_number(returned)} báo cáo phải trả lại để bổ sung")
    silent = max((len(r.silent) for r in c.reach), default=0)
    if silent:
        parts.append(
            f"{format_number(silent)} xã thuộc địa bàn khó khăn chưa ghi nhận hoạt động tuyên "
            "truyền nào"
        )
    lines = []
    if parts:
        lines.append(f"Tuy nhiên, {join(parts)}.")
    merged = _merged(c, "limitations")
    if merged:
        lines.append("Nguyên nhân và khó khăn do các đơn vị nêu:")
        lines += merged
    return lines


def _next_tasks(c: Consolidation) -> list[str]:
    code = shifted_period(c.period.code, 1)
    upcoming = period_label(code, document=True) if code else "thời gian tới"
    lines = []
    for theme in [t for t in c.plan.themes.all() if t.parent_id is None][:3]:
        # The theme's first clause: a plan's theme can run to a paragraph.
        text = re.split(r"[;:]", theme.text.strip(), maxsplit=1)[0].strip().rstrip(".")
        text = re.sub(r"^(Tiếp tục|tiếp tục)\s+", "", text)
        lines.append(f"Tiếp tục {text[:1].lower()}{text[1:]}.")
    silent = max((len(r.silent) for r in c.reach), default=0)
    if silent:
        lines.append(
            f"Tập trung tuyên truyền tại {format_number(silent)} xã thuộc địa bàn khó khăn "
            "chưa có hoạt động trong kỳ, ưu tiên hệ thống loa truyền thanh và phiên chợ hàng "
            "Việt về nông thôn."
        )
    lines.append(
        "Đôn đốc các cơ quan, đơn vị cập nhật minh chứng trên hệ thống hangviet và gửi báo cáo "
        f"{upcoming} đúng thời hạn."
    )
    lines += _merged(c, "next_tasks", 4)
    return lines


def _proposals(c: Consolidation) -> list[str]:
    merged = _merged(c, "proposals", 8)
    if merged:
        return merged
    return [
        "Đề nghị Ban Chỉ đạo Cuộc vận động tỉnh tiếp tục chỉ đạo các cơ quan, đơn vị phối hợp "
        "tuyên truyền, nhất là tại các xã vùng sâu, vùng xa."
    ]
