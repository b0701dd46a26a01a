"""The navigation every page shows, fitted to the person: the public sections for visitors,
the person's work for staff, with the counts of what waits for them."""

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hangviet.desk.todo import counts_for
from hangviet.orgs import policy

PUBLIC = [
    ("directory", _("Vietnamese goods directory"), "directory:home", ""),
    ("fairs", _("Fairs"), "directory:home", "?kind=fair"),
    ("news", _("News"), "portal:news", ""),
    ("campaign", _("The campaign"), "portal:campaign", ""),
    ("survey", _("Consumer survey"), "portal:survey", ""),
]
# Staff sections, in the order the work is done; `count` names the figure shown beside one.
STAFF = [
    ("todo", _("To do"), "home", "todo"),
    ("activities", _("Activities"), "activities:list", "activities"),
    ("reports", _("Reports"), "reporting:inbox", "reports"),
    ("exchange", _("Exchange desk"), "exchange:desk", ""),
    ("plans", _("Plans"), "plans:list", ""),
    ("radio", _("Grassroots radio"), "radio:list", "radio"),
    ("monitoring", _("Press monitoring"), "monitoring:home", "monitoring"),
    ("stats", _("Statistics"), "analytics:home", ""),
    ("units", _("Units"), "orgs:unit_list", ""),
    ("directory", _("Vietnamese goods directory"), "directory:home", ""),
]


def _is_staff(request: HttpRequest) -> bool:
    return policy.is_staff(request.user)


def navigation(request: HttpRequest) -> dict[str, Any]:
    items = []
    path = request.path
    if _is_staff(request):
        counts = counts_for(request.user)
        for key, label, url_name, count in STAFF:
            url = reverse(url_name)
            active = path == url if url == "/" else path.startswith(url)
            items.append(
                {
                    "key": key,
                    "label": label,
                    "url": url,
                    "active": active,
                    "count": counts.get(count, 0) if count else 0,
                }
            )
    else:
        fairs = request.GET.get("kind") == "fair"
        for key, label, url_name, query in PUBLIC:
            url = reverse(url_name)
            active = path.startswith(url) and (key != "directory" or not fairs)
            if key == "fairs":
                active = path.startswith(url) and fairs
            items.append(
                {"key": key, "label": label, "url": url + query, "active": active, "count": 0}
            )
    context: dict[str, Any] = {"nav_items": items, "nav_public": not _is_staff(request)}
    if _is_staff(request):
        context["outbox_words"] = {key: str(text) for key, text in OUTBOX_WORDS.items()}
        # The outbox learns the server's clock from a fresh page, and gives up on a request
        # that has no answer after this many seconds (a weak signal).
        context["server_now"] = int(time.time() * 1000)
        context["outbox_timeout"] = settings.HANGVIET_OUTBOX_TIMEOUT
        context["TIME_ZONE"] = settings.TIME_ZONE
    return context


# What the outbox (activities/outbox.js) says, in the user's language.
OUTBOX_WORDS = {
    "title": _("Give the activity a title."),
    "title_long": _("The title is at most 300 characters."),
    "date": _("The date is required."),
    "date_range": _("The date must be between 01/01/2000 and today."),
    "end_before": _("The end date is before the start date."),
    "end_future": _("The end date cannot be in the future."),
    "quantity": _("The quantity must be a whole number, zero or more."),
    "quantity_big": _("The quantity is implausibly large."),
    "unit": _("Choose one of your units."),
    "count": _("%(n)s waiting to be sent"),
    "title_list": _("Waiting to be sent (%(n)s)"),
    "state_waiting": _("Waiting: it will be sent when the connection returns."),
    "state_sent": _("Sent."),
    "state_refused": _("Not saved"),
    "already": _("it was already there (the same entry), nothing was saved twice"),
    "signin": _("your session has ended: sign in again, then press “Send now”"),
    "edit": _("Change"),
    "with_file": _("with the file %(n)s"),
    "file_big": _("The file is too large; the limit is %(l)s MB."),
    "file_refused": _("the activity is saved, but not its file: %(r)s"),
    "delete": _("Delete"),
    "state_retry": _("Not sent yet (no answer on this signal): tried again by itself at %(t)s."),
    "file_waiting": _("the activity is saved; its file waits for a better signal"),
    "minutes": _("%(n)s minutes"),
    "hours": _("%(n)s hours"),
    "clock": _(
        "This phone's clock differs from the server's by about %(d)s; dates are counted by "
        "Vietnam's calendar, as the server keeps them."
    ),
    "kept_offline": _("No connection: the entry is kept on this phone and sent when it returns."),
    "kept_weak": _(
        "The signal is too weak to send it now: the entry is kept on this phone and tried "
        "again by itself."
    ),
    "saved": _("Saved: %(t)s"),
    "maybe_duplicate": _("It may already have been recorded:"),
    "open_duplicate": _("open"),
    "exported": _("%(n)s waiting entries saved to the file. Keep it until they are sent."),
    "import_bad": _("This file is not a file of waiting entries from hangviet: nothing was added."),
    "import_other": _(
        "These entries were made by another person: sign in as that person to send them. "
        "Nothing was added."
    ),
    "imported": _("%(n)s entries added from the file (%(s)s already here or unreadable)."),
    "others": _(
        "%(n)s entries made on this phone by someone else wait for that person to sign in; "
        "they are not sent under your name."
    ),
}
