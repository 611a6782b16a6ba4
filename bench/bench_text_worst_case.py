"""Worst-case text: every function that reads a citizen's letter, on hostile letters of 2,000 and 20,000 characters.

Run: .venv/bin/python bench/bench_text_worst_case.py [--check]

A letter is whatever a citizen types into the public form (up to 20,000 characters) or what OCR reads from a scan.
A regular expression that backtracks over a long run of the same character turns one submission into seconds of
CPU (the e-mail pattern of the contact masking took 4 s on 20,000 digits until December 2026). For each function
and each hostile shape, the bench times the 2,000- and the 20,000-character letter: a linear function takes about
10× longer on the long one, a quadratic one about 100×. Prints the slowest shape per function with that ratio; with
`--check`, exits 1 when a function takes over 0.25 s on a 20,000-character letter or grows faster than 30×
(above 50 ms: below it, the timer and a busy machine decide the ratio).

The baseline measured in the same run is the time `str.lower()` takes on the same letters (a pass over the text).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

import django

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

# Django's settings before danvan's modules: the test settings need no environment (the bench touches no database).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
django.setup()

from table import table_row  # noqa: E402

from danvan.lib.text import fold  # noqa: E402
from danvan.petitions import duplicates, identity, ocr  # noqa: E402
from danvan.petitions.models import Petition  # noqa: E402

# Hostile shapes: long runs of what each pattern's character classes accept, and near-misses repeated.
SHAPES: dict[str, str] = {
    "letters": "a",
    "digits": "1",
    "spaces": " ",
    "newlines": "\n",
    "dots": ".",
    "address chars": "ab.cd+",
    "at signs": "a@",
    "near e-mails": "a@b",
    "spaced digits": "0 ",
    "vietnamese words": "Nguyễn ",
    "capitalised words": "A B ",
    "student leads": "em ",
    "id lead": "cmnd ",
    "phone-like": "0987 ",
}
SHORT, LONG = 2_000, 20_000
MAX_SECONDS, MAX_GROWTH, NOISE = 0.25, 30.0, 0.05


def _letter(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _timed(func: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    func(text)
    return time.perf_counter() - start


def functions() -> dict[str, Callable[[str], object]]:
    """Return the functions that read a letter's text, by name."""

    sender = types.SimpleNamespace(
        full_name="Nguyễn Văn An",
        address="12 Lê Lợi, Hải Phòng",
        phone="0987 654 321",
        email="an.nguyen@example.invalid",
        id_number="031188004455",
        co_signers="Trần Thị Bình\nLê Văn Cường",
        zalo_user_id="",
    )
    values = identity.identity_values(sender)
    petition = Petition(masked_names="Phạm Minh Đức", content="")  # unsaved: the marked names and student leads
    return {
        "scrub_contacts (masking e-mails, phones, ids)": identity.scrub_contacts,
        "redact_text (masking the sender's identity)": lambda text: identity.redact_text(text, values),
        "public_text (public pages, student names)": lambda text: identity.public_text(petition, text),
        "find_identity (OCR: who wrote the letter)": ocr.find_identity,
        "fold (search without diacritics)": fold,
        "bands_of (duplicate fingerprint)": duplicates.bands_of,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 on a quadratic function")
    parser.add_argument("--quick", action="store_true", help="accepted for `make bench`; the bench is already quick")
    args = parser.parse_args()

    baseline = max(_timed(str.lower, _letter(unit, LONG)) for unit in SHAPES.values())
    failures = []
    print(f"{'function':48} {'worst shape':18} {'2,000 ch':>10} {'20,000 ch':>10} {'growth':>7}")
    for name, func in functions().items():
        rows = []
        for shape, unit in SHAPES.items():
            short = min(_timed(func, _letter(unit, SHORT)) for _ in range(3))
            long = min(_timed(func, _letter(unit, LONG)) for _ in range(2))
            rows.append((long, short, shape))
        long, short, shape = max(rows)
        growth = long / max(short, 1e-6)
        print(f"{name:48} {shape:18} {short * 1000:8.2f}ms {long * 1000:8.2f}ms {growth:6.1f}×")
        if long > MAX_SECONDS or (long > NOISE and growth > MAX_GROWTH):
            failures.append(f"{name}: {long:.3f} s on 20,000 × {shape!r} ({growth:.0f}× the 2,000-character letter)")
        table_row(
            f"worst 20,000-character letter, {name.split(' ')[0]} (ms)",
            long * 1000,
            baseline * 1000,
            f"≤ {MAX_SECONDS * 1000:.0f} ms, linear",
            note=f"shape {shape!r}; peer = str.lower on it",
        )
    for failure in failures:
        print("TOO SLOW:", failure)
    return 1 if args.check and failures else 0


if __name__ == "__main__":
    sys.exit(main())
