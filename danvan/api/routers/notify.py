"""My own notifications (nobody reads another person's)."""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime, and
# @paginate re-wraps them in a module that cannot resolve our names from strings.

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from danvan.api.pagination import Pagination
from danvan.api.schemas import MarkReadIn, MarkReadOut, NotificationOut
from danvan.notify.models import Notification
from danvan.notify.services import mark_read

router = Router(tags=["Thông báo"])


class NotificationFilter(Schema):
    """Filters of my notifications."""

    unread: bool = Field(False, description="Chỉ thông báo chưa đọc.")


@router.get("/notifications", response=list[NotificationOut], summary="Thông báo của tôi")
@paginate(Pagination)
def notification_list(request: HttpRequest, filters: Query[NotificationFilter]) -> Any:
    """Liệt kê thông báo gửi cho người dùng, mới nhất trước."""
    qs = Notification.objects.for_user(request.user)
    if filters.unread:
        qs = qs.unread()
    return qs.order_by("-created_at", "-id")


@router.post("/notifications/read", response=MarkReadOut, summary="Đánh dấu đã đọc")
def notification_mark_read(request: HttpRequest, payload: MarkReadIn) -> dict[str, int]:
    """Đánh dấu đã đọc các thông báo đã chọn (hoặc tất cả) của chính người dùng."""
    return {"marked": mark_read(request.user, payload.ids)}
