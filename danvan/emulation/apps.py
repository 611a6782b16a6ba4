from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from danvan.core.registry import demo, nav


class EmulationConfig(AppConfig):
    """Thi đua Dân vận khéo."""

    name = "danvan.emulation"
    label = "emulation"
    verbose_name = _("Thi đua Dân vận khéo")

    def ready(self) -> None:
        from danvan.core import audit  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.emulation import demo as emulation_demo  # noqa: PLC0415 - ready(): needs the loaded models

        nav.register("emulation:campaign_list", _("Dân vận khéo"), perm="emulation.view", order=50)
        nav.register("emulation:unit_evaluation_list", _("Đánh giá đơn vị"), perm="emulation.view", order=51)
        demo.register("emulation", emulation_demo.load, order=51)
        audit.register_events(
            {
                "emulation.campaign.launched": _("phát động phong trào thi đua"),
                "emulation.emulationmodel.registered": _("đăng ký mô hình"),
                "emulation.emulationmodel.start": _("bắt đầu triển khai mô hình"),
                "emulation.emulationmodel.evaluate": _("chốt đánh giá mô hình"),
                "emulation.emulationmodel.return": _("trả mô hình về triển khai"),
                "emulation.emulationmodel.recognise": _("công nhận mô hình"),
                "emulation.emulationmodel.decline": _("không công nhận mô hình"),
                "emulation.emulationmodel.reward": _("ghi nhận khen thưởng mô hình"),
                "emulation.emulationmodel.replicate": _("nhân rộng mô hình"),
                "emulation.rewardproposal.proposed": _("đề nghị khen thưởng"),
                "emulation.rewardproposal.approve": _("duyệt đề nghị khen thưởng"),
                "emulation.rewardproposal.reject": _("không duyệt đề nghị khen thưởng"),
                "emulation.rewardproposal.revoke": _("thu hồi khen thưởng (kê khai gian dối)"),
                "emulation.unitcriterion.changed": _("sửa tiêu chí đánh giá công tác dân vận của đơn vị"),
                "emulation.unitevaluation.drafted": _("lập phiếu tự đánh giá của đơn vị"),
                "emulation.unitevaluation.submit": _("gửi phiếu tự đánh giá cho Hiệu trưởng"),
                "emulation.unitevaluation.return": _("trả lại phiếu tự đánh giá cho đơn vị"),
                "emulation.unitevaluation.finalise": _("nhận xét, xếp loại đơn vị"),
                "emulation.unitevaluation.reopen": _("mở lại phiếu đánh giá đã xếp loại"),
            }
        )
