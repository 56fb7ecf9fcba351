"""The JSON report: the only module that knows the contract's field names.

Contract: ``../shared/spec/report-json.md`` (schema_version 1).  Fields beyond the contract
(``provenance``, ``errors``, per-story ``extras``, per-claim independence) are additions, never
renames.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .._io import atomic_write_text
from ..models import (
    Article,
    Claim,
    DateMention,
    Discrepancy,
    Entity,
    Quantity,
    Quote,
    Report,
    SentenceRef,
    StoryAlignment,
)

SCHEMA_VERSION = 1

JsonDict = dict[str, Any]


def article_to_dict(article: Article) -> JsonDict:
    meta = article.metadata
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "title": meta.title,
        "outlet": meta.outlet,
        "authors": list(meta.authors),
        "published": meta.published,
        "syndicated_from": meta.syndicated_from,
        "cited_sources": list(meta.cited_sources),
        "body": article.body,
        "removed": [{"text": r.text, "kind": r.kind} for r in article.removed],
        "content_hash": article.content_hash,
    }


def quote_to_dict(quote: Quote) -> JsonDict:
    return {
        "id": quote.id,
        "article": quote.article,
        "text": quote.text,
        "speaker": quote.speaker,
        "group": quote.group,
        "cue": quote.cue,
        "fragment": quote.fragment,
        "start": quote.start,
        "end": quote.end,
    }


def quantity_to_dict(q: Quantity) -> JsonDict:
    return {
        "article": q.article,
        "text": q.text,
        "value": q.value,
        "unit": q.unit,
        "group": q.group,
        "about": q.about,
        "approximate": q.approximate,
        "high": q.high,
        "bound": q.bound,
        "start": q.start,
        "end": q.end,
    }


def date_to_dict(d: DateMention) -> JsonDict:
    return {"article": d.article, "text": d.text, "date": d.date, "start": d.start, "end": d.end}


def sentence_to_dict(s: SentenceRef) -> JsonDict:
    return {"article": s.article, "text": s.text}


def claim_to_dict(claim: Claim) -> JsonDict:
    return {
        "id": claim.id,
        "sentences": [sentence_to_dict(s) for s in claim.sentences],
        "independent_sources": claim.independent_sources,
        "folded": [list(group) for group in claim.folded],
        "first": claim.first,
        "followers": list(claim.followers),
    }


def discrepancy_to_dict(d: Discrepancy) -> JsonDict:
    return {
        "what": d.what,
        "kind": d.kind,
        "variants": [{"article": v.article, "text": v.text} for v in d.variants],
    }


def entity_to_dict(e: Entity) -> JsonDict:
    return {"name": e.name, "type": e.type, "mentions": list(e.mentions)}


def story_to_dict(s: StoryAlignment) -> JsonDict:
    return {
        "id": s.story.id,
        "articles": list(s.story.articles),
        "quotes": [quote_to_dict(q) for q in s.quotes],
        "quantities": [quantity_to_dict(q) for q in s.quantities],
        "dates": [date_to_dict(d) for d in s.dates],
        "claims": [claim_to_dict(c) for c in s.claims],
        "unique": [sentence_to_dict(u) for u in s.unique],
        "discrepancies": [discrepancy_to_dict(d) for d in s.discrepancies],
        "entities": [entity_to_dict(e) for e in s.entities],
        "extras": dict(s.extras),
    }


def report_to_dict(report: Report) -> JsonDict:
    """The report as the JSON contract's dictionary."""
    return {
        "schema_version": SCHEMA_VERSION,
        "articles": [article_to_dict(a) for a in report.articles],
        "stories": [story_to_dict(s) for s in report.stories],
        "provenance": [asdict(p) for p in report.provenance],
        "errors": [{"source": e.source, "reason": e.reason} for e in report.errors],
    }


#: characters written as ``\\uXXXX`` escapes: C1 controls, bidirectional embeddings, overrides
#: and isolates, line and paragraph separators.  The data read back is the same; the file shown
#: in a terminal or an editor is not reordered by them.
_ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def dumps(data: JsonDict) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_json(data: JsonDict, path: str | Path) -> None:
    """Write the report dictionary atomically."""
    atomic_write_text(path, dumps(data))
