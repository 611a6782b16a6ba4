"""Keys of partner apps and the requests they sent through Open311."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import OrgOwnedModel
from danvan.core.scoping import ScopedQuerySet


class PartnerKeyQuerySet(ScopedQuerySet["PartnerKey"]):
    """Keys, scoped by their organisation, with the ones that still open the write endpoint."""

    def usable(self) -> PartnerKeyQuerySet:
        """Return keys not revoked."""
        return self.filter(revoked_at__isnull=True)


class PartnerKey(OrgOwnedModel):
    """An Open311 `api_key` of one partner app, bound to one school or the Department (its `organisation`).

    Only the SHA-256 of the key is stored (`key_hash`); the key is shown once, when created. `prefix` lets the
    school tell keys apart and names the partner in the audit trail and the rate limiter.
    """

    name = models.CharField(
        _("ứng dụng đối tác"),
        max_length=100,
        help_text=_("Ví dụ: Cổng phản ánh của phường, ứng dụng Zalo Mini App của hội cha mẹ"),
    )
    key_hash = models.CharField(_("mã băm của khóa"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("tiền tố"), max_length=16, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)

    objects = PartnerKeyQuerySet.as_manager()
    audit_ignore = frozenset({"created_at", "updated_at", "last_used_at"})
    audit_redact = frozenset({"key_hash"})

    class Meta:
        verbose_name = _("khóa Open311")
        verbose_name_plural = _("khóa Open311")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "created_at"], name="open311_key_org_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        """Return whether the key still opens the write endpoint."""
        return self.revoked_at is None


class PartnerRequest(models.Model):
    """A petition a partner app sent through Open311: which key sent it, and the token it was given.

    The token lets the partner find the request again (`tokens/{token}`); it is random, not the citizen's
    private tracking secret, and opens nothing but the public fields.
    """

    key = models.ForeignKey(PartnerKey, verbose_name=_("khóa"), on_delete=models.PROTECT, related_name="requests")
    petition = models.OneToOneField(
        "petitions.Petition", verbose_name=_("đơn"), on_delete=models.CASCADE, related_name="open311"
    )
    token = models.CharField(_("token"), max_length=40, unique=True, editable=False)
    created_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đơn nhận qua Open311")
        verbose_name_plural = _("đơn nhận qua Open311")
        constraints = [models.CheckConstraint(condition=~Q(token=""), name="open311_request_token_set")]

    def __str__(self) -> str:
        return self.token

    def audit_organisation(self) -> Any:
        """Return the key's organisation (the partner's school)."""
        return self.key.organisation
