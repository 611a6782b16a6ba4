from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardConfig(AppConfig):
    """Ban thanh tra nhân dân (People's Inspection Board)."""

    name = "danvan.board"
    label = "board"
    verbose_name = _("Ban thanh tra nhân dân")
