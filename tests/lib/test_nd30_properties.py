"""Whatever text and structure a caller passes, both builders return a document instead of crashing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan.lib.nd30 import Heading, Image, OfficialDocument, Paragraph, Table, build_docx, build_pdf

from .conftest import read_docx, tiny_png

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
ODD = ["\n", "\t", "\r", "\x00", "\x0b", "\ud800", "\ufffe", "\u0301", "😀", "漢", "&", "<", ">", '"', "/", "."]

text = st.text(
    alphabet=st.one_of(st.sampled_from(list(VIETNAMESE) + [" "] * 8 + ODD), st.characters()),
    max_size=120,
)
long_text = st.builds(lambda t, n: (t + " ") * n, text, st.integers(1, 6))
number = st.floats(allow_nan=True, allow_infinity=True) | st.integers(-5, 500)

paragraphs = st.builds(
    Paragraph,
    long_text,
    bold=st.booleans(),
    italic=st.booleans(),
    indent=st.booleans(),
    align=st.sampled_from(["left", "center", "right", "justify", "sideways", ""]),
)
headings = st.builds(Heading, text, level=st.integers(-3, 9))
tables = st.builds(
    Table,
    headers=st.lists(text, max_size=7),
    rows=st.lists(st.lists(long_text, max_size=7), max_size=25),
    widths_mm=st.none() | st.lists(number, max_size=8),
)
images = st.builds(
    Image,
    data=st.sampled_from([tiny_png(), tiny_png(300, 20), b"", b"\x89PNG broken"]),
    width_mm=number,
    caption=text,
)
documents = st.builds(
    OfficialDocument,
    issuer=text,
    issuer_superior=text,
    number=st.none() | text | st.integers(0, 9999).map(str),
    symbol=text,
    place=text,
    date=st.none() | st.dates(),
    year=st.none() | st.integers(1, 9999),
    doc_type=st.sampled_from(["KẾ HOẠCH", "BÁO CÁO", "", "QUYẾT ĐỊNH"]) | text,
    title=long_text,
    body=st.lists(st.one_of(paragraphs, headings, tables, images), max_size=12),
    recipients=st.lists(text, max_size=10),
    signer_authority=text,
    signer_position=text,
    signer_name=text,
)
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]


@settings(max_examples=40, deadline=None, suppress_health_check=_SLOW_OK)
@given(documents)
def test_the_docx_builder_never_crashes_and_writes_a_readable_file(doc):
    document = read_docx(build_docx(doc))
    assert document.tables  # the header block is always there


@settings(max_examples=12, deadline=None, suppress_health_check=_SLOW_OK)
@given(documents)
def test_the_pdf_builder_never_crashes(doc):
    assert build_pdf(doc).startswith(b"%PDF")
