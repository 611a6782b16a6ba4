"""Fixtures of the API tests: bearer clients for the personas, and a token factory."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from danvan.api.services import create_token
from danvan.board.models import BoardRecommendation
from danvan.org.choices import Position
from danvan.org.models import Membership, Organisation, Person
from danvan.petitions import services as petition_services
from danvan.petitions.choices import Channel, Kind
from danvan.plans import services as plan_services
from danvan.reports import services as report_services
from danvan.reports.models import ReportObligation

API = "/api/v1"


class BearerClient(Client):
    """A test client that sends `Authorization: Bearer <key>` with every request."""

    def __init__(self, key: str, **kwargs):
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {key}", **kwargs)


def bearer(user, **kwargs) -> BearerClient:
    """Return a client authenticated by a fresh personal token of the user."""
    return BearerClient(create_token(user, name="kiểm thử", **kwargs).key)


def post_json(client, url: str, data: dict | None = None):
    """POST a JSON body."""
    return client.post(url, json.dumps(data or {}), content_type="application/json")


@pytest.fixture
def api_principal(principal):
    return bearer(principal)


@pytest.fixture
def api_teacher(teacher):
    return bearer(teacher)


@pytest.fixture
def api_clerk(clerk):
    return bearer(clerk)


@pytest.fixture
def api_other(other_principal):
    return bearer(other_principal)


@pytest.fixture
def api_department(department_officer):
    return bearer(department_officer)


@pytest.fixture
def anon():
    return Client()


@pytest.fixture
def plans(school, other_school):
    """A published-looking plan of each school: ours with a late and an upcoming task, theirs with one task."""
    today = timezone.localdate()
    ours = plan_services.create_plan(school, {"year": today.year, "title": "Kế hoạch công tác dân vận"}, actor=None)
    late = plan_services.save_task(
        ours,
        actor=None,
        content="Tổ chức hội nghị quán triệt",
        units_text=["BGH"],
        periods=[(today - dt.timedelta(days=60), today - dt.timedelta(days=5))],
    )
    upcoming = plan_services.save_task(
        ours,
        actor=None,
        content="Báo cáo sơ kết học kỳ",
        units_text=["Đoàn TN"],
        periods=[(today, today + dt.timedelta(days=30))],
    )
    theirs = plan_services.create_plan(other_school, {"year": today.year, "title": "Kế hoạch trường bạn"}, actor=None)
    their_task = plan_services.save_task(
        theirs, actor=None, content="Việc của trường bạn", periods=[(today, today + dt.timedelta(days=10))]
    )
    return {"ours": ours, "late": late, "upcoming": upcoming, "theirs": theirs, "their_task": their_task}


NAME = "Nguyễn Thị Hoa"
PHONE = "0912 345 678"
ADDRESS = "12 Lạch Tray, Ngô Quyền"
EMAIL = "hoa@example.invalid"


@pytest.fixture
def petitions(school, other_school, clerk):
    """Petitions registered through the services: ours (one with an empty subject quoting the letter), theirs."""
    identity = {"full_name": NAME, "address": ADDRESS, "phone": PHONE, "email": EMAIL}
    letter = f"Tôi là {NAME}, điện thoại 0912345678, ở {ADDRESS}. Đề nghị xem xét lại điểm thi của con tôi."
    ours = petition_services.register_petition(
        school,
        actor=clerk,
        subject="",
        content=letter,
        channel=Channel.LETTER,
        kind=Kind.KIEN_NGHI,
        received_at=timezone.now(),
        identity=dict(identity),
    )
    denunciation = petition_services.register_petition(
        school,
        actor=clerk,
        subject="Tố cáo thu tiền sai quy định",
        content=f"{NAME} tố cáo việc thu tiền.",
        channel=Channel.LETTER,
        kind=Kind.TO_CAO,
        received_at=timezone.now(),
        identity=dict(identity),
    )
    other_clerk = _other_clerk(other_school)
    theirs = petition_services.register_petition(
        other_school,
        actor=other_clerk,
        subject="Đơn trường bạn",
        content="Nội dung đơn trường bạn.",
        channel=Channel.LETTER,
        kind=Kind.PHAN_ANH,
        received_at=timezone.now(),
        identity=dict(identity),
    )
    return {
        "ours": ours.petition,
        "ours_secret": ours.secret,
        "denunciation": denunciation.petition,
        "theirs": theirs.petition,
    }


def _other_clerk(other_school):
    user = get_user_model().objects.create_user("vanthu2", "vanthu2@example.invalid", "pw-for-tests-1")
    person = Person.objects.create(organisation=other_school, full_name="Văn Thư Khác", user=user)
    Membership.objects.create(
        person=person, organisation=Organisation.objects.get(parent=other_school, code="VT"), position=Position.VAN_THU
    )
    return user


@pytest.fixture
def reports(school, other_school, department):
    """A compiled 6-month report of our school and an obligation of the other school."""

    def owe(org, title):
        o = ReportObligation.objects.create(
            organisation=org,
            kind="6_thang",
            title=title,
            period_start=dt.date(2022, 12, 15),
            period_end=dt.date(2023, 6, 14),
            due=dt.date(2023, 6, 15),
            recipient=department,
        )
        o.refresh_status()
        return o

    ours = owe(school, "Kết quả công tác dân vận 6 tháng đầu năm 2023")
    version = report_services.compile_report(ours, actor=None)
    theirs = owe(other_school, "Kết quả 6 tháng trường khác")
    return {"ours": ours, "report": version.report, "theirs": theirs}


@pytest.fixture
def recommendations(school, other_school):
    """A recommendation of each school's Ban TTND, sent today (created directly: the board's rules are its own tests)."""
    today = timezone.localdate()

    def rec(org, subject):
        return BoardRecommendation.objects.create(
            organisation=org,
            subject=subject,
            content="Đề nghị công khai các khoản thu đầu năm.",
            sent_on=today,
            due_on=today + dt.timedelta(days=15),
            due_citation="Luật 10/2022/QH15, Điều 63(1)",
        )

    return {"ours": rec(school, "Công khai khoản thu"), "theirs": rec(other_school, "Kiến nghị trường bạn")}
