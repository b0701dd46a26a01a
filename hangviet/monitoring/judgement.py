"""Judging an article: the lexicon's verdict and the trained classifier's, averaged, and the
plan themes the article touches."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Case, Count, Max, Value, When

from hangviet.monitoring import learning
from hangviet.monitoring.models import (
    ClassifierModel,
    LexiconTerm,
)
from hangviet.monitoring.relevance import THRESHOLD, Lexicon, Match, Term
from hangviet.plans.models import Plan, Theme

_cache: dict[str, Any] = {"lexicon": None, "lexicon_key": None, "model": None, "model_id": None}
_theme_topics: dict[tuple, frozenset[str]] = {}


def lexicon() -> Lexicon:
    """The coordinator's lexicon (the team's default when none was saved)."""
    state = LexiconTerm.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    key = (state["n"], state["latest"])
    if _cache["lexicon_key"] != key:
        rows = list(LexiconTerm.objects.values_list("topic", "phrase", "weight"))
        _cache["lexicon"] = Lexicon([Term(*r) for r in rows]) if rows else Lexicon.default()
        _cache["lexicon_key"] = key
    return _cache["lexicon"]


def current_model() -> tuple[ClassifierModel | None, Any]:
    latest = ClassifierModel.objects.only("id").first()
    if latest is None:
        return None, None
    if _cache["model_id"] != latest.pk:
        record = ClassifierModel.objects.get(pk=latest.pk)
        _cache["model"] = learning.load(bytes(record.blob))
        _cache["model_id"] = record.pk
    return latest, _cache["model"]


@dataclass
class Judgement:
    score: float
    relevant: bool
    topics: list[str]
    matches: list[Match]
    lexicon_score: float
    model_score: float | None = None
    features: list[tuple[str, float]] = field(default_factory=list)

    def as_json(self, file: str | None = None, themes: list[str] | None = None) -> dict:
        data: dict[str, Any] = {} if file is None else {"file": file}
        data.update(
            {
                "relevant": self.relevant,
                "score": round(self.score, 3),
                "themes": themes if themes is not None else self.topics,
                "matches": [m.as_dict() for m in self.matches],
                "lexicon_score": round(self.lexicon_score, 3),
            }
        )
        if self.model_score is not None:
            data["model_score"] = round(self.model_score, 3)
            data["model_features"] = [{"feature": f, "weight": w} for f, w in self.features]
        return data


def judge(title: str, text: str, *, use_model: bool = True) -> Judgement:
    verdict = lexicon().judge(text, title)
    score = verdict.score
    model_score: float | None = None
    features: list[tuple[str, float]] = []
    if use_model:
        _record, model = current_model()
        if model is not None:
            model_score, features = learning.assess(model, title, text)
            score = (verdict.score + model_score) / 2
    return Judgement(
        score=score,
        relevant=score >= THRESHOLD,
        topics=verdict.topics,
        matches=verdict.matches,
        lexicon_score=verdict.score,
        model_score=model_score,
        features=features,
    )


def plan_for(day: date | None) -> Plan | None:
    """The plan of the article's year (an issued one first), else the latest plan."""
    plans = Plan.objects.annotate(
        issued=Case(When(status="issued", then=Value(1)), default=Value(0))
    ).order_by("-issued", "-issue_year", "-id")
    if day is not None:
        same_year = plans.filter(issue_year=day.year).first()
        if same_year is not None:
            return same_year
    return plans.first()


def themes_touched(plan: Plan | None, topics: list[str]) -> list[Theme]:
    """The plan's top-level themes that share a topic with the article."""
    if plan is None or not topics:
        return []
    judge = lexicon()
    key = _cache["lexicon_key"]
    touched = []
    for theme in plan.themes.filter(parent__isnull=True):
        # A theme's topics depend only on its text and the lexicon: judged once for both.
        cached = _theme_topics.get((key, theme.text))
        if cached is None:
            if len(_theme_topics) > 2000:
                _theme_topics.clear()
            cached = _theme_topics[(key, theme.text)] = frozenset(judge.judge(theme.text).topics)
        if cached & set(topics):
            touched.append(theme)
    return touched
