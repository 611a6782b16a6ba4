from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    """Thông báo."""

    name = "danvan.notify"
    label = "notify"
    verbose_name = _("Thông báo")
