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

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
SCALES = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]
MAX_TEXT = 20_000
MAX_PIECE = 250

# Longest first where one contains another. Whole words only, case-sensitive (they are
# written in capitals); "TP." with its dot.
ABBREVIATIONS = {
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
# Document symbols after a number: "Chỉ thị số 03-CT/TW" is read "Chỉ thị số không ba".
_SYMBOL = re.compile(r"(\d+)[-/](?:[A-ZĐ]{1,6}[-/&]?)+(?=[\s,.;:)]|$)")


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
_DECIMAL = re.compile(rf"(?<![\d,])({NUMBER}),(\d+)(?![\d,])")
_INTEGER = re.compile(rf"(?<![\d,])({NUMBER})(?![\d,])")
_ORDINAL = re.compile(r"\b([Tt]hứ) (1|4)\b")


def normalize(text: str) -> str:
    """Return `text` as it will be spoken (see the module's doc)."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ")
    text = _SYMBOL.sub(lambda m: m.group(1), text)
    for abbr, full in ABBREVIATIONS.items():
        pattern = rf"(?<![\w&-]){re.escape(abbr)}" + (
            r"(?![\w&-])" if not abbr.endswith(".") else ""
        )
        text = re.sub(pattern, full, text)
    text = _PER.sub(lambda m: " một " + UNITS.get(m.group(1), m.group(1)), text)
    text = _PHONE.sub(lambda m: read_digits(re.sub(r"\D", "", m.group(1))), text)
    text = _DATE.sub(_date, text)
    text = re.sub(r"(\d)/(\d)", r"\1 trên \2", text)  # what is left is a ratio: 3/4
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
    text = text.replace("&", " và ").replace("%", " phần trăm")
    text = re.sub(r"[“”\"«»]", "", text)
    text = re.sub(r"[ \t]+", " ", text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


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
