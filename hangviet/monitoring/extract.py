"""The text of an article page: title, author, date and body, without menus and footers."""

from dataclasses import dataclass
from datetime import date

from hangviet.core.text import nfc
from hangviet.monitoring.feeds import parse_date

MAX_HTML = 3 * 1024 * 1024


@dataclass
class Extracted:
    title: str
    text: str
    author: str
    published: date | None


def extract(html: str, url: str | None = None) -> Extracted | None:
    """Return what trafilatura finds in `html`, or None when the page has no article text."""
    import trafilatura  # loaded on first use: heavy, and only the poller reads pages

    if not html or not html.strip():
        return None
    try:
        document = trafilatura.bare_extraction(
            html[:MAX_HTML],
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
        )
    except Exception:  # noqa: BLE001 — a page trafilatura cannot parse has no text for us
        return None
    if document is None:
        return None
    text = nfc(getattr(document, "text", "") or "").strip()
    title = nfc(getattr(document, "title", "") or "").strip()
    if not text and not title:
        return None
    first, _sep, rest = text.partition("\n")
    if title and first.strip() == title:
        text = rest.strip()  # the headline repeated as the first line of the body
    return Extracted(
        title=title[:500],
        text=text,
        author=nfc(getattr(document, "author", "") or "")[:200],
        published=parse_date(getattr(document, "date", "") or ""),
    )
