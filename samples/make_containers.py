"""Write samples/table.docx and samples/table.xlsx: one small plan with real merged cells.

Run from the repository root: .venv/bin/python samples/make_containers.py
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from builders import docx_bytes, p, tbl, tc, tr  # noqa: E402

TITLE = "示例镇2025年政务公开工作任务分解表"
HEADER = ["工作项目", "工作任务", "责任单位", "完成时限"]
ROWS = [  # (category merged down over the rows after it, task, units, deadline)
    ("一、基层公开", "1.公开村级财务收支情况。", "镇财政所牵头，各村配合", "每季度"),
    (None, "2.公开低保对象名单。", "镇民政办", "每月"),
    ("二、办事服务", "3.公开便民服务事项清单。", "镇便民服务中心", "6月底前"),
]


def docx() -> bytes:
    rows = [tr(*(tc(h) for h in HEADER))]
    for i, (category, task, units, deadline) in enumerate(ROWS):
        merge = "restart" if category else "continue"
        first = tc(category or "", vmerge=merge) if i < 2 else tc(category)
        rows.append(tr(first, tc(task), tc(units), tc(deadline)))
    return docx_bytes(p(TITLE), tbl(*rows))


def xlsx(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "任务"
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for category, task, units, deadline in ROWS:
        sheet.append([category, task, units, deadline])
    sheet.merge_cells("A3:A4")  # 一、基层公开 spans its two tasks
    book.save(path)


if __name__ == "__main__":
    (HERE / "table.docx").write_bytes(docx())
    xlsx(HERE / "table.xlsx")
