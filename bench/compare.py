"""Compare two bench/run.py results files: ``python bench/compare.py OLD.json NEW.json``.

Prints every numeric figure present in both files with new/old. A figure whose
name says which way is better gets a verdict: 'better'/'worse' when it moved by
more than 5 % (runs on a busy machine differ by more than that; see the
others_cpu_share of each section before believing a change).
"""
from __future__ import annotations

import json
import sys

# Name endings → True when higher is better, False when lower is better.
DIRECTION = (
    ("others_cpu_share", None), ("section_seconds", None), ("bench_seconds", None),
    ("mb_per_s", True), ("records_per_s", True), ("ratio_vs_opencc", True), ("ratio_vs_pandas", True),
    ("speedup_j2", True), ("speedup_j2_ideal", True),
    ("seconds", False), ("_mb", False), ("ratio_10x", False), ("ratio_100x", False), ("ratio_100x_no_gc", False),
    ("worst_ratio_100x", False), ("ratio_vs_python_pass", False), ("_ms", False),
)
SKIP = ("bytes", "files", "records", "chars", "documents", "expected_records", "processes", "exit", "messages",
        "cpus", "limit", "tables", "modules", "load_average")


def flatten(data: object, prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    if isinstance(data, dict):
        for k, v in data.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(data, (int, float)) and not isinstance(data, bool):
        out[prefix] = float(data)
    return out  # lists (importtime tops) are left out: module names differ between runs


def direction(key: str) -> bool | None:
    leaf = key.rsplit(".", 1)[-1]
    for ending, higher in DIRECTION:
        if leaf.endswith(ending):
            return higher
    return None


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: compare.py OLD.json NEW.json")
    old_doc, new_doc = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:])
    for label, doc in (("old", old_doc), ("new", new_doc)):
        print(f"{label}: {doc.get('timestamp')} commit {doc.get('commit')} Python {doc.get('python')}"
              f"{' QUICK' if doc.get('quick') else ''}")
    old, new = flatten(old_doc), flatten(new_doc)
    print(f"\n{'figure':58} {'old':>10} {'new':>10} {'new/old':>8}")
    for key in (k for k in old if k in new):
        if key.rsplit(".", 1)[-1] in SKIP or key.startswith("targets.") and not key.endswith(".value"):
            continue
        a, b = old[key], new[key]
        ratio = b / a if a else float("inf") if b else 1.0
        higher = direction(key)
        note = ""
        if higher is not None and abs(ratio - 1) > 0.05:
            note = "better" if (ratio > 1) == higher else "worse"
        print(f"{key:58} {a:10.4g} {b:10.4g} {ratio:8.3f}  {note}")
    only = sorted(set(old) ^ set(new))
    if only:
        print(f"\n(in one file only: {', '.join(only[:12])}{' …' if len(only) > 12 else ''})")


if __name__ == "__main__":
    main()
