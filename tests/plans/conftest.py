"""Fixtures for the plan parser tests: the seed plan, our example plans and their expectations, and the scorer."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests derandomized (`HYPOTHESIS_PROFILE=ci` in .ci/run): the same examples every run, so a
# red build is reproducible; on a developer's machine they explore new examples each time.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_PLAN = Path(__file__).resolve().parents[2] / "danvan" / "plans" / "data" / "demo_plan_2023.txt"
# Synthetic plans of our own, each keeping the structure of a real plan met in the field (see their _notes).
EXAMPLES = (
    "footnoted_department_plan",
    "school_year_legal_affairs_plan",
    "lettered_tasks_with_an_unimported_section",
)


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    """Return the seed plan as shipped in the package."""
    return SEED_PLAN.read_bytes()


@pytest.fixture(scope="session")
def seed_text(seed_bytes: bytes) -> str:
    """Return the seed plan as text."""
    return seed_bytes.decode("utf-8")


@pytest.fixture(scope="session")
def seed_expected() -> dict:
    """Return the seed's hand-checked expectation."""
    return json.loads((FIXTURES / "seed" / "demo_plan_2023.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def example() -> Callable[[str], tuple[bytes, dict]]:
    """Return a loader of one example plan: (bytes, expectation)."""

    def load(name: str) -> tuple[bytes, dict]:
        base = FIXTURES / name
        return base.with_suffix(".txt").read_bytes(), json.loads(
            base.with_suffix(".expected.json").read_text(encoding="utf-8")
        )

    return load


@pytest.fixture(scope="session")
def score() -> Callable[[dict, dict], float]:
    """Return a function scoring a parse result against an expectation with score_plan.py (beside this file)."""
    spec = importlib.util.spec_from_file_location("score_plan", Path(__file__).resolve().parent / "score_plan.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def run(expected: dict, got: dict) -> float:
        with tempfile.TemporaryDirectory() as tmp:
            exp_path, got_path = Path(tmp) / "exp.json", Path(tmp) / "got.json"
            exp_path.write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
            got_path.write_text(json.dumps(got, ensure_ascii=False), encoding="utf-8")
            out = io.StringIO()
            argv = ["score_plan.py", str(exp_path), str(got_path)]
            with contextlib.redirect_stdout(out), _patched_argv(module, argv):
                module.main()
        match = re.search(r"^score: ([0-9.]+)$", out.getvalue(), re.MULTILINE)
        assert match, out.getvalue()
        return float(match.group(1))

    return run


@contextlib.contextmanager
def _patched_argv(module: object, argv: list[str]):
    sys = module.sys  # type: ignore[attr-defined]
    saved = sys.argv
    sys.argv = argv
    try:
        yield
    finally:
        sys.argv = saved
