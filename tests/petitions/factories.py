"""Build petitions in any workflow state through the real services (tests only)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from danvan.petitions import services
from danvan.petitions.choices import (
    Channel,
    ComplaintAction,
    ComplaintConclusion,
    DenunciationConclusion,
    IdentityVisibility,
    Kind,
    State,
)

IDENTITY = {
    "full_name": "Nguyễn Thị Hoa",
    "address": "12 Lạch Tray, Ngô Quyền",
    "phone": "0912 345 678",
    "email": "hoa@example.invalid",
}


def person_of(user):
    return user.person


def register(school, actor, *, kind=Kind.KHIEU_NAI, received_at=None, content=None, identity=None, **kw):
    content = (
        content
        or "Tôi là Nguyễn Thị Hoa, điện thoại 0912345678. Đề nghị xem xét lại điểm thi học kỳ của em Lê Văn Nam."
    )
    return services.register_petition(
        school,
        actor=actor,
        subject="Đề nghị phúc khảo điểm",
        content=content,
        channel=Channel.LETTER,
        kind=kind,
        received_at=received_at or timezone.now(),
        identity=identity if identity is not None else dict(IDENTITY),
        identity_visibility=kw.pop("identity_visibility", IdentityVisibility.HANDLER_ONLY),
        **kw,
    ).petition


def record_noticed_dialogue(petition, actor, *, notice_days_ago=6):
    """Send the dialogue notice `notice_days_ago` days back and hold the dialogue today (NĐ 124 Điều 28(1))."""
    today = timezone.localdate()
    services.notify_dialogue(
        petition,
        actor=actor,
        planned_on=today,
        content="Kết quả xác minh",
        notice_sent_on=today - dt.timedelta(days=notice_days_ago),
    )
    return services.record_dialogue(petition, actor=actor, held_on=today, participants="Hai bên", minutes="Trao đổi")


def advance(petition, state, *, principal, clerk=None):
    """Drive a petition to `state` through the services (principal decides and handles)."""
    clerk = clerk or principal
    path = {
        State.RECEIVED: [],
        State.CLASSIFIED: ["classify"],
        State.ACCEPTED: ["classify", "accept"],
        State.VERIFYING: ["classify", "accept", "verify"],
        State.RESOLVED: ["classify", "accept", "verify", "resolve"],
        State.DECISION_SENT: ["classify", "accept", "verify", "resolve", "send"],
        State.REPLIED: ["classify", "accept", "verify", "resolve", "send", "reply"],
        State.CLOSED: ["classify", "accept", "verify", "resolve", "send", "reply", "close"],
        State.NOT_ACCEPTED: ["classify", "not_accept"],
        State.SUSPENDED: ["classify", "accept", "verify", "suspend"],
        State.TERMINATED: ["classify", "accept", "withdraw"],
        State.TRANSFERRED: ["transfer"],
        State.GUIDED: ["guide"],
        State.FILED: ["file"],
    }[state]
    for step in path:
        if step == "classify":
            services.classify(
                petition, actor=principal, kind=petition.kind if petition.kind != Kind.CHUA_RO else Kind.KHIEU_NAI
            )
        elif step == "accept":
            services.accept(petition, actor=principal)
        elif step == "verify":
            services.start_verification(petition, actor=principal, notes="Xác minh")
        elif step == "resolve":
            if petition.kind == Kind.TO_CAO:
                services.resolve(
                    petition,
                    actor=principal,
                    summary="Kết luận",
                    denunciation_conclusion=DenunciationConclusion.DUNG_MOT_PHAN,
                )
            else:
                # No complaint decision without a recorded verification result (Luật KN Điều 29, 38).
                services.record_verification(petition, actor=principal, findings="Điểm đã chấm đúng đáp án")
                if petition.kind in (Kind.KHIEU_NAI_LAN_2, Kind.KHIEU_NAI_KY_LUAT, Kind.KHIEU_NAI_KY_LUAT_LAN_2):
                    record_noticed_dialogue(petition, principal)
                services.resolve(
                    petition,
                    actor=principal,
                    summary="Giữ nguyên điểm",
                    complaint_conclusion=ComplaintConclusion.SAI,
                    complaint_action=ComplaintAction.GIU_NGUYEN,
                )
        elif step == "suspend":
            services.suspend(
                petition, actor=principal, ground="kn-11a-1b", reason="Chờ kết quả phúc khảo của Sở Giáo dục và Đào tạo"
            )
        elif step == "withdraw":
            services.withdraw(petition, actor=principal, reason="Đơn rút toàn bộ khiếu nại")
        elif step == "send":
            services.send_decision(petition, actor=principal)
        elif step == "reply":
            services.reply(petition, actor=principal, text="Nhà trường đã trả lời.")
        elif step == "close":
            services.close(petition, actor=principal)
        elif step == "not_accept":
            services.not_accept(
                petition,
                actor=principal,
                reason="kn-11-6" if petition.kind in (Kind.KHIEU_NAI, Kind.KHIEU_NAI_LAN_2) else "tt05-dieu-kien",
            )
        elif step == "transfer":
            services.transfer(petition, actor=principal, to_name="UBND phường Lê Chân")
        elif step == "guide":
            services.guide(petition, actor=principal, guided_to="Công an phường Lê Chân")
        elif step == "file":
            services.file_petition(petition, actor=principal, reason="trung")
    petition.refresh_from_db()
    assert petition.state == state, (petition.state, state)
    return petition


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def local_dt(text: str) -> dt.datetime:
    """Return an aware datetime in Asia/Ho_Chi_Minh from "YYYY-MM-DD HH:MM"."""
    return timezone.make_aware(dt.datetime.strptime(text, "%Y-%m-%d %H:%M"))
