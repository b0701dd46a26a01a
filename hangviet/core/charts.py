"""Charts drawn on the server: one layout, drawn as SVG for the pages (readable in print and
without JavaScript) and as PNG for documents (a DOCX cannot be relied on to show SVG). Colours
are presentation attributes, not inline styles, so the Content-Security-Policy stays strict.
The PNG uses Roboto (from PyPI), which has every Vietnamese letter."""

import io
import textwrap
from dataclasses import dataclass
from types import SimpleNamespace

from django.utils.html import escape
from django.utils.translation import gettext as _

from hangviet.core.text import format_number

WIDTH = 640
BAR = 22
GAP = 8
LABEL = 240
MAX_BARS = 25
INK, RED, MUTED = "#1d1d1f", "#b3261e", "#5f6368"


@dataclass
class Bar:
    y: int
    label: str
    length: int
    value: int


@dataclass
class Layout:
    title: str
    height: int
    bars: list[Bar]


def layout(rows: list, title: str, value: str = "count") -> Layout:
    """The bars of `rows` (objects with .label and .count/.quantity); beyond `MAX_BARS` the
    rest is one bar (the data table keeps every row)."""
    if len(rows) > MAX_BARS:
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
    room = WIDTH - LABEL - 70
    bars = [
        Bar(
            y=30 + i * (BAR + GAP),
            label=row.label if len(row.label) <= 30 else row.label[:29] + "…",
            length=(max(1, round(room * v / top)) if v else 0),
            value=v,
        )
        for i, (row, v) in enumerate(zip(rows, values, strict=True))
    ]
    return Layout(title, 34 + max(len(rows), 1) * (BAR + GAP), bars)


def bar_chart(rows: list, title: str, value: str = "count") -> str:
    """The chart as SVG markup (every text escaped)."""
    chart = layout(rows, title, value)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} '
        f'{chart.height}" width="100%" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="18" font-size="15" font-weight="bold" fill="{INK}">{escape(title)}</text>',
    ]
    for bar in chart.bars:
        parts += [
            f'<text x="{LABEL - 8}" y="{bar.y + 16}" font-size="13" text-anchor="end" '
            f'fill="{INK}">{escape(bar.label)}</text>',
            f'<rect x="{LABEL}" y="{bar.y}" width="{bar.length}" height="{BAR}" fill="{RED}"/>',
            f'<text x="{LABEL + bar.length + 6}" y="{bar.y + 16}" font-size="13" '
            f'fill="{INK}">{format_number(bar.value)}</text>',
        ]
    if not chart.bars:
        parts.append(f'<text x="0" y="50" font-size="13" fill="{MUTED}">—</text>')
    parts.append("</svg>")
    return "".join(parts)


NARROW = 360  # a phone: label above its bar, text 13 units high in a 360-unit-wide picture
NARROW_ROW = 46


def narrow_bar_chart(rows: list, title: str, value: str = "count") -> str:
    """The chart for a phone: each label on its own line above its bar, so the picture can be
    as narrow as the screen and its text stays at least 12 px high."""
    chart = layout(rows, title, value)
    top = max((b.value for b in chart.bars), default=0) or 1
    room = NARROW - 60
    height = 30 + max(len(chart.bars), 1) * NARROW_ROW
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {NARROW} '
        f'{height}" width="100%" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="18" font-size="15" font-weight="bold" fill="{INK}">{escape(title)}</text>',
    ]
    for i, bar in enumerate(chart.bars):
        y = 30 + i * NARROW_ROW
        length = max(1, round(room * bar.value / top)) if bar.value else 0
        label = bar.label if len(bar.label) <= 44 else bar.label[:43] + "…"
        parts += [
            f'<text x="0" y="{y + 14}" font-size="13" fill="{INK}">{escape(label)}</text>',
            f'<rect x="0" y="{y + 20}" width="{length}" height="16" fill="{RED}"/>',
            f'<text x="{length + 6}" y="{y + 33}" font-size="13" '
            f'fill="{INK}">{format_number(bar.value)}</text>',
        ]
    if not chart.bars:
        parts.append(f'<text x="0" y="50" font-size="13" fill="{MUTED}">—</text>')
    parts.append("</svg>")
    return "".join(parts)


def responsive_bar_chart(rows: list, title: str, value: str = "count") -> str:
    """Both pictures; the stylesheet shows the wide one on a screen wider than a phone and the
    narrow one on a phone (no script)."""
    return (
        f'<div class="chart-wide">{bar_chart(rows, title, value)}</div>'
        f'<div class="chart-narrow">{narrow_bar_chart(rows, title, value)}</div>'
    )


PNG_LABEL = 300  # the documents' chart gives its labels more room and two lines, never cut
PNG_ROW = 38
LABEL_CHARS = 36
TITLE_CHARS = 70


def bar_chart_png(rows: list, title: str, value: str = "count", scale: float = 3.0) -> bytes:
    """The chart as a PNG for documents, `scale` times the SVG's size (3× prints sharp at 16
    cm): labels and title wrap onto a second line instead of being cut."""
    # Loaded on first use: Pillow and the font are needed only for documents.
    import font_roboto
    from PIL import Image, ImageDraw, ImageFont

    chart = layout(rows, title, value)
    full = {id(b): r.label for b, r in zip(chart.bars, rows, strict=False)}
    titles = textwrap.wrap(title, TITLE_CHARS) or [""]
    top_space = 10 + 20 * len(titles)
    height = top_space + max(len(chart.bars), 1) * PNG_ROW + 6
    room = WIDTH - PNG_LABEL - 60
    most = max((b.value for b in chart.bars), default=0) or 1

    def px(v: float) -> int:
        return round(v * scale)

    image = Image.new("RGB", (px(WIDTH), px(height)), "white")
    draw = ImageDraw.Draw(image)
    regular = ImageFont.truetype(font_roboto.Roboto, px(12))
    bold = ImageFont.truetype(font_roboto.RobotoBold, px(14))
    for i, line in enumerate(titles):
        draw.text((0, px(18 + 20 * i)), line, font=bold, fill=INK, anchor="ls")
    for i, bar in enumerate(chart.bars):
        y = top_space + i * PNG_ROW
        label = full.get(id(bar), bar.label)
        lines = textwrap.wrap(label, LABEL_CHARS)[:2] or [""]
        first = y + (PNG_ROW - 8) / 2 + (5 if len(lines) == 1 else -1)
        for j, line in enumerate(lines):
            draw.text((px(PNG_LABEL - 8), px(first + 14 * j)), line, font=regular, fill=INK,
                      anchor="rs")  # fmt: skip
        length = max(1, round(room * bar.value / most)) if bar.value else 0
        if length:
            draw.rectangle(
                (px(PNG_LABEL), px(y + 6), px(PNG_LABEL + length), px(y + 6 + BAR)), fill=RED
            )
        draw.text(
            (px(PNG_LABEL + length + 6), px(y + 6 + 16)),
            format_number(bar.value),
            font=regular,
            fill=INK,
            anchor="ls",
        )
    if not chart.bars:
        draw.text((0, px(top_space + 20)), "—", font=regular, fill=MUTED, anchor="ls")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
