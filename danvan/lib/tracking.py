"""Tracking codes a citizen can read aloud, and secret links that cannot be guessed.

A code is nine random characters from Crockford's base32 alphabet without the ambiguous letters
I, L, O and U, followed by one check character, grouped for reading: ``K7M2-Q9XD-3A``.
The check character is computed with Damm's algorithm over the quasigroup x∘y = a·x + y in GF(32),
which is totally anti-symmetric, so every single-character error and every adjacent transposition
is rejected by `is_valid` before any database lookup.

The secret token goes in the tracking link; only its HMAC-SHA256 (keyed with SECRET_KEY) is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # 32 symbols: Crockford base32
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}
BODY_LENGTH = 9  # 45 random bits
LENGTH = BODY_LENGTH + 1
GROUPS = (4, 4, 2)

_POLY = 0b100101  # x^5 + x^2 + 1, irreducible over GF(2)
_A = 2  # the multiplier a (≠ 0, ≠ 1) of the quasigroup x∘y = a·x + y


def _gf_mul(x: int, y: int) -> int:
    """Multiply two elements of GF(32)."""
    out = 0
    while y:
        if y & 1:
            out ^= x
        y >>= 1
        x <<= 1
        if x & 0b100000:
            x ^= _POLY
    return out


_MUL_A = [_gf_mul(_A, x) for x in range(32)]
# Damm table: TABLE[interim][digit] = a·interim + digit (addition in GF(2^5) is XOR).
TABLE = [[_MUL_A[i] ^ d for d in range(32)] for i in range(32)]


def _interim(values: list[int]) -> int:
    state = 0
    for v in values:
        state = TABLE[state][v]
    return state


def check_character(body: str) -> str:
    """Return the check character that makes `body` + it reduce to zero."""
    state = _interim([_INDEX[ch] for ch in body])
    # a·state + d = 0  ⇔  d = a·state (characteristic 2).
    return ALPHABET[_MUL_A[state]]


def group(raw: str) -> str:
    """Insert the reading dashes: "K7M2Q9XD3A" → "K7M2-Q9XD-3A"."""
    parts, pos = [], 0
    for size in GROUPS:
        parts.append(raw[pos : pos + size])
        pos += size
    return "-".join(p for p in parts if p)


def new_code() -> str:
    """Return a fresh random tracking code with its check character, grouped for reading."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return group(body + check_character(body))


_SEPARATORS = re.compile(r"[\s\-_.·]+")
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def normalise_code(text: str) -> str:
    """Return the code in canonical grouped form: upper case, O→0, I/L→1, spaces and dashes ignored.

    The result is not checked; call `is_valid` on it.
    """
    raw = _SEPARATORS.sub("", (text or "").strip().upper()).translate(_LOOKALIKES)
    return group(raw) if len(raw) == LENGTH else raw


def is_valid(code: str) -> bool:
    """Tell whether a (normalised or typed) code has the right length, alphabet and check character."""
    raw = _SEPARATORS.sub("", (code or "").strip().upper()).translate(_LOOKALIKES)
    if len(raw) != LENGTH or any(ch not in _INDEX for ch in raw):
        return False
    return _interim([_INDEX[ch] for ch in raw]) == 0


# ---------------------------------------------------------------- secret links


def _key() -> bytes:
    return settings.SECRET_KEY.encode()


def hash_secret(token: str) -> str:
    """Return the stored form of a link token: HMAC-SHA256 under SECRET_KEY, hex."""
    return hmac.new(_key(), b"danvan.petition-link:" + token.encode(), hashlib.sha256).hexdigest()


def new_secret() -> tuple[str, str]:
    """Return a new (token, hash): the token goes in the citizen's link, only the hash is stored."""
    token = secrets.token_urlsafe(18)  # 144 bits, 24 URL-safe characters
    return token, hash_secret(token)


def check_secret(token: str, stored_hash: str) -> bool:
    """Compare a presented token with the stored hash in constant time."""
    if not token or not stored_hash:
        return False
    return hmac.compare_digest(hash_secret(token), stored_hash)
