"""Discrepancies: only between mentions of one fact, never across two events."""

from __future__ import annotations

from newsweave.align.discrepancies import date_discrepancies
from newsweave.align.similarity import build_story_text
from newsweave.models import Article, Claim, DateMention, SentenceRef

from .helpers import article, facts


def _date(a: Article, text: str, iso: str) -> DateMention:
    start = a.body.index(text)
    return DateMention(a.id, start, start + len(text), text, iso)


def _claim(*refs: tuple[Article, int]) -> Claim:
    sentences = tuple(SentenceRef(a.id, facts(a).sentences[i].text, i) for a, i in refs)
    return Claim(id="c1", sentences=sentences, independent_sources=len(refs))


def test_one_event_dated_differently_is_a_discrepancy() -> None:
    a = article("a1", ["Putin met U.S. officials in Riyadh on Feb. 18 to discuss the war."])
    b = article("a2", ["Putin met U.S. officials in Riyadh on Feb. 19 to discuss the war."])
    text = build_story_text([facts(a), facts(b)], use_model=False)
    dates = [_date(a, "Feb. 18", "2025-02-18"), _date(b, "Feb. 19", "2025-02-19")]
    out = date_discrepancies([_claim((a, 0), (b, 0))], dates, text)
    assert len(out) == 1
    assert "2025-02-18 vs 2025-02-19" in out[0].what
    assert {v.article for v in out[0].variants} == {"a1", "a2"}


def test_two_events_in_one_claim_are_not_dated_differently() -> None:
    # the seeds: a meeting on Feb. 24 and a phone call on Feb. 12, grouped in one loose claim
    a = article(
        "a1",
        [
            "Russian President Vladimir Putin met with officials on Feb. 24 to discuss rare "
            "earth metals production, calling it a strategic reserve."
        ],
    )
    b = article(
        "a2",
        [
            "Putin said there was little discussion about the war in his Feb. 12 call with "
            "Trump and last week's meeting between U.S. and Russian officials."
        ],
    )
    text = build_story_text([facts(a), facts(b)], use_model=False)
    dates = [_date(a, "Feb. 24", "2025-02-24"), _date(b, "Feb. 12", "2025-02-12")]
    assert date_discrepancies([_claim((a, 0), (b, 0))], dates, text) == []
