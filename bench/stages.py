"""Where one cold pass over the text corpus spends its time, stage by stage.

    .venv/bin/python bench/stages.py            # ms per pass for each stage, and per file
    .venv/bin/python bench/stages.py --passes 50

Each stage is timed on its own (best of several rounds, memo caches cleared before
each pass, the collector paused as ``parse`` does), so a change to one stage shows up
in its own line. The sum is close to, not exactly, one ``gwparse.parse`` per file.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import text_corpus  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--passes", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()

    import opencc

    import gwparse
    from gwparse.extract import _drafts_for, _extract, _head_and_tail
    from gwparse.metadata import document_metadata
    from gwparse.pipeline import _split_units, clear_caches, to_record
    from gwparse.readers.dispatch import read_path
    from gwparse.sniff import sniff_style
    from gwparse.text import detect_script, to_simplified

    try:
        from gwparse.checks import check_records
    except ImportError:
        check_records = None

    paths = text_corpus()
    for p in paths:
        gwparse.parse(p)
    cc = opencc.OpenCC("t2s").convert

    def one_pass(p: Path, t: dict) -> None:
        def timed(name, fn):
            t0 = time.perf_counter()
            out = fn()
            t[name] = t.get(name, 0.0) + time.perf_counter() - t0
            return out

        src = timed("read", lambda: read_path(p))
        text = timed("opencc t2s", lambda: to_simplified(src.text))
        timed("detect script", lambda: detect_script(src.text, text))
        style = timed("sniff", lambda: sniff_style(text))
        timed("drafts", lambda: _drafts_for(text, style))  # (its return grew a field in issue 13)
        timed("metadata", lambda: document_metadata(_head_and_tail(text), text))
        clear_caches()
        drafts, doc, _ = _extract(src, style=None, keep_script=False)
        clear_caches()
        raws = {(raw, role) for d in drafts for raw, role in d.units}
        timed("split units", lambda: [_split_units(raw, role) for raw, role in raws])
        records = timed("to_record", lambda: [to_record(d, doc) for d in drafts])
        if check_records is not None:  # (absent before the self-check: the same bench on an older tree)
            clear_caches()
            timed("checks", lambda: check_records(records))
        clear_caches()
        timed("parse (whole)", lambda: gwparse.parse(p))

    best: dict[str, float] = {}
    per_file: dict[str, float] = {}
    gc.disable()
    for _ in range(args.rounds):
        totals: dict[str, float] = {}
        files: dict[str, float] = {}
        for _ in range(args.passes):
            for p in paths:
                before = totals.get("parse (whole)", 0.0)
                clear_caches()
                one_pass(p, totals)
                files[p.name] = files.get(p.name, 0.0) + totals["parse (whole)"] - before
        for k, v in totals.items():
            best[k] = min(best.get(k, v), v)
        for k, v in files.items():
            per_file[k] = min(per_file.get(k, v), v)
    gc.enable()
    texts = [read_path(p).text for p in paths]
    t_cc = min(_time(lambda: [cc(t) for t in texts], args.passes) for _ in range(args.rounds))
    print(f"{len(paths)} files, {sum(p.stat().st_size for p in paths):,} bytes; ms per pass (best of {args.rounds} x {args.passes})")
    for k, v in best.items():
        print(f"  {k:14} {v / args.passes * 1e3:7.3f}")
    whole = best["parse (whole)"] / args.passes
    print(f"  ratio OpenCC / parse = {t_cc / args.passes / whole:.3f}  (OpenCC alone {t_cc / args.passes * 1e3:.3f} ms)")
    for k, v in per_file.items():
        print(f"    {k:34} {v / args.passes * 1e3:7.3f}")


def _time(fn, n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
