"""--to sqlite through the CLI on real files: tables, keys, re-runs, atomic batches."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from gwparse import parse
from gwparse.sqlite import SqliteWriter
from plans import PIPE_PLAN, PROSE_PLAN


def gwparse(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gwparse", *args], cwd=cwd, capture_output=True, timeout=120)


@pytest.fixture
def plans(tmp_path):
    (tmp_path / "a.txt").write_text(PIPE_PLAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PROSE_PLAN, encoding="utf-8")
    return tmp_path


def counts(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as con:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                     for t in ("documents", "tasks", "units"))


def test_a_batch_into_a_new_database(plans):
    db = plans / "tasks.db"
    proc = gwparse(str(plans / "a.txt"), str(plans / "b.txt"), "-o", str(db))  # .db: the format from the name
    assert proc.returncode == 0, proc.stderr.decode()
    # PIPE_PLAN: 3 tasks, units 1 + 2 + 2; PROSE_PLAN: 2 tasks, units 2 + 1
    assert counts(db) == (2, 5, 8)
    with sqlite3.connect(db) as con:
        lead = con.execute("SELECT t.content, d.source FROM units u JOIN tasks t ON t.id = u.task_id "
                           "JOIN documents d ON d.id = t.document_id WHERE u.role = 'lead' ORDER BY d.source").fetchall()
        assert lead == [("规范依申请公开办理流程。", str(plans / "a.txt")),
                        ("做好政策文件公开。及时公开政府规章和规范性文件。", str(plans / "b.txt"))]
        assert con.execute("SELECT channels, deadline FROM tasks WHERE position = 1 AND document_id = "
                           "(SELECT id FROM documents WHERE source LIKE '%a.txt')").fetchone() == ("[]", "6月底前")
        indexes = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"units_name", "units_role", "documents_issuer"} <= indexes
        con.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError):  # a task must belong to a document
            con.execute("INSERT INTO tasks (document_id, position, content, channels) VALUES (999, 1, 'x', '[]')")


def test_rerunning_a_document_replaces_its_rows(plans):
    db = plans / "tasks.db"
    for _ in range(2):
        assert gwparse(str(plans / "a.txt"), "--to", "sqlite", "-o", str(db)).returncode == 0
    assert counts(db) == (1, 3, 5)
    assert gwparse(str(plans / "b.txt"), "-o", str(db)).returncode == 0  # another document is appended
    assert counts(db) == (2, 5, 8)


def test_sqlite_needs_a_file(plans):
    proc = gwparse(str(plans / "a.txt"), "--to", "sqlite")
    assert proc.returncode == 2 and b"-o FILE.db" in proc.stderr
    assert gwparse(str(plans / "a.txt"), "--to", "sqlite", "--out-dir", str(plans / "out")).returncode == 2


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(plans):
    bad = plans / "notes.db"
    bad.write_text("not a database\n", encoding="utf-8")
    proc = gwparse(str(plans / "a.txt"), "-o", str(bad))
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    assert proc.stderr.decode().startswith(f"gwparse: {bad}: not a usable SQLite database")
    assert bad.read_text(encoding="utf-8") == "not a database\n"


def test_a_discarded_batch_leaves_the_database_as_it_was(plans):
    db = plans / "tasks.db"
    assert gwparse(str(plans / "a.txt"), "-o", str(db)).returncode == 0
    writer = SqliteWriter(str(db))
    writer.write(parse(str(plans / "b.txt")))
    writer.write(parse(str(plans / "a.txt")))  # would replace a.txt's rows
    writer.discard()  # what an error or Ctrl-C does
    assert counts(db) == (1, 3, 5)


def test_a_batch_where_every_document_fails_creates_no_database(tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text("一、总体要求\n做好工作。\n", encoding="utf-8")
    db = tmp_path / "tasks.db"
    proc = gwparse(str(broken), "-o", str(db))
    assert proc.returncode == 1 and not db.exists()
