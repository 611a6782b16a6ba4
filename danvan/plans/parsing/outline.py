"""Build the heading/list tree of the body and classify its sections (purposes, tasks, implementation …)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block
from .textnorm import fold

PURPOSES, REQUIREMENTS, REGULAR, TASKS, IMPLEMENTATION = (
    "purposes",
    "requirements",
    "regular_tasks",
    "tasks",
    "implementation",
)
REPORTS, OTHER = "reports", "other"

# Patterns run on the folded heading text (no diacritics, lower case), anchored at its start.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (PURPOSES, re.compile(r"^(?:muc dich|muc tieu)\b")),
    (REQUIREMENTS, re.compile(r"^yeu cau\b")),
    (REGULAR, re.compile(r"^(?:cac )?nhiem vu (?:thuong xuyen|chung|trong tam|chu yeu)\b|^trong tam cong tac\b")),
    (
        TASKS,
        re.compile(
            r"^(?:cac )?nhiem vu(?: va giai phap| giai phap|, giai phap)?(?: cu the| trong tam cu the)?\s*$"
            r"|^(?:cac )?nhiem vu cu the\b|^noi dung\b|^(?:cac )?(?:nhiem vu|giai phap)(?:,| va) (?:nhiem vu|giai phap)\b"
            r"|^(?:lich trinh|tien do thuc hien|ke hoach cu the|cac hoat dong|hoat dong cu the|chuong trinh cong tac)\b"
            r"|^(?:thoi gian va noi dung|noi dung va thoi gian|phan cong nhiem vu)\b|^(?:cac )?nhiem vu(?:,| va) phan cong\b"
            r"|^(?:cac )?nhiem vu(?:,| va) bien phap\b|^cac noi dung\b|^(?:cac )?cong viec (?:cu the|trong tam)\b"
            r"|^(?:cac )?bien phap thuc hien\s*$|^(?:cac |nhom )?giai phap\b"
            # "III. PHÂN CÔNG TRÁCH NHIỆM" (a school's per-body duties)
            r"|^phan cong trach nhiem\s*$"
        ),
    ),
    (IMPLEMENTATION, re.compile(r"^(?:to chuc thuc hien|trach nhiem (?:to chuc )?thuc hien|phan cong thuc hien)\b")),
    (REPORTS, re.compile(r"^(?:(?:cong tac|che do)\s+)?(?:thong tin\s+)?bao cao\b|^che do\b")),
    # Criteria, ranking rules and scoring of an emulation plan are not work to assign (checklists' A14).
    (
        OTHER,
        re.compile(
            r"^(?:thoi gian|kinh phi|dia diem|doi tuong|pham vi|thanh phan|to chuc khen thuong|"
            r"tieu chi (?:danh gia|thi dua|xep loai|cham diem)|cach thuc (?:xep hang|xep loai|danh gia|cham)|"
            r"thang diem|xep hang thi dua|hinh thuc khen thuong|co cau giai thuong|"
            # the year's motto or the month's theme, and a review of the past month ("Đánh giá công tác tháng 9")
            r"chu de nam hoc|chu diem|dac diem tinh hinh|thuc trang)\b"
            r"|^(?:danh gia|tinh hinh|ket qua)\b[^.;:]{0,60}\b(?:thang|quy)\s+(?:\d|[ivx]+\b)"
        ),
    ),
)


@dataclass
class Node:
    """A heading or list item with what is written under it, in document order."""

    block: Block | None
    children: list[Node | Block] = field(default_factory=list)
    parent: Node | None = None
    kind: str | None = None

    @property
    def text(self) -> str:
        """Return the item's own text (without marker)."""
        return self.block.text if self.block else ""

    @property
    def nodes(self) -> list[Node]:
        """Return the child items."""
        return [c for c in self.children if isinstance(c, Node)]

    @property
    def paragraphs(self) -> list[Block]:
        """Return the unnumbered paragraphs and rows directly under the item."""
        return [c for c in self.children if isinstance(c, Block)]

    def walk(self) -> list[Node]:
        """Return this node and all descendants, depth first."""
        out = [self]
        for child in self.nodes:
            out.extend(child.walk())
        return out

    def full_text(self) -> str:
        """Return the item's text followed by everything under it."""
        parts = [self.block.text] if self.block else []
        for child in self.children:
            parts.append(child.full_text() if isinstance(child, Node) else child.text)
        return " ".join(p for p in parts if p)


def _same_level(existing: Block, new: Block) -> bool:
    if new.mtype in ("roman", "caps") or new.kind == "caps":
        return True
    if new.mtype == "label" and existing.mtype in ("dash", "plus", "dot"):
        return True  # "Tổ Công nghệ Thông tin:" after bullets heads the next ones, it does not belong to a bullet
    if existing.mtype == new.mtype:
        return True
    # "3." closes "2.1." and "2.1.1." even when other list types were opened inside them.
    old, fresh = _decimal_depth(existing.mtype), _decimal_depth(new.mtype)
    if old and fresh:
        return old >= fresh
    return False


def _decimal_depth(mtype: str | None) -> int:
    return int(mtype[1:]) if mtype and len(mtype) == 2 and mtype[0] == "d" and mtype[1].isdigit() else 0


def build_tree(blocks: list[Block]) -> Node:
    """Nest items by marker type in order of first appearance, as a reader of the document would."""
    root = Node(None)
    stack: list[Node] = []
    for block in blocks:
        if block.kind in ("item", "caps"):
            for index, node in enumerate(stack):
                assert node.block is not None
                if _same_level(node.block, block):
                    del stack[index:]
                    break
            parent = stack[-1] if stack else root
            node = Node(block, parent=parent)
            parent.children.append(node)
            stack.append(node)
        else:
            (stack[-1] if stack else root).children.append(block)
    return root


def classify_heading(text: str) -> str | None:
    """Return the section kind a heading names, or None."""
    if len(text) > 160:
        return None
    folded = fold(text).strip(" .:;")
    for kind, pattern in _KINDS:
        if pattern.search(folded):
            return kind
    return None


# "II. Kế hoạch công tác tháng 10/2019" after "I. Đánh giá công tác tháng 9": the numbered part of a monthly plan
# that lists the month's work (a line in capitals "KẾ HOẠCH HOẠT ĐỘNG …" is the document's own title).
_PLAN_PART = re.compile(r"^ke hoach (?:cong tac|hoat dong)\b")


def classify(root: Node) -> None:
    """Set `kind` on every item whose own text is a recognised section heading."""
    for node in root.walk()[1:]:
        words = len(node.text.split())
        if node.children or words <= 14 or ":" in node.text[:60]:
            heading = node.text.split(":")[0] if not node.children else node.text
            node.kind = classify_heading(heading)
            numbered = node.block is not None and node.block.mtype in ("roman", "upper", "d1")
            if node.kind is None and numbered and node.children and _PLAN_PART.match(fold(heading)):
                node.kind = TASKS
        # A leaf sentence ("Báo cáo kết quả …") is an item, not a section heading.
        sectional = (PURPOSES, REQUIREMENTS, REGULAR, TASKS, IMPLEMENTATION, REPORTS)
        if node.kind in sectional and not node.children and words > 8:
            node.kind = None
        if node.kind == REPORTS and not node.children and words > 5:
            node.kind = None
        if node.kind == REGULAR and _under(node, TASKS) and FOCUS_HEADING.match(fold(node.text)):
            # "I - NHIỆM VỤ" → "1. Nhiệm vụ trọng tâm" → "1.1 …": inside the task section the priority tasks are
            # tasks; routine duties ("Nhiệm vụ thường xuyên") stay the regular section, as in the seed.
            node.kind = None


FOCUS_HEADING = re.compile(r"^(?:cac )?nhiem vu (?:trong tam|chu yeu)\b|^trong tam cong tac\b")


def _under(node: Node, kind: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.kind == kind:
            return True
        parent = parent.parent
    return False
