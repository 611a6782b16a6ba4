"""Named permissions and what each position grants: the one registry every view, API and template reads.

Each app declares its own permissions in `<app>/permissions.py` (constants made by `register`, with a Vietnamese
description); `CoreConfig.ready` imports those modules, so the registry is complete before the first request. A
permission name that is not registered is an error: the system check `danvan.E010` lists every unknown name a
page, a navigation entry, a panel, a search kind or a role uses (at `danvan check`, `runserver`, `migrate`), and
`has_perm` refuses one (`UnknownPermission`) instead of answering a silent "no".

A position grants two sets: `own` permissions act on the member's tenant (the school or the Department the unit
belongs to) and `subtree` permissions act on every organisation below that tenant too (so a Department officer can
read its schools' reports without being able to edit their plans).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


class UnknownPermission(LookupError):
    """A permission name no app registered: a programming error (a typo, or a permissions module not loaded)."""


@dataclass(frozen=True)
class Permission:
    """One named permission: `<app>.<action>` and what it allows, in Vietnamese (for the admin and the docs)."""

    name: str
    description: str
    module: str


class PermissionRegistry:
    """Every permission the apps declared, by name."""

    def __init__(self) -> None:
        self._perms: dict[str, Permission] = {}
        self._names: frozenset[str] | None = None

    def register(self, name: str, description: str, *, module: str = "") -> str:
        """Declare a permission and return its name (idempotent; a second, different declaration is an error)."""
        known = self._perms.get(name)
        if known is not None and known.description != description:
            raise ValueError(f"Permission {name!r} is declared twice ({known.module} and {module}).")
        self._perms[name] = Permission(name, description, module or (known.module if known else ""))
        self._names = None
        return name

    def __contains__(self, name: object) -> bool:
        return name in self._perms

    def __iter__(self) -> Iterator[Permission]:
        return iter(list(self._perms.values()))

    def names(self) -> frozenset[str]:
        """Return every registered name."""
        if self._names is None:
            self._names = frozenset(self._perms)
        return self._names

    def get(self, name: str) -> Permission:
        """Return the permission of that name (`UnknownPermission` when none is registered)."""
        try:
            return self._perms[name]
        except KeyError:
            raise UnknownPermission(name) from None

    def check(self, name: str) -> str:
        """Return `name` when it is registered, else raise `UnknownPermission` (once the apps are loaded)."""
        if name not in self._perms and apps.ready:
            raise UnknownPermission(name)
        return name

    def unknown(self, names: Iterable[str]) -> list[str]:
        """Return the names among `names` that no app registered, sorted."""
        return sorted({n for n in names if n not in self._perms})


registry = PermissionRegistry()


def register(name: str, description: str, *, module: str = "") -> str:
    """Declare a permission in the registry and return its name: `VIEW = register("plans.view", "Xem ...")`."""
    return registry.register(name, description, module=module)


def autodiscover() -> None:
    """Import the `permissions` module of every danvan app (CoreConfig.ready), so every name is registered."""
    for config in apps.get_app_configs():
        if config.name.startswith("danvan.") and module_has_submodule(config.module, "permissions"):
            import_module(f"{config.name}.permissions")


# core's own permission.
AUDIT_VIEW = register("audit.view", "Xem nhật ký thay đổi", module=__name__)


# ---------------------------------------------------------------- what each position grants


@dataclass(frozen=True)
class RoleGrant:
    """The permissions one position grants on its own tenant and on the tenant's subtree."""

    own: frozenset[str]
    subtree: frozenset[str] = frozenset()


# What every member of staff may read; dissemination (quán triệt văn bản) reaches whoever reads the plans.
VIEW = frozenset({"org.view", "plans.view", "reports.view", "workdays.view", "dissemination.view"})
_STAFF_BASE = VIEW | {"emulation.view", "tasks.update", "board.concern"}


@dataclass(frozen=True)
class _Everything:
    """Every registered permission but `but`: resolved against the registry when the table is read."""

    but: frozenset[str] = frozenset()


_ALL = _Everything()

# {position kind: (own, subtree)}; `_Everything` stands for the whole registry, read once the apps are loaded.
_ROLE_TABLE: dict[str, tuple[frozenset[str] | _Everything, frozenset[str] | _Everything]] = {
    "QUAN_TRI": (_ALL, _ALL),
    "HIEU_TRUONG": (
        _Everything(but=frozenset({"petitions.escalated", "reports.review", "reports.obligations"})),
        VIEW,
    ),
    "PHO_HIEU_TRUONG": (
        _STAFF_BASE
        | {
            "plans.edit",
            "dissemination.edit",
            "petitions.view",
            "petitions.register",
            "petitions.handle",
            "reports.edit",
            "board.view",
            "emulation.manage",
            "audit.view",
        },
        frozenset(),
    ),
    "VAN_THU": (
        _STAFF_BASE
        | {
            "plans.edit",
            "dissemination.edit",
            "petitions.view",
            "petitions.register",
            "reports.edit",
            "org.manage",
        },
        frozenset(),
    ),
    "CHU_TICH_CD": (_STAFF_BASE | {"board.view", "emulation.manage", "reports.edit"}, frozenset()),
    "BI_THU_DOAN": (_STAFF_BASE | {"emulation.manage"}, frozenset()),
    "TO_TRUONG_CM": (_STAFF_BASE, frozenset()),
    "TRUONG_BAN_TTND": (_STAFF_BASE | {"board.view", "board.manage"}, frozenset()),
    "THANH_VIEN_TTND": (_STAFF_BASE | {"board.view"}, frozenset()),
    "KE_TOAN_TRUONG": (_STAFF_BASE, frozenset()),
    "GIAO_VIEN": (_STAFF_BASE, frozenset()),
    "NHAN_VIEN": (_STAFF_BASE, frozenset()),
    "LANH_DAO_SO": (
        _Everything(but=frozenset({"petitions.escalated"})),
        VIEW
        | {
            "reports.review",
            "reports.obligations",
            "petitions.escalated",
            "petitions.view",
            "emulation.view",
            "audit.view",
        },
    ),
    "CAN_BO_SO": (
        # The Department's reception officer also files its books into the national database (NĐ 154/2026 Điều 27).
        _STAFF_BASE
        | {
            "plans.edit",
            "dissemination.edit",
            "reports.edit",
            "petitions.view",
            "petitions.register",
            "petitions.handle",
            "nationaldb.export",
        },
        VIEW | {"reports.review", "reports.obligations", "petitions.view", "emulation.view"},
    ),
}


def _resolve(spec: frozenset[str] | _Everything) -> frozenset[str]:
    return registry.names() - spec.but if isinstance(spec, _Everything) else spec


def all_permissions() -> frozenset[str]:
    """Return every registered permission name (what a superuser holds everywhere)."""
    return registry.names()


def role_grants() -> dict[str, RoleGrant]:
    """Return {position kind: what it grants}, the whole-registry grants resolved against the registry."""
    return {kind: RoleGrant(own=_resolve(own), subtree=_resolve(sub)) for kind, (own, sub) in _ROLE_TABLE.items()}


def role_grant_names() -> set[str]:
    """Return every permission name the role table writes out (for the system check)."""
    out: set[str] = set()
    for own, sub in _ROLE_TABLE.values():
        for spec in (own, sub):
            out |= spec.but if isinstance(spec, _Everything) else spec
    return out


def grant_for(position_kind: str) -> RoleGrant:
    """Return what a position kind grants (nothing for an unknown kind)."""
    spec = _ROLE_TABLE.get(position_kind)
    if spec is None:
        return RoleGrant(own=frozenset())
    return RoleGrant(own=_resolve(spec[0]), subtree=_resolve(spec[1]))
