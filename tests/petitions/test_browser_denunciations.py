"""In a real browser: a denunciation after its conclusion offers no withdrawal, and its publicity is confirmed."""

from __future__ import annotations

import pytest

from danvan.petitions.choices import Kind, State
from danvan.petitions.models import Petition
from tests.petitions.factories import advance, register
from tests.petitions.test_browser_petitions import _fast_forms, open_action, sign_in  # noqa: F401 - autouse fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_concluded_denunciation_is_publicised_and_cannot_be_withdrawn(browser, live_server, personas):
    petition = register(
        personas.school,
        personas.principal,
        kind=Kind.TO_CAO,
        accused_text="Thầy Trần Văn Dạy",
        accused_person=personas.teacher.person,
        content="Tôi là Nguyễn Thị Hoa, tố cáo thầy Dạy thu tiền học thêm trái phép.",
    )
    advance(petition, State.DECISION_SENT, principal=personas.principal)
    page = sign_in(browser, live_server, "hieutruong", personas.password)
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.goto(f"{live_server.url}/don-thu/{petition.pk}/")
    assert page.locator("details[data-action='withdraw-denunciation']").count() == 0
    assert page.locator("[data-publicity-due]").inner_text().strip()
    form = open_action(page, "publish-conclusion")
    form.get_by_label("Niêm yết tại trụ sở", exact=False).check()
    form.get_by_role("button", name="Công khai kết luận nội dung tố cáo").click()
    page.locator("[data-publicity]").get_by_text("Đã công khai ngày").wait_for()
    assert asked and "Công khai kết luận" in asked[0]
    petition = Petition.objects.get(pk=petition.pk)
    assert petition.published_on is not None and petition.publicity_forms == "niem-yet"
    assert page.locator("details[data-action='publish-conclusion']").count() == 0
