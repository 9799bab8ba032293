"""Issue 15: faults and hostile inputs that got through the Safety promises, each through the real command.

Every run is a subprocess under RLIMIT_AS 500 MB with a 10 s timeout
(``bounded_gwparse``): an input that costs too much dies there (MemoryError,
killed) and the test fails, so no timing assertion sits in normal code. A
clean outcome is records and exit 0, or exactly one ``gwparse: FILE: reason``
line and exit 1; never a traceback, never a temporary file left behind.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import fault_inputs as f
import fuzz
import hostile_inputs as h

TIME_LIMIT = fuzz.TIME_LIMIT


def bounded_gwparse(*args: str | os.PathLike, cwd: Path, timeout: float = TIME_LIMIT) -> fuzz.Run:
    """``python -m gwparse ARGS`` with 500 MB of address space (the fuzzer's runner); fails after ``timeout``."""
    run = fuzz.run_gwparse(list(map(str, args)), cwd, timeout)
    if run.returncode is None:
        pytest.fail(f"gwparse {' '.join(map(str, args))} took over {timeout} s")
    return run


def err_lines(run: fuzz.Run) -> list[str]:
    return run.stderr.decode("utf-8", "replace").splitlines()


def assert_clean(run: fuzz.Run, name: str) -> None:
    """Records (exit 0, stderr empty) or one line ``gwparse: NAME: reason`` (exit 1); no traceback."""
    text = run.stderr.decode("utf-8", "replace")
    assert "Traceback" not in text and "internal error" not in text and "out of memory" not in text, text
    if run.returncode == 0:
        assert run.stdout.strip() and run.stderr == b"", text
        json.loads(run.stdout)
    else:
        assert run.returncode == 1, (run.returncode, text)
        assert len(err_lines(run)) == 1 and err_lines(run)[0].startswith(f"gwparse: {name}: "), text


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


# --- inputs that cost too much work, or raised an internal error --------------------------------------

INPUTS = [
    ("100,000 TABs in one row", f.wide_tab_row),
    ("100,000 pipe cells in one row", f.wide_pipe_row),
    (".docx gridSpan 1,000 on many cells", f.docx_wide_gridspan),
    (".docx w:start 2e8 in letters", f.docx_huge_numbering_start),
    (".docx w:start of 4,000 nines", f.docx_endless_numbering_start),
    (".docx with 16M empty paragraphs", f.docx_empty_paragraphs),
    ("80 nested HTML tables around 3M characters", f.html_nested_tables),
    ("200,000 attributes on one tag", f.html_many_attributes),
    ("HTML colspan 1,000 on many cells", f.html_wide_colspan),
    ("control characters in HTML text", f.html_control_characters),
    ("<meta charset=rot13>", f.html_text_codec),
    ("<meta charset=hex>", lambda d: f.html_text_codec(d, "hex")),
    (".xlsx merged range $A$100:$E$1000000", f.xlsx_absolute_merge),
    (".xlsx with 2M <row>", f.xlsx_many_rows),
    ("40,000 等 after a unit", f.unit_open_tail),
    ("1,100 units in one label", f.many_units_label),
    ("date 二〇二三年一二三月一日", f.bad_chinese_date),
]


@pytest.mark.parametrize("make", [pytest.param(m, id=i) for i, m in INPUTS])
def test_costly_input_gives_a_clean_result(tmp_path, make):
    path = make(tmp_path)
    assert_clean(bounded_gwparse(path, cwd=tmp_path), str(path))


REFUSED = [
    (f.wide_tab_row, r"a text table with 200,104,002 cell positions, over the limit of 5,000,000"),
    (f.docx_wide_gridspan, r"a Word table with [\d,]+ cell positions, over the limit of 5,000,000"),
    (f.docx_empty_paragraphs, r"word/document\.xml has 16,000,007 XML elements, over the limit of 1,000,000"),
    (f.html_many_attributes, r"an HTML tag with 200,000 attributes, over the limit of 1,000"),
    (f.xlsx_absolute_merge, r"xl/worksheets/sheet1\.xml has merged ranges covering over 2,000,000 cells"),
    (f.xlsx_many_rows, r"xl/worksheets/sheet1\.xml has 2,000,00\d rows, over the limit of 1,048,576 \(Excel's own\)"),
]


@pytest.mark.parametrize(("make", "reason"), [pytest.param(m, r, id=m.__name__) for m, r in REFUSED])
def test_refused_with_the_limit_named(tmp_path, make, reason):
    import re

    path = make(tmp_path)
    run = bounded_gwparse(path, cwd=tmp_path)
    assert run.returncode == 1 and len(err_lines(run)) == 1, run.stderr
    assert re.fullmatch(f"gwparse: {re.escape(str(path))}: {reason}", err_lines(run)[0]), err_lines(run)


def test_html_control_characters_are_dropped_not_fatal(tmp_path):
    run = bounded_gwparse(f.html_control_characters(tmp_path), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    contents = [r["content"] for r in json.loads(run.stdout)]
    assert contents and all("更新" in c and "目录" in c and not any(ord(ch) < 32 for ch in c) for c in contents)


def test_numbering_start_out_of_range_counts_from_one(tmp_path):
    """w:start 2e8 in letters drew labels of millions of letters; out of Word's range, the list starts at A."""
    run = bounded_gwparse(f.docx_huge_numbering_start(tmp_path), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    contents = [r["content"] for r in json.loads(run.stdout)]
    assert contents[:3] == ["A.第1项：更新主动公开基本目录", "B.第2项：更新主动公开基本目录", "C.第3项：更新主动公开基本目录"]


def test_bad_chinese_date_is_no_date(tmp_path):
    run = bounded_gwparse(f.bad_chinese_date(tmp_path), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert all(r.get("date") is None for r in json.loads(run.stdout))


@pytest.mark.parametrize("codec", ["hex", "rot13", "base64", "uu", "zlib"])
def test_encoding_option_must_be_a_text_codec(tmp_path, codec):
    path = h.plan_file(tmp_path)
    run = bounded_gwparse(path, "--encoding", codec, cwd=tmp_path)
    assert run.returncode == 2 and b"Traceback" not in run.stderr
    assert f"{codec!r} is not a text encoding".encode() in run.stderr


# --- outputs -----------------------------------------------------------------------------------------


def test_output_through_a_symlink_writes_its_target(tmp_path):
    plan = h.plan_file(tmp_path)
    (tmp_path / "real.csv").write_text("old\n")
    (tmp_path / "link.csv").symlink_to("real.csv")
    run = bounded_gwparse(plan, "-o", "link.csv", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "link.csv").is_symlink()
    assert (tmp_path / "real.csv").read_text(encoding="utf-8").startswith("category,")
    assert leftovers(tmp_path) == []


def test_output_to_a_dangling_symlink_creates_its_target(tmp_path):
    plan = h.plan_file(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.json").symlink_to("sub/new.json")
    run = bounded_gwparse(plan, "-o", "link.json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "link.json").is_symlink() and json.loads((tmp_path / "sub" / "new.json").read_bytes())


def test_output_naming_an_input_is_refused(tmp_path):
    plan = h.plan_file(tmp_path)
    before = plan.read_bytes()
    for target in ("plan.txt", "./plan.txt"):
        run = bounded_gwparse(plan, "-o", target, "--to", "json", cwd=tmp_path)
        assert run.returncode == 2 and b"Traceback" not in run.stderr
        assert b"is also an input" in run.stderr
        assert plan.read_bytes() == before
    (tmp_path / "alias.txt").symlink_to("plan.txt")  # the same file by another name
    run = bounded_gwparse(plan, "-o", "alias.txt", "--to", "json", cwd=tmp_path)
    assert run.returncode == 2 and plan.read_bytes() == before


def test_output_inside_an_input_folder_is_not_read_back(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    h.plan_file(folder)
    for _ in range(2):
        run = bounded_gwparse(folder, "-o", folder / "tasks.xlsx", "-q", cwd=tmp_path)
        assert run.returncode == 0, run.stderr
    import openpyxl

    sheet = openpyxl.load_workbook(folder / "tasks.xlsx").worksheets[0]
    assert sheet.max_row == 4  # the header and the 3 tasks of plan.txt; tasks.xlsx itself was not read
    run = bounded_gwparse(folder, "--to", "jsonl", "-q", "--glob", "*", cwd=tmp_path)
    # read as an input when gwparse is not writing it: its own workbook reads back as the 3 tasks
    assert run.returncode == 0 and len(run.stdout.splitlines()) == 3 + 3


def test_out_dir_inside_an_input_folder_is_not_read_back(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    h.plan_file(folder)
    for _ in range(2):
        run = bounded_gwparse(folder, "--out-dir", folder, "--to", "xlsx", "-q", "--glob", "*", cwd=tmp_path)
        assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["plan.txt", "plan.xlsx"]


def test_output_to_a_character_device_is_written_in_place(tmp_path):
    run = bounded_gwparse(h.plan_file(tmp_path), "-o", "/dev/stdout", cwd=tmp_path)
    assert run.returncode == 0 and json.loads(run.stdout)  # the records came through the pipe


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_termination_signal_mid_batch_leaves_no_temp_file(tmp_path, signum, status):
    batch = h.big_batch(tmp_path, documents=150, tasks=300)
    proc = subprocess.Popen([sys.executable, "-m", "gwparse", batch, "-o", "tasks.json", "-q", "-j", "2"],
                            cwd=tmp_path, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while not leftovers(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leftovers(tmp_path), "the batch never started writing"
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == status, err
    assert b"Traceback" not in err
    assert leftovers(tmp_path) == [] and not (tmp_path / "tasks.json").exists()


# --- folders, names and special files ------------------------------------------------------------------


NON_UTF8 = os.fsdecode(b"plan-\xff\xfe.txt")


@pytest.mark.parametrize("args", [("--to", "json"), ("--to", "xlsx", "-o", "out.xlsx"), ("-j", "2", "--to", "csv"),
                                  ("--out-dir", "outdir")])
def test_non_utf8_file_name_in_a_folder(tmp_path, args):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / NON_UTF8).write_text(plan_text := h.plan_text(2), encoding="utf-8")
    h.plan_file(folder)
    assert plan_text
    run = bounded_gwparse(folder, "-q", *args, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert b"Traceback" not in run.stderr and run.stderr == b""
    if args[1] == "json":
        sources = [r["document"]["source"] for r in json.loads(run.stdout)]
        assert any("\\xff\\xfe" in s for s in sources), sources


def test_non_utf8_name_that_fails_is_reported_escaped(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / NON_UTF8).write_bytes(b"")
    run = bounded_gwparse(folder, "-q", cwd=tmp_path)
    assert run.returncode == 1
    assert err_lines(run) == [f"gwparse: {folder}/plan-\\xff\\xfe.txt: empty file"]


def test_fifo_argument_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    run = bounded_gwparse(tmp_path / "pipe.txt", cwd=tmp_path)
    assert run.returncode == 1
    assert err_lines(run) == [f"gwparse: {tmp_path / 'pipe.txt'}: not a regular file (a FIFO), not read"]


def test_fifo_in_a_folder_is_skipped_with_a_message(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    h.plan_file(folder)
    os.mkfifo(folder / "pipe.txt")
    run = bounded_gwparse(folder, "-q", cwd=tmp_path)
    assert run.returncode == 1 and json.loads(run.stdout)
    assert err_lines(run) == [f"gwparse: {folder / 'pipe.txt'}: not a regular file (a FIFO), not read"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_unreadable_sub_folder_is_a_failure(tmp_path):
    folder = tmp_path / "plans"
    (folder / "locked").mkdir(parents=True)
    h.plan_file(folder)
    (folder / "locked").chmod(0)
    try:
        run = bounded_gwparse(folder, "-q", cwd=tmp_path)
    finally:
        (folder / "locked").chmod(0o755)
    assert run.returncode == 1 and json.loads(run.stdout)
    assert err_lines(run) == [f"gwparse: {folder / 'locked'}: cannot read folder: Permission denied"]


def test_unreadable_sub_folder_as_root(tmp_path, monkeypatch):
    """Root reads every folder, so the walk's error path is driven by a folder that vanishes mid-walk."""
    from gwparse.batch import collect_inputs

    folder = tmp_path / "plans"
    folder.mkdir()
    h.plan_file(folder)
    real_scandir = os.scandir

    def scandir(path):
        if os.fspath(path).endswith("gone"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    (folder / "gone").mkdir()
    monkeypatch.setattr(os, "scandir", scandir)
    inputs = collect_inputs([str(folder)])
    problems = [(i.path, i.problem) for i in inputs if i.problem]
    assert problems == [(str(folder / "gone"), "cannot read folder: Permission denied")]
    assert [i.path for i in inputs if not i.problem] == [str(folder / "plan.txt")]


def test_stdout_closed(tmp_path):
    plan = h.plan_file(tmp_path)
    proc = subprocess.run(f'"{sys.executable}" -m gwparse "{plan}" >&-', shell=True, cwd=tmp_path,
                          stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=TIME_LIMIT)
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    assert proc.stderr.decode().splitlines() == ["gwparse: standard output: closed, cannot write records"]


def test_stdin_closed(tmp_path):
    proc = subprocess.run(f'"{sys.executable}" -m gwparse - <&-', shell=True, cwd=tmp_path,
                          capture_output=True, timeout=TIME_LIMIT)
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    assert proc.stderr.decode().splitlines() == ["gwparse: -: standard input is closed"]


def test_stdin_closed_when_not_read(tmp_path):
    plan = h.plan_file(tmp_path)
    proc = subprocess.run(f'"{sys.executable}" -m gwparse "{plan}" <&-', shell=True, cwd=tmp_path,
                          capture_output=True, timeout=TIME_LIMIT)
    assert proc.returncode == 0 and json.loads(proc.stdout), proc.stderr


# A signal whose KeyboardInterrupt is raised inside a weakref callback (importlib's module
# locks have one) is only reported by Python ("Exception ignored in …"), never raised.
_SWALLOWED_SIGNAL = """
import signal, sys, weakref
import gwparse.batch as batch
from gwparse.cli import main

real = batch.outcome_of
seen = []

def outcome_of(*args):
    seen.append(1)
    if len(seen) == 2:  # mid-batch: the handler runs inside a weakref callback, as a signal can
        class Lock: pass
        lock = Lock()
        ref = weakref.ref(lock, lambda r: batch.CtrlC.handler(signal.SIGHUP, None))
        del lock
    return real(*args)

batch.outcome_of = outcome_of
sys.argv = ["gwparse", *sys.argv[1:]]
main()
"""


def test_a_signal_python_swallowed_still_ends_the_batch(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for i in range(4):
        (folder / f"plan-{i}.txt").write_text(h.plan_text(3, seed=i), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _SWALLOWED_SIGNAL, folder, "-o", "tasks.json", "-q", "-j", "1"],
                          cwd=tmp_path, capture_output=True, timeout=TIME_LIMIT)
    assert proc.returncode == 129, proc.stderr
    assert b"Traceback" not in proc.stderr and b"Exception ignored" not in proc.stderr
    assert not (tmp_path / "tasks.json").exists() and leftovers(tmp_path) == []
