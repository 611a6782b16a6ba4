from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from danvan.core.registry import nav


class WorkdaysConfig(AppConfig):
    """Working-day calendar and statutory deadline engine."""

    name = "danvan.workdays"
    label = "workdays"
    verbose_name = _("Lịch làm việc và thời hạn")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from danvan.core import audit  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.workdays import signals  # noqa: F401, PLC0415 - connect cache invalidation and recompute; ready(): needs the loaded models
        from danvan.workdays.defaults import recompute_after_sync  # noqa: PLC0415 - ready(): needs the loaded models

        # After every app is migrated, recompute open deadlines if migration 0003 (or a later sync) changed a period.
        post_migrate.connect(recompute_after_sync, sender=self, dispatch_uid="workdays-recompute-after-sync")

        nav.register("workdays:calendar", _("Lịch làm việc"), perm="workdays.view", order=80)
        audit.register_events(
            {"workdays.deadlines.recomputed": _("tính lại thời hạn sau khi lịch hoặc quy tắc thay đổi")}
        )
        audit.register_events({"workdays.defaults.synced": _("đồng bộ bảng thời hạn và lịch làm việc với văn bản mới")})
