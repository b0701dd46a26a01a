"""Press monitoring: the feeds we read, the articles found in them, the lexicon that judges
them, and the classifier learned from the coordinators' decisions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hangviet.core.models import TimeStampedModel
from hangviet.monitoring.relevance import TOPIC_SHORT
from hangviet.orgs.models import Unit
from hangviet.plans.models import Channel


class SourceKind(models.TextChoices):
    FEED = "feed", _("RSS/Atom feed")
    SITEMAP = "sitemap", _("Sitemap")


class Source(TimeStampedModel):
    """A feed or sitemap, and the unit that publishes it."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("publishing unit"), on_delete=models.PROTECT, related_name="sources"
    )
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("address"), max_length=500)
    kind = models.CharField(
        _("kind"), max_length=10, choices=SourceKind.choices, default=SourceKind.FEED
    )
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("channel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    interval_minutes = models.PositiveIntegerField(_("polling interval (minutes)"), default=60)
    # Conditional GET and the hash of the last body (many servers ignore conditional GET).
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    articles_found = models.PositiveIntegerField(_("articles found"), default=0)
    last_article_at = models.DateTimeField(_("last new article"), null=True, blank=True)
    silent_alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["url"], name="monitoring_source_url"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def state(self) -> str:
        if self.paused_at:
            return "paused"
        if not self.enabled:
            return "disabled"
        if self.failures:
            return "failing"
        return "ok" if self.last_success_at else "new"


class HostState(models.Model):
    """Politeness per host: when the next request may go, and its robots.txt."""

    host = models.CharField(max_length=255, unique=True)
    next_request_at = models.DateTimeField(null=True, blank=True)
    robots_txt = models.TextField(blank=True)
    robots_fetched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.host


class ArticleStatus(models.TextChoices):
    IRRELEVANT = "irrelevant", _("Not about the campaign")
    SUGGESTED = "suggested", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Same story as another")


class Article(TimeStampedModel):
    """One story found in a source; a story syndicated elsewhere keeps its other URLs as
    duplicates pointing here."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="articles")
    url = models.URLField(max_length=1000)
    url_key = models.CharField(max_length=1000, unique=True)
    title = models.CharField(_("title"), max_length=500)
    author = models.CharField(_("author"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    text = models.TextField(blank=True)
    simhash = models.BigIntegerField(default=0)
    # The eight 8-bit bands of the simhash: two texts at most 7 bits apart share one.
    band0 = models.SmallIntegerField(default=0)
    band1 = models.SmallIntegerField(default=0)
    band2 = models.SmallIntegerField(default=0)
    band3 = models.SmallIntegerField(default=0)
    band4 = models.SmallIntegerField(default=0)
    band5 = models.SmallIntegerField(default=0)
    band6 = models.SmallIntegerField(default=0)
    band7 = models.SmallIntegerField(default=0)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    score = models.FloatField(_("score"), default=0)
    lexicon_score = models.FloatField(default=0)
    model_score = models.FloatField(null=True, blank=True)
    topics = models.JSONField(default=list)
    themes = models.ManyToManyField("plans.Theme", blank=True, related_name="+")
    matches = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.SUGGESTED
    )
    activity = models.ForeignKey(
        "activities.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_on"], name="article_status_date"),
            models.Index(fields=["published_on"], name="article_published"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def topic_labels(self) -> list[str]:
        return [TOPIC_SHORT.get(t, t) for t in self.topics]


class LexiconTerm(models.Model):
    """One weighted phrase of the relevance lexicon, editable by the coordinator."""

    topic = models.CharField(_("topic"), max_length=20)
    phrase = models.CharField(_("phrase"), max_length=200)
    weight = models.FloatField(_("weight"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lexicon phrase")
        ordering = ["topic", "-weight", "phrase"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "phrase"], name="lexicon_topic_phrase"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=-10, weight__lte=10), name="lexicon_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phrase} ({self.weight:+})"


class ClassifierModel(models.Model):
    """A classifier trained on the coordinators' decisions (scikit-learn, serialised by us)."""

    created_at = models.DateTimeField(auto_now_add=True)
    examples = models.PositiveIntegerField()
    positives = models.PositiveIntegerField()
    cv_precision = models.FloatField(null=True)
    cv_recall = models.FloatField(null=True)
    blob = models.BinaryField()

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"classifier of {self.created_at:%Y-%m-%d %H:%M} ({self.examples} decisions)"
