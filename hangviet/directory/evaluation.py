"""Scoring the directory's search against graded answers (bench/directory_queries.json): the
measures of docs/benchmarks.md, shared by the benchmark and the test that keeps them."""

import math
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

QUERIES = Path(__file__).resolve().parents[2] / "bench" / "directory_queries.json"


def precision_at_5(names: list[str], relevant: dict[str, int]) -> float:
    """Relevant results among the first min(5, returned): what a phone shows first."""
    shown = names[:5]
    return sum(1 for n in shown if relevant.get(n, 0) > 0) / len(shown) if shown else 0.0


def ndcg_at_10(names: list[str], relevant: dict[str, int]) -> float:
    """Discounted gain of the first ten (gain 2^grade - 1) against the best possible order."""
    dcg = sum((2 ** relevant.get(n, 0) - 1) / math.log2(i + 2) for i, n in enumerate(names[:10]))
    ideal = sorted(relevant.values(), reverse=True)[:10]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def evaluate(answer: Callable[[str], list[str]], queries: list[dict[str, Any]]) -> dict[str, Any]:
    """Answer every query and score: P@5 and nDCG@10 over present goods, the share of empty
    answers for absent goods (should be 1) and for present goods (should be 0), and the
    queries that missed those targets."""
    answers = {q["q"]: answer(q["q"]) for q in queries}
    present = [q for q in queries if q["relevant"]]
    absent = [q for q in queries if not q["relevant"]]
    return {
        "answers": answers,
        "p@5": statistics.mean(precision_at_5(answers[q["q"]], q["relevant"]) for q in present),
        "ndcg@10": statistics.mean(ndcg_at_10(answers[q["q"]], q["relevant"]) for q in present),
        "absent empty": sum(1 for q in absent if not answers[q["q"]]) / len(absent),
        "present empty": sum(1 for q in present if not answers[q["q"]]) / len(present),
        "misses": [q["q"] for q in absent if answers[q["q"]]]
        + [q["q"] for q in present if not answers[q["q"]]],
    }
