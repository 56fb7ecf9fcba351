"""Sentence segmentation on real article text."""

from __future__ import annotations

from newsweave.extract import parse
from newsweave.extract.sentences import sentences


def test_a_bracket_inside_a_quote_does_not_cut_the_sentence() -> None:
    body = (
        'Putin: "We certainly have, I want to emphasise, significantly more resources of this '
        'kind [in Russia] than Ukraine."\n\nDetails: Putin declared that Russia "is one of the '
        'undisputed leaders in terms of reserves of these rare and rare-earth metals".'
    )
    found = sentences("a1", parse([body])[0])
    assert [s.text for s in found] == [
        'Putin: "We certainly have, I want to emphasise, significantly more resources of this '
        'kind [in Russia] than Ukraine."',
        'Details: Putin declared that Russia "is one of the undisputed leaders in terms of '
        'reserves of these rare and rare-earth metals".',
    ]
    assert all(body[s.start : s.end] == s.text for s in found)


def test_sentences_never_cross_a_paragraph_even_with_an_open_bracket() -> None:
    body = "The ministry said (without giving figures\n\nthat exports rose. Prices fell."
    found = sentences("a1", parse([body])[0])
    assert found[0].text == "The ministry said (without giving figures"
    assert [s.text for s in found[1:]] == ["that exports rose.", "Prices fell."]
