"""Template filters that say things as people say them: periods in words, not codes."""

from django import template

from hangviet.core.periods import period_label
from hangviet.core.text import format_number

register = template.Library()


@register.filter
def period(code: str) -> str:
    """{{ "2026H1"|period }} → "6 tháng đầu năm 2026"."""
    return period_label(str(code or ""))


@register.filter
def isodate(value: str | None) -> str:
    """{{ "2021-10-25"|isodate }} → "25/10/2021" (a date kept as text in ISO form)."""
    text = str(value or "")
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
    return text


@register.filter
def vn_number(value: object) -> str:
    """1473 → "1.473", as Vietnamese documents write figures; anything else as it is."""
    return format_number(value) if isinstance(value, int | float) else str(value)
