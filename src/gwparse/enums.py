"""Enumerators of Chinese plans: 一、 （一） 1. （1） and the heading level they mark."""
from __future__ import annotations

import functools

import regex

_CN = "一二三四五六七八九十百零〇"
# level 1: 一、  level 2: （一）  level 3: 1.  level 4: （1） ①
_PATTERNS = (
    (1, regex.compile(rf"^\s*第?([{_CN}]+)[、.．，,]\s*")),
    (1, regex.compile(rf"^\s*第([{_CN}]+)(?:部分|项|章|条)\s*[、.．：:]?\s*")),
    (2, regex.compile(rf"^\s*[（(]\s*([{_CN}]+)\s*[)）][、.．]?\s*")),
    (3, regex.compile(r"^\s*(\d{1,3})\s*(?:[.．、，,]|\s)(?!\d)\s*")),
    # a number glued to the text (49完善…), but not a quantity (3个工作日, 10天内, 2018年)
    (3, regex.compile(r"^\s*(\d{1,3})(?![\d年月日号%％个项条次天周批家所名人户件万亿元多余倍小分秒米吨度])(?=\p{Han})")),
    (4, regex.compile(r"^\s*[（(]\s*(\d{1,3})\s*[)）][、.．]?\s*")),
    (4, regex.compile(r"^\s*([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*")),
)


_MAY_ENUMERATE = regex.compile(rf"^\s*[第（(\d{_CN}①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")


@functools.lru_cache(maxsize=4096)
def split_enum(text: str) -> tuple[int, str | None, str]:
    """(level, number, rest): the enumerator's level (0 if none), its number, the text after it.

    The number is ASCII digits for arabic enumerators (``"12"``) and the Chinese
    numeral as printed for the others.
    """
    if not _MAY_ENUMERATE.match(text):
        return 0, None, text.strip()
    for level, pattern in _PATTERNS:
        m = pattern.match(text)
        if m:
            rest = text[m.end():]
            if rest.strip():
                return level, m.group(1), rest.strip()
    return 0, None, text.strip()


def strip_heading(text: str) -> str:
    """A heading without its enumerator and trailing 。：；"""
    _, _, rest = split_enum(text)
    return rest.strip().rstrip("。：:；;，, ").strip()


_BARE_NUMBER = regex.compile(r"^\s*[（(]?\s*(\d{1,4})\s*[)）.．、]?\s*$")


def bare_number(text: str) -> str | None:
    """'3' for a cell holding only a number (a 序号 cell), else None."""
    m = _BARE_NUMBER.match(text)
    return str(int(m.group(1))) if m else None
