"""Writers on records built by hand: every format, the flat columns, atomic files."""
from __future__ import annotations

import csv
import io
import json
import os
import stat

import pytest

from gwparse.model import Document, TaskRecord, Unit
from gwparse.writers import (
    PER_UNIT_COLUMNS,
    RECORD_COLUMNS,
    AtomicFile,
    dumps,
    header,
    open_writer,
    write_records,
)

DOC = Document(source="plans/a.txt", title="示例区2023年政务公开重点任务清单", year=2023,
               doc_no="示政办发〔2023〕7号", issuer="示例区人民政府办公室", date="2023-03-15",
               format="pipe-table", script="simplified")


def rec(content: str = "更新主动公开基本目录。", units: tuple[tuple[str, str], ...] = (("区政府办公室", "lead"),),
        **fields) -> TaskRecord:
    return TaskRecord(content=content, units=[Unit(name=n, role=r) for n, r in units], document=DOC, **fields)


RECORDS = [
    rec(category="基础工作", seq="1", deadline="6月底前", channels=["政府网站", "政务新媒体"],
        units=(("区司法局", "lead"), ("区财政局", "responsible"), ("各街道", "cooperate"), ("区发改局", "lead")),
        units_raw="区司法局牵头，区财政局负责，各街道配合"),
    rec("规范依申请公开办理流程，\n按期答复申请人，\"依法\"办理,\t不拖延。", seq="2"),
    rec("没有单位的任务。", units=()),
]


def csv_rows(data: bytes, encoding: str = "utf-8") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


def test_json_is_one_array_of_full_records_in_utf8():
    data = dumps(RECORDS, "json")
    assert "区司法局".encode() in data  # not \\u escapes
    assert json.loads(data) == [r.model_dump(mode="json") for r in RECORDS]


def test_json_is_laid_out_as_python_json_with_indent_2():
    """The serialiser is pydantic's; its layout and escapes are json.dumps' (a user diffing
    outputs of two versions sees no change): two-space indents, ``"key": value``, raw
    non-ASCII, \\n \\t \\" and \\u00XX escapes for control characters."""
    odd = rec("控制字符\x01\x1f、引号\"、反斜杠\\、换行\n制表\t 和 \u2028。", seq="3")
    records = [*RECORDS, odd]
    expected = "[\n  " + ",\n  ".join(
        json.dumps(r.model_dump(mode="json"), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        for r in records) + "\n]\n"
    assert dumps(records, "json").decode() == expected


def test_json_of_no_records_is_an_empty_array():
    assert dumps([], "json") == b"[]\n"


def test_jsonl_is_one_record_per_line():
    lines = dumps(RECORDS, "jsonl").decode().splitlines()
    assert [json.loads(x) for x in lines] == [r.model_dump(mode="json") for r in RECORDS]
    assert lines[0].startswith('{"category":"基础工作","section":null,')  # compact, raw non-ASCII


def test_json_written_in_several_calls_is_one_valid_array():
    buf = io.BytesIO()
    writer = open_writer("json", buf)
    for r in RECORDS:
        writer.write([r])
    writer.write([])
    writer.close()
    assert buf.getvalue() == dumps(RECORDS, "json")


def test_csv_one_row_per_record_with_units_in_three_columns():
    rows = csv_rows(dumps(RECORDS, "csv"))
    head, first, second, third = rows
    assert head == header(RECORD_COLUMNS) and len(rows) == 1 + len(RECORDS)
    row = dict(zip(head, first, strict=True))
    assert row["lead_units"] == "区司法局、区发改局"
    assert row["responsible_units"] == "区财政局"
    assert row["cooperate_units"] == "各街道"
    assert row["channels"] == "政府网站、政务新媒体"
    assert (row["source"], row["doc_title"], row["year"], row["doc_no"]) == (
        "plans/a.txt", DOC.title, "2023", DOC.doc_no)
    assert (row["issuer"], row["date"], row["format"], row["script"]) == (
        DOC.issuer, "2023-03-15", "pipe-table", "simplified")
    # newlines, quotes, commas and tabs survive the round trip
    assert dict(zip(head, second, strict=True))["content"] == RECORDS[1].content
    assert dict(zip(head, third, strict=True))["lead_units"] == ""


def test_csv_bom_and_chinese_headers():
    data = dumps(RECORDS, "csv", bom=True, headers="zh")
    assert data.startswith(b"\xef\xbb\xbf")
    head = csv_rows(data, "utf-8-sig")[0]
    for name in ("类别", "要点", "事项", "序号", "标题", "任务内容", "完成时限", "公开方式", "牵头单位", "责任单位",
                 "配合单位", "单位原文", "来源文件", "文件标题", "年度", "文号", "发文机关", "发文日期"):
        assert name in head


def test_csv_per_unit_one_row_per_task_unit_and_role():
    rows = csv_rows(dumps(RECORDS, "csv", per_unit=True))
    head, body = rows[0], rows[1:]
    assert head == header(PER_UNIT_COLUMNS)
    assert "unit" in head and "role" in head and "lead_units" not in head
    # one row per unit, and one (empty) row for the record without units
    assert len(body) == sum(len(r.units) for r in RECORDS) + 1
    pairs = [(row[head.index("unit")], row[head.index("role")]) for row in body]
    assert pairs[:4] == [("区司法局", "lead"), ("区财政局", "responsible"), ("各街道", "cooperate"), ("区发改局", "lead")]
    assert pairs[-1] == ("", "")


def test_csv_per_unit_chinese_roles():
    rows = csv_rows(dumps(RECORDS, "csv", per_unit=True, headers="zh"))
    head = rows[0]
    assert "单位" in head and "角色" in head
    roles = [row[head.index("角色")] for row in rows[1:5]]
    assert roles == ["牵头", "负责", "配合", "牵头"]


def test_tsv_same_columns_no_tabs_or_newlines_inside_fields():
    lines = dumps(RECORDS, "tsv").decode().split("\n")
    assert lines[-1] == "" and len(lines) == 2 + len(RECORDS)
    cells = [line.split("\t") for line in lines[:-1]]
    assert cells[0] == header(RECORD_COLUMNS)
    assert all(len(c) == len(RECORD_COLUMNS) for c in cells)
    assert cells[2][cells[0].index("content")] == "规范依申请公开办理流程， 按期答复申请人，\"依法\"办理, 不拖延。"


def test_xlsx_sheets_frozen_filtered_and_wrapped():
    openpyxl = pytest.importorskip("openpyxl")
    buf = io.BytesIO()
    write_records(RECORDS + [rec("=SUM(A1) 看起来像公式\x07")], "xlsx", buf, headers="zh")
    book = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    assert book.sheetnames == ["任务", "单位"]
    tasks, units = book["任务"], book["单位"]
    assert tasks.freeze_panes == "A2" and units.freeze_panes == "A2"
    assert tasks.auto_filter.ref == f"A1:T{1 + len(RECORDS) + 1}"
    assert units.auto_filter.ref.startswith("A1:")
    head = [c.value for c in tasks[1]]
    assert head[:6] == ["类别", "要点", "事项", "序号", "标题", "任务内容"]
    content = tasks.cell(row=3, column=head.index("任务内容") + 1)
    assert content.value == RECORDS[1].content and content.alignment.wrap_text
    # CJK characters and full-width punctuation take two columns, ASCII one; one more for padding
    contents = [r.content for r in RECORDS] + ["=SUM(A1) 看起来像公式"]
    longest = max(sum(1 if ch.isascii() else 2 for ch in line) for c in contents for line in c.split("\n"))
    assert longest == 36 and tasks.column_dimensions["F"].width == 37  # the second line of RECORDS[1]
    assert tasks.row_dimensions[3].height == 30  # two paragraphs, each fits: two lines of 15 points
    # units_raw 区司法局牵头，区财政局负责，各街道配合: 19 characters, 38 columns in a 30-wide column → 2 lines
    assert tasks.row_dimensions[2].height == 30
    assert tasks.row_dimensions[4].height is None  # every cell on one line: the default height
    formula_like = tasks.cell(row=5, column=head.index("任务内容") + 1)
    assert formula_like.data_type == "s" and formula_like.value == "=SUM(A1) 看起来像公式"
    unit_head = [c.value for c in units[1]]
    assert units.max_row == 1 + sum(len(r.units) or 1 for r in RECORDS) + 1
    assert [c.value for c in units[2]][unit_head.index("角色")] == "牵头"


def test_xlsx_prints_landscape_fitted_with_titles_and_borders():
    openpyxl = pytest.importorskip("openpyxl")
    long_task = rec("加强" * 100)  # 200 characters, 400 columns: 400 / (60 - 1) → 7 lines in the content column
    book = openpyxl.load_workbook(io.BytesIO(dumps([*RECORDS, long_task], "xlsx")))
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0  # as many pages down as it takes
        assert ws.print_title_rows == "$1:$1"
        assert ws["A1"].font.b and ws["A2"].border.left.style == "thin" and ws["B2"].border.top.style == "thin"
    tasks = book["任务"]
    assert tasks.row_dimensions[5].height == 7 * 15
    assert tasks.column_dimensions["F"].width == 60  # capped: the long task wraps instead


def test_xlsx_to_an_unseekable_stream():
    openpyxl = pytest.importorskip("openpyxl")

    class Pipe(io.BytesIO):
        def seekable(self) -> bool:
            return False

    pipe = Pipe()
    write_records(RECORDS, "xlsx", pipe)
    assert openpyxl.load_workbook(io.BytesIO(pipe.getvalue())).sheetnames == ["任务", "单位"]


def test_unknown_format():
    with pytest.raises(ValueError):
        open_writer("xml", io.BytesIO())


def test_atomic_file_commit_replaces_target(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    with AtomicFile(target) as f:
        f.file.write(b"new")
        assert target.read_text() == "old"  # nothing visible until commit
        f.commit()
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["out.json"]


def test_atomic_file_discarded_on_error_leaves_target_and_no_temp(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), AtomicFile(target) as f:
        f.file.write(b"half")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.json"]


def test_atomic_file_new_file_gets_normal_permissions(tmp_path):
    target = tmp_path / "new.csv"
    with AtomicFile(target) as f:
        f.file.write(b"x")
        f.commit()
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_atomic_file_missing_folder_raises_oserror(tmp_path):
    with pytest.raises(FileNotFoundError):
        AtomicFile(tmp_path / "missing" / "out.json")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_atomic_file_writes_devices_in_place():
    f = AtomicFile("/dev/full")
    assert f.tmp is None  # never rename over a device
    f.file.write(b"x" * 10)
    with pytest.raises(OSError):
        f.commit()
    f.discard()
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
