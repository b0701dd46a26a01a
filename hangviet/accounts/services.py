"""Two-factor sign-in (TOTP, RFC 6238) and who must use it.

`TWO_FACTOR_REQUIRED_ROLES` lists the roles that must use a second factor, and
`TWO_FACTOR_REQUIRED_FOR_ADMINS` covers superusers; the production settings require it for
coordinators and administrators. A code is accepted once (replay refused) within one step of
the clock either side; eight recovery codes, stored hashed, each work once.
"""

import hashlib
import secrets
import time
from datetime import date, datetime, timedelta

import pyotp
from django.contrib.auth.models import User as DjangoUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.accounts import policy
from hangviet.accounts.models import Notifications, TotpDevice
from hangviet.core import audit
from hangviet.core.typing import Actor, account_of
from hangviet.orgs.models import ApiToken
from hangviet.orgs.policy import require_self_or_administrator

ISSUER = "hangviet"
RECOVERY_CODES = 8
FREE_FAILURES = 4  # wrong codes in a row before the account has to wait
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(days=1)


class CodeLocked(Exception):
    """Too many wrong codes in a row: no code is checked until `until`."""

    def __init__(self, until: datetime) -> None:
        super().__init__(until.isoformat())
        self.until = until

    def minutes(self) -> int:
        return max(1, -(-int((self.until - timezone.now()).total_seconds()) // 60))


def required_for(user: Actor) -> bool:
    """Return whether `user`'s roles (or being an administrator) require two-step sign-in."""
    return policy.two_factor_required(user)


VERIFIED_SESSION_KEY = "hangviet_2fa_verified"


def token_refusal(token: ApiToken) -> str | None:
    """Return why `token` may not be used, or None. A user whose role requires two-step
    sign-in uses only tokens created, after enrolment, in a session that passed it."""
    user = token.user
    if not required_for(user):
        return None
    if not enabled_for(user):
        return _("This account must turn on two-step sign-in before its API tokens work.")
    if not token.second_factor:
        return _(
            "This token was created without two-step sign-in; create a new one after signing "
            "in with the code."
        )
    return None


def session_verified(request: HttpRequest) -> bool:
    """Return whether this session passed the second step (signed in with a code, or just
    enrolled by proving the code)."""
    return bool(request.session.get(VERIFIED_SESSION_KEY))


def mark_session_verified(request: HttpRequest) -> None:
    request.session[VERIFIED_SESSION_KEY] = True


def device_of(user: Actor) -> TotpDevice | None:
    account = account_of(user)
    return TotpDevice.objects.filter(user=account).first() if account else None


def enabled_for(user: Actor) -> bool:
    device = device_of(user)
    return device is not None and device.confirmed


def start(user: DjangoUser) -> TotpDevice:
    """A new, unconfirmed secret for `user` (replacing an unconfirmed one)."""
    device = device_of(user)
    if device is not None and device.confirmed:
        raise ValidationError(_("Two-step sign-in is already on."))
    created = device is None
    if device is None:
        device = TotpDevice(user=user)
    device.secret = pyotp.random_base32()
    device.save()
    audit.record(
        "create" if created else "update",
        device,
        by=user,
        note="two-step sign-in: a new secret to scan (not on yet)",
    )
    return device


def provisioning_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.get_username(), issuer_name=ISSUER
    )


def qr_svg(device: TotpDevice) -> str:
    import segno  # loaded on first use: only enrolment draws a QR code

    return segno.make(provisioning_uri(device), error="m").svg_inline(scale=4, dark="#1d1d1f")


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().replace("-", "").encode()).hexdigest()


def verify(device: TotpDevice, code: str) -> bool:
    """Accept a current code (once) or an unused recovery code. Wrong codes are counted on
    the account across sign-ins and audited; after `FREE_FAILURES` in a row each further one
    makes the account wait twice as long (30 s, 1 min, … up to a day): raise CodeLocked."""
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().get(pk=device.pk)
        now = timezone.now()
        if device.locked_until is not None and device.locked_until > now:
            raise CodeLocked(device.locked_until)
        if _check(device, code):
            if device.failures:
                device.failures, device.locked_until = 0, None
                device.save(update_fields=["failures", "locked_until"])
            return True
        device.failures += 1
        if device.failures > FREE_FAILURES:
            wait = FIRST_WAIT * 2 ** min(device.failures - FREE_FAILURES - 1, 20)
            device.locked_until = now + min(wait, LONGEST_WAIT)
        device.save(update_fields=["failures", "locked_until"])
        audit.record(
            "update",
            device,
            by=device.user,
            changes={"failures": [device.failures - 1, device.failures]},
            note="wrong two-step sign-in code",
        )
        return False


def _check(device: TotpDevice, code: str) -> bool:
    code = "".join((code or "").split())
    if code.isascii() and code.isdecimal() and len(code) == 6:
        totp = pyotp.TOTP(device.secret)
        now = int(time.time())
        for offset in (-1, 0, 1):
            step = totp.timecode(datetime.fromtimestamp(now + offset * totp.interval))
            if step > device.last_step and secrets.compare_digest(totp.generate_otp(step), code):
                device.last_step = step
                device.save(update_fields=["last_step"])
                return True
        return False
    hashed = _hash(code)
    if hashed in device.recovery_hashes:
        device.recovery_hashes = [h for h in device.recovery_hashes if h != hashed]
        device.save(update_fields=["recovery_hashes"])
        audit.record("update", device, by=device.user, note="recovery code used")
        return True
    return False


@transaction.atomic
def confirm(device: TotpDevice, code: str) -> list[str]:
    """Turn two-step sign-in on once the user proves the app shows the right code; return the
    recovery codes (shown once)."""
    if not verify(device, code):
        raise ValidationError({"code": _("The code is not right; check the phone's clock.")})
    codes = [f"{secrets.token_hex(2)}-{secrets.token_hex(2)}" for _ in range(RECOVERY_CODES)]
    device.refresh_from_db()
    device.recovery_hashes = [_hash(c) for c in codes]
    device.confirmed_at = timezone.now()
    device.save(update_fields=["recovery_hashes", "confirmed_at"])
    audit.record("update", device, by=device.user, note="two-step sign-in turned on")
    return codes


@transaction.atomic
def disable(user: DjangoUser, code: str) -> None:
    device = device_of(user)
    if device is None or not device.confirmed:
        return
    if required_for(user):
        raise ValidationError(_("Your role requires two-step sign-in; it cannot be turned off."))
    if not verify(device, code):
        raise ValidationError({"code": _("The code is not right.")})
    audit.record("delete", device, by=user, note="two-step sign-in turned off")
    device.delete()


# --- Email notifications ------------------------------------------------------------------

DIGEST_SALT = "hangviet.accounts.digest"


def wants_digest(user: DjangoUser) -> bool:
    settings_row = Notifications.objects.filter(user=user).first()
    return settings_row is None or settings_row.daily_digest


@transaction.atomic
def digest_set(*, by: Actor, user: DjangoUser, enabled: bool) -> Notifications:
    """Turn the daily digest on or off, for oneself (or, by the system, from the link in the
    email)."""
    require_self_or_administrator(by, user.pk, _("You may only change your own notifications."))
    row, _created = Notifications.objects.select_for_update().get_or_create(user=user)
    if row.daily_digest != enabled:
        before = row.daily_digest
        row.daily_digest = enabled
        row.save(update_fields=["daily_digest", "updated_at"])
        audit.record("update", row, by=by, changes={"daily_digest": [before, enabled]})
    return row


def digest_claim(user: DjangoUser, day: date) -> bool:
    """Take the day's digest for `user`: True once a day, False if it was already sent (two
    workers never send it twice)."""
    row, _created = Notifications.objects.get_or_create(user=user)
    if not row.daily_digest:
        return False
    claimed = (
        Notifications.objects.filter(pk=row.pk)
        .exclude(digest_sent_on=day)
        .update(digest_sent_on=day)
    )
    return bool(claimed)


def unsubscribe_token(user: DjangoUser) -> str:
    return signing.dumps(user.pk, salt=DIGEST_SALT, compress=True)


def user_of_unsubscribe_token(token: str) -> DjangoUser | None:
    """The user a link in a digest was made for (valid for 60 days), or None."""
    try:
        pk = signing.loads(token, salt=DIGEST_SALT, max_age=timedelta(days=60))
    except signing.BadSignature:
        return None
    return DjangoUser.objects.filter(pk=pk, is_active=True).first()
