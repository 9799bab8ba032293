"""Source → drafts and Document: script conversion, style choice, extraction."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from gwparse.draft import Draft
from gwparse.errors import GwparseError
from gwparse.grid import Cell, Grid
from gwparse.model import Document
from gwparse.readers import Source
from gwparse.sniff import STYLES, UnknownStyle, sniff_style
from gwparse.text import detect_script, shown, strip_line_marks, strip_pinyin, to_simplified

TEXT_STYLES = STYLES


def extract(source: Source, *, style: str | None = None,
            keep_script: bool = False) -> tuple[list[Draft], Document, Callable[[str], str] | None]:
    """Drafts in simplified script, the Document, and — with ``keep_script`` on a
    traditional document — a function that turns simplified text back into the
    document's own script (applied after units are split)."""
    drafts, doc, info = _extract(source, style=style, keep_script=keep_script)
    return drafts, doc, info.get("restore")


def describe(source: Source, *, style: str | None = None) -> dict:
    """What gwparse saw in a document, for ``gwparse inspect``: one extraction, its records counted."""
    from gwparse.checks import check_records, from_extractor
    from gwparse.pipeline import to_record

    drafts, doc, info = _extract(source, style=style, keep_script=False)
    records = [to_record(d, doc) for d in drafts]
    warnings = from_extractor(info["warnings"]) + check_records(records)
    tree: dict[str, dict[str, int]] = {}
    for d in drafts:
        sec = tree.setdefault(d.category or "(no category)", {})
        key = d.section or "(no section)"
        sec[key] = sec.get(key, 0) + 1
    units = {role: sum(u.role == role for r in records for u in r.units) for role in ("lead", "responsible", "cooperate")}
    return {"container": source.container, "encoding": source.encoding, "style": doc.format,
            "script": doc.script, "document": doc.model_dump(), "columns": info.get("columns"),
            "headings": tree, "records": len(records), "units": units,
            "warnings": [{"code": w.code, "message": w.message} for w in warnings]}


def _extract(source: Source, *, style: str | None, keep_script: bool) -> tuple[list[Draft], Document, dict]:
    if style is not None and style not in TEXT_STYLES:
        raise GwparseError(f"unknown style {style!r}; choose one of {', '.join(TEXT_STYLES)}")
    # readers hand over normalised text (see Source)
    original = strip_line_marks(strip_pinyin(source.text or ""))
    text = to_simplified(original)
    script = detect_script(original, text)
    grids = [_map_grid(g, _simplified_cell) for g in source.grids]
    cells = ("".join(strip_pinyin(c.text) for g in source.grids for row in g.rows for c in row),
             "".join(c.text for g in grids for row in g.rows for c in row))
    if script == "simplified" and grids:
        script = detect_script(*cells)
    # the extractors' findings, as (code, message) pairs: ("rows-unplaced", "row 7: …")
    info: dict = {"warnings": []}
    drafts: list[Draft] = []
    fmt = ""
    if grids and style is None:
        drafts, info["columns"], findings = _grids_drafts(grids)
        info["warnings"] += findings
        fmt = f"{source.container}-table"
        if not drafts:
            info["warnings"].append(("no-task-table", f"no table of {len(grids)} has a task header; "
                                                      "read the text instead"))
    if not drafts:
        try:
            drafts, fmt, grid, findings = _text_drafts(text, style)
        except GwparseError:
            if not (grids and source.text_with_tables):
                raise
            drafts = []
        if not drafts and grids and source.text_with_tables:
            # no task table, and no task outside the tables: the notice is laid out in a table
            original = strip_line_marks(strip_pinyin(source.text_with_tables))
            text = to_simplified(original)
            script = detect_script(original, text)
            drafts, fmt, grid, findings = _text_drafts(text, style)
        info["warnings"] += findings
        if grid is not None:
            grids = [grid]
        if source.container != "text":
            fmt = f"{source.container}-{'prose' if fmt in ('prose', 'labelled-list') else fmt}"
    lines = [ln.strip() for g in grids[:1] for ln in g.before] + _head_and_tail(text)
    from gwparse.metadata import document_metadata

    meta = document_metadata(lines, text)
    if keep_script and script == "traditional":
        info["restore"] = restore = _restorer(original + cells[0], text + cells[1])
        meta = {k: restore(v) if isinstance(v, str) else v for k, v in meta.items()}
    doc = Document(source=shown(source.name), format=fmt, script=script, **meta)
    return drafts, doc, info


def _head_and_tail(text: str, n: int = 40) -> list[str]:
    """The non-blank lines where metadata lives: the first and the last ``n``."""
    if len(text) <= 20_000 and text.count("\n") < 2 * n:
        return [ln.strip() for ln in text.split("\n") if ln.strip()]
    head = [ln.strip() for ln in text[:20_000].split("\n", n)[:n] if ln.strip()]
    tail = [ln.strip() for ln in text[-20_000:].rsplit("\n", n)[-n:] if ln.strip()]
    return head + tail


def _text_drafts(text: str, style: str | None) -> tuple[list[Draft], str, Grid | None, list]:
    """Drafts of a text, by the sniffed (or given) style; other styles are tried when it finds none."""
    if not text.strip():
        raise GwparseError("the document is empty")
    undecided: UnknownStyle | None = None
    try:
        first = style or sniff_style(text)
    except UnknownStyle as e:  # nothing stood out in the sample: every style gets a try
        first, undecided = TEXT_STYLES[0], e
    drafts, grid, findings = _drafts_for(text, first)
    if style is not None or (drafts and (len(drafts) >= _ENOUGH or len(text) > _SMALL) and undecided is None):
        return drafts, first, grid, findings
    # little or nothing in the sniffed style (a notice whose preamble names units above its
    # table, a text no style stood out in): every style gets a try, and the most tasks with
    # units win (the sniffed style on a tie)
    best = (drafts, first, grid, findings)
    for name in TEXT_STYLES:
        if name == first or {name, first} == {"prose", "labelled-list"}:  # one extractor for both
            continue
        found = _drafts_for(text, name)
        if _plausible(found[0]) > _plausible(best[0]):
            best = (found[0], name, found[1], found[2])
    if not best[0] and undecided is not None:
        raise undecided
    return best


_ENOUGH = 3  # drafts in the sniffed style above which no other style is tried
_SMALL = 2_000_000  # characters: a larger text that gave drafts is not read again in other styles


def _plausible(drafts: list[Draft]) -> tuple[int, int]:
    return sum(1 for d in drafts if d.units), len(drafts)


def _drafts_for(text: str, style: str) -> tuple[list[Draft], Grid | None, list]:
    from gwparse import prose, tables

    if style in ("prose", "labelled-list"):
        findings: list = []
        return prose.prose_drafts(text, findings), None, findings
    if style == "tab-cells":
        from gwparse.tabcells import read_tab_cells

        grid = read_tab_cells(text)
    elif style in ("pipe-table", "tab-rows", "csv-table"):
        from gwparse import delimited

        reader = {"pipe-table": delimited.read_pipes, "tab-rows": delimited.read_tab_rows,
                  "csv-table": delimited.read_csv}[style]
        grid = reader(text)
    else:
        from gwparse.celllines import read_cell_lines

        grid = read_cell_lines(text)
    drafts, cols = tables.grid_drafts(grid)
    return drafts, grid, (cols.findings if cols is not None else [])


def _grids_drafts(grids: list[Grid]) -> tuple[list[Draft], dict | None, list]:
    """Every grid with a task header gives drafts; a header-less grid of the same width
    right after one continues it (a table split at a page break)."""
    from gwparse.tables import grid_drafts

    drafts: list[Draft] = []
    cols = None
    described = None
    findings: list = []
    heads: list[str | None] = [None, None, None]  # the headings in force after the grid before
    for grid in grids:
        carried = list(heads)
        found, new_cols = grid_drafts(grid, heads=carried, before=cols)
        if new_cols is not None and new_cols.per_unit and drafts:
            continue  # gwparse's own 单位 sheet repeats the tasks of its 任务 sheet
        if new_cols is not None:
            cols = new_cols
            findings += cols.findings
            described = described or new_cols.describe()
        elif cols is not None and grid.rows and max(len(r) for r in grid.dense()) == cols.width:
            found, _ = grid_drafts(grid, cols, start=0, heads=carried)
        heads = carried
        drafts += found
    return drafts, described, findings


def _simplified_cell(text: str) -> str:
    return to_simplified(strip_pinyin(text))


def _map_grid(grid: Grid, convert: Callable[[str], str]) -> Grid:
    """The grid with ``convert`` applied to every text (pinyin stripping, script conversion)."""
    rows = [[Cell(convert(c.text).strip(), c.rowspan, c.colspan) for c in row] for row in grid.rows]
    return Grid(rows=rows, spans_known=grid.spans_known, ragged=grid.ragged,
                before=[convert(t) for t in grid.before])


def _restorer(original: str, simplified: str):
    """Map simplified text back to the document's own script, character by character.

    OpenCC's t2s keeps almost every character in place, so aligning the two texts
    gives, per simplified character, the traditional one this document used most.
    """
    if len(original) != len(simplified):
        return lambda s: s
    votes: dict[str, Counter] = {}
    for a, b in zip(original, simplified, strict=True):
        if a != b:
            votes.setdefault(b, Counter())[a] += 1
    table = str.maketrans({b: c.most_common(1)[0][0] for b, c in votes.items()})
    return lambda s: s.translate(table) if s else s
