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
_LABEL_SPLIT = regex.compile(rf"({_LABEL})")
_NOT_UNITS = regex.compile(r"^(试行|草案|征求意见稿|此件公开发布|以下简称|详见|见附件)")


def paren_units(inner: str) -> list[tuple[str, Role]]:
    """Unit texts of one parenthetical, each with the role its label gives."""
    parts = _LABEL_SPLIT.split(inner)
    if len(parts) == 1:
        return [(inner, "responsible")]
    out: list[tuple[str, Role]] = []
    for i in range(1, len(parts) - 1, 2):
        text = parts[i + 1].strip().strip("；;，,。 ")
        if text:
            out.append((text, unit_role(parts[i])))
    return out


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
    heads = _Headings()
    drafts: list[Draft] = []
    for para in paragraphs(text):
        matches = [m for m in UNIT_PAREN.finditer(para) if not _NOT_UNITS.match(m.group(1))]
        if not matches:
            heads.heading(para)
            continue
        level, number, _ = split_enum(para)
        if level == 1:
            heads.heading(para[:matches[0].start()])
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
                drafts.append(heads.draft(chunk, paren_units(m.group(1).strip())))
                drafts[-1].seq = seq
    return drafts


def labelled_drafts(text: str) -> list[Draft]:
    heads = _Headings()
    drafts: list[Draft] = []
    pending: str | None = None  # the last paragraph that could be a task
    current: Draft | None = None
    for para in paragraphs(text):
        label = LABEL_LINE.match(para)
        if label and not PERSON_LINE.match(para):
            if current is None and pending is not None:
                level, number, rest = split_enum(pending)
                seq = number if level in (3, 4) and number and number.isdigit() else None
                if level == 2:
                    heads.section, heads.item = first_sentence(rest), None
                current = heads.draft(rest if level else pending, [], seq)
                drafts.append(current)
                pending = None
            if current is not None:
                units = label.group(2).strip().rstrip("。.；; ")
                if units:
                    current.units.append((units, unit_role(label.group(1))))
            continue
        if PERSON_LINE.match(para):
            continue
        current = None
        level = split_enum(para)[0]
        # a （N） or 1. item may itself be the task: it is one when label lines follow
        if level in (1, 2) and heads.heading(para):
            pending = para if level == 2 else None
            continue
        pending = para
    return drafts
