"""Quote groups on real seed sentences."""

from __future__ import annotations

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
