"""Shapes of the API's answers and request bodies, described in Vietnamese for the OpenAPI page.

Dates and times are ISO 8601 (times with the Asia/Ho_Chi_Minh offset). Petition schemas carry no
field of the petitioner's identity: that is only ever returned by `PetitionIdentityOut`, from the
audited endpoint.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

# ====================================================================== shared pieces


class Ref(Schema):
    """A reference to another object: its id and display name."""

    id: int = Field(description="Mã số (id).")
    name: str = Field(description="Tên hiển thị.")


def ref(obj: Any, attr: str = "name") -> dict[str, Any] | None:
    """Return {id, name} for an object (None for None)."""
    if obj is None:
        return None
    return {"id": obj.pk, "name": str(getattr(obj, attr, obj))}


# ====================================================================== me


class PositionOut(Schema):
    """A position the user holds now."""

    organisation: Ref = Field(description="Đơn vị, bộ phận nơi giữ chức vụ.")
    tenant: Ref = Field(description="Trường hoặc Sở sở hữu dữ liệu của đơn vị.")
    position: str = Field(description="Mã chức vụ (HIEU_TRUONG, GIAO_VIEN, …).")
    position_label: str = Field(description="Tên chức vụ.")
    title: str = Field(description="Chức danh ghi trên văn bản.")
    start: dt.date | None = Field(None, description="Giữ chức vụ từ ngày.")
    end: dt.date | None = Field(None, description="Đến ngày (trống: đang giữ).")


class MeOut(Schema):
    """The calling user, their positions and every permission they hold somewhere."""

    id: int = Field(description="Mã người dùng.")
    username: str = Field(description="Tên đăng nhập.")
    full_name: str = Field(description="Họ và tên.")
    email: str = Field(description="Thư điện tử.")
    positions: list[PositionOut] = Field(description="Các chức vụ đang giữ.")
    permissions: list[str] = Field(description="Các quyền có ở ít nhất một đơn vị (xem core.permissions).")
    auth: str = Field(description="Cách xác thực của yêu cầu này: 'session' hoặc 'token'.")


# ====================================================================== organisations


class OrganisationOut(Schema):
    """An organisation of the tree (Department, school, unit)."""

    id: int = Field(description="Mã đơn vị.")
    kind: str = Field(description="Loại: TINH, SO, TRUONG, BO_PHAN, BAN.")
    kind_label: str = Field(description="Tên loại đơn vị.")
    name: str = Field(description="Tên đầy đủ.")
    short_name: str = Field(description="Tên ngắn.")
    code: str = Field(description="Ký hiệu dùng trong số, ký hiệu văn bản.")
    parent_id: int | None = Field(None, description="Đơn vị cấp trên.")
    tenant_id: int | None = Field(None, description="Trường hoặc Sở sở hữu dữ liệu.")
    place: str = Field(description="Địa danh.")

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())


class MemberOut(Schema):
    """A person holding a position in the organisation."""

    person_id: int = Field(description="Mã cán bộ.")
    full_name: str = Field(description="Họ và tên.")
    position: str = Field(description="Mã chức vụ.")
    position_label: str = Field(description="Tên chức vụ.")
    title: str = Field(description="Chức danh.")


class OrganisationDetailOut(OrganisationOut):
    """An organisation with its direct units and current members."""

    abbreviations: list[str] = Field(description="Các cách viết tắt trong văn bản.")
    superior_name: str = Field(description="Cơ quan chủ quản (in trên văn bản).")
    staff_count: int | None = Field(None, description="Số cán bộ, viên chức.")
    children: list[Ref] = Field(description="Các đơn vị, bộ phận trực thuộc.")
    members: list[MemberOut] = Field(description="Những người đang giữ chức vụ tại đơn vị.")

    @staticmethod
    def resolve_children(obj: Any) -> list[dict[str, Any]]:
        return [{"id": c.pk, "name": c.name} for c in obj.children.order_by("name")]

    @staticmethod
    def resolve_members(obj: Any) -> list[dict[str, Any]]:
        from danvan.org.models import Membership

        members = Membership.objects.active().filter(organisation=obj).select_related("person").order_by(
            "position", "person__full_name")
        return [
            {"person_id": m.person_id, "full_name": m.person.full_name, "position": m.position,
             "position_label": str(m.get_position_display()), "title": m.title}
            for m in members
        ]


# ====================================================================== workdays


class DeadlineOut(Schema):
    """A statutory due date with the rule and citation it came from."""

    kind: str = Field(description="Loại việc (khieu-nai, to-cao, …).")
    step: str = Field(description="Bước (thu-ly, giai-quyet, …).")
    start: dt.date = Field(description="Ngày bắt đầu tính (ngày này không tính vào thời hạn — BLDS Điều 147).")
    due: dt.date = Field(description="Hạn cuối.")
    rule: str = Field(description="Thời hạn áp dụng, ví dụ “30 ngày (phức tạp)”.")
    citation: str = Field(description="Căn cứ pháp lý.")
    variant: str = Field(description="Trường hợp: thuong, phuc-tap, …")
    amount: int = Field(description="Số ngày.")
    unit: str = Field(description="calendar (ngày) hoặc working (ngày làm việc).")
    effective_from: dt.date = Field(description="Quy định có hiệu lực từ ngày.")
    confirmed: bool = Field(description="Đã đối chiếu văn bản gốc.")
    note: str = Field(description="Ghi chú.")
    working_days_left: int = Field(description="Số ngày làm việc còn lại tính từ hôm nay (âm: quá hạn).")
    organisation: Ref | None = Field(None, description="Đơn vị có lịch làm việc được dùng.")


# ====================================================================== plans and tasks


class PlanOut(Schema):
    """A plan (kế hoạch) in a list."""

    id: int = Field(description="Mã kế hoạch.")
    organisation: Ref = Field(description="Đơn vị ban hành.")
    year: int = Field(description="Năm.")
    number: str = Field(description="Số, ký hiệu (ví dụ 05/KH-THPTNK).")
    date: dt.date | None = Field(None, description="Ngày ban hành.")
    title: str = Field(description="Trích yếu.")
    status: str = Field(description="Trạng thái: draft, approved, published.")
    status_label: str = Field(description="Tên trạng thái.")
    revision: int = Field(description="Lần sửa đổi.")

    @staticmethod
    def resolve_organisation(obj: Any) -> dict[str, Any] | None:
        return ref(obj.organisation)

    @staticmethod
    def resolve_number(obj: Any) -> str:
        return obj.number_symbol

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


class PeriodOut(Schema):
    """A period in which a task is carried out."""

    start: dt.date = Field(description="Từ ngày.")
    end: dt.date = Field(description="Đến ngày.")


class TaskOut(Schema):
    """A task of a plan, with its progress."""

    id: int = Field(description="Mã nhiệm vụ.")
    plan_id: int = Field(description="Kế hoạch.")
    organisation_id: int = Field(description="Đơn vị.")
    no: str = Field(description="Số thứ tự trong kế hoạch.")
    content: str = Field(description="Nội dung.")
    lead: str = Field(description="Lãnh đạo chủ trì (như văn bản).")
    units: list[str] = Field(description="Bộ phận phụ trách (như văn bản).")
    timing: str = Field(description="Thời gian thực hiện (như văn bản).")
    status: str = Field(description="Tình trạng: not_started, in_progress, done.")
    status_label: str = Field(description="Tên tình trạng.")
    progress: int = Field(description="Tiến độ (%).")
    due_on: dt.date | None = Field(None, description="Hạn hoàn thành.")
    completed_on: dt.date | None = Field(None, description="Ngày hoàn thành.")
    late: bool = Field(description="Quá hạn mà chưa hoàn thành.")

    @staticmethod
    def resolve_units(obj: Any) -> list[str]:
        return list(obj.units_text or [])

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_late(obj: Any) -> bool:
        return obj.is_late


class TaskDetailOut(TaskOut):
    """A task with its periods."""

    periods: list[PeriodOut] = Field(description="Các khoảng thời gian thực hiện.")

    @staticmethod
    def resolve_periods(obj: Any) -> list[Any]:
        return list(obj.periods.all())


class PlanDetailOut(PlanOut):
    """A plan with its sections, references and tasks."""

    kind: str = Field(description="Loại văn bản (KH, …).")
    issuer: str = Field(description="Cơ quan ban hành.")
    place: str = Field(description="Địa danh.")
    sections: dict[str, list[str]] = Field(description="Các phần: purposes, requirements, regular_tasks, implementation.")
    recipients: list[str] = Field(description="Nơi nhận.")
    signer_name: str = Field(description="Người ký.")
    signer_position: str = Field(description="Chức vụ người ký.")
    published_at: dt.datetime | None = Field(None, description="Ban hành lúc.")
    tasks: list[TaskDetailOut] = Field(description="Các nhiệm vụ, theo thứ tự trong kế hoạch.")

    @staticmethod
    def resolve_sections(obj: Any) -> dict[str, list[str]]:
        from danvan.plans.choices import SectionKey

        return {key: obj.section(key) for key in SectionKey.values}

    @staticmethod
    def resolve_recipients(obj: Any) -> list[str]:
        return [str(r) for r in (obj.recipients or [])]

    @staticmethod
    def resolve_tasks(obj: Any) -> list[Any]:
        return list(obj.tasks.all())


class TaskUpdateIn(Schema):
    """A progress report on a task."""

    status: str = Field(description="Tình trạng: not_started, in_progress, done.")
    progress: int = Field(ge=0, le=100, description="Tiến độ (%), 0–100; 100 nghĩa là hoàn thành.")
    note: str = Field("", max_length=5000, description="Nội dung cập nhật.")


class TaskUpdateOut(Schema):
    """A recorded progress report, and the task as it now stands."""

    id: int = Field(description="Mã lần cập nhật.")
    at: dt.datetime = Field(description="Thời điểm.")
    status: str = Field(description="Tình trạng ghi nhận.")
    progress: int = Field(description="Tiến độ ghi nhận (%).")
    note: str = Field(description="Nội dung cập nhật.")
    author: Ref | None = Field(None, description="Người cập nhật.")
    task: TaskOut = Field(description="Nhiệm vụ sau khi cập nhật.")

    @staticmethod
    def resolve_author(obj: Any) -> dict[str, Any] | None:
        return {"id": obj.author.pk, "name": str(obj.author)} if obj.author_id else None
