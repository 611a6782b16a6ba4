"""Find cited documents (numbers, dates, issuers, titles) and choose the plan's parent document."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .dates import DATE_RE, iso, match_to_date
from .textnorm import collapse, fold

# Number, optional year, then symbol groups joined by "/" or "-": 23-QĐ/TW, 26/CT-UBND, 55/2011/NĐ-CP,
# 1115/SGD&ĐT-KTKĐCLGD. The look-behind refuses digits glued to a word, so a footnote marker ("GD&ĐT1.") or
# a date part never starts a number.
_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
# "225 - KH/TWĐTN-CTTN": spaces around the hyphen after the number. "98/KH-THCS DC", "28/2026/TT-BGD ĐT ngày …":
# a converter split the last group; two or three capitals that end the line or come before "ngày" (or a comma,
# semicolon, bracket) still belong to it.
_SPLIT_TAIL = r"(?:\s(?!(?:VÀ|VỀ|CỦA|SỐ|TẠI|CHO|NĂM|MỚI)\b)[" + _UPPER + r"]{2,3}(?=\s*$|\s+ng[àa]y\b|\s*[,;)]))?"
# A school's own suffix after a dot stays part of the symbol ("125/KH-THPT.NK") when it is in capitals.
_SUFFIX = r"\.[" + _UPPER + r"][" + _UPPER + r"0-9&]*(?![\w&])"
DOC_NUMBER_RE = re.compile(
    r"(?<![\w/.\-&])(?P<num>\d{1,5}(?:/\d{4,5})?)(?P<sep>\s?/|\s?-)\s?"
    rf"(?P<sym>[^\W\d_][\w&]*(?:\s?[/\-]\s?[^\W\d_][\w&]*|{_SUFFIX})*{_SPLIT_TAIL})",
    re.MULTILINE,
)
# Party and mass-organisation numbers sometimes lose their hyphen: "Kế hoạch số 298 KH/TWĐTN".
SPACED_NUMBER_RE = re.compile(
    r"(?<=\b[Ss]ố\s)(?P<num>\d{1,5}) (?P<sym>(?:KH|QĐ|CT|NQ|TB|HD|BC|KL|QC|CTr|HĐ|CV)/[" + _UPPER + r"][\w&]*"
    r"(?:[/\-][^\W\d_][\w&]*)*)"
)
BLANK_NUMBER_RE = re.compile(r"^[\s.…_]*[/\-]\s*[^\W\d_]")

_TYPES = {
    "ke hoach": "Kế hoạch",
    "cong van": "Công văn",
    "quyet dinh": "Quyết định",
    "chi thi": "Chỉ thị",
    "nghi quyet": "Nghị quyết",
    "nghi dinh": "Nghị định",
    "thong tu lien tich": "Thông tư liên tịch",
    "thong tu": "Thông tư",
    "huong dan": "Hướng dẫn",
    "van ban": "Văn bản",
    "thong bao": "Thông báo",
    "chuong trinh": "Chương trình",
    "luat": "Luật",
    "quy dinh": "Quy định",
    "ket luan": "Kết luận",
    "de an": "Đề án",
    "cong dien": "Công điện",
    "quy che": "Quy chế",
}
_TYPE_RE = re.compile(r"\b(" + "|".join(sorted(_TYPES, key=len, reverse=True)) + r")\b")
# Type from the symbol when no type word is written (Phụ lục III of Nghị định 30/2020 abbreviations).
_SYMBOL_TYPES = {
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "NQ": "Nghị quyết",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "CTr": "Chương trình",
    "CV": "Công văn",
    "QyĐ": "Quy định",
    "KL": "Kết luận",
    "ĐA": "Đề án",
    "QC": "Quy chế",
}
# "Căn công văn …", "Căn vào công văn số …": "cứ" dropped by a converter, still a basis ("can cu").
_INTRO_RE = re.compile(
    r"(?:^|[;:.]\s*)(tiep tuc thuc hien|thuc hien chi dao|thuc hien|trien khai|can cu|theo|"
    r"can(?= (?:vao )?(?:cong van|ke hoach|quyet dinh|huong dan|chi thi|nghi quyet|thong tu|van ban)\b))\b"
)
_ISSUER_STOP = re.compile(
    r"\s+(?:về|ban hành|phê duyệt|hướng dẫn|quy định|triển khai|thực hiện|v/v|trong|đã|tại|đến|cho|nhằm|với|theo|năm học|"
    r"và\s+(?:Thông tư|Quyết định|Công văn|Kế hoạch|Chỉ thị|Nghị|Văn bản|Hướng dẫn))\b|[,;:(“\"”.]",
    re.IGNORECASE,
)
# ", trường X xây dựng kế hoạch …" after a cited title is the plan's own sentence, not the title.
_BUILDS_TAIL = re.compile(r",\s*[^,]{0,80}?\s(?:xây dựng|ban hành|lập)\s+(?:kế hoạch|chương trình)\b.*$", re.IGNORECASE)
_SUBJECT_OF = re.compile(r"\b(?:ve|ve viec|thuc hien|trien khai|huong dan|sua doi|quy dinh)\b")
# "… Thông tri số 02-TT/TU … về … và hướng dẫn của Bộ Nội vụ tại Công văn số 8935/…": a second document of another
# issuer joined by "và", not one cited inside the first one's subject.
_COORDINATED = re.compile(r"\bva\s+[^;]{0,40}\bcua\b[^;]{0,60}$")
_OF_RE = re.compile(r"^\s*\)?\s*,?\s*(?:của|do)\s+", re.IGNORECASE)
_TITLE_RE = re.compile(
    r"^\s*(?:ban hành\s+)?(?:về việc|về|v/v)?\s*[“\"]?\s*(?:về việc\s+|về\s+)?(?P<t>[^;“”\"]{3,200})", re.IGNORECASE
)


_TITLE_LEAD_RE = re.compile(r"^\s*(?:ban hành\s+)?(?:về việc|về|v/v)?\s*", re.IGNORECASE)
_OPEN, _CLOSE = "“", "”"
_NEXT_CITATION_RE = re.compile(
    r"[\s,]*(?:\bvà\s+)?(?:" + "|".join(sorted(_TYPES.values(), key=len, reverse=True)) + r")?\s*(?:số)?\s*$",
    re.IGNORECASE,
)


def _clause(text: str) -> str:
    """Return the text up to the end of the citation's clause: a ";", a table cell's end (tab, line break) or
    the next cited document's number."""
    stop = re.search(r"[;\t\n]", text)
    end = stop.start() if stop else len(text)
    numbers = find_numbers(text[:end])
    if numbers:
        # "… về X và Quyết định số 5-QĐ/TU": the next citation's type words are not part of this title.
        return _NEXT_CITATION_RE.sub("", text[: numbers[0].start()])
    return text[:end]


def _unquote(text: str) -> str:
    """Drop the curly quotes that do not pair up (a closing one without its opening, or the reverse)."""
    keep = [True] * len(text)
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch == _OPEN:
            opened.append(i)
        elif ch == _CLOSE:
            if opened:
                opened.pop()
            else:
                keep[i] = False
    for i in opened:
        keep[i] = False
    return re.sub(r"\s{2,}", " ", "".join(ch for ch, k in zip(text, keep, strict=True) if k)).strip()


def cited_title(text: str) -> str | None:
    """Return the title written after a cited document's issuer ("… về “X”", "ban hành “X”", "về X “Y” Z").

    The title keeps the quotation marks inside it (Chỉ thị 15-CT/TU "về … theo phương châm “dân biết, dân bàn
    …”"); a title in quotes runs to its closing quote, or, when the quotes of the text do not pair up
    (“… xử lý” “điểm nóng”, … Thành phố”), to the last closing quote of the clause.
    """
    clause = _clause(text)
    lead = _TITLE_LEAD_RE.match(clause)
    body = clause[lead.end() if lead else 0 :]
    if body.startswith(('"',)):
        inner = body[1:]
        stop = inner.find('"')
        title = inner[:stop] if stop >= 0 else inner
    elif body.startswith(_OPEN):
        depth, end = 0, None
        for i, ch in enumerate(body):
            depth += 1 if ch == _OPEN else -1 if ch == _CLOSE else 0
            if depth == 0 and ch == _CLOSE:
                end = i
                break
        if end is not None:
            after = body[end + 1 :]
            if after.count(_CLOSE) > after.count(_OPEN):
                end = end + 1 + after.rfind(_CLOSE)
        title = body[1:end] if end is not None else body[1:]
        title = re.sub(r"^\s*(?:về việc|về)\s+", "", title, flags=re.IGNORECASE)
    else:
        # Unquoted: to the end of the clause, through quoted phrases ("theo phương châm “dân biết, …”").
        m = re.match(r"[^;“”\"]*(?:(?:“[^;“”]*”|\"[^;\"]*\")[^;“”\"]*)*", body)
        title = m.group(0) if m else ""
    title = _BUILDS_TAIL.split(_unquote(collapse(title)))[0].rstrip(" ,.")
    if len(title) < 3:
        return None
    return title[:300]


@dataclass
class Reference:
    """One cited document."""

    number: str
    date: str | None
    issuer: str | None
    title: str | None
    type: str | None
    intro: str | None
    line: int
    # Cited inside the subject of the document cited just before it in the same clause ("Kế hoạch số 283/KH-UBND
    # … về thực hiện Nghị quyết số 71/NQ-CP …"): that document's basis, not this plan's.
    nested: bool = False
    # What the text says the document is about, to the end of its clause (numbers of other documents included).
    about: str = ""

    def as_dict(self) -> dict[str, str | None]:
        """Return the public form of the reference."""
        return {"number": self.number, "date": self.date, "issuer": self.issuer, "title": self.title}


def is_document_symbol(symbol: str, *, with_year: bool = False) -> bool:
    """Accept a symbol only when its groups look like abbreviations (upper-case start, mostly capitals).

    One group is enough after a year ("10/2022/QH15"); otherwise a type and a body are needed ("26/CT-UBND").
    """
    groups = [g for g in re.split(r"\s?[/\-]\s?", symbol) if g]
    if len(groups) < (1 if with_year else 2) or not all(g[0].isupper() for g in groups):
        return False
    letters = [c for g in groups for c in g if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    return upper * 2 >= len(letters) and any(len(g) >= 2 for g in groups)


def normalise_number(match: re.Match[str]) -> str:
    """Return the number as written without the spaces a line break or typo left inside it."""
    if match.re is SPACED_NUMBER_RE:
        return f"{match.group('num')} {match.group('sym')}"
    return re.sub(r"\s+", "", match.group(0))


# "công văn số 97/LĐLĐ": an official letter numbered with its issuer's code alone (no type group in the symbol).
_LETTER_BEFORE = re.compile(r"\b(?:cong van|van ban)\s+so\s*:?\s*$")


def find_numbers(text: str) -> list[re.Match[str]]:
    """Return the document-number matches in text, in order."""
    found = [
        m
        for m in DOC_NUMBER_RE.finditer(text)
        if is_document_symbol(m.group("sym"), with_year="/" in m.group("num"))
        or (
            is_document_symbol(m.group("sym"), with_year=True)
            and _LETTER_BEFORE.search(fold(text[max(0, m.start() - 30) : m.start()]))
        )
    ]
    if "số" in text or "Số" in text:
        spaced = [
            m
            for m in SPACED_NUMBER_RE.finditer(text)
            if not any(f.start() < m.end() and m.start() < f.end() for f in found)
        ]
        if spaced:
            found = sorted(found + spaced, key=lambda m: m.start())
    return found


def _type_before(folded: str, start: int) -> tuple[str | None, int]:
    window_start = max(0, start - 160)
    window = folded[window_start:start]
    # Stay inside the clause: a type word before the last ";" belongs to another citation.
    cut = max(window.rfind(";"), window.rfind(". "))
    if cut >= 0:
        window_start += cut + 1
        window = folded[window_start:start]
    found = None
    for found in _TYPE_RE.finditer(window):  # noqa: B007 - keep the last match
        pass
    if found is None:
        return None, start
    return _TYPES[found.group(1)], window_start + found.start()


def _type_from_symbol(symbol: str) -> str | None:
    for group in re.split(r"[/\-]", symbol):
        if group in _SYMBOL_TYPES:
            return _SYMBOL_TYPES[group]
    return None


def _issuer_after(text: str) -> tuple[str | None, int]:
    of = _OF_RE.match(text)
    if not of:
        return None, 0
    rest = text[of.end() :]
    stop = _ISSUER_STOP.search(rest)
    issuer = rest[: stop.start()] if stop else rest
    issuer = collapse(issuer)[:100].strip(" -")
    if not issuer or not issuer[0].isalpha():
        return None, 0
    return issuer, of.end() + len(issuer)


def references_in(text: str, line: int, intro_default: str | None = None) -> list[Reference]:
    """Return every cited document in one paragraph."""
    refs: list[Reference] = []
    if not any(ch.isdigit() for ch in text):
        return refs
    folded = fold(text)
    previous_end: int | None = None
    nested = False
    for match in find_numbers(text):
        between = folded[previous_end : match.start()] if previous_end is not None else ""
        if previous_end is None or ";" in between or re.search(r"[.:]\s", between):
            nested = False
        elif _SUBJECT_OF.search(between) and not _COORDINATED.search(between):
            nested = True
        previous_end = match.end()
        number = normalise_number(match)
        after = text[match.end() :]
        date = None
        date_match = DATE_RE.search(after[:40])
        # "(Nghị quyết số 163/2024/QH15), Nghị quyết số 50/NQ-CP ngày 13/3/2025 …": a date past the next cited
        # number is that one's.
        if (
            date_match
            and not re.search(r"[;]", after[: date_match.start()])
            and not (find_numbers(after[: date_match.start()]))
        ):
            date = iso(match_to_date(date_match))
            after_date = after[date_match.end() :]
        else:
            after_date = after
        issuer, consumed = _issuer_after(after_date)
        doc_type, type_pos = _type_before(folded, match.start())
        title = None
        if issuer:
            rest = after_date[consumed:]
            if re.match(r"\s*(?:ban hành|về|v/v|phê duyệt|[“\"])", rest, re.IGNORECASE):
                title = cited_title(rest)
        if title is None and doc_type is not None:
            # "Kế hoạch Chuyên đề: Đẩy mạnh … (số 157/KH-BGDĐT …)": the title sits between type and number.
            between = text[type_pos : match.start()]
            between = re.sub(r"\(?\s*(?:số|Số)\s*$", "", between).strip(" (:")
            if len(between.split()) > 3:
                title = collapse(between)
        if doc_type is None:
            doc_type = _type_from_symbol(match.group("sym"))
        intro = intro_default
        for intro_match in _INTRO_RE.finditer(folded[: match.start()]):
            intro = "can cu" if intro_match.group(1) == "can" else intro_match.group(1)
        tail = after_date[consumed:] if issuer else after_date
        about = re.split(r";|\.\s|\n|\t", tail, maxsplit=1)[0][:400]
        refs.append(Reference(number, date, issuer, title, doc_type, intro, line, nested, collapse(about)))
    return refs


def collect_references(paragraphs: Iterable[tuple[int, str]], exclude: Iterable[str] = ()) -> list[Reference]:
    """Return the cited documents of all paragraphs, first mention first, merged by number."""
    excluded = {fold(n) for n in exclude if n}
    seen: dict[str, Reference] = {}
    for line, text in paragraphs:
        for ref in references_in(text, line):
            key = fold(ref.number)
            if key in excluded:
                continue
            if key not in seen:
                seen[key] = ref
                continue
            known = seen[key]
            known.date = known.date or ref.date
            known.issuer = known.issuer or ref.issuer
            known.title = known.title or ref.title
            known.type = known.type or ref.type
    return list(seen.values())


# Rough rank of bodies so a superior's plan wins over a sibling's letter.
_RANKS = (
    (r"\b(bo chinh tri|ban chap hanh trung uong|trung uong|chinh phu|thu tuong|quoc hoi)\b|^bo\b", 6),
    (r"\b(ubnd tinh|uy ban nhan dan tinh|tinh uy|thanh uy|ubnd thanh pho|uy ban nhan dan thanh pho)\b|^so\b", 5),
    (r"\b(ubnd huyen|uy ban nhan dan huyen|huyen uy|quan uy|thi uy|ubnd quan)\b|^phong\b", 4),
    (r"\b(ubnd xa|uy ban nhan dan xa|dang uy|ubnd phuong)\b", 3),
    (r"^(truong|chi bo|cong doan|doan)\b", 2),
)


def body_rank(name: str | None) -> int:
    """Return a coarse administrative rank of a body's name (higher is more senior); 0 when unknown."""
    if not name:
        return 0
    folded = fold(name).strip()
    for pattern, rank in _RANKS:
        if re.search(pattern, folded):
            return rank
    return 0


# Words every plan title and cited title share; they say nothing about the subject.
_SUBJECT_STOP = frozenset(
    "ke hoach thuc hien trien khai ve viec cua va cac tren dia ban nam giai doan den cho trong voi tai so ngay thang "
    "nhung hanh phe duyet tinh thanh pho huyen xa nay theo to chuc cong tac tang cuong".split()
)
_ISSUES_PLAN = re.compile(r"^(?:ve\s+)?(?:viec\s+)?(?:ban hanh|phe duyet)\s+(?:ke hoach|chuong trinh hanh dong)\b")
_APPROVES = re.compile(r"^(?:ve\s+)?(?:viec\s+)?phe duyet\b")
# "Quyết định … ban hành Quy chế / Quy định / Điều lệ …": a decision that issues a norm is a basis, not a plan.
_ISSUES_NORM = re.compile(
    r"^(?:ve\s+)?(?:viec\s+)?ban hanh\s+(?:cac\s+)?(?:quy che|quy dinh|dieu le|quy trinh|tieu chuan|bo tieu chi|"
    r"tieu chi|danh muc|huong dan|noi quy|che do)\b"
)


# "Quyết định … ban hành (khung) Kế hoạch thời gian năm học …": the school-year calendar every school plan cites;
# a basis for the dates, not the plan being carried out.
_CALENDAR = re.compile(r"\b(?:khung\s+)?ke hoach thoi gian nam hoc\b")


# A school's level, from its name, and how guidance addressed to that level names it ("… đối với giáo dục mầm
# non", "nhiệm vụ GDTrH"): a kindergarten's plan carries out the preschool guidance, not the sector-wide directive.
_LEVELS = (
    (re.compile(r"\bmam non\b|\bmau giao\b"), re.compile(r"\bmam non\b|\bgdmn\b")),
    (re.compile(r"\btieu hoc\b"), re.compile(r"\btieu hoc\b|\bgdth\b")),
    (re.compile(r"\btrung hoc\b"), re.compile(r"\btrung hoc\b|\bgdtrh\b|\bthcs\b|\bthpt\b")),
)


_NORMS = ("Luật", "Nghị định", "Thông tư", "Thông tư liên tịch", "Quy định", "Quy chế")


def _level_of(own_key: str) -> re.Pattern[str] | None:
    return next((named for school, named in _LEVELS if school.search(own_key)), None)


def _subject_pairs(text: str | None) -> set[tuple[str, str]]:
    words = [w for w in re.findall(r"[^\W_]+", fold(text or "")) if w not in _SUBJECT_STOP]
    return set(zip(words, words[1:], strict=False))


def subject_affinity(subject: str | None, about: str | None) -> float:
    """Return the share of word pairs two subjects have in common (of the longer one's pairs), 0..1."""
    left, right = _subject_pairs(subject), _subject_pairs(about)
    common = left & right
    if len(common) < 2:
        return 0.0  # one shared pair ("chi bộ") is chance, not a subject
    return len(common) / max(len(left), len(right))


def choose_parent(
    candidates: list[Reference],
    own_issuer: str | None,
    subject: str | None = None,
    mentions: dict[str, int] | None = None,
    plan_date: str | None = None,
) -> Reference | None:
    """Choose the upstream document this plan implements.

    By general signs, each a few points: a Kế hoạch or Chương trình (or a decision issuing one) over a directive,
    over a decree or law (the school-year calendar, "Kế hoạch thời gian năm học", is a basis); cited with "Thực
    hiện"/"Triển khai"; a superior body; a subject that the plan's own title repeats (or its number in the title);
    guidance addressed to the school's own level; cited again in the body. A document cited inside another one's
    subject loses points, and so does a document of the plan's own issuer unless it is a plan.
    """
    best, best_score = None, 1.0
    own = fold(own_issuer or "")
    own_rank = body_rank(own_issuer)
    level = _level_of(body_key(own_issuer))
    for ref in candidates:
        score = 0.0
        folded_title = fold(ref.about or ref.title or "").strip()
        planned = ref.type in ("Kế hoạch", "Chương trình") or bool(_ISSUES_PLAN.match(folded_title))
        if _CALENDAR.search(folded_title):
            score -= 3
        elif planned:
            score += 4
        elif _APPROVES.match(folded_title):
            score += 2  # "phê duyệt Đề án / Chiến lược / Quy hoạch …" the plan carries out
        elif ref.type in ("Công văn", "Hướng dẫn", "Văn bản", "Chỉ thị", "Thông báo", None):
            score += 1
        elif _ISSUES_NORM.match(folded_title):
            score -= 3  # its subject (the norm's) often echoes the plan's title, yet the plan applies, not details, it
        elif ref.type in _NORMS:
            score -= 1  # legal norms are bases, not plans to carry out
        if ref.intro in ("thuc hien", "trien khai", "thuc hien chi dao"):
            score += 2
        elif ref.intro == "tiep tuc thuc hien":
            score += 1
        elif ref.intro == "can cu":
            score += 0.5  # a basis still beats nothing: the one guidance a school's plan is built on
        if ref.nested:
            score -= 3
        issuer = fold(ref.issuer or "")
        own_key, ref_key = body_key(own_issuer), body_key(ref.issuer)
        if own and issuer and (own in issuer or issuer in own or own_key in ref_key or ref_key in own_key):
            # The issuer's own plan that this one details ("Kế hoạch số 283/KH-UBND … của UBND Tỉnh") is its
            # direct parent; any other document of its own is not.
            score += 1.5 if ref.type in ("Kế hoạch", "Chương trình") else -3
        elif own_rank and body_rank(ref.issuer) > own_rank:
            score += 1
        if subject:
            if fold(ref.number) in fold(subject):
                score += 2
            score += 3 * subject_affinity(subject, ref.about or ref.title)
        if level is not None and ref.type not in _NORMS and level.search(folded_title):
            score += 1  # guidance for the school's level; a law or circular for it stays a basis
        if mentions:
            score += min(2, max(0, mentions.get(fold(ref.number), 1) - 1))
        if plan_date and ref.date:
            # A plan carries out this year's guidance; a document many years older is a standing basis.
            age = int(plan_date[:4]) - int(ref.date[:4])
            score += 1 if 0 <= age <= 1 else -1 if age >= 5 else 0
        if score > best_score:
            best, best_score = ref, score
    return best


# Abbreviations of a school's or an office's type as documents print them in the issuer's heading
# ("TRƯỜNG THPT …" for "Trường Trung học phổ thông …", "SỞ GD&ĐT" for "Sở Giáo dục và Đào tạo"),
# folded, so two spellings of one body compare equal.
BODY_ABBREVIATIONS: dict[str, str] = {
    "thpt": "trung hoc pho thong",
    "thcs": "trung hoc co so",
    "th": "tieu hoc",
    "mn": "mam non",
    "mg": "mau giao",
    "ptdtnt": "pho thong dan toc noi tru",
    "ptdtbt": "pho thong dan toc ban tru",
    "ptth": "pho thong trung hoc",
    "gdtx": "giao duc thuong xuyen",
    "gdnn": "giao duc nghe nghiep",
    "ttgdnn": "trung tam giao duc nghe nghiep",
    "ttgdtx": "trung tam giao duc thuong xuyen",
    "gd&dt": "giao duc va dao tao",
    "gddt": "giao duc va dao tao",
    "gd-dt": "giao duc va dao tao",
    "ubnd": "uy ban nhan dan",
    "tp": "thanh pho",
    "tp.": "thanh pho",
}
# Words a heading may add or leave out without naming another body.
_BODY_NOISE = {"truong", "so", "phong"}


def body_key(name: str | None) -> str:
    """Return a body's name folded with its type abbreviations written out ("TRƯỜNG THPT X" → "trung hoc …")."""
    words = []
    for word in fold(name or "").replace(",", " ").split():
        words.extend(BODY_ABBREVIATIONS.get(word, word).split())
    return " ".join(words)


def same_body(a: str | None, b: str | None) -> bool:
    """Return whether two names designate the same body, ignoring case, diacritics and type abbreviations.

    "TRƯỜNG THPT NGUYỄN KHUYẾN" and "Trường Trung học phổ thông Nguyễn Khuyến" are one body; a name that only
    adds the place ("Sở GD&ĐT" / "Sở Giáo dục và Đào tạo Hải Phòng") is too. Empty names are never compared.
    """
    left, right = body_key(a), body_key(b)
    if not left or not right:
        return True
    if left == right:
        return True
    lw = [w for w in left.split() if w not in _BODY_NOISE]
    rw = [w for w in right.split() if w not in _BODY_NOISE]
    if not lw or not rw:
        return False
    short, long = (lw, rw) if len(lw) <= len(rw) else (rw, lw)
    # The shorter name must appear whole inside the longer one, starting at its type ("trung hoc pho thong …").
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1)) and long[0] == short[0]
