"""Base models shared by every app, and the audit trail."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One create, update or delete of domain data: who, when, from where, what changed."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")
        RESTORE = "restore", _("restored")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept even when the user is deleted; "system" for commands and background tasks.
    actor_label = models.CharField(_("actor"), max_length=150)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("object type")
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    # The unit whose history this event belongs to; scopes who may read it.
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["unit", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class TaskBeat(models.Model):
    """The heartbeat of a background task while a worker runs it (`core.heartbeat`): the
    worker's process beats every few seconds; a beat that stops means the worker died, and
    the scheduler puts the task back in its queue (database or Redis)."""

    task_id = models.CharField(max_length=64, unique=True)
    backend = models.CharField(max_length=40)
    task_path = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    worker = models.CharField(max_length=120)  # host:pid
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    requeued_at = models.DateTimeField(null=True, blank=True)  # put back, not yet started again
    reruns = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.task_path} {self.task_id}"


class ScheduledRun(models.Model):
    """When a recurring job was last enqueued (see core/schedule.py)."""

    name = models.CharField(max_length=60, unique=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
