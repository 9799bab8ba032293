"""Inputs that cost too much work, or that broke a reader, for tests/test_faults.py (issue 15).

Each builder takes a folder, writes one input there and returns its path. The
sizes are the issue's own: each input took seconds and gigabytes, or raised
an internal error, before the limit or check that now stops it.
"""
from __future__ import annotations

from pathlib import Path

from builders import document_xml, docx_bytes, numbered, numbering_xml, p, tbl, tc, tr, xlsx_bytes
from hostile_inputs import _patch_member, _plan_xlsx, _write, plan_text

HEAD = "示例区2023年政务公开重点任务清单\n\n"


# -- text grids ---------------------------------------------------------------------------


def wide_tab_row(folder: Path, tabs: int = 100_000) -> Path:
    """A tab-cells plan whose one row has 100,000 TABs: a grid of 100,000 columns × every row."""
    rows = [f"{i}\t第{i}项：更新主动公开基本目录。\t区政府办公室\t6月底前" for i in range(1, 2000)]
    rows.insert(3, "4\t" + "x\t" * tabs)
    return _write(folder, "wide.txt", HEAD + "序号\t工作任务\t责任单位\t完成时限\n" + "\n".join(rows) + "\n")


def wide_pipe_row(folder: Path, cells: int = 100_000) -> Path:
    rows = [f"| {i} | 第{i}项：更新目录。 | 区政府办公室 |" for i in range(1, 2000)]
    rows.insert(3, "| 4 |" + " x |" * cells)
    return _write(folder, "wide-pipes.txt", HEAD + "| 序号 | 工作任务 | 责任单位 |\n" + "\n".join(rows) + "\n")


# -- .docx ----------------------------------------------------------------------------------


def docx_wide_gridspan(folder: Path, cells: int = 400, rows: int = 400) -> Path:
    """400 rows of 400 empty cells, each with gridSpan 1,000: 160 million positions in 640,000 elements."""
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="1000"/></w:tcPr><w:p/></w:tc>'
    row = "<w:tr>" + cell * cells + "</w:tr>"
    table = tbl(tr(tc("序号"), tc("工作任务"), tc("责任单位")), *([row] * rows), cols=3)
    return _write(folder, "gridspan.docx", docx_bytes(table))


def docx_huge_numbering_start(folder: Path, start: str = "200000000", fmt: str = "upperLetter") -> Path:
    """A list starting at 2e8 in letters: 'AAAA…' of 7.7 million letters per paragraph."""
    numbering = numbering_xml([(fmt, "%1.")]).replace('w:val="1"/>', f'w:val="{start}"/>', 1)
    body = [p("示例区2023年政务公开重点任务清单")] + [numbered(f"第{i}项：更新主动公开基本目录（区政府办公室负责）。")
                                             for i in range(1, 61)]
    return _write(folder, "numbering.docx", docx_bytes(document=document_xml(*body),
                                                      members={"word/numbering.xml": numbering}))


def docx_endless_numbering_start(folder: Path) -> Path:
    """w:start of 4,000 nines: int() of it works, formatting it overflowed."""
    return docx_huge_numbering_start(folder, start="9" * 4000, fmt="decimal")


def docx_empty_paragraphs(folder: Path, count: int = 16_000_000) -> Path:
    """16 million ``<w:p/>``: 96 MB of XML that deflates to 100 KB."""
    body = p("示例区2023年政务公开重点任务清单") + "<w:p/>" * count
    return _write(folder, "paragraphs.docx", docx_bytes(document=document_xml(body)))


# -- HTML ----------------------------------------------------------------------------------


def html_nested_tables(folder: Path, depth: int = 80, chars: int = 3_000_000) -> Path:
    """80 tables nested in each other's cells around 3 million characters of text."""
    inner = "<p>" + "更新主动公开基本目录。" * (chars // 11) + "</p>"
    html = "<table><tr><td>" * depth + inner + "</td></tr></table>" * depth
    return _write(folder, "nested.html", f"<html><body>{html}</body></html>")


def html_many_attributes(folder: Path, count: int = 200_000) -> Path:
    attrs = " ".join(f'a{i}="{i}"' for i in range(count))
    return _write(folder, "attrs.html", f"<html><body><p {attrs}>一、更新主动公开基本目录。</p></body></html>")


def html_wide_colspan(folder: Path, cells: int = 2000, rows: int = 500) -> Path:
    """colspan 1,000 on every cell of 2,000 rows; each row is refused alone only by the total."""
    row = "<tr>" + '<td colspan="1000">x</td>' * cells + "</tr>"
    return _write(folder, "colspan.html", f"<html><body><table>{row * rows}</table></body></html>")


def html_control_characters(folder: Path) -> Path:
    """Text with C0 control characters, which lxml refuses to put in an element (ValueError)."""
    rows = "".join(f"<tr><td>{i}</td><td>第{i}项：更新\x01主动\x0b公开\x1f目录。</td><td>区政府办公室</td></tr>"
                   for i in range(1, 4))
    table = f"<table><tr><th>序号</th><th>工作任务</th><th>责任单位</th></tr>{rows}</table>"
    return _write(folder, "control.html", f"<html><body><h1>示例区政务公开\x02任务</h1>{table}</body></html>")


def html_text_codec(folder: Path, charset: str = "rot13") -> Path:
    """A page whose <meta charset> names a codec that is not a text encoding."""
    return _write(folder, f"meta-{charset}.html",
                  f'<html><head><meta charset="{charset}"></head><body><p>一、更新目录。</p></body></html>')


# -- .xlsx ----------------------------------------------------------------------------------


def xlsx_absolute_merge(folder: Path) -> Path:
    """A merged range written with ``$`` (absolute) references over 5 million cells."""
    merge = b'<mergeCells count="1"><mergeCell ref="$A$100:$E$1000000"/></mergeCells>'
    data = _patch_member(_plan_xlsx(), "xl/worksheets/sheet1.xml",
                         lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + merge, 1))
    return _write(folder, "absolute-merge.xlsx", data)


def xlsx_many_rows(folder: Path, rows: int = 2_000_000) -> Path:
    """2 million empty ``<row>`` elements: no cell, so the cell count alone does not stop them."""
    filler = b"".join(b'<row r="%d"/>' % r for r in range(3, rows + 3))
    data = _patch_member(_plan_xlsx(), "xl/worksheets/sheet1.xml",
                         lambda xml: xml.replace(b"</sheetData>", filler + b"</sheetData>", 1))
    return _write(folder, "rows.xlsx", data)


def xlsx_plan(folder: Path) -> Path:
    return _write(folder, "plan.xlsx", xlsx_bytes([("任务", [["序号", "工作任务", "责任单位"],
                                                         [1, "更新主动公开基本目录。", "区政府办公室"]], [])]))


# -- units and dates ------------------------------------------------------------------------


def unit_open_tail(folder: Path, count: int = 40_000) -> Path:
    """A unit followed by 40,000 '等': each '等' re-scanned the whole tail."""
    text = HEAD + "| 序号 | 工作任务 | 责任单位 |\n" + f"| 1 | 更新目录。 | 区财政局{'等' * count} |\n"
    return _write(folder, "tail.txt", text)


def many_units_label(folder: Path, count: int = 1100) -> Path:
    """1,100 units glued into one label: the splitter recursed once per unit."""
    names = "".join(f"区第{i}局" for i in range(count))
    text = HEAD + "| 序号 | 工作任务 | 责任单位 |\n" + f"| 1 | 更新目录。 | {names} |\n"
    return _write(folder, "many-units.txt", text)


def bad_chinese_date(folder: Path) -> Path:
    return _write(folder, "date.txt", "二〇二三年一二三月一日\n" + plan_text(2))
