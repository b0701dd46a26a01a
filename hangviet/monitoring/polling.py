"""Press monitoring, from a feed to a suggested article (the poller's work, done by the
system: nothing here is decided by a person).

poll_due → poll_source (politeness, robots.txt, conditional GET, content hash, backoff,
pause after repeated failures) → ingest (URL normalisation, extraction, near-duplicates,
relevance) → suggestions that the publishing unit confirms or rejects (monitoring.services).
"""

import hashlib
import logging
import time
import urllib.robotparser
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hangviet.core import audit
from hangviet.core.text import nfc
from hangviet.core.typing import Actor
from hangviet.core.web import normalize_url
from hangviet.monitoring import dedup
from hangviet.monitoring.extract import extract
from hangviet.monitoring.feeds import FeedError, Item, parse
from hangviet.monitoring.fetch import USER_AGENT, Fetched, FetchError, fetch, parse_target
from hangviet.monitoring.judgement import judge, plan_for, themes_touched
from hangviet.monitoring.models import (
    Article,
    ArticleStatus,
    HostState,
    Source,
)
from hangviet.orgs.models import Unit
from hangviet.orgs.policy import coordinators

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


def _find_original(value: int, b: tuple[int, ...], published: date | None) -> Article | None:
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


def rest_host(host: str) -> None:
    """Push the host's next slot to `min_delay()` after now, if it is earlier."""
    until = timezone.now() + timedelta(seconds=min_delay())
    HostState.objects.filter(host=host).filter(
        Q(next_request_at__isnull=True) | Q(next_request_at__lt=until)
    ).update(next_request_at=until)


def polite_fetch(url: str, **conditional: str) -> Fetched:
    _scheme, host, _port, _uri = parse_target(url)  # refuses what could be read two ways
    if not robots_allow(url):
        raise FetchError(_("The site's robots.txt does not allow reading %(u)s.") % {"u": url})
    wait_for_host(host)
    try:
        return fetch(url, **conditional)
    finally:
        # The delay runs from the end of a request, not its start: a slow answer is not
        # followed at once by the next request (Crawl-delay as sites mean it).
        rest_host(host)


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
    except Exception as exc:  # one source's failure never stops the round
        log.exception("monitoring: source %s failed", source.pk)
        message = _("Unexpected error while reading the source (%(e)s).") % {
            "e": type(exc).__name__
        }
        _failed(source, message, now)
        return PollResult(source, "error", message=message)
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


def _succeeded(source: Source, now: datetime) -> None:
    recovered = source.failures
    source.last_polled_at = now
    source.last_success_at = now
    source.failures = 0
    source.last_error = ""
    source.next_poll_at = now + timedelta(minutes=source.interval_minutes)
    source.save()
    if recovered:
        # The times of each poll are the poller's own state; a source that starts or stops
        # working is a change people read in the unit's history.
        audit.record(
            "update",
            source,
            by=None,
            unit=source.unit,
            changes={"failures": [recovered, 0]},
            note="read again after failures",
        )


def _failed(source: Source, message: str, now: datetime) -> None:
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
    if source.failures == 1:
        audit.record(
            "update",
            source,
            by=None,
            unit=source.unit,
            changes={"failures": [0, 1], "last_error": [None, source.last_error[:200]]},
            note="could not be read",
        )
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
            source.unit,
        )


def _tell_coordinators(subject: str, body: str, unit: Unit | None = None) -> int:
    emails = sorted({person.email for person in coordinators(of=unit) if person.email})
    if emails:
        # Sent once what it reports is stored; a rolled-back poll tells nobody.
        transaction.on_commit(lambda: send_mail(subject, body, None, emails, fail_silently=True))
    return len(emails)


def poll_due(now: datetime | None = None) -> list[PollResult]:
    """Poll every enabled, unpaused source whose time has come."""
    now = now or timezone.now()
    due = Source.objects.filter(enabled=True, paused_at__isnull=True).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    )
    results = []
    for source in due.order_by("next_poll_at", "pk"):
        try:
            with transaction.atomic():
                results.append(poll_source(source))
        except Exception as exc:  # the next sources are polled all the same
            log.exception("monitoring: source %s failed while being stored", source.pk)
            source.refresh_from_db()
            _failed(source, type(exc).__name__, now)
            results.append(PollResult(source, "error", message=type(exc).__name__))
    return results


def check_silent(now: datetime | None = None) -> list[Source]:
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
                source.unit,
            )
            Source.objects.filter(pk=source.pk).update(silent_alerted_at=now)
    return silent
