"""Kinds of personal-data records, legal bases and erasure reasons."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordType(models.TextChoices):
    """A kind of record holding personal data, each with its own retention period."""

    PETITION = "petition", _("Hồ sơ đơn và danh tính người gửi")
    ATTACHMENT = "attachment", _("Tệp đính kèm có danh tính")
    RECEPTION = "reception", _("Sổ tiếp công dân")
    AUDIT = "audit", _("Nhật ký thay đổi")


class LegalBasis(models.TextChoices):
    """Why the processing is lawful (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15)."""

    LEGAL_DUTY = "legal-duty", _("Thực hiện nhiệm vụ theo quy định của luật (không cần sự đồng ý)")
    CONSENT = "consent", _("Sự đồng ý của chủ thể dữ liệu")


class ErasureReason(models.TextChoices):
    """Why a petition's personal data was erased."""

    RETENTION = "retention", _("Hết thời hạn lưu trữ")
    REQUEST = "request", _("Theo yêu cầu của chủ thể dữ liệu")
