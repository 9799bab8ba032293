"""Word list numbering: the '一、' / '（一）' / '1.' that Word draws but does not store.

A plan typed with automatic numbering keeps its enumerators in
``word/numbering.xml``, not in the text; without them headings lose their
level and tasks their number. This renders the common formats; exotic ones
fall back to Arabic digits and bullets to nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
MAX_LETTERS = 780  # letter labels run A…Z, AA…ZZ, … up to 30 repeated letters; beyond, decimal
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


@dataclass(slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False  # isLgl: show every level in Arabic digits


@dataclass(slots=True)
class Numbering:
    """Numbering definitions of one document, and the running counters."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId → ilvl → Level
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId → (abstract, overrides)
    style_num: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # styleId → (numId, ilvl)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    def label(self, num_id: str, ilvl: int) -> str:
        """The enumerator of the next paragraph in list ``num_id`` at level ``ilvl``."""
        if num_id in ("", "0") or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        ilvl = max(0, min(ilvl, 8))
        counts = self.counters.setdefault(abstract, [None] * 9)
        if num_id not in self.started:  # a num with start overrides restarts those levels
            self.started.add(num_id)
            for lvl, start in overrides.items():
                if 0 <= lvl < 9:
                    counts[lvl] = start - 1
        level = levels.get(ilvl, Level())
        counts[ilvl] = (counts[ilvl] if counts[ilvl] is not None else level.start - 1) + 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = None
        if level.fmt in ("bullet", "none"):
            return ""
        out = level.text
        for k in range(ilvl + 1):
            if f"%{k + 1}" in out:
                lv = levels.get(k, Level())
                n = counts[k] if counts[k] is not None else lv.start
                out = out.replace(f"%{k + 1}", format_number(n, "decimal" if level.legal else lv.fmt))
        return out

    def paragraph_label(self, num_id: str | None, ilvl: int | None, style: str | None) -> str:
        """Label from the paragraph's own numPr, else from its style's."""
        if num_id is None and style in self.style_num:
            num_id, style_ilvl = self.style_num[style]
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None:
            return ""
        return self.label(num_id, ilvl or 0)


def join_label(label: str, text: str) -> str:
    """'一、' + '总体要求' → '一、总体要求'; 'Article 1' + 'x' → 'Article 1 x'."""
    if not label:
        return text
    if label[-1] in "、.．)）:：,，;；]】" or not text:
        return label + text
    return f"{label} {text}"


def format_number(n: int, fmt: str) -> str:
    if n < 0:
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographDigital", "taiwaneseCounting",
               "taiwaneseCountingThousand"):
        return chinese(n) if fmt != "ideographDigital" else "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return chinese(n, _CN_LEGAL, "拾", "佰", "仟")
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= 12:
        return _DIZHI[n - 1]
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt in ("upperLetter", "lowerLetter") and 1 <= n <= MAX_LETTERS:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n < 4000:
        roman = ""
        for value, sym in _ROMAN:
            while n >= value:
                roman, n = roman + sym, n - value
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def chinese(n: int, digits: str = _CN_DIGITS, ten: str = "十", hundred: str = "百", thousand: str = "千") -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (up to 9999; beyond, digit by digit)."""
    if n == 0:
        return digits[0]
    if n >= 10000:
        return "".join(digits[int(d)] for d in str(n))
    parts = []
    zero = False
    for value, unit in ((1000, thousand), (100, hundred), (10, ten), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero:
                parts.append(digits[0])
            parts.append(digits[d] + unit)
            zero = False
        elif parts:
            zero = True
    out = "".join(parts)
    return out[1:] if out.startswith(digits[1] + ten) and len(out) <= 3 and digits is _CN_DIGITS else out


def load_numbering(numbering_root, styles_root, ns: str) -> Numbering:
    """Read numbering.xml and the numbering of paragraph styles (either may be None)."""
    w = f"{{{ns}}}"
    numbering = Numbering()
    if numbering_root is not None:
        for abstract in numbering_root.iter(f"{w}abstractNum"):
            levels = {}
            for lvl in abstract.iter(f"{w}lvl"):
                levels[_int(lvl.get(f"{w}ilvl"), 0)] = Level(
                    start=_int(_val(lvl, f"{w}start"), 1),
                    fmt=_val(lvl, f"{w}numFmt") or "decimal",
                    text=_val(lvl, f"{w}lvlText") or "",
                    legal=lvl.find(f"{w}isLgl") is not None,
                )
            numbering.levels[abstract.get(f"{w}abstractNumId", "")] = levels
        for num in numbering_root.iter(f"{w}num"):
            overrides = {}
            for ov in num.iter(f"{w}lvlOverride"):
                start = _val(ov, f"{w}startOverride")
                if start is not None:
                    overrides[_int(ov.get(f"{w}ilvl"), 0)] = _int(start, 1)
            numbering.nums[num.get(f"{w}numId", "")] = (_val(num, f"{w}abstractNumId") or "", overrides)
    if styles_root is not None:
        numbering.style_num = _style_numbering(styles_root, w)
    return numbering


def _style_numbering(styles_root, w: str) -> dict[str, tuple[str, int | None]]:
    own: dict[str, tuple[str, int | None]] = {}
    based: dict[str, str] = {}
    for style in styles_root.iter(f"{w}style"):
        sid = style.get(f"{w}styleId", "")
        parent = _val(style, f"{w}basedOn")
        if parent:
            based[sid] = parent
        num_pr = style.find(f"{w}pPr/{w}numPr")
        if num_pr is not None and _val(num_pr, f"{w}numId") is not None:
            ilvl = _val(num_pr, f"{w}ilvl")
            own[sid] = (_val(num_pr, f"{w}numId") or "", None if ilvl is None else _int(ilvl, 0))
    resolved = dict(own)
    for sid in based:
        cur, hops = sid, 0
        while cur not in own and cur in based and hops < 20:
            cur, hops = based[cur], hops + 1
        if cur in own and sid not in resolved:
            resolved[sid] = own[cur]
    return resolved


def _val(el, child: str) -> str | None:
    found = el.find(child)
    if found is None:
        return None
    ns = child[: child.index("}") + 1] if child.startswith("{") else ""
    return found.get(f"{ns}val")


# Word keeps list numbers (w:start, w:startOverride, w:ilvl) within 0..32767; a larger one
# would make a letter label of millions of letters ('AAAA…' for 2e8) or overflow.
MAX_NUMBER = 32767


def _int(value: str | None, default: int) -> int:
    """An attribute as a number, or ``default`` when it is missing, malformed or out of Word's range."""
    if value is None or len(value) > 6:
        return default
    try:
        n = int(value)
    except ValueError:
        return default
    return n if -MAX_NUMBER <= n <= MAX_NUMBER else default
