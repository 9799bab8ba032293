"""gwparse: parse Chinese government 政务公开 task plans into validated task records.

    >>> import gwparse
    >>> records = gwparse.parse("plan.docx")          # list[gwparse.TaskRecord]
    >>> rows = [r.model_dump() for r in records]
    >>> result = gwparse.parse_result("plan.docx")   # records, document, style, warnings
    >>> [w.message for w in result.warnings]          # [] when nothing looked wrong

Names are imported on first use, so ``import gwparse`` (and the CLI's
start-up) does not pay for pydantic and the parser until they are needed.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["parse", "parse_bytes", "parse_text", "parse_result", "parse_result_bytes", "parse_result_text",
           "ParseResult", "ParseWarning", "TaskRecord", "Unit", "Document", "GwparseError",
           "__version__"]

_HOMES = {
    "parse": "gwparse.pipeline",
    "parse_bytes": "gwparse.pipeline",
    "parse_text": "gwparse.pipeline",
    "parse_result": "gwparse.pipeline",
    "parse_result_bytes": "gwparse.pipeline",
    "parse_result_text": "gwparse.pipeline",
    "ParseResult": "gwparse.pipeline",
    "ParseWarning": "gwparse.checks",
    "TaskRecord": "gwparse.model",
    "Unit": "gwparse.model",
    "Document": "gwparse.model",
    "GwparseError": "gwparse.errors",
}

if TYPE_CHECKING:
    from gwparse.checks import ParseWarning
    from gwparse.errors import GwparseError
    from gwparse.model import Document, TaskRecord, Unit
    from gwparse.pipeline import (
        ParseResult,
        parse,
        parse_bytes,
        parse_result,
        parse_result_bytes,
        parse_result_text,
        parse_text,
    )

    __version__: str


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value: Any = version("gwparse")
        except PackageNotFoundError:  # running from a source tree that was never installed
            value = "0+unknown"
    elif name in _HOMES:
        import importlib

        value = getattr(importlib.import_module(_HOMES[name]), name)
    else:
        raise AttributeError(f"module 'gwparse' has no attribute {name!r}")
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
