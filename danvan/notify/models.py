"""In-app notifications; email and SMS/Zalo copies go through pluggable backends (see backends.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
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


class OutboundEmailQuerySet(models.QuerySet):
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
        indexes = [models.Index(fields=["id"], condition=models.Q(sent_at__isnull=True), name="outbound_email_pending_idx")]

    def __str__(self) -> str:
        return self.subject

    @property
    def message_id(self) -> str:
        """Return the Message-ID header: the same on every attempt, so a receiver can drop a repeated copy."""
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"<danvan-outbox-{self.pk}@{host}>"
