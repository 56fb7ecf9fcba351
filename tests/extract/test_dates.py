"""Dates resolved against a fixed publication date, on sentences from the seed articles."""

from __future__ import annotations

import pytest

from newsweave.extract.dates import extract_dates

PUB = "2025-02-26"  # a Wednesday


def resolved(body: str, published: str | None = PUB, **kw: str) -> list[tuple[str, str]]:
    return [(d.text, d.date) for d in extract_dates("a1", body, published, **kw)]


@pytest.mark.parametrize(
    ("body", "text", "date"),
    [
        (
            "Putin met with officials on Feb. 24 to discuss rare earth metals.",
            "on Feb. 24",
            "2025-02-24",
        ),
        (
            "in an interview with Russian state television that was released late Monday",
            "late Monday",
            "2025-02-24",
        ),
        (
            "Vladimir Putin offered on Monday evening to sell minerals.",
            "on Monday evening",
            "2025-02-24",
        ),
        ("Zelenskyy stated in a speech Monday that he hopes to sign.", "Monday", "2025-02-24"),
        (
            "Putin said there was little discussion in his Feb. 12 call with Trump.",
            "Feb. 12",
            "2025-02-12",
        ),
        ("On 24 February, Trump said he was ready to meet.", "On 24 February", "2025-02-24"),
        (
            "Trump said on February 24, 2025 that a deal was near.",
            "on February 24, 2025",
            "2025-02-24",
        ),
        ("The vote took place yesterday.", "yesterday", "2025-02-25"),
        ("The talks resume today.", "today", "2025-02-26"),
        ("He left last Wednesday.", "last Wednesday", "2025-02-19"),
        ("The leaders will meet on Friday.", "on Friday", "2025-02-28"),
        ("They met next Monday.", "next Monday", "2025-03-03"),
    ],
)
def test_each_form(body: str, text: str, date: str) -> None:
    assert (text, date) in resolved(body)


def test_weekday_is_latest_on_or_before_publication() -> None:
    # published on a Monday: "on Monday" is the same day
    assert resolved("Putin said on Monday that Russia is ready.", "2025-02-24") == [
        ("on Monday", "2025-02-24")
    ]


def test_same_day_takes_previous_date() -> None:
    body = (
        "Russian President Vladimir Putin met with officials on Feb. 24. In an interview "
        "published on the same day, Putin followed up."
    )
    assert resolved(body, "2025-02-24")[-1] == ("on the same day", "2025-02-24")


def test_fallback_date_when_unpublished() -> None:
    body = "Trump stated at a joint press conference in Washington on Feb. 24 alongside Macron."
    assert resolved(body, None) == []
    assert resolved(body, None, fallback="2025-02-25") == [("on Feb. 24", "2025-02-24")]


def test_year_from_nearest_date() -> None:
    assert resolved("The deal was signed on Dec. 30.", "2025-01-03") == [
        ("on Dec. 30", "2024-12-30")
    ]


def test_names_and_week_phrases_are_not_dates() -> None:
    body = "Shoppers queued on Black Friday. It happened last week and earlier this month."
    assert resolved(body) == []


def test_month_day_ahead_is_last_year_unless_future() -> None:
    assert resolved("Nuland said in a Sept. 14 email that she", "2013-05-15") == [
        ("Sept. 14", "2012-09-14")
    ]
    assert resolved("The talks will resume on March 10.", "2013-05-15") == [
        ("on March 10", "2014-03-10")
    ]


def test_days_ago_and_day_after() -> None:
    assert resolved("The attack happened two days ago.") == [("two days ago", "2025-02-24")]
    assert resolved("He arrived on Feb. 20 and left the next day.") == [
        ("on Feb. 20", "2025-02-20"),
        ("the next day", "2025-02-21"),
    ]


def test_weekday_right_after_a_name() -> None:
    assert resolved("Trump Monday said the talks went well.") == [("Monday", "2025-02-24")]


@pytest.mark.parametrize(
    ("body", "text", "date"),
    [
        ("Sentencing has been set for June 28.", "June 28", "2025-06-28"),
        ("The judge set the sentencing for June 28 at 2 p.m.", "June 28", "2025-06-28"),
        # a title's dot is no sentence end: the future cue still reaches the date
        ("The judge is scheduled to sentence Mr. Jackson on June 28.", "on June 28", "2025-06-28"),
        ("The plant was shut on June 28.", "on June 28", "2024-06-28"),
    ],
)
def test_future_cues_before_a_month_and_day(body: str, text: str, date: str) -> None:
    assert resolved(body) == [(text, date)]


def test_day_phrases_and_holidays() -> None:
    assert resolved("He did have a beer last night.") == [("last night", "2025-02-25")]
    assert resolved("Later in the day she pleaded guilty.") == [("Later in the day", PUB)]
    assert resolved("The shops opened on New Years Day 2014.") == [
        ("New Years Day 2014", "2014-01-01")
    ]
    assert resolved("They met on Christmas Eve.") == [("Christmas Eve", "2024-12-24")]


def test_the_report_comes_a_day_after_an_event() -> None:
    body = "The report comes one day after Obama insisted. On that same day, Obama had lunch."
    assert resolved(body) == [("one day after", "2025-02-25"), ("On that same day", "2025-02-25")]
    assert resolved("The vote came one day after the attack.") == []  # no anchor in time


def test_later_in_the_day_after_a_future_date_is_the_story_day() -> None:
    body = "He will be sentenced on June 28. Later in the day his wife pleaded guilty."
    assert resolved(body) == [("on June 28", "2025-06-28"), ("Later in the day", PUB)]
