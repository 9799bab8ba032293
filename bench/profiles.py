"""Profiles behind bench/PROFILE.md.

    .venv/bin/python bench/profiles.py parse   # cProfile: gwparse.parse over the text corpus, 20 passes
    .venv/bin/python bench/profiles.py tree    # the same as a pyinstrument call tree
    .venv/bin/python bench/profiles.py cli     # CPU time of each start-up phase of one CLI run, median of 7
    .venv/bin/python bench/profiles.py whatif  # the PROFILE.md suggestions, monkeypatched in one by one

``whatif`` patches gwparse's internals as they stood at commit 8bb44f9 to estimate
each suggestion's gain before anyone rewrites the code; a step whose target has moved
is skipped. It measures, it does not prove the patch is correct.
"""
from __future__ import annotations

import cProfile
import functools
import gc
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import seed, text_corpus  # noqa: E402

PASSES = 20

# One CLI run taken apart: CPU time of each import and step, in the order gwparse meets them.
PHASES = r"""
import json, sys, time
marks = [("start", time.process_time())]
def mark(name): marks.append((name, time.process_time()))
import click; mark("import click")
import gwparse.cli; mark("import gwparse.cli (batch, writers, …)")
import regex; mark("import regex")
import pydantic; mark("import pydantic")
from pydantic import BaseModel; mark("pydantic BaseModel machinery")
import importlib.metadata; mark("importlib.metadata (pydantic's plugin loader)")
import gwparse.model; mark("gwparse.model: build Unit, Document, TaskRecord")
import opencc; mark("import opencc")
import gwparse.pipeline, gwparse.extract, gwparse.readers.dispatch, gwparse.tables, gwparse.units, gwparse.prose
mark("import the parser modules (compiles their regexes)")
from gwparse.text import to_simplified; to_simplified("x"); mark("OpenCC('t2s') dictionaries")
records = gwparse.pipeline.parse(sys.argv[1]); mark("parse the document")
[json.dumps(r.model_dump(mode="json"), ensure_ascii=False, indent=2) for r in records]; mark("JSON of its records")
print(json.dumps([(n, (t - marks[i][1]) * 1e3) for i, (n, t) in enumerate(marks[1:])]))
"""


def parse_profile() -> None:
    import gwparse

    paths = text_corpus()
    for p in paths:
        gwparse.parse(p)  # warm: imports, OpenCC
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(PASSES):
        for p in paths:
            gwparse.parse(p)
    prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt
    rows = sorted(((v[3], v[2], v[1], f"{Path(k[0]).name}:{k[1]}({k[2]})") for k, v in stats.stats.items()),
                  reverse=True)
    print(f"{PASSES} passes over {len(paths)} files: {total:.2f} s under cProfile")
    print("  cumulative    self     calls  function")
    for cum, own, calls, name in rows[:40]:
        print(f"  {cum / total:9.1%} {own / total:7.1%} {calls:9}  {name}")


def tree_profile() -> None:
    from pyinstrument import Profiler

    import gwparse

    paths = text_corpus()
    for p in paths:
        gwparse.parse(p)
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(PASSES):
        for p in paths:
            gwparse.parse(p)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False))


def cli_profile(runs: int = 7) -> None:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # profile imports from .pyc, as installed
    with tempfile.TemporaryDirectory() as cache:
        env["PYTHONPYCACHEPREFIX"] = cache
        cmd = [sys.executable, "-c", PHASES, str(seed("002_"))]
        subprocess.run(cmd, env=env, capture_output=True, check=True)  # fill the cache
        results = [json.loads(subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout)
                   for _ in range(runs)]
    names = [n for n, _ in results[0]]
    medians = {n: statistics.median(dict(r)[n] for r in results) for n in names}
    total = sum(medians.values())
    print(f"CPU ms of each phase of one CLI run ({seed('002_').name}), median of {runs}; "
          f"interpreter start-up (python -c pass, ~10 ms) comes on top")
    for n in names:
        print(f"  {medians[n]:6.1f} ms {medians[n] / total:6.1%}  {n}")
    print(f"  {total:6.1f} ms in all")


def whatif() -> None:
    import regex

    import gwparse
    from gwparse import cells, extract, headers, metadata, prose, sniff, tables, text, units
    from gwparse.readers import decode

    paths, caches, gc_off = text_corpus(), [], [False]

    def parse(p: Path) -> None:
        for c in caches:
            c.cache_clear()  # per-document caches only: the corpus is parsed over and over
        if gc_off[0]:
            gc.disable()
        try:
            gwparse.parse(p)
        finally:
            gc.enable()

    def measure() -> float:
        best = float("inf")
        for _ in range(9):
            start = time.process_time()
            for _ in range(4):
                for p in paths:
                    parse(p)
            best = min(best, (time.process_time() - start) / 4)
        return best

    def normalize() -> None:
        odd = {"\u00a0": " ", "\u3000": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ",
               "\u2007": " ", "\u200b": "", "\ufeff": "", "\u200c": "", "\u200d": ""}

        def normalize_spaces(t: str) -> str:
            if "\r" in t:
                t = t.replace("\r\n", "\n").replace("\r", "\n")
            for c, r in odd.items():
                if c in t:
                    t = t.replace(c, r)
            return t
        for m in (text, decode, extract):
            m.normalize_spaces = normalize_spaces

    def control_share() -> None:
        bad = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
        decode.control_share = lambda data: (len(data[:65536]) - len(data[:65536].translate(None, bad))) / max(
            len(data[:65536]), 1)

    def precompile() -> None:
        compiled = functools.lru_cache(maxsize=None)(regex.compile)
        shim = types.SimpleNamespace(**{k: getattr(regex, k) for k in dir(regex) if not k.startswith("__")})
        def method(fn: str):
            return lambda pat, s, *a, **k: getattr(compiled(pat) if isinstance(pat, str) else pat, fn)(s, *a, **k)

        for fn in ("sub", "search", "match", "split", "findall", "fullmatch", "finditer"):
            setattr(shim, fn, method(fn))
        for m in (prose, cells, headers, metadata):
            m.regex = shim

    def sniff_early() -> None:
        full = sniff.sniff_style

        def sniff_style(t: str) -> str:
            lines = [ln for ln in t.split("\n") if ln.strip()]
            tab = sum(1 for ln in lines if ln.startswith("\t") and not sniff.is_tab_row(ln))
            if tab >= 6 and tab >= 0.3 * len(lines):
                return "tab-cells"
            pipe = sum(1 for ln in lines if sniff.is_pipe_row(ln))
            if pipe >= 2 and pipe >= 0.3 * len(lines):
                return "pipe-table"
            return full(t)
        extract.sniff_style = sniff_style

    def memo_units() -> None:
        split = units.split_units
        cached = functools.lru_cache(maxsize=4096)(lambda t, role: tuple(split(t, role)))
        caches.append(cached)
        units.split_units = lambda t, role="responsible": list(cached(t, role))

    def memo_cells() -> None:
        for name in ("looks_like_units", "looks_like_deadline", "looks_like_number"):
            f = functools.lru_cache(maxsize=8192)(getattr(cells, name))
            caches.append(f)
            setattr(tables, name, f)

    def no_gc() -> None:
        gc_off[0] = True

    base = prev = measure()
    print(f"{'baseline':56} {base * 1e3:6.1f} ms per corpus pass (CPU)")
    for label, step in (("normalize_spaces: str.replace per odd space", normalize),
                        ("control_share: bytes.translate", control_share),
                        ("regex calls with string patterns precompiled", precompile),
                        ("sniff_style: tab/pipe decided before unit parens", sniff_early),
                        ("split_units memoised per document", memo_units),
                        ("looks_like_* memoised per document (_Placer)", memo_cells),
                        ("garbage collector off inside parse", no_gc)):
        try:
            step()
        except AttributeError as e:
            print(f"+ {label:54} skipped: {e}")
            continue
        now = measure()
        print(f"+ {label:54} {now * 1e3:6.1f} ms  step {prev / now:4.2f}×  total {base / now:4.2f}×")
        prev = now


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "parse"
    {"parse": parse_profile, "tree": tree_profile, "cli": cli_profile, "whatif": whatif}[what]()
