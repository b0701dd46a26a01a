"""Who may do what in the reporting cycle: a unit's report requests and reports, the
consolidated report of a plan-period, its signature and its signed copies.

- A unit's report is read by whoever may read the unit's data, written by its editors and
  head, sent by its head, reviewed (returned or accepted) by the coordinator.
- The consolidated report of a plan is drafted by the plan's coordinator (who manages its
  issuing unit) and **signed only by the head of the issuing unit itself** — never by the
  head of a unit above it: `may_sign` is the one place that says so.
- Signed copies are read by whoever may read the issuing unit's data and by the body the
  report is addressed to.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hangviet.orgs import permissions
from hangviet.orgs.models import Role, Unit, UnitKind
from hangviet.orgs.permissions import Action, User
from hangviet.plans import policy as plan_policy
from hangviet.plans.models import Plan
from hangviet.plans.selectors import front_of
from hangviet.reporting.models import (
    ConsolidatedReport,
    ReportRequest,
    ReportStatus,
    SignedCopy,
    UnitReport,
)

SIGNER_ROLE = Role.HEAD


# --- a unit's report ---------------------------------------------------------------------


def requests_for(user: User, verb: Action = Action.VIEW) -> QuerySet[ReportRequest]:
    return permissions.filter_for(
        ReportRequest.objects.select_related("unit", "plan", "recipient"), user, verb
    )


def may(user: User | None, request: ReportRequest, verb: Action) -> bool:
    """VIEW the request's report, EDIT its draft, SUBMIT it, MANAGE (review) it."""
    return user is None or permissions.can(user, verb, request.unit)


def require(user: User | None, request: ReportRequest, verb: Action) -> None:
    permissions.require(user, verb, request.unit)


def may_explain(user: User | None, request: ReportRequest) -> bool:
    """Explaining a data-quality flag: the unit (who edits its report) or its reviewer."""
    return may(user, request, Action.EDIT) or may(user, request, Action.MANAGE)


def require_explain(user: User | None, request: ReportRequest) -> None:
    if not may_explain(user, request):
        require(user, request, Action.EDIT)  # its 403 or 404, as for the report itself


def require_send(user: User | None, request: ReportRequest) -> None:
    if not may(user, request, Action.SUBMIT):
        raise PermissionDenied(_("Only the head of the unit sends the report."))


def request_for(user: User, pk: int) -> ReportRequest:
    """Return report request `pk`, or 404 when it is missing or not the user's to read."""
    found = ReportRequest.objects.select_related("unit", "plan", "recipient").filter(pk=pk).first()
    if found is None or not may(user, found, Action.VIEW):
        raise Http404
    return found


def report_for(user: User, pk: int) -> UnitReport:
    """Return unit report `pk` (one version), or 404."""
    found = (
        UnitReport.objects.select_related(
            "request__unit", "request__plan__issuing_unit", "request__recipient", "submitted_by"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None or not may(user, found.request, Action.VIEW):
        raise Http404
    return found


def may_ask(user: User | None, plan: Plan, units: list | None = None) -> bool:
    """Opening a cycle or asking units for an ad hoc report: the plan's coordinator, for units
    they manage."""
    if not plan_policy.may_manage(user, plan):
        return False
    return all(user is None or permissions.can(user, Action.MANAGE, u) for u in units or [])


def require_ask(user: User | None, plan: Plan, units: list | None = None) -> None:
    if not may_ask(user, plan, units):
        raise PermissionDenied(_("Only the plan's coordinator manages its reporting cycle."))


def adhoc_units_for(user: User) -> QuerySet:
    """The units the user may ask for an ad hoc report."""
    return permissions.units_for(user, Action.MANAGE)


def cycle_plan_for(user: User, pk: int) -> Plan:
    """The plan whose reporting cycle the user runs (its coordinator); 403 otherwise."""
    plan = Plan.objects.select_related("issuing_unit").filter(pk=pk).first()
    if plan is None:
        raise Http404
    require_ask(user, plan)
    return plan


def managed_plans(user: User) -> list[Plan]:
    """The current plans whose cycle the user runs."""
    return list(plan_policy.plans_for(user, Action.MANAGE))


# --- the consolidated report -----------------------------------------------------------------


def may_draft(user: User | None, plan: Plan) -> bool:
    """The coordinator of the issuing unit drafts and edits the consolidated report."""
    return plan_policy.may_manage(user, plan)


def require_draft(user: User | None, plan: Plan) -> None:
    if not may_draft(user, plan):
        raise PermissionDenied(_("Only the plan's coordinator manages its reporting cycle."))


def may_sign(user: User | None, plan: Plan) -> bool:
    """Only the head of the issuing unit itself signs its reports (the system never does)."""
    return user is not None and permissions.holds(user, SIGNER_ROLE, plan.issuing_unit)


def require_sign(user: User | None, plan: Plan) -> None:
    if not may_sign(user, plan):
        raise PermissionDenied(
            _("Only the head of %(unit)s signs its reports.") % {"unit": plan.issuing_unit.name}
        )


def signing_plan_for(user: User, pk: int) -> Plan:
    """The plan, for whoever drafts its report (coordinator) or signs it (head of the issuing
    unit); anyone else gets 404."""
    plan = Plan.objects.select_related("issuing_unit").filter(pk=pk).first()
    if plan is None or not (may_draft(user, plan) or may_sign(user, plan)):
        raise Http404
    return plan


def signable_for(user: User) -> QuerySet[ConsolidatedReport]:
    """Consolidated reports the user may sign."""
    units = [
        ra.unit_id
        for ra in permissions.roles_of(user)
        if ra.role == SIGNER_ROLE and permissions.holds(user, SIGNER_ROLE, ra.unit)
    ]
    return ConsolidatedReport.objects.filter(plan__issuing_unit_id__in=units)


# Units that work for the body above them, not as bodies of their own.
OFFICES_OF_A_BODY = (UnitKind.DIVISION, UnitKind.STEERING)


def receiving_units(user: User) -> list[Unit]:
    """The bodies for which `user` receives documents: the units they hold a role on, and the
    body a division or steering committee they work in belongs to (the Front's office and its
    Ban Chỉ đạo receive for the Front). Never any other unit above: a commune's officer does
    not receive the province's mail."""
    units = permissions.held_units(user)
    ids = {u.pk for u in units}
    ids |= {u.parent_id for u in units if u.kind in OFFICES_OF_A_BODY and u.parent_id}
    return list(Unit.objects.filter(pk__in=ids))


def may_receive(user: User | None, copy: SignedCopy) -> bool:
    """The body a signed report is addressed to (its people) receives and acknowledges it."""
    receiver = (copy.details or {}).get("receiver_id")
    return bool(user and receiver and receiver in {u.pk for u in receiving_units(user)})


def require_receive(user: User | None, copy: SignedCopy) -> None:
    if not may_receive(user, copy):
        raise PermissionDenied(_("Only the body this report is addressed to acknowledges it."))


def is_addressee(user: User | None, plan: Plan) -> bool:
    """The user works for the body the plan's report is addressed to (the Front)."""
    front = front_of(plan)
    return bool(user and front and front.pk in {u.pk for u in receiving_units(user)})


def may_read_consolidation(user: User, plan: Plan) -> bool:
    """The report as a document (DOCX, PDF, the annex): its drafters, its signer, and the body
    it is addressed to."""
    return may_draft(user, plan) or may_sign(user, plan) or is_addressee(user, plan)


def consolidation_plan_for(user: User, pk: int) -> Plan:
    plan = Plan.objects.select_related("issuing_unit").filter(pk=pk).first()
    if plan is None or not may_read_consolidation(user, plan):
        raise Http404
    return plan


def received_for(user: User) -> QuerySet[SignedCopy]:
    """The signed reports addressed to the bodies the user receives for, newest first."""
    ids = [u.pk for u in receiving_units(user)]
    return (
        SignedCopy.objects.filter(details__receiver_id__in=ids)
        .select_related("consolidation__plan__issuing_unit", "signed_by")
        .order_by("-signed_at")
    )


def may_read_signed(user: User, plan: Plan) -> bool:
    return permissions.can(user, Action.VIEW, plan.issuing_unit)


def received_copy_for(user: User, pk: int) -> SignedCopy:
    """A signed report, for its addressee's people and for whoever reads the issuing unit's
    data; 404 otherwise."""
    copy = (
        SignedCopy.objects.select_related("consolidation__plan__issuing_unit", "signed_by")
        .filter(pk=pk)
        .first()
    )
    if copy is None or not (
        may_receive(user, copy) or may_read_signed(user, copy.consolidation.plan)
    ):
        raise Http404
    return copy


def signed_copy_for(user: User, plan_id: int, period: str, version: int) -> SignedCopy:
    """A signed version, for whoever may read the issuing unit's data (its recipients, the
    Front's viewers, included) and for the body it is addressed to; 404 otherwise."""
    plan = Plan.objects.select_related("issuing_unit").filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    copy = (
        SignedCopy.objects.select_related("consolidation__plan")
        .filter(consolidation__plan=plan, consolidation__period_code=period, version=version)
        .first()
    )
    if copy is None or not (may_read_signed(user, plan) or may_receive(user, copy)):
        raise Http404
    return copy


# --- the first page ----------------------------------------------------------------------


def own_requests(user: User) -> QuerySet[ReportRequest]:
    """The report requests of the units whose own work the user does (head, editor)."""
    return permissions.mine(ReportRequest.objects.all(), user)


def review_queue(user: User) -> QuerySet[UnitReport]:
    """Sent reports waiting for the user's review (coordinators)."""
    return permissions.filter_for(
        UnitReport.objects.filter(status=ReportStatus.SUBMITTED),
        user,
        Action.MANAGE,
        "request__unit",
    )


def managed_requests(user: User) -> QuerySet[ReportRequest]:
    """The requests of the plans whose cycle the user runs."""
    return permissions.filter_for(
        ReportRequest.objects.all(), user, Action.MANAGE, "plan__issuing_unit"
    )
