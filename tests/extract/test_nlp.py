"""The dependency parse added after the pipeline: all of it, or the sentences asked for."""

from __future__ import annotations

from typing import Any

import pytest

from newsweave.extract.nlp import add_dependencies, load_nlp

BODY = (
    "Russian President Vladimir Putin spoke to state television on Sunday. "
    "He praised the talks in Riyadh. "
    "“We certainly have significantly more resources of this kind than Ukraine,” Putin said. "
    "The Kremlin later published a transcript of the interview."
)


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_nlp()


def _arcs(doc: Any, sent: Any) -> list[tuple[int, str]]:
    return [(t.head.i, t.dep_) for t in sent]


def test_sentences_asked_for_get_the_arcs_of_the_whole_parse(nlp: Any) -> None:
    whole, part = nlp(BODY), nlp(BODY)
    assert add_dependencies(whole)
    starts = [s.start for s in part.sents]
    quote_at = BODY.index("We certainly")
    assert add_dependencies(part, [(quote_at, quote_at + 10)])
    assert [s.start for s in part.sents] == starts  # the senter's sentences are kept
    sents, whole_sents = list(part.sents), list(whole.sents)
    assert _arcs(part, sents[2]) == _arcs(whole, whole_sents[2])
    assert any(t.dep_ == "nsubj" and t.text == "Putin" for t in sents[2])
    assert all(t.dep_ == "" for s in (sents[0], sents[1], sents[3]) for t in s)
    # a later call parses one more sentence and keeps the first
    assert add_dependencies(part, [(0, 5)])
    sents = list(part.sents)
    assert _arcs(part, sents[0]) == _arcs(whole, whole_sents[0])
    assert _arcs(part, sents[2]) == _arcs(whole, whole_sents[2])
    assert all(t.dep_ == "" for t in sents[3])
    assert [s.start for s in part.sents] == starts


def test_a_doc_of_another_pipeline_gets_no_parse(nlp: Any) -> None:
    import spacy

    other = spacy.blank("en")(BODY)
    assert not add_dependencies(other, [(0, 10)])
