from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    """Thi đua Dân vận khéo."""

    name = "danvan.emulation"
    label = "emulation"
    verbose_name = _("Thi đua Dân vận khéo")
