"""The one endpoint open to anyone: a citizen's own petition, proved by its secret link token."""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime.

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from danvan.api.schemas import PublicPetitionOut
from danvan.core.errors import DomainError
from danvan.lib import tracking
from danvan.petitions import antispam
from danvan.petitions.models import Petition
from danvan.petitions.public_views import public_context

router = Router(tags=["Công khai"], auth=None)


class TokenQuery(Schema):
    """The secret token from the link given when the petition was sent."""

    token: str = Field(description="Mã bí mật trong đường liên kết riêng được cấp khi gửi đơn.")


@router.post(
    "/petitions/{code}",
    response=PublicPetitionOut,
    summary="Tra cứu đơn bằng liên kết riêng (mã bí mật gửi trong thân)",
)
def public_petition_post(request: HttpRequest, code: str, body: TokenQuery) -> dict[str, Any]:
    """Như bản GET, nhưng mã bí mật đi trong thân yêu cầu (JSON `{"token": …}`), không nằm trong địa chỉ: địa chỉ
    được ghi vào nhật ký truy cập của máy chủ và các máy trung gian. Nên dùng bản này.
    """
    return _public_petition(request, code, body.token)


@router.get("/petitions/{code}", response=PublicPetitionOut, summary="Tra cứu đơn bằng liên kết riêng")
def public_petition(request: HttpRequest, code: str, params: Query[TokenQuery]) -> dict[str, Any]:
    """Trả về loại đơn, các mốc thời gian, tình trạng và nội dung trả lời đã công bố — không gì khác.

    Không cần đăng nhập; mã theo dõi và mã bí mật phải khớp (sai thì trả 404). Số lần tra cứu từ một địa chỉ
    bị giới hạn (429) như trang tra cứu đơn. Giữ lại cho các ứng dụng cũ; mã bí mật trong `?token=` được che
    trong nhật ký của danvan, nhưng nên dùng bản POST.
    """
    return _public_petition(request, code, params.token)


def _public_petition(request: HttpRequest, code: str, token: str) -> dict[str, Any]:
    try:
        antispam.check_lookup_rate(request)
    except antispam.Rejected as exc:
        raise DomainError(exc.message, code="rate-limited") from None
    code = tracking.normalise_code(code)
    if not tracking.is_valid(code):
        raise Http404
    petition = Petition._base_manager.select_related("organisation").filter(tracking_code=code).first()
    if petition is None or not tracking.check_secret(token, petition.secret_hash):
        raise Http404
    ctx = public_context(petition)
    return {
        "code": ctx["code"],
        "kind": str(ctx["kind"]),
        "received_at": ctx["received_at"],
        "stage": str(ctx["stage"]),
        "due_on": ctx["due_on"],
        "reply": ctx["reply"] or "",
        "replied_at": ctx["replied_at"],
    }
