"""The denunciation procedure (tố cáo) under the rules in force from 01/7/2026.

Luật Tố cáo 2018 Điều 24, 29, 30, 33, 34, 36, 37, 38, 40; NĐ 31/2019/NĐ-CP Điều 3, 4, 6, 9, 18 as amended by
NĐ 156/2026/NĐ-CP. Services are tested directly; the staff pages at the end. Documents are read back from the DOCX.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document

from danvan.core.models import AuditEvent
from danvan.core.testing import assert_forbidden, assert_isolated, assert_method_not_allowed, client_for
from danvan.org.choices import Position
from danvan.org.models import Membership, Person
from danvan.petitions import services
from danvan.petitions.choices import (
    DENUNCIATION_ACTIONS,
    TRANSITIONS,
    Action,
    Audience,
    Closure,
    DocumentKind,
    Kind,
    State,
)
from danvan.petitions.deadlines import publicity_deadline, transfer_deadline
from danvan.petitions.models import DenunciationWithdrawal, Petition, PetitionStep
from danvan.petitions.services import PetitionError
from tests.petitions.factories import advance, day, local_dt, register

pytestmark = pytest.mark.django_db

SECRETS = ("Nguyễn Thị Hoa", "0912345678", "0912 345 678", "Lạch Tray", "hoa@example")


def _text(document) -> str:
    document.file.open("rb")
    try:
        doc = Document(io.BytesIO(document.file.read()))
    finally:
        document.file.close()
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _assert_no_denouncer(document) -> None:
    text = _text(document)
    assert not document.contains_identity
    for secret in SECRETS:
        assert secret not in text, (document.kind, secret)


def _denunciation(personas, **kw):
    kw.setdefault("accused_text", "Thầy giáo Trần Văn Dạy")
    kw.setdefault("accused_person", personas.teacher.person)
    return register(personas.school, personas.principal, kind=Kind.TO_CAO, **kw)


def _director(personas):
    """A leader of the Department (Giám đốc Sở), who decides on a tố cáo tiếp."""

    user = get_user_model().objects.create_user(
        "giamdoc", "gd@example.invalid", personas.password, first_name="Giám Đốc"
    )
    person = Person.objects.create(organisation=personas.department, full_name="Giám Đốc Sở", user=user)
    Membership.objects.create(person=person, organisation=personas.department, position=Position.LANH_DAO_SO)
    return user


def _re_denunciation(personas, *, state=State.RECEIVED):
    first = _denunciation(personas)
    advance(first, State.DECISION_SENT, principal=personas.principal)
    second = services.re_denounce(first, actor=None, content="Kết luận bỏ sót chứng cứ thu tiền.").petition
    if state == State.CLASSIFIED:
        services.classify(second, actor=personas.department_officer, kind=Kind.TO_CAO)
    return second


# ---------------------------------------------------------------- the table, walked for denunciations

PAIRS = [(s, a) for s in State.values for a in sorted(DENUNCIATION_ACTIONS)]
ALLOWED = [pair for pair in PAIRS if pair in TRANSITIONS]
REFUSED = [pair for pair in PAIRS if pair not in TRANSITIONS]


def _data(action: str) -> dict:
    return {
        Action.EXTEND_PROCESSING: {"reason": "uy-quyen"},
        Action.WITHDRAW_DENUNCIATION: {"note": "Đơn rút tố cáo đề ngày hôm nay"},
        Action.HANDLE_CONCLUSION: {"measures": "Kiểm điểm, hoàn trả khoản thu", "follow_up_by": "Phó Hiệu trưởng"},
        Action.PUBLISH_CONCLUSION: {"publicity_forms": ["niem-yet"]},
        Action.RE_DENOUNCE: {"content": "Kết luận chưa khách quan."},
        Action.RE_RESOLVE: {"grounds": ["b"]},
        Action.UPHOLD_CONCLUSION: {"reason": "Việc giải quyết trước đó đúng pháp luật."},
    }[action]


@pytest.mark.parametrize(("state", "action"), ALLOWED, ids=[f"{s}-{a}" for s, a in ALLOWED])
def test_every_allowed_denunciation_transition_works(personas, state, action):
    actor = personas.principal
    if action in (Action.RE_RESOLVE, Action.UPHOLD_CONCLUSION):
        petition = _re_denunciation(personas, state=state)
        actor = _director(personas)
    else:
        petition = _denunciation(personas)
        advance(petition, state, principal=personas.principal)
    if action == Action.RE_DENOUNCE and state in (State.ACCEPTED, State.VERIFYING):
        # Luật TC Điều 38(1): the period lapsed without a conclusion.
        Petition.objects.filter(pk=petition.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
        petition.refresh_from_db()
    steps_before = PetitionStep.objects.filter(petition=petition).count()
    result = services.transition(petition, action, actor=actor, **_data(action))
    petition.refresh_from_db()
    if action == Action.RE_DENOUNCE:
        assert result.petition.re_denunciation_of == petition
        assert petition.state == state
    else:
        assert petition.state == TRANSITIONS[(state, action)]
    assert PetitionStep.objects.filter(petition=petition).count() > steps_before


@pytest.mark.parametrize(("state", "action"), REFUSED, ids=[f"{s}-{a}" for s, a in REFUSED])
def test_every_other_denunciation_transition_is_refused(personas, state, action):
    petition = _denunciation(personas)
    Petition.objects.filter(pk=petition.pk).update(state=state)
    petition.refresh_from_db()
    with pytest.raises(PetitionError):
        services.transition(petition, action, actor=personas.principal, **_data(action))
    petition.refresh_from_db()
    assert petition.state == state


def test_the_denunciation_actions_are_refused_on_a_complaint(personas):
    complaint = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    advance(complaint, State.ACCEPTED, principal=personas.principal)
    with pytest.raises(PetitionError, match="tố cáo"):
        services.withdraw_denunciation(complaint, actor=personas.principal)


# ---------------------------------------------------------------- initial processing and forwarding (Điều 24)


def test_initial_processing_needs_its_own_ground_to_last_10_working_days(personas):
    with time_machine.travel(local_dt("2024-06-03 08:00"), tick=False):
        p = _denunciation(personas, received_at=local_dt("2024-06-03 08:00"))
        services.classify(p, actor=personas.principal, kind=Kind.TO_CAO, is_complex=True, is_very_complex=True)
        assert (p.step, p.due_on) == ("xu-ly", day("2024-06-12"))  # 07 working days, complex or not
        with pytest.raises(PetitionError, match="Điều 24"):
            services.extend_initial_processing(p, actor=personas.principal, reason="phuc-tap")
        services.extend_initial_processing(p, actor=personas.principal, reason="uy-quyen")
    p.refresh_from_db()
    assert p.due_on == day("2024-06-17") and p.initial_processing_reason == "uy-quyen"
    assert "ủy quyền" in p.deadline_rule
    with pytest.raises(PetitionError):
        services.extend_initial_processing(p, actor=personas.principal, reason="nhieu-dia-diem")


def test_a_transfer_within_5_working_days_is_on_time_and_the_denouncer_is_notified(personas):
    with time_machine.travel(local_dt("2024-06-07 10:00"), tick=False):
        p = _denunciation(personas, received_at=local_dt("2024-06-03 08:00"))

        assert transfer_deadline(p).due == day("2024-06-10")  # Luật TC Điều 24(2): 05 working days
        services.transfer(p, actor=personas.principal, to_name="Thanh tra thành phố")
    p.refresh_from_db()
    assert p.transferred_on == day("2024-06-07") and p.transfer_due_on == day("2024-06-10")
    notice = p.documents.get(kind=DocumentKind.DENUNCIATION_TRANSFER_NOTICE)
    assert notice.audience == Audience.CITIZEN and "Thanh tra thành phố" in _text(notice)
    _assert_no_denouncer(p.documents.get(kind=DocumentKind.TRANSFER))


def test_a_transfer_after_5_working_days_is_flagged_late(personas):
    with time_machine.travel(local_dt("2024-06-11 10:00"), tick=False):
        p = _denunciation(personas, received_at=local_dt("2024-06-03 08:00"))
        services.transfer(p, actor=personas.principal, to_name="Thanh tra thành phố")
    p.refresh_from_db()
    assert p.transferred_on > p.transfer_due_on
    assert "quá hạn" in p.steps.get(code="transferred").note


def test_a_denunciation_is_forwarded_only_once(personas):
    p = _denunciation(personas)
    services.transfer(p, actor=personas.principal, to_name="Trường THPT Thái Phiên", to_org=personas.other_school)
    copy = Petition.objects.get(organisation=personas.other_school)
    with pytest.raises(PetitionError, match="một lần"):
        services.transfer(copy, actor=personas.other_principal, to_name="UBND phường")


# ---------------------------------------------------------------- acceptance (Điều 29)


def test_acceptance_issues_a_numbered_decision_and_notices_the_accused_without_identity(personas):
    p = _denunciation(personas)
    advance(p, State.ACCEPTED, principal=personas.principal)
    decision = p.documents.get(kind=DocumentKind.DENUNCIATION_ACCEPTANCE)
    assert decision.number_text == "01/QĐ-THPTNK"
    text = _text(decision)
    assert "QUYẾT ĐỊNH" in text and "Điều 29" in text and "30 ngày" in text
    _assert_no_denouncer(decision)
    to_denouncer = p.documents.get(kind=DocumentKind.ACCEPTANCE)
    assert to_denouncer.audience == Audience.CITIZEN and decision.number_text in _text(to_denouncer)
    to_accused = p.documents.get(kind=DocumentKind.ACCUSED_NOTICE)
    assert to_accused.audience == Audience.ACCUSED and to_accused.issued_on == p.accepted_on  # within 05 WD
    _assert_no_denouncer(to_accused)
    assert "giải trình" in _text(to_accused)


def test_the_notice_to_the_accused_masks_a_part_of_the_address_named_in_the_letter(personas):
    p = _denunciation(personas, content="Tôi ở số 12 Lạch Tray, tố cáo thầy Dạy thu tiền học thêm trái phép.")
    advance(p, State.ACCEPTED, principal=personas.principal)
    to_accused = p.documents.get(kind=DocumentKind.ACCUSED_NOTICE)
    _assert_no_denouncer(to_accused)
    assert "thu tiền học thêm" in _text(to_accused)  # the accused still learns what is denounced


# ---------------------------------------------------------------- extension (Điều 30; NĐ 31/2019 Điều 3)


def test_an_extension_needs_recorded_complexity_grounds(personas):
    p = _denunciation(personas)
    advance(p, State.VERIFYING, principal=personas.principal)
    with pytest.raises(PetitionError, match="tiêu chí"):
        services.extend(p, actor=personas.principal, days=30, reason="Cần thêm thời gian")
    with pytest.raises(PetitionError, match="tiêu chí"):
        services.extend(p, actor=personas.principal, days=30, reason="x", grounds=["z"])


def test_a_merely_complex_case_is_extended_once(personas):
    p = _denunciation(personas)
    advance(p, State.VERIFYING, principal=personas.principal)
    services.extend(p, actor=personas.principal, days=30, reason="Xác minh tại hai cơ sở", grounds=["a"])
    with pytest.raises(PetitionError, match="01 lần"):
        services.extend(p, actor=personas.principal, days=30, reason="Chưa xong", grounds=["a"])
    assert p.extensions.count() == 1 and not p.is_very_complex


def test_an_especially_complex_case_is_extended_twice_and_never_a_third_time(personas):
    p = _denunciation(personas)
    advance(p, State.VERIFYING, principal=personas.principal)
    services.extend(p, actor=personas.principal, days=30, reason="Nhiều nội dung", grounds=["a", "b"])
    p.refresh_from_db()
    assert p.is_very_complex
    services.extend(p, actor=personas.principal, days=20, reason="Chứng cứ mâu thuẫn", grounds=["g"])
    with pytest.raises(PetitionError, match="lần thứ ba"):
        services.extend(p, actor=personas.principal, days=10, reason="Lần ba", grounds=["a", "b", "g"])
    assert p.extensions.count() == 2
    assert p.extensions.order_by("id").first().complexity_grounds == "a,b"


def test_the_extension_decision_goes_to_the_accused_without_the_denouncer(personas):
    p = _denunciation(personas)
    advance(p, State.VERIFYING, principal=personas.principal)
    services.extend(p, actor=personas.principal, days=30, reason="Nhiều nội dung", grounds=["b"])
    decisions = p.documents.filter(kind=DocumentKind.EXTENSION)
    assert {d.audience for d in decisions} == {Audience.CITIZEN, Audience.ACCUSED}
    to_accused = decisions.get(audience=Audience.ACCUSED)
    _assert_no_denouncer(to_accused)
    assert "Mẫu 01" in _text(to_accused) and "30 ngày" in _text(to_accused)


# ---------------------------------------------------------------- withdrawal (Điều 33; NĐ 31 Điều 4 as amended)


@pytest.mark.parametrize("state", [State.RESOLVED, State.DECISION_SENT, State.REPLIED])
def test_withdrawal_after_the_conclusion_is_refused_with_a_clear_message(personas, state):
    p = _denunciation(personas)
    advance(p, state, principal=personas.principal)
    with pytest.raises(PetitionError, match="đã có kết luận nội dung tố cáo"):
        services.withdraw_denunciation(p, actor=personas.principal)
    with pytest.raises(PetitionError, match="đã có kết luận nội dung tố cáo"):
        services.withdraw(p, actor=personas.principal, reason="Rút")  # the generic door follows the same rule
    p.refresh_from_db()
    assert p.state == state and not p.denunciation_withdrawals.exists()


def test_a_partial_withdrawal_keeps_the_rest_in_handling(personas):
    p = _denunciation(personas)
    advance(p, State.VERIFYING, principal=personas.principal)
    with pytest.raises(PetitionError, match="nội dung tố cáo được rút"):
        services.withdraw_denunciation(p, actor=personas.principal, scope="mot-phan")
    services.withdraw_denunciation(
        p, actor=personas.principal, scope="mot-phan", withdrawn_content="Nội dung về việc dạy thêm"
    )
    p.refresh_from_db()
    assert p.state == State.VERIFYING and p.due_on is not None
    w = p.denunciation_withdrawals.get()
    assert (w.scope, w.withdrawn_content) == ("mot-phan", "Nội dung về việc dạy thêm")
    assert AuditEvent.objects.for_object(p).filter(code="petitions.petition.withdrawn_partly").exists()


@pytest.mark.parametrize("ground", ["a", "b", "c"])
def test_handling_continues_after_a_withdrawal_on_a_listed_ground(personas, ground):
    p = _denunciation(personas)
    advance(p, State.ACCEPTED, principal=personas.principal)
    with pytest.raises(PetitionError, match="căn cứ"):
        services.withdraw_denunciation(p, actor=personas.principal, continue_ground=ground)
    services.withdraw_denunciation(
        p,
        actor=personas.principal,
        continue_ground=ground,
        note="Biên bản làm việc cho thấy người tố cáo bị ép rút đơn",
    )
    p.refresh_from_db()
    assert p.state == State.ACCEPTED and p.continues_after_withdrawal and p.withdrawn_at
    assert p.denunciation_withdrawals.get().continue_ground == ground
    event = AuditEvent.objects.for_object(p).get(code="petitions.petition.withdrawn_continued")
    assert "Điều 4(4)" in event.message


def test_a_whole_withdrawal_without_ground_ends_with_a_termination_decision(personas):
    p = _denunciation(personas)
    advance(p, State.VERIFYING, principal=personas.principal)
    services.withdraw_denunciation(p, actor=personas.principal)
    p.refresh_from_db()
    assert p.state == State.CLOSED and p.closure == Closure.WITHDRAWN
    terminations = p.documents.filter(kind=DocumentKind.DENUNCIATION_TERMINATION)
    assert {d.audience for d in terminations} == {Audience.CITIZEN, Audience.ACCUSED}
    _assert_no_denouncer(terminations.get(audience=Audience.ACCUSED))
    assert "Điều 34" in _text(terminations.get(audience=Audience.CITIZEN))
    letter = p.documents.get(kind=DocumentKind.WITHDRAWAL_LETTER)
    assert "Mẫu 02" in _text(letter) and letter.contains_identity


def test_an_oral_withdrawal_is_recorded_in_mau_03_minutes(personas):
    p = _denunciation(personas)
    advance(p, State.ACCEPTED, principal=personas.principal)
    services.withdraw_denunciation(
        p, actor=personas.principal, withdrawal_form="bien-ban", scope="mot-phan", withdrawn_content="Nội dung thứ hai"
    )
    minutes = p.documents.get(kind=DocumentKind.WITHDRAWAL_MINUTES)
    text = _text(minutes)
    assert minutes.number_text == "01/BB-THPTNK"
    assert "BIÊN BẢN" in text and "Mẫu 03" in text and "Nội dung thứ hai" in text
    assert DenunciationWithdrawal.objects.get(petition=p).document == minutes


# ---------------------------------------------------------------- conclusion, handling, publicity (Điều 36, 40)


def test_a_withdrawn_denunciation_has_no_conclusion_to_handle_or_publish(personas, principal_client):
    p = _denunciation(personas)
    advance(p, State.ACCEPTED, principal=personas.principal)
    services.withdraw_denunciation(p, actor=personas.principal)
    with pytest.raises(PetitionError, match="chưa có kết luận"):
        services.publish_conclusion(p, actor=personas.principal, publicity_forms=["hop"])
    with pytest.raises(PetitionError, match="chưa có kết luận"):
        services.handle_conclusion(p, actor=personas.principal, measures="x", follow_up_by="y")
    _, actions = _actions(principal_client, p)
    assert "publish-conclusion" not in actions and "handle-conclusion" not in actions


def test_the_handling_of_the_conclusion_records_measures_and_follow_up(personas):
    p = _denunciation(personas)
    advance(p, State.DECISION_SENT, principal=personas.principal)
    with pytest.raises(PetitionError, match="theo dõi, đôn đốc"):
        services.handle_conclusion(p, actor=personas.principal, measures="Kiểm điểm", follow_up_by="")
    with pytest.raises(PetitionError):
        services.handle_conclusion(p, actor=personas.clerk, measures="Kiểm điểm", follow_up_by="Tổ thanh tra")
    services.handle_conclusion(
        p, actor=personas.principal, measures="Kiểm điểm, buộc hoàn trả", follow_up_by="Ban Thanh tra nhân dân trường"
    )
    p.refresh_from_db()
    assert p.conclusion_measures == "Kiểm điểm, buộc hoàn trả" and p.conclusion_handled_on == timezone.localdate()


def test_the_conclusion_is_publicised_within_7_working_days(personas):
    p = _denunciation(personas, content="Tôi là Nguyễn Thị Hoa, 12 Lạch Tray, tố cáo thầy Dạy thu tiền trái phép.")
    advance(p, State.VERIFYING, principal=personas.principal)
    with time_machine.travel(local_dt("2024-06-06 09:00"), tick=False):
        services.resolve(
            p,
            actor=personas.principal,
            summary="Bà Nguyễn Thị Hoa tố cáo đúng một phần.",
            denunciation_conclusion="dung-mot-phan",
            resolved_on=day("2024-06-06"),
        )

        limit = publicity_deadline(p)
        assert limit.due == day("2024-06-17") and "Điều 40" in limit.citation
        services.publish_conclusion(p, actor=personas.principal, publicity_forms=["niem-yet", "cong-thong-tin"])
    p.refresh_from_db()
    assert p.published_on == day("2024-06-06") and p.publicity_due_on == day("2024-06-17")
    notice = p.documents.get(kind=DocumentKind.PUBLICITY_NOTICE)
    assert notice.audience == Audience.PUBLIC
    _assert_no_denouncer(notice)
    assert "Niêm yết" in _text(notice) and "đúng một phần" in _text(notice)
    with pytest.raises(PetitionError, match="đã được công khai"):
        services.publish_conclusion(p, actor=personas.principal, publicity_forms=["hop"])


def test_a_publicity_after_7_working_days_is_flagged_late(personas):
    p = _denunciation(personas)
    advance(p, State.VERIFYING, principal=personas.principal)
    with time_machine.travel(local_dt("2024-06-18 09:00"), tick=False):
        services.resolve(
            p,
            actor=personas.principal,
            summary="KL",
            denunciation_conclusion="sai-su-that",
            resolved_on=day("2024-06-06"),
        )
        with pytest.raises(PetitionError, match="hình thức"):
            services.publish_conclusion(p, actor=personas.principal, publicity_forms=[])
        services.publish_conclusion(p, actor=personas.principal, publicity_forms=["hop"])
    assert "quá hạn" in p.steps.get(code="conclusion_published").note


# ---------------------------------------------------------------- tố cáo tiếp (Điều 37, 38)


def test_a_re_denunciation_goes_to_the_department_with_a_20_day_review(personas):
    first = _denunciation(personas)
    advance(first, State.DECISION_SENT, principal=personas.principal)
    with time_machine.travel(local_dt("2024-06-03 08:00"), tick=False):
        second = services.re_denounce(
            first,
            actor=personas.principal,
            content="Kết luận thiếu khách quan.",
            received_at=local_dt("2024-06-03 08:00"),
        ).petition
    assert (second.organisation, second.handling_body) == (personas.department, personas.department)
    assert second.kind == Kind.TO_CAO and second.re_denunciation_of == first
    assert second.step == "xem-xet-lai" and second.due_on == day("2024-06-24")  # 20 days; Sunday 23/6 rolls on
    assert "Điều 37" in second.deadline_citation
    assert second.identity.full_name == first.identity.full_name
    assert second in Petition.objects.visible_to(personas.department_officer)
    assert second not in Petition.objects.visible_to(personas.principal)
    assert second not in Petition.objects.visible_to(personas.teacher)  # the accused never sees it
    with pytest.raises(PetitionError, match="đang được cấp trên xem xét"):
        services.re_denounce(first, actor=None, content="Lần nữa")


def test_a_re_denunciation_before_the_conclusion_needs_an_overdue_case(personas):
    p = _denunciation(personas)
    advance(p, State.VERIFYING, principal=personas.principal)
    with pytest.raises(PetitionError, match="Điều 37, 38"):
        services.re_denounce(p, actor=None, content="Chậm giải quyết")
    Petition.objects.filter(pk=p.pk).update(due_on=day("2024-06-05"))
    p.refresh_from_db()
    with time_machine.travel(local_dt("2024-06-06 08:00"), tick=False):
        second = services.re_denounce(
            p, actor=None, content="Quá hạn mà chưa giải quyết", received_at=local_dt("2024-06-06 08:00")
        ).petition
    assert "Điều 38" in second.decision_note and second.re_denounced_overdue
    # Luật TC Điều 38(2): the superior requests a report within 05 working days (Thu 06/6 → Thu 13/6).
    assert (second.step, second.due_on) == ("yeu-cau-bao-cao", day("2024-06-13"))
    with pytest.raises(PetitionError, match="Điều 38"):
        services.uphold_conclusion(second, actor=_director(personas), reason="Giữ nguyên")


def test_the_superior_re_resolves_only_on_a_listed_ground(personas):
    second = _re_denunciation(personas, state=State.CLASSIFIED)
    director = _director(personas)
    with pytest.raises(PetitionError, match="Điều 37"):
        services.accept(second, actor=director)
    with pytest.raises(PetitionError, match="căn cứ"):
        services.re_resolve(second, actor=director, grounds=[])
    services.re_resolve(second, actor=director, grounds=["a", "c"])
    second.refresh_from_db()
    assert second.state == State.ACCEPTED and second.re_resolution_grounds == "a,c"
    assert second.step == "giai-quyet"  # then the ordinary 30 days (Điều 37(2)(c))
    assert second.documents.filter(kind=DocumentKind.DENUNCIATION_ACCEPTANCE).exists()


def test_the_superior_may_decline_to_re_resolve_with_reasons(personas):
    second = _re_denunciation(personas)
    director = _director(personas)
    services.uphold_conclusion(second, actor=director, reason="Kết luận trước đó đúng pháp luật.")
    second.refresh_from_db()
    assert second.state == State.CLOSED and second.closure == Closure.UPHELD
    notice = second.documents.get(kind=DocumentKind.NO_RE_RESOLUTION)
    assert notice.audience == Audience.CITIZEN and "Điều 37" in _text(notice)


def test_re_resolve_is_refused_on_an_ordinary_denunciation(personas):
    p = _denunciation(personas)
    with pytest.raises(PetitionError, match="tố cáo tiếp"):
        services.re_resolve(p, actor=personas.principal, grounds=["a"])


# ---------------------------------------------------------------- staff pages


def _actions(client, petition):
    response = client.get(reverse("petitions:detail", args=[petition.pk]))
    assert response.status_code == 200
    return response, [f["action"] for f in response.context["action_forms"]]


def test_the_file_page_offers_only_the_allowed_denunciation_steps(personas, principal_client):
    p = _denunciation(personas)
    _, actions = _actions(principal_client, p)
    assert "extend-processing" in actions and "withdraw-denunciation" in actions
    assert "withdraw" not in actions and "re-resolve" not in actions and "publish-conclusion" not in actions
    advance(p, State.VERIFYING, principal=personas.principal)
    _, actions = _actions(principal_client, p)
    assert "withdraw-denunciation" in actions and "re-denounce" not in actions  # not overdue
    advance_to_sent = services.resolve(p, actor=personas.principal, summary="KL", denunciation_conclusion="dung")
    response, actions = _actions(principal_client, advance_to_sent)
    assert "withdraw-denunciation" not in actions
    assert {"publish-conclusion", "handle-conclusion"} <= set(actions)
    html = response.content.decode()
    assert "data-publicity-due" in html and "Điều 40" in html
    forms = {f["action"]: f for f in response.context["action_forms"]}
    assert forms["publish-conclusion"]["confirm"]  # a final step asks for confirmation


def test_a_clerk_does_not_get_the_decision_maker_buttons(personas, clerk_client):
    p = _denunciation(personas)
    advance(p, State.DECISION_SENT, principal=personas.principal)
    _, actions = _actions(clerk_client, p)
    assert "handle-conclusion" not in actions
    response = clerk_client.post(
        reverse("petitions:action", args=[p.pk, "handle-conclusion"]),
        {"handle-conclusion-measures": "x", "handle-conclusion-follow_up_by": "y"},
    )
    assert response.status_code == 403


def test_a_withdrawal_posted_after_the_conclusion_is_refused(personas, principal_client):
    p = _denunciation(personas)
    advance(p, State.RESOLVED, principal=personas.principal)
    response = principal_client.post(
        reverse("petitions:action", args=[p.pk, "withdraw-denunciation"]),
        {"withdraw-denunciation-scope": "toan-bo", "withdraw-denunciation-withdrawal_form": "don"},
    )
    assert response.status_code == 403
    p.refresh_from_db()
    assert p.state == State.RESOLVED


def test_a_withdrawal_with_continuation_is_recorded_from_the_page(personas, principal_client):
    p = _denunciation(personas)
    advance(p, State.ACCEPTED, principal=personas.principal)
    url = reverse("petitions:action", args=[p.pk, "withdraw-denunciation"])
    data = {
        "withdraw-denunciation-scope": "toan-bo",
        "withdraw-denunciation-withdrawal_form": "bien-ban",
        "withdraw-denunciation-continue_ground": "b",
    }
    response = principal_client.post(url, data)
    assert response.status_code == 400 and "căn cứ" in response.content.decode()  # the message, not a 500
    data["withdraw-denunciation-note"] = "Người tố cáo trình bày bị đe dọa"
    response = principal_client.post(url, data)
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.state == State.ACCEPTED and p.continues_after_withdrawal
    page = principal_client.get(reverse("petitions:detail", args=[p.pk])).content.decode()
    assert "data-withdrawal" in page and "đe dọa, ép buộc, mua chuộc" in page


def test_publicity_from_the_page_and_another_school_gets_404(personas, principal_client):
    p = _denunciation(personas)
    advance(p, State.DECISION_SENT, principal=personas.principal)
    url = reverse("petitions:action", args=[p.pk, "publish-conclusion"])
    response = principal_client.post(url, {"publish-conclusion-publicity_forms": ["niem-yet"]})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.published_on == timezone.localdate()
    assert_isolated(personas.other_principal, [reverse("petitions:detail", args=[p.pk])])
    assert_isolated(personas.other_principal, [url], methods=("post",))


def test_the_department_reviews_a_re_denunciation_from_its_page(personas):
    second = _re_denunciation(personas)
    director = _director(personas)
    client = client_for(director)
    _, actions = _actions(client, second)
    assert {"re-resolve", "uphold-conclusion"} <= set(actions) and "accept" not in actions
    response = client.post(reverse("petitions:action", args=[second.pk, "re-resolve"]), {"re-resolve-grounds": ["b"]})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.state == State.ACCEPTED
    page = client.get(reverse("petitions:detail", args=[second.pk])).content.decode()
    assert "data-re-denunciation-of" in page


# ---------------------------------------------------------------- the denouncer's tố cáo tiếp on the tracking page


def _tracking(client, petition):
    response = client.post(reverse("petitions:public_track"), {"code": petition.tracking_code, "phone_last4": "5678"})
    assert response.status_code == 302
    return client.get(reverse("petitions:public_status", args=[petition.tracking_code]))


def test_the_denouncer_sends_a_re_denunciation_from_the_tracking_page(personas, client):
    p = _denunciation(personas)
    advance(p, State.VERIFYING, principal=personas.principal)
    page = _tracking(client, p)
    assert page.context["re_denounce"] is None  # not concluded, not overdue: no form
    services.resolve(p, actor=personas.principal, summary="KL", denunciation_conclusion="sai-su-that")
    services.send_decision(p, actor=personas.principal)
    page = client.get(reverse("petitions:public_status", args=[p.tracking_code]))
    assert page.context["re_denounce"] is not None and "Điều 37" in page.content.decode()
    url = reverse("petitions:public_re_denounce", args=[p.tracking_code])
    response = client.post(url, {"content": ""})
    assert response.status_code == 400
    response = client.post(url, {"content": "Kết luận bỏ qua chứng từ thu tiền tôi đã nộp."})
    assert response.status_code == 302
    second = Petition.objects.get(re_denunciation_of=p)
    assert second.handling_body == personas.department and second.step == "xem-xet-lai"
    event = AuditEvent.objects.for_object(p).get(code="petitions.petition.re_denounced")
    assert event.actor is None
    page = client.get(reverse("petitions:public_status", args=[p.tracking_code]))
    assert page.context["re_denounce"] is None  # one pending at a time
    assert "Tố cáo tiếp đã gửi" in page.content.decode()


def test_a_stranger_cannot_re_denounce_without_tracking_the_petition(personas, client):
    p = _denunciation(personas)
    advance(p, State.DECISION_SENT, principal=personas.principal)
    response = client.post(reverse("petitions:public_re_denounce", args=[p.tracking_code]), {"content": "x"})
    assert response.status_code == 302 and response["Location"] == reverse("petitions:public_track")
    assert not Petition.objects.filter(re_denunciation_of=p).exists()


def test_records_stay_in_vietnamese_for_an_english_reader(personas):
    p = _denunciation(personas)
    advance(p, State.VERIFYING, principal=personas.principal)
    with translation.override("en"):
        services.extend(p, actor=personas.principal, days=30, reason="Nhiều nội dung", grounds=["b"])
        services.withdraw_denunciation(p, actor=personas.principal, continue_ground="a", note="Có dấu hiệu vi phạm")
    assert "NĐ 31/2019 Điều 3(2)(b)" in p.steps.get(code="extended").note
    assert "Điều 4(4)(a)" in p.steps.get(code="withdrawn_continued").note
    decision = p.documents.filter(kind=DocumentKind.EXTENSION).first()
    assert "Có từ 02 nội dung phải xác minh" in _text(decision)


def test_the_denunciation_action_urls_refuse_a_read_only_role_and_a_wrong_method(personas):
    p = register(personas.school, personas.principal, kind=Kind.TO_CAO, accused_text="Kế toán nhà trường")
    advance(p, State.DECISION_SENT, principal=personas.principal)
    urls = [
        reverse("petitions:action", args=[p.pk, a])
        for a in ("publish-conclusion", "handle-conclusion", "re-denounce", "withdraw-denunciation")
    ]
    assert_forbidden(personas.teacher, urls)
    for url in urls:
        assert_method_not_allowed(personas.principal, url, "get")
    assert_isolated(personas.other_principal, urls, methods=("post",))


def test_the_dashboard_lists_conclusions_waiting_for_publicity(personas, principal_client):
    p = _denunciation(personas)
    advance(p, State.DECISION_SENT, principal=personas.principal)
    page = principal_client.get(reverse("core:dashboard")).content.decode()
    assert "data-publicity-panel" in page and p.tracking_code in page
    services.publish_conclusion(p, actor=personas.principal, publicity_forms=["niem-yet"])
    page = principal_client.get(reverse("core:dashboard")).content.decode()
    assert "data-publicity-panel" not in page
    other = client_for(personas.other_principal).get(reverse("core:dashboard")).content.decode()
    assert p.tracking_code not in other
