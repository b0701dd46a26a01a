from typing import Any

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hangviet.orgs import services
from hangviet.orgs.models import ApiToken, RoleAssignment, Unit, UnitSuccession


class SuccessionFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        """Refuse on the form what the service would refuse: a unit is not its own successor."""
        super().clean()
        for form in self.forms:
            if form.cleaned_data.get("successor") == self.instance and self.instance.pk:
                form.add_error("successor", _("A unit cannot succeed itself."))


class SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    formset = SuccessionFormSet
    fk_name = "predecessor"
    raw_id_fields = ["successor"]
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "code", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "is_mountainous", "is_remote", "is_ethnic_minority", "is_dense"]
    search_fields = ["search_text", "code", "agency_code"]
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

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a unit that ceased is ended (valid to) or merged, never deleted

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Succession links edited inline go through the succession services."""
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.succession_remove(by=request.user, link=obj)
        for inline_form in formset.forms:
            if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                continue
            data = {name: inline_form.cleaned_data[name] for name in services.SUCCESSION_FIELDS}
            link = inline_form.instance
            if link.pk:
                changed = {n: data[n] for n in inline_form.changed_data if n in data}
                services.succession_update(by=request.user, link=link, **changed)
            else:
                services.succession_add(by=request.user, predecessor=form.instance, **data)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Roles are given with `role_grant` (validated, the user told by email) and taken away with
    `role_revoke`; an assignment is never edited in place: revoke it and grant the new one."""

    list_display = ["user", "role", "unit", "created_at"]
    list_filter = ["role"]
    raw_id_fields = ["user", "unit"]
    search_fields = ["user__username", "unit__search_text"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        created = services.role_grant(
            by=request.user,
            user=form.cleaned_data["user"],
            role=form.cleaned_data["role"],
            unit=form.cleaned_data["unit"],
        )
        obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.role_revoke(by=request.user, assignment=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for assignment in queryset.select_related("unit", "user"):
            services.role_revoke(by=request.user, assignment=assignment)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made with `hangviet api_token` (which shows the secret once) or on the account
    page; here they are only seen and revoked, through `api_token_revoke`."""

    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = [
        "prefix",
        "user",
        "name",
        "units",
        "second_factor",
        "key_hash",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, never deleted: the audit trail names the token

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            services.api_token_revoke(by=request.user, token=token)
