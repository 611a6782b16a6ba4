"""The living plan: progress updates with evidence, who may update, comments, my tasks, the dashboard rule."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.core.testing import client_for
from danvan.notify.models import Notification
from danvan.org.choices import Position
from danvan.org.models import Membership, Organisation, Person
from danvan.plans import services
from danvan.plans.choices import PlanStatus, TaskStatus
from danvan.plans.models import Evidence
from tests.plans.fixtures_plans import simple_plan

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def unit_leader(school, unit_code="CD", username="congdoan"):
    user = get_user_model().objects.create_user(username, password="pw-for-tests-1")
    person = Person.objects.create(organisation=school, full_name="Vũ Văn Công Đoàn", user=user)
    unit = Organisation.objects.get(parent=school, code=unit_code)
    Membership.objects.create(person=person, organisation=unit, position=Position.CHU_TICH_CD)
    return user


def test_an_update_moves_status_progress_and_keeps_evidence(school, clerk):
    task = simple_plan(school).tasks.first()
    services.record_task_update(
        task,
        actor=clerk,
        status=TaskStatus.NOT_STARTED,
        progress=30,
        note="Đã họp",
        files=[SimpleUploadedFile("bien-ban.pdf", PDF)],
    )
    task.refresh_from_db()
    assert (task.status, task.progress, task.completed_on) == (TaskStatus.IN_PROGRESS, 30, None)
    ev = Evidence.objects.get(task=task)
    assert (ev.name, ev.kind, ev.uploaded_by) == ("bien-ban.pdf", "pdf", clerk)
    assert ev.update.note == "Đã họp"
    with time_machine.travel(dt.datetime(2023, 3, 10, 3, tzinfo=dt.UTC), tick=False):
        services.record_task_update(task, actor=clerk, status=TaskStatus.IN_PROGRESS, progress=100)
    task.refresh_from_db()
    assert (task.status, task.progress, task.completed_on) == (TaskStatus.DONE, 100, dt.date(2023, 3, 10))


def test_it_rejects_a_disguised_executable(school, clerk):
    task = simple_plan(school).tasks.first()
    with pytest.raises(services.PlanError, match="không phải loại được chấp nhận"):
        services.record_task_update(
            task,
            actor=clerk,
            status=TaskStatus.IN_PROGRESS,
            progress=10,
            files=[SimpleUploadedFile("bao-cao.pdf", EXE)],
        )
    assert not Evidence.objects.exists()
    task.refresh_from_db()
    assert task.progress == 0


def test_a_unit_leader_updates_the_units_tasks_but_a_teacher_does_not(school, teacher):
    plan = simple_plan(school)
    task = plan.tasks.first()
    task.units.set(
        [Organisation.objects.get(parent=school, code="CD"), Organisation.objects.get(parent=school, code="TOCM")]
    )
    leader = unit_leader(school)
    assert services.can_update_task(leader, task)
    assert not services.can_update_task(teacher, task)
    with pytest.raises(services.PlanError):
        services.record_task_update(task, actor=teacher, status=TaskStatus.IN_PROGRESS, progress=10)
    with pytest.raises(services.PlanError):
        services.add_comment(task, actor=teacher, body="Ý kiến")


def test_my_tasks_are_those_i_lead_or_my_units_carry(school, principal):
    plan = simple_plan(school, tasks=3)
    t1, t2, t3 = plan.tasks.order_by("order")
    leader = unit_leader(school)
    t2.units.set([Organisation.objects.get(parent=school, code="CD")])
    t3.lead_person = Person.objects.get(user=leader)
    t3.save()
    assert set(services.tasks_for(leader)) == {t2, t3}
    assert t1 not in services.tasks_for(leader)


def test_late_and_at_risk_split(school):
    plan = simple_plan(school, tasks=3, status=PlanStatus.PUBLISHED)
    t1, t2, t3 = plan.tasks.order_by("order")  # due 28/3, 28/6, 28/9
    t2.progress = 60
    t2.save()
    tasks = plan.tasks.all()
    late, at_risk = services.late_and_at_risk(tasks, on=dt.date(2023, 6, 20))
    assert late == [t1]
    assert at_risk == []
    t2.progress = 40
    t2.save()
    late, at_risk = services.late_and_at_risk(tasks, on=dt.date(2023, 6, 20))
    assert at_risk == [t2]
    assert t3 not in late + at_risk


def test_comments_need_text(school, clerk):
    task = simple_plan(school).tasks.first()
    with pytest.raises(services.PlanError):
        services.add_comment(task, actor=clerk, body="  ")
    c = services.add_comment(task, actor=clerk, body="Đề nghị bổ sung biên bản")
    assert c.organisation == school


def test_validate_evidence_accepts_real_documents():
    assert services.validate_evidence(io.BytesIO(PDF)) == "pdf"


def test_done_under_100_percent_is_refused(school, clerk):
    task = simple_plan(school).tasks.first()
    with pytest.raises(services.PlanError) as refused:
        services.record_task_update(task, actor=clerk, status=TaskStatus.DONE, progress=50)
    assert refused.value.field == "progress"
    task.refresh_from_db()
    assert (task.status, task.progress, task.completed_on) == (TaskStatus.NOT_STARTED, 0, None)


def test_work_entered_late_is_dated_when_it_was_done(school, clerk):
    task = simple_plan(school).tasks.first()
    with time_machine.travel(dt.datetime(2023, 12, 7, 3, tzinfo=dt.UTC), tick=False):
        update = services.record_task_update(
            task, actor=clerk, status=TaskStatus.DONE, progress=100, done_on=dt.date(2023, 11, 20)
        )
        task.refresh_from_db()
        assert (task.completed_on, update.done_on, update.effective_on) == ((dt.date(2023, 11, 20),) * 3)
        assert update.entered_later
        # Evidence added later without a date does not move the day the task was completed.
        services.record_task_update(task, actor=clerk, status=TaskStatus.DONE, progress=100, note="Bổ sung ảnh")
        task.refresh_from_db()
        assert task.completed_on == dt.date(2023, 11, 20)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(2023, 12, 8), "không được sau hôm nay (07/12/2023)"),
        (dt.date(2022, 12, 31), "không được trước ngày 01/01/2023"),
    ],
)
def test_a_work_date_outside_the_plan_or_in_the_future_is_refused(school, clerk, day, message):
    task = simple_plan(school).tasks.first()
    with time_machine.travel(dt.datetime(2023, 12, 7, 3, tzinfo=dt.UTC), tick=False):
        with pytest.raises(services.PlanError, match=re.escape(message)) as err:
            services.record_task_update(task, actor=clerk, status=TaskStatus.DONE, progress=100, done_on=day)
    assert err.value.field == "done_on"
    task.refresh_from_db()
    assert (task.status, task.updates.count()) == (TaskStatus.NOT_STARTED, 0)


def test_the_departments_manager_sees_the_schools_late_tasks_on_the_dashboard(school, department, personas):
    plan = simple_plan(school, status=PlanStatus.PUBLISHED)
    user = get_user_model().objects.create_user("lanhdaoso", password="pw-for-tests-1")
    person = Person.objects.create(organisation=department, full_name="Lãnh Đạo Sở", user=user)
    Membership.objects.create(person=person, organisation=department, position=Position.LANH_DAO_SO)
    with time_machine.travel(dt.datetime(2023, 12, 7, 3, tzinfo=dt.UTC)):
        body = client_for(user).get(reverse("core:dashboard")).content.decode()
    assert "Không có nhiệm vụ quá hạn" not in body
    assert "Nhiệm vụ số 1" in body and (school.short_name or school.name) in body
    assert plan.tasks.count() == 2


def _four_unit_task(school, principal):
    task = simple_plan(school, status=PlanStatus.PUBLISHED).tasks.first()
    task.lead_person = principal.person
    task.save(update_fields=["lead_person"])
    task.units.set(Organisation.objects.filter(parent=school, code__in=["CD", "DOAN", "TOCM", "TTND"]))
    return task


def _leader(school, code, position, username):
    user = get_user_model().objects.create_user(username, password="pw-for-tests-1")
    person = Person.objects.create(organisation=school, full_name=f"Trưởng {code}", user=user)
    Membership.objects.create(
        person=person, organisation=Organisation.objects.get(parent=school, code=code), position=position
    )
    return user


def test_a_unit_leader_reports_the_units_share_and_only_the_lead_completes_the_task(
    school, principal, django_capture_on_commit_callbacks
):

    task = _four_unit_task(school, principal)
    leaders = [
        _leader(school, "CD", Position.CHU_TICH_CD, "cd"),
        _leader(school, "DOAN", Position.BI_THU_DOAN, "dn"),
        _leader(school, "TOCM", Position.TO_TRUONG_CM, "tt"),
        _leader(school, "TTND", Position.TRUONG_BAN_TTND, "tn"),
    ]
    with time_machine.travel(dt.datetime(2023, 12, 7, 3, tzinfo=dt.UTC), tick=False):
        # A tổ trưởng marks "Hoàn thành 100%": that is the tổ's share, a quarter of the task, not the task.
        update = services.record_task_update(task, actor=leaders[2], status=TaskStatus.DONE, progress=100)
        task.refresh_from_db()
        assert update.unit.code == "TOCM"
        assert (task.status, task.progress, task.completed_on) == (TaskStatus.IN_PROGRESS, 25, None)
        assert not services.awaiting_confirmation(task)
        with django_capture_on_commit_callbacks(execute=True):
            for i, leader in enumerate(leaders):
                services.record_task_update(
                    task, actor=leader, status=TaskStatus.DONE, progress=100, done_on=dt.date(2023, 11, 10 + i)
                )
        task.refresh_from_db()
        assert (task.status, task.progress) == (TaskStatus.IN_PROGRESS, 100)
        assert services.awaiting_confirmation(task)
        assert Notification.objects.filter(recipient=principal, subject__contains="chờ xác nhận").count() == 1
        assert [s.progress for s in services.unit_progress(task)] == [100] * 4
        # The lead confirms, dated when the last unit finished.
        services.record_task_update(
            task, actor=principal, status=TaskStatus.DONE, progress=100, done_on=dt.date(2023, 11, 13)
        )
        task.refresh_from_db()
        assert (task.status, task.completed_on) == (TaskStatus.DONE, dt.date(2023, 11, 13))
        assert not services.awaiting_confirmation(task)


def test_the_task_page_shows_unit_shares_and_the_lead_confirms_there(school, principal):
    task = _four_unit_task(school, principal)
    leaders = [
        _leader(school, c, p, c.lower())
        for c, p in [
            ("CD", Position.CHU_TICH_CD),
            ("DOAN", Position.BI_THU_DOAN),
            ("TOCM", Position.TO_TRUONG_CM),
            ("TTND", Position.TRUONG_BAN_TTND),
        ]
    ]
    url = reverse("plans:task_detail", args=[task.pk])
    page = client_for(leaders[0]).get(url).content.decode()
    assert "Bạn báo cáo phần việc của Công đoàn" in page and "Xác nhận hoàn thành" not in page
    response = client_for(leaders[0]).post(
        reverse("plans:task_update", args=[task.pk]), {"status": "done", "progress": "100"}, follow=True
    )
    assert "Đã ghi nhận phần việc của Công đoàn (100%)" in response.content.decode()
    for leader in leaders[1:]:
        services.record_task_update(task, actor=leader, status=TaskStatus.DONE, progress=100)
    page = client_for(principal).get(url).content.decode()
    assert "Tiến độ theo bộ phận" in page and "chờ người chủ trì xác nhận" in page
    assert "Xác nhận hoàn thành" in page
    assert "Xác nhận hoàn thành" not in client_for(leaders[0]).get(url).content.decode()
    client_for(principal).post(
        reverse("plans:task_update", args=[task.pk]),
        {"status": "done", "progress": "100", "note": "Xác nhận hoàn thành nhiệm vụ."},
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
