from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from danvan.core.registry import demo, nav, panels


class PlansConfig(AppConfig):
    """Kế hoạch: plans, their tasks, progress and evidence."""

    name = "danvan.plans"
    label = "plans"
    verbose_name = _("Kế hoạch")

    def ready(self) -> None:
        from danvan.core import audit  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.plans import dashboard, search  # noqa: F401, PLC0415 - search registers the global search kinds; ready(): needs the loaded models
        from danvan.plans.demo import load_demo_plan  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.plans.models import review_notes_text, sections_text  # noqa: PLC0415 - ready(): needs the loaded models

        nav.register("plans:plan_list", _("Kế hoạch"), perm="plans.view", order=10)
        nav.register("plans:my_tasks", _("Việc của tôi"), perm="tasks.update", order=11)
        panels.register(
            "plans_tasks",
            "plans/partials/dashboard_tasks.html",
            dashboard.late_tasks_panel,
            perm="plans.view",
            order=20,
        )
        panels.register(
            "plans_my_tasks",
            "plans/partials/dashboard_my_tasks.html",
            dashboard.my_tasks_panel,
            perm="tasks.update",
            order=21,
        )
        demo.register("plans", load_demo_plan, order=30)
        audit.register_value_display("plans.Plan.sections", sections_text)
        audit.register_value_display("plans.Plan.review_notes", review_notes_text)
        audit.register_events(
            {
                "plans.plan.imported": _("nhập kế hoạch từ tệp"),
                "plans.plan.approved": _("duyệt kế hoạch"),
                "plans.plan.returned": _("trả lại dự thảo kế hoạch"),
                "plans.plan.published": _("ban hành kế hoạch"),
                "plans.plan.dispatched": _("ghi việc gửi kế hoạch đến nơi nhận"),
                "plans.plan.revised": _("tạo bản sửa đổi kế hoạch"),
                "plans.plan.cloned": _("sao chép kế hoạch sang năm sau"),
                "plans.plan.cascaded": _("triển khai kế hoạch của Sở xuống trường"),
                "plans.plan.deleted": _("xóa dự thảo kế hoạch"),
                "plans.task.progressed": _("cập nhật tiến độ nhiệm vụ"),
                "plans.task.completed": _("hoàn thành nhiệm vụ"),
                "plans.task.periods_changed": _("đổi thời gian thực hiện nhiệm vụ"),
                "plans.plan.lists_changed": _("sửa văn bản căn cứ, hạn báo cáo của kế hoạch"),
            }
        )
