"""Parse a folder of plans with Dask (dask.bag), one document per element.

    python examples/dask_bag.py samples/            # prints records per unit role
    python examples/dask_bag.py plans/ out.jsonl    # also writes all records as JSON Lines

Dask's default scheduler for bags is a process pool: the ``__main__`` guard
keeps the worker processes from running this script again, and
``.compute()`` is what runs the graph (a bag alone is only a plan).
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import dask.bag as db

import gwparse

SUFFIXES = {".txt", ".md", ".htm", ".html", ".xhtml", ".docx", ".xlsx", ".doc"}


def records_of(path: str) -> list[dict]:
    """A document's records as plain dicts; one that fails gives one error row instead of stopping the job."""
    try:
        return [r.model_dump(mode="json") for r in gwparse.parse(path)]
    except gwparse.GwparseError as e:
        return [{"source": path, "error": str(e)}]


def main(folder: str, output: str | None = None) -> None:
    paths = sorted(str(p) for p in Path(folder).rglob("*") if p.suffix.lower() in SUFFIXES)
    bag = db.from_sequence(paths, npartitions=max(1, min(64, len(paths)))).map(records_of).flatten()
    rows = bag.compute()  # a list of dicts, in the order of paths
    failed = [r for r in rows if "error" in r]
    records = [r for r in rows if "error" not in r]
    roles = Counter(u["role"] for r in records for u in r["units"])
    print(f"{len(paths)} documents, {len(records)} records, {len(failed)} failed; units by role: "
          + ", ".join(f"{role} {n}" for role, n in sorted(roles.items())))
    if output:
        with open(output, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


if __name__ == "__main__":
    main(*sys.argv[1:3])
