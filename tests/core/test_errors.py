"""One base for every refusal a user reads: its code gives the API's status, and every app's error is one."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from danvan.api.services import TokenError
from danvan.board.services import BoardError
from danvan.core.backup import BackupError
from danvan.core.errors import STATUS_FOR_CODE, DomainError, refusals_are_conflicts
from danvan.core.search import SearchError
from danvan.core.web import show_refusal
from danvan.dissemination.services import DisseminationError
from danvan.emulation.services import EmulationError
from danvan.nationaldb.services import ExportError
from danvan.notify.inbox import InboxError
from danvan.open311.services import Open311Error
from danvan.org.services import OrgError
from danvan.petitions.services import PetitionError
from danvan.plans.services import PlanError
from danvan.reports.services import ReportError
from danvan.workdays.services import WorkdaysError

APP_ERRORS = [
    BoardError,
    BackupError,
    DisseminationError,
    EmulationError,
    ExportError,
    InboxError,
    OrgError,
    PetitionError,
    PlanError,
    ReportError,
    SearchError,
    TokenError,
    WorkdaysError,
]


@pytest.mark.parametrize("cls", APP_ERRORS)
def test_every_apps_refusal_is_a_domain_error_with_its_message(cls):
    exc = cls("Kế hoạch đã được ban hành.")
    assert isinstance(exc, DomainError)
    assert str(exc) == exc.message == "Kế hoạch đã được ban hành."
    assert exc.status == 400 and exc.code == "invalid"


def test_the_code_gives_the_status_and_an_unknown_code_is_a_programming_error():
    assert DomainError("x", code="conflict").status == 409
    assert DomainError("x", code="rate-limited").status == 429
    with pytest.raises(ValueError, match="unknown domain error code"):
        DomainError("x", code="teapot")


def test_an_open311_refusal_keeps_its_status_as_a_code():
    assert Open311Error(404, "jurisdiction_id không tồn tại").status == 404
    assert Open311Error(403, "api_key không hợp lệ").code == "forbidden"
    assert set(STATUS_FOR_CODE.values()) >= {400, 403, 404, 409, 422, 429}


def test_a_transitions_refusals_are_conflicts():
    @refusals_are_conflicts
    def move() -> None:
        raise ReportError("Hãy ghi rõ lý do trả lại báo cáo.")

    with pytest.raises(ReportError) as caught:
        move()
    assert caught.value.status == 409


class _ProgressForm(forms.Form):
    progress = forms.IntegerField()


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_refusal_naming_a_field_is_shown_next_to_it_and_otherwise_above_the_form():
    request, form = _request(), _ProgressForm({"progress": "40"})
    assert form.is_valid()
    show_refusal(request, PlanError("Hoàn thành thì tiến độ phải là 100%.", field="progress"), form)
    assert form.errors["progress"] == ["Hoàn thành thì tiến độ phải là 100%."]
    other = _ProgressForm({"progress": "40"})
    other.is_valid()
    show_refusal(request, PlanError("Kế hoạch đã khóa.", field="not-a-field"), other)
    assert other.non_field_errors() == ["Kế hoạch đã khóa."]


def test_a_refusal_without_a_form_is_a_page_message():
    request = _request()
    show_refusal(request, BoardError("Nhập nội dung trả lời kiến nghị."))
    assert [str(m) for m in get_messages(request)] == ["Nhập nội dung trả lời kiến nghị."]
