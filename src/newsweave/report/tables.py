"""Line- and table-shaped outputs of the report: JSON Lines (one story a line) and CSV (the claim x
outlet matrix, the quotes), for ``jq``, ``sqlite-utils insert --nl`` and spreadsheets.

Each works on the report dictionary of :func:`newsweave.report.json.report_to_dict` (or one
exported from the store), so every output says the same thing as the JSON report.  CSV is
written by :mod:`csv` (RFC 4180 quoting; cells that a spreadsheet would run as a formula are
prefixed with ``'``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["render_claims_csv", "render_jsonl", "render_quotes_csv", "story_line"]

#: the quotes table's columns, in order
QUOTE_COLUMNS = (
    "story",
    "quote",
    "group",
    "article",
    "outlet",
    "speaker",
    "text",
    "cue",
    "fragment",
    "start",
    "end",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _items(value: object) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _articles_by_id(data: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {str(a.get("id")): a for a in _items(data.get("articles"))}


def story_line(story: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> str:
    """One story as one JSON line: the story as in the report, with ``article_records`` holding
    its articles' records (so a line stands alone)."""
    records = [articles[a] for a in story.get("articles", []) if a in articles]
    return json.dumps({**story, "article_records": records}, ensure_ascii=False) + "\n"


def render_jsonl(data: Mapping[str, Any]) -> str:
    """The report as JSON Lines: one story a line."""
    articles = _articles_by_id(data)
    return "".join(story_line(s, articles) for s in _items(data.get("stories")))


def _cell(value: object) -> str:
    """A CSV cell: None empty, booleans lower-case, text that a spreadsheet would evaluate as a
    formula prefixed with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_cell(h) for h in header])
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


def _outlet(article: Mapping[str, Any] | None, article_id: str) -> str:
    outlet = article.get("outlet") if article else None
    return str(outlet) if outlet else article_id


def _matrix(story: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> Any:
    """The story's claim x outlet matrix: the one alignment made (``extras``), else one built
    from the claims' sentences (a cell is then ``reported``)."""
    extras = story.get("extras")
    if isinstance(extras, Mapping) and isinstance(extras.get("corroboration_matrix"), Mapping):
        return extras["corroboration_matrix"]
    rows = []
    for claim in _items(story.get("claims")):
        sentences = _items(claim.get("sentences"))
        cells = {
            _outlet(articles.get(str(s.get("article"))), str(s.get("article"))): "reported"
            for s in sentences
        }
        text = sentences[0].get("text", "") if sentences else ""
        rows.append(
            {
                "claim": claim.get("id"),
                "text": text,
                "independent_sources": claim.get("independent_sources"),
                "cells": cells,
            }
        )
    outlets = [_outlet(articles.get(a), a) for a in story.get("articles", [])]
    return {"outlets": list(dict.fromkeys(outlets)), "rows": rows}


def render_claims_csv(data: Mapping[str, Any]) -> str:
    """Every story's facts as rows (one row per fact, as the alignment's matrix shows them; a
    report without that matrix gives every claim), every outlet as a column: ``first`` (the
    earliest report), ``independent`` (its own origin), ``folded`` (a copy or relay counted with
    another) or empty (not reported)."""
    articles = _articles_by_id(data)
    matrices = [(s.get("id"), _matrix(s, articles)) for s in _items(data.get("stories"))]
    outlets = list(dict.fromkeys(o for _, m in matrices for o in m.get("outlets", [])))
    header = ["story", "claim", "independent_sources", "text", *outlets]
    rows = [
        [
            story_id,
            row.get("claim"),
            row.get("independent_sources"),
            row.get("text"),
            *(row.get("cells", {}).get(o, "") for o in outlets),
        ]
        for story_id, matrix in matrices
        for row in _items(matrix.get("rows"))
    ]
    return _csv(header, rows)


def render_quotes_csv(data: Mapping[str, Any]) -> str:
    """Every quote, one a row, with its story, group (one utterance across articles), article,
    outlet and speaker."""
    articles = _articles_by_id(data)
    rows = []
    for story in _items(data.get("stories")):
        for quote in _items(story.get("quotes")):
            article = str(quote.get("article"))
            values = {
                **quote,
                "story": story.get("id"),
                "quote": quote.get("id"),
                "outlet": _outlet(articles.get(article), article),
            }
            rows.append([values.get(c) for c in QUOTE_COLUMNS])
    return _csv(QUOTE_COLUMNS, rows)
