"""Tracking codes and secret links (danvan.lib.tracking)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from danvan.lib import tracking

CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$")
bodies = st.text(alphabet=tracking.ALPHABET, min_size=tracking.BODY_LENGTH, max_size=tracking.BODY_LENGTH)


def _code(body: str) -> str:
    return body + tracking.check_character(body)


def test_new_code_is_grouped_readable_and_valid():
    codes = {tracking.new_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert CODE.match(code), code
        assert tracking.is_valid(code)
        assert not set(code) & set("ILOU")


@given(bodies, st.integers(0, tracking.LENGTH - 1), st.sampled_from(tracking.ALPHABET))
def test_it_rejects_every_single_character_error(body, position, replacement):
    raw = _code(body)
    if raw[position] == replacement:
        return
    typo = raw[:position] + replacement + raw[position + 1 :]
    assert tracking.is_valid(raw)
    assert not tracking.is_valid(typo)


@given(bodies, st.integers(0, tracking.LENGTH - 2))
def test_it_rejects_every_adjacent_transposition(body, position):
    raw = _code(body)
    if raw[position] == raw[position + 1]:
        return
    swapped = raw[:position] + raw[position + 1] + raw[position] + raw[position + 2 :]
    assert not tracking.is_valid(swapped)


def test_normalise_code_forgives_case_spaces_dashes_and_lookalikes():
    code = tracking.new_code()
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert tracking.normalise_code(typed) == code
    assert tracking.normalise_code(f"  {code.replace('-', '')}  ") == code
    assert tracking.is_valid(typed)


def test_it_rejects_wrong_length_and_foreign_characters():
    assert not tracking.is_valid("")
    assert not tracking.is_valid("ABC")
    assert not tracking.is_valid(tracking.new_code() + "0")
    assert not tracking.is_valid("UUUU-UUUU-UU")


def test_secret_is_checked_against_its_hash_only(settings):
    token, digest = tracking.new_secret()
    assert token not in digest and len(digest) == 64
    assert tracking.check_secret(token, digest)
    assert not tracking.check_secret(token + "x", digest)
    assert not tracking.check_secret("", digest)
    settings.SECRET_KEY = "another-key-" + "x" * 40
    assert not tracking.check_secret(token, digest)
