"""What a lone cell's text looks like: units, a deadline, a number.

Used where a text table does not say which column a cell is in (pipe rows that
omit merged cells, one cell per line) to place cells by content.
"""
from __future__ import annotations

import functools

import regex

from gwparse.enums import bare_number

_UNIT_END = (r"(?:局|办|委|中心|院|室|所|站|队|厅|会|府|部|处|科|股|组|团|社|馆|台|行|司|公司|政府|单位|部门|"
             r"机构|街道|办事处|镇|乡|县|区|市|分局|支队|大队|联|关|协|街|村|居|校|园|场|厂|署|集团|银行|医院)")
_ROLE = r"(?:按职责分工|按照职责|按职责|分别|具体)*(?:牵头|负责|落实|配合|协助|协同|参与)*(?:落实|负责)?"
_UNIT_PIECE = regex.compile(rf"^[^。！？]{{1,40}}?{_UNIT_END}(?:[（(〈][^）)〉]{{0,20}}[）)〉])?(?:等\S{{0,6}})?{_ROLE}$")
_SPLIT = regex.compile(r"[、，,；;\n]|及(?=[^（(]*$)")
_DEADLINE = regex.compile(
    r"^(?:\d{4}年)?.{0,12}(?:月|季度|年底|年中|上半年|下半年|全年|长期|持续|常态|及时|每年|每季|每月|定期|"
    r"底前|前完成|以前|之前|日前|完成|实时|动态|随时|年内|同步)")


_BRACKETS = regex.compile(r"[（(〈【][^（()）〉】]*[)）〉】]")


@functools.lru_cache(maxsize=8192)
def looks_like_units(text: str, lenient: bool = False) -> bool:
    """Every piece of the text reads as a unit name (``lenient``: at least one does)."""
    t = text.strip().rstrip("。")
    if not t or len(t) > 200 or "。" in t:
        return False
    pieces = [p.strip() for p in _SPLIT.split(_strip_brackets(t)) if p.strip()]
    fits = [bool(_UNIT_PIECE.match(p)) or len(p) <= 1 for p in pieces]
    return bool(pieces) and (any(fits) if lenient else all(fits))


def _strip_brackets(t: str) -> str:
    """Bracketed parts may hold separators of their own (各县（市、区）)."""
    return _BRACKETS.sub("（）", t)


@functools.lru_cache(maxsize=8192)
def looks_like_deadline(text: str) -> bool:
    t = text.strip()
    return 0 < len(t) <= 30 and bool(_DEADLINE.search(t))


def looks_like_number(text: str) -> bool:
    return bare_number(text) is not None
