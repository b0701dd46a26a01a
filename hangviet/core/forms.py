"""Form helpers shared by every app."""

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class PlainLabels:
    """Labels without Django's trailing colon: Vietnamese forms read "Tiêu đề", not
    "Tiêu đề:", and browser tests find fields by their exact label."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]


LOCKOUT_FAILURES = 5
LOCKOUT_MINUTES = 15


class ThrottledAuthenticationForm(PlainLabels, AuthenticationForm):
    """Sign-in that locks a user name for a quarter of an hour after five wrong passwords."""

    locked = False

    def clean(self) -> dict[str, Any]:
        from django.utils import timezone

        from hangviet.core.middleware import client_ip
        from hangviet.core.models import LoginFailure

        username = (self.data.get("username") or "").strip()[:150]
        since = timezone.now() - timedelta(minutes=LOCKOUT_MINUTES)
        failures = LoginFailure.objects.filter(username__iexact=username, at__gte=since)
        if failures.count() >= LOCKOUT_FAILURES:
            self.locked = True
            raise forms.ValidationError(
                _("Too many wrong passwords for this account. Try again in %(m)s minutes.")
                % {"m": LOCKOUT_MINUTES},
                code="locked",
            )
        try:
            return super().clean()
        except forms.ValidationError:
            if username:
                LoginFailure.objects.create(
                    username=username, ip=client_ip(self.request) if self.request else None
                )
            raise
