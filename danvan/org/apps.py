from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    """Organisation tree, people, positions and memberships."""

    name = "danvan.org"
    label = "org"
    verbose_name = _("Tổ chức")

    def ready(self) -> None:
        from danvan.core.registry import demo
        from danvan.org import demo as org_demo
        from danvan.org import search  # noqa: F401 - registers the global search kind

        demo.register("org", org_demo.load, order=10)
