"""Cleaning never crashes or hangs: any text, any markup, mutated real pages.

Each cleaner's own promise is checked too: ``classify_lines`` labels every line with a known
label, ``clean_text`` keeps only lines of the page, ``clean_html`` never raises, and
``clean_document`` gives an Article or raises the library's ``InputError`` (nothing else).
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from newsweave.clean import clean_document
from newsweave.clean.html import clean_html
from newsweave.clean.text import classify_lines, clean_text
from newsweave.errors import InputError
from newsweave.models import FURNITURE_KINDS, Article, Cleaned, Document, Metadata

from .regressions import CLEAN_TEXTS
from .strategies import (
    MARKUP,
    TEXT,
    TRICKY,
    aeb_pages,
    budget,
    mutated,
    seed_pages_html,
    seed_pages_text,
)

LABELS = {"body", "blank", "title", *FURNITURE_KINDS}


def check_cleaned(cleaned: Cleaned) -> None:
    assert isinstance(cleaned, Cleaned)
    assert all(isinstance(p, str) for p in cleaned.paragraphs)
    assert all(r.kind in FURNITURE_KINDS for r in cleaned.removed)


@given(st.lists(TEXT, max_size=40))
def test_classify_lines_labels_every_line(lines: list[str]) -> None:
    labels = classify_lines(lines)
    assert len(labels) == len(lines)
    assert set(labels) <= LABELS


@given(st.one_of(TEXT, mutated(seed_pages_text())))
def test_clean_text_keeps_only_page_lines(text: str) -> None:
    cleaned = clean_text(text)
    check_cleaned(cleaned)
    lines = {line.strip() for line in text.splitlines()}
    assert set(cleaned.paragraphs) <= lines


@given(st.lists(st.one_of(MARKUP, TRICKY, TEXT), max_size=40).map("".join))
def test_clean_html_on_random_markup(page: str) -> None:
    cleaned, metadata = clean_html(page)
    check_cleaned(cleaned)
    assert isinstance(metadata, Metadata)


@budget(4)
@given(mutated(seed_pages_html()))
def test_clean_html_on_mutated_seed_pages(page: str) -> None:
    cleaned, metadata = clean_html(page, "https://example.com/news/1")
    check_cleaned(cleaned)
    assert isinstance(metadata, Metadata)


@budget(6)
@given(st.data())
def test_clean_html_on_mutated_aeb_pages(data: st.DataObject) -> None:
    pages = aeb_pages()
    if not pages:
        import pytest

        pytest.skip("../shared not found: eval/aeb/html holds the real pages this test mutates")
    page = data.draw(mutated(st.sampled_from(pages)))
    cleaned, _ = clean_html(page)
    check_cleaned(cleaned)


@budget(2)
@given(
    st.one_of(TEXT, mutated(seed_pages_text()), mutated(seed_pages_html())),
    st.sampled_from(["text", "html"]),
    st.one_of(st.none(), TEXT),
)
@example(CLEAN_TEXTS[0], "text", None)
@example("<html><body>" + "<div>" * 10_000 + "<p>Deep.</p>" + "</div>" * 10_000, "html", None)
def test_clean_document_gives_article_or_input_error(
    text: str, kind: str, title: str | None
) -> None:
    doc = Document(source="fuzz.txt", text=text, kind=kind, title=title, published=title)  # type: ignore[arg-type]
    try:
        article = clean_document(doc, "a1")
    except InputError as exc:
        assert exc.source == "fuzz.txt" and exc.reason
        return
    assert isinstance(article, Article)
    assert article.body.strip()
    assert article.content_hash == doc.content_hash
