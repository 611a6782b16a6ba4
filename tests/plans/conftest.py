"""Fixtures for the plan parser tests: the shared seed and example plans, read at run time, and the scorer."""

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

REPO = Path(__file__).resolve().parents[2]
SEED_NAME = "000_54775582b39b50f7"
EXAMPLES = (
    "01-sgddt-bacgiang-phong-chong-bao-hanh-tre-2020",
    "02-pgddt-hiephoa-phap-che-2020-2021",
    "03-pgddt-hiephoa-tu-danh-gia-2020-2021",
)


def _shared_dir() -> Path | None:
    configured = os.environ.get("DANVAN_SHARED_DIR")
    candidate = Path(configured) if configured else REPO.parent / "shared"
    return candidate if (candidate / "seed").is_dir() else None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """Return the shared/ folder, skipping (or failing under DANVAN_REQUIRE_SHARED=1) when it is absent."""
    found = _shared_dir()
    if found is None:
        if os.environ.get("DANVAN_REQUIRE_SHARED") == "1":
            pytest.fail("shared/ examples not found (DANVAN_REQUIRE_SHARED=1)")
        pytest.skip("shared/ examples not found")
    return found


@pytest.fixture(scope="session")
def seed_bytes(shared_dir: Path) -> bytes:
    """Return the seed plan as stored."""
    return (shared_dir / "seed" / f"{SEED_NAME}.txt").read_bytes()


@pytest.fixture(scope="session")
def seed_text(seed_bytes: bytes) -> str:
    """Return the seed plan as text."""
    return seed_bytes.decode("utf-8")


@pytest.fixture(scope="session")
def seed_expected(shared_dir: Path) -> dict:
    """Return the seed's hand-checked expectation."""
    return json.loads((shared_dir / "seed" / f"{SEED_NAME}.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def example(shared_dir: Path) -> Callable[[str], tuple[bytes, dict]]:
    """Return a loader of one example plan: (bytes, expectation)."""

    def load(name: str) -> tuple[bytes, dict]:
        base = shared_dir / "examples" / "plans" / name
        return base.with_suffix(".txt").read_bytes(), json.loads(
            base.with_suffix(".expected.json").read_text(encoding="utf-8")
        )

    return load


@pytest.fixture(scope="session")
def score(shared_dir: Path) -> Callable[[dict, dict], float]:
    """Return a function scoring a parse result against an expectation with shared/tools/score_plan.py."""
    spec = importlib.util.spec_from_file_location("score_plan", shared_dir / "tools" / "score_plan.py")
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
