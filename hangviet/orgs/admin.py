from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hangviet.core import audit
from hangviet.core.admin import AuditedAdmin
from hangviet.orgs import services
from hangviet.orgs.models import ApiToken, RoleAssignment, Unit, UnitSuccession


class SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    raw_id_fields = ["successor"]
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "code", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "is_mountainous", "is_remote", "is_ethnic_minority", "is_dense"]
    search_fields = ["search_text", "code"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "depth"]
    inlines = [SuccessionInline]

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        """Writes go through the services so paths, search text and the audit stay right."""
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            services.unit_update(unit=obj, by=request.user, **fields)
        else:
            fields.pop("kind", None)
            fields.pop("name", None)
            created = services.unit_create(
                by=request.user,
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                **fields,
            )
            obj.pk = created.pk

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Succession links edited inline are audited like every other write."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit.record(
                "delete",
                obj,
                by=request.user,
                unit=obj.predecessor,
                changes=audit.diff(audit.snapshot(obj), {}),
                note="admin",
            )
            obj.delete()
        for obj in instances:
            before = audit.snapshot(UnitSuccession.objects.get(pk=obj.pk)) if obj.pk else {}
            obj.full_clean()
            obj.save()
            audit.record(
                "update" if before else "create",
                obj,
                by=request.user,
                unit=obj.predecessor,
                changes=audit.diff(before, audit.snapshot(obj)),
                note="admin",
            )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    list_display = ["user", "role", "unit", "created_at"]
    list_filter = ["role"]
    raw_id_fields = ["user", "unit"]
    search_fields = ["user__username", "unit__search_text"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "last_used_at"]
    raw_id_fields = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are made with `hangviet api_token`, which shows the secret once
