"""Move a plan's own years in its texts when it is copied to the next year, leaving cited documents alone.

The rules are deliberately narrow (no Django needed; used by `services.clone_plan`):

* a sentence that cites a document (a number-symbol such as "09/KH-SGDĐT", "23-QĐ/TW", "30/2020/NĐ-CP",
  "số 15", or a legal act named by its kind: "Luật Giáo dục năm 2019", "Nghị quyết …") is left as written,
  dates and title included: a cited document keeps its date, and the years in its title are its own;
* elsewhere only years written as time are moved: after "năm" / "năm học" ("năm 2023", "năm học 2023-2024")
  or inside a date ("15/6/2023", "tháng 11/2023"), and only years near the plan's (one before to two after),
  so "Chương trình GDPT 2018" or "Luật … năm 2013" in an unmarked sentence stay;
* a span "2023-2024" moves only when it is one school year; "giai đoạn 2021-2025" stays.

Whatever could not be moved (a sentence that cites a document and mentions the plan's years, a year not
written as time) is reported, so the copy can be marked for review rather than silently half-updated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A number-symbol of a document: "09/KH-SGDĐT", "1147/SGDĐT-TTr", "23-QĐ/TW", "30/2020/NĐ-CP", "số 15".
_NUMBER = r"\d+\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐ][A-ZĐa-zđ&]*[-/]|\d+\s*-\s*[A-ZĐ]{2,}\s*/|\bsố\s*:?\s*\d+"
# A legal act named by its kind (capitalised: "quyết định" as a verb is not a citation).
_ACT = (
    r"\b(?:Hiến pháp|Bộ luật|Luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư|Chỉ thị|Quyết định|Công văn|"
    r"Kết luận|Điều lệ)\b"
)
CITATION = re.compile(f"{_NUMBER}|{_ACT}")

_YEAR = r"(?:19|20)\d{2}"
# One match per year, or per span of years (its ends are judged together), with what is written before it.
_TIME = re.compile(
    rf"(?:(?P<lead>\bnăm(?:\s+học)?\s+|(?<![\d/])\d{{1,2}}\s*/\s*(?:\d{{1,2}}\s*/\s*)?)|(?<![\d/]))"
    rf"(?P<a>{_YEAR})(?:(?P<sep>\s*[-–]\s*)(?P<b>{_YEAR}))?(?![\d/])",
    re.IGNORECASE,
)
_ANY_YEAR = re.compile(rf"(?<![\d/])({_YEAR})(?![\d/])")
_SENTENCES = re.compile(r"(?<=[.;:!?])\s+|\n+")


@dataclass
class Shifted:
    """A text with its own years moved, and the plan-period years it still mentions (kept on purpose)."""

    text: str
    changed: bool
    kept: list[str]


def _window(year: int) -> range:
    return range(year - 1, year + 3)


def _shift_sentence(sentence: str, year: int, by: int) -> tuple[str, list[str]]:
    near = _window(year)
    kept: list[str] = []

    def repl(m: re.Match[str]) -> str:
        a, lead = int(m.group("a")), m.group("lead") or ""
        if m.group("b"):
            b = int(m.group("b"))
            if b == a + 1 and a in near:  # one school year: "năm học 2023-2024"
                return f"{lead}{a + by}{m.group('sep')}{b + by}"
            return m.group(0)  # a longer period ("giai đoạn 2021-2025") is not the plan's
        if lead and a in near:
            return f"{lead}{a + by}"
        if a in near and m.group("a") not in kept:  # a year not written as time ("GDPT 2018")
            kept.append(m.group("a"))
        return m.group(0)

    return _TIME.sub(repl, sentence), kept


def shift_years(text: str, year: int, by: int = 1) -> Shifted:
    """Return the text with the plan's own years moved by `by`, sentences citing documents left unchanged."""
    if not text or not re.search(_YEAR, text):
        return Shifted(text, False, [])
    pieces: list[str] = []
    kept: list[str] = []
    pos = 0
    for m in [*_SENTENCES.finditer(text), None]:
        end = m.start() if m else len(text)
        sentence = text[pos:end]
        if CITATION.search(sentence):
            new = sentence
            found = [y for y in _ANY_YEAR.findall(sentence) if int(y) in _window(year)]
        else:
            new, found = _shift_sentence(sentence, year, by)
        kept.extend(y for y in found if y not in kept)
        pieces.append(new)
        if m:
            pieces.append(m.group(0))
            pos = m.end()
    out = "".join(pieces)
    return Shifted(out, out != text, kept)
