"""The Markdown briefing: sections filled from the seeds, untrusted text kept inert."""

from __future__ import annotations

import re
from typing import Any

from newsweave.report.markdown import md_text, render_markdown

HEADINGS = (
    "### Most corroborated facts",
    "### Corroboration matrix",
    "### Who said what",
    "### Reported by one outlet only",
    "### Discrepancies",
    "### Numbers",
    "### Provenance: who copied or cites whom",
    "### People, places and organisations",
    "### The articles",
)


def test_every_section_is_there(seed_report: dict[str, Any]) -> None:
    md = render_markdown(seed_report)
    for heading in HEADINGS:
        assert heading in md, heading
    assert "**5 articles from 5 outlets" in md


def test_sections_hold_the_seeds_content(seed_report: dict[str, Any]) -> None:
    md = render_markdown(seed_report)
    assert "Olha Stefanishyna" in md
    assert "order of magnitude" in md
    assert "Zelenskyy" in md
    assert "reprinted from **The New York Times**" in md
    assert "<details><summary>Removed page furniture" in md
    # the matrix: a header row, a separator and one row per fact (claims headed by one
    # sentence are one fact, shown once)
    rows = [line for line in md.splitlines() if line.startswith("| ") and "✓" in line]
    claims = seed_report["stories"][0]["claims"]
    heads = [(c["sentences"][0]["article"], c["sentences"][0]["text"]) for c in claims]
    assert len(rows) == len(set(heads))
    assert len({row.split(" | ")[0] for row in rows}) == len(rows)  # no sentence heads two rows


def test_quote_drift_marks_words(seed_report: dict[str, Any]) -> None:
    md = render_markdown(seed_report)
    cards = md.split("### Who said what", 1)[1].split("### Reported by one outlet only", 1)[0]
    assert "**" in cards and "~~" in cards


def test_markdown_links_in_article_text_are_neutralised(hostile_report: dict[str, Any]) -> None:
    md = render_markdown(hostile_report)
    assert "](javascript:" not in md.replace("\\](javascript:", "")
    assert not re.search(r"(?<!\\)\[[^\]]*\]\(javascript:", md)
    # no raw HTML: every < of the articles is escaped (the briefing's own tags are fixed ones)
    own = {"<a id=", "</a>", "<details>", "<summary>", "</summary>", "</details>"}
    raw = {m.group(0) for m in re.finditer(r"(?<!\\)</?[a-z]+[ =>]?", md)}
    assert {r for r in raw if not any(o.startswith(r) for o in own)} == set()
    assert "\\<script\\>" in md


def test_terminal_escapes_are_stripped(hostile_report: dict[str, Any]) -> None:
    md = render_markdown(hostile_report)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", md)
    assert "[2J" not in md and "pwned\x07" not in md


def test_md_text_on_real_sentences() -> None:
    sentence = "Putin said Russia had an “order of magnitude” more rare earth metals than Ukraine."
    assert md_text(sentence) == sentence
    assert md_text("2025. A year") == "2025\\. A year"
    assert md_text("- not a list") == "\\- not a list"
    assert md_text("a | b") == "a \\| b"
    assert md_text("line one\nline two") == "line one line two"


def test_only_safe_urls_become_links(hostile_report: dict[str, Any]) -> None:
    md = render_markdown(hostile_report)
    links = re.findall(r"(?<!\\)\]\(([^)]*)\)", md)
    assert links, "the matrix links to the articles"
    assert all(link.startswith(("#", "http://", "https://")) for link in links)


def test_empty_and_partial_reports_render(seeds_report: dict[str, Any]) -> None:
    assert render_markdown({}).startswith("# Briefing")
    md = render_markdown(seeds_report)  # the live pipeline's report, however filled today
    for heading in HEADINGS:
        assert heading in md


def test_an_article_without_outlet_is_an_unknown_outlet(seed_report: dict[str, Any]) -> None:
    md = render_markdown(seed_report)
    nameless = [a for a in seed_report["articles"] if not a.get("outlet") and not a.get("url")]
    assert nameless  # two seeds name no outlet
    for article in nameless:
        name = article["source"].rsplit("/", 1)[-1]
        assert f"#### {md_text(f'unknown outlet ({name})')}" in md
        assert f"#### {md_text(name)}" not in md
