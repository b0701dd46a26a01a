"""Types every app shares."""

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

# Who acts on a service: a signed-in user (or an anonymous visitor, whom permission refuses),
# or None for the system (a command run by an operator, a task, the demo).
Actor = User | AnonymousUser | None


def account_of(by: Actor) -> User | None:
    """Return the signed-in account behind `by`, as foreign keys store it (None for the
    system and for anonymous visitors)."""
    return by if isinstance(by, User) and by.is_authenticated else None


class HtmxHttpRequest(HttpRequest):
    """A request through django-htmx's middleware (`request.htmx`)."""

    htmx: HtmxDetails


def is_htmx(request: HttpRequest) -> bool:
    """Return whether htmx sent the request (django-htmx's `request.htmx`)."""
    return bool(getattr(request, "htmx", False))


def signed_in(request: HttpRequest) -> User:
    """Return the signed-in account of a view that requires one (`login_required`)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user
