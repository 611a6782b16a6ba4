from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Kế hoạch."""

    name = "danvan.plans"
    label = "plans"
    verbose_name = _("Kế hoạch")
