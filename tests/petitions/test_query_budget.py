"""Every petition transition, intake, and the action page's and the citizen's form's POSTs run within a budget.

The petition is loaded the way the action page and the API load it (with its organisation, handling body,
handler and identity). Budget ≤ 10 where the transition writes only the petition, its timeline line, its one
audit entry and the citizen's notice. A transition that issues a numbered document (Mẫu of NĐ 124/2020,
NĐ 31/2019) costs more, and its budget says why: the number (UPDATE + read back), the document row and its own
audit entry, plus the row the law requires (extension, suspension, withdrawal) — removing any of them loses a
record the law asks for. Counts include the test's SAVEPOINT/RELEASE pair around each atomic block.
"""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from danvan.core.testing import client_for
from danvan.petitions import antispam, services
from danvan.petitions.choices import ComplaintAction, ComplaintConclusion, Kind, State
from danvan.petitions.models import Petition
from tests.petitions.factories import advance, register

pytestmark = pytest.mark.django_db

# A transition that changes the petition alone: the state re-read under lock, the UPDATE, its one audit entry,
# the timeline line, the citizen's notice (identity + e-mail row), the permission check, SAVEPOINT/RELEASE.
PLAIN = 10
# A numbered document on top (Mẫu of NĐ 124/2020, NĐ 31/2019, TT 05/2021): the number (UPDATE + read back; the
# series' first number of the year creates its row: 2 more), the document row and its audit entry, and the one
# upsert of the Department's counters (petitions.counters) that a step moving the due date or the outcome makes.
WITH_DOCUMENT = PLAIN + 8
# The decision's own row too (Extension, Suspension) with its audit entry, and the check of the earlier ones.
WITH_DECISION_ROW = WITH_DOCUMENT + 3


def _loaded(petition: Petition) -> Petition:
    """Re-read the petition the way the action page does (`staff_views._petition`)."""
    return Petition.objects.select_related("organisation", "handling_body", "handler", "identity").get(pk=petition.pk)


def _at(personas, state, kind=Kind.KHIEU_NAI) -> Petition:
    return _loaded(
        advance(register(personas.school, personas.principal, kind=kind), state, principal=personas.principal)
    )


def test_register(personas, django_assert_max_num_queries):
    register(personas.school, personas.principal)  # the calendars are loaded, as in a running process
    # Intake writes more than a step: the duplicate check, the petition, its encrypted identity, its similarity
    # fingerprint, the timeline line and the one audit entry (the identity folded into it), and the permission.
    with django_assert_max_num_queries(PLAIN):
        register(personas.school, personas.principal)


def test_classify(personas, django_assert_max_num_queries):
    p = _loaded(register(personas.school, personas.principal, kind=Kind.CHUA_RO))
    with django_assert_max_num_queries(PLAIN):  # 10 before: the automatic trail re-read the row and wrote twice
        services.classify(p, actor=personas.principal, kind=Kind.KHIEU_NAI)


def test_assign(personas, django_assert_max_num_queries):
    p = _loaded(register(personas.school, personas.principal))
    handler = personas.teacher.person
    with django_assert_max_num_queries(PLAIN):
        services.assign(p, handler, actor=personas.principal)


def test_accept(personas, django_assert_max_num_queries):
    # The acceptance notice (Mẫu 04) is a numbered document. 25 before.
    p = _at(personas, State.CLASSIFIED)
    with django_assert_max_num_queries(WITH_DOCUMENT):
        services.accept(p, actor=personas.principal)


def test_not_accept(personas, django_assert_max_num_queries):
    p = _at(personas, State.CLASSIFIED)
    with django_assert_max_num_queries(WITH_DOCUMENT):  # 22 before
        services.not_accept(p, actor=personas.principal, reason="kn-11-6")


def test_transfer_and_guide(personas, django_assert_max_num_queries):
    p = _loaded(register(personas.school, personas.principal))
    with django_assert_max_num_queries(WITH_DOCUMENT):  # 25 before
        services.transfer(p, actor=personas.principal, to_name="UBND phường Lê Chân")
    p = _loaded(register(personas.school, personas.principal))
    with django_assert_max_num_queries(WITH_DOCUMENT):
        services.guide(p, actor=personas.principal, guided_to="Công an phường Lê Chân")


def test_file(personas, django_assert_max_num_queries):
    p = _loaded(register(personas.school, personas.principal))
    with django_assert_max_num_queries(PLAIN):
        services.file_petition(p, actor=personas.principal, reason="trung")


def test_verification(personas, django_assert_max_num_queries):
    p = _at(personas, State.ACCEPTED)
    with django_assert_max_num_queries(PLAIN):  # 14 before: the new verification had its own entry
        services.start_verification(p, actor=personas.principal, notes="Xác minh")
    p = _loaded(p)
    with django_assert_max_num_queries(PLAIN):  # 13 before: the verification's "changed" entry and re-read
        services.record_verification(p, actor=personas.principal, findings="Điểm đã chấm đúng đáp án")


def test_determine_complex(personas, django_assert_max_num_queries):
    p = _at(personas, State.VERIFYING)
    with django_assert_max_num_queries(WITH_DOCUMENT):  # 20 before
        services.determine_complex(
            p, actor=personas.principal, criteria=["kn-3a-1a"], determination="Phải xác minh tại trường và tại Sở."
        )


def test_extend_a_denunciation(personas, django_assert_max_num_queries):
    p = _at(personas, State.VERIFYING, kind=Kind.TO_CAO)
    with django_assert_max_num_queries(WITH_DECISION_ROW):  # the Extension row, the count of earlier ones; 24 before
        services.extend(p, actor=personas.principal, days=30, reason="Phức tạp", grounds=["a"])


def test_resolve_send_reply_close(personas, django_assert_max_num_queries):
    p = _at(personas, State.VERIFYING)
    services.record_verification(p, actor=personas.principal, findings="Điểm đã chấm đúng đáp án")
    p = _loaded(p)
    with django_assert_max_num_queries(WITH_DECISION_ROW):  # the decision (Mẫu 15), its checks of the file; 24 before
        services.resolve(
            p,
            actor=personas.principal,
            summary="Giữ nguyên điểm",
            complaint_conclusion=ComplaintConclusion.SAI,
            complaint_action=ComplaintAction.GIU_NGUYEN,
        )
    p = _loaded(p)
    with django_assert_max_num_queries(PLAIN):
        services.send_decision(p, actor=personas.principal)
    p = _loaded(p)
    with django_assert_max_num_queries(PLAIN):
        services.reply(p, actor=personas.principal, text="Nhà trường đã trả lời.")
    p = _loaded(p)
    with django_assert_max_num_queries(PLAIN):
        services.close(p, actor=personas.principal)


def test_suspend_and_resume(personas, django_assert_max_num_queries):
    p = _at(personas, State.VERIFYING)
    with django_assert_max_num_queries(WITH_DECISION_ROW):  # the decision (Mẫu 14a), the Suspension row; 27 before
        services.suspend(p, actor=personas.principal, ground="kn-11a-1b", reason="Chờ kết quả phúc khảo của Sở")
    p = _loaded(p)
    with django_assert_max_num_queries(WITH_DECISION_ROW):  # the decision (Mẫu 14b), the Suspension closed; 27 before
        services.resume(p, actor=personas.principal)


def test_withdraw(personas, django_assert_max_num_queries):
    # Two steps in one: the Withdrawal row (its own check and entry), then the termination decision (Mẫu 14a) with
    # its Suspension row, a second timeline line, the state change and the counters' upserts. 36 before.
    p = _at(personas, State.ACCEPTED)
    with django_assert_max_num_queries(WITH_DECISION_ROW + 9):
        services.withdraw(p, actor=personas.principal, reason="Đơn rút toàn bộ khiếu nại")


def test_the_action_page_posts_a_transition_within_budget(personas, django_assert_max_num_queries):
    p = register(personas.school, personas.principal, kind=Kind.CHUA_RO)
    client = client_for(personas.principal)
    url = reverse("petitions:action", args=[p.pk, "classify"])
    client.get(reverse("petitions:detail", args=[p.pk]))  # the session and the calendars are warm, as in use
    # The request's own reads (session, user, memberships, the petition with its relations) come on top of the
    # transition's 8, and the counters' upsert: 14 in all.
    with django_assert_max_num_queries(PLAIN + 5):
        response = client.post(url, {"classify-kind": Kind.KHIEU_NAI})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.state == State.CLASSIFIED


def test_the_citizens_form_posts_within_budget(personas, django_assert_max_num_queries):
    cache.clear()  # the address's submission counter starts at zero
    register(personas.school, personas.principal)  # the calendars are loaded, as in a running process
    data = {
        "kind": Kind.KIEN_NGHI,
        "subject": "Thu tiền học thêm",
        "content": "Con tôi học lớp 10A3, bị thu tiền học thêm không có biên lai. Đề nghị nhà trường trả lời.",
        "accused_text": "",
        "identity_choice": "handler-only",
        "full_name": "Trần Thị Bích",
        "address": "12 Lê Lợi, Hải Phòng",
        "phone": "0912 345 678",
        "email": "bich@example.com",
        "website": "",
        "form_token": antispam.issue_token(time.time() - 60),
    }
    # Every write is a record the law or the citizen needs: the school, a fresh tracking code, the address's
    # submission counter (3), the petition, its audit entry, fingerprint, encrypted identity, the privacy notice
    # shown (NĐ 13/2023), the timeline line, the anonymous session that carries the tracking link (3), and the Department's counter of
    # petitions received that day (one upsert, petitions.counters): 18.
    with django_assert_max_num_queries(18):
        response = Client().post(reverse("petitions:public_submit", args=[personas.school.code]), data)
    assert response.status_code == 302
