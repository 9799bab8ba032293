"""Batch work: finding inputs, parsing them in order (in parallel), filtering records."""
from __future__ import annotations

import itertools
import os
import pickle
import signal
import sys
import time
from pathlib import PurePath

import pytest

import gwparse
from gwparse import batch, workers
from gwparse.batch import Input, ParseOptions, collect_inputs, parse_all, parse_one, record_filter, walk
from gwparse.model import Document, TaskRecord, Unit
from plans import PIPE_PLAN, PROSE_PLAN

HEADINGS_ONLY = "一、总体要求\n做好工作。\n二、保障措施\n加强组织领导。\n"


@pytest.fixture
def plans(tmp_path):
    """plans/ with sub-folders, a broken file, and files that must be skipped."""
    root = tmp_path / "plans"
    (root / "2023" / "q1").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a.txt").write_text(PIPE_PLAN, encoding="utf-8")
    (root / "B.TXT").write_text(PROSE_PLAN, encoding="utf-8")
    (root / "2023" / "prose.md").write_text(PROSE_PLAN, encoding="utf-8")
    (root / "2023" / "q1" / "pipes.txt").write_text(PIPE_PLAN, encoding="gb18030")
    (root / "2023" / "broken.txt").write_text(HEADINGS_ONLY, encoding="utf-8")
    (root / "notes.pptx").write_bytes(b"PK\x05\x06" + bytes(18))
    (root / "~$a.docx").write_bytes(b"lock")
    (root / ".git" / "x.txt").write_text(PIPE_PLAN, encoding="utf-8")
    return root


def test_walk_is_recursive_sorted_and_skips_hidden_lock_and_unknown_files(plans):
    assert walk(plans) == [PurePath(p) for p in
                           ("2023/broken.txt", "2023/prose.md", "2023/q1/pipes.txt", "B.TXT", "a.txt")]


def test_walk_glob_chooses_files(plans):
    assert walk(plans, ["*.md"]) == [PurePath("2023/prose.md")]
    assert walk(plans, ["q1/*.txt", "*.pptx"]) == [PurePath("2023/q1/pipes.txt"), PurePath("notes.pptx")]


def test_collect_inputs_keeps_argument_order_and_reports_problems(plans, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    named = plans / "notes.pptx"  # a named file is taken whatever its suffix
    inputs = collect_inputs([str(named), str(plans / "2023"), "missing.txt", str(empty), "-"],
                            read_stdin=lambda: b"stdin bytes")
    assert [i.path for i in inputs] == [
        str(named), str(plans / "2023" / "broken.txt"), str(plans / "2023" / "prose.md"),
        str(plans / "2023" / "q1" / "pipes.txt"), "missing.txt", str(empty), "-"]
    assert inputs[3].rel == PurePath("q1/pipes.txt")
    assert inputs[4].problem == "no such file or folder"
    assert inputs[5].problem.startswith("no documents found in folder")
    assert inputs[6].data == b"stdin bytes" and inputs[6].rel == PurePath("stdin")


def test_parse_all_in_a_pool_gives_the_serial_outcomes_in_order(plans):
    inputs = collect_inputs([str(plans), "missing.txt"]) * 3
    serial = list(parse_all(inputs, ParseOptions(), jobs=1))
    pooled = list(parse_all(inputs, ParseOptions(), jobs=2))
    assert [o.input.path for o in pooled] == [i.path for i in inputs]
    assert [(o.error, o.records) for o in pooled] == [(o.error, o.records) for o in serial]
    errors = {PurePath(o.input.path).name: o.error for o in serial if o.error}
    assert set(errors) == {"broken.txt", "missing.txt"}
    assert all(o.records for o in serial if not o.error)


def test_a_chunk_rendering_larger_than_a_pipe_comes_through_whole(tmp_path):
    rows = "".join(f"| {n} | 第{n}项任务：更新主动公开基本目录。 | 区政府办公室 | 6月底前 |\n" for n in range(1, 1201))
    for k in range(4):
        (tmp_path / f"plan{k}.txt").write_text(f"示例区{k}清单\n\n| 序号 | 工作任务 | 责任单位 | 完成时限 |\n{rows}",
                                               encoding="utf-8")
    inputs = collect_inputs([str(tmp_path)])
    delivery = batch.Delivery(fmt="jsonl")
    serial = [o.records.data for o in parse_all(inputs, ParseOptions(), jobs=1, delivery=delivery)]
    pooled = [o.records.data for o in parse_all(inputs, ParseOptions(), jobs=2, delivery=delivery)]
    assert len(serial[0]) > 4 * 65536 and serial[0].count(b"\n") == 1200
    assert pooled == serial


def test_a_worker_answer_read_in_pieces_comes_whole_and_a_cut_one_is_an_end(tmp_path):
    import threading

    from gwparse.writers import Rendered

    message = workers._answer(7, Rendered("第一项\n".encode() * 5000, 5000, 3), None)
    read_fd, write_fd = os.pipe()
    pieces = [message[:5], message[5:70000], message[70000:]]

    def write_slowly():
        for piece in pieces:
            os.write(write_fd, piece)
            time.sleep(0.05)
        os.write(write_fd, workers._answer(8, [], "no task records found")[:20])  # cut short
        os.close(write_fd)

    writer = threading.Thread(target=write_slowly)
    writer.start()
    try:
        i, rendered, error, warnings = workers._read_answer(read_fd)
        assert (i, error, rendered.count, rendered.units, warnings) == (7, None, 5000, 3, [])
        assert rendered.data == "第一项\n".encode() * 5000
        with pytest.raises(EOFError):
            workers._read_answer(read_fd)
    finally:
        writer.join()
        os.close(read_fd)


def test_closing_parse_all_early_stops_the_pool(plans):
    outcomes = parse_all(collect_inputs([str(plans)]) * 20, ParseOptions(), jobs=2)
    first = next(outcomes)
    outcomes.close()
    assert first.input.path.endswith("broken.txt")


def _reaped(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # a zombie (ended, not waited for) still answers
    except ProcessLookupError:
        return True
    return False


def test_closing_parse_all_before_it_starts_ends_and_reaps_the_workers(plans):
    outcomes = parse_all(collect_inputs([str(plans)]) * 20, ParseOptions(), jobs=2)
    pids = [w.pid for w in outcomes.workers]
    assert len(pids) == 2
    outcomes.close()
    assert all(_reaped(pid) for pid in pids)


def test_a_finished_batch_leaves_no_worker_behind(plans):
    outcomes = parse_all(collect_inputs([str(plans)]) * 4, ParseOptions(), jobs=2)
    pids = [w.pid for w in outcomes.workers]
    assert len(list(outcomes)) == 20
    assert all(_reaped(pid) for pid in pids)


def test_a_worker_that_dies_costs_only_the_document_it_was_parsing(plans, monkeypatch):
    inputs = collect_inputs([str(plans)]) * 6
    serial = list(parse_all(inputs, ParseOptions(), jobs=1))
    parent, real = os.getpid(), batch.parse_one

    def deadly(path, data, options):  # B.TXT kills any worker that parses it (not the parent)
        if os.getpid() != parent and path.endswith("B.TXT"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, data, options)

    monkeypatch.setattr(batch, "parse_one", deadly)
    pooled = list(parse_all(inputs, ParseOptions(), jobs=2))
    crashed = [o for o in pooled if o.error and "crashed" in o.error]
    # each worker dies on the first B.TXT it takes; the parent parses what is left
    assert len(crashed) == 2
    assert all(o.input.path.endswith("B.TXT") for o in crashed)
    assert {o.error for o in crashed} == {"the worker process parsing it crashed (killed by SIGKILL)"}
    assert [o.input.path for o in pooled] == [i.path for i in inputs]
    others = [(p.error, p.records) == (s.error, s.records)
              for p, s in zip(pooled, serial, strict=True) if not any(p is c for c in crashed)]
    assert len(others) == len(inputs) - 2 and all(others)


def test_a_batch_goes_on_in_this_process_when_no_worker_can_be_forked(plans, monkeypatch):
    inputs = collect_inputs([str(plans)]) * 3
    serial = list(parse_all(inputs, ParseOptions(), jobs=1))

    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    outcomes = parse_all(inputs, ParseOptions(), jobs=2)
    assert outcomes.workers == []
    pooled = list(outcomes)
    assert [(o.input.path, o.error, o.records) for o in pooled] == [(o.input.path, o.error, o.records) for o in serial]


def test_work_in_flight_stays_bounded_while_the_consumer_waits(tmp_path):
    (tmp_path / "plan.txt").write_text(PIPE_PLAN, encoding="utf-8")
    outcomes = parse_all(collect_inputs([str(tmp_path)]) * 400, ParseOptions(), jobs=2)
    try:
        for _ in range(5):
            next(outcomes)
            time.sleep(0.3)  # the workers go on; what they may hold ahead is bounded
            ahead = max(outcomes.done, default=outcomes.next)
            held = sum(len(w.todo) for w in outcomes.workers)
            assert ahead < outcomes.next + outcomes.window + outcomes.chunk
            assert held <= 2 * outcomes.chunk * len(outcomes.workers)
        assert outcomes.window < 400
    finally:
        outcomes.close()


def test_stdin_bytes_are_parsed_like_a_file():
    [outcome] = parse_all([Input("-", PurePath("stdin"), data=PIPE_PLAN.encode("gb18030"))], ParseOptions())
    assert outcome.error is None and len(outcome.records) == 3
    assert outcome.records[0].document.source == "-"


def test_a_document_without_records_is_a_failure_naming_the_style(tmp_path):
    path = tmp_path / "headings.txt"
    path.write_text(HEADINGS_ONLY, encoding="utf-8")
    records, error, warnings = parse_one(str(path), None, ParseOptions(style="prose"))
    assert records == [] and error == "no task records found; detected style: prose" and warnings == []


def test_parser_bugs_become_one_line_reasons(monkeypatch):
    from gwparse import pipeline

    def broken(*args, **kwargs):
        raise ValueError("first line\n  second line")

    monkeypatch.setattr(pipeline, "parse_result", broken)
    assert parse_one("x.txt", None, ParseOptions()) == ([], "internal error: ValueError: first line second line", [])


def test_an_error_that_hides_a_ctrl_c_is_the_interrupt_not_a_failed_document(monkeypatch):
    """opencc and pydantic-core turn a Ctrl-C during their import into an ImportError or a panic."""
    from gwparse import pipeline

    def import_interrupted(*args, **kwargs):
        try:
            batch.CtrlC.handler(signal.SIGINT, None)  # what Ctrl-C runs in the CLI
        except KeyboardInterrupt as e:
            raise ImportError("opencc_clib not found") from e  # what the library made of it

    monkeypatch.setattr(pipeline, "parse_result", import_interrupted)
    monkeypatch.setattr(batch.CtrlC, "pressed", False)
    with pytest.raises(KeyboardInterrupt):
        parse_one("x.txt", None, ParseOptions())


def test_parse_options_reach_the_parser(monkeypatch):
    from gwparse import pipeline

    seen = {}
    empty = pipeline.ParseResult([], Document(source="x.txt", format="", script="simplified"), "")
    monkeypatch.setattr(pipeline, "parse_result", lambda path, **kw: seen.update(kw) or empty)
    options = ParseOptions(style="prose", keep_script=True, encoding="gbk", max_bytes=123)
    assert parse_one("x.txt", None, options) == ([], "no task records found", [])
    assert seen == {"style": "prose", "keep_script": True, "encoding": "gbk", "max_bytes": 123}


def test_default_max_bytes_is_the_readers():
    from gwparse.readers import DEFAULT_MAX_BYTES

    assert ParseOptions().max_bytes == DEFAULT_MAX_BYTES


def _record(*units: tuple[str, str]) -> TaskRecord:
    return TaskRecord(content="任务。", units=[Unit(name=n, role=r) for n, r in units],
                      document=Document(source="a.txt", format="prose", script="simplified"))


def test_record_filter_by_unit_and_role():
    both = _record(("区财政局", "lead"), ("区发改局", "cooperate"))
    finance_helps = _record(("区财政局", "cooperate"))
    nobody = _record()
    assert record_filter() is None
    keep = record_filter(unit="财政局")
    assert [keep(r) for r in (both, finance_helps, nobody)] == [True, True, False]
    keep = record_filter(unit="财政局", role="lead")
    assert [keep(r) for r in (both, finance_helps, nobody)] == [True, False, False]
    keep = record_filter(role="cooperate")
    assert [keep(r) for r in (both, finance_helps, nobody)] == [True, True, False]


def test_library_functions_and_results_pickle():
    for fn in (gwparse.parse, gwparse.parse_bytes, gwparse.parse_text, batch.parse_one):
        assert pickle.loads(pickle.dumps(fn)) is fn
    records = gwparse.parse_text(PIPE_PLAN)
    assert pickle.loads(pickle.dumps(records)) == records
    assert pickle.loads(pickle.dumps(ParseOptions(style="prose"))) == ParseOptions(style="prose")


def _open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open pipes through /proc/self/fd (Linux)")
def test_ctrl_c_at_any_line_of_the_pool_leaves_nothing_behind(tmp_path):
    """A KeyboardInterrupt raised at each line in turn of the parent's side of the
    pool (where SIGINT is not held back) must reach the caller, and close() must
    then end and reap every worker and close every pipe, without an error of its own."""
    (tmp_path / "a.txt").write_text(PIPE_PLAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PROSE_PLAN, encoding="utf-8")
    inputs = collect_inputs([str(tmp_path)]) * 4
    parent, source = os.getpid(), workers.__file__
    fds = _open_fds()
    interrupted = 0
    for line in itertools.count(1):
        seen, where = 0, 0

        def trace(frame, event, arg, target=line):
            nonlocal seen, where
            if os.getpid() != parent or frame.f_code.co_filename != source:
                return None  # only the parent's side of the pool
            if event == "line" and signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, ()):
                seen += 1
                if seen == target:
                    where = frame.f_lineno
                    raise KeyboardInterrupt  # as a signal handler would, here
            return trace

        outcomes = None
        sys.settrace(trace)
        try:
            outcomes = parse_all(inputs, ParseOptions(), jobs=2)
            finished = len(list(outcomes)) == len(inputs)
        except KeyboardInterrupt:
            finished = False
            interrupted += 1
        finally:
            sys.settrace(None)
        if outcomes is not None:
            outcomes.close()
        with pytest.raises(ChildProcessError):  # no worker left running or unreaped
            os.waitpid(-1, os.WNOHANG)
            pytest.fail(f"a worker left running after an interrupt at workers.py:{where}")
        assert _open_fds() == fds, f"pipes left open after an interrupt at workers.py:{where}"
        if finished:
            break
    assert interrupted > 50  # the trace reached the pool's loop, not only its start
