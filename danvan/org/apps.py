from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from danvan.core.registry import demo
from danvan.core.scoping import register_grant_source


class OrgConfig(AppConfig):
    """Organisation tree, people, positions and memberships."""

    name = "danvan.org"
    label = "org"
    verbose_name = _("Tổ chức")

    def ready(self) -> None:
        from danvan.org import demo as org_demo  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.org import search  # noqa: F401, PLC0415 - registers the global search kind; ready(): needs the loaded models
        from danvan.org.grants import grants_from_memberships  # noqa: PLC0415 - ready(): needs the loaded models

        register_grant_source(grants_from_memberships)
        demo.register("org", org_demo.load, order=10)
