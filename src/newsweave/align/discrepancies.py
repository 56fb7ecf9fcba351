"""Discrepancies: one utterance worded differently, one fact dated differently.

*Wording* (kind ``"wording"``), within one quote group:

* two close renderings with a few words replaced ("he does what he wants" / "he says what he
  wants"), see :func:`~newsweave.align.drift.meaning_changes`;
* a short excerpt one outlet quotes ("an order of magnitude") whose words appear in no other
  outlet's rendering of the same utterance ("significantly more resources"): the outlets
  disagree on what was said.

Each variant carries the article's text around its rendering (the sentences holding the quote),
so a reader sees the words in place.

*Dates* (kind ``"value"``): two sentences of one claim, from different articles and worded
alike, that each give one date, and not the same one.
Numeric disagreements come from :mod:`newsweave.align.quantities`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..models import Claim, DateMention, Discrepancy, Quote, Variant
from .drift import meaning_changes
from .similarity import StoryText
from .text import content_terms

__all__ = ["date_discrepancies", "quote_discrepancies"]

_ALL_PAIRS = 12  #: groups up to this many quotes compare every pair of renderings
_EXCERPT_WORDS = 5  #: excerpts up to this many words are checked against other renderings
#: lexical similarity of the sentences around a lone excerpt and another rendering: an
#: excerpt set in a different statement ("'Not a proud day,' he said" / "he appeared to mouth,
#: 'I'm sorry'") is another utterance, not another wording of it
_EXCERPT_SETTING = 0.15
_DATE_PAIR = 0.5  #: lexical similarity of two sentences for their dates to be one event's


def _around(q: Quote, text: StoryText, bodies: Mapping[str, str]) -> str:
    """The sentences holding ``q`` as written in its article."""
    first = text.sentence_at(q.article, q.start)
    last = text.sentence_at(q.article, max(q.start, q.end - 1))
    body = bodies.get(q.article, "")
    if first is None or not body:
        return q.text
    end = text.sentences[last].end if last is not None and last >= first else q.end
    return body[text.sentences[first].start : max(end, q.end)]


def _groups(quotes: Sequence[Quote]) -> dict[str, list[Quote]]:
    out: dict[str, list[Quote]] = {}
    for q in quotes:
        if q.group:
            out.setdefault(q.group, []).append(q)
    return {g: qs for g, qs in out.items() if len({q.article for q in qs}) >= 2}


def _replaced_words(
    qs: Sequence[Quote], text: StoryText, bodies: Mapping[str, str]
) -> list[Discrepancy]:
    out = []
    if len(qs) > _ALL_PAIRS:  # large groups: each rendering against the longest one
        ref = max(qs, key=lambda q: len(q.text))
        pairs = [(ref, q) for q in qs if q.article != ref.article]
    else:
        pairs = [(a, b) for i, a in enumerate(qs) for b in qs[i + 1 :] if a.article != b.article]
    for a, b in pairs:
        changes = meaning_changes(a.text, b.text)
        if not changes:
            continue
        words = "; ".join(f'"{x}" vs "{y}"' for x, y in changes)
        out.append(
            Discrepancy(
                what=f"{a.speaker or 'a speaker'} quoted with different words: {words}",
                variants=(
                    Variant(a.article, _around(a, text, bodies)),
                    Variant(b.article, _around(b, text, bodies)),
                ),
                kind="wording",
            )
        )
    return out


def _same_setting(text: StoryText, row: int | None, other: Quote, need: float) -> bool:
    """The sentences holding two renderings report the same thing (lexical similarity)."""
    other_row = text.sentence_at(other.article, other.start)
    return row is not None and other_row is not None and text.lexical(row, other_row) >= need


def _lone_excerpts(
    qs: Sequence[Quote],
    text: StoryText,
    bodies: Mapping[str, str],
    min_setting: float = _EXCERPT_SETTING,
) -> list[Discrepancy]:
    lone: list[Quote] = []
    variants: dict[str, Variant] = {}
    for q in qs:
        terms = set(content_terms(q.text))
        if not terms or len(q.text.split()) > _EXCERPT_WORDS:
            continue
        row = text.sentence_at(q.article, q.start)
        others = [
            o for o in qs if o.article != q.article and _same_setting(text, row, o, min_setting)
        ]
        if not others:  # the renderings' sentences tell different things: no one utterance
            continue
        elsewhere = {t for o in others for t in content_terms(o.text)}
        if terms & elsewhere:
            continue
        lone.append(q)
        variants[q.article] = Variant(q.article, _around(q, text, bodies))
        for o in sorted(others, key=lambda o: -len(o.text)):
            variants.setdefault(o.article, Variant(o.article, _around(o, text, bodies)))
    if not lone:
        return []
    # one discrepancy per utterance: every outlet's excerpt that no other outlet has
    said = " / ".join(f'"{q.text.strip()}"' for q in lone)
    speaker = next((q.speaker for q in lone if q.speaker), None) or "a speaker"
    whose = "one outlet" if len({q.article for q in lone}) == 1 else "each outlet"
    return [
        Discrepancy(
            what=f"{speaker} quoted as saying {said} by {whose}; "
            "other outlets render the same remark without these words",
            variants=tuple(variants.values()),
            kind="wording",
        )
    ]


def quote_discrepancies(
    quotes: Sequence[Quote], text: StoryText, bodies: Mapping[str, str]
) -> list[Discrepancy]:
    """Wording discrepancies within the quote groups that span two or more articles."""
    out: list[Discrepancy] = []
    for qs in _groups(quotes).values():
        out.extend(_replaced_words(qs, text, bodies))
        out.extend(_lone_excerpts(qs, text, bodies))
    return out


def date_discrepancies(
    claims: Sequence[Claim],
    dates: Sequence[DateMention],
    text: StoryText,
    min_similarity: float = _DATE_PAIR,
) -> list[Discrepancy]:
    """Claims two of whose articles date one event differently: sentences of different
    articles, each giving one date, that say the same thing in the same words (lexical
    similarity at least ``min_similarity``).  A claim is a loose grouping; two of its sentences
    that share few words often tell two events ("met on Feb. 24" / "his Feb. 12 call"), and a
    false "dated differently" is worse than none."""
    by_sentence: dict[tuple[str, int], set[str]] = {}
    for d in dates:
        row = text.sentence_at(d.article, d.start)
        if row is not None:
            by_sentence.setdefault((d.article, text.sentences[row].index), set()).add(d.date)
    row_of = {(s.article, s.index): r for r, s in enumerate(text.sentences)}
    out = []
    for claim in claims:
        dated = [
            (ref, next(iter(ds)))
            for ref in claim.sentences
            if len(ds := by_sentence.get((ref.article, ref.index), set())) == 1
        ]
        clash: dict[str, tuple[str, str]] = {}
        for k, (a, da) in enumerate(dated):
            for b, db in dated[k + 1 :]:
                if a.article == b.article or da == db:
                    continue
                ra, rb = row_of.get((a.article, a.index)), row_of.get((b.article, b.index))
                if ra is None or rb is None or text.lexical(ra, rb) < min_similarity:
                    continue
                clash.setdefault(a.article, (da, a.text))
                clash.setdefault(b.article, (db, b.text))
        if clash:
            out.append(
                Discrepancy(
                    what="one event dated differently: "
                    + " vs ".join(sorted({d for d, _ in clash.values()})),
                    variants=tuple(Variant(a, t) for a, (_, t) in clash.items()),
                    kind="value",
                )
            )
    return out
