from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from danvan.core.registry import demo, nav, panels


class BoardConfig(AppConfig):
    """Ban thanh tra nhân dân (People's Inspection Board)."""

    name = "danvan.board"
    label = "board"
    verbose_name = _("Ban thanh tra nhân dân")

    def ready(self) -> None:
        from danvan.board import deadlines, services, views  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.board import demo as board_demo  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.core import audit  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.workdays.services import register_deadline_source  # noqa: PLC0415 - ready(): needs the loaded models

        nav.register("board:home", _("Ban TTND"), perm="board.view", order=40)
        nav.register("board:my_concerns", _("Kiến nghị của tôi"), perm="board.concern", order=41)
        panels.register(
            "board.concerns", "board/panels/concerns.html", views.panel_concerns, perm="board.view", order=42
        )
        panels.register("board.head", "board/panels/head.html", views.panel_board_head, perm="board.manage", order=40)
        panels.register(
            "board.principal", "board/panels/principal.html", views.panel_principal, perm="petitions.decide", order=41
        )
        demo.register("board", board_demo.load, order=50)
        register_deadline_source("board", deadlines.recompute_deadlines)
        audit.register_display(services.audit_display)
        audit.register_events(
            {
                "board.boardterm.elected": _("ghi nhận Ban thanh tra nhân dân được bầu"),
                "board.boardterm.members_changed": _("thay đổi thành viên Ban thanh tra nhân dân"),
                "board.boardterm.recognised": _("Công đoàn công nhận kết quả bầu Ban TTND"),
                "board.boardprogramme.adopt": _("thông qua chương trình công tác"),
                "board.boardprogramme.reopen": _("trả chương trình về dự thảo"),
                "board.boardprogramme.close": _("kết thúc chương trình công tác"),
                "board.stafffeedback.received": _("tiếp nhận kiến nghị, phản ánh của cán bộ, viên chức"),
                "board.stafffeedback.verify": _("bắt đầu xác minh kiến nghị"),
                "board.stafffeedback.answer": _("gửi kết quả cho người kiến nghị"),
                "board.stafffeedback.sent": _("cán bộ, giáo viên gửi kiến nghị, phản ánh"),
                "board.stafffeedback.route": _("chuyển kiến nghị tới nơi giải quyết khác"),
                "board.boardrecommendation.sent": _("gửi kiến nghị tới Hiệu trưởng"),
                "board.boardrecommendation.answer": _("Hiệu trưởng trả lời kiến nghị của Ban TTND"),
                "board.boardrecommendation.withdraw": _("rút kiến nghị"),
                "board.boardrecommendation.deadline_changed": _("tính lại hạn trả lời sau khi lịch làm việc thay đổi"),
                "board.boardreport.created": _("lập báo cáo của Ban TTND"),
                "board.boardreport.sent": _("gửi báo cáo của Ban TTND"),
            }
        )
