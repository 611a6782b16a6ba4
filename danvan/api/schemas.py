"""Shapes of the API's answers and request bodies, described in Vietnamese for the OpenAPI page.

Dates and times are ISO 8601 (times with the Asia/Ho_Chi_Minh offset). Petition schemas carry no
field of the petitioner's identity: that is only ever returned by `PetitionIdentityOut`, from the
audited endpoint.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from danvan.org.models import Membership
from danvan.petitions.identity import IdentityPolicy, policy_for
from danvan.petitions.services import available_actions
from danvan.plans.choices import SectionKey
from danvan.reports.models import Report

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
        members = (
            Membership.objects.active()
            .filter(organisation=obj)
            .select_related("person")
            .order_by("position", "person__full_name")
        )
        return [
            {
                "person_id": m.person_id,
                "full_name": m.person.full_name,
                "position": m.position,
                "position_label": str(m.get_position_display()),
                "title": m.title,
            }
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
    sections: dict[str, list[str]] = Field(
        description="Các phần: purposes, requirements, regular_tasks, implementation."
    )
    recipients: list[str] = Field(description="Nơi nhận.")
    signer_name: str = Field(description="Người ký.")
    signer_position: str = Field(description="Chức vụ người ký.")
    published_at: dt.datetime | None = Field(None, description="Ban hành lúc.")
    tasks: list[TaskDetailOut] = Field(description="Các nhiệm vụ, theo thứ tự trong kế hoạch.")

    @staticmethod
    def resolve_sections(obj: Any) -> dict[str, list[str]]:
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
    done_on: dt.date | None = Field(
        None,
        description="Ngày thực hiện (ngày hoàn thành nếu đã xong); mặc định hôm "
        "nay, không sau hôm nay, không trước đầu năm của kế hoạch.",
    )


class TaskUpdateOut(Schema):
    """A recorded progress report, and the task as it now stands."""

    id: int = Field(description="Mã lần cập nhật.")
    at: dt.datetime = Field(description="Thời điểm nhập.")
    done_on: dt.date = Field(description="Ngày thực hiện.")
    status: str = Field(description="Tình trạng ghi nhận.")
    progress: int = Field(description="Tiến độ ghi nhận (%).")
    note: str = Field(description="Nội dung cập nhật.")
    author: Ref | None = Field(None, description="Người cập nhật.")
    task: TaskOut = Field(description="Nhiệm vụ sau khi cập nhật.")

    @staticmethod
    def resolve_done_on(obj: Any) -> dt.date:
        return obj.effective_on

    @staticmethod
    def resolve_author(obj: Any) -> dict[str, Any] | None:
        return {"id": obj.author.pk, "name": str(obj.author)} if obj.author_id else None


# ====================================================================== petitions


def shown(petition: Any) -> IdentityPolicy:
    """Return the petition's display policy, computed once per answer (identity.policy_for: the one home of masking)."""

    policy = getattr(petition, "_identity_policy", None)
    if policy is None:
        policy = petition._identity_policy = policy_for(None, petition)
    return policy


class PetitionOut(Schema):
    """A petition in the queue: never any field of the petitioner's identity."""

    id: int = Field(description="Mã đơn.")
    tracking_code: str = Field(description="Mã theo dõi.")
    organisation: Ref = Field(description="Đơn vị nhận đơn.")
    handling_body: Ref = Field(description="Cơ quan giải quyết.")
    kind: str = Field(description="Loại đơn: khieu-nai, to-cao, kien-nghi, phan-anh, …")
    kind_label: str = Field(description="Tên loại đơn.")
    channel: str = Field(description="Hình thức tiếp nhận.")
    subject: str = Field(description="Trích yếu (danh tính người gửi đã được che).")
    state: str = Field(description="Trạng thái.")
    state_label: str = Field(description="Tên trạng thái.")
    received_at: dt.datetime = Field(description="Ngày giờ nhận đơn.")
    step: str = Field(description="Bước đang tính hạn.")
    due_on: dt.date | None = Field(None, description="Hạn của bước hiện tại.")
    deadline_rule: str = Field(description="Thời hạn áp dụng.")
    overdue: bool = Field(description="Đang xử lý mà đã quá hạn.")
    handler: Ref | None = Field(None, description="Cán bộ xử lý.")
    anonymous: bool = Field(description="Đơn nặc danh / ẩn danh.")

    @staticmethod
    def resolve_organisation(obj: Any) -> dict[str, Any] | None:
        return ref(obj.organisation)

    @staticmethod
    def resolve_handling_body(obj: Any) -> dict[str, Any] | None:
        return ref(obj.handling_body)

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_state_label(obj: Any) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_subject(obj: Any) -> str:
        return shown(obj).subject

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return obj.is_overdue()

    @staticmethod
    def resolve_handler(obj: Any) -> dict[str, Any] | None:
        return ref(obj.handler, "full_name")


class PetitionStepOut(Schema):
    """One line of the petition's timeline."""

    at: dt.datetime = Field(description="Thời điểm.")
    code: str = Field(description="Sự kiện.")
    note: str = Field(description="Ghi chú (danh tính người gửi đã được che).")
    public: bool = Field(description="Công dân được xem trên trang tra cứu.")


class PetitionDetailOut(PetitionOut):
    """A petition's file for staff: content with the identity masked, deadlines, timeline, allowed actions."""

    content: str = Field(description="Nội dung đơn (danh tính người gửi và tên cần che đã được che).")
    accused_text: str = Field(description="Người, việc bị khiếu nại, tố cáo.")
    accused_role: str = Field(
        "", description="Đơn nói về ai: hieu-truong, pho-hieu-truong, giao-vien, nha-truong, khac (trống: chưa rõ)."
    )
    signers_count: int = Field(description="Số người ký đơn.")
    identity_visibility: str = Field(description="Lựa chọn của người gửi về danh tính.")
    is_complex: bool = Field(description="Vụ việc phức tạp.")
    accepted_on: dt.date | None = Field(None, description="Ngày thụ lý.")
    resolved_on: dt.date | None = Field(None, description="Ngày ban hành quyết định/kết luận.")
    replied_at: dt.datetime | None = Field(None, description="Trả lời công dân lúc.")
    closed_at: dt.datetime | None = Field(None, description="Kết thúc lúc.")
    closure: str = Field(description="Kết quả cuối cùng.")
    deadline_citation: str = Field(description="Căn cứ của thời hạn.")
    working_days_left: int | None = Field(None, description="Số ngày làm việc còn lại đến hạn (âm: quá hạn).")
    public_reply: str = Field(description="Nội dung trả lời công dân (đã che danh tính).")
    steps: list[PetitionStepOut] = Field(description="Diễn biến xử lý.")
    actions: list[str] = Field(description="Các thao tác người dùng được làm lúc này (theo bảng chuyển trạng thái).")
    can_view_identity: bool = Field(
        description="Người dùng được xem danh tính người gửi qua GET /petitions/{id}/identity (mỗi lần xem được ghi nhật ký)."
    )

    @staticmethod
    def resolve_content(obj: Any) -> str:
        return shown(obj).content

    @staticmethod
    def resolve_public_reply(obj: Any) -> str:
        return shown(obj).mask(obj.public_reply)

    @staticmethod
    def resolve_steps(obj: Any) -> list[dict[str, Any]]:
        return [
            {"at": s.at, "code": s.code, "note": s.note, "public": s.public}
            for s in shown(obj).notes(obj.steps.order_by("at", "id"))
        ]

    @staticmethod
    def resolve_working_days_left(obj: Any) -> int | None:
        return obj.working_days_left()

    @staticmethod
    def resolve_actions(obj: Any, context: Any) -> list[str]:
        return [str(a) for a in available_actions(obj, context["request"].user)]

    @staticmethod
    def resolve_can_view_identity(obj: Any, context: Any) -> bool:
        return policy_for(context["request"].user, obj).can_see_identity


class PetitionIdentityOut(Schema):
    """The petitioner's identity (only for the handler and the head of the handling body; every look is audited)."""

    petition_id: int = Field(description="Mã đơn.")
    exists: bool = Field(description="Đơn có lưu thông tin danh tính.")
    full_name: str = Field(description="Họ và tên.")
    address: str = Field(description="Địa chỉ.")
    phone: str = Field(description="Điện thoại.")
    email: str = Field(description="Thư điện tử.")
    id_number: str = Field(description="Số CCCD/giấy tờ.")
    co_signers: str = Field(description="Người cùng ký đơn.")
    has_handwriting_scan: bool = Field(description="Có bản chụp chữ viết tay.")


class PublicPetitionOut(Schema):
    """What the citizen who holds the secret link may see: kind, dates, stage and the published reply."""

    code: str = Field(description="Mã theo dõi.")
    kind: str = Field(description="Loại đơn.")
    received_at: dt.datetime = Field(description="Ngày giờ nhận đơn.")
    stage: str = Field(description="Tình trạng giải quyết.")
    due_on: dt.date | None = Field(None, description="Hạn của bước hiện tại (khi đơn đang được xử lý).")
    reply: str = Field(description="Nội dung trả lời đã công bố (trống nếu chưa có).")
    replied_at: dt.datetime | None = Field(None, description="Trả lời lúc.")


# ====================================================================== reports


class ObligationOut(Schema):
    """A report an organisation owes, with its derived status."""

    id: int = Field(description="Mã nghĩa vụ báo cáo.")
    organisation: Ref = Field(description="Đơn vị phải báo cáo.")
    kind: str = Field(description="Loại: 6_thang, nam, quy, chuyen_de, dot_xuat.")
    kind_label: str = Field(description="Tên loại báo cáo.")
    title: str = Field(description="Tên báo cáo.")
    period_start: dt.date = Field(description="Số liệu từ ngày.")
    period_end: dt.date = Field(description="Số liệu đến ngày.")
    due: dt.date = Field(description="Hạn gửi.")
    recipient: Ref | None = Field(None, description="Nơi nhận.")
    status: str = Field(
        description="Tình trạng: not_started, draft, signed, on_time, late, missing, returned, accepted."
    )
    status_label: str = Field(description="Tên tình trạng.")
    report_id: int | None = Field(None, description="Báo cáo đã lập (xem GET /reports/{id}).")

    @staticmethod
    def resolve_organisation(obj: Any) -> dict[str, Any] | None:
        return ref(obj.organisation)

    @staticmethod
    def resolve_recipient(obj: Any) -> dict[str, Any] | None:
        return ref(obj.recipient)

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_report_id(obj: Any) -> int | None:
        return getattr(obj, "api_report_id", None)


class ReportSectionOut(Schema):
    """One narrative section, its placeholders filled from the version's figures."""

    key: str = Field(description="Mã phần.")
    label: str = Field(description="Tên phần.")
    text: str = Field(description="Nội dung (đã điền số liệu).")


class ReportOut(Schema):
    """A compiled report: state, workflow dates, current version's sections and figures."""

    id: int = Field(description="Mã báo cáo.")
    organisation: Ref = Field(description="Đơn vị báo cáo.")
    obligation: ObligationOut = Field(description="Nghĩa vụ báo cáo.")
    state: str = Field(description="Trạng thái: draft, signed, submitted, returned, accepted.")
    state_label: str = Field(description="Tên trạng thái.")
    number: int | None = Field(None, description="Số văn bản.")
    signed_at: dt.datetime | None = Field(None, description="Ký lúc.")
    submitted_at: dt.datetime | None = Field(None, description="Gửi lúc.")
    submitted_late: bool | None = Field(None, description="Gửi muộn.")
    reviewed_at: dt.datetime | None = Field(None, description="Sở tiếp nhận/trả lại lúc.")
    review_comment: str = Field(description="Ý kiến của Sở.")
    version: int | None = Field(None, description="Lần tổng hợp của bản hiện hành.")
    sections: list[ReportSectionOut] = Field(description="Các phần nội dung của bản hiện hành.")
    figures: dict[str, Any] = Field(description="Số liệu của bản hiện hành (theo nguồn: tasks, petitions, …).")

    @staticmethod
    def resolve_organisation(obj: Any) -> dict[str, Any] | None:
        return ref(obj.organisation)

    @staticmethod
    def resolve_state_label(obj: Any) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_version(obj: Any) -> int | None:
        return obj.current_version.number if obj.current_version_id else None

    @staticmethod
    def resolve_sections(obj: Any) -> list[dict[str, Any]]:
        if not obj.current_version_id:
            return []
        return [
            {"key": k, "label": str(label), "text": filled}
            for k, label, _raw, filled in obj.current_version.section_rows()
        ]

    @staticmethod
    def resolve_figures(obj: Any) -> dict[str, Any]:
        return dict(obj.current_version.figures or {}) if obj.current_version_id else {}


# ====================================================================== transitions


class TransitionIn(Schema):
    """An action along an object's transitions table."""

    action: str = Field(description="Thao tác (theo bảng chuyển trạng thái của đối tượng).")
    note: str = Field("", max_length=5000, description="Ghi chú, lý do (bắt buộc khi trả lại báo cáo).")


# ====================================================================== Ban thanh tra nhân dân


class RecommendationOut(Schema):
    """A recommendation of the Ban TTND to the head, answered within 15 days (Luật 10/2022/QH15 Điều 63(1))."""

    id: int = Field(description="Mã kiến nghị.")
    organisation: Ref = Field(description="Đơn vị.")
    subject: str = Field(description="Trích yếu.")
    content: str = Field(description="Nội dung kiến nghị.")
    sent_on: dt.date = Field(description="Ngày gửi.")
    due_on: dt.date = Field(description="Hạn trả lời.")
    due_citation: str = Field(description="Căn cứ thời hạn.")
    status: str = Field(description="Trạng thái: da-gui, da-tra-loi, rut.")
    status_label: str = Field(description="Tên trạng thái.")
    days_left: int | None = Field(None, description="Số ngày còn lại đến hạn khi đang chờ trả lời (âm: quá hạn).")
    answer: str = Field(description="Trả lời của Hiệu trưởng.")
    answered_on: dt.date | None = Field(None, description="Ngày trả lời.")

    @staticmethod
    def resolve_organisation(obj: Any) -> dict[str, Any] | None:
        return ref(obj.organisation)

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_days_left(obj: Any) -> int | None:
        return obj.days_left() if obj.is_open else None


class AnswerIn(Schema):
    """The head's answer to a recommendation."""

    answer: str = Field(max_length=10000, description="Nội dung trả lời.")
    answered_on: dt.date | None = Field(None, description="Ngày trả lời (mặc định hôm nay).")


# ====================================================================== notifications


class NotificationOut(Schema):
    """One of my notifications."""

    id: int = Field(description="Mã thông báo.")
    subject: str = Field(description="Tiêu đề.")
    body: str = Field(description="Nội dung.")
    url: str = Field(description="Liên kết tới trang liên quan.")
    created_at: dt.datetime = Field(description="Lúc gửi.")
    read_at: dt.datetime | None = Field(None, description="Đã đọc lúc (trống: chưa đọc).")


class MarkReadIn(Schema):
    """Which notifications to mark as read."""

    ids: list[int] | None = Field(None, description="Mã các thông báo; bỏ trống để đánh dấu tất cả.")


class MarkReadOut(Schema):
    """How many notifications were marked."""

    marked: int = Field(description="Số thông báo vừa được đánh dấu đã đọc.")


# ====================================================================== emulation and dissemination


class CampaignOut(Schema):
    """An emulation campaign ("Dân vận khéo")."""

    id: int = Field(description="Mã phong trào.")
    organisation: Ref = Field(description="Đơn vị phát động.")
    title: str = Field(description="Tên phong trào.")
    year: int = Field(description="Năm.")
    kind: str = Field(description="chuyen-de hoặc thuong-xuyen.")
    registration_opens: dt.date | None = Field(None, description="Đăng ký từ ngày.")
    registration_closes: dt.date | None = Field(None, description="Đăng ký đến ngày.")
    starts_on: dt.date | None = Field(None, description="Bắt đầu.")
    ends_on: dt.date | None = Field(None, description="Kết thúc.")
    for_subordinates: bool = Field(description="Sở phát động cho các trường trực thuộc.")
    criteria: list[str] = Field(description="Tiêu chí đánh giá.")

    @staticmethod
    def resolve_organisation(obj: Any) -> dict[str, Any] | None:
        return ref(obj.organisation)

    @staticmethod
    def resolve_criteria(obj: Any) -> list[str]:
        return obj.criteria_list


class EmulationModelOut(Schema):
    """A registered "mô hình" or "điển hình"."""

    id: int = Field(description="Mã mô hình.")
    organisation: Ref = Field(description="Đơn vị.")
    campaign_id: int = Field(description="Phong trào.")
    name: str = Field(description="Tên mô hình.")
    kind: str = Field(description="mo-hinh hoặc dien-hinh.")
    status: str = Field(description="Trạng thái (dang-ky, trien-khai, da-danh-gia, cong-nhan, …).")
    status_label: str = Field(description="Tên trạng thái.")
    registered_on: dt.date = Field(description="Ngày đăng ký.")
    score: float | None = Field(None, description="Điểm trung bình các lượt đánh giá.")

    @staticmethod
    def resolve_organisation(obj: Any) -> dict[str, Any] | None:
        return ref(obj.organisation)

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_score(obj: Any) -> float | None:
        return float(obj.score) if obj.score is not None else None


class LegalDocumentOut(Schema):
    """A document to study (shared by every organisation)."""

    id: int = Field(description="Mã văn bản.")
    number: str = Field(description="Số, ký hiệu.")
    date: dt.date | None = Field(None, description="Ngày ban hành.")
    issuer: str = Field(description="Cơ quan ban hành.")
    title: str = Field(description="Trích yếu.")
    doc_type: str = Field(description="Loại văn bản.")
    sessions: int = Field(description="Số buổi quán triệt văn bản này mà người dùng được xem.")

    @staticmethod
    def resolve_sessions(obj: Any) -> int:
        return getattr(obj, "n_sessions", 0)


class StudySessionOut(Schema):
    """A study session (quán triệt) of a school."""

    id: int = Field(description="Mã buổi quán triệt.")
    organisation: Ref = Field(description="Đơn vị.")
    title: str = Field(description="Tên buổi quán triệt.")
    held_on: dt.date = Field(description="Ngày tổ chức.")
    format: str = Field(description="Hình thức.")
    expected_count: int = Field(description="Số người dự kiến.")
    present_count: int = Field(description="Số người có mặt.")
    task_id: int | None = Field(None, description="Nhiệm vụ kế hoạch liên quan.")
    documents: list[Ref] = Field(description="Các văn bản được quán triệt.")

    @staticmethod
    def resolve_organisation(obj: Any) -> dict[str, Any] | None:
        return ref(obj.organisation)

    @staticmethod
    def resolve_present_count(obj: Any) -> int:
        return getattr(obj, "n_present", 0)

    @staticmethod
    def resolve_documents(obj: Any) -> list[dict[str, Any]]:
        return [{"id": d.pk, "name": d.label} for d in obj.documents.all()]


class PetitionActionIn(Schema):
    """The fields of one workflow action, as on the petition page's form for it (without the form prefix)."""

    fields: dict[str, Any] = Field(
        default_factory=dict,
        description='Các trường của thao tác, ví dụ classify: {"kind": "to-cao", "is_complex": false}; '
        'assign/accept: {"handler": <mã cán bộ>}; reply: {"text": "…"}. Ngày theo dạng yyyy-mm-dd.',
    )


class CompileJobOut(Schema):
    """A background compile of a report: poll it until `done`."""

    id: int = Field(description="Mã lượt tổng hợp.")
    obligation_id: int = Field(description="Nghĩa vụ báo cáo.")
    status: str = Field(description="queued, running, done hoặc failed.")
    percent: int = Field(description="Tiến độ (%).")
    message: str = Field(description="Thông báo tiến độ.")
    done: bool = Field(description="Đã xong (hoàn thành hoặc lỗi).")
    report_id: int | None = Field(None, description="Báo cáo đã lập (khi hoàn thành).")

    @staticmethod
    def resolve_report_id(obj: Any) -> int | None:
        if not obj.done:
            return None
        return Report.objects.filter(obligation_id=obj.obligation_id).values_list("pk", flat=True).first()


class PetitionerIn(Schema):
    """The petitioner's identity, as written on the letter (stored encrypted; never returned by this endpoint)."""

    full_name: str = Field("", max_length=120, description="Họ tên người gửi.")
    address: str = Field("", max_length=255, description="Địa chỉ.")
    phone: str = Field("", max_length=20, description="Điện thoại.")
    email: str = Field("", max_length=254, description="Thư điện tử.")
    id_number: str = Field("", max_length=20, description="Số CCCD/giấy tờ.")


class PetitionIn(Schema):
    """A petition received by letter, e-mail, phone or transferred from another body (one content per call)."""

    organisation: int | None = Field(None, description="Trường hoặc Sở nhận đơn (mặc định: đơn vị của bạn).")
    channel: str = Field("letter", description="letter, email, phone, walk-in hoặc transferred-in.")
    transferred_from: str = Field("", max_length=255, description="Cơ quan chuyển đến (khi transferred-in).")
    received_at: dt.datetime | None = Field(None, description="Ngày giờ nhận (mặc định: bây giờ).")
    kind: str = Field("chua-ro", description="Loại đơn nếu đã rõ: khieu-nai, to-cao, kien-nghi, phan-anh, …")
    subject: str = Field("", max_length=255, description="Trích yếu (bỏ trống: lấy từ đầu nội dung).")
    content: str = Field(min_length=1, max_length=20000, description="Nội dung đơn.")
    accused_text: str = Field("", max_length=255, description="Người, việc bị khiếu nại, tố cáo.")
    accused_role: str = Field(
        "",
        description="Đơn nói về ai: hieu-truong, pho-hieu-truong, giao-vien, nha-truong, khac "
        "(tố cáo Hiệu trưởng, Phó hiệu trưởng, nhà trường chuyển ngay cấp trên).",
    )
    identity_visibility: str = Field("handler-only", description="handler-only hoặc anonymous (đơn nặc danh).")
    identity: PetitionerIn | None = Field(None, description="Danh tính người gửi (chỉ ghi, không bao giờ trả về).")
    signers_count: int = Field(1, ge=1, le=500, description="Số người ký đơn.")


class PetitionRoutedOut(Schema):
    """A petition registered but routed at once to the managing body (it is about the head, a deputy or the school):
    the registering school keeps nothing of it (Luật Tố cáo 2018 Điều 12, 47)."""

    tracking_code: str = Field(description="Mã theo dõi để đưa lại công dân.")
    handling_body: str = Field(description="Cơ quan quản lý cấp trên giải quyết đơn.")
    detail: str = Field(description="Giải thích.")
