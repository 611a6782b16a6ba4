"""Choices of the petitions app and the table of allowed workflow transitions.

Every legal reason and outcome cites the article it comes from (see /docs/petitions.md and
shared/docs/domain.md §1–§3). The transitions table `TRANSITIONS` is the single source the
services check and the tests walk.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How the petition reached the school."""

    WEB = "web", _("Biểu mẫu trực tuyến")
    WALK_IN = "walk-in", _("Trực tiếp (tiếp công dân)")
    LETTER = "letter", _("Thư, đơn gửi qua bưu điện")
    EMAIL = "email", _("Thư điện tử")
    PHONE = "phone", _("Điện thoại")
    ZALO = "zalo", _("Tin nhắn Zalo OA")
    TRANSFERRED_IN = "transferred-in", _("Cơ quan khác chuyển đến")


class UpdatesBy(models.TextChoices):
    """How the petitioner wants to hear that the petition moved on (chosen on the public form)."""

    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")
    ZALO = "zalo", _("Zalo")


class Kind(models.TextChoices):
    """What the petition is, by content regardless of its title (TT 05/2021/TT-TTCP Điều 6).

    The codes equal the workdays deadline kinds where a deadline rule exists.
    """

    KHIEU_NAI = "khieu-nai", _("Khiếu nại lần đầu")
    KHIEU_NAI_LAN_2 = "khieu-nai-lan-2", _("Khiếu nại lần hai")
    TO_CAO = "to-cao", _("Tố cáo")
    KIEN_NGHI = "kien-nghi", _("Kiến nghị")
    PHAN_ANH = "phan-anh", _("Phản ánh")
    NHIEU_NOI_DUNG = "nhieu-noi-dung", _("Đơn có nhiều nội dung")
    CHUA_RO = "chua-ro", _("Chưa phân loại")
    # Complaints against a disciplinary decision on an official (Luật KN Chương IV, Điều 48, 50): own windows.
    KHIEU_NAI_KY_LUAT = "khieu-nai-ky-luat", _("Khiếu nại quyết định kỷ luật lần đầu")
    KHIEU_NAI_KY_LUAT_LAN_2 = "kn-ky-luat-lan-2", _("Khiếu nại quyết định kỷ luật lần hai")


DISCIPLINE_KINDS = frozenset({Kind.KHIEU_NAI_KY_LUAT, Kind.KHIEU_NAI_KY_LUAT_LAN_2})
SECOND_TIME_KINDS = frozenset({Kind.KHIEU_NAI_LAN_2, Kind.KHIEU_NAI_KY_LUAT_LAN_2})
COMPLAINT_KINDS = frozenset({Kind.KHIEU_NAI, Kind.KHIEU_NAI_LAN_2}) | DISCIPLINE_KINDS
FEEDBACK_KINDS = frozenset({Kind.KIEN_NGHI, Kind.PHAN_ANH})


def kind_labels() -> dict[str, str]:
    """Return the petition kinds' names in the active language, by code (reports, their charts and tables)."""
    return {str(k): str(v) for k, v in Kind.choices}


# Kinds that may be accepted (thụ lý): a mixed or unclassified petition must be split or classified first
# (Luật TCD Điều 25(3): the officer guides the person to separate khiếu nại, tố cáo, kiến nghị).
ACCEPTABLE_KINDS = (
    frozenset({Kind.KHIEU_NAI, Kind.KHIEU_NAI_LAN_2, Kind.TO_CAO, Kind.KIEN_NGHI, Kind.PHAN_ANH}) | DISCIPLINE_KINDS
)


class State(models.TextChoices):
    """Where the petition stands in the statutory workflow."""

    RECEIVED = "received", _("Mới tiếp nhận")
    CLASSIFIED = "classified", _("Đã phân loại")
    ACCEPTED = "accepted", _("Đã thụ lý")
    NOT_ACCEPTED = "not-accepted", _("Không thụ lý")
    TRANSFERRED = "transferred", _("Đã chuyển đơn")
    GUIDED = "guided", _("Đã hướng dẫn")
    FILED = "filed", _("Lưu đơn")
    VERIFYING = "verifying", _("Đang xác minh")
    RESOLVED = "resolved", _("Đã có quyết định/kết luận")
    DECISION_SENT = "decision-sent", _("Đã gửi quyết định/kết luận")
    REPLIED = "replied", _("Đã trả lời công dân")
    CLOSED = "closed", _("Đã kết thúc")
    # Luật KN Điều 11a (from Luật 136/2025/QH15); NĐ 124/2020 Điều 28a, 28b (inserted by NĐ 155/2026 Điều 12).
    SUSPENDED = "suspended", _("Tạm đình chỉ giải quyết")
    TERMINATED = "terminated", _("Đình chỉ giải quyết")


# States in which the school still owes the citizen something (deadline running). A suspended complaint is still
# owed (its period resumes, NĐ 124 Điều 28b(2)); its resolution clock is paused (deadlines.py).
OPEN_STATES = frozenset(
    {
        State.RECEIVED,
        State.CLASSIFIED,
        State.ACCEPTED,
        State.VERIFYING,
        State.RESOLVED,
        State.SUSPENDED,
    }
)
# States after which nothing more is owed (the petition left the school or was answered).
DONE_STATES = frozenset(
    {
        State.NOT_ACCEPTED,
        State.TRANSFERRED,
        State.GUIDED,
        State.FILED,
        State.CLOSED,
        State.TERMINATED,
    }
)


class Action(models.TextChoices):
    """What a user can do to a petition: each is one service function in services.py."""

    ASSIGN = "assign", _("Phân công xử lý")
    CLASSIFY = "classify", _("Phân loại đơn")
    ACCEPT = "accept", _("Thụ lý")
    NOT_ACCEPT = "not-accept", _("Không thụ lý")
    TRANSFER = "transfer", _("Chuyển đơn")
    GUIDE = "guide", _("Hướng dẫn công dân")
    FILE = "file", _("Lưu đơn")
    MERGE = "merge", _("Gộp vào đơn trùng")
    SPLIT = "split", _("Tách đơn nhiều nội dung")
    START_VERIFICATION = "start-verification", _("Bắt đầu xác minh")
    RECORD_VERIFICATION = "record-verification", _("Ghi kết quả xác minh")
    RECORD_DIALOGUE = "record-dialogue", _("Ghi biên bản đối thoại")
    RECORD_MEDIATION = "record-mediation", _("Ghi biên bản hòa giải")
    EXTEND = "extend", _("Gia hạn giải quyết")
    RESOLVE = "resolve", _("Ban hành quyết định/kết luận")
    SEND_DECISION = "send-decision", _("Gửi quyết định/kết luận")
    REPLY = "reply", _("Trả lời công dân")
    CLOSE = "close", _("Kết thúc")
    WITHDRAW = "withdraw", _("Rút đơn")
    ESCALATE = "escalate", _("Khiếu nại lần hai")
    RECORD_SATISFACTION = "record-satisfaction", _("Ghi ý kiến người gửi")
    # ---- denunciation procedure (Luật Tố cáo 2018 Điều 33, 36, 37, 40; NĐ 31/2019 as amended by NĐ 156/2026)
    EXTEND_PROCESSING = "extend-processing", _("Kéo dài thời hạn xử lý ban đầu tố cáo")
    WITHDRAW_DENUNCIATION = "withdraw-denunciation", _("Rút tố cáo")
    HANDLE_CONCLUSION = "handle-conclusion", _("Xử lý kết luận nội dung tố cáo")
    PUBLISH_CONCLUSION = "publish-conclusion", _("Công khai kết luận nội dung tố cáo")
    RE_DENOUNCE = "re-denounce", _("Tố cáo tiếp")
    RE_RESOLVE = "re-resolve", _("Giải quyết lại vụ việc tố cáo")
    UPHOLD_CONCLUSION = "uphold-conclusion", _("Không giải quyết lại vụ việc tố cáo")
    # ---- complaints after the 01/7/2026 reform (Luật 136/2025/QH15; NĐ 155/2026)
    DETERMINE_COMPLEX = "determine-complex", _("Xác định vụ việc phức tạp")
    NOTIFY_DIALOGUE = "notify-dialogue", _("Thông báo tổ chức đối thoại")
    SUSPEND = "suspend", _("Tạm đình chỉ giải quyết")
    RESUME = "resume", _("Tiếp tục giải quyết")
    TERMINATE = "terminate", _("Đình chỉ giải quyết")
    WITHDRAW_PART = "withdraw-part", _("Rút một phần khiếu nại")
    RECORD_RECEIPT = "record-receipt", _("Ghi ngày người khiếu nại nhận quyết định")
    PUBLISH_DECISION = "publish-decision", _("Công khai quyết định giải quyết lần hai")
    RECORD_SENDING = "record-sending", _("Ghi ngày gửi quyết định tạm đình chỉ, đình chỉ, tiếp tục giải quyết")


_EARLY = (State.RECEIVED, State.CLASSIFIED)
_HANDLING = (State.ACCEPTED, State.VERIFYING)
_ANY_OPEN = tuple(OPEN_STATES)

# (state, action) → new state. Anything absent is refused with PetitionError.
# Kind-specific guards (e.g. only complaints are escalated) live in the service functions.
TRANSITIONS: dict[tuple[str, str], str] = {}


def _allow(states: tuple[str, ...], action: str, target: str | None) -> None:
    for state in states:
        TRANSITIONS[(state, action)] = target or state


_allow((*_ANY_OPEN, State.DECISION_SENT, State.REPLIED), Action.ASSIGN, None)
_allow(_EARLY, Action.CLASSIFY, State.CLASSIFIED)
_allow((State.CLASSIFIED,), Action.ACCEPT, State.ACCEPTED)
_allow((State.CLASSIFIED,), Action.NOT_ACCEPT, State.NOT_ACCEPTED)
_allow(_EARLY, Action.TRANSFER, State.TRANSFERRED)
_allow(_EARLY, Action.GUIDE, State.GUIDED)
_allow(_EARLY, Action.FILE, State.FILED)
_allow(_EARLY, Action.MERGE, State.FILED)
# A petition with several contents is split into one petition per content (TT 05/2021/TT-TTCP Điều 6).
_allow(_EARLY, Action.SPLIT, State.FILED)
_allow((State.ACCEPTED,), Action.START_VERIFICATION, State.VERIFYING)
_allow((State.VERIFYING,), Action.RECORD_VERIFICATION, None)
_allow(_HANDLING, Action.RECORD_DIALOGUE, None)
_allow(_HANDLING, Action.RECORD_MEDIATION, None)
_allow(_HANDLING, Action.EXTEND, None)
_allow(_HANDLING, Action.RESOLVE, State.RESOLVED)
_allow((State.RESOLVED,), Action.SEND_DECISION, State.DECISION_SENT)
# Kiến nghị, phản ánh are answered directly once handled (Luật TCD Điều 28(1)); decisions are replied after sending.
_allow((*_HANDLING, State.DECISION_SENT), Action.REPLY, State.REPLIED)
_allow((State.REPLIED,), Action.CLOSE, State.CLOSED)
# Withdrawal is allowed at any time before the end (Luật KN Điều 10; Luật TC Điều 33).
_allow((*_ANY_OPEN, State.DECISION_SENT), Action.WITHDRAW, State.CLOSED)
# A second complaint after the first decision, or when the first-time period lapsed (Luật KN Điều 33(1)).
_allow((*_HANDLING, State.DECISION_SENT, State.REPLIED, State.CLOSED), Action.ESCALATE, None)
_allow((State.REPLIED, State.CLOSED), Action.RECORD_SATISFACTION, None)
# ---- complaints after the 01/7/2026 reform
# The written determination of a complex complaint (NĐ 124/2020 Điều 3a, inserted by NĐ 155/2026 Điều 2).
_allow((State.CLASSIFIED, *_HANDLING), Action.DETERMINE_COMPLEX, None)
# Notice of the dialogue ≥ 05 days ahead (NĐ 124 Điều 28(1), amended by NĐ 155 Điều 11).
_allow(_HANDLING, Action.NOTIFY_DIALOGUE, None)
_allow((State.SUSPENDED,), Action.RECORD_DIALOGUE, None)
# Suspension and termination (Luật KN Điều 11a; NĐ 124 Điều 28a, 28b); Mẫu 14a / 14b.
_allow(_HANDLING, Action.SUSPEND, State.SUSPENDED)
# Resumption returns to the state recorded at suspension (accepted or verifying): the service sets it.
_allow((State.SUSPENDED,), Action.RESUME, State.VERIFYING)
_allow((*_HANDLING, State.SUSPENDED), Action.TERMINATE, State.TERMINATED)
# A part of the complaint withdrawn, the rest continues (Luật KN Điều 10 from Luật 136; NĐ 124 Điều 7a).
_allow((*_HANDLING, State.SUSPENDED), Action.WITHDRAW_PART, None)
# Whole withdrawal of an accepted complaint → đình chỉ (Luật KN Điều 11a(2)(a)); the service issues Mẫu 14a.
_allow((State.SUSPENDED,), Action.WITHDRAW, State.TERMINATED)
# Mẫu 14a / 14b are sent within 03 working days (NĐ 124 Điều 28b): the sending day is recorded when it happens.
_allow((*_HANDLING, State.SUSPENDED, State.TERMINATED), Action.RECORD_SENDING, None)
# The day the complainant received the decision starts the 2nd-complaint window (Luật KN Điều 33(1)).
_allow((State.DECISION_SENT, State.REPLIED, State.CLOSED), Action.RECORD_RECEIPT, None)
# Publicity of the second-time decision (Luật KN Điều 41(3); NĐ 124/2020 as amended by NĐ 155 Điều 1(1)(đ)).
_allow((State.RESOLVED, State.DECISION_SENT, State.REPLIED, State.CLOSED), Action.PUBLISH_DECISION, None)

# ---- denunciation procedure (tố cáo)
# Withdrawal only before the conclusion (Luật TC Điều 33(1)); a full withdrawal ends in đình chỉ (Điều 34(3)(a)) unless
# a ground of Điều 33(3) / NĐ 31/2019 Điều 4(4) (NĐ 156/2026) keeps it going — then the state does not change.
_allow((*_EARLY, *_HANDLING), Action.WITHDRAW_DENUNCIATION, State.CLOSED)
# Initial processing up to 10 working days, only on the grounds of Luật TC Điều 24(1).
_allow(_EARLY, Action.EXTEND_PROCESSING, None)
_AFTER_CONCLUSION = (State.RESOLVED, State.DECISION_SENT, State.REPLIED, State.CLOSED)
# Xử lý kết luận (Luật TC Điều 36; NĐ 31/2019 Điều 18(2) as amended by NĐ 156/2026 Điều 3) and publicity (Điều 40).
_allow(_AFTER_CONCLUSION, Action.HANDLE_CONCLUSION, None)
_allow(_AFTER_CONCLUSION, Action.PUBLISH_CONCLUSION, None)
# Tố cáo tiếp: after the conclusion (Luật TC Điều 37(1)) or when the period lapsed unresolved (Điều 38(1)).
_allow((*_HANDLING, State.DECISION_SENT, State.REPLIED, State.CLOSED), Action.RE_DENOUNCE, None)
# The superior decides on the re-denunciation: re-resolve on an Điều 37(3) ground, or not (Điều 37(2)(a)).
_allow(_EARLY, Action.RE_RESOLVE, State.ACCEPTED)
_allow(_EARLY, Action.UPHOLD_CONCLUSION, State.CLOSED)
DENUNCIATION_ACTIONS = frozenset(
    {
        Action.EXTEND_PROCESSING,
        Action.WITHDRAW_DENUNCIATION,
        Action.HANDLE_CONCLUSION,
        Action.PUBLISH_CONCLUSION,
        Action.RE_DENOUNCE,
        Action.RE_RESOLVE,
        Action.UPHOLD_CONCLUSION,
    }
)
# Actions only the decision-maker (petitions.decide) takes on a denunciation.
DENUNCIATION_DECIDE_ACTIONS = frozenset(
    {
        Action.HANDLE_CONCLUSION,
        Action.RE_RESOLVE,
        Action.UPHOLD_CONCLUSION,
    }
)


# Actions that exist only for some kinds (the services refuse the others with the legal reason): a decision or
# conclusion, its sending and an extension for complaints and denunciations (kiến nghị, phản ánh are answered
# directly, Luật TCD Điều 28); a second complaint only after a first-time complaint (Luật KN Điều 33).
KIND_ONLY: dict[str, frozenset[str]] = {
    Action.RESOLVE: COMPLAINT_KINDS | {Kind.TO_CAO},
    Action.SEND_DECISION: COMPLAINT_KINDS | {Kind.TO_CAO},
    # A complaint's longer period follows from the written complex determination (NĐ 124 Điều 3a), not an extension.
    Action.EXTEND: frozenset({Kind.TO_CAO}),
    Action.ESCALATE: frozenset({Kind.KHIEU_NAI, Kind.KHIEU_NAI_KY_LUAT}),
    # A denunciation is withdrawn through its own action (Luật TC Điều 33; NĐ 156/2026 Mẫu 02, 03).
    Action.WITHDRAW: frozenset(k for k in Kind.values if k != Kind.TO_CAO),
    **{a: frozenset({Kind.TO_CAO}) for a in DENUNCIATION_ACTIONS},
    Action.DETERMINE_COMPLEX: COMPLAINT_KINDS,
    Action.NOTIFY_DIALOGUE: COMPLAINT_KINDS,
    Action.RECORD_DIALOGUE: COMPLAINT_KINDS,
    Action.SUSPEND: COMPLAINT_KINDS,
    Action.RESUME: COMPLAINT_KINDS,
    Action.TERMINATE: COMPLAINT_KINDS,
    Action.WITHDRAW_PART: COMPLAINT_KINDS,
    Action.RECORD_RECEIPT: frozenset({Kind.KHIEU_NAI, Kind.KHIEU_NAI_KY_LUAT}),
    Action.PUBLISH_DECISION: frozenset({Kind.KHIEU_NAI_LAN_2}),
    Action.RECORD_SENDING: COMPLAINT_KINDS,
}


# Kind-specific targets that replace the table's: an accepted complaint withdrawn in whole is terminated by a
# decision on Mẫu 14a (Luật KN Điều 10, 11a(2)(a) from Luật 136/2025/QH15; NĐ 124/2020 Điều 28b), not just closed.
COMPLAINT_TARGETS: dict[tuple[str, str], str] = {
    (State.ACCEPTED, Action.WITHDRAW): State.TERMINATED,
    (State.VERIFYING, Action.WITHDRAW): State.TERMINATED,
}


def target_for(state: str, action: str, kind: str | None = None) -> str | None:
    """Return where `action` leads from `state` for a petition of `kind` (None: refused)."""
    if kind in COMPLAINT_KINDS and (state, action) in COMPLAINT_TARGETS:
        return COMPLAINT_TARGETS[(state, action)]
    return TRANSITIONS.get((state, action))


def allowed_actions(state: str, kind: str | None = None) -> list[str]:
    """Return the actions the table allows in a state (for a kind, when given), in declaration order."""
    return [
        a for a in Action.values if (state, a) in TRANSITIONS and (kind is None or kind in KIND_ONLY.get(a, (kind,)))
    ]


class NotAcceptedReason(models.TextChoices):
    """Why a petition is not accepted (thụ lý), each with its legal ground."""

    # Luật Khiếu nại 2011 Điều 11 (complaints not accepted).
    KN_INTERNAL_ACT = (
        "kn-11-1",
        _(
            "Quyết định, hành vi nội bộ, chỉ đạo điều hành; văn bản QPPL; bí mật nhà nước "
            "(Luật Khiếu nại Điều 11 khoản 1)"
        ),
    )
    KN_NOT_AFFECTED = (
        "kn-11-2",
        _("Không liên quan trực tiếp đến quyền, lợi ích hợp pháp của người khiếu nại (Luật Khiếu nại Điều 11 khoản 2)"),
    )
    KN_NO_CAPACITY = (
        "kn-11-3",
        _(
            "Người khiếu nại không có năng lực hành vi dân sự đầy đủ mà không có người đại diện "
            "hợp pháp (Luật Khiếu nại Điều 11 khoản 3)"
        ),
    )
    KN_BAD_REPRESENTATIVE = "kn-11-4", _("Người đại diện không hợp pháp (Luật Khiếu nại Điều 11 khoản 4)")
    KN_UNSIGNED = "kn-11-5", _("Đơn không có chữ ký hoặc điểm chỉ (Luật Khiếu nại Điều 11 khoản 5)")
    KN_TIME_BARRED = (
        "kn-11-6",
        _("Hết thời hiệu, thời hạn mà không có lý do chính đáng (Luật Khiếu nại Điều 11 khoản 6)"),
    )
    KN_SECOND_DECISION_EXISTS = (
        "kn-11-7",
        _("Đã có quyết định giải quyết khiếu nại lần hai (Luật Khiếu nại Điều 11 khoản 7)"),
    )
    KN_TERMINATED = (
        "kn-11-8",
        _("Có văn bản thông báo đình chỉ mà không tiếp tục khiếu nại trong 30 ngày (Luật Khiếu nại Điều 11 khoản 8)"),
    )
    KN_COURT = "kn-11-9", _("Đã được Tòa án thụ lý hoặc giải quyết (Luật Khiếu nại Điều 11 khoản 9)")
    # Luật Tố cáo 2018 Điều 29(1) (acceptance conditions) and Điều 25 (anonymous information).
    TC_FORM = "tc-29-1a", _("Tố cáo không đúng hình thức theo Điều 23 (Luật Tố cáo Điều 29 khoản 1)")
    TC_NO_CAPACITY = (
        "tc-29-1b",
        _("Người tố cáo không có năng lực hành vi dân sự, không có người đại diện (Luật Tố cáo Điều 29 khoản 1)"),
    )
    TC_NOT_COMPETENT = "tc-29-1c", _("Không thuộc thẩm quyền giải quyết (Luật Tố cáo Điều 29 khoản 1)")
    TC_NO_BASIS = (
        "tc-29-1d",
        _("Không có cơ sở để xác định người vi phạm, hành vi vi phạm (Luật Tố cáo Điều 29 khoản 1)"),
    )
    TC_ANONYMOUS = "tc-25-1", _("Không rõ họ tên, địa chỉ người tố cáo; mạo danh (Luật Tố cáo Điều 25 khoản 1)")
    # TT 05/2021/TT-TTCP (processing of petitions; eligibility).
    TT_INELIGIBLE = (
        "tt05-dieu-kien",
        _(
            "Đơn không đủ điều kiện xử lý: không ghi rõ ngày, họ tên, địa chỉ, chữ ký; "
            "ngôn ngữ; nội dung (TT 05/2021/TT-TTCP Điều 6, 7)"
        ),
    )
    TT_OFFENSIVE = (
        "tt05-noi-dung",
        _("Nội dung xuyên tạc, kích động, xúc phạm; đơn rách, tẩy xóa không đọc được (TT 05/2021/TT-TTCP)"),
    )
    DUPLICATE = (
        "trung",
        _(
            "Đơn trùng nội dung đã được giải quyết, không có tình tiết mới "
            "(TT 05/2021/TT-TTCP — chưa xác nhận điều khoản)"
        ),
    )
    # Luật KN Điều 10 as amended by Luật 136/2025/QH15 (in force 01/7/2026).
    KN_WITHDRAWN = (
        "kn-10-rut",
        _(
            "Nội dung khiếu nại đã rút, không do bị ép buộc, đe dọa: không xem xét lại "
            "(Luật Khiếu nại Điều 10, sửa đổi bởi Luật 136/2025/QH15)"
        ),
    )


class FiledReason(models.TextChoices):
    """Why a petition is filed (lưu đơn) without further processing."""

    ANONYMOUS = "an-danh", _("Đơn nặc danh, không rõ người gửi, không có chứng cứ cụ thể (Luật Tố cáo Điều 25)")
    DUPLICATE = "trung", _("Đơn trùng, đã được xem xét và trả lời, không có tình tiết mới (TT 05/2021/TT-TTCP)")
    COPY = "dong-gui", _("Đơn gửi đồng thời nhiều nơi, đã gửi đúng cơ quan có thẩm quyền (Luật Tố cáo Điều 24(3))")
    OTHER = "khac", _("Lý do khác")


class ComplaintConclusion(models.TextChoices):
    """Whether a complaint was right (Luật KN Điều 31, 40; NĐ 124/2020 Điều 29)."""

    DUNG = "dung", _("Khiếu nại đúng")
    DUNG_MOT_PHAN = "dung-mot-phan", _("Khiếu nại đúng một phần")
    SAI = "sai", _("Khiếu nại sai")


class ComplaintAction(models.TextChoices):
    """What the complaint decision does to the complained-about decision or act (Luật KN Điều 31)."""

    GIU_NGUYEN = "giu-nguyen", _("Giữ nguyên quyết định, hành vi")
    SUA_DOI = "sua-doi", _("Sửa đổi, bổ sung quyết định")
    HUY_BO = "huy-bo", _("Hủy bỏ một phần hoặc toàn bộ quyết định")
    CHAM_DUT = "cham-dut", _("Chấm dứt hành vi")


class DenunciationConclusion(models.TextChoices):
    """Whether a denunciation was true (Luật TC Điều 35)."""

    DUNG = "dung", _("Tố cáo đúng")
    DUNG_MOT_PHAN = "dung-mot-phan", _("Tố cáo đúng một phần")
    SAI = "sai-su-that", _("Tố cáo sai sự thật")


class Closure(models.TextChoices):
    """How the petition honestly ended (reported in statistics)."""

    RESOLVED = "resolved", _("Đã giải quyết")
    WITHDRAWN = "withdrawn", _("Rút đơn")
    MEDIATED = "mediated", _("Hòa giải thành")
    TRANSFERRED = "transferred", _("Chuyển cơ quan có thẩm quyền")
    GUIDED = "guided", _("Hướng dẫn công dân")
    FILED = "filed", _("Lưu đơn")
    MERGED = "merged", _("Gộp vào đơn trùng")
    SPLIT = "split", _("Tách thành các đơn theo nội dung")
    NOT_ACCEPTED = "not-accepted", _("Không thụ lý")
    ANSWERED = "answered", _("Đã trả lời kiến nghị, phản ánh")
    UPHELD = "upheld", _("Không giải quyết lại tố cáo (giữ nguyên kết luận)")
    # Luật KN Điều 11a(2)(b): the complainant died / the organisation ceased without a successor.
    TERMINATED = "terminated", _("Đình chỉ giải quyết")


class IdentityVisibility(models.TextChoices):
    """What the citizen chose about their name (a FixMyStreet lesson: ask, then keep the promise)."""

    HANDLER_ONLY = "handler-only", _("Chỉ cán bộ xử lý được biết tên tôi")
    PUBLIC = "public", _("Có thể công khai tên tôi")
    ANONYMOUS = "anonymous", _("Ẩn danh")


class AccusedRole(models.TextChoices):
    """Whom a denunciation (or any petition) is about, in the citizen's plain words: it decides who may handle it.

    The head, a deputy or the school itself → the managing body (Luật Tố cáo 2018 Điều 12(1) đoạn 2, 12(6), 13(3));
    a teacher or staff member → the head of the school (Điều 12(1) đoạn 1).
    """

    HEAD = "hieu-truong", _("Hiệu trưởng")
    DEPUTY = "pho-hieu-truong", _("Phó hiệu trưởng")
    STAFF = "giao-vien", _("Giáo viên, nhân viên của trường")
    SCHOOL = "nha-truong", _("Nhà trường (cả đơn vị)")
    OTHER = "khac", _("Người khác / không rõ")


# Roles whose denunciation the school's own head may not handle: it goes to the managing body at once.
SUPERIOR_ROLES = frozenset({AccusedRole.HEAD, AccusedRole.DEPUTY, AccusedRole.SCHOOL})


class Satisfaction(models.TextChoices):
    """The citizen's response to the reply."""

    SATISFIED = "satisfied", _("Hài lòng")
    PARTLY = "partly", _("Hài lòng một phần")
    UNSATISFIED = "unsatisfied", _("Chưa hài lòng")


class MediationOutcome(models.TextChoices):
    """How a mediation session ended: Luật Hòa giải ở cơ sở 35/2013/QH13 (eff. 01/01/2014) Điều 23 lists the ends of
    a mediation — (1) the parties agree, (2) a party asks to stop, (3) the mediator ends it when no agreement can be
    reached; a session adjourned to be continued is local practice. The Law governs thôn and tổ dân phố (Điều 2(2)),
    not schools: its use at a school by the Ban TTND's mediation group is by analogy (UNCONFIRMED, domain.md §4.1)."""

    THANH = "thanh", _("Hòa giải thành")
    KHONG_THANH = "khong-thanh", _("Hòa giải không thành")
    CHAM_DUT = "cham-dut", _("Chấm dứt theo yêu cầu của các bên")
    HOAN = "hoan", _("Tạm dừng, hẹn hòa giải tiếp")


# Outcomes that close a mediation case (Luật HGCS 2013 Điều 23); "hoan" leaves it open.
MEDIATION_CLOSING = frozenset({MediationOutcome.THANH, MediationOutcome.KHONG_THANH, MediationOutcome.CHAM_DUT})


class ReceptionOutcome(models.TextChoices):
    """What came of a citizen reception (Luật TCD Điều 26 triage)."""

    PETITION = "petition", _("Tiếp nhận đơn, báo cáo người có thẩm quyền")
    GUIDED = "guided", _("Hướng dẫn đến cơ quan có thẩm quyền")
    EXPLAINED = "explained", _("Giải thích, đề nghị chấp hành (vụ việc đã giải quyết đúng pháp luật)")
    FORWARDED = "forwarded", _("Chuyển đơn kiến nghị, phản ánh")
    REFUSED = "refused", _("Từ chối tiếp (Luật TCD Điều 9; NĐ 154/2026/NĐ-CP Điều 4)")
    ANSWERED = "answered", _("Trả lời trực tiếp")


class AttachmentKind(models.TextChoices):
    """The sniffed type of an attachment."""

    PDF = "pdf", "PDF"
    IMAGE = "image", _("Ảnh")
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    TEXT = "text", _("Văn bản")
    OTHER = "other", _("Khác")


# core.uploads' sniffed type → the attachment's kind (one table for the public intake and the staff's uploads).
SNIFFED_ATTACHMENT_KIND = {
    "pdf": AttachmentKind.PDF,
    "png": AttachmentKind.IMAGE,
    "jpeg": AttachmentKind.IMAGE,
    "docx": AttachmentKind.DOCX,
    "xlsx": AttachmentKind.XLSX,
    "txt": AttachmentKind.TEXT,
}
# What a citizen may attach on the public form or through Open311, and how large each file may be.
PUBLIC_UPLOAD_KINDS = frozenset({"pdf", "png", "jpeg", "docx"})
PUBLIC_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# What a handler may upload as a hand-redacted copy of an attachment.
REDACTED_COPY_KINDS = frozenset({"pdf", "png", "jpeg", "docx", "txt"})


class DocumentKind(models.TextChoices):
    """The official documents of the workflow; numbering series per type abbreviation (NĐ 30/2020 Điều 15)."""

    ACCEPTANCE = "thong-bao-thu-ly", _("Thông báo thụ lý")
    NON_ACCEPTANCE = "thong-bao-khong-thu-ly", _("Thông báo không thụ lý")
    TRANSFER = "phieu-chuyen-don", _("Phiếu chuyển đơn")
    GUIDANCE = "phieu-huong-dan", _("Phiếu hướng dẫn")
    EXTENSION = "quyet-dinh-gia-han", _("Quyết định gia hạn giải quyết")
    DIALOGUE = "bien-ban-doi-thoai", _("Biên bản đối thoại")
    MEDIATION = "bien-ban-hoa-giai", _("Biên bản hòa giải")
    COMPLAINT_DECISION = "quyet-dinh-giai-quyet", _("Quyết định giải quyết khiếu nại")
    DENUNCIATION_CONCLUSION = "ket-luan-to-cao", _("Kết luận nội dung tố cáo")
    RESULT_NOTICE = "thong-bao-ket-qua", _("Thông báo kết quả")
    REFUSAL_NOTICE = "thong-bao-tu-choi-tiep", _("Thông báo từ chối tiếp công dân (Mẫu 01/TCD)")
    RECEIPT_TCD = "giay-bien-nhan-tai-lieu", _("Giấy biên nhận thông tin, tài liệu (Mẫu 02/TCD)")
    # ---- denunciation procedure (NĐ 31/2019/NĐ-CP Phụ lục; Mẫu 02, 03 replaced by NĐ 156/2026/NĐ-CP Điều 8)
    DENUNCIATION_ACCEPTANCE = "quyet-dinh-thu-ly-to-cao", _("Quyết định thụ lý tố cáo")
    ACCUSED_NOTICE = "thong-bao-noi-dung-to-cao", _("Thông báo về nội dung tố cáo (gửi người bị tố cáo)")
    WITHDRAWAL_LETTER = "don-rut-to-cao", _("Đơn rút tố cáo (Mẫu 02)")
    WITHDRAWAL_MINUTES = "bien-ban-rut-to-cao", _("Biên bản ghi nhận việc rút tố cáo (Mẫu 03)")
    DENUNCIATION_TERMINATION = "quyet-dinh-dinh-chi-to-cao", _("Quyết định đình chỉ việc giải quyết tố cáo")
    DENUNCIATION_TRANSFER_NOTICE = "thong-bao-chuyen-to-cao", _("Thông báo việc chuyển tố cáo")
    PUBLICITY_NOTICE = "thong-bao-cong-khai-ket-luan", _("Thông báo công khai kết luận nội dung tố cáo")
    NO_RE_RESOLUTION = "thong-bao-khong-giai-quyet-lai", _("Thông báo không giải quyết lại vụ việc tố cáo")
    # ---- complaints after the 01/7/2026 reform (NĐ 155/2026 Phụ lục)
    SUSPENSION = "qd-tam-dinh-chi", _("Quyết định tạm đình chỉ giải quyết khiếu nại (Mẫu 14a)")
    TERMINATION = "qd-dinh-chi", _("Quyết định đình chỉ giải quyết khiếu nại (Mẫu 14a)")
    RESUMPTION = "qd-tiep-tuc", _("Quyết định tiếp tục giải quyết khiếu nại (Mẫu 14b)")
    DIALOGUE_NOTICE = "thong-bao-doi-thoai", _("Thông báo tổ chức đối thoại")
    COMPLEXITY = "xac-dinh-phuc-tap", _("Văn bản xác định vụ việc phức tạp")


# Type abbreviation of each document kind (NĐ 30/2020 Phụ lục III: TB, QĐ, BB, PC; "KL" and "PHD" are common
# practice for kết luận and phiếu hướng dẫn — not in the Phụ lục III list we read: UNCONFIRMED).
DOCUMENT_TYPE_ABBR: dict[str, str] = {
    DocumentKind.ACCEPTANCE: "TB",
    DocumentKind.NON_ACCEPTANCE: "TB",
    DocumentKind.TRANSFER: "PC",
    DocumentKind.GUIDANCE: "PHD",
    DocumentKind.EXTENSION: "QĐ",
    DocumentKind.DIALOGUE: "BB",
    DocumentKind.MEDIATION: "BB",
    DocumentKind.COMPLAINT_DECISION: "QĐ",
    DocumentKind.DENUNCIATION_CONCLUSION: "KL",
    DocumentKind.RESULT_NOTICE: "TB",
    DocumentKind.REFUSAL_NOTICE: "TB",  # Mẫu 01/TCD prints "Số: …/TB-…" (NĐ 154/2026 Phụ lục)
    # Mẫu 02/TCD prints no number; NĐ 30/2020 Phụ lục III has no code for a giấy biên nhận: "GBN" is ours (UNCONFIRMED).
    DocumentKind.RECEIPT_TCD: "GBN",
    DocumentKind.DENUNCIATION_ACCEPTANCE: "QĐ",
    DocumentKind.ACCUSED_NOTICE: "TB",
    # The denouncer's own letter (Mẫu 02) is no NĐ 30 document of the school: numbered in its own series so the
    # register can find it ("ĐRTC" is our abbreviation, not from Phụ lục III — chưa xác nhận).
    DocumentKind.WITHDRAWAL_LETTER: "ĐRTC",
    DocumentKind.WITHDRAWAL_MINUTES: "BB",
    DocumentKind.DENUNCIATION_TERMINATION: "QĐ",
    DocumentKind.DENUNCIATION_TRANSFER_NOTICE: "TB",
    DocumentKind.PUBLICITY_NOTICE: "TB",
    DocumentKind.NO_RE_RESOLUTION: "TB",
    DocumentKind.SUSPENSION: "QĐ",
    DocumentKind.TERMINATION: "QĐ",
    DocumentKind.RESUMPTION: "QĐ",
    DocumentKind.DIALOGUE_NOTICE: "TB",
    # NĐ 124 Điều 3a(2) asks for "văn bản" without a form: issued as a notice (TB) — our choice, not the decree's.
    DocumentKind.COMPLEXITY: "TB",
}


class Audience(models.TextChoices):
    """Who a document is sent to: decides whether the denouncer's identity may appear in it."""

    CITIZEN = "citizen", _("Người gửi đơn")
    ACCUSED = "accused", _("Người bị tố cáo, bị khiếu nại")
    VERIFIER = "verifier", _("Người xác minh")
    BODY = "body", _("Cơ quan có thẩm quyền")
    FILE = "file", _("Lưu hồ sơ")
    PUBLIC = "public", _("Công khai")


# ====================================================================== denunciation procedure (tố cáo)


class InitialProcessingReason(models.TextChoices):
    """Why the initial processing of a denunciation may take up to 10 working days (Luật TC Điều 24(1))."""

    SEVERAL_PLACES = "nhieu-dia-diem", _("Phải kiểm tra, xác minh tại nhiều địa điểm (Luật Tố cáo Điều 24 khoản 1)")
    DELEGATION = (
        "uy-quyen",
        _("Phải ủy quyền cho cơ quan, tổ chức có thẩm quyền kiểm tra, xác minh (Luật Tố cáo Điều 24 khoản 1)"),
    )


class ComplexityGround(models.TextChoices):
    """The criteria of a complex denunciation (NĐ 31/2019/NĐ-CP Điều 3(2)); two or more make it especially complex
    (Điều 3(3)). Not amended by NĐ 156/2026."""

    PLACES = "a", _("Một nội dung phải xác minh từ 02 địa điểm trở lên (NĐ 31/2019 Điều 3(2)(a))")
    CONTENTS = "b", _("Có từ 02 nội dung phải xác minh trở lên (NĐ 31/2019 Điều 3(2)(b))")
    MANY_PEOPLE = (
        "c",
        _("Nhiều người tố cáo cùng nội dung hoặc liên quan quyền, lợi ích của nhiều người (NĐ 31/2019 Điều 3(2)(c))"),
    )
    FOREIGN = "d", _("Có yếu tố nước ngoài (NĐ 31/2019 Điều 3(2)(d))")
    SEVERAL_BODIES = "dd", _("Liên quan trách nhiệm quản lý của nhiều cơ quan, tổ chức (NĐ 31/2019 Điều 3(2)(đ))")
    DISAGREEMENT = "e", _("Các cơ quan, tổ chức liên quan còn ý kiến khác nhau (NĐ 31/2019 Điều 3(2)(e))")
    CONFLICTING_EVIDENCE = (
        "g",
        _("Tài liệu, chứng cứ mâu thuẫn cần kiểm tra, đánh giá, tham khảo ý kiến chuyên môn (NĐ 31/2019 Điều 3(2)(g))"),
    )


class WithdrawalScope(models.TextChoices):
    """Whether the whole denunciation or a part of it is withdrawn (Luật TC Điều 33(1)–(2))."""

    WHOLE = "toan-bo", _("Rút toàn bộ nội dung tố cáo")
    PART = "mot-phan", _("Rút một phần nội dung tố cáo")


class WithdrawalForm(models.TextChoices):
    """How the withdrawal reached the resolver (NĐ 31/2019 Điều 4(1)–(2) as amended by NĐ 156/2026 Điều 1)."""

    LETTER = "don", _("Đơn rút tố cáo (Mẫu 02)")
    IN_PERSON = "bien-ban", _("Trình bày trực tiếp, lập biên bản (Mẫu 03)")


class ContinuationGround(models.TextChoices):
    """Why a withdrawn denunciation must still be resolved (Luật TC Điều 33(3); NĐ 31/2019 Điều 4(4) as amended by
    NĐ 156/2026 Điều 1)."""

    VIOLATION = "a", _("Hành vi bị tố cáo có dấu hiệu vi phạm pháp luật (NĐ 31/2019 Điều 4(4)(a))")
    COERCED = "b", _("Việc rút tố cáo do người tố cáo bị đe dọa, ép buộc, mua chuộc (NĐ 31/2019 Điều 4(4)(b))")
    SLANDER = (
        "c",
        _(
            "Người tố cáo lợi dụng việc tố cáo để vu khống, xúc phạm, gây thiệt hại cho người bị tố cáo "
            "(NĐ 31/2019 Điều 4(4)(c))"
        ),
    )


class PublicityForm(models.TextChoices):
    """Forms of publicity of the conclusion (Luật TC Điều 40(2); NĐ 31/2019 Điều 6(2))."""

    MEETING = "hop", _("Công bố tại cuộc họp cơ quan, tổ chức nơi người bị tố cáo công tác (Luật Tố cáo Điều 40(2)(a))")
    POSTING = (
        "niem-yet",
        _(
            "Niêm yết tại trụ sở hoặc nơi tiếp công dân, ít nhất 15 ngày liên tục "
            "(Luật Tố cáo Điều 40(2)(b); NĐ 31/2019 Điều 6(2)(b))"
        ),
    )
    PORTAL = (
        "cong-thong-tin",
        _(
            "Đăng trên cổng thông tin điện tử hoặc mạng nội bộ, ít nhất 15 ngày liên tục "
            "(Luật Tố cáo Điều 40(2)(c); NĐ 31/2019 Điều 6(2)(c))"
        ),
    )
    MEDIA = "bao-chi", _("Thông báo trên phương tiện thông tin đại chúng (Luật Tố cáo Điều 40(2)(d))")


class ReResolutionGround(models.TextChoices):
    """The only grounds on which a superior re-resolves a denunciation (Luật TC Điều 37(3))."""

    INACCURATE = "a", _("Kết quả xác minh hoặc kết luận thiếu chính xác, thiếu khách quan (Luật Tố cáo Điều 37(3)(a))")
    OMITTED = "b", _("Bỏ sót, bỏ lọt thông tin, tài liệu, chứng cứ quan trọng (Luật Tố cáo Điều 37(3)(b))")
    MISAPPLIED = "c", _("Áp dụng không đúng pháp luật khi xác minh hoặc kết luận (Luật Tố cáo Điều 37(3)(c))")


# ====================================================================== citizen reception (NĐ 154/2026/NĐ-CP)
# NĐ 154/2026/NĐ-CP (15/5/2026, hiệu lực 01/7/2026) replaces NĐ 64/2014/NĐ-CP; read in the transcription
# diepxuan/diepxuan.github.io van-ban/tu-phap/nghi-dinh-154-2026-nd-cp-tiep-cong-dan.md.


class RefusalGround(models.TextChoices):
    """Why a citizen may be refused reception: Luật TCD Điều 9(1)–(3) and NĐ 154/2026 Điều 4(1)(a)–(k)."""

    LAW_INCAPABLE = (
        "luat-9-1",
        _(
            "Người say do dùng chất kích thích, mắc bệnh tâm thần hoặc bệnh khác làm mất "
            "khả năng nhận thức, điều khiển hành vi"
        ),
    )
    LAW_THREAT = (
        "luat-9-2",
        _("Người có hành vi đe dọa, xúc phạm cơ quan, người tiếp công dân, vi phạm nội quy nơi tiếp công dân"),
    )
    LAW_SETTLED = (
        "luat-9-3",
        _(
            "Vụ việc đã giải quyết đúng chính sách, pháp luật, đã được kiểm tra, rà soát, "
            "thông báo bằng văn bản mà vẫn cố tình khiếu nại, tố cáo kéo dài"
        ),
    )
    WEAPONS = (
        "nd154-4-1-a",
        _(
            "Mang theo vũ khí, vật liệu nổ, công cụ hỗ trợ, vật dụng, chất nguy hiểm mà không "
            "chấp hành yêu cầu gửi hoặc giao nộp"
        ),
    )
    SECURITY_CHECK = "nd154-4-1-b", _("Không chấp hành việc kiểm tra an ninh")
    RECORDING = (
        "nd154-4-1-c",
        _(
            "Tự ý ghi âm, ghi hình, phát trực tiếp khi người chủ trì đã yêu cầu không ghi "
            "hoặc gây ảnh hưởng an ninh, trật tự"
        ),
    )
    DISORDER = "nd154-4-1-d", _("Kích động, lôi kéo, gây rối trật tự công cộng tại nơi tiếp công dân")
    NO_CAPACITY = "nd154-4-1-dd", _("Không có năng lực hành vi dân sự đầy đủ mà không có người đại diện hợp pháp")
    NO_MANDATE = (
        "nd154-4-1-e",
        _("Người đại diện, người được ủy quyền không xuất trình được giấy tờ chứng minh tư cách đại diện hợp pháp"),
    )
    OUT_OF_SCOPE = "nd154-4-1-g", _("Nội dung không thuộc phạm vi khiếu nại, tố cáo, kiến nghị, phản ánh")
    REPEAT_NO_NEW_FACTS = (
        "nd154-4-1-h",
        _(
            "Kiến nghị, phản ánh về vụ việc đã được tiếp, hướng dẫn hoặc trả lời "
            "bằng văn bản đúng quy định và không có nội dung, tình tiết mới"
        ),
    )
    COURT_JUDGMENT = (
        "nd154-4-1-i",
        _(
            "Vụ việc đã có bản án, quyết định của Tòa án có hiệu lực pháp luật và không "
            "thuộc trường hợp được xem xét lại"
        ),
    )
    HANDLED_ELSEWHERE = (
        "nd154-4-1-k",
        _("Vụ việc đang được cơ quan, tổ chức, đơn vị có thẩm quyền khác thụ lý, giải quyết"),
    )


# The provision behind each ground, printed on the notice and in the register (as data, with the text it comes from).
REFUSAL_CLAUSE: dict[str, str] = {
    RefusalGround.LAW_INCAPABLE: "khoản 1 Điều 9 Luật Tiếp công dân",
    RefusalGround.LAW_THREAT: "khoản 2 Điều 9 Luật Tiếp công dân",
    RefusalGround.LAW_SETTLED: "khoản 3 Điều 9 Luật Tiếp công dân",
    RefusalGround.WEAPONS: "điểm a khoản 1 Điều 4 Nghị định số 154/2026/NĐ-CP",
    RefusalGround.SECURITY_CHECK: "điểm b khoản 1 Điều 4 Nghị định số 154/2026/NĐ-CP",
    RefusalGround.RECORDING: "điểm c khoản 1 Điều 4 Nghị định số 154/2026/NĐ-CP",
    RefusalGround.DISORDER: "điểm d khoản 1 Điều 4 Nghị định số 154/2026/NĐ-CP",
    RefusalGround.NO_CAPACITY: "điểm đ khoản 1 Điều 4 Nghị định số 154/2026/NĐ-CP",
    RefusalGround.NO_MANDATE: "điểm e khoản 1 Điều 4 Nghị định số 154/2026/NĐ-CP",
    RefusalGround.OUT_OF_SCOPE: "điểm g khoản 1 Điều 4 Nghị định số 154/2026/NĐ-CP",
    RefusalGround.REPEAT_NO_NEW_FACTS: "điểm h khoản 1 Điều 4 Nghị định số 154/2026/NĐ-CP",
    RefusalGround.COURT_JUDGMENT: "điểm i khoản 1 Điều 4 Nghị định số 154/2026/NĐ-CP",
    RefusalGround.HANDLED_ELSEWHERE: "điểm k khoản 1 Điều 4 Nghị định số 154/2026/NĐ-CP",
}

# NĐ 154/2026 Điều 4(3): a written notice (Mẫu 01/TCD) within 03 working days only for Luật TCD Điều 9(3) and point h;
# for every other ground the officer explains the reason in person (Điều 4(2)).
NOTICE_GROUNDS = frozenset({RefusalGround.LAW_SETTLED, RefusalGround.REPEAT_NO_NEW_FACTS})


class IdentityPaper(models.TextChoices):
    """Which identity paper the citizen showed (NĐ 154/2026 Điều 12(1); Mẫu 03/TCD column 4)."""

    CAN_CUOC = "can-cuoc", _("Số căn cước")
    GIAY_CHUNG_NHAN = "giay-chung-nhan-can-cuoc", _("Giấy chứng nhận căn cước")
    DINH_DANH = "dinh-danh", _("Số định danh cá nhân")
    HO_CHIEU = "ho-chieu", _("Hộ chiếu")
    KHAC = "khac", _("Giấy tờ tùy thân khác")


class HeadSessionKind(models.TextChoices):
    """A head's reception day: the monthly one (NĐ 154/2026 Điều 10(2)) or an ad hoc one (Điều 10(3))."""

    MONTHLY = "dinh-ky", _("Định kỳ (ít nhất 01 ngày/tháng)")
    AD_HOC = "dot-xuat", _("Đột xuất")


# ====================================================================== complaints after the 01/7/2026 reform


class ComplexCriterion(models.TextChoices):
    """Why a case is complex: any one criterion suffices; the choice is recorded with its article.

    Complaints: NĐ 124/2020 Điều 3a(1)(a)–(g), inserted by NĐ 155/2026 Điều 2 (in force 01/7/2026); the
    determination must be written and kept in the file (Điều 3a(2)). Denunciation criteria (NĐ 31/2019 Điều 3(2))
    take codes "tc-3-2…" in the same list.
    """

    KN_PLACES = (
        "kn-3a-1a",
        _("Một nội dung nhưng phải xác minh từ 02 địa điểm trở lên (NĐ 124/2020 Điều 3a khoản 1 điểm a)"),
    )
    KN_CONTENTS = "kn-3a-1b", _("Có từ 02 nội dung phải xác minh trở lên (NĐ 124/2020 Điều 3a khoản 1 điểm b)")
    KN_MANY_PEOPLE = (
        "kn-3a-1c",
        _(
            "Nhiều người khiếu nại cùng một nội dung hoặc liên quan quyền, lợi ích của nhiều "
            "người (NĐ 124/2020 Điều 3a khoản 1 điểm c)"
        ),
    )
    KN_FOREIGN = (
        "kn-3a-1d",
        _(
            "Yếu tố nước ngoài: người khiếu nại ở nước ngoài hoặc là người nước ngoài, hành vi "
            "xảy ra hoặc phải xác minh ở nước ngoài (NĐ 124/2020 Điều 3a khoản 1 điểm d)"
        ),
    )
    KN_AGENCIES = (
        "kn-3a-1dd",
        _("Liên quan trách nhiệm quản lý của nhiều cơ quan, tổ chức (NĐ 124/2020 Điều 3a khoản 1 điểm đ)"),
    )
    KN_DISAGREE = (
        "kn-3a-1e",
        _("Các cơ quan, tổ chức liên quan còn ý kiến khác nhau (NĐ 124/2020 Điều 3a khoản 1 điểm e)"),
    )
    KN_EVIDENCE = (
        "kn-3a-1g",
        _(
            "Tài liệu, chứng cứ mâu thuẫn cần kiểm tra, đánh giá hoặc tham khảo ý kiến cơ quan "
            "chuyên môn (NĐ 124/2020 Điều 3a khoản 1 điểm g)"
        ),
    )


COMPLAINT_COMPLEX_CRITERIA = frozenset(c for c in ComplexCriterion.values if c.startswith("kn-"))


class SuspensionGround(models.TextChoices):
    """Grounds of suspension (tạm đình chỉ) and termination (đình chỉ): Luật KN Điều 11a (Luật 136/2025/QH15)."""

    FORCE_MAJEURE = (
        "kn-11a-1a",
        _(
            "Sự kiện bất khả kháng hoặc trở ngại khách quan khiến người khiếu nại không thể "
            "tham gia (Luật KN Điều 11a khoản 1 điểm a; NĐ 124/2020 Điều 28a)"
        ),
    )
    AWAIT_OTHER = (
        "kn-11a-1b",
        _(
            "Cần chờ kết quả giải quyết của cơ quan khác về vấn đề liên quan trực tiếp "
            "(Luật KN Điều 11a khoản 1 điểm b)"
        ),
    )
    WITHDRAWN = "kn-11a-2a", _("Người khiếu nại rút toàn bộ khiếu nại (Luật KN Điều 11a khoản 2 điểm a)")
    NO_SUCCESSOR = (
        "kn-11a-2b",
        _(
            "Người khiếu nại chết, tổ chức giải thể, phá sản, chấm dứt hoạt động mà không có "
            "người kế thừa quyền, nghĩa vụ (Luật KN Điều 11a khoản 2 điểm b)"
        ),
    )


SUSPENSION_GROUNDS = (SuspensionGround.FORCE_MAJEURE, SuspensionGround.AWAIT_OTHER)
TERMINATION_GROUNDS = (SuspensionGround.WITHDRAWN, SuspensionGround.NO_SUCCESSOR)


class WithdrawalMode(models.TextChoices):
    """How a complaint is withdrawn (Luật KN Điều 10 as amended by Luật 136/2025/QH15)."""

    LETTER = "letter", _("Đơn rút khiếu nại (ký hoặc điểm chỉ)")
    MINUTES = "minutes", _("Biên bản ghi nhận việc rút khiếu nại")


class DecisionRecipient(models.TextChoices):
    """Who a complaint decision is sent to (Luật KN Điều 32 first time, Điều 41 second time)."""

    COMPLAINANT = "complainant", _("Người khiếu nại")
    SUPERIOR = "superior", _("Thủ trưởng cấp trên trực tiếp của người giải quyết (Luật KN Điều 32)")
    RELATED = "related", _("Người có quyền, nghĩa vụ liên quan (Luật KN Điều 32, 41)")
    TRANSFERRING = "transferring", _("Cơ quan, tổ chức, cá nhân đã chuyển khiếu nại đến (Luật KN Điều 32, 41)")
    INSPECTORATE = "inspectorate", _("Cơ quan thanh tra nhà nước cùng cấp (Luật KN Điều 32)")
    COMPLAINED = "complained", _("Người bị khiếu nại (Luật KN Điều 41)")
    FIRST_RESOLVER = "first-resolver", _("Người giải quyết khiếu nại lần đầu (Luật KN Điều 41)")


# Recipients the law lists for each decision (the complainant always). Luật KN Điều 32: the complainant, the head
# of the directly superior body or person with interest, the body that transferred it, the same-level inspectorate
# (for a decision of a head of body); Điều 41: the complainant, the complained-about person, the first-time
# resolver, people with related rights and obligations, the body that transferred it.
FIRST_DECISION_RECIPIENTS = (
    DecisionRecipient.COMPLAINANT,
    DecisionRecipient.SUPERIOR,
    DecisionRecipient.RELATED,
    DecisionRecipient.TRANSFERRING,
    DecisionRecipient.INSPECTORATE,
)
SECOND_DECISION_RECIPIENTS = (
    DecisionRecipient.COMPLAINANT,
    DecisionRecipient.COMPLAINED,
    DecisionRecipient.FIRST_RESOLVER,
    DecisionRecipient.RELATED,
    DecisionRecipient.TRANSFERRING,
)


class DecisionPublicityForm(models.TextChoices):
    """How the second-time decision is made public (Luật KN Điều 41(3); NĐ 124/2020 as amended, NĐ 155 Điều 1)."""

    MEETING = "meeting", _("Công bố tại cuộc họp")
    POSTING = "posting", _("Niêm yết tại trụ sở làm việc hoặc nơi tiếp công dân")
    MEDIA = "media", _("Thông báo trên phương tiện thông tin đại chúng")
    PORTAL = "portal", _("Đăng trên cổng thông tin điện tử")


class ScanStatus(models.TextChoices):
    """State of a scanned letter's OCR job (the page polls it)."""

    QUEUED = "queued", _("Đang chờ đọc")
    RUNNING = "running", _("Đang đọc chữ")
    DONE = "done", _("Đã đọc xong")
    FAILED = "failed", _("Không đọc được")
