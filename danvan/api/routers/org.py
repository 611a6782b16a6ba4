"""Organisations the caller may see (org.view)."""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime, and
# @paginate re-wraps them in a module that cannot resolve our names from strings.

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from danvan.api import access
from danvan.api.pagination import Pagination
from danvan.api.schemas import OrganisationDetailOut, OrganisationOut
from danvan.core.params import ApiId
from danvan.org.models import Organisation

router = Router(tags=["Tổ chức"])


class OrganisationFilter(Schema):
    """Filters of the organisation list."""

    kind: str | None = None
    parent: ApiId | None = None
    q: str | None = None


def filter_organisations(qs: Any, f: OrganisationFilter) -> Any:
    """Apply the list filters: kind, direct parent, words in the name or code."""
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.parent:
        qs = qs.filter(parent_id=f.parent)
    if f.q:
        qs = qs.filter(Q(name__icontains=f.q.strip()) | Q(code__iexact=f.q.strip()))
    return qs


@router.get("", response=list[OrganisationOut], summary="Danh sách tổ chức")
@paginate(Pagination)
def organisation_list(request: HttpRequest, filters: Query[OrganisationFilter]) -> Any:
    """Liệt kê các đơn vị người dùng được xem, theo cây tổ chức.

    Lọc: `kind` (TRUONG, BO_PHAN, …), `parent` (mã đơn vị cấp trên), `q` (tên hoặc ký hiệu).
    """
    return filter_organisations(access.visible(Organisation.objects, request, "org.view"), filters).order_by("path")


@router.get("/{int:org_id}", response=OrganisationDetailOut, summary="Chi tiết tổ chức")
def organisation_detail(request: HttpRequest, org_id: int) -> Any:
    """Trả về một đơn vị, các bộ phận trực thuộc và những người đang giữ chức vụ tại đó."""
    return access.get_visible(Organisation.objects, request, "org.view", pk=org_id)
