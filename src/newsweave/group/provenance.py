"""The provenance graph: who copied, reprinted or cited whom.

Edges (:class:`~newsweave.models.Provenance`, ``source`` copied or cites ``target``):

* ``duplicate_of``: from :func:`~newsweave.group.duplicates.find_duplicates`, kept as given;
* ``syndicated_from``: an article whose page names an original publisher
  (``Metadata.syndicated_from``) points to that outlet's article in the run when there is one
  (the one it copies, else the most similar text), else to the outlet's name;
* ``cites``: an article points to each body its text credits (``Metadata.cited_sources``), one
  node per body through the run's entity resolution.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from ..extract.entities import key as name_key
from ..models import Article, Provenance

__all__ = ["provenance_graph"]

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
_MIN_OVERLAP = 0.2  #: word-set Jaccard below which an outlet's article is not "the" original


def _norm(name: str) -> str:
    words = [w.lower() for w in _WORD.findall(name)]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


class _WordSets(dict[str, set[str]]):
    """Lower-cased word sets of article bodies, computed when first asked for."""

    def of(self, article: Article) -> set[str]:
        got = self.get(article.id)
        if got is None:
            got = self[article.id] = {w.lower() for w in _WORD.findall(article.body)}
        return got


def _syndication_target(
    article: Article,
    by_outlet: dict[str, list[Article]],
    copied: dict[str, set[str]],
    words: _WordSets,
) -> tuple[str, str]:
    name = article.metadata.syndicated_from or ""
    candidates = [a for a in by_outlet.get(_norm(name), []) if a.id != article.id]
    linked = [a for a in candidates if a.id in copied.get(article.id, set())]
    if linked:
        return linked[0].id, f"names {name}; copy of its article"
    scored = sorted(
        ((_jaccard(words.of(article), words.of(a)), a.id) for a in candidates), reverse=True
    )
    if scored and scored[0][0] >= _MIN_OVERLAP:
        return scored[0][1], f"names {name}; shares {scored[0][0]:.2f} of its words"
    return name, f"names {name}"


def provenance_graph(
    articles: Sequence[Article],
    duplicates: Sequence[Provenance],
    *,
    canonical: Callable[[str], str | None] | None = None,
) -> tuple[Provenance, ...]:
    """Duplicate edges plus ``syndicated_from`` and ``cites`` edges, without repeats.

    A cited body is one node however the articles spell it: its entity's name by
    ``canonical`` (the run's entity resolution: "USGS" = "U.S. Geological Survey"), and names
    with one resolution key ("U.S. Geological Survey" = "US Geological Survey") merged."""
    by_outlet: dict[str, list[Article]] = {}
    for a in articles:
        if a.metadata.outlet:
            by_outlet.setdefault(_norm(a.metadata.outlet), []).append(a)
    copied: dict[str, set[str]] = {}
    for d in duplicates:
        copied.setdefault(d.source, set()).add(d.target)
        copied.setdefault(d.target, set()).add(d.source)
    edges: list[Provenance] = list(duplicates)
    words = _WordSets()
    for a in articles:
        if not a.metadata.syndicated_from:
            continue
        target, evidence = _syndication_target(a, by_outlet, copied, words)
        edges.append(Provenance(a.id, target, "syndicated_from", evidence))
    nodes: dict[str, str] = {}  # one node per cited body, however each article spells it
    for a in articles:
        for cited in a.metadata.cited_sources:
            name = (canonical(cited) if canonical else None) or cited
            node = nodes.setdefault(name_key(name), name)
            edges.append(Provenance(a.id, node, "cites", "credited in the text"))
    seen: set[tuple[str, str, str]] = set()
    out = []
    for e in edges:
        key = (e.source, e.target, e.relation)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return tuple(out)
