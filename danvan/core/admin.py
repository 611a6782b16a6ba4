from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from danvan.core import audit
from danvan.core.models import AuditEvent, PeriodicJob, User


@admin.register(User)
class DanvanUserAdmin(UserAdmin):
    """Users, with the two-factor flag visible."""

    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_staff", "totp_enabled")
    fieldsets = (*(UserAdmin.fieldsets or ()), ("danvan", {"fields": ("totp_enabled", "preferred_language")}))


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail: readable, never editable or deletable."""

    list_display = ("at", "actor_repr", "code", "shown_object", "organisation", "ip_address")
    list_filter = ("code",)
    search_fields = ("object_repr", "actor_repr", "code")
    date_hierarchy = "at"
    list_per_page = 50

    @admin.display(description=_("đối tượng"))
    def shown_object(self, obj: Any) -> str:
        """Name the object as the apps' displays do (a petition's subject masked: audit.for_display)."""
        shown = audit.for_display(None, [obj])
        return shown[0].object_repr if shown else ""

    def get_object(self, request: Any, object_id: str, from_field: Any = None) -> Any:
        """Return the entry as the reader may read it (masked), or None (404) when it is kept from him."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            return None
        shown = audit.for_display(request.user, [obj])
        return shown[0] if shown else None

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
