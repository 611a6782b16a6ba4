"""Who is calling the API: a personal token (`Authorization: Bearer …`) or the signed-in browser session.

Both end with `request.user` set to the real user, so every endpoint checks permissions the same way
whichever door was used. A session request that changes something must carry the CSRF token.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from danvan.api.services import authenticate_key
from danvan.core.context import acting_as
from danvan.core.middleware import client_ip


class TokenAuth(HttpBearer):
    """Authenticate with a personal API token; a bad token is refused outright (no fallback to the session)."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if not header:
            return None
        scheme, _sep, key = header.partition(" ")
        if scheme.lower() != self.openapi_scheme:
            raise AuthenticationError()
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = authenticate_key(token)
        if found is None:
            raise AuthenticationError()
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class SessionAuth(AuthBase):
    """Reuse the Django session; unsafe methods need the CSRF token, as on the web pages."""

    openapi_type = "apiKey"
    openapi_in = "cookie"
    csrf = True  # tells the docs page (Swagger "Try it out") to send the CSRF token

    def __init__(self) -> None:
        self.openapi_name = settings.SESSION_COOKIE_NAME
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # anonymous: 401, before any CSRF question
        if check_csrf(request) is not None:
            raise HttpError(403, "csrf")
        return user


def with_actor(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run an endpoint on behalf of the authenticated user, so audit entries name them (token users too)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        user = getattr(request, "user", None)
        user = user if user is not None and user.is_authenticated else None
        with acting_as(user, client_ip(request)):
            return view(request, *args, **kwargs)

    return wrapped


token_auth = TokenAuth()
session_auth = SessionAuth()
AUTH = [token_auth, session_auth]
