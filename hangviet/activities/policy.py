"""Who may do what to evidence: an activity, its files, an Excel upload waiting for import.

An activity belongs to its unit. It is read by whoever may read the unit's data, written by
whoever may edit for the unit — and a change that moves it to another unit needs that right on
**both** units (`require_edit(user, activity, new_unit=…)`). Deleted activities are restored
and activities published to the news column by the coordinator. Every view, API route,
service, import and task asks here; a lookup the user may not make answers "not found".
"""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hangviet.activities.models import (
    Activity,
    ActivityReturn,
    ActivityUpload,
    Attachment,
    Status,
)
from hangviet.orgs import permissions
from hangviet.orgs import policy as orgs_policy
from hangviet.orgs.models import Unit, UnitQuerySet
from hangviet.orgs.permissions import Action, User


def visible_unit_ids(user: User, verb: Action = Action.VIEW) -> list[int] | None:
    """The ids of the units whose activities the user may `verb` (None: every unit). Lists over
    the large table filter on `unit_id IN (…)`, which the (unit, date) index answers."""
    return permissions.unit_ids_for(user, verb)


_Rows = TypeVar("_Rows", bound=QuerySet[Any])


def activities_for(user: User, verb: Action = Action.VIEW, rows: _Rows | None = None) -> _Rows:
    """The activities (of `rows`, all by default) the user may `verb`."""
    found: Any = Activity.objects.all() if rows is None else rows
    ids = visible_unit_ids(user, verb)
    return found if ids is None else found.filter(unit_id__in=ids)


def may(user: User | None, activity: Activity, verb: Action = Action.VIEW) -> bool:
    return user is None or permissions.can(user, verb, activity.unit)


def activity_for(
    user: User, pk: int, verb: Action = Action.VIEW, *, deleted: bool = False
) -> Activity:
    """Return activity `pk`: 404 when it is missing or the user may not read it; for EDIT or
    MANAGE, 403 when the user reads it but may not do that."""
    manager = Activity.all_objects if deleted else Activity.objects
    activity = manager.select_related("unit", "channel", "plan").filter(pk=pk).first()
    if activity is None or not may(user, activity, Action.VIEW):
        raise Http404
    if verb != Action.VIEW and not may(user, activity, verb):
        raise PermissionDenied(_("You may not change this activity."))
    return activity


def may_log_for(user: User | None, unit: Unit) -> bool:
    """Whether the user may record activities for `unit`."""
    return user is None or permissions.can(user, Action.EDIT, unit)


def require_log_for(user: User | None, unit: Unit) -> None:
    if not may_log_for(user, unit):
        raise PermissionDenied(_("You may not report for “%(u)s”.") % {"u": unit.display_name})


def require_edit(
    user: User | None, activity: Activity | None = None, *, new_unit: Unit | None = None
) -> None:
    """Writing an activity needs EDIT on its unit as it is and, when the write moves it or
    creates it, on the unit it will belong to: the old and the new unit, both."""
    if activity is not None:
        permissions.require(user, Action.EDIT, activity.unit)
    if new_unit is not None and (activity is None or new_unit.pk != activity.unit_id):
        require_log_for(user, new_unit)


def require_manage(user: User | None, activity: Activity) -> None:
    """Restoring a deleted activity, publishing one: the coordinator."""
    permissions.require(user, Action.MANAGE, activity.unit)


def may_log(user: User | None) -> bool:
    """Whether the user records activities for some unit."""
    return permissions.may_edit(user)


def require_log(user: User | None) -> None:
    if not may_log(user):
        raise PermissionDenied(_("You do not report for any unit."))


def may_see_bin(user: User | None) -> bool:
    """The bin of deleted activities is the coordinator's."""
    return permissions.may_manage(user)


def units_to_log_for(user: User) -> UnitQuerySet:
    """The units the user may record activities for."""
    return permissions.units_for(user, Action.EDIT)


def unit_to_read(user: User, pk: int | None) -> Unit | None:
    """The unit a filter names, or None; 404 for one the user may not read."""
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None or not permissions.can(user, Action.VIEW, unit):
        raise Http404
    return unit


def attachment_for(user: User, pk: int) -> Attachment:
    """An evidence file, for whoever may read its activity; 404 otherwise."""
    attachment = Attachment.objects.select_related("activity__unit").filter(pk=pk).first()
    if attachment is None or not may(user, attachment.activity, Action.VIEW):
        raise Http404
    return attachment


def upload_for(user: User, pk: int) -> ActivityUpload:
    """An Excel file the user uploaded; anyone else's is not found."""
    upload = ActivityUpload.objects.filter(pk=pk, user_id=user.pk or 0).first()
    if upload is None:
        raise Http404
    return upload


def filter_roots(user: User) -> list[Unit]:
    """The units at the top of what the user sees (the list's unit filter starts there); None
    of them for a user who sees everything."""
    if permissions.scope_roots(user) is None:
        return []
    return [ra.unit for ra in permissions.roles_of(user)]


def own_drafts(user: User) -> QuerySet[Activity]:
    """Draft activities of the units whose own work the user does, that the user may confirm."""
    drafts = permissions.mine(Activity.objects.filter(status=Status.DRAFT), user)
    return permissions.filter_for(drafts, user, Action.EDIT)


def require_return(user: User | None, activity: Activity) -> None:
    """Sending one piece of evidence back to its unit, settling the answer: whoever reviews
    the unit's reports (MANAGE on the unit: the coordinator)."""
    permissions.require(user, Action.MANAGE, activity.unit)


def may_return(user: User | None, activity: Activity) -> bool:
    return user is None or permissions.can(user, Action.MANAGE, activity.unit)


def require_lock(user: User | None, unit: Unit) -> None:
    """Locking a unit's evidence for a period: whoever accepts its report (MANAGE)."""
    permissions.require(user, Action.MANAGE, unit)


def require_unlock(user: User | None, unit: Unit) -> None:
    """Opening a locked period again, closing the exception: the coordinator (MANAGE)."""
    permissions.require(user, Action.MANAGE, unit)


def may_unlock(user: User | None, unit: Unit) -> bool:
    return user is None or permissions.can(user, Action.MANAGE, unit)


def people_of(unit: Unit) -> list[Any]:
    """Who is told about the unit's evidence when its author is unknown."""
    return orgs_policy.working_people(unit)


def returns_for(user: User, *, status: str | None = None) -> QuerySet[Any]:
    """The evidence returns of the units whose activities the user may read."""
    from_rows: Any = ActivityReturn.objects.select_related("activity__unit", "returned_by")
    ids = visible_unit_ids(user, Action.VIEW)
    if ids is not None:
        from_rows = from_rows.filter(activity__unit_id__in=ids)
    if status is not None:
        from_rows = from_rows.filter(status=status)
    return from_rows.filter(activity__deleted_at__isnull=True)


def return_for(user: User, pk: int) -> ActivityReturn:
    row = returns_for(user).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def own_returns(user: User) -> QuerySet[Any]:
    """The evidence sent back to the units the user edits for, waiting for their answer."""
    rows: Any = ActivityReturn.objects.filter(
        status="open", activity__deleted_at__isnull=True
    ).select_related("activity__unit", "returned_by")
    ids = visible_unit_ids(user, Action.EDIT)
    return rows if ids is None else rows.filter(activity__unit_id__in=ids)
