"""Near-duplicates: copies of one text (wire stories, reprints, lightly edited versions).

Two steps:

1. **Candidates** from MinHash LSH (datasketch) over word 3-gram shingles of the body.  The LSH
   threshold is set well below the verification threshold (0.35 of it, 0.28 by default) so that
   copies with 10% of their words edited (whose shingle Jaccard falls to about 0.5) still meet.
   A bucket larger than :data:`BUCKET_CAP` (one wire story on hundreds of sites) lists a
   window of pairs per member instead of all its pairs, so candidates grow linearly.
2. **Verification** of candidate pairs, the most alike first (:func:`verify_pairs`; after a
   cheap word-bigram containment test), by
   sentence alignment: every sentence of the shorter text is matched to the sentence of the
   other with the highest Dice overlap of their word sets (so reordered, trimmed or reworded
   sentences still match); the score is the length-weighted mean of those best matches.
   Extra furniture lines or a dropped sentence barely move it; two outlets writing their own
   versions of the same event (which share names, quotes and a few phrases) stay far below.

Why not difflib: aligning word sequences cost ten times more for the same precision and recall
on benchmarks/bench_duplicates.py.

Copies are grouped (union-find over verified pairs) and every member links to the group's
original: the article the others credit (``Metadata.syndicated_from`` naming its outlet), else
the earliest by ``Metadata.published`` (undated after dated; ties by input order).
"""

from __future__ import annotations

import logging
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import chain, pairwise

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..models import Article, Provenance

# the building blocks are public so that the Spark engine computes exactly the same signatures,
# candidates and verdicts as :func:`find_duplicates`
__all__ = [
    "BUCKET_CAP",
    "BUCKET_WINDOW",
    "FAILED_CHECKS",
    "LSH_FACTOR",
    "MIN_WORDS",
    "PREFILTER",
    "band_keys",
    "body_words",
    "candidates",
    "copy_score",
    "find_duplicates",
    "link_copies",
    "minhash_of",
    "verify_pairs",
    "word_shingles",
]

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n+")
_SHINGLE = 3
LSH_FACTOR = 0.35  #: LSH threshold as a share of the verification threshold
PREFILTER = 0.6  #: bigram containment needed (share of the threshold) before alignment
MIN_WORDS = 8  #: bodies shorter than this are never called copies
_MIN_SENTENCE_WORDS = 3
#: failed verifications of a text after which it is only verified against texts that have
#: failed fewer times (:func:`verify_pairs`)
FAILED_CHECKS = 5
#: LSH buckets with more members than this list only each member's :data:`BUCKET_WINDOW`
#: predecessors and the bucket's first member as its candidates (:func:`candidates`)
BUCKET_CAP = 64
BUCKET_WINDOW = 16


def body_words(text: str) -> list[str]:
    """Lower-cased words of a body, as the detector compares them."""
    return [w.lower() for w in _WORD.findall(text)]


def word_shingles(words: Sequence[str]) -> set[bytes]:
    """Word 3-gram shingles (the whole text when shorter)."""
    if len(words) < _SHINGLE:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + _SHINGLE]).encode() for i in range(len(words) - _SHINGLE + 1)}


def _sentences(text: str) -> list[list[str]]:
    out = []
    for piece in _SENTENCE.split(text):
        words = body_words(piece)
        if len(words) >= _MIN_SENTENCE_WORDS:
            out.append(words)
    return out


def _coverage(short: list[list[str]], long: list[list[str]]) -> float:
    """Length-weighted mean of each ``short`` sentence's best match in ``long``."""
    by_word: dict[str, list[int]] = {}
    sizes = []
    for j, sent in enumerate(long):
        distinct = set(sent)
        sizes.append(len(distinct))
        for w in distinct:
            by_word.setdefault(w, []).append(j)
    total = matched = 0.0
    for sent in short:
        words = set(sent)
        counts = Counter(chain.from_iterable(by_word.get(w, ()) for w in words))
        # Dice over the sentences' word sets: reworded, reordered or trimmed sentences keep most
        best = max((2 * c / (len(words) + sizes[j]) for j, c in counts.items()), default=0.0)
        total += len(sent)
        matched += best * len(sent)
    return matched / total if total else 0.0


def copy_score(a: str, b: str) -> float:
    """How much of the shorter text is a (lightly edited) copy of the other, 0..1."""
    sa, sb = _sentences(a), _sentences(b)
    if not sa or not sb:
        return 0.0
    la, lb = sum(map(len, sa)), sum(map(len, sb))
    short, long = (sa, sb) if la <= lb else (sb, sa)
    return _coverage(short, long)


def _hash32(data: bytes) -> int:
    """CRC-32: many times cheaper than the SHA-1 datasketch uses by default, and, unlike
    Python's ``hash`` (salted per process), the same in every run and on every Spark worker, so
    the same inputs always give the same candidates."""
    return zlib.crc32(data)


def minhash_of(shingles: set[bytes], num_perm: int) -> MinHash:
    """MinHash of ``shingles`` with CRC-32 hashing: the same in every process and run."""
    m = MinHash(num_perm=num_perm, hashfunc=_hash32)
    m.update_batch(list(shingles))
    return m


def band_keys(words: Sequence[str], threshold: float, num_perm: int) -> list[tuple[int, bytes]]:
    """The ``(band, bucket)`` keys of a body's MinHash signature: the LSH of datasketch
    (``MinHashLSH`` at ``threshold * LSH_FACTOR``) puts two bodies in one bucket exactly when
    they share a key.  None for bodies shorter than :data:`MIN_WORDS`."""
    if len(words) < MIN_WORDS:
        return []
    values = minhash_of(word_shingles(words), num_perm).hashvalues
    return [
        (band, values[start:end].tobytes())
        for band, (start, end) in enumerate(_hashranges(threshold, num_perm))
    ]


@lru_cache(maxsize=8)
def _hashranges(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    lsh = MinHashLSH(threshold=max(0.1, threshold * LSH_FACTOR), num_perm=num_perm)
    return tuple((int(a), int(b)) for a, b in lsh.hashranges)


def candidates(
    bodies: Sequence[Sequence[str]], threshold: float, num_perm: int
) -> set[tuple[int, int]]:
    """Candidate pairs ``(i, j)``, ``i < j``, of positions in ``bodies`` (word lists): the
    pairs that share an LSH bucket.

    A bucket of up to :data:`BUCKET_CAP` members gives all its pairs.  A larger one (a wire
    story reprinted by two thousand sites gives two million pairs, and half an hour of
    verification) gives each member paired with the :data:`BUCKET_WINDOW` members before it
    and with the bucket's first: linear in its size, and enough, since copies are joined
    transitively (a chain of verified copies is one group) and a copy shares many buckets with
    its original, one per LSH band."""
    buckets: dict[tuple[int, bytes], list[int]] = {}
    for i, words in enumerate(bodies):
        for key in band_keys(words, threshold, num_perm):
            buckets.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) <= BUCKET_CAP:
            for n, i in enumerate(members):
                pairs.update((i, j) for j in members[n + 1 :])
            continue
        first = members[0]
        for n in range(1, len(members)):
            j = members[n]
            pairs.add((first, j))
            pairs.update((i, j) for i in members[max(0, n - BUCKET_WINDOW) : n])
    return pairs


def _bigrams(words: Sequence[str]) -> set[int]:
    return {hash(p) for p in pairwise(words)}


def verify_pairs(
    pairs: Iterable[tuple[int, int]],
    words: Mapping[int, Sequence[str]],
    texts: Mapping[int, str],
    threshold: float,
) -> list[tuple[int, int, float]]:
    """The copies among candidate ``pairs`` (keys of ``words`` and ``texts``).

    The cheap bigram-containment test first (a copy keeps most word pairs of the shorter
    text); the pairs that pass are then verified with :func:`copy_score` from the most alike
    down (ties in index order), and a pair already joined through other copies is skipped.
    Most-alike first is what keeps copy-heavy streams near-linear: sixty edited copies of one
    text join their original first, and the 1,770 pairs of copy against copy, which often
    fail (two edits of one text differ twice as much as each from it), are never verified.
    And a pair is skipped when both its texts have already failed :data:`FAILED_CHECKS`
    verifications against texts more alike to them: in a stream of edited copies with no clean
    original, every copy against every other scores just under the threshold, and without
    this the work would grow with the square of the copies (each failure is charged to a
    text that had failed fewer times, so at most ``FAILED_CHECKS * n`` verifications fail).
    Both engines call this (the Spark engine once per component of the candidate graph, which
    gives the same pairs in the same order)."""
    bigrams: dict[int, set[int]] = {}
    ranked = []
    for i, j in pairs:
        a = bigrams.setdefault(i, _bigrams(words[i]))
        b = bigrams.setdefault(j, _bigrams(words[j]))
        if a and b:
            share = len(a & b) / min(len(a), len(b))
            if share >= threshold * PREFILTER:
                ranked.append((-share, min(i, j), max(i, j)))
    parent: dict[int, int] = {}
    failed: Counter[int] = Counter()
    out = []
    for _share, i, j in sorted(ranked):
        ri, rj = _root(parent, i), _root(parent, j)
        if ri == rj:
            continue  # already one group: no need to verify
        if failed[i] >= FAILED_CHECKS and failed[j] >= FAILED_CHECKS:
            continue  # both failed against texts more alike than this one
        s = copy_score(texts[i], texts[j])
        if s >= threshold:
            out.append((i, j, s))
            parent[rj] = ri
        else:
            failed[i] += 1
            failed[j] += 1
    return out


def _original_key(article: Article, order: int) -> tuple[bool, str, int]:
    published = article.metadata.published
    return (published is None, published or "", order)


def _norm(name: str | None) -> str:
    return " ".join(body_words(name or ""))


def _pick_original(articles: Sequence[Article], group: list[int]) -> int:
    """The credited original when a member names another member's outlet, else the earliest."""
    outlets = {_norm(articles[i].metadata.outlet): i for i in group if articles[i].metadata.outlet}
    credited = [
        outlets[_norm(articles[i].metadata.syndicated_from)]
        for i in group
        if _norm(articles[i].metadata.syndicated_from) in outlets
    ]
    credited = [c for c in credited if not articles[c].metadata.syndicated_from]
    if credited:
        return min(credited, key=lambda i: _original_key(articles[i], i))
    return min(group, key=lambda i: _original_key(articles[i], i))


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _root(parent: dict[int, int], i: int) -> int:
    """Union-find root of ``i`` in a sparse forest (absent keys are their own roots)."""
    root = i
    while parent.get(root, root) != root:
        root = parent[root]
    while parent.get(i, i) != root:  # path compression
        parent[i], i = root, parent[i]
    return root


def find_duplicates(
    articles: Sequence[Article], *, threshold: float = 0.8, num_perm: int = 128
) -> tuple[Provenance, ...]:
    """``duplicate_of`` edges from each copy to its group's original.

    ``threshold`` is the minimum :func:`copy_score` (share of the shorter text found, lightly
    edited at most, in the other); ``num_perm`` the MinHash permutations for LSH candidates.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    bodies = [body_words(a.body) for a in articles]
    pairs = candidates(bodies, threshold, num_perm)
    verified = verify_pairs(
        pairs, dict(enumerate(bodies)), {i: a.body for i, a in enumerate(articles)}, threshold
    )
    edges = link_copies(articles, verified)
    log.debug("%d duplicate edges among %d articles", len(edges), len(articles))
    return edges


def link_copies(
    articles: Sequence[Article], verified: Iterable[tuple[int, int, float]]
) -> tuple[Provenance, ...]:
    """``duplicate_of`` edges from verified copy pairs ``(i, j, score)`` (positions in
    ``articles``): the pairs' groups by union-find, each member linked to its group's original,
    in article order."""
    parent = list(range(len(articles)))
    scores: dict[tuple[int, int], float] = {}
    for i, j, s in verified:
        scores[(min(i, j), max(i, j))] = s
        parent[_find(parent, j)] = _find(parent, i)
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(_find(parent, i), []).append(i)
    edges: list[tuple[int, Provenance]] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        orig = _pick_original(articles, group)
        edges.extend((i, _copy_edge(articles, i, orig, scores)) for i in group if i != orig)
    return tuple(e for _, e in sorted(edges, key=lambda e: e[0]))


def _copy_edge(
    articles: Sequence[Article], copy: int, orig: int, scores: dict[tuple[int, int], float]
) -> Provenance:
    """The ``duplicate_of`` edge from ``copy`` to ``orig`` with its copy score (from ``scores``
    when the pair was verified, else computed)."""
    s = scores.get((min(copy, orig), max(copy, orig)))
    if s is None:
        s = copy_score(articles[copy].body, articles[orig].body)
    return Provenance(
        source=articles[copy].id,
        target=articles[orig].id,
        relation="duplicate_of",
        evidence=f"copy score {float(np.round(s, 3))}",
    )
