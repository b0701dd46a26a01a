"""The reporting cycle of Nghị định 09/2019: what each unit must report for a period, its
report (figures pre-filled from evidence, narrative, versions), and the consolidated report to
the Fatherland Front."""

import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hangviet.core.models import TimeStampedModel
from hangviet.core.periods import period_label
from hangviet.orgs.models import Unit
from hangviet.plans.models import Plan, Theme
from hangviet.reporting.outline import NARRATIVE_SECTIONS  # noqa: F401 — re-exported

NARRATIVE_MAX_CHARS = 20_000  # one section of a report


class Aggregation(models.TextChoices):
    COUNT = "count", _("number of activities")
    SUM = "sum", _("sum of quantities")


class Indicator(models.Model):
    """A figure of the report, computed from confirmed activities."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(default=0)
    code = models.SlugField(max_length=40)
    name = models.CharField(_("name"), max_length=200)
    unit_label = models.CharField(_("measure"), max_length=40)
    aggregation = models.CharField(_("computed as"), max_length=8, choices=Aggregation.choices)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    kinds = models.JSONField(_("kinds"), default=list, blank=True)
    measures = models.JSONField(_("measures"), default=list, blank=True)
    unit_kinds = models.JSONField(_("unit kinds"), default=list, blank=True)
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="indicator_plan_code")]

    def __str__(self) -> str:
        return self.name


class RequestKind(models.TextChoices):
    PERIODIC = "periodic", _("periodic")
    ADHOC = "adhoc", _("ad hoc")


class ReportRequest(TimeStampedModel):
    """What one unit owes for one period: the data range and the deadline."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="report_requests")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="report_requests")
    period_code = models.CharField(_("period"), max_length=40)
    start = models.DateField(_("data from"))
    end = models.DateField(_("data until"))
    deadline = models.DateField(_("deadline"))
    kind = models.CharField(
        max_length=10, choices=RequestKind.choices, default=RequestKind.PERIODIC
    )
    recipient = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-end", "unit__path"]
        verbose_name = _("report request")
        verbose_name_plural = _("report requests")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit", "period_code"], name="request_plan_unit_period"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="request_range_ordered"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("end")), name="request_deadline_after_cutoff"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period_words}"

    @property
    def period_words(self) -> str:
        """The period as people say it ("6 tháng đầu năm 2026"), or an ad hoc request's title."""
        return self.title or period_label(self.period_code)

    @property
    def current_report(self) -> "UnitReport | None":
        return self.reports.order_by("-version").first()


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


FROZEN = (ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.ACCEPTED)


class UnitReport(TimeStampedModel):
    """One version of a unit's report. Once submitted it never changes: a correction is the
    next version, and every version stays readable."""

    request = models.ForeignKey(ReportRequest, on_delete=models.CASCADE, related_name="reports")
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    narrative = models.JSONField(default=dict, blank=True)
    lock_version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["request", "-version"]
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        constraints = [
            models.UniqueConstraint(fields=["request", "version"], name="report_request_version")
        ]

    def __str__(self) -> str:
        return f"{self.request} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN


class Figure(models.Model):
    """A figure of a report: computed from evidence, and what the unit reports (with a
    written reason when the two differ)."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="figures")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    computed = models.PositiveIntegerField()
    value = models.PositiveIntegerField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="figure_once"),
            models.CheckConstraint(
                condition=Q(value=models.F("computed")) | ~Q(reason=""),
                name="figure_change_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class ConsolidatedReport(TimeStampedModel):
    """The coordinator's report for a plan and period, and its sending."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="consolidations")
    period_code = models.CharField(max_length=40)
    # The sections the coordinator wrote (or edited); the others are drafted from the data
    # each time, so "regenerate" is removing a section from here.
    narrative = models.JSONField(default=dict, blank=True)
    # "125" or "125/BC-SVHTTDL" (Nghị định 30: number/type code-issuer code), never cut.
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_to = models.CharField(_("sent to"), max_length=255, blank=True)
    lock_version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_code"], name="consolidation_plan_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.period_code}"


class Reminder(models.Model):
    """A reminder sent about a request: at most one a day per request."""

    request = models.ForeignKey(ReportRequest, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    kind = models.CharField(max_length=10)  # "before" or "overdue"
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "sent_on"], name="reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.request} · {self.sent_on} · {self.kind}"


def signed_path(instance: "SignedCopy", filename: str) -> str:
    return f"signed/{timezone.now():%Y/%m}/{instance.sha256[:16]}.pdf"


class SignedCopy(models.Model):
    """A signed PDF of a consolidated report: the signer's and the agency's digital
    signatures, stored once with its SHA-256 and never changed. Signing again makes the next
    version; every version stays downloadable."""

    consolidation = models.ForeignKey(
        ConsolidatedReport, on_delete=models.PROTECT, related_name="signed_copies"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(upload_to=signed_path, max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    dated = models.DateField(_("date of the document"))
    signed_at = models.DateTimeField(_("signed at"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signer_certificate = models.CharField(_("signer's certificate"), max_length=500)
    agency_certificate = models.CharField(_("agency's certificate"), max_length=500)
    # What the exchange envelope says of the document, as it was when signed: subject, type,
    # place, signer (authority, title, name), recipients, sender and receiver ids, pages.
    details = models.JSONField(default=dict)
    # The Phụ lục's workbook (per-unit figures and the source activities) as it was when the
    # report was signed; it travels in the exchange package beside the signed PDF.
    annex = models.FileField(upload_to=signed_path, max_length=255, blank=True)
    annex_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("signed copy")
        verbose_name_plural = _("signed copies")
        constraints = [
            models.UniqueConstraint(
                fields=["consolidation", "version"], name="signed_consolidation_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number or self.pk} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("A signed copy never changes; sign again for a new version.")
        super().save(*args, **kwargs)

    @property
    def signer_label(self) -> str:
        """Who signed: the account's name, or the name the signature carries when the account
        is gone."""
        if self.signed_by is not None:
            return self.signed_by.get_full_name() or self.signed_by.get_username()
        return str((self.details or {}).get("signer_name") or "—")

    def content(self) -> bytes:
        """The stored PDF, checked against its hash: a file changed on disk is refused."""
        with self.file.open("rb") as handle:
            data = handle.read()
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise SignedCopyTampered(self)
        return data

    def annex_content(self) -> bytes:
        """The annex workbook kept with this version (b"" for a version signed before annexes
        were kept), checked against its hash."""
        if not self.annex:
            return b""
        with self.annex.open("rb") as handle:
            data = handle.read()
        if hashlib.sha256(data).hexdigest() != self.annex_sha256:
            raise SignedCopyTampered(self)
        return data


class Receipt(TimeStampedModel):
    """The addressee's word that it received a signed report (the Front's "đã tiếp nhận"),
    which the sender sees beside the signed version."""

    copy = models.ForeignKey(SignedCopy, on_delete=models.PROTECT, related_name="receipts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("received at"))

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [
            models.UniqueConstraint(fields=["copy", "unit"], name="receipt_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.copy} → {self.unit}"

    @property
    def by_label(self) -> str:
        person = self.acknowledged_by
        return (person.get_full_name() or person.get_username()) if person else "—"


class CopyState(models.TextChoices):
    """The status of a signed report on its way, as exchange platforms carry them (edXML status
    messages: đã đến, từ chối tiếp nhận, đã tiếp nhận, đang xử lý, hoàn thành), and the
    sender's own: replaced by a later version, revoked."""

    ARRIVED = "arrived", _("arrived")
    REFUSED = "refused", _("refused")
    RECEIVED = "received", _("received")
    PROCESSING = "processing", _("being processed")
    DONE = "done", _("done")
    REPLACED = "replaced", _("replaced by a later version")
    REVOKED = "revoked", _("revoked")


class CopyStatus(models.Model):
    """One step of a signed report's history, said by its addressee or its sender; the sender
    and the addressee read the same history."""

    copy = models.ForeignKey(SignedCopy, on_delete=models.CASCADE, related_name="statuses")
    state = models.CharField(max_length=12, choices=CopyState.choices)
    reason = models.TextField(_("reason"), blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status of a signed report")
        verbose_name_plural = _("statuses of signed reports")

    def __str__(self) -> str:
        return f"{self.copy} {self.state}"

    @property
    def by_label(self) -> str:
        return (self.by.get_full_name() or self.by.get_username()) if self.by else ""


class SignedCopyTampered(RuntimeError):
    """The stored file no longer matches the hash recorded when it was signed."""

    def __init__(self, copy: SignedCopy) -> None:
        super().__init__(f"signed copy {copy.pk}: the file does not match its SHA-256")
        self.copy = copy


class QualityRule(TimeStampedModel):
    """A rule the figures of one unit's report must keep, written as data by the coordinator:
    `expression` compares sums of indicator figures ("airtime >= broadcast_programmes"), and
    `message` is what the unit and the reviewer read when it is broken."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="quality_rules")
    code = models.SlugField(_("code"), max_length=40)
    expression = models.CharField(_("rule"), max_length=300)
    message = models.CharField(_("message"), max_length=300)
    active = models.BooleanField(_("in force"), default=True)

    class Meta:
        ordering = ["plan", "code"]
        verbose_name = _("data rule")
        verbose_name_plural = _("data rules")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="quality_rule_plan_code")
        ]

    def __str__(self) -> str:
        return self.expression


class FlagNote(TimeStampedModel):
    """A flag cleared by a reason: the unit's explanation or the reviewer's. It holds for the
    value it was written about; a different value raises the flag again."""

    request = models.ForeignKey(ReportRequest, on_delete=models.CASCADE, related_name="flag_notes")
    key = models.CharField(max_length=80)
    value = models.BigIntegerField(null=True, blank=True)
    reason = models.TextField(_("reason"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("flag cleared")
        verbose_name_plural = _("flags cleared")

    def __str__(self) -> str:
        return f"{self.key}: {self.reason[:60]}"


class SampleDraw(TimeStampedModel):
    """A reproducible random sample of a plan-period's evidence: `size` items per unit drawn
    with `seed`; the same seed draws the same items."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sample_draws")
    period_code = models.CharField(max_length=40)
    size = models.PositiveSmallIntegerField(_("items per unit"))
    seed = models.CharField(_("seed"), max_length=40)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("evidence sample")
        verbose_name_plural = _("evidence samples")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.period_code} n={self.size} seed={self.seed}"


class CheckResult(models.TextChoices):
    PENDING = "pending", _("not checked yet")
    VERIFIED = "verified", _("verified")
    PROBLEM = "problem", _("does not hold")


# What the checker looks at for each item of the sample.
SAMPLE_CHECKS = ("link", "photo", "date", "quantity")


class SampleItem(models.Model):
    draw = models.ForeignKey(SampleDraw, on_delete=models.CASCADE, related_name="items")
    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="sample_items"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(
        max_length=10, choices=CheckResult.choices, default=CheckResult.PENDING
    )
    checks = models.JSONField(default=dict, blank=True)  # {"link": true, "photo": null, …}
    note = models.TextField(_("note"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["unit__path", "activity_id"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "activity"], name="sample_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.draw_id}/{self.activity_id}: {self.result}"
