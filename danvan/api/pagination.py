"""Limit/offset pagination for every list endpoint, with a hard maximum and the total count."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 25
MAX_LIMIT = 100
# An offset beyond this is no page of any real list; the database refuses offsets past a 64-bit integer.
MAX_OFFSET = 1_000_000_000


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=`; a limit above 100 is cut to 100; the answer carries `count` (all matching rows)."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, description="Số bản ghi mỗi trang (mặc định 25, tối đa 100).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Số bản ghi bỏ qua từ đầu danh sách.")

    class Output(Schema):
        items: list[Any] = Field(description="Các bản ghi của trang này.")
        count: int = Field(description="Tổng số bản ghi thỏa điều kiện lọc.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(self, queryset: QuerySet | list, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        limit = min(pagination.limit, self.max_limit)
        offset = pagination.offset
        count = len(queryset) if isinstance(queryset, list) else queryset.count()
        return {"items": queryset[offset : offset + limit], "count": count}
