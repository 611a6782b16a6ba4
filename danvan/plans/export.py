"""Export a plan as a Nghị định 30/2020 document (DOCX or PDF) from the plan parser's dictionary shape.

The only input is the plain dictionary that `danvan.plans.parsing.parse_plan(...).to_json()` returns (and that the plans app builds
from its models), so the export stays testable without a database and round-trips through the parser.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Any

from danvan.lib import nd30
from danvan.lib.dates import as_date
from danvan.lib.nd30 import Heading, OfficialDocument, Paragraph, Table

TASK_HEADERS = ["STT", "Nội dung", "Lãnh đạo chủ trì", "Bộ phận phụ trách", "Thời gian thực hiện và hoàn thành"]
TASK_WIDTHS_MM = [12.0, 68.0, 25.0, 30.0, 30.0]
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_TYPE_NAMES = {abbr.upper(): name for name, abbr in nd30.DOC_TYPE_ABBREVIATIONS.items()}
_DEPUTY = re.compile(r"^\s*phó\s+", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------------------------
# Small readers of the dictionary (dates may be ISO strings or date objects, lists may be missing or None)
# ---------------------------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _list(value: Any) -> list[Any]:
    if value is None or isinstance(value, str | bytes | Mapping):
        return [value] if isinstance(value, str) and value else []
    return list(value) if isinstance(value, Iterable) else []


def _lower_first(text: str) -> str:
    # "Trường THPT Nguyễn Khuyến" → "trường THPT Nguyễn Khuyến", but an abbreviation ("UBND …") keeps its capitals.
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _long_date(date: datetime.date | None) -> str:
    return nd30.vietnamese_date("", date).replace("Ngày", "ngày", 1) if date else ""


def doc_type_name(kind: Any) -> str:
    """Return the printed type name for a kind ("KH" or "Kế hoạch" → "KẾ HOẠCH"); plans default to KẾ HOẠCH."""
    kind = _text(kind)
    if not kind:
        return "KẾ HOẠCH"
    return _TYPE_NAMES.get(kind.upper(), kind.upper())


def split_number(number: Any) -> tuple[str | None, str]:
    """Split "12/KH-THPTNK" into ("12", "KH-THPTNK"); a bare "12" keeps an empty symbol."""
    text = _text(number)
    if not text:
        return None, ""
    head, _, tail = text.partition("/")
    return head.strip() or None, tail.strip()


# ---------------------------------------------------------------------------------------------------------------
# Body
# ---------------------------------------------------------------------------------------------------------------


def _bullet(item: Any) -> Paragraph:
    text = _text(item)
    if not text.startswith(("-", "+", "–", "•")):
        text = f"- {text}"
    return Paragraph(text)


def _opening(data: Mapping[str, Any]) -> list[Paragraph]:
    parent = data.get("parent_plan") or {}
    if not isinstance(parent, Mapping) or not _text(parent.get("number")):
        return []
    kind = _text(parent.get("type")) or "Kế hoạch"
    parts = [f"Thực hiện {kind} số {_text(parent['number'])}"]
    if date := as_date(parent.get("date")):
        parts.append(_long_date(date))
    if issuer := _text(parent.get("issuer")):
        parts.append(f"của {issuer}")
    if title := _text(parent.get("title")):
        parts.append(f"về {title}")
    sentence = " ".join(parts)
    issuer = _text(data.get("issuer"))
    title = _text(data.get("title"))
    if issuer:
        sentence += f", {_lower_first(issuer)} xây dựng kế hoạch"
        sentence += f" {_lower_first(title)}" if title else ""
        sentence += ", cụ thể như sau:"
    else:
        sentence += ", cụ thể như sau:"
    return [Paragraph(sentence)]


def _timing(task: Mapping[str, Any]) -> str:
    if timing := _text(task.get("timing")):
        return timing
    spans = []
    for period in _list(task.get("periods")):
        if isinstance(period, Mapping):
            start, end = as_date(period.get("start")), as_date(period.get("end"))
        elif isinstance(period, list | tuple) and len(period) == 2:
            start, end = as_date(period[0]), as_date(period[1])
        else:
            continue
        if start and end:
            spans.append(f"{start:%d/%m/%Y} - {end:%d/%m/%Y}" if start != end else f"{end:%d/%m/%Y}")
    return "; ".join(spans)


def task_table(tasks: Iterable[Any]) -> Table:
    """Return the "Nhiệm vụ cụ thể" table: STT | Nội dung | Lãnh đạo chủ trì | Bộ phận phụ trách | Thời gian."""
    rows = []
    for index, task in enumerate(t for t in tasks if isinstance(t, Mapping)):
        units = ", ".join(_text(u) for u in _list(task.get("units")) if _text(u))
        rows.append(
            [
                _text(task.get("no")) or str(index + 1),
                _text(task.get("content")),
                _text(task.get("lead")),
                units,
                _timing(task),
            ]
        )
    return Table(headers=list(TASK_HEADERS), rows=rows, widths_mm=list(TASK_WIDTHS_MM))


def _deadline_mentioned(due: datetime.date, texts: list[str]) -> bool:
    forms = {
        f"{due.day} tháng {due.month} năm {due.year}",
        f"{due.day:02d} tháng {due.month:02d} năm {due.year}",
        f"{due.day:02d} tháng {due.month} năm {due.year}",
        f"{due.day}/{due.month}/{due.year}",
        f"{due:%d/%m/%Y}",
    }
    return any(form in text for text in texts for form in forms)


def report_lines(deadlines: list[Any], implementation: list[str]) -> list[str]:
    """Return one line per reporting deadline that no implementation item mentions yet."""
    lines = []
    for deadline in deadlines:
        if not isinstance(deadline, Mapping):
            continue
        due = as_date(deadline.get("due"))
        if due is None or _deadline_mentioned(due, implementation):
            continue
        name = _text(deadline.get("name")) or "Báo cáo"
        to = _text(deadline.get("to"))
        lines.append(f"- {name} trước {_long_date(due)}" + (f" về {to}" if to else "") + ";")
    if lines:
        lines[-1] = lines[-1][:-1] + "."
    return lines


def plan_body(data: Mapping[str, Any]) -> list[nd30.Block]:
    """Write the usual body of a school plan: opening, I. purposes and requirements, II. tasks, III. implementation."""
    sections = data.get("sections") or {}
    if not isinstance(sections, Mapping):
        sections = {}
    purposes = [_text(i) for i in _list(sections.get("purposes")) if _text(i)]
    requirements = [_text(i) for i in _list(sections.get("requirements")) if _text(i)]
    regular = [_text(i) for i in _list(sections.get("regular_tasks")) if _text(i)]
    implementation = [_text(i) for i in _list(sections.get("implementation")) if _text(i)]
    tasks = [t for t in _list(data.get("tasks")) if isinstance(t, Mapping)]
    reports = report_lines(_list(data.get("report_deadlines")), implementation)

    body: list[nd30.Block] = [*_opening(data)]
    romans = iter(ROMAN)
    if purposes or requirements:
        body.append(Heading(f"{next(romans)}. MỤC ĐÍCH, YÊU CẦU", 1))
        number = 0
        for label, items in (("Mục đích", purposes), ("Yêu cầu", requirements)):
            if items:
                number += 1
                body.append(Heading(f"{number}. {label}", 2))
                body.extend(_bullet(i) for i in items)
    if regular or tasks:
        body.append(Heading(f"{next(romans)}. NỘI DUNG NHIỆM VỤ", 1))
        number = 0
        if regular:
            number += 1
            body.append(Heading(f"{number}. Nhiệm vụ thường xuyên", 2))
            body.extend(_bullet(i) for i in regular)
        if tasks:
            number += 1
            body.append(Heading(f"{number}. Nhiệm vụ cụ thể", 2))
            body.append(task_table(tasks))
    if implementation:
        body.append(Heading(f"{next(romans)}. TỔ CHỨC THỰC HIỆN", 1))
        body.extend(Paragraph(f"{index}. {item}") for index, item in enumerate(implementation, 1))
    if reports:
        # Deadlines the implementation items do not already state get their own section, as many plans have.
        body.append(Heading(f"{next(romans)}. CHẾ ĐỘ THÔNG TIN BÁO CÁO", 1))
        body.extend(Paragraph(line) for line in reports)
    body.extend(Paragraph(line) for line in closing_lines(data))
    return body


def closing_lines(data: Mapping[str, Any]) -> list[str]:
    """Return the plan's own closing paragraphs when it has them (the school's words are kept), else the
    standard sentence naming the plan and its issuer."""
    own = [_text(line) for line in str(data.get("closing") or "").splitlines() if _text(line)]
    return own or [_closing_sentence(data)]


def _closing_sentence(data: Mapping[str, Any]) -> str:
    title = _text(data.get("title"))
    issuer = _text(data.get("issuer"))
    what = f"Kế hoạch {_lower_first(title)}" if title else "Kế hoạch"
    who = f" của {_lower_first(issuer)}" if issuer else ""
    return f"Trên đây là {what}{who}, đề nghị các bộ phận, cá nhân liên quan nghiêm túc triển khai thực hiện./."


# ---------------------------------------------------------------------------------------------------------------
# Document
# ---------------------------------------------------------------------------------------------------------------


def _signer(data: Mapping[str, Any]) -> tuple[str, str, str]:
    """Return (authority, position, name); a deputy signs "KT." on behalf of the head (Điều 13 NĐ 30/2020)."""
    signer = data.get("signer")
    if isinstance(signer, Mapping):
        name, position = _text(signer.get("name")), _text(signer.get("position"))
        authority = _text(signer.get("authority"))
    else:
        name, position, authority = _text(signer), "", ""
    if not authority and _DEPUTY.match(position):
        authority = "KT. " + _DEPUTY.sub("", position).upper()
    return authority.upper(), position.upper(), name


def plan_document(
    data: Mapping[str, Any], *, issuer_superior: str = "", issuer_code: str = "", place: str = ""
) -> OfficialDocument:
    """Build the Nghị định 30 document of a plan from the parser's dictionary shape."""
    doc_type = doc_type_name(data.get("kind"))
    number, symbol = split_number(data.get("number"))
    if not symbol:
        symbol = nd30.symbol_for(nd30.doc_type_abbreviation(doc_type), issuer_code)
    date = as_date(data.get("date"))
    year = data.get("year") if isinstance(data.get("year"), int) else (date.year if date else None)
    authority, position, name = _signer(data)
    recipients = [_text(r) for r in _list(data.get("recipients")) if _text(r)]
    return OfficialDocument(
        issuer=_text(data.get("issuer")),
        issuer_superior=issuer_superior or _text(data.get("issuer_superior")),
        number=number,
        symbol=symbol,
        place=place or _text(data.get("place")),
        date=date,
        year=year,
        doc_type=doc_type,
        title=_text(data.get("title")),
        body=plan_body(data),
        recipients=recipients,
        signer_authority=authority,
        signer_position=position,
        signer_name=name,
    )


def export_plan_docx(data: Mapping[str, Any], **kwargs: str) -> bytes:
    """Return the plan as a DOCX file in the Nghị định 30 layout."""
    return nd30.build_docx(plan_document(data, **kwargs))


def export_plan_pdf(data: Mapping[str, Any], **kwargs: str) -> bytes:
    """Return the plan as a PDF file in the Nghị định 30 layout."""
    return nd30.build_pdf(plan_document(data, **kwargs))
