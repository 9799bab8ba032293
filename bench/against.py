"""gwparse at this tree against an earlier commit, measured in the same run.

    .venv/bin/python bench/against.py REV [--rounds 7]

The machine's speed changes from day to day and from one machine to the next, so a
figure is only worth its ratio against a baseline measured beside it. This checks
REV out into a temporary git worktree and, in alternating fresh interpreters (so a
change of load touches both trees alike), measures for each tree:

- ``import``: CPU time of ``import gwparse.cli, gwparse.pipeline`` (start-up);
- ``first``: CPU time of the first parse of each text-corpus file (patterns compiled,
  modules loaded on first use);
- ``pass``: the best CPU time of a pass over those files with the memo caches cleared
  (bench/run.py's throughput figure);
- ``cli``: wall time of ``python -m gwparse SEED --to json`` (bench/run.py's cli_seconds).

It prints each tree's median and the ratio this tree / REV (< 1 is quicker).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GWPARSE_CORPUS", "/work/shared/corpus"))

CHILD = r"""
import glob, json, sys, time
t0 = time.process_time()
import gwparse.cli, gwparse.pipeline, gwparse
t1 = time.process_time()
paths = sorted(glob.glob(sys.argv[1] + "/seeds/*.txt")) + sorted(glob.glob(sys.argv[1] + "/extra/*.txt"))
for p in paths:
    gwparse.parse(p)
t2 = time.process_time()
from gwparse.pipeline import clear_caches
best = float("inf")
for _ in range(int(sys.argv[2])):
    t = time.process_time()
    clear_caches()
    for p in paths:
        gwparse.parse(p)
    best = min(best, time.process_time() - t)
print(json.dumps({"import": t1 - t0, "first": t2 - t1, "pass": best}))
"""


def measure(src: Path, env: dict, passes: int, doc: Path) -> dict:
    env = {**env, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, "-c", CHILD, str(CORPUS), str(passes)], env=env,
                         capture_output=True, text=True, check=True).stdout
    figures = json.loads(out)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "gwparse", str(doc), "--to", "json"], env=env,
                   stdout=subprocess.DEVNULL, check=True)
    figures["cli"] = time.perf_counter() - start
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rev", help="the commit to compare with (e.g. the previous landing)")
    ap.add_argument("--rounds", type=int, default=7, help="fresh interpreters per tree (default 7)")
    ap.add_argument("--passes", type=int, default=10, help="cold passes per interpreter (default 10)")
    args = ap.parse_args()
    doc = sorted((CORPUS / "seeds").glob("002_*.txt"))[0]
    with tempfile.TemporaryDirectory(prefix="gwparse-against-") as tmp:
        base = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.rev],
                       check=True, capture_output=True)
        try:
            # a .pyc cache for both trees, as an installed wheel has (PYTHONDONTWRITEBYTECODE may be set)
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pyc")
            trees = {"this tree": ROOT / "src", args.rev: base / "src"}
            runs: dict[str, list[dict]] = {name: [] for name in trees}
            for src in trees.values():  # fill the .pyc caches
                measure(src, env, 1, doc)
            for _ in range(args.rounds):
                for name, src in trees.items():
                    runs[name].append(measure(src, env, args.passes, doc))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False)
    keys = ("import", "first", "pass", "cli")
    med = {name: {k: statistics.median(r[k] for r in rs) for k in keys} for name, rs in runs.items()}
    print(f"medians of {args.rounds} alternating rounds (ms; import/first/pass CPU, cli wall)")
    print(f"  {'':12}" + "".join(f"{k:>10}" for k in keys))
    for name, m in med.items():
        print(f"  {name[:12]:12}" + "".join(f"{m[k] * 1e3:10.1f}" for k in keys))
    mine, theirs = med["this tree"], med[args.rev]
    print(f"  {'ratio':12}" + "".join(f"{mine[k] / theirs[k]:10.2f}" for k in keys) + "   (this tree / "
          f"{args.rev}; < 1 is quicker)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
