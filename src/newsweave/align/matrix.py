"""The claim x outlet corroboration matrix: who reported which fact, first or after.

Rows are claims, columns outlets (an article without an outlet is its own column, named by its
id).  A cell is ``"first"`` for the earliest report, ``"independent"`` for a report that counts
as its own origin, ``"folded"`` for a copy or relay counted with another, and absent when the
outlet did not report the claim.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Article, Claim
from .claims import shown_claims

__all__ = ["corroboration_matrix"]


def _column(article: Article) -> str:
    return article.metadata.outlet or article.id


def corroboration_matrix(claims: Sequence[Claim], articles: Sequence[Article]) -> dict[str, object]:
    """JSON-able matrix: ``{"outlets": [...], "rows": [{"claim", "text", "cells"}]}``, one row
    per fact (:func:`~newsweave.align.claims.shown_claims`), named by its representative."""
    column = {a.id: _column(a) for a in articles}
    outlets = list(dict.fromkeys(column[a.id] for a in articles))
    rows = []
    for claim in shown_claims(claims):
        cells: dict[str, str] = {}
        for group in claim.folded:
            lead = claim.first if claim.first in group else group[0]
            for article in group:
                if article == lead:
                    state = "first" if article == claim.first else "independent"
                else:
                    state = "folded"
                col = column.get(article, article)
                if cells.get(col) not in ("first", "independent"):
                    cells[col] = state
        rows.append(
            {
                "claim": claim.id,
                "text": claim.sentences[0].text if claim.sentences else "",
                "independent_sources": claim.independent_sources,
                "cells": cells,
            }
        )
    return {"outlets": outlets, "rows": rows}
