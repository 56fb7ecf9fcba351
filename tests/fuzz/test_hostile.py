"""Issue 20's shapes of hostile input, fuzzed: deep nesting, invalid bytes at random places,
bidirectional overrides, long unpunctuated text, huge feeds.  Each ends as a bounded result
with the smallest damage: good text never rewritten, articles never lost to nesting, no
override in any rendered output, no sentence past the cap, no feed read past its cap."""

from __future__ import annotations

import json
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from newsweave.clean.html import clean_html
from newsweave.extract import parse
from newsweave.extract.sentences import MAX_SENTENCE_CHARS, sentences
from newsweave.models import Document, InputError
from newsweave.options import Options
from newsweave.report.html import render_html
from newsweave.report.json import dumps
from newsweave.report.markdown import render_markdown
from newsweave.sources import read_inputs
from newsweave.sources.feeds import newest, parse_feed

from .strategies import (
    BIDI,
    BIDI_CHARS,
    budget,
    deeply_nested,
    huge_feed,
    seed_texts,
    unpunctuated,
    with_invalid_bytes,
)


@lru_cache(maxsize=1)
def seed_report() -> dict[str, Any]:
    from tests.report.seed_report import build_seed_report

    return build_seed_report()


def read_bytes_as(name: str, data: bytes) -> list[Document | InputError]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return list(read_inputs([str(path)], Options(progress=False)))


@budget(20)
@given(st.data())
def test_invalid_bytes_damage_only_where_they_are(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(seed_texts()))
    raw, places = data.draw(with_invalid_bytes(text))
    (doc,) = read_bytes_as("page.txt", raw)
    assert isinstance(doc, Document)
    assert "‚Äô" not in doc.text and "â€" not in doc.text  # never re-read as a legacy encoding
    untouched = [line for line in text.splitlines() if line.strip()]
    hit = set()
    for place in places:
        hit.add(text.count("\n", 0, place))
    lines = [line for n, line in enumerate(text.splitlines()) if line.strip() and n not in hit]
    assert len(lines) <= len(untouched)
    for line in lines:
        assert line.strip() in doc.text


@budget(20)
@given(st.lists(st.tuples(st.sampled_from(seed_texts()), st.booleans()), min_size=1, max_size=6))
def test_each_jsonl_record_decodes_on_its_own(records: list[tuple[str, bool]]) -> None:
    lines = []
    for n, (text, latin) in enumerate(records):
        line = json.dumps({"id": f"r{n}", "text": text[:500]}, ensure_ascii=False)
        lines.append(line.encode("cp1252", "replace") if latin else line.encode())
    items = read_bytes_as("in.jsonl", b"\n".join(lines))
    assert len(items) == len(records)
    for (text, latin), item in zip(records, items, strict=True):
        if not latin:  # a neighbour in another encoding changes nothing here
            assert isinstance(item, Document)
            assert item.text == unicodedata.normalize("NFC", text[:500])


@budget(40)
@given(deeply_nested())
def test_deep_nesting_keeps_the_article(pages: tuple[str, str]) -> None:
    shallow, deep = pages
    assert clean_html(deep)[0].paragraphs == clean_html(shallow)[0].paragraphs


@budget(20)
@given(st.lists(st.tuples(st.integers(0, 40), BIDI), min_size=1, max_size=8))
def test_bidi_overrides_reach_no_rendered_output(inserts: list[tuple[int, str]]) -> None:
    report = json.loads(json.dumps(seed_report()))
    for n, (at, char) in enumerate(inserts):
        article = report["articles"][n % len(report["articles"])]
        for key in ("title", "outlet"):
            value = article.get(key) or "Outlet"
            article[key] = value[:at] + char + value[at:]
    for name, text in (
        ("md", render_markdown(report)),
        ("html", render_html(report)),
        ("json", dumps(report)),
    ):
        assert not [c for c in text if c in BIDI_CHARS], name


@budget(200, floor=2)
@given(unpunctuated())
def test_long_unpunctuated_text_gives_bounded_sentences(text: str) -> None:
    found = sentences("a1", parse([text])[0])
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in found)
    # every character but spaces, in order (spaCy may end a sentence between two tokens that
    # no space separates: "[in")
    assert "".join("".join(s.text.split()) for s in found) == "".join(text.split())


@budget(100, floor=2)
@given(st.integers(1_000, 10_000), st.integers(1, 200))
def test_huge_feeds_are_read_up_to_the_cap(links: int, cap: int) -> None:
    parsed = parse_feed(huge_feed(links).encode(), "huge.rss")
    assert len(parsed.entries) == links
    kept = newest(parsed.entries, cap, "huge.rss")
    assert len(kept) == cap
    numbers = [n for n, _ in kept]
    assert numbers == sorted(numbers)  # feed order
    oldest_kept = min(str(e.published) for _, e in kept)
    left_out = [e for n, e in enumerate(parsed.entries, 1) if n not in set(numbers)]
    assert all(str(e.published) <= oldest_kept for e in left_out)
