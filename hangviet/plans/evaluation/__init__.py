"""Evaluation of the document reader on real administrative texts.

`documents.jsonl` (committed) lists each text by id, address, SHA-256 and what a reader should
find in it — the document's own number and date, and every document it cites (kind, number and
symbol, date, issuer) — labelled before the reader was tuned; `half` marks the texts the
tuning never looked at ("blind"). The texts themselves are not ours and stay out of the
repository: `hangviet evaluate_plans` reads them from a local folder (var/evaluation/plans by
default, one `<id>.txt` each) and says which are missing or changed.
"""

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hangviet.core.text import fold
from hangviet.plans.parsing import reference_key

INDEX = Path(__file__).with_name("documents.jsonl")


def load_index(path: Path = INDEX) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def normal(reference: str) -> str:
    """A number and symbol compared as people mean it (the reader's own key)."""
    return reference_key(reference.strip())


@dataclass
class Found:
    """What a reader found in one text: cited references (number and symbol, ISO date or
    None), the document's own number and date, whether it refused the text."""

    references: list[tuple[str, str | None]] = field(default_factory=list)
    own: tuple[str, str | None] | None = None
    refused: bool = False
    issuers: dict[str, str] = field(default_factory=dict)  # normal(reference) → issuer
    assignees: list[str] = field(default_factory=list)  # the units and groups given work


@dataclass
class Score:
    documents: int = 0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    expected: int = 0
    found: int = 0
    dated: int = 0
    dated_right: int = 0
    spurious: int = 0
    own_expected: int = 0
    own_right: int = 0
    named: int = 0
    named_right: int = 0
    misses: list[str] = field(default_factory=list)
    assignees_expected: int = 0
    assignees_found: int = 0
    assigning_refused: list[str] = field(default_factory=list)  # labelled as giving work

    @property
    def assignee_rate(self) -> float:
        return self.assignees_found / self.assignees_expected if self.assignees_expected else 0.0

    @property
    def rate(self) -> float:
        return self.found / self.expected if self.expected else 0.0

    @property
    def date_rate(self) -> float:
        return self.dated_right / self.dated if self.dated else 0.0

    @property
    def issuer_rate(self) -> float:
        return self.named_right / self.named if self.named else 0.0


def same_issuer(labelled: str, found: str) -> bool:
    """One names the other: "UBND thành phố Hà Nội" is in "Phó Chủ tịch UBND thành phố Hà
    Nội Nguyễn Văn Sửu"; "Ban Bí thư" and "Ban Bí thư Trung ương Đảng" are the same body."""
    a, b = fold(labelled), fold(found)
    return bool(b) and (a in b or b in a)


def evaluate(
    reader: Callable[[str], Found],
    folder: Path,
    *,
    half: str = "all",
    index: Path = INDEX,
    round: int | None = None,
) -> Score:
    """Score `reader` on the indexed texts found in `folder` (one half, one round of
    gathering, or all)."""
    score = Score()
    for row in load_index(index):
        if half != "all" and row["half"] != half:
            continue
        if round is not None and row.get("round") != round:
            continue
        path = folder / f"{row['id']}.txt"
        if not path.is_file():
            score.missing.append(row["id"])
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != row["sha256"]:
            score.changed.append(row["id"])
        score.documents += 1
        try:
            found = reader(data.decode("utf-8"))
        except Exception as exc:  # a crash is a result to count, not a reason to stop
            score.crashes.append(f"{row['id']}: {type(exc).__name__}: {exc}")
            found = Found()
        if found.refused:
            score.refused.append(row["id"])
            if row.get("assigns_work"):
                score.assigning_refused.append(row["id"])
        for unit in row.get("assignees") or []:
            score.assignees_expected += 1
            if any(same_issuer(unit, given) for given in found.assignees):
                score.assignees_found += 1
            else:
                score.misses.append(f"{row['id']}: work of {unit}")
        got = {normal(ref): day for ref, day in found.references}
        wanted = {normal(r["ref"]) for r in row["references"]}
        score.spurious += len(set(got) - wanted)
        for ref in row["references"]:
            score.expected += 1
            key = normal(ref["ref"])
            if key in got:
                score.found += 1
                if ref["date"]:
                    score.dated += 1
                    score.dated_right += got[key] == ref["date"]
                if ref.get("issuer"):
                    score.named += 1
                    score.named_right += same_issuer(ref["issuer"], found.issuers.get(key, ""))
            else:
                score.misses.append(f"{row['id']}: {ref['ref']}")
                if ref["date"]:
                    score.dated += 1
                if ref.get("issuer"):
                    score.named += 1
        if row.get("own"):
            score.own_expected += 1
            own = found.own
            if own and normal(own[0]) == normal(row["own"]["ref"]) and own[1] == row["own"]["date"]:
                score.own_right += 1
    return score


_PLAIN = re.compile(r"\b(\d{1,5}(?:/\d{4})?[-/][A-ZĐ][A-ZĐa-zđ0-9]*(?:[-/][A-ZĐa-zđ0-9]+)*)")


def keyword_baseline(text: str) -> Found:
    """The baseline: every "number/SYMBOL" in the text, no kinds, no dates."""
    refs: list[tuple[str, str | None]] = []
    for m in _PLAIN.finditer(text):
        if m.group(1) not in [r for r, _d in refs]:
            refs.append((m.group(1), None))
    return Found(references=refs)
