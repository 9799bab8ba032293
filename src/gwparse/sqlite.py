"""Records into a SQLite database (stdlib sqlite3): tables documents, tasks and units.

A batch is one transaction: ``SqliteWriter.close`` commits it, ``discard``
(an error, Ctrl-C) rolls it back, so the database holds every document of a
batch or none of it. A document is keyed by its ``source``: loading it again
replaces its rows (and its tasks' units), so re-running a folder does not
duplicate anything; ``records_sha256`` tells whether its records changed.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from gwparse.errors import GwparseError

if TYPE_CHECKING:
    from gwparse.model import TaskRecord

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    records_sha256 TEXT NOT NULL,
    title TEXT, year INTEGER, doc_no TEXT, issuer TEXT, date TEXT, format TEXT, script TEXT,
    loaded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS tasks (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    category TEXT, section TEXT, item TEXT, seq TEXT, title TEXT,
    content TEXT NOT NULL, deadline TEXT,
    channels TEXT NOT NULL,  -- a JSON array
    units_raw TEXT,
    UNIQUE (document_id, position)
);
CREATE TABLE IF NOT EXISTS units (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('lead', 'responsible', 'cooperate')),
    PRIMARY KEY (task_id, position)
);
CREATE INDEX IF NOT EXISTS units_name ON units(name);
CREATE INDEX IF NOT EXISTS units_role ON units(role, name);
CREATE INDEX IF NOT EXISTS documents_issuer ON documents(issuer);
"""


class SqliteWriter:
    """Appends documents to the database at ``path`` (created if missing) in one transaction."""

    def __init__(self, path: str):
        import os
        import sqlite3

        self.path = path
        self.created = not os.path.exists(path)
        self.documents = 0
        try:
            self.db = sqlite3.connect(path, isolation_level=None)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("BEGIN IMMEDIATE")  # also takes the write lock: a second batch waits, then fails
            for statement in filter(str.strip, SCHEMA.split(";")):
                self.db.execute(statement)
        except sqlite3.Error as e:
            raise GwparseError(f"not a usable SQLite database: {e}") from None

    def write(self, records: Iterable[TaskRecord]) -> None:
        import sqlite3

        by_source: dict[str, list[TaskRecord]] = {}
        for r in records:
            by_source.setdefault(r.document.source, []).append(r)
        try:
            for source, group in by_source.items():
                self._document(source, group)
                self.documents += 1
        except sqlite3.Error as e:
            raise GwparseError(f"cannot write to the database: {e}") from None

    def _document(self, source: str, records: list[TaskRecord]) -> None:
        doc = records[0].document
        digest = hashlib.sha256("\n".join(r.model_dump_json() for r in records).encode()).hexdigest()
        self.db.execute("DELETE FROM documents WHERE source = ?", (source,))  # cascades to tasks and units
        doc_id = self.db.execute(
            "INSERT INTO documents (source, records_sha256, title, year, doc_no, issuer, date, format, script)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (source, digest, doc.title, doc.year, doc.doc_no, doc.issuer, _text(doc.date), doc.format, doc.script),
        ).lastrowid
        for position, r in enumerate(records, 1):
            task_id = self.db.execute(
                "INSERT INTO tasks (document_id, position, category, section, item, seq, title, content, deadline,"
                " channels, units_raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, position, r.category, r.section, r.item, r.seq, r.title, r.content, r.deadline,
                 json.dumps(r.channels, ensure_ascii=False), r.units_raw),
            ).lastrowid
            self.db.executemany("INSERT INTO units (task_id, position, name, role) VALUES (?, ?, ?, ?)",
                                [(task_id, i, u.name, u.role) for i, u in enumerate(r.units, 1)])

    def close(self) -> None:
        """Commit the batch."""
        import sqlite3

        if not self.documents:  # every document failed: as with the other formats, no output
            self.discard()
            return
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error as e:
            self.discard()
            raise GwparseError(f"cannot write to the database: {e}") from None
        self.db.close()
        self.created = False  # committed: a later discard() must not remove it

    def discard(self) -> None:
        """Roll the batch back: the database stays as it was before it (a file it created goes)."""
        import os
        import sqlite3

        try:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            self.db.close()
        except sqlite3.Error:
            pass
        if self.created:
            try:
                os.unlink(self.path)
            except OSError:
                pass
            self.created = False


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
