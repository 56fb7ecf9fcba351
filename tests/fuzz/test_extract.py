"""Extraction never crashes or hangs, and every span it returns points into the body.

Bodies are random text with hostile characters and extractor triggers (speech verbs, numbers,
dates), quotation marks that never close, and cleaned real pages with random edits.  Each
extractor runs without a parse (the fast path) and with spaCy's parse, loaded once per module.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from spacy.language import Language

from newsweave.extract import extract_article
from newsweave.extract.dates import extract_dates
from newsweave.extract.nlp import load_nlp
from newsweave.extract.quantities import extract_quantities
from newsweave.extract.quotes import extract_quotes
from newsweave.extract.sentences import sentences
from newsweave.models import Article, Quote
from newsweave.serialize import to_data

from .regressions import DATE_EDGES, EXTRACT_BODIES
from .strategies import TEXT, TRICKY, WORDS, budget, mutated, seed_pages_text

QUOTE_MARKS = st.sampled_from(['"', "“", "”", "‘", "’", "'", "«", "»", "„"])
#: text rich in quotation marks that may never close
QUOTED = st.lists(st.one_of(QUOTE_MARKS, WORDS, TRICKY, st.text(max_size=12)), max_size=80).map(
    "".join
)
BODIES = st.one_of(TEXT, QUOTED, mutated(seed_pages_text()))
DATES = st.one_of(st.none(), st.sampled_from(["2025-02-24", "0001-01-01", "9999-12-31", "x"]))


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def spans_point_into(body: str, items: Iterable[object]) -> None:
    for item in items:
        start, end, text = item.start, item.end, item.text  # type: ignore[attr-defined]
        assert 0 <= start <= end <= len(body)
        assert body[start:end] == text


def clean_body(text: str) -> str:
    """What cleaning hands extraction: surrogate-free text (see regressions.CLEAN_TEXTS)."""
    return text.encode("utf-8", "replace").decode("utf-8")


@given(BODIES)
@example(EXTRACT_BODIES[4])
@example(EXTRACT_BODIES[5])
def test_quotes_without_parse(body: str) -> None:
    quotes = extract_quotes("a1", body)
    spans_point_into(body, quotes)
    assert all(isinstance(q, Quote) for q in quotes)
    assert len({q.id for q in quotes}) == len(quotes)


@given(BODIES, DATES, DATES)
@example(*DATE_EDGES[0])  # found by fuzzing: date arithmetic overflow
@example(*DATE_EDGES[1])
def test_dates(body: str, published: str | None, fallback: str | None) -> None:
    dates = extract_dates("a1", body, published, fallback=fallback)
    spans_point_into(body, dates)
    for d in dates:
        assert len(d.date) == 10 and d.date[4] == "-"


@given(BODIES)
@example(EXTRACT_BODIES[0])
@example(EXTRACT_BODIES[1])
@example(EXTRACT_BODIES[2])
@example(EXTRACT_BODIES[3])
def test_quantities_without_sentences(body: str) -> None:
    quantities = extract_quantities("a1", body, ())
    spans_point_into(body, quantities)
    for q in quantities:
        assert math.isfinite(q.value), q
        assert q.high is None or math.isfinite(q.high), q


@budget(3)
@given(BODIES.map(clean_body))
@example(EXTRACT_BODIES[0])
@example(EXTRACT_BODIES[1])
@example(EXTRACT_BODIES[4])
def test_every_extractor_on_a_parse(nlp: Language, body: str) -> None:
    article = Article(id="a1", source="fuzz", paragraphs=(body,) if body else ())
    doc = nlp(article.body)
    facts = extract_article(article, doc, fallback_date="2025-02-24")
    for group in (facts.sentences, facts.entity_mentions, facts.quotes, facts.quantities):
        spans_point_into(article.body, group)
    assert [s.index for s in sentences("a1", doc)] == list(range(len(facts.sentences)))
    json.dumps(to_data(facts), allow_nan=False)  # what the store saves is strict JSON
