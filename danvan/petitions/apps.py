from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from danvan.core.registry import demo

AUDIT_EVENTS = {
    "petitions.petition.registered": _("tiếp nhận đơn"),
    "petitions.petition.assigned": _("phân công cán bộ xử lý đơn"),
    "petitions.petition.classified": _("phân loại đơn"),
    "petitions.petition.accepted": _("thụ lý đơn"),
    "petitions.petition.not_accepted": _("không thụ lý đơn"),
    "petitions.petition.transferred": _("chuyển đơn đến cơ quan có thẩm quyền"),
    "petitions.petition.guided": _("hướng dẫn công dân"),
    "petitions.petition.filed": _("lưu đơn"),
    "petitions.petition.merged": _("gộp đơn trùng"),
    "petitions.petition.split": _("tách đơn nhiều nội dung"),
    "petitions.petition.linked": _("liên kết đơn cùng nội dung"),
    "petitions.petition.verification_started": _("bắt đầu xác minh"),
    "petitions.petition.verification_recorded": _("ghi kết quả xác minh"),
    "petitions.petition.dialogue_recorded": _("ghi biên bản đối thoại"),
    "petitions.petition.mediation_recorded": _("ghi biên bản hòa giải"),
    "petitions.mediation.recorded": _("ghi vụ việc vào sổ hòa giải"),
    "petitions.mediation_group.saved": _("lập, sửa tổ hòa giải"),
    "petitions.petition.extended": _("gia hạn giải quyết"),
    "petitions.petition.resolved": _("ban hành quyết định giải quyết / kết luận"),
    "petitions.petition.decision_sent": _("gửi quyết định / kết luận"),
    "petitions.petition.replied": _("trả lời công dân"),
    "petitions.petition.closed": _("kết thúc đơn"),
    "petitions.petition.withdrawn": _("người gửi rút đơn, đình chỉ giải quyết"),
    "petitions.petition.withdrawn_continued": _("người tố cáo rút đơn, tiếp tục giải quyết (Luật Tố cáo Điều 33)"),
    "petitions.petition.escalated": _("khiếu nại lần hai"),
    "petitions.petition.satisfaction_recorded": _("ghi ý kiến của người gửi đơn"),
    "petitions.petition.deadline_changed": _("tính lại hạn xử lý do lịch làm việc thay đổi"),
    "petitions.petition.reminded": _("nhắc hạn xử lý đơn"),
    "petitions.identity.viewed": _("xem danh tính người gửi đơn"),
    "petitions.identity.denied": _("bị từ chối xem danh tính người gửi đơn"),
    "petitions.reception.registered": _("vào sổ tiếp công dân"),
    "petitions.reception.result": _("ghi kết quả tiếp công dân"),
    "petitions.reception.refused": _("từ chối tiếp công dân (NĐ 154/2026/NĐ-CP Điều 4)"),
    "petitions.reception.refusal_notice": _("ban hành thông báo từ chối tiếp công dân (Mẫu 01/TCD)"),
    "petitions.reception.receipt": _("lập giấy biên nhận thông tin, tài liệu (Mẫu 02/TCD)"),
    "petitions.petition.receipt": _("lập giấy biên nhận thông tin, tài liệu (Mẫu 02/TCD)"),
    "petitions.head_day.planned": _("lập lịch tiếp công dân của người đứng đầu"),
    "petitions.head_day.cancelled": _("hủy lịch tiếp công dân của người đứng đầu"),
    "petitions.reception_place.set": _("công bố nơi, thời gian tiếp công dân"),
    "petitions.attachment.redacted": _("tạo bản che danh tính cho người xác minh"),
    "petitions.scan.read": _("đọc chữ bản chụp đơn (OCR)"),
    "petitions.scan.used": _("vào sổ đơn từ bản chụp đã đọc chữ (OCR)"),
    "petitions.keys.rotated": _("mã hóa lại dữ liệu bảo vệ bằng khóa mới"),
    "petitions.petition.conflict_declared": _("khai xung đột lợi ích (NĐ 31/2019/NĐ-CP Điều 5)"),
    # ---- denunciation procedure (tố cáo)
    "petitions.petition.initial_processing_extended": _("kéo dài thời hạn xử lý ban đầu tố cáo (Luật Tố cáo Điều 24)"),
    "petitions.petition.withdrawn_partly": _("người tố cáo rút một phần tố cáo (Luật Tố cáo Điều 33)"),
    "petitions.petition.conclusion_handled": _("xử lý kết luận nội dung tố cáo (Luật Tố cáo Điều 36)"),
    "petitions.petition.conclusion_published": _("công khai kết luận nội dung tố cáo (Luật Tố cáo Điều 40)"),
    "petitions.petition.re_denounced": _("tố cáo tiếp đến cơ quan cấp trên (Luật Tố cáo Điều 37)"),
    "petitions.petition.re_resolved": _("giải quyết lại vụ việc tố cáo (Luật Tố cáo Điều 37)"),
    "petitions.petition.upheld": _("không giải quyết lại vụ việc tố cáo (Luật Tố cáo Điều 37)"),
    # ---- complaints after the 01/7/2026 reform (Luật 136/2025/QH15; NĐ 155/2026)
    "petitions.petition.complex_determined": _("xác định vụ việc khiếu nại phức tạp (NĐ 124/2020 Điều 3a)"),
    "petitions.petition.dialogue_noticed": _("gửi thông báo tổ chức đối thoại"),
    "petitions.petition.suspended": _("tạm đình chỉ giải quyết khiếu nại (Mẫu 14a)"),
    "petitions.petition.resumed": _("tiếp tục giải quyết khiếu nại (Mẫu 14b)"),
    "petitions.petition.terminated": _("đình chỉ giải quyết khiếu nại (Mẫu 14a)"),
    "petitions.petition.withdrawn_part": _("người khiếu nại rút khiếu nại (toàn bộ hoặc một phần)"),
    "petitions.petition.decision_received": _("ghi ngày người khiếu nại nhận quyết định"),
    "petitions.petition.decision_published": _("công khai quyết định giải quyết khiếu nại lần hai"),
    "petitions.petition.decision_sent_14": _("ghi ngày gửi quyết định tạm đình chỉ, đình chỉ, tiếp tục giải quyết"),
    "petitions.petition.rules_2026": _("ghi quy định chuyển tiếp áp dụng từ 01/7/2026"),
}


class PetitionsConfig(AppConfig):
    """Tiếp công dân và đơn thư."""

    name = "danvan.petitions"
    label = "petitions"
    verbose_name = _("Tiếp công dân và đơn thư")

    def ready(self) -> None:
        from danvan.core import audit  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.petitions import deadlines, duplicates, panels, search  # noqa: F401, PLC0415 - panels, search register; ready(): needs the loaded models
        from danvan.petitions.demo import load_demo_petitions  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.petitions.identity import shown_title  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.petitions.identity_pages import audit_display, hidden_audit_entries  # noqa: PLC0415 - ready(): needs the loaded models
        from danvan.workdays.services import register_deadline_source  # noqa: PLC0415 - ready(): needs the loaded models

        audit.register_events(AUDIT_EVENTS)
        audit.register_hidden(hidden_audit_entries)
        audit.register_display(audit_display)
        audit.register_namer("petitions.Petition", shown_title)
        register_deadline_source("petitions", deadlines.recompute_deadlines)
        demo.register("petitions", load_demo_petitions, order=40)
        # Fingerprints for duplicate detection are written for petitions made anywhere (web, CLI, demo, tasks).
        duplicates.connect_signals()
