"""The account page (two-step sign-in, API tokens) and the second step of signing in."""

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hangviet.accounts import services
from hangviet.accounts.forms import CodeForm, SignInForm, TokenForm
from hangviet.core.typing import signed_in
from hangviet.orgs.models import ApiToken
from hangviet.orgs.policy import token_units_for
from hangviet.orgs.services import api_token_create, api_token_revoke

PENDING = "hangviet_2fa_pending"
PENDING_SECONDS = 300
MAX_CODE_FAILURES = 5


class TwoStepLoginView(LoginView):
    """The password first; then, for users with an authenticator, the code."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if not services.enabled_for(user):
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": getattr(user, "backend", ""),  # set by authenticate()
            "next": self.get_success_url(),
            "since": time.time(),
            "failures": 0,
        }
        return redirect("accounts:login_code")


def login_code(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        messages.error(request, _("Sign in again: the code was not entered in time."))
        return redirect("login")
    user = get_object_or_404(get_user_model(), pk=pending["user"], is_active=True)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.device_of(user)
        try:
            accepted = device is not None and services.verify(device, form.cleaned_data["code"])
        except services.CodeLocked as locked:
            request.session.pop(PENDING, None)
            messages.error(request, _locked_message(locked))
            return redirect("login")
        if accepted:
            request.session.pop(PENDING, None)
            login(request, user, backend=pending["backend"])
            request.session[BACKEND_SESSION_KEY] = pending["backend"]
            services.mark_session_verified(request)
            target = pending["next"]
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "/"
            return redirect(target)
        pending["failures"] += 1
        if pending["failures"] >= MAX_CODE_FAILURES:
            request.session.pop(PENDING, None)
            messages.error(request, _("Too many wrong codes. Sign in again."))
            return redirect("login")
        request.session[PENDING] = pending
        form.add_error("code", _("The code is not right; check the phone's clock."))
    return render(request, "accounts/login_code.html", {"form": form})


def _locked_message(locked: services.CodeLocked) -> str:
    return _("Too many wrong codes in a row. Try again in %(m)s minutes.") % {"m": locked.minutes()}


@login_required
def account(request: HttpRequest) -> HttpResponse:
    units = list(token_units_for(request.user).order_by("name")[:300])
    form = TokenForm(request.POST or None, units=units)
    secret = None
    second_factor = services.session_verified(request)
    needs_code = not second_factor and (
        services.required_for(request.user) or services.enabled_for(request.user)
    )
    if request.method == "POST" and needs_code:
        form.add_error(
            None,
            _(
                "Sign out and sign in again with the code of your authenticator app to create "
                "a token: a token of an account with two-step sign-in is created only in a "
                "session that passed it."
            ),
        )
    elif request.method == "POST" and form.is_valid():
        chosen = [u for u in units if u.pk in set(form.cleaned_data["units"])]
        try:
            _token, secret = api_token_create(
                by=request.user,
                user=signed_in(request),
                name=form.cleaned_data["name"],
                units=chosen,
                second_factor=second_factor,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            form = TokenForm(units=units)
    tokens = (
        ApiToken.objects.filter(user=signed_in(request))
        .prefetch_related("units")
        .order_by("revoked_at", "-created_at")
    )
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "secret": secret,
            "tokens": tokens,
            "two_factor": services.enabled_for(request.user),
            "required": services.required_for(request.user),
            "digest": services.wants_digest(signed_in(request)),
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    api_token_revoke(by=request.user, token=token)
    messages.success(request, _("The token was revoked; it stops working at once."))
    return redirect("accounts:account")


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn two-step sign-in on (scan, prove with a code, keep the recovery codes) or off."""
    user = signed_in(request)
    form = CodeForm(request.POST or None)
    codes = None
    if services.enabled_for(user):
        if request.method == "POST" and form.is_valid():
            try:
                services.disable(user, form.cleaned_data["code"])
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            except services.CodeLocked as locked:
                form.add_error(None, _locked_message(locked))
            else:
                messages.success(request, _("Two-step sign-in is off."))
                return redirect("accounts:account")
        return render(
            request,
            "accounts/two_factor.html",
            {"enabled": True, "form": form, "required": services.required_for(user)},
        )
    device = services.device_of(user)
    if request.method == "POST" and device is not None and form.is_valid():
        try:
            codes = services.confirm(device, form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc.messages)
        except services.CodeLocked as locked:
            form.add_error("code", _locked_message(locked))
        else:
            services.mark_session_verified(request)
    if codes is None and (device is None or request.method == "GET"):
        device = services.start(user)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": codes is not None,
            "codes": codes,
            "form": form,
            "device": device,
            "qr": services.qr_svg(device) if codes is None and device else "",
            "uri": services.provisioning_uri(device) if codes is None and device else "",
            "required": services.required_for(user),
        },
    )


@login_required
@require_POST
def notifications(request: HttpRequest) -> HttpResponse:
    enabled = request.POST.get("daily_digest") == "on"
    services.digest_set(by=request.user, user=signed_in(request), enabled=enabled)
    if enabled:
        messages.success(request, _("You will receive the daily email of what waits for you."))
    else:
        messages.success(request, _("The daily email is turned off."))
    return redirect("accounts:account")


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a digest: turns it off in one click (confirmed by a button, so that a mail
    program opening links in advance changes nothing), without signing in."""
    user = services.user_of_unsubscribe_token(token)
    if user is None:
        return render(request, "accounts/unsubscribe.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        services.digest_set(by=None, user=user, enabled=False)
        done = True
    return render(request, "accounts/unsubscribe.html", {"done": done, "person": user})
