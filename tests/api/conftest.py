"""Fixtures of the API tests: bearer clients for the personas, and a token factory."""

from __future__ import annotations

import pytest
from django.test import Client

from danvan.api.services import create_token

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
    import json

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
    import datetime as dt

    from django.utils import timezone

    from danvan.plans import services

    today = timezone.localdate()
    ours = services.create_plan(school, {"year": today.year, "title": "Kế hoạch công tác dân vận"}, actor=None)
    late = services.save_task(ours, actor=None, content="Tổ chức hội nghị quán triệt", units_text=["BGH"],
                              periods=[(today - dt.timedelta(days=60), today - dt.timedelta(days=5))])
    upcoming = services.save_task(ours, actor=None, content="Báo cáo sơ kết học kỳ", units_text=["Đoàn TN"],
                                  periods=[(today, today + dt.timedelta(days=30))])
    theirs = services.create_plan(other_school, {"year": today.year, "title": "Kế hoạch trường bạn"}, actor=None)
    their_task = services.save_task(theirs, actor=None, content="Việc của trường bạn",
                                    periods=[(today, today + dt.timedelta(days=10))])
    return {"ours": ours, "late": late, "upcoming": upcoming, "theirs": theirs, "their_task": their_task}
