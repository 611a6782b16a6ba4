"""The transitions table, walked: every allowed (state, action) works, every other one is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danvan.core.models import AuditEvent
from danvan.petitions import services
from danvan.petitions.choices import (
    DENUNCIATION_ACTIONS,
    TRANSITIONS,
    Action,
    Closure,
    ComplaintAction,
    ComplaintConclusion,
    DenunciationConclusion,
    Kind,
    MediationOutcome,
    State,
    allowed_actions,
    target_for,
)
from danvan.petitions.models import Dialogue, Petition, PetitionStep
from danvan.petitions.services import PetitionError
from tests.petitions.factories import advance, local_dt, register

pytestmark = pytest.mark.django_db

# The denunciation-only actions are walked in test_denunciations.py on a denunciation.
ALL_PAIRS = [(s, a) for s in State.values for a in Action.values if a not in DENUNCIATION_ACTIONS]
ALLOWED = [pair for pair in ALL_PAIRS if pair in TRANSITIONS]
REFUSED = [pair for pair in ALL_PAIRS if pair not in TRANSITIONS]
# One test per state tries every action the table refuses there (a refusal changes nothing, so they share a petition).
REFUSED_BY_STATE = {state: [a for s, a in REFUSED if s == state] for state in dict.fromkeys(s for s, _a in REFUSED)}


def _kind_for(state: str, action: str) -> str:
    if action == Action.REPLY and state in (State.ACCEPTED, State.VERIFYING):
        return Kind.KIEN_NGHI  # feedback is answered directly (Luật TCD Điều 28)
    if action == Action.EXTEND or (action == Action.RESOLVE and state == State.ACCEPTED):
        # Only denunciations are extended; a complaint is decided only after a recorded verification result.
        return Kind.TO_CAO
    if action == Action.PUBLISH_DECISION:
        return Kind.KHIEU_NAI_LAN_2  # only a second-time decision is made public (Luật KN Điều 41)
    return Kind.KHIEU_NAI


def _data(action: str, petition: Petition, personas) -> dict:
    today = timezone.localdate()
    return {
        Action.ASSIGN: {"handler": personas.clerk.person},
        Action.CLASSIFY: {"kind": Kind.KHIEU_NAI},
        Action.ACCEPT: {},
        Action.NOT_ACCEPT: {"reason": "kn-11-6"},
        Action.TRANSFER: {"to_name": "UBND phường Lê Chân"},
        Action.GUIDE: {"guided_to": "Tòa án nhân dân thành phố"},
        Action.FILE: {"reason": "trung"},
        Action.MERGE: {"into": register(personas.school, personas.principal)},
        Action.SPLIT: {
            "parts": [
                {"kind": Kind.KHIEU_NAI, "content": "Khiếu nại điểm"},
                {"kind": Kind.TO_CAO, "content": "Tố cáo thu tiền"},
            ]
        },
        Action.START_VERIFICATION: {},
        Action.RECORD_VERIFICATION: {"findings": "Điểm chấm đúng đáp án"},
        Action.RECORD_DIALOGUE: {
            "held_on": today,
            "participants": "Hiệu trưởng, người khiếu nại",
            "minutes": "Hai bên trao đổi",
        },
        Action.RECORD_MEDIATION: {
            "held_on": today,
            "outcome": MediationOutcome.THANH,
            "agreement": "Hai bên thống nhất phúc khảo.",
        },
        Action.EXTEND: {"days": 15, "reason": "Vụ việc phức tạp", "grounds": ["a"]},
        Action.RESOLVE: {
            "summary": "Giữ nguyên điểm",
            "complaint_conclusion": ComplaintConclusion.SAI,
            "complaint_action": ComplaintAction.GIU_NGUYEN,
            "denunciation_conclusion": DenunciationConclusion.SAI,
        },
        Action.SEND_DECISION: {},
        Action.REPLY: {"text": "Nhà trường trả lời ông/bà như sau."},
        Action.CLOSE: {},
        Action.WITHDRAW: {"reason": "Đơn rút đề ngày hôm nay"},
        Action.ESCALATE: {"content": "Tôi không đồng ý với quyết định lần đầu."},
        Action.RECORD_SATISFACTION: {"satisfaction": "satisfied"},
        Action.DETERMINE_COMPLEX: {"criteria": ["kn-3a-1b"], "determination": "Hai nội dung phải xác minh"},
        Action.NOTIFY_DIALOGUE: {"planned_on": today + dt.timedelta(days=6), "content": "Kết quả xác minh"},
        Action.SUSPEND: {"ground": "kn-11a-1b", "reason": "Chờ kết quả phúc khảo của Sở"},
        Action.RESUME: {},
        Action.TERMINATE: {
            "ground": "kn-11a-2b",
            "reason": "Người khiếu nại đã chết",
            "commune_committee": "UBND phường Lê Chân",
        },
        Action.WITHDRAW_PART: {"content": "Yêu cầu bồi thường"},
        Action.RECORD_RECEIPT: {"received_on": today},
        Action.PUBLISH_DECISION: {"form": "posting"},
        Action.RECORD_SENDING: {"sent_on": today},
    }[action]


@pytest.mark.parametrize(("state", "action"), ALLOWED, ids=[f"{s}-{a}" for s, a in ALLOWED])
def test_every_allowed_transition_works(personas, state, action):
    petition = register(personas.school, personas.principal, kind=_kind_for(state, action))
    advance(petition, state, principal=personas.principal)
    if action == Action.ESCALATE and state in (State.ACCEPTED, State.VERIFYING):
        # Luật KN Điều 33(1): a second complaint when the first-time period lapsed without a decision.
        Petition.objects.filter(pk=petition.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
        petition.refresh_from_db()
    if action == Action.RECORD_SENDING and state in (State.ACCEPTED, State.VERIFYING):
        # A resumption decision (Mẫu 14b) waiting for its sending day (NĐ 124/2020 Điều 28b(2)).
        services.suspend(
            petition, actor=personas.principal, ground="kn-11a-1b", reason="Chờ Sở", sent_on=timezone.localdate()
        )
        services.resume(petition, actor=personas.principal)
    if action == Action.RESOLVE and petition.kind == Kind.KHIEU_NAI:
        services.record_verification(petition, actor=personas.principal, findings="Điểm chấm đúng đáp án")
    if action == Action.RECORD_DIALOGUE:
        # The written notice went out ≥ 05 days before (NĐ 124/2020 Điều 28(1) as amended by NĐ 155/2026).
        Dialogue.objects.create(
            petition=petition,
            organisation=petition.handling_body,
            held=False,
            held_on=timezone.localdate(),
            notice_sent_on=timezone.localdate() - dt.timedelta(days=5),
        )
    steps_before = PetitionStep.objects.filter(petition=petition).count()
    result = services.transition(petition, action, actor=personas.principal, **_data(action, petition, personas))
    petition.refresh_from_db()
    if action == Action.ESCALATE:
        second = result.petition
        assert second.kind == Kind.KHIEU_NAI_LAN_2
        assert second.organisation == personas.department
        assert second.escalated_from == petition
        assert petition.state == state
    else:
        assert petition.state == target_for(state, action, petition.kind)
    assert PetitionStep.objects.filter(petition=petition).count() > steps_before


@pytest.mark.parametrize("state", list(REFUSED_BY_STATE))
def test_every_other_transition_is_refused(personas, state):
    petition = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    Petition.objects.filter(pk=petition.pk).update(state=state)
    steps = PetitionStep.objects.filter(petition=petition).count()
    accepted = []
    for action in REFUSED_BY_STATE[state]:
        petition.refresh_from_db()
        try:
            services.transition(petition, action, actor=personas.principal, **_data(action, petition, personas))
        except PetitionError:
            pass
        else:
            accepted.append(action)
        petition.refresh_from_db()
        assert petition.state == state, action
    assert not accepted, f"{state}: the table refuses {accepted}, the service did them"
    assert PetitionStep.objects.filter(petition=petition).count() == steps


def test_the_table_leaves_no_state_without_a_way_out_except_the_final_ones():
    finals = {State.NOT_ACCEPTED, State.TRANSFERRED, State.GUIDED, State.FILED, State.CLOSED, State.TERMINATED}
    for state in State.values:
        moves = {TRANSITIONS[(state, a)] for a in allowed_actions(state)} - {state}
        if state not in finals:
            assert moves, state


def test_each_transition_is_audited_with_its_dotted_code(personas):
    petition = register(personas.school, personas.principal)
    services.classify(petition, actor=personas.principal, kind=Kind.KHIEU_NAI)
    services.accept(petition, actor=personas.principal)
    codes = set(AuditEvent.objects.for_object(petition).values_list("code", flat=True))
    assert {"petitions.petition.registered", "petitions.petition.classified", "petitions.petition.accepted"} <= codes


def test_it_rejects_actions_by_a_teacher(personas):
    petition = register(personas.school, personas.principal)
    with pytest.raises(PetitionError):
        services.classify(petition, actor=personas.teacher, kind=Kind.KHIEU_NAI)


def test_it_rejects_actions_by_another_school(personas):
    petition = register(personas.school, personas.principal)
    with pytest.raises(PetitionError):
        services.classify(petition, actor=personas.other_principal, kind=Kind.KHIEU_NAI)


def test_the_assigned_handler_may_handle_but_not_decide(personas):
    petition = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    services.assign(petition, personas.teacher.person, actor=personas.principal)
    services.classify(petition, actor=personas.teacher, kind=Kind.KHIEU_NAI)
    with pytest.raises(PetitionError):
        services.accept(petition, actor=personas.teacher)


def test_it_refuses_to_accept_a_mixed_petition_until_split(personas):
    petition = register(personas.school, personas.principal, kind=Kind.NHIEU_NOI_DUNG)
    services.classify(petition, actor=personas.principal, kind=Kind.NHIEU_NOI_DUNG)
    with pytest.raises(PetitionError, match="tách đơn"):
        services.accept(petition, actor=personas.principal)


def test_it_refuses_to_accept_an_anonymous_denunciation(personas):
    petition = register(personas.school, personas.principal, kind=Kind.TO_CAO, identity={})
    services.classify(petition, actor=personas.principal, kind=Kind.TO_CAO)
    with pytest.raises(PetitionError, match="Điều 25"):
        services.accept(petition, actor=personas.principal)
    services.file_petition(petition, actor=personas.principal, reason="an-danh")
    assert petition.closure == Closure.FILED


def test_it_transfers_only_once_per_content(personas):
    first = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
    services.transfer(first, actor=personas.principal, to_name="UBND phường", to_org=personas.other_school)
    copy = Petition.objects.get(organisation=personas.other_school)
    with pytest.raises(PetitionError, match="Điều 14"):
        services.transfer(copy, actor=personas.other_principal, to_name="Sở Tài chính")


def test_it_guides_a_citizen_only_once(personas):
    first = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
    services.guide(first, actor=personas.principal, guided_to="UBND phường")
    again = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
    services.link(again, first, actor=personas.principal, reason="cùng nội dung")
    with pytest.raises(PetitionError, match="một lần"):
        services.guide(again, actor=personas.principal, guided_to="UBND phường")
    services.file_petition(again, actor=personas.principal, reason="trung")


def test_a_withdrawn_denunciation_may_continue(personas):
    petition = register(personas.school, personas.principal, kind=Kind.TO_CAO)
    advance(petition, State.ACCEPTED, principal=personas.principal)
    services.withdraw(
        petition,
        actor=personas.principal,
        continue_handling=True,
        continue_ground="a",
        reason="Có dấu hiệu vi phạm rõ ràng (Luật Tố cáo Điều 33(3))",
    )
    petition.refresh_from_db()
    assert petition.state == State.ACCEPTED and petition.continues_after_withdrawal
    complaint = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    advance(complaint, State.ACCEPTED, principal=personas.principal)
    with pytest.raises(PetitionError):
        services.withdraw(complaint, actor=personas.principal, continue_handling=True, reason="x")
    services.withdraw(complaint, actor=personas.principal, reason="Rút đơn")
    # An accepted complaint withdrawn in whole is terminated by decision (Luật KN Điều 11a(2)(a); Mẫu 14a).
    assert complaint.state == State.TERMINATED and complaint.closure == Closure.WITHDRAWN


def test_denunciation_extensions_are_limited_by_complexity(personas):
    petition = register(personas.school, personas.principal, kind=Kind.TO_CAO)
    advance(petition, State.ACCEPTED, principal=personas.principal)
    with pytest.raises(PetitionError, match="30 ngày"):
        services.extend(petition, actor=personas.principal, days=31, reason="Phức tạp", grounds=["a"])
    services.extend(petition, actor=personas.principal, days=30, reason="Phức tạp", grounds=["a"])
    with pytest.raises(PetitionError, match="01 lần"):
        services.extend(petition, actor=personas.principal, days=30, reason="Phức tạp", grounds=["a"])
    services.extend(petition, actor=personas.principal, days=30, reason="Đặc biệt phức tạp", grounds=["b"])
    assert petition.extensions.count() == 2


def test_a_second_complaint_is_not_allowed_twice_or_for_other_kinds(personas):
    petition = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    advance(petition, State.DECISION_SENT, principal=personas.principal)
    services.escalate(petition, actor=None, content="Không đồng ý")
    with pytest.raises(PetitionError, match="đã được khiếu nại lần hai"):
        services.escalate(petition, actor=None, content="Lần nữa")
    feedback = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
    advance(feedback, State.ACCEPTED, principal=personas.principal)
    services.reply(feedback, actor=personas.principal, text="Đã trả lời")
    with pytest.raises(PetitionError, match="lần đầu"):
        services.escalate(feedback, actor=None, content="x")


def test_the_department_sees_and_handles_the_escalated_complaint(personas):
    petition = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    advance(petition, State.CLOSED, principal=personas.principal)
    second = services.escalate(petition, actor=None, content="Không đồng ý").petition
    assert second in Petition.objects.visible_to(personas.department_officer)
    assert second not in Petition.objects.visible_to(personas.principal)
    assert second.identity.full_name == petition.identity.full_name


def test_the_reply_masks_student_names_and_the_petitioner(personas):
    petition = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
    advance(petition, State.ACCEPTED, principal=personas.principal)
    services.reply(
        petition,
        actor=personas.principal,
        text="Kính gửi bà Nguyễn Thị Hoa, nhà trường đã kiểm tra điểm của em Lê Văn Nam.",
    )
    assert "Nguyễn Thị Hoa" not in petition.public_reply
    assert "Lê Văn Nam" not in petition.public_reply


def test_closing_after_a_successful_mediation_reports_it_honestly(personas):
    petition = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
    advance(petition, State.ACCEPTED, principal=personas.principal)
    services.record_mediation(
        petition,
        actor=personas.principal,
        held_on=timezone.localdate(),
        outcome=MediationOutcome.THANH,
        agreement="Phúc khảo lại bài thi.",
    )
    services.reply(petition, actor=personas.principal, text="Hai bên đã thống nhất.")
    services.close(petition, actor=personas.principal)
    assert petition.closure == Closure.MEDIATED


def test_a_late_second_complaint_is_registered_with_a_note_on_the_window(personas):
    petition = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    advance(petition, State.DECISION_SENT, principal=personas.principal)
    Petition.objects.filter(pk=petition.pk).update(decision_sent_on=dt.date(2025, 3, 3))
    petition.refresh_from_db()
    late = services.escalate(petition, actor=None, content="x", received_at=local_dt("2025-04-10 09:00")).petition
    assert "sau thời hạn" in late.decision_note and "Điều 33" in late.decision_note


def test_available_actions_follow_permissions_and_the_table(personas):
    petition = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    assert services.available_actions(petition, personas.teacher) == []
    assert services.available_actions(petition, personas.other_principal) == []
    head = services.available_actions(petition, personas.principal)
    assert Action.CLASSIFY in head and Action.ACCEPT not in head  # accept needs the classified state
    services.assign(petition, personas.teacher.person, actor=personas.principal)
    as_handler = services.available_actions(petition, personas.teacher)
    assert Action.CLASSIFY in as_handler and Action.ACCEPT not in as_handler


def test_a_handler_from_another_school_is_refused_on_acceptance(personas):
    petition = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    services.classify(petition, actor=personas.principal, kind=Kind.KHIEU_NAI)
    with pytest.raises(PetitionError, match="cơ quan giải quyết"):
        services.accept(petition, actor=personas.principal, handler=personas.other_principal.person)


def test_a_mixed_petition_is_split_into_one_petition_per_content(personas):
    petition = register(personas.school, personas.principal, kind=Kind.NHIEU_NOI_DUNG)
    parts = services.split_petition(
        petition,
        actor=personas.principal,
        parts=[
            {"kind": Kind.KHIEU_NAI, "content": "Khiếu nại kết quả phúc khảo"},
            {"kind": Kind.TO_CAO, "content": "Tố cáo thu tiền học thêm", "accused_person": personas.principal.person},
        ],
    )
    petition.refresh_from_db()
    assert petition.state == State.FILED and petition.closure == Closure.SPLIT
    complaint, denunciation = parts
    assert complaint.state == State.CLASSIFIED and complaint.step == "thu-ly"
    assert denunciation.handling_body == personas.department  # about the head: Luật TC Điều 18
    assert denunciation.identity.full_name == petition.identity.full_name
    assert complaint.received_at == petition.received_at
    with pytest.raises(PetitionError):
        services.split_petition(complaint, actor=personas.principal, parts=[{"kind": Kind.KHIEU_NAI, "content": "x"}])


def test_a_stale_copy_cannot_repeat_a_transition_and_leaves_no_document(personas):
    petition = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    services.classify(petition, actor=personas.principal, kind=Kind.KHIEU_NAI)
    stale = Petition.objects.get(pk=petition.pk)
    services.accept(petition, actor=personas.principal)
    with pytest.raises(PetitionError):
        services.accept(stale, actor=personas.principal)
    assert petition.documents.count() == 1
    assert PetitionStep.objects.filter(petition=petition, code="accepted").count() == 1


def test_the_buttons_offered_follow_the_kind_of_petition(personas):
    recommendation = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
    advance(recommendation, State.ACCEPTED, principal=personas.principal)
    offered = services.available_actions(recommendation, personas.principal)
    assert Action.REPLY in offered
    assert not {Action.RESOLVE, Action.EXTEND, Action.ESCALATE} & set(offered)  # answered directly (Luật TCD Đ28)
    complaint = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    advance(complaint, State.ACCEPTED, principal=personas.principal)
    offered = set(services.available_actions(complaint, personas.principal))
    assert {Action.RESOLVE, Action.ESCALATE, Action.DETERMINE_COMPLEX, Action.SUSPEND} <= offered
    assert Action.EXTEND not in offered  # a complaint's longer period comes from the complex determination
