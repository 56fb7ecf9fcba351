"""Fetching URLs from a local server: documents, the SSRF guard, robots.txt, caps, timeouts,
retries, content types, the cache and politeness.  Nothing here reaches the internet."""

from __future__ import annotations

import functools
import gzip
import ipaddress
import itertools
import json
import shutil
import socket
import ssl
import subprocess
from dataclasses import replace
from pathlib import Path

import brotli
import httpx
import pytest

from newsweave.errors import FetchError
from newsweave.models import Document, InputError
from newsweave.options import Options
from newsweave.sources import http as http_module
from newsweave.sources import netguard, read_inputs
from newsweave.sources.http import decode_html, fetch_urls
from newsweave.sources.robots import rules_from

from .conftest import HTML, LocalServer, Route, as_html, seed_files


def fetch(urls: list[str], options: Options) -> list[Document | InputError]:
    return list(fetch_urls(urls, options))


def only(items: list[Document | InputError]) -> Document | InputError:
    assert len(items) == 1, items
    return items[0]


def seed_page(server: LocalServer, path: str = "/article.html") -> str:
    text = seed_files()[0].read_text("utf-8")
    return server.add(path, as_html(text))


def test_page_becomes_an_html_document(server: LocalServer, options: Options) -> None:
    url = seed_page(server)
    doc = only(fetch([url], options))
    assert isinstance(doc, Document)
    assert (doc.kind, doc.source, doc.url) == ("html", url, url)
    assert doc.text.startswith("<!doctype html>") and "<p>" in doc.text
    assert doc.raw is not None and doc.raw.decode("utf-8") == doc.text
    (robots, page) = server.hits
    assert (robots.path, page.path) == ("/robots.txt", "/article.html")
    assert page.headers["user-agent"] == options.user_agent
    assert "br" in page.headers["accept-encoding"] and "gzip" in page.headers["accept-encoding"]


def test_loopback_is_refused_by_default(server: LocalServer, tmp_path: Path) -> None:
    url = seed_page(server)
    error = only(fetch([url], Options(cache_dir=str(tmp_path), progress=False)))
    assert isinstance(error, InputError)
    assert error.source == url
    assert "loopback" in error.reason and "--allow-private" in error.reason
    assert server.count("/article.html") == 0
    assert server.count("/robots.txt") == 0


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("169.254.169.254", "link-local"),
        ("224.0.0.251", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "non-public"),
        ("240.0.0.1", "private"),  # ipaddress files 240/4 under private before reserved
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fd00::1", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("2002:a9fe:a9fe::", "link-local"),  # 6to4 wrapping 169.254.169.254
        ("64:ff9b::a00:1", "private"),  # NAT64 wrapping 10.0.0.1
    ],
)
def test_guard_refuses_non_public_addresses(address: str, problem: str) -> None:
    reason = netguard.address_problem(ipaddress.ip_address(address))
    assert reason is not None and problem in reason
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(FetchError, match="refused"):
        netguard.guard_url(f"http://{host}/latest/meta-data")


@pytest.mark.parametrize("address", ["93.184.215.14", "1.1.1.1", "2606:4700:4700::1111"])
def test_guard_lets_public_addresses_through(address: str) -> None:
    assert netguard.address_problem(ipaddress.ip_address(address)) is None
    host = f"[{address}]" if ":" in address else address
    target = netguard.guard_url(f"https://{host}:8443/a?b=1")
    assert target.ip == address and target.host_header == f"{host}:8443"


def test_guard_resolves_names_and_checks_every_address(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_getaddrinfo(host: str, port: int, **_: object) -> list[tuple[object, ...]]:
        ips = ["93.184.215.14", "10.0.0.7"]  # one public, one private: refused
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ips]

    monkeypatch.setattr(netguard.socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(FetchError, match=r"private address \(10\.0\.0\.7\)"):
        netguard.guard_url("http://news.example/story")
    target = netguard.guard_url("http://news.example/story", allow_private=True)
    assert target.url == "http://93.184.215.14/story" and target.host_header == "news.example"


def test_guard_refuses_other_schemes() -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/a", "gopher://x/"):
        with pytest.raises(FetchError, match="http"):
            netguard.guard_url(url)


def test_redirect_to_a_private_address_is_refused(
    server: LocalServer, options: Options, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every hop is checked: the local server counts as public here, its redirect target not."""
    real = netguard.address_problem
    monkeypatch.setattr(
        netguard,
        "address_problem",
        lambda ip: None if str(ip) == "127.0.0.1" else real(ip),
    )
    url = server.add(
        "/go", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data"}
    )
    error = only(fetch([url], options.with_(allow_private=False)))
    assert isinstance(error, InputError) and error.source == url
    assert "link-local" in error.reason and "169.254.169.254" in error.reason
    assert server.count("/go") == 1


def test_redirects_are_followed_within_limits(server: LocalServer, options: Options) -> None:
    final = seed_page(server, "/new")
    old = server.add("/old", status=301, headers={"Location": "/new"})
    doc = only(fetch([old], options))
    assert isinstance(doc, Document) and (doc.source, doc.url) == (old, final)
    loop = server.add("/loop", status=302, headers={"Location": "/loop"})
    error = only(fetch([loop], options))
    assert isinstance(error, InputError) and "redirects" in error.reason
    assert server.count("/loop") == 6


def test_robots_txt_disallow_is_respected(server: LocalServer, options: Options) -> None:
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    private = seed_page(server, "/private/a.html")
    public = seed_page(server, "/public/b.html")
    blocked, allowed = fetch([private, public], options)
    assert isinstance(blocked, InputError) and "robots.txt" in blocked.reason
    assert isinstance(allowed, Document)
    assert server.count("/private/a.html") == 0 and server.count("/robots.txt") == 1
    ignored = only(fetch([private], options.with_(respect_robots=False)))
    assert isinstance(ignored, Document)


def test_robots_txt_for_our_agent_only(server: LocalServer, options: Options) -> None:
    server.add(
        "/robots.txt",
        "User-agent: newsweave\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
        content_type="text/plain",
    )
    error = only(fetch([seed_page(server)], options))
    assert isinstance(error, InputError) and "robots.txt" in error.reason


def test_robots_txt_server_error_disallows_the_host(server: LocalServer, options: Options) -> None:
    server.add("/robots.txt", "down", status=503, content_type="text/plain")
    error = only(fetch([seed_page(server)], options))
    assert isinstance(error, InputError) and error.reason == "robots.txt answered HTTP 503"
    assert server.count("/article.html") == 0


def test_crawl_delay_is_read() -> None:
    rules = rules_from(200, b"User-agent: *\nCrawl-delay: 7\nDisallow: /admin\n")
    assert rules.crawl_delay("newsweave/0.1") == 7.0
    assert not rules.allows("newsweave/0.1", "http://x.example/admin/a")
    assert rules_from(404, b"").allows("newsweave/0.1", "http://x.example/admin/a")


def test_size_cap_stops_the_download(server: LocalServer, options: Options) -> None:
    big = server.add("/big.html", "<html><body>" + "<p>word</p>" * 20_000 + "</body></html>")
    error = only(fetch([big], options.with_(max_bytes=50_000)))
    assert isinstance(error, InputError) and "50,000-byte limit" in error.reason


def test_size_cap_counts_decompressed_bytes(server: LocalServer, options: Options) -> None:
    """A small gzip body that unpacks to far more than the cap (a decompression bomb)."""
    bomb = gzip.compress(b"<html><body>" + b" " * 5_000_000)
    url = server.add("/bomb.html", bomb, headers={"Content-Encoding": "gzip"})
    assert len(bomb) < 50_000
    error = only(fetch([url], options.with_(max_bytes=100_000)))
    assert isinstance(error, InputError) and "100,000-byte limit" in error.reason


def test_gzip_and_brotli_bodies_are_decoded(server: LocalServer, options: Options) -> None:
    page = as_html(seed_files()[1].read_text("utf-8")).encode("utf-8")
    gz = server.add("/gz.html", gzip.compress(page), headers={"Content-Encoding": "gzip"})
    br = server.add("/br.html", brotli.compress(page), headers={"Content-Encoding": "br"})
    docs = fetch([gz, br], options)
    assert all(isinstance(d, Document) and d.text == page.decode("utf-8") for d in docs)


def test_timeout(server: LocalServer, options: Options) -> None:
    url = server.add("/slow.html", "<html>late</html>", delay=1.5)
    error = only(fetch([url], options.with_(timeout=0.2)))
    assert isinstance(error, InputError) and error.reason == "timed out"


def test_server_errors_are_retried_client_errors_not(server: LocalServer, options: Options) -> None:
    broken = server.add("/500", "oops", status=500)
    missing = server.add("/404", "nope", status=404)
    retrying = options.with_(retries=2)
    error_500, error_404 = fetch([broken, missing], retrying)
    assert (
        isinstance(error_500, InputError) and error_500.reason == "HTTP 500 Internal Server Error"
    )
    assert isinstance(error_404, InputError) and error_404.reason == "HTTP 404 Not Found"
    assert server.count("/500") == 3 and server.count("/404") == 1


def test_a_retry_can_succeed(server: LocalServer, options: Options) -> None:
    page = as_html(seed_files()[2].read_text("utf-8")).encode("utf-8")
    server.routes["/flaky"] = Route(
        dynamic=lambda n: (
            Route(b"busy", 503, {"Retry-After": "0"})
            if n == 1
            else Route(page, 200, {"Content-Type": HTML})
        )
    )
    doc = only(fetch([server.url("/flaky")], options.with_(retries=1)))
    assert isinstance(doc, Document) and server.count("/flaky") == 2


def test_unreachable_host(options: Options) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = only(fetch([f"http://127.0.0.1:{port}/a.html"], options))
    assert isinstance(error, InputError) and "robots.txt unreachable" in error.reason
    error = only(fetch([f"http://127.0.0.1:{port}/a.html"], options.with_(respect_robots=False)))
    assert isinstance(error, InputError) and error.reason.startswith("cannot connect")


@pytest.mark.parametrize(
    ("content_type", "body", "shown"),
    [
        ("application/pdf", b"%PDF-1.7 ...", "application/pdf"),
        ("image/png", b"\x89PNG\r\n\x1a\n", "image/png"),
        ("application/json", b'{"a": 1}', "application/json"),
        ("text/plain; charset=utf-8", b"plain words", "text/plain"),
    ],
)
def test_non_html_is_a_clear_error(
    server: LocalServer, options: Options, content_type: str, body: bytes, shown: str
) -> None:
    url = server.add("/thing", body, content_type=content_type)
    error = only(fetch([url], options))
    assert isinstance(error, InputError)
    assert error.reason == f"is {shown}, not an HTML page"


def test_charset_from_meta_when_the_header_has_none(server: LocalServer, options: Options) -> None:
    text = "Le président Emmanuel Macron a déclaré que la Russie « menace » l'Europe."
    page = f'<html><head><meta charset="windows-1252"></head><body><p>{text}</p></body></html>'
    url = server.add("/fr.html", page.encode("cp1252"), content_type="text/html")
    doc = only(fetch([url], options))
    assert isinstance(doc, Document) and text in doc.text


def test_decoding_falls_back_and_normalises() -> None:
    french = "Le président Emmanuel Macron a déclaré que la Russie « menace » l'Europe. " * 3
    assert decode_html(french.encode("cp1252"), "text/html") == french
    assert decode_html("cafe\u0301".encode(), "text/html; charset=utf-8") == "café"
    assert decode_html(french.encode("latin-1"), "text/html; charset=bogus-enc") == french


def test_cache_answers_a_second_run(server: LocalServer, options: Options) -> None:
    url = seed_page(server)
    first = only(fetch([url], options))
    second = only(list(read_inputs([url], options)))
    assert isinstance(first, Document) and first == second
    assert server.count("/article.html") == 1
    cached = list(Path(options.cache_dir or "").rglob("*.body"))
    assert len(cached) == 1 and cached[0].read_bytes() == first.raw
    assert not list(Path(options.cache_dir or "").rglob("*.tmp"))


def test_a_cached_page_older_than_the_max_age_is_fetched_again(
    server: LocalServer, options: Options
) -> None:
    url = seed_page(server)
    only(fetch([url], options))
    meta = next(Path(options.cache_dir or "").rglob("*.json"))
    entry = json.loads(meta.read_text(encoding="utf-8"))
    entry["fetched_at"] = "2020-01-01T00:00:00+00:00"  # an entry from years ago
    meta.write_text(json.dumps(entry), encoding="utf-8")
    again = only(fetch([url], options))  # default max age: one day
    assert isinstance(again, Document) and server.count("/article.html") == 2
    fresh = json.loads(meta.read_text(encoding="utf-8"))["fetched_at"]
    assert not fresh.startswith("2020")  # the new copy replaced the old one
    only(fetch([url], replace(options, cache_max_age=0)))  # 0: never reuse
    assert server.count("/article.html") == 3


def test_politeness_delay_between_requests_to_one_host(
    server: LocalServer, options: Options
) -> None:
    urls = [seed_page(server, f"/p{i}.html") for i in range(3)]
    polite = options.with_(politeness_delay=0.2, concurrency=4, respect_robots=False)
    docs = fetch(urls, polite)
    assert all(isinstance(d, Document) for d in docs)
    hits = sorted(server.hits, key=lambda h: h.start)
    assert len(hits) == 3
    for before, after in itertools.pairwise(hits):
        assert after.start >= before.end  # never two requests to one host at once
        assert after.start - before.end >= 0.2 * 0.9


def test_read_inputs_fetches_url_lists_in_order_with_a_limit(
    server: LocalServer, options: Options, tmp_path: Path
) -> None:
    urls = [seed_page(server, f"/s{i}.html") for i in range(4)]
    local = tmp_path / "local.txt"
    local.write_text(seed_files()[3].read_text("utf-8"), "utf-8")
    items = list(read_inputs([urls[0], str(local), *urls[1:]], options))
    assert [i.source for i in items] == [urls[0], str(local), *urls[1:]]
    limited = list(read_inputs(urls, options.with_(limit=2)))
    assert [i.source for i in limited] == urls[:2]


def test_progress_reports_fetch_counts(server: LocalServer, options: Options) -> None:
    urls = [seed_page(server, "/ok.html"), server.add("/gone", status=404)]
    calls: list[tuple[str, int, int]] = []
    items = list(read_inputs(urls, options, lambda *a: calls.append(a)))
    assert [type(i) for i in items] == [Document, InputError]
    assert calls[-1] == ("fetch", 2, 2)


def fake_dns(monkeypatch: pytest.MonkeyPatch, names: dict[str, str]) -> None:
    real = socket.getaddrinfo

    def getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> object:
        if host in names:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (names[host], port))]
        return real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(netguard.socket, "getaddrinfo", getaddrinfo)


def test_https_goes_to_the_checked_address_and_verifies_the_name(
    options: Options, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection is pinned to the resolved IP; SNI, Host and the certificate check still
    use the name (a certificate for another name is refused)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl not found: it makes the test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=news.example",
            "-addext",
            "subjectAltName=DNS:news.example",
        ],
        check=True,
        capture_output=True,
    )
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(cert, key)
    server = LocalServer(tls=server_tls)
    server.thread.start()
    try:
        server.add("/a.html", as_html(seed_files()[0].read_text("utf-8")))
        trusted = ssl.create_default_context(cafile=str(cert))
        monkeypatch.setattr(
            http_module.httpx, "Client", functools.partial(httpx.Client, verify=trusted)
        )
        fake_dns(monkeypatch, {"news.example": "127.0.0.1", "other.example": "127.0.0.1"})
        good = f"https://news.example:{server.port}/a.html"
        bad = f"https://other.example:{server.port}/a.html"
        doc, error = fetch([good, bad], options.with_(respect_robots=False))
        assert isinstance(doc, Document) and doc.url == good
        assert [h.host for h in server.hits] == [f"news.example:{server.port}"]
        assert isinstance(error, InputError) and "certificate" in error.reason.lower()
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def test_malformed_feed_keeps_the_entries_it_can(
    server: LocalServer, options: Options, tmp_path: Path
) -> None:
    url = seed_page(server)
    feed = tmp_path / "half.rss"
    feed.write_text(f"<rss><channel><item><title>A</title><link>{url}</link></item><item>", "utf-8")
    items = list(read_inputs([str(feed)], options))
    assert isinstance(items[0], InputError) and items[0].source == str(feed)
    assert "is malformed" in items[0].reason
    assert [type(i) for i in items[1:]] == [Document]


def test_a_polite_host_does_not_hold_up_the_others(options: Options) -> None:
    """URLs sorted by host: the second host's page is fetched while the first host's delay runs,
    and never more than ``concurrency`` requests are open at once."""
    servers = [LocalServer(), LocalServer()]
    for s in servers:
        s.thread.start()
    try:
        page = as_html(seed_files()[0].read_text("utf-8"))
        first = [servers[0].add(f"/a{i}.html", page, delay=0.05) for i in range(3)]
        second = servers[1].add("/b.html", page, delay=0.05)
        polite = options.with_(politeness_delay=0.3, concurrency=2, respect_robots=False)
        docs = fetch([*first, second], polite)
        assert all(isinstance(d, Document) for d in docs)
        a_hits = sorted(servers[0].hits, key=lambda h: h.start)
        (b_hit,) = servers[1].hits
        assert b_hit.start < a_hits[1].start  # not queued behind the first host's delay
        hits = [*a_hits, b_hit]
        most = max(sum(h.start <= x.start < h.end for h in hits) for x in hits)
        assert most <= 2
    finally:
        for s in servers:
            s.httpd.shutdown()
            s.httpd.server_close()
