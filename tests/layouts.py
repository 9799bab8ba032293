"""Random plans and their renderings into every layout gwparse reads (issue 13's round-trip suite).

A ``Plan`` is the truth: its tasks carry the records a parse must give back,
by construction, never from gwparse's output. ``plans()`` draws one with
hypothesis; each renderer turns it into one physical layout (text styles,
.docx, HTML, .xlsx, encodings) and says which fields that layout carries.

Fields a layout cannot carry are dropped from the comparison, not guessed:

- tables (text and containers) carry every field; the 备注 column is printed
  but is no field of a record;
- prose and hard-wrapped prose carry no ``channels``; they carry ``deadline``
  only when the unit block names it (``完成时限：…``), and ``seq`` only when
  tasks are printed as ``1.`` items (never under a ``（N）`` section);
- the labelled list carries no ``channels`` and no ``deadline``.

``item`` (a level-3 heading, RECORDS rule 12) is drawn only for prose, where it
is a short line above numbered tasks; tables put no item column (gwparse's
item column is a numbered heading column, which this generator does not draw).

The vocabulary is this file's own: administrative prefixes + stems + suffixes
for units, verb + object + tail for content. Unit names hold none of the
role, label or note words, so the expected unit set is exact.
"""
from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field, replace
from html import escape

from hypothesis import strategies as st

# -- vocabulary ----------------------------------------------------------------------------------

PREFIXES = ("区", "市", "县", "镇", "街道")
STEMS = {
    "局": ("财政", "民政", "教育", "司法", "审计", "统计", "应急管理", "卫生健康", "自然资源", "生态环境",
          "住房城乡建设", "市场监管", "文化旅游", "人力资源社会保障"),
    "办": ("政府", "党政", "信访", "网信", "医保", "综治"),
    "委": ("发展改革", "农业农村", "卫生健康", "经济信息化"),
    "中心": ("政务服务", "大数据", "便民服务", "融媒体", "综合执法"),
    "科": ("法规", "宣传", "综合", "财务", "信息"),
}
GROUPS = ("各街道", "各镇人民政府", "区级各部门", "市政府各部门", "各社区")
VERBS = ("公开", "更新", "规范", "完善", "推进", "加强", "做好", "梳理", "发布", "优化")
OBJECTS = ("主动公开基本目录", "政策解读材料", "财政预算决算信息", "重大项目批准和实施信息", "行政执法结果",
           "依申请公开办理流程", "政务新媒体账号", "公共资源配置信息", "惠民补贴发放情况", "教育收费标准",
           "社会救助政策", "城市更新项目进展", "政府信息公开年度报告", "重大行政决策事项目录")
TAILS = ("", "，做到应公开尽公开", "，每季度更新一次", "，及时回应社会关切", "，方便社会查询",
         "，确保信息准确完整", "，按规定时间集中发布")
SECOND = ("", "同步做好解读工作。", "建立健全工作台账。", "加强督促检查。")
CATEGORIES = ("推进决策公开", "深化重点领域公开", "强化政策解读", "提升平台建设水平", "加强基层公开",
              "优化政务服务", "规范依申请公开")
SECTIONS = ("做好财政信息公开", "推进规划信息公开", "用好政务新媒体", "加强政府网站管理", "规范公开流程",
            "落实公开责任")
ITEMS = ("基础工作", "平台建设", "制度建设", "监督保障")
DEADLINES = ("6月底前", "2025年12月底前", "每季度", "长期", "全年", "3月31日前", "持续推进", "每年9月底前")
CHANNELS = ("政府网站", "政务新媒体", "政务公开专栏", "新闻发布会", "公告栏")
NOTES = ("", "重点任务", "新增", "延续")
CN_NUMBERS = "一二三四五六七八九十"

# role phrases written after the units they apply to (RECORDS rule 2); (phrase, role)
PHRASES = (("牵头", "lead"), ("牵头落实", "lead"), ("配合", "cooperate"), ("配合落实", "cooperate"),
           ("协助", "cooperate"), ("负责", "responsible"), ("负责落实", "responsible"),
           ("分别负责", "responsible"))
# labels (RECORDS rules 3 and 8); (label, role)
LABELS = {"lead": ("牵头单位", "主办单位"), "responsible": ("责任单位", "承办单位"),
          "cooperate": ("配合单位", "协同责任单位", "主要协作单位")}
PERSONS = ("责任领导", "牵头领导", "分管领导")
FIELDS = ("content", "category", "section", "item", "seq", "deadline", "channels", "units")

# headers: field → synonyms; a unit header's default role is the role units without a phrase take
HEADERS = {
    "seq": ("序号",),
    "category": ("任务类别", "工作类别", "工作项目"),
    "section": ("重点工作", "工作事项"),
    "content": ("工作任务", "主要任务", "任务内容", "具体工作内容"),
    "deadline": ("完成时限", "时限要求", "完成时间", "时限"),
    "channels": ("公开方式", "公开渠道"),
    "note": ("备注",),
}
UNIT_HEADERS = (("责任单位", "responsible"), ("牵头单位", "lead"), ("责任科室", "responsible"),
                ("责任部门", "responsible"))


# -- the plan ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class UnitGroup:
    """Units written together and the role phrase after them (None: the column's default role)."""
    names: tuple[str, ...]
    phrase: str | None
    role: str | None


@dataclass(frozen=True)
class Task:
    category: str | None
    section: str | None
    item: str | None
    seq: str | None
    content: str
    groups: tuple[UnitGroup, ...]
    lead: tuple[str, ...]        # for a two-column unit layout (牵头单位 | 配合单位)
    cooperate: tuple[str, ...]
    deadline: str | None
    channels: tuple[str, ...]
    note: str

    def units(self, default: str) -> frozenset[tuple[str, str]]:
        return frozenset((n, g.role or default) for g in self.groups for n in g.names)


@dataclass(frozen=True)
class Plan:
    title: str
    doc_no: str | None
    tasks: tuple[Task, ...]
    columns: tuple[str, ...]           # fields in print order: seq category section content units… note
    headers: dict = field(hash=False)   # field → header text (units: the unit header; lead/cooperate)
    unit_default: str
    two_unit_columns: bool
    spaced: frozenset[str]             # header fields printed with spaces between characters
    channel_sep: str


def _unit_name(draw) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(GROUPS))
    suffix = draw(st.sampled_from(tuple(STEMS)))
    return draw(st.sampled_from(PREFIXES)) + draw(st.sampled_from(STEMS[suffix])) + suffix


def _names(draw, n: int, taken: set[str]) -> tuple[str, ...]:
    out = []
    for _ in range(n):
        name = _unit_name(draw)
        if name not in taken:
            taken.add(name)
            out.append(name)
    return tuple(out)


def _groups(draw) -> tuple[UnitGroup, ...]:
    """1-4 units in 1-2 groups; the last group may go without a phrase."""
    taken: set[str] = set()
    groups = []
    for i in range(draw(st.integers(1, 2))):
        names = _names(draw, draw(st.integers(1, 2)), taken)
        if not names:
            continue
        last = i == 1 or draw(st.booleans())
        if last and draw(st.booleans()):
            groups.append(UnitGroup(names, None, None))
            break
        phrase, role = draw(st.sampled_from(PHRASES))
        groups.append(UnitGroup(names, phrase, role))
        if last:
            break
    return tuple(groups)


def _content(draw) -> str:
    first = draw(st.sampled_from(VERBS)) + draw(st.sampled_from(OBJECTS)) + draw(st.sampled_from(TAILS)) + "。"
    return first + draw(st.sampled_from(SECOND))


FEATURES = ("plain", "section", "two_unit_columns", "note", "spaced", "full")


@st.composite
def plans(draw, feature: str = "full", *, levels: int | None = None, items: bool = False) -> Plan:
    """A random plan: 1-3 categories (or none) of 1-3 tasks, optional sections, seq and columns.

    ``feature`` narrows the draw so that one failure cause shows alone: ``plain`` has no section
    level, one unit column, no 备注 column and no spaced header words; ``section``,
    ``two_unit_columns``, ``note`` and ``spaced`` are plain plus that one; ``full`` draws all.
    """
    full = feature == "full"
    if levels is None:
        levels = draw(st.integers(0, 2)) if full else (2 if feature == "section" else draw(st.integers(0, 1)))
    with_seq = draw(st.booleans())
    tasks: list[Task] = []
    categories = draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=3, unique=True))
    sections = iter(draw(st.permutations(SECTIONS)))
    item_names = iter(draw(st.permutations(ITEMS)))
    contents: set[str] = set()
    for category in categories if levels else [None]:
        for section in ([next(sections) for _ in range(draw(st.integers(1, 2)))] if levels == 2 else [None]):
            item = next(item_names, None) if items and draw(st.booleans()) else None
            for _ in range(draw(st.integers(1, 3))):
                content = _content(draw)
                if content in contents:  # two equal records would make the comparison a multiset puzzle
                    continue
                contents.add(content)
                taken: set[str] = set()
                tasks.append(Task(
                    category=category, section=section, item=item,
                    seq=str(len(tasks) + 1) if with_seq else None,
                    content=content, groups=_groups(draw),
                    lead=_names(draw, draw(st.integers(1, 2)), taken),
                    cooperate=_names(draw, draw(st.integers(0, 2)), taken),
                    deadline=draw(st.sampled_from(DEADLINES)),
                    channels=tuple(draw(st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=3, unique=True))),
                    note=draw(st.sampled_from(NOTES))))
    with_deadline, with_channels = draw(st.booleans()), draw(st.booleans())
    with_note = draw(st.booleans()) if full else feature == "note"
    if not with_deadline:
        tasks = [replace(t, deadline=None) for t in tasks]
    if not with_channels:
        tasks = [replace(t, channels=()) for t in tasks]
    two_unit_columns = draw(st.integers(0, 3)) == 0 if full else feature == "two_unit_columns"
    unit_header, unit_default = draw(st.sampled_from(UNIT_HEADERS))
    trailing = ["units"] + (["deadline"] if with_deadline else []) + (["channels"] if with_channels else [])
    trailing = draw(st.permutations(trailing))
    columns = ((["seq"] if with_seq else []) + ["category", "section"][:levels] + ["content"]
               + list(trailing) + (["note"] if with_note else []))
    headers = {f: draw(st.sampled_from(HEADERS[f])) for f in columns if f in HEADERS}
    headers["units"] = unit_header
    prefix = draw(st.sampled_from(("示例区", "示例市", "示例县")))
    year = draw(st.integers(2019, 2026))
    doc_no = f"示政办发〔{year}〕{draw(st.integers(1, 60))}号" if draw(st.booleans()) else None
    spaced = frozenset(f for f in headers if draw(st.integers(0, 4)) == 0) if full else (
        frozenset(draw(st.lists(st.sampled_from(sorted(headers)), min_size=1, unique=True)))
        if feature == "spaced" else frozenset())
    return Plan(title=f"{prefix}{year}年政务公开工作任务分解表", doc_no=doc_no, tasks=tuple(tasks),
                columns=tuple(columns), headers=headers, unit_default=unit_default,
                two_unit_columns=two_unit_columns, spaced=spaced,
                channel_sep=draw(st.sampled_from(("、", "，", "；"))))


# -- the expected records ------------------------------------------------------------------------

def expected(plan: Plan, carried: frozenset[str] = frozenset(FIELDS), *, content_prefix: dict | None = None,
             default: str | None = None) -> list[dict]:
    """The plan's own records, restricted to the fields the layout carries."""
    out = []
    for i, t in enumerate(plan.tasks):
        if plan.two_unit_columns and default is None:
            units = frozenset([(n, "lead") for n in t.lead] + [(n, "cooperate") for n in t.cooperate])
        else:
            units = t.units(default or plan.unit_default)
        full = {"content": (content_prefix or {}).get(i, "") + t.content, "category": t.category,
                "section": t.section, "item": t.item, "seq": t.seq, "deadline": t.deadline,
                "channels": list(t.channels), "units": units}
        out.append({k: v for k, v in full.items() if k in carried})
    return out


def comparable(records, carried: frozenset[str] = frozenset(FIELDS)) -> list[dict]:
    """gwparse's records (TaskRecord objects) in the shape ``expected`` gives."""
    out = []
    for r in records:
        full = {"content": r.content, "category": r.category, "section": r.section, "item": r.item,
                "seq": r.seq, "deadline": r.deadline, "channels": list(r.channels),
                "units": frozenset((u.name, u.role) for u in r.units)}
        out.append({k: v for k, v in full.items() if k in carried})
    return out


# -- table cells ---------------------------------------------------------------------------------

def _spaced(text: str) -> str:
    return " ".join(text)


def header_cells(plan: Plan) -> list[str]:
    cells = []
    for f in plan.columns:
        if f == "units" and plan.two_unit_columns:
            cells += ["牵头单位", "配合单位"]
            continue
        text = plan.headers[f]
        cells.append(_spaced(text) if f in plan.spaced else text)
    return cells


def units_text(groups: tuple[UnitGroup, ...], sep: str = "、") -> str:
    return "，".join(sep.join(g.names) + (g.phrase or "") for g in groups)


def _category_cell(task: Task, plan: Plan) -> str:
    i = [c for c in dict.fromkeys(t.category for t in plan.tasks)].index(task.category)
    return f"{CN_NUMBERS[i]}、{task.category}"


def _section_cell(task: Task, plan: Plan) -> str:
    within = [t.section for t in plan.tasks if t.category == task.category]
    i = list(dict.fromkeys(within)).index(task.section)
    return f"（{CN_NUMBERS[i]}）{task.section}"


def row_cells(plan: Plan, task: Task) -> list[tuple[str, str]]:
    """(field, cell text) for one body row, every cell filled."""
    cells: list[tuple[str, str]] = []
    for f in plan.columns:
        if f == "seq":
            cells.append((f, task.seq or ""))
        elif f == "category":
            cells.append((f, _category_cell(task, plan)))
        elif f == "section":
            cells.append((f, _section_cell(task, plan)))
        elif f == "content":
            cells.append((f, task.content))
        elif f == "units" and plan.two_unit_columns:
            cells += [("units", "、".join(task.lead)), ("units", "、".join(task.cooperate))]
        elif f == "units":
            cells.append((f, units_text(task.groups)))
        elif f == "deadline":
            cells.append((f, task.deadline or ""))
        elif f == "channels":
            cells.append((f, plan.channel_sep.join(task.channels)))
        else:
            cells.append((f, task.note))
    return cells


def body_rows(plan: Plan) -> list[list[tuple[str, str, bool]]]:
    """(field, text, continues) per cell: ``continues`` marks a heading cell merged with the row above."""
    rows = []
    previous: Task | None = None
    for task in plan.tasks:
        row = []
        for f, text in row_cells(plan, task):
            same = previous is not None and (
                (f == "category" and previous.category == task.category)
                or (f == "section" and previous.category == task.category and previous.section == task.section))
            row.append((f, text, same))
        rows.append(row)
        previous = task
    return rows


def preamble(plan: Plan, lines: list[str]) -> list[str]:
    head = ["附件", plan.title] if len(plan.title) % 2 else [plan.title]
    return head + ([plan.doc_no] if plan.doc_no else []) + lines


# -- text table layouts --------------------------------------------------------------------------

def tab_cells(plan: Plan, merged: str = "once") -> str:
    """A Word table dumped as text: a TAB before each cell, rows split by blank lines.

    ``merged``: ``once`` prints a merged heading cell that opens its row untabbed in its first
    row (as Word's dump does) and a blank tabbed cell below it; ``blank`` prints it tabbed in its
    first row, blank below.
    """
    blocks = ["\n".join("\t" + c for c in header_cells(plan))]
    for row in body_rows(plan):
        lines = []
        for c, (_f, text, continues) in enumerate(row):
            if continues:
                lines.append("\t")
            elif merged == "once" and c == 0 and _f in ("category", "section"):
                lines.append(text)
            else:
                lines.append("\t" + text)
        blocks.append("\n".join(lines))
    return "\n".join(preamble(plan, [""])) + "\n" + "\n\n".join(blocks) + "\n"


def tab_rows(plan: Plan) -> str:
    """A row per line, TABs between cells; a merged heading cell is blank below its first row."""
    lines = ["\t".join(header_cells(plan))]
    for row in body_rows(plan):
        lines.append("\t".join("" if continues else text for _f, text, continues in row))
    return "\n".join(preamble(plan, lines)) + "\n"


def pipe_table(plan: Plan, continuation: str = "omit") -> str:
    """``| cell | cell |`` rows; a continuation row omits its merged cells (``omit``) or is shifted
    left and padded with empty cells at the end (``pad``)."""
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    width = len(header_cells(plan))
    lines = [line(header_cells(plan))]
    for row in body_rows(plan):
        cells = [text for _f, text, continues in row if not continues]
        if continuation == "pad":
            cells += [""] * (width - len(cells))
        lines.append(line(cells).replace("|  |", "| |"))
    return "\n".join(preamble(plan, [""] + lines)) + "\n"


def csv_table(plan: Plan) -> str:
    """A sheet saved as CSV: merged heading cells blank below their first row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header_cells(plan))
    for row in body_rows(plan):
        writer.writerow(["" if continues else text for _f, text, continues in row])
    return buf.getvalue()


def cell_lines(plan: Plan, separator: bool = True) -> str:
    """One cell per line, cells separated by lines holding only ``|`` (or by nothing).

    Merged heading cells are printed in every row: a blank cell cannot be written as a line.
    """
    cells = header_cells(plan) + [text for row in body_rows(plan) for _f, text, _c in row]
    lines = []
    for c in cells:
        lines.append(c)
        if separator:
            lines.append("|")
    return "\n".join(preamble(plan, lines[:-1] if separator else lines)) + "\n"


def browser_copy(plan: Plan) -> str:
    """A browser's copy of an HTML table: each cell line ends in `` |``, rows split by lines ``|``;
    a row continuing a merged heading omits that cell (rowspan)."""
    rows = [header_cells(plan)] + [[t for _f, t, c in row if not c] for row in body_rows(plan)]
    lines = []
    for row in rows:
        lines += [f"{c} |" for c in row]
        lines.append("|")
    return "\n".join(preamble(plan, lines[:-1])) + "\n"


# -- prose and labelled lists ---------------------------------------------------------------------

def unit_block(task: Task, style: str, with_deadline: bool) -> str:
    """A task's unit block: ``paren`` (role phrases in （）), ``paren-label``, ``lenticular`` (【】),
    ``square`` ([]); labelled parts are separated by ；."""
    if style == "paren":
        return "（" + units_text(task.groups) + "）"
    by_role: dict[str, list[str]] = {}
    for g in task.groups:
        by_role.setdefault(g.role or "responsible", []).extend(g.names)
    parts = [f"{LABELS[role][0]}：{'、'.join(by_role[role])}" for role in ("lead", "responsible", "cooperate")
             if role in by_role]
    if with_deadline and task.deadline:
        parts.append(f"完成时限：{task.deadline}")
    inner = "；".join(parts)
    return {"paren-label": f"（{inner}）", "lenticular": f"【{inner}】", "square": f"[{inner}]"}[style]


def prose_groups(task: Task) -> tuple[UnitGroup, ...]:
    """In prose a unit block needs a role phrase at its end: a bare last group is made 负责落实."""
    groups = list(task.groups)
    if groups[-1].phrase is None:
        groups[-1] = UnitGroup(groups[-1].names, "负责落实", "responsible")
    return tuple(groups)


def prose_plan(plan: Plan) -> Plan:
    return replace(plan, tasks=tuple(replace(t, groups=prose_groups(t)) for t in plan.tasks))


def prose(plan: Plan, style: str = "paren", own_line: bool = False) -> tuple[str, list[dict]]:
    """A notice: 一、 category lines, （N） section paragraphs whose first task includes the heading
    sentence, ``1.`` items when the plan has seq and no sections, an item line above its tasks."""
    plan = prose_plan(plan)
    if any(t.section for t in plan.tasks) or not all(t.seq for t in plan.tasks):
        # rule 12: an item heading stands above numbered tasks
        plan = replace(plan, tasks=tuple(replace(t, item=None) for t in plan.tasks))
    with_deadline = style != "paren"
    lines = [plan.title.replace("任务分解表", "要点的通知"),
             *([plan.doc_no] if plan.doc_no else []), "各有关单位：", "现将有关事项通知如下："]
    prefix: dict[int, str] = {}
    ci = si = 0
    previous: Task | None = None
    for i, t in enumerate(plan.tasks):
        if t.category is not None and (previous is None or previous.category != t.category):
            lines.append(f"{CN_NUMBERS[ci]}、{t.category}")
            ci, si = ci + 1, 0
        new_section = t.section is not None and (previous is None or previous.section != t.section)
        if t.item is not None and (previous is None or previous.item != t.item):
            lines.append(t.item)
        block = unit_block(t, style, with_deadline)
        number = f"{t.seq}." if t.seq and t.section is None else ""
        if new_section:
            prefix[i] = f"{t.section}。"
            text = f"（{CN_NUMBERS[si]}）{t.section}。{t.content}"
            si += 1
        else:
            text = number + t.content
        if own_line:
            lines += [text, block]
        else:
            lines.append(text + block)
        previous = t
    lines += ["示例人民政府办公室", "2024年3月15日"]
    carried = {"content", "category", "section", "item", "units"}
    if with_deadline:
        carried.add("deadline")
    if not any(t.section for t in plan.tasks):
        carried.add("seq")
    records = expected(plan, frozenset(carried), content_prefix=prefix, default="responsible")
    return "\n".join(lines) + "\n", records


def hard_wrapped(plan: Plan, width: int, style: str = "paren", own_line: bool = False) -> tuple[str, list[dict]]:
    """Prose copied out of a PDF: every paragraph broken into lines of ``width`` characters."""
    text, records = prose(plan, style, own_line)
    lines = []
    for para in text.splitlines():
        lines += [para[i:i + width] for i in range(0, len(para), width)] or [""]
    return "\n".join(lines) + "\n", records


def labelled_list(plan: Plan, person: bool = False) -> tuple[str, list[dict]]:
    """Numbered tasks followed by ``牵头单位：`` / ``责任单位：`` / ``配合单位：`` lines."""
    lines = [plan.title.replace("任务分解表", "责任分工方案"), *([plan.doc_no] if plan.doc_no else [])]
    ci = 0
    previous: Task | None = None
    for i, t in enumerate(plan.tasks):
        if t.category is not None and (previous is None or previous.category != t.category):
            lines.append(f"{CN_NUMBERS[ci]}、{t.category}")
            ci += 1
        lines.append(f"{t.seq or i + 1}. {t.content}")
        if person:
            lines.append(f"{PERSONS[i % len(PERSONS)]}：张某")
        by_role: dict[str, list[str]] = {}
        for g in t.groups:
            by_role.setdefault(g.role or "responsible", []).extend(g.names)
        for role in ("lead", "responsible", "cooperate"):
            if role in by_role:
                lines.append(f"{LABELS[role][i % len(LABELS[role])]}：{'、'.join(by_role[role])}")
        previous = t
    flat = replace(plan, tasks=tuple(replace(t, section=None, item=None, seq=t.seq or str(i + 1))
                                     for i, t in enumerate(plan.tasks)))
    return "\n".join(lines) + "\n", expected(flat, frozenset({"content", "category", "section", "item",
                                                              "seq", "units"}), default="responsible")


# -- containers ----------------------------------------------------------------------------------

def _row_spans(plan: Plan) -> list[list[tuple[str, int]]]:
    """Per body row, (text, rowspan) for the cells it prints; merged continuations are left out."""
    rows = body_rows(plan)
    out = []
    for r, row in enumerate(rows):
        cells = []
        for c, (_f, text, continues) in enumerate(row):
            if continues:
                continue
            span = 1
            while r + span < len(rows) and rows[r + span][c][2]:
                span += 1
            cells.append((text, span))
        out.append(cells)
    return out


def html_table(plan: Plan) -> bytes:
    """An HTML page: navigation, a title, a table with ``rowspan`` merges, a footer."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header_cells(plan))
    body = "".join("<tr>" + "".join(f'<td rowspan="{s}">{escape(t)}</td>' if s > 1 else f"<td>{escape(t)}</td>"
                                    for t, s in row) + "</tr>" for row in _row_spans(plan))
    doc_no = f"<p>{escape(plan.doc_no)}</p>" if plan.doc_no else ""
    return (f'<html><head><meta charset="utf-8"><title>{escape(plan.title)}</title></head><body>'
            f'<div id="nav">首页 &gt; 通知公告</div><h1>{escape(plan.title)}</h1>{doc_no}'
            f'<table border="1"><tr>{head}</tr>{body}</table>'
            f'<div class="footer">版权所有：示例人民政府</div></body></html>').encode()


def docx_table(plan: Plan) -> bytes:
    """A .docx whose merged heading cells are real ``w:vMerge`` cells."""
    from builders import docx_bytes, p, tbl, tc, tr

    header = header_cells(plan)
    rows = [tr(*(tc(h) for h in header))]
    table = body_rows(plan)
    for r, row in enumerate(table):
        cells = []
        for c, (_f, text, continues) in enumerate(row):
            below = r + 1 < len(table) and table[r + 1][c][2]
            vmerge = "continue" if continues else ("restart" if below else None)
            cells.append(tc("" if continues else text, vmerge=vmerge))
        rows.append(tr(*cells))
    blocks = [p(plan.title)] + ([p(plan.doc_no)] if plan.doc_no else []) + [tbl(*rows, cols=len(header))]
    return docx_bytes(*blocks)


def xlsx_table(plan: Plan) -> bytes:
    """An .xlsx: title row merged across, header row, merged ranges over heading cells."""
    from openpyxl.utils import get_column_letter

    from builders import xlsx_bytes

    header = header_cells(plan)
    rows: list[list[object]] = [[plan.title] + [None] * (len(header) - 1), list(header)]
    merges = [f"A1:{get_column_letter(len(header))}1"] if len(header) > 1 else []
    table = body_rows(plan)
    for r, row in enumerate(table):
        values: list[object] = []
        for c, (_f, text, continues) in enumerate(row):
            values.append(None if continues or not text else (int(text) if _f == "seq" else text))
            if not continues and r + 1 < len(table) and table[r + 1][c][2]:
                end = r + 1
                while end + 1 < len(table) and table[end + 1][c][2]:
                    end += 1
                col = get_column_letter(c + 1)
                merges.append(f"{col}{r + 3}:{col}{end + 3}")
        rows.append(values)
    return xlsx_bytes([("任务", rows, merges)])


@functools.cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def traditional(text: str) -> str:
    """The text in traditional script (OpenCC s2t), as a Big5 plan is written."""
    return _s2t().convert(text)
