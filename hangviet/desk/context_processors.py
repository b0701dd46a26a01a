"""The navigation every page shows, fitted to the person: the public sections for visitors,
the person's work for staff, with the counts of what waits for them."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hangviet.desk.todo import counts_for
from hangviet.orgs import permissions

PUBLIC = [
    ("directory", _("Vietnamese goods directory"), "directory:home", ""),
    ("fairs", _("Fairs"), "directory:home", "?kind=fair"),
    ("news", _("News"), "portal:news", ""),
    ("campaign", _("The campaign"), "portal:campaign", ""),
]
# Staff sections, in the order the work is done; `count` names the figure shown beside one.
STAFF = [
    ("todo", _("To do"), "home", "todo"),
    ("activities", _("Activities"), "activities:list", "activities"),
    ("reports", _("Reports"), "reporting:inbox", "reports"),
    ("plans", _("Plans"), "plans:list", ""),
    ("radio", _("Grassroots radio"), "radio:list", "radio"),
    ("monitoring", _("Press monitoring"), "monitoring:home", "monitoring"),
    ("stats", _("Statistics"), "analytics:home", ""),
    ("units", _("Units"), "orgs:unit_list", ""),
    ("directory", _("Vietnamese goods directory"), "directory:home", ""),
]


def _is_staff(request: HttpRequest) -> bool:
    user = request.user
    return user.is_authenticated and (user.is_superuser or bool(permissions.roles_of(user)))


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
    return {"nav_items": items, "nav_public": not _is_staff(request)}
