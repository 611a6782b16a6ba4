"""Registries that let each app add navigation entries and dashboard panels without editing core."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NavItem:
    """One entry of the main navigation, shown when the user holds `perm` somewhere."""

    url_name: str
    label: Any
    perm: str | None
    order: int


@dataclass
class NavRegistry:
    """Ordered navigation entries contributed by apps."""

    items: dict[str, NavItem] = field(default_factory=dict)

    def register(self, url_name: str, label: Any, *, perm: str | None, order: int = 50) -> None:
        """Add or replace an entry (idempotent, so app reloads in tests are harmless)."""
        self.items[url_name] = NavItem(url_name, label, perm, order)

    def sorted(self) -> list[NavItem]:
        """Return entries in display order."""
        return sorted(self.items.values(), key=lambda item: (item.order, str(item.label)))


@dataclass(frozen=True)
class Panel:
    """A dashboard panel: `render(request) -> dict | None` gives its context (None hides it)."""

    key: str
    template: str
    render: Callable[[Any], dict[str, Any] | None]
    perm: str | None
    order: int


@dataclass
class PanelRegistry:
    """Dashboard panels contributed by apps; each role sees the panels its permissions allow."""

    panels: dict[str, Panel] = field(default_factory=dict)

    def register(
        self,
        key: str,
        template: str,
        render: Callable[[Any], dict[str, Any] | None],
        *,
        perm: str | None,
        order: int = 50,
    ) -> None:
        """Add or replace a panel."""
        self.panels[key] = Panel(key, template, render, perm, order)

    def sorted(self) -> list[Panel]:
        """Return panels in display order."""
        return sorted(self.panels.values(), key=lambda p: (p.order, p.key))


nav = NavRegistry()
panels = PanelRegistry()


@dataclass
class DemoRegistry:
    """Demo-data loaders contributed by apps, run in order by `danvan demo` (each must be idempotent)."""

    loaders: dict[str, tuple[int, Callable[[], None]]] = field(default_factory=dict)

    def register(self, key: str, loader: Callable[[], None], *, order: int = 50) -> None:
        """Add or replace a loader."""
        self.loaders[key] = (order, loader)

    def run(self) -> None:
        """Run every loader in order."""
        for _key, (_order, loader) in sorted(self.loaders.items(), key=lambda kv: kv[1][0]):
            loader()


demo = DemoRegistry()


# ---------------------------------------------------------------- global search


@dataclass(frozen=True)
class SearchHit:
    """One result of the global search: what the list page would show of the object, and where it opens."""

    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class SearchProvider:
    """A kind of object the global search finds: `find(user, query, offset, limit)` returns at most `limit + 1`
    hits (the extra one tells there is a next page) from the same scoped queryset as the kind's list page."""

    key: str
    label: Any
    perm: str
    find: Callable[[Any, str, int, int], list[SearchHit]]
    order: int


@dataclass
class SearchRegistry:
    """The kinds the global search looks in, contributed by apps."""

    providers: dict[str, SearchProvider] = field(default_factory=dict)

    def register(
        self, key: str, label: Any, find: Callable[[Any, str, int, int], list[SearchHit]], *, perm: str, order: int = 50
    ) -> None:
        """Add or replace a kind."""
        self.providers[key] = SearchProvider(key, label, perm, find, order)

    def sorted(self) -> list[SearchProvider]:
        """Return the kinds in display order."""
        return sorted(self.providers.values(), key=lambda p: (p.order, p.key))


search = SearchRegistry()
