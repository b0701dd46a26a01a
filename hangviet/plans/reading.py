"""Turning an uploaded file into lines of text: .txt in any common encoding, or .docx.

Every failure is a `DocumentError` with a message for the user; nothing here raises anything
else on bad input.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any

import docx
from django.conf import settings
from django.utils.translation import gettext as _
from docx.table import Table
from docx.text.paragraph import Paragraph

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .docx and old .doc files
ZIP_MAGIC = b"PK\x03\x04"


class DocumentError(Exception):
    """The file cannot be read as a document; the message says why, for the user."""


@dataclass(frozen=True)
class DocumentText:
    lines: list[str]
    source_format: str  # "txt" or "docx"
    encoding: str = ""


def max_bytes() -> int:
    return int(getattr(settings, "PLAN_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _clean_lines(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"[\u200b\ufeff]", "", text)
    return [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise DocumentError(_("The file is binary, not text. Upload a .txt or .docx file."))
    try:
        # Windows Vietnamese: base letters plus combining tone marks, normalised to NFC later.
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError as exc:
        raise DocumentError(
            _("The text encoding is not recognised. Save the file as UTF-8 and try again.")
        ) from exc


def read_text(data: bytes) -> DocumentText:
    """Return the lines of a plain-text document."""
    text, encoding = _decode(data)
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if controls > max(10, len(text) // 100):
        raise DocumentError(_("The file is binary, not text. Upload a .txt or .docx file."))
    return DocumentText(_clean_lines(text), "txt", encoding)


def _docx_lines(document: Any) -> list[str]:
    """Return the document's paragraphs in reading order, table cells left to right."""
    lines: list[str] = []

    def cell_lines(cell: Any) -> list[str]:
        out: list[str] = []
        for block in cell.iter_inner_content():
            if isinstance(block, Paragraph):
                out.extend(_clean_lines(block.text))
            elif isinstance(block, Table):
                out.extend(table_lines(block))
        return out

    def table_lines(table: Table) -> list[str]:
        out: list[str] = []
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # merged cells repeat
                    continue
                seen.add(id(cell._tc))
                out.extend(cell_lines(cell))
                out.append("")
        return out

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.extend(_clean_lines(block.text))
        elif isinstance(block, Table):
            lines.extend(table_lines(block))
    return lines


def read_docx(data: bytes) -> DocumentText:
    """Return the lines of a .docx document, its header tables included."""
    if data.startswith(OLE_MAGIC):
        raise DocumentError(
            _(
                "The file is password-protected or an old .doc file. Remove the password or "
                "save it as .docx and try again."
            )
        )
    if not data.startswith(ZIP_MAGIC):
        raise DocumentError(_("The file is not a .docx document."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise DocumentError(_("The file is a zip archive but not a Word document (.docx)."))
            total = sum(info.file_size for info in archive.infolist())
            if total > 20 * max_bytes():
                raise DocumentError(_("The document expands to an unreasonable size."))
    except zipfile.BadZipFile as exc:
        raise DocumentError(_("The .docx file is damaged or truncated.")) from exc
    try:
        document = docx.Document(io.BytesIO(data))
        return DocumentText(_docx_lines(document), "docx")
    except DocumentError:
        raise
    except Exception as exc:  # python-docx raises many kinds on damaged parts
        raise DocumentError(
            _("The .docx file is damaged: %(e)s") % {"e": exc.__class__.__name__}
        ) from exc


def read_document(data: bytes, filename: str = "") -> DocumentText:
    """Return the lines of an uploaded document, choosing the reader by content."""
    if not data or not data.strip():
        raise DocumentError(_("The file is empty."))
    if len(data) > max_bytes():
        raise DocumentError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(len(data) / 1048576, 1), "limit": max_bytes() // 1048576}
        )
    if (
        data.startswith(ZIP_MAGIC)
        or data.startswith(OLE_MAGIC)
        or filename.lower().endswith((".docx", ".doc"))
    ):
        return read_docx(data)
    return read_text(data)
