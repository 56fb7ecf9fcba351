"""Page metadata from plain-text pages: each rule on real lines from the seeds, null when the page
does not say, and a quality gate on the five seeds against their gold answers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsweave.clean import clean_document
from newsweave.clean.metadata import (
    cited_sources,
    domain_outlet,
    find_authors,
    find_published,
    html_metadata,
    parse_date,
    split_title,
    text_metadata,
)
from newsweave.models import Document, Metadata

from ..conftest import need_shared


def label_lines(lines: list[str], body: set[int], title: int | None = None) -> list[str]:
    """Labels as the cleaner gives them: 1-based ``body`` lines, one title line, the rest other."""
    return [
        "blank" if not line.strip() else "body" if i in body else "title" if i == title else "other"
        for i, line in enumerate(lines, 1)
    ]


def meta(text: str, body: set[int], title: int | None = None) -> Metadata:
    lines = text.split("\n")
    return text_metadata(lines, label_lines(lines, body, title))


BODY = (
    "Russian President Vladimir Putin met with officials on Feb. 24 to discuss rare earth metals."
)

# --- bylines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("by Olena Goncharova February 24, 2025 11:30 PM 3 min read", ("Olena Goncharova",)),
        ("By Anton Troianovski", ("Anton Troianovski",)),
        ("By Jane Smith and Carlos Ortega", ("Jane Smith", "Carlos Ortega")),
        ("Jane Smith, Reuters", ("Jane Smith",)),
        ("Writer: Jane Smith", ("Jane Smith",)),
        ("11/19/2019 by Jane Smith", ("Jane Smith",)),
        ("Jane Smith - Nov 19, 2019, 10:31 pm CST", ("Jane Smith",)),
        ("By JANE SMITH AND CARLOS ORTEGA", ("Jane Smith", "Carlos Ortega")),
        ("Reporting by Jane Smith; Editing by Tom Brown", ("Jane Smith",)),
        ("By Michael HiltzikBusiness Columnist", ("Michael Hiltzik",)),
    ],
)
def test_byline_forms(line: str, authors: tuple[str, ...]) -> None:
    assert find_authors([line, BODY], ["byline", "body"]) == authors


@pytest.mark.parametrize(
    "line",
    [
        "  • Writer: The San Juan Daily Star",  # an organisation, not a person
        "Vladimir Putin walks past an honour guard at the Kremlin in Moscow on July 31, 2024. "
        "(Maxim Shemetov / POOL / AFP via Getty Images)",  # a photographer
        "By the time the talks began, Moscow had already set its terms.",  # a sentence
        "Published Wed, Nov 20 2019 4:29 AM EST",
    ],
)
def test_not_bylines(line: str) -> None:
    assert find_authors([line, BODY], ["other", "body"]) == ()


# --- dates -------------------------------------------------------------------------------------


def test_date_line_at_the_top() -> None:
    lines = ["THE AMERICA ONE NEWS", "Feb 25, 2025  |  ", "0", BODY]
    assert find_published(lines, ["other", "other", "other", "body"]) == "2025-02-25"


def test_byline_date_wins_over_caption_date() -> None:
    lines = [
        "by Olena Goncharova February 24, 2025 11:30 PM 3 min read",
        "Vladimir Putin walks past an honour guard at the Kremlin in Moscow on July 31, 2024. "
        "(Maxim Shemetov / POOL / AFP via Getty Images)",
        BODY,
    ]
    assert find_published(lines, ["byline", "caption", "body"]) == "2025-02-24"


def test_leading_date_field_inside_the_first_body_line() -> None:
    line = " date 2025-02-25 Russian leader Vladimir Putin offered on Monday evening to sell"
    assert find_published([line], ["body"]) == "2025-02-25"


def test_day_and_month_take_the_year_of_another_date_on_the_page() -> None:
    lines = [
        "  • Feb 26",
        "A man walks past debris in the Donetsk region of Ukraine, on Monday, Feb. 24, 2025.",
        BODY,
    ]
    assert find_published(lines, ["byline", "caption", "body"]) == "2025-02-26"


def test_dates_in_body_sentences_are_not_publication_dates() -> None:
    lines = [
        "Trump stated at a joint press conference in Washington on Feb. 24 alongside French "
        "President Emmanuel Macron that he believes Putin “wants to make a deal”.",
        "On 24 February 2025, Trump said he was ready to meet Zelenskyy.",
    ]
    assert find_published(lines, ["body", "body"]) is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("February 24, 2025 11:30 PM", "2025-02-24"),
        ("Mon 18 Nov 2019 18.54 GMT", "2019-11-18"),
        ("NOVEMBER 20, 2019 10:43", "2019-11-20"),
        ("19.11.2019, 08:57", "2019-11-19"),
        ("11/19/2019", "2019-11-19"),
        ("2019-11-18T20:51:19Z", "2019-11-18"),
        ("05/06/2019", None),  # day and month cannot be told apart
        ("no date here", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


# --- titles, outlets, syndication ----------------------------------------------------------------


def test_title_prefix_and_outlet_suffix() -> None:
    line = (
        "NextImg:Putin proposes US investment in rare earth metals in Russia and occupied "
        "Ukraine — Novaya Gazeta Europe"
    )
    title = "Putin proposes US investment in rare earth metals in Russia and occupied Ukraine"
    assert split_title(line) == (title, "Novaya Gazeta Europe")


def test_title_keeps_a_dash_that_is_part_of_the_headline() -> None:
    line = (
        "'Nobody can demand anything from Russia' — Putin talks about renewed US-Russia "
        "contacts, rare earth metals"
    )
    assert split_title(line) == (line, None)


def test_aggregator_page_names_the_original_in_the_title() -> None:
    page = "\n".join(
        [
            "THE AMERICA ONE NEWS",
            "Feb 25, 2025  |  ",
            "Sponsor:  QWIKET AI ",
            "",
            "NextImg:Putin proposes US investment in rare earth metals in Russia and occupied "
            "Ukraine — Novaya Gazeta Europe",
            "",
            "Photo: EPA-EFE/MICHAEL BUHOLZER",
            "",
            BODY,
        ]
    )
    got = meta(page, body={9})
    assert got.title == (
        "Putin proposes US investment in rare earth metals in Russia and occupied Ukraine"
    )
    assert got.outlet == "The America One News"
    assert got.syndicated_from == "Novaya Gazeta Europe"
    assert got.published == "2025-02-25"


def test_republishing_page_with_a_newspaper_photo_credit() -> None:
    page = "\n".join(
        [
            "Putin dangles rare earths deals for US in Russia and occupied Ukraine",
            "  • Writer: The San Juan Daily Star",
            "    The San Juan Daily Star",
            "  • Feb 26",
            "A man walks past debris in Kostiantynivka, in the Donetsk region of Ukraine, on "
            "Monday, Feb. 24, 2025. (Tyler Hicks/The New York Times)",
            "By Anton Troianovski",
            BODY,
        ]
    )
    got = meta(page, body={7}, title=1)
    assert got == Metadata(
        title="Putin dangles rare earths deals for US in Russia and occupied Ukraine",
        outlet="The San Juan Daily Star",
        authors=("Anton Troianovski",),
        published="2025-02-26",
        syndicated_from="The New York Times",
    )


def test_agency_photo_credit_is_not_syndication() -> None:
    page = "\n".join(
        [
            "The Power Within: The Kyiv Independent’s first-ever magazine. Be among the first.",
            "by Olena Goncharova February 24, 2025 11:30 PM 3 min read",
            "Vladimir Putin walks past an honour guard at the Kremlin in Moscow on July 31, 2024."
            " (Maxim Shemetov / POOL / AFP via Getty Images)",
            BODY,
        ]
    )
    got = meta(page, body={4})
    assert got.outlet == "The Kyiv Independent"
    assert got.syndicated_from is None


@pytest.mark.parametrize(
    "line",
    [
        "© 2025 The New York Times Company",
        "This article originally appeared in The New York Times.",
        "This article was first published by The New York Times.",
    ],
)
def test_reprint_cues(line: str) -> None:
    page = "\n".join(["THE AMERICA ONE NEWS", BODY, line])
    got = meta(page, body={2})
    assert got.outlet == "The America One News"
    assert got.syndicated_from == "The New York Times"


def test_possessive_self_reference_ending_in_s() -> None:
    got = meta("\n".join(["Support The Moscow Times’ independent journalism", BODY]), body={2})
    assert got.outlet == "The Moscow Times"


def test_own_copyright_names_the_outlet_not_a_reprint() -> None:
    got = meta("\n".join([BODY, "© 2025 The Kyiv Independent. All rights reserved."]), body={1})
    assert got.outlet == "The Kyiv Independent"
    assert got.syndicated_from is None


HEADLINE = "White House Asked Bill Clinton to Urge Sestak to Drop Out of Senate Race"


@pytest.mark.parametrize("name", ["Fox News", "HuffPost", "The New York Times", "NPR"])
def test_masthead_line_between_headline_and_date(name: str) -> None:
    page = "\n".join([HEADLINE, name, "May 28, 2010", "", BODY])
    got = meta(page, body={5}, title=1)
    assert (got.outlet, got.published) == (name, "2010-05-28")


@pytest.mark.parametrize(
    "line", ["Politics", "Skip to content", "Jane Smith", "Monday", "Read more.", "Top Stories"]
)
def test_lines_that_are_no_masthead(line: str) -> None:
    page = "\n".join([HEADLINE, line, "May 28, 2010", "", BODY])
    assert meta(page, body={5}, title=1).outlet is None


def test_wire_dateline_makes_the_page_a_syndicated_copy() -> None:
    page = "\n".join([HEADLINE, "Fox News", "December 19, 2014", "", "Denver (AP) – " + BODY, BODY])
    got = meta(page, body={5, 6}, title=1)
    assert (got.outlet, got.syndicated_from) == ("Fox News", "Associated Press")
    own = meta(page.replace("(AP)", "(Reuters)").replace("Fox News", "Reuters"), {5, 6}, 1)
    assert own.syndicated_from is None  # the agency's own page is no copy


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.nytimes.com/2010/05/28/us/politics/28sestak.html", "nytimes.com"),
        ("https://edition.cnn.com/2025/02/24/world/x", "cnn.com"),
        ("https://www.bbc.co.uk/news/articles/x", "bbc.co.uk"),
        ("http://127.0.0.1:8000/a.html", None),
        (None, None),
    ],
)
def test_domain_outlet(url: str | None, outlet: str | None) -> None:
    assert domain_outlet(url) == outlet


def test_unknown_stays_null() -> None:
    page = "\n".join(
        [
            "Putin Indicates Russia Will Not Interfere with US-Ukraine Minerals Deal",
            "The Russian president has offered Washington a separate deal on rare earths.",
            "Russia’s President Vladimir Putin stated that Moscow has no objections to a "
            "potential U.S.-Ukraine minerals deal.",
        ]
    )
    got = meta(page, body={3})
    assert got.title == "Putin Indicates Russia Will Not Interfere with US-Ukraine Minerals Deal"
    assert (got.outlet, got.authors, got.published, got.syndicated_from) == (None, (), None, None)
    assert text_metadata([], []) == Metadata()


# --- cited sources -------------------------------------------------------------------------------


def test_cited_source_cues_from_a_seed() -> None:
    paragraphs = [
        "Source: European Pravda; Putin in an interview with propagandist Pavel Zarubin, as "
        "quoted by the Russian news agency Interfax",
        "Furthermore, Putin said that potential rare-earth metals exploration deals could be "
        "extended to include deposits in Russian-occupied territories in eastern Ukraine, RIA "
        "Novosti reports.",
        "Data from the US Geological Survey shows that Russia has the world’s fifth-largest "
        "reserves of rare-earth metals after China, Brazil, India and Australia.",
        "Meanwhile, the European Commission said that the EU has offered Ukraine a mutually "
        "beneficial agreement on Ukraine’s critical minerals.",
    ]
    assert cited_sources(paragraphs) == (
        "European Pravda",
        "Interfax",
        "RIA Novosti",
        "US Geological Survey",
    )


def test_according_to_data_from_and_near_duplicates() -> None:
    paragraphs = [
        "With an estimated 3.8 million metric tons of rare earth metal reserves, Russia ranks as "
        "the world’s fifth-largest holder, according to data from the U.S. Geological Survey.",
        "Data from the US Geological Survey shows that Russia has large reserves.",
        "Interfax reported that talks would resume.",
    ]
    assert cited_sources(paragraphs) == ("U.S. Geological Survey", "Interfax")


def test_acronyms_of_outlets_are_sources_when_they_report() -> None:
    paragraphs = [
        "CNN reported that the talks had stalled.",
        "A person familiar with the matter told CNN on Monday.",
        "According to WHO, there were 3,248 cases reported worldwide.",
    ]
    assert cited_sources(paragraphs) == ("CNN", "WHO")


@pytest.mark.parametrize(
    "sentence",
    [
        "“There is something to think about here,” Putin said, referring to aluminum.",
        "NATO said it would respond.",
        "Those with BED reported significantly more symptoms.",
        "Mark Milley told US media this month that its forces are ready.",
        "Trump said he was ready to meet with Ukraine’s President Volodymyr Zelenskyy.",
        "Michael Bloomberg has generated tremendous buzz as he steps toward a run of his own.",
        "This article was reprinted on a partner site.",
    ],
)
def test_not_cited_sources(sentence: str) -> None:
    assert cited_sources([sentence]) == ()


def test_the_outlet_itself_is_not_a_cited_source() -> None:
    paragraphs = ["The Kyiv Independent reported that the talks had stalled."]
    assert cited_sources(paragraphs) == ("The Kyiv Independent",)
    assert cited_sources(paragraphs, outlet="The Kyiv Independent") == ()


def test_an_outlet_only_the_source_knows_is_not_a_cited_source() -> None:
    """A JSONL record (or feed entry) names the outlet the page itself does not: the page's
    own outlet must not come back as a source it credits."""
    text = (
        "Talks on minerals stall\n\n"
        "The Kyiv Independent reported on Monday that the talks on a minerals deal had stalled "
        "after the two delegations failed to agree on the terms of a reconstruction fund.\n\n"
        "Officials in Kyiv said the drafts would be revised before the next round, according "
        "to Interfax-Ukraine, and that no date had yet been set for the next meeting.\n"
    )
    own = clean_document(Document("rec.jsonl#1", text, outlet="The Kyiv Independent"), "a1")
    assert own.metadata.outlet == "The Kyiv Independent"
    assert own.metadata.cited_sources == ("Interfax-Ukraine",)
    other = clean_document(Document("rec.jsonl#2", text), "a2")
    assert "The Kyiv Independent" in other.metadata.cited_sources


# --- HTML merge ----------------------------------------------------------------------------------


def test_html_metadata_merges_markup_and_body_rules() -> None:
    got = html_metadata(
        title="Putin dangles rare earths deals for US | The San Juan Daily Star",
        sitename="The San Juan Daily Star",
        author="Anton Troianovski; AP Staff Writer",
        published="2025-02-26",
        paragraphs=[BODY, "This article originally appeared in The New York Times."],
    )
    assert got.title == "Putin dangles rare earths deals for US"
    assert got.outlet == "The San Juan Daily Star"
    assert got.authors == ("Anton Troianovski",)
    assert got.syndicated_from == "The New York Times"


# --- quality gate on the seeds -------------------------------------------------------------------


def _norm(value: str | None) -> str:
    return re.sub(r"^the ", "", re.sub(r"\s+", " ", (value or "").strip()).casefold())


def seed_accuracy(use_cleaner: bool) -> float:
    gold = json.loads(need_shared("gold", "seeds.json").read_text(encoding="utf-8"))
    seeds = need_shared("seeds")
    hits = total = 0
    for name, want in gold["articles"].items():
        lines = (Path(seeds) / name).read_text(encoding="utf-8").split("\n")
        if use_cleaner:
            from newsweave.clean.text import classify_lines

            labels = classify_lines(lines)
        else:
            body = set(want["body_lines"]) | set(want.get("optional_lines", []))
            labels = label_lines(lines, body, want.get("title_line"))
        got = text_metadata(lines, labels)
        for field in ("title", "outlet", "published", "syndicated_from"):
            total += 1
            hits += _norm(want[field]) == _norm(getattr(got, field))
        total += 1
        hits += {_norm(a) for a in want["authors"]} == {_norm(a) for a in got.authors}
        assert set(got.cited_sources) == set(want["cited_sources"]), name
    return hits / total


@pytest.mark.parametrize("use_cleaner", [False, True], ids=["gold-labels", "cleaner-labels"])
def test_seed_metadata_accuracy(use_cleaner: bool) -> None:
    assert seed_accuracy(use_cleaner) >= 0.9


# --- any input -----------------------------------------------------------------------------------

LABELS = st.sampled_from(["body", "blank", "title", "byline", "caption", "navigation", "other"])


@given(st.lists(st.tuples(st.text(max_size=120), LABELS), max_size=12))
def test_any_lines_give_metadata(rows: list[tuple[str, str]]) -> None:
    lines = [line for line, _ in rows]
    got = text_metadata(lines, [label for _, label in rows])
    assert isinstance(got, Metadata)
    assert got.published is None or re.fullmatch(r"\d{4}-\d\d-\d\d", got.published)
    assert all(isinstance(s, str) and s for s in cited_sources(lines))
