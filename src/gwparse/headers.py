"""Table headers → record fields, by the meaningful parts of the header's wording.

Real plans word headers in many ways (工作任务, 主要工作任务, 任务内容, 具体工作内容及
目标, 完成时限, 时限要求, 责任科室, 牵头落实单位 …). A header is classified by what
it names (单位/部门/科室 → units; 时限/时间/期限 → deadline …), not looked up in a
closed list, so unseen wordings still map.
"""
from __future__ import annotations

import regex

from gwparse.model import Role

SEQ, CATEGORY, SECTION, ITEM, CONTENT, DEADLINE, CHANNELS, UNITS, IGNORE = (
    "seq", "category", "section", "item", "content", "deadline", "channels", "units", "ignore")

_SPACE = regex.compile(r"\s+")
_BRACKETED = regex.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_SEQ = regex.compile(r"^(序号|编号|序|号|No\.?|NO\.?|项次|条目)$")
_IGNORE = regex.compile(r"备注|完成情况|进展|落实情况|说明|依据|评分|分值|联系人|电话|领导|责任人$|分管")
_UNITS = regex.compile(r"(单位|部门|科室|处室|股室|科股|机构|主体|责任人单位|牵头方|承办|主办|协办)$|^(牵头|责任|配合|协同|协办|主办|承办)(单位|部门|科室|处室|股室)?")
_DEADLINE = regex.compile(r"时限|时间|期限|日期|进度|时序|完成时|节点")
_CHANNELS = regex.compile(r"公开方式|公开渠道|发布渠道|公开途径|发布方式|公开载体|方式|渠道|载体|途径")
_CONTENT = regex.compile(r"内容|要求|措施|具体|目标|举措|事项|任务描述|工作任务及|标准")
_SECTION = regex.compile(r"要点|重点|子项|分项|二级")
_CATEGORY = regex.compile(r"任务|项目|类别|类型|领域|工作|板块|一级")


# First match wins: 备注 before anything, 牵头单位 before 任务, 完成时限 before 完成 …
_BY_PRIORITY = ((_SEQ, SEQ), (_IGNORE, IGNORE), (_UNITS, UNITS), (_DEADLINE, DEADLINE), (_CHANNELS, CHANNELS),
                (_CONTENT, CONTENT), (_SECTION, SECTION), (_CATEGORY, CATEGORY))


def classify_header(text: str) -> str | None:
    """The field a header cell names, or None when it reads as no header at all."""
    t = _SPACE.sub("", text)
    if not t or len(t) > 40:
        return None
    if "（" in t or "(" in t or "【" in t or "[" in t:  # the only way a bracketed part starts
        t = _BRACKETED.sub("", t) or t  # 责任单位（部门） → 责任单位
    if len(t) > 20:
        return None
    for pattern, field in _BY_PRIORITY:
        if pattern.search(t):
            return field
    return None


_COOPERATE = regex.compile(r"配合|协同|协办|协助|参与")


def unit_role(header: str) -> Role:
    """Default role of a unit column (rule 3): 牵头 → lead, 配合 → cooperate, else responsible."""
    if _COOPERATE.search(header):
        return "cooperate"
    if "牵头" in header or "主办" in header:
        return "lead"
    return "responsible"


# A person line in a labelled list (牵头负责领导：…) names no unit.
PERSON_LINE = regex.compile(r"^\s*[【（(]?[^:：\s】]{0,8}(领导|负责人|责任人|联系人|分管)\s*[】)）]?\s*[:：]?")
# Where PERSON_LINE's word can stand: it ends within 12 characters (a bracket, eight
# others, a word of up to three) of the line's first non-space one.
_PERSON_REACH = 12


def is_person_line(line: str) -> bool:
    """``PERSON_LINE`` matches the line. Its words end in 导, 人 or 管, so a line without
    one of them within reach is told by ``in`` tests, not a regex (most lines are not)."""
    head = (line.lstrip() if line[:1].isspace() else line)[:_PERSON_REACH]
    if "导" not in head and "人" not in head and "管" not in head:
        return False
    return PERSON_LINE.match(line) is not None
