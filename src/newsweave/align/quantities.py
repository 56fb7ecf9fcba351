"""Numeric facts across articles: one group per fact, a discrepancy where values disagree.

Two mentions of one unit are one fact when their values agree (within 1%, ranges overlapping)
and their contexts (the phrase the number is about plus its sentence) share informative words;
small counts and durations ("two sides", "two years") need clearly similar contexts since such
numbers recur for unrelated things.  Mentions of one unit whose contexts match closely but whose
values differ are the same fact reported differently: they share the group and raise a
``value`` discrepancy.  Mentions are blocked by unit and context term, never compared all
against all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..models import Discrepancy, Quantity, Variant
from .independence import _UnionFind
from .similarity import StoryText
from .text import content_terms

__all__ = ["QuantityParams", "group_quantities"]

_SMALL_UNITS = {"count", "year", "month", "week", "day", "hour", "minute", "rank", "factor"}


@dataclass(frozen=True)
class QuantityParams:
    same_context: float = 0.05  #: context similarity for equal values to be one fact
    small_context: float = 0.35  #: the same for small counts and durations
    conflict_context: float = 0.45  #: context similarity for different values to conflict
    block_cap: int = 200  #: largest (unit, term) block compared pairwise


@dataclass(frozen=True)
class _M:
    q: Quantity
    terms: tuple[str, ...]
    about: tuple[str, ...]
    sentence: str


def _agree(a: Quantity, b: Quantity) -> bool:
    lo_a, hi_a = a.value, a.high if a.high is not None else a.value
    lo_b, hi_b = b.value, b.high if b.high is not None else b.value
    tol = 0.01 * max(abs(hi_a), abs(hi_b), 1e-9)
    return lo_a <= hi_b + tol and lo_b <= hi_a + tol


def _small(q: Quantity) -> bool:
    return q.unit in _SMALL_UNITS and abs(q.value) <= 12


def _mentions(quantities: Sequence[Quantity], text: StoryText) -> list[_M]:
    out = []
    for q in quantities:
        row = text.sentence_at(q.article, q.start)
        sentence = text.sentences[row].text if row is not None else q.text
        sent_terms: tuple[str, ...] = text.terms[row] if row is not None else ()
        if row is not None and row > 0 and text.sentences[row - 1].article == q.article:
            sent_terms = text.terms[row - 1] + sent_terms  # the lead-in of a quoted figure
        about = tuple(content_terms(q.about))
        out.append(_M(q, tuple(sent_terms) + about, about, sentence))
    return out


def _pairs(ms: Sequence[_M], cap: int) -> set[tuple[int, int]]:
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, m in enumerate(ms):
        for t in set(m.terms) or {""}:
            blocks[(m.q.unit, t)].append(i)
        blocks[(m.q.unit, f"={round(m.q.value, 6)}")].append(i)
    pairs = set()
    for rows in blocks.values():
        if len(rows) > cap:
            continue
        for k, i in enumerate(rows):
            for j in rows[k + 1 :]:
                pairs.add((i, j))
    return pairs


def group_quantities(
    quantities: Sequence[Quantity], text: StoryText, params: QuantityParams = QuantityParams()
) -> tuple[list[Quantity], list[Discrepancy]]:
    """Quantities with ``group`` ("f1", ...) set for facts reported more than once, and the
    value discrepancies found."""
    ms = _mentions(quantities, text)
    uf = _UnionFind(str(i) for i in range(len(ms)))
    conflicts: list[tuple[int, int]] = []
    for i, j in sorted(_pairs(ms, params.block_cap)):
        a, b = ms[i], ms[j]
        sim = text.cosine(a.terms, b.terms)
        about = text.containment(a.about, b.about) if a.about and b.about else 0.0
        if _agree(a.q, b.q):
            if _small(a.q):
                same = sim >= params.small_context and about > 0.0
            else:
                same = max(sim, about) >= params.same_context
            if same:
                uf.union(str(i), str(j))
        elif a.q.article != b.q.article and sim >= params.conflict_context and about >= 0.5:
            uf.union(str(i), str(j))
            conflicts.append((i, j))
    groups = uf.labels(len(ms), "f")
    out = [replace(m.q, group=group) for m, group in zip(ms, groups, strict=True)]
    return out, _discrepancies(ms, conflicts)


def _discrepancies(ms: Sequence[_M], conflicts: Sequence[tuple[int, int]]) -> list[Discrepancy]:
    out = []
    seen: set[frozenset[str]] = set()
    for i, j in conflicts:
        a, b = ms[i], ms[j]
        key = frozenset({f"{a.q.article}:{a.q.text}", f"{b.q.article}:{b.q.text}"})
        if key in seen:
            continue
        seen.add(key)
        about = a.q.about or b.q.about or a.q.unit
        out.append(
            Discrepancy(
                what=f"{about}: {a.q.text} vs {b.q.text}",
                variants=(Variant(a.q.article, a.sentence), Variant(b.q.article, b.sentence)),
                kind="value",
            )
        )
    return out
