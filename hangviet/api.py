"""The JSON API under /api/v1/: session auth for the browser, bearer tokens for programs."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer, django_auth

from hangviet.accounts.services import token_refusal
from hangviet.activities.api import activities_router, taxonomy_router
from hangviet.analytics.api import stats_router
from hangviet.core.views import database_unavailable
from hangviet.directory.api import directory_router
from hangviet.orgs.api import roles_router, units_router
from hangviet.orgs.services import api_token_find, api_token_use
from hangviet.reporting.api import periods_router


class TokenRefused(Exception):
    """A valid token that may not be used now; the message says why."""


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = api_token_find(token)
        if found is None:
            return None
        refusal = token_refusal(found)
        if refusal:
            raise TokenRefused(refusal)
        user = api_token_use(found)
        request.user = user
        return user


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


# Every operation may answer these; each is JSON with a Vietnamese `detail` (and, for invalid
# data, a message per field in `errors`).
ERROR_RESPONSES = {
    "400": "The request has invalid data; nothing was saved.",
    "401": "Not signed in, or the API token is missing, revoked or may not be used now.",
    "403": "Signed in, but not allowed to do this (or two-step sign-in is required first).",
    "404": "Not found, or not yours to see.",
    "409": "The request conflicts with the current state (an edit made in between).",
}


class ObjectBodies(Parser):
    """A request body is one JSON object: a list (`[null, null]`) or a bare value is bad data,
    not an empty change."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise NinjaValidationError(
                [{"loc": ["body"], "msg": _("The body must be one JSON object."), "type": "body"}]
            )
        return data


class HangvietAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """The schema with the error answers every operation may give documented on each."""
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorOut"] = ErrorOut.model_json_schema()
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                responses = operation.setdefault("responses", {})
                for code, description in ERROR_RESPONSES.items():
                    responses.setdefault(code, {"description": description, "content": error})
        return schema


api = HangvietAPI(
    title="hangviet API",
    version="1",
    description="Plans, units, evidence and reports of the campaign "
    "“Người Việt Nam ưu tiên dùng hàng Việt Nam”.",
    urls_namespace="api",
    parser=ObjectBodies(),
    auth=[BearerToken(), django_auth],
)


def _field_name(loc: list) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload")]
    return ".".join(parts) or "__all__"


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        errors.setdefault(_field_name(list(err.get("loc", []))), []).append(str(err.get("msg", "")))
    return api.create_response(
        request, {"detail": _("The request has invalid data."), "errors": errors}, status=400
    )


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    return api.create_response(
        request, {"detail": _("The request has invalid data."), "errors": errors}, status=400
    )


@api.exception_handler(DataError)
def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    """A value the database cannot hold (a NUL byte, which PostgreSQL refuses in text; a number
    out of range): the request's data is wrong, nothing was saved."""
    return api.create_response(
        request, {"detail": _("The request has invalid data."), "errors": {}}, status=400
    )


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def on_database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The database is unreachable: 503 with Retry-After, in JSON (the outbox and other
    clients wait and send again; nothing was saved)."""
    return database_unavailable(request)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc) or _("You do not have permission for this.")}, status=403
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(TokenRefused)
def on_token_refused(request: HttpRequest, exc: TokenRefused) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=401)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("Sign in or send a valid API token.")}, status=401
    )


api.add_router("/units/", units_router)
api.add_router("/roles/", roles_router)
api.add_router("/activities/", activities_router)
api.add_router("/taxonomy/", taxonomy_router)
api.add_router("/periods/", periods_router)
api.add_router("/directory/", directory_router)
api.add_router("/stats/", stats_router)
