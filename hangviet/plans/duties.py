"""Who is given work: units and groups named in duties and numbered task lists, their
deadlines, channels and reporting duties — the grammar of an assignee that `prose` uses too
(part of the document reader, `parsing`)."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from hangviet.core.text import fold, fold_same_length
from hangviet.plans.blocks import (
    Block,
)
from hangviet.plans.citations import (
    _DAY_MONTH_YEAR,
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
    "chi dao|huong dan|xay dung|(?<!thong tin, )(?<!thong tin va )tuyen truyen|trien khai|"
    "phoi hop|thuc hien|gui|to chuc|chu tri|"
    "theo doi|bao cao|co trach nhiem|can cu|dang tai|tang cuong|day manh|quan tam|chu dong|"
    "lam dau moi|cap nhat|dua tin|ban hanh|dinh ky|cung cap|phu trach|tham muu|giup|van dong|"
    "huong ung|lua chon|kiem tra|chiu trach nhiem|thi hanh|tham dinh|bo tri|de xuat|"
    "nghien cuu|ra soat|tong hop|trinh|xem xet|co y kien|gop y|giam sat|dam bao|ho tro|"
    "phat dong|niem yet|tiep nhan|chuan bi|dang ky|tham gia|tap trung|quan triet|"
    "khan truong|nghiem tuc|lanh dao|bao dam|treo co|treo bang ron|treo khau hieu|mo dot|"
    "mo rong|mo chuyen trang|mo chuyen muc|mo lop|lam viec cu the|"
    "xu ly|ngan chan|kiem soat|bo sung|ra quan|tuan tra|duy tri|chung tay|"
    "chu trong|dua thong tin|gioi thieu|"
    # "các cơ quan, đơn vị thông tin, vận động …" — not "các cơ quan thông tin, tuyên truyền"
    "(?<!co quan )thong tin(?=,? (?:van dong|tuyen truyen|den|toi|cho|kip thoi|rong rai)\\b)"
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
    "csgd|cskd|cssx|csdl|htx|dn|hkd|tctd|ctv|tcty|tct|dau moi|thuong vu"
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
    # heads of a department or an institute: "Cục trưởng Cục Quản lý thị trường"
    r"(?:cuc|vu|vien|tong cuc) truong|"
    # the forces: "lực lượng Cảnh sát biển", "Bộ đội Biên phòng", "Hải quan", "Đội QLTT số 7"
    r"luc luong(?! lao dong| san xuat)|buu dien|thuong nhan|thanh tra(?= (?:so|bo|tinh|huyen)\b)|"
    r"cap (?:tinh|huyen|xa)\b|bo doi|canh sat|hai quan|"
    r"doi(?= (?:quan ly thi truong|qltt|kiem tra|thanh tra|canh sat)\b)|"
    # a city or district named as its government: "yêu cầu TP. Kon Tum khẩn trương …"
    r"tp(?=\.?\s)|(?:thanh pho|thi xa)(?= \S)|"
    r"chu tich (?:ubnd|uy ban nhan dan)|"
    # "Trưởng phòng …", "Trưởng Công an quận 7", "Trưởng đoàn kiểm tra"
    r"truong(?= (?:phong|ban|cac|cong an|doan|tram|chi cuc|khoa|bo phan)\b)|"
    r"to(?= (?:dan pho|cong tac|giam sat|cong nghe|tu quan|truong|dan vu|xung kich|giup viec)\b)|"
    # "lãnh đạo Ủy ban MTTQ …", "cơ quan thành viên Ban Chỉ đạo …", "công an các đơn vị"
    r"lanh dao(?= (?:uy ban|ubnd|so|mat tran|mttq|hoi|ban|cac|tinh|huyen|xa|phuong|thi tran)\b)|"
    r"co quan(?= (?:thanh vien|chuyen mon|thuong truc|chu tri|chuc nang)\b)|cong an|"
    r"doan(?= (?:lien nganh|kiem tra|cong tac|thanh tra|giam sat)\b))"
)

# Words between a body and its duty verb that say how, not who: "Sở Công Thương sẽ / cần /
# tiếp tục / được giao chủ trì …". Stripped from the end of the assignee.
_MODALS = re.compile(
    # ("cần phải" is "cần" then "phải": listed once, the repetition cannot backtrack)
    r"(?:\s+(?:se|can|phai|tiep tuc|cung|deu|duoc giao|duoc phan cong|duoc|"
    r"co nhiem vu|nghiem tuc|khan truong|tich cuc|chiu trach nhiem|trong viec|ve viec|"
    r"duoc giao trach nhiem|duoc giao nhiem vu|chu dong|duoc yeu cau|duoc de nghi|"
    r"trong|de|la co quan|la don vi|la|la dau moi|co the|con|"
    # "Cục Quản lý thị trường tỉnh là cơ quan đầu mối, chủ trì …"
    r"la (?:co quan|don vi) (?:dau moi|thuong truc|chu tri)))+,?\s*$"
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
# Where a purpose begins after the bodies: "gửi các sở công thương …, nhằm xác định …".
_PURPOSE_CUT = re.compile(r",?\s+(?:nhằm|để)\s")

_ASKS_IN_TURN = re.compile(r"\s(yeu cau|de nghi)\s")


def split_assignee(text: str) -> tuple[str, str]:
    """Return (who is assigned, whom they direct) from an assignment sentence."""
    folded = fold_same_length(text)
    start = 0
    if m := re.match(
        r"^\s*(?:de nghi|giao(?: (?:nhiem vu|chi tieu|trach nhiem)(?: cu the)?)?|yeu cau|chi dao|"
        r"kinh gui|"
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
        return _PURPOSE_CUT.split(text[start:].strip(" .;"), maxsplit=1)[0], ""
    cut = start + verb.start()
    if (modal := _MODALS.search(folded[start:cut])) and not text[
        start + modal.start() : cut
    ].lstrip()[:1].isupper():
        # (not a place's name: "tỉnh Sơn La", "huyện Cần Đước")
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
    assignee = _PURPOSE_CUT.split(assignee, maxsplit=1)[0]
    directed = ""
    clause = re.split(r"[;.]", folded[start + verb.start() + 1 :], maxsplit=1)[0][:120]
    if (
        later := re.search(
            r"(?:^|,\s|\s)(?:chi dao(?:,?\s+huong dan)?|huong dan|"
            # "… chủ động có công văn yêu cầu các tổ chức, cá nhân kinh doanh sữa …"
            r"(?<=van ban )yeu cau|(?<=cong van )yeu cau)\s+",
            clause,
        )
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
        # "chỉ đạo sát sao các Sở …": how it directs, not whom
        if how := re.match(
            r"\s*(?:sat sao|quyet liet|kip thoi|chat che|thuong xuyen)\b", folded[rest_start:]
        ):
            rest_start += how.end()
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
        if (kept or mentions) and re.fullmatch(
            r"(?:co )?lien quan|truc thuoc|tren dia ban|(?:cua|thuoc) (?:tinh|huyen|xa|thanh pho)",
            key,
        ):
            # "các sở, ngành liên quan": no body of its own
            family = None
            continue
        if (
            kept
            and not family
            and piece[0].islower()
            and not _UNIT_FIRST.match(key)
            and re.match(r"(?:tuyen truyen|truyen thong|doan the|vien chuc|nguoi lao dong)\b", key)
        ):
            # "các cơ quan thông tin, tuyên truyền", "các hội, đoàn thể": one kind of body
            kept[-1] += ", " + piece
            continue
        # ("Công an" in "các Bộ: Y tế, Công an, Quốc phòng" is the ministry, not a police unit)
        ministry = family == "Bộ" and key == "cong an"
        if family and (ministry or not _UNIT_FIRST.match(key)) and piece[0].isupper():
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


_DEADLINE = re.compile(
    rf"(?:trước|chậm nhất(?:\s+là)?|hạn chót|không muộn hơn)\s+(?:ngày\s+)?{_DAY_MONTH_YEAR}",
    re.I,
)


# "13 doanh nghiệp tham gia chương trình bình ổn giá …": a counted group of bodies
_UNIT_FIRST = re.compile(
    r"^(?:tat ca (?=cac ))?(?:(?:\d{1,4}|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\s+"
    r"(?=doanh nghiep|hop tac xa|don vi|co quan|xa|huyen|bo|so|nganh|tinh|quan|phuong))?"
    rf"(?:cac\s+)?{_HEAD_WORDS}\b"
)


def _deadline_in(text: str) -> str | None:
    if m := _DEADLINE.search(text):
        try:
            return date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
        except ValueError:
            return None
    return None
