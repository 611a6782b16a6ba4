"""Put the stages together: lines → header, body tree, sections, tasks, references, deadlines, signature."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .blocks import Block, build_blocks, detect_wrapped, is_page_number
from .flattened import split_joined_tables, split_unnumbered_tables, unflatten_tables
from .header import (
    _NATIONAL,
    _NUMBER_LINE,
    _PLACE_DATE,
    Header,
    find_decision,
    find_title,
    parse_header,
    read_title,
    title_identity,
)
from .outline import IMPLEMENTATION, OTHER, PURPOSES, REGULAR, REQUIREMENTS, TASKS, Node, build_tree, classify
from .prepass import prepass
from .references import choose_parent, collect_references, find_numbers, normalise_number, references_in
from .reports import find_deadlines
from .signature import is_person_name, is_position, is_recipients_heading, read_tail
from .tasks import TableReader, TaskDraft, Warnings, appendix_tasks, section_tasks, short, task_sections
from .textnorm import collapse, fold
from .timing import TimeContext
from .units import UnitSplitter

SECTION_KINDS = (PURPOSES, REQUIREMENTS, REGULAR, IMPLEMENTATION)
_BASIS = re.compile(r"^(?:can cu|co so)\b")
_BASIS_BULLET = re.compile(
    r"^(?:can cu|thuc hien|trien khai|tiep tuc thuc hien)\b.{0,80}?\b(?:ke hoach|chi thi|nghi quyet|cong van|"
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

EMPTY_RESULT_KEYS = (
    "kind", "title", "year", "issuer", "issuer_superior", "number", "date", "place", "parent_plan", "sections",
    "tasks", "legal_refs", "report_deadlines", "recipients", "signer", "warnings", "closing",
)


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
        if _NATIONAL.search(folded) or _NUMBER_LINE.match(folded) or _PLACE_DATE.search(folded):
            end = index + 1
    return end


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
            if is_position(lines[index]):
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
        if block.kind == "para" and (_CLOSING.match(fold(block.text)) or block.text.rstrip().endswith("./.")):
            return blocks[:index], blocks[index:]
    return blocks, []


def _plan_context(
    year: int | None, title: str | None, header: Header, texts: list[str]
) -> tuple[int | None, TimeContext]:
    folded_title = fold(title or "")
    school = _SCHOOL_YEAR.search(folded_title)
    found: int | None = None
    if school:
        found = int(school.group(1))
    else:
        match = _YEAR_IN_TEXT.search(folded_title)
        if match:
            found = int(match.group(1))
    if found is None and school is None:
        span = _YEAR_SPAN.search(folded_title)
        if span:
            found = int(span.group(1))
            if int(span.group(2)) == found + 1:
                school = span
    if found is None and header.date:
        found = int(header.date[:4])
    if found is None:
        school = next((m for text in texts if (m := _SCHOOL_YEAR.search(fold(text)))), None)
        if school:
            found = int(school.group(1))
    if found is None:
        counts = Counter(int(m.group(1)) for text in texts for m in _YEAR_IN_TEXT.finditer(fold(text)))
        if counts:
            found = counts.most_common(1)[0][0]
    plan_year = year if year is not None else found
    if school and plan_year is not None:
        first = int(school.group(1))
        return plan_year, TimeContext(first if plan_year in (first, first + 1) else plan_year, True)
    return plan_year, TimeContext(plan_year)


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
        for block in blocks[rows[0]: rows[-1] + 1]:
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


def _task_dicts(drafts: list[TaskDraft], ctx: TimeContext, warnings: Warnings) -> list[dict[str, object]]:
    """Return the public form of the task drafts, numbered, with a warning for each timing not understood."""
    tasks = []
    for index, draft in enumerate(drafts, start=1):
        task = draft.as_dict(ctx)
        if task["no"] is None:
            task["no"] = str(index)
        if draft.timing and not task["periods"]:
            warnings.add(draft.line, f"Không hiểu thời gian “{short(draft.timing, 40)}” của nhiệm vụ {task['no']}.")
        tasks.append(task)
    return tasks


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


def _layout(lines: list[str], body_start: int, decision: int | None) -> tuple[
    list[tuple[int, int]], tuple[int, int], int | None
]:
    """Return the body ranges, the tail range and where an appendix starts (None: after the signer's name).

    A plan has one body then its tail (recipients, signature). A decision issuing a plan ("Quyết định ban hành Kế
    hoạch …", the plan "ban hành kèm theo" it) has the decision's articles and tail, then the plan's own title and
    body: both bodies are read (the decision's "Căn cứ" are the plan's bases), the tail is the decision's.
    """
    if decision is not None:
        decision_end = next((i for i in range(body_start, len(lines)) if lines[i].strip()
                             and len(lines[i]) < 120 and is_recipients_heading(lines[i])), None)
        attached = None
        if decision_end is not None:
            attached = next((i for i in range(decision_end, len(lines)) if _PLAN_TITLE.match(fold(lines[i].strip()))
                             and len(lines[i].strip()) <= 40), None)
        if attached is not None:
            _, plan_start = read_title(lines, attached)
            plan_end = max(plan_start, _body_end(lines, plan_start))
            return [(body_start, decision_end), (plan_start, plan_end)], (decision_end, attached), plan_end
    body_end = max(body_start, _body_end(lines, body_start))
    return [(body_start, body_end)], (body_end, len(lines)), None


def parse_lines(
    lines: list[str], *, source: str, year: int | None = None, unit_abbreviations: Iterable[str] = ()
) -> dict[str, object]:
    """Parse normalised lines of a plan into the result dictionary."""
    warnings = Warnings()
    splitter = UnitSplitter(unit_abbreviations)
    lines = prepass(lines)
    decision = find_decision(lines)
    title_index = decision if decision is not None else find_title(lines)
    if title_index is not None:
        header = parse_header(lines[:title_index], 1)
        title, body_start = read_title(lines, title_index)
        if decision is None and header.number is None and header.date is None and header.issuer is None and not any(
            line.strip() and not fold(line.strip()).startswith(("source:", "nguon:")) for line in lines[:title_index]
            if len(line.strip()) >= 40
        ):
            # A web copy puts the plan's name first and its header block (if any) after it.
            after = _header_end(lines[body_start:])
            if after:
                late = parse_header(lines[body_start:body_start + after], body_start + 1)
                header = Header(late.issuer, late.superior, late.number, late.number_line, late.date, late.place)
                body_start += after
            number, date, named_issuer = title_identity(title)
            header.number = header.number or number
            header.date = header.date or date
            header.issuer = header.issuer or named_issuer
    else:
        body_start = _header_end(lines)
        header = parse_header(lines[:body_start], 1)
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
    first_item = next((i for i, b in enumerate(main) if b.kind in ("item", "caps") and not _is_basis_bullet(b)), len(main))
    preamble, outline_blocks = main[:first_item], main[first_item:]
    root = build_tree(outline_blocks)
    classify(root)
    for node in root.walk()[1:]:
        if node.kind is None and node.block is not None and node.children and _BASIS.match(fold(node.text)):
            node.kind = "basis"

    # Cited documents and the parent plan.
    paragraphs: list[tuple[int, str]] = [(b.line, b.text) for b in preamble]
    basis_texts: list[tuple[int, str]] = list(paragraphs)
    for node in root.walk()[1:]:
        assert node.block is not None
        paragraphs.append((node.block.line, node.text))
        for block in node.paragraphs:
            # Cells joined by a tab, so a cited title ends with its cell (references.cited_title).
            paragraphs.append((block.line, "\t".join(block.cells) if block.cells else block.text))
        if node.kind == "basis":
            basis_texts.extend((n.block.line, n.text) for n in node.walk()[1:] if n.block)
            basis_texts.extend((b.line, b.text) for b in node.paragraphs)
    paragraphs.extend((b.line, b.text) for b in closing)
    # Footnotes a web copy prints after the signature ("[1] Kế hoạch số 53/KH-UBND …") cite documents too.
    paragraphs.extend((i + 1, lines[i]) for i in range(ranges[-1][1], len(lines)) if _FOOTNOTE.match(lines[i]))
    references = collect_references(paragraphs, exclude=[header.number] if header.number else [])
    candidates = []
    for line, text in basis_texts:
        candidates.extend(ref for ref in references_in(text, line) if ref.intro)
    body_texts = [t for _, t in basis_texts] + [b.text for b in closing]
    inferred_issuer, inferred_position = _infer_issuer(body_texts)
    issuer = header.issuer or inferred_issuer
    mentions: Counter[str] = Counter()
    for _, text in paragraphs:
        for match in find_numbers(text):
            mentions[fold(normalise_number(match))] += 1
    parent = choose_parent(candidates, issuer, title, mentions)
    if parent:
        # Fill what the first mention lacked from the merged reference list.
        merged = next((r for r in references if fold(r.number) == fold(parent.number)), parent)
        parent_plan = {"number": parent.number, "date": parent.date or merged.date,
                       "issuer": parent.issuer or merged.issuer, "title": parent.title or merged.title,
                       "type": parent.type}
    else:
        parent_plan = {"number": None, "date": None, "issuer": None, "title": None, "type": None}

    plan_year, ctx = _plan_context(year, title, header, [t for _, t in paragraphs])

    # Sections and tasks.
    sections = _section_items(root)
    drafts: list[TaskDraft] = []
    for node in task_sections(root):
        drafts.extend(section_tasks(node, splitter, warnings))
    if not drafts:
        drafts = _fallback_tables(root, splitter, warnings)
    used_rows = {d.line for d in drafts}
    for node in task_sections(root):
        used_rows.update(b.line for n in node.walk() for b in n.paragraphs if b.kind == "row")
    _warn_unplaced(root, used_rows, warnings)
    tasks = _task_dicts(drafts, ctx, warnings)

    deadlines = find_deadlines(paragraphs, ctx.year or plan_year)

    tail = read_tail(lines[tail_range[0]:tail_range[1]], tail_range[0] + 1, warnings)
    if appendix_start is None and tail.appendix_from is not None:
        appendix_start = tail_range[0] + tail.appendix_from
    if appendix_start is not None:
        appendix = appendix_tasks(lines, appendix_start, splitter)
        if appendix:
            # A "Phụ lục" table of tasks (with who and when) is the plan's task list; the body narrates it.
            drafts = appendix
            tasks = _task_dicts(drafts, ctx, warnings)
            last = max(d.line for d in drafts)
            warnings.items = [w for w in warnings.items if not appendix_start < (w["line"] or 0) <= last]
    position = " / ".join(tail.position_lines) or inferred_position
    return {
        "kind": "KH",
        "title": title,
        "year": plan_year,
        "issuer": issuer,
        "issuer_superior": header.superior,
        "number": header.number,
        "date": header.date,
        "place": header.place,
        "parent_plan": parent_plan,
        "sections": sections,
        "tasks": tasks,
        "legal_refs": [r.as_dict() for r in references],
        "report_deadlines": deadlines,
        "recipients": tail.recipients,
        "signer": {"name": tail.name, "position": position},
        "warnings": sorted(warnings.items, key=lambda w: (w["line"] or 0)),
        # The school's own closing sentence ("Trên đây là …./."), kept so the export does not replace it.
        "closing": "\n".join(collapse(b.text) for b in closing if b.text.strip()),
    }
