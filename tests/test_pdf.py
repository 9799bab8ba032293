"""PDF input: real PDFs written in code (tests/page_builders.py), LibreOffice exports where installed,
and the shared PDF seed plans where ../shared is present."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from builders import docx_bytes, p, tbl, tc, tr
from gwparse import parse_bytes
from gwparse.errors import GwparseError
from gwparse.readers.dispatch import read_bytes
from gwparse.readers.doc import find_soffice
from gwparse.readers.layout import Glyph, Page, read_pages
from page_builders import Box, Sheet, grid_boxes, pdf_bytes
from plan_pages import EXPECTED, NOTICE_TITLE, PARAGRAPHS, TITLE, plan_sheets, prose_sheet
from shared_seeds import seed_records


def summary(records):
    return [(r.category, r.seq, r.content, r.deadline, [(u.name, u.role) for u in r.units]) for r in records]


def test_table_across_two_pages_gives_the_plan():
    records = parse_bytes(pdf_bytes(plan_sheets()), "plan.pdf")
    assert summary(records) == EXPECTED
    assert records[0].document.title == TITLE and records[0].document.format == "pdf-table"


def test_grid_has_real_spans_and_no_running_lines():
    src = read_bytes(pdf_bytes(plan_sheets()), "plan.pdf")
    assert src.container == "pdf" and len(src.grids) == 1
    grid = src.grids[0]
    assert grid.spans_known
    assert [c.text for c in grid.rows[0]] == ["工作任务", "具体要求", "责任单位", "完成时限"]  # once, not per page
    category = grid.rows[1][0]
    assert (category.text, category.rowspan) == ("一、推进决策公开", 4)  # merged into page 2
    assert grid.rows[1][3].rowspan == 2  # 全年 over two rows
    assert "某区政务公开工作领导小组办公室" not in src.text and "- 1 -" not in src.text
    assert TITLE in src.text


def test_prose_pdf_gives_one_paragraph_per_line():
    src = read_bytes(pdf_bytes([prose_sheet()]), "notice.pdf")
    assert src.text.split("\n") == PARAGRAPHS
    records = parse_bytes(pdf_bytes([prose_sheet()]), "notice.pdf")
    assert [(u.name, u.role) for u in records[0].units] == [("区政府办公室", "lead"), ("各部门", "responsible")]
    assert records[0].document.title == NOTICE_TITLE and records[0].document.format == "pdf-prose"


def test_a_new_row_at_a_page_top_is_not_joined_to_the_row_above():
    """The last row on page 1 ends a sentence: the first row of page 2 is its own task."""
    xs, head = [50.0, 250.0, 400.0], [(0, 0, 0, 0, "具体要求"), (0, 0, 1, 1, "责任单位")]
    one = Sheet(boxes=grid_boxes(xs, [100.0, 120.0, 150.0], head + [(1, 1, 0, 0, "做好预算公开。"), (1, 1, 1, 1, "区财政局负责")]))
    two = Sheet(boxes=grid_boxes(xs, [60.0, 80.0, 110.0], head + [(1, 1, 0, 0, "做好审计公开。"), (1, 1, 1, 1, "区审计局负责")]))
    records = parse_bytes(pdf_bytes([one, two]), "two.pdf")
    assert [(r.content, r.units[0].name) for r in records] == [("做好预算公开。", "区财政局"), ("做好审计公开。", "区审计局")]


def test_tables_with_text_between_them_stay_apart():
    xs, ys = [50.0, 250.0, 400.0], [100.0, 120.0, 150.0]
    table = [(0, 0, 0, 0, "具体要求"), (0, 0, 1, 1, "责任单位"), (1, 1, 0, 0, "做好预算公开。"), (1, 1, 1, 1, "区财政局负责")]
    sheet = Sheet(boxes=grid_boxes(xs, ys, table) + [Box(b.x0, b.top + 200, b.x1, b.bottom + 200, b.lines)
                                                      for b in grid_boxes(xs, ys, table)],
                  texts=[(50.0, 220.0, "附件2", 10.0)])
    src = read_bytes(pdf_bytes([sheet]), "two-tables.pdf")
    assert len(src.grids) == 2 and src.grids[1].before == ["附件2"]


def test_layout_alone_builds_merged_cells_from_lines():
    """No PDF at all: glyphs and segments as any page-description format gives them."""
    def glyphs(x, top, text):
        return [Glyph(x + 10 * i, top, x + 10 * (i + 1), top + 10, ch, 10.0) for i, ch in enumerate(text)]

    segs = [(0, 0, 200, 0), (0, 20, 200, 20), (100, 40, 200, 40), (0, 60, 200, 60),  # no line under 甲 at 40
            (0, 0, 0, 60), (100, 0, 100, 60), (200, 0, 200, 60)]
    page = Page(300, 300, glyphs(2, 2, "表头") + glyphs(102, 2, "列二") + glyphs(2, 22, "甲") + glyphs(102, 22, "乙")
                + glyphs(102, 42, "丙"), segs)
    grids, text = read_pages([page])
    assert [[(c.text, c.rowspan) for c in row] for row in grids[0].rows] == [
        [("表头", 1), ("列二", 1)], [("甲", 2), ("乙", 1)], [("丙", 1)]]
    assert text == ""


def test_scanned_pdf_is_refused_in_one_line():
    with pytest.raises(GwparseError, match=r"^a PDF without a text layer \(a scan or images only\); OCR it first$"):
        read_bytes(pdf_bytes(plan_sheets(), image_only=True), "scan.pdf")


@pytest.mark.parametrize("cut", [100, 400, -30])
def test_damaged_pdf_is_refused_in_one_line(cut):
    data = pdf_bytes(plan_sheets())
    with pytest.raises(GwparseError, match=r"^a damaged PDF file \(.+\)$|^a PDF without a text layer"):
        read_bytes(data[:cut] if cut > 0 else data[:cut] + b"garbage", "broken.pdf")


def test_damaged_pdf_on_the_command_line_is_one_line_without_traceback(tmp_path):
    import sys

    path = tmp_path / "broken.pdf"
    path.write_bytes(pdf_bytes(plan_sheets())[:300])
    done = subprocess.run([sys.executable, "-m", "gwparse", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"gwparse: {path}: a damaged PDF file (") and done.stderr.count("\n") == 1


def test_libreoffice_pdf_export_of_a_docx_table(tmp_path):
    soffice = find_soffice()
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed, so no PDF can be exported from a .docx")
    if not _has_cjk_font():
        pytest.skip("no Chinese font installed (fc-list :lang=zh is empty): LibreOffice would print tofu")
    body = tbl(tr(tc("工作任务"), tc("具体要求"), tc("责任单位"), tc("完成时限")),
               tr(tc("一、推进决策公开", vmerge="restart"), tc("1.推进重大决策预公开。"), tc("区政府办公室牵头"), tc("全年")),
               tr(tc(vmerge="continue"), tc("2.推进会议公开。"), tc("区司法局负责"), tc("及时")))
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    body = body.replace("<w:tblPr>", f"<w:tblPr><w:tblBorders>{borders}</w:tblBorders>", 1)  # a ruled table
    (tmp_path / "plan.docx").write_bytes(docx_bytes(p("2024年某区政务公开任务分解表"), body))
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "plan.docx")],
                   check=True, timeout=120, capture_output=True)
    records = parse_bytes((tmp_path / "plan.pdf").read_bytes(), "plan.pdf")
    assert [(r.category, r.seq, r.content, r.units[0].name) for r in records] == [
        ("推进决策公开", "1", "推进重大决策预公开。", "区政府办公室"), ("推进决策公开", "2", "推进会议公开。", "区司法局")]


def _has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    return bool(subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=30).stdout.strip())


@pytest.mark.parametrize("name", ["s000-table.pdf", "s002-print.pdf", "s004-prose.pdf"])
def test_shared_seed_pdfs_are_read(name):
    records = seed_records(name)
    assert records and all(r.content for r in records)
    assert records[0].document.format == ("pdf-prose" if "prose" in name else "pdf-table")


def test_a_character_drawn_twice_for_bold_is_read_once():
    def glyphs(x, top, text, shift=0.0):
        return [Glyph(x + 10 * i + shift, top, x + 10 * (i + 1) + shift, top + 10, ch, 10.0) for i, ch in enumerate(text)]

    page = Page(300, 300, glyphs(50, 50, "工作要点") + glyphs(50, 50, "工作要点", shift=0.4) + glyphs(50, 70, "公开公开公开公开"), [])
    assert read_pages([page])[1] == "工作要点\n公开公开公开公开"  # the short line ends its paragraph


def test_a_table_without_its_bottom_border_keeps_its_last_row():
    """A writer leaving the border off at a page break: the column lines still say where the row ends."""
    def glyphs(x, top, text):
        return [Glyph(x + 10 * i, top, x + 10 * (i + 1), top + 10, ch, 10.0) for i, ch in enumerate(text)]

    segs = [(0, 0, 200, 0), (0, 20, 200, 20), (0, 0, 0, 45), (100, 0, 100, 45), (200, 0, 200, 45)]
    page = Page(300, 300, glyphs(2, 2, "表头") + glyphs(102, 2, "列二") + glyphs(2, 22, "甲") + glyphs(102, 22, "乙"), segs)
    grids, text = read_pages([page])
    assert [[c.text for c in row] for row in grids[0].rows] == [["表头", "列二"], ["甲", "乙"]] and text == ""


def test_pdf_whose_fonts_map_to_no_text_is_refused_in_one_line():
    with pytest.raises(GwparseError, match=r"^a PDF whose fonts do not map to text \(glyphs without Unicode\); "):
        read_bytes(pdf_bytes(plan_sheets(), unmapped=True), "subset.pdf")


def test_cell_lines_become_paragraphs_where_a_line_is_short():
    from gwparse.readers.layout import cell_text

    def line(x1, text):
        return Glyph(0, 0, x1, 10, text, 10.0)

    # right edge 200: lines reaching 190 are full (wrapped), shorter ones end a paragraph
    assert cell_text([line(190, "做好预算公开和"), line(80, "决算公开。"), line(190, "做好审计结果公开"),
                      line(60, "工作")], 200) == "做好预算公开和决算公开。\n做好审计结果公开工作"
    assert cell_text([line(60, "1.区财政局"), line(60, "2.区审计局")], 200) == "1.区财政局\n2.区审计局"
    assert cell_text([line(60, "区财政局、"), line(60, "区审计局")], 200) == "区财政局、区审计局"


def test_a_pdf_decompression_bomb_is_refused_before_pdfminer_reads_it():
    import zlib

    from gwparse.readers import pdf

    bomb = zlib.compress(bytes(20 * 1024 * 1024), 9)  # 20 MB of zeros in about 20 KB
    data = pdf_bytes(plan_sheets()).replace(b"%%EOF", b"9 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n"
                                            % len(bomb) + bomb + b"\nendstream\nendobj\n%%EOF")
    with pytest.raises(GwparseError, match=r"^a PDF whose streams expand to over 10 MB, which is refused$"):
        pdf.check_expansion(data, cap=10 * 1024 * 1024)
    pdf.check_expansion(pdf_bytes(plan_sheets()), cap=10 * 1024 * 1024)  # an ordinary PDF passes
