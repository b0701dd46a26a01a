"""Two-factor sign-in: a TOTP authenticator per user, with single-use recovery codes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TotpDevice(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp"
    )
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The time step of the last accepted code: a code is never accepted twice.
    last_step = models.BigIntegerField(default=0)
    # SHA-256 of the unused recovery codes.
    recovery_hashes = models.JSONField(default=list, blank=True)
    # Wrong codes in a row, over every sign-in attempt; from the fifth the account waits
    # (accounts.services.verify), so a new password sign-in gives no new guesses.
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("authenticator")

    def __str__(self) -> str:
        return f"TOTP of {self.user}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class Notifications(models.Model):
    """What a person wants by email. Without a row: the defaults (the daily digest on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    daily_digest = models.BooleanField(_("daily email of what waits for me"), default=True)
    digest_sent_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("email notifications")
        verbose_name_plural = _("email notifications")

    def __str__(self) -> str:
        return f"notifications of {self.user}"
