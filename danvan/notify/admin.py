from __future__ import annotations

from django.contrib import admin

from danvan.notify.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Notifications sent to users."""

    list_display = ("subject", "recipient", "organisation", "created_at", "read_at")
    search_fields = ("subject", "recipient__username")
    list_filter = ("read_at",)
