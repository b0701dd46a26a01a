"""Who is given work: units and groups named in duties, numbered task lists, "Kính gửi:"
lists and prose ("giao / đề nghị / yêu cầu …"), their deadlines, channels and reporting
duties (part of the document reader, `parsing`)."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from hangviet.core.text import fold, fold_same_length
from hangviet.plans.blocks import (
    _BULLET,
    Block,
)
from hangviet.plans.citations import (
    _DAY_MONTH_YEAR,
)
from hangviet.plans.header import (
    HEADER_LINES,
)

if TYPE_CHECKING:
    from hangviet.plans.parsing import ParsedPlan


# Channels of the shared taxonomy, recognised by phrases (folded).
CHANNEL_PHRASES: list[tuple[str, tuple[str, ...]]] = [
    ("press_tv", ("bao hinh", "truyen hinh")),
    ("press_radio", ("bao noi", "phat thanh")),
    ("press_print", ("bao in", "tap chi", "an pham")),
    ("press_online", ("bao dien tu",)),
    ("provincial_portal", ("cong thong tin dien tu cua tinh", "cong thong tin dien tu tinh")),
    ("district_radio", ("truyen thanh cap huyen", "dai truyen thanh huyen")),
    (
        "commune_radio",
        (
            "cap xa",
            "truyen thanh co so",
            "loa truyen thanh",
            "truyen thanh - truyen hinh co so",
            "dai truyen thanh xa",
        ),
    ),
    (
        "agency_portal",
        (
            "cong/trang thong tin dien tu cua cac co quan",
            "trang thong tin dien tu cua cac",
            "cong/trang thong tin dien tu",
        ),
    ),
    ("sector_bulletin", ("ban tin",)),
    ("banner_poster", ("pano", "ap phich", "bang ron", "khau hieu")),
    ("conference", ("hoi nghi", "toa dam", "tap huan")),
    ("fair", ("hoi cho", "phien cho", "trien lam")),
    ("social_media", ("mang xa hoi", "zalo", "facebook", "fanpage")),
    ("contest", ("cuoc thi", "hoi thi")),
]


GROUP_PHRASES: list[tuple[str, str]] = [
    (r"(?:ubnd|uy ban nhan dan) cac huyen, thanh pho, thi xa", "district_pc"),
    (
        r"(?:ubnd|uy ban nhan dan) cac huyen(?:, (?:thanh pho|thi xa))+(?:,? va (?:thanh pho|"
        r"thi xa))?",
        "district_pc",
    ),
    (r"(?:ubnd|uy ban nhan dan) cap huyen", "district_pc"),
    (
        r"(?:ubnd|uy ban nhan dan) cac xa, phuong(?:, thi tran| va thi tran| va dac khu)?",
        "commune_pc",
    ),
    (r"(?:ubnd|uy ban nhan dan) cap xa", "commune_pc"),
    (r"(?:ubnd|uy ban nhan dan) cac xa, thi tran", "commune_pc"),
    (r"cac so, ban, nganh(?: cua tinh| tinh)?", "department"),
    (r"cac so, nganh(?: cua tinh| tinh)?", "department"),
    (r"cac (?:ban, so, nganh|so, ban nganh|ban nganh)(?: cua tinh| tinh)?", "department"),
    (r"cac co quan bao chi(?: cua tinh| tinh| dia phuong)?", "press"),
    (r"cac co quan, don vi(?: co lien quan)?", "plan_units"),
    # the issuer's own divisions: "các phòng, ban thuộc Sở", "các phòng chuyên môn của huyện"
    (
        r"cac phong(?:, ban)?(?:, don vi)?(?: chuyen mon)?(?:,? (?:thuoc|truc thuoc|cua) "
        r"(?:so|ubnd huyen|uy ban nhan dan huyen|huyen|co quan|don vi))",
        "own_divisions",
    ),
]


_DUTY_VERBS = (
    "chi dao|huong dan|xay dung|tuyen truyen|trien khai|phoi hop|thuc hien|gui|to chuc|chu tri|"
    "theo doi|bao cao|co trach nhiem|can cu|dang tai|tang cuong|day manh|quan tam|chu dong|"
    "lam dau moi|cap nhat|dua tin|ban hanh|dinh ky|cung cap|phu trach|tham muu|giup|van dong|"
    "huong ung|lua chon|kiem tra|chiu trach nhiem|thi hanh|tham dinh|bo tri|de xuat|"
    "nghien cuu|ra soat|tong hop|trinh|xem xet|co y kien|gop y|giam sat|dam bao|ho tro|"
    "phat dong|niem yet|tiep nhan|chuan bi|dang ky|tham gia|tap trung|quan triet|"
    "khan truong|nghiem tuc|lanh dao|bao dam|treo co|treo bang ron|treo khau hieu|mo dot|"
    "mo rong|mo chuyen trang|mo chuyen muc|mo lop|lam viec cu the"
)


# What "các …" may name to be a group of bodies ("các sở", "các cấp", "các doanh nghiệp"), not
# "các hoạt động", "các sản phẩm".
_PLURAL_BODIES = (
    "so|ban|nganh|co quan|don vi|dia phuong|cap|to chuc|hoi|doanh nghiep|thanh vien|phong|"
    "xa|huyen|phuong|thi tran|truong|trung tam|chi cuc|dai|bao|tap chi|hop tac xa|doan|chi hoi|"
    "chi bo|dang bo|cap uy|ho|tieu thuong|co so|dong chi|lanh dao|thu truong|giam doc|"
    "chu tich|ubnd|uy ban|tinh|thanh pho|quan|cum|khu|nha|thuong nhan|hiep hoi|lien doan|"
    "cong doan|mat tran|tang lop|cong ty|sieu thi|cho|ngan hang|dai bieu|bo|ca nhan|"
    "benh vien|luc luong|ban nganh|chi doan|co so dang|dang uy|to chuc dang|chi dang bo|to|"
    # as officials abbreviate them: "các CSGD" (cơ sở giáo dục), "các HTX", "các DN"
    "csgd|cskd|cssx|csdl|htx|dn|hkd|tctd|ctv"
)


_HEAD_WORDS = (
    # (not the verbs and nouns that begin like them: ban hành, báo cáo, hội nghị, đại hội)
    r"(?:so|ban(?! hanh)|bao(?! cao)|dai(?! hoi| dien)|tap chi|trung tam|phong|uy ban|ubnd|"
    r"hoi(?! nghi| thi| cho| nhap)|tinh doan|lien minh|"
    r"chi cuc|tong cuc|cuc|van phong|ho|ngan hang|benh vien|ldld|tap doan|tong cong ty|"
    rf"cac(?= (?:{_PLURAL_BODIES})\b)|bo|giam doc|thu truong|hiep hoi|"
    r"cong doan|mat tran|mttq|"
    r"cap uy|chinh quyen|doan thanh nien|lien doan|hoi dong|bi thu|"
    # groups named without a body word, and the letter's own addressees
    r"doanh nghiep|hop tac xa|thanh vien|don vi|nganh(?! hang)|dia phuong|quy co quan|quy don vi|"
    r"lanh dao cac|huyen doan|thanh doan|doan vien|hoi vien|chanh van phong|chanh thanh tra|"
    # a body's staff given a task: "giao chuyên viên Văn phòng HĐND & UBND xã theo dõi …"
    r"chuyen vien|cong chuc|can bo(?! cong chuc)|"
    r"chu tich (?:ubnd|uy ban nhan dan)|"
    # "Trưởng phòng …", "Trưởng Công an quận 7", "Trưởng đoàn kiểm tra"
    r"truong(?= (?:phong|ban|cac|cong an|doan|tram|chi cuc|khoa|bo phan)\b)|"
    r"to(?= (?:dan pho|cong tac|giam sat|cong nghe|tu quan|truong|dan vu|xung kich|giup viec)\b)|"
    # "lãnh đạo Ủy ban MTTQ …", "cơ quan thành viên Ban Chỉ đạo …", "công an các đơn vị"
    r"lanh dao(?= (?:uy ban|ubnd|so|mat tran|mttq|hoi|ban|cac|tinh|huyen|xa|phuong|thi tran)\b)|"
    r"co quan(?= (?:thanh vien|chuyen mon|thuong truc|chu tri)\b)|cong an|"
    r"doan(?= (?:lien nganh|kiem tra|cong tac|thanh tra|giam sat)\b))"
)

# Words between a body and its duty verb that say how, not who: "Sở Công Thương sẽ / cần /
# tiếp tục / được giao chủ trì …". Stripped from the end of the assignee.
_MODALS = re.compile(
    r"(?:\s+(?:se|can|phai|can phai|tiep tuc|cung|deu|duoc giao|duoc phan cong|duoc|"
    r"co nhiem vu|nghiem tuc|khan truong|tich cuc|chiu trach nhiem|trong viec|ve viec|"
    r"duoc giao trach nhiem|duoc giao nhiem vu|chu dong|duoc yeu cau|duoc de nghi|"
    r"trong|de|la co quan|la don vi|la|la dau moi|co the|con))+$"
)

# The same words inside a longer assignee, where an unlisted verb follows them ("… tiếp tục
# đổi mới …"); "Cần Thơ", "Cần Giuộc" are places.
_INNER_MODAL = re.compile(
    r"\s(?:se|can(?! (?:tho|giuoc|duoc|gio|loc|bo|su)\b)|phai|tiep tuc|co nhiem vu|nghiem tuc|"
    r"khan truong|tich cuc|chu dong|quyet liet|thuong xuyen|kip thoi|co the)\s"
)

# A body that *did* something is reported, not given work: "các cơ quan báo chí đã đăng tải …".
_DONE = re.compile(r"\b(?:da|vua|da tung|tung)\b(?:\s+\S+){0,2}\s*$")

# What may precede the body in a sentence of news prose: "Theo kế hoạch, …", "Đồng thời, …",
# "Trong năm 2024, …", "Tại hội nghị, …" — a short clause closed by a comma, with no body in it.
_LEAD_IN = re.compile(r"^([^,;:]{2,120}),\s+(?:đối với\s+)?")


# A duty verb after a space; "chỉ đạo" in "Ban Chỉ đạo", "tổng hợp" in "Phòng Tổng hợp" are
# names, not verbs; "các tổ chức" is a group, not "tổ chức" (organise).
_VERB = re.compile(
    rf"(?<!\bban)(?<!\bphong)(?<!\bcuc)(?<!(?<!nhiem )\bvu)(?<!\bcuoc)(?<!\bcac)\s({_DUTY_VERBS})\b"
    # "các cấp ủy, tổ chức đảng", "tổ chức chính trị - xã hội": bodies, not "organise"
    r"(?<!to chuc(?= (?:dang|co so|chinh tri|doan the|xa hoi|thanh vien|cong doan)\b))"
    # "các cơ quan tham mưu, giúp việc Tỉnh ủy": a kind of body
    r"(?<!co quan tham muu)(?<!tham muu, giup)(?<!tham muu, giup viec)(?<!\bto giup)"
)


def _verb_in(folded: str, text: str, start: int = 0) -> re.Match[str] | None:
    """The first duty verb of `text` from `start` (its folded copy searched, positions relative
    to `start`); a capitalised word inside a sentence is a name ("Bộ Xây dựng", "Ban Tổ
    chức"), not a verb."""
    for verb in _VERB.finditer(folded, start):
        if not text[verb.start(1) : verb.start(1) + 1].isupper():
            return _VERB.search(folded[start:], verb.start() - start)
    return None


@dataclass
class ChannelLine:
    text: str
    channels: list[str]


@dataclass
class Mention:
    """A unit or group of units named in an assignment or a recipient line."""

    text: str
    group: str | None = None  # a group code such as "district_pc", or None for one unit
    unit_ids: list[int] = field(default_factory=list)
    unit_names: list[str] = field(default_factory=list)
    resolved: bool = False


@dataclass
class Assignment:
    number: str
    text: str
    assignee_text: str
    directed_text: str
    mentions: list[Mention]
    channels: list[str]
    deadline: str | None = None  # ISO date: "trước ngày 10/8/2018", "chậm nhất ngày …"


@dataclass
class Obligation:
    """Who reports what to whom, read from an assignment."""

    assignment: str  # the number of the assignment it was read from
    reporters: Mention
    recipient: Mention
    via: Mention | None
    cadences: list[str]  # "semiannual", "quarterly", "annual", "monthly", "adhoc", "periodic"
    text: str


@dataclass
class Recipient:
    text: str
    purpose: str
    mention: Mention
    addressed: bool = False  # named after "Kính gửi:" (not only sent a copy)


def channels_in(text: str) -> list[str]:
    """Return the channel codes that `text` names, in taxonomy order."""
    key = fold(text)
    return [code for code, phrases in CHANNEL_PHRASES if any(p in key for p in phrases)]


def cadences_in(text: str) -> list[str]:
    key = fold(text)
    found = []
    if re.search(r"(06|6|sau) thang", key):
        found.append("semiannual")
    if re.search(r"hang quy|moi quy|dinh ky quy|theo quy(?! dinh)", key):
        found.append("quarterly")
    if re.search(r"hang nam|dinh ky nam|cuoi nam", key):
        found.append("annual")
    if re.search(r"hang thang", key):
        found.append("monthly")
    if "dot xuat" in key:
        found.append("adhoc")
    if not found and "dinh ky" in key:
        found.append("periodic")
    return found


# A body asked to act may be asked to require others to act in turn.
# ("công văn gửi tới các Bộ, ngành … đề nghị tăng cường …": the bodies a letter went to are
# asked.)
_ASKS_IN_TURN = re.compile(r"\s(yeu cau|de nghi)\s")


def split_assignee(text: str) -> tuple[str, str]:
    """Return (who is assigned, whom they direct) from an assignment sentence."""
    folded = fold_same_length(text)
    start = 0
    if m := re.match(
        r"^\s*(?:de nghi|giao(?: (?:nhiem vu|chi tieu|trach nhiem))?|yeu cau|chi dao|kinh gui|"
        r"gui|"
        r"phan cong(?: (?:truc tiep|cu the))?)"
        r"(?:\s+(?:cua\s+[^,.;]{3,80}?\s+)?(?:doi voi|cho|voi|toi|den))?(?:\s*:)?\s+",
        folded,
    ):
        start = m.end()
    # "Sở Công Thương: Chủ trì …" — a task list led by its unit, the unit before the colon
    if (colon := folded.find(":", start)) != -1 and 3 <= colon - start <= 160:
        before = text[start:colon].strip(" ,.;")
        # "Giám đốc các sở: Công Thương, Tài chính …" — the colon opens a list of names
        key = fold(before)
        lists_names = re.search(r"cac (?:so|ban|nganh|co quan|don vi|phong|bo)$", key)
        gives_duty = _VERB.search(" " + key) is not None
        if _UNIT_FIRST.match(key) and "(" not in before and not lists_names and not gives_duty:
            rest = folded[colon + 1 :].lstrip()
            directed = ""
            if rest.startswith("chi dao"):
                offset = colon + 1 + (len(folded[colon + 1 :]) - len(rest)) + len("chi dao")
                nxt = _VERB.search(folded[offset:])
                directed = text[offset : offset + (nxt.start() if nxt else 0)].strip(" ,.;")
            return before, directed
    verb = _verb_in(folded, text, start)
    if (
        start
        and (asks := _ASKS_IN_TURN.search(folded, start))
        and (verb is None or asks.start() - start < verb.start())
    ):
        # "đề nghị các doanh nghiệp … yêu cầu các cửa hàng …": the body asked asks in turn
        verb = _ASKS_IN_TURN.search(folded[start:])
    if not verb:
        return text[start:].strip(" .;"), ""
    cut = start + verb.start()
    if modal := _MODALS.search(folded[start:cut]):
        cut = start + modal.start()
    inner = _INNER_MODAL.search(folded[start:cut])
    if (
        inner
        and folded[start + inner.start() + 1 :].startswith("can ")
        and (text[start + inner.start() + 1 : start + inner.start() + 4].lower() != "cần")
    ):
        inner = None  # "Ban Cán sự", "cán bộ": not "cần"
    if inner:
        # "Mặt trận các cấp tiếp tục đổi mới …": the body ends where "how" begins, whatever
        # verb follows
        cut = start + inner.start()
    # "các CSGD đang tổ chức …": what they are doing, not who (written "đang", not "Đảng")
    assignee = re.sub(r"\s+(?:đang|vẫn)$", "", text[start:cut].strip(" ,.;"))
    directed = ""
    clause = re.split(r"[;.]", folded[start + verb.start() + 1 :], maxsplit=1)[0][:120]
    if (
        later := re.search(r"(?:^|,\s|\s)(?:chi dao(?:,?\s+huong dan)?|huong dan)\s+", clause)
    ) and later.start():
        # "Sở … là cơ quan chủ trì, phối hợp, hướng dẫn các cơ quan thông tin đại chúng …"
        rest_start = start + verb.start() + 1 + later.end()
        end = rest_start + len(re.split(r"[;.]", folded[rest_start:], maxsplit=1)[0])
        nxt = _VERB.search(folded[rest_start:end])
        candidate = text[rest_start : rest_start + nxt.start() if nxt else end].strip(" ,.;")
        if _UNIT_FIRST.match(fold(candidate)) and len(candidate) <= 200:
            return assignee, candidate
    if re.match(r"(?:chi dao|huong dan)\b", folded[start + verb.start() + 1 :]):
        rest_start = start + verb.end()
        rest = folded[rest_start:]
        nxt = _VERB.search(rest)
        directed = text[rest_start : rest_start + (nxt.start() if nxt else len(rest))].strip(" ,.;")
    return assignee, directed


def mentions_in(phrase: str) -> list[Mention]:
    """Split an assignee phrase into group phrases and single unit names."""
    mentions: list[Mention] = []
    folded = fold_same_length(phrase)
    spans: list[tuple[int, int]] = []
    for pattern, group in GROUP_PHRASES:
        for m in re.finditer(pattern, folded):
            if any(s <= m.start() < e for s, e in spans):
                continue
            spans.append((m.start(), m.end()))
            mentions.append(Mention(text=phrase[m.start() : m.end()], group=group))
    rest = list(phrase)
    for s, e in spans:
        rest[s:e] = [","] * (e - s)
    remainder = "".join(rest)
    folded_rest = fold_same_length(remainder)
    # Split at commas, and at "và" only where a new unit name begins ("… và UBND cấp xã").
    cuts = [0]
    for m in re.finditer(rf",|;|\s+va\s+(?={_HEAD_WORDS}\b)", folded_rest):
        cuts.extend([m.start(), m.end()])
    cuts.append(len(remainder))
    pieces = [remainder[cuts[i] : cuts[i + 1]].strip(" ,.;()") for i in range(0, len(cuts) - 1, 2)]
    kept: list[str] = []
    family: str | None = None  # "Bộ" while a list "các bộ Công an, Quốc phòng, …" runs on
    for raw in pieces:
        piece = re.sub(r"\s+", " ", raw)
        if len(piece) < 3 or not re.search(r"\w", piece):
            family = None
            continue
        key = fold(piece)
        if kept and _LEVELS.fullmatch(key) and _OF_LEVELS.search(fold(kept[-1])):
            # "Ủy ban MTTQ các tỉnh, thành phố": one group of every tỉnh and thành phố
            kept[-1] += ", " + piece
            continue
        if (kept or mentions) and re.fullmatch(r"(?:co )?lien quan|truc thuoc|tren dia ban", key):
            # "các sở, ngành liên quan": no body of its own
            family = None
            continue
        if family and not _UNIT_FIRST.match(key) and piece[0].isupper():
            # "các bộ Công an, Quốc phòng, Công Thương": each is a ministry
            kept.append(f"{family} {piece}")
            continue
        family = None
        if listed := _FAMILY.match(piece):
            family = listed.group(1).capitalize()
            piece = f"{family} {listed.group(2)}"
        kept.append(piece)
    mentions.extend(Mention(text=piece) for piece in kept)
    return mentions


# The levels of local government, named together: "các tỉnh, thành phố trực thuộc Trung ương",
# "các huyện, thị xã, thành phố".
_LEVEL = r"(?:tinh|thanh pho|huyen|quan|thi xa|thi tran|xa|phuong|dac khu|tinh thanh)"
_LEVELS = re.compile(
    rf"(?:va )?{_LEVEL}(?: (?:truc thuoc|thuoc) (?:trung uong|tinh|tw|thanh pho))?"
    r"(?: tren (?:toan quoc|ca nuoc|dia ban(?: tinh| thanh pho| huyen)?))?"
)
_OF_LEVELS = re.compile(rf"\bcac {_LEVEL}(?:,? (?:va )?{_LEVEL})*$")
# A list of one kind of body written once: "các bộ Công an, Quốc phòng", "các sở: Tài chính, …".
_FAMILY = re.compile(r"^(?i:các) ((?i:bộ|sở|ban|hội))\s*:?\s+([A-ZĐÀÁẢÃẠĂÂÈÉÊÌÍÒÓÔƠÙÚƯỲÝ].*)$")


def parse_obligation(
    number: str, text: str, assignees: list[Mention], deadline: str | None = None
) -> Obligation | None:
    """Return the reporting duty an assignment states, if it states one; a report asked for by
    a date ("… trước ngày 10/8/2018 để báo cáo Bộ Công Thương") is an ad hoc one."""
    folded = fold_same_length(text)
    if "bao cao" not in folded:
        return None
    cadences = cadences_in(text) or (["adhoc"] if deadline else [])
    if not cadences:
        return None
    recipient_text, via_text = "", ""
    if (m := re.search(r"\bve\s+(" + _HEAD_WORDS + r"\b[^(.;]*)", folded)) or (
        m := re.search(
            r"bao cao\s+(" + _HEAD_WORDS + r"\b[^(.;]*?)(?:\s+theo quy dinh|[.;(]|$)", folded
        )
    ):
        recipient_text = text[m.start(1) : m.end(1)]
    if m := re.search(r"\(qua\s+([^)]+)\)", folded):
        via_text = text[m.start(1) : m.end(1)]
    recipient_text = re.split(r"\s+(?:để|theo|trước)\s", recipient_text)[0].strip(" ,.;")
    if not recipient_text:
        return None
    reporters = (
        assignees[0] if len(assignees) == 1 else Mention(text="; ".join(a.text for a in assignees))
    )
    return Obligation(
        assignment=number,
        reporters=reporters,
        recipient=Mention(text=recipient_text),
        via=Mention(text=via_text.strip(" ,.;")) if via_text else None,
        cadences=cadences,
        text=text,
    )


def _unit_led(blocks: list[Block]) -> bool:
    """Whether most numbered items open with a unit and a colon ("1. Sở Công Thương: …"):
    a list of duties, whatever its heading calls it."""
    numbered = [b for b in blocks if b.kind in ("numbered", "heading")]
    led = [
        b
        for b in numbered
        if re.match(r"^[^:]{3,160}:", b.text) and _UNIT_FIRST.match(fold(b.text))
    ]
    return bool(numbered) and 2 * len(led) >= len(numbered)


def _assign(plan: "ParsedPlan", blocks: list[Block]) -> None:
    """Every item of a duties section is a duty of the unit it names first."""
    # A short numbered duty reads like a heading; here every numbered line is a duty.
    items = [
        b for b in blocks if b.kind in ("numbered", "heading", "lettered", "bullet", "paragraph")
    ]
    for index, block in enumerate(items, start=1):
        if block.kind == "paragraph" and items[0].kind != "paragraph":
            # A continuation paragraph belongs to the item before it.
            if plan.assignments:
                plan.assignments[-1].text += " " + block.text
            continue
        assignee, directed = split_assignee(block.text)
        mentions = mentions_in(assignee)
        plan.assignments.append(
            Assignment(
                number=block.number or str(index),
                text=block.text,
                assignee_text=assignee,
                directed_text=directed,
                mentions=mentions,
                channels=channels_in(block.text),
            )
        )
    for a in plan.assignments:
        a.deadline = _deadline_in(a.text)
        if obligation := parse_obligation(a.number, a.text, a.mentions, a.deadline):
            plan.obligations.append(obligation)


# A task in free text (an official letter, a notice, a news item about a document): a
# sentence giving a duty to a unit — "Giao Sở Công Thương chủ trì …", "Đề nghị UBND các xã …",
# "Chủ tịch UBND tỉnh yêu cầu Giám đốc Sở … phối hợp …" — with its deadline when it has one,
# in the sentence or in the one after ("Trình UBND tỉnh trước ngày 10/8/2018 …").
_TASK_OPENER = re.compile(
    r"(?:^|(?<=\s))(?:giao(?:\s+(?:nhiệm\s+vụ|chỉ\s+tiêu|trách\s+nhiệm))?|đề nghị|yêu cầu|"
    r"kính gửi|"
    # "ban hành công văn số 71-CV/HNDT gửi Ban Thường vụ …; Ngân hàng … tuyên truyền …"
    r"(?<=(?-i:[0-9A-ZĐ])\s)gửi|"
    # "văn bản chỉ đạo thủ trưởng các sở, ngành …"
    r"(?<=văn bản )chỉ đạo|(?<=công văn )chỉ đạo|"
    # "công văn gửi tới các Bộ, ngành … đề nghị …"
    r"(?<=văn bản )gửi(?=\s+(?:tới|đến|cho)\s)|(?<=công văn )gửi(?=\s+(?:tới|đến|cho)\s)|"
    r"(?<=công điện )gửi(?=\s+(?:tới|đến|cho)\s)|"
    # "phân công trực tiếp đến các cấp ủy …"
    r"phân công(?:\s+(?:trực tiếp|cụ thể))?(?=\s+(?:cho|đến|tới)\s)|"
    # "chỉ đạo của UBND tỉnh đối với các sở …", "chỉ đạo cho Cục …"; a leader's "chỉ đạo":
    # see _LEADER
    r"chỉ đạo(?=\s+(?:của|đối với|cho|tới|đến)\s))"
    r"(?:\s+(?:của\s+[^,.;]{3,80}?\s+)?(?:đối với|cho|với|tới|đến))?(?:\s*:)?\s+(?=\S)",
    re.I,
)


# A person who leads: what he or she "chỉ đạo" is work given to the bodies named next ("Phó
# Chủ tịch UBND tỉnh Nguyễn Văn A chỉ đạo các sở, ngành …"); a body's "chỉ đạo" is its own
# duty to direct others, read with the body as assignee.
_LEADER = re.compile(
    r"\b(?:chủ tịch|thủ tướng|bộ trưởng|bí thư|đồng chí|lãnh đạo tỉnh|trưởng ban)\b[^.;]{0,80}?"
    r"\s(chỉ đạo)\s+(?=\S)",
    re.I,
)

# Who a letter's "đề nghị Quý cơ quan …" means: its addressees ("Kính gửi: …").
_ADDRESSEES_WORD = re.compile(
    r"^(?:quy co quan|quy don vi|quy co quan, don vi|cac don vi|cac co quan|cac dong chi|"
    r"don vi|co quan)\b"
)


_DEADLINE = re.compile(
    rf"(?:trước|chậm nhất(?:\s+là)?|hạn chót|không muộn hơn)\s+(?:ngày\s+)?{_DAY_MONTH_YEAR}",
    re.I,
)


# "13 doanh nghiệp tham gia chương trình bình ổn giá …": a counted group of bodies
_UNIT_FIRST = re.compile(
    r"^(?:(?:\d{1,4}|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\s+"
    r"(?=doanh nghiep|hop tac xa|don vi|co quan|xa|huyen|bo|so|nganh|tinh))?"
    rf"(?:cac\s+)?{_HEAD_WORDS}\b"
)


# A list of bodies may run over a semicolon ("Các sở, ban, ngành; Hiệp hội Doanh nghiệp tỉnh
# tiếp tục …"): a sentence ends at a full stop.
# ("Điều 3. Chánh Văn phòng …": an article's number is not a sentence.)
_SENTENCE_END = re.compile(r"(?<=[.!?…])(?<!Điều \d\.)(?<!Điều \d\d\.)\s+(?=[A-ZĐÀ-Ỹ(\"“])")


def _deadline_in(text: str) -> str | None:
    if m := _DEADLINE.search(text):
        try:
            return date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
        except ValueError:
            return None
    return None


def _free_text_tasks(plan: "ParsedPlan", lines: list[str]) -> None:
    """Read duties from a text without a "Tổ chức thực hiện" section."""
    if plan.assignments:
        return
    paragraphs = _paragraphs(lines)
    paragraphs = _unit_headed(plan, paragraphs)
    sentences = [
        sentence for paragraph in paragraphs for sentence in _SENTENCE_END.split(paragraph)
    ]
    issuer = fold(plan.issuer_name)
    for i, sentence in enumerate(sentences):
        for found in _tasks_in(sentence):
            _add_task(plan, found, sentences, i, issuer)
    if not plan.assignments:
        plan.unread_duties = [_clip(s) for s in sentences if gives_work(s)][:5]


# A sentence that gives a public body work, in words the duty grammar may not know: a directing
# verb before a body ("chỉ đạo các lực lượng chức năng …", "giao cho Đoàn kiểm tra …"), or a body
# before a word of obligation ("UBND các xã cần / phải / có trách nhiệm …").
# A place named as the body that governs it, when it is the one directed: "yêu cầu thành phố
# tiếp tục …", "đề nghị các tỉnh …" (its words as written: "thành phố", not "thành phần").
_PLACE_BODY = r"(?:cac )?(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)(?= \S)"
_PLACE_SPELLING = {
    "cac": "các",
    "tinh": "tỉnh",
    "thanh": "thành",
    "pho": "phố",
    "huyen": "huyện",
    "quan": "quận",
    "thi": "thị",
    "xa": "xã",
    "phuong": "phường",
    "tran": "trấn",
}
_DIRECTING = re.compile(
    # "theo đề nghị của …", "xét đề nghị của …": a proposal, not a request to act
    r"(?<!\bban )(?<!\bbch )\b(?:giao(?: cho| nhiem vu cho| trach nhiem cho)?|"
    r"de nghi(?! cua\b)|yeu cau(?! cua\b)|"
    r"chi dao|phan cong|don doc|keu goi|huy dong|uy quyen|uy nhiem)\s+"
    rf"(?:\S+\s+){{0,3}}?(?:(?P<head>{_HEAD_WORDS})|(?P<place>{_PLACE_BODY}))\b"
)
_SENT_ASKING = re.compile(
    rf"\bgui\s+(?:toi\s+|den\s+|cho\s+)?(?:\S+\s+){{0,3}}?(?P<head>{_HEAD_WORDS})\b"
    r"(?=[^.;]*\b(?:de nghi|yeu cau)\b)"
)
_OBLIGED = re.compile(
    rf"\b(?P<head>{_HEAD_WORDS})\b(?:\s+\S+){{0,10}}?\s+(?:can|phai|can phai|co trach nhiem|"
    r"chiu trach nhiem|duoc giao|co nhiem vu|khan truong|chu tri|tham muu cho)\b"
)
# Words of a body that fold like other words: "các số ISBN" is not "các sở", "bạn đọc" not a
# "ban"; the word as written must be the body's.
_BODY_SPELLING = {
    "so": "sở",
    "ban": "ban",
    "bo": "bộ",
    "hoi": "hội",
    "cuc": "cục",
    "dai": "đài",
    "bao": "báo",
    "phong": "phòng",
    "ho": "hộ",
    "to": "tổ",
    "cap": "cấp",
    "doan": "đoàn",
    "truong": "trường",
}


def _spelt_as_body(
    sentence: str, start: int, end: int, spelling: dict[str, str] = _BODY_SPELLING
) -> bool:
    if sentence[start:end].lower() == "các":  # and the group's word after it ("các sở")
        end += len(sentence[end:]) - len(sentence[end:].lstrip())
        end += len(sentence[end:].split(maxsplit=1)[0]) if sentence[end:].strip() else 0
    folded = fold_same_length(sentence[start:end]).split()
    written = sentence[start:end].lower().split()
    return all(spelling.get(f, w) == w for f, w in zip(folded, written, strict=True))


def gives_work(sentence: str) -> bool:
    """Whether a sentence gives a public body work: a body directed to act, also as news
    reports it ("… đã yêu cầu thành phố tiếp tục …"), or a body bound to act — not what a body
    did ("UBND xã đã chủ trì …"); a capitalised verb inside a sentence is a name ("Ban Chỉ
    đạo")."""
    folded = fold_same_length(sentence)
    for found in (
        *_DIRECTING.finditer(folded),
        *_SENT_ASKING.finditer(folded),
        *_OBLIGED.finditer(folded),
    ):
        directing = found.re is not _OBLIGED
        at = found.start() if directing else found.end() - 1
        if directing and at > 0 and sentence[at].isupper():
            continue
        if found["head"] is not None:
            if not _spelt_as_body(sentence, found.start("head"), found.end("head")):
                continue
        elif not _spelt_as_body(
            sentence, found.start("place"), found.end("place"), _PLACE_SPELLING
        ):
            continue
        if directing or not _DONE.search(folded[max(0, at - 20) : at]):
            return True
    return False


def _clip(sentence: str, most: int = 240) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= most else sentence[: most - 1].rstrip() + "…"


def _tasks_in(sentence: str) -> list[tuple[str, str, str, list[Mention]]]:
    """The tasks of a sentence: its first, and one for each later clause after a semicolon
    that gives its own body its own duty ("…; Ban Tổ chức Huyện ủy tham mưu …; Ủy ban kiểm tra
    Huyện ủy theo dõi …") — not the clauses of a list of bodies the first task names."""
    tasks = []
    found = _task_in(sentence)
    if found:
        tasks.append(found)
    covered = sentence.find(found[1]) + len(found[1]) if found else 0
    at = 0
    for clause in sentence.split(";"):
        start, at = at, at + len(clause) + 1
        if start == 0 or start < covered or not clause.strip():
            continue
        more = _task_in(clause.strip())
        if more and all(fold(more[1]) != fold(t[1]) for t in tasks):
            tasks.append(more)
            covered = start + clause.find(more[1]) + len(more[1])
    return tasks


def _add_task(
    plan: "ParsedPlan",
    found: tuple[str, str, str, list[Mention]],
    sentences: list[str],
    i: int,
    issuer: str,
) -> None:
    task, assignee, directed, mentions = found
    if issuer and fold(assignee) == issuer:
        return  # what the issuer itself does in this text ("Sở Công Thương gửi …")
    addressed = [r for r in plan.recipients if r.addressed]
    if addressed and _ADDRESSEES_WORD.match(fold(assignee)):
        # "đề nghị Quý cơ quan / các đơn vị …": the letter's addressees, named
        mentions = [r.mention for r in addressed]
        assignee = "; ".join(r.text for r in addressed)
    if task.rstrip().endswith(":") and re.search(r"\bsau(?: day)?$", fold(assignee)):
        # "đề nghị các đơn vị sau …:" — the bodies are the items under it
        listed = []
        for item in sentences[i + 1 :]:
            name = re.sub(r"^[-–—•+*]\s*|^\d{1,2}[.)]\s*", "", item).strip(" ;.,")
            if not (item[:1] in "-–—•+*" or re.match(r"\d{1,2}[.)]", item)):
                break
            if _UNIT_FIRST.match(fold(name)) and len(name) <= 160:
                listed.append(name)
        if listed:
            assignee = "; ".join(listed)
            mentions = [m for name in listed for m in mentions_in(name)]
            task = " ".join([task, *listed])
    if (partners := _PARTNERS.search(fold_same_length(task))) and _UNIT_FIRST.match(
        fold(partners.group(1))
    ):
        mentions = [*mentions, *mentions_in(task[partners.start(1) : partners.end(1)])]
    deadline = _deadline_in(task)
    following = sentences[i + 1] if i + 1 < len(sentences) else ""
    if deadline is None and following and _task_in(following) is None:
        deadline = _deadline_in(following)
        if deadline:
            task = f"{task} {following.strip()}"
    _record(plan, task, assignee, directed, mentions, deadline)


def _record(
    plan: "ParsedPlan",
    text: str,
    assignee: str,
    directed: str,
    mentions: list[Mention],
    deadline: str | None,
) -> None:
    """Add a duty read from free text, numbered in reading order, and the reporting duty it
    states, if any."""
    number = str(len(plan.assignments) + 1)
    plan.assignments.append(
        Assignment(
            number=number,
            text=text,
            assignee_text=assignee,
            directed_text=directed,
            mentions=mentions,
            channels=channels_in(text),
            deadline=deadline,
        )
    )
    if obligation := parse_obligation(number, text, mentions, deadline):
        plan.obligations.append(obligation)


# An item led by its unit on a line of its own, its duties under it ("1. Sở Công Thương:" then
# "- Chủ trì …", "- Theo dõi …"), as news and letters copy a plan's task list.
_UNIT_HEADING = re.compile(
    r"^(?:(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[IVX]{1,4})[.)]\s*|[-–—•+*]\s*)?(?P<unit>[^:]{3,160}):$"
)


def _unit_headed(plan: "ParsedPlan", paragraphs: list[str]) -> list[str]:
    """Read the items led by a unit on its own line as duties of that unit; return the
    paragraphs left for reading as prose."""
    left: list[str] = []
    i = 0
    while i < len(paragraphs):
        m = _UNIT_HEADING.match(paragraphs[i])
        unit = m["unit"].strip() if m else ""
        key = fold(unit)
        if not (m and _UNIT_FIRST.match(key) and _VERB.search(" " + key) is None and _bodies(unit)):
            left.append(paragraphs[i])
            i += 1
            continue
        duties = []
        j = i + 1
        while j < len(paragraphs) and not _UNIT_HEADING.match(paragraphs[j]):
            item = re.sub(r"^[-–—•+*]\s*", "", paragraphs[j])
            if not (paragraphs[j][:1] in "-–—•+*" or item[:1].islower()):
                break
            duties.append(item)
            j += 1
        if not any(_VERB.search(" " + fold(d)) for d in duties):
            left.append(paragraphs[i])
            i += 1
            continue
        text = f"{unit}: " + " ".join(duties)
        _record(plan, text, unit, "", mentions_in(unit), _deadline_in(text))
        i = j
    return left


# An assignee that says what someone did or said is narration, not a body given work: "Phó Chủ
# tịch … đánh giá cao", "Sở Công Thương có buổi làm việc", "UBND thành phố vừa có văn bản".
_NARRATES = re.compile(
    r"\b(?:yeu cau|de nghi|danh gia cao|co buoi|nhan duoc|xin|mong|lay y kien|co van ban|"
    r"co cong van|thong bao|cho biet|nhan manh|phat bieu|ket luan|khang dinh|trao doi|"
    r"lam viec|ban hanh|dua ra)\b"
)


def _bodies(assignee: str) -> bool:
    """Whether an assignee reads as bodies (a noun phrase), not as narration."""
    return not _NARRATES.search(fold(assignee))


def _paragraphs(lines: list[str]) -> list[str]:
    """The text's paragraphs: a line runs on into the next only when it does not end a
    sentence and the next goes on in lower case (a line a page wrapped); a title, a line
    ending in ":" before a list, each item of the list stand alone."""
    paragraphs: list[str] = []
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if paragraphs and not re.search(r"[.:;!?…]$", paragraphs[-1]) and line[0].islower():
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return paragraphs


# A sentence that opens with its purpose.
_PURPOSE = re.compile(r"^(?:để|nhằm|với mục (?:tiêu|đích))\s", re.I)

# Words that join a sentence to the one before, without a comma: "Theo đó các sở …", "vì vậy
# các ngành …".
_CONNECTOR = re.compile(
    r"^(?:vì vậy|do đó|do vậy|theo đó|đồng thời|ngoài ra|bên cạnh đó|mặt khác|qua đó|từ đó|"
    r"trong đó|vì thế)\s+(?=\S)",
    re.I,
)

# How a decision's closing article addresses those it names: "Các Ông (Bà):", "Các ông, bà",
# "Các ông/bà".
_SALUTATION = r"(?:(?:các\s+)?ông\s*[(/,]?\s*bà\s*\)?\s*:?\s*)"

# A decision's article that names those who carry it out.
_CLOSING_ARTICLE = re.compile(
    rf"^Điều\s+\d+\.\s*{_SALUTATION}?(?=(?:Chánh Văn phòng|Giám đốc|Thủ trưởng|Chủ tịch)\b)",
    re.I,
)

# "… do Ban công tác Mặt trận chủ trì": the body after "do" leads.
_LED_BY = re.compile(r"\bdo\s+(?=\S)")
_LEADS = re.compile(r"\s(?:chu tri|phu trach|dam nhiem)\b")

# "X chủ trì và Y phối hợp": Y is given the work too.
_PARTNERS = re.compile(r"\bchu tri(?: thuc hien)?,?\s+va\s+(.{3,120}?)\s+phoi hop\b")

# One leader named first acts; "Chủ tịch UBND huyện … chịu trách nhiệm thi hành" is answerable.
_ONE_LEADER = re.compile(r"^chu tich (?:ubnd|uy ban nhan dan)(?! cac)")
_ANSWERS_FOR = re.compile(r"\s(?:chiu trach nhiem|co trach nhiem|thi hanh)")

# The mark of a list item before a sentence.
_ITEM_MARK = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\s*[/.)]|[a-zđ]\)|[-–—•+*]|Điều\s+\d{1,2}\.)\s*(?=\S)"
)

# A sentence that opens with directing ("Chỉ đạo các lực lượng …", "Đồng thời, hướng dẫn …").
_DIRECTS = re.compile(r"^(?:cung |dong thoi |va )?(?:chi dao|huong dan)(?: cho)?\s+")

# A lead-in that dates what follows reports an event: "Ngày 20/12/2023, Chủ tịch UBND tỉnh
# ban hành …", "Sáng 5/3, …".
_DATED = re.compile(r"^(?:ngay|sang|chieu|toi|trua|dem|hom qua|vao ngay)\b.*\d")


def _directed_bodies(directed: str) -> tuple[str, list[Mention]]:
    """The bodies a body directs, up to the first words that are what they are to do ("UBND
    các xã, phường xử lý, giải tỏa …" directs "UBND các xã, phường"), and the text naming them."""
    kept: list[Mention] = []
    for mention in mentions_in(directed):
        if not (mention.group or _UNIT_FIRST.match(fold(mention.text))):
            break
        kept.append(mention)
    if not kept:
        return directed, []
    end = directed.find(kept[-1].text)
    return (directed[: end + len(kept[-1].text)] if end >= 0 else directed), kept


def _task_in(sentence: str) -> tuple[str, str, str, list[Mention]] | None:
    """The task a sentence gives, from its first opener followed by a unit: the assignee must
    open with one ("Sở …", "UBND các xã", "Giám đốc Sở …"), which leaves out "theo đề nghị
    của …", "theo yêu cầu tại …" and "Sở Giao thông vận tải"."""
    article = _CLOSING_ARTICLE.match(sentence)
    # an item of a list in news: "1/ Các chi bộ …", "b) Sở Thương mại …", "- UBND các xã …";
    # a decision's article: "Điều 3. Chánh Văn phòng …"
    sentence = _ITEM_MARK.sub("", sentence, count=1)
    if article:
        sentence = re.sub(rf"^{_SALUTATION}", "", sentence, count=1, flags=re.I)
    for opener in [*_TASK_OPENER.finditer(sentence), *_LEADER.finditer(sentence)]:
        at = opener.start() if opener.re is _TASK_OPENER else opener.start(1)
        if opener.re is _LEADER and re.search(r"\bcác\b", sentence[opener.start() : at], re.I):
            # "Chủ tịch UBND các tỉnh … chỉ đạo …": the leaders are a group given work
            continue
        task = sentence[at:].strip()
        assignee, directed = split_assignee(task)
        mentions = mentions_in(assignee)
        if (
            mentions
            and len(assignee) <= 300
            and _UNIT_FIRST.match(fold(assignee))
            and _bodies(assignee)
        ):
            if directed and _UNIT_FIRST.match(fold(directed)):
                # "Chính phủ yêu cầu Bộ Công Thương chỉ đạo các đơn vị bảo đảm …"
                directed, more = _directed_bodies(directed)
                mentions += more
            return task, assignee, directed, mentions
    # "Các cơ quan báo chí của tỉnh có trách nhiệm …", "UBND các huyện chỉ đạo …": a sentence
    # that opens with bodies (after a short lead-in clause, if any) and a duty verb right
    # after them — not one that reports what they did ("… đã đăng tải …")
    task = sentence.strip()
    candidates = [task]
    rest = task
    dated = False
    if joined := _CONNECTOR.match(rest):
        rest = rest[joined.end() :]
        candidates.append(rest)
    for _clause in range(3):  # "Theo đó, vào tháng 10 hằng năm, Sở Công Thương chủ trì …"
        lead = _LEAD_IN.match(rest)
        if lead is None or _UNIT_FIRST.match(fold(lead.group(1))):
            break
        dated = dated or bool(_DATED.match(fold(lead.group(1))))
        rest = rest[lead.end() :]
        candidates.append(rest)
        if joined := _CONNECTOR.match(rest):  # "…, vì vậy các ngành, địa phương cần …"
            rest = rest[joined.end() :]
            candidates.append(rest)
    if purpose := _PURPOSE.match(task):
        # "Để chủ động phòng ngừa, kịp thời phát hiện, ngăn chặn vi phạm, Ban Chỉ đạo 389 tỉnh
        # chỉ đạo …": a purpose clause with commas of its own ends where a body begins
        for comma in re.finditer(r",\s+", task[purpose.end() : 300]):
            after = task[purpose.end() + comma.end() :]
            if _UNIT_FIRST.match(fold(after)) and after not in candidates:
                candidates.append(after)
                break
    for body in candidates:
        folded = fold_same_length(body)
        if lead := _DIRECTS.match(folded):
            # "Đồng thời, hướng dẫn các ngân hàng thương mại …": the subject is the sentence
            # before's, the bodies after the verb are given the work
            given = body[lead.end() :]
            if _UNIT_FIRST.match(fold(given)):
                assignee, directed = split_assignee(given)
                mentions = mentions_in(assignee)
                if mentions and len(assignee) <= 300 and _bodies(assignee):
                    return task, assignee, directed, mentions
        verb = _verb_in(folded, body)
        if not _UNIT_FIRST.match(fold(body)) or verb is None:
            continue
        done = _DONE.search(folded[: verb.start()]) or re.match(
            r"\s*(?:da|vua)\b", folded[verb.start() :]
        )
        if done or (dated and body is not task):
            # reported as done — but "X đã chỉ đạo Y …" says Y was given work
            directing = re.search(
                r"\b(?:chi dao|huong dan|giao|yeu cau|de nghi)\s+", folded[verb.start() :]
            )
            if directing is None:
                continue
            given = body[verb.start() + directing.end() :]
            if not _UNIT_FIRST.match(fold(given)):
                continue
            assignee, directed = split_assignee(given)
            mentions = mentions_in(assignee)
            if mentions and len(assignee) <= 160:
                return task, assignee, directed, mentions
            continue
        assignee, directed = split_assignee(body)
        if _ONE_LEADER.match(fold(assignee)) and not _ANSWERS_FOR.match(folded[verb.start() :]):
            continue  # "Chủ tịch UBND tỉnh tạm hoãn …": what one leader does, not work given
        mentions = mentions_in(assignee)
        if directed and _UNIT_FIRST.match(fold(directed)):
            # "UBND các huyện chỉ đạo các xã treo băng rôn": the xã carry it out
            directed, more = _directed_bodies(directed)
            mentions += more
        # a decision's closing article names every body that carries it out: a long list
        limit = 400 if re.search(r"(?:chiu trach nhiem )?thi hanh", folded) else 300
        if mentions and verb.start() <= limit and len(assignee) <= limit and _bodies(assignee):
            return task, assignee, directed, mentions
    if article and _verb_in(fold_same_length(task), task) is None:
        # "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: …; Giám đốc Công an tỉnh, Gi" —
        # a decision's last article, cut before "chịu trách nhiệm thi hành" by the page
        assignee = re.sub(r",?\s*\S{0,3}$", "", task.strip(" .;"))
        mentions = mentions_in(assignee)
        if mentions and len(assignee) <= 400:
            return task, assignee, "", mentions
    folded = fold_same_length(task)
    for by in _LED_BY.finditer(folded):
        # "Việc tổ chức Ngày hội … do Ban công tác Mặt trận chủ trì"
        after = folded[by.end() :]
        leads = _LEADS.search(after)
        if not (leads and _UNIT_FIRST.match(after)) or leads.start() > 120:
            continue
        assignee = task[by.end() : by.end() + leads.start()].strip(" ,.;")
        mentions = mentions_in(assignee)
        if mentions and _bodies(assignee):
            return task, assignee, "", mentions
    return None


def _addressees(plan: "ParsedPlan", lines: list[str], body_end: int) -> int:
    """Read the "Kính gửi:" list (on its line, or one bullet a line after it) as recipients;
    return the index of the first line after it (0 without one)."""
    at = next(
        (
            i
            for i, ln in enumerate(lines[: min(body_end, HEADER_LINES)])
            if fold(ln).strip().startswith("kinh gui")
            # "Kính" / "gửi:" as a page broke the cell
            or (
                fold(ln).strip() == "kinh"
                and i + 1 < len(lines)
                and fold(lines[i + 1]).strip().startswith("gui")
            )
        ),
        None,
    )
    if at is None:
        return 0
    head = lines[at]
    if fold(head).strip() == "kinh":
        at += 1
        head = lines[at]
    first = head.split(":", 1)[1] if ":" in head else ""
    names = [part for part in re.split(r";\s*", first) if part.strip()]
    i = at + 1
    while i < body_end:
        line = lines[i].strip(" |")
        if not line and not names:
            i += 1  # an empty cell between "Kính gửi:" and its list
            continue
        if m := _BULLET.match(line):
            names.append(m.group("t"))
        elif names and line[:1].islower() and not re.search(r"[;.]$", names[-1]):
            names[-1] += " " + line  # a name a page wrapped: "cơ quan" / "thuộc Chính phủ;"
        else:
            break
        i += 1
    known = {fold(r.text) for r in plan.recipients}
    for raw in names:
        text = re.sub(r"^[-–—•+*]\s*", "", raw).strip().rstrip(";.,")
        for r in plan.recipients:
            if fold(r.text) == fold(text):
                r.addressed = True
        if text and fold(text) not in known:
            known.add(fold(text))
            plan.recipients.append(Recipient(text, "", Mention(text=text), addressed=True))
    return i


# What goes up asks nothing of those it is addressed to: a report, a submission, a petition.
_GOES_UP = re.compile(r"^(?:bao cao|to trinh|don|giay de nghi)\b")


def addressees_given_work(plan: "ParsedPlan") -> None:
    """A letter's addressees ("Kính gửi: …") are asked to act on it: when the page stops
    before its request (no "Nơi nhận", no signature), the letter's one duty is theirs. A whole
    letter that asks them nothing (a reply sending a list) gives no work."""
    addressed = [r for r in plan.recipients if r.addressed]
    whole = len(addressed) < len(plan.recipients) or plan.signer_name or plan.signer_title
    if (
        plan.assignments
        or not addressed
        or whole
        or plan.unread_duties
        or _GOES_UP.match(fold(plan.doc_type_name))
    ):
        return
    kind = (plan.doc_type_name or "văn bản").capitalize()
    own = f" số {plan.own_reference}" if plan.number else ""
    summary = re.sub(r"^(?:V/v|về việc)\s*", "", plan.summary.strip(), flags=re.I)
    about = f" về việc {summary}" if summary else ""
    text = f"Thực hiện {kind}{own}{about} (văn bản gửi các đơn vị tại phần “Kính gửi”)."
    _record(
        plan, text, "; ".join(r.text for r in addressed), "", [r.mention for r in addressed], None
    )
