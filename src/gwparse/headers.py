"""Table headers → record fields, by the meaningful parts of the header's wording.

Real plans word headers in many ways (工作任务, 主要工作任务, 任务内容, 具体工作内容及
目标, 完成时限, 时限要求, 责任科室, 牵头落实单位 …). A header is classified by what
it names (单位/部门/科室 → units; 时限/时间/期限 → deadline …), not looked up in a
closed list, so unseen wordings still map.
"""
from __future__ import annotations

from gwparse.enums import split_enum
from gwparse.model import Role
from gwparse.text import compile_pattern
from gwparse.vocab import PERSON_WORDS, ROLE_WORD, UNIT_NOUN, role_of_label

SEQ, CATEGORY, SECTION, ITEM, CONTENT, DEADLINE, CHANNELS, UNITS, IGNORE = (
    "seq", "category", "section", "item", "content", "deadline", "channels", "units", "ignore")

_SPACE = compile_pattern(r"\s+")
_ENUM_FIRST = frozenset("一二三四五六七八九十（(第")  # how a heading's enumerator starts
_BRACKETED = compile_pattern(r"[（(【\[][^）)】\]]*[）)】\]]")
_SEQ = compile_pattern(r"^(序号|编号|序|号|No\.?|NO\.?|项次|条目)$")
# A person column (责任领导, 联系人) names no unit (vocab.PERSON_WORDS); nor do notes and scores.
# (责任人 and 负责人 only at the end: 责任人单位 is a unit column.)
_IGNORE = compile_pattern("备注|完成情况|进展|落实情况|说明|依据|评分|分值|电话|"
                        + "|".join(w if not w.endswith("人") else w + "$" for w in PERSON_WORDS))
_UNITS = compile_pattern(rf"(?:{UNIT_NOUN}|主体|牵头方|承办|主办|协办)$|^(?:主要|第一)?(?:{ROLE_WORD})(?:{UNIT_NOUN})?")
_DEADLINE = compile_pattern(r"时限|时间|期限|日期|进度|时序|完成时|节点")
_CHANNELS = compile_pattern(r"公开方式|公开渠道|发布渠道|公开途径|发布方式|公开载体|方式|渠道|载体|途径")
_CONTENT = compile_pattern(r"内容|要求|措施|具体|目标|举措|事项|任务描述|工作任务及|标准")
_SECTION = compile_pattern(r"要点|重点|子项|分项|二级")
_CATEGORY = compile_pattern(r"任务|项目|类别|类型|领域|工作|板块|一级")


# First match wins: 备注 before anything, 牵头单位 before 任务, 完成时限 before 完成 …
_BY_PRIORITY = ((_SEQ, SEQ), (_IGNORE, IGNORE), (_UNITS, UNITS), (_DEADLINE, DEADLINE), (_CHANNELS, CHANNELS),
                (_CONTENT, CONTENT), (_SECTION, SECTION), (_CATEGORY, CATEGORY))


# gwparse's own CSV/xlsx columns (writers.py, --headers en and zh), so that its output reads back.
_OWN_COLUMNS = {
    "category": CATEGORY, "section": SECTION, "item": ITEM, "seq": SEQ, "content": CONTENT,
    "deadline": DEADLINE, "channels": CHANNELS, "lead_units": UNITS, "responsible_units": UNITS,
    "cooperate_units": UNITS, "units_raw": IGNORE, "title": IGNORE, "doc_title": IGNORE, "source": IGNORE,
    "date": IGNORE, "format": IGNORE, "script": IGNORE, "unit": IGNORE, "role": IGNORE, "角色": IGNORE,
    "issuer": IGNORE, "doc_no": IGNORE, "year": IGNORE,
    "单位原文": IGNORE, "发文日期": IGNORE, "事项": ITEM, "标题": IGNORE, "来源文件": IGNORE, "文件标题": IGNORE,
    "年度": IGNORE, "文号": IGNORE, "发文机关": IGNORE, "版式": IGNORE, "繁简": IGNORE,
}
# Decorations around a header's words: ★序号, 工作任务*, 责任单位：, ｜
_DECORATION = compile_pattern(r"^[^\w（(【\[]+|[^\w）)】\]]+$")


def classify_header(text: str) -> str | None:
    """The field a header cell names, or None when it reads as no header at all."""
    t = _SPACE.sub("", text)
    if not t or len(t) > 40:
        return None
    own = _OWN_COLUMNS.get(t.lower())
    if own is not None:
        return own
    if not t[0].isalnum() or not t[-1].isalnum():
        t = _DECORATION.sub("", t)
        if not t:
            return None
    if t[0] in _ENUM_FIRST and split_enum(t)[0]:
        return None  # a heading (一、深化重点领域公开, （一）…) names no field, whatever its words
    if "（" in t or "(" in t or "【" in t or "[" in t:  # the only way a bracketed part starts
        t = _BRACKETED.sub("", t) or t  # 责任单位（部门） → 责任单位
    if len(t) > 20:
        return None
    for pattern, field in _BY_PRIORITY:
        if pattern.search(t):
            return field
    return None


def unit_role(header: str) -> Role:
    """Default role of a unit column (rule 3): the role its header's words name (``vocab.role_of_label``)."""
    return role_of_label(header)


# The role column of gwparse's own per-unit listing (--per-unit, the xlsx 单位 sheet): one row
# per (task, unit), so its tasks repeat those of the task sheet.
PER_UNIT_ROLE = ("role", "角色")
