"""What a lone cell's text looks like: units, a deadline, a number.

Used where a text table does not say which column a cell is in (pipe rows that
omit merged cells, one cell per line) to place cells by content.
"""
from __future__ import annotations

import functools

import regex

from gwparse import vocab
from gwparse.enums import bare_number
from gwparse.text import compile_pattern, compile_regex

# What a unit's name ends with.
_UNIT_WORDS = ("局 办 委 中心 院 室 所 站 队 厅 会 府 部 处 科 股 组 团 社 馆 台 行 司 公司 政府 单位 部门 "
               "机构 街道 办事处 镇 乡 县 区 市 分局 支队 大队 联 关 协 街 村 居 校 园 场 厂 署 集团 银行 "
               "医院").split()
_UNIT_END = f"(?:{'|'.join(_UNIT_WORDS)})"
# Role words that may follow a unit (牵头, 按职责分工负责 …), by the place they take.
_ROLE_WORDS = (vocab.ROLE_QUALIFIERS, tuple(vocab.ROLE_VERBS.split("|")), ("落实", "负责"))
_ROLE = "".join(f"(?:{'|'.join(words)}){repeat}" for words, repeat in zip(_ROLE_WORDS, "**?", strict=True))
# Matched from the end (REVERSE): a piece is a unit when its tail reads as one, and most
# pieces that are not (a clause of a task's text) fail on their last characters at once,
# where matching from the start tries every prefix length against every ending first.
_UNIT_PIECE = compile_regex(rf"^[^。！？]{{1,40}}?{_UNIT_END}(?:[（(〈〔][^）)〉〕]{{0,20}}[）)〉〕])?(?:等\S{{0,6}})?{_ROLE}$",
                            flags=regex.REVERSE)
# Quick tests around the regex: the unit words by their last character (for _bare_unit),
# and what a unit piece can end with: a unit word, a role word or a closing bracket, or
# anything up to six characters after 等 (区财政局等部门).
_UNIT_WORDS_ENDING = {w[-1]: [v for v in _UNIT_WORDS if v[-1] == w[-1]] for w in _UNIT_WORDS}
_PIECE_LAST = {w[-1] for w in _UNIT_WORDS} | {w[-1] for words in _ROLE_WORDS for w in words} | set("）)〉〕")
_SPLIT = compile_regex(r"[、，,；;\n]|及(?=[^（(]*$)")
_SPLIT_FROM_END = compile_regex(_SPLIT.pattern, flags=regex.REVERSE)  # the same pieces, last first
_DEADLINE = compile_pattern(
    r"^(?:\d{4}年)?.{0,12}(?:月|季度|年底|年中|上半年|下半年|全年|长期|持续|常态|及时|每年|每季|每月|定期|"
    r"底前|前完成|以前|之前|日前|完成|实时|动态|随时|年内|同步)")


_BRACKETS = compile_pattern(r"[（(〈【〔][^（()）〉】〔〕]*[)）〉】〕]")


@functools.lru_cache(maxsize=8192)
def looks_like_units(text: str, lenient: bool = False) -> bool:
    """Every piece of the text reads as a unit name (``lenient``: at least one does)."""
    t = text.strip().rstrip("。")
    if not t or len(t) > 200 or "。" in t:
        return False
    t = _strip_brackets(t)
    if not lenient and _ends_in_running_text(t):
        return False
    # pieces from the last one back, split only as far as the answer needs: a task's
    # text rarely ends in a unit, so it is usually settled by its last clause
    seen = False
    for piece in _pieces_from_end(t):
        piece = piece.strip()
        if not piece:
            continue
        seen = True
        fits = len(piece) <= 1 or _bare_unit(piece) or (_may_end_unit(piece) and
                                                         _UNIT_PIECE.fullmatch(piece) is not None)
        if fits and lenient:
            return True
        if not fits and not lenient:
            return False
    return seen and not lenient


def _pieces_from_end(t: str):
    """``_SPLIT``'s pieces, last first; without 及 (a separator only when no bracket follows)
    every separator is one character, and string methods split faster than the regex."""
    if "及" in t:
        return _SPLIT_FROM_END.splititer(t)
    for separator in "、，,；;":
        t = t.replace(separator, "\n")
    return reversed(t.split("\n"))


def _may_end_unit(piece: str) -> bool:
    """False when the piece cannot match ``_UNIT_PIECE``, told by its last characters."""
    return piece[-1] in _PIECE_LAST or "等" in piece[-7:]


def _ends_in_running_text(t: str) -> bool:
    """The text's last piece cannot be a unit, judged without splitting the text: when
    its last two characters are Chinese (and neither is the separator 及) they belong
    to the last piece, which is then two or more characters long. Most task texts end so."""
    return (len(t) >= 2 and "\u4e00" <= t[-1] <= "\u9fff" and "\u4e00" <= t[-2] <= "\u9fff"
            and "及" not in t[-2:] and not _may_end_unit(t))


def _bare_unit(piece: str) -> bool:
    """The piece is a name ending in a unit word and nothing after it (区财政局): the
    common case of ``_UNIT_PIECE``, told by string tests; False leaves it to the regex."""
    words = _UNIT_WORDS_ENDING.get(piece[-1])
    if words is None or "。" in piece or "！" in piece or "？" in piece:
        return False
    for word in words:
        if piece.endswith(word) and 1 <= len(piece) - len(word) <= 40:
            return True
    return False


def _strip_brackets(t: str) -> str:
    """Bracketed parts may hold separators of their own (各县（市、区）)."""
    if "（" not in t and "(" not in t and "〈" not in t and "【" not in t and "〔" not in t:
        return t  # nothing to strip: skip the regex call
    return _BRACKETS.sub("（）", t)


@functools.lru_cache(maxsize=8192)
def looks_like_deadline(text: str) -> bool:
    t = text.strip()
    return 0 < len(t) <= 30 and bool(_DEADLINE.search(t))


def looks_like_number(text: str) -> bool:
    return bare_number(text) is not None
