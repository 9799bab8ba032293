"""The committed JSON Schema is what gwparse.model generates, and records fit it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from gwparse.model import Document, TaskRecord, Unit
from gwparse.schema import record_schema, render_schema

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schemas" / "task-record.schema.json"


def test_committed_schema_is_up_to_date():
    assert SCHEMA_FILE.exists(), "run `make schema`"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render_schema(), (
        "schemas/task-record.schema.json is stale: run `make schema` and commit it")


def test_schema_is_draft_2020_12_and_every_field_is_required():
    schema = record_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["required"]) == set(TaskRecord.model_fields)
    assert set(schema["$defs"]["Document"]["required"]) == set(Document.model_fields)
    assert set(schema["$defs"]["Unit"]["required"]) == set(Unit.model_fields)
    assert schema["additionalProperties"] is False


def test_a_written_record_has_exactly_the_schema_keys():
    record = TaskRecord(content="更新目录。", units=[Unit(name="区政府办公室", role="lead")],
                        document=Document(source="a.txt", format="prose", script="simplified"))
    data = json.loads(record.model_dump_json())
    schema = record_schema()
    assert list(data) == list(schema["properties"])
    assert list(data["document"]) == list(schema["$defs"]["Document"]["properties"])
    assert list(data["units"][0]) == list(schema["$defs"]["Unit"]["properties"])


def test_module_main_writes_the_file(tmp_path):
    out = tmp_path / "schema.json"
    subprocess.run([sys.executable, "-m", "gwparse.schema", str(out)], check=True)
    assert out.read_text(encoding="utf-8") == render_schema()
