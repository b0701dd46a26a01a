"""Who may do what on the exchange desk — the one place it is decided, for the pages, the
command line and the services alike.

- A package received is handled (acknowledged, refused, its progress said) by the people of the
  body it is addressed to (`reporting.policy.receiving_units`: the Front's office and its Ban
  Chỉ đạo receive for the Front), and read by them only.
- A package sent is sent, replaced or revoked by whoever may sign the report it carries (the
  head of the issuing unit), and read by whoever may read that unit's signed reports.
- Exchange partners (agency codes, folders, addresses, keys) are the installation's
  administrators' business."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hangviet.exchange.models import Direction, Package
from hangviet.orgs import permissions
from hangviet.orgs.models import Role, Unit
from hangviet.orgs.permissions import Action, User
from hangviet.reporting import policy as reporting_policy
from hangviet.reporting.models import SignedCopy


def receiving_unit_ids(user: User | None) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    return {u.pk for u in reporting_policy.receiving_units(user)}


def may_handle(user: User | None, package: Package) -> bool:
    return package.direction == Direction.IN and package.receiver_id in receiving_unit_ids(user)


def require_handle(user: User | None, package: Package) -> None:
    if not may_handle(user, package):
        raise PermissionDenied(_("Only the body this package is addressed to handles it."))


def may_send(user: User | None, copy: SignedCopy) -> bool:
    return reporting_policy.may_sign(user, copy.consolidation.plan)


def require_send(user: User | None, copy: SignedCopy) -> None:
    if not may_send(user, copy):
        raise PermissionDenied(_("Only the signer of this report sends, replaces or revokes it."))


def may_administer(user: User | None) -> bool:
    return bool(user and user.is_authenticated and permissions.is_administrator(user))


def require_administer(user: User | None) -> None:
    if not may_administer(user):
        raise PermissionDenied(_("Exchange partners are set by the installation's administrators."))


def sending_unit_codes(user: User) -> list[str]:
    """The agency codes of the units whose signed reports the user may read (one query)."""
    return list(
        permissions.units_for(user, Action.VIEW)
        .exclude(agency_code="")
        .values_list("agency_code", flat=True)
    )


def packages_for(user: User) -> QuerySet[Package]:
    """What the user sees on the desk: packages addressed to the bodies they receive for, and
    packages sent by the units whose signed reports they may read."""
    if not user.is_authenticated:
        return Package.objects.none()
    received = Q(direction=Direction.IN, receiver_id__in=receiving_unit_ids(user))
    sent = Q(direction=Direction.OUT, signed_copy__isnull=False) & Q(
        sender_code__in=sending_unit_codes(user)
    )
    return Package.objects.filter(received | sent).select_related("receiver", "replaces", "peer")


def package_for(user: User, pk: int) -> Package:
    package = packages_for(user).filter(pk=pk).first()
    if package is None:
        raise Http404(_("No such package, or it is not yours to see."))
    return package


def copy_to_send_for(user: User, pk: int) -> SignedCopy:
    """The signed copy the user sends: 404 when they may not even see it, 403 when they see it
    (its signing unit's reader, its addressee) but do not sign it."""
    copy = (
        SignedCopy.objects.select_related("consolidation__plan__issuing_unit").filter(pk=pk).first()
    )
    if copy is None or not (
        reporting_policy.may_read_signed(user, copy.consolidation.plan)
        or reporting_policy.may_receive(user, copy)
    ):
        raise Http404(_("No such signed report, or it is not yours to see."))
    require_send(user, copy)
    return copy


def may_sign_upward(user: User | None, unit: Unit) -> bool:
    """The body's report up the chain is signed by its head only (the Front's chairman or
    the vice-chairman holding the head's role on the Front)."""
    return user is not None and permissions.holds(user, Role.HEAD, unit)


def require_sign_upward(user: User | None, unit: Unit) -> None:
    if not may_sign_upward(user, unit):
        raise PermissionDenied(_("Only the head of %(u)s signs its report.") % {"u": unit.name})
