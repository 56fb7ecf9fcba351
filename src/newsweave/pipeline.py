"""Wires the stages into one run: read -> clean -> group -> extract -> align.

The pipeline never prints: it reports progress through an optional callback and returns a
:class:`~newsweave.models.Report`; the CLI decides what to show.  Every input that fails is
recorded as an :class:`~newsweave.models.InputError` and the run goes on.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import cast

from threadpoolctl import threadpool_limits

from ._limits import time_limit
from ._unicode import valid_unicode
from .align import align_story, load_models
from .clean.stream import clean_one
from .errors import NewsweaveError
from .extract import extract_articles
from .extract.dates import extract_dates
from .extract.entities import EntityIndex, resolve_entities
from .group.duplicates import find_duplicates
from .group.provenance import provenance_graph
from .group.stories import cluster_stories
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


#: a stored article (and its facts) for a document analysed before, renamed to the given id
Reuse = Callable[[Document, str], "tuple[Article, ArticleFacts | None] | None"]


def clean_all(
    items: Iterable[Document | InputError],
    progress: Progress,
    time_limit_s: float | None = None,
    reuse: Reuse | None = None,
) -> tuple[list[Article], list[InputError], dict[str, ArticleFacts]]:
    """Clean every document; errors (from reading or cleaning) are collected, not raised.

    With ``reuse``, a document analysed before is not cleaned again: its stored article (and
    facts, returned by article id) stand in for it.
    """
    articles: list[Article] = []
    errors: list[InputError] = []
    known: dict[str, ArticleFacts] = {}
    for item in items:
        item = valid_unicode(item)  # lone surrogates would crash spaCy, the store and writers
        if isinstance(item, InputError):
            errors.append(item)
            log.info("%s: %s", item.source, item.reason)
            continue
        article_id = f"a{len(articles) + 1}"
        stored = reuse(item, article_id) if reuse else None
        if stored is not None:
            article, facts = stored
            articles.append(replace(article, source=item.source))
            if facts is not None:
                known[article_id] = facts
            continue
        cleaned = clean_one(item, article_id, time_limit_s)
        if isinstance(cleaned, InputError):
            errors.append(cleaned)
            log.info("%s: %s", cleaned.source, cleaned.reason)
        else:
            articles.append(cleaned)
        progress("clean", len(articles) + len(errors), 0)
    return articles, errors, known


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


def unaligned(story: Story, facts: Sequence[ArticleFacts]) -> StoryAlignment:
    """A story whose alignment was stopped: its articles' own findings, nothing linked."""
    return StoryAlignment(
        story=story,
        quotes=tuple(q for f in facts for q in f.quotes),
        quantities=tuple(q for f in facts for q in f.quantities),
        dates=tuple(d for f in facts for d in f.dates),
    )


def story_source(story: Story, articles: Sequence[Article]) -> str:
    """How an error names a story: its id and its first input."""
    first = articles[0].source if articles else ""
    more = f" and {len(articles) - 1} more" if len(articles) > 1 else ""
    return f"story {story.id} ({first}{more})"


def align_bounded(
    story: Story,
    articles: Sequence[Article],
    facts: Sequence[ArticleFacts],
    provenance: Sequence[Provenance],
    canonical: Callable[[str], str | None],
    time_limit_s: float | None = None,
) -> tuple[StoryAlignment, InputError | None]:
    """:func:`align_one` within ``time_limit_s`` per article of the story; past it, the story
    unaligned (:func:`unaligned`) and an error naming it."""
    budget = time_limit_s * max(1, len(articles)) if time_limit_s else None
    source = story_source(story, articles)
    try:
        with time_limit(budget, source):
            return align_one(story, articles, facts, provenance, canonical), None
    except NewsweaveError as exc:
        reason = getattr(exc, "reason", str(exc))
        log.warning("%s: alignment stopped: %s", source, reason)
        return unaligned(story, facts), InputError(source, f"alignment stopped: {reason}")


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


#: what forked alignment workers read (set in the parent just before the pool forks, so the
#: articles are shared copy-on-write instead of pickled to every worker)
_ALIGN_INPUT: dict[str, object] = {}


def _align_task(n: int) -> tuple[StoryAlignment, InputError | None]:
    story = cast(Sequence[Story], _ALIGN_INPUT["stories"])[n]
    by_id = cast(dict[str, Article], _ALIGN_INPUT["articles"])
    facts_by_id = cast(dict[str, ArticleFacts], _ALIGN_INPUT["facts"])
    provenance = cast(Sequence[Provenance], _ALIGN_INPUT["provenance"])
    canonical = cast(Callable[[str], str | None], _ALIGN_INPUT["canonical"])
    return align_bounded(
        story,
        [by_id[a] for a in story.articles],
        [facts_by_id[a] for a in story.articles],
        provenance,
        canonical,
        cast(float | None, _ALIGN_INPUT["time_limit"]),
    )


def _pool_size(stories: Sequence[Story], n_process: int) -> int:
    """Worker processes worth starting: multi-article stories are the costly ones, and forking
    costs more than it saves for a handful of them."""
    shared = sum(len(s.articles) > 1 for s in stories)
    if n_process <= 1 or shared < 4 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(n_process, shared // 2)


def align_all(
    stories: Sequence[Story],
    articles: Sequence[Article],
    facts: Sequence[ArticleFacts],
    provenance: Sequence[Provenance],
    progress: Progress,
    n_process: int = 1,
    index: EntityIndex | None = None,
    time_limit_s: float | None = None,
    errors: list[InputError] | None = None,
) -> list[StoryAlignment]:
    """Align every story; with ``n_process`` > 1 stories are aligned in forked worker processes
    (results in story order).  ``index``: the run's resolved entities, when already known.  A
    story whose alignment takes longer than ``time_limit_s`` per article is kept unaligned and
    named in ``errors``."""
    if index is None:
        index = resolve_entities(m for f in facts for m in f.entity_mentions)
    _ALIGN_INPUT.update(
        stories=stories,
        articles={a.id: a for a in articles},
        facts={f.article: f for f in facts},
        provenance=provenance,
        canonical=index.canonical,
        time_limit=time_limit_s,
    )
    failed = errors if errors is not None else []
    try:
        workers = _pool_size(stories, n_process)
        if workers == 1:
            results = map(_align_task, range(len(stories)))
            return _collect(results, stories, progress, failed)
        load_models()
        # costly stories first, so the workers finish together; results re-ordered below
        order = sorted(range(len(stories)), key=lambda n: -len(stories[n].articles))
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = _collect(pool.imap(_align_task, order), stories, progress, failed)
        out: list[StoryAlignment | None] = [None] * len(stories)
        for n, alignment in zip(order, done, strict=True):
            out[n] = alignment
        return [a for a in out if a is not None]
    finally:
        _ALIGN_INPUT.clear()


def _collect(
    results: Iterable[tuple[StoryAlignment, InputError | None]],
    stories: Sequence[Story],
    progress: Progress,
    errors: list[InputError],
) -> list[StoryAlignment]:
    """The alignments, reporting progress in articles (a story of 40 articles costs far more
    than one of 2)."""
    total = sum(len(s.articles) for s in stories)
    out = []
    done = 0
    for alignment, error in results:
        out.append(alignment)
        if error is not None:
            errors.append(error)
        done += len(alignment.story.articles)
        progress("align", done, total)
    return out


def extract_missing(
    articles: Sequence[Article],
    known: dict[str, ArticleFacts],
    options: Options,
    progress: Progress = _no_progress,
) -> list[ArticleFacts]:
    """Facts for every article, extracting only those not already known; ``progress`` is
    called per article as ``("extract", done, total)``."""
    todo = [a for a in articles if a.id not in known]
    before = len(articles) - len(todo)

    def extracted(done: int, total: int) -> None:
        progress("extract", before + done, len(articles))

    found = extract_articles(
        todo,
        n_process=options.n_process,
        min_quote_words=options.min_quote_words,
        time_limit_s=options.time_limit,
        progress=extracted,
    )
    by_id = {**known, **{f.article: f for f in found}}
    return [by_id[a.id] for a in articles]


def run_stages(
    items: Iterable[Document | InputError],
    options: Options,
    progress: Progress,
    reuse: Reuse | None = None,
) -> tuple[Report, list[ArticleFacts]]:
    """Every stage over already-read documents: the report and each article's facts.

    BLAS runs on one thread: newsweave parallelises with processes (``options.n_process``),
    and OpenBLAS threads spinning beside them cost more than they give (spaCy's parse of
    PolNeAR dev: 6.0 s of CPU with one BLAS thread, 6.8 s with two; MiniLM quote vectors 10x
    slower when the other core was busy)."""
    with threadpool_limits(1, user_api="blas"):
        articles, errors, known = clean_all(items, progress, options.time_limit, reuse)
        duplicates = find_duplicates(articles)
        stories = cluster_stories(articles)
        progress("group", len(articles), len(articles))
        facts = extract_missing(articles, known, options, progress)
        progress("extract", len(articles), len(articles))
        index = resolve_entities(m for f in facts for m in f.entity_mentions)
        provenance = provenance_graph(articles, duplicates, canonical=index.canonical)
        alignments = align_all(
            stories,
            articles,
            facts,
            provenance,
            progress,
            options.n_process,
            index,
            options.time_limit,
            errors,
        )
    report = Report(
        articles=tuple(articles),
        stories=tuple(alignments),
        errors=tuple(errors),
        provenance=tuple(provenance),
    )
    return report, facts


def analyze_documents(
    items: Iterable[Document | InputError],
    options: Options | None = None,
    progress: Progress | None = None,
) -> Report:
    """Run every stage over already-read documents.

    With ``options.store``, inputs analysed before (same content hash) are taken from the store
    instead of being cleaned and extracted again, and the run is saved in one transaction.
    """
    options = options or Options()
    report_progress = progress or _no_progress
    if not options.store:
        return run_stages(items, options, report_progress)[0]
    from .store import Store, engine_url

    with Store.open(options.store) as store:

        def reuse(doc: Document, article_id: str) -> tuple[Article, ArticleFacts | None] | None:
            return store.load_article(doc.content_hash, article_id)

        report, facts = run_stages(items, options, report_progress, reuse)
        try:
            store.save_analysis(report, facts)
        except NewsweaveError as exc:  # the analysis is done: the report is still given
            log.warning("%s", exc)
            shown = options.store
            if "://" in shown:  # a database URL may carry a password
                shown = engine_url(shown).render_as_string(hide_password=True)
            failure = InputError(f"store {shown}", f"this run was not saved ({exc})")
            report = replace(report, errors=(*report.errors, failure))
    return report


def analyze(
    inputs: Sequence[str], options: Options | None = None, progress: Progress | None = None
) -> Report:
    """Read, clean, group, extract and align ``inputs`` (paths, directories, JSONL, URLs)."""
    options = options or Options()
    return analyze_documents(read_inputs(inputs, options, progress), options, progress)
