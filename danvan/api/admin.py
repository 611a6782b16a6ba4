"""Admin for personal API tokens: see and revoke them; the key (and its hash) is never shown."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from danvan.api import services
from danvan.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owners on the token page; here they can only be looked at and revoked."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked")
    list_filter = ("revoked",)
    search_fields = ("name", "prefix", "user__username", "user__first_name", "user__last_name")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Thu hồi các khóa đã chọn"))
    def revoke(self, request: Any, queryset: Any) -> None:
        count = 0
        for token in queryset.filter(revoked=False):
            try:
                services.revoke_token(token, actor=request.user)
            except services.TokenError as exc:
                self.message_user(request, str(exc.message), messages.ERROR)
                return
            count += 1
        self.message_user(request, _("Đã thu hồi %(n)d khóa.") % {"n": count}, messages.SUCCESS)
