"""Template context shared by every page: the navigation."""

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The things users do, in the order they do them. A section whose app has not landed yet
# has no URL and is shown as not yet available, so the map of the product stays visible.
SECTIONS = [
    ("plans", _("Plans"), "plans:list"),
    ("activities", _("Activities"), "activities:list"),
    ("reports", _("Reports"), "reporting:inbox"),
    ("radio", _("Grassroots radio"), "radio:list"),
    ("directory", _("Vietnamese goods directory"), "directory:home"),
    ("monitoring", _("Press monitoring"), "monitoring:home"),
    ("stats", _("Statistics"), "analytics:home"),
    ("units", _("Units"), "orgs:unit_list"),
]


def navigation(request: HttpRequest) -> dict:
    items = []
    for key, label, url_name in SECTIONS:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            url = None
        active = url is not None and url != "/" and request.path.startswith(url)
        items.append({"key": key, "label": label, "url": url, "active": active})
    return {"nav_items": items}
