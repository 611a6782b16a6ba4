"""Near-duplicate detection: the pure MinHash/LSH functions, then candidates from the database."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.lib import similarity
from danvan.petitions import duplicates
from danvan.petitions.models import PetitionFingerprint

from .factories import register

A = (
    "Con tôi là học sinh lớp 10A3, bị giáo viên chủ nhiệm phạt đứng ngoài lớp suốt buổi học ngày 12/10. "
    "Gia đình đề nghị nhà trường xem xét, làm rõ và trả lời bằng văn bản."
)
A_FOLDED = (
    "Con toi la hoc sinh lop 10A3, bi giao vien chu nhiem phat dung ngoai lop suot buoi hoc ngay 12/10. "
    "Gia dinh de nghi nha truong xem xet, lam ro va tra loi bang van ban."
)
A_EDITED = A.replace("suốt buổi học", "cả buổi sáng").replace("bằng văn bản", "sớm")
OTHER = "Đề nghị nhà trường công khai các khoản thu đầu năm học và quyết toán quỹ hội cha mẹ học sinh lớp 11A1."


def test_signature_is_stable_and_sized_for_sixteen_bands():
    sig = similarity.signature(A)
    assert sig.shape == (similarity.NUM_PERM,) and sig.dtype == np.uint64
    assert np.array_equal(sig, similarity.signature(A))
    bands = similarity.bands(sig)
    assert len(bands) == similarity.BANDS == 16
    assert all(-(2**63) <= b < 2**63 for b in bands)


def test_text_without_diacritics_has_the_same_signature():
    assert similarity.similarity(A, A_FOLDED) == 1.0
    assert similarity.bands(similarity.signature(A)) == similarity.bands(similarity.signature(A_FOLDED))


def test_small_edits_stay_similar_and_share_a_band():
    assert similarity.similarity(A, A_EDITED) > 0.5
    assert set(similarity.bands(similarity.signature(A))) & set(similarity.bands(similarity.signature(A_EDITED)))


def test_unrelated_texts_are_not_similar():
    assert similarity.similarity(A, OTHER) < 0.2
    assert not set(similarity.bands(similarity.signature(A))) & set(similarity.bands(similarity.signature(OTHER)))


def test_empty_text_is_similar_to_nothing():
    assert similarity.is_empty(similarity.signature("  ...  "))
    assert similarity.similarity("", "") == 0.0


words = st.lists(
    st.sampled_from("đơn thư học sinh giáo viên lớp trường phụ huynh kiến nghị tố cáo".split()), min_size=8, max_size=40
)


@settings(max_examples=40, deadline=None)
@given(words, words)
def test_minhash_estimate_tracks_exact_jaccard(a, b):
    ta, tb = " ".join(a), " ".join(b)
    assert abs(similarity.similarity(ta, tb) - similarity.jaccard(ta, tb)) < 0.35


# ---------------------------------------------------------------- from the database


@pytest.fixture
def stored(school, clerk):
    duplicates.connect_signals()
    first = register(school, clerk, content=A, identity={"full_name": "Trần Văn Bình", "phone": "0987 111 222"})
    other = register(school, clerk, content=OTHER, identity={"full_name": "Lê Thị Cúc", "phone": "0905 333 444"})
    return first, other


def test_petitions_are_indexed_with_sixteen_bands(stored):
    first, other = stored
    assert PetitionFingerprint.objects.filter(petition=first).count() == 16
    assert set(PetitionFingerprint.objects.filter(petition=first).values_list("band", flat=True)) == set(range(16))


def test_it_finds_the_same_content_with_and_without_diacritics(school, stored):
    first, _other = stored
    for text in (A, A_FOLDED, A_EDITED):
        found = duplicates.find_candidates(school, text)
        assert [c.petition.pk for c in found][:1] == [first.pk], text
        assert duplicates.REASON_CONTENT in found[0].reasons


def test_it_finds_the_same_person_by_name_or_phone_without_decrypting(school, stored):
    first, _other = stored
    found = duplicates.find_candidates(school, "Một nội dung hoàn toàn khác", name="tran van binh")
    assert [c.petition.pk for c in found] == [first.pk] and found[0].reasons == [duplicates.REASON_NAME]
    found = duplicates.find_candidates(school, "", phone="+84987111222")
    assert [c.petition.pk for c in found] == [first.pk] and found[0].reasons == [duplicates.REASON_PHONE]


def test_it_does_not_look_in_another_school(other_school, stored):
    assert duplicates.find_candidates(other_school, A, name="Trần Văn Bình") == []


def test_unrelated_text_finds_nothing(school, stored):
    assert duplicates.find_candidates(school, "Đề nghị tổ chức thêm câu lạc bộ bóng rổ cho học sinh khối 12.") == []
