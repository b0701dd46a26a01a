"""Server-side request forgery: what the fetcher refuses, and that it connects to the address it
checked. Against the real HTTP server of conftest on 127.0.0.1."""

import socket

import pytest

from hangviet.monitoring import fetch, polling
from hangviet.monitoring.fetch import FetchError
from hangviet.monitoring.tests.conftest import page, rss
from hangviet.monitoring.tests.test_polling import CAMPAIGN, make_source

pytestmark = pytest.mark.django_db

REAL_GETADDRINFO = socket.getaddrinfo


def fake_dns(monkeypatch, answers: dict[str, list[list[str]]]) -> list[str]:
    """Answer the names in `answers` with successive lists of addresses; return the log of
    names asked. Other names resolve as usual."""
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        if host not in answers:
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        queue = answers[host]
        addresses = queue.pop(0) if len(queue) > 1 else queue[0]
        return [
            (
                socket.AF_INET6 if ":" in a else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (a, port, 0, 0) if ":" in a else (a, port),
            )
            for a in addresses
        ]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", getaddrinfo)
    return asked


def test_a_backslash_before_userinfo_does_not_reach_the_internal_server(site, world, settings):
    # urlsplit reads the host as 8.8.8.8; urllib3 connects to 127.0.0.1. Refused either way.
    site.routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss([]))
    port = site.server.server_address[1]
    source = polling.Source.objects.create(
        unit=world["commune"], name="Hiểm", url=f"http://127.0.0.1:{port}\\@8.8.8.8/rss.xml"
    )
    for allow in (False, True):
        settings.MONITOR_ALLOW_PRIVATE_ADDRESSES = allow
        result = polling.poll_source(source)
        assert result.status == "error" and "ký tự không được phép" in result.message
    assert site.log == []


@pytest.mark.parametrize(
    "url",
    [
        "http://user:secret@bao.example/rss.xml",
        "http://bao.example@127.0.0.1/rss.xml",
        "http://bao.example/rss.xml\r\nX-Injected: 1",
        "file:///etc/passwd",
        "gopher://127.0.0.1:6379/_FLUSHALL",
        "http:///no-host",
    ],
)
def test_urls_that_two_parsers_could_read_differently_are_refused(url, settings):
    settings.MONITOR_ALLOW_PRIVATE_ADDRESSES = True
    with pytest.raises(FetchError):
        fetch.resolve(url)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # shared address space (carrier-grade NAT)
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "2002:7f00:1::1",  # 6to4 around 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 around 10.0.0.1
    ],
)
def test_in_production_every_internal_address_is_refused(address, settings, monkeypatch):
    settings.MONITOR_ALLOW_PRIVATE_ADDRESSES = False
    fake_dns(monkeypatch, {"bao.example": [[address]]})
    with pytest.raises(FetchError, match="trong mạng nội bộ"):
        fetch.resolve("http://bao.example/rss.xml")


def test_a_name_with_one_internal_address_among_public_ones_is_refused(settings, monkeypatch):
    settings.MONITOR_ALLOW_PRIVATE_ADDRESSES = False
    fake_dns(monkeypatch, {"bao.example": [["93.184.216.34", "127.0.0.1"]]})
    with pytest.raises(FetchError, match="trong mạng nội bộ"):
        fetch.resolve("http://bao.example/rss.xml")
    fake_dns(monkeypatch, {"bao.example": [["93.184.216.34", "2606:4700::1"]]})
    target = fetch.resolve("http://bao.example/rss.xml")
    assert target.addresses == ("93.184.216.34", "2606:4700::1")


def test_the_name_is_resolved_once_and_the_checked_address_is_the_one_connected(
    site, settings, monkeypatch
):
    # A rebinding name: 127.0.0.1 on the first answer, somewhere else on every later one.
    settings.MONITOR_ALLOW_PRIVATE_ADDRESSES = True
    site.routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss([]))
    asked = fake_dns(monkeypatch, {"bao.example": [["127.0.0.1"], ["10.255.255.1"]]})
    port = site.server.server_address[1]
    fetched = fetch.fetch(f"http://bao.example:{port}/rss.xml")
    assert fetched.status == 200
    assert asked.count("bao.example") == 1  # the connection itself asks for no name
    # The server saw the name, not the address: virtual hosts and TLS keep working.
    assert site.hits("/rss.xml")[0]["Host"] == f"bao.example:{port}"


def test_every_redirect_is_checked_again(site, settings, monkeypatch):
    settings.MONITOR_ALLOW_PRIVATE_ADDRESSES = True
    port = site.server.server_address[1]
    site.routes["/rss.xml"] = (302, {"Location": f"http://a:b@127.0.0.1:{port}/next"}, b"")
    with pytest.raises(FetchError, match="tên người dùng"):
        fetch.fetch(site.url("/rss.xml"))
    assert not site.hits("/next")


def test_every_feed_item_link_goes_through_the_same_check(site, world, settings, monkeypatch):
    # A hostile feed needs no hostile source: its item links are checked like the source.
    settings.MONITOR_ALLOW_PRIVATE_ADDRESSES = True
    port = site.server.server_address[1]
    site.routes["/rss.xml"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        rss(
            [
                (f"http://127.0.0.1:{port}\\@8.8.8.8/hidden", "Hàng Việt về nông thôn", CAMPAIGN),
                (f"http://x:y@127.0.0.1:{port}/hidden2", "Hàng Việt về xã", CAMPAIGN),
                (site.url("/ok"), "Phiên chợ hàng Việt", CAMPAIGN),
            ]
        ),
    )
    site.routes["/ok"] = (200, {"Content-Type": "text/html"}, page("Phiên chợ", CAMPAIGN))
    resolved: list[str] = []
    real = fetch.resolve

    def spy(url: str):
        resolved.append(url)
        return real(url)

    monkeypatch.setattr(fetch, "resolve", spy)
    result = polling.poll_source(make_source(site, world["commune"]))
    assert result.status == "new" and result.new == 1
    assert site.url("/ok") in resolved and site.url("/rss.xml") in resolved
    paths = [p for _t, p, _h in site.log]
    assert not any("hidden" in p for p in paths)
