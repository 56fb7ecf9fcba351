"""Story clustering cut into time blocks, so that a cluster can run the blocks in parallel.

The in-process clusterer (:mod:`newsweave.group.stories`) already compares dated articles only
with those published within ``window_days``.  Here the articles are cut into **time blocks**
(consecutive days holding at least ``block_size`` articles; undated articles in chunks of about
``block_size`` by input order) and each block is clustered on its own, with the same clusterer
and parameters, weighted with **run-wide** term statistics (document frequencies counted over
every article, a plain aggregate that an engine can compute distributed).  A story that crosses
a block boundary is then cut in two; a second, small pass joins such pieces using only story
summaries: each story's summed member vector (its heaviest ``centroid_terms`` terms, names and
figures among them), size and date span.  Stories of two blocks within the window of each
other (undated stories: of any block) are linked by the sum of their members' cosines, the dot
product of their summed vectors, and merged by the clusterer's own average link
(``threshold``, then the small-fragment ``attach`` pass), exactly as the incremental index
merges a new chunk with its stories.  Final story ids are ``s1``, ``s2``, ... in order of each
story's first article, as in-process.

With one block (every run of up to ``block_size`` articles) this is :func:`cluster_stories`
exactly.  With several it differs only for stories that cross a boundary (article pairs across
it are judged through the pieces' summaries); the agreement is measured by
``benchmarks/bench_spark.py``.  :func:`cluster_blocked` runs all steps in this process (the
reference for tests); the Spark engine runs the same functions on executors.

Why our own code: Spark ML's clusterers (k-means, LDA) need the number of stories up front and
give other stories than the in-process engine; this reuses that engine's clusterer as it is.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..models import Article, Story
from .stories import StoryIndex, StoryParams, _average_link, _ordinal, article_features

__all__ = [
    "BLOCK_SIZE",
    "BlockPlan",
    "BlockStory",
    "Edge",
    "cluster_block",
    "cluster_blocked",
    "edges_between",
    "merge_pieces",
    "pair_keys",
    "plan_blocks",
    "story_order",
    "term_counts",
]

#: articles per time block (a block is at least this many, unless it is the last)
BLOCK_SIZE = 10_000

Member = tuple[str, int | None, int]  #: (article id, date ordinal or None, input position)
Key = tuple[int, int]  #: (block, story number inside the block)
Edge = tuple[Key, Key, float, int, int]  #: two pieces, their summed cosines, their sizes


@dataclass(frozen=True)
class BlockStory:
    """One story of one block: its members and the summary the joining pass uses."""

    key: Key
    members: tuple[Member, ...]
    terms: tuple[str, ...]  #: heaviest terms of the summed member vectors
    weights: tuple[float, ...]
    first: int | None  #: earliest member date (ordinal)
    last: int | None
    undated: int  #: members without a date

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class BlockPlan:
    """Where blocks start: dated block ``b`` holds days ``cuts[b-1] <= day < cuts[b]``;
    undated articles go to blocks ``-1, -2, ...`` by input position (``undated_span``
    positions each; with ``undated_span`` 0 they join block 0)."""

    cuts: tuple[int, ...]
    lo: tuple[int, ...]  #: first day with articles in each dated block
    hi: tuple[int, ...]  #: last day
    undated_span: int
    undated_blocks: int
    window: int

    def block_of(self, day: int | None, position: int) -> int:
        if day is None:
            return -1 - position // self.undated_span if self.undated_span else 0
        return bisect.bisect_right(self.cuts, day)

    @property
    def blocks(self) -> list[int]:
        return [-1 - u for u in range(self.undated_blocks)] + list(range(len(self.lo)))


def term_counts(articles: Iterable[Article], params: StoryParams) -> Counter[str]:
    """How many of ``articles`` hold each term (summed over partitions: run-wide ``df``)."""
    counts: Counter[str] = Counter()
    for a in articles:
        counts.update(article_features(a, params).keys())
    return counts


def plan_blocks(
    day_counts: Mapping[int | None, int], total: int, params: StoryParams, size: int = BLOCK_SIZE
) -> BlockPlan:
    """Cut the dated days (``day_counts``: articles per date ordinal, ``None`` = undated) into
    blocks of at least ``size`` articles; ``total`` is the number of input positions."""
    if size < 1:
        raise ValueError(f"block size must be >= 1, got {size}")
    if total <= size:  # one block, undated articles with the dated: cluster_stories exactly
        known = [d for d in day_counts if d is not None] or [0]
        return BlockPlan((), (min(known),), (max(known),), 0, 0, params.window_days)
    days = sorted(d for d in day_counts if d is not None)
    cuts: list[int] = []
    lo: list[int] = []
    hi: list[int] = []
    held = 0
    for n, day in enumerate(days):
        if held == 0:
            lo.append(day)
        held += day_counts[day]
        if held >= size and n + 1 < len(days):
            cuts.append(days[n + 1])
            hi.append(day)
            held = 0
    if days:
        hi.append(days[-1])
    undated = day_counts.get(None, 0)
    span = max(1, -(-size * total // undated)) if undated else max(1, total)
    blocks = -(-total // span) if undated else 0
    return BlockPlan(tuple(cuts), tuple(lo), tuple(hi), span, blocks, params.window_days)


def cluster_block(
    block: int,
    items: Iterable[tuple[int, Article]],
    df: Mapping[str, int],
    n_docs: int,
    params: StoryParams,
) -> list[BlockStory]:
    """Cluster one block's ``(input position, article)`` items with the run-wide ``df`` over
    ``n_docs`` articles; the stories with their summaries."""
    ordered = sorted(items, key=lambda p: p[0])
    if not ordered:
        return []
    index = StoryIndex(params=params)
    index.assign_with_stats([a for _, a in ordered], df, n_docs)
    names = list(index.vocab)  # insertion order is column order
    out = []
    for k, st in enumerate(index.stories):
        members = tuple((aid, day, ordered[arrival][0]) for aid, day, arrival in st.members)
        out.append(
            BlockStory(
                key=(block, k),
                members=members,
                terms=tuple(names[int(t)] for t in st.terms),
                weights=tuple(float(w) for w in st.weights),
                first=st.first,
                last=st.last,
                undated=st.undated,
            )
        )
    return out


def _near(story: BlockStory, lo: int, hi: int, window: int) -> bool:
    """Whether ``story`` may hold an article within ``window`` days of days ``lo..hi``."""
    if story.first is None or story.last is None or story.undated:
        return True
    return story.first - window <= hi and lo <= story.last + window


def pair_keys(story: BlockStory, plan: BlockPlan) -> list[tuple[int, int]]:
    """The pairs of blocks ``(b, c)``, ``b < c``, whose joining pass needs ``story``: its block
    with every block it may have window-close articles in (undated blocks: every block)."""
    own = story.key[0]
    out = []
    for other in plan.blocks:
        if other == own:
            continue
        dated = own >= 0 and other >= 0
        if dated and not _near(story, plan.lo[other], plan.hi[other], plan.window):
            continue
        out.append((min(own, other), max(own, other)))
    return out


def _matrix(stories: Sequence[BlockStory], vocab: Mapping[str, int]) -> sp.csr_matrix:
    cols = [vocab[t] for s in stories for t in s.terms]
    vals = [w for s in stories for w in s.weights]
    indptr = np.cumsum([0] + [len(s.terms) for s in stories])
    return sp.csr_matrix((vals, cols, indptr), shape=(len(stories), len(vocab)))


def edges_between(
    pair: tuple[int, int], stories: Iterable[BlockStory], params: StoryParams
) -> list[Edge]:
    """Summed member cosines between the stories of the two blocks of ``pair`` that are within
    the window of each other and at least ``edge_floor`` alike on average."""
    got = list(stories)
    left = [s for s in got if s.key[0] == pair[0]]
    right = [s for s in got if s.key[0] == pair[1]]
    if not left or not right:
        return []
    vocab: dict[str, int] = {}
    for s in got:
        for t in s.terms:
            vocab.setdefault(t, len(vocab))
    a, b = _matrix(left, vocab), _matrix(right, vocab)
    prod = (a @ b.T).tocoo()
    w = params.window_days
    out = []
    for r, c, total in zip(prod.row.tolist(), prod.col.tolist(), prod.data.tolist(), strict=True):
        s, t = left[r], right[c]
        if total < params.edge_floor * s.size * t.size:
            continue
        if (
            t.first is not None
            and t.last is not None
            and not t.undated
            and not _near(s, t.first, t.last, w)
        ):
            continue
        out.append((s.key, t.key, total, s.size, t.size))
    return out


def merge_pieces(edges: Iterable[Edge], params: StoryParams) -> dict[Key, Key]:
    """Average link over the pieces linked by ``edges``: each merged piece's key mapped to the
    key of the story it joins (pieces left alone are absent)."""
    got = list(edges)
    sizes = {k: n for a, b, _, na, nb in got for k, n in ((a, na), (b, nb))}
    keys = sorted(sizes)
    node = {k: n for n, k in enumerate(keys)}
    totals: dict[tuple[int, int], float] = {}
    for a, b, total, _, _ in got:
        i, j = sorted((node[a], node[b]))
        totals[(i, j)] = total
    labels = _average_link([sizes[k] for k in keys], totals, params)
    return {keys[n]: keys[r] for n, r in enumerate(labels) if r != n}


def story_order(members: Iterable[Member]) -> tuple[tuple[bool, int, int], tuple[str, ...]]:
    """A merged story's sort key (dated before undated, then its earliest date, then its first
    input position: the order in which in-process ids are given) and its article ids in order
    (by date, undated last, then input position)."""
    ordered = sorted(members, key=lambda m: (m[1] is None, m[1] or 0, m[2]))
    days = [m[1] for m in ordered if m[1] is not None]
    key = (not days, min(days) if days else 0, min(m[2] for m in ordered))
    return key, tuple(m[0] for m in ordered)


def cluster_blocked(
    articles: Sequence[Article], *, block_size: int = BLOCK_SIZE, **params: object
) -> tuple[Story, ...]:
    """:func:`~newsweave.group.stories.cluster_stories` by time blocks, all in this process
    (the steps the Spark engine distributes)."""
    p = StoryParams(**params)  # type: ignore[arg-type]
    df = term_counts(articles, p)
    days = [_ordinal(a.metadata.published) for a in articles]
    plan = plan_blocks(Counter(days), len(articles), p, block_size)
    by_block: dict[int, list[tuple[int, Article]]] = {}
    for n, (a, day) in enumerate(zip(articles, days, strict=True)):
        by_block.setdefault(plan.block_of(day, n), []).append((n, a))
    pieces = [
        s for b, items in by_block.items() for s in cluster_block(b, items, df, len(articles), p)
    ]
    by_pair: dict[tuple[int, int], list[BlockStory]] = {}
    for s in pieces:
        for pair in pair_keys(s, plan):
            by_pair.setdefault(pair, []).append(s)
    edges = [e for pair, group in by_pair.items() for e in edges_between(pair, group, p)]
    joined = merge_pieces(edges, p)
    groups: dict[Key, list[Member]] = {}
    for s in pieces:
        groups.setdefault(joined.get(s.key, s.key), []).extend(s.members)
    ordered = sorted(story_order(m) for m in groups.values())
    return tuple(Story(id=f"s{n + 1}", articles=ids) for n, (_, ids) in enumerate(ordered))
