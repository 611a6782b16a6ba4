"""The isolation matrix: every route of the resolver and the API, against another school and against anonymity.

The routes come from `get_resolver()` (tests/security/routes.py), so a route added tomorrow is in the matrix
without anyone editing this file; it fails until the route is either reached or named in an allow-list below.

- A route with an object id: the object's URL is found the way a user finds it — by following the links and
  form actions of school A's pages, signed in as school A's staff — and then requested by the principal of
  school B. GET and POST must answer 404 (or 403, or 405 for a method the route does not take), never 200
  or a redirect that would mean the action ran. API routes take ids of school A's objects from the database.
- A route without an id: an anonymous visitor is sent to the login page (401 for the API), unless the route is
  in PUBLIC below, with the reason it is public.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, resolve

from danvan.board.models import BoardRecommendation
from danvan.core.registry import demo
from danvan.core.testing import client_for
from danvan.org.models import Organisation
from danvan.petitions.models import Petition
from danvan.plans.models import Plan, Task
from danvan.reports.models import CompileJob, Report, ReportObligation
from tests.security.routes import ANY_KWARG, all_routes

pytestmark = pytest.mark.django_db

# Routes anyone may open without signing in, and why. Everything else must send an anonymous visitor to log in.
PUBLIC = {
    "": "the home page redirects to the dashboard or the login page",
    "favicon.ico": "the browser asks for it before anyone signs in",
    "tai-khoan/dang-nhap/": "the login page",
    "tai-khoan/dang-xuat/": "signing out answers everyone",
    "tai-khoan/quen-mat-khau/": "password reset: asked by someone who cannot sign in",
    "tai-khoan/quen-mat-khau/da-gui/": "password reset: confirmation page",
    "tai-khoan/dat-lai/<uidb64>/<token>/": "password reset: the signed link from the e-mail",
    "tai-khoan/dat-lai/xong/": "password reset: done page",
    "tai-khoan/xac-thuc/": "second factor: asked between password and session",
    "i18n/setlang/": "the language switch on the login page",
    "ke-hoach/cong-khai/<str:code>/": "plans a school publishes (Luật Thực hiện dân chủ ở cơ sở: công khai)",
    "ke-hoach/cong-khai/<str:code>/<int:pk>/": "one published plan; only published plans of that school",
    "ke-hoach/cong-khai/<str:code>/<int:pk>/ke-hoach.pdf": "the PDF of one published plan (its public page offers it)",
    "don-thu/cong-khai/gui/": "citizens choose the school to write to",
    "don-thu/cong-khai/gui/<str:school>/": "the citizens' petition form",
    "don-thu/cong-khai/da-gui/<str:code>/": "the sender's confirmation, only in the session that sent it",
    "don-thu/cong-khai/bien-nhan/<str:code>/": "the sender's receipt, only in the session that sent or opened it",
    "don-thu/cong-khai/theo-doi/lien-ket/": "the private link page: the secret travels in the URL fragment, posted",
    "don-thu/cong-khai/da-gui/<str:code>/<str:token>/": "the sender's confirmation, behind the secret token",
    "don-thu/cong-khai/bien-nhan/<str:code>/<str:token>/": "the sender's receipt, behind the secret token",
    "don-thu/cong-khai/theo-doi/": "tracking form for a tracking code",
    "don-thu/cong-khai/theo-doi/<str:code>/": "public status of a tracking code (no identity, no content)",
    "don-thu/cong-khai/theo-doi/<str:code>/y-kien/": "citizen's opinion on a result, behind the code and secret",
    "don-thu/cong-khai/theo-doi/<str:code>/to-cao-tiep/": "re-denunciation, behind the code and secret",
    "don-thu/cong-khai/theo-doi/<str:code>/<str:token>/": "the sender's full tracking page, behind the secret",
    "don-thu/cong-khai/lich-tiep/<str:school>/": "the head's public reception schedule (Luật Tiếp công dân Điều 12)",
    "api/v1/openapi.json": "the API's published description",
    "api/v1/": "the API root (lists nothing)",
    "api/v1/public/petitions/<code>": "the public tracking answer, behind the code and secret",
    "notify/zalo/webhook/": "Zalo's servers post OA events; each must carry the OA's signature (X-ZEvent-Signature)",
    # Open311 GeoReport v2 (docs/open311.md): public by the standard; requests show public fields only, a request
    # is read only in its own jurisdiction (tests/open311 checks another school's is 404), POST needs a partner key.
    "open311/v2/": "GeoReport v2 root: the discovery document",
    "open311/v2/discovery.<fmt:fmt>": "GeoReport v2 service discovery (endpoints, jurisdictions)",
    "open311/v2/services.<fmt:fmt>": "GeoReport v2 service list: the public form's petition kinds",
    "open311/v2/services/<str:code>.<fmt:fmt>": "GeoReport v2 service definition: the public form's attributes",
    "open311/v2/requests.<fmt:fmt>": "GeoReport v2 requests: public fields per jurisdiction; POST with an api_key",
    "open311/v2/requests/<str:request_id>.<fmt:fmt>": "one request's public fields, in its own jurisdiction only",
    "open311/v2/tokens/<str:token>.<fmt:fmt>": "a partner's token → request id, in its own jurisdiction only",
    "open311/v2/<path:rest>": "any other GeoReport address: the specification's 404 document",
}

# Id routes the crawl cannot reach from a page of the demo, each with why; they are checked elsewhere.
NOT_REACHED = {
    "ke-hoach/tu-dien-bo-phan/<int:pk>/xoa/": "the demo has no own abbreviation; tests/plans/test_security_dictionary.py",
    "api/tokens/<int:pk>/revoke/": "a token is the user's own; tests/api/test_tokens_page.py checks another's is 404",
    "don-thu/<int:pk>/tep/<int:att>/": "the demo petitions carry no attachment; tests/petitions cover it",
    "don-thu/<int:pk>/van-ban/<int:doc>/": "documents are issued later in the workflow than the demo goes",
    "don-thu/tiep-cong-dan/<int:pk>/van-ban/<int:doc>/": "as above, for receptions",
    "don-thu/tiep-nhan/ban-chup/<int:pk>/": "the demo has no scan read by OCR; tests/petitions/test_ocr.py checks "
    "another school's reading is 404",
    "don-thu/tiep-nhan/ban-chup/<int:pk>/tien-do/": "as above (the reading's progress, polled)",
    "quan-triet/buoi/<int:pk>/bien-ban/": "the demo sessions have no minutes file",
    "ban-ttnd/bao-cao/<int:pk>/": "the demo has no board report",
    "ke-hoach/cong-khai/<str:code>/<int:pk>/": "public by design (PUBLIC above); only published plans",
    "ke-hoach/cong-khai/<str:code>/<int:pk>/ke-hoach.pdf": "public by design (PUBLIC above); only published plans",
    "du-lieu-ca-nhan/yeu-cau/don/<int:pk>/xoa/": "reached by a POST of the request page's search, not a link; "
    "tests/privacy/test_views.py checks another school's petition is 404",
    "lich/nam/<int:year>/": "the id is a year, not an object: the calendar page of a year holds no school data",
    "tai-khoan/dat-lai/<uidb64>/<token>/": "password reset link (PUBLIC above)",
    "thong-bao/tin-nhan-di/<int:pk>/gui-lai/": "the demo has no dead letter; tests/notify/test_text_gateways.py checks "
    "another school's is 404",
    "thong-bao/zalo/<int:pk>/": "the demo has no Zalo message; tests/notify/test_zalo_inbox_and_choice.py checks "
    "another school's draft is 404",
    "open311/khoa/<int:pk>/thu-hoi/": "the demo has no partner key; tests/open311/test_keys.py checks another "
    "school's key is 404",
}

# School A's staff (the Department's own objects — its legal documents, its tree — are shared with schools by design).
# Id routes whose object is not tenant data: one row serves every school.
SHARED = {
    "quan-triet/van-ban/<int:pk>/": "a legal document (Quyết định 23-QĐ/TW …) is read by every school",
    "quan-triet/van-ban/<int:pk>/chua-quan-triet/": "the document's page listing the viewer's own units not yet reached",
}

OWNERS = ("hieutruong", "phohieutruong", "vanthu", "ttnd", "totruong")
OUTSIDER = "hieutruong.tp"
ALLOWED_FOR_OUTSIDER = {403, 404, 405}
# The API validates the body before it looks the object up: a 400/422 says nothing about school A's object.
ALLOWED_FOR_OUTSIDER_API_POST = {400, 422}
# Routes that answer another user's id with a redirect to the user's own list: nothing changes, nothing leaks.
REDIRECT_TO_OWN = {"thong-bao/<int:pk>/mo/": "/thong-bao/"}
MAX_PAGES = 600


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        for key, value in attrs:
            if (
                value
                and (tag, key) in {("a", "href"), ("form", "action"), ("link", "href"), ("img", "src")}
                or value
                and key in {"hx-get", "hx-post", "data-url"}
            ):
                self.links.append(value)


def _route_of(path: str) -> str | None:
    try:
        return resolve(path).route
    except Resolver404:
        return None


def crawl(client: Client, start: list[str], found: dict[str, set[str]]) -> None:
    """Follow links and form actions from `start`, recording per route the id-carrying paths seen."""
    queue, seen, per_route = list(start), set(start), defaultdict(int)
    pages = 0
    while queue and pages < MAX_PAGES:
        path = queue.pop(0)
        response = client.get(path)
        pages += 1
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for link in parser.links:
            parts = urlsplit(link)
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(("/static/", "/quan-tri/")):
                continue
            route = _route_of(parts.path)
            if route is None:
                continue
            if "<int:" in route:
                found[route].add(parts.path)
            # Visit at most a few pages of each route: enough to reach what they link to, cheap enough to run.
            if parts.path not in seen and per_route[route] < 3 and "dang-xuat" not in route:
                seen.add(parts.path)
                per_route[route] += 1
                queue.append(parts.path)


def _api_ids(school: Organisation) -> dict[str, int]:
    """Return an id of school A's object for each id name the API routes use."""
    obligation = ReportObligation.objects.filter(organisation=school).first()
    if obligation is not None and not CompileJob.objects.filter(organisation=school).exists():
        CompileJob.objects.create(organisation=school, obligation=obligation)  # the demo compiles inline
    return {
        "org_id": school.pk,
        "plan_id": Plan.objects.filter(organisation=school).values_list("pk", flat=True).first(),
        "task_id": Task.objects.filter(plan__organisation=school).values_list("pk", flat=True).first(),
        "petition_id": Petition.objects.filter(organisation=school).values_list("pk", flat=True).first(),
        "obligation_id": ReportObligation.objects.filter(organisation=school).values_list("pk", flat=True).first(),
        "report_id": Report.objects.filter(organisation=school).values_list("pk", flat=True).first(),
        "job_id": CompileJob.objects.filter(organisation=school).values_list("pk", flat=True).first(),
        "rec_id": BoardRecommendation.objects.filter(organisation=school).values_list("pk", flat=True).first(),
    }


def test_every_route_is_isolated_between_schools_or_public_by_name():
    demo.run()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[*OWNERS, OUTSIDER])}
    school = Organisation.objects.get(code="THPTNK")
    routes = all_routes()
    problems: list[str] = []

    # -- id routes of the web pages: found by crawling school A's pages
    found: dict[str, set[str]] = defaultdict(set)
    starts = [r.fill() for r in routes if not r.has_kwargs and not r.is_api and r.pattern not in ("i18n/setlang/",)]
    for username in OWNERS:
        crawl(client_for(users[username]), starts, found)

    # -- id routes of the API: ids of school A's objects
    api_ids = _api_ids(school)
    for route in routes:
        if route.is_api and route.int_kwargs:
            missing = [k for k in route.int_kwargs if not api_ids.get(k)]
            if missing:
                problems.append(f"{route.pattern}: no object of school A for {missing} (add it to _api_ids)")
                continue
            extra = {k: "x" for k in re.findall(r"<(\w+)>", route.pattern)}  # e.g. <action>
            found[route.pattern].add(route.fill(**api_ids, **extra))
        elif route.int_kwargs == ["job_id"]:  # the compile job's page is linked only while it runs
            found[route.pattern].add(route.fill(job_id=api_ids["job_id"]))

    # -- id routes reached only by a form on a page the demo's state does not show (edit a draft, delete…):
    #    the id of a reached sibling route with the same prefix ("ke-hoach/<int:pk>/" → ".../sua/")
    for route in routes:
        if route.int_kwargs == ["pk"] and route.pattern not in found and route.pattern not in NOT_REACHED:
            prefix = route.pattern.split("<int:pk>")[0] + "<int:pk>"
            for other, paths in list(found.items()):
                if other.startswith(prefix) and other.count("<") == 1:
                    pk = resolve(sorted(paths)[0]).kwargs["pk"]
                    found[route.pattern].add(route.fill(pk=pk, **{k: "x" for k in ("direction", "action", "fmt")}))
                    break

    outsider = client_for(users[OUTSIDER])
    outsider.raise_request_exception = False
    a_name = school.name
    for route in routes:
        if not route.int_kwargs or route.pattern in {**PUBLIC, **NOT_REACHED, **SHARED}:
            continue
        paths = sorted(found.get(route.pattern, ()))
        if not paths:
            if route.pattern not in NOT_REACHED:
                problems.append(f"{route.pattern} ({route.name}): not reached by the crawl and not in NOT_REACHED")
            continue
        for path in paths[:2]:
            for method in ("get", "post"):
                response = getattr(outsider, method)(path)
                status = response.status_code
                leaked = a_name in response.content.decode(errors="replace") if status == 200 else False
                if route.pattern in REDIRECT_TO_OWN and status == 302:
                    if response["Location"] == REDIRECT_TO_OWN[route.pattern]:
                        continue
                if route.is_api and method == "post" and status in ALLOWED_FOR_OUTSIDER_API_POST:
                    continue
                if status not in ALLOWED_FOR_OUTSIDER:
                    problems.append(
                        f"{method.upper()} {path} as school B gave {status}"
                        + (" showing school A's name" if leaked else "")
                    )

    # -- routes without ids: anonymous goes to the login page (401 for the API) unless public by name
    anonymous = Client(raise_request_exception=False)
    for route in routes:
        if route.int_kwargs or route.pattern in PUBLIC:
            continue
        path = route.fill(**{name: "x" for _conv, name in ANY_KWARG.findall(route.pattern)})
        response = anonymous.get(path)
        if response.status_code == 405:  # a POST-only route
            response = anonymous.post(path)
        ok = response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
        if route.is_api:
            ok = ok or response.status_code == 401
        if not ok:
            problems.append(f"anonymous {path} gave {response.status_code}, expected the login")

    for pattern in {*PUBLIC, *NOT_REACHED, *SHARED} - {r.pattern for r in routes}:
        problems.append(f"{pattern}: listed in an allow-list but no longer a route (remove it)")
    assert not problems, "\n".join(problems)
