"""The permission registry: every app declares its names, and a name nobody declared fails before any request."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path, reverse

from danvan.core import checks, registry
from danvan.core.permissions import UnknownPermission, grant_for, role_grants
from danvan.core.permissions import registry as permission_registry
from danvan.core.scoping import has_perm, scope_filter
from danvan.core.testing import client_for
from danvan.core.web import require_perm


@require_perm("plans.veiw")  # a typo: no app declares it
def _mistyped(request):
    return HttpResponse("never")


urlpatterns = [path("mistyped/", _mistyped)]


@override_settings(ROOT_URLCONF=__name__)
def test_the_system_check_fails_on_a_page_with_an_unknown_permission():
    errors = checks.check_permission_names()
    assert [e.id for e in errors] == ["danvan.E010"]
    assert "plans.veiw" in errors[0].msg and "mistyped/" in errors[0].msg
    with pytest.raises(SystemCheckError, match="plans.veiw"):
        call_command("check")


def test_the_system_check_fails_on_a_navigation_entry_with_an_unknown_permission():
    registry.nav.register("test:nowhere", "x", perm="reports.veiw")
    try:
        assert ["reports.veiw" in e.msg for e in checks.check_permission_names()] == [True]
    finally:
        del registry.nav.items["test:nowhere"]


def test_every_page_asks_for_a_registered_permission():
    found = dict(checks.url_permissions())
    # The pages behind require_perm across the apps (introspected from the URLconf, not listed by hand).
    assert len(found) > 80
    assert {route: perm for route, perm in found.items() if perm not in permission_registry} == {}
    assert found[reverse("dissemination:document_list").lstrip("/")] == "dissemination.view"
    assert found[reverse("dissemination:session_create").lstrip("/")] == "dissemination.edit"
    assert found[reverse("board:home").lstrip("/")] == "board.view"
    assert checks.check_permission_names() == []


def test_an_unknown_permission_is_refused_at_the_call_not_answered_no(principal):
    with pytest.raises(UnknownPermission):
        has_perm(principal, "petitions.veiw")
    with pytest.raises(UnknownPermission):
        scope_filter(principal, "bttnd.view")  # the board's old name: renamed board.view


def test_each_permission_is_declared_by_its_own_app_with_a_vietnamese_description():
    for perm in permission_registry:
        app = perm.name.split(".")[0]
        expected = {"tasks": "plans", "audit": "core"}.get(app, app)
        assert perm.module == f"danvan.{expected}.permissions", perm
        assert perm.description and perm.description[0].isupper()


# What every position reached before the registry (bttnd.* written as its new name board.*).
_BEFORE_ALL = {
    "audit.view", "board.concern", "board.manage", "board.view", "emulation.manage", "emulation.view",
    "nationaldb.export", "open311.manage", "org.manage", "org.view", "petitions.decide", "petitions.escalated",
    "petitions.handle", "petitions.identity", "petitions.register", "petitions.view", "plans.approve", "plans.edit",
    "plans.view", "privacy.manage", "reports.edit", "reports.obligations", "reports.review", "reports.sign",
    "reports.view", "tasks.update", "workdays.manage", "workdays.view",
}  # fmt: skip
_VIEW = {"org.view", "plans.view", "reports.view", "workdays.view"}
_STAFF = _VIEW | {"board.concern", "emulation.view", "tasks.update"}
_BEFORE = {
    "QUAN_TRI": (_BEFORE_ALL, _BEFORE_ALL),
    "HIEU_TRUONG": (_BEFORE_ALL - {"petitions.escalated", "reports.obligations", "reports.review"}, _VIEW),
    "PHO_HIEU_TRUONG": (
        _STAFF | {"plans.edit", "petitions.view", "petitions.register", "petitions.handle", "reports.edit"}
        | {"board.view", "emulation.manage", "audit.view"},
        set(),
    ),
    "VAN_THU": (_STAFF | {"org.manage", "petitions.register", "petitions.view", "plans.edit", "reports.edit"}, set()),
    "CHU_TICH_CD": (_STAFF | {"board.view", "emulation.manage", "reports.edit"}, set()),
    "BI_THU_DOAN": (_STAFF | {"emulation.manage"}, set()),
    "TO_TRUONG_CM": (_STAFF, set()),
    "TRUONG_BAN_TTND": (_STAFF | {"board.manage", "board.view"}, set()),
    "THANH_VIEN_TTND": (_STAFF | {"board.view"}, set()),
    "KE_TOAN_TRUONG": (_STAFF, set()),
    "GIAO_VIEN": (_STAFF, set()),
    "NHAN_VIEN": (_STAFF, set()),
    "LANH_DAO_SO": (
        _BEFORE_ALL - {"petitions.escalated"},
        _VIEW | {"audit.view", "emulation.view", "petitions.escalated", "petitions.view"}
        | {"reports.obligations", "reports.review"},
    ),
    "CAN_BO_SO": (
        _STAFF | {"nationaldb.export", "petitions.handle", "petitions.register", "petitions.view", "plans.edit"}
        | {"reports.edit"},
        _VIEW | {"emulation.view", "petitions.view", "reports.obligations", "reports.review"},
    ),
}  # fmt: skip


def _with_dissemination(perms: set[str]) -> set[str]:
    """Dissemination borrowed plans.view and plans.edit: whoever held one holds dissemination's own name now."""
    own = {"plans.view": "dissemination.view", "plans.edit": "dissemination.edit"}
    return perms | {own[p] for p in perms if p in own}


@pytest.mark.parametrize("kind", sorted(_BEFORE))
def test_every_position_reaches_what_it_reached_and_dissemination_where_it_read_plans(kind):
    own, subtree = _BEFORE[kind]
    assert grant_for(kind).own == _with_dissemination(own)
    assert grant_for(kind).subtree == _with_dissemination(subtree)


def test_the_role_table_covers_every_position():
    assert set(role_grants()) == set(_BEFORE)


def test_dissemination_pages_open_for_who_used_to_reach_them_and_stay_closed_for_the_rest(principal, clerk, teacher):
    assert client_for(teacher).get(reverse("dissemination:document_list")).status_code == 200
    assert client_for(teacher).get(reverse("dissemination:session_create")).status_code == 403
    for user in (principal, clerk):  # plans.edit before, dissemination.edit now
        assert client_for(user).get(reverse("dissemination:session_create")).status_code == 200
