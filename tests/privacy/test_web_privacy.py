"""The privacy pages: permissions, isolation, 405, search and export, erase with confirmation; the public notice."""

from __future__ import annotations

import json
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from danvan.core.testing import assert_forbidden, assert_isolated, assert_method_not_allowed
from danvan.petitions import antispam
from danvan.petitions.choices import State
from danvan.petitions.models import Petition, PetitionIdentity
from danvan.privacy.models import NoticeRecord
from tests.petitions.factories import advance, register

pytestmark = pytest.mark.django_db

REQUESTS = reverse("privacy:subject_requests")
REGISTER = reverse("privacy:register")


def test_a_clerk_and_a_teacher_get_403(clerk, teacher, department_officer, principal, school):
    petition = register(school, principal)
    erase = reverse("privacy:erase", args=[petition.pk])
    for user in (clerk, teacher, department_officer):
        assert_forbidden(user, [REQUESTS, REGISTER, erase], method="get")


def test_another_school_gets_404_on_the_erase_page(school, principal, other_principal):
    petition = register(school, principal)
    assert_isolated(
        other_principal, [reverse("privacy:erase", args=[petition.pk])], methods=("get", "post"), data={"confirm": "on"}
    )
    assert PetitionIdentity.objects.get(petition=petition).full_name == "Nguyễn Thị Hoa"


def test_wrong_methods_get_405(principal, school):
    petition = register(school, principal)
    assert_method_not_allowed(principal, REGISTER, "post")
    assert_method_not_allowed(principal, REQUESTS, "put")
    assert_method_not_allowed(principal, reverse("privacy:erase", args=[petition.pk]), "delete")


def test_the_search_lists_the_person_s_petitions_and_why_one_cannot_be_erased(principal_client, principal, school):
    petition = register(school, principal)
    response = principal_client.post(REQUESTS, {"phone": "0912 345 678", "action": "search"})
    assert response.status_code == 200
    assert petition.tracking_code in response.text
    assert "Không được xóa" in response.text and "đang được giải quyết" in response.text
    assert "0912" not in response.request["QUERY_STRING"]


def test_an_empty_search_says_what_to_fill_in(principal_client):
    response = principal_client.post(REQUESTS, {"action": "search"})
    assert response.status_code == 400
    assert "Ghi ít nhất một trong" in response.text


def test_the_export_downloads_a_json_file_with_the_person_s_data(principal_client, principal, school):
    register(school, principal)
    response = principal_client.post(REQUESTS, {"email": "hoa@example.invalid", "action": "export"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment;" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["don"][0]["danh_tinh"]["ho_ten"] == "Nguyễn Thị Hoa"


def test_erasing_needs_the_confirmation_then_erases(principal_client, principal, school):
    petition = register(school, principal)
    advance(petition, State.CLOSED, principal=principal)
    url = reverse("privacy:erase", args=[petition.pk])
    assert "Xóa dữ liệu cá nhân" in principal_client.get(url).text
    response = principal_client.post(url, {})
    assert response.status_code == 400
    assert "Đánh dấu ô xác nhận trước khi xóa." in response.text
    assert PetitionIdentity.objects.get(petition=petition).full_name == "Nguyễn Thị Hoa"
    response = principal_client.post(url, {"confirm": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == REQUESTS
    assert "Đã xóa danh tính" in response.text
    assert PetitionIdentity.objects.get(petition=petition).full_name == ""


def test_erasing_an_open_case_shows_the_reason_and_keeps_the_data(principal_client, principal, school):
    petition = register(school, principal)
    response = principal_client.post(reverse("privacy:erase", args=[petition.pk]), {"confirm": "on"})
    assert response.status_code == 200
    assert "Không xóa được" in response.text
    assert PetitionIdentity.objects.get(petition=petition).full_name == "Nguyễn Thị Hoa"


def test_the_register_lists_purpose_basis_recipients_and_retention(principal_client):
    response = principal_client.get(REGISTER)
    assert response.status_code == 200
    assert "Tiếp nhận, giải quyết đơn khiếu nại, tố cáo, kiến nghị, phản ánh" in response.text
    assert "Điều 19" in response.text
    assert "15 năm" in response.text and "Thông tư 10/2022/TT-BNV" in response.text


def test_the_register_in_english(principal_client):
    principal_client.cookies["django_language"] = "en"
    response = principal_client.get(REGISTER, HTTP_ACCEPT_LANGUAGE="en")
    assert "Register of personal data processing activities" in response.text


# ---------------------------------------------------------------- the public form


def test_the_public_form_shows_the_notice_with_basis_rights_and_retention(school):
    cache.clear()
    response = Client().get(reverse("petitions:public_submit", args=[school.code]))
    assert response.status_code == 200
    assert "Thông báo về xử lý dữ liệu cá nhân" in response.text
    assert "không cần sự đồng ý" in response.text and "Điều 19" in response.text
    assert "15 năm" in response.text
    assert 'name="privacy_notice" value="2026-12-v1"' in response.text


def test_a_petition_sent_from_the_public_form_stores_the_notice_version_and_time(school, settings):
    cache.clear()
    settings.DANVAN_PETITION_MIN_SECONDS = 0
    response = Client().post(
        reverse("petitions:public_submit", args=[school.code]),
        {
            "kind": "kien-nghi",
            "subject": "Thu tiền",
            "content": "Đề nghị nhà trường công khai các khoản thu đầu năm.",
            "identity_choice": "handler-only",
            "full_name": "Trần Thị Bích",
            "phone": "0912 345 678",
            "website": "",
            "form_token": antispam.issue_token(time.time() - 60),
            "privacy_notice": "2026-12-v1",
        },
    )
    assert response.status_code == 302, response.content[:500]
    petition = Petition.objects.get(organisation=school)
    notice = NoticeRecord.objects.get(petition=petition)
    assert notice.version == "2026-12-v1" and notice.legal_basis == "legal-duty"
    assert notice.shown_at is not None


def test_a_forged_notice_version_is_replaced_by_the_current_one(school, settings):
    cache.clear()
    settings.DANVAN_PETITION_MIN_SECONDS = 0
    Client().post(
        reverse("petitions:public_submit", args=[school.code]),
        {
            "kind": "kien-nghi",
            "content": "Đề nghị nhà trường công khai các khoản thu đầu năm.",
            "identity_choice": "anonymous",
            "website": "",
            "form_token": antispam.issue_token(time.time() - 60),
            "privacy_notice": "<script>alert(1)</script>",
        },
    )
    assert NoticeRecord.objects.get().version == "2026-12-v1"
