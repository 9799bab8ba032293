"""gwparse diff through the CLI on two plans written here (expected changes worked out by hand)."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from gwparse.diff import normalized

OLD = """| 序号 | 工作任务 | 责任单位 | 完成时限 |
| 1 | 公开年度财政预算决算信息。 | 区财政局 | 6月底前 |
| 2 | 规范依申请公开办理流程。 | 区司法局牵头，各街道配合 | 长期 |
| 3 | 更新主动公开基本目录。 | 区政府办公室 | 12月底前 |
| 4 | 做好政策解读工作，及时回应社会关切。 | 区发改局 | 长期 |
"""
# 1 reworded (punctuation) and re-dated; 2 reassigned; 3 dropped; 4 renumbered, unchanged; one added
NEW = """| 序号 | 工作任务 | 责任单位 | 完成时限 |
| 1 | 公开年度财政预算、决算信息。 | 区财政局 | 9月底前 |
| 2 | 做好政策解读工作，及时回应社会关切。 | 区发改局 | 长期 |
| 3 | 规范依申请公开办理流程。 | 区司法局 | 长期 |
| 4 | 开展政务公开业务培训。 | 区政府办公室 | 11月底前 |
"""


def gwparse(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gwparse", *args], capture_output=True, timeout=120)


@pytest.fixture
def pair(tmp_path):
    old, new = tmp_path / "2023.txt", tmp_path / "2024.txt"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def test_diff_json_lists_each_kind_of_change(pair):
    proc = gwparse("diff", *map(str, pair))
    assert proc.returncode == 0, proc.stderr.decode()
    rows = json.loads(proc.stdout)
    assert [(r["change"], r["old_seq"], r["new_seq"]) for r in rows] == [
        ("redated", "1", "1"), ("reassigned", "2", "3"), ("added", None, "4"), ("dropped", "3", None)]
    redated, reassigned = rows[0], rows[1]
    assert (redated["old_deadline"], redated["new_deadline"]) == ("6月底前", "9月底前")
    assert redated["similarity"] == 1.0  # the same text once punctuation is set aside
    assert reassigned["old_units"] == "区司法局(lead)、各街道(cooperate)"
    assert reassigned["new_units"] == "区司法局(responsible)"


def test_diff_csv_and_a_changed_task_in_two_ways(pair, tmp_path):
    old, new = pair
    new.write_text(NEW.replace("| 区财政局 | 9月底前 |", "| 区审计局 | 9月底前 |"), encoding="utf-8")
    out = tmp_path / "changes.csv"
    assert gwparse("diff", str(old), str(new), "--to", "csv", "-o", str(out)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0]["change"] == "reassigned+redated" and rows[0]["new_units"] == "区审计局(responsible)"


def test_threshold_decides_what_counts_as_the_same_task(pair):
    old, new = pair
    new.write_text(NEW.replace("规范依申请公开办理流程。", "规范依申请公开办理流程，按期答复。"), encoding="utf-8")
    # normalised: 规范依申请公开办理流程 (11) vs 规范依申请公开办理流程按期答复 (15): ratio 2·11/26 ≈ 0.85
    loose = [r["change"] for r in json.loads(gwparse("diff", str(old), str(new)).stdout)]
    strict = [r["change"] for r in json.loads(gwparse("diff", str(old), str(new), "--threshold", "0.9").stdout)]
    assert loose.count("reassigned") == 1 and "reassigned" not in strict
    assert strict.count("added") == loose.count("added") + 1


def test_identical_plans_have_no_changes(pair):
    old, _ = pair
    assert json.loads(gwparse("diff", str(old), str(old)).stdout) == []


def test_a_missing_plan_is_one_line_and_exit_1(pair):
    proc = gwparse("diff", str(pair[0]), "nope.txt")
    assert proc.returncode == 1 and proc.stderr.decode().startswith("gwparse: nope.txt: ")
    assert b"Traceback" not in proc.stderr


def test_normalized_ignores_spaces_and_punctuation():
    assert normalized("公开 年度，财政“预算”。") == "公开年度财政预算"
