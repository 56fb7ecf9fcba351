"""Hypothesis strategies shared by the fuzz tests: hostile Unicode, real pages and their mutations.

Real pages come from two places, both read at test time and never copied into the repo: the
bundled example's seeds (plain text with page furniture, wrapped here in HTML) and, when
../shared is present, a few pages of the AEB benchmark (``eval/aeb/html/*.html.gz``).

:func:`budget` scales a test's number of examples with the loaded profile, so that the slow
tests (spaCy, trafilatura, the whole pipeline) run a few examples under the ``ci`` profile and
many under ``long`` without any test choosing its own profile.
"""

from __future__ import annotations

import gzip
import html
from functools import lru_cache
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "rare-earths-2025-02-24"
AEB_HTML = ROOT.parent / "shared" / "eval" / "aeb" / "html"

#: characters that break naive text handling: RTL/LTR marks and overrides, zero-width joiners
#: and spaces, combining marks, BOM, NUL and other controls, lone surrogates, curly and guillemet
#: quotation marks, CRLF, line and paragraph separators, the replacement character
TRICKY_CHARS = [
    "\u200f", "\u200e", "\u202e", "\u2066", "\u200d", "\u200b", "\u2060", "\u0301", "\u0338",
    "\u20dd", "\ufeff", "\x00", "\x1b", "\x0c", "\x85", "\u2028", "\u2029", "\ud800", "\udfff",
    "\udce9", "“", "”", "‘", "’", "«", "»", "„", '"', "'", "\r\n", "\r", "\ufffd", "\U0001f600",
]  # fmt: skip
TRICKY = st.sampled_from(TRICKY_CHARS)
#: words that trigger the extractors (speech verbs, numbers, dates, names)
WORDS = st.sampled_from(
    [
        "said", "told", "Putin", "Mr.", "President", "Trump", "U.S.", "$", "5", "million",
        "tons", "percent", "%", "Feb.", "24", "Monday", "2025", "yesterday", ",", ".", ":",
        " ", "\n", "\n\n", "according to", "per cent", "1,000", "-", "2-3", "half", "first",
        "twice", "Subscribe", "Share", "Reuters", "(AP)", "—",
    ]
)  # fmt: skip
#: random text with hostile characters and extractor triggers mixed in
TEXT = st.lists(st.one_of(st.text(max_size=30), TRICKY, WORDS), max_size=60).map("".join)
#: pieces of markup a mutation may insert into a page
MARKUP = st.sampled_from(
    [
        "<div>", "</div>", "<p>", "</p>", "<p", ">", "<", "<script>", "</script>", "<style>",
        "<!--", "-->", "<![CDATA[", "]]>", "&", "&#0;", "&#xD800;", "&nbsp", "&#1114112;",
        '<meta charset="utf-7">', '<meta http-equiv="refresh" content="0;url=javascript:x">',
        '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":',
        '<time datetime="9999-99-99">', "<html>", "</html>", "<body>", "<table><tr><td>",
        "<svg><foreignObject>", "<math><mi>", '<a href="javascript:alert(1)">', "\x00",
    ]
)  # fmt: skip


def budget(divisor: int, floor: int = 3) -> settings:
    """Settings with ``max_examples`` the loaded profile's divided by ``divisor`` (at least
    ``floor``): ``ci`` (60) gives a handful for slow tests, ``long`` (20,000) hundreds."""
    return settings(max_examples=max(floor, settings().max_examples // divisor))


@lru_cache(maxsize=1)
def seed_texts() -> tuple[str, ...]:
    """The bundled example's seed pages (plain text with furniture)."""
    return tuple(p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt")))


def as_html(text: str) -> str:
    """A plain-text page as a simple HTML page: first line the title, each line a paragraph."""
    lines = [line for line in text.splitlines() if line.strip()]
    title = html.escape(lines[0]) if lines else ""
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return (
        f"<!doctype html><html><head><title>{title}</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
        "<footer>Subscribe to our newsletter</footer></body></html>"
    )


@lru_cache(maxsize=1)
def aeb_pages(limit: int = 6) -> tuple[str, ...]:
    """A few AEB pages (the smallest files, to keep examples quick), or () without ../shared."""
    if not AEB_HTML.is_dir():
        return ()
    files = sorted(AEB_HTML.glob("*.html.gz"), key=lambda p: (p.stat().st_size, p.name))[:limit]
    return tuple(gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in files)


@st.composite
def mutated(draw: st.DrawFn, pages: st.SearchStrategy[str]) -> str:
    """A real page with a few random edits: slices deleted, duplicated or moved, markup and
    hostile characters inserted, the page cut short."""
    page = draw(pages)
    for _ in range(draw(st.integers(0, 6))):
        n = len(page)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 2000)))
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "insert", "truncate", "move"]))
        if op == "delete":
            page = page[:i] + page[j:]
        elif op == "duplicate":
            page = page[:j] + page[i:j] + page[j:]
        elif op == "insert":
            piece = draw(st.one_of(MARKUP, TRICKY, TEXT))
            page = page[:i] + piece * draw(st.integers(1, 50)) + page[i:]
        elif op == "truncate":
            page = page[:i]
        else:
            k = draw(st.integers(0, n - (j - i)))
            cut = page[i:j]
            rest = page[:i] + page[j:]
            page = rest[:k] + cut + rest[k:]
    return page


def seed_pages_html() -> st.SearchStrategy[str]:
    return st.sampled_from(seed_texts()).map(as_html)


def seed_pages_text() -> st.SearchStrategy[str]:
    return st.sampled_from(seed_texts())


# --- shapes of hostile input (issue 20): deep nesting, invalid bytes, bidi, long unpunctuated
# text, huge feeds ---------------------------------------------------------------------------

#: bidirectional embeddings, overrides and isolates
BIDI_CHARS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
BIDI = st.sampled_from(BIDI_CHARS)
#: bytes that are never valid UTF-8 on their own (continuation bytes, bad leads, NUL)
INVALID_BYTES = st.sampled_from([b"\x80", b"\xbf", b"\xc0", b"\xc3", b"\xe2\x80", b"\xff", b"\x00"])


@st.composite
def deeply_nested(draw: st.DrawFn) -> tuple[str, str]:
    """(the seed page as HTML, the same page with its body wrapped hundreds to thousands of
    elements deep)."""
    page = draw(seed_pages_html())
    depth = draw(st.integers(250, 3_000))
    tag = draw(st.sampled_from(["div", "span", "section", "font", "blockquote"]))
    head, _, rest = page.partition("<body>")
    body, _, tail = rest.partition("</body>")
    return page, f"{head}<body>{f'<{tag}>' * depth}{body}{f'</{tag}>' * depth}</body>{tail}"


@st.composite
def with_invalid_bytes(draw: st.DrawFn, text: str) -> tuple[bytes, list[int]]:
    """``text`` in UTF-8 with a few invalid bytes inserted at random places between characters;
    the bytes and the character offsets where they went."""
    places = sorted(draw(st.lists(st.integers(0, len(text)), min_size=1, max_size=5)))
    data, pos = b"", 0
    for place in places:
        data += text[pos:place].encode() + draw(INVALID_BYTES)
        pos = place
    return data + text[pos:].encode(), places


def unpunctuated(min_words: int = 500, max_words: int = 6_000) -> st.SearchStrategy[str]:
    """Word salad from the seeds with every sentence mark and quotation mark removed."""
    words = sorted({w.strip(".,;:!?\"'“”‘’«»()") for t in seed_texts() for w in t.split()} - {""})
    return st.lists(st.sampled_from(words), min_size=min_words, max_size=max_words).map(" ".join)


def huge_feed(links: int) -> str:
    """An RSS feed of ``links`` entries, dated one day apart in scrambled order."""
    items = "".join(
        f"<item><title>Item {n}</title><link>http://203.0.113.{n % 250}/a/{n}</link>"
        f"<pubDate>{(n * 7919) % links % 28 + 1:02d} Feb 2025 {(n * 31) % 24:02d}:00:00 GMT"
        "</pubDate></item>"
        for n in range(links)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    )
