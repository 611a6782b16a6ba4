"""Demo receptions and petitions for THPT Nguyễn Khuyến, one in every stage of the workflow (idempotent).

Every petition is created through the real services, so the timeline, audit trail, numbered documents
and deadlines are those a school would get. Names are invented.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from danvan.core.context import acting_as
from danvan.org.models import Organisation
from danvan.petitions import services as s
from danvan.petitions.choices import (
    AccusedRole,
    Channel,
    ComplaintAction,
    ComplaintConclusion,
    IdentityVisibility,
    Kind,
    MediationOutcome,
    ReceptionOutcome,
    Satisfaction,
)
from danvan.petitions.models import Petition

SCHOOL_CODE = "THPTNK"


def _users() -> dict[str, Any]:
    names = ["hieutruong", "phohieutruong", "vanthu", "giaovien", "ttnd", "so.lanhdao", "so.canbo", "totruong"]
    return {u.username: u for u in get_user_model().objects.filter(username__in=names).select_related("person")}


def _ago(days: int, hour: int = 9) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 15)))


def _on(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def load_demo_petitions() -> None:
    """Create the demo receptions and petitions if absent (running again changes nothing)."""

    school = Organisation.objects.filter(code=SCHOOL_CODE, kind="TRUONG").first()
    users = _users()
    if school is None or not {"hieutruong", "vanthu", "phohieutruong"} <= set(users):
        return
    # The subject is encrypted at rest (no SQL lookup): read the school's first few back.
    if any(p.subject.startswith("[Mẫu]") for p in Petition.objects.filter(organisation=school).only("subject")[:50]):
        return

    with acting_as(label="Dữ liệu mẫu"), transaction.atomic():
        _load(school, users)


def _load(school: Any, u: dict[str, Any]) -> None:  # noqa: PLR0915 - one scripted story per petition

    head, deputy, clerk = u["hieutruong"], u["phohieutruong"], u["vanthu"]
    teacher = u.get("giaovien")
    board = u.get("ttnd")

    # ---- the head's next reception day, published on the school's public page (NĐ 154/2026 Điều 10(2), 11(2))
    s.plan_head_reception(
        school,
        actor=clerk,
        date=timezone.localdate() + dt.timedelta(days=14),
        start_time=dt.time(7, 30),
        end_time=dt.time(11, 0),
        place="Phòng tiếp công dân, tầng 1 nhà A",
        head=head.person,
        participants="Chủ tịch Công đoàn, Trưởng ban Thanh tra nhân dân",
        content="Tiếp phụ huynh, học sinh về các khoản thu và chế độ miễn, giảm học phí học kỳ II",
    )
    # ---- receptions (sổ tiếp công dân), one by the head on his monthly reception day (NĐ 154/2026 Điều 10(2))
    r1 = s.register_reception(
        school,
        actor=clerk,
        received_at=_ago(40, 8),
        citizen_name="Trần Văn Bình",
        citizen_address="Số 5 Lê Lợi, phường Ngô Quyền",
        citizen_phone="0983 111 222",
        content="Hỏi về các khoản thu đầu năm học và quỹ phụ huynh",
        requests="Công khai các khoản thu",
        outcome=ReceptionOutcome.PETITION,
        people_count=2,
        officer=head.person,
        by_head=True,
        result_summary="Tiếp nhận đơn kiến nghị, hẹn trả lời bằng văn bản",
    )
    s.register_reception(
        school,
        actor=clerk,
        received_at=_ago(12, 14),
        citizen_name="Phạm Thị Lan",
        citizen_address="Tổ 3, phường Lê Chân",
        content="Phản ánh tiếng ồn công trình cạnh trường (không thuộc thẩm quyền)",
        requests="Đề nghị nhà trường can thiệp",
        outcome=ReceptionOutcome.GUIDED,
        result_summary="Hướng dẫn gửi UBND phường Lê Chân",
        officer=clerk.person,
    )

    # 1. Kiến nghị about school fees — accepted, being handled (from the head's reception).
    fees = s.petition_from_reception(
        r1,
        actor=clerk,
        kind=Kind.KIEN_NGHI,
        subject="[Mẫu] Kiến nghị công khai các khoản thu đầu năm",
        content="Chúng tôi là phụ huynh lớp 10A3 đề nghị nhà trường công khai chi tiết các khoản thu, quỹ phụ huynh "
        "và khoản tự nguyện đầu năm học.",
    ).petition
    s.classify(fees, actor=deputy, kind=Kind.KIEN_NGHI)
    s.accept(fees, actor=head, accepted_on=_on(38), handler=deputy.person)

    # 2. Complaint about a grade review — verifying, dialogue held.
    grade = s.register_petition(
        school,
        actor=clerk,
        channel=Channel.LETTER,
        kind=Kind.KHIEU_NAI,
        received_at=_ago(16),
        subject="[Mẫu] Khiếu nại kết quả phúc khảo bài thi học kỳ môn Toán",
        content="Tôi là Lê Văn Cường, phụ huynh em Lê Minh Khoa lớp 11A1. Tôi không đồng ý với kết quả phúc khảo "
        "bài kiểm tra cuối học kỳ I môn Toán và đề nghị chấm lại bởi hội đồng độc lập.",
        identity={
            "full_name": "Lê Văn Cường",
            "address": "Số 18 Trần Phú, phường Ngô Quyền",
            "phone": "0904 567 890",
            "email": "cuong.phuhuynh@example.invalid",
        },
        masked_names="Lê Minh Khoa",
    ).petition
    s.classify(grade, actor=deputy, kind=Kind.KHIEU_NAI)
    s.accept(grade, actor=head, accepted_on=_on(14), handler=deputy.person)
    s.start_verification(
        grade,
        actor=deputy,
        verifiers=[p for p in [getattr(u.get("totruong"), "person", None)] if p],
        notes="Tổ Toán chấm lại bài dưới sự giám sát của Phó hiệu trưởng",
    )
    # The written notice goes out ≥ 05 days before the dialogue (NĐ 124/2020 Điều 28(1), NĐ 155/2026).
    s.notify_dialogue(
        grade,
        actor=deputy,
        planned_on=_on(3),
        notice_sent_on=_on(9),
        place="Phòng họp nhà trường",
        content="Kết quả chấm lại bài kiểm tra cuối học kỳ I môn Toán",
    )
    s.record_dialogue(
        grade,
        actor=deputy,
        held_on=_on(3),
        participants="Phó hiệu trưởng, tổ trưởng tổ Toán, ông Lê Văn Cường",
        minutes="Hai bên trao đổi về đáp án và biểu điểm; phụ huynh đề nghị chấm lại câu 4.",
    )

    # 3. Denunciation about paid extra classes — identity protected, verifying.
    extra = s.register_petition(
        school,
        actor=None,
        channel=Channel.WEB,
        kind=Kind.TO_CAO,
        received_at=_ago(20, 21),
        subject="[Mẫu] Tố cáo giáo viên tổ chức dạy thêm thu tiền trái quy định",
        content="Tôi là Hoàng Thị Mai, phụ huynh học sinh lớp 12A2. Tôi tố cáo một giáo viên tổ Toán tổ chức dạy "
        "thêm cho chính học sinh lớp mình dạy và thu 800.000 đồng mỗi tháng. Số điện thoại của tôi "
        "0912 000 111.",
        identity={"full_name": "Hoàng Thị Mai", "address": "Số 7 ngõ 12 Đà Nẵng", "phone": "0912 000 111"},
        identity_visibility=IdentityVisibility.HANDLER_ONLY,
        accused_person=getattr(teacher, "person", None),
        accused_text="Giáo viên tổ Toán",
    ).petition
    s.classify(extra, actor=deputy, kind=Kind.TO_CAO)
    s.accept(extra, actor=head, accepted_on=_on(17), handler=deputy.person)
    s.start_verification(extra, actor=deputy, notes="Xác minh danh sách lớp học thêm, làm việc với học sinh")

    # 4. Phản ánh about the canteen — just received.
    s.register_petition(
        school,
        actor=None,
        channel=Channel.WEB,
        kind=Kind.CHUA_RO,
        received_at=_ago(1, 19),
        subject="[Mẫu] Phản ánh vệ sinh căng tin",
        content="Căng tin trường bán đồ ăn không rõ nguồn gốc, khu vực rửa bát mất vệ sinh. Đề nghị nhà trường "
        "kiểm tra.",
        identity={"phone": "0977 333 444"},
        identity_visibility=IdentityVisibility.ANONYMOUS,
    )

    # 5. Transferred to the ward (not our competence).
    ward = s.register_petition(
        school,
        actor=clerk,
        channel=Channel.LETTER,
        kind=Kind.KIEN_NGHI,
        received_at=_ago(25),
        subject="[Mẫu] Kiến nghị về lấn chiếm vỉa hè trước cổng trường",
        content="Hàng quán lấn chiếm vỉa hè trước cổng trường giờ tan học gây ùn tắc, nguy hiểm cho học sinh.",
        identity={"full_name": "Vũ Đức Thắng", "address": "Số 2 Lạch Tray"},
    ).petition
    s.classify(ward, actor=deputy, kind=Kind.KIEN_NGHI)
    s.transfer(
        ward, actor=deputy, to_name="UBND phường Lê Chân", note="Quản lý trật tự đô thị thuộc thẩm quyền UBND phường"
    )

    # 6. Guided to the competent body.
    guided = s.register_petition(
        school,
        actor=clerk,
        channel=Channel.EMAIL,
        kind=Kind.KHIEU_NAI,
        received_at=_ago(30),
        subject="[Mẫu] Khiếu nại quyết định xử phạt vi phạm giao thông của con",
        content="Tôi khiếu nại quyết định xử phạt xe máy của con tôi do Công an phường ban hành.",
        identity={"full_name": "Đinh Văn Hải", "email": "hai.dinh@example.invalid"},
    ).petition
    s.guide(guided, actor=deputy, guided_to="Trưởng Công an phường Lê Chân (người ra quyết định xử phạt)")

    # 7. Mediated with Ban TTND members, replied, closed.
    mediated = s.register_petition(
        school,
        actor=clerk,
        channel=Channel.WALK_IN,
        kind=Kind.KIEN_NGHI,
        received_at=_ago(45),
        subject="[Mẫu] Kiến nghị về phân công trực nhật, lao động của học sinh",
        content="Phụ huynh lớp 10A5 kiến nghị giảm giờ lao động vệ sinh khuôn viên của học sinh.",
        identity={"full_name": "Nguyễn Thị Thu", "phone": "0936 222 555"},
    ).petition
    s.classify(mediated, actor=deputy, kind=Kind.KIEN_NGHI)
    s.accept(mediated, actor=head, accepted_on=_on(44), handler=deputy.person)
    # The school's mediation group: the Ban TTND's member with the deputy and the clerk (Luật HGCS 2013 Điều 12, by
    # analogy): at least three of the school's staff.
    members = [
        p
        for p in (
            board.person if board else None,
            deputy.person,
            clerk.person,
            teacher.person if teacher else None,
            head.person,
        )
        if p is not None
    ][:4]
    group = s.save_mediation_group(
        school,
        actor=head,
        name="Tổ hòa giải (Ban thanh tra nhân dân)",
        members=members,
        leader=members[0],
        formed_on=_on(200),
        decision="QĐ số 12/QĐ-THPTNK",
    )
    s.record_mediation(
        mediated,
        actor=deputy,
        held_on=_on(40),
        outcome=MediationOutcome.THANH,
        group=group,
        participants="Phó hiệu trưởng, GVCN lớp 10A5, đại diện Ban TTND, phụ huynh",
        minutes="Hai bên trình bày ý kiến; Ban TTND giải thích quy định về lao động của học sinh.",
        parties="Phụ huynh lớp 10A5; giáo viên chủ nhiệm lớp 10A5",
        agreement="Thống nhất lịch lao động 1 buổi/tháng, có giáo viên giám sát.",
        board_members=[board.person] if board else [],
    )
    s.reply(
        mediated,
        actor=deputy,
        replied_at=_ago(39),
        text="Nhà trường đã thống nhất với phụ huynh lịch lao động 1 buổi/tháng có giáo viên giám sát.",
    )
    s.close(mediated, actor=deputy)
    s.record_satisfaction(mediated, actor=None, satisfaction=Satisfaction.SATISFIED, note="Cảm ơn nhà trường.")
    s.record_mediation_case(
        school,
        actor=deputy,
        held_on=_on(10),
        outcome=MediationOutcome.KHONG_THANH,
        group=group,
        subject="[Mẫu] Hai phụ huynh lớp 11A2 lời qua tiếng lại tại cổng trường về việc xô xát của hai học sinh",
        parties="Phụ huynh em A (lớp 11A2); phụ huynh em B (lớp 11A2)",
        place="Phòng họp nhà A",
        minutes="Hai bên chưa thống nhất mức hỗ trợ chi phí khám cho học sinh bị thương.",
    )

    # 8. Complaint resolved, decision sent, replied, closed.
    resolved = s.register_petition(
        school,
        actor=clerk,
        channel=Channel.LETTER,
        kind=Kind.KHIEU_NAI,
        received_at=_ago(70),
        subject="[Mẫu] Khiếu nại việc hạ hạnh kiểm học kỳ I",
        content="Tôi khiếu nại việc nhà trường xếp loại hạnh kiểm Khá cho con tôi là em Đỗ Ngọc Anh lớp 11A4.",
        identity={"full_name": "Đỗ Văn Nam", "address": "Số 30 Văn Cao"},
        masked_names="Đỗ Ngọc Anh",
    ).petition
    s.classify(resolved, actor=deputy, kind=Kind.KHIEU_NAI)
    s.accept(resolved, actor=head, accepted_on=_on(66), handler=deputy.person)
    s.start_verification(resolved, actor=deputy, notes="Kiểm tra sổ theo dõi nề nếp, biên bản họp lớp")
    s.record_verification(resolved, actor=deputy, findings="Xếp loại đúng quy chế đánh giá", finished_on=_on(50))
    s.resolve(
        resolved,
        actor=head,
        resolved_on=_on(45),
        complaint_conclusion=ComplaintConclusion.SAI,
        complaint_action=ComplaintAction.GIU_NGUYEN,
        summary="Việc xếp loại hạnh kiểm đúng quy chế; giữ nguyên kết quả xếp loại.",
    )
    s.send_decision(resolved, actor=deputy, sent_on=_on(44))
    s.reply(
        resolved,
        actor=deputy,
        replied_at=_ago(44),
        text="Nhà trường đã ban hành quyết định giải quyết khiếu nại lần đầu và gửi ông. Ông có quyền khiếu nại "
        "lần hai đến Giám đốc Sở GD&ĐT trong 30 ngày.",
    )
    s.close(resolved, actor=deputy)

    # 9. Overdue: a feedback classified long ago, never answered.
    overdue = s.register_petition(
        school,
        actor=clerk,
        channel=Channel.PHONE,
        kind=Kind.PHAN_ANH,
        received_at=_ago(35),
        subject="[Mẫu] Phản ánh đèn chiếu sáng sân trường hỏng",
        content="Đèn chiếu sáng khu để xe hỏng nhiều tuần, học sinh tan học buổi tối không an toàn.",
        identity={"full_name": "Bùi Thị Hạnh", "phone": "0915 888 999"},
    ).petition
    s.classify(overdue, actor=deputy, kind=Kind.PHAN_ANH)
    s.assign(overdue, deputy.person, actor=head)

    # 10. Second-time complaint escalated to the Department (NĐ 124/2020 Điều 14).
    first = s.register_petition(
        school,
        actor=clerk,
        channel=Channel.LETTER,
        kind=Kind.KHIEU_NAI,
        received_at=_ago(60),
        subject="[Mẫu] Khiếu nại việc không xét tuyển vào lớp chuyên đề",
        content="Tôi khiếu nại việc nhà trường không xét cho con tôi vào lớp học chuyên đề nâng cao.",
        identity={"full_name": "Trịnh Văn Quang", "phone": "0945 666 777"},
    ).petition
    s.classify(first, actor=deputy, kind=Kind.KHIEU_NAI)
    s.accept(first, actor=head, accepted_on=_on(58), handler=deputy.person)
    s.start_verification(first, actor=deputy)
    s.record_verification(
        first, actor=deputy, findings="Tiêu chí xét tuyển chưa được công khai đầy đủ", finished_on=_on(40)
    )
    s.resolve(
        first,
        actor=head,
        resolved_on=_on(35),
        complaint_conclusion=ComplaintConclusion.DUNG_MOT_PHAN,
        complaint_action=ComplaintAction.SUA_DOI,
        summary="Bổ sung tiêu chí xét tuyển công khai.",
    )
    s.send_decision(first, actor=deputy, sent_on=_on(34), received_on=_on(32))
    s.escalate(
        first,
        actor=None,
        received_at=_ago(20),
        content="Tôi không đồng ý với quyết định giải quyết lần đầu và đề nghị Giám đốc Sở giải quyết.",
    )

    # 11. A parent denounces the principal on the public form (naming him, ticking "Hiệu trưởng"): it goes to the
    # Sở at once; the school — the principal first — never sees it nor the parent (Luật Tố cáo 2018 Điều 12, 13(3)).
    s.register_petition(
        school,
        actor=None,
        channel=Channel.WEB,
        kind=Kind.TO_CAO,
        received_at=_ago(3, 20),
        subject="[Mẫu] Tố cáo việc thu quỹ ngoài quy định",
        content="Tôi tố cáo Hiệu trưởng Phạm Huy Hung chỉ đạo thu quỹ khuyến học 500.000 đồng mỗi học sinh, "
        "không họp phụ huynh, không công khai chi.",
        identity={"full_name": "Đinh Thị Thu", "phone": "0936 222 888"},
        accused_role=AccusedRole.HEAD,
        identity_visibility=IdentityVisibility.HANDLER_ONLY,
    )
