"""RSS and Atom feeds (feedparser): every entry's link is fetched and analysed.

A feed is a local file (``.rss``, ``.atom``, or ``.xml`` whose root is ``<rss>``, ``<feed>`` or
``<rdf:RDF>``) or a URL whose response is a feed (see :func:`~newsweave.sources.http.fetch_urls`).
The entry's title, date (ISO) and authors fill the Document's ``title``, ``published`` and
``authors``; its link is fetched like any URL (cache, robots.txt, SSRF guard, politeness).
feedparser only ever sees bytes here, never a name: given a string it would fetch URLs itself,
outside the guard.
"""

from __future__ import annotations

import calendar
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import feedparser

from ..errors import FetchError
from ..models import Document, InputError
from ..options import Options
from .http import HttpSession, document_or_error

__all__ = [
    "FeedEntry",
    "ParsedFeed",
    "feed_documents",
    "is_feed_file",
    "looks_like_feed",
    "newest",
    "parse_feed",
    "read_feed",
]

log = logging.getLogger(__name__)

FEED_SUFFIXES = (".rss", ".atom")
_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")


@dataclass(frozen=True)
class FeedEntry:
    """What a feed says about one article."""

    link: str | None
    title: str | None = None
    published: str | None = None  #: ISO date
    authors: tuple[str, ...] = ()


def looks_like_feed(data: bytes) -> bool:
    """Whether the root element (after XML declaration, comments, doctype) is a feed's."""
    head = data[:4096].lower()
    position = 0
    while True:
        start = head.find(b"<", position)
        if start < 0:
            return False
        if head.startswith((b"<?", b"<!"), start):
            position = start + 2
            continue
        return head.startswith(_ROOTS, start)


def is_feed_file(path: str) -> bool:
    """A local feed: ``.rss``/``.atom``, or ``.xml`` whose root element is a feed's."""
    name = path.lower()
    if name.endswith(FEED_SUFFIXES):
        return True
    if not name.endswith(".xml"):
        return False
    try:
        with open(path, "rb") as fh:
            return looks_like_feed(fh.read(4096))
    except OSError:
        return False


def _iso_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            moment = datetime.fromtimestamp(calendar.timegm(parsed), UTC)
            return moment.date().isoformat()
    return None


def _authors(entry: Any) -> tuple[str, ...]:
    names: list[str] = []
    for author in entry.get("authors") or ():
        name = author.get("name") if isinstance(author, dict) else None
        if isinstance(name, str) and name.strip() and name.strip() not in names:
            names.append(name.strip())
    single = entry.get("author")
    if not names and isinstance(single, str) and single.strip():
        names.append(single.strip())
    return tuple(names)


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _problem(parsed: Any) -> str | None:
    """What is wrong with the feed's XML, if anything (an encoding override is not a problem)."""
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if exc is None or isinstance(exc, feedparser.CharacterEncodingOverride):
        return None
    return " ".join(str(exc).split())[:200] or type(exc).__name__


@dataclass(frozen=True)
class ParsedFeed:
    entries: tuple[FeedEntry, ...]
    problem: str | None = None  #: the XML error feedparser recovered from, if any


def parse_feed(data: bytes, source: str, base_url: str | None = None) -> ParsedFeed:
    """The entries of a feed's bytes; FetchError naming ``source`` when it is not a usable feed.

    A malformed feed whose recovered entries have no link at all is an error; one that still
    yields linked entries keeps them and says what was wrong in ``problem``.  Relative entry
    links are resolved against ``base_url`` (the feed's own URL).
    """
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    problem = _problem(parsed)
    entries = _entries(parsed, base_url)
    if problem and not any(e.link for e in entries):
        raise FetchError(source, f"is not a valid RSS/Atom feed ({problem})")
    if not parsed.get("version") and not entries:
        raise FetchError(source, "is not an RSS/Atom feed (no <rss>, <feed> or <rdf:RDF> root)")
    if not entries:
        raise FetchError(source, "is a feed with no entries")
    return ParsedFeed(entries, problem)


def _entries(parsed: Any, base_url: str | None) -> tuple[FeedEntry, ...]:
    out = []
    for entry in parsed.get("entries") or ():
        link = _text(entry.get("link"))
        if link and base_url:
            link = urljoin(base_url, link)
        out.append(
            FeedEntry(
                link=link,
                title=_text(entry.get("title")),
                published=_iso_date(entry),
                authors=_authors(entry),
            )
        )
    return tuple(out)


def _with_entry(doc: Document, entry: FeedEntry) -> Document:
    return replace(
        doc,
        title=entry.title or doc.title,
        published=entry.published or doc.published,
        authors=entry.authors or doc.authors,
    )


def newest(
    entries: Sequence[FeedEntry], limit: int | None, source: str
) -> list[tuple[int, FeedEntry]]:
    """(number in the feed, entry) of the ``limit`` newest entries (undated ones count as
    oldest), in feed order.  A feed of ten thousand items must not mean ten thousand fetches
    (``--max-entries``)."""
    numbered = list(enumerate(entries, start=1))
    if limit is None or len(numbered) <= limit:
        return numbered
    dated = sorted(
        (n for n in numbered if n[1].published), key=lambda n: str(n[1].published), reverse=True
    )
    kept = {n for n, _ in (dated + [n for n in numbered if not n[1].published])[:limit]}
    log.warning(
        "%r: %d entries, reading the newest %d (--max-entries)", source, len(numbered), limit
    )
    return [n for n in numbered if n[0] in kept]


def feed_documents(
    data: bytes,
    source: str,
    session: HttpSession,
    base_url: str | None = None,
    known: Callable[[list[str]], set[str]] | None = None,
) -> Iterator[Document | InputError]:
    """Documents for every entry of the feed ``data`` (named ``source``), fetched by ``session``;
    ``known`` (links -> the links already held, e.g. in a store) skips entries read before."""
    try:
        parsed = parse_feed(data, source, base_url)
    except FetchError as exc:
        yield InputError(exc.source, exc.reason)
        return
    if parsed.problem:
        n = len(parsed.entries)
        yield InputError(source, f"is malformed ({parsed.problem}); reading the {n} entries found")
    by_link: dict[str, FeedEntry] = {}
    for number, entry in newest(parsed.entries, session.options.max_entries, source):
        if not entry.link or not entry.link.lower().startswith(("http://", "https://")):
            if not parsed.problem:  # in a malformed feed, the feed's error says it all
                yield InputError(f"{source}#entry-{number}", "feed entry has no http(s) link")
        else:
            by_link.setdefault(entry.link, entry)
    if known is not None and by_link:
        held = known(list(by_link))
        by_link = {link: entry for link, entry in by_link.items() if link not in held}
    for link, result in session.map(by_link):
        if isinstance(result, InputError):
            yield result
            continue
        item = document_or_error(result, link)
        yield _with_entry(item, by_link[link]) if isinstance(item, Document) else item


def _read_capped(path: str, max_bytes: int) -> bytes:
    size = Path(path).stat().st_size
    if size > max_bytes:
        raise FetchError(path, f"is {size:,} bytes, over the {max_bytes:,}-byte limit")
    return Path(path).read_bytes()


def read_feed(
    source: str, options: Options, session: HttpSession | None = None
) -> Iterator[Document | InputError]:
    """The articles a feed links to; ``source`` is a local feed file or a feed URL."""
    if source.lower().startswith(("http://", "https://")):
        from .http import fetch_urls

        yield from fetch_urls([source], options, session=session)
        return
    try:
        data = _read_capped(source, options.max_bytes)
    except FileNotFoundError:
        yield InputError(source, "no such file")
        return
    except OSError as exc:
        yield InputError(source, f"cannot be read ({exc.strerror or exc})")
        return
    except FetchError as exc:
        yield InputError(exc.source, exc.reason)
        return
    if session is not None:
        yield from feed_documents(data, source, session)
        return
    with HttpSession(options) as own:
        yield from feed_documents(data, source, own)
