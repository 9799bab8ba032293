"""Split a responsibility-unit cell into units with roles (RECORDS.md, "Splitting the units").

Speed matters here (every distinct cell of every document passes through): a plan names the
same units (区财政局, 各街道办事处) cell after cell, so what a piece holds (``_read_piece``,
``_read_cut_piece``) and the Unit models (``_unit``) are memoised, and ``clear_caches``
forgets them. A cell is first cut at every separator; when every piece can stand alone (the
common cell: no space, label, bracket left open or level run), those are its pieces. The
others take the careful path, one separator at a time.
"""
from __future__ import annotations

import functools
import re

from gwparse import vocab
from gwparse.model import Role, Unit
from gwparse.text import compile_pattern
from gwparse.vocab import role_of_label

_OPENER_OF = {"）": "（", ")": "(", "〉": "〈", "》": "《", "】": "【", "〕": "〔", "”": "“"}
_OPENERS = frozenset(_OPENER_OF.values())
_BRACKET = compile_pattern("[" + re.escape("".join(_OPENER_OF) + "".join(_OPENERS)) + "]")

_SEPARATOR = compile_pattern(r"以及|[、，,；;\n及]")
_ROLE_VERB = vocab.ROLE_VERBS
# A space after a role phrase ends a piece; any other space sits inside a name or between glued names.
_SPACE_AFTER_ROLE = compile_pattern(rf"(?<={_ROLE_VERB})[^\S\n]+")
_INLINE_SPACE = compile_pattern(r"[^\S\n]+")

# 各县、市、区政府: one-character levels that share what follows stay one group name.
_LEVEL = r"(?:街道|[县市区镇乡街场村旗州省])"
_LEVEL_RUN = compile_pattern(rf"各?{_LEVEL}(?:、{_LEVEL})*")
_LEVEL_CONTINUES = compile_pattern(
    rf"{_LEVEL}(?:(?:人民)?政府|党委(?:和?政府)?)?"
    rf"(?=$|[、，,；;\n。（(〈《【]|以?及|等|按|分别|具体|{_ROLE_VERB})"
)

# Rule 2: the role phrases (vocab.ROLE_PHRASES).
_ROLE_OF_PHRASE = vocab.ROLE_PHRASES
_ROLE_AT_END = compile_pattern("(?:" + "|".join(_ROLE_OF_PHRASE) + ")$")
_QUALIFIERS_AT_END = compile_pattern(r"(?:按照?职责(?:分工)?|分别|具体)+$")
# 等 closes an open list (等有关部门, 等相关区直部门, bare 等); 高等/中等/初等 are words.
_OPEN_TAIL = compile_pattern(r"(?<![高中初])等+(?:[^等（）()〈〉《》【】〔〕“”]*(?:部门|单位)(?:[（(][^（()）]*[)）])?)?$")
_FINAL_STOP = compile_pattern(r"[。．.]+$")
# Rules 2 and 4: the tails a piece can end in, with the characters each can end in, so that a
# piece is only searched for the tails its last character allows. Only 责 ends two kinds
# (负责, 职责), never both at once, so the tail found at the end is the only one there.
_TAILS = [("。．.", _FINAL_STOP), ("".join({p[-1] for p in _ROLE_OF_PHRASE}), _ROLE_AT_END), ("责工别体", _QUALIFIERS_AT_END),
          ("等门位）)", _OPEN_TAIL)]
_TAILS_ENDING_IN = {char: tuple(tail for ends, tail in _TAILS if char in ends)
                    for ends, _ in _TAILS for char in ends}

# Rule 5: a unit suffix directly followed by an administrative prefix.
_GLUE_POINT = compile_pattern(r"(?<=[局办委院室所站队厅会府部处科股组馆心门位司）)〉】〕])(?=(?:街道|[区市县镇省])(?![场域分]))")
_UNIT_END = compile_pattern(r"(?:中心|部门|单位|公司|[局办委院室所站队厅会府部处科股组馆])$")
_TRAILING_GROUP = compile_pattern(r"[（(〈【〔][^（()）〈〉【】〔〕]*[）)〉】〕]$")
_LETTER = compile_pattern(r"[^\W\d_]")

# Labels written before units (rules 7 and 8: 牵头单位：, 主要协作单位：, 责任领导：, 完成时限：), and role
# notes in brackets after one unit; the words give the role a column header with them would.
_LABEL = compile_pattern(rf"(?P<deadline>{vocab.DEADLINE_LABEL})\s*[:：]|(?P<role>{vocab.UNIT_LABEL})\s*[:：]")
# with person labels too, for text holding a person word (the person label is dear to try everywhere)
_LABEL_ALL = compile_pattern(rf"(?P<person>{vocab.PERSON_LABEL})\s*[:：]|{_LABEL.pattern}")
_ANNOTATION = compile_pattern(rf"[（(](?P<role>{vocab.ROLE_WORD})(?:单位)?[)）]$")
_LEADING_BY = compile_pattern(r"^由(?=\S{2})")  # （由区财政局牵头）

# A piece that is one level alone (各县, 街道): a level run (各县、市、区政府) may start with it.
_LEVEL_PIECE = compile_pattern(rf"各?{_LEVEL}")
_SPACE_OR_COLON = compile_pattern(r"[\s:：]")


def split_units(text: str, default_role: Role = "responsible") -> list[Unit]:
    """Units in the order written, each with the role of the next role phrase (or the default).

    Labels inside the text (``牵头：区财政局；配合：各街道``) set the default role of the
    units after them; ``区财政局（牵头）`` gives that one unit its role.
    """
    text = vocab.drop_notes(text)
    cut = None if text.startswith("由") else list(map(_read_cut_piece, _SEPARATOR.split(text)))
    if cut is not None and None not in cut:  # the common cell: every separator is a cut
        segments = [(cut, default_role)]
    else:
        segments = [(map(_read_piece, _pieces(segment)), role)
                    for segment, role in _segments(_normalise(text), default_role)]
    roles: dict[str, Role] = {}  # rule 6: a unit named twice keeps its first role
    for readings, segment_role in segments:
        waiting: list[str] = []  # units written since the last role phrase
        for units, role, own in readings:
            if own:  # 区财政局（牵头）: the role of this unit alone
                for unit in units:
                    roles.setdefault(unit, role)
                continue
            waiting += units
            if role:
                for unit in waiting:
                    roles.setdefault(unit, role)
                waiting = []
        for unit in waiting:
            roles.setdefault(unit, segment_role)
    return list(map(_unit, roles, roles.values()))


def clear_caches() -> None:
    """Forget the memoised pieces and units, so that a benchmark sees what a first document sees."""
    _read_cut_piece.cache_clear()
    _read_piece.cache_clear()
    _unit.cache_clear()


@functools.lru_cache(maxsize=4096)
def _unit(name: str, role: Role) -> Unit:
    """Units are frozen, so one model per (name, role) can be shared; building one is the dearest step.

    The model's own validator, called without ``Unit.__init__``'s Python wrapper, builds the
    same validated Unit in about half the time.
    """
    return Unit.__pydantic_validator__.validate_python({"name": name, "role": role})


def _normalise(text: str) -> str:
    """Line breaks as \\n, a space after a role phrase as a cut, other spaces gone; no leading 由."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _INLINE_SPACE.search(text):  # (most cells have none: no need to run the substitutions)
        text = _INLINE_SPACE.sub("", _SPACE_AFTER_ROLE.sub("\n", text))
    return _LEADING_BY.sub("", text) if text.startswith("由") else text


def _segments(text: str, default_role: Role) -> list[tuple[str, Role]]:
    """The text cut at labels (牵头单位：), each part with the role its label names."""
    if ":" not in text and "：" not in text:  # every label ends in a colon
        return [(text, default_role)]
    segments: list[tuple[str, Role | None]] = []
    start, role = 0, default_role
    for label in (_LABEL_ALL if vocab.has_person_word(text) else _LABEL).finditer(text):
        segments.append((text[start:label.start()], role))
        start = label.end()
        role = role_of_label(label.group("role")) if label.group("role") else None  # None: no units there
    segments.append((text[start:], role))
    return [(part, role) for part, role in segments if role is not None]


def _pieces(text: str) -> list[str]:
    """Rule 1: cut at separators outside brackets and outside a run of shared levels."""
    pairs = _bracketed(text)
    inside = {cut.start() for start, end in pairs for cut in _SEPARATOR.finditer(text, start + 1, end)}
    pieces, start = [], 0
    for cut in _SEPARATOR.finditer(text):
        at = cut.start()
        if at in inside:
            continue
        if cut.group() == "、" and _LEVEL_RUN.fullmatch(text, start, at) and _LEVEL_CONTINUES.match(text, cut.end()):
            continue
        pieces.append(text[start:at])
        start = cut.end()
    pieces.append(text[start:])
    return [piece.replace("\n", "") for piece in pieces]  # a line break inside brackets is a wrap


def _bracketed(text: str) -> list[tuple[int, int]]:
    """Positions of matched bracket pairs; what lies strictly between them is inside."""
    return _match_brackets(text)[0]


def _match_brackets(text: str) -> tuple[list[tuple[int, int]], list[tuple[str, int]]]:
    """Matched bracket pairs, and the opening brackets left open at the end.

    A closing bracket matches the nearest open one of its kind, closing any left open inside it;
    a bracket left unmatched is plain text.
    """
    pairs: list[tuple[int, int]] = []
    still_open: list[tuple[str, int]] = []
    for bracket in _BRACKET.finditer(text):
        char, at = bracket.group(), bracket.start()
        if char in _OPENERS:
            still_open.append((char, at))
            continue
        for depth in range(len(still_open) - 1, -1, -1):
            opener, start = still_open[depth]
            if opener == _OPENER_OF[char]:
                pairs.append((start, at))
                del still_open[depth:]
                break
    return pairs, still_open


@functools.lru_cache(maxsize=4096)
def _read_cut_piece(piece: str) -> tuple[tuple[str, ...], Role | None, bool] | None:
    """What a piece cut out at every separator holds (``_reading``), or None when it cannot stand alone."""
    if _stands_alone(piece):
        return _reading(piece)
    return None


def _stands_alone(piece: str) -> bool:
    """The careful path would cut the piece out of any cell just so (rule 1) and read it as it is.

    It holds no space or colon (labels and spaces are dealt with first), closes every bracket
    it opens (the separator after it is not inside brackets), and is not one level alone (the
    separator after it may sit in a level run). Most pieces are letters alone: ``isalnum``.
    """
    if not piece.isalnum():
        return not _SPACE_OR_COLON.search(piece) and not _match_brackets(piece)[1]
    return len(piece) > 3 or _LEVEL_PIECE.fullmatch(piece) is None


def _reading(piece: str) -> tuple[tuple[str, ...], Role | None, bool]:
    """The units one piece names, the role it gives, and whether that role is a note for them alone."""
    if piece[-1:] not in _TAILS_ENDING_IN:  # a bare name (区财政局): no tail, no role note
        name, role, note = piece, None, None
    else:
        note = _ANNOTATION.search(piece) if piece.endswith(("）", ")")) else None
        name, role = _strip_piece(piece[: note.start()] if note else piece)
        if note:  # 区财政局（牵头）
            role = role_of_label(note.group("role"))
    if _GLUE_POINT.search(name):  # rule 5
        return tuple(filter(_is_unit, _split_glued(name))), role, bool(note)
    return ((name,) if _is_unit(name) else ()), role, bool(note)


# The careful path's pieces (cut at separators outside brackets and level runs).
_read_piece = functools.lru_cache(maxsize=4096)(_reading)


def _strip_piece(piece: str) -> tuple[str, Role | None]:
    """Rules 2 and 4: the name without its role phrase, qualifiers and open tail; the role it names.

    Tails are stripped from the end one at a time; the role phrase written last is the one that counts.
    """
    role: Role | None = None
    while True:
        for pattern in _TAILS_ENDING_IN.get(piece[-1:], ()):
            if tail := pattern.search(piece, _search_from(pattern, piece)):
                role = role or _ROLE_OF_PHRASE.get(tail.group())  # None for the other tails
                piece = piece[: tail.start()]
                break
        else:  # no tail left
            return piece, role


def _search_from(pattern: re.Pattern[str], piece: str) -> int:
    """Where a tail can start: an open tail holds no 等 but its leading run, so it starts at the
    last run of 等; searching from there keeps a piece of 40,000 等 linear, not a re-scan per tail."""
    if pattern is not _OPEN_TAIL:
        return 0
    at = piece.rfind("等")
    while at > 0 and piece[at - 1] == "等":
        at -= 1
    return max(at, 0)


def _is_unit(name: str) -> bool:
    """What is left of 、、 or 等 names no unit, nor does a deadline written among the units
    (区财政局，2024年6月底前). (isalpha answers for most names without a regex.)"""
    if len(name) < 2 or not (name.isalpha() or _LETTER.search(name) is not None):
        return False
    if name[0] in _DEADLINE_FIRST or name[-1] in "前底成":
        return not _DEADLINE_LIKE.search(name) or _UNIT_END.search(name) is not None
    return True


_DEADLINE_FIRST = frozenset("0123456789一二三四年全上下长每")

# A deadline, not a unit: a date at the start, or a 前/底/完成 ending, with no unit word.
_DEADLINE_LIKE = compile_pattern(r"^(?:\d{4}\s*年|\d{1,2}\s*月|[一二三四]季度|年底|年内|全年|上半年|下半年|长期|每[年季月周])"
                            r"|(?:[月年]底前?|[日月]前|以前|之前|前完成|底完成)$")


def _looks_like_unit(name: str) -> bool:
    core = _TRAILING_GROUP.sub("", name)
    return len(core) >= 3 and _UNIT_END.search(core) is not None


def _split_glued(name: str) -> list[str]:
    """Rule 5: 区大数据发展管理中心区政府办公室 holds two units; split at the first clean seam, and
    the rest again (a loop: a label of 1,100 glued units must not recurse 1,100 deep)."""
    units: list[str] = []
    while (at := _first_seam(name)) is not None:
        units.append(name[:at])
        name = name[at:]
    return [*units, name]


def _first_seam(name: str) -> int | None:
    pairs = None
    for seam in _GLUE_POINT.finditer(name):
        at = seam.start()
        pairs = _bracketed(name) if pairs is None else pairs
        inside = any(start < at < end for start, end in pairs)
        if not inside and _looks_like_unit(name[:at]) and _looks_like_unit(name[at:]):
            return at
    return None
