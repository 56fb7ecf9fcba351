from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from newsweave.group import duplicates
from newsweave.group.duplicates import body_words, copy_score, find_duplicates, verify_pairs
from newsweave.models import Article, Metadata

from ._data import article, records


def _basil_event() -> list[Article]:
    """The three outlets' articles on the first BASIL event (same event, not copies)."""
    recs = records("basil")
    first = recs[0]["cluster"]
    same = [r for r in recs if r["cluster"] == first]
    return [article(r, f"o{n}") for n, r in enumerate(same, start=1)]


def _edited(text: str) -> str:
    """Every tenth word replaced and the first sentence dropped."""
    words = text.split(" ")
    words = [("changed" if n % 10 == 5 else w) for n, w in enumerate(words)]
    out = " ".join(words)
    return out[out.find(". ") + 2 :]


def test_copies_link_to_earliest_original_and_same_event_articles_stay_apart() -> None:
    originals = _basil_event()
    source = originals[0]
    day = source.metadata.published
    reprint = Article(
        "c1",
        "reprint",
        ("Advertisement", *source.paragraphs, "Sign up for our newsletter."),
        Metadata(published=day, outlet="Some Daily"),
    )
    edited = Article(
        "c2",
        "edited",
        tuple(_edited(p) for p in source.paragraphs),
        Metadata(published=day, outlet="Other Post"),
    )
    # the copies come first in the input; the original is still the earliest-published
    arts = [reprint, edited, *originals]
    arts[2] = replace(source, metadata=replace(source.metadata, published="2000-01-01"))
    edges = find_duplicates(arts)
    assert {(e.source, e.target, e.relation) for e in edges} == {
        ("c1", source.id, "duplicate_of"),
        ("c2", source.id, "duplicate_of"),
    }


def test_ties_go_to_input_order_and_credit_wins() -> None:
    text = _basil_event()[0].paragraphs
    a = Article("a1", "x", text, Metadata(outlet="Wire Service"))
    b = Article("a2", "y", text, Metadata(outlet="Paper", syndicated_from="Wire Service"))
    assert [(e.source, e.target) for e in find_duplicates([a, b])] == [("a2", "a1")]
    # b credits a's outlet, so a is the original even when b comes first
    assert [(e.source, e.target) for e in find_duplicates([b, a])] == [("a2", "a1")]


def test_copy_score_separates_copies_from_other_outlets() -> None:
    fox, nyt, huff = _basil_event()
    assert copy_score(fox.body, fox.body) == 1.0
    assert copy_score(fox.body, _edited(fox.body)) > 0.8
    assert copy_score(fox.body, nyt.body) < 0.5
    assert copy_score(nyt.body, huff.body) < 0.5


def test_edited_copies_with_no_clean_original_are_not_compared_pair_by_pair(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Twenty edited copies of one text, none of them the original: every copy against every
    other scores just under the threshold.  The copies are verified most alike first, and a
    text that failed a few times is not verified again against texts that failed as often."""
    x = _basil_event()[0]
    arts = [
        Article(f"c{k}", "r", (f"Reprinted by paper {k}.", *x.paragraphs), x.metadata)
        for k in range(20)
    ]
    words = {i: body_words(a.body) for i, a in enumerate(arts)}
    texts = {i: a.body for i, a in enumerate(arts)}
    pairs = list(itertools.combinations(range(len(arts)), 2))  # LSH proposing every pair
    calls: list[tuple[str, str]] = []

    def just_under(a: str, b: str) -> float:
        calls.append((a, b))
        return 0.79

    monkeypatch.setattr(duplicates, "copy_score", just_under)
    assert verify_pairs(pairs, words, texts, 0.8) == []
    # linear in the copies, not quadratic: at most FAILED_CHECKS failures charged to each
    assert len(calls) <= duplicates.FAILED_CHECKS * len(arts) < len(pairs)


def test_copies_are_verified_most_alike_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reprint and an edited copy of one article: the reprint (most alike) joins first, and
    the edited copy then needs one check, not one against each member."""
    x = _basil_event()[0]
    reprint = Article("r", "r", ("Advertisement", *x.paragraphs), x.metadata)
    edited = Article("e", "e", tuple(_edited(p) for p in x.paragraphs), x.metadata)
    arts = [edited, x, reprint]
    words = {i: body_words(a.body) for i, a in enumerate(arts)}
    texts = {i: a.body for i, a in enumerate(arts)}
    order: list[tuple[str, str]] = []

    def recorded(a: str, b: str) -> float:
        order.append((a, b))
        return copy_score(a, b)

    monkeypatch.setattr(duplicates, "copy_score", recorded)
    verified = verify_pairs([(0, 1), (0, 2), (1, 2)], words, texts, 0.8)
    assert len(verified) == 2  # one group of three: two links
    assert order[0] == (x.body, reprint.body)  # the closest pair is verified first
    assert len(order) == 2  # the third pair is already joined through the others


def test_a_story_reprinted_by_hundreds_of_sites_gives_linear_candidates_and_one_group() -> None:
    """300 reprints of one article (each with its own sign-off line) share every LSH bucket:
    all pairs would be 44,850 candidates; a capped bucket lists each reprint with a window of
    those before it and the first, and the copies still form one group linked to the original."""
    x = _basil_event()[0]
    dated = replace(x.metadata, published="2014-01-01")
    original = Article("orig", "o", x.paragraphs, dated)
    later = replace(dated, published="2014-01-02")
    reprints = [
        Article(f"r{k}", "r", (*x.paragraphs, f"Distributed to member site {k}."), later)
        for k in range(299)
    ]
    arts = [original, *reprints]
    pairs = duplicates.candidates([body_words(a.body) for a in arts], 0.8, 128)
    n = len(arts)
    # a window per bucket; buckets differ a little (the sign-off lines), so a few windows
    assert len(pairs) <= 2 * n * (duplicates.BUCKET_WINDOW + 1) < n * (n - 1) // 4
    edges = find_duplicates(arts)
    assert {e.source for e in edges} == {a.id for a in reprints}
    assert {e.target for e in edges} == {"orig"}


def test_buckets_up_to_the_cap_still_give_every_pair() -> None:
    x = _basil_event()[0]
    arts = [Article(f"c{k}", "r", (f"Reprinted by paper {k}.", *x.paragraphs)) for k in range(30)]
    pairs = duplicates.candidates([body_words(a.body) for a in arts], 0.8, 128)
    assert pairs == set(itertools.combinations(range(30), 2))
