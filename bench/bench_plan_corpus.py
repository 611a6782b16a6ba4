"""Score the plan parser on real plans: every `NN-*.txt` with a checklist, per field, and their mean.

Run: .venv/bin/python bench/bench_plan_corpus.py [DIR ...] [--expected-dir DIR ...] [--floor 0.90] [--verbose]

Plans are read from `../shared/examples/plans/` beside the clone (or `$DANVAN_SHARED_DIR/examples/plans`, when it exists) and from every DIR given; the
repository's own seed plan (`danvan/plans/data/demo_plan_2023.txt`) is always scored too. A plan's checklist
(`NN-name.expected.json`, format in that folder's README) is looked for beside the text, then in each
`--expected-dir`, then in `bench/corpus/expected/` (our own checklists, kept in the repository; the plan texts are
not). Plans without a checklist are listed and skipped.

Each plan is parsed in-process (`parse_plan`, as the import does) and scored by the project's scorer
`shared/tools/score_plan.py` when it is beside the clone, else by `bench/plan_score.py`, a re-implementation of its
rules. When both are available, every plan is scored by both and any disagreement fails the run (exit 2): that
keeps `plan_score.py` faithful. Prints a table (rows: plans, columns: fields, then the plan's score), the mean per
field, the mean and the minimum; exits 1 when the mean is below `--floor` or a plan below `--plan-floor`.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib.util
import io
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import plan_score  # noqa: E402

from danvan.plans.parsing import parse_plan  # noqa: E402

SHARED = Path(os.environ.get("DANVAN_SHARED_DIR") or REPO.parent / "shared")
CORPUS = SHARED / "examples" / "plans"
SHARED_SCORER = SHARED / "tools" / "score_plan.py"
OWN_EXPECTED = REPO / "bench" / "corpus" / "expected"
SEED_TEXT = REPO / "danvan" / "plans" / "data" / "demo_plan_2023.txt"
SEED_EXPECTED = REPO / "tests" / "plans" / "fixtures" / "seed" / "demo_plan_2023.expected.json"
FIELDS = (
    "number",
    "date",
    "issuer",
    "year",
    "parent_plan",
    "sections",
    "tasks",
    "legal_refs",
    "legal_ref_dates",
    "report_deadlines",
    "recipients",
    "signer",
)
SHORT = {
    "number": "num",
    "date": "date",
    "issuer": "iss",
    "year": "year",
    "parent_plan": "par",
    "sections": "sec",
    "tasks": "task",
    "legal_refs": "refs",
    "legal_ref_dates": "rdat",
    "report_deadlines": "dl",
    "recipients": "rcp",
    "signer": "sig",
}
_PLAN_NAME = re.compile(r"^\d{2,3}-.+\.txt$")
_SCORE_LINE = re.compile(r"^(\w+): ([0-9.]+)$")


def load_shared_scorer() -> ModuleType | None:
    """Return the project's scorer module when `shared/tools/score_plan.py` is beside the clone."""
    if not SHARED_SCORER.is_file():
        return None
    spec = importlib.util.spec_from_file_location("shared_score_plan", SHARED_SCORER)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def shared_scores(scorer: ModuleType, expected_path: Path, got: dict[str, Any]) -> dict[str, float]:
    """Run the shared scorer's command on a checklist and an output, and read its per-field lines back."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        json.dump(got, handle, ensure_ascii=False)
        got_path = Path(handle.name)
    out = io.StringIO()
    saved = sys.argv
    try:
        sys.argv = ["score_plan.py", str(expected_path), str(got_path)]
        with contextlib.redirect_stdout(out):
            scorer.main()
    finally:
        sys.argv = saved
        got_path.unlink(missing_ok=True)
    scores = {}
    for line in out.getvalue().splitlines():
        match = _SCORE_LINE.match(line)
        if match and match.group(1) != "score":
            scores[match.group(1)] = float(match.group(2))
    return scores


def as_plain(result: object) -> dict[str, Any]:
    """Return the parser's result as the plain dictionary the CLI prints (whatever structure parse_plan returns)."""
    if isinstance(result, dict):
        return result
    for name in ("as_dict", "to_dict", "to_json_dict"):
        method = getattr(result, name, None)
        if callable(method):
            return method()
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.asdict(result)
    raise TypeError(f"parse_plan returned {type(result).__name__}, not a dictionary")


def find_checklist(text: Path, expected_dirs: list[Path]) -> Path | None:
    """Return the checklist of a plan text: beside it, else in the given folders, else in bench/corpus/expected."""
    name = text.name[: -len(".txt")] + ".expected.json"
    for folder in [text.parent, *expected_dirs, OWN_EXPECTED]:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def plan_files(dirs: list[Path]) -> list[Path]:
    """Return the `NN-*.txt` plans of the folders, in name order, each once."""
    seen: dict[str, Path] = {}
    for folder in dirs:
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if _PLAN_NAME.match(path.name) and path.name not in seen:
                    seen[path.name] = path
    return [seen[name] for name in sorted(seen)]


def main(argv: list[str] | None = None) -> int:
    """Score every plan with a checklist and print the table; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, help="more folders of NN-name.txt plans")
    parser.add_argument("--expected-dir", action="append", type=Path, default=[], help="more checklist folders")
    parser.add_argument("--floor", type=float, default=0.90, help="fail when the mean is below (default 0.90)")
    parser.add_argument("--plan-floor", type=float, default=0.0, help="fail when a plan scores below")
    parser.add_argument("--only", default="", help="score only plans whose file name contains this")
    parser.add_argument("--verbose", action="store_true", help="print what each plan missed")
    parser.add_argument("--json", type=Path, help="write the per-plan field scores to this file")
    args = parser.parse_args(argv)

    scorer = load_shared_scorer()
    cases: list[tuple[str, Path, Path]] = []
    if SEED_TEXT.is_file() and SEED_EXPECTED.is_file() and args.only in "seed":
        cases.append(("seed", SEED_TEXT, SEED_EXPECTED))
    missing: list[str] = []
    for text in plan_files([CORPUS, *args.dirs]):
        if args.only and args.only not in text.name:
            continue
        checklist = find_checklist(text, args.expected_dir)
        if checklist is None:
            missing.append(text.name)
        else:
            cases.append((text.name[: -len(".txt")], text, checklist))
    if not cases:
        print("no plan with a checklist found")
        return 1

    rows: dict[str, dict[str, float]] = {}
    notes: dict[str, list[str]] = {}
    disagreements: list[str] = []
    seconds = 0.0
    for name, text, checklist in cases:
        expected = json.loads(checklist.read_text(encoding="utf-8"))
        started = time.perf_counter()
        got = as_plain(parse_plan(text.read_bytes(), filename=text.name))
        seconds += time.perf_counter() - started
        got = json.loads(json.dumps(got, ensure_ascii=False, default=str))  # what the CLI prints
        own, why = plan_score.score(expected, got)
        if scorer is not None:
            theirs = shared_scores(scorer, checklist, got)
            if {k: round(v, 2) for k, v in own.items()} != theirs:
                disagreements.append(f"{name}: plan_score {own} != score_plan {theirs}")
            rows[name] = theirs
        else:
            rows[name] = own
        notes[name] = why

    fields = [f for f in FIELDS if any(f in r for r in rows.values())]
    fields += sorted({f for r in rows.values() for f in r} - set(fields))
    width = max(len(n) for n in rows) if rows else 10
    width = min(width, 48)
    print(f"{'plan':<{width}} " + " ".join(f"{SHORT.get(f, f[:4]):>4}" for f in fields) + "  score")
    totals: dict[str, float] = {}
    for name, scores in rows.items():
        totals[name] = plan_score.total(scores)
        cells = " ".join(f"{scores[f]:4.2f}" if f in scores else "   ." for f in fields)
        print(f"{name[:width]:<{width}} {cells}  {totals[name]:.3f}")
        if args.verbose:
            for line in notes[name]:
                print(f"    {line.strip()}")
    means = {}
    for f in fields:
        values = [r[f] for r in rows.values() if f in r]
        means[f] = sum(values) / len(values)
    mean = sum(totals.values()) / len(totals)
    low = min(totals, key=totals.__getitem__)
    print(f"{'mean':<{width}} " + " ".join(f"{means[f]:4.2f}" for f in fields) + f"  {mean:.3f}")
    print(
        f"plans: {len(rows)}  mean: {mean:.3f}  min: {totals[low]:.3f} ({low})  parse time: {seconds:.2f} s  "
        f"scorer: {'shared/tools/score_plan.py' if scorer else 'bench/plan_score.py'}"
    )
    if missing:
        print(f"without a checklist ({len(missing)}): {', '.join(missing)}")
    if args.json:
        args.json.write_text(
            json.dumps({"plans": rows, "totals": totals, "means": means, "mean": mean}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    if disagreements:
        print("bench/plan_score.py disagrees with shared/tools/score_plan.py:")
        for line in disagreements:
            print(f"  {line}")
        return 2
    failed = False
    if mean < args.floor:
        print(f"FAIL: mean {mean:.3f} below the floor {args.floor:.2f}")
        failed = True
    below = [n for n, t in totals.items() if t < args.plan_floor]
    if below:
        print(f"FAIL: below the plan floor {args.plan_floor:.2f}: {', '.join(below)}")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
