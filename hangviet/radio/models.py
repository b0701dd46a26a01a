"""Grassroots radio: bulletins for commune loudspeakers, their audio, and their broadcasts."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hangviet.core.models import TimeStampedModel
from hangviet.core.text import nfc
from hangviet.orgs.models import Unit
from hangviet.plans.models import Plan, Theme


def text_hash(text: str) -> str:
    """The fingerprint of a bulletin's text: audio made from another text is out of date."""
    return hashlib.sha256(nfc(text or "").strip().encode()).hexdigest()


class Priority(models.TextChoices):
    # The three levels of provincial "source information systems" (hệ thống thông tin nguồn).
    NORMAL = "normal", _("Normal")
    PRIORITY = "priority", pgettext_lazy("level of a bulletin", "Priority")
    EMERGENCY = "emergency", _("Emergency")


class SynthesisStatus(models.TextChoices):
    NONE = "none", _("No audio yet")
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Producing the audio")
    DONE = "done", _("Audio ready")
    FAILED = "failed", _("Failed")


def audio_path(instance: "Bulletin", filename: str) -> str:
    return f"radio/{instance.pk}/{filename}"


class Bulletin(TimeStampedModel):
    """A text to be read on commune loudspeakers, for a theme of the plan."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="bulletins"
    )
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.SET_NULL
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text to be read"))
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    communes = models.ManyToManyField(
        Unit, verbose_name=_("communes"), related_name="bulletins_received"
    )
    source_activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("built from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fair = models.ForeignKey(
        "directory.Fair",
        verbose_name=_("announces the fair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bulletins",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The audio, produced in the background from the text as it was when asked.
    synthesis_status = models.CharField(
        max_length=10, choices=SynthesisStatus.choices, default=SynthesisStatus.NONE
    )
    synthesis_progress = models.PositiveSmallIntegerField(default=0)  # percent
    synthesis_requested_at = models.DateTimeField(null=True, blank=True)
    synthesis_error = models.TextField(blank=True)
    synthesized_hash = models.CharField(max_length=64, blank=True)
    spoken_text = models.TextField(blank=True)
    audio_wav = models.FileField(upload_to=audio_path, blank=True)
    audio_mp3 = models.FileField(upload_to=audio_path, blank=True)
    audio_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")), name="bulletin_valid_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audio_current(self) -> bool:
        """Whether the audio was made from the current text."""
        return bool(self.audio_wav) and self.synthesized_hash == text_hash(self.text)


class Broadcast(TimeStampedModel):
    """A planned broadcast of a bulletin in a commune; done, it becomes an activity."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="broadcasts")
    commune = models.ForeignKey(
        Unit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="broadcasts"
    )
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"))
    repetitions = models.PositiveSmallIntegerField(_("repetitions"), default=1)
    clusters = models.CharField(_("loudspeaker clusters"), max_length=200, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activity = models.ForeignKey(
        "activities.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")
        ordering = ["date", "time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(repetitions__gte=1, repetitions__lte=20), name="broadcast_repetitions"
            ),
            models.UniqueConstraint(
                fields=["bulletin", "commune", "date", "time"], name="broadcast_unique_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bulletin} — {self.date:%d/%m/%Y} {self.time:%H:%M}"


class SpokenForm(TimeStampedModel):
    """How the loudspeaker reads a written form the built-in lists do not know: a local
    abbreviation ("HTX NN Tân Cương"), a body's code ("BQL"), a place written short. The
    coordinator keeps the list; every bulletin is read with it."""

    written = models.CharField(_("written"), max_length=40, unique=True)
    spoken = models.CharField(_("read as"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["written"]
        verbose_name = _("spoken form")
        verbose_name_plural = _("spoken forms")

    def __str__(self) -> str:
        return f"{self.written} → {self.spoken}"
