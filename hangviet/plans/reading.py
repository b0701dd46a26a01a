"""Turning an uploaded file into lines of text: .txt in any common encoding, .docx, .pdf (its
text layer, read by pypdf; its digital signatures checked), or the inter-agency exchange
package (edXML, QCVN 102:2016), whose attached DOCX or PDF is read and whose envelope is kept
for the document's metadata.

Every failure is a `DocumentError` with a message for the user; nothing here raises anything
else on bad input.
"""

import io
import re
import time
import unicodedata
import zipfile
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import docx
from django.conf import settings
from django.utils.translation import gettext as _
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from hangviet.core import edxml, signing

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .docx and old .doc files
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"
MAX_PDF_PAGES = 300
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocumentError(Exception):
    """The file cannot be read as a document; the message says why, for the user."""


@dataclass(frozen=True)
class DocumentText:
    lines: list[str]
    source_format: str  # "txt", "docx", "pdf", or "edxml+docx" / "edxml+pdf"
    encoding: str = ""
    envelope: edxml.Envelope | None = None  # the exchange package's envelope
    signatures: tuple[signing.SignatureCheck, ...] = ()  # of a PDF, all of them intact


def text_to_json(text: DocumentText) -> dict[str, Any]:
    """What was read, to keep beside an upload: the review page then never reads it again."""
    return {
        "lines": text.lines,
        "source_format": text.source_format,
        "encoding": text.encoding,
        "signatures": [
            {**asdict(c), "signed_at": c.signed_at.isoformat() if c.signed_at else None}
            for c in text.signatures
        ],
    }


def text_from_json(data: dict[str, Any], raw: bytes) -> DocumentText:
    """The reading kept by `text_to_json`; an exchange package's envelope is read again from
    `raw` (its XML, not the attached document)."""
    envelope = None
    if str(data.get("source_format", "")).startswith("edxml"):
        try:
            envelope = edxml.read(raw, max_bytes=max(max_bytes(), len(raw)))
        except edxml.EdxmlError as exc:
            raise DocumentError(str(exc)) from exc
    signatures = tuple(
        signing.SignatureCheck(
            **{
                **c,
                "signed_at": datetime.fromisoformat(c["signed_at"]) if c["signed_at"] else None,
            }
        )
        for c in data.get("signatures", [])
    )
    return DocumentText(
        list(data["lines"]),
        str(data["source_format"]),
        str(data.get("encoding", "")),
        envelope=envelope,
        signatures=signatures,
    )


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


# What reading one PDF may cost. pypdf parses a page's whole content stream before it extracts
# a word, about 2 µs a byte here: a hostile file of 8 KB can make every page a 4 MB stream of
# "q Q" (one stream, shared by all its pages) and cost 7 s each. The page's content, the
# document's and the time spent are bounded (measured: docs/benchmarks.md); the reading stops
# at the first limit. Text pages made by office software are 5-100 KB.
PDF_PAGE_CONTENT_BYTES = 1_000_000
PDF_CONTENT_BYTES = 10_000_000
PDF_SECONDS = 10.0


def _too_costly() -> DocumentError:
    return DocumentError(
        _(
            "The PDF is too costly to read (its pages are made of an unusual amount of "
            "drawing instructions). Save it again from the original file, or upload the "
            "document as .docx."
        )
    )


def _pdf_lines(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise DocumentError(_("The PDF is password-protected. Remove the password and try again."))
    pages = reader.pages
    if len(pages) > MAX_PDF_PAGES:
        raise DocumentError(
            _("The PDF has %(n)s pages; at most %(max)s are read.")
            % {"n": len(pages), "max": MAX_PDF_PAGES}
        )
    started, content = time.monotonic(), 0
    lines: list[str] = []
    for page in pages:
        stream = page.get_contents()
        size = len(stream.get_data()) if stream is not None else 0
        content += size
        if size > PDF_PAGE_CONTENT_BYTES or content > PDF_CONTENT_BYTES:
            raise _too_costly()
        lines.extend(_clean_lines(page.extract_text() or ""))
        if sum(len(line) for line in lines) > 20 * max_bytes():
            raise DocumentError(_("The document expands to an unreasonable size."))
        if time.monotonic() - started > PDF_SECONDS:
            raise _too_costly()
    return lines


def read_pdf(data: bytes) -> DocumentText:
    """Return the lines of a PDF's text layer; a signed PDF must verify, with nothing changed
    after its signatures, or it is refused. A scanned PDF without text is refused with what to
    do instead; a damaged or hostile one with "the file is damaged"."""
    try:
        checks = signing.require_intact(data)
    except signing.SignatureInvalid as exc:
        raise DocumentError(str(exc)) from exc
    try:
        lines = _pdf_lines(data)
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many kinds on hostile files (found by fuzzing)
        raise DocumentError(
            _("The PDF file is damaged: %(e)s") % {"e": exc.__class__.__name__}
        ) from exc
    if not any(line for line in lines):
        raise DocumentError(
            _(
                "The PDF has no text to read (a scanned image?). Upload the document as "
                ".docx or .txt, or a PDF made from the original file."
            )
        )
    return DocumentText(lines, "pdf", signatures=tuple(checks))


def _attachment_kind(attachment: edxml.Attachment) -> str:
    name = attachment.name.lower()
    if attachment.data.startswith(PDF_MAGIC):
        return "pdf"
    if attachment.data.startswith(ZIP_MAGIC) and (
        name.endswith(".docx") or attachment.content_type == DOCX_TYPE
    ):
        return "docx"
    return ""


def read_package(data: bytes) -> DocumentText:
    """Return the lines of the main document in an exchange package (its first DOCX, else its
    first PDF), with the envelope for the metadata."""
    try:
        envelope = edxml.read(data, max_bytes=max_bytes())
    except edxml.EdxmlError as exc:
        raise DocumentError(str(exc)) from exc
    if not envelope.attachments:
        raise DocumentError(
            _("The exchange package has no attached document: ask the sender to attach it.")
        )
    kinds = [(_attachment_kind(a), a) for a in envelope.attachments]
    chosen = next((a for k, a in kinds if k == "docx"), None) or next(
        (a for k, a in kinds if k == "pdf"), None
    )
    if chosen is None:
        names = ", ".join(a.name for a in envelope.attachments)
        raise DocumentError(
            _("The exchange package attaches no DOCX or PDF document (it holds: %(n)s).")
            % {"n": names}
        )
    inner = read_pdf(chosen.data) if _attachment_kind(chosen) == "pdf" else read_docx(chosen.data)
    return DocumentText(
        inner.lines,
        f"edxml+{inner.source_format}",
        envelope=envelope,
        signatures=inner.signatures,
    )


def read_document(data: bytes, filename: str = "") -> DocumentText:
    """Return the lines of an uploaded document, choosing the reader by content."""
    if not data or not data.strip():
        raise DocumentError(_("The file is empty."))
    if len(data) > max_bytes():
        raise DocumentError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(len(data) / 1048576, 1), "limit": max_bytes() // 1048576}
        )
    if filename.lower().endswith(edxml.EXTENSION) or edxml.looks_like_package(data):
        return read_package(data)
    if data.startswith(PDF_MAGIC) or filename.lower().endswith(".pdf"):
        return read_pdf(data)
    if (
        data.startswith(ZIP_MAGIC)
        or data.startswith(OLE_MAGIC)
        or filename.lower().endswith((".docx", ".doc"))
    ):
        return read_docx(data)
    return read_text(data)
