"""Writing administrative documents in the format of Nghị định 30/2020/NĐ-CP, Phụ lục I.

One renderer for every document hangviet issues (plans, reports): A4 portrait, margins
20/20/30/15 mm, Times New Roman, the two-column header (issuing body and number on the left,
national motto and place/date on the right) in a borderless table, the document type and
summary centred in bold, a justified body with a first-line indent, the recipients and the
signature block side by side, and page numbers centred in the top margin from page 2.
"""

import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from hangviet.core.text import clean

FONT = "Times New Roman"
MOTTO_NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BODY_SIZE = 14
LEFT_COL, RIGHT_COL = Cm(6.6), Cm(9.9)
FIRST_LINE_INDENT = Cm(1.27)


# Nghị định 30, Phụ lục III: "125/BC-SVHTTDL" — number, type code, issuer code (and the
# drafting unit's, if any), no spaces around "/" and "-".
_SYMBOL = re.compile(r"^(?P<n>\d{1,5})(?:/(?P<s>[A-ZĐ]{1,6}(?:-[A-ZĐ0-9]{1,20}){1,3}))?$")


class NumberError(ValueError):
    """A number and symbol that Nghị định 30 does not allow; the message says why."""


def document_number(raw: str, type_code: str, issuer_code: str) -> str:
    """Return the number and symbol a document carries: "125/BC-SVHTTDL" from "125",
    "5" → "05/…" (numbers under 10 get a leading 0), a full "125/BC-SVHTTDL" as typed, ""
    when nothing was typed (the number is filled in at issuance). Never cut."""
    text = "".join((raw or "").split()).upper()
    if not text:
        return ""
    m = _SYMBOL.match(text)
    if not m:
        raise NumberError(
            _(
                "The number and symbol must read like “125/BC-SVHTTDL” (number/type "
                "code-issuer code), or be the number alone, “125”."
            )
        )
    number = int(m.group("n"))
    if number == 0:
        raise NumberError(_("The number of a document starts at 1."))
    symbol = m.group("s") or f"{type_code}-{issuer_code}".rstrip("-")
    return f"{number:02d}/{symbol}"


def number_line(number: str, type_code: str, issuer_code: str) -> str:
    """Return the "Số: …" line, with room left for the number when there is none yet."""
    return f"Số: {number}" if number else f"Số:      /{type_code}-{issuer_code}".rstrip("-")


@dataclass
class Block:
    """A piece of the body: "heading" (I., bold), "subheading" (1., bold), "paragraph",
    "item" (numbered/lettered/dash, kept as written), "table", "image" (a chart), "caption"
    (the title above a table, centred, bold italic) or "note" (below it, italic)."""

    kind: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)  # for tables: the first row is the header
    bold_last_row: bool = False
    widths: list[float] = field(default_factory=list)  # column widths in cm (tables)
    image: bytes = b""  # for "image": a PNG, placed centred at `image_width` cm
    image_width: float = 15.0


@dataclass
class Annex:
    """A Phụ lục printed after the document's signature, on pages of its own (landscape where
    its tables are wide): "PHỤ LỤC", what it holds, the line that ties it to its document
    ("(Kèm theo Báo cáo số 46/BC-SVHTTDL ngày 24/6/2026 của …)"), then its tables and notes."""

    subtitle: str
    reference: str
    blocks: list[Block]
    title: str = "PHỤ LỤC"
    landscape: bool = True


# Text width on a landscape A4 page with the document's margins (30 mm left, 15 mm right).
LANDSCAPE_TEXT_CM = 25.2


@dataclass
class AdminDocument:
    issuer_name: str
    number_line: str
    place_date: str
    doc_type_name: str
    summary: str
    body: list[Block]
    parent_body: str = ""
    addressee: str = ""  # "Kính gửi: …" for reports to a superior
    recipients: list[str] = field(default_factory=list)  # each line as printed, "- …;"
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    title: str = ""  # document properties
    annexes: list[Annex] = field(default_factory=list)


_SUBHEADING = re.compile(r"^(?:\d{1,2}\.\d{0,2}\.?|[IVX]{1,4}\.)\s+\S")


def text_blocks(text: str) -> list[Block]:
    """Return a section written as plain text as blocks: one paragraph per line; a short
    numbered line without a final full stop ("2. Hoạt động xúc tiến thương mại") is a
    sub-heading."""
    blocks = []
    for line in clean(text or "").split("\n"):
        line = line.strip()
        if not line:
            continue
        is_heading = _SUBHEADING.match(line) and len(line) <= 120 and line[-1] not in ".;:"
        blocks.append(Block("subheading" if is_heading else "paragraph", line))
    return blocks


def _font(
    run: Any,
    size: float,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _paragraph(
    container: Any,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    indent: Any = None,
) -> Any:
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if indent is not None:
        fmt.first_line_indent = indent
    text = clean(text, multiline=False)  # a line break in a run is a manual break: never
    if text:
        _font(p.add_run(text), size, bold=bold, italic=italic)
    return p


def _short_rule(container: Any, width_cm: float, column_cm: float) -> None:
    """Draw a centred rule of `width_cm`: an empty, tiny paragraph whose bottom border runs
    between indents, so the text above keeps its full width."""
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(4)
    side = max((column_cm - width_cm) / 2, 0)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _widths(table: Any, widths: list[Any]) -> None:
    """Fix column widths in both places Word and LibreOffice read them."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _no_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), "28")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _grid_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:color", "000000")):
            el.set(qn(key), value)
        borders.append(el)
    tbl_pr.append(borders)


def _text_width_cm(text: str, size: float, bold: bool) -> float:
    """Return the printed width of `text` in Times New Roman, estimated per character
    (calibrated on Liberation Serif, its metric twin: capitals with Vietnamese marks average
    0.6 em, mixed text 0.42 em) — for drawing rules and breaking the header's names."""
    per_char = 0.6 if text.isupper() else 0.42
    return len(text) * size * per_char * (1.04 if bold else 1.0) * 0.0353


# A table cell's text is narrower than the cell by its margins (0.19 cm each side).
CELL_MARGINS_CM = 0.4


# Where a body's name is broken in the header, as agencies break it: after "ỦY BAN NHÂN DÂN"
# (the place follows on its own line), after a comma, before "VÀ".
_HEADER_BREAKS = ("ỦY BAN NHÂN DÂN", "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM")


def header_lines(name: str, width_cm: float, size: float, *, bold: bool) -> list[str]:
    """Break a body's name in the header at the right words: "ỦY BAN NHÂN DÂN" / "XÃ TÂN
    CƯƠNG", "SỞ VĂN HÓA, THỂ THAO" / "VÀ DU LỊCH" — never inside a place's name."""
    name = " ".join(name.split())
    if _text_width_cm(name, size, bold) <= width_cm:
        return [name]
    for head in _HEADER_BREAKS:
        rest = name[len(head) :].strip()
        if name.startswith(head + " ") and _text_width_cm(rest, size, bold) <= width_cm:
            return [head, rest]
    words = name.split(" ")
    best: list[str] = []
    for cut in range(len(words) - 1, 0, -1):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        if _text_width_cm(first, size, bold) > width_cm:
            continue
        lines = [first, *header_lines(second, width_cm, size, bold=bold)]
        # A break after a comma or before "VÀ" reads best; else the longest first line.
        if first.endswith(",") or second.startswith("VÀ "):
            return lines
        best = best or lines
    return best or [name]


def _page_number_header(section: Any) -> None:
    """Page numbers centred in the top margin, from page 2 (the first page has none)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    _font(run, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def render_docx(doc: AdminDocument) -> bytes:
    """Return `doc` as a .docx file in the Nghị định 30 format."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    _page_number_header(section)
    props = document.core_properties
    props.title = doc.title or doc.summary[:200]
    props.author = doc.issuer_name.title()
    props.language = "vi-VN"

    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    header.autofit = False
    _no_borders(header)
    _widths(header, [LEFT_COL, RIGHT_COL])
    left, right = header.rows[0].cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    if doc.parent_body:
        for line in header_lines(
            doc.parent_body.upper(), LEFT_COL.cm - CELL_MARGINS_CM, 13, bold=False
        ):
            _paragraph(left, line, 13)
    for line in header_lines(doc.issuer_name.upper(), LEFT_COL.cm - CELL_MARGINS_CM, 13, bold=True):
        _paragraph(left, line, 13, bold=True)
    _short_rule(left, 2.5, LEFT_COL.cm)
    _paragraph(left, doc.number_line, 13, before=6)
    _paragraph(right, MOTTO_NATION, 13, bold=True)
    _paragraph(right, MOTTO, 14, bold=True)
    _short_rule(right, _text_width_cm(MOTTO, 14, True), RIGHT_COL.cm)
    _paragraph(right, doc.place_date, 14, italic=True, before=6)

    _paragraph(document, doc.doc_type_name.upper(), 14, bold=True, before=18)
    _paragraph(document, doc.summary, 14, bold=True)
    _short_rule(document, 4.0, 16.5)
    if doc.addressee:
        _paragraph(document, doc.addressee, 14, before=12, after=6)
    _blocks(document, doc.body)
    if document.paragraphs:
        # The signature block never stands alone on a page: the last lines go with it.
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    closing = document.add_table(rows=1, cols=2)
    closing.autofit = False
    _no_borders(closing)
    # The recipients and the signature block (authority, title, the space for the signature,
    # the name) are one row that never splits across pages: signing finds them together.
    closing.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    _widths(closing, [Cm(8.0), Cm(8.5)])
    rec, sig = closing.rows[0].cells
    rec.paragraphs[0]._p.getparent().remove(rec.paragraphs[0]._p)
    sig.paragraphs[0]._p.getparent().remove(sig.paragraphs[0]._p)
    _paragraph(
        rec, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=12
    )
    for line in doc.recipients:
        _paragraph(rec, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    if doc.signer_authority:
        _paragraph(sig, doc.signer_authority.upper(), 14, bold=True, before=12)
    _paragraph(
        sig, doc.signer_title.upper(), 14, bold=True, before=0 if doc.signer_authority else 12
    )
    for _blank in range(4):
        _paragraph(sig, "", 14)
    _paragraph(sig, doc.signer_name, 14, bold=True)
    for annex in doc.annexes:
        _annex(document, annex)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _blocks(document: Any, blocks: list[Block], width_cm: float = 16.5) -> None:
    """Write body blocks: headings, paragraphs (one per line), tables, charts, captions."""
    first = True
    for block in blocks:
        before = 12 if first else 0
        first = False
        if block.kind == "table":
            _table(document, block, width_cm)
            continue
        if block.kind == "image":
            document.add_picture(io.BytesIO(block.image), width=Cm(block.image_width))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            document.paragraphs[-1].paragraph_format.keep_with_next = False
            continue
        if block.kind == "caption":
            p = _paragraph(document, block.text, 13, bold=True, italic=True, before=6, after=3)
            p.paragraph_format.keep_with_next = True
            continue
        if block.kind == "note":
            _paragraph(
                document, block.text, 12, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=6
            )
            continue
        bold = block.kind in ("heading", "subheading")
        # Each line of a text is a paragraph of its own: a manual line break inside justified
        # text stretches the line before it across the page.
        lines = [line.strip() for line in clean(block.text).split("\n") if line.strip()]
        for line in lines or [""]:
            p = _paragraph(
                document,
                line,
                BODY_SIZE,
                bold=bold,
                align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                before=before,
                after=6,
                indent=FIRST_LINE_INDENT,
            )
            p.paragraph_format.keep_with_next = bold  # a heading never ends a page
            before = 0


def _annex(document: Any, annex: Annex) -> None:
    """A Phụ lục on pages of its own (a new section: landscape where its tables are wide)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    if annex.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    for text, size, bold, italic in (
        (annex.title, 14, True, False),
        (annex.subtitle, 14, True, False),
        (annex.reference, 14, False, True),
    ):
        if text:
            p = _paragraph(document, text, size, bold=bold, italic=italic, after=2)
            p.paragraph_format.keep_with_next = True
    _paragraph(document, "", 6)
    _blocks(document, annex.blocks, LANDSCAPE_TEXT_CM if annex.landscape else 16.5)


def _table(document: Any, block: Block, width_cm: float = 16.5) -> None:
    if not block.rows:
        return
    table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
    _grid_borders(table)
    columns = len(block.rows[0])
    # By default the first column (the row labels) takes what the figures leave.
    widths = (
        block.widths
        if len(block.widths) == columns
        else [width_cm - 2.6 * (columns - 1), *[2.6] * (columns - 1)]
    )
    _widths(table, [Cm(w) for w in widths])
    # Each row's cells once: table.cell(r, c) walks the whole grid on every call.
    for r, (row, table_row) in enumerate(zip(block.rows, table.rows, strict=True)):
        properties = table_row._tr.get_or_add_trPr()
        no_split = OxmlElement("w:cantSplit")  # a row stays on one page
        properties.append(no_split)
        if r == 0:  # the header row is repeated on every page the table runs onto
            properties.append(OxmlElement("w:tblHeader"))
        for c, (value, cell) in enumerate(zip(row, table_row.cells, strict=True)):
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
            numeric = r > 0 and c > 0 and value.replace(".", "").replace(",", "").isdecimal()
            bold = r == 0 or (block.bold_last_row and r == len(block.rows) - 1)
            _paragraph(
                cell,
                value,
                12,
                bold=bold,
                align=WD_ALIGN_PARAGRAPH.RIGHT
                if numeric
                else (WD_ALIGN_PARAGRAPH.CENTER if r == 0 else WD_ALIGN_PARAGRAPH.LEFT),
            )
    _paragraph(document, "", 6)
