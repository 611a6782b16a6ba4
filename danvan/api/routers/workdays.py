"""Statutory deadlines computed on an organisation's working calendar (any staff member: workdays.view)."""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime, and
# @paginate re-wraps them in a module that cannot resolve our names from strings.

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from danvan.api import access
from danvan.api.schemas import DeadlineOut
from danvan.core.params import ApiId
from danvan.core.tenancy import tenants_for
from danvan.org.models import Organisation
from danvan.workdays import services

router = Router(tags=["Lịch làm việc, thời hạn"])


class DeadlineQuery(Schema):
    """Parameters of a deadline computation."""

    kind: str = Field(description="Loại việc: khieu-nai, khieu-nai-lan-2, to-cao, kien-nghi, phan-anh, …")
    step: str = Field(description="Bước: thu-ly, giai-quyet, tra-loi, …")
    start: str = Field(alias="from", description="Ngày bắt đầu tính, yyyy-mm-dd (hoặc dd/mm/yyyy).")
    complex: bool = Field(False, description="Vụ việc phức tạp.")
    very_complex: bool = Field(False, description="Vụ việc đặc biệt phức tạp.")
    remote: bool = Field(False, description="Vùng sâu, vùng xa, đi lại khó khăn.")
    organisation: ApiId | None = Field(
        None, description="Đơn vị có lịch làm việc dùng để tính (mặc định: đơn vị của bạn)."
    )


@router.get("/deadline", response=DeadlineOut, summary="Tính thời hạn theo luật")
def deadline(request: HttpRequest, params: Query[DeadlineQuery]) -> dict[str, Any]:
    """Tính hạn cuối của một bước xử lý theo bảng thời hạn luật định và lịch làm việc của đơn vị.

    Ngày bắt đầu không tính vào thời hạn (Bộ luật Dân sự 2015 Điều 147); thời hạn tính theo ngày làm việc
    bỏ qua ngày nghỉ lễ, nghỉ bù và ngày nghỉ hằng tuần của đơn vị.
    """
    access.require_somewhere(request, "workdays.view")
    if params.organisation is not None:
        org = access.get_visible(Organisation.objects, request, "workdays.view", pk=params.organisation)
    else:
        org = next(iter(tenants_for(request.user, "workdays.view")), None)  # the caller's school (or Department)
    start = services.parse_date(params.start)
    result = services.compute_deadline(
        params.kind,
        params.step,
        start,
        complex=params.complex,
        very_complex=params.very_complex,
        remote=params.remote,
        organisation=org,
    )
    left = services.working_days_left(result.due, organisation=org)
    out = result.as_dict()
    out["start"] = out.pop("from")
    out["working_days_left"] = left
    out["organisation"] = {"id": org.pk, "name": org.name} if org is not None else None
    return out
