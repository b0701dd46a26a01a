"""The layout rules of Nghị định 30/2020, Phụ lục I, checked on a DOCX we wrote: one checker
for the plan, the unit reports and the consolidated report."""

import io

import docx
from docx.shared import Mm


def problems(data: bytes) -> list[str]:
    """Return what in the document breaks the format (empty when it follows it)."""
    out: list[str] = []
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    if (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) != (210, 297):
        out.append("not A4 portrait")
    margins = [
        round(m / Mm(1))
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ]
    if not (20 <= margins[0] <= 25 and 20 <= margins[1] <= 25 and 30 <= margins[2] <= 35):
        out.append(f"margins {margins}")
    if not 15 <= margins[3] <= 20:
        out.append(f"right margin {margins[3]}")
    if not section.different_first_page_header_footer or "PAGE" not in section.header._element.xml:
        out.append("page numbers: from page 2, in the header")
    fonts = {r.font.name for p in document.paragraphs for r in p.runs if r.text.strip()}
    if fonts != {"Times New Roman"}:
        out.append(f"fonts {fonts}")
    header = document.tables[0]
    right = [p for p in header.rows[0].cells[1].paragraphs if p.text]
    if [p.text for p in right[:2]] != [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]:
        out.append("national motto")
    elif not (right[0].runs[0].bold and right[1].runs[0].bold):
        out.append("national motto not bold")
    if len(right) < 3 or not right[2].runs[0].italic or ", ngày " not in right[2].text:
        out.append("place and date")
    left = [p for p in header.rows[0].cells[0].paragraphs if p.text]
    if not left or not left[-1].text.startswith("Số:"):
        out.append("number line")
    elif " / " in left[-1].text or " - " in left[-1].text.split("/", 1)[-1]:
        out.append("spaces around / or - in the number line")
    for p in document.paragraphs:
        if p.alignment == 3:  # justified body
            if "<w:br/>" in p._p.xml or "\n" in p.text:
                out.append(f"manual line break in a justified paragraph: {p.text[:60]}")
            size = next((r.font.size.pt for r in p.runs if r.font.size), 14)
            if not 13 <= size <= 14:
                out.append(f"body size {size}: {p.text[:40]}")
    # The closing table (recipients and signature) ends the document's own pages; a Phụ lục
    # may follow on pages of its own.
    closings = [
        t for t in document.tables if t.rows[0].cells[0].text.strip().startswith("Nơi nhận:")
    ]
    closing = closings[-1] if closings else document.tables[-1]
    recipients = [p for p in closing.rows[0].cells[0].paragraphs if p.text]
    if not recipients or recipients[0].text != "Nơi nhận:" or not recipients[0].runs[0].italic:
        out.append("Nơi nhận")
    elif not recipients[-1].text.startswith("- Lưu: VT"):
        out.append("last recipient line is not “- Lưu: VT…”")
    if len(document.sections) > 1:
        texts = [p.text for p in document.paragraphs]
        if "PHỤ LỤC" not in texts or not any(t.startswith("(Kèm theo ") for t in texts):
            out.append("a Phụ lục without its title or the line tying it to the document")
    return out
