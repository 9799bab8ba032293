"""Enumerators of Chinese plans: 一、 （一） 1. （1） and the heading level they mark."""
from __future__ import annotations

import functools

from gwparse.text import compile_pattern, compile_regex

_CN = "一二三四五六七八九十百零〇"
# level 1: 一、  level 2: （一）  level 3: 1.  level 4: （1） ①
_PATTERNS = (
    (1, compile_pattern(rf"^\s*第?([{_CN}]+)[、.．，,]\s*")),
    (1, compile_pattern(rf"^\s*第([{_CN}]+)(?:部分|项|章|条)\s*[、.．：:]?\s*")),
    (2, compile_pattern(rf"^\s*[（(]\s*([{_CN}]+)\s*[)）][、.．]?\s*")),
    (3, compile_pattern(r"^\s*(\d{1,3})\s*(?:[.．、，,]|\s)(?!\d)\s*")),
    # a number glued to the text (49完善…), but not a quantity (3个工作日, 10天内, 2018年)
    (3, compile_regex(r"^\s*(\d{1,3})(?![\d年月日号%％个项条次天周批家所名人户件万亿元多余倍小分秒米吨度])(?=\p{Han})")),
    (4, compile_pattern(r"^\s*[（(]\s*(\d{1,3})\s*[)）][、.．]?\s*")),
    (4, compile_pattern(r"^\s*([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*")),
)


_MAY_ENUMERATE = compile_pattern(rf"^\s*[第（(\d{_CN}①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")
# The patterns an enumerator can match, by its first character: 第, a numeral, a bracket,
# a circled number or a digit. Trying only those, in the same order, gives the same answer
# with fewer regex calls.
_CN_ENUM, _CN_CHAPTER, _CN_BRACKETED, _NUMBER_ENUM, _NUMBER_GLUED, _NUMBER_BRACKETED, _CIRCLED = _PATTERNS
_BY_DIGIT = (_NUMBER_ENUM, _NUMBER_GLUED)
_BY_FIRST = {
    "第": (_CN_ENUM, _CN_CHAPTER),
    **dict.fromkeys(_CN, (_CN_ENUM,)),
    **dict.fromkeys("（(", (_CN_BRACKETED, _NUMBER_BRACKETED)),
    **dict.fromkeys("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳", (_CIRCLED,)),
    **dict.fromkeys("0123456789", _BY_DIGIT),
}


@functools.lru_cache(maxsize=4096)
def split_enum(text: str) -> tuple[int, str | None, str]:
    """(level, number, rest): the enumerator's level (0 if none), its number, the text after it.

    The number is ASCII digits for arabic enumerators (``"12"``) and the Chinese
    numeral as printed for the others.
    """
    patterns = _BY_FIRST.get(text[:1])
    if patterns is _BY_DIGIT:
        found = _number_before_text(text)
        if found:
            return found
    elif patterns is None:
        if "\u4e00" <= text[:1] <= "\u9fff":  # a Chinese character that is no numeral: plain text
            return 0, None, text.strip()
        may = _MAY_ENUMERATE.match(text)  # after spaces, or another kind of digit
        if not may:
            return 0, None, text.strip()
        patterns = _BY_FIRST.get(text[may.end() - 1], _BY_DIGIT)
    for level, pattern in patterns:
        m = pattern.match(text)
        if m:
            rest = text[m.end():]
            if rest.strip():
                return level, m.group(1), rest.strip()
    return 0, None, text.strip()


def _number_before_text(text: str) -> tuple[int, str, str] | None:
    """What _NUMBER_ENUM finds in "1．推进…" "12、做好…" (one to three ASCII digits, a stop,
    a Chinese character), read with string tests: a task's commonest enumerator. None
    for anything else, which the patterns then decide."""
    head = text[:4]  # more than three digits is no enumerator: no need to look further
    digits = len(head) - len(head.lstrip("0123456789"))
    if not 1 <= digits <= 3 or len(text) < digits + 2:
        return None
    if text[digits] not in ".．、，," or not "\u4e00" <= text[digits + 1] <= "\u9fff":
        return None
    return 3, text[:digits], text[digits + 1:].strip()


def strip_heading(text: str) -> str:
    """A heading without its enumerator and trailing 。：；"""
    return read_heading(text)[1]


def read_heading(text: str) -> tuple[int, str]:
    """(level, heading): ``split_enum``'s level and ``strip_heading``'s text, read once."""
    level, _, rest = split_enum(text)
    return level, heading_text(rest)


def heading_text(rest: str) -> str:
    """What follows a heading's enumerator, without the trailing 。：；"""
    return rest.strip().rstrip("。：:；;，, ").strip()


_BARE_NUMBER = compile_pattern(r"^\s*[（(]?\s*(\d{1,4})\s*[)）.．、]?\s*$")


def bare_number(text: str) -> str | None:
    """'3' for a cell holding only a number (a 序号 cell), else None."""
    if "\u4e00" <= text[-1:] <= "\u9fff" or text[-1:] == "。":
        return None  # it ends in words: no need to run the regex over them
    m = _BARE_NUMBER.match(text)
    return str(int(m.group(1))) if m else None


CN_DIGITS = {ch: n for n, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0}
_CN_NUMBER = compile_pattern(rf"^\s*[（(]?\s*([{_CN}]{{1,4}})\s*[)）.．、]?\s*$")


def cn_value(word: str) -> int | None:
    """The value of a number in Chinese numerals below 一百 (十二, 二十, 一〇二), or None."""
    if "十" in word:
        tens, _, ones = word.partition("十")
        if len(tens) > 1 or len(ones) > 1 or "十" in ones:
            return None
        value = (CN_DIGITS.get(tens, -100) if tens else 1) * 10 + (CN_DIGITS.get(ones, -100) if ones else 0)
    else:
        value = 0
        for ch in word:
            value = value * 10 + CN_DIGITS.get(ch, -10_000)
    return value if value > 0 else None


def chinese_number(text: str) -> str | None:
    """'12' for a cell holding only a number in Chinese numerals (十二, 二十, 一〇二), else None:
    a 序号 column numbered 一 二 三 …"""
    m = _CN_NUMBER.match(text)
    if not m or "百" in m.group(1):  # 一百… is past any plan's task count
        return None
    value = cn_value(m.group(1))
    return None if value is None else str(value)
