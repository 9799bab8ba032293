"""The JSON Schema of a task record, generated from ``gwparse.model``.

``schemas/task-record.schema.json`` is this module's output, committed so that
users of the records need not install gwparse; ``make schema`` regenerates it
and ``tests/test_schema.py`` fails when it is stale.

    python -m gwparse.schema [OUT]     # write OUT (default: print)
"""
from __future__ import annotations

import json
import sys
from typing import Any

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def record_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every record gwparse writes is valid against.

    Written records carry every field (``null`` when unknown), so every
    property is required: consumers can rely on the keys being there.
    """
    from gwparse.model import TaskRecord

    schema = TaskRecord.model_json_schema(mode="serialization")
    for obj in [schema, *schema.get("$defs", {}).values()]:
        if "properties" in obj:
            obj["required"] = list(obj["properties"])
    return {"$schema": SCHEMA_DIALECT, **schema}


def render_schema() -> str:
    """The schema file's exact text: stable key order, UTF-8, trailing newline."""
    return json.dumps(record_schema(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    text = render_schema()
    if not args or args[0] == "-":
        sys.stdout.write(text)
        return
    from gwparse.writers import AtomicFile

    with AtomicFile(args[0]) as out:
        out.file.write(text.encode("utf-8"))
        out.commit()


if __name__ == "__main__":
    main()
