"""Split a "responsible units" cell into units using a dictionary of school abbreviations."""

from __future__ import annotations

import re
from collections.abc import Iterable

DEFAULT_UNIT_ABBREVIATIONS: dict[str, str] = {
    "BGH": "Ban Giám hiệu",
    "Ban giám hiệu": "Ban Giám hiệu",
    "HT": "Hiệu trưởng",
    "Hiệu trưởng": "Hiệu trưởng",
    "PHT": "Phó hiệu trưởng",
    "Phó hiệu trưởng": "Phó hiệu trưởng",
    "P.HT": "Phó hiệu trưởng",
    "BCH CĐ": "Ban Chấp hành Công đoàn",
    "BCHCĐ": "Ban Chấp hành Công đoàn",
    "BCH Công đoàn": "Ban Chấp hành Công đoàn",
    "CĐ": "Công đoàn",
    "Công đoàn": "Công đoàn",
    "CTCĐ": "Chủ tịch Công đoàn",
    "BTV Đoàn": "Ban Thường vụ Đoàn",
    "BCH Đoàn": "Ban Chấp hành Đoàn",
    "BTĐT": "Bí thư Đoàn trường",
    "BT Đoàn": "Bí thư Đoàn",
    "Đoàn TN": "Đoàn Thanh niên",
    "Đoàn TNCS HCM": "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Đoàn trường": "Đoàn trường",
    "Đoàn thanh niên": "Đoàn Thanh niên",
    "Chi bộ": "Chi bộ",
    "Chi đoàn": "Chi đoàn",
    "Liên đội": "Liên đội",
    "TPT": "Tổng phụ trách Đội",
    "TPT Đội": "Tổng phụ trách Đội",
    "Tổ CM": "Tổ chuyên môn",
    "Các tổ CM": "Các tổ chuyên môn",
    "Tổ chuyên môn": "Tổ chuyên môn",
    "Các tổ chuyên môn": "Các tổ chuyên môn",
    "TTCM": "Tổ trưởng chuyên môn",
    "Tổ trưởng CM": "Tổ trưởng chuyên môn",
    "Tổ trưởng chuyên môn": "Tổ trưởng chuyên môn",
    "TPCM": "Tổ phó chuyên môn",
    "Tổ VP": "Tổ Văn phòng",
    "Tổ văn phòng": "Tổ Văn phòng",
    "VP": "Văn phòng",
    "VT": "Văn thư",
    "Văn thư": "Văn thư",
    "KT": "Kế toán",
    "Kế toán": "Kế toán",
    "TV": "Thư viện",
    "Thư viện": "Thư viện",
    "TB": "Thiết bị",
    "YT": "Y tế",
    "Y tế": "Y tế",
    "TQ": "Thủ quỹ",
    "TTND": "Thanh tra nhân dân",
    "Ban TTND": "Ban Thanh tra nhân dân",
    "BTTND": "Ban Thanh tra nhân dân",
    "GVCN": "Giáo viên chủ nhiệm",
    "GV": "Giáo viên",
    "NV": "Nhân viên",
    "CB": "Cán bộ",
    "CBGV": "Cán bộ, giáo viên",
    "CBGVNV": "Cán bộ, giáo viên, nhân viên",
    "CB, GV, NV": "Cán bộ, giáo viên, nhân viên",
    "CMHS": "Cha mẹ học sinh",
    "Ban ĐD CMHS": "Ban đại diện cha mẹ học sinh",
    "BĐD CMHS": "Ban đại diện cha mẹ học sinh",
    "HĐSP": "Hội đồng sư phạm",
    "HĐTĐKT": "Hội đồng thi đua khen thưởng",
    "HĐTĐ-KT": "Hội đồng thi đua khen thưởng",
    "TKHĐ": "Thư ký hội đồng",
    "BDV": "Ban Dân vận",
    "Ban Dân vận": "Ban Dân vận",
    "MTTQ": "Mặt trận Tổ quốc",
    "HS": "Học sinh",
    "Phó HT": "Phó hiệu trưởng",
    "P. HT": "Phó hiệu trưởng",
    "GVBM": "Giáo viên bộ môn",
    "Tổ trưởng": "Tổ trưởng",
    "Tổ phó": "Tổ phó",
    "TTr": "Tổ trưởng",
    "CT CĐ": "Chủ tịch Công đoàn",
    "Chủ tịch CĐ": "Chủ tịch Công đoàn",
    "Bí thư Chi bộ": "Bí thư Chi bộ",
    "Bí thư Đoàn": "Bí thư Đoàn",
    "Ban TTr": "Ban Thanh tra",
    "BV": "Bảo vệ",
    "Bảo vệ": "Bảo vệ",
    "CNTT": "Công nghệ thông tin",
    "Giáo viên": "Giáo viên",
    "Giáo viên chủ nhiệm": "Giáo viên chủ nhiệm",
    "Giáo viên bộ môn": "Giáo viên bộ môn",
    "Nhân viên": "Nhân viên",
    "Thủ quỹ": "Thủ quỹ",
    "Ban kiểm tra": "Ban kiểm tra",
    "Ban kiểm tra nội bộ": "Ban kiểm tra nội bộ",
    "Ban chỉ đạo": "Ban chỉ đạo",
    "Ban đại diện CMHS": "Ban đại diện cha mẹ học sinh",
    "Ban đại diện cha mẹ học sinh": "Ban đại diện cha mẹ học sinh",
    "Cha mẹ học sinh": "Cha mẹ học sinh",
    "Học sinh": "Học sinh",
    "Tổng phụ trách Đội": "Tổng phụ trách Đội",
    "Tổ CNTT": "Tổ Công nghệ thông tin",
}

# Separators between units: ";", line breaks, "+", "•", "/" and a leading dash always; commas and " - " by the
# rules in UnitSplitter.split (they also sit inside names: "Sở Văn hóa, Thể thao và Du lịch", "Tổ Toán - Tin").
_SEPARATORS = re.compile(r"\s*(?:[;\n/+•]|^[-–]\s*)\s*")
_COMMA = re.compile(r"\s*,\s*")
_HYPHEN = re.compile(r"\s+[-–]\s+")
# A lower-case piece after a comma that opens a new group of bodies ("…, các trường"), not a continuation.
_GROUP_START = re.compile(r"^(?:các|những|mọi|toàn thể|tất cả)\s", re.IGNORECASE)
# First words of a unit's name: after a known unit, a capitalised word like these starts the next unit.
_UNIT_HEAD = re.compile(
    r"^(?:bộ|ban|tổ|phòng|hội|đoàn|chi|công|trung|văn|sở|ubnd|ủy|uỷ|trường|các|liên|đội|nhóm|câu|thư|bí|chủ|phó|"
    r"hiệu|giáo|nhân|kế|thủ|y|bảo|học|cha|đại|[a-zđ]*[A-ZĐ]{2,})$"
)
# A body's type written before the field that names it: "Sở Y tế", "Trung tâm Y tế", "Phòng Văn hóa".
_BODY_TYPE = re.compile(r"^(?:sở|phòng|ban|trạm|trung|tâm|cục|vụ|viện|bệnh|hội|tổ)$")
_AND = re.compile(r"\s+(?:và|cùng)\s+")
# A capitalised body's name after "và" starts another unit ("… cơ quan báo chí và Ủy ban nhân dân xã"); the fields
# of one name do not ("Sở Khoa học và Công nghệ", "Đài Phát thanh và Truyền hình").
_NAMED_BODY = re.compile(
    r"^(?:Ủy ban|Uỷ ban|UBND|Sở|Bộ|Ban|Phòng|Đài|Báo|Trung tâm|Công an|Viện|Tổng cục|Cục|Chi cục|Hội|Đoàn|Liên đoàn|"
    r"Mặt trận|Tòa án|Toà án|Văn phòng|Thông tấn|Ngân hàng|Kho bạc|Bệnh viện)\s"
)
# A part of a school named after "và" ("các Tổ chuyên môn và bộ phận văn phòng") is a unit of its own.
_SCHOOL_PART = re.compile(r"^(?:bộ phận|tổ|nhóm)\s", re.IGNORECASE)
# Places that continue "Ủy ban nhân dân các xã, phường, …".
_PLACE_KIND = re.compile(r"^(?:xã|phường|đặc khu|thị trấn|huyện|quận|thị xã|tỉnh|thành phố|thôn|bản|tổ dân phố)\b")
_PLACES_END = re.compile(
    r"(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)\b.*(?:xã|phường|đặc khu|thị trấn|huyện|quận|thị xã|"
    r"tỉnh|thành phố)$",
    re.IGNORECASE,
)
# Kinds of state body named on their own in lists ("các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"): each is
# a unit, unlike the one-word kinds of a set phrase ("các sở, ngành", "UBND các xã, phường").
_KIND_OF_BODY = re.compile(
    r"^(?:cơ quan ngang bộ|cơ quan thuộc chính phủ|cơ quan trung ương|cơ quan chuyên môn|đơn vị sự nghiệp|"
    r"cơ quan thông tấn|cơ quan báo chí|"
    r"doanh nghiệp nhà nước|tổ chức chính trị - xã hội|hội quần chúng)\b",
    re.IGNORECASE,
)
# A qualifier after a body says how it acts, not who it is: "… trong phạm vi chức năng, nhiệm vụ của mình",
# "… theo chức năng, nhiệm vụ được giao", "… theo thẩm quyền" (dropped, checklists' A2).
_DUTY = r"(?:chức năng|nhiệm vụ|quyền hạn|thẩm quyền|lĩnh vực)"
_QUALIFIER = re.compile(
    rf",?\s+(?:trong phạm vi|theo|thuộc)\s+{_DUTY}(?:\s*(?:,|và)?\s*{_DUTY})*"
    r"(?:\s+(?:được giao|của mình|của đơn vị|quản lý|phụ trách))*(?=\s*(?:[;,.]|\svà\s|$))",
    re.IGNORECASE,
)
# "Bộ Văn hóa, Thể thao và Du lịch", "Sở Khoa học, Công nghệ và …": a body named by several fields, the last two
# joined by "và" — the comma is inside the name when the part after it names fields, not a body.
_FIELD_HEAD = re.compile(r"^(?:Bộ|Sở|Phòng|Cục|Vụ|Ban|Ủy ban|Uỷ ban|Viện|Trung tâm)\s+\S+(?:\s+\S+)?$")
_FIELDS_TAIL = re.compile(r"^[A-ZĐÀ-Ỹ]\w*(?:\s+\w+)?\s+và\s+[A-ZĐÀ-Ỹ]\w*(?:\s+\w+)?$")
_WORD_STRIP = " .:,;()[]\"“”'"
# Rank words written before a unit make one unit with it: "Phó Bí thư chi bộ", "Chủ tịch Công đoàn".
_TITLE_PREFIXES = (
    ("phó", "chủ", "tịch"),
    ("phó", "bí", "thư"),
    ("chủ", "tịch"),
    ("bí", "thư"),
    ("trưởng", "ban"),
    ("tổ", "trưởng"),
    ("thành", "viên"),
    ("ủy", "viên"),
    ("uỷ", "viên"),
    ("đại", "diện"),
    ("phó",),
    ("p.",),
    ("trưởng",),
)


class UnitSplitter:
    """Tokenise unit cells by longest dictionary match; unknown phrases stay whole."""

    def __init__(self, abbreviations: Iterable[str] = ()) -> None:
        """Index the default abbreviations plus the caller's own."""
        keys = set(DEFAULT_UNIT_ABBREVIATIONS) | {a.strip() for a in abbreviations if a and a.strip()}
        self._keys: dict[tuple[str, ...], int] = {}
        for key in keys:
            words = tuple(w.casefold() for w in key.split())
            if words:
                self._keys[words] = len(words)
        self._longest = max((len(k) for k in self._keys), default=1)

    def _match_at(self, folded: list[str], i: int) -> int:
        for size in range(min(self._longest, len(folded) - i), 0, -1):
            if tuple(folded[i : i + size]) in self._keys:
                return size
        return 0

    def _title_prefix(self, folded: list[str], i: int) -> int:
        """Return the length of a rank phrase at i that is followed by a known unit, else 0."""
        for prefix in _TITLE_PREFIXES:
            end = i + len(prefix)
            if tuple(folded[i:end]) == prefix and end < len(folded) and self._match_at(folded, end):
                return len(prefix)
        return 0

    def starts_with_unit(self, phrase: str) -> bool:
        """Return True when phrase opens with a known unit or abbreviation ("BGH …", "Các tổ CM …")."""
        return self._is_key_start(phrase)

    def _is_key_start(self, phrase: str) -> bool:
        words = [w.strip(_WORD_STRIP).casefold() for w in phrase.split()]
        return bool(words) and self._match_at(words, 0) > 0

    def _split_piece(self, piece: str) -> list[str]:
        """Tokenise by the dictionary, keeping whole the names a key sits inside.

        "BGH BCH CĐ BTV Đoàn" are three units and "BGH Bộ phận giúp việc" two; but a key written in lower case
        after other words ends their name ("Đội ngũ giáo viên"), a key after a lower-case qualifier is its object
        ("Giáo viên phụ trách công tác Đoàn"), and capitalised words after a key that do not open a unit name
        the person or the subject ("Phó Hiệu trưởng Nguyễn Minh Trí", "Giáo viên Tin học").
        """
        words = piece.split()
        folded = [w.strip(_WORD_STRIP).casefold() for w in words]
        units: list[str] = []
        unknown: list[str] = []
        last_was_key = False
        qualified = False  # the unit being written ended with a lower-case qualifier
        i = 0
        while i < len(words):
            size = self._match_at(folded, i)
            if size:
                if unknown and (
                    not words[i][:1].isupper() or (len(unknown) <= 2 and _BODY_TYPE.match(unknown[-1].casefold()))
                ):
                    unknown.extend(words[i : i + size])  # "Đội ngũ giáo viên", "Sở Y tế": the key ends the name
                    i += size
                    continue
                if unknown:
                    units.append(" ".join(unknown))
                    unknown = []
                key = " ".join(words[i : i + size])
                if qualified and units and not key.isupper():
                    units[-1] = f"{units[-1]} {key}"  # "… phụ trách công tác Đoàn" (not "… các lớp BGH")
                else:
                    units.append(" ".join(words[i : i + size]))
                last_was_key, qualified = True, False
                i += size
                continue
            word = words[i]
            prefix = self._title_prefix(folded, i)
            if prefix:
                if unknown:
                    units.append(" ".join(unknown))
                    unknown = []
                size = self._match_at(folded, i + prefix)
                units.append(" ".join(words[i : i + prefix + size]))
                last_was_key, qualified = True, False
                i += prefix + size
                continue
            if last_was_key and units and not word[:1].isupper():
                # A lower-case qualifier after a known unit belongs to it: "GVCN các lớp", "PHT phụ trách".
                units[-1] = f"{units[-1]} {word}"
                qualified = True
            elif (
                last_was_key
                and units
                and word[:1].isupper()
                and not word.isupper()
                and (qualified or not _UNIT_HEAD.match(word.casefold()))
            ):
                units[-1] = f"{units[-1]} {word}"  # "Phó Hiệu trưởng Nguyễn Minh Trí", "Giáo viên Tin học"
            else:
                unknown.append(word)
                last_was_key, qualified = False, False
            i += 1
        if unknown:
            units.append(" ".join(unknown))
        return units

    def split(self, text: str | None) -> list[str]:
        """Return the units written in text, each as written."""
        if not text:
            return []
        units: list[str] = []
        text = _QUALIFIER.sub("", text)
        listed = ";" in text  # with semicolons between units, commas are inside the names
        for chunk in _SEPARATORS.split(text):
            pieces = self._comma_pieces(chunk, listed)
            for piece in [p for c in pieces for p in self._hyphen_pieces(c)]:
                units.extend(self._and_pieces(piece))
        return units

    def _comma_pieces(self, chunk: str, listed: bool) -> list[str]:
        """Split at commas, keeping "các sở, ngành" and "UBND các xã, phường" (a lower-case kind continues the
        list of kinds) and, in a semicolon list, every comma that does not open a known unit."""
        pieces: list[str] = []
        for part in _COMMA.split(chunk):
            part = part.strip(" .;:-–")
            if not part:
                continue
            known = self._is_key_start(part) or _KIND_OF_BODY.match(part) is not None
            lower_kind = part[:1].islower() and not _GROUP_START.match(part)
            fields = bool(pieces) and _FIELD_HEAD.match(pieces[-1]) is not None and _FIELDS_TAIL.match(part) is not None
            if pieces and lower_kind and _PLACES_END.search(pieces[-1]) and not _PLACE_KIND.match(part):
                # "Ủy ban nhân dân phường, xã, đặc khu, báo, đài": the places end where another kind of body starts.
                pieces.append(part)
                continue
            if pieces and (
                (not known and (lower_kind or listed)) or (fields and not _UNIT_HEAD.match(part.split()[0].casefold()))
            ):
                pieces[-1] = f"{pieces[-1]}, {part}"
            else:
                pieces.append(part)
        return pieces

    def _hyphen_pieces(self, piece: str) -> list[str]:
        """Split at " - " only before a known unit or a name of three words or more ("Tổ Toán - Tin" stays whole)."""
        parts = _HYPHEN.split(piece)
        out = [parts[0]]
        for part in parts[1:]:
            compound = re.search(r"(?:chính trị|kinh tế|văn hóa|văn hoá)$", out[-1], re.IGNORECASE) and re.match(
                r"xã hội\b", part, re.IGNORECASE
            )  # "tổ chức chính trị - xã hội" is one kind of body
            if not compound and (self._is_key_start(part) or len(part.split()) >= 3):
                out.append(part)
            else:
                out[-1] = f"{out[-1]} - {part}"
        return out

    def _and_pieces(self, piece: str) -> list[str]:
        """Split a piece at "và"/"cùng" where a unit starts, then by the dictionary."""
        units: list[str] = []
        piece = piece.strip(" .;:-–")
        if not piece:
            return units
        # "và" joins two units ("BGH và Công đoàn") but also sits inside names ("Sở Giáo dục và Đào tạo").
        parts = _AND.split(piece)
        merged: list[str] = [parts[0]]
        for part in parts[1:]:
            left_words = merged[-1].split()
            if (
                self._is_key_start(part)
                or (left_words and self._is_key_start(left_words[-1]))
                or (part.split()[:1] and part.split()[0].isupper() and len(part.split()[0]) > 1)
                or _GROUP_START.match(part)
                or (self._is_key_start(merged[-1]) and part[:1].isupper())
                or (_NAMED_BODY.match(part) is not None or _SCHOOL_PART.match(part) is not None)
            ):
                merged.append(part)
            else:
                merged[-1] = f"{merged[-1]} và {part}"
        for part in merged:
            units.extend(u for u in self._split_piece(part) if u)
        return units
