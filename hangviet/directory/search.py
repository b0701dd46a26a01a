"""Searching the directory without diacritics, "đ"-aware, tolerant of a typo, the same on
SQLite and PostgreSQL.

Every public listing has an entry and its folded words as tokens ("Chè Tân Cương" → che, tan,
cuong). A query is folded the same way; every word must match a token (the last one may be a
prefix, as people type); a word that matches nothing is tried against the vocabulary with one
letter changed, added or removed. Ranking: words found in the name weigh more than in the
description, a name that starts with or contains the whole query ranks first, then typical
producers and OCOP stars.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hangviet.core.text import fold
from hangviet.directory.models import SearchEntry, SearchToken

MAX_QUERY = 200
MAX_WORDS = 8
_WORD = re.compile(r"[a-z0-9]+")


class SearchError(ValueError):
    """The query cannot be searched; the message says why, for the user."""


def words(text: str) -> list[str]:
    """Return the folded words of `text`."""
    return [w[:40] for w in _WORD.findall(fold(text))]


@dataclass
class Filters:
    commune: int | None = None
    ocop_group: str = ""
    min_stars: int | None = None
    key_product: bool = False
    sales_kind: str = ""
    kind: str = ""  # producer, product, salespoint, fair, supplier
    upcoming_fairs: bool = False


@dataclass
class Hit:
    entry: SearchEntry
    score: float
    matched: list[str] = field(default_factory=list)


def _entries(f: Filters) -> QuerySet[SearchEntry]:
    qs = SearchEntry.objects.all()
    if f.commune:
        qs = qs.filter(commune_id=f.commune)
    if f.ocop_group:
        qs = qs.filter(ocop_group=f.ocop_group)
    if f.min_stars:
        qs = qs.filter(stars__gte=f.min_stars)
    if f.key_product:
        qs = qs.filter(key_product=True)
    if f.sales_kind:
        qs = qs.filter(sales_kind=f.sales_kind)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.upcoming_fairs:
        qs = qs.filter(kind="fair", fair_end__gte=date.today())
    return qs


@lru_cache(maxsize=1)
def _vocabulary(version: int) -> frozenset[str]:
    return frozenset(SearchToken.objects.values_list("token", flat=True).distinct()[:200_000])


_vocab_version = [0]


def vocabulary_changed() -> None:
    _vocab_version[0] += 1


def _near(word: str) -> set[str]:
    """Return vocabulary words one edit away from `word` (length 3 or more)."""
    if len(word) < 3:
        return set()
    letters = "abcdefghijklmnopqrstuvwxyz0123456789"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + c + b[1:] for a, b in splits if b for c in letters}
    edits |= {a + c + b for a, b in splits for c in letters}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    return (edits - {word}) & _vocabulary(_vocab_version[0])


def _scores_for(
    word: str, entries: QuerySet[SearchEntry], prefix: bool, typo: bool
) -> dict[int, float]:
    rows = SearchToken.objects.filter(entry__in=entries)
    if prefix and len(word) >= 2:
        rows = rows.filter(token__gte=word, token__lt=word + "\uffff")
    else:
        rows = rows.filter(token=word)
    scores: dict[int, float] = defaultdict(float)
    for entry_id, token, in_name in rows.values_list("entry_id", "token", "in_name")[:50_000]:
        exact = token == word
        value = (3.0 if in_name else 1.5) * (1.0 if exact else 0.7) * (0.6 if typo else 1.0)
        scores[entry_id] = max(scores[entry_id], value)
    return scores


def search(q: str, f: Filters | None = None, limit: int = 20) -> list[Hit]:
    """Return the best listings for `q`, best first."""
    f = f or Filters()
    if len(q) > MAX_QUERY:
        raise SearchError(
            _("The search text is too long (at most %(n)s characters).") % {"n": MAX_QUERY}
        )
    query_words = words(q)[:MAX_WORDS]
    entries = _entries(f)
    if not query_words:
        ranked = entries.order_by("-boost", "name")[:limit]
        return [Hit(e, e.boost) for e in ranked]
    per_word: list[dict[int, float]] = []
    for i, word in enumerate(query_words):
        last = i == len(query_words) - 1
        scores = _scores_for(word, entries, prefix=last, typo=False)
        if not scores:
            for near in sorted(_near(word))[:5]:
                for entry_id, value in _scores_for(near, entries, prefix=False, typo=True).items():
                    scores[entry_id] = max(scores.get(entry_id, 0), value)
        per_word.append(scores)
    common = set.intersection(*(set(s) for s in per_word)) if per_word else set()
    pool = common or set().union(*(set(s) for s in per_word))
    if not pool:
        return []
    totals = {pk: sum(s.get(pk, 0) for s in per_word) for pk in pool}
    best = sorted(totals, key=lambda pk: -totals[pk])[: max(limit * 5, 100)]
    phrase = " ".join(query_words)
    hits = []
    for entry in SearchEntry.objects.filter(pk__in=best):
        score = totals[entry.pk] + entry.boost
        if entry.folded_name.startswith(phrase):
            score += 4
        elif phrase in entry.folded_name:
            score += 2
        if entry.pk not in common:
            score -= 5  # matched only some of the words
        hits.append(Hit(entry, score))
    hits.sort(key=lambda h: (-h.score, h.entry.name))
    return hits[:limit]
