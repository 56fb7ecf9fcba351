"""Cleaning alone, as a stream: documents in, one article record (or error) out at a time.

:func:`clean_one` is the cleaning step of every run (the pipeline calls it too);
:func:`clean_stream` drives it over an iterable of documents without keeping them, so
``newsweave clean`` runs in constant memory over any number of inputs; :func:`article_record`
is the JSON record it writes for each article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .._limits import time_limit
from .._unicode import valid_unicode
from ..errors import NewsweaveError
from ..models import Article, Document, InputError
from ..report.json import article_to_dict
from . import clean_document

__all__ = ["article_record", "clean_one", "clean_stream"]


def clean_one(doc: Document, article_id: str, time_limit_s: float | None) -> Article | InputError:
    """``doc`` cleaned within ``time_limit_s`` seconds, or the error naming it."""
    try:
        with time_limit(time_limit_s, doc.source):
            return clean_document(doc, article_id)
    except NewsweaveError as exc:
        return InputError(getattr(exc, "source", doc.source), getattr(exc, "reason", str(exc)))


def clean_stream(
    items: Iterable[Document | InputError],
    time_limit_s: float | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Article | InputError]:
    """Every document cleaned (ids ``a1``, ``a2`` … in order), every error passed on, one at a
    time; ``progress`` is called with the number of items done after each."""
    n_articles = 0
    for done, item in enumerate(items, start=1):
        item = valid_unicode(item)  # lone surrogates would crash the JSON writers
        out = (
            clean_one(item, f"a{n_articles + 1}", time_limit_s)
            if isinstance(item, Document)
            else item
        )
        n_articles += isinstance(out, Article)
        yield out
        if progress is not None:
            progress(done)


def article_record(article: Article) -> dict[str, Any]:
    """One cleaned article as ``newsweave clean`` writes it: the report's article record
    (:func:`~newsweave.report.json.article_to_dict`) with the removed furniture grouped by kind
    (``{"navigation": [...], "caption": [...]}``) and no content hash."""
    removed: dict[str, list[str]] = {}
    for piece in article.removed:
        removed.setdefault(piece.kind, []).append(piece.text)
    record = article_to_dict(article)
    del record["content_hash"]
    record["removed"] = removed
    return record
