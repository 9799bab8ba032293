"""Properties of the whole text pipeline: any text gives valid records or a GwparseError.

The unit splitter's own properties live beside its rules in tests/test_units.py
and are not repeated here: ``test_property_never_cuts_inside_brackets``,
``test_property_every_name_occurs_in_the_text`` (after removing whitespace),
``test_property_idempotent_on_unit_texts`` / ``…_on_arbitrary_text`` and
``test_property_never_raises``.

Records are checked against schemas/task-record.schema.json by a small
validator for the keywords that schema uses (jsonschema is not a dependency;
when it happens to be installed it checks too), and must survive a
``TaskRecord.model_validate(record.model_dump())`` round trip.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwparse.errors import GwparseError
from gwparse.model import TaskRecord
from gwparse.pipeline import parse_text
from gwparse.sniff import STYLES
from gwparse.writers import dumps

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "schemas" / "task-record.schema.json")
                    .read_text(encoding="utf-8"))

# -- a validator for the JSON Schema keywords the record schema uses ----------------------------

_ANNOTATIONS = {"$schema", "$defs", "title", "description", "default"}
_CHECKED = {"type", "properties", "required", "additionalProperties", "items", "anyOf", "enum", "pattern",
            "minLength", "$ref"}
_TYPES = {"string": str, "integer": int, "array": list, "object": dict, "null": type(None), "boolean": bool}


def schema_errors(value: Any, schema: dict, root: dict = SCHEMA, at: str = "$") -> list[str]:
    """Why ``value`` does not fit ``schema`` (empty when it does)."""
    unknown = set(schema) - _ANNOTATIONS - _CHECKED
    assert not unknown, f"the schema uses {unknown}: teach schema_errors() to check them"
    if "$ref" in schema:
        assert schema["$ref"].startswith("#/$defs/")
        return schema_errors(value, root["$defs"][schema["$ref"].removeprefix("#/$defs/")], root, at)
    if "anyOf" in schema:
        if any(not schema_errors(value, option, root, at) for option in schema["anyOf"]):
            return []
        return [f"{at}: {value!r} fits none of {schema['anyOf']}"]
    errors: list[str] = []
    if "type" in schema:
        expected = _TYPES[schema["type"]]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            return [f"{at}: {value!r} is not of type {schema['type']}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{at}: {value!r} not in {schema['enum']}")
    if "minLength" in schema and len(value) < schema["minLength"]:
        errors.append(f"{at}: {value!r} is shorter than {schema['minLength']}")
    if "pattern" in schema and not re.search(schema["pattern"], value, re.ASCII):  # ECMA-262: \d is [0-9]
        errors.append(f"{at}: {value!r} does not match {schema['pattern']}")
    if "items" in schema:
        for i, item in enumerate(value):
            errors += schema_errors(item, schema["items"], root, f"{at}[{i}]")
    if "required" in schema:
        errors += [f"{at}: {key} is missing" for key in schema["required"] if key not in value]
    if "properties" in schema:
        for key, item in value.items():
            if key in schema["properties"]:
                errors += schema_errors(item, schema["properties"][key], root, f"{at}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{at}: unexpected key {key}")
    return errors


def _jsonschema_validator():
    try:
        import jsonschema
    except ImportError:
        return None
    return jsonschema.Draft202012Validator(SCHEMA)


JSONSCHEMA = _jsonschema_validator()


def assert_valid(record: TaskRecord) -> None:
    assert isinstance(record, TaskRecord)
    data = json.loads(record.model_dump_json())
    assert schema_errors(data, SCHEMA) == []
    if JSONSCHEMA is not None:
        JSONSCHEMA.validate(data)
    assert TaskRecord.model_validate(record.model_dump()) == record


def test_the_validator_catches_what_the_schema_forbids():
    good = {"category": None, "section": None, "item": None, "seq": "3", "title": None, "content": "公开目录。",
            "deadline": None, "channels": [], "units": [{"name": "区财政局", "role": "lead"}], "units_raw": None,
            "document": {"source": "a.txt", "title": None, "year": 2023, "doc_no": None, "issuer": None,
                         "date": "2023-03-01", "format": "prose", "script": "simplified"}}
    assert schema_errors(good, SCHEMA) == []
    bad = [("seq", "3a"), ("seq", "１"), ("content", ""), ("units", [{"name": "", "role": "lead"}]),
           ("units", [{"name": "x", "role": "owner"}]), ("channels", "网站"), ("extra", 1)]
    for key, value in bad:
        assert schema_errors({**good, key: value}, SCHEMA), key
    assert schema_errors({**good, "document": {**good["document"], "year": "2023"}}, SCHEMA)
    assert schema_errors({**good, "document": {**good["document"], "date": "2023/03/01"}}, SCHEMA)
    assert schema_errors({k: v for k, v in good.items() if k != "units_raw"}, SCHEMA)


# -- text that looks like plans, and text that does not ---------------------------------------

PLAN_ALPHABET = ("\t\n |｜,，、；;：:。.（）()【】〔〕“”\"《》-—0123456789一二三四五六七八九十"
                 "序号工作任务内容要点具体要求责任单位牵头配合协同负责落实完成时限公开方式时间月底前全年"
                 "县市区镇街道政府办公室财政局发改委大数据中心各有关部门等及和按职责分工分别繁體單位負責")
FRAGMENTS = st.sampled_from([
    "一、", "二、", "（一）", "（二）", "1.", "2、", "(3)", "①", "\t", "\n", "\n\n", " | ", "|", "，", ",", "、", "；",
    "。", "：", "序号", "工作任务", "具体内容", "责任单位", "牵头单位：", "配合单位：", "责任单位：", "完成时限：",
    "公开方式", "6月底前", "全年", "推进政务公开标准化建设", "做好政策解读", "区财政局", "县发改委", "各镇（街道）",
    "区政府办公室牵头，各部门配合", "（区财政局负责落实）", "（责任单位：县统计局；完成时限：12月底前）",
    "等有关单位", "按职责分工负责", "（", "）", "(", ")", "【", "】", "\"", "\t\t", "||", "\r\n", "\u3000", "\xa0",
])
PLAN_LIKE = st.one_of(
    st.text(alphabet=PLAN_ALPHABET, max_size=400),
    st.lists(FRAGMENTS, max_size=120).map("".join),
    st.lists(st.one_of(FRAGMENTS, st.text(alphabet=PLAN_ALPHABET, max_size=8)), max_size=80).map("".join),
)
WORDS = "推进政务公开标准化建设做好政策解读及时回应关切更新主动公开目录规范依申请办理加强平台管理财政预算决算信息"
UNIT_NAMES = st.sampled_from(["区财政局", "县发改委", "市大数据发展管理中心", "区政府办公室", "各镇（街道）", "县直各部门",
                              "各县（市、区）", "区统计局", "市司法局", "区政府各有关部门"])
UNIT_TEXTS = st.lists(st.tuples(UNIT_NAMES, st.sampled_from(["", "", "牵头", "配合", "负责", "负责落实", "等有关单位"]),
                                st.sampled_from(["、", "，", "；", ""])), min_size=1, max_size=4).map(
    lambda parts: "".join(name + role + sep for name, role, sep in parts).rstrip("、，；"))
CONTENTS = st.one_of(st.text(alphabet=WORDS + "，。；、（）0123456789", min_size=1, max_size=40),
                     st.text(alphabet=PLAN_ALPHABET, min_size=1, max_size=20))
ENUMERATORS = st.sampled_from(["", "", "1.", "2、", "（1）", "(2)", "①", "③", "一、", "（二）", "第三，", "１．"])
HEADERS = st.sampled_from([("序号", "工作任务", "责任单位"), ("序号", "具体内容", "牵头单位", "配合单位", "完成时限"),
                           ("工作任务", "任务内容", "责任部门", "公开方式"), ("编号", "主要工作", "责任单位", "时间要求")])
LAYOUTS = ("pipe", "tab-rows", "csv", "tab-cells", "cell-lines", "prose", "labelled")


def _render(layout: str, header: tuple[str, ...], rows: list[list[str]]) -> str:
    if layout == "pipe":
        return "\n".join("| " + " | ".join(r) + " |" for r in [list(header), *rows])
    if layout == "tab-rows":
        return "\n".join("\t".join(r) for r in [list(header), *rows])
    if layout == "csv":
        import csv
        import io

        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([header, *rows])
        return buf.getvalue()
    if layout == "tab-cells":
        return "\n\n".join("\n".join("\t" + cell for cell in r) for r in [list(header), *rows])
    if layout == "cell-lines":
        return "\n|\n".join("\n".join(r) for r in [list(header), *rows])
    if layout == "prose":
        return "\n".join(f"{r[0]}{r[1]}（{r[2]}负责）" for r in rows)
    return "\n".join(f"{r[0]}{r[1]}\n牵头单位：{r[2]}\n责任单位：{r[-1]}" for r in rows)  # labelled


@st.composite
def plans(draw) -> str:
    """A plan in one of the text layouts, with random cells, headings and a few stray fragments."""
    header = draw(HEADERS)
    rows = []
    for i in range(draw(st.integers(1, 8))):
        row = [draw(ENUMERATORS) or str(i + 1)] + [draw(CONTENTS) for _ in header[1:]]
        for k, name in enumerate(header):
            if name.endswith(("单位", "部门")):
                row[k] = draw(UNIT_TEXTS)
        rows.append(row)
    lines = _render(draw(st.sampled_from(LAYOUTS)), header, rows).split("\n")
    for _ in range(draw(st.integers(0, 3))):  # headings, blank lines, debris between the rows
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.one_of(FRAGMENTS, st.sampled_from(["一、总体要求", "（一）加强组织领导", "", "附件"]))))
    title = draw(st.sampled_from(["", "示例区2023年政务公开工作要点\n", "示例市人民政府办公室关于印发2024年政务公开重点任务的通知\n"]))
    return title + "\n".join(lines)


PLAN_LIKE = st.one_of(PLAN_LIKE, plans(), plans())
SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse_or_refuse(text: str, style: str | None = None) -> list[TaskRecord]:
    """parse_text's records; a GwparseError must carry a one-line reason. Anything else fails the test."""
    try:
        records = parse_text(text, style)
    except GwparseError as e:
        assert str(e) and "\n" not in str(e) and "Traceback" not in str(e)
        return []
    assert isinstance(records, list)
    for record in records:
        assert_valid(record)
        assert record.content.strip()
        assert record.document.format in STYLES
    return records


@SETTINGS
@given(PLAN_LIKE)
def test_plan_like_text_gives_valid_records_or_a_gwparse_error(text):
    parse_or_refuse(text)


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_unicode_gives_valid_records_or_a_gwparse_error(text):
    parse_or_refuse(text)


@SETTINGS
@given(PLAN_LIKE, st.sampled_from(STYLES))
def test_every_forced_style_gives_valid_records_or_a_gwparse_error(text, style):
    parse_or_refuse(text, style)


@settings(max_examples=100, deadline=None)
@given(st.one_of(PLAN_LIKE, st.text(max_size=200)), st.booleans())
def test_keep_script_records_are_valid_too(text, keep_script):
    try:
        records = parse_text(text, keep_script=keep_script)
    except GwparseError:
        return
    for record in records:
        assert_valid(record)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
@settings(max_examples=60, deadline=None)
@given(text=PLAN_LIKE)
def test_writers_take_whatever_records_the_parser_gives(fmt, text):
    records = parse_or_refuse(text)
    out = dumps(records, fmt)
    if fmt == "json":
        assert [TaskRecord.model_validate(r) for r in json.loads(out)] == records
    elif fmt == "jsonl":
        assert [TaskRecord.model_validate_json(line) for line in out.splitlines()] == records
    elif fmt == "tsv":
        assert len(out.decode("utf-8").split("\n")) == len(records) + 2  # header, rows, final newline


@pytest.mark.parametrize("text", ["①做好重大决策预公开。（区发改局负责）\n②做好政策解读。（区司法局牵头）",
                                  "①做好重大决策预公开。\n责任单位：区发改局\n②做好政策解读。\n责任单位：区司法局"],
                         ids=["prose", "labelled-list"])
def test_circled_task_numbers_are_no_error(text):
    records = parse_text(text)
    assert [r.seq for r in records] in (["1", "2"], [None, None])


@pytest.mark.parametrize("text", ["１２．做好重大决策预公开。（区发改局负责）", "１２．做好政策解读。\n责任单位：区司法局"],
                         ids=["prose", "labelled-list"])
def test_full_width_task_numbers_become_ascii_seq(text):
    [record] = parse_text(text)
    assert record.seq == "12"
