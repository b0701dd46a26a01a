"""A real HTTP server on 127.0.0.1 that plays newspapers, portals and broken servers."""

import contextlib
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

Route = Callable[[BaseHTTPRequestHandler], None] | tuple[int, dict[str, str], bytes]


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[float, str, dict[str, str]]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for _t, p, headers in self.log if p == path]

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                site.log.append((time.monotonic(), self.path, dict(self.headers)))
                route = site.routes.get(self.path)
                if route is None and self.path == "/robots.txt":
                    route = (404, {"Content-Type": "text/plain"}, b"not found")
                if route is None:
                    route = (404, {"Content-Type": "text/html"}, b"<html>404</html>")
                if callable(route):
                    route(self)
                    return
                status, headers, body = route
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        return Handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site(settings):
    settings.MONITOR_MIN_DELAY = 0.15
    settings.MONITOR_TIMEOUT = 1
    settings.MONITOR_DEADLINE = 2
    settings.MONITOR_MAX_BYTES = 300_000
    settings.MONITOR_ALLOW_PRIVATE_ADDRESSES = True  # the test server is on 127.0.0.1
    s = Site()
    yield s
    s.close()


def rss(items: list[tuple[str, str, str]], title: str = "Báo Thái Nguyên") -> bytes:
    """An RSS 2.0 feed of (path-or-url, title, description)."""
    body = "".join(
        f"<item><title>{t}</title><link>{u}</link><description>{d}</description>"
        f"<pubDate>Mon, 02 Mar 2026 08:00:00 +0700</pubDate></item>"
        for u, t, d in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}'
        f"</title>{body}</channel></rss>"
    ).encode()


def page(title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n"))
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="author" content="Minh Anh"></head><body><nav><a href="/">Trang chủ</a> '
        f"<a href='/thoi-su'>Thời sự</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>Báo điện tử — Giấy phép số 01/GP-BTTTT</footer></body></html>"
    ).encode()
