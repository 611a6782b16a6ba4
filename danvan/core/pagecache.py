"""Pages that are the same for every anonymous visitor except a few values of the request ("holes").

The public petition form is the page citizens open most, and its HTML depends only on the school,
the language and the path — apart from the CSRF token and the anti-spam timing token. Such a page is
rendered once with markers where those values go, kept a minute in the process's memory, and each
request only fills its own values in. Signed-in users, requests with a query string and visitors
with a pending message get the page rendered in full, as usual.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language

TIMEOUT = 60


def marker(name: str) -> str:
    """Return the placeholder written into the cached HTML for the hole `name`."""
    return f"__danvan_hole_{name}__"


def cacheable(request: HttpRequest) -> bool:
    """Tell whether this request would see the generic anonymous page."""
    if request.method != "GET" or request.GET or getattr(request, "user", None) is None:
        return False
    if request.user.is_authenticated or "messages" in request.COOKIES:
        return False
    # Messages may also wait in the session (the fallback storage): only visitors with a session can have them.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES or "_messages" not in request.session


def render_with_holes(
    request: HttpRequest, template: str, context: dict[str, Any], *, key: str, holes: dict[str, Callable[[], str]]
) -> HttpResponse:
    """Render `template` as `render()` would, from the per-process page cache when `cacheable(request)`.

    `key` names what the page depends on besides the path and the language (a school); each hole is a
    context variable whose value comes from its function on every request. The CSRF token is always one.
    """
    if not cacheable(request):
        return HttpResponse(render_to_string(template, {**context, **{n: f() for n, f in holes.items()}}, request))
    cache = caches["local"]
    cache_key = "pagecache:" + hashlib.sha256(f"{key}|{get_language()}|{request.path}".encode()).hexdigest()
    html = cache.get(cache_key)
    if html is None:
        blank = {name: marker(name) for name in holes}
        html = render_to_string(template, {**context, **blank, "csrf_token": marker("csrf")}, request)
        cache.set(cache_key, html, TIMEOUT)
    html = html.replace(marker("csrf"), get_token(request))  # also sets the CSRF cookie, as the tag would
    for name, fill in holes.items():
        html = html.replace(marker(name), fill())
    return HttpResponse(html)
