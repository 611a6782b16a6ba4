"""Test helpers shipped with danvan: personas and the per-school isolation assertion."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from danvan.org.choices import OrgKind, Position
from danvan.org.models import Membership, Organisation, Person
from danvan.org.services import create_school


@dataclass
class Personas:
    """The shared cast: a Department officer, a principal, a clerk, a teacher, and another school's principal."""

    department: Any
    school: Any
    other_school: Any
    department_officer: Any
    principal: Any
    clerk: Any
    teacher: Any
    other_principal: Any
    password: str = "pw-for-tests-1"


def make_personas() -> Personas:
    """Create the Department, two schools with standard units, and one user per persona."""
    User = get_user_model()
    password = "pw-for-tests-1"
    department = Organisation.objects.create(
        kind=OrgKind.DEPARTMENT, name="Sở Giáo dục và Đào tạo Hải Phòng", code="SGDĐT", place="Hải Phòng"
    )
    school = create_school(department, name="Trường THPT Nguyễn Khuyến", code="THPTNK", place="Hải Phòng")
    other = create_school(department, name="Trường THPT Thái Phiên", code="THPTTP", place="Hải Phòng")

    def person(username: str, name: str, org: Any, position: str, unit_code: str | None = None) -> Any:
        user = User.objects.create_user(username, f"{username}@example.invalid", password, first_name=name)
        p = Person.objects.create(organisation=org, full_name=name, user=user, email=user.email)
        unit = Organisation.objects.get(parent=org, code=unit_code) if unit_code else org
        Membership.objects.create(person=p, organisation=unit, position=position)
        return user

    return Personas(
        department=department,
        school=school,
        other_school=other,
        department_officer=person("canboso", "Cán bộ Sở", department, Position.CAN_BO_SO),
        principal=person("hieutruong", "Phạm Huy Hùng", school, Position.HIEU_TRUONG, "BGH"),
        clerk=person("vanthu", "Văn Thư", school, Position.VAN_THU, "VT"),
        teacher=person("giaovien", "Giáo Viên", school, Position.GIAO_VIEN, "TOCM"),
        other_principal=person("hieutruong2", "Hiệu Trưởng Khác", other, Position.HIEU_TRUONG, "BGH"),
    )


def client_for(user: Any) -> Client:
    """Return a test client signed in as the user."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def assert_isolated(
    outsider: Any,
    urls: Iterable[str],
    *,
    methods: Iterable[str] = ("get",),
    data: dict[str, Any] | None = None,
) -> None:
    """Assert that a user of another school gets 404 for every URL and method (no leak that the object exists)."""
    client = client_for(outsider)
    for url in urls:
        for method in methods:
            response = getattr(client, method)(url, data or {})
            assert response.status_code == 404, (
                f"{method.upper()} {url} as {outsider} gave {response.status_code}, expected 404"
            )


def assert_forbidden(
    user: Any, urls: Iterable[str], *, method: str = "post", data: dict[str, Any] | None = None
) -> None:
    """Assert that a read-only role gets 403 for every URL."""
    client = client_for(user)
    for url in urls:
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 403, (
            f"{method.upper()} {url} as {user} gave {response.status_code}, expected 403"
        )


def assert_method_not_allowed(user: Any, url: str, method: str) -> None:
    """Assert a wrong HTTP method gives 405."""
    response = getattr(client_for(user), method)(url)
    assert response.status_code == 405, f"{method.upper()} {url} gave {response.status_code}, expected 405"
