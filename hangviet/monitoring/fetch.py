"""Fetching a URL the way a polite, careful crawler does.

- Conditional GET (ETag, Last-Modified); 304 means nothing new.
- Hard limits: a connect and a read timeout, and a deadline for the whole response, so a
  server that trickles one byte at a time (slow loris) cannot hold a worker; a byte limit on
  what is read and on what gzip/deflate expands to (a gzip bomb stops at the limit).
- Redirects followed by hand, at most five, never in a loop, never to a non-web scheme.
- The body is decoded with the charset the document declares, checked against what it is:
  a page that says windows-1252 but is UTF-8 is read as UTF-8.

Errors are `FetchError` with a message for the coordinator; nothing else escapes.
"""

import ipaddress
import re
import socket
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _

USER_AGENT = "hangviet-monitor/1.0 (+https://hangviet.example/giam-sat; campaign press monitoring)"
MAX_REDIRECTS = 5


class FetchError(Exception):
    """The URL could not be read; the message says why, for the coordinator."""


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def text(self) -> str:
        return decode(self.body, self.headers.get("content-type", ""))


def limits() -> tuple[float, float, int]:
    """Return (timeout per operation, deadline for a response, byte limit) from settings."""
    return (
        float(getattr(settings, "MONITOR_TIMEOUT", 10)),
        float(getattr(settings, "MONITOR_DEADLINE", 30)),
        int(getattr(settings, "MONITOR_MAX_BYTES", 5 * 1024 * 1024)),
    )


_pool = urllib3.PoolManager(num_pools=20, retries=False)


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    timeout, deadline, max_bytes = limits()
    headers = {
        "User-Agent": USER_AGENT,
        "Accept-Encoding": "gzip, deflate",
        "Accept": "application/rss+xml, application/atom+xml, application/xml, text/xml, "
        "text/html;q=0.9, */*;q=0.5",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    seen = {url}
    started = time.monotonic()
    for _hop in range(MAX_REDIRECTS + 1):
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(_("Only http and https addresses can be read (%(u)s).") % {"u": url})
        _refuse_private(url)
        try:
            response = _pool.request(
                "GET",
                url,
                headers=headers,
                redirect=False,
                preload_content=False,
                decode_content=False,
                timeout=urllib3.Timeout(connect=timeout, read=timeout),
            )
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(
                _("The server could not be reached: %(e)s") % {"e": _reason(exc)}
            ) from None
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("location", "")
                if not location:
                    raise FetchError(_("The server redirected without saying where to."))
                url = urljoin(url, location)
                if url in seen:
                    raise FetchError(_("The server redirects in a loop."))
                seen.add(url)
                continue
            if response.status == 304:
                return Fetched(url, 304, b"", _lower(response.headers))
            if response.status >= 400:
                raise FetchError(
                    _("The server answered with an error (HTTP %(s)s).") % {"s": response.status}
                )
            declared = response.headers.get("content-length")
            if declared and declared.isdecimal() and int(declared) > max_bytes:
                raise FetchError(
                    _("The response is too large (%(n)s MB; the limit is %(l)s MB).")
                    % {"n": int(declared) // 1048576, "l": max_bytes // 1048576}
                )
            raw = _read_bounded(response, max_bytes, started + deadline)
            body = _decompress(raw, response.headers.get("content-encoding", ""), max_bytes)
            return Fetched(url, response.status, body, _lower(response.headers))
        finally:
            response.release_conn()
    raise FetchError(_("Too many redirects."))


def _refuse_private(url: str) -> None:
    """In production a source (or a redirect) may not point inside the server's network:
    loopback, private, link-local and reserved addresses are refused (server-side request
    forgery). `MONITOR_ALLOW_PRIVATE_ADDRESSES` allows them (development, tests)."""
    if getattr(settings, "MONITOR_ALLOW_PRIVATE_ADDRESSES", False):
        return
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        raise FetchError(_("The server name %(h)s cannot be found.") % {"h": host}) from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            raise FetchError(
                _("%(h)s is an address inside the server's network; it cannot be monitored.")
                % {"h": host}
            )


def _lower(headers) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {k.lower(): v for k, v in headers.items()}


def _reason(exc: Exception) -> str:
    reason = getattr(exc, "reason", None) or exc
    text = str(reason)
    if "timed out" in text.lower() or "timeout" in text.lower():
        return _("no answer in time")
    if "refused" in text.lower():
        return _("connection refused")
    return text[:200]


def _read_bounded(response, max_bytes: int, deadline: float) -> bytes:  # type: ignore[no-untyped-def]
    chunks, size = [], 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise FetchError(_("The server is too slow: the response did not finish in time."))
            # read1: whatever has arrived (up to 16 KB), so the deadline is checked often.
            chunk = response.read1(16384)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(
                    _("The response is too large (the limit is %(l)s MB).")
                    % {"l": max_bytes // 1048576}
                )
            chunks.append(chunk)
    except urllib3.exceptions.HTTPError as exc:
        raise FetchError(_("The connection broke: %(e)s") % {"e": _reason(exc)}) from None
    return b"".join(chunks)


def _decompress(raw: bytes, encoding: str, max_bytes: int) -> bytes:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return raw
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(_("Unsupported content encoding “%(e)s”.") % {"e": encoding[:40]})
    wbits = 47 if encoding != "deflate" else 15  # 47: gzip or zlib header, detected
    try:
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(raw, max_bytes + 1)
        if len(out) > max_bytes or inflater.unconsumed_tail:
            raise FetchError(
                _("The compressed response expands beyond %(l)s MB.") % {"l": max_bytes // 1048576}
            )
        return out
    except zlib.error:
        if encoding == "deflate":
            try:  # some servers send raw deflate without the zlib header
                inflater = zlib.decompressobj(-15)
                out = inflater.decompress(raw, max_bytes + 1)
                if len(out) <= max_bytes and not inflater.unconsumed_tail:
                    return out
            except zlib.error:
                pass
        raise FetchError(_("The compressed response is corrupt.")) from None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_XML_CHARSET = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.I)


def decode(body: bytes, content_type: str = "") -> str:
    """Return the text of `body`: UTF-8 when it is valid UTF-8 (whatever was declared — a
    frequent lie), else the declared charset, else Windows-1258 (Vietnamese legacy)."""
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = ""
    match = re.search(r"charset=([A-Za-z0-9_\-]+)", content_type, re.I)
    if match:
        declared = match.group(1)
    else:
        head = body[:2048]
        found = _XML_CHARSET.search(head) or _META_CHARSET.search(head)
        if found:
            declared = found.group(1).decode("ascii", "ignore")
    for charset in (declared, "windows-1258", "latin-1"):
        if not charset:
            continue
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", "replace")
