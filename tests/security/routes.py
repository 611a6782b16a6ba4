"""Every route of the project, read from the resolver, so a new route cannot escape the security tests."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

INT_KWARG = re.compile(r"<int:(\w+)>")
ANY_KWARG = re.compile(r"<(?:(\w+):)?(\w+)>")


@dataclass(frozen=True)
class Route:
    """One URL pattern: its full pattern text (as `resolve(path).route` gives it) and its view name."""

    pattern: str
    name: str

    @property
    def int_kwargs(self) -> list[str]:
        return INT_KWARG.findall(self.pattern)

    @property
    def has_kwargs(self) -> bool:
        return bool(ANY_KWARG.search(self.pattern))

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/v1/")

    def fill(self, **values: object) -> str:
        """Return the path with each <converter:name> replaced by values[name]."""
        return "/" + ANY_KWARG.sub(lambda m: str(values[m.group(2)]), self.pattern)


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> list[Route]:
    out: list[Route] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            out += _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            out.append(Route(prefix + str(p.pattern), namespace + (p.name or "")))
    return out


def all_routes() -> list[Route]:
    """Return every route except Django's admin (superusers only, and tested as Django tests it)."""
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        if not route.pattern.startswith("quan-tri/"):
            seen.setdefault(route.pattern, route)  # the API lists GET and POST of one path as two patterns
    return list(seen.values())
