from __future__ import annotations

import datetime as dt

import pytest

from danvan.dissemination import services
from danvan.plans.models import Plan, Task


@pytest.fixture
def docs(db):
    return services.ensure_legal_documents(
        [
            {
                "number": "23-QĐ/TW",
                "date": "2021-07-30",
                "issuer": "Bộ Chính trị",
                "title": "Quy chế công tác dân vận của hệ thống chính trị",
            },
            {
                "number": "446-QĐ/TU",
                "date": "2021-11-26",
                "issuer": "Ban Thường vụ Thành ủy",
                "title": "Quy chế công tác dân vận tại thành phố Hải Phòng",
            },
        ]
    )


@pytest.fixture
def session(school, principal, docs):
    return services.create_session(
        school, actor=principal, title="Hội nghị quán triệt", held_on=dt.date(2023, 2, 20), documents=docs
    )


@pytest.fixture
def task(school):
    # Published: a study session serves a plan in force (services.session_tasks), not a draft.
    plan = Plan.objects.create(
        organisation=school,
        year=2023,
        title="Kế hoạch công tác dân vận năm 2023",
        status="published",
        number=1,
        symbol="KH-THPTNK",
    )
    return Task.objects.create(organisation=school, plan=plan, content="Quán triệt, triển khai các văn bản")
