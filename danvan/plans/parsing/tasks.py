"""Tasks read from a table or from a list, and the warnings raised while reading them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import FIELD_LABELS, Block, build_blocks, is_caps_heading
from .outline import (
    FOCUS_HEADING,
    IMPLEMENTATION,
    PURPOSES,
    REGULAR,
    REPORTS,
    REQUIREMENTS,
    TASKS,
    Node,
    classify_heading,
)
from .textnorm import collapse, fold
from .timing import TimeContext, periods_for
from .units import UnitSplitter


@dataclass
class TaskDraft:
    """A task before its timing is turned into periods."""

    no: str | None
    content: str
    lead: str | None
    units: list[str]
    timing: str | None
    group: str | None
    line: int
    # How the fields were found: "table" (a column with a heading), "table_guessed" (a table without a heading
    # row), "labelled" (a list item's "Chủ trì: …" labels); and whether the timing is a group heading's.
    origin: str = "labelled"
    timing_from_heading: bool = False


@dataclass
class Warnings:
    """Collects (line, Vietnamese message) pairs."""

    items: list[dict[str, object]] = field(default_factory=list)

    def add(self, line: int | None, message: str) -> None:
        """Record one warning."""
        self.items.append({"line": line, "message": message})


def short(text: str, size: int = 70) -> str:
    """Return text cut to size characters for a message."""
    text = collapse(text)
    return text if len(text) <= size else text[: size - 1] + "…"


# ---------------------------------------------------------------- tables

_COLUMN_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("no", re.compile(r"^(?:stt|tt|so tt|so thu tu|thu tu)$")),
    ("timing", re.compile(r"thoi gian|tien do|thoi han|thoi diem|han hoan thanh")),
    (
        "lead",
        re.compile(
            r"chu tri|^lanh dao|^nguoi chiu trach nhiem|^(?:nguoi |lanh dao |co quan )?chi dao|"
            r"^(?:dong chi|nguoi|ca nhan|can bo) phu trach"
        ),
    ),
    ("content", re.compile(r"^(?:noi dung|cong viec|nhiem vu|hoat dong|giai phap|ten |cac hoat dong|cac nhiem vu)")),
    (
        "units",
        re.compile(r"phoi hop|thuc hien|bo phan|don vi|phu trach|luc luong|to chuc thuc hien|trach nhiem|phan cong"),
    ),
    ("content", re.compile(r"noi dung|cong viec|nhiem vu|hoat dong|giai phap")),
    ("note", re.compile(r"ghi chu|ket qua|san pham|du kien|kinh phi|danh gia")),
)
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[a-zđ])[.)]?$")
_GROUP_NUMBER = re.compile(r"^(?:[IVX]{1,5}|[A-ZĐ])[.)]?$")


def column_role(heading: str) -> str | None:
    """Return the role of a table column from its heading."""
    folded = collapse(fold(heading)).strip(" .:")
    for role, pattern in _COLUMN_RULES:
        if pattern.search(folded):
            return role
    return None


def header_roles(cells: list[str]) -> list[str | None] | None:
    """Return column roles when cells are a header row (a content column and one more known column)."""
    if any(_ROW_NUMBER.match(c) for c in cells if c):
        return None
    roles = [column_role(c) if c else None for c in cells]
    if "content" not in roles or sum(1 for r in roles if r) < 2:
        return None
    if roles.count("lead") > 1 and any("chu tri" in fold(c) for c in cells if c):
        # "Người chỉ đạo | Đơn vị chủ trì": the body that leads is the one "chủ trì"; who directs is a note.
        roles = [
            ("note" if role == "lead" and "chi dao" in fold(cell) else role)
            for role, cell in zip(roles, cells, strict=True)
        ]
    if roles.count("lead") > 1:
        # "Lãnh đạo chủ trì | Người phụ trách": the first names the leader, the others who carries it out.
        first = roles.index("lead")
        roles = [("units" if role == "lead" and i > first else role) for i, role in enumerate(roles)]
    return roles


def guess_roles(width: int, numbered: bool) -> list[str | None]:
    """Return column roles for a table without a header row, from the usual plan layout."""
    roles: list[str | None] = ["no"] if numbered else []
    rest = width - len(roles)
    layout = {
        1: ["content"],
        2: ["content", "timing"],
        3: ["content", "units", "timing"],
        4: ["content", "lead", "units", "timing"],
    }
    roles += layout.get(rest, ["content", "lead", "units", "timing"] + ["note"] * (rest - 4))
    return roles[:width]


class TableReader:
    """Turn the rows of one task table, with continuation lines, into task drafts."""

    def __init__(self, splitter: UnitSplitter, warnings: Warnings, group: str | None) -> None:
        """Prepare an empty table."""
        self.splitter = splitter
        self.warnings = warnings
        self.group = group
        self.roles: list[str | None] | None = None
        self.headers: list[str] = []
        self.rows: list[tuple[int, list[str]]] = []

    def _width(self) -> int:
        return len(self.roles) if self.roles else max((len(c) for _, c in self.rows), default=0)

    def _is_new_row(self, cells: list[str]) -> bool:
        first = cells[0] if cells else ""
        if self.roles and "no" not in self.roles:
            return bool(first)
        return bool(_ROW_NUMBER.match(first) or _GROUP_NUMBER.match(first))

    def add(self, block: Block) -> None:
        """Add one row or continuation line."""
        cells = block.cells if block.cells is not None else [block.text]
        cells = list(cells)
        if self.roles is None and not self.rows:
            roles = header_roles(cells)
            if roles:
                self.roles = roles
                self.headers = cells
                return
        if self.roles is not None and block.cells is not None and header_roles(cells) == self.roles:
            return  # the header repeated over the next table of the same layout ("NGÀY 2")
        if block.cells is None or not self.rows or self._is_new_row(cells):
            if block.cells is None and self.rows:
                self._append_text(block.text)
                return
            if block.cells is None:
                self.warnings.add(block.line, f"Dòng trong bảng không đọc được: “{short(block.text)}”.")
                return
            self.rows.append((block.line, cells))
            return
        line, previous = self.rows[-1]
        width = self._width()
        if len(previous) < width:
            # The row was broken over lines: the first piece continues the last cell.
            previous[-1] = collapse(f"{previous[-1]} {cells[0]}")
            previous.extend(cells[1:])
        elif len(cells) == len(previous):
            for i, cell in enumerate(cells):
                if cell:
                    previous[i] = collapse(f"{previous[i]} {cell}")
        else:
            self._append_text(" ".join(c for c in cells if c))

    def _append_text(self, text: str) -> None:
        line, previous = self.rows[-1]
        if len(previous) < self._width():
            previous[-1] = collapse(f"{previous[-1]} {text}")  # the cell being written wraps onto this line
            return
        roles = self.roles or guess_roles(len(previous), bool(_ROW_NUMBER.match(previous[0] or "")))
        target = roles.index("content") if "content" in roles and roles.index("content") < len(previous) else -1
        previous[target] = collapse(f"{previous[target]} {text}")

    def _units_are_doers(self) -> bool:
        """Return True when the table has no lead column and its units column names the body that does the task
        ("Cơ quan thực hiện", "Đơn vị phụ trách"; not who helps: "phối hợp"; a school's "Người thực hiện" column
        stays a list of units)."""
        if not self.roles or "lead" in self.roles or "units" not in self.roles:
            return False
        heading = self.headers[self.roles.index("units")] if len(self.headers) > self.roles.index("units") else ""
        folded = fold(heading).strip()
        return folded.startswith(("co quan", "don vi")) and "phoi hop" not in folded

    def drafts(self) -> list[TaskDraft]:
        """Return the tasks of the table; group rows and unreadable rows become warnings or groups."""
        drafts: list[TaskDraft] = []
        group = self.group
        for line, cells in self.rows:
            roles = self.roles or guess_roles(len(cells), bool(_ROW_NUMBER.match(cells[0] or "")))
            if len(cells) > len(roles) and "content" in roles:
                # Surplus cells (a tab inside the content) go back into the content.
                extra = len(cells) - len(roles)
                at = roles.index("content")
                cells = cells[:at] + [" ".join(cells[at : at + extra + 1])] + cells[at + extra + 1 :]
            values: dict[str, list[str]] = {}
            for role, cell in zip(roles, cells, strict=False):
                if role and cell:
                    values.setdefault(role, []).append(cell)
            content = " ".join(values.get("content", []))
            number = (values.get("no") or [None])[0]
            filled = [c for c in cells if c]
            if number and _GROUP_NUMBER.match(number) and not _ROW_NUMBER.match(number):
                group = collapse(f"{number} {content}")
                continue
            if len(filled) == 1 and len(cells) > 2 and not number:
                group = filled[0]  # a merged row spanning the table: a group heading
                continue
            if not content:
                self.warnings.add(line, f"Dòng bảng không có nội dung công việc: “{short(' | '.join(filled))}”.")
                continue
            lead = " ".join(values.get("lead", [])) or None
            units: list[str] = []
            for cell in values.get("units", []):
                units.extend(u for u in self.splitter.split(cell) if u not in units)
            timing = "; ".join(values.get("timing", [])) or None
            if lead is None and len(units) == 1 and self._units_are_doers():
                lead, units = units[0], []  # one body "phụ trách" / "thực hiện" the task: it leads it
            drafts.append(
                TaskDraft(
                    number.rstrip(".)") if number else None,
                    content,
                    lead,
                    units,
                    timing,
                    group,
                    line,
                    origin="table" if self.roles else "table_guessed",
                )
            )
        return drafts


# ---------------------------------------------------------------- lists

_LABELLED = re.compile(rf"(?:^|[(;.,\-–]\s*|\s)(?P<label>{FIELD_LABELS}|thuc hien)\s*:\s*")
_TIMING_LABEL = re.compile(r"^(?:thoi gian|thoi han|tien do)")
_LEAD_LABEL = re.compile(
    r"^(?:(?:nguoi |lanh dao |don vi |co quan |bo phan |can bo )?chu tri|(?:nguoi |lanh dao |co quan )?chi dao|"
    r"(?:nguoi|lanh dao|can bo) phu trach)$"
)
_CONTENT_LABEL = re.compile(r"^noi dung")
# Where and who attends ("Địa điểm: …", "Thành phần: …") say nothing of who leads or when: notes, not fields.
_NOTE_LABEL = re.compile(r"^(?:san pham|ket qua|kinh phi|dia diem|thanh phan)")


def _label_role(label: str) -> str:
    if _TIMING_LABEL.match(label):
        return "timing"
    if _LEAD_LABEL.match(label):
        return "lead"
    if _CONTENT_LABEL.match(label):
        return "content"
    if _NOTE_LABEL.match(label):
        return "note"
    return "units"


_PURE_TIMING = re.compile(r"^(?:thang|quy|hoc ky|tuan|ngay|tu thang|tu ngay|truoc ngay|ca nam)\b")


# "Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành …" written as one field value.
_LEADS_WITH = re.compile(
    r"^(?P<lead>[^,;]{2,120}?)\s+chủ\s+trì\s*(?:[,;]?\s*(?:và\s+)?phối\s+hợp\s+(?:với\s+)?(?P<units>.+))?$",
    re.IGNORECASE,
)
# "Hoạt động 1", "Nhiệm vụ 2": an item whose own text only numbers it; its "Nội dung:" field says what it is.
_BARE_ITEM = re.compile(r"^(?:hoat dong|nhiem vu|noi dung|cong viec|viec|muc)\s*\d{0,2}\s*[:.]?$")


# "(Công đoàn chủ trì; quý 4)", "(Đoàn trường chủ trì, phối hợp với GVCN; tháng 3/2025)" closing a task's text.
_INLINE_DAY = re.compile(r"\((?P<inner>\s*\d{1,2}/\d{1,2}(?:/\d{2,4})?\b[^()]{0,60})\)\s*[.;,]?\s*$")
_DAY = re.compile(r"\b\d{1,2}/\d{1,2}\b")
_ANNIVERSARY = re.compile(r"\b(?:ky niem|thanh lap|ngay sinh|nam ngay)\b")
_INLINE_LEAD = re.compile(r"\((?P<inner>[^()]{2,200}?\bchủ\s+trì\b[^()]{0,200})\)\s*[.;,]?\s*$", re.IGNORECASE)


def _inline_fields(content: str, inner: str, splitter: UnitSplitter) -> tuple[str, str | None, list[str], str | None]:
    """Read "(X chủ trì[, phối hợp với Y]; <timing>)" written after a task."""
    lead, timing = None, None
    units: list[str] = []
    probe = TimeContext(2000)
    for part in (p.strip(" ,.") for p in inner.split(";")):
        if not part:
            continue
        both = _LEADS_WITH.match(part)
        if both and lead is None:
            lead = collapse(both.group("lead"))
            units.extend(splitter.split(both.group("units")))
        elif re.match(r"(?i)^phối\s+hợp(?:\s+với)?\s+", part):
            units.extend(splitter.split(re.sub(r"(?i)^phối\s+hợp(?:\s+với)?\s+", "", part)))
        elif timing is None and (periods_for(part, probe) or _PURE_TIMING.match(fold(part))):
            timing = part
    if not content or lead is None:
        return content or inner, None, [], None
    return content, lead, units, timing


def _field_value(raw: str) -> str:
    """Return a field's value without the punctuation around it, keeping a parenthesis that closes inside it."""
    value = raw.strip(" ;,.")
    while value.endswith(")") and value.count(")") > value.count("("):
        value = value[:-1].rstrip(" ;,.")
    while value.startswith("(") and value.count("(") > value.count(")"):
        value = value[1:].lstrip(" ;,.")
    return value.strip(" ;,.")


# The verbs a body's clause in a "thực hiện" field opens with ("Sở X tiến hành rà soát …").
_CLAUSE_VERB = re.compile(
    r"\s(?:chu tri|chu dong|tien hanh|ra soat|to chuc|tham muu|trien khai|thuc hien|xay dung|phoi hop|"
    r"co trach nhiem|tiep tuc|huong dan|kiem tra|theo doi|tong hop|bao cao|gui)\b"
)


_PLURAL = re.compile(r"^(?:các|những)\s", re.IGNORECASE)


def _acting_subjects(value: str) -> list[tuple[str, bool]]:
    """Return (subject, says "chủ trì") of each clause of a "thực hiện" value written as sentences, else []."""
    out: list[tuple[str, bool]] = []
    for clause in re.split(r";|\.\s+", value):
        clause = re.sub(r"^\s*(?:đồng thời|ngoài ra)\s*,?\s*", "", clause.strip(), flags=re.IGNORECASE)
        folded = fold(clause)
        # A verb in lower case, not right after a comma ("các cơ quan, tổ chức khác" lists bodies).
        verb = next(
            (
                m
                for m in _CLAUSE_VERB.finditer(folded)
                if clause[m.start() + 1 : m.start() + 2].islower() and clause[m.start() - 1 : m.start()] != ","
            ),
            None,
        )
        if verb is None:
            continue
        subject = clause[: verb.start()].strip(" ,")
        if not subject or len(subject.split()) > 40 or not (subject[:1].isupper() or _PLURAL.match(subject)):
            continue
        if fold(subject) not in {fold(s) for s, _ in out}:
            out.append((subject, folded[verb.start() :].lstrip().startswith("chu tri")))
    return out if any(len(fold(value).split()) > len(s.split()) + 3 for s, _ in out) else []


def labelled_fields(text: str, splitter: UnitSplitter) -> tuple[str, str | None, list[str], str | None]:
    """Split "(Thời gian: …; Phụ trách: …)" style fields off a list item's text.

    A units field that says "X chủ trì, phối hợp với Y" gives the lead X and the units Y; a single body that
    carries out the task ("Cơ quan thực hiện: Sở Tư pháp", "Đơn vị thực hiện: …") leads it when no lead is named
    (a school's "Phụ trách: Liên đội" stays a unit).
    """
    inline = _INLINE_LEAD.search(text)
    if inline and not _LABELLED.search(fold(inline.group("inner"))):
        return _inline_fields(text[: inline.start()].rstrip(" ,;-–"), inline.group("inner"), splitter)
    folded = fold(text)
    when = _INLINE_DAY.search(text)
    if when and len(_DAY.findall(when.group("inner"))) == 1 and not _ANNIVERSARY.search(folded):
        # "… bầu ra ban cán sự lớp. (22/09/2013 vào tiết sinh hoạt lớp)": the day the task is done.
        content = text[: when.start()].rstrip(" ,;-–")
        if content and not _LABELLED.search(fold(content)):
            return content, None, [], when.group("inner").strip()
    matches = list(_LABELLED.finditer(folded))
    if not matches:
        return text, None, [], None
    content = text[: matches[0].start()].rstrip(" (;,.-–")
    if _BARE_ITEM.match(fold(content).strip()):
        content = ""
    lead, timing = None, None
    units: list[str] = []
    doers: list[str] = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = _field_value(text[match.end() : end])
        label = match.group("label")
        role = _label_role(label)
        if not value:
            continue
        if role == "content":
            content = content or value
        elif role == "note":
            continue
        elif role == "timing":
            timing = value
        elif role == "lead":
            lead = value
        else:
            acting = _acting_subjects(value) if "thuc hien" in label and not _LEADS_WITH.match(value) else []
            if acting:
                # "Cơ quan thực hiện: Sở A chủ trì tham mưu …; Sở B và các sở … chủ động tổ chức …": the subjects
                # of the clauses act; the one said to "chủ trì" (else the first, when it is one body) leads.
                leading = next((i for i, (_, chairs) in enumerate(acting) if chairs), None)
                first = splitter.split(acting[0][0])
                if leading is None and len(first) == 1:
                    leading = 0
                for i, (subject, _) in enumerate(acting):
                    if i == leading and lead is None:
                        lead = subject
                        continue
                    units.extend(u for u in splitter.split(subject) if u not in units)
                continue
            both = _LEADS_WITH.match(value)
            if both:
                lead = lead or collapse(both.group("lead"))
                units.extend(splitter.split(both.group("units")))
                continue
            found = splitter.split(value)
            units.extend(found)
            if label.startswith(("co quan", "don vi")) and "phoi hop" not in label:
                doers.extend(found)
    if not content:
        return text, None, [], None
    if lead is None and len(doers) == 1 and doers[0] in units:
        lead = doers[0]
        units.remove(lead)
    return content, lead, units, timing


def _timing_heading(node: Node, ctx_probe: TimeContext) -> str | None:
    text = node.text.rstrip(" :.")
    if len(text.split()) <= 8 and _PURE_TIMING.match(fold(text)) and periods_for(text, ctx_probe):
        return text
    return None


def _is_detail_parent(node: Node) -> bool:
    # "f) Các trường gửi hồ sơ … gồm:" followed by bullets: the bullets detail one task.
    text = node.text.rstrip()
    if sum(1 for kid in node.nodes if _has_field_lines(kid)) >= 2:
        return False  # bullets each with their own "Thời hạn hoàn thành: …" line are tasks of their own
    return (
        text.endswith(":")
        and len(text.split()) > 8
        and all((c.block.mtype in ("dash", "plus", "dot")) for c in node.nodes if c.block)
    )


def _has_field_lines(node: Node) -> bool:
    return any(p.kind == "field" for n in node.walk() for p in n.paragraphs)


def _has_inline_fields(node: Node) -> bool:
    return any(n.block is not None and _LABELLED.search(fold(n.text)) for n in node.walk())


def _owns_fields(node: Node) -> bool:
    """Return True when the labelled lines under an item give its own fields (its sub-items are details).

    "2. Tổ chức hội nghị / + chuẩn bị … / + tổ chức … / - Thời gian: …": the field lines nest under the last
    detail when their bullet differs, yet they belong to item 2. Sub-items with fields written inline
    ("b) … (Thời gian: …)") are tasks of their own.
    """
    if any(p.kind == "field" for p in node.paragraphs):
        return True
    kids = node.nodes
    if len(kids) < 2 or any(_has_inline_fields(kid) for kid in kids):
        return False
    with_lines = [kid for kid in kids if _has_field_lines(kid)]
    return with_lines == [kids[-1]] and not any(_has_field_lines(k) for k in kids[-1].nodes)


# A heading in a task section that names who carries out the items under it: "1. Sở Y tế", "Đối với Ban Giám
# hiệu nhà trường", "3. Sở Giáo dục và Đào tạo: Căn cứ chức năng …" (run-in).
_FOR_BODY = re.compile(r"^(?:doi voi|de nghi)\s+")
# "1.5. Trách nhiệm của đối tượng thực hiện kiểm kê:", "Nhiệm vụ của Trưởng ban": the heading says who, whatever
# the name.
_DUTIES_OF = re.compile(r"^(?:trach nhiem|nhiem vu)\s+cua\s+")
# "Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo": the role after the dash is not part of the name.
_ROLE_AFTER = re.compile(r"\s+[-–]\s+(?:co quan|thuong truc|don vi|bo phan|truong ban|pho ban)\b.*$")
_BODY_WORD = re.compile(
    r"^(?:so |phong (?!chong|ngua)|ban (?!hanh(?! chinh))|uy ban|ubnd|truong |nha truong|doan (?!ket)|cong doan|"
    r"to chuc (?:doan (?!ket)|cong doan |hoi (?!nghi|thi|thao|giang|dien|trai)|dang )|"
    r"hoi (?!nghi|thi|thao|giang|dien|trai)|to (?!chuc)|bo phan|van phong|giao vien|nhan vien|doi ngu|chi bo|dang uy|"
    r"mat tran|bao |dai |trung tam|cong an|bo chi huy|lien doan|lien doi|hieu truong|pho hieu truong|vien )"
)  # (not "Các đơn vị chưa …": a plural names a category the items apply to, unless "Đối với" introduces it)


def body_heading(
    text: str, splitter: UnitSplitter, per_body: bool = False, plural: bool = False
) -> tuple[str | None, list[str], str]:
    """Return (lead, units, rest) when an item heading names the body that carries out its tasks, else
    (None, [], text). rest is what follows a run-in "Body: …" (empty for a plain heading).

    per_body: the headings are those of a section organised by body ("Tổ chức thực hiện" read as the task list),
    where every short heading names who acts, a collective too ("Các cơ quan trực thuộc Bộ …").
    plural: the heading's siblings name bodies, so "Các Sở, ban, ngành khác" is one more body, not a category.
    """
    stripped = re.sub(r"\s*\([^()]*\)\s*:?\s*$", "", text.strip())  # "(đồng chí … phụ trách)", "(gồm các Sở: …):"
    folded = fold(stripped)
    introduced = _FOR_BODY.match(folded)
    duties = _DUTIES_OF.match(folded)
    per_body = per_body or duties is not None
    introduced = introduced or duties
    name, rest = stripped, ""
    head, colon, after = stripped.partition(":")
    if colon and len(head.split()) <= 14:
        name, rest = head, after.strip()
    if introduced:
        name = name[introduced.end() :]
    name = name.strip(" .;:")
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name)  # "… cấp trên (bao gồm cả …)"
    role = _ROLE_AFTER.search(fold(name))
    if role:
        name = name[: role.start()]
    kind = re.sub(r"^(?:cac|nhung)\s+", "", fold(name)) + " "
    if per_body:
        if not name or len(name.split()) > 24 or not (name[:1].isupper() or duties) or name.endswith("."):
            return None, [], text
    elif (
        not name
        or len(name.split()) > (20 if introduced else 16)
        or not _BODY_WORD.match(kind.replace(",", " "))
        or (not introduced and not plural and kind != fold(name) + " ")
    ):
        return None, [], text
    name = name[:1].upper() + name[1:]
    bodies = splitter.split(name)
    if len(bodies) <= 1 or not introduced:
        return name, [], rest
    return None, [b[:1].upper() + b[1:] for b in bodies], rest


# "phối hợp với Sở Tư pháp và các cơ quan liên quan tổ chức …": the partners end where the action starts.
_PARTNERS = re.compile(r"\bphối\s+hợp\s+(?:chặt\s+chẽ\s+)?(?:với\s+)?(?P<who>.+)", re.IGNORECASE)
_ACTION = re.compile(
    r"\s(?:to chuc|tham muu|trien khai|xay dung|thuc hien|kiem tra|ra soat|tang cuong|de xuat|tuyen truyen|"
    r"huong dan|theo doi|giam sat|danh gia|tong hop|bao cao|can doi|bo tri|chi dao|day manh|nang cao|phat hien|"
    r"xu ly|cung co|kien toan|van dong|pho bien|cung cap|trong|de|nham|tai|theo|ve|thong qua|lam|giai quyet)\b"
)


def partners(content: str, splitter: UnitSplitter) -> list[str]:
    """Return the bodies a task says it is done with ("… phối hợp với X và Y tổ chức …"); [] when none is named."""
    found = _PARTNERS.search(content)
    if not found:
        return []
    who = found.group("who")
    # The action starts at the first lower-case verb: "… Bộ Tài chính trong việc …" ("Tài" is a name, not "tại").
    stop = next((m for m in _ACTION.finditer(fold(who)) if who[m.start() + 1 : m.start() + 2].islower()), None)
    who = who[: stop.start()] if stop else who
    who = re.split(r"[.;:(]", who)[0].strip(" ,")
    head = fold(who).replace(",", " ") + " "
    if not who or len(who.split()) > 24 or not (who[:1].isupper() or _BODY_WORD.match(head) or head.startswith("cac ")):
        return []
    return splitter.split(who)


_ENUMERATED = re.compile(r"^\(\d{1,2}\)\s")


def list_tasks(root: Node, splitter: UnitSplitter) -> list[TaskDraft]:
    """Return the tasks of a list-style task section: its leaf items (or paragraphs when it has no items).

    Under a heading that names a body ("1. Sở Y tế", "Đối với giáo viên") each item, or each paragraph when the
    heading has no items, is a task that body carries out.
    """
    drafts: list[TaskDraft] = []
    probe = TimeContext(2000)
    per_body = root.kind == IMPLEMENTATION

    def add(
        text: str,
        label: str | None,
        group: str | None,
        timing: str | None,
        line: int,
        owner: tuple[str | None, list[str]],
        heading_owner: bool = False,
    ) -> None:
        content, lead, units, own_timing = labelled_fields(text, splitter)
        if lead is None and not units:
            lead, units = owner[0], list(owner[1])
            if lead is not None:
                # "Chủ trì, phối hợp với Sở Tư pháp … tổ chức …", else the partners of the heading's intro line.
                units = partners(content, splitter) or list(owner[1])
            elif units and heading_owner:
                # "Tổ văn phòng và nhân viên" / "Tổ văn phòng … phối hợp với Ban Giám hiệu …": the heading's bodies,
                # then the item's own partners (checklists' B17).
                units += [u for u in partners(content, splitter) if u not in units]
        drafts.append(
            TaskDraft(
                label,
                collapse(content),
                lead,
                units,
                own_timing or timing,
                group,
                line,
                timing_from_heading=not own_timing and timing is not None,
            )
        )

    def visit(
        node: Node, group: str | None, timing: str | None, owner: tuple[str | None, list[str]], by_body: bool = per_body
    ) -> None:
        # Siblings that mostly name bodies ("2.1. Sở Tài chính", "2.2. Công an tỉnh" …) make a per-body list.
        plural = sum(1 for c in node.nodes if body_heading(c.text, splitter)[0] is not None) >= 2
        outer = owner
        for child in node.children:
            if not isinstance(child, Node):
                if child.kind == "para" and _plain_heading(child.text):
                    lead, units = _heading_body(child.text, splitter)
                    if lead or units:
                        # A body named on a line of its own over the bullets that follow it.
                        owner, group = (lead, units), child.text.rstrip(" :")
                    else:
                        owner = outer
                continue
            if child.kind is not None and not (
                child.kind == REPORTS and child.block is not None and child.block.mtype in ("dash", "plus", "dot")
            ):
                continue  # a sub-section of another kind (or its own task section) is handled on its own
            assert child.block is not None
            if not child.children and len(child.text.split()) <= 8 and is_caps_heading(child.text.rstrip(" :")):
                # "1. TRỌNG TÂM CÔNG TÁC" then "2. …", "3. …": a page's list markup renumbered a heading with the
                # items it heads; in capitals and empty, it is their group, not a task.
                group = child.block.heading
                continue
            lead, units, rest = body_heading(child.text, splitter, by_body, plural)
            named = (lead, units) if (lead or units) else owner
            if child.nodes and (lead is not None or units or not _is_detail_parent(child)) and not _owns_fields(child):
                intro = [p.text for p in child.paragraphs if p.kind == "para"]
                if lead is not None and intro:
                    # "3. Sở X" / "Chủ trì, phối hợp với các cơ quan có liên quan tham mưu …:" / "a) …": partners
                    # named once for all the items under the heading.
                    named = (lead, partners(" ".join(intro), splitter))
                # Under "1. Nhiệm vụ của thành viên Ban Chỉ đạo" every sub-heading names a member.
                visit(
                    child,
                    child.block.heading,
                    _timing_heading(child, probe) or timing,
                    named,
                    by_body or bool(_DUTIES_OF.match(fold(child.text))),
                )
                continue
            paragraphs = [p for p in child.paragraphs if p.kind == "para"]
            label = child.block.label if child.block.mtype not in ("dash", "plus", "dot") else None
            if (lead or units) and not child.nodes and (paragraphs or rest):
                # "1. Đối với Ban Giám hiệu" then paragraphs, or "3. Sở GD&ĐT: Căn cứ …": the body's own tasks.
                if rest:
                    add(" ".join([rest] + [p.text for p in paragraphs]), label, group, timing, child.block.line, named)
                else:
                    for para in paragraphs:
                        add(para.text, None, child.block.heading, timing, para.line, named)
                continue
            parts = [child.text] + [p.text for p in child.paragraphs if p.kind != "row"]
            parts += [n.full_text() for n in child.nodes]
            add(" ".join(parts), label, group, timing, child.block.line, owner)

    visit(root, root.block.heading if root.block else None, None, (None, []))
    if not drafts and not root.nodes:
        paragraphs: list[Block] = []
        for para in root.paragraphs:
            if para.kind != "para":
                continue
            if paragraphs and _ENUMERATED.match(para.text) and paragraphs[-1].text.rstrip().endswith((":", ";")):
                # "… bằng các chỉ tiêu cụ thể như sau:" / "(1) 100% …;" / "(2) …": the numbered targets complete
                # the sentence above; they are not tasks of their own.
                paragraphs[-1] = Block(paragraphs[-1].line, f"{paragraphs[-1].text} {para.text}", "para")
                continue
            paragraphs.append(para)
        group = root.block.heading if root.block else None
        owner: tuple[str | None, list[str]] = (None, [])
        for index, para in enumerate(paragraphs):
            following = paragraphs[index + 1].text if index + 1 < len(paragraphs) else None
            if following is not None and _plain_heading(para.text) and _opens_paragraphs(para.text, following):
                if classify_heading(para.text) is not None:
                    break  # "Chế độ báo cáo": the rest of the section is of another kind
                group = para.text.rstrip(" :")
                owner = _heading_body(para.text, splitter)
                continue
            add(para.text, None, group, None, para.line, owner, heading_owner=True)
    return drafts


# A heading written as a plain line when a copy lost its numbering: short, no closing punctuation.
def _plain_heading(text: str) -> bool:
    stripped = text.strip()
    return (
        2 <= len(stripped.split()) <= 16
        and stripped[:1].isupper()
        and not stripped.endswith((".", ";", ",", "!", "?", "…"))
        and not _ENUMERATED.match(stripped)
    )


def _opens_paragraphs(text: str, following: str) -> bool:
    """Return True when the line is followed by a sentence longer than itself (the paragraphs it heads)."""
    return following.rstrip().endswith((".", ";", ":")) or len(following.split()) > len(text.split()) + 4


def _heading_body(text: str, splitter: UnitSplitter) -> tuple[str | None, list[str]]:
    """Return the body a heading line names: one → lead; "Tổ chuyên môn và giáo viên" → no lead, both units."""
    lead, units, _ = body_heading(text.rstrip(" :"), splitter)
    if lead is not None and " và " in lead:
        parts = lead.split(" và ")
        if all(_BODY_WORD.match(fold(part) + " ") for part in parts):
            return None, [p[:1].upper() + p[1:] for p in parts]
    return lead, units


def region_rows(node: Node) -> list[Block]:
    """Return the rows (and paragraphs between rows) of the task region, stopping at other sections."""
    items: list[Block] = []
    for child in node.children:
        if isinstance(child, Node):
            if child.kind is None:
                items.extend(region_rows(child))
        else:
            items.append(child)
    rows = [i for i, b in enumerate(items) if b.kind == "row"]
    if not rows:
        return []
    return items[rows[0] : rows[-1] + 1]


def table_tasks(node: Node, splitter: UnitSplitter, warnings: Warnings) -> list[TaskDraft]:
    """Return the tasks of the table(s) under a task section."""
    reader = TableReader(splitter, warnings, node.block.heading if node.block else None)
    for block in region_rows(node):
        reader.add(block)
    return reader.drafts()


def section_tasks(node: Node, splitter: UnitSplitter, warnings: Warnings) -> list[TaskDraft]:
    """Return the tasks of one task section, from its table when it has one, else from its list."""
    if region_rows(node):
        return table_tasks(node, splitter, warnings)
    return list_tasks(node, splitter)


# Headings of a "Nội dung" section that restates a programme rather than assigning work: its targets and vision,
# the portfolio of projects, land use, capital and resources (a plan carrying out an approved Quy hoạch).
_RESTATES = re.compile(
    r"^(?:muc tieu|tam nhin|quan diem|dinh huong|chi tieu|cac chuong trinh, du an|danh muc (?:cac )?(?:chuong trinh|du an)|"
    r"(?:ke hoach|phuong an|quy hoach) su dung dat|nhu cau (?:von|su dung)|nguon luc|nguon von|von dau tu|"
    r"phuong an phat trien|khai toan)\b"
)


def restates_programme(node: Node) -> bool:
    """Return True when every heading under a task section names targets, projects, land or capital (2 or more)."""
    headings = [child for child in node.nodes if child.nodes or len(child.text.split()) <= 16]
    return (
        len(headings) >= 2
        and len(headings) == len(node.nodes)
        and all(_RESTATES.match(fold(child.text).strip()) for child in headings)
    )


# "Triển khai … 08 nhóm giải pháp đã được đề ra tại Quyết định số 991/QĐ-TTg": a section that only refers the
# reader to another document's solutions.
_POINTER = re.compile(r"\b(?:tai|theo)\s+(?:quyet dinh|nghi quyet|ke hoach|chuong trinh|de an|chi thi)\s+(?:so\s+)?\d")


def _points_elsewhere(node: Node) -> bool:
    paragraphs = [b for b in node.paragraphs if b.kind == "para"]
    return not node.nodes and len(paragraphs) == 1 and bool(_POINTER.search(fold(paragraphs[0].text)))


_SOLUTIONS = re.compile(r"^(?:cac |nhom )?giai phap\b")


def _named_work_sections(root: Node) -> list[Node]:
    """Return the top-level sections between the targets and the solutions that have no recognised name.

    A plan whose only task section is "Giải pháp" states its work under headings of its own ("III. PHÁT TRIỂN NỀN
    MÓNG KINH TẾ SỐ", "IV. PHÁT TRIỂN … NGÀNH, LĨNH VỰC") after "Mục tiêu" and before "Giải pháp".
    """
    tops = root.nodes
    targets = [i for i, n in enumerate(tops) if n.kind in (PURPOSES, REQUIREMENTS)]
    work = [i for i, n in enumerate(tops) if n.kind in (TASKS, IMPLEMENTATION)]
    if not targets or not work:
        return []
    between = tops[targets[-1] + 1 : work[0]]
    return [
        n
        for n in between
        if n.kind is None
        and n.nodes
        and n.block is not None
        and n.block.mtype == "roman"
        and not _RESTATES.match(fold(n.text))
    ]  # "CHỈ TIÊU XUẤT KHẨU ĐẾN NĂM 2030" lists targets


def task_sections(root: Node) -> list[Node]:
    """Return the sections classified as tasks, in document order.

    A "Nội dung" section that only restates a programme (targets, projects, land, capital) holds no work to
    assign; when that leaves no task section, the per-body items of "Tổ chức thực hiện" are the plan's work
    (checklists' B7: a plan carrying out an approved Quy hoạch assigns it there).
    """
    sections = [n for n in root.walk()[1:] if n.kind == TASKS]
    kept = [n for n in sections if not restates_programme(n) and not _points_elsewhere(n)]
    if kept and all(_SOLUTIONS.match(fold(n.text)) for n in kept):
        kept = _named_work_sections(root) + kept
    if kept and all(_ASSIGNMENT.match(fold(n.text)) for n in kept):
        # "II. NHIỆM VỤ TRỌNG TÂM" then "III. PHÂN CÔNG TRÁCH NHIỆM": the priority tasks are the plan's work and the
        # assignment by unit comes on top of them (checklists' A23).
        focus = [n for n in _focus_sections(root) if n not in kept]
        kept = sorted(focus + kept, key=lambda n: n.block.line if n.block else 0)
    if kept:
        return kept
    if not sections:
        return _sections_without_task_heading(root)
    return [n for n in root.walk()[1:] if n.kind == IMPLEMENTATION and n.nodes][:1]


_ASSIGNMENT = re.compile(r"^phan cong (?:nhiem vu|trach nhiem)\b")


def _focus_sections(root: Node) -> list[Node]:
    return [
        n
        for n in root.walk()[1:]
        if n.kind == REGULAR and FOCUS_HEADING.match(fold(n.text)) and (n.nodes or n.paragraphs)
    ]


def _sections_without_task_heading(root: Node) -> list[Node]:
    """Return where the work is written in a plan that has no section named as its tasks.

    In order: the priority tasks ("II. NHIỆM VỤ TRỌNG TÂM", "TRỌNG TÂM CÔNG TÁC"), which beside a "Nhiệm vụ cụ thể"
    section are only the general lines (as 03) but alone are the task list; the duties of each unit under
    "Tổ chức thực hiện" ("3. Nhiệm vụ của các đơn vị"), the plan's only assignment of work (checklists' A21);
    and a school's short plan that is nothing but its list, directly under the title or under period headings
    ("1. Tổ chức sơ kết tháng 11 …", "QUÝ III/2021 (Tháng 7 – 9)" then items).
    """
    nodes = root.walk()[1:]
    focus = _focus_sections(root)
    if focus:
        return focus
    duties = [
        kid
        for n in nodes
        if n.kind == IMPLEMENTATION
        for kid in n.nodes
        if _DUTIES_OF.match(fold(kid.text)) and (kid.nodes or kid.paragraphs)
    ]
    if duties:
        return duties[:1]
    tops = root.nodes
    listed = bool(tops) and all(
        n.block is not None and n.block.kind == "item" and (n.block.mtype == "label" or len(n.text.split()) >= 5)
        for n in tops
    )  # sentences of work or period headings, not the headings of a description ("I. Học sinh")
    tabled = any(b.kind == "row" for n in nodes for b in n.paragraphs) or any(b.kind == "row" for b in root.paragraphs)
    if listed and not tabled and all(n.kind is None for n in nodes) and (len(tops) >= 2 or len(tops[0].nodes) >= 2):
        return [root]
    # "1/ Sinh hoạt chủ điểm trong tháng:" or "II HÌNH THỨC THỰC HIỆN" over bullets of work, beside the month's theme
    # and songs: a heading of its own words whose items are sentences of work.
    return [n for n in tops if n.kind is None and len(n.nodes) >= 2 and _mostly_work(n.nodes)]


def _mostly_work(items: list[Node]) -> bool:
    """Return True when most items read as work to do, not "Khối 1: Con ngoan" labels or sub-headings."""
    work = [n for n in items if len(n.text.split()) >= 4 and ":" not in " ".join(n.text.split()[:3]) and not n.kind]
    return len(work) >= 0.6 * len(items)


def appendix_tasks(lines: list[str], start: int, splitter: UnitSplitter) -> list[TaskDraft]:
    """Return the tasks of the task tables in an appendix after the signature ("Phụ lục: danh mục nhiệm vụ").

    Only a table whose header names the work and who or when (content and a lead, units or timing column) is
    a task list; a table of criteria, targets or staff is not.
    """
    blocks = build_blocks(lines[start:], start + 1, wrapped=False).blocks
    drafts: list[TaskDraft] = []
    reader: TableReader | None = None
    caption: str | None = None

    def flush() -> None:
        if (
            reader is not None
            and reader.roles
            and "content" in reader.roles
            and ({"lead", "units", "timing"} & set(reader.roles))
        ):
            drafts.extend(reader.drafts())

    for block in blocks:
        if block.kind == "row":
            if reader is None:
                reader = TableReader(splitter, Warnings(), caption)
            reader.add(block)
            continue
        flush()
        reader = None
        caption = block.text if block.kind in ("caps", "para") and len(block.text) < 200 else caption
    flush()
    return drafts
