"""Fetching web pages: concurrent, capped, polite and guarded.

:func:`fetch_urls` turns URLs into :class:`~newsweave.models.Document` (``kind="html"``) or
:class:`~newsweave.models.InputError`, in the order given, fetching up to
``options.concurrency`` at once with one shared :class:`httpx.Client` (gzip, deflate and brotli
decoding).  For every URL:

* the on-disk cache (:mod:`.cache`) answers first; a hit makes no request at all;
* every hop (the URL and each redirect, at most :data:`MAX_REDIRECTS`) is checked by the SSRF
  guard (:mod:`.netguard`) and the connection is pinned to the checked address;
* robots.txt of each hop's host is honoured (:mod:`.robots`) unless ``respect_robots`` is off;
* requests to one host never overlap and start ``politeness_delay`` seconds (or the host's
  ``Crawl-delay``) after the previous one ended;
* timeouts (``options.timeout`` per request, also as an overall deadline so a server dripping
  bytes cannot hold a worker), retries with exponential backoff on connection errors, timeouts,
  429 and 5xx (``Retry-After`` honoured up to :data:`MAX_RETRY_AFTER`);
* the body is streamed and abandoned past ``options.max_bytes`` (counted after decompression);
* HTML is decoded by the charset of the headers, else of the page's ``<meta>``, else
  charset-normalizer, then NFC-normalised.  A response that is an RSS/Atom feed is expanded into
  its entries (:mod:`.feeds`); any other content type is an error.

Threads rather than asyncio because the rest of the pipeline is synchronous and iterator-based;
the work is network-bound and httpx's sync client is thread-safe.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import httpx

from ..errors import FetchError
from ..models import Document, InputError
from ..options import Options
from . import cache
from .cache import Fetched
from .decoding import decode_html
from .netguard import Refused, guard_url
from .robots import MAX_ROBOTS_BYTES, RobotsCache, host_key

__all__ = [
    "FetchCounts",
    "HttpSession",
    "decode_html",
    "fetch_urls",
    "html_document",
]

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
#: fetch threads per concurrent request: threads waiting for a polite host's turn
THREADS_PER_SLOT = 8
#: URLs submitted ahead of the consumer per concurrent request (bounds the bodies held in memory)
LOOKAHEAD = 32
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 30.0
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x-rss+xml",
    }
)
ACCEPT = (
    "text/html,application/xhtml+xml;q=0.9,application/rss+xml;q=0.8,"
    "application/atom+xml;q=0.8,application/xml;q=0.7,*/*;q=0.1"
)
#: progress callback: (stage, done, total); total is 0 when unknown
Progress = Callable[[str, int, int], None]


@dataclass
class FetchCounts:
    """Running totals of one session, for the CLI to show (updated from worker threads)."""

    fetched: int = 0  #: pages received from the network
    cached: int = 0  #: pages answered by the on-disk cache
    failed: int = 0  #: unreachable, timeouts, HTTP errors, wrong content, over the size cap
    skipped: int = 0  #: refused by robots.txt or the SSRF guard
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, what: str) -> None:
        with self._lock:
            setattr(self, what, getattr(self, what) + 1)

    @property
    def done(self) -> int:
        return self.fetched + self.cached + self.failed + self.skipped


class Skipped(FetchError):
    """A URL not fetched on purpose (robots.txt, SSRF guard), as opposed to one that failed."""


# --- decoding (newsweave.sources.decoding) ----------------------------------------------------


def sniff_type(body: bytes) -> str:
    """``text/html``, ``application/xml`` or ``""`` from the first bytes of a body."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "text/html"
    if head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<rdf:rdf")):
        return "application/xml"
    return ""


def html_document(fetched: Fetched, source: str | None = None) -> Document:
    """A Document from an HTML response (``source`` defaults to the URL as requested)."""
    text = decode_html(fetched.body, fetched.headers.get("content-type", ""), source or fetched.url)
    if not text.strip():
        raise FetchError(source or fetched.url, "the page is empty")
    return Document(
        source=source or fetched.url,
        text=text,
        kind="html",
        url=fetched.final_url,
        raw=fetched.body,
    )


# --- one request ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Response:
    status: int
    headers: dict[str, str]
    body: bytes


def _read_capped(
    response: httpx.Response, url: str, max_bytes: int, deadline: float, cut: bool = False
) -> bytes:
    """The body, refused past ``max_bytes`` (or, with ``cut``, cut there: robots.txt)."""
    length = response.headers.get("content-length", "")
    encoded = response.headers.get("content-encoding", "identity").lower() not in ("", "identity")
    if length.isdigit() and int(length) > max_bytes and not encoded and not cut:
        raise FetchError(url, f"is {int(length):,} bytes, over the {max_bytes:,}-byte limit")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes and cut:
            chunks.append(chunk[: len(chunk) - (size - max_bytes)])
            break
        if size > max_bytes:
            raise FetchError(url, f"is larger than the {max_bytes:,}-byte limit")
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("the whole response took too long")
        chunks.append(chunk)
    return b"".join(chunks)


def _request(
    client: httpx.Client,
    url: str,
    options: Options,
    headers: Mapping[str, str] | None = None,
    robots: bool = False,
) -> _Response:
    """One GET to one URL (no redirects followed), pinned to the address the guard checked.
    A robots.txt is read up to :data:`~.robots.MAX_ROBOTS_BYTES` whatever ``--max-bytes`` says
    (a host is not declared unreachable because its rules are longer than a small cap)."""
    target = guard_url(url, options.allow_private)
    request = client.build_request(
        "GET",
        target.url,
        headers={**(headers or {}), "Host": target.host_header},
        extensions={"sni_hostname": target.host},
    )
    deadline = time.monotonic() + max(options.timeout, 0.001) * 2
    response = client.send(request, stream=True)
    try:
        headers = {k.lower(): v for k, v in response.headers.items()}
        body = b""
        if response.status_code == 200:
            cap = MAX_ROBOTS_BYTES if robots else options.max_bytes
            body = _read_capped(response, url, cap, deadline, cut=robots)
        return _Response(response.status_code, headers, body)
    finally:
        response.close()


def _retry_after(headers: dict[str, str]) -> float | None:
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, min((when - datetime.now(UTC)).total_seconds(), MAX_RETRY_AFTER))


def _reason(exc: Exception) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({exc or 'connection refused'})"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


# --- politeness -------------------------------------------------------------------------------


class HostGate:
    """One request at a time per host, each starting ``delay`` seconds after the last ended,
    and at most ``concurrency`` requests at once in all.

    Workers wait for their host's turn *before* taking one of the ``concurrency`` slots, so a
    host that asks for patience holds threads, not connections: the pool has
    :data:`THREADS_PER_SLOT` times more threads than slots and other hosts' pages go ahead
    meanwhile.
    """

    def __init__(self, delay: float, concurrency: int) -> None:
        self.delay = delay
        self._active = threading.BoundedSemaphore(max(1, concurrency))
        self._locks: dict[str, threading.Lock] = {}
        self._last_end: dict[str, float] = {}
        self._extra: dict[str, float] = {}
        self._guard = threading.Lock()

    def slow_down(self, key: str, delay: float) -> None:
        """Use ``delay`` for this host when it is longer than the default (Crawl-delay)."""
        self._extra[key] = delay

    def run(self, key: str, call: Callable[[], _Response]) -> _Response:
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key in self._last_end:
                delay = max(self.delay, self._extra.get(key, 0.0))
                wait = self._last_end[key] + delay - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
            try:
                with self._active:
                    return call()
            finally:
                self._last_end[key] = time.monotonic()


# --- a session --------------------------------------------------------------------------------


class HttpSession:
    """Shared state of one run's fetching: the client, robots rules, politeness, cache, counts.

    Use as a context manager; :meth:`fetch` is thread-safe.
    """

    def __init__(self, options: Options, progress: Progress | None = None) -> None:
        self.options = options
        self.counts = FetchCounts()
        self.progress = progress
        self.cache_dir = cache.cache_dir(options.cache_dir)
        self.client = httpx.Client(
            headers={"User-Agent": options.user_agent, "Accept": ACCEPT},
            timeout=httpx.Timeout(options.timeout),
            follow_redirects=False,
            trust_env=False,  # a proxy would defeat the address pinning
        )
        self.gate = HostGate(options.politeness_delay, options.concurrency)
        self.lookahead = max(1, options.concurrency) * LOOKAHEAD
        self.robots = RobotsCache(self._fetch_robots, options.user_agent)
        self.executor = ThreadPoolExecutor(
            max_workers=max(1, options.concurrency) * THREADS_PER_SLOT,
            thread_name_prefix="newsweave-fetch",
        )

    def __enter__(self) -> HttpSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.client.close()
        c = self.counts
        if c.done:
            log.info(
                "URLs: %d fetched, %d from the cache, %d failed, %d skipped",
                c.fetched,
                c.cached,
                c.failed,
                c.skipped,
            )

    # one URL, all hops ------------------------------------------------------------------------

    def _fetch_robots(self, url: str) -> tuple[int, bytes]:
        response, _ = self._follow(url, check_robots=False)
        return response.status, response.body

    def _attempts(
        self, url: str, headers: Mapping[str, str] | None = None, robots: bool = False
    ) -> _Response:
        """One hop with retries; the last failure is raised as FetchError."""
        retries = max(0, self.options.retries)
        for attempt in range(retries + 1):
            try:
                response = self.gate.run(
                    host_key(url),
                    lambda: _request(self.client, url, self.options, headers, robots),
                )
            except (httpx.HTTPError, httpx.StreamError) as exc:
                if attempt == retries:
                    tries = f" after {retries + 1} attempts" if retries else ""
                    raise FetchError(url, f"{_reason(exc)}{tries}") from exc
                self._backoff(attempt, None)
                continue
            if response.status in RETRY_STATUSES and attempt < retries:
                self._backoff(attempt, _retry_after(response.headers))
                continue
            return response
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int, retry_after: float | None) -> None:
        wait = retry_after if retry_after is not None else self.options.retry_backoff * 2**attempt
        time.sleep(wait * (1 + 0.1 * random.random()))

    def _follow(
        self, url: str, check_robots: bool, headers: Mapping[str, str] | None = None
    ) -> tuple[_Response, str]:
        """The response at the end of ``url``'s redirects, and the URL it came from."""
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            guard_url(current, self.options.allow_private)  # refused before robots.txt is asked
            if check_robots and self.options.respect_robots:
                allowed, note = self.robots.allowed(current)
                if not allowed:
                    raise Skipped(current, note)
                delay = self.robots.crawl_delay(current)
                if delay:
                    self.gate.slow_down(host_key(current), delay)
            response = self._attempts(current, headers, robots=not check_robots)
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                return response, current
            current = urljoin(current, location)
            log.debug("%s: redirected to %s", url, current)
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    def fetch(self, url: str) -> Fetched:
        """The page at ``url`` (cache first); raises FetchError/Skipped naming ``url``."""
        hit = cache.load(self.cache_dir, url, self.options.cache_max_age)
        if hit is not None and self._may_reuse(hit):
            return hit
        fetched = self._get(url, {}, conditional=False)
        assert fetched is not None  # a 304 answers only a conditional request
        if classify(fetched) == "html":  # feeds change: they are fetched again every run
            cache.store(self.cache_dir, fetched)
        return fetched

    def fetch_conditional(
        self, url: str, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched | None:
        """A conditional GET of ``url`` (``If-None-Match`` / ``If-Modified-Since``), never from
        the cache: None when the server answers 304 Not Modified, else the response (its
        headers carry the new validators).  Raises FetchError/Skipped naming ``url``."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers, conditional=True)

    def _get(self, url: str, headers: dict[str, str], conditional: bool) -> Fetched | None:
        """GET ``url`` through the guard and robots.txt: the page, None on 304 Not Modified when
        the request is ``conditional``, else FetchError naming ``url`` (and where a redirect
        failed)."""
        try:
            response, final = self._follow(url, check_robots=True, headers=headers)
        except FetchError as exc:
            if exc.source == url:
                raise
            raise type(exc)(url, f"{exc.reason} (at {exc.source})") from exc
        if response.status == 304 and conditional:
            return None
        if response.status != 200:
            phrase = httpx.codes.get_reason_phrase(response.status)
            raise FetchError(url, f"HTTP {response.status} {phrase}".rstrip())
        return Fetched(
            url=url,
            final_url=final,
            status=200,
            headers=response.headers,
            body=response.body,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )

    def _may_reuse(self, hit: Fetched) -> bool:
        """Whether a cached page may be served in this run: the guard is asked again for the URL
        and where it led, so a page fetched from a private address with ``--allow-private`` is
        not served to a run without it (raises :class:`Refused`).  A host that no longer
        resolves does not stop an offline re-run."""
        if self.options.allow_private:
            return True
        for url in dict.fromkeys((hit.url, hit.final_url)):
            try:
                guard_url(url, allow_private=False)
            except Refused:
                raise
            except FetchError:
                continue
        return True

    def fetch_counted(self, url: str) -> Fetched | InputError:
        """:meth:`fetch` with errors as values and the counts kept."""
        try:
            fetched = self.fetch(url)
        except (Skipped, Refused) as exc:
            self.counts.add("skipped")
            log.info("%s: %s", url, exc.reason)
            return InputError(url, exc.reason)
        except FetchError as exc:
            self.counts.add("failed")
            log.info("%s: %s", url, exc.reason)
            return InputError(url, exc.reason)
        except Exception as exc:  # one odd response must not stop the batch
            self.counts.add("failed")
            log.debug("%s: unexpected failure", url, exc_info=True)
            return InputError(url, f"cannot be fetched ({_reason(exc)})")
        self.counts.add("cached" if fetched.from_cache else "fetched")
        return fetched

    def map(self, urls: Iterable[str]) -> Iterator[tuple[str, Fetched | InputError]]:
        """Fetch ``urls`` concurrently, results in input order, at most :attr:`lookahead` URLs
        (and never more than ``options.limit``) ahead of the consumer."""
        window = min(self.lookahead, self.options.limit or self.lookahead)
        pending: deque[tuple[str, Future[Fetched | InputError]]] = deque()
        total = 0
        for url in urls:
            pending.append((url, self.executor.submit(self.fetch_counted, url)))
            total += 1
            if len(pending) >= window:
                yield self._next(pending, total)
        while pending:
            yield self._next(pending, total)

    def _next(
        self, pending: deque[tuple[str, Future[Fetched | InputError]]], total: int
    ) -> tuple[str, Fetched | InputError]:
        url, future = pending.popleft()
        result = future.result()
        if self.progress is not None:
            self.progress("fetch", self.counts.done, total)
        return url, result


def classify(fetched: Fetched) -> str:
    """``"html"``, ``"feed"`` or ``"other"`` by content type (sniffed when absent or vague)."""
    declared = fetched.content_type
    if declared in HTML_TYPES:
        return "html"
    sniffed = sniff_type(fetched.body)
    if declared in FEED_TYPES or (
        declared in ("", "application/octet-stream", "text/plain") and sniffed == "application/xml"
    ):
        from .feeds import looks_like_feed

        return "feed" if looks_like_feed(fetched.body) else "other"
    if declared in ("", "application/octet-stream") and sniffed == "text/html":
        return "html"
    return "other"


def document_or_error(fetched: Fetched, source: str) -> Document | InputError:
    """An HTML response as a Document, anything else as an error naming its content type."""
    kind = classify(fetched)
    if kind != "html":
        shown = fetched.content_type or "no content type"
        what = "an RSS/Atom feed" if kind == "feed" else shown
        return InputError(source, f"is {what}, not an HTML page")
    try:
        return html_document(fetched, source)
    except FetchError as exc:
        return InputError(exc.source, exc.reason)


def fetch_urls(
    urls: Iterable[str],
    options: Options,
    *,
    progress: Progress | None = None,
    session: HttpSession | None = None,
) -> Iterator[Document | InputError]:
    """Documents (or errors) for ``urls``, in order, fetched ``options.concurrency`` at a time.

    A URL whose response is an RSS/Atom feed yields the documents of its entries
    (:func:`~newsweave.sources.feeds.feed_documents`).  ``session`` shares one
    :class:`HttpSession` between calls; by default one is opened and closed here.
    """
    if session is None:
        with HttpSession(options, progress) as own:
            yield from fetch_urls(urls, options, session=own)
        return
    for url, result in session.map(urls):
        if isinstance(result, InputError):
            yield result
        elif classify(result) == "feed":
            from .feeds import feed_documents

            yield from feed_documents(result.body, url, session, base_url=result.final_url)
        else:
            yield document_or_error(result, url)
