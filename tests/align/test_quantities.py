"""Numeric facts across articles."""

from __future__ import annotations

from newsweave.align import align_story
from newsweave.models import Story

from .helpers import article, facts, quantity


def test_one_fact_shares_a_group_and_a_different_value_is_a_discrepancy() -> None:
    a = article(
        "a1",
        [
            "Putin mentioned that Russia could supply 2 million tons of aluminum "
            "annually to the United States if trade resumes."
        ],
    )
    b = article(
        "a2",
        [
            "The Kremlin leader added that Russia is ready to resume aluminium "
            "supplies to the US, selling 2 million tonnes."
        ],
    )
    c = article(
        "a3",
        [
            "Putin said Russia could supply 3 million tons of aluminum annually to the "
            "United States if trade resumes."
        ],
    )
    d = article(
        "a4",
        [
            "The two sides were closing in on such an agreement on Monday.",
            "It took two years of talks.",
        ],
    )
    qa = quantity(a, "2 million tons", 2e6, "tonne", "aluminum annually to the United States")
    qb = quantity(b, "2 million tonnes", 2e6, "tonne", "selling")
    qc = quantity(c, "3 million tons", 3e6, "tonne", "aluminum annually to the United States")
    qd = quantity(d, "two sides", 2, "count", "sides were closing in on such an agreement")
    arts = [a, b, c, d]
    out = align_story(
        Story("s1", ("a1", "a2", "a3", "a4")),
        arts,
        [
            facts(a, quantities=[qa]),
            facts(b, quantities=[qb]),
            facts(c, quantities=[qc]),
            facts(d, quantities=[qd]),
        ],
        use_model=False,
    )
    group = {q.article: q.group for q in out.quantities}
    assert group["a1"] is not None and group["a1"] == group["a2"]
    assert group["a4"] is None
    values = [d for d in out.discrepancies if d.kind == "value"]
    # one discrepancy for the fact: every article's mention, the values side by side
    assert len(values) == 1
    assert {v.article for v in values[0].variants} == {"a1", "a2", "a3"}
    assert "2 million tons / 2 million tonnes vs 3 million tons" in values[0].what


def test_close_figures_for_one_thing_conflict_and_far_ones_do_not() -> None:
    a = article(
        "a1",
        ["The sex discrimination lawsuit covers as many as 1.5 million women at Wal-Mart."],
    )
    b = article(
        "a2",
        ["Justices heard the sex discrimination lawsuit of up to 1.6 million women at Wal-Mart."],
    )
    c = article("a3", ["The sex discrimination suit names at least 544 women at Wal-Mart stores."])
    qa = quantity(a, "as many as 1.5 million women", 1.5e6, "count", "women")
    qb = quantity(b, "up to 1.6 million women", 1.6e6, "count", "women")
    qc = quantity(c, "at least 544 women", 544, "count", "women")
    out = align_story(
        Story("s1", ("a1", "a2", "a3")),
        [a, b, c],
        [facts(a, quantities=[qa]), facts(b, quantities=[qb]), facts(c, quantities=[qc])],
        use_model=False,
    )
    values = [d for d in out.discrepancies if d.kind == "value"]
    assert len(values) == 1
    assert {v.article for v in values[0].variants} == {"a1", "a2"}  # 544 counts others
    assert "1.5 million" in values[0].what and "1.6 million" in values[0].what


def test_equal_durations_and_the_same_counted_thing_are_one_fact() -> None:
    a = article(
        "a1",
        [
            "The White House for three months had refused to discuss the offer to Sestak.",
            "The second-term congressman represents Staten Island.",
            "Two remedies require different standards.",
        ],
    )
    b = article(
        "a2",
        [
            "It took three months for the White House to explain the Sestak job offer.",
            "The second-term congressman denies wrongdoing.",
            "The other two female justices asked questions.",
        ],
    )
    qs_a = [
        quantity(a, "three months", 3, "month", "had refused to discuss the offer"),
        quantity(a, "second-term", 2, "rank", "term congressman represents Staten Island"),
        quantity(a, "Two remedies", 2, "count", "remedies require different standards"),
    ]
    qs_b = [
        quantity(b, "three months", 3, "month", "for the White House to explain"),
        quantity(b, "second-term", 2, "rank", "term congressman denies wrongdoing"),
        quantity(b, "two female", 2, "count", "female justices asked questions"),
    ]
    out = align_story(
        Story("s1", ("a1", "a2")),
        [a, b],
        [facts(a, quantities=qs_a), facts(b, quantities=qs_b)],
        use_model=False,
    )
    group = {(q.article, q.text): q.group for q in out.quantities}
    assert group[("a1", "three months")] is not None
    assert group[("a1", "three months")] == group[("a2", "three months")]
    assert group[("a1", "second-term")] is not None
    assert group[("a1", "second-term")] == group[("a2", "second-term")]
    assert group[("a1", "Two remedies")] is None  # two of different things stay apart


def _values(*sentences_and_quantities: tuple[str, str, float, str, str]) -> list[str]:
    arts, fs = [], []
    for n, (sentence, text, value, unit, about) in enumerate(sentences_and_quantities, start=1):
        a = article(f"a{n}", [sentence])
        arts.append(a)
        fs.append(facts(a, quantities=[quantity(a, text, value, unit, about)]))
    out = align_story(Story("s1", tuple(a.id for a in arts)), arts, fs, use_model=False)
    return [d.what for d in out.discrepancies if d.kind == "value"]


def test_ages_bounds_and_far_figures_do_not_conflict() -> None:
    # two ages share only the dimension "age"
    assert not _values(
        (
            "He suggested raising the age for full benefits, currently 66 years old.",
            "66 years old",
            66,
            "year",
            "age",
        ),
        (
            "Workers who are 58 and older would not be affected by the benefits plan.",
            "58 and older",
            58,
            "year",
            "age",
        ),
    )
    # a lower bound and a figure above it can both be true
    assert not _values(
        (
            "Police chased him at speeds of more than 100 mph before he pulled over.",
            "more than 100 mph",
            100,
            "mph",
            "mph before he pulled over",
        ),
        (
            "Police chased him at speeds up to 120 mph before he pulled over.",
            "120 mph",
            120,
            "mph",
            "mph before he pulled over",
        ),
    )
    # figures 20% apart for one kind of thing count different things (two offers)
    assert not _values(
        (
            "The Orioles offered Teixeira a seven-year deal worth $150 million.",
            "$150 million",
            150e6,
            "USD",
            "year deal worth",
        ),
        (
            "The Red Sox offered Teixeira an eight-year deal worth $184 million.",
            "$184 million",
            184e6,
            "USD",
            "year deal worth",
        ),
    )


def test_an_article_giving_both_figures_reports_two_facts() -> None:
    a = article("a1", ["Klitschko (52-3, 46 KOs) beat Rahman (45-7-2, 36 KOs) in Mannheim."])
    b = article("a2", ["Rahman, with 36 KOs, fell into the title shot five weeks ago."])
    c = article("a3", ["Klitschko, with 46 KOs, retained the titles in Mannheim on Saturday."])
    qa = [quantity(a, "46 KOs", 46, "count", "KOs"), quantity(a, "36 KOs", 36, "count", "KOs")]
    qb = [quantity(b, "36 KOs", 36, "count", "KOs fell into the title shot")]
    qc = [quantity(c, "46 KOs", 46, "count", "KOs retained the titles")]
    out = align_story(
        Story("s1", ("a1", "a2", "a3")),
        [a, b, c],
        [facts(a, quantities=qa), facts(b, quantities=qb), facts(c, quantities=qc)],
        use_model=False,
    )
    assert [d for d in out.discrepancies if d.kind == "value"] == []
