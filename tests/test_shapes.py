"""The real layouts of issue 13 and RECORDS.md rules 7-13, on samples written for them.

Each sample in samples/ is a small plan of my own in one shape that gwparse once
misread; the expected records below were written by hand from the sample's text
(category, section, item, seq, content, deadline, units with roles), not from
gwparse's output.
"""
from pathlib import Path

import pytest

from gwparse import parse

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

L, R, C = "lead", "responsible", "cooperate"

EXPECTED = {
    # 1. a browser's copy: a cell per line ending in " |", rows between "|" lines, spaced-out headers
    "browser-copy.txt": ("cell-lines", [
        (None, None, None, "1", "公开年度财政预决算和“三公”经费，按规定时间上网。", "2024年8月底前", [("县财政局", R)]),
        (None, None, None, "2", "更新政府信息公开指南，方便群众查阅。", "长期", [("县政府办公室", L), ("各乡镇", C)]),
        (None, None, None, "3", "发布重大建设项目批准和实施信息。", "每季度",
         [("县发展改革局", R), ("县自然资源局", R)]),
    ]),
    # 2. a number column the header does not name; continuation rows omit the merged category
    "pipe-number-column.txt": ("pipe-table", [
        ("主动公开", None, None, "1", "按要求公开本部门规章和规范性文件。", "全年", [("法规科", R)]),
        ("主动公开", None, None, "2", "及时调整主动公开目录，保持信息准确完整。", "6月底前", [("办公室", R)]),
        ("依申请公开", None, None, "3", "规范受理、办理、答复流程，按期答复。", "全年", [("办公室", R)]),
        ("依申请公开", None, None, "4", "建立依申请公开转主动公开工作机制。", "9月底前", [("办公室", R), ("法规科", R)]),
    ]),
    # 3. 序号 first, continuation rows omit the merged task column after it; content under 细化分工
    "pipe-seq-merged.txt": ("pipe-table", [
        ("深化决策公开", None, None, "1", "制定年度重大行政决策事项目录并向社会公布。", "3月底前", [("区司法局", R)]),
        ("深化决策公开", None, None, "2", "重大决策草案公开征求意见，期限一般不少于30日。", "全年", [("区政府各部门", R)]),
        ("优化政务服务公开", None, None, "3", "动态调整政务服务事项清单，及时更新办事指南。", "持续推进",
         [("区政务服务中心", R)]),
        ("优化政务服务公开", None, None, "4", "公开高频事项“一件事一次办”办理流程。", "6月底前",
         [("区政务服务中心", R), ("区数据局", R)]),
    ]),
    # 4. one cell per line under a two-line header, task texts with ASCII commas: not CSV
    "cells-with-commas.txt": ("cell-lines", [
        (None, None, None, "1", "细化工作要求,明确责任单位,落实完成时限,确保按时公开。", None, [("镇党政办", R)]),
        (None, None, None, "2", "公开镇级财政预决算,做好“三公”经费说明。", None, [("镇财政所", R)]),
        (None, None, None, "3", "公开低保、特困人员救助信息。", None, [("镇民政办", R)]),
    ]),
    # 5. unit blocks in 【】 and [], person labels, a deadline part, a first-unit-leads note,
    #    主要协作单位 / 承办单位 labels, a bare unit list, a 以下…不再单独列出 note, a bare heading line
    "prose-blocks.txt": ("prose", [
        ("加强政策解读", "做好政策文件解读", None, None,
         "做好政策文件解读。严格落实解读材料与政策文件同步起草、同步审签、同步发布。", None,
         [("市政府办公室", L), ("市司法局", R)]),
        ("加强政策解读", "丰富解读形式", None, None, "丰富解读形式。运用图表、视频等方式开展多元化解读。", "2024年12月底前",
         [("市委网信办", L), ("市政府各部门", R)]),
        ("优化政务服务", None, "便民服务", "1", "公开便民服务事项清单，动态更新办事指南。", None,
         [("市政务服务中心", L), ("市数据局", R)]),
        ("优化政务服务", None, "便民服务", "2", "推进“一网通办”，提升网上办理比例。", None,
         [("市公安局", C), ("市民政局", C)]),
        ("优化政务服务", None, "便民服务", "3", "做好12345热线数据分析。", None, [("市热线办", L)]),
    ]),
    # 6. hard-wrapped prose; a unit block on a line of its own
    "prose-wrapped.txt": ("prose", [
        ("推进决策公开", None, None, "1",
         "制定并公布区政府年度重大行政决策事项目录，对涉及群众切身利益的决策事项，广泛听取意见，"
         "及时公开决策结果和执行情况，接受社会监督。", None, [("区司法局", L), ("区政府各部门", C)]),
        ("推进决策公开", None, None, "2", "规范政府会议开放工作，邀请利益相关方、公众代表列席区政府常务会议。", None,
         [("区政府办公室", R)]),
        ("推进基层公开", None, None, "3", "深化基层政务公开标准化规范化建设，更新完善街道政务公开事项目录。", None,
         [("各街道办事处", R)]),
    ]),
    # 7. pinyin readings left by ruby text
    "prose-pinyin.txt": ("prose", [
        ("加强信息发布", None, None, "1", "及时公开区政府常务会议议定事项。", None, [("区政府办公室", R)]),
        ("加强信息发布", None, None, "2", "做好重点领域信息公开，按季度发布进展。", None, [("区财政局", R), ("区住建局", R)]),
    ]),
    # rule 13: 工作任务 spanning a category column and a short task name; a bare 时限 header;
    # rule 9: a first-unit-leads note in the unit header
    "span-header.html": ("html-table", [
        ("深化决策公开", "目录管理", None, None, "制定并公布年度重大行政决策事项目录。", "3月底前",
         [("区司法局", L), ("区政府办公室", R)]),
        ("深化决策公开", "意见征集", None, None, "决策草案公开征求意见不少于30日。", "全年", [("区政府各部门", L)]),
        ("优化政务服务", "办事指南", None, None, "动态更新政务服务事项办事指南。", "持续", [("区政务服务中心", L)]),
    ]),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shape_samples_give_their_records(name):
    style, expected = EXPECTED[name]
    records = parse(SAMPLES / name)
    got = [(r.category, r.section, r.item, r.seq, r.content, r.deadline, [(u.name, u.role) for u in r.units])
           for r in records]
    assert got == expected
    assert records[0].document.format in (style, "labelled-list")  # prose with labels may sniff as either


def _essence(records):
    return [(r.category, r.section, r.item, r.seq, "".join(r.content.split()), r.deadline, r.channels,
             [(u.name, u.role) for u in r.units]) for r in records]


@pytest.mark.parametrize("fmt,headers", [("csv", "en"), ("csv", "zh"), ("tsv", "en"), ("xlsx", "en"), ("xlsx", "zh")])
@pytest.mark.parametrize("name", ["pipe-table.txt", "cell-lines.txt", "prose-blocks.txt", "table.docx"])
def test_gwparse_reads_its_own_output_back(tmp_path, name, fmt, headers):
    """The CSV, TSV and xlsx gwparse writes (English or Chinese headers, the xlsx 单位 sheet
    included) read back as the same records."""
    from gwparse.writers import write_records

    records = parse(SAMPLES / name)
    out = tmp_path / f"out.{fmt}"
    with open(out, "wb") as f:
        write_records(records, fmt, f, headers=headers)
    assert _essence(parse(out)) == _essence(records)
