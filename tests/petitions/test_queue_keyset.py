"""The queue is read by cursor: no row skipped or shown twice across pages, ties included; junk cursors are harmless."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from danvan.core.testing import client_for
from danvan.petitions import staff_views
from danvan.petitions.choices import Kind
from danvan.petitions.filters import QUEUE_ORDER, Cursor
from danvan.petitions.identity import search_q
from danvan.petitions.models import Petition
from danvan.petitions.panels import bounded_count

from .factories import register

NEXT = re.compile(r'<a href="\?([^"]*)" rel="next">')
PREV = re.compile(r'<a href="\?([^"]*)" rel="prev">')


@pytest.fixture
def petitions(school, clerk):
    """Nine petitions whose order keys tie: three share a due date and a reception time, two have no due date."""
    made = [register(school, clerk, kind=Kind.KIEN_NGHI, content=f"Đề nghị sửa phòng học số {i}.") for i in range(9)]
    same_time = timezone.now().replace(microsecond=0) - dt.timedelta(days=1)
    due = timezone.localdate() + dt.timedelta(days=5)
    Petition.objects.filter(pk__in=[p.pk for p in made[:3]]).update(due_on=due, received_at=same_time)
    Petition.objects.filter(pk__in=[p.pk for p in made[3:5]]).update(due_on=due)
    Petition.objects.filter(pk__in=[p.pk for p in made[5:7]]).update(due_on=None, received_at=same_time)
    return made


def _walk(client, link_re, query):
    """Follow the pager's links from the page `query` names; return the ids of every page, in order, and the last
    page's answer."""
    pages = []
    while True:
        response = client.get(reverse("petitions:queue") + "?" + query)
        assert response.status_code == 200
        pages.append([r["p"].pk for r in response.context["rows"]])
        found = link_re.search(response.text)
        if not found:
            return pages, response
        query = html.unescape(found.group(1))


def test_paging_forward_and_back_shows_every_petition_once_in_order(principal_client, petitions, monkeypatch):
    monkeypatch.setattr(staff_views, "PER_PAGE", 2)
    expected = list(
        Petition.objects.filter(pk__in=[p.pk for p in petitions]).order_by(*QUEUE_ORDER).values_list("pk", flat=True)
    )

    forward, last = _walk(principal_client, NEXT, "stage=")
    assert [pk for page in forward for pk in page] == expected
    assert [len(page) for page in forward] == [2, 2, 2, 2, 1]

    backward, first = _walk(principal_client, PREV, html.unescape(PREV.search(last.text).group(1)))
    assert [pk for page in reversed(backward) for pk in page] + forward[-1] == expected
    assert first.context["page"].number == 1


def test_a_petition_registered_while_paging_shifts_nothing(principal_client, school, clerk, petitions, monkeypatch):
    monkeypatch.setattr(staff_views, "PER_PAGE", 4)
    first = principal_client.get(reverse("petitions:queue"), {"stage": ""})
    next_query = html.unescape(NEXT.search(first.text).group(1))
    register(school, clerk, content="Đơn mới đến khi cán bộ đang xem trang 1.")  # sorts before the cursor
    second = principal_client.get(reverse("petitions:queue") + "?" + next_query)
    shown = [r["p"].pk for r in first.context["rows"]] + [r["p"].pk for r in second.context["rows"]]
    assert len(shown) == len(set(shown)) == 8


JUNK = [
    "x",
    "1.2",
    "20261301.5.7",
    "-.-5.7",
    "-.5.0",
    "-.5." + "9" * 30,
    "20261207.99999999999999999999.3",
    "２０２６1207.5.7",
    "a" * 500,
]


def test_a_malformed_cursor_gives_the_first_page(principal_client, school, clerk):
    p = register(school, clerk)
    for junk in [*JUNK, "\x00"]:
        assert Cursor.decode(junk) is None, junk
    for junk in JUNK:
        for name in ("after", "before"):
            response = principal_client.get(reverse("petitions:queue"), {"stage": "", name: junk})
            assert response.status_code == 200, junk
            assert response.context["page"].number == 1 and [r["p"].pk for r in response.context["rows"]] == [p.pk]
    # A NUL byte is refused before any view, with a 400 (core.middleware).
    assert principal_client.get(reverse("petitions:queue"), {"after": "\x00"}).status_code == 400


def test_a_cursor_reads_back_what_it_encodes():
    at = dt.datetime(2026, 12, 7, 3, 4, 5, 678901, tzinfo=dt.UTC)
    for due in (dt.date(2026, 12, 31), None):
        cursor = Cursor(due, at, 42)
        assert Cursor.decode(cursor.encode()) == cursor


def test_a_later_page_costs_the_queries_of_the_first(
    principal_client, petitions, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(staff_views, "PER_PAGE", 2)
    first = principal_client.get(reverse("petitions:queue"), {"stage": ""})
    with django_assert_max_num_queries(12) as counted:
        principal_client.get(reverse("petitions:queue"), {"stage": ""})
    with django_assert_max_num_queries(len(counted.captured_queries)):
        principal_client.get(reverse("petitions:queue") + "?" + html.unescape(NEXT.search(first.text).group(1)))


def test_the_search_is_accent_insensitive_and_indexed_on_postgresql(school, clerk):
    p = register(school, clerk, content="Phản ánh việc Trường tổ chức dạy thêm ngoài giờ cho học sinh khối 12.")
    for query in ("dạy thêm", "day them", "DẠY THÊM", "Day Thêm"):
        assert list(Petition.objects.filter(search_q(query)).values_list("pk", flat=True)) == [p.pk], query
    assert not Petition.objects.filter(search_q("dạy kèm")).exists()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'petition_search_trgm_idx'")
            (definition,) = cursor.fetchone()
        assert "gin_trgm_ops" in definition and "search_text" in definition


def test_dashboard_counts_stop_at_the_cap(school, clerk):
    for i in range(3):
        register(school, clerk, content=f"Đề nghị sửa bàn ghế phòng {i}.")
    assert bounded_count(Petition.objects.all(), cap=2) == "3+"
    assert bounded_count(Petition.objects.all(), cap=3) == "3"


def test_the_department_dashboard_and_queue_use_a_constant_number_of_queries(
    department_officer, school, clerk, django_assert_max_num_queries
):
    client = client_for(department_officer)
    register(school, clerk, content="Đơn đầu tiên về khoản thu đầu năm học.")
    for url in ("/tong-quan/", reverse("petitions:queue")):
        client.get(url)
        with django_assert_max_num_queries(40) as small:
            assert client.get(url).status_code == 200
        for i in range(6):
            register(
                school,
                clerk,
                kind=Kind.TO_CAO if i % 2 else Kind.KIEN_NGHI,
                content=f"Đơn số {i} về cơ sở vật chất phòng học.",
            )
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert client.get(url).status_code == 200
