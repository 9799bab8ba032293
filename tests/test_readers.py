"""Readers: real bytes in every container and encoding → Source, or a GwparseError."""
from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import document_xml, docx_bytes, numbered, numbering_xml, p, tbl, tc, tr, xlsx_bytes, zip_bytes
from gwparse.errors import GwparseError
from gwparse.grid import Cell
from gwparse.readers.decode import decode_text
from gwparse.readers.dispatch import read_bytes, read_path
from gwparse.readers.doc import find_soffice
from gwparse.readers.limits import check_sizes, mb, open_zip, read_member
from gwparse.readers.numbering import format_number

CONTAINERS = Path("/work/shared/containers/docs")
SAMPLE = "各县（市、区）人民政府，市政府各部门：\n一、推进政府决策公开。区财政局牵头，各镇（街道）负责。\n二、做好政策解读工作。"
SAMPLE_TRAD = "各縣（市、區）人民政府，市政府各部門：\n一、推進政府決策公開。區財政局牽頭，各鎮（街道）負責。\n二、做好政策解讀工作。"


def texts(grid) -> list[list[str | None]]:
    """The dense matrix as texts only (None where no cell is)."""
    return [[x[0] if x else None for x in row] for row in grid.dense()]


def origins(grid) -> list[list[tuple[int, int] | None]]:
    return [[x[1] if x else None for x in row] for row in grid.dense()]


# -- .docx -------------------------------------------------------------------------------

MERGED_DOCX = docx_bytes(
    p("附件"),
    p("2023年某区政务公开任务分解表"),
    tbl(
        tr(tc("类别"), tc("任务"), tc("期限"), tc("责任单位")),
        tr(tc("一、公开", vmerge="restart"), tc("任务甲"), tc("年底前", vmerge="restart"), tc("区财政局")),
        tr(tc(vmerge="continue"), tc("任务乙", "第二段"), tc(vmerge="continue"), tc("区教育局")),
        tr(tc("二、解读", span=2), tc("全年"), tc("区政府办")),
        tr(tc("任务丙"), tc("6月底前"), tc("区统计局"), grid_before=1),
    ),
    p("抄送：区委办公室"),
)


def test_docx_merges_become_spans():
    src = read_bytes(MERGED_DOCX, "plan.docx")
    assert src.container == "docx" and src.name == "plan.docx"
    assert src.text == "附件\n2023年某区政务公开任务分解表\n抄送：区委办公室"
    [grid] = src.grids
    assert grid.spans_known and grid.before == ["附件", "2023年某区政务公开任务分解表"]
    assert grid.rows[1] == [Cell("一、公开", 2, 1), Cell("任务甲"), Cell("年底前", 2, 1), Cell("区财政局")]
    assert grid.rows[2] == [Cell("任务乙\n第二段"), Cell("区教育局")]  # continue cells are not emitted
    assert grid.rows[3] == [Cell("二、解读", 1, 2), Cell("全年"), Cell("区政府办")]
    assert grid.rows[4] == [Cell("", 1, 1), Cell("任务丙"), Cell("6月底前"), Cell("区统计局")]  # gridBefore
    assert texts(grid) == [
        ["类别", "任务", "期限", "责任单位"],
        ["一、公开", "任务甲", "年底前", "区财政局"],
        ["一、公开", "任务乙\n第二段", "年底前", "区教育局"],
        ["二、解读", "二、解读", "全年", "区政府办"],
        ["", "任务丙", "6月底前", "区统计局"],
    ]
    assert origins(grid)[2] == [(1, 0), (2, 1), (1, 2), (2, 3)]


def test_docx_vmerge_spanning_two_columns_and_three_rows():
    data = docx_bytes(tbl(
        tr(tc("甲", span=2, vmerge="restart"), tc("一")),
        tr(tc(span=2, vmerge="continue"), tc("二")),
        tr(tc(span=2, vmerge="continue"), tc("三")),
        tr(tc("乙"), tc("丙"), tc("四")),
        cols=3,
    ))
    [grid] = read_bytes(data, "x.docx").grids
    assert grid.rows[0] == [Cell("甲", 3, 2), Cell("一")]
    assert texts(grid) == [["甲", "甲", "一"], ["甲", "甲", "二"], ["甲", "甲", "三"], ["乙", "丙", "四"]]


def test_docx_continue_without_restart_is_kept_as_a_cell():
    data = docx_bytes(tbl(tr(tc("孤", vmerge="continue"), tc("单元")), cols=2))
    assert texts(read_bytes(data, "x.docx").grids[0]) == [["孤", "单元"]]


def test_docx_breaks_tabs_and_empty_paragraphs():
    data = docx_bytes(p("标题\t副题"), p(""), p("第一行\n第二行"), tbl(tr(tc("甲", "", "乙"), tc("丙")), cols=2))
    src = read_bytes(data, "x.docx")
    assert src.text == "标题 副题\n第一行\n第二行"
    assert src.grids[0].rows[0][0].text == "甲\n乙"


def test_docx_nested_table_text_goes_into_the_cell():
    inner = tbl(tr(tc("区发改局"), tc("牵头")), tr(tc("区财政局"), tc("配合")), cols=2)
    data = docx_bytes(tbl(tr(tc("任务"), tc("单位")), tr(tc("推进公开"), tc("单位如下：", inner)), cols=2))
    [grid] = read_bytes(data, "x.docx").grids  # the inner table is not a grid of its own
    assert grid.rows[1][1].text == "单位如下：\n区发改局\n牵头\n区财政局\n配合"


def test_docx_deeply_nested_tables_do_not_crash():
    body = p("最深处")
    for _ in range(60):
        body = tbl(tr(tc("层", body)), cols=1)
    [grid] = read_bytes(docx_bytes(body), "x.docx").grids
    assert grid.rows[0][0].text.endswith("最深处")


def test_docx_huge_grid_span_is_clipped():
    data = docx_bytes(tbl(tr(tc("甲", span=99999)), tr(tc("乙"), tc("丙")), cols=2))
    assert read_bytes(data, "x.docx").grids[0].rows[0] == [Cell("甲", 1, 1000)]


def test_docx_text_box_is_ignored():
    box = ('<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml">'
           '<v:textbox><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></v:textbox>'
           '</v:shape></w:pict></w:r></w:p>')
    assert read_bytes(docx_bytes(box), "x.docx").text == "正文"


def test_docx_tracked_deletions_and_field_codes_are_not_text():
    para = ('<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    assert read_bytes(docx_bytes(para), "x.docx").text == "保留3"


def test_docx_nbsp_and_fullwidth_spaces_are_plain():
    assert read_bytes(docx_bytes(p("\u3000\u3000一、总体\u00a0要求")), "x.docx").text == "一、总体 要求"


def test_docx_automatic_list_numbers_are_rendered():
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    data = docx_bytes(
        numbered("总体要求", ilvl=0), numbered("加强领导", ilvl=1), numbered("完善机制", ilvl=1),
        tbl(tr(tc("任务"), tc("单位")), tr(tc(numbered("推进决策公开")), tc("区财政局")),
            tr(tc(numbered("做好解读", ilvl=2)), tc("区教育局")), cols=2),
        numbered("重点任务", ilvl=0), numbered("深化公开", ilvl=1),
        '<w:p><w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>不编号</w:t></w:r></w:p>',
        members={"word/numbering.xml": numbering_xml(levels)},
    )
    src = read_bytes(data, "n.docx")
    assert src.text == "一、总体要求\n（一）加强领导\n（二）完善机制\n三、重点任务\n（一）深化公开\n不编号"
    assert texts(src.grids[0])[1:] == [["二、推进决策公开", "区财政局"], ["1.做好解读", "区教育局"]]


@pytest.mark.parametrize(("n", "fmt", "out"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (21, "chineseCountingThousand", "二十一"),
    (105, "chineseCounting", "一百零五"), (110, "chineseCounting", "一百一十"), (3, "decimalEnclosedCircle", "③"),
    (4, "upperRoman", "IV"), (28, "lowerLetter", "bb"), (2, "ideographTraditional", "乙"), (7, "bullet", "7"),
])
def test_list_number_formats(n, fmt, out):
    assert format_number(n, fmt) == out


@pytest.mark.parametrize(("data", "message"), [
    (docx_bytes(p("x"), omit=("word/document.xml",)), "not a valid .docx: word/document.xml is missing"),
    (docx_bytes(document="<w:document xmlns:w='x'><w:body>"), "not well-formed XML"),
    (docx_bytes(document=document_xml(p("&lol;"), prolog='<!DOCTYPE d [<!ENTITY lol "哈哈">]>')),
     "declares a DOCTYPE/ENTITY"),
    (MERGED_DOCX[: len(MERGED_DOCX) // 2], "damaged or unsupported zip archive"),
    (zip_bytes({"readme.txt": "你好", "data.csv": "a,b"}), "a zip archive that is not a Word, Excel, OpenDocument or OFD file"),
    (zip_bytes({"ppt/presentation.xml": "<p/>"}), "PowerPoint"),
])
def test_bad_docx_and_zips_are_refused(data, message):
    with pytest.raises(GwparseError, match=message):
        read_bytes(data, "bad.docx")


def test_zip_bomb_member_is_refused_before_inflating():
    data = docx_bytes(document=document_xml(p("x")) + " " * (101 * 1024 * 1024))
    assert len(data) < 1024 * 1024
    with pytest.raises(GwparseError, match=r"zip member word/document.xml expands to over 100 MB"):
        read_bytes(data, "bomb.docx")


def test_member_cap_holds_while_reading():
    zf = open_zip(zip_bytes({"a.xml": "甲" * 10_000}))
    with pytest.raises(GwparseError, match="expands to over"):
        read_member(zf, "a.xml", cap=1000)
    with pytest.raises(GwparseError, match="expands to over"):
        check_sizes(zf, member_cap=1000)
    assert len(read_member(zf, "a.xml")) == 30_000


# -- HTML --------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>站点</title>
<style>td {{ color: red }}</style><script>var x = "<table>";</script></head><body>
<nav><a href="/">首页</a></nav><div class="breadcrumb">当前位置：政务公开</div>
<h1>2023年政务公开任务清单</h1>
<p>台政办发〔2023〕5号</p>
<table>
<thead><tr><th>类别</th><th colspan="2">任务</th><th>责任单位</th></tr></thead>
<tr><td rowspan="2">一、公开</td><td>1</td><td>推进决策<br>公开</td><td>区财政局</td></tr>
<tr><td>2</td><td><p>做好解读</p><p>加强回应</p></td><td>区教育局</td></tr>
</table>
<p>区政府办公室<br>2023年3月1日</p>
<footer>版权所有</footer><div id="footer">联系我们</div>
</body></html>"""


def test_html_table_spans_breaks_and_chrome():
    src = read_bytes(PAGE.format(charset="utf-8").encode(), "page.html")
    assert src.container == "html" and src.encoding == "utf-8"
    assert src.text == "2023年政务公开任务清单\n台政办发〔2023〕5号\n区政府办公室\n2023年3月1日"
    [grid] = src.grids
    assert grid.before == ["2023年政务公开任务清单", "台政办发〔2023〕5号"]
    assert texts(grid) == [
        ["类别", "任务", "任务", "责任单位"],
        ["一、公开", "1", "推进决策\n公开", "区财政局"],
        ["一、公开", "2", "做好解读\n加强回应", "区教育局"],
    ]


def test_html_gbk_page_honours_meta_charset():
    data = PAGE.format(charset="gbk").encode("gbk")
    src = read_bytes(data, "page.html")
    assert src.encoding == "gbk"
    assert texts(src.grids[0])[1][3] == "区财政局"


def test_html_gb2312_declared_but_gbk_characters_still_read():
    data = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>' \
           '<body><p>镕基 喆 旻</p></body></html>'
    assert read_bytes(data.encode("gbk"), "p.html").text == "镕基 喆 旻"


def test_html_lying_charset_falls_back_to_sniffing():
    data = '<html><head><meta charset="gbk"></head><body><p>区财政局负责落实</p></body></html>'.encode()
    assert read_bytes(data, "p.html").text == "区财政局负责落实"


def test_html_nested_table_is_in_outer_cell_and_its_own_grid():
    html = ("<html><body><table><tr><td>任务</td><td>单位</td></tr><tr><td>推进</td>"
            "<td><table><tr><td>区发改局</td><td>牵头</td></tr></table></td></tr></table></body></html>")
    outer, inner = read_bytes(html.encode(), "n.html").grids
    assert texts(outer)[1] == ["推进", "区发改局\n牵头"]
    assert texts(inner) == [["区发改局", "牵头"]]


def test_html_layout_table_keeps_its_prose_in_text():
    html = ("<html><body><table><tr><td><p>关于做好政务公开的通知</p><p>一、加强领导。（区政府办负责）</p>"
            "</td></tr></table></body></html>")
    src = read_bytes(html.encode(), "n.html")
    assert src.text == "关于做好政务公开的通知\n一、加强领导。（区政府办负责）"


def test_html_soft_wraps_between_chinese_characters_vanish():
    html = "<html><body><p>推进政府\n   决策公开 and\n more</p></body></html>"
    assert read_bytes(html.encode(), "w.html").text == "推进政府决策公开 and more"


def test_html_deep_nesting_is_refused_not_crashing():
    html = "<html><body>" + "<div>" * 200_000 + "深" + "</div>" * 200_000 + "</body></html>"
    with pytest.raises(GwparseError, match="nested too deeply"):
        read_bytes(html.encode(), "deep.html")


def test_html_spans_are_clipped_and_huge_tables_refused():
    html = '<table><tr><td colspan="99999" rowspan="99999">甲</td></tr><tr><td>乙</td></tr></table>'
    [grid] = read_bytes(html.encode(), "s.html").grids
    assert grid.rows[0] == [Cell("甲", 2, 1000)]
    rows = "".join('<tr><td colspan="1000">甲</td></tr>' for _ in range(6000))
    with pytest.raises(GwparseError, match="an HTML table with 6,000,000 cell positions, over the limit"):
        read_bytes(f"<table>{rows}</table>".encode(), "big.html")


def test_html_fragment_starting_with_table_is_html():
    src = read_bytes("<table><tr><td>甲</td><td>乙</td></tr></table>".encode("gb18030"), "f.txt")
    assert src.container == "html" and texts(src.grids[0]) == [["甲", "乙"]]


def test_html_utf16_with_bom():
    src = read_bytes(PAGE.format(charset="utf-16").encode("utf-16"), "p.htm")
    assert src.container == "html" and "台政办发〔2023〕5号" in src.text


# -- .xlsx -------------------------------------------------------------------------------


def test_xlsx_merges_values_and_trimming():
    rows = [
        ["2023年政务公开任务表", None, None, None],
        ["类别", "序号", "任务", "完成时限"],
        ["一、公开", 1.0, "推进决策公开", dt.datetime(2023, 12, 31)],
        [None, 2, "做好政策解读", "全年"],
        ["二、解读", None, "加强回应", 3.5],
        [None, None, None, None, None, None],
    ]
    data = xlsx_bytes([("任务", rows, ["A1:D1", "A3:A4", "A5:B5"]), ("空表", [], []), ("说明", [["备注"]], [])])
    src = read_bytes(data, "t.xlsx")
    assert src.container == "xlsx" and src.text == "2023年政务公开任务表"
    task, note = src.grids
    assert task.before == ["2023年政务公开任务表"]
    assert task.rows[0] == [Cell("2023年政务公开任务表", 1, 4)]
    assert task.rows[2][0] == Cell("一、公开", 2, 1)
    assert texts(task) == [
        ["2023年政务公开任务表"] * 4,
        ["类别", "序号", "任务", "完成时限"],
        ["一、公开", "1", "推进决策公开", "2023-12-31"],
        ["一、公开", "2", "做好政策解读", "全年"],
        ["二、解读", "二、解读", "加强回应", "3.5"],
    ]
    assert texts(note) == [["备注"]]


def test_xlsx_bad_workbook_is_refused():
    with pytest.raises(GwparseError, match="not a valid .xlsx"):
        read_bytes(zip_bytes({"xl/workbook.xml": "<workbook/>", "[Content_Types].xml": "<Types/>"}), "t.xlsx")


def test_xlsx_with_entity_declaration_is_refused():
    data = xlsx_bytes([("表", [["甲"]], [])])
    members = xlsx_members(data)
    members["xl/sharedStrings.xml"] = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><sst/>'
    with pytest.raises(GwparseError, match="DOCTYPE/ENTITY"):
        read_bytes(zip_bytes(members), "t.xlsx")


def xlsx_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_xlsx_merge_over_a_whole_sheet_is_refused_before_openpyxl_expands_it():
    members = xlsx_members(xlsx_bytes([("表", [["甲", "乙"]], [])]))
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = sheet.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')
    with pytest.raises(GwparseError, match="merged ranges covering over 2,000,000 cells"):
        read_bytes(zip_bytes(members), "t.xlsx")


def test_xlsx_stray_far_cell_is_refused():
    with pytest.raises(GwparseError, match=r"sheet 表 is too large \(1,048,576 rows"):
        read_bytes(_far_cell_xlsx(), "t.xlsx")


def _far_cell_xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表"
    ws["A1"], ws["XFD1048576"] = "甲", "乙"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# -- text encodings ---------------------------------------------------------------------


@pytest.mark.parametrize(("data", "encoding"), [
    (SAMPLE.encode("utf-8"), "utf-8"),
    (SAMPLE.encode("utf-8-sig"), "utf-8-sig"),
    (b"\xff\xfe" + SAMPLE.encode("utf-16-le"), "utf-16-le"),
    (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "utf-16-be"),
    (SAMPLE.encode("utf-16-le"), "utf-16-le"),  # no BOM, but the NULs of ASCII give it away
    (SAMPLE.encode("utf-32"), "utf-32-le"),
    (SAMPLE.encode("gbk"), "gb18030"),
    (SAMPLE.encode("gb18030"), "gb18030"),
])
def test_simplified_text_in_every_encoding(data, encoding):
    src = read_bytes(data, "plan.txt")
    assert (src.container, src.text, src.encoding) == ("text", SAMPLE, encoding)


def test_big5_text():
    src = read_bytes(SAMPLE_TRAD.encode("big5"), "plan.txt")
    assert src.text == SAMPLE_TRAD  # not converted to simplified here
    assert src.encoding.startswith("big5")


@pytest.mark.parametrize("text", ["区财政局", "區財政局", "一、公开", "各镇（街道）负责落实。"])
def test_short_texts_pick_the_right_cjk_encoding(text):
    for enc in ("gb18030", "big5"):
        try:
            data = text.encode(enc)
        except UnicodeEncodeError:
            continue
        if data.isascii():
            continue
        got, _ = decode_text(data, None)
        assert got == text, enc


def test_crlf_nbsp_and_fullwidth_space_are_normalised():
    text, _ = decode_text("一、总体\u00a0要求\r\n\u3000\u3000二\r三".encode("gb18030"), None)
    assert text == "一、总体 要求\n  二\n三"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from([chr(c) for c in range(33)] + list("\u00a0\u3000\u2002\u2003\u2009\u202f\u2007"
                                                                     "\u200b\ufeff\u200c\u200d\u2028\x7f\x85中a")),
               max_size=12))
def test_unusual_text_is_what_a_scan_for_controls_and_odd_spaces_finds(text):
    import re

    from gwparse.readers.decode import _CONTROL_BYTES, _unusual
    from gwparse.text import ODD_CHARACTERS

    scan = re.compile("[" + re.escape(_CONTROL_BYTES.decode("ascii") + ODD_CHARACTERS) + "]")
    assert _unusual(text.encode("utf-8"), text) == bool(scan.search(text))


def test_utf8_with_odd_spaces_and_a_few_control_characters_is_normalised():
    data = "一、总体\u00a0要求\r\n\u3000二\x01三\u200b。".encode()
    assert decode_text(data, None) == ("一、总体 要求\n 二\x01三。", "utf-8")
    assert decode_text("一、总体要求\n二、三".encode(), None) == ("一、总体要求\n二、三", "utf-8")
    with pytest.raises(GwparseError, match=r"binary data, not text \(many control bytes\)"):
        decode_text(("甲\u3000乙\x02" * 50).encode(), None)  # valid UTF-8, still binary


def test_explicit_encoding():
    assert decode_text(SAMPLE.encode("big5", "ignore"), "big5")[1] == "big5"
    with pytest.raises(GwparseError, match="unknown encoding klingon"):
        decode_text(b"abc", "klingon")
    with pytest.raises(GwparseError, match=r"cannot decode as utf-8: invalid byte 0x\w\w at offset 0"):
        decode_text(SAMPLE.encode("gbk"), "utf-8")


def test_binary_and_undecodable_bytes_are_refused():
    with pytest.raises(GwparseError, match="binary data, not text"):
        read_bytes(bytes(range(256)) * 4, "x.bin")
    with pytest.raises(GwparseError, match=r"binary data, not text \(many control bytes\)"):
        read_bytes(b"\x01\x02\x03abc" * 100, "x.bin")
    with pytest.raises(GwparseError, match="binary data|cannot tell the text encoding"):
        read_bytes(bytes(range(128, 256)) * 8, "x.bin")


@pytest.mark.parametrize("name", ["s001-gb18030.txt", "s003-big5.txt", "s003-utf16.txt"])
def test_container_text_files(name):
    if not CONTAINERS.is_dir():
        pytest.skip(f"{CONTAINERS} is absent")
    src = read_path(CONTAINERS / name)
    expected = {"s001": "翁源县2018年政务公开工作要点分工方案", "s003": "任務內容"}[name[:4]]
    assert expected in src.text
    assert "\r" not in src.text and "\ufeff" not in src.text
    assert src.encoding.replace("-", "").startswith(name.split("-")[1].split(".")[0].replace("-", "")[:4])


# -- refusals and file errors ------------------------------------------------------------


@pytest.mark.parametrize(("data", "message"), [
    (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", r"a damaged PDF file \(.+\)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
    (b"GIF89a\x01\x00", "a GIF image"),
    (b"\x7fELF\x02\x01\x01\x00" + bytes(64), r"a Linux program \(ELF"),
    (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(64), r"a Windows program"),
    (b"\x1f\x8b\x08\x00\x00\x00", "a gzip archive"),
    (b"{\\rtf1\\ansi 123}", "an RTF file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100) + "Workbook".encode("utf-16-le"), r"not a valid \.xls file \(.+\)"),
    (b"", "empty file"),
])
def test_refused_formats_say_what_they_are(data, message):
    with pytest.raises(GwparseError, match=message):
        read_bytes(data, "x.txt")


OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100) + "WordDocument".encode("utf-16-le") + bytes(100)


def test_doc_without_libreoffice_is_refused():
    if find_soffice():
        pytest.skip("LibreOffice is installed; the refusal applies only without it")
    with pytest.raises(GwparseError, match=r"an old Word .doc file; install LibreOffice \(soffice\)"):
        read_bytes(OLE_DOC, "old.doc")


def test_doc_converted_with_libreoffice(tmp_path):
    soffice = find_soffice()
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed, so .doc files cannot be converted")
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）")]
    with zipfile.ZipFile(io.BytesIO(MERGED_DOCX)) as zf:
        document = zf.read("word/document.xml").decode()
    document = document.replace("<w:body>", "<w:body>" + numbered("总体要求") + numbered("加强领导", ilvl=1))
    data = docx_bytes(document=document, members={"word/numbering.xml": numbering_xml(levels)})
    (tmp_path / "plan.docx").write_bytes(data)
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(tmp_path / "plan.docx")],
                   check=True, timeout=120, capture_output=True)
    src = read_path(tmp_path / "plan.doc")
    assert src.text.startswith("一、总体要求\n（一）加强领导\n附件")
    assert texts(src.grids[0]) == texts(read_bytes(MERGED_DOCX, "plan.docx").grids[0])


def test_file_errors(tmp_path):
    with pytest.raises(GwparseError, match="no such file") as err:
        read_path(tmp_path / "missing.txt")
    assert err.value.source == str(tmp_path / "missing.txt")
    with pytest.raises(GwparseError, match="is a folder"):
        read_path(tmp_path)
    with pytest.raises(GwparseError, match="is a folder"):
        read_path(f"{tmp_path}/", max_bytes=1)  # the folder, not its size, is what is wrong
    big = tmp_path / "big.txt"
    big.write_bytes(SAMPLE.encode() * 1000)
    with pytest.raises(GwparseError, match=r"file is 1\d\d KB, over the --max-bytes limit of 10 KB"):
        read_path(big, max_bytes=10 * 1024)
    assert mb(60 * 1024 * 1024) == "60 MB" and mb(1536 * 1024) == "1.5 MB"


def test_pipes_and_devices_without_a_size_are_read_to_the_end(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    import threading

    fifo = tmp_path / "plan.fifo"
    data = SAMPLE.encode() * 20_000  # 3 MB: more than one read's worth

    def write():
        try:
            with open(fifo, "wb") as f:
                f.write(data)
        except BrokenPipeError:  # the reader stopped at the limit
            pass

    for max_bytes, whole in ((len(data), True), (len(data) - 1, False)):
        os.mkfifo(fifo)
        writer = threading.Thread(target=write)
        writer.start()
        try:
            if whole:
                assert read_path(fifo, max_bytes=max_bytes).text == SAMPLE * 20_000
            else:
                with pytest.raises(GwparseError, match="file is over the --max-bytes limit"):
                    read_path(fifo, max_bytes=max_bytes)
        finally:
            writer.join()
            fifo.unlink()


def test_permission_denied(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("running as root: every file is readable")
    locked = tmp_path / "locked.txt"
    locked.write_text("甲")
    locked.chmod(0)
    with pytest.raises(GwparseError, match="permission denied"):
        read_path(locked)


def test_name_is_the_path_as_given(tmp_path):
    f = tmp_path / "plan.docx"
    f.write_bytes(MERGED_DOCX)
    assert read_path(str(f)).name == str(f)


def test_stdin_is_read_for_dash():
    code = "from gwparse.readers.dispatch import read_path; s = read_path('-'); print(s.name, s.container, len(s.grids))"
    done = subprocess.run([sys.executable, "-c", code], input=MERGED_DOCX, capture_output=True, check=True)
    assert done.stdout.decode().split() == ["-", "docx", "1"]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_source_or_a_gwparse_error(data):
    try:
        read_bytes(data, "fuzz")
    except GwparseError as e:
        assert e.reason and "\n" not in e.reason


@pytest.mark.parametrize("cut", [30, 100, 400, 1000, -200, -22, -1])
def test_truncated_docx_gives_gwparse_error(cut):
    with pytest.raises(GwparseError):
        read_bytes(MERGED_DOCX[:cut], "cut.docx")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=len(MERGED_DOCX) - 1), st.integers(min_value=0, max_value=255))
def test_corrupted_docx_byte_gives_source_or_gwparse_error(pos, value):
    data = bytearray(MERGED_DOCX)
    data[pos] = value
    try:
        read_bytes(bytes(data), "bad.docx")
    except GwparseError:
        pass


# -- the real container files -----------------------------------------------------------

HEADERS = {
    "s000": ["工作任务", "工作要点", "具体要求", "完成时限", "公开方式", "责任单位"],
    "s002": ["工作任务", "工作要点", "任务事项", "具体要求", "责任单位"],
    "s003": ["工作任务", "工作要点", "具体要求", "完成时限", "责任单位"],
}


@pytest.mark.parametrize("name", ["s000-table.docx", "s000-table.html", "s000-sheet.xlsx", "s002-table.docx",
                                  "s002-table.html", "s002-sheet.xlsx", "s003-table.docx", "s003-table.html"])
def test_container_tables_have_their_header_row(name):
    if not CONTAINERS.is_dir():
        pytest.skip(f"{CONTAINERS} is absent")
    src = read_path(CONTAINERS / name)
    header = HEADERS[name[:4]]
    assert any(header in texts(g)[:3] for g in src.grids)


def test_container_table_formats_agree():
    if not CONTAINERS.is_dir():
        pytest.skip(f"{CONTAINERS} is absent")
    for stem in ("s000", "s002", "s003"):
        docx = texts(read_path(CONTAINERS / f"{stem}-table.docx").grids[0])
        assert texts(read_path(CONTAINERS / f"{stem}-table.html").grids[0]) == docx
        if (CONTAINERS / f"{stem}-sheet.xlsx").exists():
            assert texts(read_path(CONTAINERS / f"{stem}-sheet.xlsx").grids[0])[1:] == docx


@pytest.mark.parametrize("name", ["s004-prose.docx", "s004-prose.html"])
def test_container_prose_paragraphs(name):
    if not CONTAINERS.is_dir():
        pytest.skip(f"{CONTAINERS} is absent")
    src = read_path(CONTAINERS / name)
    lines = src.text.split("\n")
    assert len(lines) > 40 and not src.grids
    assert lines[0] == "台儿庄区人民政府办公室关于进一步做好当前政务公开工作的通知"
    assert lines[-1] == "(此件公开发布)"
    assert not any("首页" in line or "版权所有" in line or "分享到" in line for line in lines)
