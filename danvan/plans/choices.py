"""States and kinds of plans and tasks, with the table of allowed plan transitions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.transitions import allowed_actions as table_actions


class PlanStatus(models.TextChoices):
    """Where a plan is in its life: written, approved by the head, published (then read-only)."""

    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã duyệt")
    PUBLISHED = "published", _("Đã ban hành")


class PlanAction(models.TextChoices):
    """What a user can do to a plan's status."""

    APPROVE = "approve", _("Duyệt")
    RETURN = "return", _("Trả lại dự thảo")
    PUBLISH = "publish", _("Ban hành")
    REVISE = "revise", _("Tạo bản sửa đổi")


# (from, action) -> (to, permission). A published plan is read-only: the only way back to a draft
# is REVISE, which snapshots the published text as a PlanRevision and raises the revision number.
PLAN_TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (PlanStatus.DRAFT, PlanAction.APPROVE): (PlanStatus.APPROVED, "plans.approve"),
    (PlanStatus.APPROVED, PlanAction.RETURN): (PlanStatus.DRAFT, "plans.approve"),
    (PlanStatus.APPROVED, PlanAction.PUBLISH): (PlanStatus.PUBLISHED, "plans.approve"),
    (PlanStatus.PUBLISHED, PlanAction.REVISE): (PlanStatus.DRAFT, "plans.edit"),
}

# Statuses in which the plan's text (sections, tasks' content, references) may be edited.
EDITABLE_STATUSES = frozenset({PlanStatus.DRAFT})

# Statuses in which a plan is in force: its tasks are to be carried out, so they reach "my tasks", the
# dashboards and the late figures. A draft is only a proposal, except the draft of a revision of a plan
# that was published (its published text stays in force until the revision is published): see
# Plan.in_force and PlanQuerySet.in_force.
IN_FORCE_STATUSES = frozenset({PlanStatus.APPROVED, PlanStatus.PUBLISHED})


def allowed_actions(status: str) -> list[str]:
    """Return the actions allowed from a status, in table order."""
    return table_actions(PLAN_TRANSITIONS, status)


class TaskStatus(models.TextChoices):
    """Progress state of a task; "late" is derived (due date passed and not done), never stored."""

    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")


class SourceFormat(models.TextChoices):
    """The format of the document a plan was imported from."""

    TXT = "txt", _("Văn bản (.txt)")
    MD = "md", _("Markdown (.md)")
    DOCX = "docx", _("Word (.docx)")
    PDF = "pdf", _("PDF")
    MANUAL = "manual", _("Soạn trực tiếp")


class SectionKey(models.TextChoices):
    """The four narrative sections of a plan, in document order."""

    PURPOSES = "purposes", _("Mục đích")
    REQUIREMENTS = "requirements", _("Yêu cầu")
    REGULAR_TASKS = "regular_tasks", _("Nhiệm vụ thường xuyên")
    IMPLEMENTATION = "implementation", _("Tổ chức thực hiện")


# Document type abbreviations (NĐ 30/2020 Phụ lục III; party documents use the same letters with a hyphen,
# Hướng dẫn 36-HD/VPTW) → the type's name, used for LegalReference.doc_type.
DOCUMENT_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QYĐ": "Quy định",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTR": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "BC": "Báo cáo",
    "TTR": "Tờ trình",
    "CV": "Công văn",
    "KL": "Kết luận",
    "TT": "Thông tư",
    "NĐ": "Nghị định",
    "L": "Luật",
}


class DispatchChannel(models.TextChoices):
    """How a published plan reached one recipient of its Nơi nhận (NĐ 30/2020/NĐ-CP Điều 16–20: issuing and sending
    documents; the electronic channel is the default for administrative documents, Điều 20(1) — UNCONFIRMED clause)."""

    ELECTRONIC = "dien-tu", _("Hệ thống quản lý văn bản điện tử")
    EMAIL = "email", _("Thư điện tử")
    PAPER = "giay", _("Bản giấy (bưu chính, chuyển tay)")
    WEBSITE = "website", _("Đăng trang thông tin điện tử")
    MEETING = "hop", _("Phổ biến tại cuộc họp")
    ARCHIVE = "luu", _("Lưu văn thư, hồ sơ")
