"""Quantities: units, normalisation, number words, ranges, approximations and non-quantities."""

from __future__ import annotations

import pytest

from newsweave.extract.quantities import extract_quantities
from newsweave.models import Quantity


def found(body: str) -> list[Quantity]:
    return list(extract_quantities("a1", body, ()))


def one(body: str) -> Quantity:
    qs = found(body)
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize(
    ("body", "value", "unit"),
    [
        ("Russia could supply 2 million tons of aluminum annually.", 2e6, "tonne"),
        ("selling 2 million tonnes, and said", 2e6, "tonne"),
        ("With an estimated 3.8 million metric tons of reserves", 3.8e6, "tonne"),
        ("it once made up 15 percent of U.S. aluminum imports", 15, "percent"),
        ("Russia and the U.S. could agree to a 50% reduction.", 50, "percent"),
        ("Sales rose 12 per cent last year.", 12, "percent"),
        ("Output fell by 4.5 percentage points.", 4.5, "percentage point"),
        ("The deal is worth $2.5bn, officials said.", 2.5e9, "USD"),
        ("The EU pledged €3.4 billion.", 3.4e9, "EUR"),
        ("The company lost £300m.", 3e8, "GBP"),
        ("The ministry paid two million rubles.", 2e6, "RUB"),
        ("rare earth metals, a set of 17 elements crucial to electronics", 17, "count"),
        ("Russia ranks as the world’s fifth-largest holder", 5, "rank"),
        ("It is the third-biggest economy in Europe.", 3, "rank"),
        ("Putin said Zaluzhny was twice as popular as Zelenskyy.", 2, "factor"),
        ("The cost was three times higher than planned.", 3, "factor"),
        ("Prices doubled after the war.", 2, "factor"),
        ("the United States, Russia and China would halve their defense budgets", 0.5, "factor"),
        ("the Ricketts family will donate $1million.", 1e6, "USD"),
        ("Exports rose threefold last year.", 3, "factor"),
        ("The Fed raised rates by 25 basis points.", 25, "basis point"),
        ("Russia ranks fifth in the world.", 5, "rank"),
        ("The campaign ran a 30-second spot.", 30, "second"),
    ],
)
def test_value_and_unit(body: str, value: float, unit: str) -> None:
    q = one(body)
    assert q.value == pytest.approx(value)
    assert q.unit == unit


def test_about_is_what_follows() -> None:
    q = one(
        "Russia could supply 2 million tons of aluminum annually to the United States if "
        "trade resumes."
    )
    assert q.about == "aluminum annually to the United States"
    assert q.text == "2 million tons"


def test_about_falls_back_to_words_before() -> None:
    assert one("with Putin proposing a mutual reduction of 50 percent.").about == "mutual reduction"


def test_number_words() -> None:
    q = one("A dozen or so leaders from Europe and Canada visited Kyiv.")
    assert (q.value, q.unit, q.approximate) == (12, "count", True)
    assert one("Two million people fled.").value == 2e6


def test_ranges_are_their_two_ends() -> None:
    low, high = found("About 2-3 million people fled.")
    assert (low.text, low.value, low.high, low.approximate) == ("About 2", 2e6, 3e6, True)
    assert (high.text, high.value, high.high, high.approximate) == (
        "3 million people",
        3e6,
        None,
        True,
    )
    low, high = found("between 5 and 10 percent returned")
    assert (low.value, low.high, low.unit, high.value, high.unit) == (
        5,
        10,
        "percent",
        10,
        "percent",
    )
    low, high = found("prosecutors recommended 46 to 57 months in prison")
    assert [(q.text, q.value, q.unit) for q in (low, high)] == [
        ("46", 46, "month"),
        ("57 months", 57, "month"),
    ]
    low, high = found("contributions of between $250,000 and $300,000 from his followers")
    assert (low.value, high.text, high.value, high.unit) == (250_000, "$300,000", 300_000, "USD")
    assert [q.value for q in found("Prices rose from $2 million to $3 million.")] == [2e6, 3e6]


@pytest.mark.parametrize("cue", ["about", "nearly", "an estimated", "roughly", "more than"])
def test_approximations(cue: str) -> None:
    assert one(f"Officials said {cue} 40,000 troops arrived.").approximate


@pytest.mark.parametrize(
    "body",
    [
        "Kyiv illegally annexed the regions in 2022.",
        "It made up imports before 2023 tariffs.",
        "Putin met with officials on Feb. 24 to discuss metals.",
        "On 24 February, Trump said he was ready.",
        "The meeting starts at 10 a.m. and ends at 3:30.",
        "It grows apples, 44, and pears.",
        "coinciding with the third anniversary of Russia’s invasion",
        "Russia is one of the undisputed leaders in reserves.",
        "The F-16 jets and Article 5 were discussed with Covid-19 rules.",
        "He visited twice.",
        "Trump is doubling down on his attacks.",
        "It was a hit in the 90’s and the 1980s.",
        "She was walking near the intersection of 117th Street and 97th Avenue.",
        "He was shot outside an apartment in the 12000 block of East Main.",
        "The White House at 1600 Pennsylvania Avenue was closed.",
        "Anyone with information should call police on 0845 125 2222.",
        "Call the hotline at (202) 555-0123 or 202-555-0199 today.",
        "Voting will close at 1300 GMT on Sunday.",
    ],
)
def test_not_quantities(body: str) -> None:
    assert found(body) == []


def test_offsets_index_the_body() -> None:
    body = "Russia has the world’s fifth-largest reserves and 17 elements."
    for q in found(body):
        assert body[q.start : q.end] == q.text


@pytest.mark.parametrize(
    ("body", "text", "value", "unit"),
    [
        # counts in words, also of capitalised nouns and of a group's members
        (
            "The letter was signed by all seven Republicans on the panel.",
            "seven Republicans",
            7,
            "count",
        ),
        ("Four Americans were freed.", "Four Americans", 4, "count"),
        ("Two of the named plaintiffs attended the hearing.", "Two of the named", 2, "count"),
        # durations: "ago", "a month", halves, decades, "-long"
        ("The inquiry began two years ago.", "two years", 2, "year"),
        (
            "He knew at least two-and-a-half months ago.",
            "at least two-and-a-half months",
            2.5,
            "month",
        ),
        ("The post went to Mabus more than a month before.", "more than a month", 1, "month"),
        ("The suit started a decade ago.", "a decade", 10, "year"),
        ("after an hour-long argument", "hour-long", 1, "hour"),
        # ages
        ("Trump, 78, said the war began.", "78", 78, "year"),
        ("A 45-year-old man was arrested.", "45-year-old", 45, "year"),
        ("He was first elected at the age of 30.", "age of 30", 30, "year"),
        ("Sales are legal for anyone 21 or older.", "21 or older", 21, "year"),
        ("It allows marijuana for adults over 21.", "adults over 21", 21, "year"),
        # ordinals as rank
        ("The second-term congressman spoke.", "second-term", 2, "rank"),
        ("He represents New York’s 11th District.", "11th", 11, "rank"),
        # pounds: weight unless the sentence is about money
        ("Troopers seized 2,763 pounds a year on the highways.", "2,763 pounds", 2763, "pound"),
        ("He paid a fine of 5 million pounds.", "5 million pounds", 5e6, "GBP"),
    ],
)
def test_more_forms(body: str, text: str, value: float, unit: str) -> None:
    q = one(body)
    assert (q.text, q.value, q.unit) == (text, value, unit)


@pytest.mark.parametrize(
    "body",
    ["It happened a day after the vote.", "The 28th of June was hot.", "on June 28th at noon"],
)
def test_not_durations_nor_ranks(body: str) -> None:
    assert found(body) == []


@pytest.mark.parametrize(
    "body, bound",
    [
        ("Police chased him at speeds of more than 100 mph.", "lower"),
        ("At least three people died in the fire.", "lower"),
        ("The fund could reach up to 1.6 million dollars.", "upper"),
        ("Nearly 200 workers walked out on Monday.", "upper"),
        ("About 5,000 people attended the rally.", ""),
        ("The company employs 4,200 people.", ""),
    ],
)
def test_a_figure_given_as_a_floor_or_a_ceiling_says_so(body: str, bound: str) -> None:
    (q,) = found(body)
    assert q.bound == bound
