"""Rows of the privacy app: retention overrides, the notice shown with a petition, legal holds, erasures."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import AuditedModel, OrgOwnedModel
from danvan.privacy.choices import ErasureReason, LegalBasis, RecordType


class RetentionRule(AuditedModel):
    """An administrator's override of the retention period of one record type (the defaults live in rules.py).

    One row for the whole installation: the archive rules are national, not per school.
    """

    record_type = models.CharField(_("loại hồ sơ"), max_length=20, choices=RecordType.choices, unique=True)
    years = models.PositiveSmallIntegerField(_("thời hạn lưu trữ (năm)"))
    citation = models.CharField(_("căn cứ"), max_length=255)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("thời hạn lưu trữ dữ liệu cá nhân")
        verbose_name_plural = _("thời hạn lưu trữ dữ liệu cá nhân")
        ordering = ["record_type"]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.years}"


class NoticeRecord(OrgOwnedModel):
    """Which version of the personal-data notice the citizen was shown when sending a petition, and when."""

    petition = models.OneToOneField("petitions.Petition", on_delete=models.CASCADE, related_name="privacy_notice")
    version = models.CharField(_("phiên bản thông báo"), max_length=20)
    legal_basis = models.CharField(
        _("căn cứ xử lý"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.LEGAL_DUTY
    )
    shown_at = models.DateTimeField(_("thời điểm gửi đơn kèm thông báo"), default=timezone.now)

    class Meta:
        verbose_name = _("thông báo xử lý dữ liệu cá nhân đã hiển thị")
        verbose_name_plural = _("thông báo xử lý dữ liệu cá nhân đã hiển thị")

    def audit_organisation(self) -> Any:
        """Return the petition's trail: a petition routed away from the school is never named in the school's log."""
        return self.petition.audit_organisation()

    def __str__(self) -> str:
        return f"{self.version} — {self.petition_id}"


class LegalHold(OrgOwnedModel):
    """A hold that forbids erasing a petition's personal data (an inspection, a lawsuit, a request of an authority)."""

    petition = models.ForeignKey("petitions.Petition", on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.CharField(_("lý do giữ hồ sơ"), max_length=255)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(_("đặt lúc"), default=timezone.now)
    released_at = models.DateTimeField(_("gỡ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lệnh giữ hồ sơ")
        verbose_name_plural = _("lệnh giữ hồ sơ")
        indexes = [
            models.Index(
                fields=["petition"], name="privacy_hold_active_idx", condition=models.Q(released_at__isnull=True)
            )
        ]

    def audit_organisation(self) -> Any:
        """Return the petition's trail: a petition routed away from the school is never named in the school's log."""
        return self.petition.audit_organisation()

    def __str__(self) -> str:
        return self.reason


class Erasure(OrgOwnedModel):
    """The mark that a petition's personal data was erased; its unique row is also the claim that one worker won."""

    petition = models.OneToOneField("petitions.Petition", on_delete=models.CASCADE, related_name="erasure")
    reason = models.CharField(_("lý do"), max_length=20, choices=ErasureReason.choices)
    erased_at = models.DateTimeField(_("xóa lúc"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attachments_deleted = models.PositiveSmallIntegerField(_("số tệp đã xóa"), default=0)

    class Meta:
        verbose_name = _("lần xóa dữ liệu cá nhân")
        verbose_name_plural = _("lần xóa dữ liệu cá nhân")

    def audit_organisation(self) -> Any:
        """Return the petition's trail: a petition routed away from the school is never named in the school's log."""
        return self.petition.audit_organisation()

    def __str__(self) -> str:
        return f"{self.petition_id} — {self.get_reason_display()}"
