"""The complaint procedure under the rules in force from 01/7/2026 (Luật 136/2025/QH15; NĐ 155/2026 amending NĐ 124/2020).

Complex case criteria (NĐ 124 Điều 3a), no decision without a verification result, the dialogue and its notice
≥ 05 days ahead (NĐ 124 Điều 28), suspension and termination on Mẫu 14a, resumption on Mẫu 14b with the
suspended days not counted (Luật KN Điều 11a; NĐ 124 Điều 28a, 28b), partial withdrawal and its re-filing bar
(Luật KN Điều 10; NĐ 124 Điều 7a), the decision's recipients and publicity, disciplinary complaints, and the
transition of cases open on 01/7/2026 (NĐ 155 Điều 22).
"""

from __future__ import annotations

import datetime as dt
import importlib
import io

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation
from docx import Document

from danvan.core.models import AuditEvent
from danvan.core.testing import assert_isolated
from danvan.petitions import services
from danvan.petitions.choices import Action, Closure, DocumentKind, Kind, State
from danvan.petitions.models import Petition, PetitionStep
from danvan.petitions.services import PetitionError
from danvan.petitions.transition import TRANSITION_CODE, apply_2026_transition
from tests.petitions.factories import advance, day, local_dt, record_noticed_dialogue, register

pytestmark = pytest.mark.django_db


def _verifying(personas, kind=Kind.KHIEU_NAI, **kw):
    p = register(personas.school, personas.principal, kind=kind, **kw)
    advance(p, State.VERIFYING, principal=personas.principal)
    return p


def _docx_text(document) -> str:
    document.file.open("rb")
    try:
        doc = Document(io.BytesIO(document.file.read()))
    finally:
        document.file.close()
    return "\n".join(p.text for p in doc.paragraphs)


def _decide(p, personas):
    return services.resolve(
        p, actor=personas.principal, summary="Giữ nguyên", complaint_conclusion="sai", complaint_action="giu-nguyen"
    )


# ---------------------------------------------------------------- complex case (NĐ 124 Điều 3a)


def test_a_complex_complaint_needs_a_criterion_and_a_written_determination(personas):
    p = _verifying(personas)
    with pytest.raises(PetitionError, match="ít nhất một tiêu chí"):
        services.determine_complex(p, actor=personas.principal, criteria=[], determination="Phức tạp")
    with pytest.raises(PetitionError, match="Điều 3a khoản 2"):
        services.determine_complex(p, actor=personas.principal, criteria=["kn-3a-1a"], determination=" ")
    with pytest.raises(PetitionError):
        services.determine_complex(p, actor=personas.teacher, criteria=["kn-3a-1a"], determination="x")
    due_before = p.due_on
    services.determine_complex(
        p,
        actor=personas.principal,
        criteria=["kn-3a-1a", "kn-3a-1g"],
        determination="Phải xác minh tại trường và tại Sở; chứng cứ mâu thuẫn.",
    )
    p.refresh_from_db()
    assert p.is_complex and p.complex_criteria == ["kn-3a-1a", "kn-3a-1g"]
    assert p.due_on == due_before + dt.timedelta(days=15) or p.due_on > due_before  # 30 → 45 days
    text = _docx_text(p.complex_document)
    assert "Điều 3a" in text and "02 địa điểm" in text


def test_classifying_a_complaint_as_complex_without_a_determination_is_refused(personas):
    p = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    with pytest.raises(PetitionError, match="Điều 3a"):
        services.classify(p, actor=personas.principal, kind=Kind.KHIEU_NAI, is_complex=True)


def test_a_complaint_is_not_extended_the_complex_determination_gives_the_longer_period(personas):
    p = _verifying(personas)
    with pytest.raises(PetitionError, match="Xác định vụ việc phức tạp"):
        services.extend(p, actor=personas.principal, days=15, reason="Phức tạp")


# ---------------------------------------------------------------- verification and dialogue before the decision


def test_a_decision_without_a_recorded_verification_result_is_refused_with_what_is_missing(personas):
    p = _verifying(personas)
    with pytest.raises(PetitionError, match="chưa ghi kết quả xác minh"):
        _decide(p, personas)
    services.record_verification(p, actor=personas.principal, findings="Điểm chấm đúng đáp án")
    _decide(p, personas)
    assert p.state == State.RESOLVED


def test_a_second_complaint_is_not_decided_without_the_dialogue(personas):
    p = _verifying(personas, kind=Kind.KHIEU_NAI_LAN_2)
    services.record_verification(p, actor=personas.principal, findings="Kết quả xác minh")
    with pytest.raises(PetitionError, match="biên bản đối thoại.*Điều 39"):
        _decide(p, personas)
    record_noticed_dialogue(p, personas.principal)
    _decide(p, personas)
    assert p.state == State.RESOLVED


def test_a_first_complaint_needs_a_dialogue_when_the_request_differs_from_the_verification(personas):
    p = _verifying(personas)
    services.record_verification(p, actor=personas.principal, findings="Điểm đúng", request_differs=True)
    with pytest.raises(PetitionError, match="Điều 30"):
        _decide(p, personas)


def test_the_dialogue_notice_must_precede_it_by_five_days(personas):
    p = _verifying(personas)
    today = day("2026-12-07")
    with time_machine.travel(local_dt("2026-12-07 09:00"), tick=False):
        with pytest.raises(PetitionError, match="Chưa gửi văn bản thông báo"):
            services.record_dialogue(p, actor=personas.principal, held_on=today, participants="x", minutes="y")
        with pytest.raises(PetitionError, match="sớm nhất ngày 12/12/2026"):
            services.notify_dialogue(p, actor=personas.principal, planned_on=day("2026-12-11"), content="Xác minh")
        services.notify_dialogue(
            p, actor=personas.principal, planned_on=day("2026-12-12"), content="Xác minh", place="Phòng họp"
        )
    assert p.documents.filter(kind=DocumentKind.DIALOGUE_NOTICE).exists()
    with time_machine.travel(local_dt("2026-12-10 09:00"), tick=False):
        with pytest.raises(PetitionError, match="sớm hơn 05 ngày"):
            services.record_dialogue(
                p, actor=personas.principal, held_on=day("2026-12-10"), participants="x", minutes="y"
            )
    with time_machine.travel(local_dt("2026-12-12 09:00"), tick=False):
        dialogue = services.record_dialogue(
            p,
            actor=personas.principal,
            held_on=day("2026-12-12"),
            participants="Hiệu trưởng, người khiếu nại",
            minutes="Trao đổi",
        )
    assert dialogue.held and dialogue.notice_sent_on == today
    text = _docx_text(dialogue.document)
    assert "I. THÀNH PHẦN THAM GIA ĐỐI THOẠI" in text and "III. KẾT QUẢ ĐỐI THOẠI" in text


def test_the_complainants_absence_without_valid_reason_is_recorded_and_resolution_continues(personas):
    p = _verifying(personas, kind=Kind.KHIEU_NAI_LAN_2)
    services.record_verification(p, actor=personas.principal, findings="Kết quả xác minh")
    today = dt.date.today()
    services.notify_dialogue(
        p, actor=personas.principal, planned_on=today, content="x", notice_sent_on=today - dt.timedelta(days=7)
    )
    with pytest.raises(PetitionError, match="có lý do hay không"):
        services.record_dialogue(
            p, actor=personas.principal, held_on=today, participants="x", minutes="y", complainant_present=False
        )
    dialogue = services.record_dialogue(
        p,
        actor=personas.principal,
        held_on=today,
        participants="Hiệu trưởng",
        minutes="Người khiếu nại không đến",
        complainant_present=False,
        absence_reason="Không báo lý do",
    )
    assert "không có lý do chính đáng" in _docx_text(dialogue.document)
    _decide(p, personas)  # Luật KN Điều 30(6): the resolution continues
    assert p.state == State.RESOLVED


def test_a_valid_absence_does_not_count_as_the_required_dialogue(personas):
    p = _verifying(personas, kind=Kind.KHIEU_NAI_LAN_2)
    services.record_verification(p, actor=personas.principal, findings="Kết quả xác minh")
    today = dt.date.today()
    services.notify_dialogue(
        p, actor=personas.principal, planned_on=today, content="x", notice_sent_on=today - dt.timedelta(days=5)
    )
    services.record_dialogue(
        p,
        actor=personas.principal,
        held_on=today,
        participants="x",
        minutes="y",
        complainant_present=False,
        absence_reason="Ốm, có giấy viện",
        absence_reason_valid=True,
    )
    with pytest.raises(PetitionError, match="đối thoại"):
        _decide(p, personas)


# ---------------------------------------------------------------- suspension, resumption, termination


def test_suspension_pauses_the_clock_and_resumption_adds_the_suspended_days(personas):
    with time_machine.travel(local_dt("2026-09-01 09:00"), tick=False):
        p = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
        services.classify(p, actor=personas.principal, kind=Kind.KHIEU_NAI)
        services.accept(p, actor=personas.principal, accepted_on=day("2026-09-01"))
    assert p.due_on == day("2026-10-01")  # 30 days (Luật KN Điều 28)
    with time_machine.travel(local_dt("2026-09-10 09:00"), tick=False):
        with pytest.raises(PetitionError, match="tài liệu chứng minh"):
            services.suspend(p, actor=personas.principal, ground="kn-11a-1a", reason="Người khiếu nại ốm")
        services.suspend(
            p,
            actor=personas.principal,
            ground="kn-11a-1a",
            reason="Người khiếu nại ốm nặng",
            evidence="Giấy ra viện số 12/BV",
        )
    p.refresh_from_db()
    assert p.state == State.SUSPENDED
    assert (p.step, p.due_on) == ("gui-qd-dinh-chi", day("2026-09-15"))  # Mẫu 14a sent within 03 working days
    suspension = p.suspensions.get()
    assert suspension.send_due_on == day("2026-09-15")
    text = _docx_text(suspension.document)
    assert "QUYẾT ĐỊNH" in text and "Về việc tạm đình chỉ giải quyết khiếu nại" in text and "Điều 11a" in text
    assert "HIỆU TRƯỞNG" in text and "Điều 1." in text and "Điều 3." in text  # Mẫu 14a (NĐ 155/2026 Phụ lục)
    with time_machine.travel(local_dt("2026-09-30 09:00"), tick=False):
        services.resume(p, actor=personas.principal, sent_on=day("2026-10-01"), note="Người khiếu nại đã khỏi")
    p.refresh_from_db()
    assert p.state == State.ACCEPTED
    suspension.refresh_from_db()
    assert suspension.excluded_days == 20
    assert p.due_on == day("2026-10-21")  # 30 days + 20 suspended days not counted (NĐ 124 Điều 28b(2))
    assert "20 ngày tạm đình chỉ" in p.deadline_rule
    assert "20 ngày tạm đình chỉ" in _docx_text(suspension.resume_document)
    assert {"petitions.petition.suspended", "petitions.petition.resumed"} <= set(
        AuditEvent.objects.for_object(p).values_list("code", flat=True)
    )


def test_the_sending_day_of_forms_14a_and_14b_is_recorded_when_it_happens(personas):
    with time_machine.travel(local_dt("2026-09-10 09:00"), tick=False):
        p = _verifying(personas)
        services.suspend(p, actor=personas.principal, ground="kn-11a-1b", reason="Chờ kết quả của Sở")
    p.refresh_from_db()
    assert (p.step, p.due_on) == ("gui-qd-dinh-chi", day("2026-09-15"))
    with time_machine.travel(local_dt("2026-09-17 09:00"), tick=False):
        services.record_sending(p, actor=personas.principal)
    p.refresh_from_db()
    assert p.due_on is None  # the resolution clock stays paused
    step = PetitionStep.objects.filter(petition=p, code="decision_sent_14").get()
    assert "quá hạn gửi 15/09/2026" in step.note
    with time_machine.travel(local_dt("2026-09-20 09:00"), tick=False):
        services.resume(p, actor=personas.principal)
        services.record_sending(p, actor=personas.principal, sent_on=day("2026-09-21"))
        with pytest.raises(PetitionError, match="chưa ghi ngày gửi"):
            services.record_sending(p, actor=personas.principal)
    assert p.suspensions.get().resume_sent_on == day("2026-09-21")


def test_the_petition_page_shows_the_suspended_days_not_counted(personas, principal_client):
    p = _verifying(personas)
    services.suspend(
        p,
        actor=personas.principal,
        ground="kn-11a-1b",
        reason="Chờ kết quả của Sở",
        decided_on=dt.date.today() - dt.timedelta(days=10),
    )
    page = principal_client.get(reverse("petitions:detail", args=[p.pk])).text
    assert 'data-action="resume"' in page and 'data-action="suspend"' not in page
    services.resume(p, actor=personas.principal)
    page = principal_client.get(reverse("petitions:detail", args=[p.pk])).text
    start = (dt.date.today() - dt.timedelta(days=10)).strftime("%d/%m/%Y")
    assert f"tạm đình chỉ từ {start} đến {dt.date.today():%d/%m/%Y}: 10 ngày không tính vào thời hạn" in page


def test_termination_on_death_goes_to_the_commune_peoples_committee(personas):
    p = _verifying(personas)
    with pytest.raises(PetitionError, match="UBND cấp xã"):
        services.terminate(p, actor=personas.principal, ground="kn-11a-2b", reason="Người khiếu nại đã chết")
    with pytest.raises(PetitionError, match="rút toàn bộ"):
        services.terminate(p, actor=personas.principal, ground="kn-11a-2a")
    s = services.terminate(
        p,
        actor=personas.principal,
        ground="kn-11a-2b",
        reason="Người khiếu nại đã chết",
        commune_committee="UBND phường Lê Chân",
    )
    p.refresh_from_db()
    assert p.state == State.TERMINATED and not p.is_open and p.due_on is None
    assert p.closure == Closure.TERMINATED  # reported honestly, not as resolved
    assert "UBND phường Lê Chân" in _docx_text(s.document)
    assert s.document.kind == DocumentKind.TERMINATION and s.document.number_text.endswith("/QĐ-THPTNK")


# ---------------------------------------------------------------- withdrawal (Luật KN Điều 10; NĐ 124 Điều 7a)


def test_a_partial_withdrawal_leaves_the_rest_open(personas):
    p = _verifying(personas)
    w = services.withdraw_part(
        p,
        actor=personas.principal,
        content="Yêu cầu bồi thường chi phí đi lại",
        mode="minutes",
        withdrawn_by="Ông Trần Văn Quang",
    )
    p.refresh_from_db()
    assert p.state == State.VERIFYING and p.is_open and not w.whole
    assert PetitionStep.objects.filter(petition=p, code="withdrawn_part").exists()


def test_the_file_page_masks_the_complainant_in_what_was_withdrawn(personas, principal_client):
    p = _verifying(personas)
    services.withdraw_part(
        p, actor=personas.principal, mode="letter", content="Bà Nguyễn Thị Hoa rút yêu cầu bồi thường chi phí đi lại"
    )
    page = principal_client.get(reverse("petitions:detail", args=[p.pk])).text
    assert "rút yêu cầu bồi thường" in page and "Nguyễn Thị Hoa" not in page


def test_withdrawing_the_whole_complaint_terminates_it_by_decision(personas):
    p = _verifying(personas)
    services.withdraw_part(p, actor=personas.principal, content=p.content, mode="letter", whole=True)
    p.refresh_from_db()
    assert p.state == State.TERMINATED and p.closure == Closure.WITHDRAWN
    assert p.documents.filter(kind=DocumentKind.TERMINATION).exists()


def test_withdrawn_content_refiled_by_the_same_person_is_refused_unless_coerced(personas):
    content = (
        "Tôi khiếu nại việc nhà trường hạ hạnh kiểm của con tôi em Lê Văn Nam lớp 11A2 mà không "
        "họp hội đồng và không thông báo cho gia đình."
    )
    p = register(personas.school, personas.principal, content=content)
    advance(p, State.VERIFYING, principal=personas.principal)
    services.withdraw(p, actor=personas.principal, reason="Đơn rút")
    again = register(personas.school, personas.principal, content=content + " Đề nghị xem xét.")
    services.classify(again, actor=personas.principal, kind=Kind.KHIEU_NAI)
    with pytest.raises(PetitionError, match="đã rút"):
        services.accept(again, actor=personas.principal)
    stranger = register(
        personas.school,
        personas.principal,
        content=content,
        identity={"full_name": "Người Khác", "phone": "0987 000 111"},
    )
    services.classify(stranger, actor=personas.principal, kind=Kind.KHIEU_NAI)
    services.accept(stranger, actor=personas.principal)  # another complainant is not barred
    p.withdrawals.update(coerced=True)
    services.accept(again, actor=personas.principal)  # a coerced withdrawal does not bar it
    assert again.state == State.ACCEPTED


# ---------------------------------------------------------------- the decision: recipients, receipt, publicity


def test_the_decision_records_its_recipients_and_the_window_runs_from_receipt(personas):
    p = _verifying(personas)
    services.record_verification(p, actor=personas.principal, findings="Đúng quy chế")
    _decide(p, personas)
    with pytest.raises(PetitionError, match="người khiếu nại"):
        services.send_decision(p, actor=personas.principal, recipients=["superior"])
    with pytest.raises(PetitionError, match="Điều 32"):
        services.send_decision(p, actor=personas.principal, recipients=["complainant", "first-resolver"])
    services.send_decision(
        p, actor=personas.principal, sent_on=day("2026-12-01"), recipients=["complainant", "superior", "inspectorate"]
    )
    services.record_receipt(p, actor=personas.principal, received_on=day("2026-12-04"))
    p.refresh_from_db()
    assert p.decision_recipients == ["complainant", "superior", "inspectorate"]
    window = services.second_complaint_window(p)
    assert window.due == day("2027-01-04")  # 30 days from receipt (03/01/2027 is a Sunday)
    assert "ngày nhận quyết định 04/12/2026" in window.start_text


def test_the_second_time_decision_is_made_public_with_its_form_and_date(personas):
    p = _verifying(personas, kind=Kind.KHIEU_NAI_LAN_2)
    services.record_verification(p, actor=personas.principal, findings="Kết quả")
    record_noticed_dialogue(p, personas.principal)
    _decide(p, personas)
    services.send_decision(p, actor=personas.principal, recipients=["complainant", "complained", "first-resolver"])
    p.refresh_from_db()
    assert p.publicity_due_on == p.resolved_on + dt.timedelta(days=15) or p.publicity_due_on > p.resolved_on
    services.publish_decision(p, actor=personas.principal, form="posting")
    assert p.publicity_form == "posting" and p.published_on == dt.date.today()
    first = _verifying(personas)
    assert Action.PUBLISH_DECISION not in services.available_actions(first, personas.principal)


# ---------------------------------------------------------------- disciplinary decisions (Luật KN Chương IV)


def test_disciplinary_complaints_have_their_own_windows(personas):
    with time_machine.travel(local_dt("2026-09-01 09:00"), tick=False):
        p = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI_KY_LUAT)
        services.classify(p, actor=personas.principal, kind=Kind.KHIEU_NAI_KY_LUAT)
        services.accept(p, actor=personas.principal, accepted_on=day("2026-09-01"))
    assert p.due_on == day("2026-10-01") and "Điều 50" in p.deadline_citation
    services.start_verification(p, actor=personas.principal)
    services.record_verification(p, actor=personas.principal, findings="Đúng quy trình kỷ luật")
    with pytest.raises(PetitionError, match="đối thoại"):
        _decide(p, personas)
    record_noticed_dialogue(p, personas.principal)
    _decide(p, personas)
    services.send_decision(p, actor=personas.principal, sent_on=day("2026-12-01"), received_on=day("2026-12-02"))
    p.refresh_from_db()
    assert services.second_complaint_window(p).due == day("2026-12-14")  # 10 days; 12/12 is a Saturday
    Petition.objects.filter(pk=p.pk).update(discipline_dismissal=True)
    p.refresh_from_db()
    assert services.second_complaint_window(p).due == day("2027-01-04")  # buộc thôi việc: 30 days
    second = services.escalate(p, actor=personas.principal, content="Không đồng ý").petition
    assert second.kind == Kind.KHIEU_NAI_KY_LUAT_LAN_2 and second.discipline_dismissal


# ---------------------------------------------------------------- the 01/7/2026 transition (NĐ 155 Điều 22)


def test_cases_open_on_1_july_2026_get_the_transition_line_once(personas):
    with time_machine.travel(local_dt("2026-06-20 09:00"), tick=False):
        accepted = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
        advance(accepted, State.ACCEPTED, principal=personas.principal)
        waiting = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
        denunciation = register(personas.school, personas.principal, kind=Kind.TO_CAO)
        advance(denunciation, State.ACCEPTED, principal=personas.principal)  # NĐ 156 Điều 10(1): accepted before
        pending = register(personas.school, personas.principal, kind=Kind.TO_CAO)
        feedback = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
    later = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    assert apply_2026_transition() == 3
    notes = dict(PetitionStep.objects.filter(code=TRANSITION_CODE).values_list("petition_id", "note"))
    assert "Điều 22 khoản 1" in notes[accepted.pk]
    assert "ngày nhận đơn" in notes[waiting.pk]
    assert "156/2026" in notes[denunciation.pk]
    assert feedback.pk not in notes and later.pk not in notes and pending.pk not in notes
    call_command("petitions_transition_2026")  # idempotent
    assert PetitionStep.objects.filter(code=TRANSITION_CODE).count() == 3
    assert AuditEvent.objects.filter(code="petitions.petition.rules_2026").count() == 3


# ---------------------------------------------------------------- staff pages


def test_complaint_buttons_follow_the_state_and_final_ones_ask_first(personas, principal_client, teacher_client):
    p = _verifying(personas)
    page = principal_client.get(reverse("petitions:detail", args=[p.pk])).text
    for action in ("determine-complex", "notify-dialogue", "suspend", "terminate", "withdraw-part"):
        assert f'data-action="{action}"' in page
    assert 'data-action="resume"' not in page and 'data-action="extend"' not in page
    assert "Tạm đình chỉ giải quyết”: việc này được ghi vào hồ sơ" in page  # confirmation for the final decision
    assert "chưa ghi kết quả xác minh" in page  # what the decision still lacks
    url = reverse("petitions:action", args=[p.pk, "suspend"])
    response = principal_client.post(url, {"suspend-ground": "kn-11a-1a", "suspend-reason": "Ốm"})
    assert response.status_code == 400 and "tài liệu chứng minh" in response.text
    response = principal_client.post(url, {"suspend-ground": "kn-11a-1b", "suspend-reason": "Chờ Sở"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.state == State.SUSPENDED
    assert teacher_client.post(reverse("petitions:action", args=[p.pk, "resume"]), {}).status_code in (403, 404)


def test_another_school_cannot_reach_the_complaint_actions(personas, other_principal):
    p = _verifying(personas)
    assert_isolated(other_principal, [reverse("petitions:action", args=[p.pk, "suspend"])], methods=("post",))


def test_the_migration_records_the_transition_with_historical_models(personas):
    name = "0009_complaints_2026_suspension_withdrawal_dialogue"
    with time_machine.travel(local_dt("2026-06-25 09:00"), tick=False):
        accepted = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
        advance(accepted, State.ACCEPTED, principal=personas.principal)
    state_apps = MigrationExecutor(connection).loader.project_state(("petitions", name)).apps
    migration = importlib.import_module(f"danvan.petitions.migrations.{name}")
    migration.record_2026_transition(state_apps, None)
    migration.record_2026_transition(state_apps, None)
    assert list(PetitionStep.objects.filter(code=TRANSITION_CODE).values_list("petition_id", flat=True)) == [
        accepted.pk
    ]


def test_an_english_reader_sees_the_suspended_days_in_english_and_the_record_stays_vietnamese(
    personas, principal_client
):

    p = _verifying(personas)
    with translation.override("en"):
        services.suspend(
            p,
            actor=personas.principal,
            ground="kn-11a-1b",
            reason="Chờ Sở",
            decided_on=dt.date.today() - dt.timedelta(days=4),
        )
        services.resume(p, actor=personas.principal)
    with translation.override(settings.LANGUAGE_CODE):
        principal_client.post(reverse("set_language"), {"language": "en", "next": "/"})
        page = principal_client.get(reverse("petitions:detail", args=[p.pk])).text
    assert "4 days not counted in the period" in page
    assert "4 ngày không tính vào thời hạn" in PetitionStep.objects.get(petition=p, code="resumed").note


def test_staff_mark_a_disciplinary_dismissal_when_classifying(personas, principal_client):
    p = register(personas.school, personas.principal, kind=Kind.CHUA_RO)
    response = principal_client.post(
        reverse("petitions:action", args=[p.pk, "classify"]),
        {"classify-kind": "khieu-nai-ky-luat", "classify-discipline_dismissal": "on"},
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.kind == Kind.KHIEU_NAI_KY_LUAT and p.discipline_dismissal
    assert p.step == "thu-ly"


def test_the_complex_determination_and_the_recipients_are_chosen_with_checkboxes(personas, principal_client):
    p = _verifying(personas)
    page = principal_client.get(reverse("petitions:detail", args=[p.pk])).text
    assert 'name="determine-complex-criteria" value="kn-3a-1dd"' in page
    response = principal_client.post(
        reverse("petitions:action", args=[p.pk, "determine-complex"]),
        {
            "determine-complex-criteria": ["kn-3a-1c", "kn-3a-1e"],
            "determine-complex-determination": "Nhiều phụ huynh cùng khiếu nại",
        },
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.complex_criteria == ["kn-3a-1c", "kn-3a-1e"] and p.is_complex
    services.record_verification(p, actor=personas.principal, findings="Đúng")
    _decide(p, personas)
    page = principal_client.get(reverse("petitions:detail", args=[p.pk])).text
    assert 'name="send-decision-recipients" value="inspectorate"' in page
    assert 'value="first-resolver"' not in page  # Điều 41 recipients only for a second-time decision
    response = principal_client.post(
        reverse("petitions:action", args=[p.pk, "send-decision"]),
        {
            "send-decision-recipients": ["complainant", "superior"],
            "send-decision-received_on": dt.date.today().isoformat(),
        },
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.decision_recipients == ["complainant", "superior"] and p.decision_received_on == dt.date.today()
    page = principal_client.get(reverse("petitions:detail", args=[p.pk])).text
    assert "data-second-window" in page


def test_a_new_dialogue_notice_keeps_the_earlier_one_and_the_dialogue_answers_the_latest(personas):
    p = _verifying(personas)
    today = dt.date.today()
    services.notify_dialogue(
        p,
        actor=personas.principal,
        planned_on=today - dt.timedelta(days=1),
        content="x",
        notice_sent_on=today - dt.timedelta(days=8),
    )
    services.notify_dialogue(
        p, actor=personas.principal, planned_on=today, content="y", notice_sent_on=today - dt.timedelta(days=5)
    )
    dialogue = services.record_dialogue(p, actor=personas.principal, held_on=today, participants="x", minutes="y")
    assert dialogue.notice_sent_on == today - dt.timedelta(days=5)
    assert p.dialogues.count() == 2 and p.documents.filter(kind=DocumentKind.DIALOGUE_NOTICE).count() == 2


def test_content_withdrawn_at_another_school_does_not_bar_a_complaint_here(personas):
    content = "Tôi khiếu nại việc hạ hạnh kiểm của con tôi em Lê Văn Nam lớp 11A2 mà không họp hội đồng kỷ luật."
    other = register(personas.other_school, personas.other_principal, content=content)
    advance(other, State.VERIFYING, principal=personas.other_principal)
    services.withdraw(other, actor=personas.other_principal, reason="Rút")
    here = register(personas.school, personas.principal, content=content)
    services.classify(here, actor=personas.principal, kind=Kind.KHIEU_NAI)
    services.accept(here, actor=personas.principal)
    assert here.state == State.ACCEPTED
