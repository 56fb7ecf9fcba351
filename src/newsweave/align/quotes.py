"""Quote groups: one group per utterance, across articles and translations.

Outlets translate one remark differently ("an order of magnitude more" / "significantly
more"), quote different excerpts of it, or paraphrase part of it into their own sentence.  Two
quotes of different articles are linked when their speakers agree (two different known speakers
are never linked: similar words from two people are two utterances) and the evidence says one
utterance:

* *words*: the IDF-weighted share of the shorter quote's content words that the other quote
  uses (stemmed, spelling-folded);
* *words in context*: the share of one quote's words found in the other article's sentence
  around its quote (an outlet paraphrased the rest of the remark into its own sentence);
* *context*: similarity of the two sentences around the quotes;
* *meaning*: cosine of the MiniLM vectors of the two quotes and of their sentences (when the
  model is installed).

A quote of one named speaker found word for word inside a longer quote of that speaker in
another article ("Well, which is it?") is one utterance with it.

Within one article, quotes of one speaker split by an attribution (``"...," Putin said, "..."``)
are one utterance, when the attribution hands over to the next part (it ends in punctuation or
a speech word) rather than opening a reported clause of its own (``"...," calling it accurate
and saying he had "..."``: another remark).  Groups are built by union-find over the links, so
a quote joins at most one group; a link that would put two different known speakers in one
group is refused.  Last, two groups of one speaker that two articles both quote side by side
are merged: outlets cut one statement into pieces that need not share a word.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from ..models import Quote
from . import semantic
from .independence import _UnionFind
from .similarity import StoryText
from .text import SPEECH_WORDS, content_terms, words

__all__ = ["QuoteEvidence", "QuoteParams", "group_quotes", "quote_evidence"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QuoteParams:
    """Link thresholds (tuned on the seeds; see benchmarks/bench_align.py)."""

    link: float = 0.5  #: combined score needed to link two quotes
    unknown_speaker_penalty: float = 0.15  #: extra score needed when a speaker is unknown
    fragment_link: float = 0.55  #: score needed when one side is a 1-2 word fragment
    same_article_gap: int = 120  #: most characters between two parts of one utterance
    #: most characters between two pieces of one statement an outlet quotes side by side
    side_by_side_gap: int = 200
    #: a link scoring under this needs its words and its meaning to agree (``agree_words``,
    #: ``agree_meaning``): one signal alone joins look-alike remarks of one speaker
    weak_link: float = 0.7
    #: quotes of this many content words or more sharing ``verbatim_share`` of them are one
    #: utterance whoever the outlets credit it to
    verbatim_terms: int = 6
    verbatim_share: float = 0.9
    agree_words: float = 0.4
    agree_meaning: float = 0.45
    use_model: bool = True
    #: quotes of a story compared pair by pair (not only those sharing words) up to half this,
    #: and most quotes (x2: quote and clause) given to the meaning model
    model_budget: int = 200


@dataclass(frozen=True)
class QuoteEvidence:
    """Why two quotes were (or were not) linked."""

    words: float
    in_context: float
    context: float
    meaning: float | None
    score: float


@dataclass(frozen=True)
class _Q:
    quote: Quote
    speaker: str | None
    terms: tuple[str, ...]
    context: tuple[str, ...]
    context_text: str
    row: int | None
    parts: tuple[str, str, str] = ("", "", "")  #: context as (before, quote, after)


def _key(q: Quote) -> str:
    return f"{q.id}@{q.article}"


#: generational suffixes: "John Roberts Jr." and "Theodore Boutrous Jr." are two people
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


_JOINT = re.compile(r"\s+and\s+")  #: "Nebraska and Oklahoma": one quote, two speakers


def _speaker_key(name: str | None) -> str | None:
    if not name:
        return None
    parts = words(name)
    while len(parts) > 1 and parts[-1] in _SUFFIXES:
        parts.pop()
    return parts[-1] if parts else None


@lru_cache(maxsize=8192)
def _speaker_keys(name: str | None) -> frozenset[str]:
    """The surname keys of a speaker, one per person of a joint speaker ("A and B")."""
    keys = (_speaker_key(part) for part in _JOINT.split(name)) if name else ()
    return frozenset(k for k in keys if k)


def _compatible(a: str | None, b: str | None) -> bool:
    """Two speakers may be one: either unknown, one surname, or one of a joint speaker's."""
    ka, kb = _speaker_keys(a), _speaker_keys(b)
    return not ka or not kb or bool(ka & kb)


#: Where a sentence splits into clauses that may report different remarks.
_CLAUSE = re.compile(
    r"\s*(?:;|\s[—–]\s|\band that\b|, (?:while|but|and|adding|noting|saying|as|just as)\b)\s*"
)


#: Words either side of a quote read as its context.
_WINDOW = 8
#: characters either side of a quote searched for those words and the clause boundaries
_REACH = 400


def _context(
    text: StoryText, q: Quote, others: Sequence[Quote]
) -> tuple[tuple[str, ...], str, int | None, tuple[str, str, str]]:
    """Terms and text of the clause around ``q``: its sentence, other quotes blanked out, cut
    at clause boundaries ("... more than Ukraine and that Moscow was ready ..."); its row and
    its text as (words before, the quote, words after)."""
    row = text.sentence_at(q.article, q.start)
    if row is None:
        return tuple(content_terms(q.text)), q.text, None, ("", q.text, "")
    end_row = text.sentence_at(q.article, max(q.start, q.end - 1))
    last = end_row if end_row is not None and end_row >= row else row
    lo, hi = text.sentences[row].start, text.sentences[last].end
    if last == row:
        sentence = text.sentences[row].text
    else:
        sentence = " ".join(text.sentences[r].text for r in range(row, last + 1))
    # only the reach around the quote is read (offsets below are relative to it): its clause
    # keeps _WINDOW words each side, and a long sentence must not make this quadratic
    base = max(q.start - lo - _REACH, 0)
    chars = list(sentence[base : q.end - lo + _REACH])
    if last == row:
        for o in others:
            if o is not q and o.article == q.article and lo <= o.start < hi:
                a, b = max(o.start - lo - base, 0), min(o.end - lo - base, len(chars))
                if b > a:
                    chars[a:b] = " " * (b - a)
    sentence = "".join(chars)
    start = max(q.start - lo - base, 0)
    pieces = list(_CLAUSE.finditer(sentence))
    cut_lo = max((m.end() for m in pieces if m.end() <= start), default=0)
    cut_hi = min(
        (m.start() for m in pieces if m.start() >= min(q.end - lo - base, len(sentence))),
        default=len(sentence),
    )
    q_lo, q_hi = start, min(q.end - lo - base, len(sentence))
    before = sentence[cut_lo:q_lo].split()[-_WINDOW:]
    after = sentence[q_hi:cut_hi].split()[:_WINDOW]
    clause = " ".join([*before, sentence[q_lo:q_hi], *after])
    parts = (" ".join(before), sentence[q_lo:q_hi], " ".join(after))
    return tuple(content_terms(clause)), clause, row, parts


def quote_evidence(
    a: _Q, b: _Q, text: StoryText, vectors: Mapping[str, np.ndarray] | None
) -> QuoteEvidence:
    """Evidence that ``a`` and ``b`` render one utterance."""
    w = text.containment(a.terms, b.terms)
    in_ctx = max(text.containment(a.terms, b.context), text.containment(b.terms, a.context))
    ctx = text.cosine(a.context, b.context)
    meaning = None
    lexical = max(w, 0.85 * in_ctx, 0.8 * ctx)
    score = lexical
    ka, kb = _key(a.quote), _key(b.quote)
    if vectors is not None and ka in vectors and kb in vectors:
        qa, qb = vectors[ka], vectors[kb]
        ca, cb = vectors["ctx:" + ka], vectors["ctx:" + kb]
        meaning = float(qa @ qb)
        around = max(float(ca @ cb), float(qa @ cb), float(qb @ ca))
        score = max(lexical, meaning - 0.15, around - 0.2)
    return QuoteEvidence(w, in_ctx, ctx, meaning, score)


def _in_text_order(qs: Sequence[_Q]) -> dict[str, list[int]]:
    """Article -> indices of its quotes in ``qs``, in the order they stand in its text."""
    by_article: dict[str, list[int]] = {}
    for i, q in enumerate(qs):
        by_article.setdefault(q.quote.article, []).append(i)
    for idx in by_article.values():
        idx.sort(key=lambda i: qs[i].quote.start)
    return by_article


def _same_utterance_parts(
    qs: Sequence[_Q], bodies: Mapping[str, str], params: QuoteParams
) -> list[tuple[int, int]]:
    """Consecutive quotes of one article and speaker split only by an attribution."""
    pairs = []
    for article, idx in _in_text_order(qs).items():
        body = bodies.get(article, "")
        for i, j in itertools.pairwise(idx):
            a, b = qs[i], qs[j]
            if a.speaker != b.speaker or a.speaker is None:
                continue
            gap = body[a.quote.end : b.quote.start]
            if len(gap) > params.same_article_gap or "\n\n" in gap:
                continue
            gap_words = set(words(gap))
            speaker_words = set(words(a.speaker))
            if not re.search(r"\w", gap) or (
                gap_words & (SPEECH_WORDS | speaker_words) and _introduces(gap)
            ):
                pairs.append((i, j))
    return pairs


#: The end of an attribution that hands over to the rest of the quote: punctuation ("…," he
#: said, "…"; "…." he said. "…"; he added: "…") or a speech word ("…," he said, adding "…").
_SPEECH_ALTERNATIVES = "|".join(sorted(SPEECH_WORDS))
_HANDOVER = re.compile(rf"(?:[,.:;!?\u2014\u2013-]|\b(?:{_SPEECH_ALTERNATIVES}))\W*$")


def _introduces(gap: str) -> bool:
    """Whether the text between two quotes ends the way an attribution hands over to the next
    part of one quote, and not by starting a reported clause of its own ("…," calling it
    accurate and saying he had "…"; "…." He added later that "…": another remark)."""
    return (
        _HANDOVER.search(gap.rstrip(" \t\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e")) is not None
    )


def _candidates(qs: Sequence[_Q], everything: bool, cap: int = 30) -> list[tuple[int, int]]:
    """Pairs of quotes worth scoring: all pairs when meaning vectors exist (their number is
    bounded by the model budget), else pairs sharing a word of quote or context, from an
    inverted index whose over-long postings are skipped."""
    if everything:
        return [(i, j) for i in range(len(qs)) for j in range(i + 1, len(qs))]
    postings: dict[str, list[int]] = {}
    for i, q in enumerate(qs):
        for t in set(q.terms) | set(q.context):
            postings.setdefault(t, []).append(i)
    shared: dict[tuple[int, int], int] = {}
    for rows in postings.values():
        if len(rows) <= cap:
            for pair in itertools.combinations(rows, 2):
                shared[pair] = shared.get(pair, 0) + 1
    quote_terms = [set(q.terms) for q in qs]
    return sorted(
        (i, j)
        for (i, j), n in shared.items()
        if n >= 2 or quote_terms[i] & quote_terms[j]  # two shared words, or one quoted
    )


def _vectors(qs: Sequence[_Q], budget: int) -> dict[str, np.ndarray] | None:
    """Meaning vectors of the quotes in ``qs`` (quote and clause), keyed by quote key."""
    if not qs:
        return {}
    if 2 * len(qs) > budget:
        log.info("%d quotes: over the meaning-vector budget, lexical only", len(qs))
        return None
    keys = [_key(q.quote) for q in qs]
    found = semantic.encode_parts([q.parts for q in qs])  # clause and quote in one pass
    if found is None:
        return None
    clauses, quotes = found
    out = {k: quotes[i] for i, k in enumerate(keys)}
    out.update({"ctx:" + k: clauses[i] for i, k in enumerate(keys)})
    return out


def _need(a: _Q, b: _Q, params: QuoteParams) -> float:
    """Score two quotes need to be linked."""
    need = params.link
    if a.speaker is None or b.speaker is None:
        need += params.unknown_speaker_penalty
    if a.quote.fragment or b.quote.fragment:
        need = max(need, params.fragment_link)
    return need


def _verbatim(a: _Q, b: _Q, text: StoryText, params: QuoteParams) -> bool:
    """Two long quotes with the same words: one utterance even when outlets credit it to
    different speakers (a lawyer and the statement he wrote, an official and his report)."""
    if min(len(a.terms), len(b.terms)) < params.verbatim_terms:
        return False
    return text.containment(a.terms, b.terms) >= params.verbatim_share


def _agree(a: _Q, b: _Q, ev: QuoteEvidence, params: QuoteParams) -> bool:
    """Whether a weak link between two full quotes has its words and its meaning agreeing
    (fragments are linked on one signal: they have few words to share)."""
    if ev.score >= params.weak_link or a.quote.fragment or b.quote.fragment:
        return True
    if ev.words < params.agree_words:
        return False
    return ev.meaning is None or ev.meaning >= params.agree_meaning


def _undecided(
    qs: Sequence[_Q], pairs: Sequence[tuple[int, int]], text: StoryText, params: QuoteParams
) -> list[int]:
    """Quotes worth a meaning vector: those in a pair of different articles with one named
    speaker whose words alone do not link them.  Meaning can only raise a pair's score, so a
    pair the words already link needs none; a quote without a speaker is linked on its words
    alone (meaning across unknown speakers would join similar remarks of different people)."""
    rows: set[int] = set()
    for i, j in pairs:
        a, b = qs[i], qs[j]
        if a.quote.article == b.quote.article or a.speaker is None or b.speaker is None:
            continue
        if not _compatible(a.speaker, b.speaker):
            continue
        if quote_evidence(a, b, text, None).score < _need(a, b, params):
            rows.update((i, j))
    return sorted(rows)


def _with_partner(qs: Sequence[_Q]) -> list[_Q]:
    """The quotes that some quote of another article with a compatible speaker could join."""
    keys_by_article: dict[str, set[str]] = {}
    unknown: set[str] = set()  # articles with a quote of unknown speaker
    for q in qs:
        keys = _speaker_keys(q.speaker)
        keys_by_article.setdefault(q.quote.article, set()).update(keys)
        if not keys:
            unknown.add(q.quote.article)
    out = []
    for q in qs:
        keys = _speaker_keys(q.speaker)
        if any(
            art != q.quote.article and (not keys or art in unknown or keys & others)
            for art, others in keys_by_article.items()
        ):
            out.append(q)
    return out


def group_quotes(
    quotes: Sequence[Quote],
    text: StoryText,
    bodies: Mapping[str, str],
    canonical: Callable[[str], str | None] | None = None,
    params: QuoteParams = QuoteParams(),
) -> tuple[list[Quote], list[tuple[str, str, QuoteEvidence]]]:
    """Quotes with canonical speakers and ``group`` set, and the cross-article links made.

    Groups are numbered "g1", "g2", ... in order of first appearance; a quote no other quote
    joins keeps ``group=None``.
    """
    qs = []
    same_article: dict[str, list[Quote]] = {}
    for q in quotes:
        same_article.setdefault(q.article, []).append(q)
    for q in quotes:
        speaker = (canonical(q.speaker) if canonical and q.speaker else None) or q.speaker
        ctx, ctx_text, row, parts = _context(text, q, same_article[q.article])
        terms = tuple(content_terms(q.text))
        qs.append(_Q(replace(q, speaker=speaker), speaker, terms, ctx, ctx_text, row, parts))
    small = 2 * len(qs) <= params.model_budget
    pairs = _candidates(qs, everything=small and params.use_model and semantic.available())
    vectors = None
    if params.use_model and qs:
        undecided = [qs[i] for i in _undecided(qs, pairs, text, params)]
        vectors = _vectors(undecided, params.model_budget)
    if vectors is None and small:
        pairs = _candidates(qs, everything=False)
    pairs = sorted(set(pairs) | set(_inside_pairs(qs)))
    uf = _UnionFind(str(i) for i in range(len(qs)))
    speakers = {str(i): {q.speaker} if q.speaker else set() for i, q in enumerate(qs)}

    def link(i: int, j: int, verbatim: bool = False) -> bool:
        ri, rj = uf.find(str(i)), uf.find(str(j))
        if ri == rj:
            return True
        keys = [_speaker_keys(s) for s in speakers[ri] | speakers[rj]]
        if keys and not frozenset.intersection(*keys) and not verbatim:
            return False  # two different known speakers in one group
        uf.union(ri, rj)
        root = uf.find(ri)
        speakers[root] = speakers[ri] | speakers[rj]
        return True

    for i, j in _same_utterance_parts(qs, bodies, params):
        link(i, j)
    links = []
    scored = []
    for i, j in pairs:
        a, b = qs[i], qs[j]
        if a.quote.article == b.quote.article:
            continue
        if not _compatible(a.speaker, b.speaker) and not _verbatim(a, b, text, params):
            continue
        ev = quote_evidence(a, b, text, vectors)
        if _inside(a, b):  # "Well, which is it?" inside the longer rendering of the remark
            ev = replace(ev, score=max(ev.score, 1.0))
        if ev.score >= _need(a, b, params) and _agree(a, b, ev, params):
            scored.append((ev.score, i, j, ev))
    fragment_used: set[tuple[int, str]] = set()  # a fragment links once into each article
    for _score, i, j, ev in sorted(scored, key=lambda x: -x[0]):
        uses = [(k, qs[o].quote.article) for k, o in ((i, j), (j, i)) if qs[k].quote.fragment]
        if any(u in fragment_used for u in uses):
            continue
        fragment_used.update(uses)
        if link(i, j, _verbatim(qs[i], qs[j], text, params)):
            links.append((_key(qs[i].quote), _key(qs[j].quote), ev))
    for i, j in _side_by_side(qs, bodies, uf, params):
        link(i, j)
    return _numbered(qs, uf), links


@lru_cache(maxsize=4096)
def _flat(text: str) -> str:
    """``text`` as its words, lower-cased, one space apart and padded (for substring tests)."""
    return " " + " ".join(words(text)) + " "


def _inside(a: _Q, b: _Q) -> bool:
    """Whether the shorter of two full quotes of one named speaker is, word for word, a piece
    of the longer: one outlet quoting a sentence of the remark another quotes at length."""
    if a.speaker is None or b.speaker is None or a.quote.fragment or b.quote.fragment:
        return False
    short, long = sorted((_flat(a.quote.text), _flat(b.quote.text)), key=len)
    return short.count(" ") > 3 and short in long


def _inside_pairs(qs: Sequence[_Q]) -> list[tuple[int, int]]:
    """Pairs of quotes of one speaker in different articles, one inside the other word for word
    (found by speaker: a quote of common words only shares no term to be a candidate by)."""
    by_speaker: dict[str, list[int]] = {}
    for i, q in enumerate(qs):
        if not q.quote.fragment:
            for key in _speaker_keys(q.speaker):
                by_speaker.setdefault(key, []).append(i)
    pairs = {
        (i, j)
        for idx in by_speaker.values()
        for i, j in itertools.combinations(idx, 2)
        if qs[i].quote.article != qs[j].quote.article and _inside(qs[i], qs[j])
    }
    return sorted(pairs)


def _side_by_side(
    qs: Sequence[_Q], bodies: Mapping[str, str], uf: _UnionFind, params: QuoteParams
) -> list[tuple[int, int]]:
    """Pairs of groups that two articles each quote side by side, as one statement.

    Outlets cut one statement into different pieces that need not share a word ("It's time
    to get rid of this" / "well over the line"); an outlet puts the pieces it keeps next to
    each other.  When two groups of one speaker each span articles and two different articles
    both quote a piece of one right next to a piece of the other (consecutive quotes of that
    speaker, at most a paragraph apart, no other quote between), the groups are one
    utterance: one article's juxtaposition alone may be two answers in a row.  One- or
    two-word fragments (a word the outlet borrowed) and pieces joined by "and" (``has "…" and
    would be "…"``: two remarks reported in one sentence) do not count."""
    seen: dict[tuple[str, str], set[str]] = {}
    example: dict[tuple[str, str], tuple[int, int]] = {}
    articles: dict[str, set[str]] = {}
    for i, q in enumerate(qs):
        articles.setdefault(uf.find(str(i)), set()).add(q.quote.article)
    for article, idx in _in_text_order(qs).items():
        body = bodies.get(article, "")
        for i, j in itertools.pairwise(idx):
            a, b = qs[i], qs[j]
            if a.speaker is None or b.speaker is None or not _compatible(a.speaker, b.speaker):
                continue
            if a.quote.fragment or b.quote.fragment:
                continue
            gap = body[a.quote.end : b.quote.start]
            if len(gap) > params.side_by_side_gap or gap.count("\n\n") > 1:
                continue
            if "and" in words(gap):  # "has X and would be Y": two remarks reported together
                continue
            ri, rj = uf.find(str(i)), uf.find(str(j))
            if ri == rj or len(articles[ri]) < 2 or len(articles[rj]) < 2:
                continue
            pair = (min(ri, rj), max(ri, rj))
            seen.setdefault(pair, set()).add(article)
            example.setdefault(pair, (i, j))
    return [example[p] for p, arts in seen.items() if len(arts) >= 2]


def _numbered(qs: Sequence[_Q], uf: _UnionFind) -> list[Quote]:
    groups = uf.labels(len(qs), "g")
    return [replace(q.quote, group=group) for q, group in zip(qs, groups, strict=True)]
