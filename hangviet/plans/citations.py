"""The documents a text cites: kinds, numbers and symbols as written (party and state),
their dates and their issuers, found before or after them (part of the document reader,
`parsing`)."""

import re
from dataclasses import dataclass
from datetime import date

from hangviet.core.text import fold

LEGAL_KINDS = (
    "Thông báo kết luận|Nghị quyết liên tịch|Thông tư liên tịch|Kế hoạch|Chỉ thị|Nghị quyết|"
    "Nghị định|Quyết định|Thông tư|Văn bản|Công văn|Kết luận|Hướng dẫn|Luật|Thông báo|"
    "Chương trình|Quy định|Quy chế|Đề án|Tờ trình|Báo cáo|Điều lệ|Pháp lệnh"
)


# A number and symbol as agencies write them: 87-KH/TU, 03-CT/TW, 28/CT-TTg, 1720/CV-BCĐ,
# 09/2019/NĐ-CP, 386/QĐ/TTg (sic), 15-NQ/ĐUB; the symbol's parts are letters (and digits).
# "CNN&XD": industry & construction; "CT/TƯ" as some pages write "CT/TW".
# "BĐ.TP": a dot between two codes.
_SYMBOL_PART = r"[A-ZĐĂÂÊÔƠƯ](?:[0-9A-ZĐĂÂÊÔƠƯa-zđ]|&(?=[A-ZĐ])|\.(?=(?-i:[A-ZĐ])(?![a-zđ])))*"


# A space may stand before the year's slash as pages print it: "20 /2014/QĐ-UBND".
# A number may carry a letter: "Nghị quyết 30a/2008/NQ-CP", "30c/NQ-CP".
# A page's doubled slash ("04//CT-TTg") is the same separator.
# A space for the dash before a type code and its slash: "Kế hoạch số 298 KH/TWĐTN".
_REFERENCE = (
    rf"\d{{1,5}}[a-zđ]?(?:\s?/\d{{4}})?"
    rf"(?:(?:\s?(?:[-–]|//?)\s?|\s(?=(?-i:[A-ZĐ]{{2,6}}/[A-ZĐ]))){_SYMBOL_PART})+"
)


_LEGAL = re.compile(
    rf"(?P<kind>{LEGAL_KINDS})(?:\s+(?:số|so)\b)?\s*:?\s*(?P<ref>{_REFERENCE})"
    # or, after "số", a number alone: "Chỉ thị số 03 ngày 19-5-2021", "Kết luận số 264"
    rf"|(?P<kind2>{LEGAL_KINDS})\s+số\s+(?P<num>\d{{1,5}})(?![\d/–-])",
    re.I,
)


# A reference without its kind, known by its type code: "(28/CT-TTg)", "theo 1720/CV-BCĐ".
# ("3/ UBND quận, …" is a list item's number, not a reference.)
_BARE = re.compile(rf"(?<![\w/-])(?!\d{{1,2}}/\s)(?P<ref>{_REFERENCE})")


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


@dataclass
class LegalRef:
    kind: str
    reference: str
    number: str
    symbol: str
    date: str | None
    issuer: str
    title: str


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


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
    elif (by := _ISSUED_BY.match(tail)) and re.match(r"^\s*,?\s*(?:đã|vừa|mới|được|do)", tail):
        issuer = _as_written(by.group("iss").strip())
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
    if parts := re.match(r"^(\d+[a-zđ]?)(?:/(\d{4}))?[-/](.+)$", reference):
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
    if "\n" in sentence[dm.start() + 1 :] and re.search(
        r"(?:^|\n)[^\n,]{2,60},?\s*$", sentence[: dm.start()]
    ):
        return None  # the header's "Bắc Kạn, ngày 09 tháng 9 năm 2020" is the text's own date
    signed = _SIGNING.search(between) or _HAS_DOCUMENT.search(between)  # "… có Văn bản số"
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


# "… có văn bản số", "… có Văn bản chỉ đạo số" before a reference known by its symbol.
_DOCUMENT_WORDS = r"(?:\s+(?i:văn bản|công văn)(?:\s+(?:chỉ đạo|hướng dẫn|đề nghị))?(?:\s+số)?)?"
_HAS_DOCUMENT = re.compile(rf"\bcó{_DOCUMENT_WORDS}\s*$", re.I)

# (a body's name may carry its parent in brackets: "Cục Quản lý và Phát triển thị trường trong
# nước (Bộ Công Thương) vừa ban hành Công văn số …")
_NAME_RUN = r"(?:\([^()\n]{2,40}\)|[^,;:()\n]){0,100}?"
_ISSUER_VERB = re.compile(
    rf"(?<![\w])(?P<iss>{_AGENCY_START}\b{_NAME_RUN})[ \t]+(?:đã\s+|vừa\s+|mới\s+|cũng\s+)?"
    rf"(?:có|ban hành|ký ban hành|ký|ra|phát hành|gửi|xây dựng){_DOCUMENT_WORDS}\s*$"
)

# Who issued it, said after: "Kế hoạch số 79-KH/BTGTU vừa được Ban Tuyên giáo Thành ủy Hà Nội
# ban hành".
_ISSUED_BY = re.compile(
    rf"^\s*,?\s*(?:(?:đã|vừa|mới)\s+)?(?:được\s+)?(?:do\s+)?(?P<iss>{_AGENCY_START}\b[^,;:()\n]{{0,80}}?)"
    r"\s+(?:ban hành|ký ban hành|ký|phát hành)\b"
)


_ISSUER_AT = re.compile(
    r"\b(?:đề nghị|chỉ đạo|ý kiến|hướng dẫn|đề xuất|kết luận)\s+của\s+"
    r"(?P<iss>[^,;:()\n]{3,80}?)\s+tại\s*$",
    re.I,
)


# "Căn cứ các văn bản của Bộ Thông tin và Truyền thông: Công văn số 1178/BTTTT-THH …": the
# issuer of the list the reference opens.
_ISSUER_OF_LIST = re.compile(
    r"\b(?:các\s+)?(?:văn bản|hướng dẫn|chỉ đạo)\s+của\s+"
    rf"(?P<iss>{_AGENCY_START}\b[^,;:()\n]{{0,80}}?)\s*:\s*$",
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
    "BKHCN": "Bộ Khoa học và Công nghệ", "BXD": "Bộ Xây dựng", "BGTVT": "Bộ Giao thông vận tải",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội", "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng", "BNG": "Bộ Ngoại giao", "BTNMT": "Bộ Tài nguyên và Môi trường",
    "NHNN": "Ngân hàng Nhà nước Việt Nam", "VPCP": "Văn phòng Chính phủ",
    "UBDT": "Ủy ban Dân tộc", "TTCP": "Thanh tra Chính phủ",
}  # fmt: skip


def _issuer_before(text: str, at: int) -> str:
    """The body the sentence names as issuing the document at `at`, else ""."""
    sentence = _sentence_before(text, at, 200)
    if m := _ISSUER_AT.search(sentence):
        return _as_written(m.group("iss").strip())
    if m := _ISSUER_OF_LIST.search(sentence):
        return _as_written(m.group("iss").strip())
    if m := _ISSUER_VERB.search(sentence):
        found = re.sub(r"^(?:.*\s[-–]\s)", "", m.group("iss")).strip()
        return _as_written(found)
    whole = _sentence_before(text, at, 500).rsplit("\n", 1)[-1]
    if re.search(r"\(\s*(?:\S+\s+){0,3}$", whole) and (m := _ISSUER_OF_SENTENCE.match(whole)):
        # "Sở Y tế vừa ban hành Công văn đề nghị … (Công văn số 798/SYT-QLHN, ngày …)": the
        # document in brackets is the one the sentence says its body issued
        return _as_written(m.group("iss").strip())
    return ""


_ISSUER_OF_SENTENCE = re.compile(
    rf"^\s*(?:[^,]{{0,40}},\s+)?(?P<iss>{_AGENCY_START}\b{_NAME_RUN})\s+(?:đã\s+|vừa\s+|mới\s+)?"
    r"(?:có|ban hành|ký ban hành|ký|gửi)\b"
)


def _issuer_of_code(reference: str) -> str:
    # the issuer's code is last ("28/CT-TTg") or before the drafting unit's ("11554/VPCP-V.I",
    # "9151/BCT-QLTT"); UBTVQH12: the 12th
    parts = [p.upper() for p in re.split(r"[-–/]", reference) if p and not p.isdigit()]
    for part in reversed(parts[-2:]):
        if found := _ISSUER_OF_CODE.get(part.rstrip("0123456789"), ""):
            return found
    return ""


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
        # also glued as a page lost its space: "Thủ tướng chínhphủ"
        out = re.sub(r"\s*".join(map(re.escape, proper.split())), proper, out, flags=re.I)
    return out


def _clean_reference(raw: str) -> str:
    raw = re.sub(r"(?<=\w)//(?=\w)", "/", raw)
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
        if not _kind_of(reference):
            continue
        if reference_key(reference) in seen:
            if reference_key(reference) in by_key:  # "… 11/VBHN-BCT năm 2014" then in full
                _complete(by_key[reference_key(reference)], _cited(text, m, "", reference))
            continue
        if not re.search(r"[A-ZĐ]{2}", reference):  # "5/3/2018" is a date, not a symbol
            continue
        seen.add(reference_key(reference))
        refs.append(_cited(text, m, "", reference))
        by_key[reference_key(reference)] = refs[-1]
    # "Công văn số 3364/BCĐ-QLTT ngày …, Công văn số 03/BCĐ-QLTT ngày … của Ban Chỉ đạo 389
    # tỉnh": the issuer named after the last of a list is the issuer of each with its symbol
    for ref, after in zip(refs, refs[1:], strict=False):
        if not ref.issuer and after.issuer and _symbol(ref.reference) == _symbol(after.reference):
            ref.issuer = after.issuer
    return refs


def _symbol(reference: str) -> str:
    """The symbol without the number and year: "BCĐ/QLTT" of "3364/BCĐ-QLTT"."""
    return "/".join(p for p in reference_key(reference).split("/") if not p.isdigit())


def _complete(ref: LegalRef, later: LegalRef) -> None:
    """Fill what the first mention of a document lacked from a later one."""
    ref.date = ref.date or later.date
    if not ref.issuer or ref.issuer == _issuer_of_code(ref.reference) != later.issuer:
        ref.issuer = later.issuer or ref.issuer
    ref.title = ref.title or later.title


def reference_key(reference: str) -> str:
    """A number and symbol as people mean it: "386/QĐ/TTg" is "386/QĐ-TTg"."""
    # "V .I" as a page spaced it is "V.I"
    key = re.sub(r"\s+(?=\.)|(?<=\.)\s+", "", reference.upper().replace("⁄", "/"))
    key = re.sub(r"[\s\-–/]+", "/", key).strip("/")
    return re.sub(r"(?<=/)TƯ\b", "TW", key)


def _known_number(number: str, kind: str, refs: list[LegalRef]) -> bool:
    """Whether "Chỉ thị số 03" repeats a document already cited in full (03-CT/TW)."""
    return any(
        r.number.isdigit() and int(r.number) == int(number) and fold(r.kind) == fold(kind)
        for r in refs
    )
