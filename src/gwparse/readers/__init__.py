"""Readers: bytes of a file → a ``Source`` (decoded text and/or grids).

One backend per container (``text``, ``docx``, ``html``, ``xlsx``, ``doc``);
``read_bytes`` sniffs the container by content, never by file extension.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from gwparse.grid import Grid

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(slots=True)
class Source:
    """What a reader found in one file."""

    name: str  # as the user gave it ('-' for stdin)
    container: str  # 'text', 'docx', 'html', 'xlsx'
    # Decoded text with odd spaces and line ends normalised (text.normalize_spaces),
    # as is every cell's text: the whole file for text inputs; for .docx/HTML the paragraphs
    # outside tables, one per line (title, 文号, and the body of a prose notice).
    text: str = ""
    # Tables found in the file, in document order (empty for text inputs).
    grids: list[Grid] = field(default_factory=list)
    # The page's text with every table's text in its place, one cell per line (HTML): what is
    # read when no table has a task header and the text outside them holds no task either (a
    # notice laid out in a table beside the site's menu).
    text_with_tables: str = ""
    encoding: str | None = None
