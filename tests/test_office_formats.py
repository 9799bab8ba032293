""".xls/.et (xlrd) and the LibreOffice paths for .ods/.odt: files LibreOffice converts from
workbooks and documents built in code (skipped without soffice), and the shared .xls seed plans."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from builders import docx_bytes, p, xlsx_bytes
from gwparse import parse_bytes
from gwparse.errors import GwparseError
from gwparse.readers.dispatch import read_bytes, read_path
from gwparse.readers.doc import find_soffice
from shared_seeds import seed_records

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ROWS = [["2024年某区政务公开任务分解表", None, None, None],
        ["工作任务", "具体要求", "责任单位", "完成时限"],
        ["一、推进决策公开", "1.推进重大决策预公开。", "区政府办公室牵头", "全年"],
        [None, "2.推进会议公开。", "区司法局负责", None],
        ["二、加强平台建设", "3.优化政府网站栏目。", "区大数据中心负责", 45657]]
MERGES = ["A1:D1", "A3:A4", "D3:D4"]
EXPECTED = [("推进决策公开", "1", "全年", "区政府办公室"), ("推进决策公开", "2", "全年", "区司法局"),
            ("加强平台建设", "3", "2025-01-01", "区大数据中心")]


def convert(tmp_path: Path, name: str, data: bytes, target: str) -> Path:
    soffice = find_soffice()
    if not soffice:
        pytest.skip(f"LibreOffice (soffice) is not installed, so no .{target} can be made")
    (tmp_path / name).write_bytes(data)
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", target, "--outdir", str(tmp_path), str(tmp_path / name)],
                   check=True, timeout=120, capture_output=True)
    return tmp_path / f"{Path(name).stem}.{target}"


def summary(records):
    return [(r.category, r.seq, r.deadline, r.units[0].name) for r in records]


def xlsx_with_a_date() -> bytes:
    import datetime as dt

    rows = [row[:3] + [dt.datetime(2025, 1, 1) if row[3] == 45657 else row[3]] for row in ROWS]
    return xlsx_bytes([("任务", rows, MERGES)])


def test_xls_merged_cells_and_dates(tmp_path):
    path = convert(tmp_path, "plan.xlsx", xlsx_with_a_date(), "xls")
    src = read_path(path)
    assert src.container == "xls" and src.grids[0].spans_known
    assert src.grids[0].before == ["2024年某区政务公开任务分解表"]
    records = parse_bytes(path.read_bytes(), "plan.xls")
    assert summary(records) == EXPECTED
    assert records[0].document.format == "xls-table" and records[0].document.title == "2024年某区政务公开任务分解表"


def test_xls_named_et_is_read_by_content(tmp_path):
    path = convert(tmp_path, "plan.xlsx", xlsx_with_a_date(), "xls")
    et = path.with_suffix(".et")
    et.write_bytes(path.read_bytes())
    assert summary(parse_bytes(et.read_bytes(), str(et))) == EXPECTED


def test_ods_is_converted_by_libreoffice(tmp_path):
    path = convert(tmp_path, "plan.xlsx", xlsx_with_a_date(), "ods")
    assert summary(parse_bytes(path.read_bytes(), "plan.ods")) == EXPECTED


def test_odt_is_converted_by_libreoffice(tmp_path):
    notice = docx_bytes(p("关于做好政务公开工作的通知"), p("一、推进决策公开"),
                        p("（一）推进重大决策预公开。对重大决策公开征求意见（区政府办公室牵头，各部门负责）。"))
    path = convert(tmp_path, "notice.docx", notice, "odt")
    records = parse_bytes(path.read_bytes(), "notice.odt")
    assert [(u.name, u.role) for u in records[0].units] == [("区政府办公室", "lead"), ("各部门", "responsible")]


def test_opendocument_without_libreoffice_names_the_remedy(monkeypatch):
    import gwparse.readers.doc as doc
    from builders import zip_bytes

    monkeypatch.setattr(doc, "find_soffice", lambda: None)
    odt = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
    with pytest.raises(GwparseError, match=r"^an OpenDocument text file \(\.odt\); install LibreOffice"):
        read_bytes(odt, "plan.odt")


def test_damaged_xls_is_refused_in_one_line():
    data = OLE + bytes(100) + "Workbook".encode("utf-16-le") + bytes(400)
    with pytest.raises(GwparseError, match=r"^not a valid \.xls file \(.+\)$"):
        read_bytes(data, "broken.xls")


@pytest.mark.parametrize("name", ["s000-sheet.xls", "s002-sheet.xls"])
def test_shared_seed_xls_are_read(name):
    records = seed_records(name)
    assert records and records[0].document.format == "xls-table"
