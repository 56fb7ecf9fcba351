"""The story's sentences as comparable units: terms, numbers, IDF weights and meaning vectors.

Everything the alignment modules compare is computed once here.  IDF is taken over the
story's own sentences, so the words every article repeats ("rare earth metals" in a story about
rare earth metals) weigh little and the words that single out one fact weigh much.

Candidate pairs come from an inverted index over terms (:func:`candidate_pairs`): each sentence
is compared only with the sentences that share one of its informative terms, and a term shared
by too many sentences is skipped (it could not tell facts apart anyway), so the work grows with
``n * cap`` rather than ``n**2``.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..models import ArticleFacts, Sentence
from . import static
from .text import content_terms, idf_weights, numbers, profile, weighted_cosine

__all__ = ["SEMANTIC_BUDGET", "StoryText", "build_story_text", "candidate_pairs"]

#: Up to this many sentences meaning is compared for every pair of sentences (a dense matrix);
#: larger stories compare meaning only for the pairs that share an informative word, so memory
#: and time stay O(n log n).  Sentence vectors are static (:mod:`.static`), about 0.1 ms each.
SEMANTIC_BUDGET = 1000

#: Postings longer than this are not used to propose candidates.
POSTING_CAP = 60


@dataclass
class StoryText:
    """Sentences of one story in article order, with what is needed to compare them."""

    sentences: list[Sentence]
    terms: list[tuple[str, ...]]
    nums: list[frozenset[float]]
    idf: dict[str, float]
    vectors: np.ndarray | None = None
    by_article: dict[str, list[int]] = field(default_factory=dict)
    _starts: dict[str, list[int]] = field(default_factory=dict)
    _profiles: dict[tuple[str, ...], tuple[frozenset[str], float, float]] = field(
        default_factory=dict
    )

    default_idf: float = 1.0  #: weight of a term never seen in the story (the highest IDF)
    dense: bool = True  #: meaning compared for all pairs (small story) or candidate pairs only

    def sentence_at(self, article: str, pos: int) -> int | None:
        """Index of the sentence of ``article`` that holds body offset ``pos``."""
        rows = self.by_article.get(article)
        if not rows:
            return None
        starts = self._starts[article]
        k = bisect.bisect_right(starts, pos) - 1
        if k < 0:
            return None
        row = rows[k]
        return row if pos <= self.sentences[row].end else None

    def lexical(self, i: int, j: int) -> float:
        """IDF-weighted cosine of two sentences' terms."""
        return weighted_cosine(self.terms[i], self.terms[j], self.idf, self.default_idf)

    def _profile(self, terms: Sequence[str]) -> tuple[frozenset[str], float, float]:
        key = tuple(terms)
        found = self._profiles.get(key)
        if found is None:
            found = self._profiles[key] = profile(key, self.idf, self.default_idf)
        return found

    def containment(self, a: Sequence[str], b: Sequence[str]) -> float:
        """IDF weight of the shared terms over the weight of the smaller side."""
        (sa, wa, _), (sb, wb, _) = self._profile(a), self._profile(b)
        small = min(wa, wb)
        if not small:
            return 0.0
        return sum(self.idf.get(t, self.default_idf) for t in sa & sb) / small

    def cosine(self, a: Sequence[str], b: Sequence[str]) -> float:
        """Cosine of the IDF-weighted term sets."""
        (sa, _, na), (sb, _, nb) = self._profile(a), self._profile(b)
        if not na or not nb:
            return 0.0
        return sum(self.idf.get(t, self.default_idf) ** 2 for t in sa & sb) / (na * nb)

    def meaning(self, i: int, j: int) -> float | None:
        """Cosine of the two sentences' meaning vectors, None without a model."""
        if self.vectors is None:
            return None
        return float(self.vectors[i] @ self.vectors[j])


def build_story_text(
    facts: Sequence[ArticleFacts], *, use_model: bool = True, budget: int = SEMANTIC_BUDGET
) -> StoryText:
    """Comparable sentences of a story, with static meaning vectors when the model is installed
    (``text.dense`` tells whether the story is small enough, ``budget`` sentences, for meaning to
    be compared across all pairs)."""
    sents = [s for f in facts for s in sorted(f.sentences, key=lambda s: s.start)]
    terms = [tuple(content_terms(s.text)) for s in sents]
    nums = [frozenset(numbers(s.text)) for s in sents]
    idf = idf_weights(terms)
    text = StoryText(sents, terms, nums, idf, default_idf=max(idf.values(), default=1.0))
    for row, s in enumerate(sents):
        text.by_article.setdefault(s.article, []).append(row)
        text._starts.setdefault(s.article, []).append(s.start)
    if use_model and sents:
        text.vectors = static.encode([s.text for s in sents])
        text.dense = len(sents) <= budget
    return text


def candidate_pairs(
    text: StoryText, *, min_shared: int = 1, cap: int = POSTING_CAP
) -> Iterator[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of sentences of different articles sharing an informative term.

    Terms are ranked by IDF; each sentence posts its terms to an inverted index, and a term is
    ignored once its posting list passes ``cap`` (such a term is shared by too many sentences to
    single out a fact).  Cost: O(n * terms * cap).
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for row, terms in enumerate(text.terms):
        for t in set(terms):
            postings[t].append(row)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for rows in postings.values():
        if len(rows) < 2 or len(rows) > cap:
            continue
        for a_pos, i in enumerate(rows):
            art = text.sentences[i].article
            for j in rows[a_pos + 1 :]:
                if text.sentences[j].article != art:
                    shared[(i, j)] += 1
    for pair, count in shared.items():
        if count >= min_shared:
            yield pair
