"""Pages that belong to no single domain: health, and the error pages."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

# How long a client should wait before trying again when the database is unreachable.
RETRY_AFTER_SECONDS = 30


def healthz(request: HttpRequest) -> JsonResponse:
    """ "ok" when the database answers; 503 and "down" when it does not (for the load balancer
    and the operator). The next request opens a new connection: recovery needs no restart."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logging.getLogger(__name__).warning("health check: database unreachable: %s", exc)
        response = JsonResponse(
            {"status": "unavailable", "database": "down", "vendor": connection.vendor},
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": connection.vendor})


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON for programs (the outbox, a newsroom's system), a page in
    Vietnamese for people; drawn without the database."""
    # (Django closes the broken connection at the end of the request, `close_old_connections`;
    # the next request opens a new one: recovery needs no restart.)
    if wants_json(request):
        response: HttpResponse = JsonResponse(
            {
                "detail": "Cơ sở dữ liệu tạm thời không kết nối được; xin gửi lại sau.",
                "code": "database_unavailable",
                "retry_after": RETRY_AFTER_SECONDS,
            },
            status=503,
        )
    else:
        response = HttpResponse(
            loader.render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}),
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _error(
    request: HttpRequest, status: int, heading: str, reason: str, advice: str
) -> HttpResponse:
    context = {"status": status, "heading": heading, "reason": reason, "advice": advice}
    return render(request, "error.html", context, status=status)


def _reason(exception: Exception | None) -> str:
    """Return the message the code gave with the exception, if it is one for people."""
    if exception is None or not exception.args:
        return ""
    message = exception.args[0]
    return str(message) if isinstance(message, str) and len(message) < 500 else ""


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        400,
        _("The request could not be understood"),
        _reason(exception),
        _("Check the address or the form, then try again."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        403,
        _("You may not do this"),
        _reason(exception) or _("Your role does not allow this action on this unit's data."),
        _(
            "If your work needs it, ask the coordinator of the campaign to give you the role "
            "on your unit."
        ),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        404,
        _("Page not found"),
        _("The page does not exist, was removed, or belongs to a unit you do not work for."),
        _("Go back to the first page, or use the menu above."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: drawn without the database or the request's context, which may be what
    failed. An unreachable database is not a fault of the request: 503, try again later."""
    failure = sys.exc_info()[1]
    if isinstance(failure, (OperationalError, InterfaceError)):
        return database_unavailable(request)
    if wants_json(request):
        return JsonResponse({"detail": "Lỗi máy chủ.", "code": "server_error"}, status=500)
    return HttpResponse(loader.render_to_string("500.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        _("The form has expired"),
        _(
            "For your safety, a form is accepted only from the page that showed it, within "
            "the session."
        ),
        _("Go back, reload the page, and send the form again. Nothing was saved."),
    )
