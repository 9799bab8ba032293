"""The mutation fuzzer (tests/fuzz.py): its property check, and a short run of it.

``make fuzz`` runs it for 10 minutes; here it runs FUZZ_TEST_SECONDS (30 by
default, 0 skips) so that CI keeps a check on random damage without the cost.
"""
from __future__ import annotations

import os
import random

import pytest

import fuzz

FUZZ_TEST_SECONDS = float(os.environ.get("FUZZ_TEST_SECONDS", 30))


def test_violations_are_seen(tmp_path):
    """The property check is real: each way of breaking it is named."""
    ok_error = fuzz.Run(1, b"", b"gwparse: plan.txt: empty file\n")
    assert fuzz.violation(ok_error, "plan.txt", None, tmp_path) is None
    assert fuzz.violation(fuzz.Run(0, b'[{"content": "x"}]', b""), "plan.txt", None, tmp_path) is None
    bad = {
        "took over": fuzz.Run(None, b"", b""),
        "traceback": fuzz.Run(1, b"", b"Traceback (most recent call last):\n  ...\nValueError: x\n"),
        "internal error": fuzz.Run(1, b"", b"gwparse: plan.txt: internal error: KeyError: 1\n"),
        "not one": fuzz.Run(1, b"", b"gwparse: plan.txt: a\ngwparse: plan.txt: b\n"),
        "without records": fuzz.Run(0, b"[]", b""),
        "exit status": fuzz.Run(-9, b"", b""),
    }
    for reason, run in bad.items():
        assert reason in fuzz.violation(run, "plan.txt", None, tmp_path)
    (tmp_path / ".out.json.x.tmp").write_bytes(b"")
    assert "temporary file" in fuzz.violation(ok_error, "plan.txt", None, tmp_path)


def test_mutants_differ_and_are_reproducible():
    pool = fuzz.seeds()
    first = [fuzz.mutant(random.Random(7), pool) for _ in range(1)]
    again = [fuzz.mutant(random.Random(7), pool) for _ in range(1)]
    assert first == again
    rng = random.Random(1)
    mutants = [fuzz.mutant(rng, pool) for _ in range(50)]
    originals = dict(pool)
    assert sum(data != originals[name] for name, data, _ in mutants) >= 40
    assert {how for _, _, how in mutants} >= {"member", "flip", "truncate", "repeat"}


@pytest.mark.skipif(FUZZ_TEST_SECONDS <= 0, reason="FUZZ_TEST_SECONDS=0")
def test_short_fuzz_run_finds_nothing(tmp_path):
    found = fuzz.fuzz(FUZZ_TEST_SECONDS, seed=random.randrange(1 << 30), findings=tmp_path / "findings")
    assert found == [], found
