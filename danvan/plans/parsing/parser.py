"""Put the stages together: lines → header, body tree, sections, tasks, references, deadlines, signature."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable

from .blocks import Block, build_blocks, detect_wrapped, is_page_number
from .flattened import split_joined_tables, split_unnumbered_tables, unflatten_tables
from .header import (
    _BODY_START,
    _NATIONAL,
    _NUMBER_LINE,
    _PLACE_DATE,
    INTRO,
    Header,
    find_decision,
    find_title,
    flattened_header,
    parse_header,
    read_title,
    title_identity,
)
from .outline import IMPLEMENTATION, OTHER, PURPOSES, REGULAR, REQUIREMENTS, TASKS, Node, build_tree, classify
from .prepass import prepass
from .references import Reference, choose_parent, collect_references, find_numbers, normalise_number, references_in
from .reports import find_deadlines
from .result import (
    Confidence,
    FieldNote,
    ParsedDeadline,
    ParsedParent,
    ParsedPeriod,
    ParsedPlan,
    ParsedReference,
    ParsedSigner,
    ParsedTask,
    ParseWarning,
    Reason,
)
from .signature import is_person_name, is_position, is_recipients_heading, read_tail
from .tasks import TableReader, TaskDraft, Warnings, appendix_tasks, section_tasks, short, task_sections
from .textnorm import collapse, fold
from .timing import TimeContext, periods_for
from .units import UnitSplitter

SECTION_KINDS = (PURPOSES, REQUIREMENTS, REGULAR, IMPLEMENTATION)
_BASIS = re.compile(r"^(?:can cu|co so)\b")
_BASIS_BULLET = re.compile(
    r"^can cu\b|^(?:thuc hien|trien khai|tiep tuc thuc hien)\b.{0,80}?\b(?:ke hoach|chi thi|nghi quyet|cong van|"
    r"huong dan|quyet dinh|luat|thong tu|nghi dinh|chuong trinh|van ban|so \d)"
)
_FOOTNOTE = re.compile(r"^\s*\[\d{1,2}\]\s*\S")
_PLAN_TITLE = re.compile(r"^ke\s*hoach\s*$")
_CLOSING = re.compile(r"^(?:tren day la|tren day)\b")
_BUILDS = re.compile(
    r"(?:^|[,;:.]\s*)(?P<body>(?:trường|phòng|sở|ủy ban|uỷ ban|ubnd|ban|bch|công đoàn|đoàn|chi bộ|đảng ủy|trung tâm|bộ|"
    r"liên đội|hội đồng)\b(?:[^,;.:]|\.(?=\S)|(?<=[\s.][A-ZĐ])\.){0,80}?)\s+(?:xây dựng|ban hành|lập|triển khai|thực hiện|đề ra)\s+(?:kế hoạch|chương trình|phương hướng)",
    re.IGNORECASE,
)
_HEAD_OF = re.compile(
    r"\b(?P<pos>Hiệu trưởng|Phó hiệu trưởng|Giám đốc|Phó giám đốc|Trưởng phòng|Phó trưởng phòng|Bí thư|Chủ tịch)\s+"
    r"(?P<body>(?:nhà trường|trường|sở|phòng|chi bộ|công đoàn)\b[^,;.:]{0,60}?)\s+(?:yêu cầu|đề nghị|giao|chỉ đạo)",
    re.IGNORECASE,
)
_YEAR_IN_TEXT = re.compile(r"\bnam\s+(20\d\d|19\d\d)\b")
_SCHOOL_YEAR = re.compile(r"\bnam hoc\s*(20\d\d|19\d\d)\s*[-–]\s*(20\d\d|19\d\d)\b")
# "nhiệm kỳ 2022 - 2023", "giai đoạn 2021 - 2025": a span of years in the title.
_YEAR_SPAN = re.compile(r"\b(20\d\d|19\d\d)\s*[-–]\s*(20\d\d|19\d\d)\b")

_PLAN_TYPES = ("Kế hoạch", "Chương trình")
_IMPLEMENTS = ("thuc hien", "trien khai", "thuc hien chi dao")


def _authority_line(main: list[Block], header: Header) -> None:
    """Read a decision's authority line ("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN" right above "Căn cứ …") as header, not outline.

    A copy that lost the decision's title still has this line; it names the issuer in full when the header's cell
    was cut ("ỦY BAN NHÂN DÂN").
    """
    if len(main) < 2 or main[0].kind != "caps" or main[1].kind != "para" or not INTRO.match(fold(main[1].text)):
        return
    text = collapse(main[0].text)
    folded = fold(text)
    if not _BODY_START.match(folded):
        return
    main[0].kind, main[0].mtype = "para", None
    if header.issuer is None or (folded.startswith(fold(header.issuer)) and len(folded) > len(fold(header.issuer))):
        header.issuer = text


_ATTACHED = re.compile(r"^\(?\s*(?:ban hanh\s+)?kem theo\s+(?:quyet dinh|ke hoach|cong van|van ban)\b")


def _caption_title(main: list[Block]) -> str | None:
    """Return the attached plan's name printed in capitals above "(Kèm theo Quyết định số …)" when no title was found."""
    for before, block in zip(main, main[1:], strict=False):
        text = collapse(before.text)
        letters = [c for c in text if c.isalpha()]
        if _ATTACHED.match(fold(block.text)) and len(letters) > 10 and all(c.isupper() for c in letters):
            return text
    return None


_BASIS_START = re.compile(r"^(?:can cu|thuc hien|trien khai|tiep tuc thuc hien)\b")


def _header_end(lines: list[str]) -> int:
    """Return where a header without a "KẾ HOẠCH" title ends: after its last header-looking line."""
    end, seen = 0, 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > 20 or len(line) > 300:
            break  # a paragraph (or a whole flattened document) is body, not header
        folded = fold(line.strip())
        if _BASIS_START.match(folded) and len(folded) > 60:
            break  # "Căn cứ …, ngày 10/12/2020 …": the body's first basis, whose dates are not the plan's
        if _NATIONAL.search(folded) or _NUMBER_LINE.match(folded) or _PLACE_DATE.search(folded):
            end = index + 1
    return end


def _body_follows(lines: list[str], index: int) -> bool:
    """Return True when the body goes on after lines[index]: a decision's authority line ("BỘ TRƯỞNG BỘ TƯ PHÁP")
    above its "Căn cứ …", or a position named inside the text, is no signature."""
    following = [text.strip() for text in lines[index + 1 : index + 8] if text.strip()][:3]
    return any(INTRO.match(fold(text)) or len(text) > 150 for text in following)


def _body_end(lines: list[str], start: int) -> int:
    """Return the index of the first line after the body: the signature block or "Nơi nhận"."""
    end = None
    for index in range(len(lines) - 1, start - 1, -1):
        text = collapse(lines[index])
        if text and len(text) < 120 and is_recipients_heading(text):
            end = index
            break
    if end is None:
        closing = None
        for index in range(len(lines) - 1, start - 1, -1):
            if "./." in lines[index]:
                closing = index
                break
        search_from = closing + 1 if closing is not None else max(start, len(lines) - 40)
        for index in range(search_from, len(lines)):
            if is_position(lines[index]) and not _body_follows(lines, index):
                end = index
                break
        if end is None:
            return len(lines)
    # A signature printed before "Nơi nhận" (column order of a PDF) belongs to the tail as well.
    index = end - 1
    earliest = end
    while index >= start and end - index <= 12:
        text = lines[index].strip()
        if not text or is_page_number(text):
            index -= 1
            continue
        if is_position(text) or (is_person_name(text) and earliest != end):
            earliest = index
            index -= 1
            continue
        break
    return earliest


def _is_basis_bullet(block: Block) -> bool:
    """Return True for "- Căn cứ …" / "- Thực hiện …" written as a bullet before the first heading."""
    folded = fold(block.text)
    return block.mtype in ("dash", "plus", "dot") and bool(_BASIS_BULLET.match(folded))


def _split_closing(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    first_item = next((i for i, b in enumerate(blocks) if b.kind in ("item", "caps")), len(blocks))
    for index in range(first_item, len(blocks)):
        block = blocks[index]
        if block.kind == "para" and _CLOSING.match(fold(block.text)):
            return blocks[:index], blocks[index:]
        if (
            block.kind == "para"
            and block.text.rstrip().endswith("./.")
            and blocks[index - 1].kind not in ("item", "caps")
        ):
            # A "./." paragraph right under a heading is that heading's text ("4. Các tổ chức …" / "Phối hợp …./.").
            return blocks[:index], blocks[index:]
    return blocks, []


def _plan_context(
    year: int | None, title: str | None, header: Header, texts: list[str]
) -> tuple[int | None, TimeContext, Reason]:
    """Return the plan's year, the context its timings are read in, and where the year came from."""
    folded_title = fold(title or "")
    school = _SCHOOL_YEAR.search(folded_title)
    found: int | None = None
    reason = Reason.ABSENT
    if school:
        found, reason = int(school.group(1)), Reason.STATED_IN_TITLE
    else:
        match = _YEAR_IN_TEXT.search(folded_title)
        if match:
            found, reason = int(match.group(1)), Reason.STATED_IN_TITLE
    if found is None and school is None:
        span = _YEAR_SPAN.search(folded_title)
        if span:
            found, reason = int(span.group(1)), Reason.STATED_IN_TITLE
            if int(span.group(2)) == found + 1:
                school = span
    if found is None and header.date:
        found, reason = int(header.date[:4]), Reason.FROM_DATE
    if found is None:
        school = next((m for text in texts if (m := _SCHOOL_YEAR.search(fold(text)))), None)
        if school:
            found, reason = int(school.group(1)), Reason.FROM_BODY
    if found is None:
        counts = Counter(int(m.group(1)) for text in texts for m in _YEAR_IN_TEXT.finditer(fold(text)))
        if counts:
            found, reason = counts.most_common(1)[0][0], Reason.FROM_BODY
    plan_year = year if year is not None else found
    if year is not None:
        reason = Reason.GIVEN
    if school and plan_year is not None:
        first = int(school.group(1))
        return plan_year, TimeContext(first if plan_year in (first, first + 1) else plan_year, True), reason
    return plan_year, TimeContext(plan_year), reason


def _infer_issuer(texts: list[str]) -> tuple[str | None, str | None]:
    """Return the issuer and signer position the body states ("Hiệu trưởng trường X yêu cầu …")."""
    issuer = position = None
    for text in texts:
        head = _HEAD_OF.search(text)
        if head:
            position = position or head.group("pos")[:1].upper() + head.group("pos")[1:]
            body = head.group("body")
            if issuer is None and not fold(body).startswith("nha truong"):
                issuer = body
        built = _BUILDS.search(text)
        if built and issuer is None:
            issuer = built.group("body")
    if issuer:
        issuer = collapse(issuer)
        issuer = issuer[:1].upper() + issuer[1:]
    return issuer, position


def _section_items(root: Node) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {kind: [] for kind in SECTION_KINDS}

    def has_classified(node: Node) -> bool:
        return any(n.kind for n in node.walk()[1:])

    def collect(node: Node, kind: str) -> None:
        mixed = has_classified(node)
        for child in node.children:
            if isinstance(child, Node):
                if child.kind in SECTION_KINDS:
                    collect(child, child.kind)
                elif child.kind is None and not (mixed and has_classified(child)):
                    sections[kind].append(collapse(child.full_text()))
                elif child.kind is None:
                    visit(child)
            elif not mixed and child.kind == "para":
                sections[kind].append(child.text)
            elif not mixed and child.kind == "row":
                sections[kind].append(" | ".join(c for c in (child.cells or []) if c))

    def visit(node: Node) -> None:
        for child in node.nodes:
            if child.kind in SECTION_KINDS:
                collect(child, child.kind)
            else:
                visit(child)

    visit(root)
    return sections


def _fallback_tables(root: Node, splitter: UnitSplitter, warnings: Warnings) -> list[TaskDraft]:
    """Return tasks from any table with a recognisable header when no task section was found."""
    drafts: list[TaskDraft] = []
    for node in root.walk():
        blocks = node.paragraphs
        rows = [i for i, b in enumerate(blocks) if b.kind == "row"]
        if not rows:
            continue
        reader = TableReader(splitter, Warnings(), node.block.heading if node.block else None)
        for block in blocks[rows[0] : rows[-1] + 1]:
            reader.add(block)
        if reader.roles is not None:
            drafts.extend(reader.drafts())
    return drafts


def _warn_unplaced(root: Node, used_rows: set[int], warnings: Warnings) -> None:
    def inside_task(node: Node) -> bool:
        current: Node | None = node
        while current is not None:
            if current.kind == TASKS:
                return True
            current = current.parent
        return False

    for node in root.walk()[1:]:
        assert node.block is not None
        if node.kind == OTHER or (node.kind is None and node.parent is root):
            count = len(node.walk()) - 1 + len(node.paragraphs)
            extra = f" ({count} đoạn bên trong)" if count else ""
            warnings.add(node.block.line, f"Mục “{short(node.block.heading)}” không được nhập vào kế hoạch{extra}.")
        for block in node.paragraphs:
            if block.kind == "row" and block.line not in used_rows and not inside_task(node):
                warnings.add(block.line, f"Dòng bảng ngoài phần nhiệm vụ không được nhập: “{short(block.text)}”.")


def _body_blocks(lines: list[str], start: int, end: int, source: str, splitter: UnitSplitter) -> list[Block]:
    """Return the blocks of the body lines [start, end) (tables rebuilt, wrapped lines joined)."""
    # Whether lines are hard-wrapped is a property of the whole text: judge it before tables are rebuilt.
    wrapped = source == "pdf" or (source == "text" and detect_wrapped(lines[start:end]))
    body_lines = split_joined_tables(unflatten_tables(lines[start:end]), splitter)
    body_lines = split_unnumbered_tables(body_lines, splitter)
    if source == "docx":
        wrapped = False
    return build_blocks(body_lines, start + 1, wrapped=wrapped).blocks


def _attached_title(lines: list[str], body_start: int) -> str | None:
    """Return the title of a plan attached to a decision (the lines between its "KẾ HOẠCH" and its body)."""
    index = body_start - 1
    while index > 0 and not _PLAN_TITLE.match(fold(lines[index].strip())):
        index -= 1
    title, _ = read_title(lines, index)
    return title


def _layout(
    lines: list[str], body_start: int, decision: int | None
) -> tuple[list[tuple[int, int]], tuple[int, int], int | None]:
    """Return the body ranges, the tail range and where an appendix starts (None: after the signer's name).

    A plan has one body then its tail (recipients, signature). A decision issuing a plan ("Quyết định ban hành Kế
    hoạch …", the plan "ban hành kèm theo" it) has the decision's articles and tail, then the plan's own title and
    body: both bodies are read (the decision's "Căn cứ" are the plan's bases), the tail is the decision's.
    """
    if decision is not None:
        decision_end = next(
            (
                i
                for i in range(body_start, len(lines))
                if lines[i].strip() and len(lines[i]) < 120 and is_recipients_heading(lines[i])
            ),
            None,
        )
        attached = None
        if decision_end is not None:
            attached = next(
                (
                    i
                    for i in range(decision_end, len(lines))
                    if _PLAN_TITLE.match(fold(lines[i].strip())) and len(lines[i].strip()) <= 40
                ),
                None,
            )
        if attached is not None:
            _, plan_start = read_title(lines, attached)
            plan_end = max(plan_start, _body_end(lines, plan_start))
            return [(body_start, decision_end), (plan_start, plan_end)], (decision_end, attached), plan_end
    body_end = max(body_start, _body_end(lines, body_start))
    return [(body_start, body_end)], (body_end, len(lines)), None


# ---------------------------------------------------------------- confidence of each field

# A lead naming more than one person or body ("Hiệu trưởng, Phó hiệu trưởng", "BGH hoặc Tổ trưởng"): the task's
# lead is one person, so the parser does not choose.
_SEVERAL = re.compile(r"[,;+]|\s/\s|\s(?:và|hoặc|hay)\s", re.IGNORECASE)
_NOTE_TEXT = 300  # characters of the source line kept with a note


def _day(value: object) -> dt.date | None:
    """Return the day of an ISO date string, or None."""
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _text(value: object) -> str | None:
    return str(value) if value else None


def _line(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _note(lines: list[str], line: int | None, confidence: Confidence, reason: Reason) -> FieldNote:
    """Return a note pointing at line (1-based) with that line's text."""
    text = collapse(lines[line - 1])[:_NOTE_TEXT] if line is not None and 0 < line <= len(lines) else ""
    return FieldNote(confidence, reason, line if text else None, text)


def _first_line(lines: list[str], pattern: re.Pattern[str]) -> int | None:
    """Return the 1-based number of the first line whose folded text matches pattern."""
    return next((i + 1 for i, text in enumerate(lines) if text.strip() and pattern.search(fold(text.strip()))), None)


def _line_with(lines: list[str], value: str | None, start: int = 0) -> int | None:
    """Return the 1-based number of the first line from start that contains value (compared folded)."""
    needle = collapse(fold(value or ""))[:40]
    if not needle:
        return None
    return next((i + 1 for i in range(start, len(lines)) if needle in collapse(fold(lines[i]))), None)


def _title_line(lines: list[str], title_index: int | None) -> int | None:
    """Return the 1-based line of the title's words (the line after a bare "KẾ HOẠCH")."""
    if title_index is None:
        return None
    if fold(lines[title_index].strip()).rstrip(" :.") == "ke hoach" and title_index + 1 < len(lines):
        return title_index + 2
    return title_index + 1


def _number_note(header: Header, from_title: set[str], title_index: int | None, lines: list[str]) -> FieldNote:
    if "number" in from_title:
        return _note(lines, None if title_index is None else title_index + 1, Confidence.MEDIUM, Reason.TITLE)
    if header.number:
        return _note(lines, header.number_line, Confidence.HIGH, Reason.LABELLED)
    if header.number_line is not None:
        # "Số: …/KH-THPT": a draft is numbered when it is issued (NĐ 30/2020/NĐ-CP Điều 15).
        return _note(lines, header.number_line, Confidence.MEDIUM, Reason.BLANK)
    return FieldNote(Confidence.LOW, Reason.ABSENT)


def _date_note(header: Header, from_title: set[str], title_index: int | None, head: list[str]) -> FieldNote:
    if "date" in from_title:
        return _note(head, None if title_index is None else title_index + 1, Confidence.MEDIUM, Reason.TITLE)
    line = _first_line(head, _PLACE_DATE)
    if header.date:
        return _note(head, line, Confidence.HIGH, Reason.LABELLED)
    if line is not None:
        return _note(head, line, Confidence.MEDIUM, Reason.BLANK)  # "ngày … tháng … năm 2024"
    return FieldNote(Confidence.LOW, Reason.ABSENT)


def _issuer_note(
    header: Header,
    issuer: str | None,
    from_title: set[str],
    title_index: int | None,
    head: list[str],
    body_texts: list[str],
    lines: list[str],
) -> FieldNote:
    if not issuer:
        return FieldNote(Confidence.LOW, Reason.ABSENT)
    if "issuer" in from_title:
        return _note(lines, None if title_index is None else title_index + 1, Confidence.MEDIUM, Reason.TITLE)
    if header.issuer:
        # A heading that does not start like a body ("TRƯỜNG …", "UBND …", "SỞ …") is the best of the capitals.
        known = _BODY_START.match(fold(issuer))
        return _note(
            lines,
            _line_with(head, issuer),
            Confidence.HIGH if known else Confidence.MEDIUM,
            Reason.HEADER_BLOCK if known else Reason.BEST_GUESS,
        )
    return _note(lines, _line_with(lines, issuer, len(head)), Confidence.LOW, Reason.FROM_BODY)


def _year_note(reason: Reason, title_index: int | None, header: Header, head: list[str], lines: list[str]) -> FieldNote:
    if reason is Reason.GIVEN:
        return FieldNote(Confidence.HIGH, reason)
    if reason is Reason.STATED_IN_TITLE:
        return _note(lines, _title_line(lines, title_index), Confidence.HIGH, reason)
    if reason is Reason.FROM_DATE:
        return _note(head, _first_line(head, _PLACE_DATE), Confidence.MEDIUM, reason)
    return FieldNote(Confidence.LOW, reason)


def _parent_note(parent: Reference | None, candidates: list[Reference], lines: list[str]) -> FieldNote:
    if parent is None:
        # A plan need not implement another one: nothing cited is a fact to check, not an error.
        return FieldNote(Confidence.MEDIUM, Reason.ABSENT)
    strong = {fold(c.number) for c in candidates if c.type in _PLAN_TYPES and c.intro in _IMPLEMENTS}
    if len(strong) > 1:
        return _note(lines, parent.line, Confidence.LOW, Reason.SEVERAL_CANDIDATES)
    if parent.type in _PLAN_TYPES and parent.intro in _IMPLEMENTS:
        return _note(lines, parent.line, Confidence.HIGH, Reason.LABELLED)
    return _note(lines, parent.line, Confidence.MEDIUM, Reason.BEST_GUESS)


def _signer_note(name: str | None, positioned: bool, lines: list[str], body_end: int) -> FieldNote:
    if not name:
        return FieldNote(Confidence.LOW, Reason.ABSENT)
    line = _line_with(lines, name, body_end)
    if positioned:
        return _note(lines, line, Confidence.HIGH, Reason.SIGNATURE)
    return _note(lines, line, Confidence.MEDIUM, Reason.NAME_ONLY)


def _task_notes(draft: TaskDraft, understood: bool, lines: list[str]) -> dict[str, FieldNote]:
    """Return how sure the parser is of a task's lead, units and timing, from how each was found."""
    guessed = draft.origin == "table_guessed"
    found = (Confidence.MEDIUM, Reason.COLUMN_GUESSED) if guessed else (Confidence.HIGH, Reason.LABELLED)
    absent = FieldNote(Confidence.LOW, Reason.ABSENT)
    notes: dict[str, FieldNote] = {}
    if not draft.lead:
        notes["lead"] = absent
    elif _SEVERAL.search(draft.lead):
        notes["lead"] = _note(lines, draft.line, Confidence.LOW, Reason.SEVERAL_CANDIDATES)
    else:
        notes["lead"] = _note(lines, draft.line, *found)
    notes["units"] = _note(lines, draft.line, *found) if draft.units else absent
    if not draft.timing:
        notes["timing"] = absent
    elif not understood:
        notes["timing"] = _note(lines, draft.line, Confidence.LOW, Reason.NOT_UNDERSTOOD)
    elif draft.timing_from_heading:
        notes["timing"] = _note(lines, draft.line, Confidence.MEDIUM, Reason.FROM_HEADING)
    else:
        notes["timing"] = _note(lines, draft.line, *found)
    return notes


def _parsed_tasks(drafts: list[TaskDraft], ctx: TimeContext, warnings: Warnings, lines: list[str]) -> list[ParsedTask]:
    """Return the typed tasks, numbered, with their periods, confidence notes and a warning per timing not understood."""
    tasks: list[ParsedTask] = []
    for index, draft in enumerate(drafts, start=1):
        periods = tuple(ParsedPeriod(a, b) for a, b in periods_for(draft.timing, ctx))
        no = draft.no if draft.no is not None else str(index)
        if draft.timing and not periods:
            warnings.add(draft.line, f"Không hiểu thời gian “{short(draft.timing, 40)}” của nhiệm vụ {no}.")
        tasks.append(
            ParsedTask(
                no,
                draft.content,
                draft.lead,
                tuple(draft.units),
                draft.timing,
                periods,
                draft.group,
                draft.line,
                _task_notes(draft, bool(periods), lines),
            )
        )
    return tasks


def parse_lines(
    lines: list[str], *, source: str, year: int | None = None, unit_abbreviations: Iterable[str] = ()
) -> ParsedPlan:
    """Parse normalised lines of a plan into a ParsedPlan, each header field and task field with its confidence."""
    warnings = Warnings()
    splitter = UnitSplitter(unit_abbreviations)
    lines = prepass(lines)
    from_title: set[str] = set()
    decision = find_decision(lines)
    title_index = decision if decision is not None else find_title(lines)
    if title_index is not None:
        header = parse_header(lines[:title_index], 1)
        title, body_start = read_title(lines, title_index)
        named = lines[title_index].strip()
        if (
            decision is None
            and header.number is None
            and header.date is None
            # "LIÊN ĐỘI" / "Kế hoạch tháng 12 năm 2014" / the header block: a portal's breadcrumb and post title
            and (header.issuer is None or named[:10].upper() != named[:10])
            and not any(
                line.strip() and not fold(line.strip()).startswith(("source:", "nguon:"))
                for line in lines[:title_index]
                if len(line.strip()) >= 40
            )
        ):
            # A web copy puts the plan's name first and its header block (if any) after it.
            after = _header_end(lines[body_start:])
            if after:
                late = parse_header(lines[body_start : body_start + after], body_start + 1)
                header = Header(late.issuer, late.superior, late.number, late.number_line, late.date, late.place)
                body_start += after
                again = find_title(lines[body_start:])
                if again is not None and not any(line.strip() for line in lines[body_start : body_start + again]):
                    # The header block repeats the "KẾ HOẠCH" title the page opened with (or gives the document's
                    # own, fuller one after the page's short name): it is the title, not body.
                    own_title, body_start = read_title(lines, body_start + again)
                    title = own_title or title
            number, date, named_issuer = title_identity(title)
            from_title = {
                name
                for name, own, named in (
                    ("number", header.number, number),
                    ("date", header.date, date),
                    ("issuer", header.issuer, named_issuer),
                )
                if own is None and named
            }
            header.number = header.number or number
            header.date = header.date or date
            header.issuer = header.issuer or named_issuer
    else:
        body_start = _header_end(lines)
        header = parse_header(lines[:body_start], 1)
        if header.issuer is None:
            header = flattened_header(lines) or header
        title = None
        if any(line.strip() for line in lines):
            warnings.add(1, "Không tìm thấy dòng tiêu đề “KẾ HOẠCH”; tiêu đề để trống.")
    ranges, tail_range, appendix_start = _layout(lines, body_start, decision)
    if header.date is None:
        # A copy without its header block may still carry "Đốc Binh Kiều, ngày 28 tháng 4 năm 2026" above the
        # signature: the plan's date and place.
        for index in range(max(body_start, ranges[-1][1] - 3), min(len(lines), tail_range[1])):
            text = lines[index].strip()
            if text and len(text) < 100 and _PLACE_DATE.search(fold(text)):
                dated = parse_header([text], index + 1)
                if dated.date:
                    header.date, header.place = dated.date, header.place or dated.place
                    break
    if decision is not None and len(ranges) > 1:
        # "Quyết định ban hành Kế hoạch …": the plan's own title names it better than the decision's.
        title = _attached_title(lines, ranges[1][0]) or title
    blocks = []
    for number, (start, end) in enumerate(ranges):
        part = _body_blocks(lines, start, end, source, splitter)
        if number == 0 and len(ranges) > 1:
            for block in part:  # the decision's bases and articles are preamble, not the plan's outline
                if block.kind in ("item", "caps"):
                    block.kind, block.mtype = "para", None
        blocks.extend(part)
    main, closing = _split_closing(blocks)
    _authority_line(main, header)
    title = title or _caption_title(main)
    first_item = next(
        (i for i, b in enumerate(main) if b.kind in ("item", "caps") and not _is_basis_bullet(b)), len(main)
    )
    preamble, outline_blocks = main[:first_item], main[first_item:]
    root = build_tree(outline_blocks)
    classify(root)
    for node in root.walk()[1:]:
        if node.kind is None and node.block is not None and node.children and _BASIS.match(fold(node.text)):
            node.kind = "basis"

    # Cited documents and the parent plan.
    paragraphs: list[tuple[int, str]] = [(b.line, b.text) for b in preamble]
    basis_texts: list[tuple[int, str]] = list(paragraphs)
    listed_bases: list[tuple[int, str]] = []  # under a "Căn cứ (xây dựng kế hoạch)" heading: bases without "Căn cứ"
    for node in root.walk()[1:]:
        assert node.block is not None
        paragraphs.append((node.block.line, node.text))
        for block in node.paragraphs:
            # Cells joined by a tab, so a cited title ends with its cell (references.cited_title).
            paragraphs.append((block.line, "\t".join(block.cells) if block.cells else block.text))
        if node.kind == "basis":
            listed_bases.extend((n.block.line, n.text) for n in node.walk()[1:] if n.block)
            listed_bases.extend((b.line, b.text) for b in node.paragraphs)
    basis_texts.extend(listed_bases)
    paragraphs.extend((b.line, b.text) for b in closing)
    # Footnotes a web copy prints after the signature ("[1] Kế hoạch số 53/KH-UBND …") cite documents too.
    paragraphs.extend((i + 1, lines[i]) for i in range(ranges[-1][1], len(lines)) if _FOOTNOTE.match(lines[i]))
    references = collect_references(paragraphs, exclude=[header.number] if header.number else [])
    candidates = []
    for line, text in basis_texts[: len(basis_texts) - len(listed_bases)]:
        candidates.extend(ref for ref in references_in(text, line) if ref.intro)
    for line, text in listed_bases:
        candidates.extend(references_in(text, line, intro_default="can cu"))
    body_texts = [t for _, t in basis_texts] + [b.text for b in closing]
    inferred_issuer, inferred_position = _infer_issuer(body_texts)
    issuer = header.issuer or inferred_issuer
    mentions: Counter[str] = Counter()
    for _, text in paragraphs:
        for match in find_numbers(text):
            mentions[fold(normalise_number(match))] += 1
    parent = choose_parent(candidates, issuer, title, mentions, header.date)
    parent_plan = ParsedParent()
    if parent:
        # Fill what the first mention lacked from the merged reference list.
        merged = next((r for r in references if fold(r.number) == fold(parent.number)), parent)
        parent_plan = ParsedParent(
            parent.number,
            _day(parent.date or merged.date),
            parent.issuer or merged.issuer,
            parent.title or merged.title,
            parent.type,
        )

    plan_year, ctx, year_reason = _plan_context(year, title, header, [t for _, t in paragraphs])

    # Sections and tasks.
    sections = _section_items(root)
    drafts: list[TaskDraft] = []
    sections_of_tasks = task_sections(root)
    for node in sections_of_tasks:
        drafts.extend(section_tasks(node, splitter, warnings))
    if len(sections_of_tasks) > 1:
        drafts.sort(key=lambda draft: draft.line)  # a task section nested in another one is read in its place
    if not drafts:
        drafts = _fallback_tables(root, splitter, warnings)
    used_rows = {d.line for d in drafts}
    for node in task_sections(root):
        used_rows.update(b.line for n in node.walk() for b in n.paragraphs if b.kind == "row")
    _warn_unplaced(root, used_rows, warnings)
    tasks = _parsed_tasks(drafts, ctx, warnings, lines)

    deadlines = find_deadlines(paragraphs, ctx.year or plan_year)

    tail = read_tail(lines[tail_range[0] : tail_range[1]], tail_range[0] + 1, warnings)
    if appendix_start is None and tail.appendix_from is not None:
        appendix_start = tail_range[0] + tail.appendix_from
    if appendix_start is not None:
        appendix = appendix_tasks(lines, appendix_start, splitter)
        if appendix:
            # A "Phụ lục" table of tasks (with who and when) is the plan's task list; the body narrates it.
            drafts = appendix
            tasks = _parsed_tasks(drafts, ctx, warnings, lines)
            last = max(d.line for d in drafts)
            warnings.items = [w for w in warnings.items if not appendix_start < (w["line"] or 0) <= last]
    position = " / ".join(tail.position_lines) or inferred_position
    header_end = title_index if title_index is not None else body_start
    notes = {
        "number": _number_note(header, from_title, title_index, lines),
        "date": _date_note(header, from_title, title_index, lines[:body_start]),
        "title": _note(lines, _title_line(lines, title_index), Confidence.HIGH, Reason.LABELLED)
        if title
        else FieldNote(Confidence.LOW, Reason.ABSENT),
        "issuer": _issuer_note(
            header, issuer, from_title, title_index, lines[: max(header_end, body_start)], body_texts, lines
        ),
        "year": _year_note(year_reason, title_index, header, lines[:body_start], lines),
        "parent_plan": _parent_note(parent, candidates, lines),
        "signer": _signer_note(tail.name, bool(tail.position_lines), lines, tail_range[0]),
    }
    return ParsedPlan(
        kind="KH",
        title=title,
        year=plan_year,
        issuer=issuer,
        issuer_superior=header.superior,
        number=header.number,
        date=_day(header.date),
        place=header.place,
        parent_plan=parent_plan,
        sections={key: tuple(items) for key, items in sections.items()},
        tasks=tuple(tasks),
        legal_refs=tuple(ParsedReference(r.number, _day(r.date), r.issuer, r.title) for r in references),
        report_deadlines=tuple(
            ParsedDeadline(_text(d.get("name")), str(d.get("due") or ""), _text(d.get("to")), _line(d.get("line")))
            for d in deadlines
        ),
        recipients=tuple(tail.recipients),
        signer=ParsedSigner(tail.name, position),
        warnings=tuple(
            ParseWarning(_line(w["line"]), str(w["message"]))
            for w in sorted(warnings.items, key=lambda w: _line(w["line"]) or 0)
        ),
        # The school's own closing sentence ("Trên đây là …./."), kept so the export does not replace it.
        closing="\n".join(collapse(b.text) for b in closing if b.text.strip()),
        format=source,
        notes=notes,
        timing_year=ctx.year,
        school_year=ctx.school_year,
    )
