"""Ban TTND recommendations (the head answers through the board's service) and my notifications."""

from __future__ import annotations

import pytest

from danvan.core.models import AuditEvent
from danvan.notify.models import Notification
from danvan.notify.services import notify
from tests.api.conftest import API, post_json

pytestmark = pytest.mark.django_db


def test_it_lists_our_recommendations_with_days_left(api_principal, recommendations):
    body = api_principal.get(f"{API}/board/recommendations").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == recommendations["ours"].pk and item["days_left"] == 15
    assert item["status"] == "da-gui" and item["status_label"] == "Chờ trả lời"
    assert api_principal.get(f"{API}/board/recommendations", {"status": "da-tra-loi"}).json()["count"] == 0


def test_the_head_answers_a_recommendation_and_it_is_audited(api_principal, principal, recommendations):
    url = f"{API}/board/recommendations/{recommendations['ours'].pk}/answer"
    body = post_json(api_principal, url, {"answer": "Nhà trường sẽ niêm yết công khai."}).json()
    assert body["status"] == "da-tra-loi" and body["answered_on"] and body["days_left"] is None
    assert AuditEvent.objects.filter(actor=principal, object_id=str(recommendations["ours"].pk)).exists()
    again = post_json(api_principal, url, {"answer": "Lần nữa"})
    assert again.status_code == 409 and again.json()["detail"]


def test_an_empty_answer_is_refused_with_the_services_message(api_principal, recommendations):
    url = f"{API}/board/recommendations/{recommendations['ours'].pk}/answer"
    response = post_json(api_principal, url, {"answer": "  "})
    assert response.status_code == 400 and "trả lời" in response.json()["detail"]


def test_a_teacher_cannot_answer_and_another_school_cannot_see(api_teacher, api_other, recommendations):
    url = f"{API}/board/recommendations/{recommendations['ours'].pk}"
    assert post_json(api_teacher, f"{url}/answer", {"answer": "x"}).status_code == 403
    assert api_other.get(url).status_code == 404
    assert post_json(api_other, f"{url}/answer", {"answer": "x"}).status_code == 404


def test_i_read_only_my_notifications_and_mark_them_read(api_teacher, teacher, principal):
    notify([teacher], "Nhắc hạn nhiệm vụ", "Còn 3 ngày", email=False)
    notify([teacher], "Kế hoạch mới", email=False)
    notify([principal], "Riêng hiệu trưởng", email=False)
    body = api_teacher.get(f"{API}/notifications").json()
    assert body["count"] == 2 and "Riêng hiệu trưởng" not in str(body)
    first = body["items"][0]["id"]
    assert post_json(api_teacher, f"{API}/notifications/read", {"ids": [first]}).json() == {"marked": 1}
    assert api_teacher.get(f"{API}/notifications", {"unread": 1}).json()["count"] == 1
    assert post_json(api_teacher, f"{API}/notifications/read", {}).json() == {"marked": 1}
    assert api_teacher.get(f"{API}/notifications", {"unread": 1}).json()["count"] == 0


def test_marking_someone_elses_notification_does_nothing(api_teacher, principal):
    notify([principal], "Riêng hiệu trưởng", email=False)
    theirs = Notification.objects.get()
    assert post_json(api_teacher, f"{API}/notifications/read", {"ids": [theirs.pk]}).json() == {"marked": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None
