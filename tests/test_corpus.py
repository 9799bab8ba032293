"""The shared corpus and containers, scored with the project's scorer (../shared/tools/score.py).

Thresholds are the issue's: TOTAL records F1 ≥ 0.99, triples F1 ≥ 0.98, fields ≥ 0.98,
and every document ≥ 0.95 on each.
"""
import importlib.util
import json
from pathlib import Path

import pytest

import gwparse

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORE = SHARED / "tools" / "score.py"

pytestmark = pytest.mark.skipif(not SCORE.exists(), reason=f"shared corpus not found at {SHARED}")


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SCORE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(corpus: str):
    score = _scorer()
    per_doc, tot = {}, {"gold": 0, "pred": 0, "matched": 0, "tri": [0, 0, 0], "hits": 0}
    for gold_file in sorted((SHARED / corpus / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        pred = [r.model_dump() for r in gwparse.parse(SHARED / corpus / gold["source"])]
        s = score.score_doc(gold, pred)
        _, _, rec_f1 = score.prf(s["matched"], s["pred"], s["gold"])
        _, _, tri_f1 = score.prf(*s["tri"])
        hits = sum(s["field_hits"].values())
        fields = hits / (len(score.FIELDS) * s["matched"]) if s["matched"] else 0.0
        per_doc[gold_file.stem] = (rec_f1, tri_f1, fields)
        for k in ("gold", "pred", "matched"):
            tot[k] += s[k]
        tot["tri"] = [a + b for a, b in zip(tot["tri"], s["tri"], strict=True)]
        tot["hits"] += hits
    total = (score.prf(tot["matched"], tot["pred"], tot["gold"])[2], score.prf(*tot["tri"])[2],
             tot["hits"] / (len(score.FIELDS) * tot["matched"]))
    return per_doc, total


@pytest.mark.parametrize("corpus", ["corpus", "containers"])
def test_corpus_scores(corpus):
    if not (SHARED / corpus / "gold").is_dir():
        pytest.skip(f"{SHARED / corpus} not found")
    per_doc, (rec, tri, fields) = _score(corpus)
    assert rec >= 0.99 and tri >= 0.98 and fields >= 0.98, (rec, tri, fields)
    low = {name: s for name, s in per_doc.items() if min(s) < 0.95}
    assert not low, low
