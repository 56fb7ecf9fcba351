"""Discrepancies: only between mentions of one fact, never across two events."""

from __future__ import annotations

from dataclasses import replace

from newsweave.align.discrepancies import (
    date_discrepancies,
    quote_discrepancies,
    status_discrepancies,
)
from newsweave.align.similarity import build_story_text
from newsweave.models import Article, Claim, DateMention, SentenceRef

from .helpers import article, facts, quote


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


def _status(*paragraphs: tuple[str, str]) -> list[str]:
    arts = [article(a, [p]) for a, p in paragraphs]
    text = build_story_text([facts(a) for a in arts], use_model=False)
    return [d.what for d in status_discrepancies(text)]


def test_expected_versus_already_happened_is_a_discrepancy() -> None:
    found = _status(
        ("a1", "Representative Michael Grimm was expected to be indicted on federal charges."),
        ("a2", "The Post reports that Grimm has already been secretly indicted by a grand jury."),
    )
    assert found == [
        'whether it has happened: "expected to be indicted" vs "has already been secretly indicted"'
    ]


def test_a_later_plain_past_or_another_person_is_no_status_discrepancy() -> None:
    # a plain past tense is a later report, not a disagreement about what happened
    assert not _status(
        ("a1", "Grimm was expected to be indicted on federal charges."),
        ("a2", "On Monday Grimm was indicted on federal charges."),
    )
    # the same verb about different people
    assert not _status(
        ("a1", "Representative Grimm was expected to be indicted on Friday."),
        ("a2", "His fund-raiser Durand has already been indicted in Houston."),
    )


def _wording(first: str, second: str) -> list[str]:
    a, b = article("a1", [f'"{first}," he said.']), article("a2", [f'"{second}," he said.'])
    quotes = [
        replace(quote(a, 1, first, "Putin"), group="g1"),
        replace(quote(b, 1, second, "Putin"), group="g1"),
    ]
    text = build_story_text([facts(a), facts(b)], use_model=False)
    found = quote_discrepancies(quotes, text, {a.id: a.body, b.id: b.body})
    return [d.what for d in found if d.kind == "wording"]


def test_a_translation_that_changes_a_word_is_a_wording_discrepancy() -> None:
    found = _wording(
        "He doesn't just say what he thinks, he does what he wants",
        "He does not simply say what he thinks, but he says what he wants",
    )
    assert len(found) == 1 and '"does" vs "says"' in found[0]


def test_transcriptions_of_one_speech_differ_only_where_a_negation_flips() -> None:
    # both outlets wrote down one English interview: a long run agrees word for word
    same = "But I am talking about his worldview, the way he {} problems in this country"
    assert _wording(same.format("approaches"), same.format("addresses")) == []
    flipped = "We are here to serve the earth and we will {} change that, believe me"
    found = _wording(flipped.format("never"), flipped.format("now"))
    assert len(found) == 1 and '"never" vs "now"' in found[0]


def test_a_paraphrase_of_one_remark_is_not_a_wording_discrepancy() -> None:
    # two outlets' versions of one courtroom remark: a pronoun swapped and the sentence recast
    assert (
        _wording(
            "I did these things. I used money that should have been used for my campaign",
            "I used money I shouldn't have used for personal purposes",
        )
        == []
    )


def test_relative_dates_of_an_undated_article_are_not_compared() -> None:
    # "on Monday" in an article without its own date was resolved against a guess
    a = article("a1", ["Police arrested the gunman on Monday after a chase."])
    b = article("a2", ["Police arrested the gunman on Monday after a chase."])
    text = build_story_text([facts(a), facts(b)], use_model=False)
    dates = [_date(a, "on Monday", "2007-04-09"), _date(b, "on Monday", "2007-04-16")]
    claims = [_claim((a, 0), (b, 0))]
    assert len(date_discrepancies(claims, dates, text)) == 1
    assert date_discrepancies(claims, dates, text, undated={"a2"}) == []
    # a date written with its year is compared whatever the article's own date
    c = article("a3", ["The film's release date is November 22, 2013, the studio said."])
    d = article("a4", ["The film's release date is November 29, 2013, the studio said."])
    text = build_story_text([facts(c), facts(d)], use_model=False)
    dates = [
        _date(c, "November 22, 2013", "2013-11-22"),
        _date(d, "November 29, 2013", "2013-11-29"),
    ]
    assert len(date_discrepancies([_claim((c, 0), (d, 0))], dates, text, undated={"a4"})) == 1


def test_grammar_numbers_brackets_and_cut_points_are_not_wording_discrepancies() -> None:
    # a number in words or digits, ordinals too
    assert (
        _wording(
            "I would say that there is a two-in-three chance that we win control of the House",
            "I would say that there is a 2 in 3 chance that we win control of the House",
        )
        == []
    )
    assert (
        _wording(
            "By rolling back this eleventh-hour regulation, we are ensuring the full protection",
            "By rolling back this 11th hour regulation we are ensuring the full protection",
        )
        == []
    )
    # the outlet's own words in square brackets
    assert (
        _wording(
            "As president, I'll end Obama's war on religion, and I'll fight",
            "As president, I'll end [President Barack] Obama's war on religion, and I'll fight",
        )
        == []
    )
    # a partial quote fitted into the outlet's sentence; an article changed
    assert (
        _wording(
            "Ryan's plan would end Medicare as we know it and shift costs",
            "Ryan's plan ending Medicare as we know it and shift costs",
        )
        == []
    )
    assert (
        _wording(
            "dress like you deserve respect, not a spot at a bar, she wrote",
            "dress like you deserve respect, not a spot at the bar, she wrote",
        )
        == []
    )
    # a preposition for a preposition; an abbreviation for its words
    assert (
        _wording(
            "the future of Europe and the future of Germany in Europe is at stake",
            "the future of Europe and the future of Germany within Europe is at stake",
        )
        == []
    )
    # the outlets cut the remark at different points: the words at an edge differ
    assert (
        _wording("1 in 3 chance that we could lose", "two-in-three chance that we could lose") == []
    )
    # while a real change inside the remark still counts
    found = _wording(
        "We are ready to work with our foreign partners on rare earths",
        "We are happy to work with any foreign partners on rare earths",
    )
    assert len(found) == 1 and '"our" vs "any"' in found[0]


def test_an_excerpt_only_one_outlet_quotes_is_no_disagreement() -> None:
    a = article(
        "a1",
        [
            'In an interview shown Thursday on the "Today" show, Trump told Vieira that he had '
            '"real doubts" about where Obama was born.',
            "He has sent investigators to Hawaii.",
        ],
    )
    b = article(
        "a2",
        [
            '"I want to see the birth certificate," said Trump in an interview on the NBC '
            '"Today" show.',
            "The White House declined to comment on the remarks.",
        ],
    )
    quotes = [
        replace(quote(a, 1, "real doubts", "Trump"), group="g1"),
        replace(quote(b, 1, "I want to see the birth certificate", "Trump"), group="g1"),
    ]
    text = build_story_text([facts(a), facts(b)], use_model=False)
    assert text.lexical(0, 2) >= 0.15  # the two sentences are set in one interview
    assert quote_discrepancies(quotes, text, {a.id: a.body, b.id: b.body}) == []
