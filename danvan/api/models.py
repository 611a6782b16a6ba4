"""Personal API tokens: a user's key to the JSON API, stored only as a SHA-256 hash."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.org.models import Membership


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    """Tokens, with the ones that still open the API."""

    def usable(self) -> ApiTokenQuerySet:
        """Return tokens neither revoked nor expired, whose user is active."""
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()), revoked=False, user__is_active=True
        )


class ApiToken(models.Model):
    """A personal API token: the holder acts as its user, with exactly that user's permissions.

    Only `key_hash` (SHA-256 of the whole key) is stored; the key itself is shown once, when created.
    `prefix` (the key's first characters) lets the owner tell tokens apart without revealing them.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100, help_text=_("Ví dụ: Bảng tính tổng hợp đơn thư"))
    key_hash = models.CharField(_("mã băm của khóa"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("tiền tố"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    revoked = models.BooleanField(_("đã thu hồi"), default=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        """Return whether the expiry time has passed."""
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        """Return whether the token still opens the API."""
        return not self.revoked and not self.is_expired and getattr(self.user, "is_active", False)

    def audit_organisation(self) -> Any:
        """Return the tenant of the user's first active position (where the trail entry is filed)."""
        m = Membership.objects.active().filter(person__user_id=self.user_id).select_related("organisation").first()
        if m is None:
            return None
        return m.organisation.tenant or m.organisation
