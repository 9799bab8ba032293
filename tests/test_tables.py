"""Headers, enumerators, cell placement and the text-table readers."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gwparse.cells import looks_like_deadline, looks_like_units
from gwparse.delimited import read_pipes, split_pipe_row
from gwparse.enums import read_heading, split_enum, strip_heading
from gwparse.grid import Cell, Grid
from gwparse.headers import classify_header, unit_role
from gwparse.tabcells import read_tab_cells
from gwparse.tables import _HEADING_OPENERS, ColumnMap, _find_columns, _Placer, _table, grid_drafts


@pytest.mark.parametrize("header,field", [
    ("工作项目", "category"), ("主要工作任务", "category"), ("工作要点", "section"),
    ("具体工作内容及目标", "content"), ("任务内容", "content"), ("工作任务及要求", "content"), ("具体要求", "content"),
    ("公开时限", "deadline"), ("完成时限", "deadline"), ("时限要求", "deadline"), ("完成时间", "deadline"),
    ("公开方式", "channels"), ("牵头单位", "units"), ("责任单位", "units"), ("责任部门", "units"),
    ("牵头落实单位", "units"), ("责任科室", "units"), ("配合单位", "units"), ("承办处室", "units"),
    ("责任股室", "units"), ("序号", "seq"), ("备注", "ignore"), ("完成情况", "ignore"), ("牵头负责领导", "ignore"),
    ("2018年开发区政务公开重点工作任务分解表附件一览", None),
])
def test_classify_header(header, field):
    assert classify_header(header) == field


@pytest.mark.parametrize("header,role", [("牵头单位", "lead"), ("牵头落实单位", "lead"), ("配合单位", "cooperate"),
                                         ("协同责任单位", "cooperate"), ("责任单位", "responsible"),
                                         ("责任科室", "responsible")])
def test_unit_column_roles(header, role):
    assert unit_role(header) == role


@pytest.mark.parametrize("text,expected", [
    ("一、切实加强公开", (1, "一", "切实加强公开")), ("（二）围绕重点领域", (2, "二", "围绕重点领域")),
    ("(三)聚焦", (2, "三", "聚焦")), ("1．推进政府决策公开", (3, "1", "推进政府决策公开")),
    ("2. 做好", (3, "2", "做好")), ("49完善各部门", (3, "49", "完善各部门")), ("（3）做好", (4, "3", "做好")),
    ("2018年政务公开", (0, None, "2018年政务公开")), ("3个工作日内答复", (0, None, "3个工作日内答复")),
    ("12345热线", (0, None, "12345热线")),
    # the first character picks the patterns to try: spaces, full-width digits and 第 still reach them
    ("  1.做好", (3, "1", "做好")), ("１．做好", (3, "１", "做好")), ("\u3000（二）推进", (2, "二", "推进")),
    ("第三章 总则", (1, "三", "总则")), ("①做好", (4, "①", "做好")), ("1.5亿元", (0, None, "1.5亿元")),
    ("1234.做好", (0, None, "1234.做好")),
])
def test_split_enum(text, expected):
    assert split_enum(text) == expected


def test_strip_heading_drops_enumerator_and_trailing_punctuation():
    assert strip_heading("一、切实加强公开解读回应工作。") == "切实加强公开解读回应工作"


@pytest.mark.parametrize("text", ["一、切实加强公开。", "（二）围绕重点领域：", "1．推进", "以政务公开助力稳增长", "  ", "12、"])
def test_read_heading_is_split_enum_level_and_strip_heading(text):
    assert read_heading(text) == (split_enum(text)[0], strip_heading(text))


@pytest.mark.parametrize("line,cells", [
    ("| 甲 | 乙 |", ["甲", "乙"]), ("甲 | 乙", ["甲", "乙"]), ("| 甲 | 乙", ["甲", "乙"]), ("甲 | 乙 |", ["甲", "乙"]),
    ("|", []), ("||", [""]), ("", [""]), ("| 甲\n续 | 乙 |", ["甲续", "乙"]), ("  | 甲 |  ", ["甲"]),
])
def test_split_pipe_row(line, cells):
    assert split_pipe_row(line) == cells


@pytest.mark.parametrize("text", ["市财政局牵头落实", "各县（市、区）、市政府有关部门（单位）", "办公室、人事教育股",
                                  "县财政局牵头，\n县直各部门负责", "各科室", "区财政局、", "区财政局等部门",
                                  "区教育局（区体育局）"])
def test_looks_like_units(text):
    assert looks_like_units(text)


@pytest.mark.parametrize("text", ["推进政府决策公开。坚持以公开为常态", "全年", "12月底前", "推进政务公开工作",
                                  "区财政局、做好政务公开工作"])
def test_does_not_look_like_units(text):
    assert not looks_like_units(text)


@pytest.mark.parametrize("text", ["全年", "12月底前", "三季度前", "及时公开", "2022年6月", "长期坚持"])
def test_looks_like_deadline(text):
    assert looks_like_deadline(text)


def _cols(header):
    grid = Grid(rows=[[Cell(h) for h in header]])
    return _find_columns(_table(grid), grid.spans_known)


def test_place_cells_keeps_number_first_and_right_aligns_the_rest():
    cols = _cols(["序号", "工作任务", "具体内容", "责任科室", "时限要求"])
    assert _Placer(cols).place(["2", "规范依申请公开办理流程。", "办公室", "全年", ""]) == [
        "2", "", "规范依申请公开办理流程。", "办公室", "全年"]


def test_place_cells_leaves_a_full_row_with_an_empty_deadline_alone():
    cols = _cols(["序号", "工作任务", "具体内容", "责任科室", "时限要求"])
    row = ["3", "二、平台", "做好政府公报电子版发布工作。", "各科室", ""]
    assert _Placer(cols).place(row) == row


def test_tab_cells_pack_runs_into_rows_of_the_usual_width():
    text = "标题\n\t工作任务\n\t具体要求\n\t责任单位\n\n\t一、大类\n\n\t（一）小类\n\t1.任务一。\n\t甲局\n\n" \
           "\t\n\t2.任务二。\n\t乙局牵头，\n\n丙局负责\n"
    grid = read_tab_cells(text)
    assert grid.before == ["标题"]
    assert [[c.text for c in row] for row in grid.rows] == [
        ["工作任务", "具体要求", "责任单位"], ["一、大类"], ["（一）小类", "1.任务一。", "甲局"],
        ["", "2.任务二。", "乙局牵头，\n丙局负责"]]
    assert grid.rows[1][0].colspan == 3


def test_tab_cells_an_untabbed_merged_cell_after_a_blank_line_opens_the_next_row():
    """A category cell printed once, untabbed, at a row's start is that row's first cell, not a
    paragraph of the cell above; the row widths decide (the header has four columns)."""
    text = "\t任务类别\n\t工作任务\n\t责任单位\n\t备注\n\n一、大类\n\t1.任务一。\n\t甲局\n\t新增\n\n" \
           "\t\n\t2.任务二。\n\t乙局\n\t延续\n\n二、小类\n\t3.任务三。\n\t丙局\n\t\n"
    assert read_tab_cells(text).lines[1:] == [
        ["一、大类", "1.任务一。", "甲局", "新增"], ["", "2.任务二。", "乙局", "延续"],
        ["二、小类", "3.任务三。", "丙局", ""]]


def test_tab_cells_a_merged_cell_printed_below_a_blank_cell_stays_in_it():
    """Word prints a merged cell as a blank tabbed cell and its text on untabbed lines (with
    repeats at page breaks): the text is that cell's."""
    text = "\t类别\n\t工作任务\n\t责任单位\n\n\t\n\n一、大类\n\n\n一、大类\n\t1.任务一。\n\t甲局\n"
    assert read_tab_cells(text).lines[1:] == [["一、大类", "1.任务一。", "甲局"]]


def test_real_spans_decide_in_containers():
    """A rowspan unit cell covers the rows below; a blank cell under spans_known stays blank."""
    grid = Grid(spans_known=True, rows=[
        [Cell("工作任务"), Cell("牵头单位"), Cell("完成时限")],
        [Cell("任务一。"), Cell("甲局", rowspan=2), Cell("6月")],
        [Cell("任务二。"), Cell("")],
        [Cell("任务三。"), Cell(""), Cell("")],
    ])
    drafts, _ = grid_drafts(grid)
    assert [(d.content, d.units, d.deadline) for d in drafts] == [
        ("任务一。", [("甲局", "lead")], "6月"), ("任务二。", [("甲局", "lead")], None),
        ("任务三。", [], None)]


def test_heading_row_spanning_the_table_in_a_container():
    grid = Grid(spans_known=True, rows=[
        [Cell("序号"), Cell("工作任务"), Cell("责任单位")],
        [Cell("一、公开财政信息", colspan=3)],
        [Cell("1"), Cell("公开预算。"), Cell("财政局")],
    ])
    drafts, _ = grid_drafts(grid)
    assert [(d.category, d.seq, d.content) for d in drafts] == [("公开财政信息", "1", "公开预算。")]


def test_tab_cells_rows_split_in_two_by_blank_lines_use_the_header_width():
    text = "\t工作任务\n\t具体要求\n\t完成时限\n\t责任单位\n\n\t一、公开\n\t1.公开预算。\n\n\t3月底\n\t财政局\n\n" \
           "\t\n\t2.公开决算。\n\n\t8月底\n\t审计局\n"
    grid = read_tab_cells(text)
    assert [[c.text for c in row] for row in grid.rows][1:] == [
        ["一、公开", "1.公开预算。", "3月底", "财政局"], ["", "2.公开决算。", "8月底", "审计局"]]


def test_tab_cells_header_cells_each_followed_by_a_blank_line_make_one_row():
    text = "\t序号\n\n\t工作任务\n\n\t责任单位\n\n\t完成时限\n\n\t1\n\t公开预算。\n\t区财政局\n\t3月底\n\n" \
           "\t2\n\t公开决算。\n\t区审计局\n\t8月底\n"
    drafts, _ = grid_drafts(read_tab_cells(text))
    assert [(d.seq, d.content, d.deadline, d.units) for d in drafts] == [
        ("1", "公开预算。", "3月底", [("区财政局", "responsible")]),
        ("2", "公开决算。", "8月底", [("区审计局", "responsible")])]


def test_content_is_the_column_that_names_the_work_not_a_goal_beside_it():
    cols = _cols(["序号", "具体内容", "工作目标", "责任单位"])
    assert cols.content == 1


def test_circled_and_full_width_numbers_in_table_cells_become_ascii_seq():
    from gwparse.pipeline import parse_text

    got = parse_text("| 工作任务 | 责任单位 |\n| ③做好公开。 | 区财政局 |\n| ４．做好解读。 | 区财政局 |\n")
    assert [(r.seq, r.content) for r in got] == [("3", "做好公开。"), ("4", "做好解读。")]


def test_place_cells_gives_an_exact_tie_to_the_leftmost_placement():
    """The rightward bonus (0.01 a column) can equal a whole point only past 100 columns:
    the first placement scored from the left keeps an equal score."""
    width = 103
    cols = ColumnMap(width=width, header_row=0, header_texts=("h",) * width, content=50, headings=[], seq=None,
                     deadline=None, channels=0, units=[(101, "lead"), (102, "lead")])
    placed = _Placer(cols).place(["新闻"] + [""] * (width - 1))
    assert placed.index("新闻") == 0  # channels (1 point) at 0 ties an ignored column (0) at 100


def test_text_grids_build_their_cells_only_when_asked():
    grid = read_tab_cells("\t工作任务\n\t责任单位\n\n\t一、大类\n\n\t1.任务一。\n\t甲局\n")
    assert grid.lines == [["工作任务", "责任单位"], ["一、大类"], ["1.任务一。", "甲局"]]
    assert grid.rows == [[Cell("工作任务"), Cell("责任单位")], [Cell("一、大类", colspan=2)],
                         [Cell("1.任务一。"), Cell("甲局")]]
    assert grid.dense()[1] == [("一、大类", (1, 0)), ("一、大类", (1, 0))]
    assert [(d.category, d.content) for d in grid_drafts(grid)[0]] == [("大类", "任务一。")]


def test_a_short_row_placed_into_an_empty_content_column_is_a_task_when_spans_are_known():
    """Placement moves a short row's task text into the content column; that the column's
    own cell was empty before must not drop the row (a ragged grid whose spans are known)."""
    grid = Grid(spans_known=True, ragged=True, rows=[
        [Cell("序号"), Cell("工作任务"), Cell("具体内容"), Cell("责任科室"), Cell("时限要求")],
        [Cell("1"), Cell("一、公开"), Cell("做好政策公开。"), Cell("办公室"), Cell("全年")],
        [Cell("2"), Cell("规范依申请公开办理流程。"), Cell(""), Cell(""), Cell("")],
    ])
    drafts, _ = grid_drafts(grid)
    assert [(d.seq, d.content) for d in drafts] == [("1", "做好政策公开。"), ("2", "规范依申请公开办理流程。")]


def test_columns_under_headers_gwparse_does_not_know_are_read_from_their_cells():
    """承担 and 截止 name nothing gwparse knows; the cells (unit names, deadlines) say what they hold."""
    from gwparse.pipeline import parse_text

    got = parse_text("| 序号 | 工作内容 | 承担 | 截止 |\n| 1 | 公开年度预算。 | 区财政局 | 3月底前 |\n"
                     "| 2 | 公开项目进展。 | 区发改局、区住建局 | 每季度 |\n| 3 | 公开环境质量。 | 区环保局 | 每月 |\n")
    assert [(r.seq, r.content, r.deadline, [u.name for u in r.units]) for r in got] == [
        ("1", "公开年度预算。", "3月底前", ["区财政局"]), ("2", "公开项目进展。", "每季度", ["区发改局", "区住建局"]),
        ("3", "公开环境质量。", "每月", ["区环保局"])]


def test_a_number_column_under_a_spread_header_is_seq_not_a_heading():
    from gwparse.pipeline import parse_text

    got = parse_text("| 工作任务 | 具体要求 | 责任科室 |\n| 一、公开 | 1 | 公开规章。 | 法规科 |\n| 2 | 调整目录。 | 办公室 |\n")
    assert [(r.category, r.section, r.seq, r.content) for r in got] == [
        ("公开", None, "1", "公开规章。"), ("公开", None, "2", "调整目录。")]


def test_short_row_alignment_never_leaves_the_content_column_out():
    """A row of three cells under five columns: the leading heading columns are the ones omitted."""
    cols = _cols(["工作类别", "工作项目", "工作任务", "责任单位", "完成时限"])
    assert _Placer(cols).place(["公开预算信息，按时上网。", "区财政局", "6月底前"]) == [
        "", "", "公开预算信息，按时上网。", "区财政局", "6月底前"]
    assert _Placer(cols).place(["（二）财政", "公开预算信息，按时上网。", "区财政局", "6月底前"]) == [
        "", "（二）财政", "公开预算信息，按时上网。", "区财政局", "6月底前"]


def test_a_heading_on_a_line_of_its_own_between_tab_rows_heads_the_rows_below():
    from gwparse.pipeline import parse_text

    got = parse_text("序号\t工作任务\t责任单位\n一、决策公开\n1\t公开决策目录。\t县司法局\n二、执行公开\n"
                     "2\t公开推进情况。\t县政府办\n")
    assert [(r.category, r.seq, r.content) for r in got] == [("决策公开", "1", "公开决策目录。"),
                                                               ("执行公开", "2", "公开推进情况。")]


_CELL_TEXTS = ["", "1", "12", "一、公开", "（二）解读", "区财政局", "区财政局牵头，各街道配合", "6月底前", "全年",
               "公开预算执行情况，按时上网。", "政府网站", "做好公开", "备注"]
_HEADERS = ["序号", "工作类别", "工作项目", "工作任务", "具体内容", "责任单位", "配合单位", "完成时限", "公开方式", "备注"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_HEADERS), min_size=2, max_size=7, unique=True),
       st.lists(st.sampled_from(_CELL_TEXTS), min_size=1, max_size=6))
def test_short_row_alignment_is_the_best_scoring_increasing_placement(header, cells):
    """The DP (and its right-aligned shortcut) finds a placement scoring as well as the best of
    every strictly increasing one, scored the same way by brute force."""
    import itertools

    from gwparse.tables import SKIP_COST, column_fit

    cols = _cols(header)
    if cols is None or len(cells) >= cols.width or not cells[-1]:
        return
    placer = _Placer(cols)

    def score(columns):
        total = sum(column_fit(placer.roles[c], t) + 0.001 * c if t else 0.001 * c for c, t in zip(columns, cells, strict=True))
        skipped = set(range(columns[-1])) - set(columns)
        return total + sum(SKIP_COST[placer.roles[c]] for c in skipped)

    best = max(score(columns) for columns in itertools.combinations(range(cols.width), len(cells)))
    got = placer._align(cells)
    assert got == sorted(set(got)) and len(got) == len(cells)
    assert abs(score(got) - best) < 1e-9


def test_a_table_copied_without_its_header_is_read_from_its_cells():
    from gwparse.extract import _extract
    from gwparse.readers import Source

    text = ("| 1 | 公开年度财政预算和决算。 | 县财政局 | 8月底前 |\n| 2 | 更新政府信息公开指南。 | 县政府办牵头，各部门配合 | 3月底前 |\n"
            "| 3 | 公开重大项目进展情况。 | 县发改局 | 每季度 |\n")
    drafts, _, info = _extract(Source(name="t", container="text", text=text), style=None, keep_script=False)
    assert [(d.seq, d.content, d.deadline, d.units) for d in drafts] == [
        ("1", "公开年度财政预算和决算。", "8月底前", [("县财政局", "responsible")]),
        ("2", "更新政府信息公开指南。", "3月底前", [("县政府办牵头，各部门配合", "responsible")]),
        ("3", "公开重大项目进展情况。", "每季度", [("县发改局", "responsible")])]
    assert [code for code, _ in info["warnings"]] == ["no-header"]  # said, since nothing names the columns


def test_rows_of_prose_with_bars_are_no_headerless_table():
    """Without a unit or deadline column the body does not read as a task table."""
    from gwparse.tables import infer_columns

    grid = read_pipes("| 甲 | 一段较长的说明文字，没有单位。 |\n| 乙 | 另一段较长的说明文字。 |\n")
    assert infer_columns(_table(grid)) is None


@settings(max_examples=2000)
@given(st.text(alphabet="第一二三十〇（()）、.．，,: \u3000\t1２a部分项章条公开", min_size=1, max_size=8))
def test_heading_share_prefilter_lets_every_heading_enumerator_through(text):
    # _headings_share asks split_enum only about texts whose first character could open a heading
    if split_enum(text)[0] in (1, 2):
        assert text[:1] in _HEADING_OPENERS or text[:1].isspace()
