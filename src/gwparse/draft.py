"""The draft record extractors hand to the pipeline, before units are split."""
from __future__ import annotations

from dataclasses import dataclass, field

from gwparse.model import Role


@dataclass(slots=True)
class Draft:
    content: str
    category: str | None = None
    section: str | None = None
    item: str | None = None
    seq: str | None = None
    deadline: str | None = None
    channels: str | None = None  # raw channel text, split later
    # Unit texts as they stood, each with the role its column or label gives
    # units written without a role phrase.
    units: list[tuple[str, Role]] = field(default_factory=list)
    # A note said the first unit listed leads (RECORDS.md rule 9): its first unit becomes lead.
    first_leads: bool = False
