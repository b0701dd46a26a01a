"""Web helpers shared by the apps: comparing URLs (evidence, press monitoring) and naming
downloads."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme

TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "zarsrc", "mc_", "_ga", "igshid", "ref_src")


def normalize_url(url: str) -> str:
    """Return the comparison form of a URL: lower-case host without "www."/"m.", no tracking
    parameters, no fragment, no trailing slash, parameters sorted. "" for non-web URLs."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.lower()
    for prefix in ("www.", "m."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(TRACKING_PREFIXES)
    )
    path = parts.path.rstrip("/") or "/"
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    return urlunsplit(("https", host + port, path, urlencode(query), ""))


def download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """Return `content` as a file to save, named `filename`. The header is built by Django
    (quoted, RFC 5987 for Vietnamese names), so no name can add a parameter of its own."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


def next_url(request: HttpRequest, fallback: str) -> str:
    """Return the page to go back to: the request's `next` when it is a page of this site,
    else `fallback` (a URL). Never another site (an open redirect)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
