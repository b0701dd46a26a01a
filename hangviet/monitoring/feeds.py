"""Reading RSS 2.0, RSS 1.0, Atom and sitemaps (including Google News sitemaps) into items.

XML is parsed with defusedxml (no entity expansion, no external entities). A page that is HTML
— an error page, a login page — or XML of another kind is refused with a message."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from hangviet.core.text import nfc

MAX_ITEMS = 500


class FeedError(Exception):
    """The document is not a feed or sitemap we can read; the message says why."""


@dataclass
class Item:
    url: str
    title: str = ""
    published: date | None = None
    summary: str = ""
    author: str = ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child(element: Element, *names: str) -> Element | None:
    for child in element:
        if _local(child.tag) in names:
            return child
    return None


def _text(element: Element | None) -> str:
    if element is None:
        return ""
    return nfc(" ".join("".join(element.itertext()).split()))


def parse_date(value: str) -> date | None:
    """Dates as feeds write them: RFC 822, ISO 8601, or "dd/mm/yyyy"."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    match = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    if match:
        try:
            return date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            return None
    return None


def _plain(html: str) -> str:
    return nfc(" ".join(strip_tags(html).split()))


def parse(body: str | bytes) -> list[Item]:
    """Return the items of a feed or sitemap, newest first as the document lists them. Whatever
    a hostile or broken document does (an unknown encoding, a multi-byte one the XML parser
    refuses, a malformed date), the only error raised is `FeedError`."""
    try:
        return _parse(body)
    except FeedError:
        raise
    except Exception as exc:  # LookupError, UnicodeError, RecursionError …: the feed is bad
        raise FeedError(
            _("The feed cannot be read (%(e)s).") % {"e": f"{type(exc).__name__}: {exc}"[:120]}
        ) from None


def _parse(body: str | bytes) -> list[Item]:
    """Return the items of a feed or sitemap, newest first as the document lists them."""
    head = (body[:512] if isinstance(body, bytes) else body[:512].encode("utf-8", "ignore")).lower()
    if b"<html" in head or b"<!doctype html" in head:
        raise FeedError(_("The address returns a web page, not a feed or sitemap."))
    if isinstance(body, str):
        body = body.encode("utf-8")
    if not body.strip():
        raise FeedError(_("The feed is empty."))
    try:
        root = fromstring(body)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise FeedError(_("The feed is not valid XML (%(e)s).") % {"e": str(exc)[:120]}) from None
    kind = _local(root.tag)
    if kind == "rss":
        channel = _child(root, "channel")
        entries = [c for c in (channel if channel is not None else []) if _local(c.tag) == "item"]
        return [i for i in (_rss_item(e) for e in entries[:MAX_ITEMS]) if i.url]
    if kind == "rdf":
        entries = [c for c in root if _local(c.tag) == "item"]
        return [i for i in (_rss_item(e) for e in entries[:MAX_ITEMS]) if i.url]
    if kind == "feed":
        entries = [c for c in root if _local(c.tag) == "entry"]
        return [i for i in (_atom_item(e) for e in entries[:MAX_ITEMS]) if i.url]
    if kind == "urlset":
        entries = [c for c in root if _local(c.tag) == "url"]
        return [i for i in (_sitemap_item(e) for e in entries[:MAX_ITEMS]) if i.url]
    if kind == "sitemapindex":
        raise FeedError(
            _("This is a sitemap index; add one of the sitemaps it lists as the source.")
        )
    raise FeedError(
        _("The document is XML but not RSS, Atom or a sitemap (<%(t)s>).") % {"t": kind}
    )


def _web(url: str) -> str:
    url = url.strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


def _rss_item(e: Element) -> Item:
    link = _text(_child(e, "link")) or _text(_child(e, "guid"))
    date_text = _text(_child(e, "pubdate")) or _text(_child(e, "date"))
    return Item(
        url=_web(link),
        title=_plain(_text(_child(e, "title")))[:500],
        published=parse_date(date_text),
        summary=_plain(_text(_child(e, "description", "encoded")))[:5000],
        author=_plain(_text(_child(e, "author", "creator")))[:200],
    )


def _atom_item(e: Element) -> Item:
    url = ""
    for child in e:
        if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
            url = child.get("href", "")
            break
    author = _child(e, "author")
    return Item(
        url=_web(url),
        title=_plain(_text(_child(e, "title")))[:500],
        published=parse_date(_text(_child(e, "published")) or _text(_child(e, "updated"))),
        summary=_plain(_text(_child(e, "summary", "content")))[:5000],
        author=_text(_child(author, "name")) if author is not None else "",
    )


def _sitemap_item(e: Element) -> Item:
    news = _child(e, "news")
    title, published = "", parse_date(_text(_child(e, "lastmod")))
    if news is not None:
        title = _text(_child(news, "title"))
        published = parse_date(_text(_child(news, "publication_date"))) or published
    return Item(url=_web(_text(_child(e, "loc"))), title=title[:500], published=published)
