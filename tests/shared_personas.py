"""The personas created once per test module instead of once per test.

Creating the cast (the Department, two schools with their standard units, five users with their memberships) costs
some 30–40 ms of CPU, and about 1,800 tests ask for it: over a minute of every run. In a module whose tests all run
inside a rolled-back transaction (no transactional test, no live server), the cast is created once, inside an outer
transaction opened before the module's first test and rolled back after its last; each test's own transaction
nests inside it as a savepoint, so whatever a test writes is still undone before the next one. Every test of such
a module starts from the same rows (the cast included), whether it asked for the personas or not, so the order of
tests inside the module never matters.

Each test gets freshly loaded instances of the cast: a test that changes a user object in memory (its permissions
cache, a field it did not save) cannot leak that change into the next test.

A module opts out with ``pytestmark = pytest.mark.own_personas`` (a module whose tests must start with an empty
database); modules with transactional tests are left out automatically, since their tests must commit.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from danvan.core.testing import Personas, make_personas
from danvan.org.models import Organisation

_TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}
_PERSONA_FIXTURES = {"personas"}

# Module node ids whose tests share one cast, filled at collection.
SHARING_MODULES: set[str] = set()


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (
        marker.kwargs.get("transaction")
        or marker.kwargs.get("reset_sequences")
        or marker.kwargs.get("serialized_rollback")
    ):
        return True
    return bool(_TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


def choose_modules(items: list[pytest.Item]) -> None:
    """Remember the modules where every test is non-transactional and at least one uses the personas."""
    by_module: dict[str, list[pytest.Item]] = {}
    for item in items:
        module = item.getparent(pytest.Module)
        if module is not None:
            by_module.setdefault(module.nodeid, []).append(item)
    SHARING_MODULES.clear()
    for nodeid, module_items in by_module.items():
        if any(item.get_closest_marker("own_personas") for item in module_items):
            continue
        if any(_is_transactional(item) for item in module_items):
            continue
        if any(_PERSONA_FIXTURES & set(getattr(item, "fixturenames", ())) for item in module_items):
            SHARING_MODULES.add(nodeid)


def refetch(cast: Personas) -> Personas:
    """Return the same cast loaded again from the database (new Python objects, nothing cached on them)."""
    users = get_user_model().objects.in_bulk(
        [
            cast.department_officer.pk,
            cast.principal.pk,
            cast.clerk.pk,
            cast.teacher.pk,
            cast.other_principal.pk,
        ]
    )
    orgs = Organisation.objects.in_bulk([cast.department.pk, cast.school.pk, cast.other_school.pk])
    return Personas(
        department=orgs[cast.department.pk],
        school=orgs[cast.school.pk],
        other_school=orgs[cast.other_school.pk],
        department_officer=users[cast.department_officer.pk],
        principal=users[cast.principal.pk],
        clerk=users[cast.clerk.pk],
        teacher=users[cast.teacher.pk],
        other_principal=users[cast.other_principal.pk],
        password=cast.password,
    )


def _keep_open() -> None:
    """Stand in for the connection's close() while a module's outer transaction is open."""


def module_cast(django_db_blocker) -> Iterator[Personas]:
    """Create the cast in an outer transaction of the database, and roll it back after the module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        # A management command run in the test's process ends with `connections.close_all()` (Django's
        # run_from_argv): closing the connection would end the module's transaction, cast included, and let the
        # next tests commit for good. While the module runs, closing keeps the connection (as a pooled one would).
        connection.close = _keep_open
        try:
            yield make_personas()
        finally:
            del connection.close
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
