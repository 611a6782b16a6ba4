from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AUDIT_EVENTS = {
    "notify.text.requeued": _("gửi lại tin nhắn đã ngừng thử"),
    "notify.zalo.registered": _("vào sổ đơn từ hội thoại Zalo"),
    "notify.zalo.dismissed": _("đánh dấu hội thoại Zalo không phải đơn"),
    "notify.zalo.linked": _("người gửi đơn đăng ký nhận thông báo qua Zalo"),
}


class NotifyConfig(AppConfig):
    """Thông báo."""

    name = "danvan.notify"
    label = "notify"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        from danvan.core import audit  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.notify import checks  # noqa: F401, PLC0415 - registers the configuration checks; ready(): needs the loaded models

        audit.register_events(AUDIT_EVENTS)
