"""Users whose role requires two-step sign-in set it up before doing anything else."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from hangviet.accounts import services

ALLOWED_PREFIXES = ("/tai-khoan/", "/dang-xuat/", "/static/", "/i18n/", "/healthz")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not request.path.startswith("/api/")
            and services.required_for(user)
            and not services.enabled_for(user)
        ):
            return redirect("accounts:two_factor")
        return self.get_response(request)
