"""RSS/Atom feeds: entries' links fetched from the local server, entry metadata kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from newsweave.models import Document, InputError
from newsweave.options import Options
from newsweave.sources import read_inputs
from newsweave.sources.feeds import is_feed_file, looks_like_feed, parse_feed, read_feed

from .conftest import LocalServer, seed_pages

DATES = ["Mon, 24 Feb 2025 09:15:00 GMT", "Mon, 24 Feb 2025 23:30:00 -0500", "", "", ""]


def serve_seeds(server: LocalServer) -> list[str]:
    return [server.add(path, page) for path, page in seed_pages().items()]


def rss(links: list[str], dates: list[str] = DATES) -> str:
    items = []
    for n, (link, date) in enumerate(zip(links, dates, strict=False), start=1):
        pub = f"<pubDate>{date}</pubDate>" if date else ""
        items.append(
            f"<item><title>Story {n} &amp; more</title><link>{escape(link)}</link>{pub}"
            f"<author>desk{n}@example.org (Reporter {n})</author></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>Seeds</title><link>http://example.org/</link>{''.join(items)}</channel></rss>"
    )


def atom(links: list[str]) -> str:
    entries = "".join(
        f"<entry><title>Entry {n}</title><link href='{escape(link)}'/><id>urn:{n}</id>"
        f"<updated>2025-02-2{n}T10:00:00Z</updated><author><name>Writer {n}</name></author>"
        "</entry>"
        for n, link in enumerate(links, start=1)
    )
    return (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        f"<id>urn:feed</id><updated>2025-02-24T00:00:00Z</updated>{entries}</feed>"
    )


def test_rss_file_entries_are_fetched_with_their_metadata(
    server: LocalServer, options: Options, tmp_path: Path
) -> None:
    links = serve_seeds(server)
    feed = tmp_path / "seeds.rss"
    feed.write_text(rss(links), "utf-8")
    docs = list(read_inputs([str(feed)], options))
    assert [d.source for d in docs] == links
    assert all(isinstance(d, Document) and d.kind == "html" for d in docs)
    first, second, third = docs[:3]
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.title == "Story 1 & more" and first.published == "2025-02-24"
    assert second.published == "2025-02-25"  # 23:30 -0500 is the 25th in UTC
    assert isinstance(third, Document) and third.published is None
    assert first.authors == ("Reporter 1",) or first.authors == ("desk1@example.org (Reporter 1)",)


def test_atom_file_and_feed_xml_are_recognised(
    server: LocalServer, options: Options, tmp_path: Path
) -> None:
    links = serve_seeds(server)[:2]
    (tmp_path / "a.atom").write_text(atom(links), "utf-8")
    (tmp_path / "b.xml").write_text(atom(links), "utf-8")
    (tmp_path / "c.xml").write_text("<?xml version='1.0'?><catalog/>", "utf-8")
    assert is_feed_file(str(tmp_path / "a.atom")) and is_feed_file(str(tmp_path / "b.xml"))
    assert not is_feed_file(str(tmp_path / "c.xml"))
    docs = list(read_feed(str(tmp_path / "b.xml"), options))
    assert [
        (d.source, d.title, d.published, d.authors) for d in docs if isinstance(d, Document)
    ] == [
        (links[0], "Entry 1", "2025-02-21", ("Writer 1",)),
        (links[1], "Entry 2", "2025-02-22", ("Writer 2",)),
    ]


def test_a_url_answering_with_a_feed_is_expanded(server: LocalServer, options: Options) -> None:
    links = serve_seeds(server)
    feed_url = server.add("/feed", rss(links[:3]), content_type="application/rss+xml")
    docs = list(read_inputs([feed_url], options))
    assert [d.source for d in docs] == links[:3]
    assert all(isinstance(d, Document) for d in docs)


def test_malformed_feed_is_one_clear_error(options: Options, tmp_path: Path) -> None:
    bad = tmp_path / "broken.rss"
    bad.write_text("<rss><channel><item><title>unclosed", "utf-8")
    items = list(read_inputs([str(bad)], options))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert items[0].source == str(bad)
    assert "not a valid RSS/Atom feed" in items[0].reason and "\n" not in items[0].reason


def test_malformed_feed_url_is_one_clear_error(server: LocalServer, options: Options) -> None:
    url = server.add("/feed.xml", "<rss><channel><item>", content_type="application/rss+xml")
    items = list(read_inputs([url], options))
    assert len(items) == 1 and isinstance(items[0], InputError) and items[0].source == url


def test_bad_entries_do_not_stop_the_feed(
    server: LocalServer, options: Options, tmp_path: Path
) -> None:
    links = [*serve_seeds(server)[:1], server.url("/missing"), "ftp://example.org/x"]
    feed = tmp_path / "mixed.rss"
    feed.write_text(rss(links), "utf-8")
    items = list(read_inputs([str(feed)], options))
    kinds = sorted(type(i).__name__ for i in items)
    assert kinds == ["Document", "InputError", "InputError"]
    reasons = {i.source: i.reason for i in items if isinstance(i, InputError)}
    assert reasons[server.url("/missing")] == "HTTP 404 Not Found"
    assert reasons[f"{feed}#entry-3"] == "feed entry has no http(s) link"


def test_parse_feed_helpers() -> None:
    assert looks_like_feed(b'<?xml version="1.0"?>\n<!-- c -->\n<rss version="2.0">')
    assert not looks_like_feed(b"<!doctype html><html><body>")
    parsed = parse_feed(rss(["/a"]).encode(), "f", base_url="http://example.org/news/")
    assert parsed.entries[0].link == "http://example.org/a" and parsed.problem is None


# --- bounded feeds, cache and robots.txt (issue 20) ----------------------------------------------


def test_a_huge_feed_is_capped_to_its_newest_entries(
    server: LocalServer, options: Options, tmp_path: Path
) -> None:
    page = next(iter(seed_pages().values()))
    links = [server.add(f"/n{n}.html", page) for n in range(2_000)]
    start = datetime(2020, 1, 1, tzinfo=UTC)
    order = [(n * 7919) % 2_000 for n in range(2_000)]  # feed order is not date order
    dates = [format_datetime(start + timedelta(days=order[n])) for n in range(2_000)]
    feed = tmp_path / "huge.rss"
    feed.write_text(rss(links, dates), "utf-8")
    docs = list(read_inputs([str(feed)], options.with_(max_entries=5)))
    assert len(docs) == 5 and all(isinstance(d, Document) for d in docs)
    newest = sorted(range(2_000), key=lambda n: order[n], reverse=True)[:5]
    assert {d.source for d in docs} == {links[n] for n in newest}
    assert sum(server.count(f"/n{n}.html") for n in range(2_000)) == 5


def test_a_cached_private_page_is_not_served_without_allow_private(
    server: LocalServer, options: Options
) -> None:
    url = server.add("/private.html", next(iter(seed_pages().values())))
    (first,) = read_inputs([url], options)
    assert isinstance(first, Document)
    (again,) = read_inputs([url], options.with_(allow_private=False))
    assert isinstance(again, InputError) and "allow-private" in again.reason
    assert server.count("/private.html") == 1  # refused, not fetched


def test_max_bytes_does_not_cut_robots_txt(server: LocalServer, options: Options) -> None:
    rules = "User-agent: *\n" + "".join(f"Disallow: /private/{n}/\n" for n in range(200))
    server.add("/robots.txt", rules, content_type="text/plain")
    page = "<html><body><p>" + "The minister said the talks went well. " * 5 + "</p></body></html>"
    url = server.add("/ok.html", page)
    assert len(rules) > 4_000 > len(page)
    (doc,) = read_inputs([url], options.with_(respect_robots=True, max_bytes=4_000))
    assert isinstance(doc, Document), doc
