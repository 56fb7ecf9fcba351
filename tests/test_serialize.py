"""Records survive the trip to JSON-able data and back."""

from __future__ import annotations

import json

from newsweave.models import (
    Article,
    ArticleFacts,
    Claim,
    Metadata,
    Quote,
    Removed,
    Sentence,
    SentenceRef,
)
from newsweave.serialize import from_data, to_data


def test_article_round_trip() -> None:
    article = Article(
        id="a1",
        source="seeds/000.txt",
        paragraphs=("Putin met with officials on Feb. 24.", "He emphasized the project."),
        metadata=Metadata(title="T", authors=("Olena Goncharova",), cited_sources=("Interfax",)),
        removed=(Removed("Subscribe", "newsletter"),),
        content_hash="abc",
    )
    data = json.loads(json.dumps(to_data(article)))
    assert from_data(Article, data) == article


def test_nested_records_round_trip() -> None:
    facts = ArticleFacts(
        article="a1",
        sentences=(Sentence("a1", 0, 0, 10, "He said so"),),
        quotes=(Quote("q1", "a1", 5, 20, "Nobody can demand", "Vladimir Putin", cue="said"),),
    )
    assert from_data(ArticleFacts, json.loads(json.dumps(to_data(facts)))) == facts
    claim = Claim("c1", (SentenceRef("a1", "x", 2),), 2, (("a1", "a2"),), "a1", ("a2",))
    assert from_data(Claim, to_data(claim)) == claim
