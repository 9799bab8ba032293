"""Decide by content which text style a document is.

Styles: ``tab-cells`` (a Word table dumped as text, a cell per line),
``tab-rows`` (a row per line, TABs between cells), ``pipe-table``, ``csv-table``,
``cell-lines`` (one cell per line), ``labelled-list`` (tasks followed by
牵头单位：/责任单位： lines) and ``prose`` (a notice whose tasks end in a unit
parenthetical).
"""
from __future__ import annotations

import regex

from gwparse.delimited import is_pipe_row, is_tab_row, looks_like_csv
from gwparse.errors import GwparseError
from gwparse.headers import classify_header
from gwparse.prose import FIELD_LINE, TRAILING_FIELD, unit_parens

STYLES = ("tab-cells", "tab-rows", "pipe-table", "csv-table", "cell-lines", "labelled-list", "prose")

_HEADERISH = regex.compile(r"单位|部门|科室|时限|内容|任务")


class UnknownStyle(GwparseError):
    """No style stood out in the sample; the extractor may still try each in turn."""


SAMPLE_LINES = 600  # enough to tell any style; a long document costs no more to sniff


def sniff_style(text: str) -> str:
    lines = [ln for ln in text[:200_000].split("\n") if ln.strip()][:SAMPLE_LINES]
    if not lines:
        raise GwparseError("the document is empty")
    tab = sum(1 for ln in lines if ln.startswith("\t") and not is_tab_row(ln))
    if tab >= 6 and tab >= 0.3 * len(lines):
        return "tab-cells"
    pipe = sum(1 for ln in lines if is_pipe_row(ln))
    if pipe >= 2 and pipe >= 0.3 * len(lines):
        return "pipe-table"
    tab_rows = sum(1 for ln in lines if is_tab_row(ln))
    if tab_rows >= 2 and tab_rows >= 0.3 * len(lines):
        return "tab-rows"
    labels = sum(1 for ln in lines if FIELD_LINE.match(ln) or TRAILING_FIELD.search(ln))
    parens = sum(len(unit_parens(ln)) for ln in lines if "（" in ln or "(" in ln)
    if labels and labels >= parens:
        return "labelled-list"
    if parens:
        return "prose"
    if _cell_lines_header(lines):
        return "cell-lines"
    if looks_like_csv(lines):
        return "csv-table"
    seen = f"{len(lines)} lines: {tab} tab-cell, {pipe} pipe, {labels} unit-label lines, {parens} unit parentheticals"
    raise UnknownStyle(f"cannot tell the document's style ({seen}); pass --style")


def _cell_lines_header(lines: list[str]) -> bool:
    """Three or more short consecutive header lines (序号 / 工作任务 / 责任单位 …)."""
    run = 0
    for ln in lines[:60]:
        t = ln.strip()
        if t == "|":
            continue
        if classify_header(t) and len(t) <= 12:
            run += 1
            if run >= 3:
                return True
        else:
            run = 0
    return False
