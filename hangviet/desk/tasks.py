"""The daily digest: the same "Việc cần làm" by email, once a day, to whoever has something
waiting and has not turned it off."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User as DjangoUser
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from hangviet.accounts.services import digest_claim, unsubscribe_token, wants_digest
from hangviet.desk.todo import Desk, desk_for


def digest_text(user: DjangoUser, desk: Desk, site: str) -> tuple[str, str]:
    """The subject and body of one person's digest (plain text, links to the site)."""
    n = desk.total
    subject = ngettext(
        "hangviet: one thing waits for you", "hangviet: %(n)s things wait for you", n
    ) % {"n": n}
    lines = [
        _("Dear %(name)s,") % {"name": user.get_full_name() or user.get_username()},
        "",
        _("This is what waits for you in hangviet today:"),
    ]
    for group in desk.groups:
        lines += ["", group.title.upper()]
        for item in group.items:
            lines.append(f"- {item.text}")
            if item.detail:
                lines.append(f"  {item.detail}")
            lines.append(f"  {item.action}: {site}{item.url}")
        if group.more:
            lines.append(f"  ({group.more}: {site}{group.more_url})")
    lines += [
        "",
        _("Everything is also on your first page: %(u)s") % {"u": site + reverse("home")},
        "",
        _("You receive this email once a day when something waits for you. To stop it: %(u)s")
        % {"u": site + reverse("accounts:unsubscribe", args=[unsubscribe_token(user)])},
    ]
    return subject, "\n".join(lines)


@task()
def send_daily_digests() -> int:
    """Send today's digest to each active person with a role, an address and something to do;
    return how many were sent. Running it again the same day sends nothing."""
    today = timezone.localdate()
    site = settings.SITE_URL.rstrip("/")
    sent = 0
    users = (
        get_user_model()
        .objects.filter(is_active=True, unit_roles__isnull=False)
        .exclude(email="")
        .distinct()
    )
    with translation.override(settings.LANGUAGE_CODE):
        for user in users:
            if not wants_digest(user):
                continue
            desk = desk_for(user)
            if not desk.total or not digest_claim(user, today):
                continue
            subject, body = digest_text(user, desk, site)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            sent += 1
    return sent
