"""Which requests may get the page rendered once for every anonymous visitor."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from danvan.core.pagecache import cacheable

pytestmark = pytest.mark.django_db


def _request(path="/don-thu/cong-khai/gui/THPTNK/", user=None, cookies=None, method="get"):
    request = getattr(RequestFactory(), method)(path)
    request.user = user or AnonymousUser()
    request.COOKIES.update(cookies or {})
    return request


def test_a_plain_anonymous_visit_is_served_the_shared_page():
    assert cacheable(_request())


def test_signed_in_users_query_strings_and_posts_are_rendered_in_full(principal):
    assert not cacheable(_request(user=principal))
    assert not cacheable(_request("/don-thu/cong-khai/gui/THPTNK/?a=1"))
    assert not cacheable(_request(method="post"))


def test_a_visitor_with_a_message_waiting_gets_the_page_with_it(settings):
    assert not cacheable(_request(cookies={"messages": "x"}))
    session = SessionStore()
    session["_messages"] = "[]"
    session.save()
    request = _request(cookies={settings.SESSION_COOKIE_NAME: session.session_key})
    request.session = SessionStore(session.session_key)
    assert not cacheable(request)
    request.session = SessionStore()  # a session without messages
    assert cacheable(request)
