"""gwparse benchmarks: throughput, CLI start-up, batch, scaling (see bench/README.md).

    .venv/bin/python bench/run.py            # full run (make bench), about 2 minutes
    .venv/bin/python bench/run.py --quick    # smaller, noisier run, about 40 s
    .venv/bin/python bench/run.py --out FILE # results elsewhere than bench/results.json

Every figure is printed and saved (with a timestamp and the Python version) so
that two runs can be compared with ``bench/compare.py OLD.json NEW.json``.
"""
from __future__ import annotations

import argparse
import gc
import io
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = Path(os.environ.get("GWPARSE_CORPUS", "/work/shared/corpus"))
CONTAINERS = Path(os.environ.get("GWPARSE_CONTAINERS", "/work/shared/containers/docs"))
CONTAINERS_PDF = Path(os.environ.get("GWPARSE_CONTAINERS_PDF", "/work/shared/containers-pdf/docs"))
GWPARSE = Path(sys.executable).parent / "gwparse"  # the venv's console script
CPUS = os.cpu_count() or 1
MB = 1e6

TARGETS = {  # figure → (limit, "min"/"max"): PASS when the figure is at least / at most the limit
    "throughput_vs_opencc": (0.10, "min"),
    "cli_seconds": (0.25, "max"),
    "batch_speedup_j2": (1.6, "min"),
    "batch_peak_rss_mb": (150.0, "max"),
    "scaling_100x_time_ratio": (120.0, "max"),
    "pdf_speed_vs_extract_tables": (0.8, "min"),
    "xlsx_vs_csv_cli": (3.0, "max"),
}


def verdict(name: str, value: float | None) -> str:
    limit, kind = TARGETS[name]
    sign = "≥" if kind == "min" else "≤"
    if value is None:
        return f"[target {sign} {limit:g}: n/a]"
    ok = value >= limit if kind == "min" else value <= limit
    return f"[target {sign} {limit:g}: {'PASS' if ok else 'MISS'}]"


# --- sections and timing helpers ---------------------------------------------------------


def _machine_busy() -> float:
    """CPU seconds the whole machine has spent busy (all processes), from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in f.readline().split()[1:9])
    except (OSError, ValueError):
        return float("nan")
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _own_cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


@contextmanager
def section(title: str, record: dict) -> Iterator[None]:
    """Print a heading; at the end, how busy *other* processes kept the CPUs meanwhile."""
    print(f"\n== {title}", flush=True)
    busy, own, start = _machine_busy(), _own_cpu(), time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    others = max(0.0, (_machine_busy() - busy - (_own_cpu() - own)) / (seconds * CPUS))
    record["section_seconds"] = seconds
    record["others_cpu_share"] = others
    warn = "  — figures unreliable, re-run on a quiet machine" if others > 0.25 else ""
    print(f"  [{seconds:.0f} s; other processes kept {others:.0%} of the {CPUS} CPUs busy meanwhile{warn}]",
          flush=True)


def best_time(fn: Callable[[], object], min_time: float, repeats: int = 5) -> float:
    """CPU seconds per call of ``fn``: best of ``repeats`` runs, each calling it for ≥ ``min_time``
    (wall). CPU time, not wall time, so that other work on the machine disturbs it less."""
    fn()  # warm-up: lazy imports, caches, OpenCC dictionaries
    best = float("inf")
    for _ in range(repeats):
        calls, start, cpu = 0, time.perf_counter(), time.process_time()
        while True:
            fn()
            calls += 1
            if time.perf_counter() - start >= min_time:
                break
        best = min(best, (time.process_time() - cpu) / calls)
    return best


def timed_run(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one subprocess run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


# --- documents ---------------------------------------------------------------------------


def text_corpus() -> list[Path]:
    return sorted((CORPUS / "seeds").glob("*.txt")) + sorted((CORPUS / "extra").glob("*.txt"))


def seed(prefix: str) -> Path:
    return next(p for p in text_corpus() if p.name.startswith(prefix))


def style_sets() -> dict[str, list[Path]]:
    return {
        "tab-cells": [seed("000_"), seed("001_"), seed("002_")],
        "pipe-table": [seed("003_")],
        "prose": [seed("004_"), *sorted((CORPUS / "extra").glob("*.txt"))],  # extra: a labelled list
        "encoded-text": sorted(CONTAINERS.glob("*.txt")),  # GB18030, Big5, UTF-16
        "docx": sorted(CONTAINERS.glob("*.docx")),
        "html": sorted(CONTAINERS.glob("*.htm*")),
        "xlsx": sorted(CONTAINERS.glob("*.xlsx")),
    }


def parse_function() -> Callable:
    import gwparse

    try:
        return gwparse.parse
    except AttributeError:  # __init__ not exporting it yet
        from gwparse.pipeline import parse

        return parse


def decoded_text(path: Path) -> str:
    """The text OpenCC converts as the baseline for ``path``.

    A UTF-8 text file as is; otherwise the text and table cells gwparse's reader
    extracts (so for containers the baseline leaves out unzip/XML/HTML parsing).
    """
    if path.suffix == ".txt":
        try:
            return path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            pass
    from gwparse.readers.dispatch import read_path

    source = read_path(path)
    cells = [c.text for g in source.grids for row in g.rows for c in row]
    return "\n".join([source.text, *(t for g in source.grids for t in g.before), *cells])


# --- 1 and 2: in-process throughput ------------------------------------------------------


def throughput(paths: list[Path], min_time: float, opencc_convert: Callable[[str], str],
               checked: bool = False) -> dict:
    """gwparse.parse over ``paths`` against OpenCC t2s over their decoded text (and, if
    ``checked``, parse_result: parsing with the self-check)."""
    parse = parse_function()
    nbytes = sum(p.stat().st_size for p in paths)
    records = sum(len(parse(p)) for p in paths)  # raises if the style does not work yet
    texts = [decoded_text(p) for p in paths]
    from gwparse.pipeline import clear_caches, parse_result

    # Cold: gwparse memoises unit splits and cell tests per process, and this loop parses
    # the same files again and again, so the headline clears those caches before each pass
    # (what a batch of unrelated documents sees); warm is shown beside it.
    # Rounds alternate between gwparse and OpenCC, so a change in the machine's load
    # during the run touches both sides of the ratio alike; each keeps its best round.
    # ``parse`` skips the self-check (it returns no warnings); ``parse_result``, what the
    # CLI runs, pays for it too.
    t_parse = t_warm = t_cc = t_result = float("inf")
    for _ in range(5):
        t_parse = min(t_parse, best_time(lambda: (clear_caches(), [parse(p) for p in paths]), min_time, 1))
        t_cc = min(t_cc, best_time(lambda: [opencc_convert(t) for t in texts], min_time, 1))
        t_warm = min(t_warm, best_time(lambda: [parse(p) for p in paths], min_time, 1))
        if checked:
            t_result = min(t_result, best_time(lambda: (clear_caches(), [parse_result(p) for p in paths]),
                                               min_time, 1))
    result = {"files": len(paths), "bytes": nbytes, "records": records,
              "seconds": t_parse, "mb_per_s": nbytes / t_parse / MB, "records_per_s": records / t_parse,
              "warm_mb_per_s": nbytes / t_warm / MB, "warm_ratio_vs_opencc": t_cc / t_warm,
              "opencc_seconds": t_cc, "opencc_mb_per_s": nbytes / t_cc / MB, "ratio_vs_opencc": t_cc / t_parse}
    if checked:
        result.update(checked_mb_per_s=nbytes / t_result / MB, checked_ratio_vs_opencc=t_cc / t_result)
    return result


def pandas_html(paths: list[Path], min_time: float, t_parse: float) -> dict:
    import pandas as pd

    def read_all() -> int:
        tables = 0
        for p in paths:
            try:
                tables += len(pd.read_html(p, flavor="lxml"))
            except ValueError:  # "No tables found" (the prose page)
                pass
        return tables

    tables = read_all()
    t = best_time(read_all, min_time)
    return {"tables": tables, "pandas_seconds": t, "ratio_vs_pandas": t / t_parse}


def bench_corpus(min_time: float, convert: Callable[[str], str]) -> dict:
    r = throughput(text_corpus(), min_time, convert, checked=True)
    print(f"  corpus: {r['files']} files, {r['bytes'] / 1024:.0f} KiB, {r['records']} records (CPU time, best of 5)")
    print(f"  gwparse.parse  {r['mb_per_s']:7.2f} MB/s  {r['records_per_s']:7.0f} records/s"
          f"  (caches cleared before each pass; warm caches: {r['warm_mb_per_s']:.2f} MB/s,"
          f" ratio {r['warm_ratio_vs_opencc']:.3f})")
    print(f"  parse_result   {r['checked_mb_per_s']:7.2f} MB/s  (with the self-check, as the CLI runs;"
          f" ratio {r['checked_ratio_vs_opencc']:.3f})")
    print(f"  OpenCC t2s     {r['opencc_mb_per_s']:7.2f} MB/s  (the same text, decoded)")
    print(f"  ratio gwparse / OpenCC speed = {r['ratio_vs_opencc']:.3f}  "
          f"{verdict('throughput_vs_opencc', r['ratio_vs_opencc'])}")
    return r


def bench_styles(min_time: float, convert: Callable[[str], str]) -> dict:
    print(f"  CPU time, best of 5 runs of ≥ {min_time:g} s; ratios: gwparse speed / baseline speed on the same\n"
          "  documents; MB are file bytes on disk")
    print(f"  {'style':13} {'files':>5} {'KiB':>5} {'recs':>5} {'MB/s':>6} {'recs/s':>7} "
          f"{'OpenCC MB/s':>11} {'vs OpenCC':>9}")
    styles: dict[str, dict] = {}
    for name, paths in style_sets().items():
        if not paths:
            print(f"  {name:13} skipped: no files")
            continue
        try:
            s = throughput(paths, min_time, convert)
        except Exception as e:  # a reader still being written: say so, carry on
            print(f"  {name:13} skipped: parsing raised {type(e).__name__}: {e}"[:200])
            continue
        styles[name] = s
        print(f"  {name:13} {s['files']:5} {s['bytes'] / 1024:5.0f} {s['records']:5} {s['mb_per_s']:6.2f} "
              f"{s['records_per_s']:7.0f} {s['opencc_mb_per_s']:11.1f} {s['ratio_vs_opencc']:9.3f}")
    if "html" in styles:
        h = styles["html"]
        try:
            h.update(pandas_html(style_sets()["html"], min_time, h["seconds"]))
            print(f"  html vs pandas.read_html(flavor='lxml') on the same {h['files']} pages ({h['tables']} tables): "
                  f"pandas {h['pandas_seconds'] * 1e3:.1f} ms, gwparse {h['seconds'] * 1e3:.1f} ms;\n"
                  f"  ratio gwparse / pandas speed = {h['ratio_vs_pandas']:.2f} (pandas only builds DataFrames; "
                  f"gwparse also maps columns, splits units, validates records)")
        except ImportError as e:
            print(f"  html vs pandas skipped: {e} (pip install pandas lxml html5lib)")
    return styles


# --- 3: CLI start-up ---------------------------------------------------------------------


def cli_command() -> list[str]:
    return [str(GWPARSE)] if GWPARSE.exists() else [sys.executable, "-m", "gwparse"]


def pyc_env(cache: Path) -> dict | None:
    """An environment that caches bytecode in ``cache`` — or None when this one already
    writes .pyc files. (With PYTHONDONTWRITEBYTECODE=1 and an editable install, every run
    compiles gwparse from source; an installed wheel ships its .pyc files.)"""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return None
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def import_times(code: list[str], env: dict | None) -> list[tuple[int, int, str]]:
    """(cumulative µs, self µs, module) of every import ``python -X importtime`` reports."""
    cmd = [sys.executable, "-X", "importtime", *code]
    subprocess.run(cmd, capture_output=True, env=env, check=False)  # the first run may write .pyc files
    err = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False).stderr
    rows = []
    for line in err.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)", line)
        if m:
            rows.append((int(m.group(2)), int(m.group(1)), m.group(3)))
    return rows


def show_imports(title: str, rows: list[tuple[int, int, str]], top: int = 8) -> dict:
    total = sum(s for _, s, _ in rows)
    print(f"  {title}: {len(rows)} modules, {total / 1e3:.0f} ms in all; the {top} largest cumulative:")
    biggest = sorted(rows, reverse=True)[:top]
    for cum, own, mod in biggest:
        print(f"    {cum / 1e3:6.1f} ms cumulative {own / 1e3:5.1f} ms self  {mod}")
    return {"modules": len(rows), "total_ms": total / 1e3,
            "top": [{"module": m, "cumulative_ms": c / 1e3, "self_ms": s / 1e3} for c, s, m in biggest]}


def bench_cli(runs: int) -> dict:
    doc = seed("002_")  # the largest seed: 139 records
    cli = [*cli_command(), str(doc), "--to", "json"]
    check = subprocess.run(cli, capture_output=True, check=False)
    if check.returncode != 0:
        print(f"  gwparse exited {check.returncode}: {check.stderr.decode(errors='replace')[:300]}")
    with tempfile.TemporaryDirectory(prefix="gwparse-pyc-") as cache:
        env = pyc_env(Path(cache))
        commands = {"python -c pass": ([sys.executable, "-c", "pass"], None),
                    "python -c 'import gwparse.cli'": ([sys.executable, "-c", "import gwparse.cli"], env),
                    "gwparse FILE --to json": (cli, env)}
        if env is not None:
            commands["gwparse FILE --to json, no .pyc"] = (cli, None)
            for cmd, e in commands.values():  # fill the cache
                timed_run(cmd, e)
        times: dict[str, list[tuple[float, float]]] = {k: [] for k in commands}
        for _ in range(runs):  # interleaved, so drifting machine load hits all alike
            for k, (cmd, e) in commands.items():
                times[k].append(timed_run(cmd, e))
        print(f"  FILE = {doc.name} ({doc.stat().st_size // 1024} KiB → {len(check.stdout) // 1024} KiB of JSON); "
              f"median of {runs} runs each")
        if env:
            print("  PYTHONDONTWRITEBYTECODE is set here, so runs use a .pyc cache in a temporary\n"
                  "  PYTHONPYCACHEPREFIX (as an installed wheel would) unless marked 'no .pyc'")
        med = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
        cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
        base, cli_s = med["python -c pass"], med["gwparse FILE --to json"]
        print(f"  {'command':34} {'wall ms':>8} {'min':>7} {'CPU ms':>7} {'× python -c pass':>17}")
        for k, v in med.items():
            print(f"  {k:34} {v * 1e3:8.1f} {min(w for w, _ in times[k]) * 1e3:7.1f} {cpu[k] * 1e3:7.1f} "
                  f"{v / base:17.1f}")
        print(f"  gwparse, one document: {cli_s:.3f} s wall  {verdict('cli_seconds', cli_s)}")
        out = {"document": doc.name, "cli_seconds": cli_s, "cli_cpu_seconds": cpu["gwparse FILE --to json"],
               "python_pass_seconds": base, "import_cli_seconds": med["python -c 'import gwparse.cli'"],
               "ratio_vs_python_pass": cli_s / base, "pyc_cache": env is not None}
        if env is not None:
            out["cli_seconds_no_pyc"] = med["gwparse FILE --to json, no .pyc"]
            print(f"  without .pyc files (this environment as it is): {out['cli_seconds_no_pyc']:.3f} s wall  "
                  f"{verdict('cli_seconds', out['cli_seconds_no_pyc'])}")
        print("  python -X importtime" + (" (with the .pyc cache)" if env else "") + ", second run:")
        out["importtime_cli"] = show_imports("import gwparse.cli", import_times(["-c", "import gwparse.cli"], env))
        out["importtime_run"] = show_imports("a whole run of gwparse FILE --to json",
                                             import_times(["-m", "gwparse", str(doc), "--to", "json"], env))
    return out


# --- 4: a 1,000-document batch -----------------------------------------------------------

# The process tree of one measured run: OUTER, a fresh small interpreter, starts INNER,
# which runs the CLI in its own process. (A child started straight from this bench
# would inherit the bench's high-water RSS in its ru_maxrss: exec keeps it.)
OUTER = r"""
import json, resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
u = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    json.dump({"tree_maxrss_kb": u.ru_maxrss, "tree_cpu_s": u.ru_utime + u.ru_stime}, f)
sys.exit(code)
"""
# INNER: the CLI; at exit it reports its own peak RSS and CPU time and those of the worker
# processes it waited for (ru_maxrss of children = the largest single worker, not a sum).
INNER = r"""
import atexit, json, resource, sys
report, sys.argv = sys.argv[1], ["gwparse", *sys.argv[2:]]
def _report():
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(report, "w") as f:
        json.dump({"self_kb": me.ru_maxrss, "children_kb": kids.ru_maxrss,
                   "self_cpu_s": me.ru_utime + me.ru_stime, "children_cpu_s": kids.ru_utime + kids.ru_stime}, f)
atexit.register(_report)
from gwparse.cli import main
main()
"""


def make_batch(folder: Path, n: int) -> int:
    """``n`` variants of the text corpus (a numbered first line makes each file unique);
    returns the number of records they should give."""
    from gwparse.pipeline import parse_text

    bases = [p.read_text(encoding="utf-8") for p in text_corpus()]
    counts = [len(parse_text(t)) for t in bases]
    for k, (text, count) in enumerate(zip(bases, counts, strict=True)):
        got = len(parse_text(f"样本{k:04d}\n{text}"))
        if got != count:
            print(f"  note: the variant of corpus file {k} gives {got} records, the original {count}")
    for i in range(n):
        (folder / f"doc{i:04d}.txt").write_text(f"样本{i:04d}\n{bases[i % len(bases)]}", encoding="utf-8")
    return sum(counts[i % len(bases)] for i in range(n))


def _tree(root: int) -> list[int]:
    """``root`` and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes; PSS splits pages shared by forked workers between them."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


def run_timed(args: list[str], env: dict | None) -> dict:
    """Wall and CPU time of the gwparse command itself, started straight from here: no
    wrapper interpreter's start-up in the figure. ``os.wait4`` gives the CPU time of the
    command and of the workers it waited for."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([*cli_command(), *args], stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        messages = err.read().decode(errors="replace").splitlines()
    return {"seconds": seconds, "exit": code, "messages": len(messages), "first_message": messages[:1],
            "cpu_seconds": usage.ru_utime + usage.ru_stime}


def run_measured(args: list[str], env: dict | None) -> dict:
    """Memory and the parent/worker split of CPU time of one CLI run, through the OUTER and
    INNER wrappers; its process tree is sampled every 25 ms (which costs CPU beside the run:
    the timing runs are ``run_timed``)."""
    with tempfile.TemporaryDirectory(prefix="gwparse-bench-run-") as tmp:
        outer_rep, inner_rep = Path(tmp, "outer.json"), Path(tmp, "inner.json")
        proc = subprocess.Popen([sys.executable, "-c", OUTER, str(outer_rep),
                                 sys.executable, "-c", INNER, str(inner_rep), *args],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        peak = {"rss": 0, "pss": 0, "procs": 0}
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.025):
                mem = [_memory(p) for p in _tree(proc.pid) if p != proc.pid]  # not OUTER itself
                peak["rss"] = max(peak["rss"], sum(m[0] for m in mem))
                peak["pss"] = max(peak["pss"], sum(m[1] for m in mem))
                peak["procs"] = max(peak["procs"], len(mem))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        proc.wait()
        done.set()
        sampler.join()
        try:
            inner = json.loads(inner_rep.read_text())
            outer = json.loads(outer_rep.read_text())
        except (OSError, ValueError):
            inner = {"self_kb": 0, "children_kb": 0, "self_cpu_s": 0, "children_cpu_s": 0}
            outer = {"tree_maxrss_kb": 0, "tree_cpu_s": 0}
    return {"parent_maxrss_mb": inner["self_kb"] * 1024 / MB,
            "largest_worker_maxrss_mb": inner["children_kb"] * 1024 / MB,
            "largest_process_maxrss_mb": outer["tree_maxrss_kb"] * 1024 / MB,
            "tree_peak_rss_mb": peak["rss"] / MB, "tree_peak_pss_mb": peak["pss"] / MB,
            "processes": peak["procs"], "parent_cpu_seconds": inner["self_cpu_s"],
            "workers_cpu_seconds": inner["children_cpu_s"]}


def bench_batch(n: int, repeats: int) -> dict:
    help_text = subprocess.run([*cli_command(), "--help"], capture_output=True, text=True).stdout
    has_jobs = "--jobs" in help_text
    if not has_jobs:
        print("  NOTE: this gwparse has no -j/--jobs option yet: running without it, no speedup figure")
    out: dict = {"documents": n, "jobs_supported": has_jobs}
    with tempfile.TemporaryDirectory(prefix="gwparse-bench-") as tmp, \
            tempfile.TemporaryDirectory(prefix="gwparse-pyc-") as cache:
        folder = Path(tmp, "docs")
        folder.mkdir()
        out["expected_records"] = make_batch(folder, n)
        out["mb"] = sum(p.stat().st_size for p in folder.iterdir()) / MB
        env = pyc_env(Path(cache))  # as in section 3: an installed wheel has its .pyc files
        out["pyc_cache"] = env is not None
        one = [str(folder / "doc0000.txt"), "--to", "jsonl", "-q"]
        run_timed(one, env)  # fills the .pyc cache
        # Interleaved rounds (one document, -j 1, -j 2), so that drift in the machine's speed
        # touches every figure alike; each keeps its best round.
        variants = {"one": one}
        for jobs in ((1, 2) if has_jobs else (None,)):
            variants[f"j{jobs}" if jobs else "default"] = \
                [str(folder), "--to", "jsonl", "-q"] + (["-j", str(jobs)] if jobs else [])
        runs: dict[str, list[dict]] = {k: [] for k in variants}
        for _ in range(repeats):
            for k, args in variants.items():
                runs[k].append(run_timed(args, env))
        print(f"  {n} generated files, {out['mb']:.1f} MB, {out['expected_records']} records expected; "
              f"stdout to /dev/null;{' .pyc cache as in section 3;' if env else ''}\n"
              f"  wall/CPU: best of {repeats} interleaved runs of the command itself; memory and the parent/worker\n"
              f"  split: one more run each, wrapped, its process tree sampled every 25 ms")
        del variants["one"]  # timing only: the rows below are the batches
        start = min(runs.pop("one"), key=lambda r: r["seconds"])
        out["one_document_seconds"] = start["seconds"]
        print(f"  one document, same command: {start['seconds']:.3f} s wall (start-up, imports, first-call costs)")
        print(f"  {'':5} {'wall s':>6} {'docs/s':>6} {'MB/s':>5} {'CPU s':>5} |{'parent':>7} {'workers':>7} |"
              f" {'parent':>6} {'worker':>6} {'tree RSS':>8} {'tree PSS':>8} {'procs':>5}")
        print(f"  {'':5} {'':>6} {'':>6} {'':>5} {'':>5} |{'CPU s':>7} {'CPU s':>7} |"
              f" {'maxrss':>6} {'maxrss':>6} {'peak MB':>8} {'peak MB':>8}")
        for k, args in variants.items():
            b = min(runs[k], key=lambda r: r["seconds"])
            b.update(run_measured(args, env))
            out[k] = b
            problem = (f"   exit {b['exit']}, {b['messages']} messages: {b['first_message'][0][:100]}"
                       if b["exit"] or b["messages"] else "")
            print(f"  -j {k[1:] if k != 'default' else '?'} {b['seconds']:6.2f} {n / b['seconds']:6.0f} "
                  f"{out['mb'] / b['seconds']:5.2f} {b['cpu_seconds']:5.2f} |{b['parent_cpu_seconds']:7.2f} "
                  f"{b['workers_cpu_seconds']:7.2f} | {b['parent_maxrss_mb']:6.1f} {b['largest_worker_maxrss_mb']:6.1f}"
                  f" {b['tree_peak_rss_mb']:8.1f} {b['tree_peak_pss_mb']:8.1f} {b['processes']:5}{problem}")
    if has_jobs:
        j1, j2 = out["j1"], out["j2"]
        out["speedup_j2"] = speedup = j1["seconds"] / j2["seconds"]
        # What -j 2 could reach if its two processes each did half the work at -j 1's pace:
        # start-up (the one-document run) is paid once either way.
        fixed = out["one_document_seconds"]
        out["speedup_j2_ideal"] = j1["seconds"] / (fixed + (j1["seconds"] - fixed) / 2)
        print(f"  speedup -j 2 over -j 1: {speedup:.2f}× wall  {verdict('batch_speedup_j2', speedup)}\n"
              f"  (with start-up paid once and the rest halved exactly, -j 2 would reach {out['speedup_j2_ideal']:.2f}×;\n"
              f"   -j 2 spends {j2['cpu_seconds'] / j1['cpu_seconds']:.2f}× the CPU time of -j 1)")
    out["peak_rss_mb"] = peak = max(out[k]["tree_peak_rss_mb"] for k in ("j1", "j2", "default") if k in out)
    print(f"  peak RSS of the whole process tree: {peak:.1f} MB  {verdict('batch_peak_rss_mb', peak)}")
    print("  (maxrss is the kernel's high-water mark of one process: the parent's from RUSAGE_SELF, the\n"
          "   workers' from RUSAGE_CHILDREN, which gives the largest single worker, not a sum; forked\n"
          "   workers count the pages they still share with the parent. 'tree peak' sums parent + workers\n"
          "   sampled every 25 ms: RSS counts shared pages in every process (an upper bound, used for the\n"
          "   target); PSS divides them among the sharers (the real footprint).)")
    return out


# --- 6: xlsx against csv ------------------------------------------------------------------


def bench_xlsx(n: int, repeats: int) -> dict:
    """``gwparse DIR --to xlsx -o F`` against ``--to csv -o F`` on the same documents, interleaved;
    and the writers alone, in this process, on the same records."""
    from gwparse.writers import dumps

    out: dict = {"documents": n}
    with tempfile.TemporaryDirectory(prefix="gwparse-bench-") as tmp:
        folder = Path(tmp, "docs")
        folder.mkdir()
        out["records"] = make_batch(folder, n)
        runs: dict[str, list[float]] = {}
        for _ in range(repeats):
            for jobs in ("1", "2"):
                for fmt in ("csv", "xlsx"):
                    args = [str(folder), "--to", fmt, "-q", "-j", jobs, "-o", str(Path(tmp, "out." + fmt))]
                    runs.setdefault(f"{fmt}_j{jobs}", []).append(run_timed(args, None)["seconds"])
        for key, times in runs.items():
            out[f"{key}_seconds"] = min(times)
        for jobs in ("1", "2"):
            out[f"ratio_j{jobs}"] = out[f"xlsx_j{jobs}_seconds"] / out[f"csv_j{jobs}_seconds"]
            print(f"  -j {jobs}: csv {out[f'csv_j{jobs}_seconds']:.2f} s, xlsx {out[f'xlsx_j{jobs}_seconds']:.2f} s "
                  f"wall (best of {repeats}): xlsx/csv {out[f'ratio_j{jobs}']:.2f}×")
        parse = parse_function()
        records = [r for p in sorted(folder.iterdir()) for r in parse(str(p))]
    csv_s = best_time(lambda: dumps(records, "csv"), 0.5)
    xlsx_s = best_time(lambda: dumps(records, "xlsx"), 0.5)
    out["writer_ratio"] = xlsx_s / csv_s
    out["xlsx_vs_csv_cli"] = worst = max(out["ratio_j1"], out["ratio_j2"])
    print(f"  writers alone, {len(records)} records in this process: csv {csv_s:.3f} s, xlsx {xlsx_s:.3f} s: "
          f"{out['writer_ratio']:.1f}× (CSV rows come from the C csv module; xlsx also writes the 单位 sheet)")
    print(f"  the command, xlsx vs csv (worst of -j 1, -j 2): {worst:.2f}×  {verdict('xlsx_vs_csv_cli', worst)}")
    return out


# --- 5: scaling ---------------------------------------------------------------------------


def scaled(kind: str, text: str, n: int) -> str:
    """One valid document with its body repeated ``n`` times."""
    lines = text.rstrip("\n").split("\n")
    if kind == "pipe-table":  # the header row, then body rows
        head, body, tail = lines[:1], lines[1:], []
    elif kind == "tab-cells":  # preamble and header cells, up to the first blank line after them
        first = next(i for i, ln in enumerate(lines) if ln.startswith("\t"))
        end = next(i for i in range(first, len(lines)) if not lines[i].strip())
        head, body, tail = lines[:end + 1], lines[end + 1:] + [""], []
    else:  # prose: from the first 一、 heading to the signature (the short lines at the end)
        first = next(i for i, ln in enumerate(lines) if re.match(r"\s*[一二三四五六七八九十]+、", ln))
        end = len(lines)
        while end > first and len(lines[end - 1].strip()) <= 30:
            end -= 1
        head, body, tail = lines[:first], lines[first:end], lines[end:]
    return "\n".join(head + body * n + tail) + "\n"


def scaling_figures(min_time: float) -> dict:
    """The scaling measurements; run in a fresh interpreter (see ``bench_scaling``)."""
    from gwparse.pipeline import parse_text

    out: dict = {}
    for kind, prefix in {"tab-cells": "001_", "pipe-table": "003_", "prose": "004_"}.items():
        text = seed(prefix).read_text(encoding="utf-8")
        docs = {n: scaled(kind, text, n) for n in (1, 10, 100)}
        row: dict = {}
        for n, doc in docs.items():
            row[f"{n}x"] = {"chars": len(doc), "records": len(parse_text(doc)),
                            "seconds": best_time(lambda d=doc: parse_text(d), min_time)}
        gc.disable()
        try:
            t1 = best_time(lambda d=docs[1]: parse_text(d), min_time)
            t100 = best_time(lambda d=docs[100]: parse_text(d), min_time)
        finally:
            gc.enable()
        row["ratio_10x"] = row["10x"]["seconds"] / row["1x"]["seconds"]
        row["ratio_100x"] = row["100x"]["seconds"] / row["1x"]["seconds"]
        row["ratio_100x_no_gc"] = t100 / t1
        out[kind] = row
    return out


def bench_scaling(min_time: float) -> dict:
    # A fresh interpreter: in this one (pandas and all loaded) every full garbage collection
    # would also walk the bench's own objects and make large inputs look worse than in gwparse.
    child = subprocess.run([sys.executable, __file__, "--scaling-child", str(min_time)],
                           capture_output=True, text=True, check=False)
    if child.returncode != 0:
        print(f"  scaling run failed: {child.stderr.strip()[-500:]}")
        return {"worst_ratio_100x": None}
    out = json.loads(child.stdout)
    print("  CPU time, best of 5, in a fresh interpreter; 'no GC' = 100×/1× with the garbage collector off")
    for kind, row in out.items():
        r100 = row["ratio_100x"]
        print(f"  {kind:10} 1×: {row['1x']['seconds'] * 1e3:5.1f} ms {row['1x']['records']:3} recs | "
              f"10×: {row['10x']['seconds'] * 1e3:6.1f} ms | 100×: {row['100x']['seconds'] * 1e3:5.0f} ms "
              f"{row['100x']['records']:4} recs {row['100x']['chars'] / 1e6:.1f} M chars | 10×/1× "
              f"{row['ratio_10x']:4.1f}, 100×/1× {r100:5.1f} (no GC {row['ratio_100x_no_gc']:5.1f})  "
              f"{verdict('scaling_100x_time_ratio', r100)}")
    out["worst_ratio_100x"] = max(row["ratio_100x"] for row in out.values())
    return out


# --- main ----------------------------------------------------------------------------------


def bench_pdf(min_time: float) -> dict:
    """gwparse.parse on PDFs (records included) against pdfplumber's bare ``extract_tables``
    on every page of the same files, in the same process."""
    paths = sorted(CONTAINERS_PDF.glob("*.pdf"))
    if not paths:
        print(f"  no PDFs in {CONTAINERS_PDF}; skipped")
        return {}
    import pdfplumber

    parse = parse_function()
    datas = [p.read_bytes() for p in paths]

    def gwparse_all() -> int:
        return sum(len(parse(p)) for p in paths)

    def plumber_all() -> int:
        tables = 0
        for p in paths:
            with pdfplumber.open(p) as pdf:
                tables += sum(len(page.extract_tables()) for page in pdf.pages)
        return tables

    pages = 0
    for data in datas:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages += len(pdf.pages)
    records, tables = gwparse_all(), plumber_all()
    t_gw = best_time(gwparse_all, min_time, repeats=3)
    t_pl = best_time(plumber_all, min_time, repeats=3)
    r = {"files": len(paths), "pages": pages, "records": records, "tables": tables,
         "gwparse_pages_per_s": pages / t_gw, "extract_tables_pages_per_s": pages / t_pl,
         "ratio_vs_extract_tables": t_pl / t_gw}
    print(f"  {len(paths)} PDFs, {pages} pages, {records} records (CPU time, best of 3)")
    print(f"  gwparse.parse (records)      {r['gwparse_pages_per_s']:7.1f} pages/s")
    print(f"  pdfplumber extract_tables    {r['extract_tables_pages_per_s']:7.1f} pages/s  ({tables} tables)")
    print(f"  ratio gwparse / extract_tables speed = {r['ratio_vs_extract_tables']:.3f}  "
          f"{verdict('pdf_speed_vs_extract_tables', r['ratio_vs_extract_tables'])}")
    return r


def summary(results: dict) -> None:
    print("\n== Targets")
    figures = {
        "throughput_vs_opencc": results.get("throughput", {}).get("ratio_vs_opencc"),
        "cli_seconds": results.get("cli", {}).get("cli_seconds"),
        "batch_speedup_j2": results.get("batch", {}).get("speedup_j2"),
        "batch_peak_rss_mb": results.get("batch", {}).get("peak_rss_mb"),
        "scaling_100x_time_ratio": results.get("scaling", {}).get("worst_ratio_100x"),
        "pdf_speed_vs_extract_tables": results.get("pdf", {}).get("ratio_vs_extract_tables"),
        "xlsx_vs_csv_cli": results.get("xlsx", {}).get("xlsx_vs_csv_cli"),
    }
    results["targets"] = {}
    for name, value in figures.items():
        print(f"  {name:24} {'n/a' if value is None else f'{value:.3f}':>8}  {verdict(name, value)}")
        results["targets"][name] = {"value": value, "limit": TARGETS[name][0], "kind": TARGETS[name][1],
                                    "pass": None if value is None else "PASS" in verdict(name, value)}


def git_commit() -> str | None:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="shorter measurements, a 200-document batch")
    ap.add_argument("--out", type=Path, default=HERE / "results.json", help="results file (JSON)")
    ap.add_argument("--scaling-child", type=float, metavar="MIN_TIME", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.scaling_child is not None:
        print(json.dumps(scaling_figures(args.scaling_child)))
        return
    min_time = 0.2 if args.quick else 1.0
    started = time.perf_counter()
    try:
        from importlib.metadata import version

        gw_version = version("gwparse")
    except Exception:
        gw_version = None
    flags = [f"{k}={os.environ[k]}" for k in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED") if os.environ.get(k)]
    results: dict = {
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(), "platform": platform.platform(), "cpus": CPUS,
        "gwparse": gw_version, "commit": git_commit(), "quick": args.quick, "env": flags,
        "load_average": os.getloadavg()[0],
    }
    print(f"gwparse {gw_version} ({results['commit']}), Python {results['python']} ({sys.executable}), "
          f"{CPUS} CPUs, {results['platform']}; load average {results['load_average']:.2f}"
          f"{'; ' + ' '.join(flags) if flags else ''}{'; QUICK run' if args.quick else ''}")
    import opencc

    convert = opencc.OpenCC("t2s").convert
    results["throughput"], results["styles"] = {}, {}
    with section("1. In-process throughput: gwparse.parse over the text corpus vs OpenCC t2s", results["throughput"]):
        results["throughput"].update(bench_corpus(min_time, convert))
    with section("2. Throughput per style", results["styles"]):  # 14 measurements: half as long each
        results["styles"].update(bench_styles(min_time / 2, convert))
    results["cli"] = {}
    with section("3. CLI start-up: gwparse FILE --to json against python -c pass", results["cli"]):
        results["cli"].update(bench_cli(runs=5 if args.quick else 11))
    results["batch"] = {}
    n = 200 if args.quick else 1000
    with section(f"4. Batch: gwparse DIR --to jsonl -q over {n} documents, -j 1 and -j 2", results["batch"]):
        results["batch"].update(bench_batch(n, repeats=2 if args.quick else 5))
    results["scaling"] = {}
    with section("5. Scaling: parse_text on one document with its body 1×, 10×, 100×", results["scaling"]):
        results["scaling"].update(bench_scaling(min_time=0.1 if args.quick else 0.4))
    results["pdf"] = {}
    with section("6. PDF: gwparse.parse (incl. records) against pdfplumber extract_tables, pages/s", results["pdf"]):
        results["pdf"].update(bench_pdf(min_time=0.2 if args.quick else 1.0))
    results["xlsx"] = {}
    n = 100 if args.quick else 300
    with section(f"7. xlsx against csv: gwparse DIR --to xlsx|csv -o FILE over {n} documents", results["xlsx"]):
        results["xlsx"].update(bench_xlsx(n, repeats=2 if args.quick else 3))
    summary(results)
    results["bench_seconds"] = time.perf_counter() - started
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nbench took {results['bench_seconds']:.0f} s; results in {args.out}")


if __name__ == "__main__":
    main()
