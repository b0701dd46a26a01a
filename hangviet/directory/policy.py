"""Who may moderate the directory (producers, products, sales points, fairs, suppliers, their
photos, applications and reports from the public).

One rule: manage rights on the listing's commune (a product's is its producer's), or anywhere
for a listing without a commune and for the moderation queue. A change that moves a listing to
another commune (or a product to another producer) needs the right on both, old and new.
"""

from typing import Any

from django.contrib.auth.models import User as DjangoUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from hangviet.orgs import permissions
from hangviet.orgs.models import Unit
from hangviet.orgs.permissions import Action, User
from hangviet.orgs.policy import coordinators


def commune_of(listing: Any) -> Unit | None:
    """The commune a listing belongs to (a product's is its producer's)."""
    commune = getattr(listing, "commune", None)
    producer = getattr(listing, "producer", None) if commune is None else None
    if producer is not None:
        commune = producer.commune
    return commune


def may_moderate(user: User | None, listing: Any = None) -> bool:
    """Manage rights on the listing's commune, or anywhere for a listing without a commune and
    for the queue. None is the system."""
    if user is None:
        return True
    commune = commune_of(listing) if listing is not None else None
    if commune is None:
        return permissions.may_manage(user)
    return permissions.can(user, Action.MANAGE, commune)


def require_moderate(user: User | None, listing: Any = None, *, after: Any = None) -> None:
    """`listing` as stored and, for a change, `after` as it will be: both must be the user's
    to moderate."""
    for state in (listing, after) if after is not None else (listing,):
        if not may_moderate(user, state):
            raise PermissionDenied(_("Only the directory's moderators may do this."))


def moderators_of(listing: Any) -> list[DjangoUser]:
    """The coordinators who may moderate `listing` (told when it waits, when a certificate
    lapses)."""
    return [person for person in coordinators() if may_moderate(person, listing)]
