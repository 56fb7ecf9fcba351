"""Numeric facts across articles: one group per fact, a discrepancy where values disagree.

Two mentions of one unit are one fact when their values agree (within 1%, ranges overlapping) and
their contexts (the phrase the number is about plus its sentence) share informative words. Equal
durations ("three months", "a two-year investigation") are held to that rule too: outlets phrase one
story's time spans very differently. Small counts and ranks ("two sides", "second") recur for
unrelated things: they need clearly similar sentences, or "about" phrases that name the same thing
("second-term congressman") in sentences that share something. Mentions of one unit in different
articles whose values differ by more than 1% are the same fact reported differently (they share the
group and raise a ``value`` discrepancy) when they count the same thing: either their sentences
match closely and their phrases mostly agree, or the phrase of one is contained in the other's ("1.5
million women" / "up to 1.6 million women"; "$5,687.75 on Martha's Vineyard Holistic Retreat" /
"$5,587.75 vacation at the Martha's Vineyard Holistic Retreat") and their values are close (within
:attr:`QuantityParams.conflict_ratio`): two outlets giving one figure differently differ by a typo
or an estimate, while numbers an order apart count different things ("544 women" named in a suit,
"1.5 million women" in the class). Small counts never conflict on their phrase alone: "two" and
"three" recur for unrelated things. Precision comes first, so a conflict also needs: that neither
article reports the other's value too (an article giving 46 and 36 knockouts reports two boxers'
records, not one figure differently); a phrase sharing two informative words ("Martha's Vineyard
Holistic Retreat"), or else one shared word ("women") in similar sentences that hold no other
figure of the unit; that the phrases share more than a dimension ("age": 66 and 58 years of
age are two rules or two people); and that the two cannot both be true (a bound and a figure
within it, "more than 100 mph" / "120 mph", are no disagreement).  Street and phone numbers are
not quantities at all (:mod:`newsweave.extract.quantities`).  Mentions are blocked by unit and
context term, never compared all against all.
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
#: Units of time: one story's equal durations ("three months", "a two-year investigation")
#: are one fact unless their sentences share nothing, however differently they are phrased.
_DURATIONS = {"year", "month", "week", "day", "hour", "minute"}
#: "About" words that name a dimension rather than what is measured: every age in a story is
#: about "age" (the extractor's own label for "66 years old"), so a shared dimension word
#: never makes two different values one fact (two people's ages, two rules' age limits).
_DIMENSIONS = frozenset(content_terms("age"))


@dataclass(frozen=True)
class QuantityParams:
    same_context: float = 0.05  #: context similarity for equal values to be one fact
    small_context: float = 0.35  #: the same for small counts and ranks
    same_about: float = 0.35  #: or: share of the shorter "about" phrase the other holds ...
    about_context: float = 0.1  #: ... with at least this context similarity
    conflict_context: float = 0.45  #: context similarity for different values to conflict
    #: a phrase contained in the other's (IDF share) makes different values one fact ...
    conflict_about: float = 0.9
    #: ... when their sentences share at least this much ...
    conflict_about_context: float = 0.15
    #: ... and the larger value is at most this multiple of the smaller (two outlets giving
    #: one figure differently differ by a typo, a rounding or an updated estimate)
    conflict_ratio: float = 1.1
    #: a phrase of a single shared word ("women") also needs sentences this similar, each
    #: holding no other figure of the unit
    conflict_single_context: float = 0.25
    block_cap: int = 200  #: largest (unit, term) block compared pairwise


@dataclass(frozen=True)
class _M:
    q: Quantity
    terms: tuple[str, ...]
    about: tuple[str, ...]
    sentence: str
    row: int | None


def _agree(a: Quantity, b: Quantity) -> bool:
    lo_a, hi_a = a.value, a.high if a.high is not None else a.value
    lo_b, hi_b = b.value, b.high if b.high is not None else b.value
    tol = 0.01 * max(abs(hi_a), abs(hi_b), 1e-9)
    return lo_a <= hi_b + tol and lo_b <= hi_a + tol


def _close(a: Quantity, b: Quantity, ratio: float) -> bool:
    """The two values are within ``ratio`` of each other (same sign)."""
    x, y = abs(a.value), abs(b.value)
    return (a.value >= 0) == (b.value >= 0) and max(x, y) <= ratio * max(min(x, y), 1e-9)


class _Context:
    """What a conflict test needs to know about the other mentions of the story."""

    def __init__(self, ms: Sequence[_M]) -> None:
        self.by_article: dict[tuple[str, str], list[Quantity]] = defaultdict(list)
        self.per_sentence: dict[tuple[str, int | None, str], int] = defaultdict(int)
        for m in ms:
            self.by_article[(m.q.article, m.q.unit)].append(m.q)
            self.per_sentence[(m.q.article, m.row, m.q.unit)] += 1

    def reports(self, article: str, q: Quantity) -> bool:
        """``article`` has a mention agreeing with ``q``."""
        return any(_agree(q, other) for other in self.by_article[(article, q.unit)])

    def alone(self, m: _M) -> bool:
        """``m`` is the only figure of its unit in its sentence."""
        return self.per_sentence[(m.q.article, m.row, m.q.unit)] == 1


def _compatible(a: Quantity, b: Quantity) -> bool:
    """Both figures can be true at once: a lower bound and anything above it ("more than 100
    mph" / "120 mph"; "at least three dead" / "at least ten dead"), an upper bound and a
    figure below it ("up to 1.6 million" / "1.5 million")."""
    for x, y in ((a, b), (b, a)):
        if x.bound == "lower" and (y.bound == "lower" or y.value >= x.value):
            return True
        if x.bound == "upper" and y.bound != "upper" and y.value <= x.value:
            return True
    return False


def _conflict(
    a: _M, b: _M, sim: float, text: StoryText, params: QuantityParams, ctx: _Context
) -> bool:
    """Two disagreeing values report one fact differently (see the module docstring)."""
    if ctx.reports(b.q.article, a.q) or ctx.reports(a.q.article, b.q):
        return False  # an article giving both values reports two facts, not one differently
    if _compatible(a.q, b.q):
        return False
    # the "about" phrases without their dimension words: equal ages are one fact, but 66 and
    # 58 years of age are two people's or two rules'
    a_named = [t for t in a.about if t not in _DIMENSIONS]
    b_named = [t for t in b.about if t not in _DIMENSIONS]
    named = set(a_named) & set(b_named)
    about = text.containment(a_named, b_named) if a_named and b_named else 0.0
    if sim >= params.conflict_context and about >= 0.5:
        return True
    if _small(a.q) or about < params.conflict_about or not _close(a.q, b.q, params.conflict_ratio):
        return False
    if len(named) >= 2:  # "Martha's Vineyard Holistic Retreat" in both
        return sim >= params.conflict_about_context
    return sim >= params.conflict_single_context and ctx.alone(a) and ctx.alone(b)


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
        out.append(_M(q, tuple(sent_terms) + about, about, sentence, row))
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
    ctx = _Context(ms)
    conflicts: list[tuple[int, int]] = []
    for i, j in sorted(_pairs(ms, params.block_cap)):
        a, b = ms[i], ms[j]
        sim = text.cosine(a.terms, b.terms)
        about = text.containment(a.about, b.about) if a.about and b.about else 0.0
        if _agree(a.q, b.q):
            if _small(a.q) and a.q.unit not in _DURATIONS:
                # small counts and ranks recur for unrelated things: a similar sentence, or
                # the same thing counted ("second-term congressman" in both)
                same = (sim >= params.small_context and about > 0.0) or (
                    about >= params.same_about and sim >= params.about_context
                )
            else:
                same = max(sim, about) >= params.same_context
            if same:
                uf.union(str(i), str(j))
        elif a.q.article != b.q.article and _conflict(a, b, sim, text, params, ctx):
            uf.union(str(i), str(j))
            conflicts.append((i, j))
    groups = uf.labels(len(ms), "f")
    out = [replace(m.q, group=group) for m, group in zip(ms, groups, strict=True)]
    return out, _discrepancies(ms, conflicts, groups)


def _discrepancies(
    ms: Sequence[_M], conflicts: Sequence[tuple[int, int]], groups: Sequence[str | None]
) -> list[Discrepancy]:
    """One discrepancy per numeric fact whose outlets disagree: every article's mention of it
    (one per article, the disagreeing ones first), the values side by side in ``what``."""
    involved: dict[str, set[int]] = {}
    for i, j in conflicts:
        label = groups[i]
        if label is not None:
            involved.setdefault(label, set()).update((i, j))
    out = []
    for label, rows in involved.items():
        members = sorted(rows) + [
            k for k, g in enumerate(groups) if g == label and k not in rows
        ]  # agreeing mentions of the fact in further articles
        by_article: dict[str, int] = {}
        for k in members:
            by_article.setdefault(ms[k].q.article, k)
        values: dict[float, list[str]] = {}
        for k in by_article.values():
            texts = values.setdefault(ms[k].q.value, [])
            if ms[k].q.text not in texts:
                texts.append(ms[k].q.text)
        abouts = sorted((ms[k].q.about for k in rows if ms[k].q.about), key=len)
        about = abouts[0] if abouts else ms[min(rows)].q.unit
        out.append(
            Discrepancy(
                what=f"{about}: " + " vs ".join(" / ".join(t) for t in values.values()),
                variants=tuple(
                    Variant(ms[k].q.article, ms[k].sentence) for k in by_article.values()
                ),
                kind="value",
            )
        )
    return out
