"""Charts drawn on the server as SVG: readable in print and without JavaScript, the same
drawing for the page and for documents. Colours are presentation attributes, not inline
styles, so the Content-Security-Policy stays strict."""

from django.utils.html import escape
from django.utils.translation import gettext as _

from hangviet.core.text import format_number

WIDTH = 640
BAR = 22
GAP = 8
LABEL = 240


MAX_BARS = 25


def bar_chart(rows: list, title: str, value: str = "count") -> str:
    """A horizontal bar chart of `rows` (objects with .label and .count/.quantity); beyond
    `MAX_BARS` the rest is one bar (the data table keeps every row)."""
    if len(rows) > MAX_BARS:
        from types import SimpleNamespace

        rest = rows[MAX_BARS - 1 :]
        rows = [
            *rows[: MAX_BARS - 1],
            SimpleNamespace(
                label=_("%(n)s others") % {"n": len(rest)},
                count=sum(r.count for r in rest),
                quantity=sum(r.quantity for r in rest),
            ),
        ]
    values = [getattr(r, value) for r in rows]
    top = max(values, default=0) or 1
    height = 34 + len(rows) * (BAR + GAP)
    room = WIDTH - LABEL - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="18" font-size="15" font-weight="bold" fill="#1d1d1f">'
        f"{escape(title)}</text>",
    ]
    for i, (row, v) in enumerate(zip(rows, values, strict=True)):
        y = 30 + i * (BAR + GAP)
        length = max(1, round(room * v / top)) if v else 0
        label = row.label if len(row.label) <= 30 else row.label[:29] + "…"
        parts += [
            f'<text x="{LABEL - 8}" y="{y + 16}" font-size="13" text-anchor="end" '
            f'fill="#1d1d1f">{escape(label)}</text>',
            f'<rect x="{LABEL}" y="{y}" width="{length}" height="{BAR}" fill="#b3261e"/>',
            f'<text x="{LABEL + length + 6}" y="{y + 16}" font-size="13" '
            f'fill="#1d1d1f">{format_number(v)}</text>',
        ]
    if not rows:
        parts.append('<text x="0" y="50" font-size="13" fill="#5f6368">—</text>')
    parts.append("</svg>")
    return "".join(parts)
