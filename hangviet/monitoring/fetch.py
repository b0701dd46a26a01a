"""Fetching a URL the way a polite, careful crawler does.

- Conditional GET (ETag, Last-Modified); 304 means nothing new.
- Hard limits: a connect and a read timeout, and a deadline for the whole response, so a
  server that trickles one byte at a time (slow loris) cannot hold a worker; a byte limit on
  what is read and on what gzip/deflate expands to (a gzip bomb stops at the limit).
- Redirects followed by hand, at most five, never in a loop, never to a non-web scheme.
- Server-side request forgery: every URL (source, redirect, feed item, robots.txt) goes through
  `resolve`, which parses it once with urllib3's own parser, refuses user names, backslashes
  and control characters, resolves the name once, requires public addresses in production, and
  the connection is then made to the address that was checked (Host and TLS server name kept).
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
from typing import Any
from urllib.parse import urljoin

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

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


# Ranges that `ipaddress` calls global but that reach, or embed, addresses inside a network:
# 6to4 and NAT64 carry an IPv4 address inside the IPv6 one.
_EMBEDDING = (
    ipaddress.ip_network("2002::/16"),
    ipaddress.ip_network("64:ff9b::/96"),
    ipaddress.ip_network("64:ff9b:1::/48"),
)


@dataclass(frozen=True)
class Target:
    """Where one request goes: parsed once, by the parser of the library that connects, and
    resolved once; the connection is made to one of `addresses`, nothing else."""

    scheme: str
    host: str  # as sent in Host and as the TLS server name (IDNA, lower case)
    port: int
    request_uri: str
    addresses: tuple[str, ...]

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def parse_target(url: str) -> tuple[str, str, int, str]:
    """Return (scheme, host, port, request URI) of `url`, or raise FetchError for anything a
    server could read differently than we do: a backslash, a control character, a user name or
    password, a scheme other than http(s), no host."""
    if "\\" in url or any(ord(c) < 32 or ord(c) == 127 for c in url):
        raise FetchError(
            _("The address %(u)s contains characters that are not allowed.") % {"u": url[:200]}
        )
    try:
        parsed = urllib3.util.parse_url(url)
    except (urllib3.exceptions.LocationParseError, ValueError, UnicodeError):
        raise FetchError(_("%(u)s is not a valid web address.") % {"u": url[:200]}) from None
    scheme = (parsed.scheme or "").lower()
    if scheme not in ("http", "https"):
        raise FetchError(_("Only http and https addresses can be read (%(u)s).") % {"u": url[:200]})
    if parsed.auth is not None:
        raise FetchError(
            _("The address %(u)s carries a user name or password; it cannot be monitored.")
            % {"u": url[:200]}
        )
    host = (parsed.host or "").strip("[]").lower().rstrip(".")
    if not host:
        raise FetchError(_("%(u)s is not a valid web address.") % {"u": url[:200]})
    port = parsed.port or (443 if scheme == "https" else 80)
    return scheme, host, port, parsed.request_uri


def is_public_address(address: str) -> bool:
    """Return whether `address` is on the public internet (and embeds no internal one)."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_public_address(str(ip.ipv4_mapped))
        if any(ip in network for network in _EMBEDDING):
            return False
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


def resolve(url: str) -> Target:
    """Parse `url` and resolve its host once. In production every address must be public
    (server-side request forgery); `MONITOR_ALLOW_PRIVATE_ADDRESSES` allows internal ones
    (development, tests). The caller connects to these addresses only, so a name that resolves
    differently a moment later (DNS rebinding) changes nothing."""
    scheme, host, port, request_uri = parse_target(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise FetchError(_("The server name %(h)s cannot be found.") % {"h": host}) from None
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise FetchError(_("The server name %(h)s cannot be found.") % {"h": host})
    allow_private = getattr(settings, "MONITOR_ALLOW_PRIVATE_ADDRESSES", False)
    if not allow_private and not all(is_public_address(a) for a in addresses):
        raise FetchError(
            _("%(h)s is an address inside the server's network; it cannot be monitored.")
            % {"h": host}
        )
    return Target(scheme, host, port, request_uri, addresses)


def _open(
    target: Target, headers: dict[str, str], timeout: float
) -> tuple[Any, urllib3.HTTPConnectionPool]:
    """Send the GET to the checked addresses, one after the other; return the response and
    its pool (closed with it)."""
    last: Exception | None = None
    for address in target.addresses:
        limits = urllib3.Timeout(connect=timeout, read=timeout)
        pool: urllib3.HTTPConnectionPool
        if target.scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                address,
                port=target.port,
                timeout=limits,
                server_hostname=target.host,
                assert_hostname=target.host,
                cert_reqs="CERT_REQUIRED",
                maxsize=1,
                retries=False,
            )
        else:
            pool = urllib3.HTTPConnectionPool(
                address, port=target.port, timeout=limits, maxsize=1, retries=False
            )
        try:
            response = pool.urlopen(
                "GET",
                target.request_uri,
                headers={**headers, "Host": target.host_header},
                redirect=False,
                preload_content=False,
                decode_content=False,
                assert_same_host=False,
                release_conn=False,
            )
        except (NewConnectionError, ConnectTimeoutError) as exc:
            pool.close()
            last = exc
            continue
        except urllib3.exceptions.HTTPError as exc:
            pool.close()
            raise FetchError(
                _("The server could not be reached: %(e)s") % {"e": _reason(exc)}
            ) from None
        return response, pool
    raise FetchError(
        _("The server could not be reached: %(e)s") % {"e": _reason(last or Exception())}
    )


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    """Fetch `url` (GET), following redirects; every hop is parsed, resolved and checked by
    `resolve`, and the connection goes to the address that was checked."""
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
        target = resolve(url)
        response, pool = _open(target, headers, timeout)
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
            pool.close()
    raise FetchError(_("Too many redirects."))


def _lower(headers: Any) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _reason(exc: Exception) -> str:
    reason = getattr(exc, "reason", None) or exc
    text = str(reason)
    if "timed out" in text.lower() or "timeout" in text.lower():
        return _("no answer in time")
    if "refused" in text.lower():
        return _("connection refused")
    return text[:200]


def _read_bounded(response: Any, max_bytes: int, deadline: float) -> bytes:
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
