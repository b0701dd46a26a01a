"""A plan written back out as an administrative document (Nghị định 30 format)."""

from hangviet.core.documents import AdminDocument, Block, render_docx
from hangviet.core.text import month_text
from hangviet.orgs.models import UnitKind
from hangviet.plans.models import Plan, Statement

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
LETTERS = "abcdđeghiklmnopqrstuvxy"


def place_date_line(place: str, day: int | None, month: int | None, year: int) -> str:
    """Return "Thái Nguyên, ngày 04 tháng 02 năm 2022", leaving blanks for what is unset."""
    d = f"{day:02d}" if day else "    "
    m = month_text(month) if month else "    "
    return f"{place}, ngày {d} tháng {m} năm {year}"


def plan_document(plan: Plan) -> AdminDocument:
    """Return `plan` as an AdminDocument for the shared renderer."""
    body: list[Block] = [Block("paragraph", p) for p in plan.preamble.split("\n") if p]
    statements = list(plan.statements.all())
    purposes = [s.text for s in statements if s.kind == Statement.Kind.PURPOSE]
    requirements = [s.text for s in statements if s.kind == Statement.Kind.REQUIREMENT]
    themes = list(plan.themes.all())
    top = [t for t in themes if t.parent_id is None]
    children: dict[int, list] = {}
    for t in themes:
        if t.parent_id:
            children.setdefault(t.parent_id, []).append(t)
    lines = list(plan.channel_lines.all())
    assignments = list(plan.assignments.all())
    roman = iter(ROMAN)
    if purposes or requirements:
        body.append(Block("heading", f"{next(roman)}. MỤC ĐÍCH, YÊU CẦU"))
        body.append(Block("subheading", "1. Mục đích"))
        body += [Block("paragraph", text) for text in purposes]
        body.append(Block("subheading", "2. Yêu cầu"))
        body += [Block("paragraph", text) for text in requirements]
    if top or lines:
        body.append(Block("heading", f"{next(roman)}. NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN"))
        body.append(Block("subheading", "1. Nội dung tuyên truyền"))
        for theme in top:
            body.append(Block("item", f"- {theme.text}"))
            for letter, child in zip(LETTERS, children.get(theme.pk, []), strict=False):
                body.append(Block("item", f"{letter}) {child.text}"))
        body.append(Block("subheading", "2. Hình thức tuyên truyền"))
        body += [Block("item", f"- {line.text}") for line in lines]
    if assignments:
        body.append(Block("heading", f"{next(roman)}. TỔ CHỨC THỰC HIỆN"))
        body += [Block("item", f"{i}. {a.text}") for i, a in enumerate(assignments, start=1)]
    for section in plan.extra_sections:
        body.append(Block("heading", f"{next(roman, section['number'])}. {section['heading']}"))
        for block in section["blocks"]:
            prefix = {
                "numbered": f"{block.get('number')}. ",
                "heading": f"{block.get('number')}. ",
                "lettered": f"{block.get('number')}) ",
                "bullet": "- ",
            }.get(block["kind"], "")
            kind = "subheading" if block["kind"] == "heading" else "paragraph"
            body.append(Block(kind, f"{prefix}{block['text']}"))
    if plan.closing:
        body.append(Block("paragraph", plan.closing))
    recipients = []
    for r in plan.recipients.all():
        recipients.append(f"- {r.text}{f' ({r.purpose})' if r.purpose else ''};")
    recipients.append(f"- Lưu: {plan.archive or 'VT'}.")
    unit = plan.issuing_unit
    parent_body = plan.parent_body
    if not parent_body and unit.kind in (UnitKind.DEPARTMENT, UnitKind.DIVISION) and unit.parent:
        parent_body = unit.parent.short_name or unit.parent.name
    return AdminDocument(
        parent_body=parent_body,
        issuer_name=plan.issuer_name or unit.name,
        number_line=plan.number_line,
        place_date=place_date_line(plan.place, plan.issue_day, plan.issue_month, plan.issue_year),
        doc_type_name=plan.doc_type_name,
        summary=plan.summary,
        body=body,
        recipients=recipients,
        signer_authority=plan.signer_authority,
        signer_title=plan.signer_title,
        signer_name=plan.signer_name,
        title=f"{plan.doc_type_name.capitalize()} {plan.summary}",
    )


def plan_docx(plan: Plan) -> bytes:
    """Return the plan as a .docx file."""
    return render_docx(plan_document(plan))
