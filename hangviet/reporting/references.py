"""How reports cite the documents they answer (Nghị định 30: number/symbol, date, issuer)."""

from hangviet.core.text import month_text
from hangviet.plans.models import Plan


def plan_reference(plan: Plan, *, issuer: bool = True) -> str:
    """Return "Kế hoạch số 18/KH-SVHTTDL ngày 23/01/2026 của Sở …" (without "của …" when
    the sentence names the issuer itself). A plan not numbered yet is cited by its year and
    symbol: "Kế hoạch năm 2022 (ký hiệu KH-STTTT)"."""
    kind = (plan.doc_type_name or "KẾ HOẠCH").capitalize()
    by = f" của {plan.issuing_unit.name}" if issuer else ""
    if not plan.number:
        return f"{kind} năm {plan.issue_year} (ký hiệu {plan.symbol}){by}"
    when = ""
    if plan.issue_day and plan.issue_month:
        when = f" ngày {plan.issue_day:02d}/{month_text(plan.issue_month)}/{plan.issue_year}"
    return f"{kind} số {plan.number}/{plan.symbol}{when}{by}"
