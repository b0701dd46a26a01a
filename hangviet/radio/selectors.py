"""Reads of grassroots radio, scoped by the reader's units."""

from django.db.models import Q, QuerySet

from hangviet.orgs.permissions import Action, User, filter_for
from hangviet.radio.models import Broadcast, Bulletin


def bulletins_for(user: User) -> QuerySet[Bulletin]:
    """Bulletins written by the user's units and those meant for the user's communes."""
    written = filter_for(Bulletin.objects.all(), user, Action.VIEW).values("pk")
    received = filter_for(Bulletin.objects.all(), user, Action.VIEW, "communes").values("pk")
    return (
        Bulletin.objects.filter(Q(pk__in=written) | Q(pk__in=received))
        .select_related("unit", "theme")
        .distinct()
    )


def broadcasts_for(user: User, bulletin: Bulletin) -> QuerySet[Broadcast]:
    """The broadcasts of a bulletin in the communes the user sees."""
    return filter_for(
        bulletin.broadcasts.select_related("commune", "activity"), user, Action.VIEW, "commune"
    )
