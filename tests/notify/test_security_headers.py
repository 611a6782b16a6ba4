"""A subject typed by a user cannot break or inject mail headers."""

from __future__ import annotations

import pytest
from django.core import mail

from danvan.notify.models import Notification
from danvan.notify.services import notify

pytestmark = pytest.mark.django_db


def test_a_line_break_in_the_subject_is_flattened(principal, django_capture_on_commit_callbacks):
    principal.email = "ht@example.invalid"
    principal.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        notify([principal], "Ban TTND kiến nghị: Công khai\r\nBcc: x@evil.example", "nội dung")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Ban TTND kiến nghị: Công khai Bcc: x@evil.example"
    assert mail.outbox[0].bcc == []
    assert Notification.objects.get().subject == "Ban TTND kiến nghị: Công khai Bcc: x@evil.example"
