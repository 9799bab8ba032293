"""One task plan laid out on two A4 pages, for the PDF and OFD tests.

Page 1: running header, title, a ruled table whose header row repeats on page
2, a category cell merged down into page 2, a deadline merged over two rows,
and a last row cut by the page break in mid-sentence (its second line full).
Page 2: the repeated header, the rest of the cut row (blank cells elsewhere),
a new task, a new category. Both pages end with a page number.
"""
from __future__ import annotations

from page_builders import Sheet, grid_boxes

XS = [50.0, 130.0, 330.0, 450.0, 545.0]
HEADER = ["工作任务", "具体要求", "责任单位", "完成时限"]
RUNNING = (50.0, 30.0, "某区政务公开工作领导小组办公室", 9.0)
TITLE = "2024年某区政务公开重点工作任务分解表"
CUT_LINES = ["3.推进政策解读。围绕重要政策文件，同", "步做好解读材料的起草和发布等工作，确保"]  # both full
CUT_REST = "政策解读与文件同步发布。"


def header(top: float) -> list[tuple[int, int, int, int, str]]:
    return [(0, 0, c, c, text) for c, text in enumerate(HEADER)]


def page_one() -> Sheet:
    ys = [100.0, 120.0, 150.0, 180.0, 220.0]
    cells = header(ys[0]) + [
        (1, 3, 0, 0, "一、推进决策公开"),
        (1, 1, 1, 1, "1.推进重大决策预公开。"), (1, 1, 2, 2, "区政府办公室牵头"), (1, 2, 3, 3, "全年"),
        (2, 2, 1, 1, "2.推进会议公开。"), (2, 2, 2, 2, "区司法局负责"),
        (3, 3, 1, 1, CUT_LINES), (3, 3, 2, 2, ["区政府办公室、", "区融媒体中心负责"]), (3, 3, 3, 3, "及时"),
    ]
    return Sheet(boxes=grid_boxes(XS, ys, cells),
                 texts=[RUNNING, (120.0, 60.0, TITLE, 16.0), (290.0, 810.0, "- 1 -", 9.0)])


def page_two() -> Sheet:
    ys = [60.0, 80.0, 100.0, 130.0, 160.0]
    cells = header(ys[0]) + [
        (1, 2, 0, 0, ""),
        (1, 1, 1, 1, CUT_REST), (1, 1, 2, 2, ""), (1, 1, 3, 3, ""),
        (2, 2, 1, 1, "4.公开建议提案办理结果。"), (2, 2, 2, 2, "区政务服务中心负责"), (2, 2, 3, 3, "6月底前"),
        (3, 3, 0, 0, "二、加强平台建设"),
        (3, 3, 1, 1, "5.优化政府网站栏目。"), (3, 3, 2, 2, "区大数据中心负责"), (3, 3, 3, 3, "全年"),
    ]
    return Sheet(boxes=grid_boxes(XS, ys, cells), texts=[RUNNING, (290.0, 810.0, "- 2 -", 9.0)])


def plan_sheets() -> list[Sheet]:
    return [page_one(), page_two()]


# What a reader of the plan finds, checked by hand against the pages above.
EXPECTED = [
    ("推进决策公开", "1", "推进重大决策预公开。", "全年", [("区政府办公室", "lead")]),
    ("推进决策公开", "2", "推进会议公开。", "全年", [("区司法局", "responsible")]),
    ("推进决策公开", "3", "推进政策解读。围绕重要政策文件，同步做好解读材料的起草和发布等工作，确保政策解读与文件同步发布。",
     "及时", [("区政府办公室", "responsible"), ("区融媒体中心", "responsible")]),
    ("推进决策公开", "4", "公开建议提案办理结果。", "6月底前", [("区政务服务中心", "responsible")]),
    ("加强平台建设", "5", "优化政府网站栏目。", "全年", [("区大数据中心", "responsible")]),
]

FULL = 26  # characters of a full prose line: 260 pt, the 50–310 pt text block
PROSE = [  # (indent in characters, line)
    (0, "各街道办事处，区政府各部门："),
    (2, "现将有关事项通知如下。"),
    (2, "一、推进决策公开"),
    (2, "（一）推进重大决策预公开。对涉及群众切身利益的重"),
    (0, "大决策，要向社会公开征求意见（区政府办公室牵头，各部"),
    (0, "门负责）。"),
]
NOTICE_TITLE = "关于做好2024年政务公开工作的通知"
PARAGRAPHS = [NOTICE_TITLE, PROSE[0][1], PROSE[1][1], PROSE[2][1], PROSE[3][1] + PROSE[4][1] + PROSE[5][1]]


def prose_sheet() -> Sheet:
    """A notice set as a writer prints it: a centred title, indented first lines, wrapped lines."""
    assert all(indent + len(text) == FULL for indent, text in PROSE[3:5])  # the wrapped lines are full
    texts = [(110.0, 60.0, NOTICE_TITLE, 12.0)]
    for n, (indent, text) in enumerate(PROSE):
        texts.append((50.0 + indent * 10, 90.0 + 16 * n, text, 10.0))
    return Sheet(texts=texts)
