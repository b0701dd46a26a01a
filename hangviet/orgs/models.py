"""The organisation registry: units on the map of any date, their successors, and who holds
which role on which unit."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hangviet.core.edxml import validate_agency_code
from hangviet.core.models import TimeStampedModel


class UnitKind(models.TextChoices):
    PROVINCE_PC = "province_pc", _("Provincial People's Committee")
    DEPARTMENT = "department", _("Department")
    DIVISION = "division", _("Department division")
    DISTRICT_PC = "district_pc", _("District People's Committee (historic)")
    COMMUNE_PC = "commune_pc", _("Commune/ward People's Committee")
    PRESS = "press", _("Press agency")
    FRONT = "front", _("Fatherland Front committee")
    STEERING = "steering", _("Steering committee")
    OTHER = "other", _("Other")


class UnitQuerySet(models.QuerySet["Unit"]):
    def valid_on(self, day: date) -> "UnitQuerySet":
        """Return the units that exist on `day`."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class Unit(TimeStampedModel):
    """A body that plans, acts, reports or receives: a People's Committee, a department, a
    press agency, the Fatherland Front. Territorial units carry their official NSO code.

    `path` is the chain of ancestor ids ("/12/45/78/"), kept by the services, so a subtree is
    one indexed prefix query. A unit's parent never changes during its validity: a reform ends
    the old unit and starts a new one, linked by a `UnitSuccession`, so history stays put.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    code = models.CharField(_("official code"), max_length=16, blank=True, db_index=True)
    # The kind of territory for administrative units: tinh, huyen, thanh-pho, thi-xa, quan,
    # xa, phuong, thi-tran (as the official lists spell them).
    area_type = models.CharField(_("area type"), max_length=16, blank=True)
    name = models.CharField(_("full name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    area_name = models.CharField(_("area name"), max_length=120, blank=True)
    abbreviation = models.CharField(
        _("abbreviation in document numbers"), max_length=20, blank=True
    )
    # The electronic identification code of Quyết định 20/2020/QĐ-TTg ("000.00.14.H55"): how
    # the document exchange platforms name the sender and the receiver of an edXML package.
    agency_code = models.CharField(
        _("agency identification code"),
        max_length=13,
        blank=True,
        db_index=True,
        validators=[validate_agency_code],
        help_text=_(
            "The code of Decision 20/2020/QĐ-TTg used by the document exchange platforms, "
            "e.g. 000.00.14.H55 (ask the province's Department in charge of digital "
            "transformation)."
        ),
    )
    email = models.EmailField(_("contact email"), blank=True)
    is_mountainous = models.BooleanField(_("mountainous"), default=False)
    is_remote = models.BooleanField(_("remote / disadvantaged"), default=False)
    is_ethnic_minority = models.BooleanField(_("ethnic-minority area"), default=False)
    is_dense = models.BooleanField(_("densely populated"), default=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # The seat of the unit (WGS 84), where known: communes with one appear on the coverage map.
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    source = models.CharField(_("source"), max_length=80, blank=True)
    note = models.TextField(_("note"), blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="unit_not_own_parent"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="unit_validity_ordered",
            ),
            # One agency code names one agency: it chooses the agency's signing key.
            models.UniqueConstraint(
                fields=["agency_code"],
                condition=~Q(agency_code=""),
                name="unit_agency_code_unique",
            ),
            models.UniqueConstraint(
                fields=["code", "kind", "valid_from"],
                condition=~Q(code=""),
                name="unit_code_kind_from_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def is_valid_on(self, day: date) -> bool:
        """Return True when the unit exists on `day`."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def ancestor_ids(self) -> list[int]:
        """Return the ids from the root down to this unit's parent."""
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    @property
    def root_id(self) -> int:
        return int(self.path.strip("/").split("/")[0]) if self.path else self.pk

    @property
    def area_flags(self) -> list[str]:
        """Return the labels of the area flags that are set."""
        labels = [
            (self.is_mountainous, _("mountainous")),
            (self.is_remote, _("remote / disadvantaged")),
            (self.is_ethnic_minority, _("ethnic-minority area")),
            (self.is_dense, _("densely populated")),
        ]
        return [str(label) for flag, label in labels if flag]


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("merged into")
    SPLIT = "split", _("split into")
    RENAME = "rename", _("renamed to")
    CONTINUE = "continue", _("continued as")
    TRANSFER = "transfer", _("duties transferred to")


class UnitSuccession(TimeStampedModel):
    """`predecessor` became (all or part of) `successor` on `effective_date`."""

    predecessor = models.ForeignKey(
        Unit, verbose_name=_("predecessor"), on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        Unit, verbose_name=_("successor"), on_delete=models.CASCADE, related_name="precessions"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SuccessionKind.choices)
    partial = models.BooleanField(
        _("only part of the predecessor"),
        default=False,
        help_text=_("Set when only part of the old unit went to this successor."),
    )
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="succession_pair_unique"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    HEAD = "head", _("Head of unit")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


class RoleAssignment(TimeStampedModel):
    """`user` holds `role` on `unit` and, through it, on the unit's subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="unit_roles",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="role_assignments"
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="role_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class ApiToken(TimeStampedModel):
    """A bearer token for programs. Only its SHA-256 is stored; the secret is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # Created in a session that passed two-step sign-in: only such tokens work for users whose
    # role requires it (SECURITY.md), so a token is never a way around the second factor.
    second_factor = models.BooleanField(_("created after two-step sign-in"), default=False)
    # A fingerprint of the owner's password as it was when the token was made: a password
    # change (in the admin, by command, anywhere) ends every token made before it.
    password_stamp = models.CharField(max_length=64, blank=True)
    units: models.ManyToManyField["Unit", "ApiToken"] = models.ManyToManyField(
        "Unit",
        verbose_name=_("limited to units"),
        blank=True,
        related_name="+",
        help_text=_("Empty: every unit of the user's roles."),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
