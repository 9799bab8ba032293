"""The self-check: ParseResult, the plausibility checks (gwparse.checks) and how the CLI reports them."""
from __future__ import annotations

import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gwparse
from gwparse import workers
from gwparse.checks import MAX_PER_CODE, ParseWarning, check_records
from gwparse.model import Document, TaskRecord, Unit
from plans import PIPE_PLAN, PROSE_PLAN

SHARED = Path(__file__).resolve().parents[2] / "shared"

# A pipe table whose third task has no unit cell while the other three do: the one
# finding this plan gives whatever the column model does with it.
UNITLESS_PLAN = """示例区2024年政务公开任务表

| 序号 | 工作任务 | 责任单位 | 完成时限 |
| 1 | 更新主动公开基本目录。 | 区政府办公室 | 6月底前 |
| 2 | 规范依申请公开办理流程。 | 区司法局 | 全年 |
| 3 | 加强政策解读，及时回应社会关切。 |  | 12月底前 |
| 4 | 做好政府信息公开年度报告。 | 区政府办公室 | 1月底前 |
"""
UNITLESS_MESSAGE = "record 3: no units, where 3 of 4 records have some"


def _record(content: str = "更新主动公开基本目录。", units: tuple[str, ...] = ("区政府办公室",),
            **headings: str) -> TaskRecord:
    return TaskRecord(content=content, units=[Unit(name=n, role="responsible") for n in units],
                      document=Document(source="t.txt", format="pipe-table", script="simplified"), **headings)


def _codes(*records: TaskRecord) -> list[str]:
    return [w.code for w in check_records(list(records))]


# --- the checks, one record at a time ------------------------------------------------------------


def test_a_plausible_record_gives_no_finding():
    record = _record("规范依申请公开办理流程。", ("区司法局", "各街道"), category="推进决策公开",
                     section="及时有效回应社会关切", item="用好新媒体平台")
    assert check_records([record]) == []


@pytest.mark.parametrize(("content", "code"), [
    ("——", "content-is-punctuation"),
    ("|", "content-is-punctuation"),
    ("6月底前", "content-is-deadline"),
    ("2024年12月底前完成", "content-is-deadline"),
    ("长期", "content-is-deadline"),
    ("区财政局、区发改局", "content-is-units"),
    ("区司法局牵头，各街道配合", "content-is-units"),
    ("目录。", "content-too-short"),
    ("公开财政预决算信息。（区财政局负责）", "units-in-content"),
    ("公开财政预决算信息【责任单位：区财政局】", "units-in-content"),
    ("公开财政预决算信息。责任单位：区财政局", "units-in-content"),
])
def test_content_that_is_no_task(content, code):
    assert _codes(_record(content)) == [code]


@pytest.mark.parametrize("content", [
    "及时公开政府常务会议议定事项。", "落实低保长期公示制度。", "定期发布房地产市场信息。",
    "建设政务服务中心。", "用好政务新媒体平台，扩大传播。", "公开财政预决算信息（见附件1）。",
])
def test_task_text_that_merely_mentions_times_or_units_is_no_finding(content):
    assert _codes(_record(content)) == []


@pytest.mark.parametrize(("field", "heading", "code"), [
    ("category", "6月底前", "heading-is-deadline"),
    ("section", "每季度", "heading-is-deadline"),
    ("item", "区财政局", "heading-is-units"),
    ("section", "1", "heading-is-number"),
])
def test_a_heading_that_reads_as_a_cell_of_another_column(field, heading, code):
    [warning] = check_records([_record(**{field: heading})])
    assert warning.code == code and f"{field}" in warning.message and repr(heading) in warning.message


@pytest.mark.parametrize(("name", "why"), [
    ("区财政局按规定时间上网。", "holds a full stop"),
    ("责任领导张某", "holds a person label"),
    ("牵头单位：区财政局", "holds a label or role word"),
    ("12345", "has no letters"),
    ("区(qū)政府办公室", "holds a pinyin reading"),
    ("市司法局】", "holds a stray bracket"),
    ("县自然资源局|", "holds a stray bracket"),
    ("不再单独列出", "does not read as a unit name"),
    ("区" + "财政" * 30 + "局", "is too long"),
])
def test_unit_names_that_are_no_names(name, why):
    [warning] = check_records([_record(units=(name,))])
    assert warning.code == "unit-name" and why in warning.message and warning.message.startswith("record 1: ")


@pytest.mark.parametrize("name", ["区财政局", "各县（市、区）政府", "县直各部门", "区融媒体中心", "各镇（街道）",
                                  "区总工会", "市12345热线办", "区委网信办", "各承办单位", "决策承办部门"])
def test_unit_names_that_are_names(name):
    assert _codes(_record(units=(name,))) == []


def test_records_without_units_are_a_finding_only_when_most_records_have_some():
    some, none = _record(), _record(units=())
    assert check_records([some, none, some]) == [ParseWarning("no-units", "record 2: no units, where 2 of 3 "
                                                                          "records have some")]
    assert check_records([some, none, none, some]) == []  # half without: a plan that names few units
    assert check_records([none, none]) == []


def test_findings_of_one_kind_are_capped_with_a_line_counting_the_rest():
    records = [_record("6月底前") for _ in range(MAX_PER_CODE + 3)]
    warnings = check_records(records)
    assert len(warnings) == MAX_PER_CODE + 1
    assert warnings[-1] == ParseWarning("content-is-deadline",
                                        "3 more findings of this kind (content-is-deadline) not listed")
    assert [w.message.split(":")[0] for w in warnings[:-1]] == [f"record {n}" for n in range(1, MAX_PER_CODE + 1)]


_TEXT = st.text(st.sampled_from("区财政局办牵头负责：（）【】|。，、6月底前长期 \t\nqū123任务公开"), min_size=1, max_size=30)


@given(content=_TEXT.filter(str.strip), units=st.lists(_TEXT.filter(str.strip), max_size=3),
       heading=st.one_of(st.none(), _TEXT))
def test_any_record_gives_one_line_findings_with_a_known_code(content, units, heading):
    record = _record(content, tuple(units), section=heading)
    codes = {"content-is-punctuation", "content-is-deadline", "content-is-units", "content-too-short",
             "units-in-content", "heading-is-number", "heading-is-deadline", "heading-is-units", "unit-name",
             "no-units"}
    for warning in check_records([record, record]):
        assert warning.code in codes
        assert warning.message == " ".join(warning.message.split()) and "\t" not in warning.message
        assert re.match(r"(records? \d|\d+ more finding)", warning.message)


# --- ParseResult -------------------------------------------------------------------------------


def test_parse_result_holds_records_document_style_and_warnings():
    result = gwparse.parse_result_text(UNITLESS_PLAN, name="plan.txt")
    assert result.records == gwparse.parse_text(UNITLESS_PLAN, name="plan.txt")
    assert len(result.records) == 4 and result.style == "pipe-table" == result.document.format
    assert result.document.source == "plan.txt"
    assert result.warnings == [ParseWarning("no-units", UNITLESS_MESSAGE)]
    assert pickle.loads(pickle.dumps(result)) == result


def test_parse_result_of_a_file_and_of_bytes_agree(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(UNITLESS_PLAN.encode("gb18030"))
    by_path = gwparse.parse_result(path, encoding="gb18030")
    by_bytes = gwparse.parse_result_bytes(path.read_bytes(), str(path))
    assert by_path.records == gwparse.parse(path)
    assert by_path.warnings == by_bytes.warnings == [ParseWarning("no-units", UNITLESS_MESSAGE)]


def test_clean_plans_give_no_warnings():
    for plan in (PIPE_PLAN, PROSE_PLAN):
        assert gwparse.parse_result_text(plan).warnings == []


def test_a_traditional_document_is_checked_in_simplified_script_and_keeps_its_own():
    plan = UNITLESS_PLAN.translate(str.maketrans("区办规范务开录门", "區辦規範務開錄門"))
    result = gwparse.parse_result_text(plan, keep_script=True)
    assert "區政府辦公室" in [u.name for r in result.records for u in r.units]
    assert [w.code for w in result.warnings] == ["no-units"]


def test_the_extractors_findings_come_through():
    from builders import docx_bytes, p, tbl, tc, tr

    contacts = tbl(tr(tc("姓名"), tc("电话")), tr(tc("张三"), tc("12345678")), cols=2)
    data = docx_bytes(contacts, *(p(line) for line in PROSE_PLAN.splitlines()))
    result = gwparse.parse_result_bytes(data, "notice.docx")
    assert result.style == "docx-prose" and len(result.records) == 2
    assert result.warnings == [ParseWarning("no-task-table", "no table of 1 has a task header; read the text instead")]


def test_a_prose_paragraph_ending_in_an_unread_unit_block_is_a_finding():
    # the block names units and roles, but its tail (另行通知) is neither a note nor a deadline:
    # the task is not read, and the self-check says so; a note or a plain remark in brackets is no finding
    text = ("一、总体要求\n"
            "为做好工作，现通知如下（第一责任单位为牵头单位，下同）。\n"
            "（一）加强财政公开。公开债券资金。（区财政局负责落实，区直各部门配合，另行通知）\n"
            "（二）加强教育公开。公开招生政策。（区教育局负责）\n"
            "（三）做好保障。请高度重视。（请各单位认真负责）\n")
    result = gwparse.parse_result_text(text)
    assert [r.section for r in result.records] == ["加强教育公开"]
    assert [(w.code, w.message[:12]) for w in result.warnings] == [("unit-block-unread", "paragraph 3 ")]


# --- the corpus: no warnings where gwparse reads right ----------------------------------------------


def _gold_sources(corpus: str) -> list[Path]:
    gold = SHARED / corpus / "gold"
    if not gold.is_dir():
        pytest.skip(f"shared {corpus} not found at {gold}")
    return [SHARED / corpus / json.loads(g.read_text(encoding="utf-8"))["source"] for g in sorted(gold.glob("*.json"))]


@pytest.mark.parametrize("corpus", ["corpus", "containers"])
def test_the_shared_corpus_gives_no_warnings(corpus):
    found = {p.name: [w.message for w in gwparse.parse_result(p).warnings] for p in _gold_sources(corpus)}
    assert {name: messages for name, messages in found.items() if messages} == {}


# --- the worker message -------------------------------------------------------------------------


def test_warnings_cross_the_worker_pipe_whole(tmp_path):
    import os

    from gwparse.writers import Rendered

    warnings = [ParseWarning("unit-name", "record 1: unit name '区(qū)政府' holds a pinyin reading"),
                ParseWarning("no-units", "record 2: no units, where 2 of 3 records have some")]
    read_fd, write_fd = os.pipe()
    try:
        os.write(write_fd, workers._answer(3, Rendered(b"{}\n", 1, 0), None, warnings))
        os.write(write_fd, workers._answer(4, [], "no task records found"))
        assert workers._read_answer(read_fd) == (3, Rendered(b"{}\n", 1, 0), None, warnings)
        assert workers._read_answer(read_fd) == (4, [], "no task records found", [])
    finally:
        os.close(read_fd)
        os.close(write_fd)


# --- the command line ---------------------------------------------------------------------------


def gwparse_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gwparse", *args], capture_output=True, timeout=120)


@pytest.fixture
def plans(tmp_path):
    """Two clean plans and two that each give the one no-units finding."""
    root = tmp_path / "plans"
    root.mkdir()
    for name, text in (("a.txt", PIPE_PLAN), ("b.txt", UNITLESS_PLAN), ("c.txt", PROSE_PLAN), ("d.txt", UNITLESS_PLAN)):
        (root / name).write_text(text, encoding="utf-8")
    return root


def _lines(proc: subprocess.CompletedProcess) -> list[str]:
    return proc.stderr.decode("utf-8").splitlines()


def test_each_warning_is_one_stderr_line_and_the_summary_counts_them(plans):
    proc = gwparse_cli(str(plans), "--to", "jsonl", "-j", "1", "--summary")
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == 3 + 4 + 2 + 4  # warned documents keep their records
    lines = _lines(proc)
    assert lines[:2] == [f"gwparse: {plans / 'b.txt'}: warning: {UNITLESS_MESSAGE}",
                         f"gwparse: {plans / 'd.txt'}: warning: {UNITLESS_MESSAGE}"]
    assert re.fullmatch(r"gwparse: 4 documents, 13 records, \d+ units, 2 warnings, 0 failed, [\d.]+ s", lines[2])
    assert len(lines) == 3


def test_quiet_silences_warnings(plans):
    proc = gwparse_cli(str(plans), "-q")
    assert proc.returncode == 0 and proc.stderr == b""


def test_a_single_document_warns_too(plans):
    proc = gwparse_cli(str(plans / "b.txt"))
    assert proc.returncode == 0 and _lines(proc) == [f"gwparse: {plans / 'b.txt'}: warning: {UNITLESS_MESSAGE}"]
    assert len(json.loads(proc.stdout)) == 4


def test_strict_fails_a_warned_document_and_writes_none_of_its_records(plans, tmp_path):
    out = tmp_path / "out"
    proc = gwparse_cli(str(plans), "--strict", "-q", "--to", "jsonl", "--out-dir", str(out))
    assert proc.returncode == 1
    assert _lines(proc) == [f"gwparse: {plans / 'b.txt'}: 1 warning (--strict)",
                            f"gwparse: {plans / 'd.txt'}: 1 warning (--strict)"]
    assert sorted(p.name for p in out.iterdir()) == ["a.jsonl", "c.jsonl"]
    proc = gwparse_cli(str(plans / "b.txt"), "--strict", "--to", "jsonl")
    assert proc.returncode == 1 and proc.stdout == b""
    assert _lines(proc) == [f"gwparse: {plans / 'b.txt'}: warning: {UNITLESS_MESSAGE}",
                            f"gwparse: {plans / 'b.txt'}: 1 warning (--strict)"]


def test_strict_passes_clean_documents(plans):
    proc = gwparse_cli(str(plans / "a.txt"), str(plans / "c.txt"), "--strict", "-q", "--to", "jsonl")
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 5


def test_the_units_command_warns_and_is_strict_too(plans):
    proc = gwparse_cli("units", str(plans / "a.txt"), str(plans / "b.txt"), "--to", "csv", "--strict", "--by", "unit")
    assert proc.returncode == 1
    assert f"gwparse: {plans / 'b.txt'}: warning: {UNITLESS_MESSAGE}" in _lines(proc)
    # a.txt's 区司法局 leads (区司法局牵头); b.txt, failed, would add a responsible task
    assert "区司法局,1,0,0,1" in proc.stdout.decode().splitlines()


@pytest.mark.parametrize("extra", [(), ("--strict",)])
def test_workers_give_the_same_stdout_and_stderr_as_one_process(plans, extra):
    inputs = [str(plans)] * 3
    serial = gwparse_cli(*inputs, "--to", "jsonl", "-j", "1", *extra)
    pooled = gwparse_cli(*inputs, "--to", "jsonl", "-j", "2", *extra)
    assert (pooled.returncode, pooled.stdout) == (serial.returncode, serial.stdout)

    def timeless(proc):
        return [re.sub(r", [\d.]+ s$", "", line) for line in _lines(proc)]

    assert timeless(pooled) == timeless(serial)
    warned = [line for line in timeless(serial) if line.endswith(f"warning: {UNITLESS_MESSAGE}")]
    assert len(warned) == 6  # b.txt and d.txt, three times
    assert sum(line.endswith("1 warning (--strict)") for line in timeless(serial)) == (6 if extra else 0)


def test_inspect_lists_the_warnings(plans):
    proc = gwparse_cli("inspect", str(plans / "b.txt"), "--json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["warnings"] == [{"code": "no-units", "message": UNITLESS_MESSAGE}]
    tree = gwparse_cli("inspect", str(plans / "b.txt")).stdout.decode("utf-8")
    assert "warnings (1)" in tree and "no-units" in tree


def test_parse_skips_the_self_check_whose_warnings_it_would_drop(monkeypatch, tmp_path):
    """``parse`` returns records only: it gives the records ``parse_result`` gives, without
    running the checks (whose findings nobody would see)."""
    path = tmp_path / "plan.txt"
    path.write_text(UNITLESS_PLAN, encoding="utf-8")
    result = gwparse.parse_result(path)
    assert [w.message for w in result.warnings] == [UNITLESS_MESSAGE]

    def refuse(records):
        raise AssertionError("parse ran the self-check")

    monkeypatch.setattr("gwparse.checks.check_records", refuse)
    for records in (gwparse.parse(path), gwparse.parse_bytes(path.read_bytes(), "plan.txt"),
                    gwparse.parse_text(UNITLESS_PLAN)):
        assert [r.content for r in records] == [r.content for r in result.records]
    assert [r.units for r in gwparse.parse(path)] == [r.units for r in result.records]
