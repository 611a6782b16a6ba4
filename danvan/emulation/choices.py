"""Kinds and states of the "Dân vận khéo" emulation movement, with the transition tables.

Luật Thi đua, khen thưởng 06/2022/QH15 (eff. 01/01/2024): emulation is regular or thematic; organising
it means setting goals and criteria, launching, monitoring, finding and replicating exemplars, reviewing
and rewarding (Điều 16–17); awards obtained by fraud are revoked (Chương VII).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.transitions import allowed_actions  # noqa: F401  (re-exported: c.allowed_actions)

MAX_SCORE = 10  # each criterion is scored 0–10 (local practice; criteria are set by the campaign)
# Recognising a model and deciding on a reward belong to the head of the unit (Hiệu trưởng / Giám đốc Sở):
# the head's own permission set is "plans.approve" (duyệt, ban hành).
DECIDE_PERM = "plans.approve"
MANAGE_PERM = "emulation.manage"


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
