"""Press monitoring, from a feed to a suggested activity.

poll_due → poll_source (politeness, robots.txt, conditional GET, content hash, backoff,
pause after repeated failures) → ingest (URL normalisation, extraction, near-duplicates,
relevance) → suggestions that the publishing unit confirms (an activity with source
"monitoring") or rejects (a decision the classifier learns from).
"""

import hashlib
import logging
import time
import urllib.robotparser
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, Max, Q, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hangviet.core import audit
from hangviet.core.text import nfc
from hangviet.core.typing import Actor, account_of
from hangviet.core.web import normalize_url
from hangviet.monitoring import dedup, learning
from hangviet.monitoring.extract import extract
from hangviet.monitoring.feeds import FeedError, Item, parse
from hangviet.monitoring.fetch import USER_AGENT, FetchError, fetch, parse_target
from hangviet.monitoring.models import (
    Article,
    ArticleStatus,
    ClassifierModel,
    HostState,
    LexiconTerm,
    Source,
)
from hangviet.monitoring.relevance import NEGATIVE, THRESHOLD, Lexicon, Match, Term
from hangviet.orgs.models import Role, RoleAssignment, UnitKind
from hangviet.orgs.permissions import Action, require, require_somewhere
from hangviet.plans.models import Plan, Theme

log = logging.getLogger(__name__)
User = Actor

MAX_NEW_PER_ROUND = 30
ROBOTS_MAX_AGE = timedelta(hours=24)
MAX_BACKOFF = timedelta(hours=24)


def max_failures() -> int:
    return int(getattr(settings, "MONITOR_MAX_FAILURES", 5))


def min_delay() -> float:
    return float(getattr(settings, "MONITOR_MIN_DELAY", 5.0))


def silent_after() -> timedelta:
    return timedelta(days=int(getattr(settings, "MONITOR_SILENT_DAYS", 14)))


# ---------------------------------------------------------------------------------------------
# Judging relevance


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
    model_score, features = None, []
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


# ---------------------------------------------------------------------------------------------
# Ingesting an article


def _text_for(title: str, text: str) -> str:
    """What the near-duplicate hash is computed on: the body (portals rewrite headlines when
    they take a story), or the title when there is no body."""
    return text if len(text.split()) >= 20 else f"{title}\n{text}"


def ingest(
    *,
    source: Source,
    url: str,
    title: str,
    text: str,
    published: date | None = None,
    author: str = "",
) -> tuple[Article, bool]:
    """Store one article (or find it again); return it and whether it is new.

    The same URL in another form (tracking parameters, "m." host, fragment) is the same
    article; a story syndicated under another URL is kept as a duplicate of the first one."""
    key = normalize_url(url) or url
    existing = Article.objects.filter(url_key=key[:1000]).first()
    if existing is not None:
        return existing, False
    title, text = nfc(title or "").strip()[:500], nfc(text or "").strip()
    if not title and not text:
        raise ValidationError(_("The article has neither a title nor any text."))
    value = dedup.simhash(_text_for(title, text))
    signed = dedup.to_signed(value)
    b = dedup.bands(value)
    original = _find_original(value, b, published)
    judgement = judge(title, text)
    plan = plan_for(published)
    if original is not None:
        status = ArticleStatus.DUPLICATE
    elif judgement.relevant:
        status = ArticleStatus.SUGGESTED
    else:
        status = ArticleStatus.IRRELEVANT
    try:
        with transaction.atomic():
            article = Article.objects.create(
                source=source,
                url=url[:1000],
                url_key=key[:1000],
                title=title or text[:120],
                author=nfc(author)[:200],
                published_on=published or timezone.localdate(),
                text=text[:200_000],
                simhash=signed,
                **{f"band{i}": band for i, band in enumerate(b)},
                duplicate_of=original,
                score=judgement.score,
                lexicon_score=judgement.lexicon_score,
                model_score=judgement.model_score,
                topics=judgement.topics,
                matches=[m.as_dict() for m in judgement.matches],
                status=status,
            )
            article.themes.set(themes_touched(plan, judgement.topics))
    except IntegrityError:
        # Another worker stored the same URL a moment ago (a retried task): keep theirs.
        return Article.objects.get(url_key=key[:1000]), False
    return article, True


def _find_original(value: int, b: tuple[int, ...], published: date | None):
    """The first article of the same story published within the window, if any."""
    if value == 0:
        return None
    day = published or timezone.localdate()
    shares_a_band = Q()
    for i, band in enumerate(b):
        shares_a_band |= Q(**{f"band{i}": band})
    candidates = (
        Article.objects.filter(
            duplicate_of__isnull=True,
            published_on__gte=day - timedelta(days=dedup.WINDOW_DAYS),
            published_on__lte=day + timedelta(days=dedup.WINDOW_DAYS),
        )
        .filter(shares_a_band)
        .values_list("pk", "simhash")
        .order_by("pk")
    )
    signed = dedup.to_signed(value)
    for pk, other in candidates:
        if dedup.near(signed, other):
            return Article.objects.get(pk=pk)
    return None


# ---------------------------------------------------------------------------------------------
# Polling


@dataclass
class PollResult:
    source: Source
    status: str  # "new", "not_modified", "unchanged", "error", "skipped"
    new: int = 0
    relevant: int = 0
    message: str = ""


def wait_for_host(host: str) -> None:
    """Claim the next request slot for `host`: one request at a time, `min_delay()` apart,
    across every worker (the claim is an optimistic update of one row)."""
    HostState.objects.get_or_create(host=host)
    while True:
        now = timezone.now()
        state = HostState.objects.get(host=host)
        if state.next_request_at is None or state.next_request_at <= now:
            claimed = HostState.objects.filter(
                pk=state.pk, next_request_at=state.next_request_at
            ).update(next_request_at=now + timedelta(seconds=min_delay()))
            if claimed:
                return
            continue
        time.sleep(min(5.0, (state.next_request_at - now).total_seconds()))


def polite_fetch(url: str, **conditional: str):
    _scheme, host, _port, _uri = parse_target(url)  # refuses what could be read two ways
    if not robots_allow(url):
        raise FetchError(_("The site's robots.txt does not allow reading %(u)s.") % {"u": url})
    wait_for_host(host)
    return fetch(url, **conditional)


def robots_allow(url: str) -> bool:
    scheme, host, port, _uri = parse_target(url)
    state, _created = HostState.objects.get_or_create(host=host)
    now = timezone.now()
    if state.robots_fetched_at is None or now - state.robots_fetched_at > ROBOTS_MAX_AGE:
        default = 443 if scheme == "https" else 80
        netloc = f"[{host}]" if ":" in host else host
        robots_url = f"{scheme}://{netloc}{'' if port == default else f':{port}'}/robots.txt"
        wait_for_host(host)
        try:
            answer = fetch(robots_url)
            text = answer.text() if answer.content_type.startswith("text/") else ""
        except FetchError:
            text = ""  # no robots.txt (or an error page): everything is allowed
        HostState.objects.filter(pk=state.pk).update(
            robots_txt=text[:100_000], robots_fetched_at=now
        )
        state.robots_txt = text
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(state.robots_txt.splitlines())
    return parser.can_fetch(USER_AGENT, url)


def poll_source(source: Source) -> PollResult:
    """Read one source once. Errors are recorded on the source, never raised."""
    now = timezone.now()
    try:
        fetched = polite_fetch(source.url, etag=source.etag, last_modified=source.last_modified)
        if fetched.not_modified:
            _succeeded(source, now)
            return PollResult(source, "not_modified")
        digest = hashlib.sha256(fetched.body).hexdigest()
        source.etag = fetched.headers.get("etag", "")[:300]
        source.last_modified = fetched.headers.get("last-modified", "")[:100]
        if digest == source.content_hash:
            _succeeded(source, now)
            return PollResult(source, "unchanged")
        items = parse(fetched.body)
    except (FetchError, FeedError) as exc:
        _failed(source, str(exc), now)
        return PollResult(source, "error", message=str(exc))
    result = PollResult(source, "new")
    for item in _unknown(items)[:MAX_NEW_PER_ROUND]:
        try:
            article, created = _ingest_item(source, item)
        except (FetchError, ValidationError) as exc:
            log.info("monitoring: %s: %s", item.url, exc)
            continue
        if created:
            result.new += 1
            result.relevant += article.status == ArticleStatus.SUGGESTED
    source.content_hash = digest
    if result.new:
        source.articles_found += result.new
        source.last_article_at = now
        source.silent_alerted_at = None
    _succeeded(source, now)
    return result


def _unknown(items: list[Item]) -> list[Item]:
    keys = {normalize_url(i.url) or i.url: i for i in items}
    known = set(Article.objects.filter(url_key__in=list(keys)).values_list("url_key", flat=True))
    return [item for key, item in keys.items() if key not in known]


def _ingest_item(source: Source, item: Item) -> tuple[Article, bool]:
    title, text, author, published = item.title, item.summary, item.author, item.published
    page = polite_fetch(item.url)
    if page.content_type in ("text/html", "application/xhtml+xml", ""):
        extracted = extract(page.text(), url=page.url)
        if extracted is not None:
            title = title or extracted.title
            text = extracted.text or text
            author = author or extracted.author
            published = published or extracted.published
    return ingest(
        source=source, url=item.url, title=title, text=text, published=published, author=author
    )


def _succeeded(source: Source, now) -> None:
    source.last_polled_at = now
    source.last_success_at = now
    source.failures = 0
    source.last_error = ""
    source.next_poll_at = now + timedelta(minutes=source.interval_minutes)
    source.save()


def _failed(source: Source, message: str, now) -> None:
    source.last_polled_at = now
    source.failures += 1
    source.last_error = message[:2000]
    source.last_error_at = now
    backoff = timedelta(minutes=source.interval_minutes) * (2 ** min(source.failures, 10))
    source.next_poll_at = now + min(backoff, MAX_BACKOFF)
    paused_now = source.failures >= max_failures() and source.paused_at is None
    if paused_now:
        source.paused_at = now
    source.save()
    if paused_now:
        audit.record(
            "update",
            source,
            by=None,
            unit=source.unit,
            changes={"paused_at": [None, now.isoformat()]},
            note=f"paused after {source.failures} failures: {message[:200]}",
        )
        _tell_coordinators(
            _("Press monitoring: source “%(s)s” paused") % {"s": source.name},
            _(
                "The source “%(s)s” (%(u)s) failed %(n)s times in a row and was paused.\n"
                "Last error: %(e)s\nResume it on the sources page once the address works."
            )
            % {"s": source.name, "u": source.url, "n": source.failures, "e": message},
        )


def _tell_coordinators(subject: str, body: str) -> int:
    emails = sorted(
        {
            ra.user.email
            for ra in RoleAssignment.objects.filter(role=Role.COORDINATOR).select_related("user")
            if ra.user.email
        }
    )
    if emails:
        send_mail(subject, body, None, emails, fail_silently=True)
    return len(emails)


def poll_due(now=None) -> list[PollResult]:
    """Poll every enabled, unpaused source whose time has come."""
    now = now or timezone.now()
    due = Source.objects.filter(enabled=True, paused_at__isnull=True).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    )
    return [poll_source(source) for source in due.order_by("next_poll_at", "pk")]


def check_silent(now=None) -> list[Source]:
    """Tell the coordinator once about each source that used to publish and went silent."""
    now = now or timezone.now()
    silent = list(
        Source.objects.filter(
            enabled=True,
            paused_at__isnull=True,
            last_article_at__lt=now - silent_after(),
            silent_alerted_at__isnull=True,
        )
    )
    with translation.override(settings.LANGUAGE_CODE):
        for source in silent:
            _tell_coordinators(
                _("Press monitoring: “%(s)s” has published nothing new") % {"s": source.name},
                _("No new article was found in “%(s)s” (%(u)s) since %(d)s.")
                % {
                    "s": source.name,
                    "u": source.url,
                    "d": timezone.localtime(source.last_article_at).strftime("%d/%m/%Y"),
                },
            )
            Source.objects.filter(pk=source.pk).update(silent_alerted_at=now)
    return silent


# ---------------------------------------------------------------------------------------------
# Sources, decisions, lexicon (writes by people: permission-checked and audited)


def require_coordinator(by: User) -> None:
    """The lexicon and the sources belong to the campaign's coordinators."""
    require_somewhere(by, Action.MANAGE, _("Only the campaign's coordinators may do this."))


@transaction.atomic
def source_save(*, source: Source, by: User, **fields: Any) -> Source:
    require(by, Action.MANAGE, fields.get("unit", getattr(source, "unit", None)))
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
    require(by, Action.MANAGE, source.unit)
    Source.objects.filter(pk=source.pk).update(paused_at=None, failures=0, next_poll_at=None)
    audit.record("update", source, by=by, unit=source.unit, changes={"paused_at": ["…", None]})
    source.refresh_from_db()
    return source


def _decidable(article: Article, by: User) -> None:
    require(by, Action.EDIT, article.source.unit)
    if article.status not in (ArticleStatus.SUGGESTED, ArticleStatus.IRRELEVANT):
        raise ValidationError(_("This article was already decided."))


KIND_FOR_UNIT = {UnitKind.PRESS: "article"}


@transaction.atomic
def article_confirm(*, article: Article, by: User) -> Any:
    """The publishing unit confirms: an activity (source "monitoring") with the article's
    URL as evidence, its themes and channel filled in."""
    from hangviet.activities.models import KIND_DEFAULTS, Status
    from hangviet.activities.models import Source as ActivitySource
    from hangviet.activities.services import activity_create
    from hangviet.plans.models import Channel

    article = Article.objects.select_for_update().select_related("source__unit").get(pk=article.pk)
    _decidable(article, by)
    unit = article.source.unit
    kind = KIND_FOR_UNIT.get(unit.kind, "portal_post")
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


def _decide(article: Article, by: User, status: str, activity: Any) -> None:
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
def lexicon_save(*, by: User, term: LexiconTerm | None, topic: str, phrase: str, weight: float):
    require_coordinator(by)
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
    require_coordinator(by)
    audit.record("delete", term, by=by, changes={"phrase": [term.phrase, None]})
    term.delete()


def lexicon_reset() -> int:
    """Replace the lexicon by the team's default; return the number of phrases."""
    from hangviet.monitoring.relevance import DEFAULT_LEXICON

    with transaction.atomic():
        LexiconTerm.objects.all().delete()
        LexiconTerm.objects.bulk_create(
            [LexiconTerm(topic=t, phrase=p, weight=w) for t, p, w in DEFAULT_LEXICON]
        )
    return len(DEFAULT_LEXICON)


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
    return ClassifierModel.objects.create(
        examples=trained.examples,
        positives=trained.positives,
        cv_precision=trained.cv_precision,
        cv_recall=trained.cv_recall,
        blob=trained.blob(),
    )


def decision_count() -> int:
    return Article.objects.filter(
        status__in=[ArticleStatus.CONFIRMED, ArticleStatus.REJECTED]
    ).count()
