"""Cleaning: separate the article from page furniture and read the page's metadata.

:func:`clean_document` turns a :class:`~newsweave.models.Document` into an
:class:`~newsweave.models.Article`: HTML goes through trafilatura (:mod:`.html`), plain text
scraped from a page through the line classifier (:mod:`.text`); both end in the same metadata
rules (:mod:`.metadata`).  What the source itself knew (a JSONL record's title, a feed entry's
date) wins over what the page text suggests.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from ..errors import InputError
from ..models import Article, Cleaned, Document, Metadata
from .html import clean_html
from .metadata import domain_outlet, same_organisation, text_metadata
from .text import classify_lines, clean_text

__all__ = ["clean_document", "iso_date"]

_ISO_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")


def iso_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or datetime string, else None."""
    if not value:
        return None
    match = _ISO_PREFIX.match(value.strip())
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(0)).isoformat()
    except ValueError:
        return None


def _clean_text_page(text: str) -> tuple[Cleaned, Metadata]:
    lines = text.splitlines()
    labels = classify_lines(lines)
    cleaned = clean_text(text)
    return cleaned, text_metadata(lines, labels)


def _merge(page: Metadata, doc: Document, cleaned: Cleaned) -> Metadata:
    """The page's metadata with what the source knew filled in over it."""
    outlet = doc.outlet or page.outlet or domain_outlet(doc.url)
    # the page's own outlet is never its source: the page's metadata already left it out of
    # ``cited_sources``; an outlet only the source knew (a feed's, a record's) is left out here
    cited = tuple(c for c in page.cited_sources if not same_organisation(c, outlet))
    return replace(
        page,
        title=doc.title or page.title,
        outlet=outlet,
        authors=doc.authors or page.authors,
        published=iso_date(doc.published) or page.published,
        cited_sources=cited,
    )


#: kinds of removed line that may be a headline standing alone
_HEADLINE_KINDS = ("title", "related", "teaser", "other")


def _headline_only(cleaned: Cleaned, source: str) -> Cleaned:
    """A page whose only prose is its headline (a brief, a wire flash) is that headline;
    a page without even one is an error."""
    lines = [r for r in cleaned.removed if r.kind in _HEADLINE_KINDS and len(r.text.split()) >= 4]
    if not lines:
        raise InputError(source, "no article text found after removing page furniture")
    headline = min(lines, key=lambda r: (r.kind != "title", -len(r.text)))
    return Cleaned(
        paragraphs=(headline.text.strip(),),
        removed=tuple(r for r in cleaned.removed if r is not headline),
    )


def clean_document(doc: Document, article_id: str) -> Article:
    """The article in ``doc``, with its furniture removed and labelled, and its metadata.

    Raises :class:`~newsweave.errors.InputError` when no article text is left.
    """
    if doc.kind == "html":
        cleaned, page_meta = clean_html(doc.text, doc.url)
    else:
        cleaned, page_meta = _clean_text_page(doc.text)
    if not any(p.strip() for p in cleaned.paragraphs):
        cleaned = _headline_only(cleaned, doc.source)
    return Article(
        id=article_id,
        source=doc.source,
        paragraphs=cleaned.paragraphs,
        metadata=_merge(page_meta, doc, cleaned),
        removed=cleaned.removed,
        url=doc.url,
        content_hash=doc.content_hash,
    )
