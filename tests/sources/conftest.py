"""A local HTTP server on 127.0.0.1 for the URL, feed and archive tests: never the internet.

``server.add(path, body, ...)`` sets what a path answers; every request is logged with its
start and end time so tests can count requests and check their order.
"""

from __future__ import annotations

import html
import io
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsweave.options import Options

from ..conftest import EXAMPLE

HTML = "text/html; charset=utf-8"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    #: answers instead of the fixed fields: (request number for this path) -> Route
    dynamic: Callable[[int], Route] | None = None


@dataclass
class Hit:
    path: str
    start: float
    end: float = 0.0
    host: str = ""  #: the Host header received
    headers: dict[str, str] = field(default_factory=dict)


class LocalServer:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False  # type: ignore[attr-defined]
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def add(
        self,
        path: str,
        body: bytes | str = b"",
        status: int = 200,
        content_type: str | None = HTML,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        all_headers = dict(headers or {})
        if content_type:
            all_headers.setdefault("Content-Type", content_type)
        self.routes[path] = Route(data, status, all_headers, delay)
        return self.url(path)

    def count(self, path: str) -> int:
        with self._lock:
            return sum(1 for h in self.hits if h.path == path)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hit = Hit(
                    self.path,
                    time.monotonic(),
                    host=self.headers.get("Host", ""),
                    headers={k.lower(): v for k, v in self.headers.items()},
                )
                with server._lock:
                    server.hits.append(hit)
                    number = sum(1 for h in server.hits if h.path == self.path)
                route = server.routes.get(self.path, Route(b"not found", 404))
                if route.dynamic is not None:
                    route = route.dynamic(number)
                try:
                    time.sleep(route.delay)
                    self.send_response(route.status)
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body)
                except OSError:  # the client gave up (timeouts, size caps)
                    pass
                finally:
                    hit.end = time.monotonic()

            def log_message(self, format: str, *args: object) -> None:
                return None

        return Handler


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    local.thread.start()
    try:
        yield local
    finally:
        local.httpd.shutdown()
        local.httpd.server_close()


@pytest.fixture
def options(tmp_path: Path) -> Options:
    """Options for tests against the local server: loopback allowed, no waiting, own cache."""
    return Options(
        allow_private=True,
        cache_dir=str(tmp_path / "http-cache"),
        politeness_delay=0.0,
        retries=0,
        retry_backoff=0.01,
        timeout=3.0,
        progress=False,
    )


def seed_files() -> list[Path]:
    return sorted(EXAMPLE.glob("*.txt"))


def as_html(text: str, title: str | None = None) -> str:
    """A plain-text page wrapped in minimal HTML, one paragraph per line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    head = f"<title>{html.escape(title or lines[0])}</title>"
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return (
        f'<!doctype html>\n<html><head><meta charset="utf-8">{head}</head>\n'
        f"<body>\n{body}\n</body></html>\n"
    )


def seed_pages() -> dict[str, str]:
    """``/<seed name>.html`` -> the seed wrapped in HTML."""
    return {f"/{p.stem}.html": as_html(p.read_text("utf-8")) for p in seed_files()}


def write_warc(
    path: Path,
    pages: dict[str, bytes],
    gz: bool = True,
    date: str = "2025-02-24T12:00:00Z",
    extra: bool = True,
) -> Path:
    """A WARC of ``pages`` (URI -> HTML bytes) as 200 text/html responses; with ``extra``, also
    request records, a 404, an image and a metadata record that readers must pass over."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)

        def response(uri: str, body: bytes, status: str, ctype: str) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)

        for uri, body in pages.items():
            if extra:
                request = writer.create_warc_record(
                    uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"), length=18
                )
                writer.write_record(request)
            response(uri, body, "200 OK", HTML)
        if extra:
            response("http://example.org/missing", b"<html>gone</html>", "404 Not Found", HTML)
            response(
                "http://example.org/logo.png", b"\x89PNG\r\n\x1a\n" * 20, "200 OK", "image/png"
            )
            meta = writer.create_warc_record(
                "http://example.org/", "metadata", payload=io.BytesIO(b"via: test"), length=9
            )
            writer.write_record(meta)
    return path
