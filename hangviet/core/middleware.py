"""Request context for the audit trail: who is acting and from where."""

import ipaddress
import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from hangviet.core.views import bad_request


@dataclass(frozen=True)
class RequestContext:
    ip: str | None
    user_agent: str


_current: ContextVar[RequestContext | None] = ContextVar("hangviet_request", default=None)


def current_request_context() -> RequestContext | None:
    """Return the context of the request being served, or None outside a request."""
    return _current.get()


def client_ip(request: HttpRequest) -> str | None:
    """Return the client address. Behind a reverse proxy (`TRUST_X_FORWARDED_FOR`), the
    address that proxy appended to X-Forwarded-For: the right-most one, since everything to
    its left was written by the client and may be forged."""
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip() if forwarded else ""
        try:
            return str(ipaddress.ip_address(last))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ctx = RequestContext(
            ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:300]
        )
        token = _current.set(ctx)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


class LanguageMiddleware:
    """Speak Vietnamese unless the user chose another language.

    Django's LocaleMiddleware follows the browser's Accept-Language, and many officials' phones
    and PCs are set to English; the interface must still speak Vietnamese to them. Only the
    language cookie (set by the language switch) changes it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class PermissionsPolicyMiddleware:
    """Tell the browser that no page of ours uses the position, the camera or the microphone
    (the Content-Security-Policy itself is django-csp's, configured in settings)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(), camera=(), microphone=()"
        )
        return response


class ServiceErrorMiddleware:
    """A `ValidationError` that a view let through is the user's mistake, said in the
    service's own words: a 400 page with those words, never a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ValidationError):
            return None
        logging.getLogger(__name__).info("validation error reached %s: %s", request.path, exception)
        return bad_request(request, ValueError("; ".join(exception.messages)))
