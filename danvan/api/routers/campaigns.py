"""Emulation campaigns and their registered models; documents to study and study sessions (read only)."""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime, and
# @paginate re-wraps them in a module that cannot resolve our names from strings.

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from danvan.api import access
from danvan.api.filtering import apply_filters
from danvan.api.pagination import Pagination
from danvan.api.schemas import CampaignOut, EmulationModelOut, LegalDocumentOut, StudySessionOut
from danvan.core.params import ApiId, ApiYear
from danvan.dissemination import permissions as dissemination_permissions
from danvan.dissemination.filters import DocumentFilter
from danvan.dissemination.models import LegalDocument, StudySession
from danvan.emulation import permissions as emulation_permissions
from danvan.emulation.choices import ModelStatus
from danvan.emulation.models import Campaign, EmulationModel

router = Router()

EMULATION_VIEW, STUDY_VIEW = emulation_permissions.VIEW, dissemination_permissions.VIEW  # as those apps' pages


class CampaignFilter(Schema):
    """Filters of the campaign list."""

    year: ApiYear | None = Field(None, description="Năm.")


@router.get("/emulation/campaigns", response=list[CampaignOut], summary="Phong trào thi đua", tags=["Thi đua"])
@paginate(Pagination)
def campaign_list(request: HttpRequest, filters: Query[CampaignFilter]) -> Any:
    """Liệt kê phong trào của đơn vị và phong trào cấp trên phát động cho các đơn vị trực thuộc."""
    access.require_somewhere(request, EMULATION_VIEW)
    qs = Campaign.objects.available_to(request.user).select_related("organisation")
    if filters.year:
        qs = qs.filter(year=filters.year)
    return qs.order_by("-year", "title", "id")


class ModelFilter(Schema):
    """Filters of the model list."""

    campaign: ApiId | None = Field(None, description="Mã phong trào.")
    status: str | None = Field(None, description="Trạng thái.")


@router.get("/emulation/models", response=list[EmulationModelOut], summary="Mô hình Dân vận khéo", tags=["Thi đua"])
@paginate(Pagination)
def model_list(request: HttpRequest, filters: Query[ModelFilter]) -> Any:
    """Liệt kê mô hình, điển hình đã đăng ký mà người dùng được xem."""
    qs = access.visible(EmulationModel.objects, request, EMULATION_VIEW).select_related("organisation")
    if filters.campaign:
        qs = qs.filter(campaign_id=filters.campaign)
    if filters.status in ModelStatus.values:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-registered_on", "name", "id")


class DocumentQuery(Schema):
    """The document list's parameter (its meaning: dissemination.filters.DocumentFilter, the page's own)."""

    q: str | None = Field(None, description="Số, ký hiệu hoặc từ trong trích yếu (có hoặc không dấu).")


@router.get(
    "/dissemination/documents", response=list[LegalDocumentOut], summary="Văn bản quán triệt", tags=["Quán triệt"]
)
@paginate(Pagination)
def document_list(request: HttpRequest, filters: Query[DocumentQuery]) -> Any:
    """Liệt kê văn bản cần quán triệt (dùng chung), kèm số buổi quán triệt người dùng được xem."""
    visible = access.visible(StudySession.objects, request, STUDY_VIEW).values("pk")
    docs = LegalDocument.objects.annotate(n_sessions=Count("sessions", filter=Q(sessions__in=visible), distinct=True))
    return apply_filters(DocumentFilter(request.GET), docs).order_by("-date", "number", "id")


class SessionFilter(Schema):
    """Filters of the study session list."""

    document: ApiId | None = Field(None, description="Mã văn bản.")
    task: ApiId | None = Field(None, description="Mã nhiệm vụ kế hoạch.")


@router.get("/dissemination/sessions", response=list[StudySessionOut], summary="Buổi quán triệt", tags=["Quán triệt"])
@paginate(Pagination)
def session_list(request: HttpRequest, filters: Query[SessionFilter]) -> Any:
    """Liệt kê buổi quán triệt của các đơn vị người dùng được xem, mới nhất trước, kèm số người có mặt."""
    qs = (
        access.visible(StudySession.objects, request, STUDY_VIEW)
        .select_related("organisation")
        .prefetch_related("documents")
        .annotate(n_present=Count("attendance", filter=Q(attendance__present=True)))
    )
    if filters.document:
        qs = qs.filter(documents__id=filters.document)
    if filters.task:
        qs = qs.filter(task_id=filters.task)
    return qs.order_by("-held_on", "-id")
