"""The first page: for visitors, the way to the directory and the news; for staff, their work
("Việc cần làm"), each item one tap from its action."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from hangviet.desk.todo import desk_for
from hangviet.orgs import policy


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "desk/welcome.html")
    roles = policy.roles_held(request.user)
    desk = desk_for(request.user)
    may_log = policy.may_log_somewhere(request.user)
    return render(request, "desk/home.html", {"roles": roles, "desk": desk, "may_log": may_log})


def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: staff install hangviet on a phone's home screen, opening on
    quick entry, which works with no connection (activities/sw.js)."""
    return JsonResponse(
        {
            "name": "hangviet — Người Việt Nam ưu tiên dùng hàng Việt Nam",
            "short_name": "hangviet",
            "description": _("Log what your unit did for the campaign, even with no signal."),
            "lang": "vi",
            "start_url": reverse("activities:new"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#b3201f",
            "icons": [
                {
                    "src": static("hangviet/favicon.svg"),
                    "sizes": "any",
                    "type": "image/svg+xml",
                    "purpose": "any",
                }
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
