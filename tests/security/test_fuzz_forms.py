"""Form fuzzer: every page with a data-entry form gets hypothesis-generated junk in every field.

The pages are the resolver's routes without an id, plus the id pages reached in two hops of links (so "edit
plan" and "add task" are in), opened as the first persona allowed to see them, and the public petition form
as an anonymous citizen. Each `<form method="post">` with at least one visible field is parsed (inputs,
selects, textareas, file inputs) and posted with junk: 23+ digit integers, control characters, 300-character
names (also as file names), empty values, Unicode, choices that do not exist. Then:

- no answer is 5xx;
- a form that is not accepted answers 400 (never 200: `danvan.core.web.render_page` gives every refused form
  its status), says what is wrong (an error summary, a field error or a message) and still shows the text that
  was typed;
- nothing stored is lost: no table of the main records has fewer rows afterwards.

Two boundary rounds (once per run) post every staff form with the values issue #12 named: year 0 and 10000, quarter 7,
day 32 and month 13, negative and 25-digit numbers, a 10⁶-character text, dates 0001-01-01 and 9999-12-31.

Forms whose only fields are hidden (a button that deletes, transitions or signs out) are not data entry and
are left to the isolation matrix and each app's tests.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from danvan.board.models import BoardRecommendation
from danvan.core.testing import client_for
from danvan.org.models import Membership, Organisation, Person
from danvan.petitions import antispam
from danvan.petitions.models import Petition
from danvan.plans.models import Plan, Task
from tests.plans.fixtures_plans import simple_plan
from tests.security.routes import all_routes

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("/tai-khoan/", "/i18n/", "/api/", "/quan-tri/")
MARK = "GIỮ-LẠI"  # typed text that must still be on the page when the form is refused
STORED = (Organisation, Person, Membership, Plan, Task, Petition, BoardRecommendation)
# POST forms that search rather than store (a POST keeps names and phones out of addresses and logs): their answer is
# the same page with the results, which must say what it found (or that it found nothing) instead of an error.
SEARCH_FORMS = {"/du-lieu-ca-nhan/yeu-cau/": "data-subject-results"}
ERROR_SIGNS = ("error-summary", "errorlist", "msg-error", "msg-warning", 'aria-invalid="true"', 'role="alert"')

JUNK = st.one_of(
    st.sampled_from(
        [
            "9" * 25,
            "-" + "9" * 25,
            "²",
            "",
            " ",
            "\x1b[2J\x07",
            "ü" * 300,
            "A" * 300,
            "0",
            "-1",
            "2026-13-45",
            "zzz-không-có",
            "<script>alert(1)</script>",
            '=HYPERLINK("x")',
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60),
)


# Boundary values of issue #12, one round per column: a year 0 / 10000, a quarter 7, a day 32 / month 13 typed by
# hand, negative and huge numbers, a 10⁶-character text, the first and last dates a form could be given (the junk
# round above already posts "2026-13-45" into every field).
BOUNDARY_ROUNDS = 2
HUGE = "x" * 1_000_000


def _boundary(name: str, kind: str, round_: int, *, first_text: bool) -> str:
    """Return the boundary value a field of this name and kind gets in round `round_`."""
    key = name.lower().rsplit("-", 1)[-1]
    if kind == "date":
        return ("0001-01-01", "9999-12-31")[round_]
    if kind == "datetime-local":
        return ("0001-01-01T00:00", "9999-12-31T23:59")[round_]
    if key in ("year", "nam") or key.endswith("_year"):
        return ("0", "10000")[round_]
    if "quarter" in key or key in ("quy", "number"):
        return ("7", "9" * 25)[round_]
    if kind == "number":
        return ("-1", "9" * 25)[round_]
    if kind in ("text", "textarea", "search", "email", "tel", "url"):
        if first_text and round_ == 0:
            return HUGE
        return ("32/13/2026", "Quý 7 năm 10000")[round_]
    if kind in ("select", "radio"):
        return ("7", "-" + "9" * 25)[round_]
    return "on" if kind == "checkbox" else ""


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name → kind (text, textarea, select, file, hidden…)
    hidden: dict[str, str] = field(default_factory=dict)


class _Forms(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page, self.forms, self.current = page, [], None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self.current = Form(action=a.get("action") or self.page)
            self.forms.append(self.current)
        elif self.current is not None and a.get("name"):
            kind = a.get("type", "text") if tag == "input" else tag
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind == "hidden":
                self.current.hidden[a["name"]] = a.get("value") or ""
            else:
                self.current.fields[a["name"]] = kind

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None


def _forms_of(client: Client, path: str) -> tuple[list[Form], str]:
    response = client.get(path)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return [], ""
    text = response.content.decode()
    parser = _Forms(path)
    parser.feed(text)
    return [f for f in parser.forms if f.fields and not urlsplit(f.action).path.startswith(SKIP_PREFIXES)], text


def _links(text: str) -> list[str]:
    out = []
    for chunk in text.split('href="')[1:]:
        path = urlsplit(html.unescape(chunk.split('"', 1)[0])).path
        if path.startswith("/") and not path.startswith(("/static/", *SKIP_PREFIXES)):
            out.append(path)
    return out


def _counts() -> dict[str, int]:
    return {m.__name__: m._base_manager.count() for m in STORED}


def _pages(clients: dict[str, Client], school: Organisation) -> list[tuple[str, str, Form]]:
    """Return (who, page, form) for every data-entry form, each page opened by the first persona who sees it."""
    starts = [
        r.fill()
        for r in all_routes()
        if not r.has_kwargs
        and not r.is_api
        and not ("/" + r.pattern).startswith(SKIP_PREFIXES)
        and r.pattern not in ("", "favicon.ico")
    ]
    seen_routes: set[str] = set()
    out: list[tuple[str, str, Form]] = []
    queue = [(path, 0) for path in starts]
    while queue:
        path, depth = queue.pop(0)
        route = _route(path)
        if route is None or route in seen_routes:
            continue
        for who, client in clients.items():
            forms, text = _forms_of(client, path)
            if text:
                seen_routes.add(route)
                out += [(who, path, f) for f in forms]
                if depth < 2:  # two hops: list → object → the object's "add" and "edit" pages
                    queue += [(p, depth + 1) for p in _links(text) if "<int:" in (_route(p) or "")]
                break
    public = reverse("petitions:public_submit", args=[school.code])
    forms, _text = _forms_of(Client(), public)
    out += [("anonymous", public, f) for f in forms]
    return out


def _route(path: str) -> str | None:
    try:
        return resolve(path).route
    except Resolver404:
        return None


_FOUND: dict[int, list[tuple[str, str, Form]]] = {}
_BOUNDARY_DONE: list[bool] = []


def _boundary_rounds(found: list[tuple[str, str, Form]], clients: dict[str, Client]) -> list[str]:
    """Post every staff form with the boundary values; return what went wrong (a 5xx, a refusal without a word)."""
    problems = []
    for who, page, form in found:
        if who == "anonymous":
            continue  # the public form's anti-spam clock and limits are the junk round's business
        # A form of free text only says all it has to say in the first round.
        typed_only = all(
            _boundary(n, k, 1, first_text=False) in ("Quý 7 năm 10000", "on", "") for n, k in form.fields.items()
        )
        for round_ in range(1 if typed_only else BOUNDARY_ROUNDS):  # text alone: one round says it all
            payload: dict[str, object] = dict(form.hidden)
            first_text = True
            for name, kind in form.fields.items():
                if kind == "file":
                    continue
                payload[name] = _boundary(name, kind, round_, first_text=first_text)
                first_text = first_text and kind not in ("text", "textarea", "search", "email", "tel", "url")
            response = clients[who].post(urlsplit(form.action).path, payload)
            status = response.status_code
            if status >= 500:
                problems.append(f"{who} POST {form.action} (form of {page}), boundary round {round_}: {status}")
            elif status in (200, 400) and "html" in response.get("Content-Type", ""):
                body = response.content.decode()
                answered = SEARCH_FORMS.get(urlsplit(form.action).path)
                if answered and answered in body:
                    continue
                if status == 200:
                    problems.append(f"{who} POST {form.action}: boundary round {round_} refused with 200, not 400")
                if not any(sign in body for sign in ERROR_SIGNS):
                    problems.append(f"{who} POST {form.action}: boundary round {round_} refused without a word")
    return problems


@given(data=st.data())
@settings(
    max_examples=2,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_junk_in_any_form_gives_a_message_never_a_server_error_and_loses_nothing(personas, data):
    cache.clear()  # anti-spam counters of the previous example
    if not Plan.objects.exists():
        simple_plan(personas.school, year=2026)
    clients = {who: client_for(getattr(personas, who)) for who in ("principal", "clerk", "department_officer")}
    for client in clients.values():
        client.raise_request_exception = False
    anonymous = Client(raise_request_exception=False)
    before = _counts()
    problems: list[str] = []
    # The forms are found once per test (the examples share its database); each example fills them anew.
    found = _FOUND.setdefault(personas.school.pk, _pages(clients, personas.school))
    pages = {page for _who, page, _form in found}
    # The fuzzer must reach the forms issue #11/#12 were about, or it proves nothing.
    assert {reverse("plans:plan_create"), reverse("petitions:public_submit", args=[personas.school.code])} <= pages
    assert any(page.endswith("/nhiem-vu/them/") for page in pages)
    for who, page, form in found:
        client = anonymous if who == "anonymous" else clients[who]
        payload: dict[str, object] = dict(form.hidden)
        if "form_token" in payload:  # the public form's anti-spam clock: as if typed for a minute
            payload["form_token"] = antispam.issue_token(time.time() - 60)
        typed = ""
        for name, kind in form.fields.items():
            value = data.draw(JUNK, label=f"{page} {name}")
            if kind == "file":
                payload[name] = SimpleUploadedFile("đ" * 300 + ".pdf", b"%PDF-1.4\n" + value.encode()[:100])
            elif kind == "textarea" and not typed:
                typed = f"{MARK} {value.strip()[:20]}".strip()
                payload[name] = typed
            else:
                payload[name] = value
        response = client.post(urlsplit(form.action).path, payload)
        status = response.status_code
        if status >= 500:
            problems.append(f"{who} POST {form.action} (form of {page}) gave {status}")
            continue
        if status in (200, 400) and "html" in response.get("Content-Type", ""):
            body = response.content.decode()
            answered = SEARCH_FORMS.get(urlsplit(form.action).path)
            if answered and answered in body:
                continue
            if status == 200:
                problems.append(f"{who} POST {form.action}: refused with 200, not 400")
            if not any(sign in body for sign in ERROR_SIGNS):
                problems.append(f"{who} POST {form.action}: refused without saying what is wrong")
            if typed and MARK not in body:
                problems.append(f"{who} POST {form.action}: the typed text is gone from the page")
    if not _BOUNDARY_DONE:  # the boundary rounds are the same every example: once per run is enough
        _BOUNDARY_DONE.append(True)
        problems += _boundary_rounds(found, clients)
    after = _counts()
    lost = {name: (before[name], after[name]) for name in before if after[name] < before[name]}
    assert not lost, f"rows lost: {lost}"
    assert not problems, "\n".join(problems)
