"""The exchange desk's records: the agencies we exchange with (`Peer`), every package sent or
received (`Package`) with its status history (`PackageEvent`), and what is still to be carried
to a peer (`Delivery`: a package or a status message, retried until it goes)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hangviet.core.edxml import validate_agency_code
from hangviet.core.models import TimeStampedModel
from hangviet.orgs.models import Unit


class Transport(models.TextChoices):
    FOLDER = "folder", _("folder pair")
    HTTP = "http", _("HTTP between hangviet installations")


class Peer(TimeStampedModel):
    """An agency we exchange with, by its identification code: how packages reach it (a
    folder an integration platform picks up, or another hangviet installation over HTTP) and,
    for HTTP, the key both sides sign their requests with."""

    agency_code = models.CharField(
        _("agency identification code"),
        max_length=20,
        unique=True,
        validators=[validate_agency_code],
    )
    name = models.CharField(_("name"), max_length=255)
    transport = models.CharField(_("transport"), max_length=10, choices=Transport.choices)
    address = models.CharField(
        _("address"), max_length=500, help_text=_("A folder, or the other installation's URL.")
    )
    secret = models.CharField(_("shared key"), max_length=200, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("exchange partner")
        verbose_name_plural = _("exchange partners")

    def __str__(self) -> str:
        return f"{self.name} ({self.agency_code})"


class Direction(models.TextChoices):
    OUT = "out", _("outgoing document")
    IN = "in", _("incoming document")


class Business(models.TextChoices):
    NEW = "new", _("new document")
    UPDATE = "update", _("update")
    REPLACE = "replace", _("replacement")
    REVOKE = "revoke", _("revocation")


class State(models.TextChoices):
    """Where a package stands. The sender's own steps (waiting, sent, failed), the statuses
    the addressee carries back (arrived … done), and what became of a received document
    (replaced, revoked)."""

    WAITING = "waiting", _("waiting to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("could not be sent")
    ARRIVED = "arrived", _("arrived")
    REFUSED = "refused", _("refused")
    RECEIVED = "received", _("received")
    PROCESSING = "processing", _("being processed")
    DONE = "done", _("done")
    REPLACED = "replaced", _("replaced by a later version")
    REVOKED = "revoked", _("revoked")


def package_path(instance: "Package", filename: str) -> str:
    return f"exchange/{instance.direction}/{filename}"


def report_path(instance: "UpwardReport", filename: str) -> str:
    return f"exchange/len/{instance.period_code}/{filename}"


class UpwardReport(models.Model):
    """A report the body writes up the chain from what it received (the provincial Front's to
    the central steering committee): the consolidated figures of the reports it acknowledged,
    in the Nghị định 30 form, signed; immutable once signed, a new version replaces it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    period_code = models.CharField(max_length=40)
    version = models.PositiveSmallIntegerField()
    number = models.CharField(_("number and symbol"), max_length=60)
    dated = models.DateField(_("date of the document"))
    receiver_code = models.CharField(max_length=20)
    receiver_name = models.CharField(max_length=255)
    file = models.FileField(upload_to=report_path, max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    figures = models.JSONField(default=dict)
    details = models.JSONField(default=dict)  # what the envelope says of the document
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-signed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_code", "version"], name="upward_report_version_once"
            )
        ]
        verbose_name = _("report up the chain")
        verbose_name_plural = _("reports up the chain")

    def __str__(self) -> str:
        return f"{self.number} v{self.version}"

    def content(self) -> bytes:
        with self.file.open("rb") as f:
            return f.read()


class Package(models.Model):
    """One edXML package as it was sent or received, byte for byte (`sha256` of those bytes
    makes receiving idempotent), with what was read from it."""

    direction = models.CharField(max_length=3, choices=Direction.choices)
    business = models.CharField(
        _("business"), max_length=8, choices=Business.choices, default=Business.NEW
    )
    document_id = models.CharField(max_length=200, blank=True)
    sender_code = models.CharField(max_length=20, blank=True)
    sender_name = models.CharField(max_length=255, blank=True)
    receiver_code = models.CharField(max_length=20, blank=True)
    receiver = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    dated = models.DateField(_("date of the document"), null=True, blank=True)
    subject = models.TextField(_("subject"), blank=True)
    signer = models.CharField(max_length=255, blank=True)
    reason = models.TextField(_("reason"), blank=True)  # of a revocation, update, replacement
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    peer = models.ForeignKey(Peer, null=True, blank=True, on_delete=models.PROTECT)
    signed_copy = models.ForeignKey(
        "reporting.SignedCopy",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="packages",
    )
    upward = models.ForeignKey(
        UpwardReport, null=True, blank=True, on_delete=models.PROTECT, related_name="packages"
    )
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=package_path, max_length=255, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)  # the signed PDF
    figures = models.JSONField(default=dict, blank=True)
    verification = models.JSONField(default=list, blank=True)  # [{"who", "ok", "text"}]
    state = models.CharField(max_length=12, choices=State.choices)
    problem = models.TextField(blank=True)  # why it was refused on arrival
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["direction", "sha256"], name="package_once"),
        ]
        indexes = [models.Index(fields=["direction", "receiver_code", "state"])]
        verbose_name = _("exchange package")
        verbose_name_plural = _("exchange packages")

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.number or self.document_id}"

    def content(self) -> bytes:
        with self.file.open("rb") as f:
            return f.read()

    @property
    def is_current(self) -> bool:
        return self.state not in (State.REFUSED, State.REPLACED, State.REVOKED, State.FAILED)


class PackageEvent(models.Model):
    """One step of a package's history: said here (`by` one of our users, or the system), or
    read from the other side's status message (`remote`)."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(max_length=12, choices=State.choices)
    reason = models.TextField(_("reason"), blank=True)
    remote = models.BooleanField(default=False)
    said_by = models.CharField(max_length=255, blank=True)  # the other side's staff, as sent
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.package} {self.state}"


class Delivery(models.Model):
    """Something to carry to a peer: a package (its stored bytes) or a status message (its
    bytes here). Tried until it goes, with a growing pause between tries."""

    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="deliveries")
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="deliveries")
    status_message = models.BinaryField(blank=True, default=b"")
    attempts = models.PositiveIntegerField(default=0)
    next_try_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["delivered_at", "next_try_at"])]

    def __str__(self) -> str:
        return f"→ {self.peer.agency_code} {self.package_id}"

    @property
    def is_status(self) -> bool:
        return bool(self.status_message)
