"""The header of an administrative document: its number and symbol, place and date, type,
issuer, however a page printed or cut the header table (part of the document reader,
`parsing`)."""

import re
from typing import TYPE_CHECKING

from hangviet.core.text import fold
from hangviet.plans.citations import (
    _DAY_MONTH_YEAR,
    _REFERENCE,
    LEGAL_KINDS,
    _is_upper,
)

if TYPE_CHECKING:
    from hangviet.plans.parsing import ParsedPlan


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
    # "Số: 35-KH/TU" (a Party committee's), "Số: 09-CT" (older state documents): a dash
    # "Số: 2291 TM/XTTM" (older letters): a space, before a symbol of capitals with a slash
    r"Số\s*:?\s*(?:(?P<n>\d*)\s*/|(?P<pn>\d+)\s*-|(?P<sn>\d+)\s+(?=[A-ZĐ]+/))\s*"
    r"(?P<s>[0-9A-ZĐĂÂÊÔƠƯa-zđ][0-9A-ZĐĂÂÊÔƠƯa-zđ\s\-–/.&]*)$",
    re.I,
)


_PLACE_DATE = re.compile(
    r"^(?P<place>[^,]{2,60}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})",
    re.I,
)


def _type_of(line: str) -> tuple[str, str] | None:
    key = fold(line).strip(" .:")
    if key in DOC_TYPES and _is_upper(line):
        return DOC_TYPES[key]
    return None


# A header cell a web page wrapped: "Số:" / "07/2014/QĐ-UBND", "Quảng Ninh, ngày" / "06 tháng 6
# năm 2023", "Tuyên Quang," / "ngày 01 tháng 7 năm 2014", "Huế, ngày 08 tháng" / "5 năm 2020".
_WRAPPED = re.compile(
    r"^(?:Số\s*:?|(?:[^\s,]+\s){0,4}[^\s,]+,(?:\s*ngày)?|(?:[^\s,]+\s){0,4}[^\s,]+,?\s*ngày"
    r"(?:\s+\d{1,2}(?:\s+tháng(?:\s+\d{1,2})?)?)?)$",
    re.I,
)


_CONTINUES = re.compile(r"^(?:\d|ngày\b|tháng\b|năm\b)", re.I)

# A place name a page broke before its comma: "Sơn" / "La, ngày 11 tháng 3" / "năm 2020".
_PLACE_HEAD = re.compile(r"^[A-ZĐÀ-Ỹ][^\s,\d]{0,12}(?:\s[A-ZĐÀ-Ỹ][^\s,\d]{0,12})?$")
_PLACE_REST = re.compile(r"^[^\s,\d]{1,12}(?:\s[^\s,\d]{1,12})?,\s*ngày\b", re.I)


HEADER_LINES = 40


# Header cells a page printed on one line: the issuer before its number ("ỦY BAN NHÂN DÂN HUYỆN
# PHÚ BÌNH Số: 88/UBND-VHTT"), the number before the place and date ("Số: 215/KH-UBND    Đại
# Từ, ngày 14 tháng 3 năm 2023").
_CAPS_THEN_NUMBER = re.compile(r"^(?P<caps>[^:]{6,}?)\s+(?P<num>Số\s*:?\s*(?:\d*\s*/|\d+\s*-).*)$")


_NUMBER_THEN_PLACE = re.compile(
    r"^(?P<num>Số\s*:?\s*(?:\d*\s*/|\d+\s*-)\s*[0-9A-ZĐĂÂÊÔƠƯa-zđ][0-9A-ZĐĂÂÊÔƠƯa-zđ\-–/.&]*"
    r"(?:\s*[-–]\s*[0-9A-ZĐĂÂÊÔƠƯ][0-9A-ZĐĂÂÊÔƠƯa-zđ\-–/.&]*)*)"
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
        if (
            i < HEADER_LINES
            and i + 1 < len(lines)
            and _PLACE_HEAD.match(line)
            and _PLACE_REST.match(lines[i + 1])
        ):
            line = f"{line} {lines[i + 1]}"
            i += 1
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


def _portal_particulars(plan: "ParsedPlan", lines: list[str]) -> None:
    """A legal portal's page of a document without its header: the number and date from the
    page's particulars ("Số hiệu văn bản: 02/2011/TTLT-VPCP-BNV", "Ngày ban hành: 28-01-2011",
    each on its line or label and value as two cells)."""
    cells = [re.sub(r"^[•\-–*+\s]+", "", ln).strip(" |") for ln in lines[: 3 * HEADER_LINES]]
    # two particulars on one line: "Số hiệu: 641/BNV-BCĐ Loại văn bản: Công văn"
    cells = [part for cell in cells for part in _NEXT_LABEL.split(cell)]
    values: dict[str, str] = {}
    for i, cell in enumerate(cells):
        label, colon, value = cell.partition(":")
        key = fold(label).strip()
        if key not in ("so hieu", "so hieu van ban", "ngay ban hanh"):
            continue
        if not colon or not value.strip():
            value = cells[i + 1] if i + 1 < len(cells) else ""
        values.setdefault(key.replace(" van ban", ""), value.strip())
    reference = values.get("so hieu", "")
    if not (
        m := re.fullmatch(r"(\d{1,5})([-/])([0-9A-ZĐĂÂÊÔƠƯ][0-9A-ZĐĂÂÊÔƠƯa-zđ\-–/.&]*)", reference)
    ):
        return
    if plan.symbol and (plan.number, plan.symbol) != (m.group(1), m.group(3).replace("–", "-")):
        return  # the page's particulars are of another document than its header
    plan.number, plan.joiner, plan.symbol = m.group(1), m.group(2), m.group(3).replace("–", "-")
    if d := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", values.get("ngay ban hanh", "")):
        plan.day, plan.month, plan.year = int(d[1]), int(d[2]), int(d[3])


# Where a second particular begins on the same line: a capitalised label of one to four words
# and its colon ("… Loại văn bản: …", "… Ngày hiệu lực: …").
_NEXT_LABEL = re.compile(r"\s+(?=[A-ZĐ][^\s:|]*(?:\s[^\s:|]+){0,3}:)")


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
    counted = 0
    value_next = False
    for ln in lines:
        key = fold(ln).strip(" :")
        if re.match(r"^[-–•]\s*\d{1,2}\s*(?-i:[A-ZĐ])", ln):
            # a legal portal's list of related documents ("- 1Nghị định 02/2003/NĐ-CP …")
            # before the document: not the header's lines
            out.append(ln)
            continue
        if key.startswith(("can cu", "thuc hien", "kinh gui")) or len(ln) > 200:
            break
        out.append(ln)
        if key in _PORTAL_FIELDS:
            # a legal portal's table of the document's particulars ("Số hiệu | 0155/KH-UBND")
            # stands before the header and does not use up its lines
            value_next = True
            continue
        if value_next:
            value_next = False
            continue
        counted += bool(ln)
        if counted >= 15:
            break
    return out


_PORTAL_FIELDS = {
    "so hieu",
    "ngay ban hanh",
    "ngay co hieu luc",
    "ngay hieu luc",
    "ngay het hieu luc",
    "loai van ban",
    "co quan ban hanh",
    "noi ban hanh",
    "nguoi ky",
    "linh vuc",
    "tinh trang",
    "tinh trang hieu luc",
    "ngay cong bao",
    "so cong bao",
}


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
