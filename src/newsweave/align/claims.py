"""Claims: sentences of different articles that report one fact in their own words.

Similarity of two sentences blends meaning (cosine of static MiniLM vectors, :mod:`.static`,
for all pairs of a story within :data:`~newsweave.align.similarity.SEMANTIC_BUDGET` sentences,
for pairs sharing an informative word beyond) with lexical evidence
(IDF-weighted cosine of stemmed content words, as a sparse matrix product so only pairs that
share an informative word are ever computed).

A sentence's meaning vector is read *in its context* (:func:`context_vectors`): a little of the
vectors of the sentences before and after it in its article is added.  An article develops a
fact over consecutive sentences (the lede, then "He said the invitation applied to
Russian-occupied Ukraine, as well"), and what a sentence leaves to its neighbours ("the
invitation", "those deposits", "it itself was not substantively discussed") is what tells two
outlets' sentences apart when both only repeat the story's common topic.  This is the sliding
window of text segmentation (TextTiling) applied to sentence vectors.

Sentences are then clustered with average linkage: a group joins another only when their
sentences are similar *on average*, which keeps one fact's paraphrases together without
chaining the whole story into one group.  The dendrogram is cut from the top: a subtree is a
group when its merge height is within the threshold *and* no article gives it more than
:attr:`ClaimParams.per_article` sentences (an article states a fact in one sentence and
elaborates it in one or two more; a group holding more of one article's sentences is a topic,
not a fact, and is split into its two subtrees).  The capacity makes the grouping stable: with a
plain height cut, lowering the threshold a little let the story's main fact absorb its
neighbouring facts at once.  Groups that span at least two articles become claims; a sentence
may also join further claims whose members it matches on average (a sentence often reports two
facts).  Three more kinds of claim are added when no claim already holds their sentences:

* *mutual best matches* (stories of up to 12 articles): two sentences of different articles
  that are each other's most similar sentence in the other's article (an article reports a
  fact once), above a floor, on lexical similarity and, with vectors, on the blend;
* the sentences holding renderings of one part of an utterance reported by several outlets
  (renderings of one quote group that share most of their words);
* the sentences holding one numeric fact's mentions (one quantity group).

Each claim's first sentence is its *representative*, the member most similar to the other
articles' members; claims are taken largest first and no sentence represents two claims, so a
reader sees every fact once: a group whose sentences all represent larger claims is the same
fact again, kept whole in the JSON, and the one-row-per-fact outputs (the matrix, the briefing)
skip a claim whose first sentence already stands for an earlier one (:func:`shown_claims`).

Unique facts: a sentence in no claim, or one whose informative words mostly appear in no other
article ("... in Siberia's Krasnoyarsk region, home to Rusal ..."), goes to ``unique``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import linkage
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform

from ..models import Article, Claim, Quantity, Quote, SentenceRef
from . import crossenc
from .independence import Origins, explain, fold
from .similarity import POSTING_CAP, StoryText
from .text import content_terms

__all__ = [
    "ClaimParams",
    "context_vectors",
    "find_claims",
    "shown_claims",
    "similarity_graph",
    "unique_sentences",
]

log = logging.getLogger(__name__)


_FLOOR = 0.05  #: lexical similarities below this are dropped from the graph
_CHUNK = 8192  #: sentence pairs whose meaning is compared at once in a large story


@dataclass(frozen=True)
class ClaimParams:
    """Thresholds of claim grouping (tuned on the seeds; see benchmarks/bench_align.py)."""

    meaning_weight: float = 0.6  #: share of meaning similarity when vectors exist
    threshold: float = 0.45  #: average-linkage similarity to merge (with vectors)
    lexical_threshold: float = 0.25  #: the same without vectors
    join: float = 0.6  #: mean similarity for a sentence to join a further claim
    mutual: float = 0.55  #: similarity of a mutual best match to make a claim (with vectors)
    lexical_mutual: float = 0.15  #: the same on lexical similarity (always used)
    mutual_shared: int = 2  #: content words a lexical mutual pair must share
    #: mutual best matches are used in stories of at most this many articles; in larger ones a
    #: fact has many reports for average linkage to find, and pairs would multiply as n * articles
    mutual_max_articles: int = 12
    lexical_join: float = 0.3  #: ``join`` without vectors
    min_terms: int = 3  #: sentences with fewer content words are never claims
    max_block: int = 1500  #: largest component clustered densely
    #: weight of each neighbouring sentence's meaning vector in a sentence's context vector
    context: float = 0.2
    #: most sentences of one article a group may hold (a fact and its elaboration)
    per_article: int = 3
    novel_share: float = 0.3  #: share of a sentence's weight no other article uses -> unique
    #: judge the pairs the cheap signals leave undecided with the trained pair model
    #: (:mod:`.crossenc`, when built and installed)
    pair_model: bool = False


def _tfidf(text: StoryText, cap: int) -> sparse.csr_matrix:
    """Unit-length IDF-weighted term rows; terms in more than ``cap`` sentences are dropped."""
    vocab: dict[str, int] = {}
    df: dict[str, int] = {}
    for terms in text.terms:
        for t in set(terms):
            df[t] = df.get(t, 0) + 1
    rows, cols, vals = [], [], []
    # the cap grows with log n, so the number of pairs stays O(n log n)
    limit = int(cap * max(1.0, math.log2(max(len(text.terms), 2)) / math.log2(100)))
    for r, terms in enumerate(text.terms):
        for t in set(terms):
            if df[t] > limit:
                continue
            c = vocab.setdefault(t, len(vocab))
            rows.append(r)
            cols.append(c)
            vals.append(text.idf.get(t, 1.0))
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(text.terms), max(len(vocab), 1)))
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


def lexical_graph(text: StoryText) -> sparse.csr_matrix:
    """Sparse sentence x sentence IDF-weighted cosine (only pairs sharing a kept term)."""
    x = _tfidf(text, POSTING_CAP)
    lex = sparse.csr_matrix(x @ x.T)
    lex.data[lex.data < _FLOOR] = 0.0  # too weak to matter; keeps the graph sparse
    lex.eliminate_zeros()
    return lex


def context_vectors(text: StoryText, weight: float) -> np.ndarray | None:
    """Unit meaning vectors of the story's sentences, each plus ``weight`` times the vectors of
    the sentences just before and after it in its article (None without a model)."""
    if text.vectors is None or weight <= 0:
        return text.vectors
    vectors = np.asarray(text.vectors, dtype=np.float32)
    out = vectors.copy()
    for rows in text.by_article.values():
        idx = np.asarray(rows)
        if len(idx) > 1:
            out[idx[1:]] += weight * vectors[idx[:-1]]
            out[idx[:-1]] += weight * vectors[idx[1:]]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out /= norms
    return out


def similarity_graph(
    text: StoryText,
    params: ClaimParams,
    lex: sparse.csr_matrix | None = None,
    vectors: np.ndarray | None = None,
) -> sparse.csr_matrix:
    """Sparse sentence x sentence similarity: lexical everywhere, blended with meaning
    (``vectors``, by default the sentences' own, :attr:`StoryText.vectors`)."""
    lex = lexical_graph(text) if lex is None else lex
    vectors = text.vectors if vectors is None else vectors
    if vectors is None:
        return lex
    w = params.meaning_weight
    if text.dense:
        dense = w * (vectors @ vectors.T) + (1 - w) * lex.toarray()
        dense[dense < 0] = 0.0
        return sparse.csr_matrix(dense)
    # large story: meaning only where the lexical graph already proposes a pair
    coo = sparse.coo_matrix(lex)
    meaning = np.empty(coo.nnz, dtype=np.float32)
    for lo in range(0, coo.nnz, _CHUNK):  # in chunks: gathering all pairs at once takes GBs
        rows, cols = coo.row[lo : lo + _CHUNK], coo.col[lo : lo + _CHUNK]
        meaning[lo : lo + _CHUNK] = np.einsum("ij,ij->i", vectors[rows], vectors[cols])
    data = np.maximum(w * meaning + (1 - w) * coo.data, 0.0)
    return sparse.csr_matrix((data, (coo.row, coo.col)), shape=lex.shape)


def _cut(z: np.ndarray, arts: np.ndarray, height: float, cap: int) -> list[list[int]]:
    """Subtrees of the dendrogram ``z`` (scipy linkage), from the top, that merge within
    ``height`` and hold at most ``cap`` leaves of one article (``arts``: the leaves' article
    codes).  Per-article counts are summed bottom-up, so the cut costs O(n * articles)."""
    n = len(arts)
    codes = np.unique(arts, return_inverse=True)[1]
    counts = np.zeros((2 * n - 1, int(codes.max()) + 1), dtype=np.int32)
    counts[np.arange(n), codes] = 1
    fits = np.ones(2 * n - 1, dtype=bool)
    children = z[:, :2].astype(np.int64)
    for k in range(n - 1):
        node = n + k
        counts[node] = counts[children[k, 0]] + counts[children[k, 1]]
        fits[node] = z[k, 2] <= height and counts[node].max() <= cap
    out: list[list[int]] = []
    stack = [2 * n - 2]
    while stack:
        node = stack.pop()
        if fits[node]:
            out.append(_leaves(children, node, n))
        else:  # a leaf always fits, so ``node`` is a merge
            stack.extend(children[node - n])
    return out


def _leaves(children: np.ndarray, node: int, n: int) -> list[int]:
    out, stack = [], [node]
    while stack:
        k = stack.pop()
        if k < n:
            out.append(k)
        else:
            stack.extend(children[k - n])
    return out


def _cluster(
    sim: sparse.csr_matrix, rows: np.ndarray, threshold: float, arts: np.ndarray, cap: int
) -> list[list[int]]:
    """Average-linkage clusters of ``rows`` (indices into ``sim``) at ``threshold``, none with
    more than ``cap`` sentences of one article (``arts``: article code of every sentence)."""
    if len(rows) == 1:
        return [[int(rows[0])]]
    block = sim[rows][:, rows].toarray()
    dist = 1.0 - np.clip((block + block.T) / 2, 0.0, 1.0)
    np.fill_diagonal(dist, 0.0)
    z = linkage(squareform(dist, checks=False), "average")
    groups = _cut(z, arts[rows], 1.0 - threshold, cap)
    return [[int(rows[k]) for k in group] for group in groups]


def _article_codes(text: StoryText) -> np.ndarray:
    code = {a: k for k, a in enumerate(text.by_article)}
    return np.array([code[s.article] for s in text.sentences], dtype=np.int64)


def _groups(text: StoryText, sim: sparse.csr_matrix, params: ClaimParams) -> list[list[int]]:
    threshold = params.threshold if text.vectors is not None else params.lexical_threshold
    arts = _article_codes(text)
    edges = sim.multiply(sim >= threshold * 0.8)
    _, comp = connected_components(edges, directed=False)
    out: list[list[int]] = []
    for label in np.unique(comp):
        rows = np.flatnonzero(comp == label)
        if len(rows) > params.max_block:  # keep memory bounded: cut at a stricter level
            rows_sets = _split(sim, rows, threshold, params.max_block)
        else:
            rows_sets = [rows]
        for r in rows_sets:
            out.extend(_cluster(sim, r, threshold, arts, params.per_article))
    return out


def _split(
    sim: sparse.csr_matrix, rows: np.ndarray, threshold: float, size: int
) -> list[np.ndarray]:
    sub = sim[rows][:, rows]
    level = threshold
    while level < 1.0:
        level += 0.05
        _, comp = connected_components(sub.multiply(sub >= level), directed=False)
        parts = [rows[comp == c] for c in np.unique(comp)]
        if max(len(p) for p in parts) <= size:
            return parts
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def _eligible(text: StoryText, row: int, params: ClaimParams) -> bool:
    return len(set(text.terms[row])) >= params.min_terms


def _expand(
    text: StoryText, sim: sparse.csr_matrix, groups: list[list[int]], params: ClaimParams
) -> list[list[int]]:
    """Let a sentence join further groups whose members (of other articles) it matches on
    average."""
    articles = np.array([s.article for s in text.sentences])
    eligible = np.array([_eligible(text, r, params) for r in range(len(text.sentences))])
    csc = sparse.csc_matrix(sim)
    out = []
    for members in groups:
        cols = np.array(members)
        block = csc[:, cols].tocsr()
        rows = np.unique(block.indices) if block.nnz else np.array([], dtype=int)
        rows = rows[eligible[rows] & ~np.isin(rows, cols)]
        if len(rows) == 0:
            out.append(sorted(members))
            continue
        dense = block[rows].toarray()
        other = articles[rows][:, None] != articles[cols][None, :]
        counts = other.sum(axis=1)
        means = np.where(counts > 0, (dense * other).sum(axis=1) / np.maximum(counts, 1), 0.0)
        join = params.join if text.vectors is not None else params.lexical_join
        extra = [int(r) for r in rows[means >= join]]
        out.append(sorted(members + extra))
    return out


def _mutual_pairs(text: StoryText, sim: sparse.csr_matrix, floor: float) -> list[list[int]]:
    """Pairs of sentences that are each other's best match in the other's article, with
    similarity >= ``floor``: an article reports a fact once, so a mutual best match is one fact
    even when average linkage put the two sentences in different groups."""
    names = sorted({s.article for s in text.sentences})
    code = {a: k for k, a in enumerate(names)}
    art = np.array([code[s.article] for s in text.sentences], dtype=np.int64)
    coo = sparse.coo_matrix(sim)
    keep = (art[coo.row] != art[coo.col]) & (coo.data >= floor)  # exact: a best below the
    # floor can never make a mutual pair
    rows, cols, vals = coo.row[keep], coo.col[keep], coo.data[keep]
    if len(rows) == 0:
        return []
    order = np.lexsort((-vals, art[cols], rows))  # per (row, article): best first
    rows, cols, vals = rows[order], cols[order], vals[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (art[cols][1:] != art[cols][:-1])
    best = {
        (int(i), int(art[j])): (float(v), int(j))
        for i, j, v in zip(rows[first], cols[first], vals[first], strict=True)
    }
    out = []
    for (i, _a), (_v, j) in best.items():
        if i < j and best.get((j, int(art[i])), (0.0, -1))[1] == i:
            out.append([i, j])
    return out


def _add_new(groups: list[list[int]], extra: Sequence[list[int]]) -> list[list[int]]:
    """``groups`` plus the ``extra`` groups that no group already holds."""
    holding: dict[int, list[set[int]]] = {}
    for g in groups:
        members = set(g)
        for r in g:
            holding.setdefault(r, []).append(members)
    out = list(groups)
    for g in extra:
        if any(set(g) <= k for k in holding.get(g[0], [])):
            continue
        out.append(g)
        members = set(g)
        for r in g:
            holding.setdefault(r, []).append(members)
    return out


def _first(articles_in_claim: Sequence[str], order: Mapping[str, tuple[str, int]]) -> str:
    return min(articles_in_claim, key=lambda a: order.get(a, ("9999-99-99", 10**9)))


def grouped_rows(
    text: StoryText, items: Sequence[Quote | Quantity], share: float = 0.5
) -> list[tuple[list[int], str]]:
    """Sentences holding one utterance's renderings (or one numeric fact's mentions) in two or
    more articles: the outlets report one utterance or one figure, so their sentences report
    one claim.

    A quote group holds a whole statement, whose parts one outlet quotes in several sentences;
    when an outlet quotes several parts of a group, only renderings that share at least
    ``share`` of the smaller one's content words are one part of it, so each part's sentences
    make a claim of their own (a claim of every sentence
    holding some part of a long statement would join four facts the speaker stated)."""
    rows: dict[str, set[int]] = {}
    quotes: dict[str, list[tuple[Quote, frozenset[str], int]]] = {}
    for q in items:
        row = text.sentence_at(q.article, q.start)
        if not q.group or row is None:
            continue
        if isinstance(q, Quote):
            quotes.setdefault(q.group, []).append((q, frozenset(content_terms(q.text)), row))
        else:
            rows.setdefault(q.group, set()).add(row)
    out = [
        (sorted(r), f"the sentences holding numeric fact {g}")
        for g, r in rows.items()
        if len({text.sentences[i].article for i in r}) >= 2
    ]
    for g, members in quotes.items():
        n = len(members)
        articles = [q.article for q, _, _ in members]
        if len(set(articles)) == n:  # one rendering per outlet: the group is one part
            if n >= 2:
                out.append(
                    (sorted({r for _, _, r in members}), f"the sentences holding quote group {g}")
                )
            continue
        edges = [
            (i, j)
            for i in range(n)
            for j in range(i + 1, n)
            if members[i][0].article != members[j][0].article
            and members[i][1]
            and members[j][1]
            and len(members[i][1] & members[j][1])
            >= share * min(len(members[i][1]), len(members[j][1]))
        ]
        linked = set(edges)
        parts: list[list[int]] = []  # cliques: every two renderings of a part share words
        for i, j in edges:
            for part in parts:
                if (
                    i in part
                    and j not in part
                    and all((min(j, k), max(j, k)) in linked for k in part)
                ):
                    part.append(j)
                    break
            else:
                if not any(i in part and j in part for part in parts):
                    parts.append([i, j])
        for part in parts:
            sentence_rows = sorted({members[k][2] for k in part})
            if len({text.sentences[r].article for r in sentence_rows}) >= 2:
                out.append((sentence_rows, f"the sentences holding one part of quote group {g}"))
    return out


def _representative(
    text: StoryText, sim: sparse.csr_matrix, members: Sequence[int], taken: set[int]
) -> int | None:
    """The member that best stands for the claim: the most central one (highest mean
    similarity to the members of other articles) among those that stand for no other claim,
    so every claim is shown once, by its own sentence; None when all stand for others."""
    free = [r for r in members if r not in taken]
    if not free:
        return None

    def centrality(r: int) -> tuple[float, int]:
        others = [o for o in members if text.sentences[o].article != text.sentences[r].article]
        mean = float(sim[r, others].sum()) / len(others) if others else 0.0
        # rounded: two copies of one sentence tie exactly, not by float noise that differs
        # between a fresh run and one reusing stored facts
        return (round(mean, 6), len(set(text.terms[r])))

    return max(free, key=centrality)


def shown_claims(claims: Sequence[Claim]) -> list[Claim]:
    """The claims a one-row-per-fact view shows: those whose representative (first sentence)
    stands for no earlier claim."""
    seen: set[tuple[str, int]] = set()
    out = []
    for c in claims:
        if not c.sentences:
            continue
        key = (c.sentences[0].article, c.sentences[0].index)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def find_claims(
    text: StoryText,
    articles: Sequence[Article],
    origins: Origins,
    params: ClaimParams = ClaimParams(),
    grouped: Sequence[Quote | Quantity] = (),
) -> tuple[list[Claim], dict[str, str], dict[str, str]]:
    """Claims of the story, a plain explanation of each claim's independence, and what
    evidence made each claim.  ``grouped`` quotes and quantities
    (``group`` set) add one claim per utterance or figure reported by two or more articles."""
    eligible = [r for r in range(len(text.sentences)) if _eligible(text, r, params)]
    keep = np.zeros(len(text.sentences), dtype=bool)
    keep[eligible] = True
    mask = sparse.diags(keep.astype(float))
    lex = sparse.csr_matrix(mask @ lexical_graph(text) @ mask)
    vectors = context_vectors(text, params.context)
    sim = sparse.csr_matrix(mask @ similarity_graph(text, params, lex, vectors) @ mask)
    if params.pair_model:  # off by default: it did not pay (benchmarks/bench_pairwise.md)
        sim = crossenc.refine(text, sim, params.threshold)
    groups = [g for g in _groups(text, sim, params) if all(keep[g])]
    groups = [g for g in groups if len({text.sentences[r].article for r in g}) >= 2]
    groups = _expand(text, sim, groups, params)
    small = len(text.by_article) <= params.mutual_max_articles
    lexical_pairs = [
        p
        for p in (_mutual_pairs(text, lex, params.lexical_mutual) if small else [])
        if len(set(text.terms[p[0]]) & set(text.terms[p[1]])) >= params.mutual_shared
    ]
    how = {tuple(g): "similar sentences (average linkage)" for g in groups}
    extra = [*grouped_rows(text, grouped)]
    extra += [(p, "mutual best match, shared words") for p in lexical_pairs]
    if text.vectors is not None and small:
        meaning_pairs = _mutual_pairs(text, sim, params.mutual)
        extra += [(p, "mutual best match, meaning") for p in meaning_pairs]
    for rows, why in extra:
        how.setdefault(tuple(rows), why)
    groups = _add_new(groups, [rows for rows, _ in extra])
    order = {a.id: (a.metadata.published or "9999-99-99", i) for i, a in enumerate(articles)}
    claims: list[Claim] = []
    notes: dict[str, str] = {}
    evidence: dict[str, str] = {}
    represented: set[int] = set()
    for members in sorted(groups, key=lambda g: (-len(g), g[0])):
        rep = _representative(text, sim, members, represented)
        if rep is not None:
            represented.add(rep)
        # a claim without a free representative repeats larger ones: kept whole in the JSON,
        # its first sentence already stands for another claim, so outputs show it once
        cid = f"c{len(claims) + 1}"
        refs = tuple(
            SentenceRef(text.sentences[r].article, text.sentences[r].text, text.sentences[r].index)
            for r in ([rep, *(r for r in members if r != rep)] if rep is not None else members)
        )
        by_article: dict[str, list[str]] = {}
        for ref in refs:
            by_article.setdefault(ref.article, []).append(ref.text)
        folded, reasons = fold(by_article, origins)
        first = _first(list(by_article), order)
        claims.append(
            Claim(
                id=cid,
                sentences=refs,
                independent_sources=len(folded),
                folded=folded,
                first=first,
                followers=tuple(a for a in by_article if a != first),
            )
        )
        notes[cid] = explain(folded, reasons)
        evidence[cid] = how.get(tuple(members), "similar sentences (average linkage)")
    return claims, notes, evidence


def unique_sentences(
    text: StoryText, claims: Sequence[Claim], params: ClaimParams = ClaimParams()
) -> list[SentenceRef]:
    """Sentences that report something no other article does."""
    in_claims = {(r.article, r.index) for c in claims for r in c.sentences}
    seen_in: dict[str, set[str]] = {}
    for s, terms in zip(text.sentences, text.terms, strict=True):
        for t in terms:
            seen_in.setdefault(t, set()).add(s.article)
    out = []
    for s, terms in zip(text.sentences, text.terms, strict=True):
        distinct = set(terms)
        if len(distinct) < params.min_terms:
            continue
        weight = sum(text.idf.get(t, 1.0) for t in distinct)
        novel = sum(text.idf.get(t, 1.0) for t in distinct if seen_in[t] == {s.article})
        if (s.article, s.index) not in in_claims or novel >= params.novel_share * weight:
            out.append(SentenceRef(s.article, s.text, s.index))
    return out
