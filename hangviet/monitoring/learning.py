"""The classifier learned from the coordinators' decisions.

Features are the folded syllables and syllable pairs of title and text (TF-IDF); the model is
a logistic regression with balanced classes — small, fast, and its strongest features can be
shown to the coordinator as part of the explanation. It is used only when enough decisions
exist (`MIN_EXAMPLES`, with `MIN_PER_CLASS` of each kind); the final score is then the mean
of the lexicon's score and the model's probability.

The model is serialised with pickle into the database. Only models this module trained are
ever loaded (they are written by `train` alone, never uploaded).
"""

import pickle
from dataclasses import dataclass
from typing import Any

from hangviet.monitoring.relevance import fold_word, syllables

MIN_EXAMPLES = 30
MIN_PER_CLASS = 10


def features_text(title: str, text: str) -> str:
    words = [fold_word(w) for w in syllables(f"{title}. {title}. {text[:20000]}")]
    return " ".join(words)


@dataclass
class Trained:
    model: object  # sklearn Pipeline
    examples: int
    positives: int
    cv_precision: float | None
    cv_recall: float | None

    def blob(self) -> bytes:
        return pickle.dumps(self.model, protocol=pickle.HIGHEST_PROTOCOL)


def _pipeline() -> Any:
    # Loaded on first use: scikit-learn takes about a second to import and only training
    # and scoring need it.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline(
        [
            (
                "tfidf",
                TfidfVectorizer(
                    analyzer="word",
                    token_pattern=r"[^ ]+",
                    ngram_range=(1, 2),
                    min_df=1,
                    sublinear_tf=True,
                ),
            ),
            ("clf", LogisticRegression(class_weight="balanced", C=4.0, max_iter=1000)),
        ]
    )


def enough(labels: list[bool]) -> bool:
    positives = sum(labels)
    return len(labels) >= MIN_EXAMPLES and min(positives, len(labels) - positives) >= MIN_PER_CLASS


def train(docs: list[tuple[str, str]], labels: list[bool]) -> Trained:
    """Train on (title, text) pairs; report 5-fold cross-validated precision and recall."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    texts = [features_text(t, x) for t, x in docs]
    y = [int(v) for v in labels]
    precision = recall = None
    folds = min(5, sum(y), len(y) - sum(y))
    if folds >= 2:
        predicted = cross_val_predict(
            _pipeline(), texts, y, cv=StratifiedKFold(folds, shuffle=True, random_state=0)
        )
        tp = sum(1 for p, t in zip(predicted, y, strict=True) if p and t)
        fp = sum(1 for p, t in zip(predicted, y, strict=True) if p and not t)
        fn = sum(1 for p, t in zip(predicted, y, strict=True) if not p and t)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
    model = _pipeline().fit(texts, y)
    return Trained(model, len(y), sum(y), precision, recall)


def load(blob: bytes) -> Any:
    return pickle.loads(blob)  # noqa: S301 — our own model, written by train() only


def probability(model: Any, title: str, text: str) -> float:
    return float(model.predict_proba([features_text(title, text)])[0][1])


_feature_names: dict[int, object] = {}


def _names(vectorizer: Any) -> Any:
    """The vocabulary as an array, computed once per model (it is large)."""
    key = id(vectorizer)
    if key not in _feature_names:
        _feature_names.clear()
        _feature_names[key] = vectorizer.get_feature_names_out()
    return _feature_names[key]


def assess(model: Any, title: str, text: str, n: int = 5) -> tuple[float, list[tuple[str, float]]]:
    """Return the probability that the text is about the campaign, and the features of this
    text that pushed the model most, with their weight (one pass over the text)."""
    vectorizer, clf = model.named_steps["tfidf"], model.named_steps["clf"]
    row = vectorizer.transform([features_text(title, text)])
    probability = float(clf.predict_proba(row)[0][1])
    return probability, _contributions(vectorizer, clf, row, n)


def strongest(model: Any, title: str, text: str, n: int = 5) -> list[tuple[str, float]]:
    """Return the features of this text that pushed the model most, with their weight."""
    return assess(model, title, text, n)[1]


def _contributions(vectorizer: Any, clf: Any, row: Any, n: int) -> list[tuple[str, float]]:
    names = _names(vectorizer)
    row = row.tocsr()
    weights = clf.coef_[0]
    contributions = [
        (names[j], float(v * weights[j])) for j, v in zip(row.indices, row.data, strict=True)
    ]
    contributions.sort(key=lambda kv: -abs(kv[1]))
    return [(name, round(value, 3)) for name, value in contributions[:n]]
