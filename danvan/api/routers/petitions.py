"""Petitions for staff: the queue (the list page's own filter form), one petition, and its audited identity.

No answer here ever contains a field of the petitioner's identity, except GET /petitions/{id}/identity,
which goes through `identity.view_identity` (allowed users only; every look, and every refusal, is
written to the audit trail — Luật Tố cáo 2018 Điều 47, 56).
"""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime, and
# @paginate re-wraps them in a module that cannot resolve our names from strings.

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from danvan.api import access
from danvan.api.filtering import apply_filters
from danvan.api.pagination import Pagination
from danvan.api.schemas import (
    PetitionActionIn,
    PetitionDetailOut,
    PetitionIdentityOut,
    PetitionIn,
    PetitionOut,
    PetitionRoutedOut,
)
from danvan.core.errors import DomainError
from danvan.core.params import ApiId
from danvan.core.tenancy import tenants_for
from danvan.org.models import Organisation
from danvan.petitions import services
from danvan.petitions.choices import AccusedRole, Channel, IdentityVisibility, Kind, allowed_actions
from danvan.petitions.filters import queue_filter
from danvan.petitions.forms import ACTION_FORMS
from danvan.petitions.identity import view_identity
from danvan.petitions.models import Petition

router = Router(tags=["Đơn thư"])


class QueueQuery(Schema):
    """The queue's parameters (their meaning: petitions.filters.QueueFilterForm, the queue page's own)."""

    q: str | None = Field(None, description="Từ khóa (có hoặc không dấu); không tìm được theo danh tính người gửi.")
    kind: str | None = Field(None, description="Loại đơn: khieu-nai, khieu-nai-lan-2, to-cao, kien-nghi, phan-anh, …")
    stage: str = Field("open", description="Trạng thái: open (đang xử lý, mặc định), all (tất cả) hoặc một trạng thái.")
    channel: str | None = Field(None, description="Hình thức tiếp nhận.")
    handler: str | None = Field(None, description="Mã cán bộ xử lý, hoặc none (chưa giao).")
    unit: ApiId | None = Field(None, description="Mã đơn vị nhận đơn.")
    window: str | None = Field(None, description="Thời hạn: late (đã quá hạn), 3, 7 hoặc 30 (ngày tới).")


@router.get("/petitions", response=list[PetitionOut], summary="Danh sách đơn thư")
@paginate(Pagination)
def petition_list(request: HttpRequest, filters: Query[QueueQuery]) -> Any:
    """Liệt kê đơn thư người dùng được xem, gấp nhất trước (hạn gần nhất, rồi đơn mới nhận).

    Bộ lọc giống trang danh sách đơn: loại, trạng thái, hình thức, cán bộ xử lý, đơn vị, thời hạn, từ khóa.
    """

    qs = access.visible(Petition.objects, request, "petitions.view").select_related(
        "organisation", "handling_body", "handler", "identity"
    )
    return apply_filters(queue_filter(request.GET, request.user, lists=False), qs)


def _petition(request: HttpRequest, petition_id: int) -> Any:
    qs = Petition.objects.select_related("organisation", "handling_body", "handler", "identity")
    return access.get_visible(qs, request, "petitions.view", pk=petition_id)


@router.get("/petitions/{int:petition_id}", response=PetitionDetailOut, summary="Chi tiết đơn")
def petition_detail(request: HttpRequest, petition_id: int) -> Any:
    """Trả về hồ sơ một đơn: nội dung (đã che danh tính người gửi), thời hạn, diễn biến, các thao tác được làm."""
    return _petition(request, petition_id)


@router.get("/petitions/{int:petition_id}/identity", response=PetitionIdentityOut, summary="Danh tính người gửi đơn")
def petition_identity(request: HttpRequest, petition_id: int, purpose: str = "") -> dict[str, Any]:
    """Trả về danh tính người gửi đơn cho cán bộ được giao xử lý và người đứng đầu cơ quan giải quyết.

    Mỗi lần xem (và mỗi lần bị từ chối) được ghi vào nhật ký; `purpose` ghi lý do xem
    (Luật Tố cáo 2018 Điều 47, 56: giữ bí mật thông tin người tố cáo).
    """

    petition = _petition(request, petition_id)
    why = f"API: {purpose.strip()[:180]}" if purpose.strip() else "API"
    try:
        identity = view_identity(request.user, petition, purpose=why)
    except PermissionDenied as exc:
        raise PermissionDenied(str(exc) or _("Bạn không được xem danh tính người gửi đơn này.")) from None
    fields = ("full_name", "address", "phone", "email", "id_number", "co_signers")
    out: dict[str, Any] = {
        "petition_id": petition.pk,
        "exists": identity is not None,
        "has_handwriting_scan": bool(identity and identity.has_handwriting_scan),
    }
    out.update({name: (getattr(identity, name, "") or "") if identity is not None else "" for name in fields})
    return out


@router.post(
    "/petitions/{int:petition_id}/actions/{action}",
    response=PetitionDetailOut,
    summary="Thực hiện một thao tác xử lý đơn",
)
def petition_action(request: HttpRequest, petition_id: int, action: str, payload: PetitionActionIn) -> Any:
    """Thực hiện một thao tác theo bảng chuyển trạng thái (assign, classify, accept, not-accept, reply, close, …).

    Dữ liệu được kiểm tra bằng đúng biểu mẫu của trang hồ sơ đơn, rồi chuyển cho dịch vụ xử lý đơn. Thao tác
    không có trong danh sách `actions` của đơn: 403 nếu người dùng không được làm, 409 nếu trạng thái hiện tại
    không cho phép. Tệp đính kèm (biên bản đã ký, …) gửi qua giao diện web.
    """

    petition = _petition(request, petition_id)
    cls = ACTION_FORMS.get(action)
    if cls is None:
        raise DomainError(
            _("Thao tác không hợp lệ. Chọn một trong: %(valid)s.") % {"valid": ", ".join(sorted(ACTION_FORMS))}
        )
    if action not in allowed_actions(petition.state):
        services.target_state(petition, action)  # a conflict (409) when the table forbids it
    if action not in services.available_actions(petition, request.user):
        raise PermissionDenied
    prefix = cls(petition=petition).prefix
    form = cls({f"{prefix}-{name}": value for name, value in payload.fields.items()}, petition=petition)
    if not form.is_valid():
        errors = {name.removeprefix(f"{prefix}-"): [str(e) for e in errs] for name, errs in form.errors.items()}
        raise DomainError(
            _("Dữ liệu gửi lên không hợp lệ: %(fields)s.") % {"fields": ", ".join(sorted(errors))},
            code="unprocessable",
            errors=errors,
        )
    services.transition(petition, action, actor=request.user, **form.service_kwargs())  # refusals: 409
    return _petition(request, petition_id)


@router.post(
    "/petitions",
    response={201: PetitionDetailOut, 202: PetitionRoutedOut},
    summary="Vào sổ một đơn nhận qua thư, thư điện tử, điện thoại",
)
def petition_create(request: HttpRequest, payload: PetitionIn) -> Any:
    """Vào sổ một đơn (một nội dung) do cán bộ tiếp nhận, qua dịch vụ vào sổ đơn của ứng dụng đơn thư.

    Danh tính người gửi được lưu mã hóa và không bao giờ có trong câu trả lời. Cần quyền petitions.register
    tại đơn vị nhận đơn. Bản chụp đơn gốc gửi qua giao diện web.
    """

    access.require_somewhere(request, "petitions.register")
    if payload.organisation is not None:
        org = access.get_visible(Organisation.objects, request, "petitions.register", pk=payload.organisation)
    else:
        org = next(iter(tenants_for(request.user, "petitions.register")), None)
    if org is None:
        raise PermissionDenied
    access.require_on(request, "petitions.register", org)
    invalid = [
        name
        for name, value, allowed in (
            ("channel", payload.channel, [c for c in Channel.values if c != Channel.WEB]),
            ("kind", payload.kind, Kind.values),
            ("accused_role", payload.accused_role, ["", *AccusedRole.values]),
            (
                "identity_visibility",
                payload.identity_visibility,
                [IdentityVisibility.HANDLER_ONLY, IdentityVisibility.ANONYMOUS],
            ),
        )
        if value not in allowed
    ]
    if invalid:
        raise DomainError(_("Giá trị không hợp lệ: %(fields)s.") % {"fields": ", ".join(invalid)}, code="unprocessable")
    content = payload.content
    if payload.channel == Channel.TRANSFERRED_IN and payload.transferred_from.strip():
        content = f"[{_('Đơn do %(o)s chuyển đến') % {'o': payload.transferred_from.strip()}}]\n{content}"
    registered = services.register_petition(
        org,
        actor=request.user,
        subject=payload.subject,
        content=content,
        channel=payload.channel,
        kind=payload.kind,
        received_at=payload.received_at,
        identity=payload.identity.dict() if payload.identity else None,
        identity_visibility=payload.identity_visibility,
        accused_text=payload.accused_text,
        signers_count=payload.signers_count,
        accused_role=payload.accused_role,
    )
    petition = registered.petition
    if not Petition.objects.visible_to(request.user).filter(pk=petition.pk).exists():
        # About the head, a deputy or the school: it went to the managing body, the school keeps nothing of it.
        return Status(
            202,
            {
                "tracking_code": petition.tracking_code,
                "handling_body": petition.handling_body.name,
                "detail": str(_("Đơn đã được chuyển ngay cơ quan quản lý cấp trên theo thẩm quyền.")),
            },
        )
    return Status(201, _petition(request, petition.pk))
