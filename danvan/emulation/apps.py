from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    """Thi đua Dân vận khéo."""

    name = "danvan.emulation"
    label = "emulation"
    verbose_name = _("Thi đua Dân vận khéo")

    def ready(self) -> None:
        from danvan.core import audit
        from danvan.core.registry import demo, nav
        from danvan.emulation import demo as emulation_demo

        nav.register("emulation:campaign_list", _("Dân vận khéo"), perm="emulation.view", order=50)
        demo.register("emulation", emulation_demo.load, order=51)
        audit.register_events({
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
        })
