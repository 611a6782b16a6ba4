from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from danvan.core.registry import nav


class PrivacyConfig(AppConfig):
    """Personal data: the notice on the public form, retention, data-subject requests, the processing register."""

    name = "danvan.privacy"
    label = "privacy"
    verbose_name = _("Bảo vệ dữ liệu cá nhân")

    def ready(self) -> None:
        from danvan.core import audit  # noqa: PLC0415 - ready(): needs the loaded models

        nav.register("privacy:subject_requests", _("Dữ liệu cá nhân"), perm="privacy.manage", order=92)
        audit.register_events(
            {
                "privacy.petition.erased": _("xóa danh tính, ẩn danh nội dung đơn (hết thời hạn lưu trữ)"),
                "privacy.petition.erased_on_request": _(
                    "xóa danh tính, ẩn danh nội dung đơn theo yêu cầu của chủ thể dữ liệu"
                ),
                "privacy.petition.erase_refused": _("từ chối xóa dữ liệu cá nhân của đơn"),
                "privacy.reception.erased": _("xóa danh tính công dân trong sổ tiếp công dân (hết thời hạn lưu trữ)"),
                "privacy.subject.searched": _("tra cứu dữ liệu của một chủ thể dữ liệu"),
                "privacy.subject.exported": _("xuất dữ liệu của một chủ thể dữ liệu"),
                "privacy.retention.run": _("chạy việc xóa dữ liệu hết thời hạn lưu trữ"),
            }
        )
