"""Decide by content which text style a document is.

Styles: ``tab-cells`` (a Word table dumped as text, a cell per line),
``tab-rows`` (a row per line, TABs between cells), ``pipe-table``, ``csv-table``,
``cell-lines`` (one cell per line), ``labelled-list`` (tasks followed by
牵头单位：/责任单位： lines) and ``prose`` (a notice whose tasks end in a unit
parenthetical).
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import filterfalse, islice

from gwparse.celllines import is_marked_cell
from gwparse.delimited import is_pipe_row, is_tab_row, looks_like_csv
from gwparse.errors import GwparseError
from gwparse.headers import CATEGORY, CONTENT, SECTION, SEQ, UNITS, classify_header
from gwparse.prose import FIELD_LINE, TRAILING_FIELD, may_hold_field, unit_parens

STYLES = ("tab-cells", "tab-rows", "pipe-table", "csv-table", "cell-lines", "labelled-list", "prose")


class UnknownStyle(GwparseError):
    """No style stood out in the sample; the extractor may still try each in turn."""


SAMPLE_LINES = 600  # enough to tell any style; a long document costs no more to sniff


def sniff_style(text: str) -> str:
    # the non-blank lines: empty ones dropped, then whitespace-only ones (C-level filters, no copies)
    lines = list(islice(filterfalse(str.isspace, filter(None, text[:200_000].split("\n"))), SAMPLE_LINES))
    if not lines:
        raise GwparseError("the document is empty")
    table = _table_style(lines)
    if table:
        return table
    labels = _label_lines(lines)
    parens = _unit_parens_beyond(lines, labels)
    if labels and labels >= parens:
        return "labelled-list"
    if parens:
        return "prose"
    if _cell_lines_header(lines):
        return "cell-lines"
    if looks_like_csv(lines):
        return "csv-table"
    tab = sum(map(_is_tab_cell, lines))
    pipe = sum(1 for ln in lines if is_pipe_row(ln))
    seen = f"{len(lines)} lines: {tab} tab-cell, {pipe} pipe, {labels} unit-label lines, {parens} unit parentheticals"
    raise UnknownStyle(f"cannot tell the document's style ({seen}); pass --style")


def _is_tab_cell(line: str) -> bool:
    """A tab-cell dump's cell line: it starts with a TAB and has none between cells."""
    return line.startswith("\t") and not is_tab_row(line)


def _table_style(lines: list[str]) -> str | None:
    """tab-cells, pipe-table or tab-rows when such lines are at least 30 % of the sample
    (and a few lines), tried in that order.

    C-speed counts bound each figure from above (a pipe row holds a "|", a tab row a TAB
    that does not start its line), so lines are walked one by one only when a bound
    leaves the answer open."""
    n = len(lines)
    sample = "\n".join(lines)
    tabs = sample.count("\t")
    # lines that start with a TAB: no more than there are TABs, so counted only if enough
    starts = [ln[0] for ln in lines].count("\t") if _common(tabs, 2, n) else 0
    if _common(starts, 6, n):
        # a tab-cell line starts with a TAB and has none between cells: when every TAB
        # starts a line, every such line is one
        if tabs == starts or _enough(6, n, filter(_is_tab_cell, lines)):
            return "tab-cells"
    if _common(sample.count("|"), 2, n) and _enough(2, n, filter(is_pipe_row, lines)):
        # a browser's copy of a table: a cell per line, each ending in " |" (rows ended by
        # lines holding only "|", or not)
        marked = sum(map(is_marked_cell, lines))
        return "cell-lines" if marked >= 0.5 * sum(map(is_pipe_row, lines)) else "pipe-table"
    if _common(tabs - starts, 2, n) and _enough(2, n, filter(is_tab_row, lines)):
        return "tab-rows"
    return None


def _common(count: int, least: int, n: int) -> bool:
    return count >= least and count >= 0.3 * n


def _enough(least: int, n: int, found: Iterator) -> bool:
    """``_common`` of how many items ``found`` yields, taking only as many as it needs."""
    need = max(least, math.ceil(0.3 * n))  # the least count that _common accepts
    return sum(1 for _ in islice(found, need)) >= need


def _label_lines(lines: list[str]) -> int:
    """Lines where a unit or deadline label starts the line (牵头单位：…) or follows a
    sentence; only those that may hold a label are matched."""
    return sum(1 for ln in filter(may_hold_field, lines) if FIELD_LINE.match(ln) or TRAILING_FIELD.search(ln))


def _unit_parens_beyond(lines: list[str], labels: int) -> int:
    """Unit parentheticals in the lines, counted only until they outnumber ``labels``
    lines: past that, prose wins whatever the rest hold."""
    parens = 0
    for ln in lines:
        if "（" in ln or "(" in ln:
            parens += len(unit_parens(ln))
            if parens > labels:
                break
    return parens


def _cell_lines_header(lines: list[str]) -> bool:
    """Short consecutive header lines (序号 / 工作任务 / 责任单位 …): three or more, or two
    when one names the units and the other the task."""
    run: list[str | None] = []
    for ln in lines[:60]:
        t = ln.strip()
        if t == "|":
            continue
        field = classify_header(t) if len(t.replace(" ", "")) <= 12 else None
        if field:
            run.append(field)
            if len(run) >= 3:
                return True
            continue
        if len(run) == 2 and UNITS in run and ({CONTENT, CATEGORY, SECTION, SEQ} & set(run)):
            return True
        run = []
    return False
