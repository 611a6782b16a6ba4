"""Roles, periods, channels and states of the People's Inspection Board (BTTND), with transition tables."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.transitions import allowed_actions  # noqa: F401  (re-exported: c.allowed_actions)

# Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15, Điều 60: 3–9 members, none where the unit has ≤ 7 staff,
# a 2-year term.
MIN_MEMBERS = 3
MAX_MEMBERS = 9
MIN_STAFF_FOR_BOARD = 8  # "không thành lập" where the unit has 7 staff or fewer (Điều 60)
TERM_YEARS = 2
# NĐ 59/2023/NĐ-CP, Điều 21: the union executive recognises the election within 5 working days;
# a board of 9 or more members may have up to 2 deputies (otherwise 1).
RECOGNITION_WORKING_DAYS = 5
DEPUTIES_SMALL = 1
DEPUTIES_LARGE = 2
LARGE_BOARD = 9
# Luật 10/2022/QH15, Điều 63(1): the head answers the board's recommendations within 15 days
# (rule "kien-nghi-bttnd / tra-loi" of the workdays table).
DEADLINE_KIND = "kien-nghi-bttnd"
DEADLINE_STEP = "tra-loi"
WARN_DAYS = 3  # a recommendation with this many calendar days left or fewer is shown in amber

# Positions that may not sit on the board (Điều 60: người đứng đầu, cấp phó, kế toán trưởng).
EXCLUDED_POSITIONS = frozenset({"HIEU_TRUONG", "PHO_HIEU_TRUONG", "KE_TOAN_TRUONG"})
# Staff lists often record the chief accountant only in the written title.
CHIEF_ACCOUNTANT_WORDS = ("kế toán trưởng",)


class BoardRole(models.TextChoices):
    """A member's role on the board (Điều 60)."""

    HEAD = "truong-ban", _("Trưởng ban")
    DEPUTY = "pho-ban", _("Phó Trưởng ban")
    MEMBER = "uy-vien", _("Ủy viên")


class PeriodKind(models.TextChoices):
    """Programme and report periods (Điều 62: quarterly, 6-month, annual)."""

    QUARTER = "quy", _("Quý")
    HALF = "6-thang", _("6 tháng")
    YEAR = "nam", _("Năm")


class ProgrammeStatus(models.TextChoices):
    """A work programme is drafted, adopted (majority decision, NĐ 59/2023 Điều 20), then closed."""

    DRAFT = "du-thao", _("Dự thảo")
    ADOPTED = "thong-qua", _("Đã thông qua")
    DONE = "hoan-thanh", _("Đã hoàn thành")


class ProgrammeAction(models.TextChoices):
    """What the board does to its programme."""

    ADOPT = "adopt", _("Thông qua")
    REOPEN = "reopen", _("Trả về dự thảo")
    CLOSE = "close", _("Kết thúc chương trình")


# (from, action) -> (to, permission)
PROGRAMME_TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (ProgrammeStatus.DRAFT, ProgrammeAction.ADOPT): (ProgrammeStatus.ADOPTED, "board.manage"),
    (ProgrammeStatus.ADOPTED, ProgrammeAction.REOPEN): (ProgrammeStatus.DRAFT, "board.manage"),
    (ProgrammeStatus.ADOPTED, ProgrammeAction.CLOSE): (ProgrammeStatus.DONE, "board.manage"),
}


class Channel(models.TextChoices):
    """How a staff recommendation reached the board (NĐ 59/2023/NĐ-CP, Điều 22)."""

    DIRECT = "truc-tiep", _("Phản ánh trực tiếp")
    BOX = "hop-thu", _("Hộp thư góp ý")
    DOCUMENT = "van-ban", _("Văn bản")
    ONLINE = "truc-tuyen", _("Gửi trên danvan")


class Addressee(models.TextChoices):
    """Who a staff concern is sent to: the head of the unit, or the board (Luật 10/2022/QH15 Điều 61)."""

    HEAD = "hieu-truong", _("Hiệu trưởng")
    BOARD = "ban-ttnd", _("Ban thanh tra nhân dân")


# The answer period of a staff concern. No text read gives one for a concern a staff member sends the head or the
# board: Luật 10/2022/QH15 Điều 63(1) gives the head 15 days to answer the board's own recommendations, and
# Luật Tiếp công dân Điều 28(1) 10 working days to tell a citizen how a kiến nghị is handled. The default follows
# Điều 63(1) by analogy; each school sets its own (`ConcernSettings`). UNCONFIRMED.
CONCERN_DEFAULT_DAYS = 15
CONCERN_MAX_DAYS = 90
CONCERN_CITATION = (
    "Mặc định 15 ngày theo Điều 63(1) Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15 (áp dụng tương "
    "tự; chưa có văn bản quy định riêng — chưa xác nhận)"
)


class FeedbackStatus(models.TextChoices):
    """A staff kiến nghị, phản ánh: received, being verified, result sent to the person (Điều 22)."""

    RECEIVED = "tiep-nhan", _("Đã tiếp nhận")
    VERIFYING = "xac-minh", _("Đang xác minh")
    ANSWERED = "da-tra-loi", _("Đã gửi kết quả")


OPEN_FEEDBACK = (FeedbackStatus.RECEIVED, FeedbackStatus.VERIFYING)


class FeedbackAction(models.TextChoices):
    """What the board does with a staff recommendation."""

    VERIFY = "verify", _("Xác minh")
    ANSWER = "answer", _("Gửi kết quả")


# The permission is what the handler holds; who the handler is depends on the addressee (services.can_handle):
# the board for a concern sent to it, the head ("petitions.decide") for one sent to the head.
FEEDBACK_TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (FeedbackStatus.RECEIVED, FeedbackAction.VERIFY): (FeedbackStatus.VERIFYING, "board.view"),
    (FeedbackStatus.RECEIVED, FeedbackAction.ANSWER): (FeedbackStatus.ANSWERED, "board.view"),
    (FeedbackStatus.VERIFYING, FeedbackAction.ANSWER): (FeedbackStatus.ANSWERED, "board.view"),
}


class RecommendationStatus(models.TextChoices):
    """The board's recommendation to the head: sent, answered (Điều 63(1)) or withdrawn by the board."""

    SENT = "da-gui", _("Chờ trả lời")
    ANSWERED = "da-tra-loi", _("Đã trả lời")
    WITHDRAWN = "rut", _("Đã rút")


class RecommendationAction(models.TextChoices):
    """What can happen to a recommendation."""

    ANSWER = "answer", _("Trả lời")
    WITHDRAW = "withdraw", _("Rút kiến nghị")


# The head answers (the principal's own permission "petitions.decide": ký, kết luận); the board withdraws.
RECOMMENDATION_TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (RecommendationStatus.SENT, RecommendationAction.ANSWER): (RecommendationStatus.ANSWERED, "petitions.decide"),
    (RecommendationStatus.SENT, RecommendationAction.WITHDRAW): (RecommendationStatus.WITHDRAWN, "board.manage"),
}


class ReportRecipient(models.TextChoices):
    """Who the board reports to (Điều 62: the union executive and the staff conference)."""

    UNION = "cong-doan", _("Ban Chấp hành Công đoàn")
    CONFERENCE = "hoi-nghi", _("Hội nghị cán bộ, viên chức, người lao động")
    BOTH = "ca-hai", _("Công đoàn và Hội nghị cán bộ, viên chức, người lao động")
