from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from danvan.core.models import AuditEvent, PeriodicJob, User


@admin.register(User)
class DanvanUserAdmin(UserAdmin):
    """Users, with the two-factor flag visible."""

    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_staff", "totp_enabled")
    fieldsets = (*UserAdmin.fieldsets, ("danvan", {"fields": ("totp_enabled", "preferred_language")}))


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail: readable, never editable or deletable."""

    list_display = ("at", "actor_repr", "code", "object_repr", "organisation", "ip_address")
    list_filter = ("code",)
    search_fields = ("object_repr", "actor_repr", "code")
    date_hierarchy = "at"

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):
    """Recurring jobs and when they next run."""

    list_display = ("name", "next_run_at", "last_run_at")
