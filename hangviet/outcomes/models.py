"""What the campaign achieves, beside what it does: consumers' own answers (`Survey`,
`Answer`). An answer keeps no personal data: the commune, the choices, and two keyed
fingerprints that cannot be turned back into a person — of the browser's survey cookie (one
answer per browser per survey) and of the network address and day (a cap on floods)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hangviet.core.models import TimeStampedModel
from hangviet.orgs.models import Unit


class Survey(TimeStampedModel):
    """A survey round of the consumers of a province (or any unit: its communes answer)."""

    scope = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))

    class Meta:
        ordering = ["-start"]
        verbose_name = _("consumer survey")
        verbose_name_plural = _("consumer surveys")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The survey ends before it starts.")})
        if self.start and self.end and self.scope_id:
            overlapping = (
                Survey.objects.filter(
                    scope_id=self.scope_id, start__lte=self.end, end__gte=self.start
                )
                .exclude(pk=self.pk)
                .first()
            )
            if overlapping is not None:
                raise ValidationError(
                    _("The round overlaps “%(t)s” (%(a)s–%(b)s): one round at a time.")
                    % {
                        "t": overlapping.title,
                        "a": overlapping.start.strftime("%d/%m/%Y"),
                        "b": overlapping.end.strftime("%d/%m/%Y"),
                    }
                )

    def is_open(self) -> bool:
        return self.start <= timezone.localdate() <= self.end


class Preference(models.TextChoices):
    ALWAYS = "always", _("Yes, always")
    OFTEN = "often", _("Usually")
    SOMETIMES = "sometimes", _("Sometimes")
    NO = "no", _("No, it does not matter to me")


class Reason(models.TextChoices):
    QUALITY = "quality", _("Good, reliable quality")
    PRICE = "price", _("Reasonable price")
    SAFETY = "safety", _("Clear origin, safe")
    ECONOMY = "economy", _("To support Vietnamese producers")
    HABIT = "habit", _("Habit, what I know")
    NEAR = "near", _("Easy to find near me")


class Place(models.TextChoices):
    MARKET = "market", _("Market")
    GROCERY = "grocery", _("Grocery shop")
    SUPERMARKET = "supermarket", _("Supermarket")
    CONVENIENCE = "convenience", _("Convenience store")
    ONLINE = "online", _("Online")
    FAIR = "fair", _("Fairs, Vietnamese goods trips")


class Answer(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    commune = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    preference = models.CharField(max_length=10, choices=Preference.choices)
    reasons = models.JSONField(default=list, blank=True)
    places = models.JSONField(default=list, blank=True)
    respondent = models.CharField(max_length=64)  # keyed fingerprint of the survey cookie
    network = models.CharField(max_length=64)  # keyed fingerprint of address and day
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent"], name="one_answer_per_browser")
        ]
        indexes = [models.Index(fields=["survey", "network"])]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.commune_id} {self.preference}"


class Measure(models.TextChoices):
    """Outcome measures entered with their source: what published reports of the campaign cite
    first, and the national targets of Quyết định 386/QĐ-TTg speak of."""

    SHARE_MODERN = "share_modern", _("Share of Vietnamese goods in modern retail")
    SHARE_TRADITIONAL = "share_traditional", _("Share of Vietnamese goods in traditional retail")
    SALES_POINTS = "sales_points", _("Points of sale of Vietnamese goods")
    OCOP_PRODUCTS = "ocop_products", _("OCOP products rated three stars or more")
    PREFER = "prefer", _("Share of consumers who choose Vietnamese goods first")

    @property
    def is_share(self) -> bool:
        return self in (Measure.SHARE_MODERN, Measure.SHARE_TRADITIONAL, Measure.PREFER)


class OutcomeFigure(TimeStampedModel):
    """A figure measured by a unit (a market-management check of N shops, a department's own
    count), with its date, sample, method and source."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    value = models.DecimalField(_("value"), max_digits=9, decimal_places=1)
    measured_on = models.DateField(_("measured on"))
    sample = models.PositiveIntegerField(_("shops, points or people checked"), default=0)
    method = models.CharField(_("method"), max_length=300)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["-measured_on", "-id"]

    def __str__(self) -> str:
        return f"{self.measure} {self.value}"

    @property
    def is_share(self) -> bool:
        return Measure(self.measure).is_share


class OutcomeTarget(TimeStampedModel):
    """A target for a measure, national or provincial, with the decision that sets it; one
    per measure and level in a province."""

    scope = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=[("national", _("national")), ("province", _("provincial"))],
    )
    value = models.DecimalField(_("target"), max_digits=9, decimal_places=1)
    basis = models.CharField(_("set by"), max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "measure", "level"], name="one_target_per_measure_and_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} ≥ {self.value}"

    @property
    def is_share(self) -> bool:
        return Measure(self.measure).is_share
