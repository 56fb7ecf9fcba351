"""Extraction: an article's body -> sentences, entity mentions, quotes, quantities and dates.

:func:`extract_articles` parses every body with spaCy in one ``nlp.pipe`` pass (optionally over
several processes) and runs the extractors on each parse; :func:`extract_article` does one
article from a parse the caller already has.  Entities are resolved later, over a story or a
whole run, with :func:`newsweave.extract.entities.resolve_entities`.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from spacy.tokens import Doc

from newsweave._limits import time_limit
from newsweave.errors import ExtractionError, InputError
from newsweave.models import Article, ArticleFacts

from .dates import extract_dates
from .entities import EntityIndex, entity_mentions, resolve_entities
from .nlp import load_nlp, parse, parse_iter
from .quantities import extract_quantities
from .quotes import extract_quotes
from .sentences import sentences

__all__ = [
    "EntityIndex",
    "entity_mentions",
    "extract_article",
    "extract_articles",
    "extract_dates",
    "extract_quantities",
    "extract_quotes",
    "load_nlp",
    "parse",
    "resolve_entities",
    "sentences",
]

log = logging.getLogger(__name__)


def extract_article(
    article: Article,
    doc: Doc,
    *,
    fallback_date: str | None = None,
    min_quote_words: int = 3,
) -> ArticleFacts:
    """Everything extraction finds in one article; ``doc`` is the parse of ``article.body``
    (or of its beginning, for bodies too long for spaCy: see :func:`parse`).

    Raises :class:`~newsweave.errors.ExtractionError` when ``doc`` is not of this body.
    """
    if not article.body.startswith(doc.text):
        raise ExtractionError(f"{article.id}: the parse given is not of this article's body")
    body = doc.text  # the part parsed: extractors past it would cost without sentences
    sents = sentences(article.id, doc)
    return ArticleFacts(
        article=article.id,
        sentences=sents,
        entity_mentions=entity_mentions(article.id, doc),
        quotes=extract_quotes(article.id, body, doc, min_words=min_quote_words),
        quantities=extract_quantities(article.id, body, sents),
        dates=extract_dates(article.id, body, article.metadata.published, fallback=fallback_date),
    )


#: what forked extraction workers read (set just before the pool forks: shared, not pickled)
_WORK: dict[str, Any] = {}


def _limited(
    article: Article, doc: Doc, seconds: float | None, fallback_date: str | None, min_words: int
) -> ArticleFacts:
    """:func:`extract_article` within ``seconds``; past it, the article keeps no facts and a
    warning names it (one pathological body must not hold up the batch)."""
    try:
        with time_limit(seconds, article.source or article.id):
            return extract_article(
                article, doc, fallback_date=fallback_date, min_quote_words=min_words
            )
    except InputError as exc:
        log.warning("%s: extraction %s; its facts are left out", exc.source, exc.reason)
        return ArticleFacts(article=article.id)


def _extract_chunk(bounds: tuple[int, int]) -> list[ArticleFacts]:
    lo, hi = bounds
    chunk: Sequence[Article] = _WORK["articles"][lo:hi]
    docs = parse_iter([a.body for a in chunk], n_process=1)
    return [
        _limited(a, d, _WORK["time_limit"], _WORK["fallback_date"], _WORK["min_quote_words"])
        for a, d in zip(chunk, docs, strict=True)
    ]


def extract_articles(
    articles: Sequence[Article],
    *,
    n_process: int = 1,
    fallback_date: str | None = None,
    min_quote_words: int = 3,
    time_limit_s: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ArticleFacts]:
    """:func:`extract_article` over many articles, parsing all bodies in one spaCy pass.
    An article whose extractors run past ``time_limit_s`` keeps no facts (a warning says so).
    ``progress(done, total)`` is called as articles are done.

    With ``n_process`` > 1 (and enough articles), forked workers each parse *and* extract
    chunks of articles and send back only the facts: spaCy's own multiprocessing would send
    every parse back to this process (serialised, ~1.5 MB an article) and leave the extractors
    to run here, one at a time."""
    if n_process > 1 and len(articles) >= 8 * n_process and _can_fork():
        load_nlp()  # loaded once, before the workers fork, and shared with them
        size = max(1, min(16, len(articles) // (4 * n_process)))
        bounds = [(lo, min(lo + size, len(articles))) for lo in range(0, len(articles), size)]
        _WORK.update(
            articles=articles,
            fallback_date=fallback_date,
            min_quote_words=min_quote_words,
            time_limit=time_limit_s,
        )
        try:
            with multiprocessing.get_context("fork").Pool(n_process) as pool:
                parts = pool.imap(_extract_chunk, bounds)
                return _counted((f for part in parts for f in part), len(articles), progress)
        finally:
            _WORK.clear()
    # one parse at a time: the list of every parse of a large run would not fit in memory
    docs = parse_iter([a.body for a in articles], n_process=1, batch_size=16)
    facts = (
        _limited(a, d, time_limit_s, fallback_date, min_quote_words)
        for a, d in zip(articles, docs, strict=True)
    )
    return _counted(facts, len(articles), progress)


def _counted(
    facts: Iterator[ArticleFacts], total: int, progress: Callable[[int, int], None] | None
) -> list[ArticleFacts]:
    out: list[ArticleFacts] = []
    for fact in facts:
        out.append(fact)
        if progress is not None:
            progress(len(out), total)
    return out


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
