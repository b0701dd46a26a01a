"""Password guessing, slowed down by django-axes (docs/adr/0002-security-libraries.md).

Failures are counted per account *and* address: a stranger cannot keep someone else's
account locked from their own address. The account is the name as Django checks it (NFKC)
and case-folded, so "ｐrobe1" and "Probe1" count against "probe1". Five failures lock that
account from that address for 15 minutes; each further lockout within a day doubles it, up to
a day. The address is `core.middleware.client_ip`, which reads X-Forwarded-For only behind a
proxy declared by `TRUST_X_FORWARDED_FOR`.
"""

import unicodedata
from datetime import timedelta
from typing import Any

from axes.models import AccessFailureLog
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.accounts.forms import SignInForm

FIRST_LOCK = timedelta(minutes=15)
LONGEST_LOCK = timedelta(days=1)


def username_key(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str:
    """Return the account a sign-in attempt is counted against."""
    raw = ""
    if credentials:
        raw = str(credentials.get("username") or "")
    elif request is not None:
        raw = str(request.POST.get("username") or "")
    return unicodedata.normalize("NFKC", raw).strip().casefold()[:150]


def cool_off(request: HttpRequest | None) -> timedelta:
    """Return how long a lockout lasts: 15 minutes, doubled for every earlier lockout of the
    same account from the same address in the last day."""
    if request is None:
        return FIRST_LOCK
    ip = getattr(request, "axes_ip_address", None)
    failures = AccessFailureLog.objects.filter(
        username=username_key(request),
        ip_address=ip,
        attempt_time__gte=timezone.now() - LONGEST_LOCK,
    ).count()
    limit = int(getattr(settings, "AXES_FAILURE_LIMIT", 5))
    earlier_lockouts = max(failures // limit - 1, 0)
    return min(FIRST_LOCK * (2 ** min(earlier_lockouts, 10)), LONGEST_LOCK)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The sign-in page again, saying why and for how long (HTTP 429)."""
    minutes = int(cool_off(request).total_seconds() // 60)
    form = SignInForm(request, initial={"username": request.POST.get("username", "")[:150]})
    message = _("Too many wrong passwords for this account. Try again in %(m)s minutes.") % {
        "m": minutes
    }
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_message": message, "next": request.POST.get("next", "")},
        status=429,
    )
