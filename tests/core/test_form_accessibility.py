"""Form fields point screen readers at their help and error texts: every aria-describedby id is on the page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

DESCRIBED = re.compile(r'aria-describedby="([^"]+)"')


def _dangling(html: str) -> set[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    wanted = {i for value in DESCRIBED.findall(html) for i in value.split()}
    return wanted - ids


@pytest.mark.parametrize(
    "name", ["plans:plan_create", "plans:plan_import", "petitions:petition_create", "petitions:reception_create"]
)
def test_every_described_by_id_exists_on_staff_forms(clerk_client, name):
    html = clerk_client.get(reverse(name)).content.decode()
    assert DESCRIBED.search(html), "the page should have fields with help text"
    assert _dangling(html) == set()


def test_the_public_form_and_its_errors_are_described(client, school):
    url = reverse("petitions:public_submit", args=[school.code])
    html = client.get(url).content.decode()
    assert _dangling(html) == set()
    html = client.post(url, {}).content.decode()
    assert _dangling(html) == set()
