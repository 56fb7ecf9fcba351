"""The plain-text page cleaner on real lines of the seeds, plus the seeds' quality gate."""

from __future__ import annotations

import importlib.util
import json

from hypothesis import given
from hypothesis import strategies as st

from newsweave.clean.text import _BULLET, classify_lines, clean_text
from newsweave.models import FURNITURE_KINDS, Cleaned

from ..conftest import need_shared

PARAGRAPHS = [
    "Russian President Vladimir Putin met with officials on Feb. 24 to discuss rare earth metals "
    "production, calling it a strategic reserve crucial for Russia's economic growth and global "
    "competitiveness.",
    'He emphasized the importance of the newly launched national project, "New Materials and '
    'Chemistry," which aims to strengthen the domestic industry.',
    "Putin also suggested that U.S. President Donald Trump has greater freedom in handling "
    "Russia's war against Ukraine than European leaders.",
    "Putin also welcomed Trump’s proposal to cut defense spending, suggesting that Russia and "
    "the U.S. could agree to a 50% reduction.",
]


def page(*lines: str) -> list[str]:
    """Lines of a page: the given furniture around the four real paragraphs above."""
    out: list[str] = []
    for line in lines:
        out += [line, ""] if line != "BODY" else [p for para in PARAGRAPHS for p in (para, "")]
    return out


def labels_of(lines: list[str]) -> dict[str, str]:
    return {line: label for line, label in zip(lines, classify_lines(lines), strict=True)}


def test_every_label_is_known() -> None:
    lines = page("Skip to content", "BODY", "© 2025 All Rights Reserved.")
    allowed = {"body", "blank", *FURNITURE_KINDS}
    assert set(classify_lines(lines)) <= allowed


def test_body_paragraphs_are_kept_in_order() -> None:
    cleaned = clean_text("\n".join(page("Skip to content", "BODY", "Subscribe")))
    assert cleaned.paragraphs == tuple(PARAGRAPHS)


def test_headline_byline_caption_and_notice_before_the_body() -> None:
    lines = page(
        "'Nobody can demand anything from Russia' — Putin talks about renewed US-Russia "
        "contacts, rare earth metals",
        "by Olena Goncharova February 24, 2025 11:30 PM 3 min read",
        "Vladimir Putin walks past an honour guard at the Kremlin in Moscow on July 31, 2024. "
        "(Maxim Shemetov / POOL / AFP via Getty Images)",
        "This audio is created with AI assistance",
        "BODY",
    )
    got = labels_of(lines)
    assert got[lines[0]] == "title"
    assert got[lines[2]] == "byline"
    assert got[lines[4]] == "caption"
    assert got[lines[6]] == "notice"
    assert all(got[p] == "body" for p in PARAGRAPHS)


def test_bylines_dates_and_photo_credits() -> None:
    lines = page(
        "top of page",
        "Putin dangles rare earths deals for US in Russia and occupied Ukraine",
        "  • Feb 26",
        "  • 3 min read",
        "Photo: EPA-EFE/MICHAEL BUHOLZER",
        "By Anton Troianovski",
        "BODY",
    )
    got = labels_of(lines)
    assert got["top of page"] == "navigation"
    assert got["  • Feb 26"] == got["  • 3 min read"] == "byline"
    assert got["Photo: EPA-EFE/MICHAEL BUHOLZER"] == "caption"
    assert got["By Anton Troianovski"] == "byline"


def test_sponsor_lines_are_ads() -> None:
    lines = page("Sponsor:  QWIKET AI: Interactive Sports Knowledge.", "BODY")
    assert labels_of(lines)["Sponsor:  QWIKET AI: Interactive Sports Knowledge."] == "ad"


def test_caption_printed_twice_is_furniture() -> None:
    caption = (
        "A man walks past debris from an apartment building in Kostiantynivka, which has been "
        "under heavy Russian bombardment, in the Donetsk region of Ukraine, on Monday, Feb. 24."
    )
    cleaned = clean_text("\n".join([caption, caption, "", *page("BODY")]))
    assert caption not in cleaned.paragraphs
    assert [r.kind for r in cleaned.removed if r.text == caption] == ["caption", "caption"]


def test_news_feed_widget_after_the_article() -> None:
    lines = page(
        "BODY",
        "News Feed",
        "11:54 PM",
        "Trump refuses to label Putin a dictator.",
        "\"I don't use those words lightly... I think we're going to see how it all works out,\" "
        "U.S. President Donald Trump said on Feb. 24 when asked if he would call Vladimir Putin "
        "a dictator.",
        "5:42 PM",
    )
    got = labels_of(lines)
    assert {got[line] for line in lines[len(PARAGRAPHS) * 2 :] if line} == {"newsfeed"}


def test_related_teaser_inside_the_article() -> None:
    headline = (
        "UN adopts Ukraine’s resolution condemning Russia’s invasion — US, Russia, Belarus vote "
        "against"
    )
    summary = (
        "The UN General Assembly approved a Ukrainian resolution on Feb. 24 condemning Russia’s "
        "full-scale invasion, with 93 countries voting in favor and 18 against."
    )
    lines = [
        PARAGRAPHS[0],
        "",
        PARAGRAPHS[1],
        "",
        headline,
        summary,
        "",
        PARAGRAPHS[2],
        "",
        PARAGRAPHS[3],
    ]
    got = labels_of(lines)
    assert got[headline] == got[summary] == "teaser"
    assert all(got[p] == "body" for p in PARAGRAPHS)


def test_cut_off_summary_is_a_teaser() -> None:
    headline = "How Ukraine has pushed back and held the line against Russia for 3 years"
    summary = (
        "Elon Musk on Feb. 21 questioned why Ukraine was still actively defending itself amid "
        "the ongoing Russian full-scale invasion. “What are they dying for? What exactly are they "
        "dying for…"
    )
    got = labels_of([*page("BODY"), headline, summary])
    assert got[headline] == got[summary] == "teaser"


def test_newsletter_share_footer_and_comments_after_the_body() -> None:
    lines = page(
        "BODY",
        "Enter your email to subscribe",
        "* indicates required",
        "Share on Facebook",
        "Comments",
        "Copyright © 2025 Example Media. All rights reserved.",
    )
    got = labels_of(lines)
    assert got["Enter your email to subscribe"] == "newsletter"
    assert got["* indicates required"] == "newsletter"
    assert got["Share on Facebook"] == "share"
    assert got["Comments"] == "comments"
    assert got["Copyright © 2025 Example Media. All rights reserved."] == "footer"


def test_cookie_banner() -> None:
    banner = "We use cookies to improve your experience on our site and to show you relevant ads."
    assert labels_of(page(banner, "BODY"))[banner] == "cookie"


def test_field_run_into_the_first_sentence_stays_body() -> None:
    first = (
        " date 2025-02-25 Russian leader Vladimir Putin offered on Monday evening to sell Russian "
        "rare-earth minerals to the United States, including from Russian-occupied territories."
    )
    assert clean_text("\n".join([first, "", *page("BODY")])).paragraphs[0] == first.strip()


def test_sentences_using_furniture_words_stay_body() -> None:
    sentences = [
        "By the end of the year, Russia could resume aluminium supplies to the United States.",
        "Voters can sign up to vote online until Friday, officials said.",
    ]
    lines = [
        PARAGRAPHS[0],
        "",
        sentences[0],
        "",
        PARAGRAPHS[1],
        "",
        sentences[1],
        "",
        PARAGRAPHS[2],
    ]
    assert clean_text("\n".join(lines)).paragraphs == (
        PARAGRAPHS[0],
        sentences[0],
        PARAGRAPHS[1],
        sentences[1],
        PARAGRAPHS[2],
    )


def test_blank_lines() -> None:
    assert classify_lines(["", "   ", "\t"]) == ["blank", "blank", "blank"]


def test_empty_input() -> None:
    assert clean_text("") == Cleaned(paragraphs=(), removed=())
    assert classify_lines([]) == []


def test_huge_single_line_does_not_hang() -> None:
    line = "word " * 200_000 + "end."
    cleaned = clean_text(line)
    assert len(cleaned.paragraphs) + len(cleaned.removed) == 1
    assert clean_text("x" * 1_000_000 + "\n" + "(" * 100_000).paragraphs is not None


LINES = st.lists(
    st.one_of(
        st.text(max_size=60),
        st.sampled_from(["", "Subscribe", "11:54 PM", "News Feed", "…", "(", *PARAGRAPHS]),
    ),
    max_size=40,
)


@given(LINES)
def test_any_lines_get_one_known_label_each(lines: list[str]) -> None:
    labels = classify_lines(lines)
    assert len(labels) == len(lines)
    assert set(labels) <= {"body", "blank", *FURNITURE_KINDS}
    # blank: empty, or nothing but bullet and separator marks ("|", "•", "—")
    assert all(
        (lab == "blank") == (not _BULLET.sub("", line.strip()))
        for line, lab in zip(lines, labels, strict=True)
    )


@given(st.text(max_size=400))
def test_clean_text_keeps_or_removes_every_line(text: str) -> None:
    cleaned = clean_text(text)
    kept = [line for line in text.splitlines() if _BULLET.sub("", line.strip())]
    assert len(cleaned.paragraphs) + len(cleaned.removed) == len(kept)


def test_removed_lines_carry_their_text() -> None:
    cleaned = clean_text("\n".join(page("Skip to content", "BODY", "Subscribe")))
    assert ("Skip to content", "navigation") in {(r.text, r.kind) for r in cleaned.removed}
    assert ("Subscribe", "newsletter") in {(r.text, r.kind) for r in cleaned.removed}


def test_seeds_body_f1_gate() -> None:
    """Quality gate: the seeds' bodies scored by ../shared/tools/score.py (clean.* metrics)."""
    seeds = need_shared("seeds")
    gold = json.loads(need_shared("gold", "seeds.json").read_text(encoding="utf-8"))
    spec = importlib.util.spec_from_file_location("nw_score", need_shared("tools", "score.py"))
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    articles = [
        {"id": f.name, "source": f.name, "body": "\n\n".join(clean_text(f.read_text()).paragraphs)}
        for f in sorted(seeds.glob("*.txt"))
    ]
    result = scorer.score(gold, {"articles": articles, "stories": []}, seeds)
    assert result["clean.precision"] >= 0.97
    assert result["clean.f1"] >= 0.97


def test_a_page_that_is_only_a_headline_keeps_the_headline() -> None:
    from newsweave.clean import clean_document
    from newsweave.models import Document

    doc = Document(
        source="brief.txt", text="June 06 , 2013\nEsther Williams , swimming star , dies at 91"
    )
    article = clean_document(doc, "a1")
    assert article.paragraphs == ("Esther Williams , swimming star , dies at 91",)
    assert [r.kind for r in article.removed] == ["byline"]
