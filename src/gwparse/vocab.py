"""The words of 政务公开 plans that name roles, labels, persons, deadlines and notes.

One module, used by table headers, unit cells, prose unit blocks and labelled
lists alike, so that a word means the same wherever a plan writes it
(RECORDS.md rules 3, 7, 8 and 9): ``主要协作单位：`` is a cooperate label in a
table cell as in a prose bracket, ``责任领导：`` names a person everywhere.
Roles are read from the meaning of a label's words, not looked up in a closed
list of labels, so unseen wordings (``主责部门``, ``承办科室``) still map.
"""
from __future__ import annotations

from gwparse.model import Role
from gwparse.text import compile_pattern

# Rule 8: what a label or header's words say about the role. Cooperate words are
# tested first (主要协作单位, 协助牵头单位 …), then lead, else responsible.
COOPERATE_WORDS = ("配合", "协同", "协作", "协办", "协助", "参与")
LEAD_WORDS = ("牵头", "主办", "主责")
RESPONSIBLE_WORDS = ("责任", "承办", "负责", "主要负责")
ROLE_WORD = "|".join(COOPERATE_WORDS + LEAD_WORDS + RESPONSIBLE_WORDS)
# Rule 2: the role phrases written after units (区财政局牵头落实), by the role they give.
# Qualifiers before one (按职责分工, 分别, 具体) are stripped as a tail of their own.
ROLE_PHRASES: dict[str, Role] = {
    "牵头": "lead", "牵头负责": "lead", "牵头落实": "lead", "牵头负责落实": "lead", "主办": "lead",
    "配合": "cooperate", "协助": "cooperate", "协同": "cooperate", "协作": "cooperate", "参与": "cooperate",
    "配合落实": "cooperate", "协助落实": "cooperate", "协同落实": "cooperate", "协作落实": "cooperate",
    "参与落实": "cooperate",
    "负责": "responsible", "负责落实": "responsible", "落实": "responsible", "承办": "responsible",
}
# The verbs those phrases are made of, as a regex alternation.
ROLE_VERBS = "牵头|负责|落实|配合|协助|协同|协作|参与|主办|承办"
# Qualifiers that may stand before a role phrase.
ROLE_QUALIFIERS = ("按职责分工", "按照职责", "按职责", "分别", "具体")
# The last word of a prose unit block's role phrase (…负责落实, …分别牵头, …组织实施).
BLOCK_ENDS = frozenset("牵头 负责 落实 配合 协助 协同 协作 参与 承办 主办 办理 实施 推进 跟进 执行".split())
# What a unit label ends with: 牵头单位 / 责任科室 / 配合部门 …
UNIT_NOUN = "单位|部门|科室|处室|股室|科股|机构|处|科|股"

_COOPERATE = compile_pattern("|".join(COOPERATE_WORDS))


def role_of_label(label: str) -> Role:
    """The role a label or column header gives the units written under it (rules 3 and 8)."""
    if " " in label:
        label = label.replace(" ", "")  # 牵 头 单 位
    if _COOPERATE.search(label):
        return "cooperate"
    if any(word in label for word in LEAD_WORDS):
        return "lead"
    if label.isascii():  # gwparse's own columns: lead_units, cooperate_units
        return "cooperate" if "cooperate" in label.lower() else "lead" if "lead" in label.lower() else "responsible"
    return "responsible"


# A unit label: role words, up to a few others, a unit noun (牵头单位, 主要协作单位, 协同责任单位,
# 第一责任单位); or a role word alone before a colon (牵头：区财政局).
UNIT_LABEL = (rf"(?:主要|第一|其他|其它)?(?:{ROLE_WORD})[^:：()（）【】\[\]\s；;，,、。]{{0,6}}?(?:{UNIT_NOUN})"
              rf"|(?:{ROLE_WORD}|单位|部门|科室)(?=\s*[:：])")  # 单位：区生态环境分局 (a 台账's bare label)
# A person label (rule 7): 责任领导, 牵头领导, 分管领导, 牵头负责领导, 责任人, 联系人, 负责同志 …
PERSON_WORDS = ("领导", "负责人", "责任人", "联系人", "负责同志", "分管")
PERSON_LABEL = rf"[^:：()（）【】\[\]\s；;，,、。]{{0,6}}?(?:{'|'.join(PERSON_WORDS)})"
# A deadline label (rule 7): 完成时限, 时限要求, 完成时间, 时间节点, 办结时限 …
DEADLINE_LABEL = r"(?:完成|办结|公开|工作)?(?:时限|时间|期限|时间节点|进度安排)(?:要求)?"

# A person part is a label in brackets (【责任领导】张某) or before a colon (责任领导：张某): a task
# that merely opens with a person word (加强组织领导。…, 主要负责人要…) is no person part.
PERSON_LINE = _PERSON = compile_pattern(rf"^\s*(?:[【（(\[]\s*(?:{PERSON_LABEL})\s*[】)）\]]|[【（(\[]?\s*(?:{PERSON_LABEL})\s*[:：])")
# Where a person label's word can end: within this many characters of the line's start.
_PERSON_REACH = 12
_DEADLINE_LABEL = compile_pattern(rf"^[【（(\[]?\s*(?:{DEADLINE_LABEL})\s*[】)）\]]?\s*[:：]?$")
_PERSON_LABEL = compile_pattern(rf"^[【（(\[]?\s*(?:{PERSON_LABEL})\s*[】)）\]]?\s*[:：]?$")


def is_person_line(line: str) -> bool:
    """The line (or part) opens with a person label (牵头负责领导：张某): it names no unit.
    Person words end in 导, 人, 志 or 管, so most lines are told by ``in`` tests alone."""
    head = line.lstrip().lstrip("【（([").lstrip()[:_PERSON_REACH]
    if "导" not in head and "人" not in head and "管" not in head and "志" not in head:
        return False
    return _PERSON.match(line) is not None


_PERSON_WORD = compile_pattern("|".join(PERSON_WORDS))


def has_person_word(text: str) -> bool:
    """The text holds a person word anywhere (one C-speed search): only then can a person label."""
    if "导" not in text and "人" not in text and "志" not in text and "管" not in text:
        return False  # every person word holds one of these: C-speed scans, no regex
    return _PERSON_WORD.search(text) is not None


def is_person_label(label: str) -> bool:
    """A whole label (责任领导：) names a person."""
    return _PERSON_LABEL.match(label.strip()) is not None


def is_deadline_label(label: str) -> bool:
    """A whole label (完成时限：, 【时限要求】) names a deadline."""
    return _DEADLINE_LABEL.match(label.strip()) is not None


# Rule 9: a note that the first unit listed leads, from where it is written on.
FIRST_LEADS = compile_pattern(r"(?:第一|首位|排在?第一位?|列第一位?|排名第一|排序第一|列首位|排首位|第一个)"
                            r"[^，,。；;）)】\]]{0,8}?(?:的|者)?(?:为|是|系)(?:主要)?牵头"
                            r"|牵头(?:单位|部门)?(?:列|排|放|写)?在?(?:最前|前面|首位|第一位?)")
# Rule 9: editorial notes inside a unit block or cell: not units.
_NOTE_WORDS = r"见附件|附件\d|下同|详见|不再单独列出|不再一一列出|不再列出|以下简称|按职责分工|按职责|根据职责|各自职责"
NOTE_IN_BRACKETS = compile_pattern(rf"[（(〔\[【][^（()）〔〕\[\]【】]*(?:{_NOTE_WORDS})[^（()）〔〕\[\]【】]*[）)〕\]】]")
# 以下…不再单独列出 / （以下…）下同: a note written after the units, up to the end of its part.
NOTE_AFTER = compile_pattern(r"(?:^|[，,；;。])\s*(?:以下[^；;]*?(?:不再[^；;]{0,6}?列出|下同)"
                             r"|(?:不再单独列出|不再一一列出|不再列出|下同|详?见附件))[^；;]*")
_NOTE_MARK = compile_pattern("附件|下同|详见|列出|简称|职责")


def drop_notes(text: str) -> str:
    """A unit text without its editorial notes (rule 9). Most cells hold none: ``in`` tests
    (C speed) decide which patterns need to run at all."""
    if _NOTE_MARK.search(text):
        if any(bracket in text for bracket in "（(〔[【"):
            text = NOTE_IN_BRACKETS.sub("", text)
        if "列出" in text or "下同" in text or "附件" in text:
            text = NOTE_AFTER.sub("", text)
    if "牵头" in text:
        text = drop_first_leads(text)
    return text


_FIRST_LEADS_PART = compile_pattern(rf"[（(\[【]?[^（()）\[\]【】；;，,。]*?(?:{FIRST_LEADS.pattern})[^（()）\[\]【】；;，,。]*[）)\]】]?")
# Every first-leads note holds one of these (and 牵头).
_FIRST_MARK = compile_pattern("第一|首位|最前|前面")


def drop_first_leads(text: str) -> str:
    """The text without a first-unit-leads note (its meaning is kept by the caller)."""
    return _FIRST_LEADS_PART.sub("", text) if says_first_leads(text) else text


def says_first_leads(text: str) -> bool:
    """The text notes that the first unit listed leads (第一责任单位为牵头单位, 牵头单位列首位)."""
    return ("牵头" in text and _FIRST_MARK.search(text) is not None
            and FIRST_LEADS.search(text) is not None)


# Disclosure channels (公开方式): 政府网站, 政务新媒体, 公告栏 … A cell naming them is no unit
# list, though 站 and 会 end unit names too (气象站, 管委会).
CHANNEL = compile_pattern(r"网站|网页|门户|新媒体|公众号|微信|微博|客户端|公告栏|公示栏|公开栏|宣传栏|专栏|发布会|"
                     r"报纸|报刊|电视|广播|简报|公报|政务服务大厅|政务服务平台|信息公开平台|APP|app")


def names_channel(text: str) -> bool:
    return CHANNEL.search(text) is not None
