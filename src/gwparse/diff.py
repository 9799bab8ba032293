"""What changed between two plans: tasks added, dropped, reassigned or re-dated.

Tasks are matched by their content, not their number (plans renumber from
year to year): identical normalised text first, then the most similar
remaining pairs (difflib ratio) down to a threshold. A matched pair is
*reassigned* when its units or their roles differ and *re-dated* when its
deadline differs; unmatched old tasks are *dropped*, unmatched new ones *added*.
"""
from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gwparse.text import compile_regex

if TYPE_CHECKING:
    from gwparse.model import TaskRecord

DEFAULT_THRESHOLD = 0.6
KINDS = ("added", "dropped", "reassigned", "redated")
_NOISE = compile_regex(r"[\s\p{P}\p{S}]+")  # spaces and punctuation do not make a task different


def normalized(text: str) -> str:
    return _NOISE.sub("", text)


@dataclass(frozen=True, slots=True)
class Change:
    """One difference; ``kinds`` holds both reassigned and redated when a task changed in both ways."""

    kinds: tuple[str, ...]
    old: TaskRecord | None
    new: TaskRecord | None
    similarity: float  # of the contents, 0 for added/dropped

    def as_row(self) -> dict[str, Any]:
        """A flat, JSON-ready view: what a table, CSV row or JSON object shows."""
        return {
            "change": "+".join(self.kinds),
            "old_seq": self.old.seq if self.old else None,
            "new_seq": self.new.seq if self.new else None,
            "content": (self.new or self.old).content,  # type: ignore[union-attr]
            "old_units": _units(self.old),
            "new_units": _units(self.new),
            "old_deadline": self.old.deadline if self.old else None,
            "new_deadline": self.new.deadline if self.new else None,
            "similarity": round(self.similarity, 3),
        }


ROW_FIELDS = ("change", "old_seq", "new_seq", "content", "old_units", "new_units", "old_deadline",
              "new_deadline", "similarity")


def _units(record: TaskRecord | None) -> str | None:
    if record is None:
        return None
    return "、".join(f"{u.name}({u.role})" for u in record.units)


def match(old: Sequence[TaskRecord], new: Sequence[TaskRecord], threshold: float = DEFAULT_THRESHOLD
          ) -> list[tuple[int, int, float]]:
    """Pairs (old index, new index, similarity), each task in at most one pair."""
    old_text = [normalized(r.content) for r in old]
    new_text = [normalized(r.content) for r in new]
    pairs: list[tuple[int, int, float]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    waiting: dict[str, list[int]] = {}
    for j, text in enumerate(new_text):
        waiting.setdefault(text, []).append(j)
    for i, text in enumerate(old_text):  # identical text: a match without scoring
        if waiting.get(text):
            j = waiting[text].pop(0)
            pairs.append((i, j, 1.0))
            used_old.add(i)
            used_new.add(j)
    candidates = []
    for j, b in enumerate(new_text):
        if j in used_new:
            continue
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(b)  # difflib caches what it knows about seq2
        for i, a in enumerate(old_text):
            if i in used_old:
                continue
            matcher.set_seq1(a)
            if matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold:
                ratio = matcher.ratio()
                if ratio >= threshold:
                    candidates.append((ratio, i, j))
    for ratio, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_old and j not in used_new:
            pairs.append((i, j, ratio))
            used_old.add(i)
            used_new.add(j)
    return sorted(pairs, key=lambda p: p[1])


def compare(old: Sequence[TaskRecord], new: Sequence[TaskRecord], threshold: float = DEFAULT_THRESHOLD
            ) -> tuple[list[Change], int]:
    """The changes from ``old`` to ``new`` in the new plan's order (dropped tasks last, in the old
    plan's order), and how many tasks were matched unchanged."""
    changes: list[Change] = []
    unchanged = 0
    pairs = match(old, new, threshold)
    matched_old = {i for i, _, _ in pairs}
    by_new = {j: (i, ratio) for i, j, ratio in pairs}
    for j, record in enumerate(new):
        if j not in by_new:
            changes.append(Change(("added",), None, record, 0.0))
            continue
        i, ratio = by_new[j]
        before = old[i]
        kinds = []
        if {(u.name, u.role) for u in before.units} != {(u.name, u.role) for u in record.units}:
            kinds.append("reassigned")
        if (before.deadline or "") != (record.deadline or ""):
            kinds.append("redated")
        if kinds:
            changes.append(Change(tuple(kinds), before, record, ratio))
        else:
            unchanged += 1
    changes.extend(Change(("dropped",), r, None, 0.0) for i, r in enumerate(old) if i not in matched_old)
    return changes, unchanged
