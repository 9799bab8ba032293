"""Plausibility checks on a parse: findings that say a result looks wrong.

A wrong table read with exit status 0 is the worst outcome for a user, so every
document's records are checked for what a right reading never gives: content
that is only punctuation or reads as a deadline or as units, a heading that
reads as a deadline or as units, unit names that are no names, a unit block
left in the content, a record without units among records that have them. The
extractors add their own findings (``info["warnings"]`` in ``extract``) as
``(code, message)`` pairs. Every test is linear in the records and reuses the
memoised cell tests of ``cells``.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gwparse import vocab
from gwparse.cells import looks_like_deadline, looks_like_units
from gwparse.text import compile_pattern

if TYPE_CHECKING:
    from gwparse.model import TaskRecord

# Per-record findings of one kind beyond this many are summed up in one more line.
MAX_PER_CODE = 5


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """One finding: a short ``code`` (``content-is-deadline``) and a one-line message
    naming what and where ("record 12: content reads as a deadline: '6月底前'")."""

    code: str
    message: str

    def __str__(self) -> str:
        return self.message


# Content this short is a fragment (a wrapped line's tail, a cell cut off), not a task.
MIN_CONTENT = 4
_WORDLIKE = compile_pattern(r"\w")  # the stdlib \w takes every Han character (str.isalnum)
_ENOUGH_WORDLIKE = compile_pattern(rf"(?:\W*\w){{{MIN_CONTENT}}}")  # stops at the fourth word character
# A unit name holding a label, role or person word was not cut where it should have been.
_LABEL_IN_NAME = compile_pattern(rf"(?:{vocab.ROLE_WORD})(?:单位|部门|科室|处室)|[:：]")
_ROLE_IN_NAME = compile_pattern(r"(?:牵头|负责|配合|协助|协同|参与)(?:落实)?$")
# A unit block at the end of the content: （区财政局负责）, 【责任单位：…】, [牵头单位：…], or a label.
_BLOCK_AT_END = compile_pattern(
    r"(?:[（(【\[][^（()）【】\[\]]{1,80}(?:负责|牵头|配合|落实|协助|参与)[^（()）【】\[\]]{0,6}[)）】\]]"
    r"|[（(【\[]\s*(?:牵头|责任|配合|协同|协办|主办|承办)(?:单位|部门|科室)\s*[:：】\]][^（()）【】\[\]]*[)）】\]]?)"
    r"[。；;]?\s*$")
_CLOSING = frozenset("）)】]")
_LABEL_IN_CONTENT = compile_pattern(rf"(?:{vocab.ROLE_WORD})(?:单位|部门|科室)\s*[:：]")
MAX_UNIT_NAME = 40
_CLOSING_BRACKETS = frozenset("）)〉】〕")
_PINYIN = compile_pattern(r"[(（][a-zA-Z\u00e0-\u01dc]+[)）]")
_STRAY_BRACKET = compile_pattern(r"[()（）【】\[\]〈〉|｜]")

# What reads as a deadline here is stricter than ``cells.looks_like_deadline`` (which
# places lone cells and lets 及时公开… pass): time words and joiners only, one time
# word at least, then at most a completion verb: 6月底前, 2023年12月底前完成, 长期, 每季度.
_TIME = (r"(?:\d{4}年度?|\d{1,2}月(?:\d{1,2}日)?|\d{1,2}日|(?:第?[一二三四1-4])季度|年底|年中|年末|月底|月末|季末|"
         r"上半年|下半年|全年|年内|长期|持续|常态化?|及时|每年|每半年|每季度?|每月|每周|定期|实时|动态|随时|同步|"
         r"[上中下]旬|底|末|前|以前|之前|起|开始|以后)")
_STRICT_DEADLINE = compile_pattern(rf"(?:{_TIME}|[，,、；;及和至到\-—~～\s])+(?:完成|办结|公开|更新|发布)?。?")
_TIME_WORD = compile_pattern(_TIME)
# What a unit's name ends with, without the words that also end common nouns and verbs
# (平台, 市场, 执行, 有关, 大会): the units check must not fire on a task's text.
# (A tuple for str.endswith: a $-anchored regex search tries every position of the name.)
_STRONG_UNIT_ENDS = tuple("局 委 办 办公室 中心 政府 部门 单位 街道 办事处 镇 乡 院 所 厅 处 科 室 队 站 "
                          "公司 集团 银行 医院 委员会 管委会 领导小组".split())
# What text made of unit names can end with: a unit word, a role word, a closing bracket, 等's tail.
_UNIT_TEXT_LAST = frozenset("局委办室心府门位道处镇乡院所厅科队站司团行会组") | frozenset("头责合助同与实）)〉】类等")
# Words a task or heading opens with and a unit name never does.
_TASK_VERB = compile_pattern(r"^(?:加强|推进|做好|用好|管好|办好|建好|抓实|做实|建设|完善|深化|健全|强化|推动|提升|规范|落实|"
                        r"优化|抓好|扩大|开展|实施|公开|发布|编制|更新|开通|"
                        r"统筹|全面|持续|着力|切实|进一步|及时|积极|认真|严格|依法|主动|不断|确保|创新|探索)")
_PIECE_CUT = compile_pattern(r"[、，,；;]")
_BRACKETED = compile_pattern(r"[（(〈【〔][^（()）〉】〔〕]*[)）〉】〕]")
_ROLE_TAIL = compile_pattern(r"(?:按职责分工|分别|具体)?(?:牵头|负责|配合|协助|协同|参与)?(?:落实)?(?:等\S{0,6})?$")
_ROLE_TAIL_LAST = frozenset("工别体头责合助同与实")  # the last characters of its words


def _without_role_tail(piece: str) -> str:
    """The piece without a role phrase or 等… at its end. An end-anchored pattern is tried
    at every position, so it runs only where a tail can be (most pieces end in 局, 委, 办 …)."""
    if piece[-1:] not in _ROLE_TAIL_LAST and "等" not in piece[-7:]:
        return piece
    return _ROLE_TAIL.sub("", piece)


def check_records(records: Sequence[TaskRecord]) -> list[ParseWarning]:
    """Every finding over a document's records, per-record ones first in record order.

    Headings and unit names repeat record after record: a record's headings are judged
    again only when they differ from the record before (``heading_problem`` is memoised),
    each distinct unit name once per document, and most records then cost one content test."""
    found: list[tuple[str, str]] = []
    names: dict[str, str | None] = {}
    last_heads: tuple = ()
    head_problems: list[tuple[str, tuple[str, str]]] = []  # those of last_heads
    for number, record in enumerate(records, 1):
        problem = content_problem(record.content)
        if problem:
            found.append((problem[0], f"record {number}: {problem[1]}"))
        heads = (record.category, record.section, record.item)
        if heads != last_heads:  # most records share the headings of the one before
            last_heads = heads
            head_problems = [(field, problem) for field, heading in zip(_HEADING_FIELDS, heads, strict=True)
                             if heading and (problem := heading_problem(heading))]
        for field, problem in head_problems:
            found.append((problem[0], f"record {number}: {field} {problem[1]}"))
        for unit in record.units:
            why = names.get(unit.name, _UNSEEN)
            if why is _UNSEEN:
                why = names[unit.name] = unit_name_problem(unit.name)
            if why:
                found.append(("unit-name", f"record {number}: unit name {_quote(unit.name)} {why}"))
    found.extend(_missing_units(records))
    return _capped(found)


_HEADING_FIELDS = ("category", "section", "item")
_UNSEEN = object()


def content_problem(content: str) -> tuple[str, str] | None:
    """Why a record's content is no task's text, as (code, what), or None. Told by
    cheap tests first: nearly every content is long and ends in running text."""
    t = content.strip()
    if not (t[:1].isalnum() or _WORDLIKE.search(t)):  # most contents open with a Han character
        return "content-is-punctuation", f"content is only punctuation: {_quote(t)}"
    if len(t) <= 24 and reads_as_deadline(t):
        return "content-is-deadline", f"content reads as a deadline: {_quote(t)}"
    if t.rstrip("。")[-1:] in _UNIT_TEXT_LAST and reads_as_units(t):
        return "content-is-units", f"content reads as unit names: {_quote(t)}"
    if len(t) <= 4 * MIN_CONTENT and not _ENOUGH_WORDLIKE.match(t):
        return "content-too-short", f"content is too short for a task: {_quote(t)}"
    if (ends_in_unit_block(t)
            or (("：" in t or ":" in t) and ("单位" in t or "部门" in t or "科室" in t) and _LABEL_IN_CONTENT.search(t))):
        return "units-in-content", f"a unit block is left in the content: {_quote(t[-40:])}"
    return None


def ends_in_unit_block(text: str) -> bool:
    """The text ends in a bracket that reads as a unit block: （区财政局负责）, 【责任单位：…】."""
    return text.rstrip("。；; ")[-1:] in _CLOSING and _BLOCK_AT_END.search(text) is not None


@functools.lru_cache(maxsize=4096)
def heading_problem(heading: str) -> tuple[str, str] | None:
    """Why a heading (category, section, item) is none, as (code, what), or None
    (headings repeat record after record: memoised)."""
    h = heading.strip()
    if h.isdigit():
        return "heading-is-number", f"is only a number: {_quote(h)}"
    if len(h) <= 24 and reads_as_deadline(h):
        return "heading-is-deadline", f"reads as a deadline: {_quote(h)}"
    if h.rstrip("。")[-1:] in _UNIT_TEXT_LAST and reads_as_units(h):
        return "heading-is-units", f"reads as unit names: {_quote(h)}"
    return None


def reads_as_deadline(text: str) -> bool:
    """Nothing but a deadline."""
    t = text.strip()
    return (len(t) <= 24 and _STRICT_DEADLINE.fullmatch(t) is not None and _TIME_WORD.search(t) is not None
            and looks_like_deadline(t))


def reads_as_units(text: str) -> bool:
    """Nothing but unit names, each ending in a word only a unit ends with."""
    t = text.strip().rstrip("。")
    if not t or len(t) > 80 or _TASK_VERB.match(t):
        return False
    # from the last piece back, and lazily: a task's text fails on its last clause (…数据等)
    pieces = (_without_role_tail(p).strip() for p in reversed(_PIECE_CUT.split(_BRACKETED.sub("", t))))
    return all(p.endswith(_STRONG_UNIT_ENDS) for p in pieces if p) and looks_like_units(t)


@functools.lru_cache(maxsize=4096)
def unit_name_problem(name: str) -> str | None:
    """Why a unit name is no unit name, or None (a plan names its units again and again)."""
    if len(name) > MAX_UNIT_NAME:
        return f"is too long for a name ({len(name)} characters)"
    if not name.isalpha():  # most names are Han characters only: no stop, bracket or reading
        if "。" in name:
            return "holds a full stop (。)"
        if not _WORDLIKE.search(name) or name.isdigit():
            return "has no letters"
        if _PINYIN.search(name):
            return "holds a pinyin reading"
        if _STRAY_BRACKET.search(_BRACKETED.sub("", name)):
            return "holds a stray bracket"
    if vocab.has_person_word(name):
        return "holds a person label"
    if (_may_hold_label(name) and _label_left_in(name)
            or name[-1:] in _ROLE_LAST and _ROLE_IN_NAME.search(name)):
        return "holds a label or role word"
    bare = _BRACKETED.sub("", name) if name[-1:] in _CLOSING_BRACKETS else name  # 市府办〔市大数据局〕
    if not bare.endswith(_STRONG_UNIT_ENDS) and not looks_like_units(name) and not _is_group(bare):
        return "does not read as a unit name"
    return None


_ROLE_LAST = frozenset("头责合助同与实")  # what _ROLE_IN_NAME's words end with


def _label_left_in(name: str) -> bool:
    """A label the splitter should have cut off: before a colon, or opening the name
    (责任单位区财政局). A label word inside a name names a group (各承办单位, 相关责任部门,
    决策承办部门)."""
    if ":" in name or "：" in name:
        return True
    found = _LABEL_IN_NAME.search(name)
    return found is not None and found.start() == 0


def _may_hold_label(name: str) -> bool:
    """Only a name holding a colon or a label's noun can hold a label (``in`` tests, C speed)."""
    return ":" in name or "：" in name or "单位" in name or "部门" in name or "科室" in name or "处室" in name


def _is_group(name: str) -> bool:
    """各中小学, 各医疗机构, 各村（社区）: 各 and a short noun name a group of units."""
    return name.startswith("各") and 3 <= len(name) <= 12 and name[1:].isalpha()


def _missing_units(records: Sequence[TaskRecord]) -> list[tuple[str, str]]:
    """Records without units, when most records of the document have some: one finding."""
    without = [n for n, r in enumerate(records, 1) if not r.units]
    if not without or len(without) * 2 >= len(records):
        return []
    shown = ", ".join(map(str, without[:10])) + (", …" if len(without) > 10 else "")
    noun = "record" if len(without) == 1 else "records"
    return [("no-units", f"{noun} {shown}: no units, where {len(records) - len(without)} of "
                         f"{len(records)} records have some")]


def _capped(found: list[tuple[str, str]]) -> list[ParseWarning]:
    """At most ``MAX_PER_CODE`` findings of one kind, then one line counting the rest."""
    kept: list[ParseWarning] = []
    seen: dict[str, int] = {}
    for code, message in found:
        seen[code] = seen.get(code, 0) + 1
        if seen[code] <= MAX_PER_CODE:
            kept.append(ParseWarning(code, message))
    for code, n in seen.items():
        if n > MAX_PER_CODE:
            more = n - MAX_PER_CODE
            kept.append(ParseWarning(code, f"{more} more {'finding' if more == 1 else 'findings'} of this kind "
                                           f"({code}) not listed"))
    return kept


def from_extractor(entries: Iterable[tuple[str, str] | str]) -> list[ParseWarning]:
    """The extractors' findings (``(code, message)`` pairs; a bare string is a message)."""
    return [ParseWarning("extractor", _one_line(e)) if isinstance(e, str) else ParseWarning(e[0], _one_line(e[1]))
            for e in entries]


def _quote(text: str, limit: int = 40) -> str:
    text = _one_line(text)
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _one_line(text: str) -> str:
    return " ".join(text.split())
