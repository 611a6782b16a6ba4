"""In-app notifications; email and SMS/Zalo copies go through pluggable backends (see backends.py)."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.lib.fieldcrypt import EncryptedCharField, EncryptedTextField


def _new_key() -> str:
    """Return a fresh idempotency key (32 hex digits)."""
    return uuid.uuid4().hex


class NotificationQuerySet(models.QuerySet["Notification"]):
    """Notifications, with the ones a user has not read."""

    def for_user(self, user: object) -> NotificationQuerySet:
        """Return the user's own notifications (nobody reads another person's)."""
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        """Return those not yet read."""
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one user shown in the app (and possibly sent by email or SMS)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    organisation = models.ForeignKey(
        "org.Organisation", verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("liên kết"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.subject


class OutboundEmailQuerySet(models.QuerySet["OutboundEmail"]):
    """Queued e-mails, with the ones still to send."""

    def pending(self) -> OutboundEmailQuerySet:
        """Return those not yet sent."""
        return self.filter(sent_at__isnull=True)


class OutboundEmail(models.Model):
    """One e-mail to send, written in the transaction that decided it and sent once by whoever claims it.

    A process killed between the commit and the SMTP call would otherwise lose the message: the row survives it,
    and the worker's sweep sends what the web process did not. `claimed_until` is the lease of the sender that
    claimed the row with a conditional UPDATE, so two senders never send the same row at the same time.
    """

    to = models.JSONField(_("gửi đến"), default=list)
    subject = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"), blank=True)
    created_at = models.DateTimeField(_("lúc tạo"), auto_now_add=True)
    claimed_until = models.DateTimeField(_("đang gửi đến"), null=True, blank=True)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("thư đi")
        verbose_name_plural = _("thư đi")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["id"], condition=models.Q(sent_at__isnull=True), name="outbound_email_pending_idx")
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def message_id(self) -> str:
        """Return the Message-ID header: the same on every attempt, so a receiver can drop a repeated copy."""
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"<danvan-outbox-{self.pk}@{host}>"


# ====================================================================== text messages (SMS, Zalo OA)


class TextChannel(models.TextChoices):
    """The gateway a text goes through."""

    SMS = "sms", _("Tin nhắn SMS")
    ZALO = "zalo", _("Zalo")


class OutboundTextQuerySet(models.QuerySet["OutboundText"]):
    """Queued texts: pending, due, and the dead letters staff must look at."""

    def pending(self) -> OutboundTextQuerySet:
        """Return those neither sent nor given up."""
        return self.filter(sent_at__isnull=True, dead_at__isnull=True)

    def due(self, now: Any) -> OutboundTextQuerySet:
        """Return pending texts whose next attempt has come and that no live sender holds."""
        return (
            self.pending()
            .filter(next_attempt_at__lte=now)
            .filter(models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=now))
        )

    def dead(self) -> OutboundTextQuerySet:
        """Return the texts given up after the last attempt (dead letters)."""
        return self.filter(sent_at__isnull=True, dead_at__isnull=False)


class OutboundText(models.Model):
    """One SMS or Zalo message, written in the transaction that decided it and sent once by whoever claims it.

    Like `OutboundEmail`: the row survives a killed process and an unreachable gateway; the sender claims it with a
    conditional UPDATE (`claimed_until`), and a failed attempt pushes `next_attempt_at` back exponentially until
    `DANVAN_TEXT_MAX_ATTEMPTS`, after which the row is a dead letter (`dead_at`) shown on the outbox page.
    `idempotency_key` goes to the gateway on every attempt (eSMS `RequestId`), so a retry after a timeout whose
    request did arrive is refused as a duplicate instead of sent twice. The recipient (a phone number or a Zalo
    follower id) and the body are personal data: encrypted at rest.
    """

    channel = models.CharField(_("kênh"), max_length=10, choices=TextChannel.choices)
    to = EncryptedCharField(_("gửi đến"))
    body = EncryptedTextField(_("nội dung"))
    organisation = models.ForeignKey(
        "org.Organisation", verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    idempotency_key = models.CharField(
        _("khóa chống gửi trùng"), max_length=64, unique=True, default=_new_key, editable=False
    )
    created_at = models.DateTimeField(_("lúc tạo"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("lần thử tới"), default=timezone.now)
    claimed_until = models.DateTimeField(_("đang gửi đến"), null=True, blank=True)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    dead_at = models.DateTimeField(_("ngừng thử lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)
    gateway_ref = models.CharField(_("mã tin của cổng"), max_length=100, blank=True)

    objects = OutboundTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("tin nhắn đi")
        verbose_name_plural = _("tin nhắn đi")
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True, dead_at__isnull=True),
                name="outbound_text_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.pk}"

    @property
    def masked_to(self) -> str:
        """Return the recipient with all but its last three characters hidden (the outbox page is not identity)."""
        return "•••" + (self.to or "")[-3:]

    @property
    def state(self) -> str:
        """Return "sent", "dead" or "queued"."""
        if self.sent_at is not None:
            return "sent"
        return "dead" if self.dead_at is not None else "queued"


class ZaloToken(models.Model):
    """The OA's current access token and refresh token (Zalo rotates both on every refresh), encrypted at rest."""

    app_id = models.CharField(_("ID ứng dụng"), max_length=40, unique=True)
    access_token = EncryptedTextField(_("access token"), blank=True)
    refresh_token = EncryptedTextField(_("refresh token"), blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("khóa truy cập Zalo OA")
        verbose_name_plural = _("khóa truy cập Zalo OA")

    def __str__(self) -> str:
        return self.app_id


class ZaloConversation(models.Model):
    """A Zalo follower's messages to the OA: a petition draft for the clerk, never a registered petition by itself.

    The follower id is the sender's identity (encrypted; `user_hmac` finds the open draft of the same follower
    without decrypting). The clerk reads the conversation and registers it as a petition, or dismisses it.
    """

    class State(models.TextChoices):
        OPEN = "open", _("Chờ xem xét")
        REGISTERED = "registered", _("Đã vào sổ")
        DISMISSED = "dismissed", _("Không phải đơn")

    organisation = models.ForeignKey(
        "org.Organisation", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    zalo_user_id = EncryptedCharField(_("Zalo ID người gửi"))
    user_hmac = models.CharField(max_length=64, db_index=True, editable=False)
    display_name = EncryptedCharField(_("tên Zalo"), blank=True)
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices, default=State.OPEN)
    petition = models.ForeignKey(
        "petitions.Petition", verbose_name=_("đơn"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("lúc bắt đầu"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("tin gần nhất"), default=timezone.now)

    audit_redact = frozenset({"zalo_user_id", "display_name"})

    class Meta:
        verbose_name = _("hội thoại Zalo")
        verbose_name_plural = _("hội thoại Zalo")
        ordering = ["-last_message_at", "-id"]
        indexes = [models.Index(fields=["organisation", "state"], name="zalo_conversation_state_idx")]

    def __str__(self) -> str:
        return f"{_('Hội thoại Zalo')} #{self.pk}"


class ZaloMessage(models.Model):
    """One message of a conversation, in or out; Zalo's msg_id makes a redelivered webhook a no-op."""

    class Direction(models.TextChoices):
        IN = "in", _("Người dân gửi")
        OUT = "out", _("Nhà trường gửi")

    conversation = models.ForeignKey(ZaloConversation, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=3, choices=Direction.choices, default=Direction.IN)
    msg_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    text = EncryptedTextField(_("nội dung"))
    sent_at = models.DateTimeField(_("lúc"))

    class Meta:
        verbose_name = _("tin nhắn Zalo")
        verbose_name_plural = _("tin nhắn Zalo")
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} #{self.pk}"
