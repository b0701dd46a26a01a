"""Reading the structure of a Vietnamese administrative document (Nghị định 30/2020 layout).

`parse_lines` is pure: lines in, a `ParsedPlan` out, never an exception on odd input. It finds
the number line, place and date, document type and summary, the preamble and its legal bases,
Roman-numeral sections with numbered, lettered and dash items, the closing sentence, the
recipients (Nơi nhận) and the signature. For a communication plan it also reads purposes,
requirements, content themes, channel lines and assignments; for any other document it keeps
what is there and says what is missing.

Matching unit names against the registry is a separate step (`resolution.py`).
"""

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from hangviet.core.text import fold, fold_same_length, nfc

DOC_TYPES = {
    "ke hoach": ("KH", "KẾ HOẠCH"),
    "bao cao": ("BC", "BÁO CÁO"),
    "huong dan": ("HD", "HƯỚNG DẪN"),
    "thong bao": ("TB", "THÔNG BÁO"),
    "chuong trinh": ("CTr", "CHƯƠNG TRÌNH"),
    "quyet dinh": ("QĐ", "QUYẾT ĐỊNH"),
    "to trinh": ("TTr", "TỜ TRÌNH"),
    "cong van": ("", "CÔNG VĂN"),
}
TYPE_CODES = {code.lower(): (code, name) for code, name in DOC_TYPES.values() if code}

_MOTTO = ("cong hoa xa hoi chu nghia viet nam", "doc lap")
_NUMBER = re.compile(
    # "Số: 24/CT-TTg", and as some pages print it, "Nghị quyết số: 653/2019/UBTVQH14"
    r"^(?:(?P<kind>Nghị quyết|Quyết định|Chỉ thị|Kế hoạch|Thông tư|Nghị định)\s+)?"
    r"Số\s*:?\s*(?P<n>\d*)\s*/\s*(?P<s>[0-9A-ZĐa-zđ][0-9A-ZĐa-zđ\s\-–/.&]*)$",
    re.I,
)
_PLACE_DATE = re.compile(
    r"^(?P<place>[^,]{2,60}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})",
    re.I,
)
_ROMAN = re.compile(r"^(?P<n>[IVX]{1,5})\s*[.)]\s*(?P<t>.+)$")
_NUMBERED = re.compile(r"^(?P<n>\d{1,2})\s*[.)]\s*(?P<t>.*)$")
_SUBNUMBERED = re.compile(r"^(?P<n>\d{1,2}\.\d{1,2})\.?\s+(?P<t>.*)$")
_LETTERED = re.compile(r"^(?P<n>[a-zđ])\s*\)\s*(?P<t>.*)$")
_BULLET = re.compile(r"^[-–—•+*]\s*(?P<t>.*)$")
_RULE = re.compile(r"^[_\-–—=.\s]{3,}$")

LEGAL_KINDS = (
    "Thông báo kết luận|Nghị quyết liên tịch|Thông tư liên tịch|Kế hoạch|Chỉ thị|Nghị quyết|"
    "Nghị định|Quyết định|Thông tư|Văn bản|Công văn|Kết luận|Hướng dẫn|Luật|Thông báo|"
    "Chương trình|Quy định|Quy chế|Đề án|Tờ trình|Báo cáo|Điều lệ|Pháp lệnh"
)
# A number and symbol as agencies write them: 87-KH/TU, 03-CT/TW, 28/CT-TTg, 1720/CV-BCĐ,
# 09/2019/NĐ-CP, 386/QĐ/TTg (sic), 15-NQ/ĐUB; the symbol's parts are letters (and digits).
_SYMBOL_PART = r"[A-ZĐ](?:[0-9A-ZĐa-zđ]|&(?=[A-ZĐ]))*"  # "CNN&XD": industry & construction
# A space may stand before the year's slash as pages print it: "20 /2014/QĐ-UBND".
_REFERENCE = rf"\d{{1,5}}(?:\s?/\d{{4}})?(?:\s?[-–/]\s?{_SYMBOL_PART})+"
_LEGAL = re.compile(
    rf"(?P<kind>{LEGAL_KINDS})(?:\s+(?:số|so)\b)?\s*:?\s*(?P<ref>{_REFERENCE})"
    # or, after "số", a number alone: "Chỉ thị số 03 ngày 19-5-2021", "Kết luận số 264"
    rf"|(?P<kind2>{LEGAL_KINDS})\s+số\s+(?P<num>\d{{1,5}})(?![\d/–-])",
    re.I,
)
# A reference without its kind, known by its type code: "(28/CT-TTg)", "theo 1720/CV-BCĐ".
_BARE = re.compile(rf"(?<![\w/-])(?P<ref>{_REFERENCE})")
_DAY_MONTH_YEAR = (
    r"(?P<d>\d{1,2})(?:\s+tháng\s+|\s*[/.-]\s*)(?P<m>\d{1,2})(?:\s+năm\s+|\s*[/.-]\s*)"
    r"(?P<y>\d{4})"
)
# The date after a reference: ", ngày 06/6/2022", "ngày 19 tháng 5 năm 2021", "08 tháng 01 năm
# 2020", "(06/6/2022)", "ngày 19-5-2021".
_LEGAL_DATE = re.compile(rf"^\s*[,(]?\s*(?:ngày\s+)?{_DAY_MONTH_YEAR}\)?", re.I)
# The date news puts before the document it reports signed: "Ngày 15/5/2020, Phó Chủ tịch … ký
# ban hành Kế hoạch số 100/KH-UBND", "…, ngày 18/3/2021, UBND tỉnh đã ban hành Kế hoạch số 42",
# "Đến ngày 01/8/2022, Chương trình … được ban hành kèm theo Quyết định số 919/QĐ-TTg". Only
# within one sentence, only with the signing verb between, only for the first document after it.
_DATE_BEFORE = re.compile(
    rf"(?:^|[\s,(–-])(?:(?:vào|đến|tới)\s+)?ngày\s+{_DAY_MONTH_YEAR}\s*,?\s*", re.I
)
_SIGNING = re.compile(r"\b(?:ban hành|ký)\b", re.I)
_KIND_OF_CODE = {
    "KH": "Kế hoạch", "CT": "Chỉ thị", "NQ": "Nghị quyết", "NĐ": "Nghị định",
    "QĐ": "Quyết định", "TT": "Thông tư", "CV": "Công văn", "KL": "Kết luận",
    "HD": "Hướng dẫn", "TB": "Thông báo", "BC": "Báo cáo", "TTR": "Tờ trình",
    "CTR": "Chương trình", "QC": "Quy chế", "QY": "Quy định", "ĐA": "Đề án",
}  # fmt: skip


def _kind_of(reference: str) -> str:
    """The kind of a document from its symbol's type code ("28/CT-TTg" → Chỉ thị); a symbol
    that starts with the issuer ("238/UBND-KGVX") is an official letter."""
    parts = [p for p in re.split(r"[-–/]", reference) if p and not p.isdigit()]
    for part in parts:
        kind = _KIND_OF_CODE.get(part.upper())
        if kind:
            return kind
    return "Văn bản" if parts else ""


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
    (r"(?:ubnd|uy ban nhan dan) cap huyen", "district_pc"),
    (
        r"(?:ubnd|uy ban nhan dan) cac xa, phuong(?:, thi tran| va thi tran| va dac khu)?",
        "commune_pc",
    ),
    (r"(?:ubnd|uy ban nhan dan) cap xa", "commune_pc"),
    (r"cac so, ban, nganh(?: cua tinh| tinh)?", "department"),
    (r"cac so, nganh(?: cua tinh| tinh)?", "department"),
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
    "huong ung|lua chon|kiem tra"
)
_HEAD_WORDS = (
    r"(?:so|ban|bao|dai|tap chi|trung tam|phong|uy ban|ubnd|hoi|tinh doan|lien minh|"
    r"chi cuc|cuc|van phong|ho|cac|bo|giam doc|thu truong)"
)


@dataclass
class LegalRef:
    kind: str
    reference: str
    number: str
    symbol: str
    date: str | None
    issuer: str
    title: str


@dataclass
class Item:
    text: str
    children: list["Item"] = field(default_factory=list)


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


@dataclass
class Block:
    kind: str  # "heading", "paragraph", "numbered", "lettered", "bullet"
    text: str
    number: str = ""


@dataclass
class Section:
    number: str
    heading: str
    blocks: list[Block]


@dataclass
class ParsedPlan:
    doc_type: str = ""
    doc_type_name: str = ""
    number: str = ""
    symbol: str = ""
    issuer_abbreviation: str = ""
    parent_body: str = ""
    issuer_name: str = ""
    place: str = ""
    day: int | None = None
    month: int | None = None
    year: int | None = None
    summary: str = ""
    preamble: list[str] = field(default_factory=list)
    legal_bases: list[LegalRef] = field(default_factory=list)
    # every document the text cites, wherever (the legal bases first)
    citations: list[LegalRef] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    themes: list[Item] = field(default_factory=list)
    channel_lines: list[ChannelLine] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: str = ""
    recipients: list[Recipient] = field(default_factory=list)
    archive: str = ""
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    issuer_unit_id: int | None = None
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def issued_on(self) -> date | None:
        """Return the date the plan speaks for (the 1st when the day is left blank)."""
        if not self.year:
            return None
        try:
            return date(self.year, self.month or 1, self.day or 1)
        except ValueError:
            return None

    @property
    def recognised(self) -> bool:
        return bool(self.doc_type_name or self.sections)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat() if self.issued_on else None
        data["recipient_lines"] = [
            f"{r.text} ({r.purpose})" if r.purpose else r.text for r in self.recipients
        ] + ([f"Lưu: {self.archive}"] if self.archive else [])
        return data

    @property
    def unresolved(self) -> list[Mention]:
        found = [m for a in self.assignments for m in a.mentions if not m.resolved]
        for o in self.obligations:
            found.extend(m for m in (o.recipient, o.via) if m is not None and not m.resolved)
        return found


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _type_of(line: str) -> tuple[str, str] | None:
    key = fold(line).strip(" .:")
    if key in DOC_TYPES and _is_upper(line):
        return DOC_TYPES[key]
    return None


def _reading_text(lines: list[str]) -> str:
    """The lines as one text for reading citations: a line that continues a sentence (it
    starts in lower case) joins the one before with a space; a line that starts anew (a
    capital, a dash, a numbered point) stays a line, so a title's last words are not read as
    the next sentence's first ("… của Chính phủ" / "Chủ tịch UBND tỉnh yêu cầu …") — unless
    the line before ends with a body's name cut short."""
    out = ""
    for raw in lines:
        ln = raw.strip()
        if not ln:
            continue
        anew = (
            ln[:1].isupper() or ln[:1] in '-–+•*“"' or re.match(r"^\d+[.)]\s", ln)
        ) and not _UNFINISHED_NAME.search(out)  # "… của Ban Thường vụ" / "Tỉnh ủy Bắc Kạn"
        out = ln if not out else out + ("\n" if anew else " ") + ln
    return out


def _join(lines: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(lines)).strip()


# A body's name that cannot end a line: the next line finishes it.
_UNFINISHED_NAME = re.compile(
    r"(?:Ban Thường vụ|Ban Thường trực|Ban Chấp hành|Ban Tuyên giáo|Ban Chỉ đạo|Ủy ban nhân dân|"
    r"Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Ủy ban|Uỷ ban|Sở|Bộ)$"
)


_CLAUSE_END = re.compile(r";|\s\((?!\d)|\.\s|\.$|(?<!của)\n(?!\s*(?:ngày|của)\b)", re.I)


def _iso(dm: re.Match[str]) -> str | None:
    try:
        return date(int(dm.group("y")), int(dm.group("m")), int(dm.group("d"))).isoformat()
    except ValueError:
        return None


# Words a page glued together when it dropped a space: "70-TB/TWngày 06 tháng 01",
# "ngày22 tháng 7", "Ban Thường vụTỉnh ủy". Only the seams citations depend on are opened.
_GLUED = (
    (re.compile(r"(?<=[0-9A-ZĐa-zđ])(?=ngày\s*\d)"), " "),
    (re.compile(r"(?<=\bngày)(?=\d)"), " "),
)
_WORD = re.compile(r"\w{3,}")


def _open_seams(m: re.Match[str]) -> str:
    """ "vụTỉnh" → "vụ Tỉnh": a capitalised word glued after a lower-case one (symbols such
    as "TTg", "CTr" go from capital to small, never back)."""
    word, out = m.group(0), []
    for i, ch in enumerate(word):
        if (
            0 < i < len(word) - 1
            and ch.isupper()
            and word[i - 1].islower()
            and word[i + 1].islower()
        ):
            out.append(" ")
        out.append(ch)
    return "".join(out)


def _unglued(text: str) -> str:
    for pattern, space in _GLUED:
        text = pattern.sub(space, text)
    return _WORD.sub(_open_seams, text)


def _cited(text: str, m: re.Match[str], kind: str, reference: str) -> LegalRef:
    """The reference found at `m` with what follows it: date, issuer, title."""
    # The clause runs to the next ";" or "(" or the end of the sentence; a document it
    # mentions ("thực hiện Chỉ thị số 03-CT/TW …") stays inside its title.
    rest = text[m.end() :]
    clause_end = _CLAUSE_END.search(rest)
    tail = rest[: clause_end.start()] if clause_end else rest
    day = None
    if dm := _LEGAL_DATE.match(tail):
        day = _iso(dm)
        tail = tail[dm.end() :]
    else:
        day = _date_before(text, m.start())
    issuer, title = "", ""
    if im := re.match(
        r"^\s*,?\s*của\s+(.+?)(?=\s+(?:về|phê duyệt|ban hành|quy định|sửa đổi|hướng dẫn|được|"
        r"yêu cầu|đã|đang|sẽ|tại|nhằm|để|thì|triển khai|thực hiện|trong|trên|ngày\s*\d+|"
        # a title that starts with its verb, in small letters ("Ban Tổ chức" is a name)
        r"(?-i:tuyên truyền|tổ chức|kỷ niệm|phát động|công bố|thành lập|bổ sung))\b|"
        r"\s*(?<!động )(?<!động)(?<!trào )(?<!trào)(?<!trình )(?<!trình)[“\"«]|,|\n|$)",
        tail,
        re.I,
    ):
        issuer = im.group(1).strip(" ,.")
        if nxt := _LEGAL.search(issuer):  # an issuer never runs into the next citation
            issuer = issuer[: nxt.start()].rstrip(" ,;.và")
        if issuer.endswith(")") and "(" not in issuer:  # "(Ban hành kèm theo … của UBND xã)"
            issuer = issuer[:-1].rstrip(" ,.")
        issuer = _as_written(issuer)
        tail = tail[im.end() :]
        if day is None and (dm := _LEGAL_DATE.match(tail)):  # "… của Chính phủ ngày 24/6/2023"
            day = _iso(dm)
            tail = tail[dm.end() :]
    else:
        issuer = _issuer_before(text, m.start())
    if tm := re.match(r"^\s*,?\s+(?:về\s+(?:việc\s+)?)?(.+)$", tail):
        title = tm.group(1).strip(" ,.")
        if qm := re.match(r"^[“\"«]\s*(?:về\s+(?:việc\s+)?)?([^”\"»]+)[”\"»]", title):
            title = qm.group(1).strip(" ,.")  # a quoted title ends with its quote
        elif nxt := re.search(rf"(?:,|\svà)\s+(?={_LEGAL.pattern})", title):
            # a title may name the document it carries out ("thực hiện Chỉ thị số 03-CT/TW"),
            # but the next item of a list ("…, Kế hoạch số 25-KH/TU …") is a citation of its own
            title = title[: nxt.start()].rstrip(" ,;.")
    if parts := re.match(r"^(\d+)(?:/(\d{4}))?[-/](.+)$", reference):
        number, symbol = parts.group(1), parts.group(3)
    elif reference.isdigit():
        number, symbol = reference, ""
    else:
        number, symbol = "", reference
    kind = kind[:1].upper() + kind[1:].lower() if kind else _kind_of(reference)
    if kind == "Văn bản" and symbol:  # "văn bản số 238/UBND-KGVX" is an official letter
        kind = "Công văn" if _kind_of(reference) == "Văn bản" else _kind_of(reference)
    issuer = issuer or _issuer_of_code(reference)
    return LegalRef(kind, reference, number, symbol, day, issuer[:255], title[:500])


# Where a sentence or a clause of a list ends, looking back from a citation (the name
# _SENTENCE_END below splits free text into sentences).
_CLAUSE_BREAK = re.compile(r"[.;!?…](?=\s)")


def _sentence_before(text: str, at: int, reach: int) -> str:
    """The part of the sentence that ends at `at`, at most `reach` characters of it."""
    window = text[max(0, at - reach) : at]
    ends = [m.end() for m in _CLAUSE_BREAK.finditer(window)]
    return window[ends[-1] :] if ends else window


def _date_before(text: str, at: int) -> str | None:
    """The date of the sentence's "ngày …," before `at` when the document at `at` is the one it
    reports signed (see _DATE_BEFORE), as ISO, else None."""
    sentence = _sentence_before(text, at, 300)
    found = list(_DATE_BEFORE.finditer(sentence))
    if not found:
        return None
    dm, between = found[-1], sentence[found[-1].end() :]
    before = sentence[: dm.start() + 1]
    if re.match(r"của\b", between, re.I) or re.search(rf"(?:{_REFERENCE})\s*[,(]?\s*$", before):
        return None  # "Chỉ thị 28/CT-TTg ngày 26/10/2021 của …": that date is the directive's
    signed = _SIGNING.search(between) or re.search(r"\bcó\s*$", between)  # "… có Văn bản số"
    if not signed or _LEGAL.search(between) or _BARE.search(between):
        return None  # not a signing, or an earlier document in between takes the date
    return _iso(dm)


# Who issued a document, said before it: "Ban Tuyên giáo Trung ương vừa ban hành Hướng dẫn số
# 49-HD/BTGTW", "Mới đây, UBND tỉnh Tiền Giang đã ban hành Kế hoạch số 151", "Theo đề nghị của
# Giám đốc Sở Công Thương tại Tờ trình số 1065/TTr-SCT", "chỉ đạo của UBND tỉnh tại văn bản số".
_AGENCY_START = (
    r"(?:UBND|HĐND|Ủy ban|Uỷ ban|Hội đồng|Ban|Bộ|Sở|Cục|Tổng cục|Vụ|Văn phòng|Thủ tướng|Chính phủ|"
    r"Quốc hội|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|Huyện uỷ|Đảng ủy|Đảng uỷ|Mặt trận|"
    r"Chủ tịch|Phó Chủ tịch|Giám đốc|Phó Giám đốc|Bí thư|Trung tâm|Hội|Liên đoàn|Đoàn)"
)
_ISSUER_VERB = re.compile(
    rf"(?<![\w])(?P<iss>{_AGENCY_START}\b[^,;:()\n]{{0,80}}?)[ \t]+(?:đã\s+|vừa\s+|mới\s+|cũng\s+)?"
    r"(?:có|ban hành|ký ban hành|ký|ra|phát hành|gửi|xây dựng)\s*$"
)
_ISSUER_AT = re.compile(
    r"\b(?:đề nghị|chỉ đạo|ý kiến|hướng dẫn|đề xuất|kết luận)\s+của\s+"
    r"(?P<iss>[^,;:()\n]{3,80}?)\s+tại\s*$",
    re.I,
)
# The issuing body by its symbol's code, where one body alone writes it (Nghị định 30: the
# symbol names the issuer): 28/CT-TTg is the Prime Minister's, 09/2019/NĐ-CP the Government's.
_ISSUER_OF_CODE = {
    "TTG": "Thủ tướng Chính phủ", "CP": "Chính phủ", "BTGTW": "Ban Tuyên giáo Trung ương",
    "BCT": "Bộ Công Thương", "BYT": "Bộ Y tế", "BTC": "Bộ Tài chính",
    "BTTTT": "Bộ Thông tin và Truyền thông", "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn", "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BNV": "Bộ Nội vụ", "BTP": "Bộ Tư pháp", "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "MTTW": "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội", "BNNMT": "Bộ Nông nghiệp và Môi trường",
}  # fmt: skip


def _issuer_before(text: str, at: int) -> str:
    """The body the sentence names as issuing the document at `at`, else ""."""
    sentence = _sentence_before(text, at, 200)
    if m := _ISSUER_AT.search(sentence):
        return _as_written(m.group("iss").strip())
    if m := _ISSUER_VERB.search(sentence):
        found = re.sub(r"^(?:.*\s[-–]\s)", "", m.group("iss")).strip()
        return _as_written(found)
    return ""


def _issuer_of_code(reference: str) -> str:
    parts = [p.upper() for p in re.split(r"[-–/]", reference) if p and not p.isdigit()]
    return (
        _ISSUER_OF_CODE.get(parts[-1].rstrip("0123456789"), "") if parts else ""
    )  # UBTVQH12: the 12th


# Names as they are written in running text, for issuers found in a title in capitals.
_PROPER = (
    "Chính phủ", "Trung ương", "Bộ Chính trị", "Ban Bí thư", "Quốc hội", "Việt Nam",
    "Mặt trận Tổ quốc", "Công Thương", "Hồ Chí Minh",
)  # fmt: skip


def _as_written(name: str) -> str:
    """ "CHÍNH PHỦ" → "Chính phủ", "ỦY BAN NHÂN DÂN TỈNH" → "Ủy ban nhân dân tỉnh", "Thủ
    tướng chính phủ" → "Thủ tướng Chính phủ"; other words as written."""
    out = name[:1] + name[1:].lower() if _is_upper(name) else name
    for proper in _PROPER:
        out = re.sub(re.escape(proper), proper, out, flags=re.I)
    return out


def _clean_reference(raw: str) -> str:
    return re.sub(r"\s*([-–/])\s*", r"\1", raw).replace("–", "-").rstrip("-/")


def parse_legal_bases(text: str, *, own: str = "") -> list[LegalRef]:
    """Return each document cited in `text`, once, in order of first mention: with its kind
    when the text names it ("Chỉ thị số 03-CT/TW", "Kết luận số 264"), or known by its symbol's
    type code ("(28/CT-TTg)"); `own` is the text's own number, which is not a citation."""
    text = _unglued(text)
    refs: list[LegalRef] = []
    seen: set[str] = {reference_key(own)} if own else set()
    by_key: dict[str, LegalRef] = {}
    taken: list[tuple[int, int]] = []
    for m in _LEGAL.finditer(text):
        if m.group("ref"):
            reference, kind = _clean_reference(m.group("ref")), m.group("kind")
        else:
            reference, kind = m.group("num"), m.group("kind2")
        taken.append(m.span())
        key = (
            reference_key(reference)
            if not reference.isdigit()
            else f"{fold(kind)}#{int(reference)}"
        )
        if reference.isdigit() and _known_number(reference, kind, refs):
            continue
        if key in seen:
            if key in by_key:  # a later mention may say what the first left out
                _complete(by_key[key], _cited(text, m, kind, reference))
            continue
        seen.add(key)
        refs.append(_cited(text, m, kind, reference))
        by_key[key] = refs[-1]
    for m in _BARE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        reference = _clean_reference(m.group("ref"))
        if not _kind_of(reference) or reference_key(reference) in seen:
            continue
        if not re.search(r"[A-ZĐ]{2}", reference):  # "5/3/2018" is a date, not a symbol
            continue
        seen.add(reference_key(reference))
        refs.append(_cited(text, m, "", reference))
    return refs


def _complete(ref: LegalRef, later: LegalRef) -> None:
    """Fill what the first mention of a document lacked from a later one."""
    ref.date = ref.date or later.date
    if not ref.issuer or ref.issuer == _issuer_of_code(ref.reference) != later.issuer:
        ref.issuer = later.issuer or ref.issuer
    ref.title = ref.title or later.title


def reference_key(reference: str) -> str:
    """A number and symbol as people mean it: "386/QĐ/TTg" is "386/QĐ-TTg"."""
    return re.sub(r"[\s\-–/]+", "/", reference.upper()).strip("/")


def _known_number(number: str, kind: str, refs: list[LegalRef]) -> bool:
    """Whether "Chỉ thị số 03" repeats a document already cited in full (03-CT/TW)."""
    return any(
        r.number and int(r.number) == int(number) and fold(r.kind) == fold(kind) for r in refs
    )


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


def split_assignee(text: str) -> tuple[str, str]:
    """Return (who is assigned, whom they direct) from an assignment sentence."""
    folded = fold_same_length(text)
    start = 0
    if m := re.match(r"^\s*(?:de nghi|giao|yeu cau)\s+", folded):
        start = m.end()
    # "Sở Công Thương: Chủ trì …" — a task list led by its unit, the unit before the colon
    if (colon := folded.find(":", start)) != -1 and 3 <= colon - start <= 160:
        before = text[start:colon].strip(" ,.;")
        if _UNIT_FIRST.match(fold(before)) and "(" not in before:
            rest = folded[colon + 1 :].lstrip()
            directed = ""
            if rest.startswith("chi dao"):
                offset = colon + 1 + (len(folded[colon + 1 :]) - len(rest)) + len("chi dao")
                nxt = re.search(rf"\s({_DUTY_VERBS})\b", folded[offset:])
                directed = text[offset : offset + (nxt.start() if nxt else 0)].strip(" ,.;")
            return before, directed
    verb = re.search(rf"\s({_DUTY_VERBS})\b", folded[start:])
    if not verb:
        return text[start:].strip(" .;"), ""
    assignee = text[start : start + verb.start()].strip(" ,.;")
    directed = ""
    if folded[start + verb.start() + 1 :].startswith("chi dao"):
        rest_start = start + verb.end()
        rest = folded[rest_start:]
        nxt = re.search(rf"\s({_DUTY_VERBS})\b", rest)
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
    for i in range(0, len(cuts) - 1, 2):
        piece = remainder[cuts[i] : cuts[i + 1]].strip(" ,.;()")
        if len(piece) >= 3 and re.search(r"\w", piece):
            mentions.append(Mention(text=re.sub(r"\s+", " ", piece)))
    return mentions


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


def _blocks(lines: list[str]) -> list[Block]:
    """Return the blocks of a section body: headings, numbered, lettered, bullets, paragraphs."""
    blocks: list[Block] = []
    for i, line in enumerate(lines):
        if not line or _RULE.match(line):
            continue
        if m := _SUBNUMBERED.match(line):
            blocks.append(Block("heading", m.group("t").strip(), m.group("n")))
        elif m := _NUMBERED.match(line):
            body = m.group("t").strip()
            nxt = next((ln for ln in lines[i + 1 :] if ln), "")
            is_heading = (
                len(body) <= 80 and not body.endswith((".", ";", ":")) and not _NUMBERED.match(nxt)
            ) or (len(body) <= 80 and body.endswith(":"))
            blocks.append(
                Block("heading" if is_heading else "numbered", body.rstrip(":"), m.group("n"))
            )
        elif m := _LETTERED.match(line):
            blocks.append(Block("lettered", m.group("t").strip(), m.group("n")))
        elif m := _BULLET.match(line):
            blocks.append(Block("bullet", m.group("t").strip()))
        else:
            blocks.append(Block("paragraph", line))
    return blocks


def _subsections(blocks: list[Block]) -> list[tuple[str, list[Block]]]:
    out: list[tuple[str, list[Block]]] = [("", [])]
    for block in blocks:
        if block.kind == "heading":
            out.append((block.text, []))
        else:
            out[-1][1].append(block)
    return [(h, b) for h, b in out if h or b]


def _items(blocks: list[Block]) -> list[Item]:
    """Return list items: bullets, numbers or paragraphs, with lettered/+ items as children."""
    items: list[Item] = []
    top_kinds = {b.kind for b in blocks} & {"bullet", "numbered"}
    for block in blocks:
        if block.kind == "lettered" and items and top_kinds:
            items[-1].children.append(Item(block.text))
        else:
            items.append(Item(block.text))
    return items


# A header cell a web page wrapped: "Số:" / "07/2014/QĐ-UBND", "Quảng Ninh, ngày" / "06 tháng 6
# năm 2023", "Tuyên Quang," / "ngày 01 tháng 7 năm 2014".
_WRAPPED = re.compile(
    r"^(?:Số\s*:?|(?:[^\s,]+\s){0,4}[^\s,]+,(?:\s*ngày)?|(?:[^\s,]+\s){0,4}[^\s,]+,?\s*ngày)$", re.I
)
_CONTINUES = re.compile(r"^(?:\d|ngày\b|tháng\b)", re.I)
HEADER_LINES = 40


# Header cells a page printed on one line: the issuer before its number ("ỦY BAN NHÂN DÂN HUYỆN
# PHÚ BÌNH Số: 88/UBND-VHTT"), the number before the place and date ("Số: 215/KH-UBND    Đại
# Từ, ngày 14 tháng 3 năm 2023").
_CAPS_THEN_NUMBER = re.compile(r"^(?P<caps>[^:]{6,}?)\s+(?P<num>Số\s*:?\s*\d*\s*/.*)$")
_NUMBER_THEN_PLACE = re.compile(
    r"^(?P<num>Số\s*:?\s*\d*\s*/\s*[0-9A-ZĐa-zđ][0-9A-ZĐa-zđ\-–/.&]*"
    r"(?:\s*[-–]\s*[0-9A-ZĐ][0-9A-ZĐa-zđ\-–/.&]*)*)"
    r"\s+(?P<place>[A-ZĐÀ-Ỹ][^,]{1,58},\s*ngày\b.*)$"
)


def _shared_header_line(cell: str) -> list[str]:
    """A header line holding two cells, as two lines; any other line as it is."""
    m = _CAPS_THEN_NUMBER.match(cell)
    if m and _is_upper(m.group("caps")) and _BODY_HEAD.match(m.group("caps")):
        return [m.group("caps").strip(), *_shared_header_line(m.group("num"))]
    if m := _NUMBER_THEN_PLACE.match(cell):
        return [m.group("num").strip(), m.group("place").strip()]
    return [cell]


def _unwrap_header(lines: list[str]) -> list[str]:
    """Join the header's cells that a web page cut in two, so "Số:" meets its number and the
    place meets its date; the body is left as it is."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        while (
            i < HEADER_LINES
            and i + 1 < len(lines)
            and _WRAPPED.match(line)
            and _CONTINUES.match(lines[i + 1])
            and len(line) + len(lines[i + 1]) <= 120
        ):
            line = f"{line} {lines[i + 1]}"
            i += 1
        out.append(line)
        i += 1
    return out


# Without a "Số:" line, a heading that is the document's kind and number: "THÔNG TƯ
# 15/2017/TT-BCT" (as legal databases print the title), its date in the next lines.
_TITLED = re.compile(rf"^(?P<kind>{LEGAL_KINDS})\s*(?:số\s*)?(?P<ref>{_REFERENCE})$", re.I)
_LOOSE_DATE = re.compile(rf"(?:ngày\s*)?{_DAY_MONTH_YEAR}", re.I)


def _titled_number(plan: "ParsedPlan", lines: list[str]) -> None:
    for i, ln in enumerate(lines[:HEADER_LINES]):
        m = _TITLED.match(ln)
        if not m or not _is_upper(m.group("kind")):
            continue
        number, _sep, symbol = re.sub(r"\s+", "", m.group("ref")).partition("/")
        plan.number, plan.symbol = number, symbol
        after = " ".join(lines[i + 1 : i + 4])
        if d := _LOOSE_DATE.search(after):
            plan.day, plan.month, plan.year = int(d["d"]), int(d["m"]), int(d["y"])
        return


_ESCAPED_BREAK = re.compile(r"(?:\\r)?\\n|\\r")
_MOTTO_WORDS = (
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap tu do hanh phuc",
    "dang cong san viet nam",
)


def _motto_part(key: str) -> bool:
    """A cell of the national motto (or the Party's) that a page cut: "cong hoa xa", "hoi chu
    nghia viet nam"."""
    words = re.sub(r"[^a-z ]", " ", key).split()
    joined = " ".join(words)
    if words == ["cong"]:  # "CỘNG" | "HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        return True
    return len(words) >= 2 and any(joined in motto for motto in _MOTTO_WORDS)


# The heads of an issuing body's name, and the words that continue one: "ỦY BAN NHÂN DÂN" /
# "TỈNH NGHỆ AN" is one body; "UBND TỈNH THÁI NGUYÊN" / "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" are the
# parent body and the issuer.
_BODY_HEAD = re.compile(
    r"^(?:ỦY BAN|UỶ BAN|UBND|HỘI ĐỒNG|HĐND|SỞ|BỘ|BAN|TỈNH ỦY|TỈNH UỶ|THÀNH ỦY|THÀNH UỶ|HUYỆN ỦY|"
    r"HUYỆN UỶ|ĐẢNG ỦY|ĐẢNG UỶ|ĐẢNG BỘ|MẶT TRẬN|PHÒNG|TRUNG TÂM|CHI CỤC|TỔNG CỤC|CỤC|VĂN PHÒNG|"
    r"ĐÀI|BÁO|HỘI|LIÊN ĐOÀN|ĐOÀN|CÔNG AN|BỘ CHỈ HUY|TRƯỜNG|BỆNH VIỆN|CHÍNH PHỦ|THỦ TƯỚNG)\b"
)
_TERRITORY = re.compile(r"^(?:TỈNH|THÀNH PHỐ|TP\.?|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\b")
# The authority line under a decision's title: "ỦY BAN NHÂN DÂN TỈNH …", "BỘ TRƯỞNG BỘ …".
_AUTHORITY = re.compile(
    r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|"
    r"GIÁM ĐỐC|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|BAN THƯỜNG VỤ|BAN CHẤP HÀNH|TRƯỞNG BAN)\b"
)


def _issuer_cells(caps: list[str]) -> tuple[str, str]:
    """The parent body and the issuer from the header's capitalised cells, however a page cut
    them: cells continue the one before unless they start a body's name."""
    names: list[str] = []
    for cell in caps:
        if names and not (_BODY_HEAD.match(cell) and not _TERRITORY.match(cell)):
            names[-1] = f"{names[-1]} {cell}"  # "UỶ BAN NHÂN" + "DÂN" + "TỈNH TUYÊN QUANG"
        else:
            names.append(cell)
    names = [re.sub(r"\s+", " ", n).strip() for n in names]
    return (names[-2] if len(names) > 1 else ""), names[-1]


def _header_lines(lines: list[str]) -> list[str]:
    """Without a type line, the header is the top of the text up to its first sentence of
    content ("Căn cứ …", a long line): 15 lines that are not empty, at most."""
    out: list[str] = []
    for ln in lines:
        if fold(ln).startswith(("can cu", "thuc hien", "kinh gui")) or len(ln) > 200:
            break
        out.append(ln)
        if sum(1 for x in out if x) >= 15:
            break
    return out


def parse_lines(raw_lines: list[str]) -> ParsedPlan:
    """Return the structure of the document whose lines are given."""
    plan = ParsedPlan()
    lines = []
    for raw in raw_lines:
        # Some portals serve text with its line breaks escaped ("…1896/QĐ-TTg\\r\\nngày…"):
        # they are line breaks.
        for line in _ESCAPED_BREAK.split(raw):
            # A header table pasted from a web page arrives as one line: "BỘ CÔNG THƯƠNG |
            # CỘNG HÒA … | Số: 24/CT-TTg ------ Hà Nội, ngày …": its cells are lines of their own.
            for cell in re.split(r"\s+\|\s*|\s*\|\s+|\s*-{3,}\s*", nfc(line)):
                lines.extend(_shared_header_line(cell.strip()))
    lines = _unwrap_header(lines)
    # --- Tail: recipients and signature -----------------------------------------------------
    recip_at = next((i for i, ln in enumerate(lines) if fold(ln).startswith("noi nhan")), None)
    body_end = recip_at if recip_at is not None else len(lines)
    # --- Header ------------------------------------------------------------------------------
    type_at = next((i for i, ln in enumerate(lines[:body_end]) if _type_of(ln)), None)
    header_end = type_at if type_at is not None else 0
    caps: list[str] = []
    number_seen = False
    number_kind = ""
    for ln in lines[:header_end] if type_at is not None else _header_lines(lines):
        if not ln or _RULE.match(ln):
            continue
        key = fold(ln)
        if m := _NUMBER.match(ln):
            number_seen = True
            plan.number = m.group("n")
            number_kind = (m.group("kind") or "").upper()
            symbol = re.sub(r"\s+", "", m.group("s")).replace("–", "-").rstrip(".")
            plan.symbol = symbol
            head = symbol.split("-", 1)[0]
            if head.lower() in TYPE_CODES and "-" in symbol:
                plan.doc_type = TYPE_CODES[head.lower()][0]
                plan.issuer_abbreviation = symbol.split("-", 1)[1].split("-")[0]
            else:
                plan.issuer_abbreviation = symbol.split("-")[0]
        elif m := _PLACE_DATE.match(ln):
            plan.place = m.group("place").strip()
            plan.day = int(m.group("d")) if m.group("d") else None
            plan.month = int(m.group("m")) if m.group("m") else None
            plan.year = int(m.group("y"))
        elif key.startswith(_MOTTO) or _motto_part(key):
            continue
        elif key.startswith(("v/v", "v.v ", "ve viec")) and not plan.summary:
            plan.summary = ln  # an official letter's subject
        elif _is_upper(ln) and not number_seen:
            # the issuer's cell stands before "Số:" however the table was flattened; what
            # comes after it and before the type is a title or the authority line
            caps.append(ln)
    if not plan.symbol:
        _titled_number(plan, lines)
    if caps and (type_at is not None or number_seen):
        # without a type line, only a header with its "Số:" line says who issued it
        plan.parent_body, plan.issuer_name = _issuer_cells(caps)
    # --- Type and summary ----------------------------------------------------------------------
    body_start = 0
    if type_at is not None:
        plan.doc_type, plan.doc_type_name = _type_of(lines[type_at]) or ("", "")
        if not plan.doc_type and plan.symbol:
            plan.doc_type = TYPE_CODES.get(plan.symbol.split("-")[0].lower(), ("", ""))[0]
        summary: list[str] = []
        i = type_at + 1
        while i < body_end and not lines[i]:
            i += 1
        while i < body_end and lines[i] and len(summary) < 4:
            ln = lines[i]
            key = fold(ln)
            if (
                _RULE.match(ln)
                or len(ln) > 160
                or key.startswith(
                    ("can cu", "thuc hien", "kinh gui", "theo de nghi", "xet de nghi")
                )
                or _ROMAN.match(ln)
                or re.match(r"^Điều\s+\d", ln)
                or _type_of(ln)
                or (_is_upper(ln) and _AUTHORITY.match(ln))
                or (plan.issuer_name and fold(ln) == fold(plan.issuer_name))
            ):
                break
            summary.append(ln)
            i += 1
        plan.summary = _join(summary)
        body_start = i
        # a header cut short ("ỦY BAN NHÂN DÂN") is completed by the authority line under the
        # title ("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ")
        for ln in lines[: min(body_end, type_at + 10)]:
            if (
                plan.issuer_name
                and _is_upper(ln)
                and _AUTHORITY.match(ln)
                and fold(ln).startswith(fold(plan.issuer_name) + " ")
            ):
                plan.issuer_name = ln
                break
    elif plan.symbol:
        # no type line: the number line ("Nghị quyết số: …") or the symbol's code names the
        # kind (24/CT-TTg a directive, 09/2019/NĐ-CP a decree); a symbol without one
        # (238/UBND-KGVX) is an official letter
        kind = _kind_of(plan.symbol)
        plan.doc_type_name = number_kind or (
            kind.upper() if kind and kind != "Văn bản" else "CÔNG VĂN"
        )
    # --- Body: preamble, sections, closing ---------------------------------------------------
    sections: list[tuple[str, str, list[str]]] = []
    preamble: list[str] = []
    closing: list[str] = []
    for ln in lines[body_start:body_end]:
        if not ln:
            continue
        if fold(ln).startswith(("tren day la", "tren day ")):
            closing.append(ln)
            continue
        if closing:
            closing.append(ln)
            continue
        m = _ROMAN.match(ln)
        if m and _is_upper(m.group("t")):
            sections.append((m.group("n"), m.group("t").strip(), []))
        elif sections:
            sections[-1][2].append(ln)
        elif not _RULE.match(ln) and fold(ln) not in ("",) and not _NUMBER.match(ln):
            preamble.append(ln)
    plan.preamble = preamble
    plan.closing = _join(closing)
    own = f"{plan.number}/{plan.symbol}" if plan.number else plan.symbol
    plan.legal_bases = parse_legal_bases(_reading_text(preamble), own=own)
    # citations are read in the whole text: a decision's "Căn cứ" lines come before its type
    everything = parse_legal_bases(_reading_text(lines), own=own)
    known = {reference_key(r.reference): r for r in plan.legal_bases}
    for r in everything:
        if reference_key(r.reference) in known:
            _complete(known[reference_key(r.reference)], r)
    plan.citations = plan.legal_bases + [
        r for r in everything if reference_key(r.reference) not in known
    ]
    for number, heading, body in sections:
        blocks = _blocks(body)
        plan.sections.append(Section(number, heading, blocks))
        _read_section(plan, heading, blocks)
    after_addressees = _addressees(plan, lines, body_end)
    if not plan.assignments:
        # a letter, a notice, a plan whose duties are written as prose (never its header)
        start = max(body_start, after_addressees)
        _free_text_tasks(plan, [ln for ln in lines[start:body_end] if not _header_like(ln)])
    _read_tail(plan, lines, recip_at)
    _check(plan)
    return plan


def _read_section(plan: ParsedPlan, heading: str, blocks: list[Block]) -> None:
    key = fold(heading)
    subs = _subsections(blocks)
    if "muc dich" in key or "yeu cau" in key:
        for sub_heading, sub_blocks in subs:
            sub_key = fold(sub_heading)
            texts = [b.text for b in sub_blocks]
            if "muc dich" in sub_key or (not sub_heading and "muc dich" in key):
                plan.purposes.extend(texts)
            elif "yeu cau" in sub_key:
                plan.requirements.extend(texts)
    elif "nhiem vu" in key and _unit_led(blocks):
        _assign(plan, blocks)
    elif "noi dung" in key or "hinh thuc" in key or "nhiem vu" in key:
        for sub_heading, sub_blocks in subs:
            sub_key = fold(sub_heading)
            if "hinh thuc" in sub_key or (
                not sub_heading and "hinh thuc" in key and "noi dung" not in key
            ):
                plan.channel_lines.extend(
                    ChannelLine(item.text, channels_in(item.text)) for item in _items(sub_blocks)
                )
            elif "noi dung" in sub_key or "nhiem vu" in sub_key or not sub_heading:
                plan.themes.extend(_items(sub_blocks))
    elif "to chuc thuc hien" in key or "phan cong" in key or "trach nhiem" in key:
        _assign(plan, blocks)


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


def _assign(plan: ParsedPlan, blocks: list[Block]) -> None:
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
_TASK_OPENER = re.compile(r"(?:^|(?<=\s))(?:giao|đề nghị|yêu cầu)\s+(?=\S)", re.I)
_DEADLINE = re.compile(
    rf"(?:trước|chậm nhất(?:\s+là)?|hạn chót|không muộn hơn)\s+(?:ngày\s+)?{_DAY_MONTH_YEAR}",
    re.I,
)
_UNIT_FIRST = re.compile(rf"^(?:cac\s+)?{_HEAD_WORDS}\b")
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ(\"“])")


def _deadline_in(text: str) -> str | None:
    if m := _DEADLINE.search(text):
        try:
            return date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
        except ValueError:
            return None
    return None


def _free_text_tasks(plan: ParsedPlan, lines: list[str]) -> None:
    """Read duties from a text without a "Tổ chức thực hiện" section."""
    if plan.assignments:
        return
    text = " ".join(ln for ln in lines if ln)
    sentences = _SENTENCE_END.split(text)
    for i, sentence in enumerate(sentences):
        found = _task_in(sentence)
        if found is None:
            continue
        task, assignee, directed, mentions = found
        deadline = _deadline_in(task)
        following = sentences[i + 1] if i + 1 < len(sentences) else ""
        if deadline is None and following and _task_in(following) is None:
            deadline = _deadline_in(following)
            if deadline:
                task = f"{task} {following.strip()}"
        number = str(len(plan.assignments) + 1)
        plan.assignments.append(
            Assignment(
                number=number,
                text=task,
                assignee_text=assignee,
                directed_text=directed,
                mentions=mentions,
                channels=channels_in(task),
                deadline=deadline,
            )
        )
        if obligation := parse_obligation(number, task, mentions, deadline):
            plan.obligations.append(obligation)


def _task_in(sentence: str) -> tuple[str, str, str, list[Mention]] | None:
    """The task a sentence gives, from its first opener followed by a unit: the assignee must
    open with one ("Sở …", "UBND các xã", "Giám đốc Sở …"), which leaves out "theo đề nghị
    của …", "theo yêu cầu tại …" and "Sở Giao thông vận tải"."""
    for opener in _TASK_OPENER.finditer(sentence):
        task = sentence[opener.start() :].strip()
        assignee, directed = split_assignee(task)
        mentions = mentions_in(assignee)
        if mentions and len(assignee) <= 160 and _UNIT_FIRST.match(fold(assignee)):
            return task, assignee, directed, mentions
    # "Các cơ quan báo chí của tỉnh có trách nhiệm …", "UBND các huyện chỉ đạo …": a sentence
    # that opens with bodies and a duty verb right after them
    task = sentence.strip()
    folded = fold_same_length(task)
    if _UNIT_FIRST.match(fold(task)) and (verb := re.search(rf"\s({_DUTY_VERBS})\b", folded)):
        assignee, directed = split_assignee(task)
        mentions = mentions_in(assignee)
        if mentions and verb.start() <= 160 and len(assignee) <= 160:
            return task, assignee, directed, mentions
    return None


def _header_like(line: str) -> bool:
    """A line of a header that a text without a type line leaves in its body."""
    key = fold(line)
    return bool(
        _is_upper(line)
        or _NUMBER.match(line)
        or _PLACE_DATE.match(line)
        or key.startswith(("v/v", "kinh gui") + _MOTTO)
        or _motto_part(key)
    )


def _addressees(plan: ParsedPlan, lines: list[str], body_end: int) -> int:
    """Read the "Kính gửi:" list (on its line, or one bullet a line after it) as recipients;
    return the index of the first line after it (0 without one)."""
    at = next(
        (
            i
            for i, ln in enumerate(lines[: min(body_end, HEADER_LINES)])
            if fold(ln).startswith("kinh gui")
        ),
        None,
    )
    if at is None:
        return 0
    first = lines[at].split(":", 1)[1] if ":" in lines[at] else ""
    names = [part for part in re.split(r";\s*", first) if part.strip()]
    i = at + 1
    while i < body_end and (m := _BULLET.match(lines[i])):
        names.append(m.group("t"))
        i += 1
    known = {fold(r.text) for r in plan.recipients}
    for raw in names:
        text = re.sub(r"^[-–—•+*]\s*", "", raw).strip().rstrip(";.,")
        if text and fold(text) not in known:
            known.add(fold(text))
            plan.recipients.append(Recipient(text, "", Mention(text=text)))
    return i


def _read_tail(plan: ParsedPlan, lines: list[str], recip_at: int | None) -> None:
    if recip_at is None:
        tail = [ln for ln in lines[-8:] if ln]
    else:
        first = lines[recip_at]
        after_colon = first.split(":", 1)[1].strip() if ":" in first else ""
        tail_lines = ([after_colon] if after_colon else []) + lines[recip_at + 1 :]
        tail = []
        for ln in tail_lines:
            if not ln:
                continue
            if m := _BULLET.match(ln):
                text = m.group("t").strip().rstrip(";.")
                if fold(text).startswith("luu"):
                    plan.archive = text.split(":", 1)[1].strip() if ":" in text else ""
                    continue
                purpose = ""
                if pm := re.search(r"\(([^)]*(?:b/c|t/h|p/h|đ/b|biết|thực hiện)[^)]*)\)\s*$", text):
                    purpose = pm.group(1)
                    text = text[: pm.start()].strip()
                plan.recipients.append(Recipient(text, purpose, Mention(text=text)))
            else:
                tail.append(ln)
    # Signature: capitalised authority/title lines, then the signer's name. A heading or a
    # title in capitals at the end of a pasted page is neither.
    titles = [
        ln
        for ln in tail
        if _is_upper(ln) and not fold(ln).startswith("noi nhan") and _SIGNER_LINE.match(ln)
    ]
    names = [
        ln
        for ln in tail
        if not _is_upper(ln)
        and not ln.startswith("(")
        and 2 <= len(ln.split()) <= 6
        and all(w[:1].isupper() for w in ln.split())
        and not _BULLET.match(ln)
    ]
    if titles:
        if len(titles) >= 2 and re.match(r"^(KT|TM|TL|TUQ|Q)\.", titles[-2]):
            plan.signer_authority = titles[-2]
        elif re.match(r"^(KT|TM|TL|TUQ|Q)\.", titles[-1]):
            plan.signer_authority = titles[-1]
        plan.signer_title = titles[-1] if not re.match(r"^(KT|TM|TL|TUQ|Q)\.", titles[-1]) else ""
    if names and (recip_at is not None or titles):
        plan.signer_name = names[-1]


# The lines of a signature block (Nghị định 30, Phụ lục I): the authority ("TM. ỦY BAN NHÂN
# DÂN", "KT. CHỦ TỊCH") and the signer's position ("PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "BÍ THƯ"); a
# body's name alone is neither.
_SIGNER_LINE = re.compile(
    r"^(?:(?:KT|TM|TL|TUQ|Q)\.\s*\S|(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|TRƯỞNG\b|"
    r"BÍ THƯ|BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TƯỚNG|CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|CHÁNH VĂN PHÒNG|"
    r"TỔNG BIÊN TẬP|THỦ TRƯỞNG|CHỦ NHIỆM|HIỆU TRƯỞNG|TRƯỞNG PHÒNG|TRƯỞNG BAN)\b)"
)


def missing_parts(plan: ParsedPlan) -> list[str]:
    """What a complete plan would have that this document lacks."""
    checks = [
        (plan.symbol, _("number and symbol (Số: …/KH-…)")),
        (plan.place and plan.year, _("place and date")),
        (plan.doc_type_name, _("document type (KẾ HOẠCH, BÁO CÁO …)")),
        (plan.summary, _("summary line (trích yếu)")),
        (plan.legal_bases, _("legal bases")),
        (plan.purposes, _("purposes (Mục đích)")),
        (plan.requirements, _("requirements (Yêu cầu)")),
        (plan.themes, _("content themes (Nội dung)")),
        (plan.channel_lines, _("communication forms (Hình thức)")),
        (plan.assignments, _("assignments (Tổ chức thực hiện)")),
        (plan.recipients, _("recipients (Nơi nhận)")),
        (plan.signer_name, _("signer")),
    ]
    return [str(label) for present, label in checks if not present]


def _check(plan: ParsedPlan) -> None:
    """Say what a complete plan would have that this document lacks."""
    plan.missing = missing_parts(plan)
    if plan.number == "" and plan.symbol:
        plan.warnings.append(_("The document number is blank: it is given at issuance."))
    if plan.year and not plan.day:
        plan.warnings.append(_("The day of the date is blank: it is given at issuance."))
    for theme in plan.themes:
        count = re.search(r"\b0?(\d)\s+nhiệm vụ trọng tâm", theme.text)
        if count and not theme.children:
            plan.warnings.append(
                _(
                    "A content line names %(n)s key tasks without listing them; add them as "
                    "sub-items of that theme."
                )
                % {"n": count.group(1)}
            )
