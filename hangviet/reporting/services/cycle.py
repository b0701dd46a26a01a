"""Opening a reporting cycle: the standard indicators of a plan, the request to every unit its
reporting duties name for a period, ad hoc requests."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hangviet.core import audit
from hangviet.core.periods import (
    Period,
    custom_period,
    default_deadline,
    period_for_code,
)
from hangviet.core.text import fold, nfc
from hangviet.core.typing import Actor, account_of
from hangviet.orgs.models import Unit
from hangviet.plans.models import Cadence, Plan
from hangviet.reporting import policy
from hangviet.reporting.computing import DEFAULT_INDICATORS
from hangviet.reporting.models import (
    Indicator,
    ReportRequest,
    RequestKind,
)
from hangviet.reporting.selectors import consolidators

User = Actor


@transaction.atomic
def indicators_default(*, plan: Plan, by: User) -> list[Indicator]:
    """Give a plan the standard indicators of this campaign (idempotent)."""
    policy.require_ask(by, plan)
    made = []
    for order, (code, name, label, agg, kinds, measures, channels) in enumerate(DEFAULT_INDICATORS):
        indicator, created = Indicator.objects.get_or_create(
            plan=plan,
            code=code,
            defaults={
                "order": order,
                "name": name,
                "unit_label": label,
                "aggregation": agg,
                "kinds": kinds,
                "measures": measures,
                "channels": channels,
            },
        )
        if created:
            audit.record(
                "create", indicator, by=by, unit=plan.issuing_unit, changes=audit.created(indicator)
            )
        made.append(indicator)
    return made


def _check_deadline(period: Period, deadline: date) -> None:
    if deadline <= period.end:
        raise ValidationError(
            {
                "deadline": _("The deadline must come after the data cut-off (%(d)s).")
                % {"d": period.end.strftime("%d/%m/%Y")}
            }
        )


def reporters(plan: Plan, on: date) -> tuple[list[Unit], Unit | None]:
    """Return the units the plan's periodic reporting duties name (valid on `on`) and the
    unit they report to."""
    units: dict[int, Unit] = {}
    recipient = None
    issuer = plan.issuing_unit
    consolidating = set(consolidators(issuer).values_list("pk", flat=True))
    for obligation in plan.obligations.prefetch_related("reporters").select_related(
        "recipient", "via"
    ):
        if not set(obligation.cadences) & {
            Cadence.SEMIANNUAL,
            Cadence.QUARTERLY,
            Cadence.ANNUAL,
            Cadence.MONTHLY,
        }:
            continue
        recipient = obligation.via or obligation.recipient or recipient
        # The issuer and its own divisions consolidate: the issuer reports to itself only if
        # the duty names it in so many words, not as one of "các cơ quan, đơn vị". Every other
        # unit named reports, wherever it sits (under the issuer too).
        named = fold(issuer.name) in fold(obligation.reporters_text)
        for unit in obligation.reporters.all():
            if unit.pk in consolidating and not named:
                continue
            if unit.is_valid_on(on):
                units[unit.pk] = unit
    return sorted(units.values(), key=lambda u: u.path), recipient


@transaction.atomic
def requests_generate(
    *, plan: Plan, period_code: str, by: User, deadline: date | None = None
) -> list[ReportRequest]:
    """Create the period's request for every unit the plan's reporting duties name."""
    policy.require_ask(by, plan)
    period = period_for_code(period_code)
    deadline = deadline or default_deadline(period)
    _check_deadline(period, deadline)
    units, recipient = reporters(plan, period.end)
    if not units:
        raise ValidationError(_("The plan names no unit with a periodic reporting duty."))
    made = []
    for unit in units:
        request, created = ReportRequest.objects.get_or_create(
            plan=plan,
            unit=unit,
            period_code=period.code,
            defaults={
                "start": period.start,
                "end": period.end,
                "deadline": deadline,
                "recipient": recipient,
                "kind": RequestKind.PERIODIC,
                "created_by": account_of(by),
            },
        )
        if created:
            audit.record("create", request, by=by, unit=unit, changes=audit.created(request))
        made.append(request)
    return made


@transaction.atomic
def request_adhoc(
    *, plan: Plan, units: list[Unit], start: date, end: date, deadline: date, title: str, by: User
) -> list[ReportRequest]:
    """Ask some units for an ad hoc report over a range of the coordinator's choice."""
    policy.require_ask(by, plan, units)
    period = custom_period(start, end)
    _check_deadline(period, deadline)
    if not units:
        raise ValidationError({"units": _("Choose at least one unit.")})
    made = []
    for unit in units:
        request, created = ReportRequest.objects.get_or_create(
            plan=plan,
            unit=unit,
            period_code=period.code,
            defaults={
                "start": start,
                "end": end,
                "deadline": deadline,
                "kind": RequestKind.ADHOC,
                "title": nfc(title)[:200],
                "recipient": plan.issuing_unit,
                "created_by": account_of(by),
            },
        )
        if created:
            audit.record("create", request, by=by, unit=unit, changes=audit.created(request))
        made.append(request)
    return made
