"""Who must use two-step sign-in, and who may change a person's settings."""

from django.conf import settings

from hangviet.core.typing import Actor, account_of
from hangviet.orgs import permissions


def two_factor_required(user: Actor) -> bool:
    """Return whether `user`'s roles (or being an administrator) require two-step sign-in:
    `TWO_FACTOR_REQUIRED_ROLES` lists the roles, `TWO_FACTOR_REQUIRED_FOR_ADMINS` covers
    administrators."""
    account = account_of(user)
    if account is None:
        return False
    if account.is_superuser and getattr(settings, "TWO_FACTOR_REQUIRED_FOR_ADMINS", False):
        return True
    roles = set(getattr(settings, "TWO_FACTOR_REQUIRED_ROLES", []))
    return bool(roles) and any(ra.role in roles for ra in permissions.roles_of(account))
