"""Demo data of the People's Inspection Board at THPT Nguyễn Khuyến (idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from danvan.board import services
from danvan.board.choices import Addressee, BoardRole, Channel, PeriodKind, ProgrammeAction
from danvan.board.models import BoardProgramme, BoardRecommendation, BoardTerm, StaffFeedback
from danvan.org.choices import Position
from danvan.org.models import Membership, Organisation, Person

SCHOOL_CODE = "THPTNK"
HEAD_NAME = "Ngô Thị Thanh Tra"
# Extra demo staff (no login) who sit on the board beside the head.
EXTRA_STAFF = [
    ("Trần Văn Minh", BoardRole.DEPUTY),
    ("Nguyễn Thị Lan", BoardRole.MEMBER),
    ("Lê Văn Hải", BoardRole.MEMBER),
    ("Phạm Thị Hoa", BoardRole.MEMBER),
]


def _school() -> Any:
    return Organisation.objects.filter(code=SCHOOL_CODE, parent__code="SGDĐT").first()


def demo_person(school: Any, name: str) -> Any:
    """Return the school's person with this name, creating a teacher without a login if absent."""
    person = Person.objects.filter(organisation=school, full_name=name).first()
    if person is None:
        person = Person.objects.create(organisation=school, full_name=name)
        unit = Organisation.objects.filter(parent=school, code="TOCM").first() or school
        Membership.objects.create(person=person, organisation=unit, position=Position.GIAO_VIEN, title="Giáo viên")
    return person


@transaction.atomic
def load() -> None:
    """Create a board term with 5 members, a programme, two staff feedback items and one open recommendation."""
    school = _school()
    if school is None:
        return
    today = timezone.localdate()
    head = demo_person(school, HEAD_NAME)
    members = [(head, BoardRole.HEAD)] + [(demo_person(school, n), role) for n, role in EXTRA_STAFF]
    if not BoardTerm.objects.filter(organisation=school).exists():
        elected = today - dt.timedelta(days=90)
        term = services.create_term(
            school,
            actor=None,
            elected_on=elected,
            members=members,
            conference="Hội nghị cán bộ, viên chức, người lao động",
        )
        services.recognise_term(term, actor=None, recognised_on=term.recognition_due, decision="05/QĐ-CĐ")
    if not BoardProgramme.objects.filter(organisation=school).exists():
        quarter = (today.month - 1) // 3 + 1
        programme = services.create_programme(
            school,
            actor=None,
            period=PeriodKind.QUARTER,
            year=today.year,
            number=quarter,
            title=f"Chương trình công tác Ban TTND quý {quarter}/{today.year}",
            items=[
                "Giám sát việc thực hiện nghị quyết Hội nghị cán bộ, viên chức, người lao động",
                "Giám sát việc công khai tài chính, thu chi các khoản thu đầu năm học",
                "Tiếp nhận, xác minh kiến nghị, phản ánh của cán bộ, viên chức, người lao động",
                "Báo cáo kết quả hoạt động với Ban Chấp hành Công đoàn",
            ],
        )
        services.transition_programme(programme, ProgrammeAction.ADOPT, actor=None)
    if not StaffFeedback.objects.filter(organisation=school).exists():
        fb1 = services.receive_feedback(
            school,
            actor=None,
            person=demo_person(school, "Nguyễn Thị Lan"),
            content="Đề nghị công khai bảng chấm công làm thêm giờ của tổ Văn – Sử – Địa học kỳ I.",
            received_on=today - dt.timedelta(days=20),
            channel=Channel.BOX,
        )
        services.start_verification(fb1, actor=None)
        fb2 = services.receive_feedback(
            school,
            actor=None,
            person=demo_person(school, "Lê Văn Hải"),
            content="Phản ánh việc phân công coi kiểm tra giữa kỳ chưa đều giữa các tổ chuyên môn.",
            received_on=today - dt.timedelta(days=30),
            channel=Channel.DIRECT,
        )
        services.send_feedback_result(
            fb2,
            actor=None,
            sent_on=today - dt.timedelta(days=10),
            result="Đã đối chiếu lịch coi kiểm tra; Ban giám hiệu điều chỉnh phân công "
            "từ tuần 12, đã thông báo tới người phản ánh.",
        )
        if not BoardRecommendation.objects.filter(organisation=school).exists():
            services.send_recommendation(
                school,
                actor=None,
                subject="Kiến nghị công khai bảng chấm công làm thêm giờ",
                content="Qua tiếp nhận phản ánh qua hộp thư góp ý, Ban TTND kiến nghị Hiệu trưởng chỉ đạo công khai "
                "bảng chấm công làm thêm giờ học kỳ I tại phòng hội đồng.",
                sent_on=today - dt.timedelta(days=5),
                feedback=fb1,
            )
    load_concerns()


def load_concerns() -> None:
    """Add two concerns sent on danvan: the tổ trưởng's to the principal (open), a teacher's to the board (answered)."""
    school = _school()
    teacher = get_user_model().objects.filter(username="giaovien", person__organisation=school).first()
    if (
        school is None
        or teacher is None
        or StaffFeedback.objects.filter(organisation=school, channel=Channel.ONLINE).exists()
    ):
        return
    group_head = get_user_model().objects.filter(username="totruong", person__organisation=school).first()
    with transaction.atomic():
        services.send_concern(
            school,
            actor=group_head or teacher,
            addressee=Addressee.HEAD,
            subject="Đề nghị bố trí phòng học bộ môn cho tổ Toán",
            content="Tổ Toán đề nghị nhà trường bố trí một phòng học bộ môn có máy chiếu cho các "
            "tiết dạy chuyên đề học kỳ II.",
        )
        answered = services.send_concern(
            school,
            actor=teacher,
            addressee=Addressee.BOARD,
            confidential=True,
            subject="Phản ánh việc thu quỹ lớp chưa công khai",
            content="Một số lớp thu quỹ lớp nhưng chưa công khai khoản chi tới cha mẹ học sinh.",
        )
        services.send_feedback_result(
            answered,
            actor=None,
            sent_on=timezone.localdate(),
            result="Ban TTND đã kiểm tra; giáo viên chủ nhiệm các lớp đã công khai thu chi "
            "quỹ lớp tại buổi họp cha mẹ học sinh.",
        )
