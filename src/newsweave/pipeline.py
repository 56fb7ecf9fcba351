"""Wires the stages into one run: read -> clean -> group -> extract -> align.

The pipeline never prints: it reports progress through an optional callback and returns a
:class:`~newsweave.models.Report`; the CLI decides what to show.  Every input that fails is
recorded as an :class:`~newsweave.models.InputError` and the run goes on.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from ._devstubs import (
    align_story,
    clean_document,
    cluster_stories,
    extract_articles,
    extract_dates,
    find_duplicates,
    provenance_graph,
    resolve_entities,
)
from ._limits import time_limit
from .errors import NewsweaveError
from .models import (
    Article,
    ArticleFacts,
    Document,
    InputError,
    Provenance,
    Report,
    Story,
    StoryAlignment,
)
from .options import Options
from .sources import read_inputs

__all__ = ["Progress", "analyze", "analyze_documents"]

log = logging.getLogger(__name__)

#: progress callback: (stage, done, total); total is 0 when unknown
Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def clean_all(
    items: Iterable[Document | InputError], progress: Progress, time_limit_s: float | None = None
) -> tuple[list[Article], list[InputError]]:
    """Clean every document; errors (from reading or cleaning) are collected, not raised."""
    articles: list[Article] = []
    errors: list[InputError] = []
    for item in items:
        if isinstance(item, InputError):
            errors.append(item)
            log.info("%s: %s", item.source, item.reason)
        else:
            try:
                with time_limit(time_limit_s, item.source):
                    articles.append(clean_document(item, f"a{len(articles) + 1}"))
            except NewsweaveError as exc:
                source = getattr(exc, "source", item.source)
                reason = getattr(exc, "reason", str(exc))
                errors.append(InputError(source, reason))
                log.info("%s: %s", source, reason)
        progress("clean", len(articles) + len(errors), 0)
    return articles, errors


def story_date(articles: Sequence[Article]) -> str | None:
    """The most common publication date among a story's articles (ties: the earliest)."""
    dates = Counter(a.metadata.published for a in articles if a.metadata.published)
    if not dates:
        return None
    return min(dates, key=lambda d: (-dates[d], d))


def with_fallback_dates(
    articles: Sequence[Article], facts: Sequence[ArticleFacts]
) -> list[ArticleFacts]:
    """Re-resolve the dates of undated articles against their story's date."""
    fallback = story_date(articles)
    if fallback is None:
        return list(facts)
    out = []
    for article, fact in zip(articles, facts, strict=True):
        if article.metadata.published is None:
            dates = extract_dates(article.id, article.body, None, fallback=fallback)
            fact = replace(fact, dates=dates)
        out.append(fact)
    return out


def align_one(
    story: Story,
    articles: Sequence[Article],
    facts: Sequence[ArticleFacts],
    provenance: Sequence[Provenance],
    canonical: Callable[[str], str | None],
) -> StoryAlignment:
    """Align one story: ``articles`` and ``facts`` in the story's order, ``canonical`` maps any
    name form to the run-wide canonical entity name."""
    facts = with_fallback_dates(articles, facts)
    local = resolve_entities(m for f in facts for m in f.entity_mentions)
    entities = tuple(replace(e, name=canonical(e.name) or e.name) for e in local.entities)
    ids = set(story.articles)
    return align_story(
        story,
        articles,
        facts,
        provenance=[p for p in provenance if p.source in ids],
        canonical=canonical,
        entities=entities,
    )


def align_all(
    stories: Sequence[Story],
    articles: Sequence[Article],
    facts: Sequence[ArticleFacts],
    provenance: Sequence[Provenance],
    progress: Progress,
) -> list[StoryAlignment]:
    by_id = {a.id: a for a in articles}
    facts_by_id = {f.article: f for f in facts}
    index = resolve_entities(m for f in facts for m in f.entity_mentions)
    out = []
    for n, story in enumerate(stories, start=1):
        story_articles = [by_id[a] for a in story.articles]
        story_facts = [facts_by_id[a] for a in story.articles]
        out.append(align_one(story, story_articles, story_facts, provenance, index.canonical))
        progress("align", n, len(stories))
    return out


def analyze_documents(
    items: Iterable[Document | InputError],
    options: Options = Options(),
    progress: Progress | None = None,
) -> Report:
    """Run every stage over already-read documents."""
    report_progress = progress or _no_progress
    articles, errors = clean_all(items, report_progress, options.time_limit)
    duplicates = find_duplicates(articles)
    provenance = provenance_graph(articles, duplicates)
    stories = cluster_stories(articles)
    report_progress("group", len(articles), len(articles))
    facts = extract_articles(
        articles, n_process=options.n_process, min_quote_words=options.min_quote_words
    )
    report_progress("extract", len(articles), len(articles))
    alignments = align_all(stories, articles, facts, provenance, report_progress)
    return Report(
        articles=tuple(articles),
        stories=tuple(alignments),
        errors=tuple(errors),
        provenance=tuple(provenance),
    )


def analyze(
    inputs: Sequence[str], options: Options = Options(), progress: Progress | None = None
) -> Report:
    """Read, clean, group, extract and align ``inputs`` (paths, directories, JSONL, URLs)."""
    return analyze_documents(read_inputs(inputs, options), options, progress)
