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
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
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


def _token_filter(word: str, prefix: bool, typo_words: set[str] | None = None) -> Q:
    if typo_words is not None:
        return Q(token__in=sorted(typo_words))
    if prefix and len(word) >= 2:
        return Q(token__gte=word, token__lt=word + "\uffff")
    return Q(token=word)


def search(q: str, f: Filters | None = None, limit: int = 20) -> list[Hit]:
    """Return the best listings for `q`, best first.

    The database does the work: every word narrows the entries through the (token, entry)
    index, and the score is computed in the same query, so the cost follows the number of
    matches, not the size of the directory.
    """
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
    conditions = []
    for i, word in enumerate(query_words):
        last = i == len(query_words) - 1
        condition = _token_filter(word, last)
        typo = False
        if not SearchToken.objects.filter(condition).exists():
            near = _near(word)
            if not near:
                continue
            condition, typo = _token_filter(word, False, near), True
        conditions.append((condition, typo))
    if not conditions:
        return []

    def matches(condition: Q, in_name: bool | None = None):  # type: ignore[no-untyped-def]
        rows = SearchToken.objects.filter(condition, entry=OuterRef("pk"))
        return Exists(rows.filter(in_name=True) if in_name else rows)

    phrase = " ".join(query_words)
    score = F("boost") + Case(
        When(folded_name__startswith=phrase, then=Value(4.0)),
        When(folded_name__contains=phrase, then=Value(2.0)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    for condition, typo in conditions:
        weight = 0.6 if typo else 1.0
        score = score + Case(
            When(matches(condition, in_name=True), then=Value(3.0 * weight)),
            When(matches(condition), then=Value(1.5 * weight)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    every = entries
    for condition, _typo in conditions:
        ids = SearchToken.objects.filter(condition).values("entry_id")
        every = every.filter(pk__in=Subquery(ids))
    hits = list(every.annotate(score=score).order_by("-score", "name")[:limit])
    if not hits and len(conditions) > 1:
        any_word = Q()
        for condition, _typo in conditions:
            any_word |= Q(pk__in=Subquery(SearchToken.objects.filter(condition).values("entry_id")))
        hits = list(
            entries.filter(any_word).annotate(score=score - 5).order_by("-score", "name")[:limit]
        )
    return [Hit(entry, entry.score) for entry in hits]
