"""The national database export: the reception register and petition records in a documented machine format."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from danvan.core.registry import nav


class NationalDbConfig(AppConfig):
    """Export for the national database on citizen reception, complaints and denunciations (NĐ 154/2026 Điều 27)."""

    name = "danvan.nationaldb"
    label = "nationaldb"
    verbose_name = _("Xuất dữ liệu CSDL quốc gia")

    def ready(self) -> None:
        from danvan.core import audit  # noqa: PLC0415 - ready(): needs the loaded models

        nav.register("nationaldb:export", _("CSDL quốc gia"), perm="nationaldb.export", order=88)
        audit.register_events(
            {
                "nationaldb.export.created": _("xuất dữ liệu cho CSDL quốc gia (đã che danh tính người tố cáo)"),
                "nationaldb.export.identities": _("xuất dữ liệu cho CSDL quốc gia KÈM danh tính người tố cáo"),
            }
        )
