"""How reports cite the documents they answer (Nghị định 30: number/symbol, date, issuer)."""

from hangviet.plans.models import Plan


def plan_reference(plan: Plan, *, issuer: bool = True) -> str:
    """Return "Kế hoạch số 18/KH-SVHTTDL ngày 23/01/2026 của Sở …" (without "của …" when
    the sentence names the issuer itself)."""
    number = f"{plan.number}/{plan.symbol}" if plan.number else plan.symbol
    when = ""
    if plan.issue_day and plan.issue_month:
        when = f" ngày {plan.issue_day:02d}/{plan.issue_month:02d}/{plan.issue_year}"
    kind = (plan.doc_type_name or "KẾ HOẠCH").capitalize()
    by = f" của {plan.issuing_unit.name}" if issuer else ""
    return f"{kind} số {number}{when}{by}"
