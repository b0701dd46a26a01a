"""Plans as structured duties: themes, channels, assignments to units, reporting duties.

A plan keeps the parts of the administrative document it came from (header, legal bases,
recipients, signature) so it can be written back out in the Nghị định 30 format. An amendment
is a new version; the earlier one stays readable and frozen.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hangviet.core.models import TimeStampedModel
from hangviet.orgs.models import Unit


class ChannelGroup(models.TextChoices):
    PRESS = "press", _("Press")
    PORTAL = "portal", _("Provincial e-portal")
    GRASSROOTS = "grassroots", _("Grassroots information system")
    ELECTRONIC = "electronic", _("Agency portals and bulletins")
    DIRECT = "direct", _("Direct and visual communication")
    DIGITAL = "digital", _("Social media")


class Channel(models.Model):
    """One channel of the shared taxonomy. Codes are stable; users may add channels."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    group = models.CharField(_("group"), max_length=16, choices=ChannelGroup.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_builtin = models.BooleanField(_("built in"), default=False)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class DocType(models.TextChoices):
    PLAN = "KH", _("Plan (Kế hoạch)")
    REPORT = "BC", _("Report (Báo cáo)")
    GUIDANCE = "HD", _("Guidance (Hướng dẫn)")
    NOTICE = "TB", _("Notice (Thông báo)")
    PROGRAMME = "CTr", _("Programme (Chương trình)")
    DECISION = "QĐ", _("Decision (Quyết định)")
    LETTER = "", _("Official letter (Công văn)")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class Plan(TimeStampedModel):
    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="plans"
    )
    doc_type = models.CharField(
        _("document type"), max_length=4, choices=DocType.choices, default=DocType.PLAN, blank=True
    )
    doc_type_name = models.CharField(
        _("document type as written"), max_length=40, default="KẾ HOẠCH"
    )
    number = models.CharField(
        _("number"), max_length=10, blank=True, help_text=_("Filled in at issuance.")
    )
    # A Party committee's documents join number and symbol with a dash ("35-KH/TU"), the
    # state's with a slash ("18/KH-SVHTTDL"); older letters with a space ("2291 TM/XTTM").
    joiner = models.CharField(
        _("between number and symbol"),
        max_length=1,
        choices=[("/", "/"), ("-", "-"), (" ", _("a space"))],
        default="/",
    )
    symbol = models.CharField(_("symbol"), max_length=60, help_text=_("e.g. KH-STTTT"))
    parent_body = models.CharField(_("parent body"), max_length=200, blank=True)
    issuer_name = models.CharField(_("issuing body as written"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=80)
    issue_day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    issue_month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    issue_year = models.PositiveSmallIntegerField(_("year"))
    summary = models.CharField(_("summary line"), max_length=500)
    preamble = models.TextField(_("preamble"), blank=True)
    closing = models.TextField(_("closing sentence"), blank=True)
    archive = models.CharField(_("archive line (Lưu)"), max_length=120, blank=True)
    signer_authority = models.CharField(_("signing authority"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    extra_sections = models.JSONField(_("other sections"), default=list, blank=True)
    import_warnings = models.JSONField(_("import warnings"), default=list, blank=True)
    source_filename = models.CharField(_("source file"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issue_year", "-issue_month", "-id"]

    def __str__(self) -> str:
        summary = (
            self.summary if len(self.summary) <= 80 else self.summary[:79].rsplit(" ", 1)[0] + "…"
        )
        return f"{self.title} — {summary}"

    @property
    def title(self) -> str:
        """How people name the plan: "Kế hoạch số 18/KH-SVHTTDL ngày 15/01/2026"; one not yet
        numbered, "Kế hoạch số …/KH-STTTT năm 2022"."""
        kind = (self.doc_type_name or "").strip().capitalize() or "Văn bản"
        number = self.number
        if number.isdecimal() and int(number) < 10:
            number = f"{int(number):02d}"
        if self.issue_day and self.issue_month:
            when = f"ngày {self.issue_day:02d}/{self.issue_month:02d}/{self.issue_year}"
        elif self.issue_month:
            when = f"tháng {self.issue_month:02d}/{self.issue_year}"
        else:
            when = f"năm {self.issue_year}"
        return f"{kind} số {number or '…'}{self.joiner or '/'}{self.symbol} {when}"

    @property
    def number_line(self) -> str:
        """Return "Số: 12/KH-STTTT" (numbers under 10 with a leading 0; blank until issued)."""
        number = self.number
        if number.isdecimal() and int(number) < 10:
            number = f"{int(number):02d}"
        return f"Số: {number or '   '}{self.joiner or '/'}{self.symbol}"

    @property
    def reference_date(self) -> date:
        """Return the date the plan speaks for (the 1st when the day is left blank)."""
        return date(self.issue_year, self.issue_month or 1, self.issue_day or 1)

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class LegalBasis(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="legal_bases")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=40)
    reference = models.CharField(_("number and symbol"), max_length=80)
    number = models.CharField(_("number"), max_length=20, blank=True)
    symbol = models.CharField(_("symbol"), max_length=60, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    issuer = models.CharField(_("issuer"), max_length=255, blank=True)
    title = models.TextField(_("title"), blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"


class Statement(models.Model):
    """A purpose (Mục đích) or requirement (Yêu cầu) of the plan."""

    class Kind(models.TextChoices):
        PURPOSE = "purpose", _("Purpose")
        REQUIREMENT = "requirement", _("Requirement")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["kind", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Theme(models.Model):
    """A content line of the plan, with its sub-items (e.g. the 06 key tasks of Chỉ thị 03)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79].rsplit(" ", 1)[0] + "…"

    @property
    def label(self) -> str:
        """Return a short label: the text up to the first ";" or ":", at most 90 characters."""
        head = self.text.split(";")[0].split(": ")[0]
        return head if len(head) <= 90 else head[:87].rsplit(" ", 1)[0] + "…"


class ChannelLine(models.Model):
    """A line of the plan's forms section (Hình thức) and the channels it names."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="channel_lines")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("text"))
    channels = models.ManyToManyField(Channel, blank=True, related_name="+")

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Assignment(models.Model):
    """A duty of the plan: who must do what, on which channels, for which themes."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    order = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(max_length=8, blank=True)
    text = models.TextField(_("duty"))
    assignee_text = models.CharField(_("assigned to (as written)"), max_length=500, blank=True)
    directed_text = models.CharField(
        _("bodies they direct (as written)"), max_length=500, blank=True
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    units = models.ManyToManyField(
        Unit, blank=True, related_name="assignments", verbose_name=_("responsible units")
    )
    channels = models.ManyToManyField(Channel, blank=True, related_name="+")
    themes = models.ManyToManyField(Theme, blank=True, related_name="assignments")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class Mention(models.Model):
    """A unit or group named in the plan, and the registry units it stands for.

    Unresolved mentions wait for the user to map them by hand; none is dropped.
    """

    class Context(models.TextChoices):
        ASSIGNMENT = "assignment", _("assignment")
        RECIPIENT = "recipient", _("recipient")
        REPORT_TO = "report_to", _("report recipient")
        REPORT_VIA = "report_via", _("report channel")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="mentions")
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    context = models.CharField(max_length=12, choices=Context.choices)
    recipient = models.ForeignKey(
        "Recipient", null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    obligation = models.ForeignKey(
        "ReportingObligation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
    )
    text = models.CharField(_("as written"), max_length=500)
    group = models.CharField(_("group"), max_length=20, blank=True)
    units = models.ManyToManyField(Unit, blank=True, related_name="+")
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class AssignmentTarget(models.Model):
    """An optional numeric target of an assignment for each reporting period."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="targets")
    measure = models.CharField(_("measure"), max_length=40)
    channel = models.ForeignKey(Channel, null=True, blank=True, on_delete=models.PROTECT)
    period = models.CharField(_("period"), max_length=12, default="semiannual")
    value = models.PositiveIntegerField(_("target"))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.value} {self.measure} / {self.period}"


class Cadence(models.TextChoices):
    SEMIANNUAL = "semiannual", _("every 6 months")
    QUARTERLY = "quarterly", _("quarterly")
    ANNUAL = "annual", _("yearly")
    MONTHLY = "monthly", _("monthly")
    ADHOC = "adhoc", _("ad hoc")
    PERIODIC = "periodic", _("periodically, as regulated")


class ReportingObligation(models.Model):
    """Who reports to whom, through which division, how often."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="obligations")
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reporters = models.ManyToManyField(
        Unit, blank=True, related_name="+", verbose_name=_("reporting units")
    )
    reporters_text = models.CharField(_("reporters (as written)"), max_length=500, blank=True)
    recipient = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recipient"),
    )
    recipient_text = models.CharField(_("recipient (as written)"), max_length=300, blank=True)
    via = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("through"),
    )
    via_text = models.CharField(_("through (as written)"), max_length=300, blank=True)
    cadences = models.JSONField(_("cadence"), default=list)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("reporting obligation")
        verbose_name_plural = _("reporting obligations")

    def __str__(self) -> str:
        return f"{self.reporters_text[:60]} → {self.recipient_text[:60]}"

    def cadence_labels(self) -> list[str]:
        return [str(Cadence(c).label) for c in self.cadences if c in Cadence.values]


class Recipient(models.Model):
    """A line of "Nơi nhận"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recipients")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("recipient"), max_length=300)
    purpose = models.CharField(_("purpose"), max_length=40, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class PlanUpload(TimeStampedModel):
    """An uploaded or pasted document waiting on its review screen before it is saved."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255, blank=True)
    data = models.BinaryField()
    # What the reader found in `data` (lines, format, signatures), kept when it was uploaded:
    # the review page parses the text again but never reads the file again.
    reading = models.JSONField(null=True, blank=True)
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
