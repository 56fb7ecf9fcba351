"""A news site on 127.0.0.1 for the live tests: an RSS feed that answers conditional requests
(ETag, Last-Modified, 304) and article pages made from the bundled example's articles.

Items are published while the tests run (:meth:`FeedSite.publish`); every request is logged
with its answer, and a page can be held back (:meth:`FeedSite.hold`) to catch a poll half-way.
"""

from __future__ import annotations

import hashlib
import html
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.conftest import EXAMPLE


@dataclass(frozen=True)
class Item:
    slug: str
    title: str
    outlet: str
    published: str  #: RFC 822 date for the feed
    paragraphs: tuple[str, ...]


def example_items() -> list[Item]:
    """One item per article of the bundled example (its text, a title and an outlet)."""
    out = []
    for n, path in enumerate(sorted(EXAMPLE.glob("*.txt"))):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        paragraphs = tuple(ln for ln in lines if len(ln.split()) >= 12)
        title = next((ln for ln in lines if 4 <= len(ln.split()) <= 25), path.stem)
        out.append(
            Item(
                slug=path.stem,
                title=title,
                outlet=f"Outlet {chr(65 + n)}",
                published=f"Mon, {24 + n % 3} Feb 2025 12:00:00 GMT",
                paragraphs=paragraphs,
            )
        )
    return out


def page(item: Item) -> bytes:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in item.paragraphs)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(item.title)}</title>"
        f"<meta property='og:site_name' content='{html.escape(item.outlet)}'>"
        "</head><body><article>"
        f"<h1>{html.escape(item.title)}</h1>{body}</article></body></html>"
    ).encode()


class FeedSite:
    """The site's state; :func:`serve_site` puts it on 127.0.0.1."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.log: list[tuple[str, int]] = []  #: (path, status) of every request
        self.held: dict[str, threading.Event] = {}
        self.requested = threading.Condition()
        self.base = ""
        self._changed = 0

    def publish(self, *items: Item) -> None:
        self.items.extend(items)
        self._changed += 1

    def hold(self, slug: str) -> threading.Event:
        """Hold ``slug``'s page until the returned event is set."""
        event = threading.Event()
        self.held[f"/a/{slug}.html"] = event
        return event

    def url(self, slug: str) -> str:
        return f"{self.base}/a/{slug}.html"

    @property
    def feed_url(self) -> str:
        return f"{self.base}/feed.xml"

    def feed(self) -> bytes:
        entries = "".join(
            f"<item><title>{html.escape(i.title)}</title><link>{self.url(i.slug)}</link>"
            f"<pubDate>{i.published}</pubDate><guid>{self.url(i.slug)}</guid></item>"
            for i in self.items
        )
        return (
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>Test news</title><link>{self.base}/</link>{entries}</channel></rss>"
        ).encode()

    def wait_for(self, path: str, timeout: float = 120.0) -> bool:
        with self.requested:
            return self.requested.wait_for(
                lambda: any(p == path for p, _ in self.log), timeout=timeout
            )

    def feed_statuses(self) -> list[int]:
        return [status for path, status in self.log if path == "/feed.xml"]


def _handler(site: FeedSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            return None

        def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str]) -> None:
            with site.requested:
                site.log.append((self.path, status))
                site.requested.notify_all()
            held = site.held.get(self.path)
            if held is not None:
                held.wait(120)
            try:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if status != 304:
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # a client killed mid-request
                self.close_connection = True

        def do_GET(self) -> None:
            route = self.path.split("?", 1)[0]  # /feed.xml?feed=3: one of many feeds
            if route == "/feed.xml":
                body = site.feed()
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                modified = formatdate(1_700_000_000 + site._changed * 60, usegmt=True)
                headers = {"ETag": etag, "Last-Modified": modified}
                status = 304 if self.headers.get("If-None-Match") == etag else 200
                self._send(status, body, "application/rss+xml", headers)
                return
            for item in site.items:
                if route == f"/a/{item.slug}.html":
                    self._send(200, page(item), "text/html; charset=utf-8", {})
                    return
            self._send(404, b"not found", "text/plain", {})

    return Handler


@contextmanager
def serve_site(site: FeedSite) -> Iterator[FeedSite]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        for event in site.held.values():
            event.set()
        server.shutdown()
        server.server_close()


def write_folder(folder: Path, items: list[Item]) -> None:
    """The items as HTML files in ``folder`` (a watched folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    for item in items:
        (folder / f"{item.slug}.html").write_bytes(page(item))
