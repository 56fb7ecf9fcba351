"""A pathological input is stopped by the per-input time limit; the rest of the batch goes on."""

from __future__ import annotations

import time

import pytest

from newsweave._limits import time_limit
from newsweave.errors import InputError


def test_time_limit_interrupts_a_long_loop() -> None:
    expected = r"slow\.txt: took longer than the 0\.05-second limit"
    with pytest.raises(InputError, match=expected), time_limit(0.05, "slow.txt"):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            pass


def test_no_limit_and_fast_blocks_pass() -> None:
    with time_limit(None, "x"):
        pass
    with time_limit(5, "x"):
        total = sum(range(1000))
    assert total == 499500


# --- every stage of one input bounded (issue 20) -------------------------------------------------

SALAD = (
    "rare earth metals Putin said Moscow ready work American companies reserves Ukraine talks "
    "minister officials deal Kyiv Washington sanctions exports million tons "
)


def test_a_quote_in_a_huge_sentence_reads_only_its_surroundings() -> None:
    """The clause around a quote comes from the characters near it, whatever the sentence's
    length: (words before, the quote, words after) with at most _WINDOW words each side."""
    from newsweave.align.quotes import _WINDOW, _context
    from newsweave.align.similarity import build_story_text

    from .align.helpers import article, facts, quote

    filler = SALAD * 800  # ~130,000 characters without a sentence end
    a = article("a1", [f"{filler} the minister said we will never sign this deal {filler}"])
    quotes = [quote(a, 1, "we will never sign this deal", "minister")]
    text = build_story_text([facts(a, quotes)], use_model=False)
    _terms, clause, row, (before, said, after) = _context(text, quotes[0], quotes)
    assert row == 0 and said == "we will never sign this deal"
    assert before.split()[-3:] == ["the", "minister", "said"]
    assert len(before.split()) <= _WINDOW and len(after.split()) <= _WINDOW
    assert len(clause) < 400


def test_unpunctuated_text_gives_bounded_sentences() -> None:
    from newsweave.extract import parse
    from newsweave.extract.sentences import MAX_SENTENCE_CHARS, sentences

    body = (SALAD * 120).strip()  # ~20,000 characters, no full stop
    found = sentences("a1", parse([body])[0])
    assert len(found) > 5
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in found)
    assert all(body[s.start : s.end] == s.text for s in found)
    assert " ".join(s.text for s in found).split() == body.split()  # nothing lost


def test_a_story_whose_alignment_runs_past_the_limit_is_kept_unaligned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import newsweave.pipeline as pipeline
    from newsweave.models import Document
    from newsweave.options import Options

    def forever(*args: object, **kwargs: object) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            pass

    monkeypatch.setattr(pipeline, "align_story", forever)
    text = (
        'Putin said on Monday: "We are ready to work with American companies on rare earth '
        'metals." Officials said the talks would go on in Riyadh next week.'
    )
    docs = [Document(source="slow.txt", text=text, kind="text")]
    started = time.monotonic()
    report = pipeline.analyze_documents(docs, Options(progress=False, time_limit=1))
    assert time.monotonic() - started < 30
    assert len(report.articles) == 1 and len(report.stories) == 1
    (error,) = report.errors
    assert error.source == "story s1 (slow.txt)" and "alignment stopped" in error.reason
    assert report.stories[0].quotes  # the article's own findings are kept
