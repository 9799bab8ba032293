"""OFD input: packages built in code (tests/page_builders.py), and the shared OFD seed plans."""
from __future__ import annotations

import re

import pytest

from builders import zip_bytes
from gwparse import parse_bytes
from gwparse.errors import GwparseError
from gwparse.readers.dispatch import read_bytes
from gwparse.readers.ofd import _deltas, _segments
from page_builders import OFD_NS, ofd_bytes, ofd_members
from plan_pages import EXPECTED, PARAGRAPHS, TITLE, plan_sheets, prose_sheet
from shared_seeds import seed_records


def test_ofd_table_across_two_pages_gives_the_plan():
    records = parse_bytes(ofd_bytes(plan_sheets()), "plan.ofd")
    assert [(r.category, r.seq, r.content, r.deadline, [(u.name, u.role) for u in r.units]) for r in records] == EXPECTED
    assert records[0].document.title == TITLE and records[0].document.format == "ofd-table"


def test_ofd_and_pdf_of_the_same_pages_give_the_same_grid():
    from page_builders import pdf_bytes

    ofd, pdf = read_bytes(ofd_bytes(plan_sheets()), "plan.ofd"), read_bytes(pdf_bytes(plan_sheets()), "plan.pdf")
    assert ofd.container == "ofd"
    assert [g.rows for g in ofd.grids] == [g.rows for g in pdf.grids]


def test_ofd_prose_gives_paragraphs():
    assert read_bytes(ofd_bytes([prose_sheet()]), "notice.ofd").text.split("\n") == PARAGRAPHS


def test_deltax_shorthand_and_a_jump_back():
    assert _deltas("g 3 2.5 -40 1") == [2.5, 2.5, 2.5, -40.0, 1.0]
    assert _deltas("") == []


def test_path_data_gives_straight_segments_only():
    from lxml import etree

    path = etree.fromstring(f'<ofd:PathObject xmlns:ofd="{OFD_NS}" Boundary="10 20 50 30">'
                            "<ofd:AbbreviatedData>M 0 0 L 50 0 L 50 30 B 1 2 3 4 5 6 L 0 0 C</ofd:AbbreviatedData>"
                            "</ofd:PathObject>")
    # the slanted L after the Bézier is dropped; C closes back to the start (10, 20)
    assert _segments(path) == [(10.0, 20.0, 60.0, 20.0), (60.0, 20.0, 60.0, 50.0), (10.0, 20.0, 10.0, 20.0)]


def test_ofd_with_a_dtd_is_refused():
    members = ofd_members(plan_sheets())
    members["Doc_0/Document.xml"] = members["Doc_0/Document.xml"].replace(
        "?>", '?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>', 1)
    with pytest.raises(GwparseError, match=r"^not a valid OFD file: Doc_0/Document\.xml declares a DOCTYPE/ENTITY"):
        read_bytes(ofd_bytes(members=members), "bomb.ofd")


@pytest.mark.parametrize(("change", "message"), [
    (lambda m: {k: v for k, v in m.items() if k != "Doc_0/Document.xml"}, r"Doc_0/Document\.xml is missing"),
    (lambda m: {**m, "Doc_0/Pages/Page_0/Content.xml": "<ofd:Page"}, r"not a valid OFD file: .+Content\.xml is damaged"),
    (lambda m: {**m, "OFD.xml": m["OFD.xml"].replace("Doc_0/Document.xml", "")}, r"names no DocRoot"),
    (lambda m: {k: re.sub(r"<ofd:TextObject.*?</ofd:TextObject>", "", v) for k, v in m.items()},
     r"an OFD file without text \(scanned pages or images only\); OCR it first"),
])
def test_damaged_ofd_is_refused_in_one_line(change, message):
    with pytest.raises(GwparseError, match=message) as err:
        read_bytes(ofd_bytes(members=change(ofd_members(plan_sheets()))), "broken.ofd")
    assert "\n" not in str(err.value)


def test_truncated_ofd_is_a_damaged_zip():
    with pytest.raises(GwparseError, match=r"a damaged or unsupported zip archive"):
        read_bytes(ofd_bytes(plan_sheets())[:200], "cut.ofd")


def test_a_zip_without_ofd_xml_is_not_taken_for_an_ofd():
    with pytest.raises(GwparseError, match="a zip archive that is not a Word, Excel, OpenDocument or OFD file"):
        read_bytes(zip_bytes({"Doc_0/Document.xml": "<x/>"}), "odd.zip")


@pytest.mark.parametrize("name", ["s000-print.ofd", "s002-print.ofd"])
def test_shared_seed_ofds_are_read(name):
    records = seed_records(name)
    assert records and records[0].document.format == "ofd-table"


def test_text_placed_through_a_ctm():
    """Writers that work in points give text a CTM scaling it to millimetres."""
    from lxml import etree

    from gwparse.readers.ofd import _glyphs

    k = 25.4 / 72
    obj = etree.fromstring(f'<ofd:TextObject xmlns:ofd="{OFD_NS}" Boundary="10 20 100 10" Size="10" '
                           f'CTM="{k} 0 0 {k} 0 0"><ofd:TextCode X="0" Y="8.8" DeltaX="10">公开</ofd:TextCode>'
                           "</ofd:TextObject>")
    first, second = _glyphs(obj)
    assert (first.text, second.text) == ("公", "开")
    assert abs(first.x0 - 10) < 1e-6 and abs(second.x0 - (10 + 10 * k)) < 1e-6
    assert abs(first.size - 10 * k) < 1e-6 and abs(first.top - 20) < 1e-6
