"""The shared PDF/OFD/.xls seed plans (../shared/containers-pdf beside the clone), or a skip."""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED_PDF = Path(__file__).resolve().parents[2] / "shared" / "containers-pdf"


def seed_records(name: str):
    """The records gwparse reads from seed document ``name``; skips where ../shared is absent."""
    from gwparse import parse_bytes

    path = SHARED_PDF / "docs" / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (the shared seed plans sit beside the clone)")
    return parse_bytes(path.read_bytes(), name)
