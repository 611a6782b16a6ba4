from __future__ import annotations

from django.contrib import admin

from danvan.notify.models import Notification, OutboundEmail, OutboundText


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Notifications sent to users."""

    list_display = ("subject", "recipient", "organisation", "created_at", "read_at")
    search_fields = ("subject", "recipient__username")
    list_filter = ("read_at",)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """Queued e-mails: what went out, what waits, what failed and why."""

    list_display = ("subject", "created_at", "sent_at", "attempts", "last_error")
    search_fields = ("subject",)
    list_filter = ("sent_at",)
    readonly_fields = ("to", "subject", "body", "created_at", "claimed_until", "sent_at", "attempts", "last_error")


@admin.register(OutboundText)
class OutboundTextAdmin(admin.ModelAdmin):
    """Queued SMS and Zalo texts: what went out, what waits, what was given up and why (recipient masked)."""

    list_display = (
        "channel",
        "masked_to",
        "organisation",
        "created_at",
        "sent_at",
        "dead_at",
        "attempts",
        "last_error",
    )
    list_filter = ("channel", "sent_at", "dead_at")
    exclude = ("to", "body")
    readonly_fields = (
        "channel",
        "organisation",
        "idempotency_key",
        "created_at",
        "next_attempt_at",
        "claimed_until",
        "sent_at",
        "dead_at",
        "attempts",
        "last_error",
        "gateway_ref",
    )
