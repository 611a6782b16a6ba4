from __future__ import annotations

from django.contrib import admin

from danvan.privacy.models import Erasure, LegalHold, NoticeRecord, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    """The administrator's retention periods (each replaces the cited default of its record type)."""

    list_display = ("record_type", "years", "citation")


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    """Holds that stop the erasure of a petition's personal data."""

    list_display = ("petition", "reason", "placed_at", "released_at")
    raw_id_fields = ("petition", "placed_by")
    list_filter = ("released_at",)


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    """Read-only list of erasures (they are written by the job or the request page)."""

    list_display = ("petition", "reason", "erased_at", "attachments_deleted")

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(NoticeRecord)
class NoticeRecordAdmin(admin.ModelAdmin):
    """Which notice was shown with each petition."""

    list_display = ("petition", "version", "legal_basis", "shown_at")
    raw_id_fields = ("petition",)
