"""Decode raw input and normalise text into the line form every parser stage reads."""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

from .errors import PlanParseError

# Invisible characters that Word and PDF extractors leave in text; they break regexes but carry no meaning.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"), " ")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def decode_bytes(data: bytes) -> str:
    """Decode plain-text bytes: BOM-marked UTF-8/UTF-16, then UTF-8, then cp1258, then latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise PlanParseError(
                f"Không giải mã được văn bản UTF-16 (byte {exc.start}).", code="utf16", position=exc.start
            ) from exc
    # UTF-16 without BOM: every other byte is NUL for Vietnamese text in the BMP.
    if len(data) >= 4 and data.count(0) > len(data) // 3:
        odd_zero = data[1::2].count(0) > len(data) // 4
        even_zero = data[0::2].count(0) > len(data) // 4
        if odd_zero != even_zero:
            try:
                return data.decode("utf-16-le" if odd_zero else "utf-16-be")
            except UnicodeDecodeError:
                pass
        raise PlanParseError("Tệp chứa dữ liệu nhị phân (byte NUL), không phải văn bản, DOCX hay PDF.", code="binary")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # cp1258 is the Windows code page for Vietnamese (decomposed tone marks, NFC-composed later).
        return data.decode("cp1258")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F; a regex finds them far faster than a loop.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # not \t \n \v \f \r
_CONTROLS_BUT_TAB = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def check_textual(text: str) -> None:
    """Reject text that is mostly control characters: it is a binary file, not a plan."""
    if not text:
        return
    controls = len(_CONTROLS.findall(text))
    if controls > max(8, len(text) // 20):
        raise PlanParseError(
            "Tệp không phải văn bản đọc được (quá nhiều ký tự điều khiển); cần tệp TXT, DOCX hoặc PDF.",
            code="binary",
        )


def strip_markdown(line: str) -> str:
    """Remove Markdown emphasis and heading marks that authors use in exported plans."""
    if "*" in line or "_" in line:
        line = _BOLD.sub(r"\2", line)
        line = _ITALIC.sub(r"\1", line)
    return _MD_HEADING.sub("", line)


def normalise_text(text: str) -> list[str]:
    """Return NFC lines with unified line endings, spaces and no invisible characters."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    text = text.translate(_INVISIBLE).translate(_SPACES)
    lines = []
    for raw in text.split("\n"):
        line = _CONTROLS_BUT_TAB.sub(" ", raw)
        lines.append(strip_markdown(line).rstrip())
    return lines


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "Đđ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).lower()
    # Keep the fold one character per character so offsets found in folded text index the original.
    return base if len(base) == 1 else ch


class _FoldTable(dict[int, str]):
    """A str.translate table filled on first sight of each character (one C-level lookup per character)."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Return text lower-cased without diacritics, same length as the input, for keyword matching."""
    return text.translate(_FOLD)


def collapse(text: str) -> str:
    """Collapse runs of whitespace into single spaces."""
    return " ".join(text.split())
