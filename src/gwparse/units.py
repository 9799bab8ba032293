"""Split a responsibility-unit cell into units with roles (RECORDS.md, "Splitting the units")."""
from __future__ import annotations

import re

from gwparse.model import Role, Unit

_OPENER_OF = {"）": "（", ")": "(", "〉": "〈", "》": "《", "】": "【", "”": "“"}
_OPENERS = frozenset(_OPENER_OF.values())
_BRACKET = re.compile("[" + re.escape("".join(_OPENER_OF) + "".join(_OPENERS)) + "]")

_SEPARATOR = re.compile(r"以及|[、，,；;\n及]")
_ROLE_VERB = r"牵头|负责|落实|配合|协助|协同|参与"
# A space after a role phrase ends a piece; any other space sits inside a name or between glued names.
_SPACE_AFTER_ROLE = re.compile(rf"(?<={_ROLE_VERB})[^\S\n]+")
_INLINE_SPACE = re.compile(r"[^\S\n]+")

# 各县、市、区政府: one-character levels that share what follows stay one group name.
_LEVEL = r"(?:街道|[县市区镇乡街场村旗州省])"
_LEVEL_RUN = re.compile(rf"各?{_LEVEL}(?:、{_LEVEL})*")
_LEVEL_CONTINUES = re.compile(
    rf"{_LEVEL}(?:(?:人民)?政府|党委(?:和?政府)?)?"
    rf"(?=$|[、，,；;\n。（(〈《【]|以?及|等|按|分别|具体|{_ROLE_VERB})"
)

_QUALIFIER = r"(?:按照?职责(?:分工)?|分别|具体)"
_ROLE_AT_END = re.compile(
    rf"{_QUALIFIER}*(?:(?P<lead>牵头(?:负责)?(?:落实)?)"
    r"|(?P<cooperate>(?:配合|协助|协同|参与)(?:落实)?)"
    r"|(?P<responsible>负责(?:落实)?|落实))$"
)
_QUALIFIERS_AT_END = re.compile(rf"{_QUALIFIER}+$")
# 等 closes an open list (等有关部门, 等相关区直部门, bare 等); 高等/中等/初等 are words.
_OPEN_TAIL = re.compile(r"(?<![高中初])等(?:[^等（）()〈〉《》【】“”]*(?:部门|单位)(?:[（(][^（()）]*[)）])?)?$")
_FINAL_STOP = re.compile(r"[。．.]+$")

# Rule 5: a unit suffix directly followed by an administrative prefix.
_GLUE_POINT = re.compile(r"(?<=[局办委院室所站队厅会府部处科股组馆心门位司）)〉】])(?=(?:街道|[区市县镇省])(?![场域分]))")
_UNIT_END = re.compile(r"(?:中心|部门|单位|公司|[局办委院室所站队厅会府部处科股组馆])$")
_TRAILING_GROUP = re.compile(r"[（(〈【][^（()）〈〉【】]*[）)〉】]$")
_LETTER = re.compile(r"[^\W\d_]")

# Role labels written before units, and role notes in brackets after one unit.
_ROLE_WORD = r"(?P<role>牵头|主办|配合|协办|协助|协同|参与|负责|责任)"
_LABEL = re.compile(rf"{_ROLE_WORD}(?:责任)?(?:单位|部门|科室|处室|股室)?[:：]")
_ANNOTATION = re.compile(rf"[（(]{_ROLE_WORD}(?:单位)?[)）]$")
_LABEL_ROLE: dict[str, Role] = {"牵头": "lead", "主办": "lead", "配合": "cooperate", "协办": "cooperate",
                                "协助": "cooperate", "协同": "cooperate", "参与": "cooperate",
                                "负责": "responsible", "责任": "responsible"}
_LEADING_BY = re.compile(r"^由(?=\S{2})")  # （由区财政局牵头）


def split_units(text: str, default_role: Role = "responsible") -> list[Unit]:
    """Units in the order written, each with the role of the next role phrase (or the default).

    Labels inside the text (``牵头：区财政局；配合：各街道``) set the default role of the
    units after them; ``区财政局（牵头）`` gives that one unit its role.
    """
    text = _INLINE_SPACE.sub("", _SPACE_AFTER_ROLE.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n")))
    text = _LEADING_BY.sub("", text)
    roles: dict[str, Role] = {}
    segments, start, role = [], 0, default_role
    for label in _LABEL.finditer(text):
        segments.append((text[start:label.start()], role))
        start, role = label.end(), _LABEL_ROLE[label.group("role")]
    segments.append((text[start:], role))
    for segment, role in segments:
        for name, unit_role in _split_segment(segment, role):
            roles.setdefault(name, unit_role)
    return [Unit(name=name, role=role) for name, role in roles.items()]


def _split_segment(text: str, default_role: Role) -> list[tuple[str, Role]]:
    found: list[tuple[str, Role]] = []
    waiting: list[str] = []
    for piece in _pieces(text):
        annotated = _ANNOTATION.search(piece)
        if annotated:  # 区财政局（牵头）: the role of this unit alone
            piece = piece[: annotated.start()]
        name, role = _strip_piece(piece)
        units = [unit for unit in _split_glued(name) if _is_unit(unit)]
        if annotated:
            found += [(unit, _LABEL_ROLE[annotated.group("role")]) for unit in units]
            continue
        waiting.extend(units)
        if role:
            found += [(unit, role) for unit in waiting]
            waiting = []
    return found + [(unit, default_role) for unit in waiting]


def _inside_brackets(text: str) -> list[bool]:
    """Which positions lie inside a matched bracket pair; a bracket left unmatched is plain text.

    A closing bracket matches the nearest open one of its kind, closing any left open inside it.
    """
    inside = [False] * len(text)
    if not _BRACKET.search(text):
        return inside
    open_at: list[tuple[str, int]] = []
    for i, char in enumerate(text):
        if char in _OPENERS:
            open_at.append((char, i))
        elif char in _OPENER_OF and any(opener == _OPENER_OF[char] for opener, _ in open_at):
            while open_at[-1][0] != _OPENER_OF[char]:
                open_at.pop()
            start = open_at.pop()[1]
            inside[start + 1 : i] = [True] * (i - start - 1)
    return inside


def _pieces(text: str) -> list[str]:
    """Rule 1: cut at separators outside brackets and outside a run of shared levels."""
    inside = _inside_brackets(text)
    pieces, start = [], 0
    for cut in _SEPARATOR.finditer(text):
        at = cut.start()
        if inside[at]:
            continue
        if cut.group() == "、" and _LEVEL_RUN.fullmatch(text, start, at) and _LEVEL_CONTINUES.match(text, cut.end()):
            continue
        pieces.append(text[start:at])
        start = cut.end()
    pieces.append(text[start:])
    return [piece.replace("\n", "") for piece in pieces]  # a line break inside brackets is a wrap


def _strip_piece(piece: str) -> tuple[str, Role | None]:
    """Rules 2 and 4: the name without its role phrase, qualifiers and open tail; the role it names."""
    role: Role | None = None
    while True:
        before = piece
        piece = _FINAL_STOP.sub("", piece)
        found = _ROLE_AT_END.search(piece)
        if found:
            role = role or found.lastgroup  # the phrase written last is the one that counts
            piece = piece[: found.start()]
        piece = _OPEN_TAIL.sub("", _QUALIFIERS_AT_END.sub("", piece))
        if piece == before:
            return piece, role


def _looks_like_unit(name: str) -> bool:
    core = _TRAILING_GROUP.sub("", name)
    return len(core) >= 3 and _UNIT_END.search(core) is not None


def _split_glued(name: str) -> list[str]:
    """Rule 5: 区大数据发展管理中心区政府办公室 holds two units; split at the first clean seam."""
    inside = None
    for seam in _GLUE_POINT.finditer(name):
        at = seam.start()
        inside = inside or _inside_brackets(name)
        if not inside[at] and _looks_like_unit(name[:at]) and _looks_like_unit(name[at:]):
            return [name[:at], *_split_glued(name[at:])]
    return [name]


def _is_unit(name: str) -> bool:
    return len(name) >= 2 and _LETTER.search(name) is not None
