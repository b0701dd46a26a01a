"""Press monitoring's writes by people, permission-checked and audited: the sources, the
decisions on suggested articles (a confirmed one becomes an activity with source
"monitoring"; a rejected one is a decision the classifier learns from), the lexicon and the
classifier's training."""

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.activities.models import KIND_DEFAULTS, Activity, Status
from hangviet.activities.models import Source as ActivitySource
from hangviet.activities.services import activity_create
from hangviet.core import audit
from hangviet.core.text import nfc
from hangviet.core.typing import Actor, account_of
from hangviet.monitoring import learning, policy
from hangviet.monitoring.fetch import FetchError, parse_target
from hangviet.monitoring.judgement import plan_for
from hangviet.monitoring.models import (
    Article,
    ArticleStatus,
    ClassifierModel,
    LexiconTerm,
    Source,
)
from hangviet.monitoring.relevance import DEFAULT_LEXICON, NEGATIVE
from hangviet.orgs.models import UnitKind
from hangviet.plans.models import Channel

log = logging.getLogger(__name__)
User = Actor


# ---------------------------------------------------------------------------------------------
# Sources, decisions, lexicon (writes by people: permission-checked and audited)


@transaction.atomic
def source_save(*, source: Source, by: User, **fields: Any) -> Source:
    stored = Source.objects.select_related("unit").get(pk=source.pk) if source.pk else None
    unit = fields.get("unit") or (source.unit if source.unit_id else None)
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit that publishes the source.")})
    policy.require_source_edit(by, stored, new_unit=unit)
    before = audit.snapshot(source) if source.pk else {}
    for key, value in fields.items():
        setattr(source, key, nfc(value).strip() if isinstance(value, str) else value)
    if source.interval_minutes < 5:
        raise ValidationError({"interval_minutes": _("Poll at most every 5 minutes.")})
    try:
        parse_target(source.url)
    except FetchError as exc:
        raise ValidationError({"url": str(exc)}) from None
    if fields.get("enabled") and source.paused_at is not None:
        source.paused_at, source.failures = None, 0
        source.next_poll_at = None
    source.full_clean()
    source.save()
    audit.record(
        "update" if before else "create",
        source,
        by=by,
        unit=source.unit,
        changes=audit.diff(before, audit.snapshot(source)),
    )
    return source


@transaction.atomic
def source_resume(*, source: Source, by: User) -> Source:
    policy.require_source_edit(by, source)
    Source.objects.filter(pk=source.pk).update(paused_at=None, failures=0, next_poll_at=None)
    audit.record("update", source, by=by, unit=source.unit, changes={"paused_at": ["…", None]})
    source.refresh_from_db()
    return source


def _decidable(article: Article, by: User) -> None:
    policy.require_decide(by, article)
    if article.status not in (ArticleStatus.SUGGESTED, ArticleStatus.IRRELEVANT):
        raise ValidationError(_("This article was already decided."))


KIND_FOR_UNIT: dict[str, str] = {UnitKind.PRESS: "article"}


@transaction.atomic
def article_confirm(*, article: Article, by: User) -> Activity:
    """The publishing unit confirms: an activity (source "monitoring") with the article's
    URL as evidence, its themes and channel filled in."""
    article = Article.objects.select_for_update().select_related("source__unit").get(pk=article.pk)
    _decidable(article, by)
    unit = article.source.unit
    kind = KIND_FOR_UNIT.get(str(unit.kind), "portal_post")
    channel = article.source.channel or Channel.objects.get(code=KIND_DEFAULTS[kind][1])
    themes = list(article.themes.all())
    copies = list(article.copies.values_list("url", flat=True))
    summary = article.text[:600]
    if copies:
        summary += "\n" + _("Also published at: %(u)s") % {"u": ", ".join(copies[:10])}
    activity = activity_create(
        by=by,
        unit=unit,
        plan=themes[0].plan if themes else plan_for(article.published_on),
        channel=channel,
        kind=kind,
        title=article.title[:300],
        summary=summary,
        date=article.published_on or timezone.localdate(),
        url=article.url[:500],
        source=ActivitySource.MONITORING,
        status=Status.CONFIRMED,
        themes=themes,
    )
    _decide(article, by, ArticleStatus.CONFIRMED, activity)
    return activity


@transaction.atomic
def article_reject(*, article: Article, by: User) -> Article:
    article = Article.objects.select_for_update().select_related("source__unit").get(pk=article.pk)
    _decidable(article, by)
    _decide(article, by, ArticleStatus.REJECTED, None)
    return article


def _decide(article: Article, by: User, status: str, activity: Activity | None) -> None:
    before = article.status
    article.status = status
    article.activity = activity
    article.decided_by = account_of(by)
    article.decided_at = timezone.now()
    article.save(update_fields=["status", "activity", "decided_by", "decided_at", "updated_at"])
    audit.record(
        "update", article, by=by, unit=article.source.unit, changes={"status": [before, status]}
    )


@transaction.atomic
def lexicon_save(
    *, by: User, term: LexiconTerm | None, topic: str, phrase: str, weight: float
) -> LexiconTerm:
    policy.require_coordinator(by)
    phrase = " ".join(nfc(phrase).lower().split())
    if not phrase:
        raise ValidationError({"phrase": _("Write the phrase.")})
    if not -10 <= weight <= 10:
        raise ValidationError({"weight": _("The weight is between -10 and 10.")})
    if topic == NEGATIVE and weight > 0:
        weight = -weight
    # Saving a phrase that is already there changes its weight.
    term = term or LexiconTerm.objects.filter(topic=topic, phrase=phrase[:200]).first()
    term = term or LexiconTerm()
    before = audit.snapshot(term) if term.pk else {}
    term.topic, term.phrase, term.weight = topic, phrase[:200], weight
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError:
        raise ValidationError({"phrase": _("This phrase is already in the lexicon.")}) from None
    audit.record(
        "update" if before else "create",
        term,
        by=by,
        changes=audit.diff(before, audit.snapshot(term)),
    )
    return term


@transaction.atomic
def lexicon_delete(*, by: User, term: LexiconTerm) -> None:
    policy.require_coordinator(by)
    audit.record("delete", term, by=by, changes={"phrase": [term.phrase, None]})
    term.delete()


@transaction.atomic
def lexicon_reset(*, by: User) -> int:
    """Replace the lexicon by the team's default; return the number of phrases. One audit row
    says how many phrases were dropped and how many put back."""
    policy.require_coordinator(by)
    dropped = LexiconTerm.objects.count()
    LexiconTerm.objects.all().delete()
    made = LexiconTerm.objects.bulk_create(
        [LexiconTerm(topic=t, phrase=p, weight=w) for t, p, w in DEFAULT_LEXICON]
    )
    audit.record(
        "update",
        LexiconTerm,
        by=by,
        note="lexicon reset to the default",
        changes={"phrases": [dropped, len(made)]},
    )
    return len(made)


def retrain() -> ClassifierModel | None:
    """Train the classifier on every confirm/reject decision; None when there are too few."""
    decided = list(
        Article.objects.filter(
            status__in=[ArticleStatus.CONFIRMED, ArticleStatus.REJECTED]
        ).values_list("title", "text", "status")
    )
    labels = [status == ArticleStatus.CONFIRMED for _t, _x, status in decided]
    if not learning.enough(labels):
        return None
    trained = learning.train([(t, x) for t, x, _s in decided], labels)
    with transaction.atomic():
        model = ClassifierModel.objects.create(
            examples=trained.examples,
            positives=trained.positives,
            cv_precision=trained.cv_precision,
            cv_recall=trained.cv_recall,
            blob=trained.blob(),
        )
        audit.record(
            "create",
            model,
            by=None,
            changes={
                "examples": [None, trained.examples],
                "cv_precision": [None, trained.cv_precision],
                "cv_recall": [None, trained.cv_recall],
            },
            note="classifier retrained on the decisions",
        )
    return model


def decision_count() -> int:
    return Article.objects.filter(
        status__in=[ArticleStatus.CONFIRMED, ArticleStatus.REJECTED]
    ).count()
