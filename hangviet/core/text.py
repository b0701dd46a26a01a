"""Vietnamese text helpers: normalisation, accent folding, display formats."""

import re
import unicodedata
from datetime import date

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the form stored everywhere in hangviet."""
    return unicodedata.normalize("NFC", text)


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
    """Return a date as written in documents: "ngày 14 tháng 6 năm 2022"."""
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def format_number(value: int | float, decimals: int = 0) -> str:
    """Return a number with "." for thousands and "," for decimals (1.234.567 and 12,5)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
