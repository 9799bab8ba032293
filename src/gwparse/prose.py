"""Prose notices and labelled lists → drafts.

Prose: a task is closed by a unit parenthetical — ``（区财政局负责落实）`` or
``（责任单位：…）`` — so one paragraph may hold several tasks. Paragraphs without
one are headings (一、 → category, （一） → section = its first sentence) or
introductions. Labelled lists: a task is the numbered item just before one or
more unit label lines (``牵头单位：…``); person lines (``牵头负责领导：``) are skipped.
"""
from __future__ import annotations

import regex

from gwparse.draft import Draft
from gwparse.enums import split_enum, strip_heading
from gwparse.headers import LABEL_LINE, PERSON_LINE, unit_role
from gwparse.model import Role

_ROLE_END = (r"(?:牵头|负责|落实|配合|协助|协同|参与|承办|办理|实施|推进|跟进|执行)"
             r"(?:落实|负责|实施|推进|办理)?(?:落实)?")
_LABEL = r"(?:牵头|责任|配合|协同|协办|协助|主办|承办|参与)[^:：()（）]{0,6}(?:单位|部门|科室|处室|股室)\s*[:：]"
# A unit parenthetical: balanced brackets (one level of nesting) whose text starts
# with a unit label or ends with a role phrase.
UNIT_PAREN = regex.compile(
    rf"[（(]\s*((?:{_LABEL})(?:[^（）()]|[（(][^（）()]*[)）])*|(?:[^（）()]|[（(][^（）()]*[)）])*?{_ROLE_END})\s*[)）]\s*[。；;]?"
)
_DEADLINE_LABEL = r"(?:完成|办结|公开)?(?:时限|时间|期限|时间节点)(?:要求)?\s*[:：]"
_FIELD_SPLIT = regex.compile(rf"({_LABEL}|{_DEADLINE_LABEL})")
_DEADLINE_LINE = regex.compile(rf"^\s*{_DEADLINE_LABEL}\s*(.+?)\s*$")
_NOT_UNITS = regex.compile(r"^(试行|草案|征求意见稿|此件公开发布|以下简称|详见|见附件)")


def paren_fields(inner: str) -> tuple[list[tuple[str, Role]], str | None]:
    """Unit texts of one parenthetical, each with the role its label gives, and a
    deadline when it names one (（责任单位：…；完成时限：6月底前）)."""
    parts = _FIELD_SPLIT.split(inner)
    if len(parts) == 1:
        return [(inner, "responsible")], None
    units: list[tuple[str, Role]] = []
    deadline = None
    for i in range(1, len(parts) - 1, 2):
        text = parts[i + 1].strip().strip("；;，,。 ")
        if not text:
            continue
        if regex.match(_DEADLINE_LABEL, parts[i]):
            deadline = deadline or text
        else:
            units.append((text, unit_role(parts[i])))
    return units, deadline


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


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

    def draft(self, content: str, units: list[tuple[str, Role]], seq: str | None = None) -> Draft:
        return Draft(content=content, category=self.category, section=self.section, item=self.item,
                     seq=seq, units=units)


def first_sentence(text: str) -> str:
    head = regex.split(r"[。！？!?]", text, maxsplit=1)[0]
    return head.strip().rstrip("：:；;，, ")


def prose_drafts(text: str) -> list[Draft]:
    """Tasks closed by unit parentheticals and tasks followed by unit label lines,
    in one pass: real notices mix both."""
    heads = _Headings()
    drafts: list[Draft] = []
    pending: str | None = None  # the last paragraph that label lines would make a task
    saved_item: str | None = None  # the item heading before ``pending`` was taken as one
    current: Draft | None = None  # the task that label lines are being added to
    for para in paragraphs(text):
        label = LABEL_LINE.match(para)
        if label and not PERSON_LINE.match(para):
            if current is None and pending is not None:
                current = _labelled_task(heads, pending, saved_item)
                drafts.append(current)
                pending = None
            if current is not None:
                units = label.group(2).strip().rstrip("。.；; ")
                if units:
                    current.units.append((units, unit_role(label.group(1))))
            continue
        if PERSON_LINE.match(para):
            continue
        deadline = _DEADLINE_LINE.match(para)
        if deadline and current is not None:
            current.deadline = current.deadline or deadline.group(1).rstrip("。")
            continue
        current = None
        matches = [m for m in UNIT_PAREN.finditer(para) if not _NOT_UNITS.match(m.group(1))]
        if matches:
            drafts += _paragraph_tasks(heads, para, matches)
            pending = None
            continue
        saved_item = heads.item
        level = split_enum(para)[0]
        heads.heading(para)
        pending = None if level == 1 else para
    return drafts


def _labelled_task(heads: _Headings, para: str, saved_item: str | None) -> Draft:
    """The paragraph before a unit label line is a task, even if it read as a heading."""
    level, number, rest = split_enum(para)
    seq = number if level in (3, 4) and number and number.isdigit() else None
    if level == 3:
        heads.item = saved_item
    if level == 2:
        heads.section, heads.item = first_sentence(rest), None
    return heads.draft(rest if level else para, [], seq)


def _paragraph_tasks(heads: _Headings, para: str, matches: list) -> list[Draft]:
    """One task per unit parenthetical, running from the previous one (or the start)."""
    level, number, _ = split_enum(para)
    if level == 1:
        heads.heading(para[:matches[0].start()])
    drafts = []
    start = 0
    for k, m in enumerate(matches):
        chunk = para[start:m.start()].strip()
        start = m.end()
        seq = None
        if k == 0 and level:
            _, _, chunk = split_enum(chunk)
            if level == 2:
                heads.section, heads.item = first_sentence(chunk), None
            elif level in (3, 4) and number and number.isdigit():
                seq = number
        chunk = chunk.strip().lstrip("。；;，, ").strip()
        if chunk:
            units, deadline = paren_fields(m.group(1).strip())
            draft = heads.draft(chunk, units, seq)
            draft.deadline = deadline
            drafts.append(draft)
    return drafts
