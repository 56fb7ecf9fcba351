# TEMPORARY during parallel development: real stages when their modules exist, stand-ins otherwise.
# Removed at integration.
# mypy: ignore-errors
# ruff: noqa
from __future__ import annotations

import logging
from dataclasses import dataclass

from .models import *

log = logging.getLogger(__name__)

try:
    from .clean import clean_document
except ImportError as exc:
    log.warning("clean stand-in: %s", exc)

    def clean_document(doc, article_id):
        paras = tuple(p.strip() for p in doc.text.split("\n") if p.strip())
        return Article(id=article_id, source=doc.source, paragraphs=paras,
                       metadata=Metadata(title=doc.title, outlet=doc.outlet, published=doc.published),
                       content_hash=doc.content_hash)

try:
    from .extract import extract_articles
    from .extract.dates import extract_dates
    from .extract.entities import resolve_entities
except ImportError as exc:
    log.warning("extract stand-in: %s", exc)

    def extract_articles(articles, **kw):
        return [ArticleFacts(article=a.id) for a in articles]

    def extract_dates(*a, **kw):
        return ()

    @dataclass(frozen=True)
    class _Index:
        entities: tuple = ()

        def canonical(self, form):
            return form

    def resolve_entities(mentions):
        list(mentions)
        return _Index()

try:
    from .group.duplicates import find_duplicates
    from .group.provenance import provenance_graph
    from .group.stories import cluster_stories
except ImportError as exc:
    log.warning("group stand-in: %s", exc)

    def find_duplicates(articles, **kw):
        return ()

    def provenance_graph(articles, duplicates):
        return tuple(duplicates)

    def cluster_stories(articles, **kw):
        return (Story(id="s1", articles=tuple(a.id for a in articles)),) if articles else ()

try:
    from .align import align_story
except ImportError as exc:
    log.warning("align stand-in: %s", exc)

    def align_story(story, articles, facts, **kw):
        return StoryAlignment(story=story, quotes=tuple(q for f in facts for q in f.quotes),
                              quantities=tuple(q for f in facts for q in f.quantities),
                              dates=tuple(d for f in facts for d in f.dates),
                              entities=kw.get("entities", ()))
