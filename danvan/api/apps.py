from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """API: the JSON door onto the same services as the web pages, and personal API tokens."""

    name = "danvan.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from danvan.core import audit  # noqa: PLC0415 - ready(): needs the loaded models

        audit.register_events(
            {
                "api.token.created": _("tạo khóa API"),
                "api.token.revoked": _("thu hồi khóa API"),
            }
        )
