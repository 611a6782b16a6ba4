"""Demo study sessions at THPT Nguyễn Khuyến for 23-QĐ/TW and 446-QĐ/TU (idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from danvan.dissemination import services
from danvan.dissemination.choices import SessionFormat
from danvan.dissemination.models import StudySession
from danvan.org.models import Organisation
from danvan.org.services import staff_of
from danvan.plans.models import Task

# The documents the 2023 plan of THPT Nguyễn Khuyến asks to study (task 2).
REFS = [
    {
        "number": "23-QĐ/TW",
        "date": "2021-07-30",
        "issuer": "Bộ Chính trị",
        "title": "Quy chế công tác dân vận của hệ thống chính trị",
    },
    {
        "number": "446-QĐ/TU",
        "date": "2021-11-26",
        "issuer": "Ban Thường vụ Thành ủy Hải Phòng",
        "title": "Quy chế công tác dân vận của hệ thống chính trị tại thành phố Hải Phòng",
    },
    {
        "number": "26/CT-UBND",
        "date": "2021-12-31",
        "issuer": "UBND thành phố Hải Phòng",
        "title": "Tiếp tục tăng cường và đổi mới công tác dân vận của cơ quan hành chính nhà nước, chính quyền "
        "các cấp trong tình hình mới trên địa bàn thành phố",
    },
    {
        "number": "07-CT/TU",
        "date": "2021-09-08",
        "issuer": "Ban Thường vụ Thành ủy Hải Phòng",
        "title": "Về đẩy mạnh thực hiện công tác dân vận trong phòng, ngừa và xử lý “điểm nóng”, vụ việc phức tạp "
        "trên địa bàn thành phố",
    },
    {
        "number": "15-CT/TU",
        "date": "2022-11-21",
        "issuer": "Ban Thường vụ Thành ủy Hải Phòng",
        "title": "Về đẩy mạnh thực hiện dân chủ theo phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, "
        "dân giám sát, dân thụ hưởng”",
    },
]


def _school() -> Any:
    return Organisation.objects.filter(code="THPTNK", parent__code="SGDĐT").first()


def _task(school: Any) -> Any:
    """Return the plan task "Quán triệt, triển khai…" of the school, when the plans demo created it."""
    return Task.objects.filter(organisation=school, content__istartswith="Quán triệt").order_by("id").first()


@transaction.atomic
def load() -> None:
    """Create the shared documents and two sessions with attendance."""
    school = _school()
    if school is None:
        return
    docs = {d.number: d for d in services.ensure_legal_documents(REFS)}
    if StudySession.objects.filter(organisation=school).exists():
        return
    bgh = Organisation.objects.filter(parent=school, code="BGH").first()
    union = Organisation.objects.filter(parent=school, code="CD").first()
    staff = list(staff_of(school).values_list("id", flat=True))
    task = _task(school)
    s1 = services.create_session(
        school,
        actor=None,
        title="Hội nghị quán triệt Quy chế công tác dân vận",
        held_on=dt.date(2023, 2, 20),
        documents=[docs["23-QĐ/TW"], docs["446-QĐ/TU"]],
        format=SessionFormat.CONFERENCE,
        organiser_unit=bgh,
        task=task,
        notes="Lồng ghép trong sinh hoạt chuyên môn toàn trường.",
    )
    services.record_attendance(s1, actor=None, present=staff[:-2])
    s2 = services.create_session(
        school,
        actor=None,
        title="Công đoàn quán triệt Quyết định 446-QĐ/TU",
        held_on=dt.date(2023, 3, 15),
        documents=[docs["446-QĐ/TU"]],
        format=SessionFormat.GROUP,
        organiser_unit=union,
        task=task,
    )
    services.record_attendance(s2, actor=None, present=staff[-2:-1])
