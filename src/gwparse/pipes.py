"""Pipe tables (``cell | cell | cell |`` rows copied off a web page) → Grid.

A continuation row omits the cells it shares with the row above (category,
section): it is short, and its cells belong to the right-hand columns. Some
copies shift such a row left and pad it with empty cells at the end; those
trailing empties are dropped before aligning.
"""
from __future__ import annotations

import regex

from gwparse.grid import Cell, Grid

_RULE = regex.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def is_pipe_row(line: str) -> bool:
    if line.strip() == "|":
        return False  # a cell separator of the one-cell-per-line style
    return line.count("|") >= 2 or (line.count("|") == 1 and line.rstrip().endswith("|"))


def split_pipe_row(line: str) -> list[str]:
    cells = [c.strip() for c in line.strip().split("|")]
    if cells and cells[0] == "" and line.strip().startswith("|"):
        cells = cells[1:]
    if cells and cells[-1] == "" and line.strip().endswith("|"):
        cells = cells[:-1]
    return cells


def read_pipes(text: str) -> Grid:
    before: list[str] = []
    raw: list[list[str]] = []
    for line in text.split("\n"):
        if not line.strip() or _RULE.match(line):
            continue
        if is_pipe_row(line):
            raw.append(split_pipe_row(line))
        elif raw:
            raw[-1][-1] = (raw[-1][-1] + "\n" + line.strip()).strip()  # a wrapped last cell
        else:
            before.append(line.strip())
    width = max((len(r) for r in raw), default=0)
    rows: list[list[Cell]] = []
    for cells in raw:
        if len(cells) == 1 and rows and width > 1:
            rows.append([Cell(cells[0], colspan=width)])  # a heading across the table
        else:
            rows.append([Cell(t) for t in cells])
    return Grid(rows=rows, spans_known=False, ragged=True, before=before)
