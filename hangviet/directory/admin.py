"""Back-office editing of the directory. Saves go through the services, so listings are
validated, re-indexed for search and audited exactly as elsewhere."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hangviet.directory import services
from hangviet.directory.models import Fair, ListingReport, Producer, Product, SalesPoint, Supplier


class ListingAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "commune", "verified_at", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["name"]
    raw_id_fields = ["commune"]
    readonly_fields = ["reviewed_by"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        fields = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name not in form.Meta.model._meta.many_to_many
            and name in form.cleaned_data
            and not hasattr(form.cleaned_data[name], "all")
        }
        services.listing_save(listing=obj, by=request.user, **fields)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.listing_delete(listing=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        """The list's "delete selected" deletes one by one, through the service."""
        for obj in queryset:
            services.listing_delete(listing=obj, by=request.user)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.reindex(form.instance)


@admin.register(Producer)
class ProducerAdmin(ListingAdmin):
    list_display = [*ListingAdmin.list_display, "kind", "is_typical"]


@admin.register(Product)
class ProductAdmin(ListingAdmin):
    list_display = [*ListingAdmin.list_display, "producer", "ocop_stars", "ocop_expires_on"]
    list_filter = [*ListingAdmin.list_filter, "ocop_group", "ocop_stars", "is_key_product"]
    raw_id_fields = ["commune", "producer"]


@admin.register(SalesPoint)
class SalesPointAdmin(ListingAdmin):
    list_display = [*ListingAdmin.list_display, "kind"]
    filter_horizontal = ["products"]


@admin.register(Fair)
class FairAdmin(ListingAdmin):
    list_display = [*ListingAdmin.list_display, "start", "end", "place"]
    filter_horizontal = ["producers"]


@admin.register(Supplier)
class SupplierAdmin(ListingAdmin):
    pass


@admin.register(ListingReport)
class ListingReportAdmin(admin.ModelAdmin):
    """Reports come from the public; a moderator marks them resolved (audited), nothing else."""

    list_display = ["kind", "object_id", "message", "created_at", "resolved_at"]
    list_filter = ["kind"]
    readonly_fields = ["kind", "object_id", "message", "ip", "created_at", "resolved_at"]
    actions = ["resolve"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Mark as resolved"))
    def resolve(self, request: HttpRequest, queryset: Any) -> None:
        for report in queryset:
            services.listing_report_resolve(report=report, by=request.user)
