"""The gwparse command, driven for real: subprocesses (pipes, exit statuses, files) and CliRunner."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gwparse.batch import CtrlC
from gwparse.cli import cli, guarded, main
from plans import PIPE_PLAN, PROSE_PLAN

REPO = Path(__file__).resolve().parent.parent


BROKEN = "一、总体要求\n做好工作。\n"


def gwparse(*args: str, cwd: Path | None = None, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gwparse", *args], cwd=cwd, input=input,
                          capture_output=True, timeout=120)


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()


@pytest.fixture
def plans(tmp_path):
    """plans/ with sub-folders and one document that gives no records; cwd-relative paths."""
    root = tmp_path / "plans"
    (root / "2023").mkdir(parents=True)
    (root / "a.txt").write_text(PIPE_PLAN, encoding="utf-8")
    (root / "2023" / "b.txt").write_text(PROSE_PLAN, encoding="gb18030")
    (root / "2023" / "broken.txt").write_text(BROKEN, encoding="utf-8")
    (root / "c.md").write_text(PIPE_PLAN, encoding="utf-8")
    return root


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PIPE_PLAN, encoding="utf-8")
    return path


# --- one document --------------------------------------------------------------------


def test_json_to_stdout(plan):
    proc = gwparse(str(plan), "--to", "json")
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    assert [r["seq"] for r in records] == ["1", "2", "3"]
    assert "区政府办公室".encode() in proc.stdout  # ensure_ascii=False
    assert proc.stderr == b""  # one input: no summary


def test_default_format_is_json_and_explicit_convert_works(plan):
    assert gwparse(str(plan)).stdout == gwparse("convert", str(plan), "--to", "json").stdout


def test_jsonl_csv_tsv(plan):
    jsonl = gwparse(str(plan), "--to", "jsonl")
    assert [json.loads(x)["seq"] for x in jsonl.stdout.decode().splitlines()] == ["1", "2", "3"]
    rows = list(csv.DictReader(io.StringIO(gwparse(str(plan), "--to", "csv").stdout.decode())))
    assert [r["responsible_units"] for r in rows] == ["区政府办公室", "", "区发改局、区财政局"]
    assert rows[1]["lead_units"] == "区司法局" and rows[1]["cooperate_units"] == "各街道"
    tsv = gwparse(str(plan), "--to", "tsv").stdout.decode().splitlines()
    assert len(tsv) == 4 and tsv[0].split("\t")[:2] == ["category", "section"]


def test_stdin(plan):
    proc = gwparse("-", "--to", "jsonl", input=plan.read_text(encoding="utf-8").encode("gb18030"))
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert len(records) == 3 and records[0]["document"]["source"] == "-"


def test_bom_csv_reads_back_with_utf8_sig(plan):
    proc = gwparse(str(plan), "--to", "csv", "--bom", "--headers", "zh")
    assert proc.stdout.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(proc.stdout.decode("utf-8-sig"))))
    assert rows[0]["任务内容"] == "更新主动公开基本目录。" and rows[0]["序号"] == "1"


def test_per_unit_rows_equal_the_number_of_units(plan):
    units = sum(len(r["units"]) for r in json.loads(gwparse(str(plan)).stdout))
    proc = gwparse(str(plan), "--to", "csv", "--per-unit", "--headers", "zh")
    rows = list(csv.DictReader(io.StringIO(proc.stdout.decode())))
    assert len(rows) == units == 5
    assert {(r["单位"], r["角色"]) for r in rows} >= {("区司法局", "牵头"), ("各街道", "配合"), ("区财政局", "负责")}


def test_unit_and_role_filters(plan):
    def seqs(*args: str) -> list[str]:
        return [r["seq"] for r in json.loads(gwparse(str(plan), *args).stdout)]

    assert seqs("--unit", "区财政局") == ["3"]
    assert seqs("--unit", "区") == ["1", "2", "3"]
    assert seqs("--unit", "司法局", "--role", "lead") == ["2"]
    assert seqs("--unit", "司法局", "--role", "cooperate") == []
    assert seqs("--role", "cooperate") == ["2"]


def test_version_help_and_python_m():
    version = gwparse("--version")
    assert version.returncode == 0 and b"gwparse" in version.stdout
    help_text = gwparse("--help").stdout.decode()
    for text in ("Examples:", "--to", "--out-dir", "--per-unit", "units", "inspect", "schema"):
        assert text in help_text


# --- many documents --------------------------------------------------------------------


def test_folder_with_a_broken_file_converts_the_others(plans):
    proc = gwparse(str(plans), "--to", "json", "--summary", cwd=plans.parent)
    no_traceback(proc)
    assert proc.returncode == 1
    sources = [r["document"]["source"] for r in json.loads(proc.stdout)]
    assert sorted(set(sources)) == sorted(str(plans / p) for p in ("a.txt", "c.md", "2023/b.txt"))
    lines = proc.stderr.decode().splitlines()
    assert lines[0].startswith(f"gwparse: {plans / '2023' / 'broken.txt'}: ")
    assert lines[-1].startswith("gwparse: 4 documents, 8 records, ") and "1 failed" in lines[-1]
    assert len(lines) == 2


def test_quiet_drops_the_summary_but_not_failures(plans):
    proc = gwparse(str(plans), "-q", "--summary")
    assert proc.stderr.decode().count("\n") == 1 and "broken.txt" in proc.stderr.decode()


def test_missing_input_is_reported_in_its_place(plan):
    proc = gwparse("nope.txt", str(plan), "--to", "jsonl")
    assert proc.returncode == 1
    assert proc.stderr.decode().splitlines()[0] == "gwparse: nope.txt: no such file or folder"
    assert len(proc.stdout.decode().splitlines()) == 3


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_jobs_2_output_is_byte_identical_to_jobs_1(plans, fmt):
    args = [str(plans), str(plans / "a.txt"), str(plans), "--to", fmt, "-q"]
    one, two = gwparse(*args, "-j", "1"), gwparse(*args, "-j", "2")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and one.stdout
    assert one.stderr == two.stderr


def test_combined_csv_has_one_header(plans):
    rows = list(csv.reader(io.StringIO(gwparse(str(plans), "--to", "csv", "-q").stdout.decode())))
    assert sum(r[0] == "category" for r in rows) == 1 and len(rows) == 1 + 8


def test_fail_fast_stops_at_the_first_failure(plans):
    proc = gwparse(str(plans), "--to", "jsonl", "--fail-fast", "-q", "-j", "1")
    assert proc.returncode == 1
    # 2023/b.txt, then 2023/broken.txt stops the run before a.txt and c.md
    assert len(proc.stdout.splitlines()) == 2
    assert proc.stderr.decode().count("gwparse:") == 1


def test_glob_chooses_files(plans):
    proc = gwparse(str(plans), "--glob", "*.md", "--to", "jsonl")
    assert proc.returncode == 0
    assert {json.loads(x)["document"]["source"] for x in proc.stdout.decode().splitlines()} == {str(plans / "c.md")}


def test_out_dir_writes_one_file_per_input_mirroring_folders(plans, tmp_path):
    out = tmp_path / "out"
    proc = gwparse(str(plans), "--to", "csv", "--out-dir", str(out), "-q")
    assert proc.returncode == 1 and proc.stdout == b""
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["2023/b.csv", "a.csv", "c.csv"]  # nothing for the broken file
    assert (out / "a.csv").read_text(encoding="utf-8").startswith("category,")


def test_out_dir_refuses_two_inputs_writing_one_file(plans, tmp_path):
    (plans / "a.md").write_text(PIPE_PLAN, encoding="utf-8")
    proc = gwparse(str(plans), "--out-dir", str(tmp_path / "out"))
    assert proc.returncode == 2 and b"would both be written to" in proc.stderr


def test_o_writes_one_combined_file(plans, tmp_path):
    target = tmp_path / "all.jsonl"  # format from the suffix
    proc = gwparse(str(plans), "-o", str(target), "-q")
    assert proc.returncode == 1 and proc.stdout == b""
    assert len(target.read_text(encoding="utf-8").splitlines()) == 8


def test_o_is_atomic_existing_file_untouched_on_failure(tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text(BROKEN, encoding="utf-8")
    target = tmp_path / "out.json"
    target.write_text("precious", encoding="utf-8")
    proc = gwparse(str(broken), "-o", str(target))
    assert proc.returncode == 1
    assert target.read_text(encoding="utf-8") == "precious"
    assert sorted(os.listdir(tmp_path)) == ["broken.txt", "out.json"]  # no temp left


def test_o_into_a_missing_folder_is_an_output_error(plan, tmp_path):
    target = tmp_path / "missing" / "out.json"
    proc = gwparse(str(plan), "-o", str(target))
    no_traceback(proc)
    assert proc.returncode == 1
    assert proc.stderr.decode().strip() == f"gwparse: {target}: No such file or directory"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_o_dev_full_is_an_output_error(plan):
    proc = gwparse(str(plan), "-o", "/dev/full")
    no_traceback(proc)
    assert proc.returncode == 1
    assert proc.stderr.decode().strip() == "gwparse: /dev/full: No space left on device"


def test_xlsx_reads_back_with_openpyxl(plans, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "tasks.xlsx"
    proc = gwparse(str(plans), "--to", "xlsx", "-o", str(target), "--headers", "zh", "-q")
    assert proc.returncode == 1 and proc.stdout == b""
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["任务", "单位"]
    tasks, units = book["任务"], book["单位"]
    assert tasks.freeze_panes == "A2" and tasks.auto_filter.ref == "A1:T9"
    assert units.freeze_panes == "A2" and units.auto_filter.ref.startswith("A1:S")
    assert [c.value for c in tasks[1]][5] == "任务内容" and tasks.max_row == 9
    assert units.max_row == 1 + 5 + 5 + 3  # one row per (task, unit, role)


def test_xlsx_to_a_terminal_is_refused():
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "gwparse", "x.txt", "--to", "xlsx"],
                              stdout=follower, stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2 and b"-o FILE.xlsx" in proc.stderr


def test_xlsx_to_a_pipe_is_a_workbook(plan):
    openpyxl = pytest.importorskip("openpyxl")
    proc = gwparse(str(plan), "--to", "xlsx")
    assert proc.returncode == 0
    assert openpyxl.load_workbook(io.BytesIO(proc.stdout)).sheetnames == ["任务", "单位"]


@pytest.mark.parametrize("args", [
    ["--to", "xml"],
    ["--per-unit"],
    ["--to", "json", "--bom"],
    ["--to", "jsonl", "--headers", "zh"],
    ["-o", "x.json", "--out-dir", "out"],
    ["-j", "0"],
    ["--max-bytes", "lots"],
    ["--encoding", "no-such-codec"],
    ["-", "-"],
])
def test_usage_errors_exit_2(plan, args):
    proc = gwparse(str(plan), *args)
    no_traceback(proc)
    assert proc.returncode == 2 and proc.stdout == b""


def test_broken_pipe_is_quiet(plans):
    cmd = f"{sys.executable} -m gwparse {plans} {plans} {plans} --to jsonl -q -j 1 | head -c 10"
    proc = subprocess.run(["sh", "-c", cmd], capture_output=True, timeout=120)
    assert len(proc.stdout) == 10
    no_traceback(proc)
    assert b"Exception ignored" not in proc.stderr and b"BrokenPipe" not in proc.stderr


def test_interrupt_exits_130_and_leaves_no_partial_output(tmp_path):
    target = tmp_path / "out.json"
    proc = subprocess.Popen([sys.executable, "-m", "gwparse", "-", "-o", str(target)], cwd=tmp_path,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # also in a background job
    try:
        deadline = time.monotonic() + 60
        while not [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]:  # -o opened, stdin being read
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.stdin.close()
        proc.kill() if proc.poll() is None else None
    assert proc.returncode == 130
    assert b"Traceback" not in err
    assert os.listdir(tmp_path) == []


def test_ctrl_c_while_click_winds_down_still_exits_130(tmp_path, monkeypatch):
    """Ctrl-C just after a command has finished lands in click's own code, which would say "Aborted!", exit 1."""
    def interrupted():
        raise KeyboardInterrupt

    schema = cli.commands["schema"]
    real = schema.callback

    def finish_then_interrupted(**kwargs):
        click.get_current_context().call_on_close(interrupted)  # run as click winds the command down
        return real(**kwargs)

    monkeypatch.setattr(schema, "callback", finish_then_interrupted)
    monkeypatch.setattr(sys, "argv", ["gwparse", "schema", "-o", str(tmp_path / "schema.json")])
    with pytest.raises(SystemExit) as ended:
        main()
    assert ended.value.code == 130
    assert (tmp_path / "schema.json").exists()  # the command itself had finished



def test_an_error_that_hides_a_ctrl_c_exits_130_without_a_traceback(monkeypatch):
    @guarded
    def command(pressed: bool):
        try:
            if pressed:
                CtrlC.handler(signal.SIGINT, None)  # what Ctrl-C runs
            raise KeyboardInterrupt  # (a library's own use of it, for the contrast below)
        except KeyboardInterrupt as e:  # pydantic-core's Rust layer, interrupted while it is imported
            raise RuntimeError("failed to import `datetime` C API") from e

    monkeypatch.setattr(CtrlC, "pressed", False)
    with pytest.raises(RuntimeError):  # no Ctrl-C: an error like any other
        command(pressed=False)
    with pytest.raises(SystemExit) as ended:
        command(pressed=True)
    assert ended.value.code == 130

# --- subcommands -------------------------------------------------------------------------


def test_units_roster_counts_roles_across_inputs(plans):
    proc = gwparse("units", str(plans), str(plans / "a.txt"), "--to", "json", "-q", "--by", "unit")
    assert proc.returncode == 1  # the broken document still counts as a failure
    roster = json.loads(proc.stdout)
    by_name = {row["unit"]: row for row in roster}
    assert by_name["区财政局"] == {"unit": "区财政局", "lead": 0, "responsible": 4, "cooperate": 0, "total": 4}
    assert by_name["区司法局"]["lead"] == 3 and by_name["各街道"]["cooperate"] == 3
    totals = [(-row["total"], row["unit"]) for row in roster]
    assert totals == sorted(totals)


def test_units_csv_is_the_default_off_a_terminal(plan):
    rows = list(csv.reader(io.StringIO(gwparse("units", str(plan)).stdout.decode())))
    assert rows[0] == ["issuer", "unit", "lead", "responsible", "cooperate", "total"]
    assert len(rows) == 1 + 5


def test_a_file_named_like_a_command_is_reached_with_a_path(tmp_path):
    (tmp_path / "units").write_text(PIPE_PLAN, encoding="utf-8")
    proc = gwparse("./units", "--to", "jsonl", cwd=tmp_path)
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 3


def test_inspect_shows_container_style_and_records(plan):
    proc = gwparse("inspect", str(plan))
    assert proc.returncode == 0
    text = proc.stdout.decode()
    for part in ("container: text", "encoding: utf-8", "style: pipe-table", "records: 3"):
        assert part in text
    findings = json.loads(gwparse("inspect", str(plan), "--json").stdout)
    assert findings["records"] == 3 and findings["units"] == {"lead": 1, "responsible": 3, "cooperate": 1}


def test_inspect_failures(tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text(BROKEN, encoding="utf-8")
    proc = gwparse("inspect", str(broken), "--json")
    assert proc.returncode == 1 and json.loads(proc.stdout)["records"] == 0
    proc = gwparse("inspect", str(tmp_path / "missing.txt"))
    assert proc.returncode == 1 and b"no such file" in proc.stderr
    no_traceback(proc)


def test_schema_prints_the_committed_schema():
    proc = gwparse("schema")
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8") == (REPO / "schemas" / "task-record.schema.json").read_text(encoding="utf-8")


def test_cold_start_imports_nothing_heavy():
    code = ("import sys, gwparse.cli; heavy = {'rich', 'openpyxl', 'pydantic', 'lxml', 'opencc'};"
            "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"


# --- in process, through click's CliRunner ---------------------------------------------------


def test_runner_convert_and_default_routing(plan):
    runner = CliRunner()
    result = runner.invoke(cli, [str(plan), "--to", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("category,section,item,seq")
    assert runner.invoke(cli, ["convert", str(plan), "--to", "csv"]).stdout == result.stdout


def test_runner_unknown_to_is_a_usage_error(plan):
    result = CliRunner().invoke(cli, [str(plan), "--to", "yaml"])
    assert result.exit_code == 2 and "yaml" in result.stderr


def test_runner_stdin(plan):
    result = CliRunner().invoke(cli, ["-", "--to", "jsonl"], input=plan.read_bytes())
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 3


def test_runner_units_table(plans):
    result = CliRunner().invoke(cli, ["units", str(plans), "--to", "table", "-q"])
    assert result.exit_code == 1
    assert "区财政局" in result.stdout and "total" in result.stdout


def test_runner_schema_to_file(tmp_path):
    target = tmp_path / "schema.json"
    result = CliRunner().invoke(cli, ["schema", "-o", str(target)])
    assert result.exit_code == 0 and json.loads(target.read_text(encoding="utf-8"))["type"] == "object"
