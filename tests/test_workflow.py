"""The shell and spreadsheet workflow through the CLI (issue 16): filters, --style, --out-name,
the summary line, units grouping, and reading gwparse's own outputs back."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from gwparse import cli as gwcli
from gwparse.sniff import STYLES
from plans import PIPE_PLAN, PROSE_PLAN

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


def gwparse(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gwparse", *args], cwd=cwd, capture_output=True, timeout=120)


def seqs(proc: subprocess.CompletedProcess) -> list[str]:
    assert proc.returncode == 0, proc.stderr.decode()
    return [r["seq"] for r in json.loads(proc.stdout)]


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PIPE_PLAN, encoding="utf-8")
    return path


def plan_of(issuer: str, folder: Path) -> Path:
    """Two tasks of 县财政局 in a plan issued by ``issuer``."""
    path = folder / f"{issuer}.txt"
    path.write_text(f"{issuer}关于印发2023年政务公开工作要点的通知\n\n| 序号 | 工作任务 | 责任单位 |\n"
                    "| 1 | 公开财政预算。 | 县财政局 |\n| 2 | 公开决算。 | 县财政局牵头，县审计局配合 |\n",
                    encoding="utf-8")
    return path


# --- item 3: --unit / --role repeat and combine ----------------------------------------------
# PIPE_PLAN: 1 区政府办公室 (responsible); 2 区司法局 lead, 各街道 cooperate; 3 区发改局, 区财政局 (responsible)


def test_repeated_unit_keeps_records_naming_any_of_them(plan):
    assert seqs(gwparse(str(plan), "--unit", "司法局")) == ["2"]
    assert seqs(gwparse(str(plan), "--unit", "司法局", "--unit", "财政局")) == ["2", "3"]


def test_repeated_role_keeps_records_with_any_of_them(plan):
    assert seqs(gwparse(str(plan), "--role", "lead", "--role", "responsible")) == ["1", "2", "3"]
    assert seqs(gwparse(str(plan), "--role", "cooperate")) == ["2"]


def test_unit_and_role_must_hold_for_one_unit(plan):
    assert seqs(gwparse(str(plan), "--unit", "街道", "--role", "lead")) == []  # 各街道 cooperates; 司法局 leads
    assert seqs(gwparse(str(plan), "--unit", "街道", "--unit", "司法局", "--role", "lead")) == ["2"]


def test_traditional_query_words_match_simplified_records(plan):
    assert seqs(gwparse(str(plan), "--unit", "財政局")) == ["3"]
    assert seqs(gwparse(str(plan), "--unit", "區司法局", "--role", "lead")) == ["2"]


def test_simplified_query_words_match_records_kept_traditional(tmp_path):
    path = tmp_path / "trad.txt"
    path.write_text("| 序號 | 工作任務 | 責任單位 |\n| 1 | 公開財政預算決算。 | 區財政局 |\n"
                    "| 2 | 規範依申請公開辦理流程。 | 區司法局 |\n", encoding="utf-8")
    proc = gwparse(str(path), "--keep-script", "--unit", "财政局")
    assert seqs(proc) == ["1"]
    assert json.loads(proc.stdout)[0]["units"][0]["name"] == "區財政局"  # kept as written


# --- item 4: --style ---------------------------------------------------------------------------


def test_cli_styles_are_the_parsers_styles():
    assert gwcli.TEXT_STYLES == STYLES


def test_an_unknown_style_is_a_usage_error_listing_the_styles(plan):
    proc = gwparse(str(plan), str(plan), "--style", "bogus")
    assert proc.returncode == 2 and proc.stdout == b""
    assert all(style in proc.stderr.decode() for style in STYLES)
    assert proc.stderr.decode().count("bogus") == 1  # once, not once per document


def test_help_lists_the_styles():
    text = gwparse("--help").stdout.decode()
    assert all(style in text for style in STYLES)


@pytest.mark.parametrize(("sample", "style", "option"), [
    ("table.docx", "docx-table", None),
    ("notice.html", "html-prose", "prose"),
    ("pipe-table.txt", "pipe-table", "pipe-table"),
])
def test_inspect_names_the_style_option_that_reads_it_so(sample, style, option):
    findings = json.loads(gwparse("inspect", str(SAMPLES / sample), "--json").stdout)
    assert findings["style"] == style and findings["style_option"] == option
    if option:  # the value inspect names is accepted and reads the document the same way
        forced = gwparse(str(SAMPLES / sample), "--style", option)
        assert forced.returncode == 0 and forced.stdout == gwparse(str(SAMPLES / sample)).stdout


# --- item 2: --out-name ----------------------------------------------------------------------


def test_out_dir_collision_suggests_keep_ext_and_keep_ext_resolves_it(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plan.txt").write_text(PIPE_PLAN, encoding="utf-8")
    (tmp_path / "in" / "plan.md").write_text(PROSE_PLAN, encoding="utf-8")
    refused = gwparse("in", "--out-dir", "out", "-q", cwd=tmp_path)
    assert refused.returncode == 2 and b"--out-name keep-ext" in refused.stderr
    assert not (tmp_path / "out").exists()
    proc = gwparse("in", "--out-dir", "out", "--out-name", "keep-ext", "--to", "csv", "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["plan.md.csv", "plan.txt.csv"]
    rows = list(csv.reader(io.StringIO((tmp_path / "out" / "plan.txt.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 1 + 3


def test_out_name_without_out_dir_is_a_usage_error(plan):
    assert gwparse(str(plan), "--out-name", "keep-ext").returncode == 2


# --- item 7: the summary line -------------------------------------------------------------------


def test_no_summary_when_stderr_is_not_a_terminal(plan):
    proc = gwparse(str(plan), str(plan), "--to", "jsonl")
    assert proc.returncode == 0 and proc.stderr == b""


def test_summary_on_request(plan):
    proc = gwparse(str(plan), str(plan), "--to", "jsonl", "--summary")
    assert proc.stderr.decode().startswith("gwparse: 2 documents, 6 records, 10 units, 0 warnings, 0 failed, ")


# --- item 6: units --------------------------------------------------------------------------------


@pytest.mark.parametrize("option", [("--per-unit",), ("--to", "xlsx"), ("--unit", "财政局")])
def test_units_refuses_options_it_does_not_support(plan, option):
    proc = gwparse("units", str(plan), *option)
    assert proc.returncode == 2 and proc.stdout == b""


def test_units_counts_same_named_units_per_issuer_by_default(tmp_path):
    a, b = plan_of("甲县人民政府办公室", tmp_path), plan_of("乙县人民政府办公室", tmp_path)
    rows = list(csv.reader(io.StringIO(gwparse("units", str(a), str(b)).stdout.decode())))
    assert rows == [["issuer", "unit", "lead", "responsible", "cooperate", "total"],
                    ["乙县人民政府办公室", "县财政局", "1", "1", "0", "2"],
                    ["乙县人民政府办公室", "县审计局", "0", "0", "1", "1"],
                    ["甲县人民政府办公室", "县财政局", "1", "1", "0", "2"],
                    ["甲县人民政府办公室", "县审计局", "0", "0", "1", "1"]]
    merged = json.loads(gwparse("units", str(a), str(b), "--by", "unit", "--to", "json").stdout)
    assert merged[0] == {"unit": "县财政局", "lead": 2, "responsible": 2, "cooperate": 0, "total": 4}
    by_doc = json.loads(gwparse("units", str(a), str(b), "--by", "document", "--to", "json").stdout)
    assert {row["source"] for row in by_doc} == {str(a), str(b)} and len(by_doc) == 4


# --- item 5 (issue 13): gwparse reads its own outputs back ----------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_own_default_output_reads_back(plan, tmp_path, fmt):
    out = tmp_path / f"tasks.{fmt}"
    assert gwparse(str(plan), "-o", str(out)).returncode == 0
    again = gwparse(str(out), "--to", "json")
    assert again.returncode == 0, again.stderr.decode()
    first = json.loads(gwparse(str(plan)).stdout)
    back = json.loads(again.stdout)
    assert [(r["content"], r["units"]) for r in back] == [(r["content"], r["units"]) for r in first]


# --- item 8: README snippets and examples/ run as written -------------------------------------------


def readme_python_blocks() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return [block.split("\n```", 1)[0] for block in text.split("```python\n")[1:]]


@pytest.mark.parametrize("index", range(len(readme_python_blocks())))
def test_readme_python_blocks_run_as_written(index):
    block = readme_python_blocks()[index]
    proc = subprocess.run([sys.executable, "-c", block], cwd=REPO, capture_output=True, timeout=120)
    assert proc.returncode == 0, f"README block {index}:\n{block}\n{proc.stderr.decode()}"


def test_dask_example_parses_the_samples(tmp_path):
    pytest.importorskip("dask.bag")
    out = tmp_path / "records.jsonl"
    proc = subprocess.run([sys.executable, str(REPO / "examples" / "dask_bag.py"), str(SAMPLES), str(out)],
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    expected = gwparse(str(SAMPLES), "--to", "jsonl", "-q")  # the CLI on the same folder
    assert expected.returncode == 0
    cli_records = [json.loads(line) for line in expected.stdout.decode().splitlines()]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    from gwparse.batch import KNOWN_SUFFIXES

    documents = sum(1 for p in SAMPLES.iterdir() if p.suffix in KNOWN_SUFFIXES)
    assert records == cli_records
    assert proc.stdout.decode().startswith(f"{documents} documents, {len(records)} records, 0 failed")
