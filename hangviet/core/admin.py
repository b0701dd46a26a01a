from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hangviet.core import audit
from hangviet.core.models import AuditEvent


class AuditedAdmin(admin.ModelAdmin):
    """Back-office edits leave the same audit trail as edits made through the app."""

    def audit_unit(self, obj: Any) -> Any:
        return getattr(obj, "unit", None)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        changes = audit.diff(before, audit.snapshot(obj))
        if changes:
            audit.record(
                "update" if change else "create",
                obj,
                by=request.user,
                unit=self.audit_unit(obj),
                changes=changes,
                note="admin",
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit.record(
            "delete",
            obj,
            by=request.user,
            unit=self.audit_unit(obj),
            changes=audit.diff(audit.snapshot(obj), {}),
            note="admin",
        )
        super().delete_model(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "ip", "action", "content_type", "object_repr", "unit"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_label", "object_repr", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["content_type", "unit"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
