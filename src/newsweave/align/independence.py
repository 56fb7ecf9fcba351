"""How many independent origins stand behind a fact.

Two articles are *one origin* when one copies the other or both copy a third: a
``duplicate_of`` or ``syndicated_from`` edge between them, the same ``syndicated_from``
publisher, or a reprint of an outlet whose own article is in the story.  For one claim, articles
that only relay one cited source also fold together: the claim's sentence names a source the
article credits ("..., RIA Novosti reports"), or the article credits exactly one source overall.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..models import Article, Provenance

__all__ = ["Origins", "build_origins", "explain", "fold"]

_ARTICLE_EDGES = ("duplicate_of", "syndicated_from")


def source_key(name: str) -> str:
    """A comparison key for a publisher or agency name ("The U.S. Geological Survey" ->
    "us geological survey")."""
    key = re.sub(r"[.\u2019']", "", name.casefold())
    key = re.sub(r"^the\s+", "", key.strip())
    return re.sub(r"\s+", " ", key)


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def labels(self, n: int, prefix: str) -> list[str | None]:
        """Group names of items ``"0"`` … ``str(n - 1)``: ``prefix`` + 1, 2, … in order of first
        appearance for groups of two or more, None for an item on its own."""
        members: dict[str, int] = {}
        for i in range(n):
            root = self.find(str(i))
            members[root] = members.get(root, 0) + 1
        names: dict[str, str] = {}
        out: list[str | None] = []
        for i in range(n):
            root = self.find(str(i))
            out.append(
                names.setdefault(root, f"{prefix}{len(names) + 1}") if members[root] > 1 else None
            )
        return out


@dataclass(frozen=True)
class Origins:
    """Copy families of a story's articles and the sources each article credits."""

    family: Mapping[str, str]  #: article id -> id of its copy family
    cited: Mapping[str, tuple[str, ...]]  #: article id -> credited sources (as written)
    reason: Mapping[str, str]  #: article id -> why it joined its family ("" for roots)


def build_origins(articles: Sequence[Article], provenance: Sequence[Provenance]) -> Origins:
    """Fold the story's articles into copy families and collect what each credits."""
    ids = [a.id for a in articles]
    uf = _UnionFind(ids)
    reason: dict[str, str] = {}
    id_set = set(ids)
    by_outlet = {source_key(a.metadata.outlet): a.id for a in articles if a.metadata.outlet}
    cited: dict[str, list[str]] = {a.id: list(a.metadata.cited_sources) for a in articles}
    publishers: dict[str, list[str]] = {}
    for a in articles:
        if a.metadata.syndicated_from:
            publishers.setdefault(source_key(a.metadata.syndicated_from), []).append(a.id)
    for p in provenance:
        if p.source not in id_set:
            continue
        if p.relation in _ARTICLE_EDGES and p.target in id_set:
            uf.union(p.source, p.target)
            reason[p.source] = f"{p.relation.replace('_', ' ')} {p.target}"
        elif p.relation == "syndicated_from":
            members = publishers.setdefault(source_key(p.target), [])
            if p.source not in members:
                members.append(p.source)
        elif p.relation == "cites" and p.target not in cited[p.source]:
            cited[p.source].append(p.target)
    for key, members in publishers.items():
        original = by_outlet.get(key)
        if original is not None and original not in members:
            members.insert(0, original)
        for m in members[1:]:
            uf.union(members[0], m)
            reason.setdefault(m, f"reprint of {key}")
    family = {i: uf.find(i) for i in ids}
    return Origins(family, {k: tuple(v) for k, v in cited.items()}, reason)


def _relayed(article: str, sentence_texts: Sequence[str], origins: Origins) -> str | None:
    """The one source this article relays for this claim, if any."""
    sources = origins.cited.get(article, ())
    folded_text = source_key(" ".join(sentence_texts))
    named = [s for s in sources if source_key(s) and source_key(s) in folded_text]
    if len({source_key(s) for s in named}) == 1:
        return source_key(named[0])
    if len({source_key(s) for s in sources}) == 1:
        return source_key(sources[0])
    return None


def fold(
    texts_by_article: Mapping[str, Sequence[str]], origins: Origins
) -> tuple[tuple[tuple[str, ...], ...], dict[str, str]]:
    """Origins of one claim: groups of article ids counted once, with the reason per group.

    ``texts_by_article`` maps each article of the claim to its sentences in the claim.
    """
    key_of: dict[str, str] = {}
    why: dict[str, str] = {}
    for article, texts in texts_by_article.items():
        relay = _relayed(article, texts, origins)
        family = origins.family.get(article, article)
        key_of[article] = f"family:{family}"
        if relay is not None:
            key_of[article] = f"source:{relay}"
            why[article] = f"relays {relay}"
        elif origins.reason.get(article):
            why[article] = origins.reason[article]
    # an article relaying a source folds with its copy family too: merge keys that share one
    uf = _UnionFind(key_of.values())
    for article, key in key_of.items():
        uf.union(key, f"family:{origins.family.get(article, article)}")
    groups: dict[str, list[str]] = {}
    for article in texts_by_article:
        groups.setdefault(uf.find(key_of[article]), []).append(article)
    folded = tuple(tuple(g) for g in groups.values())
    reasons = {
        ", ".join(g): "; ".join(f"{a} {why[a]}" for a in g if a in why)
        for g in folded
        if len(g) > 1
    }
    return folded, reasons


def explain(folded: Sequence[Sequence[str]], reasons: Mapping[str, str]) -> str:
    """One plain sentence: "5 articles, 2 independent origins (a2, a4: a4 reprint of ...)"."""
    n_articles = sum(len(g) for g in folded)
    n_origins = len(folded)
    text = (
        f"{n_articles} article{'s' if n_articles != 1 else ''}, "
        f"{n_origins} independent origin{'s' if n_origins != 1 else ''}"
    )
    parts = [
        f"{', '.join(g)} count once ({reasons.get(', '.join(g), 'same origin')})"
        for g in folded
        if len(g) > 1
    ]
    return text + (": " + "; ".join(parts) if parts else "")
