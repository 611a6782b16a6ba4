"""Open311 in the superusers' admin: keys are read-only there (created and revoked through the service)."""

from __future__ import annotations

from django.contrib import admin

from danvan.open311.models import PartnerKey, PartnerRequest


@admin.register(PartnerKey)
class PartnerKeyAdmin(admin.ModelAdmin):
    """List partner keys; the hash is never shown."""

    list_display = ("name", "organisation", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("organisation",)
    readonly_fields = ("organisation", "name", "prefix", "created_by", "last_used_at", "revoked_at")
    exclude = ("key_hash",)

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(PartnerRequest)
class PartnerRequestAdmin(admin.ModelAdmin):
    """List the requests partners sent (by token and petition id only)."""

    list_display = ("token", "key", "petition_id", "created_at")
    readonly_fields = ("token", "key", "petition", "created_at")

    def has_add_permission(self, request: object) -> bool:
        return False
