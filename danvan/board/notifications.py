"""Tell the head about a new recommendation of the board and the board about the head's answer."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse

HEAD_POSITIONS = ("HIEU_TRUONG",)
BOARD_POSITIONS = ("TRUONG_BAN_TTND", "THANH_VIEN_TTND")


def users_with(organisation: Any, positions: tuple[str, ...]) -> list[Any]:
    """Return the active users holding one of the positions in the school (or one of its units)."""
    from danvan.org.models import Membership

    memberships = (Membership.objects.active()
                   .filter(Q(organisation=organisation) | Q(organisation__tenant=organisation),
                           position__in=positions, person__user__isnull=False)
                   .select_related("person__user"))
    return [m.person.user for m in memberships]


def recommendation_sent(rec: Any) -> None:
    """Notify the head that the board sent a recommendation, with the answer date (Điều 63(1))."""
    from danvan.notify.services import notify

    notify(users_with(rec.organisation, HEAD_POSITIONS),
           f"Ban TTND kiến nghị: {rec.subject}",
           f"Ban thanh tra nhân dân gửi kiến nghị ngày {rec.sent_on:%d/%m/%Y}. Hạn trả lời: {rec.due_on:%d/%m/%Y} "
           f"(15 ngày, Điều 63 Luật 10/2022/QH15).",
           url=reverse("board:recommendation_detail", args=[rec.pk]), organisation=rec.organisation)


def recommendation_answered(rec: Any) -> None:
    """Notify the board that the head answered."""
    from danvan.notify.services import notify

    notify(users_with(rec.organisation, BOARD_POSITIONS),
           f"Hiệu trưởng đã trả lời kiến nghị: {rec.subject}",
           f"Trả lời ngày {rec.answered_on:%d/%m/%Y}.",
           url=reverse("board:recommendation_detail", args=[rec.pk]), organisation=rec.organisation)
