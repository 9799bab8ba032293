"""Prose notices and labelled lists → drafts.

Prose: a task is closed by a unit parenthetical — ``（区财政局负责落实）`` or
``（责任单位：…）`` — so one paragraph may hold several tasks. Paragraphs without
one are headings (一、 → category, （一） → section = its first sentence) or
introductions. Labelled lists: a task is the numbered item just before one or
more unit label lines (``牵头单位：…``); person lines (``牵头负责领导：``) are skipped.
"""
from __future__ import annotations

import re
import sys

import regex

from gwparse.cells import looks_like_deadline, looks_like_units
from gwparse.draft import Draft
from gwparse.enums import split_enum, strip_heading
from gwparse import vocab
from gwparse.vocab import is_person_line, role_of_label
from gwparse.model import Role

# What a parenthetical's units end with (…负责落实, …牵头, …分别牵头负责落实): a role
# phrase, whose last word is always one of these.
_ROLE_WORDS = frozenset("牵头 负责 落实 配合 协助 协同 协作 参与 承办 办理 实施 推进 跟进 执行 主办".split())
_LABEL = rf"(?:{vocab.UNIT_LABEL}|{vocab.DEADLINE_LABEL}|{vocab.PERSON_LABEL})"
# a field label: 牵头单位： / （责任单位）： / 【配合单位】 / 完成时限： / 责任领导：
_FIELD = (rf"(?:【\s*{_LABEL}\s*】\s*[:：]?"
          rf"|[（(]?\s*{_LABEL}\s*[)）]?\s*[:：])")
_FIELD_SPLIT = regex.compile(f"({_FIELD})")
# Leading spaces are taken whole (\s*+): giving some back could only hand them to the
# label's own \s*, so backtracking would just retry every alternative at every space.
FIELD_LINE = regex.compile(rf"^\s*+{_FIELD}")
# a label that closes a task paragraph without brackets: …信息。牵头单位：区发改局
# (group 1 is where the task's part ends: the punctuation is matched, not looked behind
# for, so the engine only tries the places after one)
TRAILING_FIELD = regex.compile(rf"[。；;](\s*+)(?={_FIELD})")
# the regex module's \s for patterns run by the stdlib engine (whose \s adds \x1c-\x1f)
_SPACE = r"[^\S\x1c-\x1f]"
# Rule 7: a unit block in （）, (), 【】 or []: balanced, one level of nesting inside (市府办〔市大数据局〕,
# 各街办(新区)), and the punctuation after it. The inside (group 1, spaces and all) is taken whole:
# an atomic group, as giving characters back could only lead to more backtracking. The stdlib
# engine runs this one quicker; it has atomic groups from 3.11.
_PAREN = (re if sys.version_info >= (3, 11) else regex).compile(
    rf"(?:[（(]((?>(?:[^（）()]+|[（(][^（）()]*[)）])*))[)）]"
    rf"|【((?>(?:[^【】]+|【[^【】]*】)*))】"
    rf"|\[((?>(?:[^\[\]]+|\[[^\[\]]*\])*))\]){_SPACE}*[。；;]?")
_OPENERS = str.maketrans("(【[", "（（（")
_SEPARATOR = re.compile(r"[；;，,]")  # plain character classes: the stdlib engine is quicker
_SENTENCE_END = re.compile(r"[。！？!?]")
_NOT_UNITS = ("试行", "草案", "征求意见稿", "此件公开发布", "以下简称", "详见", "见附件")  # prefixes


def may_hold_field(text: str) -> bool:
    """False when the text cannot hold a field label: every one ends in a colon or
    closes a 【】, so most lines and paragraphs are spared the label patterns."""
    return ":" in text or "：" in text or "】" in text


_UNREAD = object()  # no reading memoised yet (None is one: no units)


def unit_parens(para: str, memo: dict | None = None) -> list[tuple[int, int, list[tuple[str, Role]], str | None]]:
    """(start, end, units, deadline) of each unit parenthetical in a paragraph.

    A parenthetical counts when it starts with a unit label (责任单位：…) or its
    units end in a role phrase (…负责落实), optionally followed by a deadline
    (…牵头，各区配合；2024年6月底前); (试行) or a 文号 does not. ``memo`` keeps
    what each parenthetical's text read as, for one document: the same few
    (（一）, （区政府各部门负责落实）) recur in paragraph after paragraph.
    """
    found: list = []
    if memo is None:
        memo = {}
    # _PAREN's matches as finditer would give them, but tried only where str.find puts an
    # opening bracket (one kind of it, in a copy where "(" reads "（"): the regex engine's
    # own scan for one is several times slower.
    opens = para.translate(_OPENERS) if "(" in para or "【" in para or "[" in para else para
    start = opens.find("（")
    while start >= 0:
        m = _PAREN.match(para, start)
        if m is None:
            start = opens.find("（", start + 1)
            continue
        end = m.end()
        inner = (m.group(1) or m.group(2) or m.group(3) or "").strip()
        reading = memo.get(inner, _UNREAD)
        if reading is _UNREAD:
            reading = memo[inner] = _paren_units(inner)
        if reading:
            found.append((start, end, *reading))
        start = opens.find("（", end)
    return found


def _paren_units(inner: str) -> tuple[list[tuple[str, Role]], str | None] | None:
    """(units, deadline) a parenthetical's text names, or None."""
    if not inner or inner.startswith(_NOT_UNITS):
        return None
    if may_hold_field(inner) and FIELD_LINE.match(inner):
        units, deadline = paren_fields(inner)
        return (units, deadline) if units else None
    head, deadline = inner, None
    tail = _SEPARATOR.split(inner)[-1].strip()
    if tail != inner and looks_like_deadline(tail):
        head, deadline = inner[: len(inner) - len(tail)].rstrip("；;，, "), tail
    if not _ends_in_role(head) or not looks_like_units(head, lenient=True):
        return None
    return [(head, "responsible")], deadline


def _ends_in_role(text: str) -> bool:
    """The units end in a role phrase (区财政局负责落实): told by their last word, a set
    lookup (a line end after it is allowed, as a role-phrase regex's ``$`` would)."""
    if text[-1:] == "\n":
        text = text[:-1]
    return text[-2:] in _ROLE_WORDS


def paren_fields(inner: str) -> tuple[list[tuple[str, Role]], str | None]:
    """Units of labelled text, each with the role its label gives, and a deadline
    when it names one: （牵头单位：…；配合单位：…；完成时限：6月底前）."""
    parts = _FIELD_SPLIT.split(inner)
    if len(parts) == 1:
        return [(inner, "responsible")], None
    units: list[tuple[str, Role]] = []
    deadline = None
    for i in range(1, len(parts) - 1, 2):
        text = _clean(parts[i + 1])
        label = parts[i].strip()
        if not text or vocab.is_person_label(label):  # 责任领导：张某 names no unit
            continue
        if vocab.is_deadline_label(label):
            deadline = deadline or text
        else:
            units.append((text, role_of_label(label)))
    return units, deadline


def _clean(text: str) -> str:
    """Field text without separators around it or a closing bracket it does not open."""
    text = text.strip().strip("；;，,。 ")
    if text[-1:] in "）)" and text.count("（") + text.count("(") < text.count("）") + text.count(")"):
        text = text[:-1].rstrip("；;，,。 ")
    return text


def paragraphs(text: str) -> list[str]:
    return [p for line in text.split("\n") if (p := line.strip())]


class _Headings:
    def __init__(self) -> None:
        self.category: str | None = None
        self.section: str | None = None
        self.item: str | None = None

    def heading(self, para: str) -> bool:
        """Take a paragraph without units as a heading; False when it is not one."""
        level, _, rest = split_enum(para)
        if level == 1 and len(rest) <= 60:
            self.category, self.section, self.item = strip_heading(para), None, None
        elif level == 2:
            self.section, self.item = first_sentence(rest), None
        elif level == 3 and len(rest) <= 40 and "。" not in rest.rstrip("。"):
            self.item = strip_heading(para)
        else:
            return False
        return True

    def draft(self, content: str, units: list[tuple[str, Role]], seq: str | None = None,
              deadline: str | None = None) -> Draft:
        return Draft(content=content, category=self.category, section=self.section, item=self.item,
                     seq=seq, deadline=deadline, units=units)


def first_sentence(text: str) -> str:
    head = text.partition("。")[0]  # the commonest end, found by str.find: quicker than a regex scan
    if "！" in head or "？" in head or "!" in head or "?" in head:
        head = _SENTENCE_END.split(head, maxsplit=1)[0]
    return head.strip().rstrip("：:；;，, ")


def prose_drafts(text: str) -> list[Draft]:
    """Tasks closed by unit parentheticals and tasks followed by unit label lines,
    in one pass: real notices mix both."""
    heads = _Headings()
    drafts: list[Draft] = []
    pending: str | None = None  # the last paragraph that label lines would make a task
    saved_item: str | None = None  # the item heading before ``pending`` was taken as one
    current: Draft | None = None  # the task that label lines are being added to
    memo: dict = {}  # unit_parens' reading of each parenthetical's text
    for para in paragraphs(text):
        if is_person_line(para):
            continue
        labelled = may_hold_field(para)
        if labelled and FIELD_LINE.match(para):
            units, deadline = paren_fields(para)
            if units and current is None and pending is not None:
                current = _labelled_task(heads, pending, saved_item)
                drafts.append(current)
                pending = None
            if current is not None:
                current.units += units
                current.deadline = current.deadline or deadline
            continue
        current = None
        parens = unit_parens(para, memo)
        if not parens and labelled:
            parens = _trailing_field(para)
        if parens:
            drafts += _paragraph_tasks(heads, para, parens)
            pending = None
            continue
        saved_item = heads.item
        level = split_enum(para)[0]
        heads.heading(para)
        pending = None if level == 1 else para
    return drafts


def _trailing_field(para: str) -> list:
    """The units of a label that closes the paragraph's task (…信息。牵头单位：区发改局),
    in the form ``unit_parens`` gives; [] when no label there names a unit."""
    trailing = TRAILING_FIELD.search(para)
    if trailing:
        units, deadline = paren_fields(para[trailing.end():])
        if units:
            return [(trailing.start(1), len(para), units, deadline)]
    return []


def _labelled_task(heads: _Headings, para: str, saved_item: str | None) -> Draft:
    """The paragraph before a unit label line is a task, even if it read as a heading."""
    level, number, rest = split_enum(para)
    seq = number if level in (3, 4) and number and number.isdigit() else None
    if level == 3:
        heads.item = saved_item
    if level == 2:
        heads.section, heads.item = first_sentence(rest), None
    return heads.draft(rest if level else para, [], seq)


def _after_enumerator(para: str, rest: str, begin: int) -> str:
    """What ``split_enum`` leaves of ``para[:begin].strip()``, told from ``rest``, what it
    left of the whole (stripped) paragraph: the text from there up to ``begin``. ''
    when none stands there; the caller then splits the part itself.

    Enumerator patterns are anchored at the start and look at most one character past
    what they take, so with text between the enumerator and the cut (a bracket, or the
    space before a label) the part starts with the same enumerator as the paragraph.
    This saves a ``split_enum`` call per paragraph, on a string no cache has seen."""
    return para[len(para) - len(rest):begin].strip()


def _paragraph_tasks(heads: _Headings, para: str, parens: list) -> list[Draft]:
    """One task per unit parenthetical, running from the previous one (or the start).
    ``para`` is stripped (a ``paragraphs`` item), so ``split_enum``'s rest ends it."""
    level, number, rest = split_enum(para)
    if level == 1:  # 一、 heading and task in one paragraph: the first sentence heads it
        heads.category, heads.section, heads.item = first_sentence(rest), None, None
    drafts = []
    start = 0
    for k, (begin, end, units, deadline) in enumerate(parens):
        chunk = para[start:begin].strip()
        start = end
        seq = None
        if k == 0 and level:
            chunk = _after_enumerator(para, rest, begin) or split_enum(chunk)[2]
            if level == 2:
                heads.section, heads.item = first_sentence(chunk), None
            elif level in (3, 4) and number and number.isdigit():
                seq = number
        chunk = chunk.strip().lstrip("。；;，, ").strip()
        if chunk:
            drafts.append(heads.draft(chunk, list(units), seq, deadline))
    return drafts
