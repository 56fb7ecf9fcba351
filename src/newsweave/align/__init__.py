"""Cross-outlet alignment: what the articles of one story say together.

:func:`align_story` takes a story's articles and what extraction found in them and returns a
:class:`~newsweave.models.StoryAlignment`:

* quotes grouped per utterance across articles and translations (:mod:`.quotes`);
* quantities grouped per numeric fact, with value discrepancies (:mod:`.quantities`);
* claims (sentences of different articles reporting one fact) with their independent origins
  (:mod:`.claims`, :mod:`.independence`), and the sentences no other article reports;
* discrepancies in wording, dates and whether something has happened (:mod:`.discrepancies`);
* extras beyond the contract: quote drift (:mod:`.drift`), a claim x outlet matrix
  (:mod:`.matrix`), per-outlet framing (:mod:`.framing`) and a plain sentence per claim saying
  how many independent origins stand behind it.  Their JSON shape is documented in
  ``docs/report-extensions.md``.

Meaning similarity uses all-MiniLM-L6-v2 when its package is installed (:mod:`.semantic`);
without it every step runs on lexical evidence alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from ..model_packages import installed_models
from ..models import (
    Article,
    ArticleFacts,
    Entity,
    Provenance,
    Quote,
    Story,
    StoryAlignment,
)
from . import semantic, static
from .claims import ClaimParams, find_claims, unique_sentences
from .discrepancies import date_discrepancies, quote_discrepancies, status_discrepancies
from .drift import drift
from .framing import framing
from .independence import build_origins
from .matrix import corroboration_matrix
from .quantities import group_quantities
from .quotes import QuoteParams, group_quotes
from .similarity import build_story_text

__all__ = ["ClaimParams", "QuoteParams", "align_story", "load_models"]

log = logging.getLogger(__name__)


def load_models(full: bool = False) -> bool:
    """Load the static vectors and the tokenizer now (before forking workers, so they share
    one copy) and, with ``full``, the MiniLM encoder too (otherwise a process loads it when a
    quote first needs it); False when the model is not installed."""
    if full and semantic.encoder() is None:
        return False
    return static.encode([]) is not None


def _drift_records(quotes: Sequence[Quote]) -> list[dict[str, object]]:
    groups: dict[str, list[Quote]] = {}
    for q in quotes:
        if q.group:
            groups.setdefault(q.group, []).append(q)
    records = (drift(g, qs) for g, qs in groups.items())
    return [r for r in records if r is not None]


def align_story(
    story: Story,
    articles: Sequence[Article],
    facts: Sequence[ArticleFacts],
    *,
    provenance: Sequence[Provenance] = (),
    canonical: Callable[[str], str | None] | None = None,
    entities: Sequence[Entity] = (),
    use_model: bool = True,
    claim_params: ClaimParams | None = None,
    quote_params: QuoteParams | None = None,
) -> StoryAlignment:
    """Align one story.  ``articles`` and ``facts`` are the story's, in the same order;
    ``canonical`` maps a name form to the run-wide canonical name; ``use_model=False`` forces
    lexical evidence only."""
    claim_params = claim_params or ClaimParams()
    # meaning vectors only serve comparisons across articles: a lone article needs none
    use_model = use_model and len({a.id for a in articles}) > 1
    quote_params = quote_params or QuoteParams(use_model=use_model)
    text = build_story_text(facts, use_model=use_model)
    bodies = {a.id: a.body for a in articles}
    quotes, quote_links = group_quotes(
        [q for f in facts for q in f.quotes],
        text,
        bodies,
        canonical,
        quote_params,
    )
    all_quantities = [q for f in facts for q in f.quantities]
    quantities, quantity_conflicts = group_quantities(all_quantities, text)
    origins = build_origins(articles, provenance)
    claims, independence, evidence = find_claims(
        text, articles, origins, claim_params, [*quotes, *quantities]
    )
    unique = unique_sentences(text, claims, claim_params)
    dates = tuple(d for f in facts for d in f.dates)
    discrepancies = [
        *quote_discrepancies(quotes, text, bodies),
        *quantity_conflicts,
        *date_discrepancies(
            claims, dates, text, undated={a.id for a in articles if not a.metadata.published}
        ),
        *status_discrepancies(text),
    ]
    extras: dict[str, object] = {
        "quote_drift": _drift_records(quotes),
        "corroboration_matrix": corroboration_matrix(claims, articles),
        "framing": framing(articles, facts, entities, canonical),
        "independence": independence,
        "claim_evidence": evidence,
        "meaning_model": "all-MiniLM-L6-v2 (static)" if text.vectors is not None else None,
        "models": [dict(m) for m in installed_models()],
    }
    log.info(
        "%s: %d quotes (%d links), %d claims, %d unique, %d discrepancies",
        story.id,
        len(quotes),
        len(quote_links),
        len(claims),
        len(unique),
        len(discrepancies),
    )
    return StoryAlignment(
        story=story,
        quotes=tuple(quotes),
        quantities=tuple(quantities),
        dates=dates,
        claims=tuple(claims),
        unique=tuple(unique),
        discrepancies=tuple(discrepancies),
        entities=tuple(entities),
        extras=extras,
    )
