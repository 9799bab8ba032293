"""split_units against RECORDS.md, "Splitting the units": expected values written by hand from the spec."""
from __future__ import annotations

import re
from itertools import pairwise
from unittest.mock import patch

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gwparse.model import Unit
from gwparse.units import split_units


def pairs(text: str, default_role: str = "responsible") -> list[tuple[str, str]]:
    return [(unit.name, unit.role) for unit in split_units(text, default_role)]


def names(text: str, default_role: str = "responsible") -> list[str]:
    return [unit.name for unit in split_units(text, default_role)]


# --- examples from the spec, the corpus and the brief --------------------------------------------------

EXAMPLES = [
    ("工委（管委会）办公室牵头、管委会各部门", "responsible",
     [("工委（管委会）办公室", "lead"), ("管委会各部门", "responsible")]),
    ("县府办牵头，各镇（场）政府、县直各部门负责", "responsible",
     [("县府办", "lead"), ("各镇（场）政府", "responsible"), ("县直各部门", "responsible")]),
    ("区农业局、区住建局等部门及各镇〈街〉分别牵头负责落实", "responsible",
     [("区农业局", "lead"), ("区住建局", "lead"), ("各镇〈街〉", "lead")]),
    ("区政府办公室牵头，区政府各部门单位负责落实", "responsible",
     [("区政府办公室", "lead"), ("区政府各部门单位", "responsible")]),
    ("市发展改革委、市经济和信息化委、市财政局、市金融办、人行泰安市中心支行按职责分工分别牵头落实", "lead",
     [("市发展改革委", "lead"), ("市经济和信息化委", "lead"), ("市财政局", "lead"), ("市金融办", "lead"),
      ("人行泰安市中心支行", "lead")]),
    ("县财政局牵头，\n县直各部门负责", "lead", [("县财政局", "lead"), ("县直各部门", "responsible")]),
    ("行政审批局、规国局、建交局、科工局、安监局、财政局、环保局等相关部门", "responsible",
     [("行政审批局", "responsible"), ("规国局", "responsible"), ("建交局", "responsible"),
      ("科工局", "responsible"), ("安监局", "responsible"), ("财政局", "responsible"), ("环保局", "responsible")]),
    ("市经信局、市商务局、市交通局、市农业农村局、滁州经开区管委会、中新苏滁高新区管委会等，各县、市、区政府",
     "cooperate",
     [("市经信局", "cooperate"), ("市商务局", "cooperate"), ("市交通局", "cooperate"),
      ("市农业农村局", "cooperate"), ("滁州经开区管委会", "cooperate"), ("中新苏滁高新区管委会", "cooperate"),
      ("各县、市、区政府", "cooperate")]),
    ("区发改局、区级其他有关部门,各街道办事处", "responsible",
     [("区发改局", "responsible"), ("区级其他有关部门", "responsible"), ("各街道办事处", "responsible")]),
    ("区编办、区政管办等有关部门按职责分工分别牵头落实", "responsible", [("区编办", "lead"), ("区政管办", "lead")]),
    ("区环保局、区水务局等有关部门按职责分工分别负责落实", "lead",
     [("区环保局", "responsible"), ("区水务局", "responsible")]),
    ("区政府各有关部门单位按照职责分别负责落实", "lead", [("区政府各有关部门单位", "responsible")]),
    ("经济开发区、区政府各部门单位、各镇〈街〉负责落实", "lead",
     [("经济开发区", "responsible"), ("区政府各部门单位", "responsible"), ("各镇〈街〉", "responsible")]),
    ("区发改局、区财政局、区市场监管局等有关部门按职责分工分别牵头落实,区政府各有关部门单位具体配合落实",
     "responsible",
     [("区发改局", "lead"), ("区财政局", "lead"), ("区市场监管局", "lead"), ("区政府各有关部门单位", "cooperate")]),
    ("区环保局、区林业局分别牵头落实,各镇〈街〉按职责落实", "responsible",
     [("区环保局", "lead"), ("区林业局", "lead"), ("各镇〈街〉", "responsible")]),
    ("区政管办牵头负责落实,区政府各相关部门单位配合", "responsible",
     [("区政管办", "lead"), ("区政府各相关部门单位", "cooperate")]),
    ("区政管办、区政府法制办、区市场监管局、区国土资源分局、区住建局等有关部门负责落实", "lead",
     [("区政管办", "responsible"), ("区政府法制办", "responsible"), ("区市场监管局", "responsible"),
      ("区国土资源分局", "responsible"), ("区住建局", "responsible")]),
    ("县行政服务中心、县信息中心，各镇（场）政府、县直各部门", "lead",
     [("县行政服务中心", "lead"), ("县信息中心", "lead"), ("各镇（场）政府", "lead"), ("县直各部门", "lead")]),
    ("县府办，各镇（场）政府办公室", "lead", [("县府办", "lead"), ("各镇（场）政府办公室", "lead")]),
    ("各县（市、区）、市政府有关部门（单位）", "responsible",
     [("各县（市、区）", "responsible"), ("市政府有关部门（单位）", "responsible")]),
    ("区大数据发展管理中心区政府办公室、区级其他有关部门,各街道办事处", "responsible",
     [("区大数据发展管理中心", "responsible"), ("区政府办公室", "responsible"),
      ("区级其他有关部门", "responsible"), ("各街道办事处", "responsible")]),
    ("市资规局北仑分局、区房屋征收管理服务中心", "responsible",
     [("市资规局北仑分局", "responsible"), ("区房屋征收管理服务中心", "responsible")]),
    ("县国土资源局、市公共资源交易中心翁源分中心负责", "lead",
     [("县国土资源局", "responsible"), ("市公共资源交易中心翁源分中心", "responsible")]),
    ("区政府办公室(区疫情防控办)、区卫生健康局", "responsible",
     [("区政府办公室(区疫情防控办)", "responsible"), ("区卫生健康局", "responsible")]),
    ("党建工作部（机构编制科）牵头", "responsible", [("党建工作部（机构编制科）", "lead")]),
    ("市发展改革委。", "lead", [("市发展改革委", "lead")]),
    ("县委宣传部牵头，县府办、各镇（场）政府、各镇（场）政府、县直各部门负责", "responsible",
     [("县委宣传部", "lead"), ("县府办", "responsible"), ("各镇（场）政府", "responsible"),
      ("县直各部门", "responsible")]),
]


@pytest.mark.parametrize(("text", "default_role", "expected"), EXAMPLES)
def test_examples(text, default_role, expected):
    assert pairs(text, default_role) == expected


def test_returns_frozen_units():
    [unit] = split_units("县财政局负责")
    assert unit == Unit(name="县财政局", role="responsible")


# --- rule 1: cutting ------------------------------------------------------------------------------------

@pytest.mark.parametrize("separator", ["、", "，", ",", "；", ";", "\n", "\r\n", "及", "以及"])
def test_rule1_cuts_at_every_separator(separator):
    assert names(f"区财政局{separator}区民政局") == ["区财政局", "区民政局"]


@pytest.mark.parametrize("opening,closing", ["（）", "()", "〈〉", "《》", "【】", "〔〕", "“”"])
def test_rule1_never_cuts_inside_brackets(opening, closing):
    name = f"区政府{opening}甲、乙，丙；丁及戊{closing}办公室"
    assert names(f"{name}、区民政局") == [name, "区民政局"]


def test_rule7_a_tortoise_shell_bracket_stays_in_the_name_before_a_role_phrase():
    # rule 7: 市府办〔市大数据局〕; the bracket must not hide the role phrase after it either
    assert pairs("县政府办〔县政务公开办、县大数据局〕牵头，县直各部门配合") == [
        ("县政府办〔县政务公开办、县大数据局〕", "lead"), ("县直各部门", "cooperate")]


def test_rule1_a_line_break_inside_brackets_is_a_wrap():
    assert names("各镇（\n场）政府、县直各部门") == ["各镇（场）政府", "县直各部门"]


def test_rule1_an_unmatched_bracket_is_plain_text():
    assert names("区财政局（区税务局、区民政局") == ["区财政局（区税务局", "区民政局"]


@pytest.mark.parametrize("group", ["各县、市、区政府", "各县、市、区", "各县、区人民政府", "各镇、街道", "市、县（区）政府"])
def test_rule1_one_character_levels_sharing_a_tail_are_one_group(group):
    assert names(f"{group}、区民政局") == [group, "区民政局"]


def test_rule1_a_level_not_sharing_a_tail_is_cut():
    assert names("各镇、县直各部门") == ["各镇", "县直各部门"]
    assert names("各县、区财政局") == ["各县", "区财政局"]


def test_rule1_he_is_not_a_cut():
    assert names("市经济和信息化委、市住房和城乡建设局") == ["市经济和信息化委", "市住房和城乡建设局"]


# --- rule 2: role phrases --------------------------------------------------------------------------------

@pytest.mark.parametrize(("phrase", "role"), [
    ("牵头", "lead"), ("牵头落实", "lead"), ("牵头负责", "lead"), ("牵头负责落实", "lead"),
    ("分别牵头落实", "lead"), ("按职责分工分别牵头落实", "lead"),
    ("配合", "cooperate"), ("配合落实", "cooperate"), ("具体配合落实", "cooperate"),
    ("协助", "cooperate"), ("协同", "cooperate"), ("参与", "cooperate"),
    ("负责", "responsible"), ("负责落实", "responsible"), ("落实", "responsible"), ("分别负责", "responsible"),
    ("按职责落实", "responsible"), ("按照职责分别负责落实", "responsible"),
    ("按职责分工分别负责落实", "responsible"),
])
def test_rule2_role_phrases(phrase, role):
    default = "cooperate" if role != "cooperate" else "lead"
    assert pairs(f"区财政局、区民政局{phrase}", default) == [("区财政局", role), ("区民政局", role)]


def test_rule2_phrase_covers_only_units_since_the_previous_phrase():
    assert pairs("区财政局牵头，区民政局、区教育局配合，区审计局负责") == [
        ("区财政局", "lead"), ("区民政局", "cooperate"), ("区教育局", "cooperate"), ("区审计局", "responsible")]


def test_rule2_phrase_standing_alone_applies_to_the_units_before_it():
    assert pairs("县府办、县财政局，负责", "lead") == [("县府办", "responsible"), ("县财政局", "responsible")]


def test_rule2_role_words_inside_a_name_stay():
    assert pairs("区落实办公室、区参与式预算中心", "lead") == [("区落实办公室", "lead"), ("区参与式预算中心", "lead")]


def test_rule2_space_after_a_role_phrase_ends_the_piece():
    assert pairs("县财政局牵头 县直各部门负责") == [("县财政局", "lead"), ("县直各部门", "responsible")]


# --- rule 3: default role --------------------------------------------------------------------------------

@pytest.mark.parametrize("default_role", ["lead", "responsible", "cooperate"])
def test_rule3_units_after_the_last_phrase_take_the_default(default_role):
    assert pairs("区财政局牵头，区民政局", default_role) == [("区财政局", "lead"), ("区民政局", default_role)]


def test_rule3_default_is_responsible():
    assert pairs("区民政局") == [("区民政局", "responsible")]


# --- rule 4: what a name loses and keeps ------------------------------------------------------------------

@pytest.mark.parametrize("tail", ["等", "等部门", "等有关单位", "等相关区直部门", "等相关部门", "等有关部门（单位）"])
def test_rule4_open_tail_is_dropped(tail):
    assert names(f"区财政局、区民政局{tail}") == ["区财政局", "区民政局"]


@pytest.mark.parametrize("qualifier", ["按职责分工", "按照职责", "按职责", "分别", "具体"])
def test_rule4_qualifiers_are_dropped(qualifier):
    assert names(f"区财政局{qualifier}") == ["区财政局"]


@pytest.mark.parametrize("group", ["管委会各部门", "县直各部门", "区级其他有关部门", "市政府有关部门（单位）",
                                   "区政府各有关部门单位", "各镇（场）政府办公室", "各镇〈街〉"])
def test_rule4_group_names_are_units(group):
    assert names(f"{group}负责") == [group]


def test_rule4_open_tail_does_not_reach_into_brackets():
    assert names("区财政局（其他等）部门") == ["区财政局（其他等）部门"]


def test_rule4_final_full_stop_is_dropped():
    assert names("区财政局负责落实。") == ["区财政局"]


def test_rule4_deng_inside_a_word_is_kept():
    assert names("市高等教育局") == ["市高等教育局"]


def test_rule4_pieces_that_are_no_unit_are_dropped():
    assert names("区财政局、、 ，等，。；区") == ["区财政局"]


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "，、", "负责落实"])
def test_rule4_nothing_to_split(text):
    assert split_units(text) == []


def test_rule4_whitespace_is_stripped():
    assert names("  区政府办公室、 区大数据发展管理中心\t") == ["区政府办公室", "区大数据发展管理中心"]


# --- rule 5: units written with no separator --------------------------------------------------------------

@pytest.mark.parametrize(("glued", "expected"), [
    ("区大数据发展管理中心区政府办公室", ["区大数据发展管理中心", "区政府办公室"]),
    ("市委办公室市政府办公室市财政局", ["市委办公室", "市政府办公室", "市财政局"]),
    ("区委宣传部区政府新闻办", ["区委宣传部", "区政府新闻办"]),
    ("县府办县直各部门", ["县府办", "县直各部门"]),
    ("区政府办公室(区疫情防控办)区卫生健康局", ["区政府办公室(区疫情防控办)", "区卫生健康局"]),
    ("区民政局街道办事处", ["区民政局", "街道办事处"]),
])
def test_rule5_glued_units_are_split(glued, expected):
    assert names(glued) == expected


@pytest.mark.parametrize("name", [
    "市资规局北仑分局", "市公共资源交易中心翁源分中心", "市政府办公室", "区政府新闻办", "区委宣传部", "县委办",
    "市区", "区委区政府办公室", "人行泰安市中心支行", "中新苏滁高新区管委会", "区政府办公室(区疫情防控办)",
    "市国土资源局县分局", "区科技局市场处", "区市场监管局", "各县、市、区政府", "市水利渔业局局",
])
def test_rule5_real_names_are_not_split(name):
    assert names(name) == [name]


# --- rule 6: duplicates --------------------------------------------------------------------------------------

def test_rule6_a_unit_named_twice_keeps_its_first_role():
    assert pairs("区财政局牵头，区民政局、区财政局配合") == [("区财政局", "lead"), ("区民政局", "cooperate")]


# --- properties ----------------------------------------------------------------------------------------------

LEVELS = "区市县镇"
PLAIN_NAMES = st.builds(
    "".join,
    st.tuples(st.sampled_from(["区", "市", "县", "镇", ""]),
              st.sampled_from(["财政", "发改", "大数据发展管理", "政府", "住房和城乡建设", "经济和信息化", "人社"]),
              st.sampled_from(["局", "委", "办", "中心", "办公室", "分局"])),
).filter(lambda name: len(name) >= 3)
GROUP_NAMES = st.sampled_from([
    "各县（市、区）", "县直各部门", "管委会各部门", "区级其他有关部门", "各镇〈街〉", "各县、市、区政府",
    "市政府有关部门（单位）", "工委（管委会）办公室", "市资规局北仑分局", "各镇（场）政府", "区政府各有关部门单位",
])
BRACKETED_NAMES = st.builds(
    lambda base, pair, inner, tail: f"{base}{pair[0]}{'、'.join(inner)}{pair[1]}{tail}",
    PLAIN_NAMES, st.sampled_from(["（）", "()", "〈〉", "《》", "【】", "“”"]),
    st.lists(st.sampled_from(["市", "区", "县", "场", "管委会", "疫情防控办"]), min_size=2, max_size=4),
    st.sampled_from(["", "办公室", "政府"]),
)
UNIT_NAMES = st.one_of(PLAIN_NAMES, GROUP_NAMES, BRACKETED_NAMES)
SEPARATORS = st.sampled_from(["、", "，", ",", "；", ";", "\n", "及"])
ROLE_PHRASES = st.sampled_from(["", "", "牵头", "负责落实", "配合", "按职责分工分别牵头落实", "等有关部门"])
ARBITRARY_ALPHABET = LEVELS + "各局办委中心室府部直有关门单位等及和牵头负责落实配合分别按职责（）()〈〉“”、，,；;。 \n"


@st.composite
def unit_texts(draw):
    """A unit cell written the way plans write them: names, separators, role phrases."""
    parts = []
    for name in draw(st.lists(UNIT_NAMES, min_size=1, max_size=8)):
        parts.append(name + draw(ROLE_PHRASES) + draw(SEPARATORS))
    return "".join(parts)


@given(st.lists(UNIT_NAMES, min_size=1, max_size=8, unique=True), SEPARATORS)
def test_property_listed_names_come_back_unchanged(written, separator):
    assert names(separator.join(written)) == written


@given(st.lists(BRACKETED_NAMES, min_size=1, max_size=5, unique=True), st.lists(SEPARATORS, min_size=5, max_size=5))
def test_property_never_cuts_inside_brackets(bracketed, separators):
    text = "".join(name + separator for name, separator in zip(bracketed, separators, strict=False))
    assert names(text) == bracketed


@given(st.one_of(unit_texts(), st.text(alphabet=ARBITRARY_ALPHABET), st.text()))
def test_property_every_name_occurs_in_the_text(text):
    squeezed = re.sub(r"\s", "", text)
    for unit in split_units(text):
        assert unit.name in squeezed


@given(unit_texts(), st.sampled_from(["lead", "responsible", "cooperate"]))
def test_property_idempotent_on_unit_texts(text, default_role):
    once = names(text, default_role)
    assert names("、".join(once), default_role) == once


LEVEL_RUN_END = re.compile(rf"(?:^各?|、)[{LEVELS}]$")


@given(st.text(alphabet=ARBITRARY_ALPHABET))
def test_property_idempotent_on_arbitrary_text(text):
    once = names(text)
    # Joined by 、, a bare level such as 各县 and a following 市政府 become the group 各县、市政府 (rule 1).
    assume(not any(LEVEL_RUN_END.search(a) and b[0] in LEVELS for a, b in pairwise(once)))
    assert names("、".join(once)) == once


@given(st.text(), st.sampled_from(["lead", "responsible", "cooperate"]))
def test_property_never_raises(text, default_role):
    for unit in split_units(text, default_role):
        assert isinstance(unit, Unit) and unit.name == unit.name.strip() and unit.name


# Notations the spec does not list, seen in real plans: labels before units, role notes in brackets,
# and a leading 由. Expected values written by hand.
@pytest.mark.parametrize("text,expected", [
    ("区财政局（牵头）、区审计局", [("区财政局", "lead"), ("区审计局", "responsible")]),
    ("区发改局（牵头）、区财政局（配合）、各街道",
     [("区发改局", "lead"), ("区财政局", "cooperate"), ("各街道", "responsible")]),
    ("牵头：区财政局\n配合：各街道", [("区财政局", "lead"), ("各街道", "cooperate")]),
    ("牵头单位：区财政局；配合单位：各街道、各社区",
     [("区财政局", "lead"), ("各街道", "cooperate"), ("各社区", "cooperate")]),
    ("由区财政局牵头，各部门配合", [("区财政局", "lead"), ("各部门", "cooperate")]),
])
def test_labels_role_notes_and_leading_by(text, expected):
    assert [(u.name, u.role) for u in split_units(text)] == expected


# --- speed-ups in units.py: memoised pieces and units, a shortcut for the common cell ---------------------
# None of them may change an answer; these pin the facts each one relies on.

from gwparse import units  # noqa: E402

TAIL_PATTERNS = {pattern for patterns in units._TAILS_ENDING_IN.values() for pattern in patterns}
PIECE_ALPHABET = ARBITRARY_ALPHABET.replace("\n", "") + "。．.具体工协助同参与照分高中初"  # pieces hold no line break


@given(st.lists(unit_texts(), min_size=1, max_size=5), st.sampled_from(["lead", "responsible", "cooperate"]))
def test_memoised_pieces_and_units_do_not_change_answers(texts, default_role):
    cold = []
    for text in texts:
        units.clear_caches()
        cold.append(pairs(text, default_role))
    units.clear_caches()
    assert [pairs(text, default_role) for text in texts] == cold  # the later texts reuse earlier pieces


CUT_ALPHABET = ARBITRARY_ALPHABET + "街道场乡省由：:〉》】”（（\r\u3000"


@given(st.text(alphabet=CUT_ALPHABET))
def test_a_cell_whose_cut_pieces_all_stand_alone_is_cut_at_every_separator(text):
    cut = units._SEPARATOR.split(text)
    assume(not text.startswith("由") and all(map(units._stands_alone, cut)))
    assert units._segments(units._normalise(text), "lead") == [(text, "lead")]
    assert units._pieces(text) == cut


@given(st.one_of(unit_texts(), st.text(alphabet=CUT_ALPHABET)), st.sampled_from(["lead", "responsible", "cooperate"]))
def test_the_shortcut_for_cells_cut_at_every_separator_changes_no_answer(text, default_role):
    units.clear_caches()
    quick = pairs(text, default_role)
    units.clear_caches()
    with patch.object(units, "_read_cut_piece", lambda piece: None):  # every cell takes the careful path
        careful = pairs(text, default_role)
    assert quick == careful


@pytest.mark.parametrize(("piece", "alone"), [
    ("区财政局", True), ("区财政局（牵头）", True), ("各县（市", False), ("区）", True), ("", True),
    ("各县", False), ("街道", False), ("区政府", True), ("区 财政局", False), ("牵头单位：区财政局", False),
])
def test_which_pieces_stand_alone(piece, alone):
    assert units._stands_alone(piece) is alone


TAILS = st.sampled_from([*units._ROLE_OF_PHRASE, "按职责分工", "按照职责", "按职责", "分别", "具体", "等", "等部门",
                         "等有关单位", "等有关部门（单位）", "。", "．", "."])
PIECES = st.one_of(st.text(alphabet=PIECE_ALPHABET),
                   st.builds(lambda head, tails: head + "".join(tails), st.text(alphabet=PIECE_ALPHABET, max_size=6),
                             st.lists(TAILS, max_size=3)))


@given(PIECES)
def test_a_tail_is_looked_up_by_its_last_character_and_is_the_only_one_there(text):
    found = [pattern for pattern in TAIL_PATTERNS if pattern.search(text)]
    assert len(found) <= 1
    assert all(pattern in units._TAILS_ENDING_IN[text[-1]] for pattern in found)


@pytest.mark.parametrize("text,names", [
    ("区财政局，2024年6月底前", ["区财政局"]), ("区财政局、6月底前完成", ["区财政局"]), ("全年", []),
    ("月湖区人民政府", ["月湖区人民政府"]), ("长沙县财政局", ["长沙县财政局"]), ("上城区人民政府、下城区", ["上城区人民政府", "下城区"]),
])
def test_a_deadline_written_among_the_units_is_no_unit(text, names):
    assert [u.name for u in split_units(text)] == names
