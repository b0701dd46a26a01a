"""Reads of the reporting cycle: inboxes, and completeness and timeliness."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hangviet.orgs.groups import GROUPS, group_of
from hangviet.orgs.models import Unit, UnitKind, UnitQuerySet
from hangviet.orgs.permissions import User
from hangviet.plans.models import Plan
from hangviet.reporting import policy
from hangviet.reporting.models import ReportRequest, ReportStatus, UnitReport


def consolidators(issuer: Unit) -> UnitQuerySet:
    """The issuing unit and its own internal divisions: they consolidate the plan's reports
    and are not reporting units of it. Every other unit the plan names reports, wherever it
    sits (a plan of the provincial People's Committee names units under it)."""
    return Unit.objects.filter(Q(pk=issuer.pk) | Q(parent=issuer, kind=UnitKind.DIVISION))


def reporting_requests_of(plan: Plan) -> QuerySet[ReportRequest]:
    """The plan's requests to its reporting units (requests made to the issuer or its divisions
    before that rule are left out)."""
    return ReportRequest.objects.filter(plan=plan).exclude(
        unit__in=consolidators(plan.issuing_unit)
    )


@dataclass
class InboxRow:
    request: ReportRequest
    report: UnitReport | None
    state: str  # due, overdue, draft, returned, submitted, accepted
    days_left: int

    @property
    def state_label(self) -> str:
        """The state in words (as reporting/_state.html says it, without an include per row
        of a long list)."""
        return str(STATE_WORDS.get(self.state, self.state))


STATE_WORDS = {
    "overdue": _("overdue"),
    "due": _("not started"),
    "draft": _("draft"),
    "returned": _("returned"),
    "submitted": _("submitted"),
    "accepted": _("accepted"),
}


def state_of(request: ReportRequest, report: UnitReport | None, today: date) -> str:
    if report is None or report.status == ReportStatus.DRAFT:
        return "overdue" if today > request.deadline else ("draft" if report else "due")
    return str(report.status)


def inbox(user: User, *, plan_id: int | None = None, period: str = "") -> list[InboxRow]:
    """Return the user's requests with their state, what needs action first."""
    # The plan is read once, not joined to every row: its text is long and every row of a
    # plan's inbox shares it.
    qs = (
        policy.requests_for(user)
        .select_related(None)
        .select_related("unit", "recipient")
        .prefetch_related("reports")
    )
    if plan_id:
        qs = qs.filter(plan_id=plan_id)
    if period:
        qs = qs.filter(period_code=period)
    today = timezone.localdate()
    rows = []
    requests = list(qs[:2000])
    plans = Plan.objects.in_bulk({r.plan_id for r in requests})
    for request in requests:
        request.plan = plans[request.plan_id]
        reports = sorted(request.reports.all(), key=lambda r: -r.version)
        report = reports[0] if reports else None
        rows.append(
            InboxRow(
                request, report, state_of(request, report, today), (request.deadline - today).days
            )
        )
    order = {"overdue": 0, "returned": 1, "due": 2, "draft": 3, "submitted": 4, "accepted": 5}
    rows.sort(key=lambda r: (order[r.state], r.request.deadline, r.request.unit.path))
    return rows


@dataclass
class Completeness:
    group: str
    label: str
    expected: int
    received: int
    on_time: int

    @property
    def received_rate(self) -> float:
        return self.received / self.expected if self.expected else 0.0

    @property
    def on_time_rate(self) -> float:
        return self.on_time / self.expected if self.expected else 0.0


def completeness(plan_id: int, period_code: str) -> list[Completeness]:
    """Return expected, received and on-time reports per unit group, and the total.

    Expected: the period's requests of units that still existed at the data cut-off (a unit
    closed or merged during the period is reported by its successor, which has a request of
    its own); never the issuing department, which consolidates. Received: expected requests
    with a submitted or accepted version, the first submission counting. On time: received no
    later than the deadline. Received ⊆ expected, so no rate can exceed 100%.
    """
    plan = Plan.objects.select_related("issuing_unit").get(pk=plan_id)
    requests = (
        reporting_requests_of(plan)
        .filter(period_code=period_code)
        .select_related("unit")
        .prefetch_related("reports")
    )
    tally = {g.code: [0, 0, 0] for g in GROUPS}
    for request in requests:
        if not request.unit.is_valid_on(request.end):
            continue
        code = group_of(request.unit)
        tally[code][0] += 1
        sent = [r.submitted_at for r in request.reports.all() if r.submitted_at is not None]
        if sent:
            tally[code][1] += 1
            first = min(sent)
            if timezone.localdate(first) <= request.deadline:
                tally[code][2] += 1
    rows = [Completeness(g.code, str(g.label), *tally[g.code]) for g in GROUPS if tally[g.code][0]]
    total = Completeness(
        "total", str(_("Total")), *(sum(t[i] for t in tally.values()) for i in range(3))
    )
    return [*rows, total]
