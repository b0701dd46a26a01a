"""Users whose role requires two-step sign-in pass it in every session before doing anything.

What counts is whether *this session* passed the second step, not whether the account has an
authenticator: a session signed in by password alone stays closed when its owner enrols in
another session, or when the account is promoted to a role that needs the second step.

- Not enrolled yet: the session may only enrol or sign out; every page redirects to the
  enrolment page, the API answers 403 (a session cookie is not a way around the second
  factor).
- Enrolled, but this session never passed the code: it is signed out and asked to sign in
  again with the code (the API answers 403 and says so).
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
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
            user is None
            or not user.is_authenticated
            or request.path.startswith(ALLOWED_PREFIXES)
            or services.session_verified(request)
            or not services.required_for(user)
        ):
            return self.get_response(request)
        enrolled = services.enabled_for(user)
        if not enrolled and request.path == reverse("accounts:two_factor"):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            message = (
                _("Sign in again with the code of your authenticator app.")
                if enrolled
                else _("Turn on two-step sign-in first (Account → Two-step sign-in).")
            )
            return JsonResponse({"detail": message}, status=403)
        if enrolled:
            logout(request)
            messages.info(
                request,
                _(
                    "Your account now uses two-step sign-in: sign in again with your password "
                    "and the code of your authenticator app."
                ),
            )
            return redirect("login")
        return redirect("accounts:two_factor")
