"""Precision and recall of the relevance judgement on labelled texts.

Three figures: the lexicon alone (what runs before any decision exists); the learned
classifier, 5-fold cross-validated on the same texts (what decisions can teach); and the two
combined as in production, also cross-validated (the model of each fold never saw the texts it
judges)."""

import hashlib
import json
from pathlib import Path

from hangviet.monitoring import learning
from hangviet.monitoring.relevance import THRESHOLD, Lexicon

DEFAULT = Path(__file__).with_name("labeled.jsonl")


def load(path: Path | None = None) -> list[dict]:
    rows = []
    for line in (path or DEFAULT).read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows


def _scores(truth: list[bool], predicted: list[bool]) -> dict:
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, truth, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, truth, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": len(truth) - tp - fp - fn,
    }


def evaluate(rows: list[dict], lexicon: Lexicon | None = None) -> dict:
    from sklearn.model_selection import StratifiedKFold  # heavy: loaded on first use

    lexicon = lexicon or Lexicon.default()
    truth = [bool(r["label"]) for r in rows]
    lexical = [lexicon.judge(r["text"], r["title"]).score for r in rows]
    report = {
        "texts": len(rows),
        "positives": sum(truth),
        "lexicon": _scores(truth, [s >= THRESHOLD for s in lexical]),
        "missed": [r["id"] for r, s, t in zip(rows, lexical, truth, strict=True) if t and s < 0.5],
        "false_alarms": [
            r["id"] for r, s, t in zip(rows, lexical, truth, strict=True) if s >= 0.5 and not t
        ],
    }
    folds = min(5, sum(truth), len(truth) - sum(truth))
    if folds >= 2:
        model_p = [0.0] * len(rows)
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(rows, truth):
            trained = learning.train(
                [(rows[i]["title"], rows[i]["text"]) for i in train], [truth[i] for i in train]
            )
            for i in test:
                model_p[i] = learning.probability(trained.model, rows[i]["title"], rows[i]["text"])
        report["model_cross_validated"] = _scores(truth, [p >= THRESHOLD for p in model_p])
        report["combined_cross_validated"] = _scores(
            truth, [(p + s) / 2 >= THRESHOLD for p, s in zip(model_p, lexical, strict=True)]
        )
    return report


# Real press (issue 20): the committed index holds ids, addresses, labels and hashes; the texts
# are not ours and are read from a local folder (var/evaluation/press/<id>.txt, the title on the
# first line).
REAL_INDEX = Path(__file__).with_name("press.jsonl")


def load_real(
    folder: Path, half: str = "all", index: Path = REAL_INDEX, round: int | None = None
) -> tuple[list[dict], list[str], list[str]]:
    """The labelled real texts found in `folder` (of one half, of one round of gathering),
    and the ids missing and changed."""
    rows, missing, changed = [], [], []
    for line in index.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        if half != "all" and entry["half"] != half:
            continue
        if round is not None and entry.get("round") != round:
            continue
        path = folder / f"{entry['id']}.txt"
        if not path.is_file():
            missing.append(entry["id"])
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            changed.append(entry["id"])
        title, _sep, text = data.decode("utf-8").partition("\n")
        rows.append({"id": entry["id"], "label": entry["label"], "title": title, "text": text})
    return rows, missing, changed


def keyword_baseline(rows: list[dict]) -> dict:
    """The plain rule: relevant when "hàng việt" appears (case and accents as written)."""
    truth = [bool(r["label"]) for r in rows]
    said = ["hàng việt" in (r["title"] + " " + r["text"]).lower() for r in rows]
    return _scores(truth, said)
