"""What a consolidation is made of: each reporting unit's standing (the figures of record
come from its latest accepted report), the indicator lines, the differences and the facts the
narrative names. Data only; `consolidation` computes it, `drafting` and `documents` write it."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from hangviet.activities.models import Activity, Status
from hangviet.core.periods import Period, period_label, shifted_period
from hangviet.orgs.groups import group_of
from hangviet.orgs.models import Unit
from hangviet.plans.models import Plan
from hangviet.reporting.facts import Facts
from hangviet.reporting.models import (
    NARRATIVE_SECTIONS,
    ConsolidatedReport,
    Indicator,
    ReportRequest,
    ReportStatus,
    UnitReport,
)
from hangviet.reporting.outcomes import OutcomeFacts
from hangviet.reporting.selectors import Completeness

# The states of a unit in the consolidation, in the order the report lists them.
ACCEPTED, SUBMITTED, RETURNED, MISSING = "accepted", "submitted", "returned", "missing"
STATE_LABELS = {
    ACCEPTED: "đã tiếp nhận",
    SUBMITTED: "đã gửi, chưa được tiếp nhận",
    RETURNED: "bị trả lại để bổ sung",
    MISSING: "chưa gửi báo cáo",
}


@dataclass
class UnitRecord:
    """One reporting unit's standing in the consolidation."""

    request: ReportRequest
    state: str
    record: UnitReport | None  # the latest accepted version: its figures are the record
    latest: UnitReport | None  # the latest version of any status
    first_sent: datetime | None
    group: str

    @property
    def unit(self) -> Unit:
        return self.request.unit

    @property
    def late(self) -> bool:
        """Sent after the deadline, or not sent and the deadline has passed."""
        if self.first_sent is not None:
            return timezone.localdate(self.first_sent) > self.request.deadline
        return timezone.localdate() > self.request.deadline


@dataclass
class IndicatorLine:
    """An indicator's figures of record by group of units, and the evidence of the same units
    as it stands now (confirmed activities) beside them."""

    indicator: Indicator
    reported: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, int] = field(default_factory=dict)  # of the accepted units, now
    pending: int = 0  # evidence of units without an accepted report: not in the totals

    @property
    def total(self) -> int:
        return sum(self.reported.values())

    @property
    def evidence_total(self) -> int:
        return sum(self.evidence.values())


@dataclass
class Difference:
    """A figure a unit reported that differs from its evidence, with the unit's reason."""

    record: UnitRecord
    indicator: Indicator
    evidence: int
    reported: int
    reason: str


@dataclass(frozen=True)
class Line:
    """One paragraph of a drafted section and the figures it states (`quoted`: the units' own
    words, whose numbers are theirs)."""

    text: str
    figures: tuple[int, ...] = ()
    quoted: bool = False


@dataclass
class SampleSummary:
    """The latest evidence sample of the period, as far as it was checked."""

    seed: str
    units: int  # units whose items were checked
    checked: int
    verified: int


@dataclass
class Consolidation:
    plan: Plan
    period: Period
    requests: list[ReportRequest]
    records: list[UnitRecord]
    groups: list[tuple[str, str]]  # (code, label) of the groups present
    lines: list[IndicatorLine]
    differences: list[Difference]
    facts: Facts  # every figure the documents and pages state, with its rule
    completeness: list[Completeness]
    pending_units: list[tuple[UnitRecord, dict[int, int]]]  # evidence per indicator id
    unit_ids: list[int]  # the units under the accepted reports (the source activities)
    saved: ConsolidatedReport | None = None
    drafted: dict[str, list[Line]] = field(default_factory=dict)
    activity_count: int = 0
    sample: "SampleSummary | None" = None
    outcomes: OutcomeFacts | None = None  # survey and fairs of the period (`outcomes`)

    @property
    def period_words(self) -> str:
        return period_label(self.period.code)

    @property
    def upcoming_words(self) -> str:
        """The next period as documents name it ("06 tháng cuối năm 2026")."""
        code = shifted_period(self.period.code, 1)
        return period_label(code, document=True) if code else "thời gian tới"

    @property
    def accepted(self) -> list[UnitRecord]:
        return [r for r in self.records if r.state == ACCEPTED]

    def in_state(self, state: str) -> list[UnitRecord]:
        return [r for r in self.records if r.state == state]

    @property
    def missing(self) -> list[Unit]:
        return [r.unit for r in self.records if r.state == MISSING]

    @property
    def edited(self) -> set[str]:
        """The sections the coordinator wrote; the others are drafted from the data."""
        saved = self.saved.narrative if self.saved else {}
        return {code for code, _l in NARRATIVE_SECTIONS if (saved.get(code) or "").strip()}

    @property
    def narrative(self) -> dict[str, str]:
        saved = self.saved.narrative if self.saved else {}
        return {
            code: saved[code]
            if code in self.edited
            else "\n".join(line.text for line in self.drafted.get(code, []))
            for code, _l in NARRATIVE_SECTIONS
        }

    def activities(self) -> QuerySet[Activity]:
        """The confirmed activities behind the figures of record (the annex's source sheet)."""
        return Activity.objects.filter(status=Status.CONFIRMED, unit_id__in=self.unit_ids).in_range(
            self.period.start, self.period.end
        )


def record_of(request: ReportRequest) -> UnitRecord:
    """Return a request's standing: the figures of record come from the latest accepted
    version; otherwise the latest version's state (returned, sent, or not sent)."""
    versions = sorted(request.reports.all(), key=lambda r: r.version)
    accepted = [r for r in versions if r.status == ReportStatus.ACCEPTED]
    latest = versions[-1] if versions else None
    sent = [r.submitted_at for r in versions if r.submitted_at is not None]
    if accepted:
        state = ACCEPTED
    elif latest is not None and latest.status == ReportStatus.SUBMITTED:
        state = SUBMITTED
    elif latest is not None and latest.status == ReportStatus.RETURNED:
        state = RETURNED
    else:
        state = MISSING
    return UnitRecord(
        request=request,
        state=state,
        record=accepted[-1] if accepted else None,
        latest=latest,
        first_sent=min(sent) if sent else None,
        group=group_of(request.unit),
    )
