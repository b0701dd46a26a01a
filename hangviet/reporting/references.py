"""How reports cite the documents they answer (Nghị định 30: number/symbol, date, issuer)."""

from hangviet.core.text import format_date_in_text, month_text
from hangviet.plans.models import Plan


def plan_reference(plan: Plan, *, issuer: bool = True) -> str:
    """Return "Kế hoạch số 18/KH-SVHTTDL ngày 23/01/2026 của Sở …" (without "của …" when
    the sentence names the issuer itself). A plan whose number was never recorded (a text
    whose "Số: /KH-…" is blank) is cited by what it does give: "Kế hoạch tháng 02/2022 của Sở
    …", never by a made-up number."""
    kind = (plan.doc_type_name or "KẾ HOẠCH").capitalize()
    by = f" của {plan.issuing_unit.name}" if issuer else ""
    when = ""
    if plan.issue_day and plan.issue_month:
        when = f" ngày {plan.issue_day:02d}/{month_text(plan.issue_month)}/{plan.issue_year}"
    if not plan.number:
        if plan.issue_month:
            return f"{kind} tháng {month_text(plan.issue_month)}/{plan.issue_year}{by}"
        return f"{kind} năm {plan.issue_year}{by}"
    return f"{kind} số {plan.number}{plan.joiner or '/'}{plan.symbol}{when}{by}"


# The bases a report repeats, by kind, in the order real reports cite them.
CITED_KINDS = ("chỉ thị", "kế hoạch", "nghị quyết", "công văn", "văn bản", "hướng dẫn")


def bases_reference(plan: Plan, limit: int = 3) -> str:
    """The documents the plan itself implements, as a report's opening cites them ("Kế hoạch số
    37-KH/TU ngày 25/10/2021 của Tỉnh ủy Thái Nguyên, Văn bản số 1720/CV-BCĐ …"), at most
    `limit`, the plan's own order kept."""
    cited = []
    for basis in plan.legal_bases.all():
        kind = basis.kind.strip()
        if kind.lower() not in CITED_KINDS or not basis.reference:
            continue
        if kind.lower() == "công văn":
            kind = "Văn bản"
        by = basis.issuer.split(" phê duyệt")[0].split(" về ")[0].strip()
        when = f" ngày {format_date_in_text(basis.issued_on)}" if basis.issued_on else ""
        cited.append(f"{kind} số {basis.reference}{when}" + (f" của {by}" if by else ""))
    return ", ".join(cited[:limit])
