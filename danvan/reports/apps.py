from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.registry import demo, nav, panels


class ReportsConfig(AppConfig):
    """Báo cáo."""

    name = "danvan.reports"
    label = "reports"
    verbose_name = _("Báo cáo")

    def ready(self) -> None:
        from danvan.core import audit  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.reports import dashboard, receivers  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.reports import demo as reports_demo  # noqa: PLC0415 - ready(): needs the loaded models

        receivers.connect()
        demo.register("reports", reports_demo.load, order=60)
        nav.register("reports:obligation_list", pgettext_lazy("menu", "Báo cáo"), perm="reports.view", order=60)
        nav.register("reports:department_matrix", _("Tổng hợp các trường"), perm="reports.review", order=61)
        panels.register("reports.due", "reports/panels/due.html", dashboard.due_panel, perm="reports.view", order=40)
        panels.register(
            "reports.department",
            "reports/panels/department.html",
            dashboard.department_panel,
            perm="reports.review",
            order=41,
        )
        audit.register_events(
            {
                "reports.obligation.from_plan": _("tạo nghĩa vụ báo cáo từ kế hoạch"),
                "reports.campaign.launched": _("giao báo cáo cho các trường"),
                "reports.report.compiled": _("tổng hợp số liệu báo cáo"),
                "reports.report.edited": _("sửa nội dung báo cáo"),
                "reports.report.sign": _("duyệt, ký báo cáo"),
                "reports.report.unsign": _("hủy ký báo cáo để sửa"),
                "reports.report.submit": _("gửi báo cáo"),
                "reports.report.accept": _("tiếp nhận báo cáo"),
                "reports.report.return": _("trả lại báo cáo"),
                "reports.report.revise": _("sửa lại báo cáo bị trả lại"),
                "reports.report.scan_attached": _("tải lên bản ký đã quét"),
            }
        )
