"""The HTML briefing: sections filled from the seeds, links that land, text that stays text."""

from __future__ import annotations

import copy
import json
from html.parser import HTMLParser
from typing import Any

import pytest

from newsweave.report.html import render_html

from .seed_report import IMG, MD_LINK, SCRIPT, SECTIONS


class Page(HTMLParser):
    """Tags, attributes, ids and visible text of a page (the standard library's parser)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def attr(self, name: str) -> list[str]:
        return [str(a[name]) for _, a in self.tags if a.get(name) is not None]


@pytest.fixture(scope="module")
def page(seed_report: dict[str, Any]) -> Page:
    return Page(render_html(seed_report))


def test_every_section_is_there(seed_report: dict[str, Any]) -> None:
    html = render_html(seed_report)
    for section in SECTIONS:
        assert f'data-section="{section}"' in html, section
    assert "5 articles from 5 outlets" in html


def test_sections_hold_the_seeds_content(page: Page) -> None:
    text = " ".join(page.text)
    # a quote card renders both translations of one Putin remark side by side
    assert "he does what he wants" in text and "what he wants" in text
    assert "Olha Stefanishyna" in text  # a fact only one outlet reports
    assert "order of magnitude" in text  # a discrepancy's variant
    assert "Zelenskyy" in text  # a variant spelling of an entity
    assert "reprinted from" in text  # provenance: a reprint of The New York Times
    assert "Newsletter sign-up" in text or "News-feed widget" in text  # removed furniture
    assert any(tag == "svg" for tag, _ in page.tags)


def test_drift_is_highlighted_word_by_word(page: Page) -> None:
    classes = page.attr("class")
    assert "drift" in classes
    assert "card" in classes


def test_internal_links_land_and_ids_are_unique(page: Page) -> None:
    assert len(page.ids) == len(set(page.ids))
    targets = set(page.ids)
    for href in page.attr("href"):
        if href.startswith("#"):
            assert href[1:] in targets, href
        else:
            assert href.startswith(("http://", "https://")), href


def test_matrix_cells_link_to_the_sentences(seed_report: dict[str, Any], page: Page) -> None:
    claims = seed_report["stories"][0]["claims"]
    marked = [a for t, a in page.tags if t == "mark" and a.get("id")]
    assert len(marked) >= len(claims)
    cells = [a["href"] for t, a in page.tags if t == "a" and a.get("title") and a.get("href")]
    assert any(str(h).startswith("#t-") for h in cells)


def test_article_text_is_escaped(hostile_report: dict[str, Any]) -> None:
    html = render_html(hostile_report)
    page = Page(html)
    assert not [t for t, _ in page.tags if t in ("script", "img", "iframe", "object")]
    assert not [(t, name) for t, a in page.tags for name in a if name.lower().startswith("on")]
    assert "javascript:" not in " ".join(page.attr("href"))
    assert "&lt;script&gt;" in html
    text = " ".join(page.text)
    assert SCRIPT in text and IMG in text and MD_LINK in text
    assert "\x1b" not in html and "\x07" not in html
    assert "Content-Security-Policy" in html  # and scripts are forbidden outright


def test_empty_and_partial_reports_render() -> None:
    for report in (
        {},
        {"articles": [], "stories": []},
        {"stories": [{"id": "s1"}]},
        {
            "articles": [{"id": "a1"}],
            "stories": [{"id": "s1", "articles": ["a1"], "claims": None, "quotes": "x"}],
        },
    ):
        html = render_html(report)
        assert html.startswith("<!doctype html>")
        assert "</html>" in html


def test_pipeline_report_renders(seeds_report: dict[str, Any]) -> None:
    """Whatever the live pipeline fills today renders, and the article text is there."""
    html = render_html(seeds_report)
    for section in SECTIONS:
        assert f'data-section="{section}"' in html
    first = seeds_report["articles"][0]["body"].split("\n\n")[0]
    assert Page(first).text[0][:40] in " ".join(Page(html).text)


def test_renderer_does_not_change_its_input(seed_report: dict[str, Any]) -> None:
    before = copy.deepcopy(seed_report)
    render_html(seed_report)
    assert json.dumps(seed_report, sort_keys=True) == json.dumps(before, sort_keys=True)
