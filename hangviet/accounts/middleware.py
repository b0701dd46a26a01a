"""Users whose role requires two-step sign-in set it up before doing anything else.

Until enrolled, such a session may only enrol or sign out: every page redirects to the
enrolment page, the API answers 403 (a session cookie is not a way around the second factor),
and the account page (API tokens) is closed too.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from hangviet.accounts import services

ALLOWED_PREFIXES = ("/dang-xuat/", "/static/", "/i18n/", "/healthz")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and request.path != reverse("accounts:two_factor")
            and services.required_for(user)
            and not services.enabled_for(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Turn on two-step sign-in first (Account → Two-step sign-in).")},
                    status=403,
                )
            return redirect("accounts:two_factor")
        return self.get_response(request)
