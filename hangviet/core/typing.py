"""Types every app shares."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

# Who acts on a service: a signed-in user (or an anonymous visitor, whom permission refuses),
# or None for the system (a command run by an operator, a task, the demo).
Actor = AbstractBaseUser | AnonymousUser | None


def account_of(by: Actor) -> User | None:
    """Return the signed-in account behind `by`, as foreign keys store it (None for the
    system and for anonymous visitors)."""
    return by if isinstance(by, User) and by.is_authenticated else None
