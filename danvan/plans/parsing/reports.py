"""Find report deadlines spread through the text ("Báo cáo 6 tháng trước ngày 15 tháng 6 năm 2023")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .dates import DATE_RE, iso, make_date, match_to_date
from .textnorm import collapse, fold

_TRIGGER = re.compile(
    r"(?:truoc|cham nhat|han chot|han cuoi|han nop|khong qua|khong muon hon|khong cham hon)"
    r"(?:\s+(?:la|vao|truoc|ngay))*\s*$"
)
_SHORT_DATE = re.compile(
    r"(?:ng[àa]y\s*)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?![\d/])"
    r"|ng[àa]y\s+(?P<d2>\d{1,2})\s+th[áa]ng\s+(?P<m2>\d{1,2})(?!\d)(?!\s+n[ăa]m\s+\d)",
    re.IGNORECASE,
)
# Between two dates of one deadline clause ("trước ngày 01/6 và 15/11 hằng năm"): the second shares the trigger.
_CHAINED = re.compile(r"^\s*(?:,|và|hoặc|va|hoac)\s*(?:ngày\s*|ngay\s*)?$")
_TIMING_LABEL = re.compile(r"^\W*(?:thoi gian|thoi han)(?: thuc hien| hoan thanh)?\s*:")
_KEYWORDS = re.compile(r"\b(?:bao cao|gui|nop|bc)\b")
_RECIPIENT = re.compile(
    r"(?:gửi|nộp|báo cáo|chuyển)\s+(?:kết quả\s+)?(?:về\s+|cho\s+|lên\s+|tới\s+|đến\s+)?"
    r"(?P<to>(?:Sở|Phòng|Bộ|UBND|Ủy ban|Uỷ ban|Văn phòng|Ban|Trường|Công đoàn|Huyện ủy|Thành ủy|Tỉnh ủy|Đảng ủy|"
    r"Chủ tịch|Thủ tướng|Thường trực|HĐND|Hội đồng nhân dân|"
    r"Chi bộ|Hội đồng|Thanh tra|Cục|Vụ|Liên đoàn|Đoàn)\b[^(.;,:\n]*)"
)
_RECIPIENT_STOP = re.compile(
    r"\s+(?:trước|chậm nhất|theo|qua|bằng|để|trong|vào|và báo|và gửi|hạn|định kỳ|đúng|khi|ngay|gồm|sau)\b.*$",
    re.IGNORECASE,
)
# A report due again and again rather than on a day: "hằng năm", "hàng tháng", "cuối Học kỳ 1".
_RECURRING = re.compile(
    r"\b(?:định\s+kỳ\s+)?(?:hằng|hàng)\s+(?:năm|tháng|quý|ngày|tuần)\b(?:\s+hoặc\s+đột\s+xuất\b(?:\s+theo\s+yêu\s+cầu\b)?)?|\bcuối\s+(?:học kỳ|năm học|năm|tháng|quý)(?:\s+(?:I{1,2}|[12])\b)?",
    re.IGNORECASE,
)
_UNDATED = re.compile(r"\btheo (?:quy dinh|qui dinh|ke hoach)\b")
# "theo quy định" dates a report only when the report is a periodic one (checklists' A8/A8b): a period is named.
_PERIOD = re.compile(
    r"\b(?:hang|hang)\s+(?:nam|thang|quy)\b|\bnam hoc\b|\b6 thang\b|\bsau thang\b|\bhoc ky\b|"
    r"\bcuoi (?:nam|quy|thang)\b|\btong ket nam\b"
)
# A monthly due day without a month: "trước ngày 16 hàng tháng" (kept as written).
_MONTHLY = re.compile(
    r"(?:trước|chậm nhất(?:\s+là)?|không quá)\s+(?:ngày\s+)?\d{1,2}\s+(?:hằng|hàng)\s+tháng", re.IGNORECASE
)
# A month without a day: "báo cáo kết quả … trong tháng 11/2025" (kept as written).
_IN_MONTH = re.compile(r"\btrong\s+tháng\s+\d{1,2}\s*/\s*\d{4}\b", re.IGNORECASE)
_YEARLY = re.compile(r"\b(?:hang|hang) nam\b")


def _recipient(text: str) -> str | None:
    found = None
    for found in _RECIPIENT.finditer(text):  # noqa: B007 - keep the last match
        pass
    if found is None:
        return None
    value = _RECIPIENT_STOP.sub("", found.group("to")).strip(" -–")
    return collapse(value) or None


def _name(segment: str) -> str:
    segment = collapse(segment).strip(" ,;:-–+().")
    segment = re.sub(r"^(?:và|hoặc)\s+", "", segment)
    head, sep, _tail = segment.partition(":")
    if sep and "báo cáo" in head.casefold():
        return head.strip()
    folded = fold(segment)
    at = folded.rfind("bao cao")
    if at > 0 and folded[:at].rstrip().endswith((".", ":")):
        segment = segment[at:]
    # Drop the addressee from the name: "…; gửi về Sở GD&ĐT (Phòng GDMN)".
    segment = re.split(r"[;,]?\s+(?:gửi|nộp)\s+(?:về|cho|lên)\b", segment)[0]
    segment = segment[:1].upper() + segment[1:]
    return segment[:160].strip(" ,;:")


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ\-–+])", text) if s.strip()]


def find_deadlines(paragraphs: Iterable[tuple[int, str]], year: int | None) -> list[dict[str, object]]:
    """Return report deadlines: a date after "trước ngày"/"chậm nhất" in a clause about reporting or sending."""
    found: list[dict[str, object]] = []
    seen: set[tuple[str, str]] = set()
    dated_sentences: set[tuple[int, str]] = set()
    yearly_dated = False
    previous_paragraph = ""
    for line, paragraph in paragraphs:
        folded_paragraph = fold(paragraph)
        carried = ""
        if _TIMING_LABEL.match(folded_paragraph) and _KEYWORDS.search(fold(previous_paragraph)):
            # "- Báo cáo kết quả kiểm kê …" / "Thời hạn hoàn thành: Trước ngày 31/3/2026." on the next line.
            carried = _sentences(previous_paragraph)[-1] if previous_paragraph.strip() else ""
        previous_paragraph = paragraph
        if not _KEYWORDS.search(folded_paragraph) and not carried:
            continue
        paragraph_to = _recipient(paragraph) or (_recipient(carried) if carried else None)
        previous_sentence = carried
        for sentence in _sentences(paragraph):
            start = 0
            folded_sentence = fold(sentence)
            # "…, báo cáo kết quả gửi Bộ Tài chính. Thời gian hoàn thành: Trước ngày 31/5/2026." dates the report too.
            about_report = bool(_KEYWORDS.search(folded_sentence)) or (
                bool(_TIMING_LABEL.match(folded_sentence)) and bool(_KEYWORDS.search(fold(previous_sentence)))
            )
            previous_sentence = sentence
            matches = [(m, match_to_date(m)) for m in DATE_RE.finditer(sentence)]
            if year is not None:
                for m in _SHORT_DATE.finditer(sentence):
                    if not any(dm.start() <= m.start() < dm.end() for dm, _ in matches):
                        day, month = (m.group("d"), m.group("m")) if m.group("d") else (m.group("d2"), m.group("m2"))
                        matches.append((m, make_date(year, int(month), int(day))))
            matches.sort(key=lambda pair: pair[0].start())
            chained_end: int | None = None
            for match, date in matches:
                before = fold(sentence[start : match.start()])
                trigger = _TRIGGER.search(before)
                chained = chained_end is not None and bool(_CHAINED.match(sentence[chained_end : match.start()]))
                if date is None or (trigger is None and not chained):
                    chained_end = None
                    continue
                segment = sentence[start : start + trigger.start()] if trigger else sentence[start : match.start()]
                if not about_report:
                    start = match.end()
                    chained_end = None
                    continue
                if trigger and carried and _TIMING_LABEL.match(fold(segment)):
                    segment = carried  # the report named in the paragraph above
                name = _name(segment) if trigger else (found[-1]["name"] if found else _name(segment))
                to = _recipient(segment) or _recipient(sentence) or paragraph_to
                dated_sentences.add((line, sentence))
                yearly_dated = yearly_dated or bool(_YEARLY.search(fold(sentence)))
                key = (iso(date) or "", fold(name or ""))
                if key not in seen:
                    seen.add(key)
                    found.append({"name": name or None, "due": iso(date), "to": to, "line": line})
                start = match.end()
                chained_end = match.end()
            rest = fold(sentence[start:])
            undated = _UNDATED.search(rest)
            if undated and not _PERIOD.search(fold(sentence)):
                undated = None  # "báo cáo … theo quy định" with no period: a duty, not a deadline (A8)
                rest = ""
            if about_report:
                # "định kỳ hàng tháng (trước ngày 16 hàng tháng)", "báo cáo … trong tháng 11/2025": kept as written.
                for worded in [*_MONTHLY.finditer(sentence), *_IN_MONTH.finditer(sentence)]:
                    due = collapse(worded.group(0))
                    key = (fold(due), "")
                    if key not in seen:
                        seen.add(key)
                        found.append(
                            {
                                "name": _name(sentence[: worded.start()]) or None,
                                "due": due,
                                "to": _recipient(sentence),
                                "line": line,
                            }
                        )
                        dated_sentences.add((line, sentence))
            if start == 0 and not undated and re.search(r"\bbao cao\b", rest):
                # No day at all: "báo cáo kết quả thực hiện Đề án hàng năm", "định kỳ cuối Học kỳ 1 và cuối Học kỳ 2".
                # The period and the report must share a clause: "Hằng năm, tổ chức kiểm tra …; … để báo cáo" dates
                # the inspection, not the report.
                clauses = [c for c in re.split(r";", sentence) if re.search(r"\bbao cao\b", fold(c))]
                for recurring in (r for c in clauses for r in _RECURRING.finditer(c)):
                    due = collapse(recurring.group(0))
                    name = _name(sentence[: sentence.find(recurring.group(0))])
                    key = (due.casefold(), fold(name))  # distinct reports each keep their own wording
                    if key not in seen:
                        seen.add(key)
                        found.append(
                            {
                                "name": name or None,
                                "due": due,
                                "to": _recipient(sentence),
                                "line": line,
                                "undated": sentence,
                            }
                        )
            if undated and re.search(r"\bbao cao\b", rest) and _recipient(sentence[start:]):
                # "báo cáo … gửi về Sở GD&ĐT theo quy định": a deadline set elsewhere, kept as written.
                segment = sentence[start : start + undated.start()]
                name = _name(segment)
                due = collapse(sentence[start + undated.start() : start + undated.end()])
                key = (fold(due), fold(name))
                if key not in seen:
                    seen.add(key)
                    found.append(
                        {"name": name or None, "due": due, "to": _recipient(segment), "line": line, "undated": sentence}
                    )
    # An undated periodic entry beside a dated one is the same report said twice ("… trước ngày 15/11 hằng năm …
    # theo quy định"; "Định kỳ hằng năm, báo cáo …" and, later, "… trước ngày 30/11 hằng năm").
    kept = [
        d
        for d in found
        if not d.get("undated")
        or not ((d["line"], d["undated"]) in dated_sentences or (yearly_dated and _YEARLY.search(fold(str(d["due"])))))
    ]
    for entry in kept:
        entry.pop("undated", None)
    return kept
