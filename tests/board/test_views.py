from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from danvan.board import services
from danvan.board.choices import Channel, PeriodKind
from danvan.board.models import BoardRecommendation, BoardTerm, StaffFeedback
from danvan.core.models import AuditEvent
from danvan.core.testing import assert_forbidden, assert_isolated, assert_method_not_allowed, client_for
from danvan.org.choices import Position
from danvan.org.models import Membership, Organisation
from danvan.petitions.choices import Kind, State
from tests.petitions.factories import IDENTITY, advance, register

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def objects(term, big_school, staff, board_head, time_machine):
    time_machine.move_to("2025-10-20 09:00 +07:00")
    programme = services.create_programme(
        big_school,
        actor=board_head,
        period=PeriodKind.QUARTER,
        year=2025,
        number=4,
        title="Quý 4",
        items=["Giám sát công khai tài chính"],
    )
    fb = services.receive_feedback(
        big_school,
        actor=board_head,
        person=staff[8],
        content="Đề nghị công khai",
        received_on=D(2025, 10, 1),
        channel=Channel.BOX,
    )
    rec = services.send_recommendation(
        big_school,
        actor=board_head,
        subject="Công khai bảng chấm công",
        content="Kiến nghị",
        sent_on=D(2025, 10, 10),
        feedback=fb,
    )
    report = services.create_report(
        big_school,
        actor=board_head,
        period=PeriodKind.HALF,
        year=2025,
        number=1,
        title="Báo cáo 6 tháng",
        content="Nội dung",
        recipient="ca-hai",
    )
    return {
        "term": term,
        "programme": programme,
        "fb": fb,
        "rec": rec,
        "report": report,
        "item": programme.items.first(),
    }


def detail_urls(o):
    return [
        reverse("board:term_detail", args=[o["term"].pk]),
        reverse("board:programme_detail", args=[o["programme"].pk]),
        reverse("board:feedback_detail", args=[o["fb"].pk]),
        reverse("board:recommendation_detail", args=[o["rec"].pk]),
        reverse("board:report_detail", args=[o["report"].pk]),
    ]


def action_urls(o):
    return [
        reverse("board:term_recognise", args=[o["term"].pk]),
        reverse("board:term_members", args=[o["term"].pk]),
        reverse("board:programme_transition", args=[o["programme"].pk]),
        reverse("board:item_toggle", args=[o["item"].pk]),
        reverse("board:item_add", args=[o["programme"].pk]),
        reverse("board:feedback_verify", args=[o["fb"].pk]),
        reverse("board:feedback_result", args=[o["fb"].pk]),
        reverse("board:recommendation_answer", args=[o["rec"].pk]),
        reverse("board:recommendation_withdraw", args=[o["rec"].pk]),
    ]


CREATE = [
    "board:term_create",
    "board:programme_create",
    "board:feedback_create",
    "board:recommendation_create",
    "board:report_create",
]


def test_the_principal_and_board_head_see_every_page(objects, principal, board_head):
    board_only = {reverse("board:feedback_create"), reverse("board:recommendation_create")}
    for user in (principal, board_head):
        client = client_for(user)
        for url in [
            reverse("board:home"),
            reverse("board:recommendation_list"),
            reverse("board:feedback_list"),
            reverse("board:outcomes"),
            *detail_urls(objects),
            *[reverse(n) for n in CREATE],
        ]:
            expected = 403 if user == principal and url in board_only else 200
            assert client.get(url).status_code == expected, url


def test_the_principal_does_not_do_the_board_s_own_work(objects, principal):
    o = objects
    assert_forbidden(
        principal,
        [
            reverse("board:feedback_create"),
            reverse("board:recommendation_create"),
            reverse("board:feedback_verify", args=[o["fb"].pk]),
            reverse("board:feedback_result", args=[o["fb"].pk]),
            reverse("board:recommendation_withdraw", args=[o["rec"].pk]),
        ],
    )
    html = client_for(principal).get(reverse("board:home")).content.decode()
    assert reverse("board:recommendation_create") not in html and reverse("board:term_create") in html


def test_another_school_gets_404_for_every_object(objects, other_principal):
    assert_isolated(other_principal, detail_urls(objects))
    assert_isolated(other_principal, action_urls(objects), methods=("post",))


def test_another_school_cannot_pick_this_school_in_lists(objects, other_principal, big_school):
    client = client_for(other_principal)
    for name in ("board:home", "board:recommendation_list", "board:feedback_list", "board:outcomes"):
        assert client.get(reverse(name), {"org": big_school.pk}).status_code == 404


def test_a_teacher_gets_403_on_every_write(objects, teacher):
    assert_forbidden(teacher, action_urls(objects))
    assert_forbidden(teacher, [reverse(n) for n in CREATE])
    assert_forbidden(teacher, [reverse(n) for n in CREATE], method="get")


def test_the_board_head_cannot_answer_for_the_principal(objects, board_head):
    assert_forbidden(
        board_head,
        [reverse("board:recommendation_answer", args=[objects["rec"].pk])],
        data={"answer": "x", "answered_on": "2025-10-20"},
    )


def test_wrong_methods_get_405(objects, principal):
    members_page = reverse("board:term_members", args=[objects["term"].pk])
    for url in action_urls(objects):
        if url != members_page:  # a form page (GET and POST)
            assert_method_not_allowed(principal, url, "get")
    assert_method_not_allowed(principal, members_page, "put")
    for url in [*detail_urls(objects), reverse("board:home"), reverse("board:recommendation_list")]:
        assert_method_not_allowed(principal, url, "post")
    assert_method_not_allowed(principal, reverse("board:term_create"), "delete")


def test_recording_a_term_through_the_form(big_school, staff, principal):
    response = client_for(principal).post(
        reverse("board:term_create"),
        {
            "elected_on": "2025-09-15",
            "head": staff[0].pk,
            "deputies": [staff[1].pk],
            "members": [staff[2].pk, staff[3].pk],
            "conference": "Hội nghị CBVC 2025",
        },
    )
    term = BoardTerm.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("board:term_detail", args=[term.pk])
    assert term.members.count() == 4
    html = client_for(principal).get(response["Location"]).content.decode()
    assert staff[0].full_name in html and "Trưởng ban" in html and "14/09/2027" in html


def test_the_form_shows_the_article_when_the_board_is_too_small(big_school, staff, principal):
    response = client_for(principal).post(
        reverse("board:term_create"), {"elected_on": "2025-09-15", "head": staff[0].pk, "members": [staff[1].pk]}
    )
    assert response.status_code == 400
    assert "Ban thanh tra nhân dân có từ 3 đến 9 thành viên (Điều 60 Luật 10/2022/QH15)" in response.content.decode()
    assert not BoardTerm.objects.exists()


def test_the_principal_answers_through_the_page(objects, principal):
    rec = objects["rec"]
    page = client_for(principal).get(reverse("board:recommendation_detail", args=[rec.pk])).content.decode()
    assert "27/10/2025" in page and "còn 7 ngày" in page  # 10/10 + 15 = 25/10 (Saturday) → Monday 27/10
    response = client_for(principal).post(
        reverse("board:recommendation_answer", args=[rec.pk]), {"answer": "Đã công khai", "answered_on": "2025-10-20"}
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.status == "da-tra-loi" and rec.answered_by == principal


def test_the_board_records_feedback_and_a_recommendation(big_school, staff, board_head, time_machine):
    time_machine.move_to("2025-10-20 09:00 +07:00")
    client = client_for(board_head)
    r = client.post(
        reverse("board:feedback_create"),
        {"person": staff[4].pk, "content": "Phản ánh", "received_on": "2025-10-15", "channel": "hop-thu"},
    )
    fb = StaffFeedback.objects.get()
    assert r["Location"] == reverse("board:feedback_detail", args=[fb.pk])
    client.post(reverse("board:feedback_verify", args=[fb.pk]))
    client.post(reverse("board:feedback_result", args=[fb.pk]), {"result": "Đã trả lời", "sent_on": "2025-10-18"})
    fb.refresh_from_db()
    assert fb.status == "da-tra-loi"
    r = client.post(
        reverse("board:recommendation_create"),
        {"subject": "KN", "content": "Nội dung", "sent_on": "2025-10-20", "feedback": fb.pk},
    )
    rec = BoardRecommendation.objects.get()
    assert rec.feedback == fb and rec.due_on == D(2025, 11, 4)


def test_lists_use_a_constant_number_of_queries(
    objects, big_school, board_head, principal, django_assert_max_num_queries
):
    client = client_for(principal)
    urls = [reverse("board:recommendation_list"), reverse("board:feedback_list"), reverse("board:home")]
    for url in urls:
        client.get(url)  # warm caches (calendar, content types)
    for i in range(12):
        services.receive_feedback(
            big_school,
            actor=board_head,
            person=objects["fb"].person,
            content=f"fb {i}",
            received_on=D(2025, 10, 2),
            channel=Channel.DIRECT,
        )
        services.send_recommendation(
            big_school, actor=board_head, subject=f"rec {i}", content="x", sent_on=D(2025, 10, 11)
        )
    for url in urls:
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200


def test_overdue_recommendations_are_red_in_the_list(objects, principal, time_machine):
    time_machine.move_to("2025-10-30 09:00 +07:00")
    html = client_for(principal).get(reverse("board:recommendation_list")).content.decode()
    assert "badge late" in html and "quá hạn 3 ngày" in html


def test_the_dashboard_panels(objects, principal, board_head):
    principal_html = client_for(principal).get(reverse("core:dashboard")).content.decode()
    assert "Kiến nghị của Ban TTND cần trả lời" in principal_html and "Công khai bảng chấm công" in principal_html
    head_html = client_for(board_head).get(reverse("core:dashboard")).content.decode()
    assert "chờ Hiệu trưởng trả lời" in head_html and "Công khai bảng chấm công" in head_html
    assert "cần trả lời" not in head_html


def test_the_nav_entry_shows_for_board_readers_only(objects, principal, teacher):
    link = f'href="{reverse("board:home")}"'
    assert link in client_for(principal).get(reverse("core:dashboard")).content.decode()
    teacher_page = client_for(teacher).get(reverse("core:dashboard")).content.decode()
    assert link not in teacher_page
    # Every staff member sends concerns: the teacher's own entry is there (issue #12).
    assert f'href="{reverse("board:my_concerns")}"' in teacher_page


def test_outcomes_take_whole_local_days(big_school, principal, board_head):
    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    last_evening = register(big_school, principal, received_at=dt.datetime(2025, 3, 31, 23, 30, tzinfo=hanoi))
    next_morning = register(big_school, principal, received_at=dt.datetime(2025, 4, 1, 0, 30, tzinfo=hanoi))
    first_morning = register(big_school, principal, received_at=dt.datetime(2025, 1, 1, 0, 10, tzinfo=hanoi))
    for p in (last_evening, next_morning, first_morning):
        advance(p, State.DECISION_SENT, principal=principal)
    html = client_for(board_head).get(reverse("board:outcomes"), {"from": "2025-01-01", "to": "2025-03-31"}).content
    html = html.decode()
    assert last_evening.tracking_code in html and first_morning.tracking_code in html
    assert next_morning.tracking_code not in html


def test_outcomes_of_real_petitions_show_without_the_denouncer(big_school, principal, board_head):
    p = register(big_school, principal, kind=Kind.TO_CAO)
    advance(p, State.DECISION_SENT, principal=principal)
    html = client_for(board_head).get(reverse("board:outcomes")).content.decode()
    assert p.tracking_code in html and "Tố cáo" in html
    for secret in (IDENTITY["full_name"], IDENTITY["phone"], IDENTITY["address"], "0912345678"):
        assert secret not in html


def test_the_audit_trail_shows_on_object_pages(objects, principal):
    html = client_for(principal).get(reverse("board:recommendation_detail", args=[objects["rec"].pk])).content
    assert "gửi kiến nghị tới Hiệu trưởng" in html.decode()


def test_only_the_board_sees_who_raised_a_staff_recommendation(objects, principal, board_head, staff):
    name = staff[8].full_name
    urls = [
        reverse("board:feedback_detail", args=[objects["fb"].pk]),
        reverse("board:feedback_list"),
        reverse("board:home"),
    ]
    for url in urls:
        assert name not in client_for(principal).get(url).content.decode(), url
        assert name in client_for(board_head).get(url).content.decode(), url
    events = AuditEvent.objects.filter(object_id=str(objects["fb"].pk), content_type__model="stafffeedback")
    assert events and all(name not in str(e.changes) + e.object_repr for e in events)


def test_members_of_the_current_term_see_names_too(objects, staff, personas):
    user = get_user_model().objects.create_user("uyvien", "u@example.invalid", personas.password)
    member = staff[2]  # an Ủy viên of the term elected 15/09/2025
    member.user = user
    member.save(update_fields=["user"])
    Membership.objects.create(
        person=member,
        position=Position.THANH_VIEN_TTND,
        organisation=Organisation.objects.get(parent=member.organisation, code="TTND"),
    )
    html = client_for(user).get(reverse("board:feedback_detail", args=[objects["fb"].pk])).content.decode()
    assert staff[8].full_name in html


def test_activities_are_added_until_the_programme_is_closed(objects, board_head):
    programme = objects["programme"]
    client = client_for(board_head)
    client.post(
        reverse("board:item_add", args=[programme.pk]), {"content": "Giám sát bữa ăn bán trú", "timing": "Tháng 11"}
    )
    assert [i.order for i in programme.items.all()] == [1, 2]
    services.transition_programme(programme, "adopt", actor=board_head)
    services.transition_programme(programme, "close", actor=board_head)
    client.post(reverse("board:item_add", args=[programme.pk]), {"content": "Muộn"})
    assert programme.items.count() == 2


def test_a_by_election_changes_the_members_under_the_same_rules(objects, principal, staff):
    term = objects["term"]
    url = reverse("board:term_members", args=[term.pk])
    client = client_for(principal)
    assert staff[0].full_name in client.get(url).content.decode()
    r = client.post(url, {"head": staff[0].pk, "members": [staff[1].pk]})
    assert r.status_code == 400 and "từ 3 đến 9" in r.content.decode()
    r = client.post(url, {"head": staff[5].pk, "deputies": [staff[6].pk], "members": [staff[0].pk, staff[1].pk]})
    assert r.status_code == 302
    assert [m.person for m in services.ordered_members(term)][:2] == [staff[5], staff[6]]
