"""Document metadata from the text around the tasks: title, year, 文号, issuer, date."""
from __future__ import annotations

import datetime

import regex

from gwparse.enums import CN_DIGITS, cn_value
from gwparse.text import compile_pattern, compile_regex

# Endings are tested with str.endswith (one C call), not a "(…)$" search that tries every position.
TITLE_WORDS = ("通知", "方案", "要点", "分解表", "清单", "计划", "意见", "安排", "任务表", "分工表", "责任表",
                "实施细则", "规划", "分工", "分解", "工作表", "台账", "任务书", "一览表")
# What may follow a title's last word: （文字版）, （征求意见稿）, a Markdown heading's marks before it.
_TITLE_SUFFIX = compile_pattern(r"\s*[（(][^（()）]{1,12}[)）]$")
_SKIP = compile_pattern(r"^(附件\s*\d*|[（(].{0,8}[)）]|发布时间.*|作者.*|来源.*|【字体.*)$")
_BRACKET_PREFIX = compile_pattern(r"^【[^】]{1,30}】\s*")
# The issuer's name before the bracket is taken whole ({1,12}+): no bracket is a Han
# character, so giving some back could never reach one, and each start costs one try.
_DOC_NO = compile_regex(r"[\p{Han}]{1,12}+[〔\[【［(（]\s*(\d{4})\s*[〕\]】］)）]\s*\d{1,4}\s*号")
_DATE_NUM = compile_pattern(r"(20\d\d|19\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")
_DATE_CN = compile_pattern(r"([二〇零一二三四五六七八九○]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_YEAR = compile_pattern(r"(20\d\d)\s*年")
_ANY_YEAR = compile_pattern(r"(20\d\d)")
_SPACES = compile_pattern(r"\s+")
_ISSUER_TAIL = ("人民政府办公室", "人民政府办公厅", "人民政府", "办公室", "办公厅", "委员会", "管委会", "领导小组",
                "局", "委", "厅", "办")
# Each date pattern runs only on text holding its literal parts (a year's 19/20, 年):
# most lines hold neither, and an ``in`` test costs a fraction of a regex search.
def _numeric_date(text: str) -> regex.Match | None:
    return _DATE_NUM.search(text) if "20" in text or "19" in text else None


def _chinese_date(text: str) -> regex.Match | None:
    return _DATE_CN.search(text) if "年" in text else None


def is_date_line(text: str) -> bool:
    """The line is a date and nothing else (a signature's: 2025年3月10日, 二〇二五年三月十日)."""
    t = text.strip()
    found = _numeric_date(t) or _chinese_date(t)
    return found is not None and found.group(0).strip() == t


def find_title(lines: list[str]) -> str | None:
    for line in lines[:15]:
        t = line.strip()
        if t.startswith("【"):
            t = _BRACKET_PREFIX.sub("", t)
        if t.startswith("#"):  # a Markdown heading
            t = t.lstrip("#").strip()
        if not t or len(t) > 80 or _SKIP.match(t):
            continue
        if t.endswith(TITLE_WORDS) or (t[-1] in "）)" and _TITLE_SUFFIX.sub("", t).endswith(TITLE_WORDS)):
            return t
    return None


def find_date(lines: list[str]) -> str | None:
    """The issue date: the signature date at the end, else a 发布时间 at the top."""
    for line in list(reversed(lines[-8:])) + lines[:10]:
        t = line.strip()
        if len(t) > 30:
            continue
        m = _numeric_date(t)
        if m and (date := _iso_date(*(int(x) for x in m.groups()))):
            return date
        m = _chinese_date(t)
        if m:
            y = int("".join(str(CN_DIGITS.get(c, 0)) for c in m.group(1)))
            if date := _iso_date(y, cn_value(m.group(2)) or 0, cn_value(m.group(3)) or 0):
                return date
    return None


def _iso_date(year: int, month: int, day: int) -> str | None:
    """'2023-06-01', or None for a day no calendar has (一二三月, 2月30日): the line is not a date."""
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_issuer(lines: list[str], title: str | None) -> str | None:
    if title and "关于" in title:
        head = title.split("关于", 1)[0].strip()
        if 2 <= len(head) <= 30 and head.endswith(_ISSUER_TAIL):
            return head
    tail = [t for ln in lines[-8:] if (t := ln.strip())]
    for prev, line in zip(tail, tail[1:], strict=False):  # a short issuer line just above a date line
        if len(prev) <= 30 and prev.endswith(_ISSUER_TAIL) and (_numeric_date(line) or _chinese_date(line)):
            return prev
    return None


def document_metadata(lines: list[str], text: str) -> dict:
    title = find_title(lines)
    head = "\n".join(lines[:20])
    doc_no_m = _DOC_NO.search(head) if "号" in head else None  # every 文号 ends in 号
    doc_no = _SPACES.sub("", doc_no_m.group(0)) if doc_no_m else None
    date = find_date(lines)
    year = None
    for source in (title or "", doc_no or ""):
        m = _YEAR.search(source) or _ANY_YEAR.search(source)
        if m:
            year = int(m.group(1))
            break
    if year is None and date:
        year = int(date[:4])
    if year is None:
        years = [int(y) for y in _YEAR.findall(text[:200_000])]
        year = max(years) if years else None
    return {"title": title, "year": year, "doc_no": doc_no, "issuer": find_issuer(lines, title), "date": date}
