"""Vietnamese text helpers: normalisation, accent folding, display formats."""

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the form stored everywhere in hangviet."""
    return unicodedata.normalize("NFC", text)


# C0 controls but tab and newline, DEL, C1 controls; bidirectional embeddings, overrides and
# isolates (they can make "ekaf.exe" read "exe.fake"); non-characters XML cannot hold.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
# Characters that take no room: a title of only these (and spaces) is empty to a reader.
_INVISIBLE = re.compile("[\\s\u00ad\u034f\u180e\u200b-\u200f\u2060-\u2064\ufeff]+")


def clean(text: str, *, multiline: bool = True) -> str:
    """Return `text` as hangviet stores it: NFC, line ends as "\\n", no control characters
    and no bidirectional overrides. A one-line field also turns tabs and line breaks into
    spaces. The one rule for every text that enters (core.receivers applies it to every text
    field saved) and every text an export writes."""
    if not text:
        return text
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub("", text)
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return text


def is_blank(text: str | None) -> bool:
    """Return whether `text` shows nothing to a reader (empty, spaces, invisible marks)."""
    return not _INVISIBLE.sub("", clean(text or ""))


def fold(text: str) -> str:
    """Return `text` lower-cased without diacritics, with "đ" folded to "d" and spaces squeezed.

    Stripping combining marks is not enough for Vietnamese: "đ" (U+0111) has no decomposition.
    """
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("đ", "d")
    return _SPACES.sub(" ", stripped).strip()


def format_date(value: date) -> str:
    """Return a date as Vietnamese users read it: dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y")


def format_date_long(value: date) -> str:
    """Return a date as written in documents (Nghị định 30): "ngày 04 tháng 02 năm 2022",
    "ngày 14 tháng 6 năm 2022" — a leading 0 for days under 10 and for months 1 and 2."""
    return f"ngày {value.day:02d} tháng {month_text(value.month)} năm {value.year}"


def format_date_in_text(value: date) -> str:
    """Return a date as the body of a document writes it: "14/6/2026", "23/01/2026" (days
    under 10 and months 1 and 2 with a leading 0, as in Nghị định 30)."""
    return f"{value.day:02d}/{month_text(value.month)}/{value.year}"


def month_text(month: int) -> str:
    """Return a month as Nghị định 30 writes it: 01, 02, then 3 … 12."""
    return f"{month:02d}" if month < 3 else str(month)


def format_number(value: int | float, decimals: int = 0) -> str:
    """Return a number with "." for thousands and "," for decimals (1.234.567 and 12,5)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fold_same_length(text: str) -> str:
    """Return `text` folded character by character, so offsets match the original (NFC input).

    Used to find phrases without diacritics and cut the original text at the same places.
    """
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch.lower())
        base = "".join(c for c in base if unicodedata.category(c) != "Mn") or ch
        out.append("d" if base == "đ" else base[0])
    return "".join(out)


def spreadsheet_safe(value: object) -> object:
    """Return `value` so a spreadsheet shows it as text instead of running it as a formula,
    and holds no character a workbook cannot store (whatever was stored before)."""
    if isinstance(value, str):
        value = clean(value)
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
    return value


def sentences(messages: Iterable[object]) -> str:
    """Messages joined as sentences: "Thiếu đơn vị. Ngày không hợp lệ." — never ".;"."""
    out = []
    for message in messages:
        text = str(message).strip()
        if text:
            out.append(text if text[-1] in ".!?…" else text + ".")
    return " ".join(out)
