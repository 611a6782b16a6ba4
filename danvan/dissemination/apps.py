from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisseminationConfig(AppConfig):
    """Quán triệt văn bản."""

    name = "danvan.dissemination"
    label = "dissemination"
    verbose_name = _("Quán triệt văn bản")
