"""Story clustering: articles that report one real-world event become one :class:`Story`.

Method (pure text and metadata, no spaCy, for speed):

* **Features.**  Each article becomes a bag of content words (weighted low), capitalised
  name-like tokens (not the first token of a line), two such tokens in a row as one more term
  ("Tony Thompson": a full name is more specific than its parts), numbers and years (weighted
  high); the title and first lines count double.  Two events of the same kind share their
  vocabulary ("earthquake", "magnitude") and often one name ("Klitschko") but not their other
  names, full names, places, years and figures.
* **Weights.**  Sublinear tf times ``log(N / df) + idf_offset`` where ``N`` and ``df`` are counted
  over every article the index has seen; terms seen in one article only get no weight (they
  cannot link anything and would only dilute the norm).  Vectors are L2-normalised (scipy CSR).
* **Blocking, never all pairs.**  Dated articles are sorted by date and compared block by block
  only with articles published within ``window_days`` (exact cosines from a sparse product);
  an article joins an existing story only when its date falls in the story's time span widened
  by the window.  Undated articles are compared with everything: in a corpus of up to
  ``block_rows`` articles every pair, in a larger one through an inverted index on the *rarer*
  terms (terms in more than ``block_df`` of the articles are skipped), then the candidate pairs
  get their exact cosine.  Pairs below ``edge_floor`` are dropped.
* **Average link.**  Clusters are merged best-first while the mean cosine between them
  (missing pairs count as 0) is at least ``threshold``: agglomerative average link run over the
  sparse candidate graph with a heap.  Two same-kind events share the generic vocabulary but the
  mean over all their cross pairs stays low, which single link or centroid passes miss.  A
  second pass lets a fragment of at most ``attach_size`` articles left apart (often short
  reports that share few words with anything) join the larger story it is closest to on average
  when that reaches ``attach * threshold``.
* **Incremental.**  :class:`StoryIndex` keeps the document frequencies and, per story, the sum of
  its members' vectors (top ``centroid_terms`` terms), its size and time span.  New articles are
  clustered together with the existing stories taken as ready-made clusters: the mean cosine
  between an article and a story is ``dot(v, story_sum) / size``, so average link resumes where
  it stopped.  ``cluster_stories(articles)`` is the same code run on an empty index.  It differs
  from batch clustering through idf drift (old vectors keep the idf of their day), the
  truncated story sums, story sums that also count the pairs batch drops (below the floor or
  outside the window) and order (a chunk's stories are never split again); the agreement is
  measured by benchmarks/bench_stories.py and bench_scale.py.

Why our own code: scikit-learn and scipy's ``linkage`` need the dense all-pairs matrix (100k
articles would need 40 GB) and cannot resume from saved clusters.
"""

from __future__ import annotations

import heapq
import logging
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..models import Article, Story

__all__ = ["StoryIndex", "StoryParams", "article_features", "cluster_stories"]

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?|\d(?:[\d,.]*\d)?")
#: removed lines that still say something about the event (not menus, ads, related links)
_DESCRIBING_FURNITURE = frozenset({"byline", "metadata", "caption", "other"})
_YEAR = re.compile(r"(?:19|20)\d\d")
_STOP = frozenset(
    """
    a about above after again against all also am an and any are as at be because
    been before being below between both but by can could did do does doing down
    during each few for from further had has have having he her here hers herself
    him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same
    she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours yourself
    yourselves said says say told new one two mr mrs ms s t re ve ll d m
    """.split()  # noqa: SIM905
)


@dataclass(frozen=True)
class StoryParams:
    """Clustering parameters; one default set serves every corpus."""

    threshold: float = 0.23  #: minimum mean cosine between two clusters to merge them
    attach: float = 0.6  #: a story of at most ``attach_size`` articles left apart joins a
    attach_size: int = 3  #: larger one when their mean cosine is ``attach * threshold``
    window_days: int = 7  #: dated articles further apart than this are never compared
    word_weight: float = 0.2  #: lower-case content words
    name_weight: float = 1.0  #: capitalised, name-like tokens
    number_weight: float = 2.0  #: numbers (amounts, scores, days)
    year_weight: float = 2.0  #: four-digit years 1900-2099
    lead_weight: float = 2.0  #: weight of the title and the first lines
    lead_lines: int = 3
    idf_offset: float = 0.5  #: added to log(N/df)
    pair_weight: float = 0.5  #: two names in a row ("Tony Thompson"), on top of each name
    min_df: int = 2  #: terms in fewer articles than this get no weight
    edge_floor: float = 0.1  #: pairs less similar than this count as 0 in the mean
    block_df: float = 0.05  #: terms in more than this share of articles are not used for blocking
    block_min_df: int = 20  #: ... unless they are in at most this many articles
    centroid_terms: int = 400  #: terms kept in a story's summed vector
    block_rows: int = 2000  #: rows per sparse product (memory bound)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if self.window_days < 0:
            raise ValueError(f"window_days must be >= 0, got {self.window_days}")


def article_features(article: Article, params: StoryParams = StoryParams()) -> dict[str, float]:
    """Weighted term counts of an article: ``w:`` words, ``n:`` names, ``#`` numbers.

    Besides the body, the title and the removed lines that still describe the event (datelines
    and bylines, captions, lines the cleaner could not place) count: cleaning moves a page's date
    line out of the body, yet the date is one of the best clues to which event it reports.  The
    title and the first ``lead_lines`` lines count ``lead_weight`` times.  The first token of a
    line is never a name (sentence-initial capitals say nothing)."""
    texts = [r.text for r in article.removed if r.kind in _DESCRIBING_FURNITURE]
    texts.extend(article.paragraphs)
    if article.metadata.title:
        texts.insert(0, article.metadata.title)
    lines = [line for text in texts for line in text.split("\n") if line.strip()]
    out: dict[str, float] = {}
    lead, body = lines[: params.lead_lines], lines[params.lead_lines :]
    for part, scale in ((lead, params.lead_weight), (body, 1.0)):
        firsts: list[str] = []
        rest: list[str] = []
        pairs: Counter[str] = Counter()
        for line in part:
            toks = _WORD.findall(line)
            if toks:
                firsts.append(toks[0])
                rest.extend(toks[1:])
                if params.pair_weight:
                    pairs.update(_name_pairs(toks))
        _add_tokens(Counter(firsts), True, scale, params, out)
        _add_tokens(Counter(rest), False, scale, params, out)
        for key, n in pairs.items():
            out[key] = out.get(key, 0.0) + params.pair_weight * scale * n
    return out


def _name_pairs(toks: list[str]) -> list[str]:
    """``p:`` keys of two name-like tokens in a row after the line's first token."""
    return [
        f"p:{a.lower()}_{b.lower()}"
        for a, b in pairwise(toks[1:])
        if _classify(a)[0] == _NAME and _classify(b)[0] == _NAME
    ]


def _add_tokens(
    counts: Counter[str], first: bool, scale: float, params: StoryParams, out: dict[str, float]
) -> None:
    weights = (0.0, params.number_weight, params.year_weight, params.name_weight)
    for tok, n in counts.items():
        kind, key = _classify(tok)
        if kind == _NAME and first:
            kind, key = _WORDKIND, "w:" + key[2:]
        weight = params.word_weight if kind == _WORDKIND else weights[kind]
        if weight:
            out[key] = out.get(key, 0.0) + weight * scale * n


_STOPKIND, _NUMBER, _YEARKIND, _NAME, _WORDKIND = range(5)


@lru_cache(maxsize=200_000)
def _classify(tok: str) -> tuple[int, str]:
    """(kind, feature key) of a token written as it stands mid-sentence."""
    low = tok.lower()
    if low in _STOP:
        return _STOPKIND, ""
    if tok[0].isdigit():
        return (_YEARKIND if _YEAR.fullmatch(tok) else _NUMBER), "#" + tok.replace(",", "")
    if tok[0].isupper():
        return _NAME, "n:" + low
    return _WORDKIND, "w:" + low


def _ordinal(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


@dataclass(eq=False)
class _StoryState:
    id: str
    members: list[tuple[str, int | None, int]]  #: (article id, date ordinal, arrival number)
    terms: np.ndarray  #: vocabulary ids of the summed vector (int64)
    weights: np.ndarray  #: summed member vectors (float64)
    first: int | None = None  #: earliest date ordinal
    last: int | None = None
    undated: int = 0  #: members without a date

    @property
    def size(self) -> int:
        return len(self.members)

    def ordered_ids(self) -> tuple[str, ...]:
        key = sorted(self.members, key=lambda m: (m[1] is None, m[1] or 0, m[2]))
        return tuple(m[0] for m in key)


@dataclass(eq=False)
class StoryIndex:
    """What clustering has seen so far: term statistics and one summary per story.

    Mutable on purpose: :meth:`assign` (and ``cluster_stories(..., index=...)``) adds articles to
    it.  :meth:`to_dict` / :meth:`from_dict` give plain JSON data for the store.
    """

    params: StoryParams = field(default_factory=StoryParams)
    n_docs: int = 0
    vocab: dict[str, int] = field(default_factory=dict)  #: term -> column
    df: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  #: per column
    stories: list[_StoryState] = field(default_factory=list)
    next_story: int = 1
    arrivals: int = 0

    # --- public -----------------------------------------------------------------------------

    def assign(self, articles: Sequence[Article]) -> tuple[Story, ...]:
        """Add ``articles``: join existing stories or open new ones.  Returns every story that
        holds one of them (old members included), in story-id order."""
        if not articles:
            return ()
        dates = [_ordinal(a.metadata.published) for a in articles]
        x = self._vectors(article_features(a, self.params) for a in articles)
        touched = self._cluster(articles, x, dates)
        return tuple(
            Story(id=self.stories[s].id, articles=self.stories[s].ordered_ids())
            for s in sorted(touched, key=lambda s: int(self.stories[s].id[1:]))
        )

    def assign_with_stats(
        self, articles: Sequence[Article], df: Mapping[str, int], n_docs: int
    ) -> tuple[Story, ...]:
        """:meth:`assign` weighted with run-wide term statistics given from outside (``df``: the
        number of articles holding each term among ``n_docs``, e.g. counted over a whole archive
        by a distributed job) instead of counted by the index; the index keeps them as its own.
        On an empty index, with the statistics of exactly ``articles``, this is :meth:`assign`."""
        if not articles:
            return ()
        dates = [_ordinal(a.metadata.published) for a in articles]
        col_buf, tf_buf, lengths = array("q"), array("d"), array("q", [0])
        for a in articles:
            f = article_features(a, self.params)
            col_buf.extend(self._term_id(t) for t in f)
            tf_buf.extend(f.values())
            lengths.append(len(f))
        self.df = np.array([df.get(t, 0) for t in self.vocab], dtype=np.int64)
        self.n_docs = n_docs
        cols = np.frombuffer(col_buf, dtype=np.int64)
        indptr = np.cumsum(np.frombuffer(lengths, dtype=np.int64))
        tfs = np.frombuffer(tf_buf, dtype=np.float64)
        width = len(self.vocab)
        x = _weigh(cols, tfs, indptr, self.df[cols], n_docs, width, self.params)
        touched = self._cluster(articles, x, dates)
        return tuple(
            Story(id=self.stories[s].id, articles=self.stories[s].ordered_ids())
            for s in sorted(touched, key=lambda s: int(self.stories[s].id[1:]))
        )

    def all_stories(self) -> tuple[Story, ...]:
        """Every story in the index, in id order."""
        return tuple(Story(id=s.id, articles=s.ordered_ids()) for s in self.stories)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (terms as strings, so vocabularies need not match on load)."""
        names = {i: t for t, i in self.vocab.items()}
        return {
            "version": 1,
            "params": asdict(self.params),
            "n_docs": self.n_docs,
            "df": {t: int(self.df[i]) for t, i in self.vocab.items() if self.df[i]},
            "next_story": self.next_story,
            "arrivals": self.arrivals,
            "stories": [
                {
                    "id": s.id,
                    "members": [list(m) for m in s.members],
                    "vector": {
                        names[int(t)]: round(float(w), 6)
                        for t, w in zip(s.terms, s.weights, strict=True)
                    },
                    "first": s.first,
                    "last": s.last,
                    "undated": s.undated,
                }
                for s in self.stories
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StoryIndex:
        """Rebuild an index written by :meth:`to_dict`."""
        known = {f.name for f in fields(StoryParams)}
        params = StoryParams(**{k: v for k, v in data.get("params", {}).items() if k in known})
        index = cls(
            params=params,
            n_docs=int(data["n_docs"]),
            next_story=int(data["next_story"]),
            arrivals=int(data.get("arrivals", 0)),
        )
        df = data["df"]
        index.vocab = {str(t): i for i, t in enumerate(df)}
        index.df = np.array(list(df.values()), dtype=np.int64)
        for s in data["stories"]:
            vec = s["vector"]
            terms = np.array([index._term_id(t) for t in vec], dtype=np.int64)
            index.stories.append(
                _StoryState(
                    id=str(s["id"]),
                    members=[(str(m[0]), m[1], int(m[2])) for m in s["members"]],
                    terms=terms,
                    weights=np.array(list(vec.values()), dtype=np.float64),
                    first=s["first"],
                    last=s["last"],
                    undated=int(s["undated"]),
                )
            )
        return index

    # --- term statistics and vectors -------------------------------------------------------

    def _term_id(self, term: str) -> int:
        tid = self.vocab.get(term)
        if tid is None:
            tid = self.vocab[term] = len(self.vocab)
        return tid

    def _vectors(self, feats: Iterable[dict[str, float]]) -> sp.csr_matrix:
        """Count the articles' terms, then their L2-normalised sublinear tf-idf rows."""
        term_id = self._term_id
        col_buf, tf_buf, lengths = array("q"), array("d"), array("q", [0])
        for f in feats:  # one article's dict at a time: 100k dicts would not fit in memory
            col_buf.extend(term_id(t) for t in f)
            tf_buf.extend(f.values())
            lengths.append(len(f))
        cols = np.frombuffer(col_buf, dtype=np.int64)
        tfs = np.frombuffer(tf_buf, dtype=np.float64)
        indptr = np.cumsum(np.frombuffer(lengths, dtype=np.int64))
        n_rows = len(lengths) - 1
        if len(self.df) < len(self.vocab):
            grown = np.zeros(max(len(self.vocab), 2 * len(self.df)), dtype=np.int64)
            grown[: len(self.df)] = self.df
            self.df = grown
        np.add.at(self.df, cols, 1)  # a term is counted once per article (dict keys)
        self.n_docs += n_rows
        return _weigh(cols, tfs, indptr, self.df[cols], self.n_docs, len(self.vocab), self.params)

    def _blocking_columns(self, width: int) -> np.ndarray:
        """A 0/1 column mask keeping the rarer terms used for candidate generation."""
        p = self.params
        limit = max(p.block_min_df, p.block_df * self.n_docs)
        return (self.df[:width] <= limit).astype(np.float64)

    # --- clustering ------------------------------------------------------------------------

    def _cluster(
        self, articles: Sequence[Article], x: sp.csr_matrix, dates: list[int | None]
    ) -> set[int]:
        n_new, n_old = len(articles), len(self.stories)
        width = len(self.vocab)
        x = _widen(x, width)
        stories = self._story_matrix(width)
        # up to block_rows articles, every undated pair is compared: rare-term blocking would
        # leave apart reprints of one story whose every term is common (25 undated copies of a
        # wire story were 25 stories)
        if x.shape[0] <= self.params.block_rows:
            xb = x
        else:
            xb = x @ sp.diags(self._blocking_columns(width))
        totals: dict[tuple[int, int], float] = {}
        _doc_doc_edges(x, xb, dates, self.params, totals)
        old_dates = [(s.first, s.last, s.undated, s.size) for s in self.stories]
        _doc_story_edges(x, stories, dates, old_dates, self.params, totals, n_new)
        _story_story_edges(stories, totals, n_new)
        sizes = [1] * n_new + [s.size for s in self.stories]
        labels = _average_link(sizes, totals, self.params)
        return self._apply(articles, x, dates, labels, n_old)

    def _story_matrix(self, width: int) -> sp.csr_matrix:
        indptr = np.zeros(len(self.stories) + 1, dtype=np.int64)
        for i, s in enumerate(self.stories):
            indptr[i + 1] = indptr[i] + len(s.terms)
        cols = np.concatenate([s.terms for s in self.stories]) if self.stories else np.zeros(0)
        vals = np.concatenate([s.weights for s in self.stories]) if self.stories else np.zeros(0)
        return sp.csr_matrix(
            (vals.astype(np.float64), cols.astype(np.int64), indptr),
            shape=(len(self.stories), width),
        )

    def _apply(
        self,
        articles: Sequence[Article],
        x: sp.csr_matrix,
        dates: list[int | None],
        labels: list[int],
        n_old: int,
    ) -> set[int]:
        """Fold the clustering result into the index; returns the touched story positions."""
        n_new = len(articles)
        groups: dict[int, list[int]] = {}
        for node, root in enumerate(labels):
            groups.setdefault(root, []).append(node)
        touched: set[int] = set()
        new_groups: list[tuple[int, list[int], list[int]]] = []
        for nodes in groups.values():
            docs = [n for n in nodes if n < n_new]
            olds = [n - n_new for n in nodes if n >= n_new]
            if not docs:
                continue
            first_arrival = self.arrivals + min(docs)
            new_groups.append((first_arrival, docs, olds))
        new_groups.sort(key=lambda g: _group_key(g, dates))
        rows = np.repeat(np.arange(len(new_groups)), [len(g[1]) for g in new_groups])
        cols = np.array([d for g in new_groups for d in g[1]], dtype=np.int64)
        member = sp.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(new_groups), n_new))
        sums = sp.csr_matrix(member @ x)
        for g, (_, docs, olds) in enumerate(new_groups):
            part = slice(sums.indptr[g], sums.indptr[g + 1])
            vector = (sums.indices[part].astype(np.int64), sums.data[part])
            touched.add(self._merge_group(articles, vector, dates, docs, olds))
        self.arrivals += n_new
        return self._drop_absorbed(touched)

    def _merge_group(
        self,
        articles: Sequence[Article],
        vector: tuple[np.ndarray, np.ndarray],
        dates: list[int | None],
        docs: list[int],
        olds: list[int],
    ) -> int:
        members = [(articles[d].id, dates[d], self.arrivals + d) for d in docs]
        terms, weights = [vector[0]], [vector[1]]
        if olds:
            keep = min(olds, key=lambda o: int(self.stories[o].id[1:]))
            for o in olds:
                st = self.stories[o]
                terms.append(st.terms)
                weights.append(st.weights)
                if o != keep:
                    members.extend(st.members)
                    st.members = []  # absorbed: dropped below
            target = self.stories[keep]
            members.extend(target.members)
        else:
            target = _StoryState(f"s{self.next_story}", [], np.zeros(0), np.zeros(0))
            self.next_story += 1
            self.stories.append(target)
            keep = len(self.stories) - 1
        target.members = members
        target.terms, target.weights = _top_terms(terms, weights, self.params.centroid_terms)
        known: list[int] = [d for _, d, _ in members if d is not None]
        target.first = min(known) if known else None
        target.last = max(known) if known else None
        target.undated = len(members) - len(known)
        return keep

    def _drop_absorbed(self, touched: set[int]) -> set[int]:
        kept = [s for s in self.stories if s.members]
        if len(kept) == len(self.stories):
            return touched
        position = {id(s): i for i, s in enumerate(kept)}
        out = {position[id(self.stories[t])] for t in touched if self.stories[t].members}
        self.stories = kept
        return out


def _weigh(
    cols: np.ndarray,
    tfs: np.ndarray,
    indptr: np.ndarray,
    df: np.ndarray,
    n_docs: int,
    width: int,
    params: StoryParams,
) -> sp.csr_matrix:
    """L2-normalised sublinear tf-idf rows from raw term weights (CSR parts) and the document
    frequency of each entry's term among ``n_docs`` articles."""
    tf = np.where(tfs >= 1.0, 1.0 + np.log(np.maximum(tfs, 1.0)), tfs)
    vals = tf * (np.log(n_docs / np.maximum(df, 1)) + params.idf_offset)
    vals[df < params.min_df] = 0.0
    x = sp.csr_matrix((vals, cols, indptr), shape=(len(indptr) - 1, width))
    x.eliminate_zeros()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ x)


def _group_key(group: tuple[int, list[int], list[int]], dates: list[int | None]) -> tuple[Any, ...]:
    """New stories are numbered in order of their first article (date, then arrival)."""
    first_arrival, docs, _ = group
    known = [d for d in (dates[i] for i in docs) if d is not None]
    return (not known, min(known) if known else 0, first_arrival)


def _widen(x: sp.csr_matrix, width: int) -> sp.csr_matrix:
    if x.shape[1] == width:
        return x
    return sp.csr_matrix((x.data, x.indices, x.indptr), shape=(x.shape[0], width))


def _top_terms(
    terms: list[np.ndarray], weights: list[np.ndarray], k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Sum sparse vectors given as (columns, weights) and keep the ``k`` heaviest columns."""
    if len(terms) == 1:
        cols, summed = terms[0], weights[0]
    else:
        cols, inverse = np.unique(np.concatenate(terms), return_inverse=True)
        summed = np.bincount(inverse, weights=np.concatenate(weights), minlength=len(cols))
    if len(cols) > k:
        top = np.sort(np.argpartition(summed, -k)[-k:])
        cols, summed = cols[top], summed[top]
    return cols.astype(np.int64), summed.astype(np.float64)


_NO_DATE = np.iinfo(np.int64).min  #: marks an undated article in date arrays


def _doc_doc_edges(
    x: sp.csr_matrix,
    xb: sp.csr_matrix,
    dates: list[int | None],
    params: StoryParams,
    totals: dict[tuple[int, int], float],
) -> None:
    """Cosine of candidate article pairs, blocked by date (dated articles) or, for undated
    ones (compared with everything), by the terms ``xb`` keeps: all of ``x`` or its rare
    terms."""
    day = np.array([_NO_DATE if d is None else d for d in dates], dtype=np.int64)
    dated = np.flatnonzero(day != _NO_DATE)
    order = dated[np.argsort(day[dated], kind="stable")]
    days = day[order]
    w = params.window_days
    step = max(1, params.block_rows // 4)
    for start in range(0, len(order), step):
        rows = order[start : start + step]
        hi = int(np.searchsorted(days, days[start + len(rows) - 1] + w, side="right"))
        cols = order[start:hi]  # later (or same-day) articles only: each pair once
        prod = (x[rows] @ x[cols].T).tocoo()
        _keep_pairs(rows[prod.row], cols[prod.col], prod.data, day, params, totals)
    undated = np.flatnonzero(day == _NO_DATE)
    everything = np.arange(x.shape[0], dtype=np.int64)
    for start in range(0, len(undated), step):
        rows = undated[start : start + step]
        cand = (xb[rows] @ xb.T).tocoo()
        keep = cand.data >= params.edge_floor * 0.5
        ri, ci = rows[cand.row[keep]], everything[cand.col[keep]]
        for k in range(0, len(ri), 50_000):  # exact cosine, in bounded batches
            a, b = ri[k : k + 50_000], ci[k : k + 50_000]
            exact = np.asarray(x[a].multiply(x[b]).sum(axis=1)).ravel()
            _keep_pairs(a, b, exact, day, params, totals)


def _keep_pairs(
    a: np.ndarray,
    b: np.ndarray,
    sims: np.ndarray,
    day: np.ndarray,
    params: StoryParams,
    totals: dict[tuple[int, int], float],
) -> None:
    """Store pairs at least ``edge_floor`` similar whose dates are within the window."""
    da, db = day[a], day[b]
    undated = (da == _NO_DATE) | (db == _NO_DATE)
    ok = (a != b) & (sims >= params.edge_floor)
    ok &= undated | (np.abs(da - db) <= params.window_days)
    a, b, sims = a[ok], b[ok], sims[ok]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    totals.update(zip(zip(lo.tolist(), hi.tolist(), strict=True), sims.tolist(), strict=True))


def _doc_story_edges(
    x: sp.csr_matrix,
    stories: sp.csr_matrix,
    dates: list[int | None],
    spans: list[tuple[int | None, int | None, int, int]],
    params: StoryParams,
    totals: dict[tuple[int, int], float],
    n_new: int,
) -> None:
    """Summed cosine between each new article and each existing story in its time window
    (a story's span widened by the window; stories with undated members and undated articles
    are never ruled out by time)."""
    if not spans:
        return
    w = params.window_days
    day = np.array([_NO_DATE if d is None else d for d in dates], dtype=np.int64)
    first = np.array([_NO_DATE if f is None else f for f, _, _, _ in spans], dtype=np.int64)
    last = np.array([_NO_DATE if t is None else t for _, t, _, _ in spans], dtype=np.int64)
    open_span = (first == _NO_DATE) | (np.array([u for _, _, u, _ in spans]) > 0)
    sizes = np.array([n for _, _, _, n in spans], dtype=np.float64)
    candidates = np.arange(len(spans))
    if not (day == _NO_DATE).any() and len(candidates):
        lo, hi = day.min() - w, day.max() + w
        near = open_span | ((last >= lo) & (first <= hi))
        candidates = candidates[near[candidates]]
    if not len(candidates):
        return
    sub = stories[candidates]
    for start in range(0, x.shape[0], params.block_rows):
        prod = (x[start : start + params.block_rows] @ sub.T).tocoo()
        rows, cols = prod.row + start, candidates[prod.col]
        d = day[rows]
        ok = prod.data >= params.edge_floor * sizes[cols]  # mean cosine at least the floor
        ok &= (d == _NO_DATE) | open_span[cols] | ((first[cols] - w <= d) & (d <= last[cols] + w))
        pairs = zip(rows[ok].tolist(), (cols[ok] + n_new).tolist(), strict=True)
        totals.update(zip(pairs, prod.data[ok].tolist(), strict=True))


def _story_story_edges(
    stories: sp.csr_matrix, totals: dict[tuple[int, int], float], n_new: int
) -> None:
    """Summed cosine between existing stories that new articles link to (they may now merge)."""
    linked = sorted({b - n_new for (a, b) in totals if b >= n_new})
    if len(linked) < 2:
        return
    idx = np.array(linked, dtype=np.int64)
    prod = sp.triu(stories[idx] @ stories[idx].T, k=1).tocoo()
    for r, c, total in zip(prod.row.tolist(), prod.col.tolist(), prod.data.tolist(), strict=True):
        totals[(n_new + int(idx[r]), n_new + int(idx[c]))] = total


def _average_link(
    sizes: list[int],
    totals: dict[tuple[int, int], float],
    params: StoryParams,
) -> list[int]:
    """Best-first average link over a sparse graph of summed similarities.

    ``totals[(i, j)]`` is the sum of pairwise similarities between the members of nodes ``i`` and
    ``j``; missing pairs count as 0.  Returns each node's cluster representative.
    """
    threshold, attach = params.threshold, params.attach
    size = list(sizes)
    nbr: list[dict[int, float]] = [{} for _ in sizes]
    for (a, b), t in totals.items():
        nbr[a][b] = nbr[a].get(b, 0.0) + t
        nbr[b][a] = nbr[b].get(a, 0.0) + t
    version = [0] * len(sizes)
    heap = [
        (-t / (size[a] * size[b]), a, b, 0, 0)
        for (a, b), t in totals.items()
        if t / (size[a] * size[b]) >= threshold
    ]
    heapq.heapify(heap)
    parent = list(range(len(sizes)))
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if va != version[a] or vb != version[b] or parent[a] != a or parent[b] != b:
            continue
        keep = _join(a, b, size, nbr, parent)
        version[keep] += 1
        for k, t in nbr[keep].items():
            avg = t / (size[keep] * size[k])
            if avg >= threshold:
                heapq.heappush(heap, (-avg, keep, k, version[keep], version[k]))
    _attach_fragments(size, nbr, parent, threshold * attach, params.attach_size)
    return [_root(parent, i) for i in range(len(sizes))]


def _join(
    a: int,
    b: int,
    size: list[int],
    nbr: list[dict[int, float]],
    parent: list[int],
    keep: int | None = None,
) -> int:
    """Merge clusters ``a`` and ``b`` (their summed links add up); returns the one kept."""
    if keep is None:
        keep = a if len(nbr[a]) >= len(nbr[b]) else b
    gone = b if keep == a else a
    parent[gone] = keep
    size[keep] += size[gone]
    for k, t in nbr[gone].items():
        del nbr[k][gone]
        if k != keep:
            nbr[keep][k] = nbr[keep].get(k, 0.0) + t
            nbr[k][keep] = nbr[keep][k]
    nbr[keep].pop(gone, None)
    nbr[gone] = {}
    return keep


def _attach_fragments(
    size: list[int], nbr: list[dict[int, float]], parent: list[int], floor: float, most: int
) -> None:
    """Second pass: a story of at most ``most`` articles left apart joins the larger story it is
    closest to on average when that is at least ``floor`` (a lower bar than merging two stories,
    which needs ``threshold``).  Smallest first, each join updating the links like a merge."""
    small = [n for n in range(len(size)) if parent[n] == n and size[n] <= most and nbr[n]]
    for node in sorted(small, key=lambda n: size[n]):
        if parent[node] != node:
            continue
        best, best_avg = -1, floor
        for k, t in nbr[node].items():
            avg = t / (size[k] * size[node])
            if size[k] > max(size[node], 1) and avg >= best_avg:
                best, best_avg = k, avg
        if best >= 0:
            _join(best, node, size, nbr, parent, keep=best)


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def cluster_stories(
    articles: Sequence[Article], *, index: StoryIndex | None = None, **params: Any
) -> tuple[Story, ...]:
    """Group ``articles`` into stories (one real-world event each).

    Without ``index`` every article is clustered from scratch and all stories are returned, ids
    ``s1``, ``s2``, ... in order of each story's first article.  With ``index`` the articles are
    added to it (the index is updated in place) and the stories that hold them are returned,
    old members included.  ``params`` override :class:`StoryParams` fields.
    """
    if index is None:
        index = StoryIndex(params=StoryParams(**params))
        index.assign(articles)
        return index.all_stories()
    if params:
        index.params = replace(index.params, **params)
    return index.assign(articles)
