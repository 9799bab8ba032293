"""Every text style → records, on samples written for these tests (expected values by hand)."""
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gwparse.errors import GwparseError
from gwparse.pipeline import parse_result_text, parse_text
from gwparse.sniff import sniff_style

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def rows(name, **kw):
    text = (SAMPLES / name).read_text(encoding="utf-8")
    return [(r.category, r.section, r.item, r.seq, r.content, r.deadline,
             [(u.name, u.role) for u in r.units]) for r in parse_text(text, **kw)]


def test_tab_cells_merged_cells_and_heading_rows():
    got = rows("tab-cells.txt")
    assert got == [
        ("深化重点领域公开", None, None, "1", "公开财政预算和决算信息，按规定时间在门户网站集中发布。", "每年9月底前",
         [("县财政局", "lead"), ("各乡镇人民政府", "responsible")]),
        ("深化重点领域公开", None, None, "2", "公开重大建设项目审批和实施信息。\n及时更新项目进展。", "长期坚持",
         [("县发改局", "responsible"), ("县住建局", "responsible")]),
        ("提升政策解读质量", None, None, "3", "主要负责同志带头解读重要政策，每年不少于两次。", "全年",
         [("县政府办公室", "lead"), ("县直各部门", "cooperate")]),
        # deadline and unit cells all blank: a merge printed once, taken from the row above
        ("提升政策解读质量", None, None, "4", "建立政策解读材料与文件同步报批机制。", "全年",
         [("县政府办公室", "lead"), ("县直各部门", "cooperate")]),
    ]


def test_pipe_table_number_column_and_shifted_continuation_rows():
    got = rows("pipe-table.txt")
    assert [g[0] for g in got] == ["基础工作", "基础工作", "平台建设", "平台建设", "平台建设"]
    assert [g[3] for g in got] == ["1", "2", "3", "4", "5"]
    assert [g[5] for g in got] == ["6月底前", "全年", "每季度", "12月底前", None]
    assert got[1][4] == "规范依申请公开办理流程，按期答复申请人。"
    assert got[1][6] == [("办公室", "responsible"), ("法规科", "responsible")]
    assert got[4][6] == [("各科室", "responsible")]


def test_cell_lines_with_bar_separators():
    got = rows("cell-lines.txt")
    assert got == [
        (None, None, None, "1", "公开市场监管领域行政处罚结果，7个工作日内上网。", "全年",
         [("市市场监管局", "lead"), ("各区政府", "cooperate")]),
        (None, None, None, "2", "公开城市更新项目进展信息。", "9月底前",
         [("市住建局", "responsible"), ("市自然资源局", "responsible")]),
    ]


def test_cell_lines_without_separators_end_rows_at_unit_lines():
    got = rows("cell-lines-bare.txt")
    assert [(g[0], g[3], g[4], g[6]) for g in got] == [
        ("公开基层政务", "1", "公开村级财务收支情况，每季度更新一次。", [("镇财政所", "lead")]),
        ("公开基层政务", "2", "公开低保对象名单和补助标准。", [("镇民政办", "responsible")]),
        ("回应群众关切", "3", "办理群众留言，按时答复。", [("镇党政办", "responsible"), ("镇信访办", "responsible")]),
    ]


def test_cell_lines_rows_with_an_empty_cell_end_where_the_cells_align():
    """An empty 配合单位 cell is a blank line (or two ``|`` lines with nothing between): the
    row keeps its shape and the next row starts at its own category cell."""
    head = "任务类别\n工作任务\n牵头单位\n配合单位\n公开方式\n"
    body = ["一、公开财政", "公开预算执行情况。", "区财政局", "", "政府网站", "一、公开财政", "公开政府债务情况。",
            "区审计局", "区财政局", "政务新媒体"]
    for text in (head + "\n".join(body) + "\n", head.replace("\n", "\n|\n") + "\n|\n".join(body) + "\n"):
        got = parse_text(text)
        assert [(r.category, r.content, [(u.name, u.role) for u in r.units], list(r.channels)) for r in got] == [
            ("公开财政", "公开预算执行情况。", [("区财政局", "lead")], ["政府网站"]),
            ("公开财政", "公开政府债务情况。", [("区审计局", "lead"), ("区财政局", "cooperate")], ["政务新媒体"])]


def test_prose_several_tasks_per_paragraph_and_labelled_parentheticals():
    got = rows("prose.txt")
    assert [(g[1], g[4], g[6]) for g in got] == [
        ("做好政策文件公开", "做好政策文件公开。及时公开市政府规章和规范性文件，同步发布解读材料。",
         [("市政府办公室", "lead"), ("市政府各部门", "responsible")]),
        ("推进规划信息公开", "推进规划信息公开。公开国土空间规划及调整情况。", [("市自然资源局", "responsible")]),
        ("推进规划信息公开", "公开年度建设计划执行情况，每半年更新一次。",
         [("市发展改革委", "responsible"), ("市住建局", "responsible")]),
        ("用好政务新媒体", "用好政务新媒体。规范政务新媒体账号管理。",
         [("市委网信办", "responsible"), ("市政府办公室", "responsible")]),
        ("用好政务新媒体", "加强政府网站内容保障，做到信息更新及时准确。",
         [("市政府办公室", "lead"), ("各区人民政府", "cooperate")]),
    ]
    assert {g[0] for g in got[:3]} == {"加强政策发布解读"} and got[3][0] == "强化平台建设"


def test_prose_metadata():
    doc = parse_text((SAMPLES / "prose.txt").read_text(encoding="utf-8"))[0].document
    assert (doc.title, doc.year, doc.doc_no, doc.issuer, doc.date, doc.format) == (
        "示例市人民政府办公室关于做好2024年政务公开工作的通知", 2024, "示政办发〔2024〕7号",
        "示例市人民政府办公室", "2024-03-15", "prose")


def test_labelled_list_skips_person_lines():
    got = rows("labelled-list.txt")
    assert got == [
        ("推进决策公开", None, None, "1", "重大行政决策事项目录向社会公布。", None,
         [("区司法局", "lead"), ("各街道", "responsible"), ("区发改局", "responsible")]),
        ("推进决策公开", None, None, "2", "决策草案公开征求意见不少于30日。", None,
         [("区政府办公室", "lead"), ("区政府各部门", "cooperate")]),
        ("推进执行公开", None, None, "3", "公开重点工作任务落实情况。", None,
         [("办公室", "responsible"), ("综合股", "responsible")]),
    ]


def test_traditional_script_is_simplified_and_recorded():
    got = rows("traditional-pipes.txt")
    assert got[0][:2] == ("强化政策解读", "做好解读回应")
    assert got[0][6] == [("区政府办公室", "lead"), ("区级各部门", "responsible")]
    assert got[2][1] == "规范政务新媒体" and got[2][5] == "每季度"
    assert parse_text((SAMPLES / "traditional-pipes.txt").read_text(encoding="utf-8"))[0].document.script == "traditional"


def test_keep_script_keeps_traditional_text_and_still_reads_roles():
    text = (SAMPLES / "traditional-pipes.txt").read_text(encoding="utf-8")
    first = parse_text(text, keep_script=True)[0]
    assert first.category == "強化政策解讀"
    assert [(u.name, u.role) for u in first.units] == [("區政府辦公室", "lead"), ("區級各部門", "responsible")]


@pytest.mark.parametrize("name,style", [
    ("tab-cells.txt", "tab-cells"), ("pipe-table.txt", "pipe-table"), ("cell-lines.txt", "cell-lines"),
    ("cell-lines-bare.txt", "cell-lines"), ("prose.txt", "prose"), ("labelled-list.txt", "labelled-list"),
    ("traditional-pipes.txt", "pipe-table"), ("tab-rows.txt", "tab-rows"), ("table.csv", "csv-table"),
])
def test_sniff_style_by_content(name, style):
    assert sniff_style((SAMPLES / name).read_text(encoding="utf-8")) == style


def test_unknown_style_says_what_it_saw():
    with pytest.raises(GwparseError, match="cannot tell the document's style"):
        parse_text("这是一段普通的文字。\n没有表格，也没有责任单位。")


def test_header_wordings_not_in_any_list_still_map():
    text = "| 编号 | 重点事项 | 主要举措 | 承办处室 | 办结期限 | 备注 |\n" \
           "| 1 | 财政公开 | 公开部门预算，细化到项级科目。 | 预算处 | 2025年3月 | 无 |\n"
    [r] = parse_text(text)
    assert (r.seq, r.category, r.content, r.deadline) == ("1", "财政公开", "公开部门预算，细化到项级科目。", "2025年3月")
    assert [(u.name, u.role) for u in r.units] == [("预算处", "responsible")]


def test_two_row_header_gives_unit_columns_their_roles():
    text = "| 序号 | 工作任务 | 责任单位 | |\n| | | 牵头 | 配合 |\n" \
           "| 1 | 公开政府采购意向。 | 市财政局 | 各区财政局 |\n"
    [r] = parse_text(text)
    assert [(u.name, u.role) for u in r.units] == [("市财政局", "lead"), ("各区财政局", "cooperate")]


def test_heading_repeated_at_page_break_starts_no_new_group():
    text = "\t工作任务\n\t具体要求\n\t责任单位\n\n\t一、公开财政信息\n\n\t（一）预算公开\n\t1.公开预算。\n\t县财政局\n\n" \
           "\t一、公开财政信息\n\n\t\n\t2.公开决算。\n\t县财政局\n"
    got = parse_text(text)
    assert [(r.category, r.section, r.seq) for r in got] == [("公开财政信息", "预算公开", "1"),
                                                            ("公开财政信息", "预算公开", "2")]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("\t\n|、，。（）()一二1.2牵头负责配合单位局市区县公开工作任务责任时限 ")), max_size=300))
def test_parse_text_returns_records_or_raises_its_own_error(text):
    try:
        records = parse_text(text)
    except GwparseError:
        return
    for r in records:
        assert r.content.strip()


def test_tab_rows_word_table_converted_with_tabs_between_cells():
    got = rows("tab-rows.txt")
    assert got == [
        ("公开基层事务", None, None, "2", "公开社区服务事项清单。", "3月底前",
         [("街道党政办", "lead"), ("各社区", "responsible")]),
        ("公开基层事务", None, None, "3", "公开惠民资金发放情况。", "每季度", [("街道财政所", "responsible")]),
    ]


def test_csv_with_quoted_commas_and_blank_merged_cells():
    got = rows("table.csv")
    assert got == [
        ("财政公开", None, None, "1", "公开部门预算,细化到项级科目。", "3月底前", [("区财政局", "responsible")]),
        ("财政公开", None, None, "2", "公开部门决算。", "8月底前",
         [("区财政局", "responsible"), ("区审计局", "responsible")]),
    ]


def test_pipe_row_wrapped_onto_the_next_line_stays_one_record():
    text = "| 序号 | 工作任务 | 责任单位 | 完成时限 |\n| 1 | 公开部门预算，细化到\n项级科目。 | 区财政局 | 3月底 |\n" \
           "| 2 | 公开决算。 | 区财政局 | 8月底 |\n"
    got = parse_text(text)
    assert [(r.seq, r.content, r.deadline) for r in got] == [("1", "公开部门预算，细化到项级科目。", "3月底"),
                                                             ("2", "公开决算。", "8月底")]


def test_two_line_pipe_table_is_a_table():
    [r] = parse_text("| 工作任务 | 责任单位 |\n| 公开预算。 | 区财政局 |\n")
    assert r.content == "公开预算。" and r.units[0].name == "区财政局"


def test_prose_parenthetical_with_a_trailing_deadline():
    text = "一、公开财政信息\n（一）公开预算。按时公开部门预算。（区财政局牵头，各部门配合；2024年6月底前）\n"
    [r] = parse_text(text)
    assert r.deadline == "2024年6月底前"
    assert [(u.name, u.role) for u in r.units] == [("区财政局", "lead"), ("各部门", "cooperate")]


def test_prose_parenthetical_whose_unit_name_holds_a_tortoise_shell_bracket():
    # rule 7: 〔〕 inside a unit name stays part of it, and the block is still a unit block
    text = "一、平台建设\n（一）办好网站。优化公开专栏。（区政府办公室〔区大数据中心〕负责落实）\n"
    [r] = parse_text(text)
    assert [(u.name, u.role) for u in r.units] == [("区政府办公室〔区大数据中心〕", "responsible")]


def test_prose_role_block_with_an_editorial_note_is_still_a_unit_block():
    # rule 9: a note after the units (以下…不再单独列出, 下同, 见附件, nested （见附件1，下同）,
    # （按职责分工负责）) is dropped, and the block before it still closes its task
    text = ("一、总体要求\n"
            "（一）加强财政公开。公开债券资金。(区财政局负责落实，区直各部门配合；以下涉及区直各部门的任务不再单独列出)\n"
            "（二）加强教育公开。公开招生政策。（区教育局负责，下同）\n"
            "（三）加强医疗公开。公开医疗收费。（区卫健局负责落实（见附件1，下同））\n"
            "（四）加强就业公开。公开招聘信息。【区人社局负责，见附件2】\n"
            "（五）加强住房公开。公开保障房信息。[区住建局负责落实（按职责分工负责）]\n")
    got = [(r.section, [(u.name, u.role) for u in r.units]) for r in parse_text(text)]
    assert got == [("加强财政公开", [("区财政局", "responsible"), ("区直各部门", "cooperate")]),
                   ("加强教育公开", [("区教育局", "responsible")]),
                   ("加强医疗公开", [("区卫健局", "responsible")]),
                   ("加强就业公开", [("区人社局", "responsible")]),
                   ("加强住房公开", [("区住建局", "responsible")])]


def test_prose_first_leads_note_inside_a_role_block_keeps_its_task():
    text = ("一、民生公开\n"
            "（一）加强养老公开。公开养老机构名录。（区民政局负责，区财政局配合，排在第一位的为牵头单位）\n"
            "（二）做好政策解读。解读惠民政策。（区政府办公室、区司法局负责）\n")
    got = [[(u.name, u.role) for u in r.units] for r in parse_text(text)]
    assert got == [[("区民政局", "lead"), ("区财政局", "cooperate")],
                   [("区政府办公室", "lead"), ("区司法局", "responsible")]]


def test_tab_cells_short_run_after_a_merged_cell_printed_once_is_placed_by_content():
    # the category printed once on an untabbed line: the later rows of the merge have one
    # cell fewer, and their cells are the row's last ones, not its first
    text = ("\t工作类别\n\t工作内容\n\t责任单位\n\t完成时间\n\n"
            "机构职能公开\n\t公开机构设置和联系方式。\n\t区委编办\n\t长期\n\n"
            "\t编制政府信息公开指南。\n\t区政府办公室\n\t2025年3月底前\n")
    got = [(r.category, r.content, r.deadline, [(u.name, u.role) for u in r.units]) for r in parse_text(text)]
    assert got == [("机构职能公开", "公开机构设置和联系方式。", "长期", [("区委编办", "responsible")]),
                   ("机构职能公开", "编制政府信息公开指南。", "2025年3月底前", [("区政府办公室", "responsible")])]


def test_tab_cells_two_row_header_repeated_after_a_page_break_is_no_task():
    header = "\t序号\n\t工作任务\n\t责任单位\n\t\n\t完成时限\n\n\t\n\t\n\t牵头单位\n\t配合单位\n\t\n\n"
    text = (header + "\t1\n\t公开招生结果。\n\t县教育局\n\t县财政局\n\t8月底前\n\n"
            + header + "\t2\n\t公开收费标准。\n\t县发改局\n\t县市场监管局\n\t长期\n")
    got = [(r.seq, r.content, r.deadline, [(u.name, u.role) for u in r.units]) for r in parse_text(text)]
    assert got == [("1", "公开招生结果。", "8月底前", [("县教育局", "lead"), ("县财政局", "cooperate")]),
                   ("2", "公开收费标准。", "长期", [("县发改局", "lead"), ("县市场监管局", "cooperate")])]


def test_tab_rows_with_an_excel_quoted_cell_holding_a_line_break():
    # Excel's "Unicode Text" export: a cell with a line break is quoted, its quotes doubled
    text = ("序号\t工作任务\t责任单位\t完成时限\n"
            '1\t"动态调整权责清单。\n同步公开“调整”依据。"\t区委编办\t6月底前\n'
            "2\t公开行政处罚结果。\t区司法局\t长期\n")
    got = [(r.seq, r.content, r.deadline, [u.name for u in r.units]) for r in parse_text(text)]
    assert got == [("1", "动态调整权责清单。\n同步公开“调整”依据。", "6月底前", ["区委编办"]),
                   ("2", "公开行政处罚结果。", "长期", ["区司法局"])]


def test_cell_lines_each_ending_in_a_bar_with_no_row_end_lines():
    # a browser's copy whose rows are not ended by "|" lines: the bars only mark the cells,
    # and a lone "|" is an empty cell
    text = ("某市2025年政务公开任务台账\n序号 |\n工作内容 |\n牵头单位 |\n配合单位 |\n完成时限 |\n"
            "1 |\n公开城市更新项目清单。 |\n市住房城乡建设局 |\n各区人民政府 |\n5月底前 |\n"
            "2 |\n公开食品安全抽检结果。 |\n市市场监管局 |\n |\n每月 |\n")
    got = [(r.seq, r.content, r.deadline, [(u.name, u.role) for u in r.units]) for r in parse_text(text)]
    assert got == [("1", "公开城市更新项目清单。", "5月底前", [("市住房城乡建设局", "lead"), ("各区人民政府", "cooperate")]),
                   ("2", "公开食品安全抽检结果。", "每月", [("市市场监管局", "lead")])]


def test_pipe_header_spread_over_unnamed_columns_gives_category_section_and_seq():
    # rule 13: 工作任务 printed once over a category column and a short-task column; the
    # unnamed columns are read from the body: short names are the section, numbers the seq
    text = ("某区2025年政务公开任务分解表\n"
            "工作任务 |  |  | 工作内容 | 责任单位 | 完成时限\n"
            "标准化建设 | 目录编制 | 1 | 编制政务公开事项标准目录并动态调整。 | 区政府办公室 | 5月底前\n"
            "标准化建设 | 专区建设 | 2 | 设立政务公开专区，提供政府信息查阅服务。 | 区政务服务中心 | 6月底前\n"
            "重点领域公开 | 教育信息 | 3 | 公开中小学招生政策和学位信息。 | 区教育局 | 7月底前\n")
    result = parse_result_text(text)
    got = [(r.category, r.section, r.seq, r.content[:6]) for r in result.records]
    assert got == [("标准化建设", "目录编制", "1", "编制政务公开"), ("标准化建设", "专区建设", "2", "设立政务公开"),
                   ("重点领域公开", "教育信息", "3", "公开中小学招")]
    assert result.warnings == []


@pytest.mark.parametrize(("line", "title"), [
    ("# 某区2025年政务公开工作要点任务分工", "某区2025年政务公开工作要点任务分工"),  # a Markdown heading
    ("某区2024年政务公开工作任务分工表（文字版）", "某区2024年政务公开工作任务分工表（文字版）"),
    ("某县2025年政务公开重点任务台账", "某县2025年政务公开重点任务台账"),
])
def test_title_line_shapes(line, title):
    from gwparse.metadata import find_title

    assert find_title([line, "一、重点任务"]) == title


def test_summary_and_note_rows_under_an_html_table_are_no_tasks():
    from gwparse import parse_bytes

    page = ("<html><body><table><tr><th>序号</th><th>工作任务</th><th>责任单位</th><th>完成时限</th></tr>"
            "<tr><td>1</td><td>公开预算信息。</td><td>市财政局</td><td>3月底前</td></tr>"
            "<tr><td>2</td><td>公开审计结果。</td><td>市审计局</td><td>长期</td></tr>"
            "<tr><td colspan='2'>合计</td><td colspan='2'>共2项任务</td></tr>"
            "<tr><td>备注</td><td colspan='3'>长期事项每半年报送一次进展。</td></tr></table></body></html>")
    assert [r.content for r in parse_bytes(page.encode(), "plan.html")] == ["公开预算信息。", "公开审计结果。"]


def _docx_row(*texts: str) -> str:
    from builders import tc, tr

    return tr(*(tc(t) for t in texts))


def test_a_table_continued_in_a_second_docx_table_keeps_its_category():
    # the second table opens with a （二） heading row: the 一、 group above goes on
    from builders import docx_bytes, p, tbl, tc, tr
    from gwparse import parse_bytes

    header = _docx_row("序号", "工作事项", "责任单位", "完成时限")
    first = tbl(header, tr(tc("一、甲类工作", span=4)), tr(tc("（一）子项一", span=4)),
                _docx_row("1", "公开甲事项。", "市财政局", "长期"), cols=4)
    second = tbl(tr(tc("（二）子项二", span=4)), _docx_row("2", "公开乙事项。", "市司法局", "长期"), cols=4)
    records = parse_bytes(docx_bytes(p("某市2025年政务公开任务"), first, p(""), second), "plan.docx")
    assert [(r.category, r.section, r.content) for r in records] == [
        ("甲类工作", "子项一", "公开甲事项。"), ("甲类工作", "子项二", "公开乙事项。")]


def test_two_tables_with_different_headers_share_no_headings():
    from builders import docx_bytes, p, tbl, tc, tr
    from gwparse import parse_bytes

    first = tbl(_docx_row("序号", "工作事项", "责任单位"), tr(tc("一、甲类工作", span=3)), _docx_row("1", "公开甲事项。", "市财政局"),
                cols=3)
    second = tbl(_docx_row("序号", "工作内容", "牵头单位", "完成时限"), _docx_row("1", "公开乙事项。", "市司法局", "长期"), cols=4)
    records = parse_bytes(docx_bytes(first, p("附件2"), second), "plan.docx")
    assert [(r.category, r.content) for r in records] == [("甲类工作", "公开甲事项。"), (None, "公开乙事项。")]


def test_tab_cells_spacer_lines_and_a_signature_after_the_table():
    # a TAB alone before a row's cells is a spacer; untabbed lines after the last row
    # (the issuer, the date) are no cells of it
    text = ("\t工作任务\n\t完成时限\n\t责任单位\n\n\t一、深化公开\n\n"
            "\t1.公开预算信息。\n\t长期\n\t县财政局负责\n\n"
            "\t\n\t2.公开审计结果。\n\t6月底前\n\t县审计局负责\n\n\n"
            "县政府办公室\n\n2025年3月10日\n")
    got = [(r.category, r.seq, r.content, r.deadline, [u.name for u in r.units]) for r in parse_text(text)]
    assert got == [("深化公开", "1", "公开预算信息。", "长期", ["县财政局"]),
                   ("深化公开", "2", "公开审计结果。", "6月底前", ["县审计局"])]


def test_tab_rows_row_opening_with_empty_cells_is_a_row():
    # its unit and deadline cells are blank: it inherits them (merged cells printed once)
    text = ("类别\t工作任务\t责任单位\t完成时限\n"
            "政策解读\t公开解读材料。\t区政府办公室\t长期\n"
            "\t开展图解解读。\t\t\n")
    got = [(r.category, r.content, r.deadline, [u.name for u in r.units]) for r in parse_text(text)]
    assert got == [("政策解读", "公开解读材料。", "长期", ["区政府办公室"]),
                   ("政策解读", "开展图解解读。", "长期", ["区政府办公室"])]


def test_prose_parenthetical_that_names_no_units_is_not_a_task():
    text = "一、总体要求\n各地各部门要高度重视。（各地各部门要抓好落实）\n（一）公开预算。公开部门预算。（区财政局负责落实）\n"
    got = parse_text(text)
    assert [r.content for r in got] == ["公开预算。公开部门预算。"]


def test_labels_closing_a_task_paragraph_without_brackets():
    text = "一、平台建设\n1. 做好政府网站普查。牵头单位：区政府办公室；配合单位：区委网信办。\n" \
           "2. 规范政务新媒体。责任单位：各部门；完成时限：长期坚持。\n"
    got = parse_text(text)
    assert [(r.seq, r.content, r.deadline, [(u.name, u.role) for u in r.units]) for r in got] == [
        ("1", "做好政府网站普查。", None, [("区政府办公室", "lead"), ("区委网信办", "cooperate")]),
        ("2", "规范政务新媒体。", "长期坚持", [("各部门", "responsible")]),
    ]


def test_label_lines_with_several_labels_and_bracketed_labels():
    text = "一、决策公开\n1. 公开重大决策目录。\n【牵头单位】区司法局\n【责任领导】王某\n" \
           "2. 公开决策草案。\n牵头单位：区政府办公室；配合单位：各街道；完成时限：全年\n"
    got = parse_text(text)
    assert [(r.seq, r.deadline, [(u.name, u.role) for u in r.units]) for r in got] == [
        ("1", None, [("区司法局", "lead")]),
        ("2", "全年", [("区政府办公室", "lead"), ("各街道", "cooperate")]),
    ]


def test_bracketed_qualifiers_in_headers():
    text = "| 序号 | 工作任务 | 责任单位（部门） | 完成时限（年月） |\n| 1 | 公开预算。 | 区财政局 | 2024年3月 |\n"
    [r] = parse_text(text)
    assert (r.deadline, r.units[0].name) == ("2024年3月", "区财政局")


def test_category_paragraph_that_is_also_a_task():
    text = "一、加强政策解读。重要政策出台时同步发布解读材料。（市政府办公室负责）\n二、回应关切\n（一）做好舆情回应。及时回应。（市委网信办负责）\n"
    got = parse_text(text)
    assert [(r.category, r.section, r.content) for r in got] == [
        ("加强政策解读", None, "加强政策解读。重要政策出台时同步发布解读材料。"),
        ("回应关切", "做好舆情回应", "做好舆情回应。及时回应。"),
    ]


def _file_rows(name):
    from gwparse.pipeline import parse

    return [(r.category, r.seq, r.content, r.deadline, [(u.name, u.role) for u in r.units])
            for r in parse(SAMPLES / name)]


@pytest.mark.parametrize("name", ["table.docx", "table.xlsx"])
def test_container_samples_with_real_merged_cells(name):
    assert _file_rows(name) == [
        ("基层公开", "1", "公开村级财务收支情况。", "每季度", [("镇财政所", "lead"), ("各村", "cooperate")]),
        ("基层公开", "2", "公开低保对象名单。", "每月", [("镇民政办", "responsible")]),
        ("办事服务", "3", "公开便民服务事项清单。", "6月底前", [("镇便民服务中心", "responsible")]),
    ]


def test_html_table_sample_with_two_header_rows_rowspan_and_colspan():
    assert _file_rows("table.html") == [
        ("决策公开", "1", "公开重大行政决策事项目录。", "3月底前", [("县司法局", "lead"), ("县直各部门", "cooperate")]),
        ("决策公开", "2", "决策草案公开征求意见，\n时间不少于30日。", "全年", [("县政府办", "lead")]),
        # one cell across both unit columns: the unit is named once, with the first column's role
        ("执行公开", "3", "公开重点工作落实情况。", "每季度", [("各乡镇人民政府", "lead")]),
    ]


def test_html_notice_sample():
    from gwparse.pipeline import parse

    got = parse(SAMPLES / "notice.html")
    assert [(r.category, r.section, [(u.name, u.role) for u in r.units]) for r in got] == [
        ("深化重点领域公开", "推进财政信息公开", [("区财政局", "lead"), ("区级各部门", "responsible")]),
        ("深化重点领域公开", "推进教育信息公开", [("区教育局", "responsible")]),
        ("强化解读回应", None, [("区政府办公室", "lead"), ("区级各部门", "cooperate")]),
    ]
    doc = got[0].document
    assert (doc.format, doc.doc_no, doc.issuer, doc.date) == (
        "html-prose", "示区政办发〔2025〕3号", "示例区人民政府办公室", "2025-04-10")


# -- the shortcuts the sniffer and the prose reader take ---------------------------------


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="\t |a中 ", max_size=12))
def test_row_tests_imply_what_the_sniffer_counts(line):
    """sniff_style counts "|" and TABs over the whole sample to skip looking at lines one
    by one: that holds only while a pipe row has a "|" and a tab row a TAB past its start."""
    from gwparse.delimited import is_pipe_row, is_tab_row

    if is_pipe_row(line):
        assert "|" in line
    if is_tab_row(line):
        assert "\t" in line[1:]


def test_sniff_decides_a_mixed_sample_like_counting_every_line():
    tab_cells = "\n".join(f"\t第{i}项任务" for i in range(8))
    assert sniff_style(tab_cells) == "tab-cells"
    assert sniff_style(tab_cells.replace("任务", "任务\t区财政局", 1)) == "tab-cells"  # one tab row among them
    assert sniff_style("\n".join(f"第{i}项\t区财政局\t年底前" for i in range(3))) == "tab-rows"
    labelled = "1. 做好公开工作。\n牵头单位：区财政局\n2. 做好解读。（区教育局负责落实）\n牵头单位：区政府办"
    assert sniff_style(labelled) == "labelled-list"  # 2 label lines against 1 parenthetical
    assert sniff_style(labelled + "\n3. 回应关切。（区民政局负责落实）（区卫健局负责落实）") == "prose"


def test_the_stdlib_space_class_is_the_regex_modules_space():
    import re

    import regex

    from gwparse.prose import _SPACE

    candidates = [chr(c) for c in range(0x110000) if chr(c).isspace()] + list("a中\x00\x1b")
    assert [bool(re.fullmatch(_SPACE, c)) for c in candidates] == [bool(regex.fullmatch(r"\s", c)) for c in candidates]


@pytest.mark.parametrize("changed", [0, 1, 9, 10, 11, 12, 400])
def test_detect_script_stops_early_with_the_same_answer(changed):
    from gwparse.text import detect_script

    original = "國" * 1000 + "abc" * 300
    simplified = "国" * changed + original[changed:]
    expected = "traditional" if changed / 1000 > 0.01 else "simplified"
    assert detect_script(original, simplified) == expected


# -- prose, person-line and sniffer shortcuts, each against what it stands in for -----------


_ROLE_PIECES = ["牵头", "负责", "落实", "配合", "协同", "承办", "办理", "执行", "落", "实", "头", "区财政局", "\n", "。", " ", "a"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ROLE_PIECES), max_size=5).map("".join))
def test_role_ending_reads_as_the_role_phrase_pattern(text):
    import regex

    from gwparse.prose import _ends_in_role

    phrase = regex.compile(r"(?:牵头|负责|落实|配合|协助|协同|参与|承办|办理|实施|推进|跟进|执行)"
                           r"(?:落实|负责|实施|推进|办理)?(?:落实)?$")
    assert _ends_in_role(text) == bool(phrase.search(text))


@settings(max_examples=600, deadline=None)
@given(st.one_of(
    st.text(alphabet=st.sampled_from(list("领导负责人任联系分管：:【】（）() \u3000\x1c\t牵头市甲a")), max_size=18),
    # spaces, a bracket, a few other characters, then a person word (or a part of one)
    st.tuples(st.sampled_from(["", " ", "\u3000 ", "\x1c", " \x1c", "\t"]), st.sampled_from(["", "【", "（", "("]),
              st.text(alphabet=st.sampled_from(list("甲牵头\x1c")), max_size=9),
              st.sampled_from(["领导", "负责人", "责任人", "联系人", "分管", "负责同志", "人", "导", "管", "志"]),
              st.sampled_from(["", "：", "】：", "）", " :"])).map("".join)))
def test_person_line_test_is_the_person_line_pattern(line):
    from gwparse.vocab import PERSON_LINE, is_person_line

    assert is_person_line(line) == bool(PERSON_LINE.match(line))


_PARA_PIECES = ["（", "(", "）", ")", "【", "】", "[", "]", "市数据局、区财政局", "区财政局负责落实", "区教育局牵头", "牵头单位：区民政局", "；2024年底前", "。", "；", " ",
                "\u3000", "\x1c", "一", "做好公开"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PARA_PIECES), max_size=14).map("".join))
def test_unit_parens_are_the_bracket_patterns_matches_that_name_units(para):
    from gwparse.prose import _PAREN, _paren_units, unit_parens

    expected = [(m.start(), m.end()) for m in _PAREN.finditer(para)
                if _paren_units((m.group(1) or m.group(2) or m.group(3) or "").strip(), not para[m.end():].strip())]
    assert [(start, end) for start, end, *_ in unit_parens(para)] == expected
    assert [(start, end) for start, end, *_ in unit_parens(para, {})] == expected


_ENUMERATORS = ["一、", "第二，", "第三部分", "第四章 ", "（一）", "(二)、", "（ 三 ）", "1.", "12．", "3、", "4 ", "5，",
                "7", "49", "100", "1000", "（1）", "(12)", "①", "⑳ ", "2018年", "3个", "1.5", "１．", "第", "（"]


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(_ENUMERATORS), st.text(alphabet=st.sampled_from(list("做好年月号个一十0123.．、，。；（( \u3000\x1c")),
                                              max_size=8),
       st.sampled_from(["（", "(", " 牵头单位：", "牵头单位："]))
def test_the_text_after_the_enumerator_is_what_split_enum_leaves_of_the_part(enumerator, text, cut):
    """A paragraph is cut at a bracket (or a label after 。；;); what split_enum would
    leave of the part before the cut is told from its reading of the whole paragraph."""
    from gwparse.enums import split_enum
    from gwparse.prose import _after_enumerator

    para = (enumerator + text + cut + "区财政局负责落实）").strip()
    level, _, rest = split_enum(para)
    begins = [i for i, c in enumerate(para) if c in "（("] + [i + 1 for i, c in enumerate(para[:-1]) if c in "。；;"]
    for begin in begins if level else []:
        after = _after_enumerator(para, rest, begin)
        if after:
            assert after == split_enum(para[:begin].strip())[2]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("做好。！？!?：；，, a")), max_size=12))
def test_first_sentence_ends_at_the_first_sentence_end(text):
    import re

    from gwparse.prose import first_sentence

    assert first_sentence(text) == re.split(r"[。！？!?]", text, maxsplit=1)[0].strip().rstrip("：:；;，, ")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.booleans(), max_size=40), st.sampled_from([2, 6]))
def test_the_sniffer_counts_lines_only_as_far_as_its_threshold(hits, least):
    from gwparse.sniff import _common, _enough

    n = len(hits)
    assert _enough(least, n, (h for h in hits if h)) == _common(sum(hits), least, n)


def test_the_title_line_is_not_a_bare_heading_of_the_tasks_below():
    got = parse_text("某区政务公开工作责任分工\n1.公开规范性文件。\n责任单位：区司法局\n")
    assert [(r.item, r.seq, r.content) for r in got] == [(None, "1", "公开规范性文件。")]


def test_numbered_cell_lines_keep_a_wrapped_task_cell_in_its_row():
    text = ("序号\n工作任务\n牵头单位\n配合单位\n完成时限\n1\n公开预算执行情况。\n区财政局\n各部门\n8月底前\n"
            "一、债务\n2\n公开政府债务情况，\n包括限额和余额。\n区财政局\n区审计局\n9月底前\n")
    got = parse_text(text)
    assert [(r.category, r.seq, r.content, r.deadline, [(u.name, u.role) for u in r.units]) for r in got] == [
        (None, "1", "公开预算执行情况。", "8月底前", [("区财政局", "lead"), ("各部门", "cooperate")]),
        ("债务", "2", "公开政府债务情况，包括限额和余额。", "9月底前", [("区财政局", "lead"), ("区审计局", "cooperate")])]


def test_a_deadline_written_before_the_units_in_a_parenthetical_is_the_deadline():
    got = parse_text("一、重点工作\n1.公开财政预决算。（2024年6月底前完成，县财政局负责）\n")
    assert [(r.deadline, [(u.name, u.role) for u in r.units]) for r in got] == [
        ("2024年6月底前完成", [("县财政局", "responsible")])]


def test_a_notice_whose_preamble_names_units_above_its_table_gives_the_table():
    """The sniffer may see prose (a unit parenthetical in the preamble) before the table; the
    style that finds more tasks with units wins. Lines under a closed pipe table are no cell."""
    text = ("关于印发任务分解表的通知\n各乡镇：\n请认真抓好落实（各单位主要负责同志负责）。\n"
            "| 序号 | 工作任务 | 责任单位 | 完成时限 |\n| 1 | 公开重点任务分解情况。 | 县政府办 | 3月底前 |\n"
            "| 2 | 公开财政预决算。 | 县财政局 | 8月底前 |\n某县人民政府办公室\n2024年3月1日\n")
    got = parse_text(text)
    assert [(r.seq, r.content, r.deadline, [u.name for u in r.units]) for r in got] == [
        ("1", "公开重点任务分解情况。", "3月底前", ["县政府办"]), ("2", "公开财政预决算。", "8月底前", ["县财政局"])]
    assert got[0].document.date == "2024-03-01"
