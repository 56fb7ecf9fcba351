"""Discrepancies: one utterance worded differently, one fact dated differently.

*Wording* (kind ``"wording"``), within one quote group:

* two close renderings with a few words replaced ("he does what he wants" / "he says what he
  wants"), see :func:`~newsweave.align.drift.meaning_changes`;
* a short excerpt one outlet quotes ("an order of magnitude") whose words appear in no other
  outlet's rendering of the same utterance ("significantly more resources"): the outlets
  disagree on what was said.

Each variant carries the article's text around its rendering (the sentences holding the quote),
so a reader sees the words in place.

*Dates* (kind ``"value"``): a claim whose articles each date it once, to different days.
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


def _lone_excerpts(
    qs: Sequence[Quote], text: StoryText, bodies: Mapping[str, str]
) -> list[Discrepancy]:
    out = []
    for q in qs:
        terms = set(content_terms(q.text))
        if not terms or len(q.text.split()) > _EXCERPT_WORDS:
            continue
        others = [o for o in qs if o.article != q.article]
        elsewhere = {t for o in others for t in content_terms(o.text)}
        if terms & elsewhere:
            continue
        variants = [Variant(q.article, _around(q, text, bodies))]
        seen = {q.article}
        for o in sorted(others, key=lambda o: -len(o.text)):
            if o.article not in seen:
                seen.add(o.article)
                variants.append(Variant(o.article, _around(o, text, bodies)))
        out.append(
            Discrepancy(
                what=f'{q.speaker or "a speaker"} quoted as saying "{q.text.strip()}" '
                "by one outlet; "
                "other outlets render the same remark without these words",
                variants=tuple(variants),
                kind="wording",
            )
        )
    return out


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
    claims: Sequence[Claim], dates: Sequence[DateMention], text: StoryText
) -> list[Discrepancy]:
    """Claims whose articles each give one date, and not the same one."""
    by_sentence: dict[tuple[str, int], list[DateMention]] = {}
    for d in dates:
        row = text.sentence_at(d.article, d.start)
        if row is not None:
            by_sentence.setdefault((d.article, text.sentences[row].index), []).append(d)
    out = []
    for claim in claims:
        per_article: dict[str, tuple[set[str], str]] = {}
        for ref in claim.sentences:
            found = by_sentence.get((ref.article, ref.index), [])
            if found:
                dates_seen, _ = per_article.get(ref.article, (set(), ref.text))
                per_article[ref.article] = (dates_seen | {d.date for d in found}, ref.text)
        single = {a: (next(iter(ds)), t) for a, (ds, t) in per_article.items() if len(ds) == 1}
        if len({d for d, _ in single.values()}) >= 2:
            out.append(
                Discrepancy(
                    what=f"claim {claim.id} dated differently: "
                    + ", ".join(sorted({d for d, _ in single.values()})),
                    variants=tuple(Variant(a, t) for a, (_, t) in single.items()),
                    kind="value",
                )
            )
    return out
