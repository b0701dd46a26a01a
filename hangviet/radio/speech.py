"""Text as a Vietnamese announcer reads it.

A speech engine reads "UBND xã tổ chức phiên chợ lúc 7h30 ngày 20/4, giảm 10-30%" badly or
not at all. Before synthesis every bulletin goes through `normalize`: abbreviations of the
administration are expanded (UBND → Ủy ban nhân dân, HTX → hợp tác xã, OCOP → Ô-cốp),
numbers are read in words the northern way (21 → hai mươi mốt, 24 → hai mươi tư, 105 → một
trăm linh năm, 1.250.000 → một triệu hai trăm năm mươi nghìn), with dates (ngày mồng hai
tháng ba), times (bảy giờ ba mươi phút), percentages, decimals (12,5 → mười hai phẩy năm),
ranges, units and telephone numbers (digit by digit). `sentences` then cuts the result at
sentence boundaries into pieces an engine can take.
"""

import re
import unicodedata
from collections.abc import Mapping

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
SCALES = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]
MAX_TEXT = 20_000
MAX_PIECE = 250

# Longest first where one contains another. Whole words only, case-sensitive (they are
# written in capitals); "TP." with its dot.
ABBREVIATIONS = {
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
    "LĐTB&XH": "Lao động - Thương binh và Xã hội",
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
    "NN-PTNT": "Nông nghiệp và Phát triển nông thôn",
    "NN&MT": "Nông nghiệp và Môi trường",
    "KH&ĐT": "Kế hoạch và Đầu tư",
    "KH&CN": "Khoa học và Công nghệ",
    "KH-CN": "Khoa học và Công nghệ",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "GD-ĐT": "Giáo dục và Đào tạo",
    "TN&MT": "Tài nguyên và Môi trường",
    "TN-MT": "Tài nguyên và Môi trường",
    "VH,TT&DL": "Văn hóa, Thể thao và Du lịch",
    "VHTT&DL": "Văn hóa, Thể thao và Du lịch",
    "GTVT": "Giao thông vận tải",
    "MTTQVN": "Mặt trận Tổ quốc Việt Nam",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "VSATTP": "vệ sinh an toàn thực phẩm",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "OCOP": "Ô-cốp",
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "THCS": "trung học cơ sở",
    "THPT": "trung học phổ thông",
    "ATTP": "an toàn thực phẩm",
    "ATGT": "an toàn giao thông",
    "QLTT": "quản lý thị trường",
    "SXKD": "sản xuất, kinh doanh",
    "KT-XH": "kinh tế - xã hội",
    "CNH-HĐH": "công nghiệp hóa, hiện đại hóa",
    "TT&TT": "Thông tin và Truyền thông",
    "VH-TT-DL": "Văn hóa, Thể thao và Du lịch",
    "VHTTDL": "Văn hóa, Thể thao và Du lịch",
    "HTX": "hợp tác xã",
    "BCĐ": "Ban Chỉ đạo",
    "CLB": "câu lạc bộ",
    "CSGT": "cảnh sát giao thông",
    "PCCC": "phòng cháy, chữa cháy",
    "TNCS": "Thanh niên Cộng sản",
    "CCB": "Cựu chiến binh",
    "LHPN": "Liên hiệp Phụ nữ",
    "ĐTN": "Đoàn Thanh niên",
    "TDP": "tổ dân phố",
    "TP.": "thành phố",
    "TX.": "thị xã",
    "TT.": "thị trấn",
    "TP": "thành phố",
    "TX": "thị xã",
    "GDP": "gi-đi-pi",
    "USD": "đô la Mỹ",
    "VNĐ": "đồng",
    "VND": "đồng",
}
UNITS = {
    "km2": "ki-lô-mét vuông",
    "km²": "ki-lô-mét vuông",
    "m2": "mét vuông",
    "m²": "mét vuông",
    "m3": "mét khối",
    "km": "ki-lô-mét",
    "kg": "ki-lô-gam",
    "ha": "héc-ta",
    "°C": "độ C",
    "tr.đ": "triệu đồng",
    "đ": "đồng",
}
# Who issued a document, by the last part of its symbol ("03-CT/TW", "09/2019/NĐ-CP",
# "18/KH-SVHTTDL"): an announcer reads "Chỉ thị số không ba của Ban Bí thư", never the codes.
# The issuer of a Party document (TW) depends on its type.
ISSUERS = {
    "TTg": "Thủ tướng Chính phủ",
    "CP": "Chính phủ",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BCT": "Bộ Công Thương",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "TU": "Tỉnh ủy",
    "HU": "Huyện ủy",
    "TƯ": "Trung ương",
    "STTTT": "Sở Thông tin và Truyền thông",
    "SVHTTDL": "Sở Văn hóa, Thể thao và Du lịch",
    "SCT": "Sở Công Thương",
    "BCĐ": "Ban Chỉ đạo",
}
PARTY = {"CT": "Ban Bí thư", "NQ": "Ban Chấp hành Trung ương", "KL": "Bộ Chính trị"}
_SYMBOL = re.compile(
    r"(?<![\w/])(\d+)(?:/(\d{4}))?\s?[-/]\s?((?:[A-ZĐƯa-z]{1,10}[-/&]?)*[A-ZĐƯ][A-ZĐƯa-z]{0,9})"
    r"(?=[\s,.;:)]|$)"
)
# Roads: "QL3", "QL.3", "QL 37", "ĐT.261", "ĐT 254", "Km 15".
_ROAD = re.compile(r"\b(QL|ĐT|ĐH|TL)\.?\s?(\d+[A-Z]?)\b")
ROADS = {"QL": "quốc lộ", "ĐT": "đường tỉnh", "TL": "tỉnh lộ", "ĐH": "đường huyện"}
# Web addresses and e-mail: read part by part, "chấm" for the dots.
_WEB = re.compile(
    r"(?:https?://)?(?:www\.)?((?:[\w-]+\.)+(?:vn|com|net|org|gov|edu|info))\b"
    r"((?:/[\w\-/?=&%]*(?:\.[\w\-/?=&%]+)*)?)",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"([\w.+-]+)@((?:[\w-]+\.)+[a-z]{2,})", re.IGNORECASE)
WEB_WORDS = {
    "vn": "vê en",
    "gov": "gốp",
    "com": "com",
    "net": "nét",
    "org": "o rờ gờ",
    "edu": "e đu",
}
# A fraction, not a date: "giảm 3/4", "chiếm 1/2 số hộ".
_FRACTION = re.compile(
    r"(\b(?:giảm|tăng|bằng|khoảng|gần|hơn|chiếm|còn|được|đạt) (?:gần |khoảng |hơn )?)"
    r"(\d{1,2})/(\d{1,2})(?![\d/])|(?<![\d/])(\d{1,2})/(\d{1,2})(?= (?:số|tổng|diện tích|dân số))"
)
# A month and year, "6/2022", "tháng 12/2025".
_MONTH_YEAR = re.compile(r"(?<![\d/])(\d{1,2})/(\d{4})(?![\d/])")


def read_number(n: int) -> str:
    """Return `n` in words: 0 → không, 15 → mười lăm, 21 → hai mươi mốt, 1005 → một nghìn
    không trăm linh năm, 2026 → hai nghìn không trăm hai mươi sáu."""
    if n < 0:
        return "âm " + read_number(-n)
    if n == 0:
        return DIGITS[0]
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    words: list[str] = []
    started = False
    for i in range(len(groups) - 1, -1, -1):
        group = groups[i]
        if group == 0:
            continue
        words.append(_triple(group, full=started))
        if SCALES[i] if i < len(SCALES) else "":
            words.append(SCALES[i])
        started = True
    return " ".join(w for w in words if w)


def _triple(n: int, full: bool) -> str:
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    out = []
    if full or hundreds:
        out += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if out:
                out.append("linh")
            out.append(DIGITS[units])
    elif tens == 1:
        out.append("mười")
        if units:
            out.append("lăm" if units == 5 else DIGITS[units])
    else:
        out += [DIGITS[tens], "mươi"]
        if units == 1:
            out.append("mốt")
        elif units == 4:
            out.append("tư")
        elif units == 5:
            out.append("lăm")
        elif units:
            out.append(DIGITS[units])
    return " ".join(out)


def read_digits(digits: str) -> str:
    return " ".join(DIGITS[int(d)] for d in digits)


def _int_text(text: str) -> str:
    """Digits as written ("03", "1.250.000") in words; a leading zero is read."""
    plain = text.replace(".", "")
    if len(plain) > 1 and plain.startswith("0"):
        return read_digits(plain)
    return read_number(int(plain))


def read_decimal(text: str) -> str:
    whole, _sep, fraction = text.partition(",")
    spoken = _int_text(whole)
    if fraction:
        spoken += " phẩy " + (
            read_number(int(fraction)) if not fraction.startswith("0") else read_digits(fraction)
        )
    return spoken


def read_month(month: int) -> str:
    return "tư" if month == 4 else read_number(month)


def read_day(day: int) -> str:
    return ("mồng " if day <= 10 else "") + read_number(day)


NUMBER = r"\d{1,3}(?:\.\d{3})+|\d+"
_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")
_TIME_H = re.compile(r"(?<![\d:])(\d{1,2})\s?[hg](\d{2})?(?![\w])")
_TIME_COLON = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])")
_RANGE_PERCENT = re.compile(rf"({NUMBER}(?:,\d+)?)\s?[-–]\s?({NUMBER}(?:,\d+)?)\s?%")
_PERCENT = re.compile(rf"({NUMBER}(?:,\d+)?)\s?%")
_RANGE = re.compile(rf"(?<![\d/])({NUMBER})\s?[-–]\s?({NUMBER})(?![\d/])")
_PHONE = re.compile(r"(?<![\d.])(0\d{2,3}[ .]?\d{3,4}[ .]?\d{3,4})(?!\d|\.\d)")
_PER = re.compile(r"/(kg|lít|người|hộ|tháng|năm|ngày|ha|km|m2|con|chiếc)\b")
_DECIMAL = re.compile(rf"(?<![\d,])({NUMBER}),(\d+)(?!\d|,\d)")
_INTEGER = re.compile(rf"(?<![\d,])({NUMBER})(?!\d|[.,]\d)")
_ORDINAL = re.compile(r"\b([Tt]hứ) (1|4)\b")


def normalize(text: str, extra: Mapping[str, str] | None = None) -> str:
    """Return `text` as it will be spoken (see the module's doc); `extra` holds the written
    forms the coordinator added (`SpokenForm`), read before the built-in lists."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ")
    for written, spoken in sorted((extra or {}).items(), key=lambda kv: -len(kv[0])):
        boundary_after = r"(?![\w&-])" if written[-1:].isalnum() else ""
        text = re.sub(rf"(?<![\w&-]){re.escape(written)}{boundary_after}", spoken, text)
    text = _EMAIL.sub(lambda m: f"{_web_words(m.group(1))} a còng {_web_words(m.group(2))}", text)
    text = _WEB.sub(lambda m: _web_words(m.group(1) + m.group(2)), text)
    text = _SYMBOL.sub(_symbol, text)
    text = _ROAD.sub(lambda m: f"{ROADS[m.group(1)]} {m.group(2)}", text)
    text = re.sub(r"\bKm\s?(\d)", r"ki-lô-mét \1", text)
    for abbr, full in ABBREVIATIONS.items():
        pattern = rf"(?<![\w&-]){re.escape(abbr)}" + (
            r"(?![\w&-])" if not abbr.endswith(".") else ""
        )
        text = re.sub(pattern, full, text)
    text = _PER.sub(lambda m: " một " + UNITS.get(m.group(1), m.group(1)), text)
    text = _PHONE.sub(lambda m: read_digits(re.sub(r"\D", "", m.group(1))), text)
    text = _MONTH_YEAR.sub(_month_year, text)
    text = _FRACTION.sub(_fraction, text)
    text = _DATE.sub(_date, text)
    text = re.sub(r"(\d+)/(\d+)", r"\1 trên \2", text)  # what is left is a ratio: 32/13
    text = _TIME_COLON.sub(lambda m: _time(m.group(1), m.group(2)), text)
    text = _TIME_H.sub(lambda m: _time(m.group(1), m.group(2)), text)
    text = _RANGE_PERCENT.sub(
        lambda m: f"{read_decimal(m.group(1))} đến {read_decimal(m.group(2))} phần trăm", text
    )
    text = _PERCENT.sub(lambda m: f"{read_decimal(m.group(1))} phần trăm", text)
    text = _RANGE.sub(lambda m: f"{_int_text(m.group(1))} đến {_int_text(m.group(2))}", text)
    text = _ORDINAL.sub(lambda m: f"{m.group(1)} {'nhất' if m.group(2) == '1' else 'tư'}", text)
    text = _DECIMAL.sub(lambda m: read_decimal(f"{m.group(1)},{m.group(2)}"), text)
    text = re.sub(
        rf"({NUMBER})\s?(km2|km²|m2|m²|m3|km|kg|ha|°C|tr\.đ|đ)(?![\w²])",
        lambda m: f"{_int_text(m.group(1))} {UNITS[m.group(2)]}",
        text,
    )
    text = _INTEGER.sub(lambda m: _int_text(m.group(1)), text)
    text = text.replace("&", " và ").replace("%", " phần trăm").replace("+", " cộng ")
    text = re.sub(r"\d+", lambda m: read_digits(m.group(0)), text)  # whatever is left
    text = re.sub(r"[“”\"«»#*_~^|<>=@\\/]", " ", text)
    text = re.sub(r"[ \t]+", " ", text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _symbol(m: re.Match) -> str:
    """ "03-CT/TW" → "03 của Ban Bí thư"; "09/2019/NĐ-CP" → "09 năm 2019 của Chính phủ"."""
    number, year, codes = m.group(1), m.group(2), re.split(r"[-/&]", m.group(3))
    spoken = number + (f" năm {year}" if year else "")
    if codes and codes[-1] in ("TW", "TƯ"):
        issuer = PARTY.get(codes[0], "Trung ương")
    else:
        issuer = next((ISSUERS[c] for c in reversed(codes) if c in ISSUERS), "")
    return f"{spoken} của {issuer}" if issuer else spoken


def _fraction(m: re.Match) -> str:
    """ "3/4" → "ba phần tư" (a quarter is "tư", as in "một phần tư")."""
    lead, top, bottom = (
        (m.group(1), m.group(2), m.group(3)) if m.group(2) else ("", m.group(4), m.group(5))
    )
    return f"{lead}{read_number(int(top))} phần {read_month(int(bottom))}"


def _month_year(m: re.Match) -> str:
    month, year = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        return m.group(0)
    before = m.string[max(0, m.start() - 8) : m.start()].lower().rstrip()
    word = "" if before.endswith("tháng") else "tháng "
    return f"{word}{read_month(month)} năm {read_number(year)}"


def _web_words(address: str) -> str:
    """ "thainguyen.gov.vn/tin-tuc" → "thainguyen chấm gốp chấm vê en gạch chéo tin tuc"."""
    parts = re.split(r"([./\-?=&])", address.strip("/"))
    spoken = []
    for part in parts:
        if part == ".":
            spoken.append("chấm")
        elif part == "/":
            spoken.append("gạch chéo")
        elif part in ("-", "?", "=", "&"):
            spoken.append(" ")
        elif part:
            spoken.append(WEB_WORDS.get(part.lower(), part))
    return " ".join(w for w in spoken if w.strip())


def _date(m: re.Match) -> str:
    day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return m.group(0)
    before = m.string[max(0, m.start() - 12) : m.start()].lower().rstrip()
    if before.endswith("mồng"):  # "ngày mồng 2/3": the words are there already
        spoken = read_number(day)
    else:
        spoken = ("" if before.endswith("ngày") else "ngày ") + read_day(day)
    spoken += f" tháng {read_month(month)}"
    if year:
        spoken += f" năm {read_number(int(year))}"
    return spoken


def _time(hours: str, minutes: str | None) -> str:
    h = int(hours)  # "48h" is a duration: "bốn mươi tám giờ" is right too
    if minutes and int(minutes) > 59:
        return f"{read_number(h)} giờ {read_number(int(minutes))}"
    spoken = f"{read_number(h)} giờ"
    if minutes and int(minutes):
        spoken += f" {read_number(int(minutes))} phút"
    return spoken


_SENTENCE_END = re.compile(r"(?<=[.!?…;:])\s+|\n+")


def sentences(text: str, limit: int = MAX_PIECE) -> list[str]:
    """Cut spoken text into pieces of at most `limit` characters, at sentence ends first,
    then at commas, then between words."""
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        while len(sentence) > limit:
            cut = sentence.rfind(", ", 0, limit) + 1
            if cut < limit // 2:
                cut = sentence.rfind(" ", 0, limit)
            cut = cut if cut > limit // 3 else limit
            pieces.append(sentence[:cut].strip(" ,"))
            sentence = sentence[cut:].strip(" ,")
        if sentence:
            pieces.append(sentence)
    return pieces
