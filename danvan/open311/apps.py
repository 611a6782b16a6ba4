"""Open311 GeoReport v2: the civic-issue standard's door onto the public petition intake."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Open311Config(AppConfig):
    """Open311 GeoReport v2 at /open311/v2/, with the partner apps' keys."""

    name = "danvan.open311"
    label = "open311"
    verbose_name = _("Open311")

    def ready(self) -> None:
        from danvan.core import audit  # noqa: PLC0415 - ready(): needs the loaded models

        audit.register_events(
            {
                "open311.key.created": _("tạo khóa Open311 cho ứng dụng đối tác"),
                "open311.key.revoked": _("thu hồi khóa Open311"),
                "open311.request.created": _("nhận đơn qua Open311 từ ứng dụng đối tác"),
            }
        )
