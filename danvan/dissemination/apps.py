from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from danvan.core.registry import demo, nav
from danvan.dissemination import permissions


class DisseminationConfig(AppConfig):
    """Quán triệt văn bản."""

    name = "danvan.dissemination"
    label = "dissemination"
    verbose_name = _("Quán triệt văn bản")

    def ready(self) -> None:
        from danvan.core import audit  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.dissemination import demo as dissemination_demo  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.dissemination import (  # noqa: PLC0415 - ready(): needs the loaded models
            receivers,
            search,  # noqa: F401 - registers the global search kind
        )

        receivers.connect()

        nav.register("dissemination:document_list", _("Quán triệt"), perm=permissions.VIEW, order=15)
        demo.register("dissemination", dissemination_demo.load, order=52)
        audit.register_events(
            {
                "dissemination.studysession.held": _("ghi nhận buổi quán triệt"),
                "dissemination.studysession.attendance": _("điểm danh buổi quán triệt"),
            }
        )
