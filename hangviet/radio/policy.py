"""Who may do what to grassroots radio: a bulletin (its text, its communes, its audio) and
the broadcasts planned and done in a commune.

A bulletin belongs to the unit that wrote it and is read there and in the communes it is
meant for. Writing it needs EDIT on its unit as stored **and** on the unit it is being given
(`require_edit(user, bulletin, new_unit=…)`), and on every commune it is meant for. A
broadcast is planned and recorded by whoever may edit for its commune.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.activities.models import Activity
from hangviet.orgs import permissions
from hangviet.orgs.models import Unit, UnitKind, UnitQuerySet
from hangviet.orgs.permissions import Action, User
from hangviet.radio.models import Broadcast, Bulletin


def bulletins_for(user: User) -> QuerySet[Bulletin]:
    """Bulletins written by the user's units and those meant for the user's communes."""
    everything = Bulletin.objects.all()
    written = permissions.filter_for(everything, user, Action.VIEW).values("pk")
    received = permissions.filter_for(everything, user, Action.VIEW, "communes").values("pk")
    return (
        Bulletin.objects.filter(Q(pk__in=written) | Q(pk__in=received))
        .select_related("unit", "theme")
        .distinct()
    )


def may_edit(user: User | None, bulletin: Bulletin) -> bool:
    """Only the unit that wrote a bulletin changes it (and asks for its audio)."""
    return user is None or permissions.can(user, Action.EDIT, bulletin.unit)


def bulletin_for(user: User, pk: int, verb: Action = Action.VIEW) -> Bulletin:
    """Return bulletin `pk`: 404 when missing or not the user's to read; 403 for EDIT when the
    user reads it but did not write it."""
    bulletin = bulletins_for(user).filter(pk=pk).first()
    if bulletin is None:
        raise Http404
    if verb != Action.VIEW and not may_edit(user, bulletin):
        raise PermissionDenied(_("Only the unit that wrote the bulletin may change it."))
    return bulletin


def require_edit(
    user: User | None,
    bulletin: Bulletin | None,
    *,
    new_unit: Unit | None = None,
    communes: list[Unit] | None = None,
) -> None:
    """The unit as stored (`bulletin`, None for a new one), the unit it is given, and every
    commune it is meant for: EDIT on each."""
    if bulletin is not None:
        permissions.require(user, Action.EDIT, bulletin.unit)
    if new_unit is not None:
        permissions.require(user, Action.EDIT, new_unit)
    for commune in communes or []:
        permissions.require(user, Action.EDIT, commune)


def author_unit(user: User) -> Unit | None:
    """The unit a new bulletin is written for: the user's first unit where they may edit."""
    for role in permissions.roles_of(user):
        if permissions.can(user, Action.EDIT, role.unit):
            return role.unit
    return None


def communes_for(user: User, verb: Action = Action.EDIT) -> UnitQuerySet:
    """Today's communes in which the user may `verb`."""
    return (
        permissions.filter_for(Unit.objects.filter(kind=UnitKind.COMMUNE_PC), user, verb, "")
        .valid_on(timezone.localdate())
        .order_by("name")
    )


def may_schedule_in(user: User | None, commune: Unit) -> bool:
    return user is None or permissions.can(user, Action.EDIT, commune)


def require_schedule_in(user: User | None, commune: Unit) -> None:
    permissions.require(user, Action.EDIT, commune)


def broadcasts_for(user: User, bulletin: Bulletin) -> QuerySet[Broadcast]:
    """The broadcasts of a bulletin in the communes the user sees."""
    return permissions.filter_for(
        bulletin.broadcasts.select_related("commune", "activity"), user, Action.VIEW, "commune"
    )


def broadcast_for(user: User, pk: int) -> Broadcast:
    """A broadcast in a commune the user sees; 404 otherwise."""
    rows = permissions.filter_for(Broadcast.objects.all(), user, Action.VIEW, "commune")
    broadcast = rows.filter(pk=pk).first()
    if broadcast is None:
        raise Http404
    return broadcast


def source_activity_for(user: User, pk: int) -> Activity:
    """A confirmed activity the user may read, to draft a bulletin from; 404 otherwise."""
    rows = permissions.filter_for(Activity.objects.filter(status="confirmed"), user, Action.VIEW)
    found = rows.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def own_broadcasts(user: User, day: date) -> QuerySet[Broadcast]:
    """Broadcasts planned on `day` and not done yet in the communes whose own work the user
    does."""
    return permissions.mine(
        Broadcast.objects.filter(date=day, done_at__isnull=True), user, "commune"
    )


def may_keep_spoken_forms(user: User | None) -> bool:
    """The list of how the loudspeaker reads local abbreviations: the coordinators."""
    return permissions.may_manage(user)


def require_keep_spoken_forms(user: User | None) -> None:
    if not may_keep_spoken_forms(user):
        raise PermissionDenied(_("Only a coordinator keeps the list of spoken forms."))
