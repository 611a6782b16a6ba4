"""`fold`: the diacritic-insensitive key every search, duplicate check and identity mask compares with."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from danvan.lib.text import fold


def _by_category(text: str) -> str:
    """The definition: NFD, drop every nonspacing mark (any script), casefold, punctuation runs to one space."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").casefold()
    return " ".join("".join(ch if ch.isalnum() or ch == "_" else " " for ch in text).split())


def test_vietnamese_names_and_titles_fold_to_plain_words():
    assert fold("Phó Hiệu trưởng") == "pho hieu truong"
    assert fold("ĐINH QUANG VĨNH KHIÊM") == "dinh quang vinh khiem"
    assert fold("Tổ Toán - Tin, lớp 9A!") == "to toan tin lop 9a"
    assert fold("Nguyễn") == fold("Nguye\u0302\u0303n")  # typed decomposed (macOS, Word): the same key


def test_marks_of_other_scripts_are_dropped_too():
    assert fold("Crème brûlée") == "creme brulee"
    assert "\u094d" not in fold("हिन्दी")  # the Devanagari virama is a nonspacing mark


@given(st.text(max_size=60))
def test_it_agrees_with_the_definition_on_any_text(text):
    assert fold(text) == _by_category(text)
