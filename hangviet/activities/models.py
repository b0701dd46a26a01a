"""Evidence: every communication action a unit carried out — an article, a broadcast, a
loudspeaker bulletin, a portal post, a banner, a conference, a fair — recorded once."""

import mimetypes
from datetime import date, timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hangviet.core.models import TimeStampedModel
from hangviet.orgs.models import Unit
from hangviet.plans.models import Assignment, Channel, Plan, Theme


class Kind(models.TextChoices):
    ARTICLE = "article", _("News item / article")
    TV_REPORT = "tv_report", _("TV report")
    RADIO_PROGRAMME = "radio_programme", _("Radio programme")
    LOUDSPEAKER = "loudspeaker", _("Loudspeaker broadcast")
    PORTAL_POST = "portal_post", _("Portal post")
    BULLETIN = "bulletin_issue", _("Bulletin issue")
    BANNER = "banner_poster", _("Banner / poster")
    LEAFLET = "leaflet", _("Leaflet")
    CONFERENCE = "conference", _("Conference / training")
    FAIR = "fair", _("Fair / market session")
    CONTEST = "contest", _("Contest / quiz")
    SOCIAL = "social_post", _("Social-media post")
    OTHER = "other", _("Other")


class Measure(models.TextChoices):
    ITEMS = "items", _("items")
    BROADCASTS = "broadcasts", _("broadcasts")
    MINUTES = "minutes", _("minutes of airtime")
    COPIES = "copies", _("copies")
    BANNERS = "banners", _("banners")
    PARTICIPANTS = "participants", _("participants")
    STALLS = "stalls", _("stalls")
    ENTERPRISES = "enterprises", _("enterprises")


# What a kind is usually counted in and published on: the quick form's defaults.
KIND_DEFAULTS: dict[str, tuple[str, str]] = {
    Kind.ARTICLE: (Measure.ITEMS, "press_online"),
    Kind.TV_REPORT: (Measure.MINUTES, "press_tv"),
    Kind.RADIO_PROGRAMME: (Measure.MINUTES, "press_radio"),
    Kind.LOUDSPEAKER: (Measure.BROADCASTS, "commune_radio"),
    Kind.PORTAL_POST: (Measure.ITEMS, "agency_portal"),
    Kind.BULLETIN: (Measure.COPIES, "sector_bulletin"),
    Kind.BANNER: (Measure.BANNERS, "banner_poster"),
    Kind.LEAFLET: (Measure.COPIES, "banner_poster"),
    Kind.CONFERENCE: (Measure.PARTICIPANTS, "conference"),
    Kind.FAIR: (Measure.STALLS, "fair"),
    Kind.CONTEST: (Measure.PARTICIPANTS, "contest"),
    Kind.SOCIAL: (Measure.ITEMS, "social_media"),
    Kind.OTHER: (Measure.ITEMS, "agency_portal"),
}


class Source(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    IMPORT = "import", _("Excel import")
    API = "api", _("API")
    MONITORING = "monitoring", _("press monitoring")
    RADIO = "radio", _("grassroots radio log")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")


# The longest an activity may run (a banner campaign, an exhibition): longer ones are logged
# once per year. The overlap query relies on it.
MAX_SPAN_DAYS = 366


class ActivityQuerySet(models.QuerySet["Activity"]):
    def confirmed(self) -> "ActivityQuerySet":
        return self.filter(status=Status.CONFIRMED)

    def in_range(self, start: date, end: date) -> "ActivityQuerySet":
        """Return activities whose date range overlaps [start, end]. No activity lasts longer
        than `MAX_SPAN_DAYS`, so the start dates lie in a bounded range: the (unit, date) index
        reads the period and one year before it, not the unit's whole history."""
        return self.filter(date__lte=end, date__gte=start - timedelta(days=MAX_SPAN_DAYS)).filter(
            Q(end_date__isnull=True, date__gte=start) | Q(end_date__gte=start)
        )


_ActivityManager = models.Manager.from_queryset(ActivityQuerySet)


class AliveManager(_ActivityManager):
    """The activities not deleted (the default); `all_objects` holds every one."""

    # The stubs type Manager.get_queryset as the generic QuerySet; ours is the subclass.
    def get_queryset(self) -> ActivityQuerySet:  # type: ignore[override]
        # Justified: django-stubs types the generated base's queryset generically; narrowing
        # it to the concrete ActivityQuerySet is what makes `.in_range()` typed.
        return ActivityQuerySet(self.model, using=self._db).filter(deleted_at__isnull=True)


class Activity(TimeStampedModel):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="activities"
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="activities"
    )
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    search_title = models.CharField(max_length=300, editable=False, default="")
    summary = models.TextField(_("summary"), blank=True)
    date = models.DateField(_("date"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    measure = models.CharField(
        _("measure"), max_length=16, choices=Measure.choices, default=Measure.ITEMS
    )
    communes = models.ManyToManyField(
        Unit, verbose_name=_("communes reached"), blank=True, related_name="activities_reaching"
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    url_key = models.CharField(max_length=500, blank=True, db_index=True, editable=False)
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.MANUAL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    external_id = models.CharField(_("external id"), max_length=120, blank=True)
    is_public = models.BooleanField(_("in the public news column"), default=False)
    # What the coordinator approved for the public (title, summary, link, date, unit): the news
    # column, its feed and the widget show this copy, so a later edit of the activity reaches
    # the public only when the coordinator publishes it again.
    public_copy = models.JSONField(_("approved public version"), null=True, blank=True)
    import_key = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AliveManager()
    all_objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-id"]
        indexes = [
            # On PostgreSQL it carries what the consolidation and the statistics read, so a
            # province-period is read from the index alone (an index-only scan), whatever part
            # of the table the cache holds; SQLite has no covering indexes and ignores `include`.
            models.Index(
                fields=["unit", "-date"],
                name="activity_unit_date_covering",
                include=[
                    "id",
                    "status",
                    "end_date",
                    "deleted_at",
                    "kind",
                    "channel",
                    "measure",
                    "quantity",
                ],
            ),
            models.Index(fields=["-date", "-id"], name="activity_date"),
            models.Index(fields=["status", "-date"], name="activity_status_date"),
            # the change stamp (selectors.change_stamp) reads the newest edit from it
            models.Index(fields=["updated_at"], name="activity_updated"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "external_id"],
                condition=~Q(external_id=""),
                name="activity_unit_external_id",
            ),
            models.UniqueConstraint(
                fields=["unit", "import_key"],
                condition=~Q(import_key=""),
                name="activity_unit_import_key",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="activity_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"evidence/{instance.activity.unit_id}/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(TimeStampedModel):
    """A file of evidence. Its type is read from its content, never from its name."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=80)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    @property
    def download_name(self) -> str:
        """The name a download is offered under: the person's name for the file with the
        extension of what the file really is (an "a.html" that is audio is "a.mp3")."""
        stem = PurePosixPath(self.original_name.replace("\\", "/")).stem or "minh-chung"
        return stem + (mimetypes.guess_extension(self.content_type) or "")


class ActivityUpload(TimeStampedModel):
    """An Excel file waiting on its preview screen before it is imported."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    # The rows as checked when the file arrived (activities.excel.result_to_json): the preview
    # and the import read this instead of parsing the file again.
    preview = models.JSONField(null=True, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.filename


PUBLIC_FIELDS = ("title", "summary", "url", "date")


def public_copy_of(activity: Activity) -> dict[str, str]:
    """Return what the public would see of `activity` if it were published now."""
    return {
        "title": activity.title,
        "summary": activity.summary,
        "url": activity.url,
        "date": activity.date.isoformat(),
        "unit": activity.unit.display_name,
    }


class EvidenceLock(TimeStampedModel):
    """Evidence of `unit` dated from `start` to `end` is closed: the unit's report for that
    period was accepted, and the figures signed on it must stay what the evidence says.
    A lock never hides anything: it says why (`reason`) and the unit sees it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="evidence_locks")
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=300)
    reference = models.CharField(max_length=80, blank=True)  # e.g. "unitreport:42"
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("evidence lock")
        verbose_name_plural = _("evidence locks")
        ordering = ["-end", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "start", "end"], name="evidence_lock_once"),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="evidence_lock_range_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"

    @property
    def open_exception(self) -> "LockException | None":
        # Over the prefetched rows when there are (the quality page lists every lock).
        return next((e for e in self.exceptions.all() if e.closed_at is None), None)


class LockException(TimeStampedModel):
    """The coordinator opened a lock for its unit, with a reason; it closes when the unit's
    corrected report is accepted again, or when the coordinator closes it."""

    lock = models.ForeignKey(EvidenceLock, on_delete=models.CASCADE, related_name="exceptions")
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("lock exception")
        verbose_name_plural = _("lock exceptions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.lock}: {self.reason[:60]}"


class ReturnStatus(models.TextChoices):
    OPEN = "open", _("needs more")
    ANSWERED = "answered", _("sent back")
    CLOSED = "closed", _("settled")


class ActivityReturn(TimeStampedModel):
    """One piece of evidence sent back to its unit with the reviewer's comment ("cần bổ
    sung"); the unit fixes it and sends it back with an answer; the reviewer settles it or
    returns it again (a new row). The rows of an activity are the history of the exchange."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="returns")
    comment = models.TextField(_("what is missing"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("evidence returned")
        verbose_name_plural = _("evidence returned")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "activity"], name="activity_return_status")]

    def __str__(self) -> str:
        return f"{self.activity}: {self.comment[:60]}"
