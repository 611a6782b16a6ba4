from __future__ import annotations

import io
import zipfile

import pytest

from danvan.lib.archives import ArchiveTooLarge, check_expansion


def bomb(size: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * size)
    return buf.getvalue()


def test_it_refuses_a_small_zip_that_unpacks_past_the_limit():
    data = bomb(2_000_000)
    assert len(data) < 10_000
    with pytest.raises(ArchiveTooLarge):
        check_expansion(data, max_bytes=1_000_000)


def test_it_lets_normal_archives_and_other_files_through():
    check_expansion(bomb(1000), max_bytes=1_000_000)
    check_expansion(b"%PDF-1.4 ...", max_bytes=10)
    check_expansion(b"PK\x03\x04 not really a zip", max_bytes=10)
