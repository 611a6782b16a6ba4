from __future__ import annotations

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from danvan.core import permissions
from danvan.core.registry import nav
from danvan.core.storage import make_sqlite_private


class CoreConfig(AppConfig):
    """Shared pieces: users, audit trail, tenancy scoping, web shell."""

    name = "danvan.core"
    label = "core"
    verbose_name = _("Hệ thống")

    def ready(self) -> None:
        from danvan.core import audit, checks, lockout, signals  # noqa: F401, PLC0415 - connect handlers, register checks; ready(): needs the loaded models

        permissions.autodiscover()  # every app's permissions.py, before any view or check reads a name
        connection_created.connect(make_sqlite_private, dispatch_uid="danvan.sqlite_private")

        nav.register("core:dashboard", _("Tổng quan"), perm=None, order=0)
        nav.register("org:organisation_list", _("Tổ chức & nhân sự"), perm="org.view", order=90)
        nav.register("core:audit_list", _("Nhật ký"), perm="audit.view", order=95)
        audit.register_events(
            {
                "core.user.login": _("đăng nhập"),
                "core.user.login_failed": _("đăng nhập không thành công"),
                "core.user.locked_out": _("tài khoản tạm bị khóa đăng nhập sau nhiều lần sai mật khẩu"),
                "core.user.logout": _("đăng xuất"),
                "core.user.password_changed": _("đổi mật khẩu"),
                "core.user.totp_enabled": _("bật xác thực hai lớp"),
                "core.user.totp_disabled": _("tắt xác thực hai lớp"),
                "core.user.totp_failed": _("nhập sai mã xác thực hai lớp"),
            }
        )
