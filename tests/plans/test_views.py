"""Plan pages: isolation (404), read-only roles (403), wrong methods (405), and what each page does."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.core.storage import save_temporary, stored_files
from danvan.core.testing import assert_forbidden, assert_isolated, assert_method_not_allowed, client_for
from danvan.org.choices import Position
from danvan.org.models import Membership, Organisation
from danvan.plans import services
from danvan.plans.choices import PlanStatus, TaskStatus
from danvan.plans.models import Evidence, Plan, Task, UnitAbbreviation
from tests.plans.fixtures_plans import SEED_NAME, import_seed, publish, seed_bytes, simple_plan

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture
def plan(school):
    return simple_plan(school)


@pytest.fixture
def task(plan):
    return plan.tasks.order_by("order").first()


def url(name, *args):
    return reverse(f"plans:{name}", args=args)


# ---------------------------------------------------------------- isolation, 403, 405


def test_another_school_gets_404_on_every_object_page(plan, task, school, other_principal, clerk):
    services.record_task_update(
        task, actor=clerk, status=TaskStatus.IN_PROGRESS, progress=10, files=[SimpleUploadedFile("a.pdf", PDF)]
    )
    evidence = Evidence.objects.get()
    entry = UnitAbbreviation.objects.create(
        organisation=school, abbreviation="BPGV", unit=Organisation.objects.get(parent=school, code="VT")
    )
    assert_isolated(
        other_principal,
        [
            url("plan_detail", plan.pk),
            url("plan_history", plan.pk),
            url("plan_timeline", plan.pk),
            url("plan_export", plan.pk, "docx"),
            url("plan_edit", plan.pk),
            url("task_detail", task.pk),
            url("task_edit", task.pk),
            url("evidence_download", evidence.pk),
            url("task_create", plan.pk),
        ],
    )
    assert_isolated(
        other_principal,
        [
            url("plan_transition", plan.pk, "approve"),
            url("plan_clone", plan.pk),
            url("task_update", task.pk),
            url("task_comment", task.pk),
            url("task_move", task.pk, "xuong"),
            url("task_delete", task.pk),
            url("unit_abbreviation_delete", entry.pk),
        ],
        methods=("post",),
    )
    assert Task.objects.filter(pk=task.pk).exists()


def test_a_teacher_gets_403_on_every_write(plan, task, teacher):
    assert_forbidden(
        teacher,
        [
            url("plan_import"),
            url("plan_import_confirm"),
            url("plan_create"),
            url("plan_edit", plan.pk),
            url("plan_transition", plan.pk, "approve"),
            url("plan_clone", plan.pk),
            url("task_create", plan.pk),
            url("task_edit", task.pk),
            url("task_delete", task.pk),
            url("task_move", task.pk, "xuong"),
            url("task_update", task.pk),
            url("task_comment", task.pk),
            url("unit_dictionary"),
        ],
    )
    assert_forbidden(teacher, [url("plan_import"), url("plan_create")], method="get")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_a_clerk_may_not_approve(plan, clerk):
    assert_forbidden(clerk, [url("plan_transition", plan.pk, "approve")])


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("plan_transition", "get"),
        ("plan_clone", "get"),
        ("task_update", "get"),
        ("task_comment", "get"),
        ("task_move", "get"),
        ("task_delete", "get"),
        ("plan_import_confirm", "get"),
        ("plan_detail", "post"),
        ("task_detail", "post"),
        ("plan_list", "post"),
        ("my_tasks", "post"),
        ("plan_history", "post"),
    ],
)
def test_a_wrong_method_gets_405(plan, task, principal, name, method):
    args = {
        "plan_transition": (plan.pk, "approve"),
        "plan_clone": (plan.pk,),
        "task_update": (task.pk,),
        "task_comment": (task.pk,),
        "task_move": (task.pk, "len"),
        "task_delete": (task.pk,),
        "plan_detail": (plan.pk,),
        "task_detail": (task.pk,),
        "plan_history": (plan.pk,),
    }.get(name, ())
    assert_method_not_allowed(principal, url(name, *args), method)


# ---------------------------------------------------------------- list and detail


def test_the_list_shows_own_plans_searchable_without_diacritics(plan, other_school, principal_client):
    simple_plan(other_school, year=2024)
    Plan.objects.create(organisation=plan.organisation, year=2022, title="Kế hoạch thi đua Dân vận khéo")
    response = principal_client.get(url("plan_list"))
    assert response.status_code == 200
    assert [p.pk for p in response.context["page"]].count(plan.pk) == 1
    assert all(p.organisation_id == plan.organisation_id for p in response.context["page"])
    found = principal_client.get(url("plan_list"), {"q": "dan van kheo"}).context["page"]
    assert [p.title for p in found] == ["Kế hoạch thi đua Dân vận khéo"]
    response = principal_client.get(url("plan_list"), {"year": "2022"})
    assert [p.year for p in response.context["page"]] == [2022]
    assert response.context["years"] == [2023, 2022]


def test_the_list_makes_a_constant_number_of_queries(school, principal_client, django_assert_max_num_queries):
    for _ in range(3):
        simple_plan(school)
    with django_assert_max_num_queries(12) as few:
        principal_client.get(url("plan_list"))
    for _ in range(10):
        simple_plan(school)
    with django_assert_max_num_queries(len(few.captured_queries)):
        principal_client.get(url("plan_list"))


def test_the_plan_page_shows_tasks_actions_and_the_audit_trail(plan, principal_client):
    response = principal_client.get(url("plan_detail", plan.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nhiệm vụ số 2" in body
    assert [a["action"] for a in response.context["actions"]] == ["approve"]
    assert "audit-trail" in body


def test_the_plan_page_makes_a_constant_number_of_queries(school, principal_client, django_assert_max_num_queries):
    small = simple_plan(school, tasks=1)
    big = simple_plan(school, tasks=4)
    with django_assert_max_num_queries(40) as few:
        principal_client.get(url("plan_detail", small.pk))
    with django_assert_max_num_queries(len(few.captured_queries)):
        principal_client.get(url("plan_detail", big.pk))


# ---------------------------------------------------------------- import


def test_the_import_previews_then_stores_on_confirmation(school, clerk_client, settings):
    upload = SimpleUploadedFile(SEED_NAME, seed_bytes(), content_type="text/plain")
    response = clerk_client.post(url("plan_import"), {"file": upload})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert len(preview.tasks) == 4
    body = response.content.decode()
    assert "Bộ phận giúp việc" in body and "Phó hiệu trưởng phụ trách" in body
    assert not Plan.objects.exists()
    token = clerk_client.session["danvan_plan_import"]["token"]
    tmp = [name for name, _mtime in stored_files("tmp/") if token in name]
    assert len(tmp) == 1
    response = clerk_client.post(url("plan_import_confirm"), {"token": token, "create_units": ["Bộ phận giúp việc"]})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == url("plan_detail", plan.pk)
    assert plan.tasks.count() == 4
    assert Organisation.objects.filter(parent=school, name="Bộ phận giúp việc").exists()
    assert plan.source_file.read() == seed_bytes()
    assert not default_storage.exists(tmp[0])


def test_the_import_rejects_a_binary_file_by_content(clerk_client):
    upload = SimpleUploadedFile("ke-hoach.pdf", EXE, content_type="application/pdf")
    response = clerk_client.post(url("plan_import"), {"file": upload})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not Plan.objects.exists()


def test_a_stale_confirmation_is_refused(clerk_client):
    response = clerk_client.post(url("plan_import_confirm"), {"token": "abc123"})
    assert response.status_code == 302
    assert not Plan.objects.exists()


# ---------------------------------------------------------------- authoring and lifecycle


def test_a_clerk_writes_a_plan_and_its_tasks(school, clerk_client):
    response = clerk_client.post(
        url("plan_create"),
        {
            "year": 2026,
            "symbol": "KH-THPTNK",
            "title": "Kế hoạch công tác dân vận năm 2026",
            "issuer": school.name,
            "purposes": "Mục đích một\nMục đích hai",
            "recipients_text": "Sở GD&ĐT\nLưu: VT",
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert plan.section("purposes") == ["Mục đích một", "Mục đích hai"]
    assert plan.recipients == ["Sở GD&ĐT", "Lưu: VT"]
    clerk_client.post(
        url("task_create", plan.pk),
        {"content": "Quán triệt", "lead": "Hiệu trưởng", "units": "BGH\nBCH CĐ", "timing": "Quý 1, quý 2"},
    )
    clerk_client.post(
        url("task_create", plan.pk), {"content": "Tổng kết", "timing": "Tháng 12", "periods": "01/12/2026 – 20/12/2026"}
    )
    first, second = plan.tasks.order_by("order")
    assert first.due_on == dt.date(2026, 6, 30)
    assert sorted(first.units.values_list("code", flat=True)) == ["BGH", "CD"]
    assert second.due_on == dt.date(2026, 12, 20)
    clerk_client.post(url("task_move", second.pk, "len"))
    assert [t.content for t in plan.tasks.order_by("order")] == ["Tổng kết", "Quán triệt"]
    assert [t.no for t in plan.tasks.order_by("order")] == ["1", "2"]
    response = clerk_client.post(url("task_edit", first.pk), {"content": "Quán triệt văn bản", "periods": "bad"})
    assert response.status_code == 400 and response.context["form"].errors["periods"]
    clerk_client.post(url("task_delete", first.pk))
    assert list(plan.tasks.values_list("content", "no")) == [("Tổng kết", "1")]


def test_editing_a_published_plan_redirects_with_a_message(plan, clerk_client):
    publish(plan)
    response = clerk_client.get(url("plan_edit", plan.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("plan_detail", plan.pk)
    assert "bản sửa đổi" in response.content.decode()
    clerk_client.post(url("plan_edit", plan.pk), {"year": 2023, "title": "Đổi", "symbol": "KH"})
    task = plan.tasks.first()
    response = clerk_client.post(url("task_edit", task.pk), {"content": "Đổi"})
    assert response.status_code == 302
    plan.refresh_from_db()
    task.refresh_from_db()
    assert plan.title != "Đổi" and task.content != "Đổi"


def test_the_principal_approves_and_publishes_then_the_clerk_revises(plan, principal_client, clerk_client):
    principal_client.post(url("plan_transition", plan.pk, "approve"))
    principal_client.post(url("plan_transition", plan.pk, "publish"))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED and plan.number == 1
    clerk_client.post(url("plan_transition", plan.pk, "revise"))
    plan.refresh_from_db()
    assert (plan.status, plan.revision) == (PlanStatus.DRAFT, 2)
    clerk_client.post(
        url("plan_edit", plan.pk), {"year": 2023, "symbol": "KH-THPTNK", "number": 1, "title": "Kế hoạch mới"}
    )
    response = clerk_client.get(url("plan_history", plan.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "+Kế hoạch mới" in body and "-Kế hoạch công tác dân vận năm 2023" in body


def test_an_unknown_transition_is_404(plan, principal_client):
    assert principal_client.post(url("plan_transition", plan.pk, "burn")).status_code == 404


def test_cloning_opens_the_new_draft(plan, clerk_client):
    response = clerk_client.post(url("plan_clone", plan.pk))
    copy = Plan.objects.get(year=2024)
    assert response["Location"] == url("plan_detail", copy.pk)


def test_the_department_officer_cascades_to_schools(department, school, other_school, department_officer):
    dept_plan = publish(simple_plan(department))
    client = client_for(department_officer)
    response = client.get(url("plan_cascade", dept_plan.pk))
    assert response.status_code == 200
    assert set(response.context["form"].fields["schools"].queryset) == {school, other_school}
    client.post(url("plan_cascade", dept_plan.pk), {"schools": [school.pk]})
    child = Plan.objects.get(organisation=school)
    assert child.parent == dept_plan and child.status == PlanStatus.DRAFT


def test_a_principal_cannot_cascade_a_department_plan(department, principal):
    dept_plan = publish(simple_plan(department))
    response = client_for(principal).get(url("plan_cascade", dept_plan.pk))
    assert response.status_code in (403, 404)


def test_timeline_and_exports(plan, principal_client):
    response = principal_client.get(url("plan_timeline", plan.pk))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 2
    assert response.context["rows"][0]["bars"][0]["left"] == 0
    docx = principal_client.get(url("plan_export", plan.pk, "docx"))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = principal_client.get(url("plan_export", plan.pk, "pdf"))
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert principal_client.get(url("plan_export", plan.pk, "exe")).status_code == 404


# ---------------------------------------------------------------- tasks


def test_the_clerk_reports_progress_with_evidence(task, clerk_client, principal_client):
    response = clerk_client.post(
        url("task_update", task.pk),
        {"status": "in_progress", "progress": 50, "note": "Đã họp", "files": [SimpleUploadedFile("bien-ban.pdf", PDF)]},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.progress == 50
    evidence = Evidence.objects.get()
    download = principal_client.get(url("evidence_download", evidence.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    page = principal_client.get(url("task_detail", task.pk)).content.decode()
    assert "bien-ban.pdf" in page and "Đã họp" in page


def test_evidence_upload_rejects_a_disguised_executable_with_a_field_error(task, clerk_client):
    response = clerk_client.post(
        url("task_update", task.pk),
        {"status": "in_progress", "progress": 50, "files": [SimpleUploadedFile("bao-cao.pdf", EXE)]},
    )
    assert response.status_code == 400
    errors = response.context["update_form"].errors["files"]
    assert "bao-cao.pdf" in errors[0] and "không phải loại được chấp nhận" in errors[0]
    assert not Evidence.objects.exists()


def test_comments_are_added_by_updaters(task, clerk_client):
    clerk_client.post(url("task_comment", task.pk), {"body": "Cần bổ sung ảnh"})
    assert task.comments.get().body == "Cần bổ sung ảnh"


def test_my_tasks_lists_the_units_tasks_with_constant_queries(school, teacher, django_assert_max_num_queries):
    tocm = Organisation.objects.get(parent=school, code="TOCM")
    for _ in range(2):
        simple_plan(school, status=PlanStatus.PUBLISHED).tasks.first().units.add(tocm)
    client = client_for(teacher)
    with django_assert_max_num_queries(15) as few:
        response = client.get(url("my_tasks"))
    assert len(response.context["page"]) == 2
    for _ in range(5):
        simple_plan(school, status=PlanStatus.PUBLISHED).tasks.first().units.add(tocm)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("my_tasks"))
    assert len(response.context["page"]) == 7


def test_the_principal_dashboard_lists_late_tasks(plan, principal_client, teacher):
    publish(plan)
    response = principal_client.get(reverse("core:dashboard"))
    body = response.content.decode()
    assert "Nhiệm vụ quá hạn" in body and "Nhiệm vụ số 1" in body
    teacher_body = client_for(teacher).get(reverse("core:dashboard")).content.decode()
    assert "Nhiệm vụ quá hạn" not in teacher_body


def test_the_unit_dictionary_adds_and_removes_spellings(school, clerk_client):
    vt = Organisation.objects.get(parent=school, code="VT")
    clerk_client.post(url("unit_dictionary"), {"abbreviation": "Bộ phận giúp việc", "unit": vt.pk})
    entry = UnitAbbreviation.objects.get()
    assert (entry.organisation, entry.unit, entry.key) == (school, vt, "bo phan giup viec")
    response = clerk_client.post(url("unit_dictionary"), {"abbreviation": "bo phan giup viec", "unit": vt.pk})
    assert response.context["form"].errors["abbreviation"]
    clerk_client.post(url("unit_abbreviation_delete", entry.pk))
    assert not UnitAbbreviation.objects.exists()


# ---------------------------------------------------------------- public page


def test_the_public_page_shows_only_published_plans_without_internal_data(plan, school, clerk, client):
    draft = simple_plan(school, year=2024)
    task = plan.tasks.first()
    services.add_comment(task, actor=clerk, body="Bí mật nội bộ")
    services.record_task_update(
        task,
        actor=clerk,
        status=TaskStatus.IN_PROGRESS,
        progress=20,
        note="Ghi chú nội bộ",
        files=[SimpleUploadedFile("noi-bo.pdf", PDF)],
    )
    publish(plan)
    response = client.get(url("public_plans", "THPTNK"))
    assert response.status_code == 200
    assert list(response.context["plans"]) == [plan]
    body = client.get(url("public_plan", "THPTNK", plan.pk)).content.decode()
    assert "Nhiệm vụ số 1" in body
    assert "Bí mật nội bộ" not in body and "Ghi chú nội bộ" not in body and "noi-bo.pdf" not in body
    assert client.get(url("public_plan", "THPTNK", draft.pk)).status_code == 404
    assert client.get(url("public_plans", "KHONGCO")).status_code == 404
    assert client.post(url("public_plans", "THPTNK")).status_code == 405


def test_the_list_search_also_finds_task_content(plan, principal_client):
    Task.objects.filter(pk=plan.tasks.first().pk).update(search_text="tiep cong dan dinh ky")
    found = principal_client.get(url("plan_list"), {"q": "Tiếp công dân"}).context["page"]
    assert [p.pk for p in found] == [plan.pk]


def test_the_plan_page_shows_the_parent_reference(school, clerk, principal_client):
    seeded = import_seed(school, actor=clerk)
    body = principal_client.get(url("plan_detail", seeded.pk)).content.decode()
    assert "09/KH-SGDĐT" in body and "23-QĐ/TW" in body and "15/06/2023" in body
    for fmt, magic in (("docx", b"PK"), ("pdf", b"%PDF-")):
        response = principal_client.get(url("plan_export", seeded.pk, fmt))
        assert response.status_code == 200 and response.content.startswith(magic)


def test_a_new_upload_replaces_the_previous_preview_file_and_drops_abandoned_ones(clerk, clerk_client):
    abandoned = save_temporary("tmp/plan-import-0ld.bin", b"x")  # on disk or in the bucket, as configured
    tokens = []
    for _ in range(2):
        clerk_client.post(url("plan_import"), {"file": SimpleUploadedFile(SEED_NAME, seed_bytes())})
        tokens.append(clerk_client.session["danvan_plan_import"]["token"])
    assert not default_storage.exists(f"tmp/plan-import-{tokens[0]}.bin")
    assert default_storage.exists(f"tmp/plan-import-{tokens[1]}.bin")
    assert default_storage.exists(abandoned)  # a minute old: kept
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=1, minutes=5)):
        client_for(clerk).post(url("plan_import"), {"file": SimpleUploadedFile(SEED_NAME, seed_bytes())})
    assert not default_storage.exists(abandoned)


def test_my_tasks_narrows_to_one_of_my_units(school, teacher):
    tocm = Organisation.objects.get(parent=school, code="TOCM")
    doan = Organisation.objects.get(parent=school, code="DOAN")
    Membership.objects.create(person=teacher.person, organisation=doan, position=Position.GIAO_VIEN)
    plan = simple_plan(school, tasks=2, status=PlanStatus.PUBLISHED)
    first, second = plan.tasks.order_by("order")
    first.units.add(tocm)
    second.units.add(doan)
    client = client_for(teacher)
    assert len(client.get(url("my_tasks")).context["page"]) == 2
    assert list(client.get(url("my_tasks"), {"unit": doan.pk}).context["page"]) == [second]
    other = Organisation.objects.get(parent=school, code="VT")
    assert len(client.get(url("my_tasks"), {"unit": other.pk}).context["page"]) == 2


def test_the_timeline_widens_to_a_school_year(school, principal_client):
    plan = Plan.objects.create(organisation=school, year=2020, title="Kế hoạch năm học 2020-2021")
    task = Task.objects.create(organisation=school, plan=plan, content="Tổng kết", due_on=dt.date(2021, 5, 31))
    task.periods.create(start=dt.date(2020, 9, 1), end=dt.date(2021, 5, 31))
    context = principal_client.get(url("plan_timeline", plan.pk)).context
    assert [m["label"] for m in context["months"]] == ["T9/20", "T10", "T11", "T12", "T1/21", "T2", "T3", "T4", "T5"]
    assert [q["label"] for q in context["quarters"]] == ["Q4", "Q1", "Q2"]
    bar = context["rows"][0]["bars"][0]
    assert bar["left"] == 0 and bar["width"] == pytest.approx(100, abs=0.1)


def test_the_import_preview_shows_dates_as_dd_mm_yyyy(example, clerk_client):
    raw, _expected = example("school_year_legal_affairs_plan")
    body = clerk_client.post(url("plan_import"), {"file": SimpleUploadedFile("02.txt", raw)}).content.decode()
    assert 'value="Báo cáo đầu năm"' in body and 'value="12/10/2020"' in body  # a report deadline, to correct
    assert 'value="04/07/2011"' in body  # Nghị định 55/2011/NĐ-CP, a cited document's date
    assert 'value="30/09/2020"' in body  # the parent document (Công văn 2315) of 30/9/2020
    assert not re.findall(r"\d{4}-\d{2}-\d{2}", body)
    body = clerk_client.post(url("plan_import"), {"file": SimpleUploadedFile(SEED_NAME, seed_bytes())})
    body = body.content.decode()
    assert "01/01/2023 → 31/03/2023" in body
    assert 'value="Báo cáo 6 tháng"' in body and 'value="15/06/2023"' in body
    assert not re.findall(r"\d{4}-\d{2}-\d{2}", body)


def test_done_at_50_percent_is_refused_next_to_the_progress_field(task, clerk_client):
    response = clerk_client.post(url("task_update", task.pk), {"status": TaskStatus.DONE, "progress": 50})
    assert response.status_code == 400
    assert response.context["update_form"].errors["progress"] == [
        "Đã chọn “Hoàn thành” thì tiến độ phải là 100%. Hãy sửa tiến độ, hoặc chọn “Đang thực hiện” nếu nhiệm vụ "
        "chưa xong."
    ]
    task.refresh_from_db()
    assert (task.status, task.progress) == (TaskStatus.NOT_STARTED, 0) and not task.updates.exists()


def test_a_status_following_the_progress_is_announced(task, clerk_client):
    response = clerk_client.post(
        url("task_update", task.pk), {"status": TaskStatus.IN_PROGRESS, "progress": 100}, follow=True
    )
    assert "Đã cập nhật tiến độ 100%; tình trạng được ghi là “Hoàn thành” cho khớp với tiến độ." in (
        response.content.decode()
    )
    task.refresh_from_db()
    assert (task.status, task.progress) == (TaskStatus.DONE, 100)
    response = clerk_client.post(url("task_update", task.pk), {"status": TaskStatus.DONE, "progress": 100}, follow=True)
    assert "Đã cập nhật tiến độ." in response.content.decode()
