"""Kinds and states of the "Dân vận khéo" emulation movement, with the transition tables.

Luật Thi đua, khen thưởng 06/2022/QH15 (eff. 01/01/2024): emulation is regular or thematic; organising
it means setting goals and criteria, launching, monitoring, finding and replicating exemplars, reviewing
and rewarding (Điều 16–17); awards obtained by fraud are revoked (Chương VII).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.transitions import allowed_actions  # noqa: F401  (re-exported: c.allowed_actions)
from danvan.emulation import permissions

MAX_SCORE = 10  # each criterion is scored 0–10 (local practice; criteria are set by the campaign)
# Recognising a model and deciding on a reward belong to the head of the unit (Hiệu trưởng / Giám đốc Sở):
# the head's own permission set is "plans.approve" (duyệt, ban hành).
DECIDE_PERM = "plans.approve"
MANAGE_PERM = permissions.MANAGE


class CampaignKind(models.TextChoices):
    """Regular or thematic emulation (Luật TĐKT 06/2022/QH15); Dân vận khéo is thematic."""

    THEMATIC = "chuyen-de", _("Thi đua theo chuyên đề")
    REGULAR = "thuong-xuyen", _("Thi đua thường xuyên")


class ModelKind(models.TextChoices):
    """A replicable way of doing mass mobilisation, or an exemplary collective/individual."""

    MODEL = "mo-hinh", _("Mô hình")
    EXEMPLAR = "dien-hinh", _("Điển hình")


class ModelStatus(models.TextChoices):
    """Lifecycle: register → implement → evaluate → recognise → reward → replicate."""

    REGISTERED = "dang-ky", _("Đã đăng ký")
    IMPLEMENTING = "trien-khai", _("Đang triển khai")
    EVALUATED = "da-danh-gia", _("Đã đánh giá")
    RECOGNISED = "cong-nhan", _("Được công nhận")
    NOT_RECOGNISED = "khong-cong-nhan", _("Không công nhận")
    REWARDED = "khen-thuong", _("Đã khen thưởng")
    REPLICATED = "nhan-rong", _("Đã nhân rộng")


class ModelAction(models.TextChoices):
    """What can be done to a registered model."""

    START = "start", _("Bắt đầu triển khai")
    EVALUATE = "evaluate", _("Chốt đánh giá")
    RETURN = "return", _("Trả về triển khai")
    RECOGNISE = "recognise", _("Công nhận")
    DECLINE = "decline", _("Không công nhận")
    REWARD = "reward", _("Ghi nhận khen thưởng")
    REPLICATE = "replicate", _("Nhân rộng")


# (from, action) -> (to, permission)
MODEL_TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (ModelStatus.REGISTERED, ModelAction.START): (ModelStatus.IMPLEMENTING, MANAGE_PERM),
    (ModelStatus.IMPLEMENTING, ModelAction.EVALUATE): (ModelStatus.EVALUATED, MANAGE_PERM),
    (ModelStatus.EVALUATED, ModelAction.RETURN): (ModelStatus.IMPLEMENTING, MANAGE_PERM),
    (ModelStatus.EVALUATED, ModelAction.RECOGNISE): (ModelStatus.RECOGNISED, DECIDE_PERM),
    (ModelStatus.EVALUATED, ModelAction.DECLINE): (ModelStatus.NOT_RECOGNISED, DECIDE_PERM),
    (ModelStatus.RECOGNISED, ModelAction.REWARD): (ModelStatus.REWARDED, MANAGE_PERM),
    (ModelStatus.RECOGNISED, ModelAction.REPLICATE): (ModelStatus.REPLICATED, MANAGE_PERM),
    (ModelStatus.REWARDED, ModelAction.REPLICATE): (ModelStatus.REPLICATED, MANAGE_PERM),
}


class RewardKind(models.TextChoices):
    """Collective or individual award."""

    COLLECTIVE = "tap-the", _("Tập thể")
    INDIVIDUAL = "ca-nhan", _("Cá nhân")


class RewardForm(models.TextChoices):
    """Forms of commendation (Luật TĐKT 06/2022/QH15; criteria in NĐ 98/2023/NĐ-CP — not read, UNCONFIRMED)."""

    PRINCIPAL_CERT = "giay-khen-ht", _("Giấy khen của Hiệu trưởng")
    DIRECTOR_CERT = "giay-khen-gd", _("Giấy khen của Giám đốc Sở")
    CITY_MERIT = "bang-khen-ubnd", _("Bằng khen của Chủ tịch UBND thành phố")
    MINISTRY_MERIT = "bang-khen-bo", _("Bằng khen của Bộ trưởng Bộ Giáo dục và Đào tạo")
    OTHER = "khac", _("Hình thức khác")


class DecisionLevel(models.TextChoices):
    """Who decides an award: the school's head, the Department's director, or an authority above the Department."""

    SCHOOL = "truong", _("Hiệu trưởng quyết định")
    DEPARTMENT = "so", _("Giám đốc Sở quyết định")
    HIGHER = "cap-tren", _("Cấp trên quyết định, Sở trình và ghi nhận quyết định")


# Who decides each form. Luật TĐKT 06/2022/QH15 Điều 80(1) (read): the head of a specialised agency of the
# provincial People's Committee — the Giám đốc Sở GD&ĐT — awards giấy khen. Bằng khen of the provincial chairman
# and of a minister are decided above the Department (Điều 79 — its text was not read here: UNCONFIRMED); the
# Department submits them and records the decision. The principal's own giấy khen stays with the school (Điều 80(1)
# names heads of units with legal personality; that it covers every public school is UNCONFIRMED).
DECIDED_AT: dict[str, str] = {
    RewardForm.PRINCIPAL_CERT: DecisionLevel.SCHOOL,
    RewardForm.DIRECTOR_CERT: DecisionLevel.DEPARTMENT,
    RewardForm.CITY_MERIT: DecisionLevel.HIGHER,
    RewardForm.MINISTRY_MERIT: DecisionLevel.HIGHER,
    RewardForm.OTHER: DecisionLevel.SCHOOL,
}


class ProposalStatus(models.TextChoices):
    """A reward proposal: proposed, then approved or rejected; an approved award can be revoked."""

    PROPOSED = "de-nghi", _("Đã đề nghị")
    APPROVED = "duyet", _("Đã duyệt")
    REJECTED = "tu-choi", _("Không duyệt")
    REVOKED = "thu-hoi", _("Đã thu hồi")


class ProposalAction(models.TextChoices):
    APPROVE = "approve", _("Duyệt")
    REJECT = "reject", _("Không duyệt")
    REVOKE = "revoke", _("Thu hồi (kê khai gian dối)")


# Luật TĐKT 06/2022/QH15 Chương VII: an award obtained through false declarations is revoked.
PROPOSAL_TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (ProposalStatus.PROPOSED, ProposalAction.APPROVE): (ProposalStatus.APPROVED, DECIDE_PERM),
    (ProposalStatus.PROPOSED, ProposalAction.REJECT): (ProposalStatus.REJECTED, DECIDE_PERM),
    (ProposalStatus.APPROVED, ProposalAction.REVOKE): (ProposalStatus.REVOKED, DECIDE_PERM),
}


# ====================================================================== unit evaluations (sơ kết, tổng kết)
#
# The seed plan (II.1): "Thực hiện đánh giá kết quả công tác dân vận của các tổ chức, bộ phận, tổ nhóm chuyên môn
# trong trường 06 tháng đầu năm và tổng kết năm". No statute sets the criteria or points: they are the school's
# own (configurable, `UnitCriterion`); the defaults below take the seed's wording.

UNIT_SCORE_MAX = 100  # the most points one criterion may carry
UNIT_CRITERIA_MAX = 20  # criteria per school


class EvaluationPeriod(models.TextChoices):
    """Mid-year review (sơ kết 6 tháng) or year-end review (tổng kết năm)."""

    MID_YEAR = "so-ket", _("Sơ kết 6 tháng đầu năm")
    YEAR_END = "tong-ket", _("Tổng kết năm")


class UnitRating(models.TextChoices):
    """The four levels used for rating collectives and people in Vietnamese public bodies.

    Wording of NĐ 90/2020/NĐ-CP (xếp loại chất lượng cán bộ, công chức, viên chức: four levels) and of the Party's
    rating of its organisations; applying it to a school's units is school practice (UNCONFIRMED: the decree's own
    text was not read here).
    """

    EXCELLENT = "xuat-sac", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "tot", _("Hoàn thành tốt nhiệm vụ")
    DONE = "hoan-thanh", _("Hoàn thành nhiệm vụ")
    FAILED = "khong-hoan-thanh", _("Không hoàn thành nhiệm vụ")


# A unit rated at these levels carries its weak points into next year's plan draft (plans.clone_plan).
WEAK_RATINGS = frozenset({UnitRating.DONE, UnitRating.FAILED})


class UnitEvaluationStatus(models.TextChoices):
    """The unit drafts, submits; the principal returns or finalises; a finalised evaluation is locked."""

    DRAFT = "du-thao", _("Đơn vị đang tự đánh giá")
    SUBMITTED = "da-nop", _("Chờ Hiệu trưởng nhận xét")
    FINALISED = "hoan-tat", _("Đã xếp loại")


class UnitEvaluationAction(models.TextChoices):
    """What can happen to a unit evaluation."""

    SUBMIT = "submit", _("Gửi Hiệu trưởng")
    RETURN = "return", _("Trả lại đơn vị")
    FINALISE = "finalise", _("Nhận xét, xếp loại")
    REOPEN = "reopen", _("Mở lại để sửa")


# (from, action) -> (to, permission). Submitting is the unit head's act (checked by services.can_draft_for); the
# rest is the head of the school's ("plans.approve": duyệt, ban hành).
UNIT_EVALUATION_TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (UnitEvaluationStatus.DRAFT, UnitEvaluationAction.SUBMIT): (UnitEvaluationStatus.SUBMITTED, "emulation.view"),
    (UnitEvaluationStatus.SUBMITTED, UnitEvaluationAction.RETURN): (UnitEvaluationStatus.DRAFT, DECIDE_PERM),
    (UnitEvaluationStatus.SUBMITTED, UnitEvaluationAction.FINALISE): (UnitEvaluationStatus.FINALISED, DECIDE_PERM),
    (UnitEvaluationStatus.FINALISED, UnitEvaluationAction.REOPEN): (UnitEvaluationStatus.SUBMITTED, DECIDE_PERM),
}

# Positions that head a unit of a school and so draft its self-assessment (Chủ tịch Công đoàn, Bí thư Đoàn,
# tổ trưởng, Trưởng ban TTND, the deputy in charge of the BGH, the clerk for the office).
UNIT_HEAD_POSITIONS = frozenset(
    {"CHU_TICH_CD", "BI_THU_DOAN", "TO_TRUONG_CM", "TRUONG_BAN_TTND", "PHO_HIEU_TRUONG", "VAN_THU"}
)

# Default criteria (name, max points), from the seed plan's wording (II.1 Nhiệm vụ thường xuyên, III Tổ chức thực
# hiện). The points are a default the school changes (local practice, UNCONFIRMED: no text fixes them).
DEFAULT_UNIT_CRITERIA: tuple[tuple[str, int], ...] = (
    ("Tuyên truyền, quán triệt các quy định của Trung ương, thành phố về công tác dân vận", 20),
    (
        "Thực hiện quy chế dân chủ ở cơ sở; lắng nghe, giải quyết kịp thời kiến nghị của cán bộ, giáo viên, nhân viên",
        20,
    ),
    ("Phối hợp tiếp công dân, giải quyết đơn thư, hòa giải tại đơn vị", 20),
    ("Thực hiện phong trào thi đua “Dân vận khéo”", 20),
    ("Thực hiện nhiệm vụ được giao trong kế hoạch công tác dân vận và chế độ báo cáo", 20),
)
