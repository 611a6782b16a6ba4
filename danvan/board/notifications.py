"""Tell the head about a new recommendation of the board and the board about the head's answer; tell the handler
of a staff concern that one arrived, and its sender that it was answered (never naming the sender)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse

from danvan.board.choices import Addressee
from danvan.notify.services import notify
from danvan.org.models import Membership

HEAD_POSITIONS = ("HIEU_TRUONG",)
BOARD_POSITIONS = ("TRUONG_BAN_TTND", "THANH_VIEN_TTND")
BOARD_HEAD_POSITIONS = ("TRUONG_BAN_TTND",)


def users_with(organisation: Any, positions: tuple[str, ...]) -> list[Any]:
    """Return the active users holding one of the positions in the school (or one of its units)."""
    memberships = (
        Membership.objects.active()
        .filter(
            Q(organisation=organisation) | Q(organisation__tenant=organisation),
            position__in=positions,
            person__user__isnull=False,
        )
        .select_related("person__user")
    )
    return [m.person.user for m in memberships]


def recommendation_sent(rec: Any) -> None:
    """Notify the head that the board sent a recommendation, with the answer date (Điều 63(1))."""
    notify(
        users_with(rec.organisation, HEAD_POSITIONS),
        f"Ban TTND kiến nghị: {rec.subject}",
        f"Ban thanh tra nhân dân gửi kiến nghị ngày {rec.sent_on:%d/%m/%Y}. Hạn trả lời: {rec.due_on:%d/%m/%Y} "
        f"(15 ngày, Điều 63 Luật 10/2022/QH15).",
        url=reverse("board:recommendation_detail", args=[rec.pk]),
        organisation=rec.organisation,
    )


def recommendation_answered(rec: Any) -> None:
    """Notify the board that the head answered."""
    notify(
        users_with(rec.organisation, BOARD_POSITIONS),
        f"Hiệu trưởng đã trả lời kiến nghị: {rec.subject}",
        f"Trả lời ngày {rec.answered_on:%d/%m/%Y}.",
        url=reverse("board:recommendation_detail", args=[rec.pk]),
        organisation=rec.organisation,
    )


def concern_sent(fb: Any) -> None:
    """Tell the handler (the head, or the board head) that a staff concern waits, with its answer date.

    The sender is not named: a confidential sender is known only on the concern's page to the handler, and a
    mail in an inbox is not the place for a name either way.
    """
    positions = HEAD_POSITIONS if fb.addressee == Addressee.HEAD else BOARD_HEAD_POSITIONS
    due = f" Hạn trả lời: {fb.due_on:%d/%m/%Y}." if fb.due_on else ""
    notify(
        users_with(fb.organisation, positions),
        f"Kiến nghị, phản ánh của cán bộ, giáo viên: {fb.subject or fb}",
        f"Nhận ngày {fb.received_on:%d/%m/%Y}.{due}",
        url=reverse("board:feedback_detail", args=[fb.pk]),
        organisation=fb.organisation,
    )


def concern_answered(fb: Any) -> None:
    """Tell the staff member who sent the concern that it was answered."""
    user = fb.submitted_by or getattr(fb.person, "user", None)
    notify(
        [user],
        f"Kiến nghị của bạn đã được trả lời: {fb.subject or fb}",
        f"Trả lời ngày {fb.result_sent_on:%d/%m/%Y}. Xem trong mục “Kiến nghị của tôi”.",
        url=reverse("board:my_concern_detail", args=[fb.pk]),
        organisation=fb.organisation,
    )
