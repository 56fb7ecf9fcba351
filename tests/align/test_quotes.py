"""Quote groups on real seed sentences."""

from __future__ import annotations

from typing import Any

import pytest

from newsweave.align import align_story
from newsweave.models import Story

from .helpers import article, facts, quote


def _story(*ids: str) -> Story:
    return Story("s1", tuple(ids))


def test_same_words_different_speakers_stay_apart() -> None:
    a = article(
        "a1",
        [
            "Putin said, with companies from both countries in discussions with each "
            "other on “major economic projects” following preliminary talks."
        ],
    )
    b = article(
        "a2",
        [
            "Earlier on Monday, US President Donald Trump told reporters in Washington "
            'that there would be "major economic development deals with Russia".'
        ],
    )
    qa = quote(a, 1, "major economic projects", "Vladimir Putin")
    qb = quote(b, 1, "major economic development deals with Russia", "Donald Trump")
    out = align_story(_story("a1", "a2"), [a, b], [facts(a, [qa]), facts(b, [qb])], use_model=False)
    groups = {q.article: q.group for q in out.quotes}
    assert groups["a1"] is None or groups["a1"] != groups["a2"]


def test_one_utterance_across_outlets_and_split_parts() -> None:
    a = article(
        "a1",
        [
            '"He doesn’t just say what he thinks—he does what he wants. That is the '
            'privilege of the leader of a great power," Putin said.'
        ],
    )
    b = article(
        "a2",
        [
            "“He is in a unique position,” Putin said. “He does not simply say what he "
            "thinks, but he says what he wants.”"
        ],
    )
    qa = quote(
        a,
        1,
        "He doesn’t just say what he thinks—he does what he wants. That is the "
        "privilege of the leader of a great power,",
        "Vladimir Putin",
    )
    qb1 = quote(b, 1, "He is in a unique position,", "Putin")
    qb2 = quote(b, 2, "He does not simply say what he thinks, but he says what he wants.", "Putin")
    out = align_story(
        _story("a1", "a2"),
        [a, b],
        [facts(a, [qa]), facts(b, [qb1, qb2])],
        canonical=lambda name: "Vladimir Putin" if "Putin" in name else None,
        use_model=False,
    )
    groups = {q.text[:12]: q.group for q in out.quotes}
    assert groups["He doesn’t j"] is not None
    assert len(set(groups.values())) == 1
    assert {q.speaker for q in out.quotes} == {"Vladimir Putin"}
    wording = [d for d in out.discrepancies if d.kind == "wording"]
    assert any('"does" vs "says"' in d.what for d in wording)
    drift = out.extras["quote_drift"]
    assert isinstance(drift, list) and drift
    record = drift[0]
    assert record["closest_to_original"]["article"] in ("a1", "a2")
    ops = [op for r in record["renderings"] for op in r["diff"]]
    assert any(op["op"] == "replace" for op in ops)


def test_one_long_statement_credited_to_a_lawyer_and_to_his_statement_is_one_group() -> None:
    text = (
        "There have been many reported cases in the past when earlier administrations "
        "discussed other paths to service with qualified candidates,"
    )
    a = article("a1", [f"“{text}” the report said."])
    b = article("a2", [f"“{text}” Robert Hale, the White House counsel, wrote."])
    qa = quote(a, 1, text, "the report")
    qb = quote(b, 1, text, "Robert Hale")
    out = align_story(_story("a1", "a2"), [a, b], [facts(a, [qa]), facts(b, [qb])], use_model=False)
    groups = {q.article: q.group for q in out.quotes}
    assert groups["a1"] is not None and groups["a1"] == groups["a2"]


def test_a_weak_link_needs_words_and_meaning_to_agree() -> None:
    """Seen on a real story: one speaker's two remarks sharing "phony" scored 0.62 on words
    with a meaning cosine of 0.23 (two utterances); two renderings of one remark score words
    0.58 with meaning 0.62 (one utterance)."""
    from newsweave.align.quotes import _Q, QuoteEvidence, QuoteParams, _agree

    a = article("a1", ["“Free testing ends up in more abortions,” Santos said."])
    b = article("a2", ["“But no less a theology,” Santos said."])

    def q(art: Any, text: str) -> _Q:
        return _Q(quote(art, 1, text, "Rick Santos"), "Rick Santos", (), (), text, 0)

    qa, qb = q(a, "Free testing ends up in more abortions,"), q(b, "But no less a theology,")
    params = QuoteParams()
    assert not _agree(qa, qb, QuoteEvidence(0.62, 0.62, 0.19, 0.23, 0.62), params)
    assert _agree(qa, qb, QuoteEvidence(0.58, 0.58, 0.33, 0.62, 0.58), params)
    assert not _agree(qa, qb, QuoteEvidence(0.17, 0.17, 0.08, 0.66, 0.51), params)
    assert _agree(qa, qb, QuoteEvidence(0.9, 0.9, 0.2, 0.1, 0.9), params)  # strong words


def _gibbs(paragraphs: list[str], pieces: list[str], aid: str) -> tuple[Any, Any]:
    a = article(aid, paragraphs)
    qs = [quote(a, n, text, "Robert Gibbs") for n, text in enumerate(pieces, start=1)]
    return a, facts(a, qs)


_OVER = "I can't help but think that those remarks are well over the line."
_TIME = "It's time to get rid of this mindset that if we disagree, we disqualify each other."


def _side_by_side_story(third: list[str]) -> dict[str, str | None]:
    """Two pieces of one statement sharing no word; each is linked across outlets by its words,
    and the first two outlets quote them side by side."""
    arts, all_facts = [], []
    for aid, paragraphs, pieces in (
        (
            "a1",
            [f"“{_OVER}” said Robert Gibbs, a campaign adviser.", f"“{_TIME}” he said."],
            [_OVER, _TIME],
        ),
        ("a2", [f"“{_TIME}” Gibbs said on television.", f"“{_OVER}”"], [_TIME, _OVER]),
        ("a3", third, [_OVER, _TIME]),
    ):
        a, f = _gibbs(paragraphs, pieces, aid)
        arts.append(a)
        all_facts.append(f)
    out = align_story(
        _story("a1", "a2", "a3"),
        arts,
        all_facts,
        canonical=lambda name: "Robert Gibbs" if "Gibbs" in name else None,
        use_model=False,
    )
    return {f"{q.article}:{q.text[:8]}": q.group for q in out.quotes}


def test_pieces_two_outlets_quote_side_by_side_are_one_statement() -> None:
    far = [f"“{_OVER}” Gibbs said.", "“We will win,” the governor said.", f"“{_TIME}” Gibbs said."]
    groups = _side_by_side_story(far)
    assert None not in groups.values()
    assert len(set(groups.values())) == 1


def test_pieces_one_outlet_quotes_side_by_side_stay_apart() -> None:
    arts, all_facts = [], []
    for aid, paragraphs, pieces in (
        (
            "a1",
            [f"“{_OVER}” said Robert Gibbs, a campaign adviser.", f"“{_TIME}” he said."],
            [_OVER, _TIME],
        ),
        (
            "a2",
            [
                f"“{_OVER}” Gibbs said.",
                "“We will win,” the governor said.",
                f"“{_TIME}” Gibbs said.",
            ],
            [_OVER, _TIME],
        ),
    ):
        a, f = _gibbs(paragraphs, pieces, aid)
        arts.append(a)
        all_facts.append(f)
    out = align_story(
        _story("a1", "a2"),
        arts,
        all_facts,
        canonical=lambda name: "Robert Gibbs" if "Gibbs" in name else None,
        use_model=False,
    )
    groups = {f"{q.article}:{q.text[:8]}": q.group for q in out.quotes}
    assert groups["a1:I can't "] == groups["a2:I can't "] is not None
    assert groups["a1:It's tim"] == groups["a2:It's tim"] is not None
    assert groups["a1:I can't "] != groups["a1:It's tim"]


def test_a_sentence_of_a_longer_rendering_joins_it_word_for_word() -> None:
    long = (
        "On the one hand, you say the problem is that they were utterly subjective, and on the "
        "other hand you say there is strong corporate culture. Well, which is it?"
    )
    a = article("a1", [f"“{long}” he told the lawyer."])
    b = article("a2", ["Justice Scalia said he felt whipsawed. “Well, which is it?” Scalia asked."])
    qa = quote(a, 1, long, "Antonin Scalia")
    qb = quote(b, 1, "Well, which is it?", "Scalia")
    out = align_story(
        _story("a1", "a2"),
        [a, b],
        [facts(a, [qa]), facts(b, [qb])],
        canonical=lambda name: "Antonin Scalia" if "Scalia" in name else None,
        use_model=False,
    )
    groups = {q.article: q.group for q in out.quotes}
    assert groups["a1"] is not None and groups["a1"] == groups["a2"]


@pytest.mark.parametrize(
    ("gap", "one"),
    [
        ("” he said, “", True),
        ("” Putin said. “", True),
        ("” he added: “", True),
        ("” Trump said of Russia and Ukraine, adding “", True),
        ('" calling the statement accurate and saying he had "', False),
        ("” He added later that “", False),
    ],
)
def test_an_attribution_between_two_quotes_hands_over_or_starts_a_remark(
    gap: str, one: bool
) -> None:
    from newsweave.align.quotes import _introduces

    assert _introduces(gap) is one


def test_two_people_with_a_generational_suffix_are_two_speakers() -> None:
    from newsweave.align.quotes import _compatible

    assert not _compatible("John G. Roberts Jr.", "Theodore J. Boutrous Jr.")
    assert _compatible("John G. Roberts Jr.", "Roberts")


def test_a_joint_speaker_is_compatible_with_each_of_its_people_only() -> None:
    from newsweave.align.quotes import _compatible

    assert _compatible("Nebraska and Oklahoma", "Oklahoma")
    assert _compatible("John McCain and Lindsey Graham", "Sen. McCain")
    assert not _compatible("John McCain and Lindsey Graham", "Chuck Schumer")


def test_one_remark_credited_to_both_states_and_to_one_of_them_is_one_group() -> None:
    a = article(
        "a1",
        [
            "Nebraska and Oklahoma complained about a “significant influx of "
            "Colorado-sourced marijuana,” but the suit cited no arrest figures."
        ],
    )
    b = article(
        "a2",
        [
            "Nebraska said in the suit that there had been a “significant influx of "
            "Colorado-sourced marijuana” into the state."
        ],
    )
    qa = quote(a, 1, "significant influx of Colorado-sourced marijuana,", "Nebraska and Oklahoma")
    qb = quote(b, 1, "significant influx of Colorado-sourced marijuana", "Nebraska")
    out = align_story(_story("a1", "a2"), [a, b], [facts(a, [qa]), facts(b, [qb])], use_model=False)
    groups = {q.article: q.group for q in out.quotes}
    assert groups["a1"] is not None and groups["a1"] == groups["a2"]
