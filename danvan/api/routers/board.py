"""Recommendations of the Ban thanh tra nhân dân to the head, and the head's answer (the board app's services)."""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime, and
# @paginate re-wraps them in a module that cannot resolve our names from strings.

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from danvan.api import access
from danvan.api.filtering import apply_filters
from danvan.api.pagination import Pagination
from danvan.api.schemas import AnswerIn, RecommendationOut
from danvan.board import permissions, services
from danvan.board.filters import RecommendationFilter
from danvan.board.models import BoardRecommendation
from danvan.core.params import ApiId

router = Router(tags=["Ban thanh tra nhân dân"])

VIEW, ANSWER = permissions.VIEW, "petitions.decide"  # the same names as the board's pages


class RecommendationQuery(Schema):
    """The recommendation list's parameters (their meaning: board.filters.RecommendationFilter, the page's own)."""

    status: str | None = Field(None, description="da-gui (chờ trả lời), da-tra-loi hoặc rut.")
    organisation: ApiId | None = Field(None, description="Mã đơn vị.")


@router.get("/board/recommendations", response=list[RecommendationOut], summary="Kiến nghị của Ban TTND")
@paginate(Pagination)
def recommendation_list(request: HttpRequest, filters: Query[RecommendationQuery]) -> Any:
    """Liệt kê kiến nghị của Ban thanh tra nhân dân gửi Hiệu trưởng, mới nhất trước, kèm số ngày còn lại."""
    qs = access.visible(BoardRecommendation.objects, request, VIEW).select_related("organisation")
    return apply_filters(RecommendationFilter(request.GET), qs).order_by("-sent_on", "-id")


@router.get("/board/recommendations/{int:rec_id}", response=RecommendationOut, summary="Chi tiết kiến nghị")
def recommendation_detail(request: HttpRequest, rec_id: int) -> Any:
    """Trả về một kiến nghị của Ban TTND, thời hạn và trả lời."""
    return access.get_visible(BoardRecommendation.objects.select_related("organisation"), request, VIEW, pk=rec_id)


@router.post("/board/recommendations/{int:rec_id}/answer", response=RecommendationOut, summary="Trả lời kiến nghị")
def recommendation_answer(request: HttpRequest, rec_id: int, payload: AnswerIn) -> Any:
    """Ghi trả lời của Hiệu trưởng cho kiến nghị của Ban TTND (Luật 10/2022/QH15 Điều 63 khoản 1: trong 15 ngày)."""
    rec = access.get_visible(BoardRecommendation.objects.select_related("organisation"), request, VIEW, pk=rec_id)
    access.require_on(request, ANSWER, rec.organisation)
    return services.answer_recommendation(
        rec, actor=request.user, answer=payload.answer, answered_on=payload.answered_on
    )
