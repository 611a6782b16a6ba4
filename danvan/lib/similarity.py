"""Near-duplicate detection for Vietnamese text, with or without diacritics.

Text is folded (`danvan.lib.text.fold`: lowercase, no diacritics, no punctuation), cut into word
3-shingles and character 5-shingles, and summarised by a 64-value MinHash signature (fixed seeds,
so signatures are stable across processes and releases). The signature is split into 16 bands of
4 rows; each band becomes one signed 64-bit integer that fits a PostgreSQL ``bigint`` column, so
candidate pairs are found with an indexed equality lookup (locality-sensitive hashing).

With 16 × 4, two texts whose Jaccard similarity is s share at least one band with probability
1 − (1 − s⁴)¹⁶: ≈ 0.99 at s = 0.7, ≈ 0.64 at s = 0.5, ≈ 0.12 at s = 0.3.
"""

from __future__ import annotations

import functools
import hashlib
import struct
from typing import TYPE_CHECKING

from danvan.lib.lazy import lazy_module
from danvan.lib.text import fold

if TYPE_CHECKING:
    import numpy as np
else:  # loaded on first use (danvan/lib/lazy.py): a worker that checks no letter needs no NumPy
    np = lazy_module("numpy")

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
WORD_K = 3
CHAR_K = 5
_SEED = 20_250_701
_MAX = 0xFFFFFFFFFFFFFFFF


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """Return the multipliers and offsets of the 64 hash permutations (drawn once per process from the seed).

    Multiply-add hashing modulo 2^64 with odd multipliers: each (a, b) is a permutation of 64-bit values.
    """
    rng = np.random.default_rng(_SEED)
    a = rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
    return a, b


def shingles(text: str) -> set[str]:
    """Return the word 3-shingles and character 5-shingles of the folded text."""
    folded = fold(text or "")
    words = folded.split()
    if not words:
        return set()
    out: set[str] = set()
    if len(words) < WORD_K:
        out.add("w:" + " ".join(words))
    else:
        out.update("w:" + " ".join(words[i : i + WORD_K]) for i in range(len(words) - WORD_K + 1))
    joined = " ".join(words)
    if len(joined) < CHAR_K:
        out.add("c:" + joined)
    else:
        out.update("c:" + joined[i : i + CHAR_K] for i in range(len(joined) - CHAR_K + 1))
    return out


def _hash64(items: set[str]) -> np.ndarray:
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little") for s in items),
        dtype=np.uint64,
        count=len(items),
    )


def signature(text: str) -> np.ndarray:
    """Return the MinHash signature (64 unsigned 64-bit values) of a text; all-max for an empty text."""
    items = shingles(text)
    if not items:
        return np.full(NUM_PERM, _MAX, dtype=np.uint64)
    hashed = _hash64(items)
    a, b = _permutations()
    with np.errstate(over="ignore"):
        permuted = np.outer(hashed, a) + b  # wraps modulo 2^64, as intended
    minimum: np.ndarray = permuted.min(axis=0)
    return minimum


def is_empty(sig: np.ndarray) -> bool:
    """Tell whether a signature comes from a text with no words."""
    return bool((sig == np.uint64(_MAX)).all())


def bands(sig: np.ndarray) -> list[int]:
    """Return one signed 64-bit value per band (the band number is mixed in, so bands never collide)."""
    out = []
    for band in range(BANDS):
        rows = sig[band * ROWS : (band + 1) * ROWS].astype("<u8").tobytes()
        digest = hashlib.blake2b(struct.pack("<B", band) + rows, digest_size=8).digest()
        out.append(struct.unpack("<q", digest)[0])
    return out


def _as_signature(value: str | np.ndarray) -> np.ndarray:
    return signature(value) if isinstance(value, str) else np.asarray(value, dtype=np.uint64)


def similarity(a: str | np.ndarray, b: str | np.ndarray) -> float:
    """Return the estimated Jaccard similarity (0–1) of two texts or two signatures."""
    sa, sb = _as_signature(a), _as_signature(b)
    if is_empty(sa) or is_empty(sb):
        return 0.0
    return float(np.count_nonzero(sa == sb)) / NUM_PERM


def jaccard(a: str, b: str) -> float:
    """Return the exact Jaccard similarity of the two texts' shingle sets (for tests and small lists)."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)
