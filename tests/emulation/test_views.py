from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danvan.core.testing import assert_forbidden, assert_isolated, assert_method_not_allowed, client_for
from danvan.emulation import services
from danvan.emulation.choices import RewardForm, RewardKind
from danvan.emulation.forms import EvaluationForm
from danvan.emulation.models import EmulationModel, RewardProposal
from danvan.notify.models import Notification

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def proposal(campaign, school, principal, model):
    return services.propose_reward(
        campaign,
        school,
        actor=principal,
        kind=RewardKind.COLLECTIVE,
        model=model,
        unit=model.unit,
        form=RewardForm.DIRECTOR_CERT,
        reason="Mô hình tiêu biểu",
    )


def object_urls(campaign, model, proposal):
    return [
        reverse("emulation:campaign_detail", args=[campaign.pk]),
        reverse("emulation:model_detail", args=[model.pk]),
        reverse("emulation:proposal_detail", args=[proposal.pk]),
    ]


def write_urls(campaign, model, proposal):
    return [
        reverse("emulation:model_register", args=[campaign.pk]),
        reverse("emulation:proposal_create", args=[campaign.pk]),
        reverse("emulation:model_transition", args=[model.pk]),
        reverse("emulation:evaluation_create", args=[model.pk]),
        reverse("emulation:proposal_decide", args=[proposal.pk]),
    ]


def test_pages_render_for_the_principal_and_a_teacher_reads(campaign, model, proposal, principal, teacher):
    for user in (principal, teacher):
        client = client_for(user)
        for url in [
            reverse("emulation:campaign_list"),
            reverse("emulation:proposal_list"),
            *object_urls(campaign, model, proposal),
        ]:
            assert client.get(url).status_code == 200, url
    html = client_for(principal).get(reverse("emulation:model_detail", args=[model.pk])).content.decode()
    assert "Lịch sử thay đổi" in html and "đăng ký mô hình" in html


def test_another_school_gets_404(campaign, model, proposal, other_principal):
    assert_isolated(other_principal, object_urls(campaign, model, proposal))
    assert_isolated(other_principal, write_urls(campaign, model, proposal), methods=("post",))


def test_a_teacher_gets_403_on_writes(campaign, model, proposal, teacher):
    assert_forbidden(teacher, write_urls(campaign, model, proposal))
    assert_forbidden(teacher, [reverse("emulation:campaign_create")])


def test_wrong_methods_get_405(campaign, model, proposal, principal):
    for url in (
        reverse("emulation:model_transition", args=[model.pk]),
        reverse("emulation:proposal_decide", args=[proposal.pk]),
    ):
        assert_method_not_allowed(principal, url, "get")
    for url in [*object_urls(campaign, model, proposal), reverse("emulation:proposal_export")]:
        assert_method_not_allowed(principal, url, "post")


def test_registering_a_model_through_the_form(campaign, principal, unit, time_machine):
    time_machine.move_to("2023-03-10 09:00 +07:00")
    response = client_for(principal).post(
        reverse("emulation:model_register", args=[campaign.pk]),
        {
            "name": "Hòm thư góp ý của cha mẹ học sinh",
            "kind": "mo-hinh",
            "situation": "Ít kênh tiếp nhận",
            "objectives": "100% ý kiến được trả lời",
            "unit": unit.pk,
            "people": [principal.person.pk],
        },
    )
    m = EmulationModel.objects.get(name="Hòm thư góp ý của cha mẹ học sinh")
    assert response["Location"] == reverse("emulation:model_detail", args=[m.pk])
    assert m.registered_on == D(2023, 3, 10) and list(m.people.all()) == [principal.person]


def test_a_late_registration_shows_the_window(campaign, principal, time_machine):
    time_machine.move_to("2023-05-10 09:00 +07:00")
    response = client_for(principal).post(
        reverse("emulation:model_register", args=[campaign.pk]), {"name": "Muộn", "kind": "mo-hinh"}
    )
    assert response.status_code == 400 and "31/03/2023" in response.content.decode()


def test_evaluation_and_transitions_through_pages(model, principal):
    client = client_for(principal)
    client.post(reverse("emulation:model_transition", args=[model.pk]), {"action": "start"})
    r = client.post(reverse("emulation:evaluation_create", args=[model.pk]), {"c0": "9", "c1": "8", "comment": "Tốt"})
    assert r.status_code == 302
    model.refresh_from_db()
    assert model.status == "trien-khai" and str(model.score) == "8.50"


def test_the_principal_decides_the_principals_award_through_the_page(campaign, school, principal, teacher):
    p = services.propose_reward(
        campaign,
        school,
        actor=principal,
        kind=RewardKind.INDIVIDUAL,
        person=teacher.person,
        form=RewardForm.PRINCIPAL_CERT,
        reason="Tích cực",
    )
    client_for(principal).post(
        reverse("emulation:proposal_decide", args=[p.pk]), {"action": "approve", "decision_number": "12/QĐ-THPTNK"}
    )
    p.refresh_from_db()
    assert p.status == "duyet" and p.decided_by == principal


def test_the_directors_award_is_decided_by_the_department_not_the_school(
    campaign, school, model, principal, dept_head, django_capture_on_commit_callbacks
):

    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.propose_reward(
            campaign,
            school,
            actor=principal,
            kind=RewardKind.COLLECTIVE,
            model=model,
            unit=model.unit,
            form=RewardForm.DIRECTOR_CERT,
            reason="Mô hình tiêu biểu",
        )
    # The Sở heard of it when the school proposed it ...
    note = Notification.objects.get(recipient=dept_head)
    assert "Giấy khen của Giám đốc Sở" in note.subject and note.url.endswith(f"/{proposal.pk}/")
    page = client_for(principal).get(reverse("emulation:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Giám đốc Sở quyết định" in page and 'value="approve"' not in page
    assert_forbidden(
        principal,
        [reverse("emulation:proposal_decide", args=[proposal.pk])],
        data={"action": "approve", "decision_number": "12/QĐ-THPTNK"},
    )
    proposal.refresh_from_db()
    assert proposal.status == "de-nghi"
    # ... and its director decides, with the Department's decision number; the school is told.
    client = client_for(dept_head)
    assert 'value="approve"' in client.get(reverse("emulation:proposal_detail", args=[proposal.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("emulation:proposal_decide", args=[proposal.pk]),
            {"action": "approve", "decision_number": "125/QĐ-SGDĐT"},
        )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by, proposal.decision_number) == ("duyet", dept_head, "125/QĐ-SGDĐT")
    assert Notification.objects.filter(recipient=principal, subject__contains="đã duyệt").exists()


def test_the_xlsx_export_reads_back(proposal, campaign, school, principal, teacher):
    services.propose_reward(
        campaign,
        school,
        actor=principal,
        kind=RewardKind.INDIVIDUAL,
        person=teacher.person,
        form=RewardForm.PRINCIPAL_CERT,
        reason="Tích cực",
    )
    response = client_for(principal).get(reverse("emulation:proposal_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("STT", "Đơn vị", "Phong trào", "Đối tượng", "Tập thể / cá nhân", "Hình thức")
    assert len(rows) == 3
    assert {r[4] for r in rows[1:]} == {"Đoàn TN", "Giáo Viên"}
    assert {r[5] for r in rows[1:]} == {"Giấy khen của Giám đốc Sở", "Giấy khen của Hiệu trưởng"}
    # "Ngày đề nghị" is a date the spreadsheet can sort, shown as dd/mm/yyyy.
    assert {type(r[8]) for r in rows[1:]} == {dt.datetime} and ws["I2"].number_format == "DD/MM/YYYY"


def test_a_score_above_the_maximum_says_so_in_one_sentence(model, principal):
    form = EvaluationForm(data={"c0": "11", "c1": "-1", "comment": ""}, criteria=["Sáng tạo", "Hiệu quả"])
    assert not form.is_valid()
    assert form.errors["c0"] == ["Điểm tối đa là 10."] and form.errors["c1"] == ["Điểm không được âm."]
    html = str(form["c0"])
    assert 'max="10"' in html


def test_the_export_leaves_out_other_schools(proposal, other_principal):
    ws = load_workbook(io.BytesIO(client_for(other_principal).get(reverse("emulation:proposal_export")).content)).active
    assert ws.max_row == 1


def test_lists_use_a_constant_number_of_queries(campaign, school, principal, model, django_assert_max_num_queries):
    client = client_for(principal)
    urls = [
        reverse("emulation:campaign_list"),
        reverse("emulation:proposal_list"),
        reverse("emulation:campaign_detail", args=[campaign.pk]),
    ]
    for url in urls:
        client.get(url)
    for i in range(10):
        services.register_model(campaign, school, actor=principal, registered_on=D(2023, 2, 2), name=f"M{i}")
        services.propose_reward(
            campaign,
            school,
            actor=principal,
            kind=RewardKind.COLLECTIVE,
            nominee=f"T{i}",
            form=RewardForm.PRINCIPAL_CERT,
            reason="x",
        )
    for url in urls:
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200


def test_the_department_campaign_shows_to_schools(department, school, principal, dept_head):
    c = services.create_campaign(department, actor=dept_head, title="DVK ngành 2024", year=2024, for_subordinates=True)
    assert "DVK ngành 2024" in client_for(principal).get(reverse("emulation:campaign_list")).content.decode()
    assert client_for(principal).get(reverse("emulation:model_register", args=[c.pk])).status_code == 200
    assert RewardProposal.objects.count() == 0


def test_the_department_reads_its_schools_proposals_but_cannot_decide(proposal, department_officer):
    client = client_for(department_officer)
    assert "Đoàn TN" in client.get(reverse("emulation:proposal_list")).content.decode()
    ws = load_workbook(io.BytesIO(client.get(reverse("emulation:proposal_export")).content)).active
    assert ws.max_row == 2
    assert_forbidden(
        department_officer, [reverse("emulation:proposal_decide", args=[proposal.pk])], data={"action": "approve"}
    )
