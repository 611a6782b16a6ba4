"""The shared page helper: a POST whose form is refused answers 400 with the page and its errors, everywhere."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django import forms
from django.test import Client, RequestFactory
from django.urls import reverse

import danvan
from danvan.core.web import form_status

pytestmark = pytest.mark.django_db


class _YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)


def test_a_refused_form_anywhere_on_the_page_makes_a_post_answer_400():
    post, get = RequestFactory().post("/"), RequestFactory().get("/")
    refused, accepted = _YearForm({"year": "0"}), _YearForm({"year": "2026"})
    assert form_status(post, {"form": refused}) == 400
    assert form_status(post, {"rows": [{"action": "x", "form": refused}]}) == 400  # forms listed in the context
    assert form_status(post, {"form": accepted, "other": _YearForm()}) == 200
    assert form_status(post, {"form": accepted, "error": "Kế hoạch đã được công bố."}) == 400  # the service said no
    assert form_status(get, {"form": refused}) == 200  # a filter on a GET is not a refusal


def test_every_page_is_rendered_through_render_page():
    """Each view module renders through `danvan.core.web.render_page`, so no form can answer a refusal with 200."""
    root = Path(danvan.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "web.py" and path.parent.name == "core":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "django.shortcuts"
                and any(alias.name == "render" for alias in node.names)
            ):
                offenders.append(str(path.relative_to(root)))
    assert not offenders, f"render() from django.shortcuts instead of render_page: {offenders}"


def test_a_wrong_password_answers_400_and_says_so(principal):
    response = Client().post(reverse("login"), {"username": "hieutruong", "password": "sai-mat-khau"})
    assert response.status_code == 400
    assert "errorlist" in response.text or "error-summary" in response.text


def test_a_plan_form_refused_by_the_clerk_answers_400_and_one_accepted_redirects(school, clerk_client):
    refused = clerk_client.post(reverse("plans:plan_create"), {"year": "10000", "title": "Kế hoạch dân vận"})
    assert refused.status_code == 400 and "Kế hoạch dân vận" in refused.text
    accepted = clerk_client.post(
        reverse("plans:plan_create"),
        {
            "year": "2026",
            "title": "Kế hoạch dân vận",
            "issuer": school.name,
            "number": "01",
            "symbol": "KH-THPTNK",
            "refs-TOTAL_FORMS": "0",
            "refs-INITIAL_FORMS": "0",
            "deadlines-TOTAL_FORMS": "0",
            "deadlines-INITIAL_FORMS": "0",
        },
    )
    assert accepted.status_code == 302, accepted.context and accepted.context["form"].errors
