"""Polling against a real HTTP server on 127.0.0.1: conditional GET, content hash, politeness,
robots.txt, and every way a server can misbehave."""

import gzip
import io
import json
import time

import pytest
from django.core import mail
from django.core.management import call_command

from hangviet.activities.models import Activity
from hangviet.core.models import AuditEvent
from hangviet.monitoring import polling, services
from hangviet.monitoring.feeds import FeedError, parse
from hangviet.monitoring.models import Article, ArticleStatus, Source
from hangviet.monitoring.tests.conftest import page, rss

pytestmark = pytest.mark.django_db

CAMPAIGN = (
    "Sáng 2/3, Sở Công Thương tổ chức phiên chợ hàng Việt tại xã Phú Đình với 40 gian hàng "
    "của doanh nghiệp trong tỉnh, hưởng ứng Cuộc vận động “Người Việt Nam ưu tiên dùng hàng "
    "Việt Nam”.\nNgười dân được mua hàng hóa chất lượng, sản phẩm OCOP của địa phương."
)
GOLD = "Giá vàng miếng sáng nay tăng 500 nghìn đồng mỗi lượng; tỷ giá USD ổn định."


def make_source(site, unit, path="/rss.xml", **kw) -> Source:
    return Source.objects.create(
        unit=unit, name=kw.pop("name", "Báo thử"), url=site.url(path), **kw
    )


def newspaper(site) -> None:
    site.routes["/rss.xml"] = (
        200,
        {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": '"v1"'},
        rss(
            [
                (site.url("/cho-hang-viet?utm_source=rss"), "Phiên chợ hàng Việt về Phú Đình", ""),
                (site.url("/gia-vang"), "Giá vàng tăng", ""),
            ]
        ),
    )
    site.routes["/cho-hang-viet?utm_source=rss"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        page("Phiên chợ hàng Việt về Phú Đình", CAMPAIGN),
    )
    site.routes["/gia-vang"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        page("Giá vàng tăng", GOLD),
    )


def test_poll_finds_judges_and_suggests(site, world):
    newspaper(site)
    source = make_source(site, world["commune"])
    result = polling.poll_source(source)
    assert (result.status, result.new, result.relevant) == ("new", 2, 1)
    found = Article.objects.get(title__startswith="Phiên chợ")
    assert found.status == ArticleStatus.SUGGESTED and found.author == "Minh Anh"
    assert "40 gian hàng" in found.text and "Giấy phép" not in found.text  # no footer
    assert found.url_key.endswith("/cho-hang-viet")  # tracking parameter dropped
    assert any(m["phrase"] == "phiên chợ hàng việt" for m in found.matches)
    assert Article.objects.get(title="Giá vàng tăng").status == ArticleStatus.IRRELEVANT
    source.refresh_from_db()
    assert source.articles_found == 2 and source.etag == '"v1"' and source.failures == 0


def test_conditional_get_and_content_hash(site, world):
    newspaper(site)
    source = make_source(site, world["commune"])
    polling.poll_source(source)

    # The server honours If-None-Match.
    def conditional(handler):
        handler.send_response(304 if handler.headers.get("If-None-Match") == '"v1"' else 200)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    site.routes["/rss.xml"], body = conditional, site.routes["/rss.xml"][2]
    assert polling.poll_source(source).status == "not_modified"
    assert site.hits("/rss.xml")[-1]["If-None-Match"] == '"v1"'
    # A server that ignores conditional GET and sends the same bytes: the hash says unchanged,
    # and no article page is fetched again.
    site.routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, body)
    pages_before = len(site.hits("/gia-vang"))
    assert polling.poll_source(source).status == "unchanged"
    assert len(site.hits("/gia-vang")) == pages_before
    assert Article.objects.count() == 2


def test_politeness_one_host_spaced_requests_and_robots(site, world, settings):
    newspaper(site)
    site.routes["/robots.txt"] = (
        200,
        {"Content-Type": "text/plain"},
        b"User-agent: *\nDisallow: /cam/\n",
    )
    source = make_source(site, world["commune"])
    polling.poll_source(source)
    times = [t for t, path, _h in site.log if path != "/robots.txt"]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert gaps and min(gaps) >= settings.MONITOR_MIN_DELAY * 0.9
    assert len(site.hits("/robots.txt")) == 1  # fetched once, then remembered
    blocked = make_source(site, world["commune"], path="/cam/rss.xml", name="Cấm")
    result = polling.poll_source(blocked)
    assert result.status == "error" and "robots.txt" in result.message
    assert not site.hits("/cam/rss.xml")


def test_a_story_syndicated_on_two_portals_is_one_story(site, world):
    newspaper(site)
    first = make_source(site, world["commune"])
    polling.poll_source(first)
    site.routes["/khac/rss.xml"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        rss([(site.url("/khac/bai-1"), "Phú Đình: phiên chợ hàng Việt", "")]),
    )
    site.routes["/khac/bai-1"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        page("Phú Đình: phiên chợ hàng Việt", CAMPAIGN + "\n(Theo Báo Thái Nguyên)"),
    )
    second = make_source(site, world["sibling"], path="/khac/rss.xml", name="Cổng xã")
    polling.poll_source(second)
    copy = Article.objects.get(url__endswith="/khac/bai-1")
    assert copy.status == ArticleStatus.DUPLICATE
    assert copy.duplicate_of.title.startswith("Phiên chợ hàng Việt về")


@pytest.mark.parametrize(
    "route, expected",
    [
        (
            (200, {"Content-Type": "text/html"}, b"<!doctype html><html><body>Loi</body></html>"),
            "trang web",
        ),
        ((200, {"Content-Type": "application/xml"}, b"<rss><channel><item>"), "XML"),
        ((500, {"Content-Type": "text/html"}, b"oops"), "HTTP 500"),
        ((200, {"Content-Type": "application/xml"}, b""), "trống"),
        ((200, {"Content-Type": "application/xml", "Content-Length": str(2**30)}, b""), "quá lớn"),
        ((301, {"Location": "/rss.xml"}, b""), "vòng"),
    ],
)
def test_broken_feeds_give_a_clear_error_state(site, world, route, expected):
    site.routes["/rss.xml"] = route
    source = make_source(site, world["commune"])
    result = polling.poll_source(source)
    source.refresh_from_db()
    assert result.status == "error" and expected in source.last_error, source.last_error
    assert source.failures == 1 and source.next_poll_at is not None
    assert not Article.objects.exists()


def test_gzip_bomb_and_endless_body_stop_at_the_limit(site, world):
    bomb = gzip.compress(b"\0" * 20_000_000)  # 20 MB of zeros in about 20 KB
    site.routes["/rss.xml"] = (
        200,
        {"Content-Type": "application/xml", "Content-Encoding": "gzip"},
        bomb,
    )
    source = make_source(site, world["commune"])
    assert polling.poll_source(source).status == "error"
    source.refresh_from_db()
    assert "vượt quá" in source.last_error

    def endless(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/xml")
        handler.end_headers()
        try:
            for _ in range(10_000):
                handler.wfile.write(b"<x>" * 1000)
        except (BrokenPipeError, ConnectionResetError):
            pass

    site.routes["/rss.xml"] = endless
    assert polling.poll_source(source).status == "error"
    source.refresh_from_db()
    assert "quá lớn" in source.last_error


def test_a_slow_loris_server_cannot_hold_the_worker(site, world):
    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/xml")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        try:
            for _ in range(100):
                handler.wfile.write(b"<")
                handler.wfile.flush()
                time.sleep(0.3)
        except (BrokenPipeError, ConnectionResetError):
            pass

    site.routes["/rss.xml"] = trickle
    source = make_source(site, world["commune"])
    started = time.monotonic()
    result = polling.poll_source(source)
    assert result.status == "error" and time.monotonic() - started < 6
    source.refresh_from_db()
    assert "chậm" in source.last_error


def test_wrong_declared_encoding_is_read_correctly(site, world):
    newspaper(site)
    site.routes["/cho-hang-viet?utm_source=rss"] = (
        200,
        {"Content-Type": "text/html; charset=windows-1252"},  # a lie: the bytes are UTF-8
        page("Phiên chợ hàng Việt về Phú Đình", CAMPAIGN),
    )
    polling.poll_source(make_source(site, world["commune"]))
    assert Article.objects.filter(title="Phiên chợ hàng Việt về Phú Đình").exists()


def test_repeated_failures_pause_the_source_and_tell_the_coordinator(
    site, world, people, settings, django_capture_on_commit_callbacks
):
    settings.MONITOR_MAX_FAILURES = 3
    people["carol"].email = "carol@example.vn"
    people["carol"].save()
    site.routes["/rss.xml"] = (503, {}, b"")
    source = make_source(site, world["commune"], interval_minutes=30)
    waits = []
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            polling.poll_source(source)
        source.refresh_from_db()
        waits.append((source.next_poll_at - source.last_polled_at).total_seconds() / 60)
    assert waits == [60, 120, 240]  # backoff: the interval doubled after each failure
    source.refresh_from_db()
    assert source.paused_at is not None and source.state == "paused"
    assert len(mail.outbox) == 1 and "carol@example.vn" in mail.outbox[0].to
    assert source.name in mail.outbox[0].subject
    assert polling.poll_due() == []  # a paused source is not polled
    services.source_resume(source=source, by=people["carol"])
    newspaper(site)
    assert [r.status for r in polling.poll_due()] == ["new"]


def test_a_source_gone_silent_is_reported_once(
    site, world, people, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    people["carol"].email = "carol@example.vn"
    people["carol"].save()
    source = make_source(site, world["commune"])
    Source.objects.filter(pk=source.pk).update(last_article_at=timezone.now() - timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        assert polling.check_silent() == [source]
        assert polling.check_silent() == []
    assert len(mail.outbox) == 1


def test_monitor_poll_command_runs_one_round(site, world):
    newspaper(site)
    make_source(site, world["commune"])
    out = io.StringIO()
    call_command("monitor", "poll", stdout=out)
    assert "new=2" in out.getvalue() and "relevant=1" in out.getvalue()


def test_confirm_makes_an_activity_reject_trains_and_siblings_cannot(site, world, people):
    from django.core.exceptions import PermissionDenied

    newspaper(site)
    polling.poll_source(make_source(site, world["commune"]))
    suggestion = Article.objects.get(status=ArticleStatus.SUGGESTED)
    with pytest.raises(PermissionDenied):
        services.article_confirm(article=suggestion, by=people["bob"])
    activity = services.article_confirm(article=suggestion, by=people["alice"])
    assert activity.source == "monitoring" and activity.status == "confirmed"
    assert activity.unit == world["commune"] and activity.url.endswith("utm_source=rss")
    assert activity.kind == "portal_post" and activity.channel.code == "agency_portal"
    suggestion.refresh_from_db()
    assert suggestion.status == ArticleStatus.CONFIRMED and suggestion.activity == activity
    # Deciding twice is refused; the other article can be rejected.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.article_confirm(article=suggestion, by=people["alice"])
    other = Article.objects.get(status=ArticleStatus.IRRELEVANT)
    services.article_reject(article=other, by=people["alice"])
    assert Activity.objects.count() == 1


def test_classify_command_prints_one_json_line_per_file(tmp_path):
    html = tmp_path / "bai.html"
    html.write_bytes(page("Đưa hàng Việt về nông thôn", CAMPAIGN))
    txt = tmp_path / "gia.txt"
    txt.write_text("Giá vàng tăng\n" + GOLD, encoding="utf-8")
    empty = tmp_path / "trong.html"
    empty.write_text("<html><body></body></html>")
    out = io.StringIO()
    call_command("monitor", "classify", str(html), str(txt), str(empty), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["file"] for line in lines] == [str(html), str(txt), str(empty)]
    assert lines[0]["relevant"] is True and lines[0]["score"] > 0.9
    assert "Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”" in lines[0]["themes"]
    assert {"phrase", "count", "points"} <= set(lines[0]["matches"][0])
    assert lines[1]["relevant"] is False and lines[1]["score"] < 0.1
    assert lines[2]["relevant"] is False and lines[2]["matches"] == []


def test_a_moved_feed_is_followed(site, world):
    newspaper(site)
    site.routes["/cu/rss.xml"] = (301, {"Location": "/rss.xml"}, b"")
    result = polling.poll_source(make_source(site, world["commune"], path="/cu/rss.xml"))
    assert (result.status, result.new) == ("new", 2)


def test_in_production_a_source_inside_the_network_is_refused(site, world, settings):
    settings.MONITOR_ALLOW_PRIVATE_ADDRESSES = False
    newspaper(site)
    result = polling.poll_source(make_source(site, world["commune"]))
    assert result.status == "error" and "trong mạng nội bộ" in result.message
    assert not site.hits("/rss.xml")


# Issue #27, finding 4: one hostile feed stopped all monitoring, silently.


HOSTILE = b'<?xml version="1.0" encoding="x-no-such"?><rss><channel></channel></rss>'


def test_a_hostile_feed_is_a_feed_error_and_the_round_goes_on(site, world):
    with pytest.raises(FeedError):
        parse(HOSTILE)
    site.routes["/bad.xml"] = (200, {"Content-Type": "application/rss+xml"}, HOSTILE)
    site.routes["/rss.xml"] = (
        200,
        {"Content-Type": "application/rss+xml; charset=utf-8"},
        rss([(site.url("/bai"), "Phiên chợ hàng Việt", "")]),
    )
    site.routes["/bai"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        page("Phiên chợ hàng Việt", "Đưa hàng Việt về nông thôn, hưởng ứng Cuộc vận động."),
    )
    bad = Source.objects.create(unit=world["commune"], name="Xấu", url=site.url("/bad.xml"))
    good = Source.objects.create(unit=world["sibling"], name="Tốt", url=site.url("/rss.xml"))
    results = {r.source.pk: r for r in polling.poll_due()}
    assert results[bad.pk].status == "error" and results[good.pk].status == "new"
    bad.refresh_from_db()
    assert bad.failures == 1 and "x-no-such" in bad.last_error
    assert AuditEvent.objects.filter(object_id=str(bad.pk), note="could not be read").exists()
