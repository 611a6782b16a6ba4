"""In-app notifications; email and SMS/Zalo copies go through pluggable backends (see backends.py)."""

from __future__ import annotations

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
