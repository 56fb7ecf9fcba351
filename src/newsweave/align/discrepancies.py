"""Discrepancies: one utterance worded differently, one fact dated differently.

*Wording* (kind ``"wording"``), within one quote group:

* two close renderings with a few words replaced ("he does what he wants" / "he says what he
  wants"), see :func:`~newsweave.align.drift.meaning_changes`.  When the renderings agree word
  for word on a long run, the outlets transcribed one text (an English interview) and a
  replaced word is a transcription variant ("approaches" / "addresses"), reported only when it
  flips a negation or a number; translations of one remark (the seeds' Putin interview) rarely
  agree on more than a few words in a row;
* short excerpts that two or more outlets quote ("an order of magnitude", "significantly")
  whose words appear in no other outlet's rendering of the same utterance: the outlets
  disagree on what was said.  One outlet alone quoting words the others leave out is no
  disagreement (the others quoted less).

Each variant carries the article's text around its rendering (the sentences holding the quote),
so a reader sees the words in place.

*Dates* (kind ``"value"``): two sentences of one claim, from different articles and worded
alike, that each give one date, and not the same one.
*Status* (kind ``"value"``): whether something has happened.  One outlet writes that a thing
is expected, planned or about to happen ("was expected to be indicted") where another writes
that it already has ("has already been secretly indicted"): the same verb, about the same
named person or body, once under a word of expectation and once in the perfect or with
"already", in different articles.  Only these two clear forms count; a plain past tense is
not taken as "already" (a later report of a planned event is no disagreement about it).

Numeric disagreements come from :mod:`newsweave.align.quantities`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from ..models import Claim, DateMention, Discrepancy, Quote, Variant
from .drift import longest_shared_run, meaning_changes
from .similarity import StoryText
from .text import content_terms

__all__ = ["date_discrepancies", "quote_discrepancies", "status_discrepancies"]

_ALL_PAIRS = 12  #: groups up to this many quotes compare every pair of renderings
_EXCERPT_WORDS = 5  #: excerpts up to this many words are checked against other renderings
#: lexical similarity of the sentences around a lone excerpt and another rendering: an
#: excerpt set in a different statement ("'Not a proud day,' he said" / "he appeared to mouth,
#: 'I'm sorry'") is another utterance, not another wording of it
_EXCERPT_SETTING = 0.15
_DATE_PAIR = 0.5
#: renderings sharing a run of this many words word for word transcribe one text; translations
#: of one remark rarely agree on more than three or four words in a row
_TRANSCRIBED_RUN = 6
_DECISIVE = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot)\b|\d")


def _decisive(words: str) -> bool:
    """Words whose change flips what was said whatever else agrees: a negation, a number."""
    return bool(
        _DECISIVE.search(words)
    )  #: lexical similarity of two sentences for their dates to be one event's


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
    """One discrepancy per utterance: the words its renderings replace, and every rendering
    involved (see the module docstring)."""
    if len(qs) > _ALL_PAIRS:  # large groups: each rendering against the longest one
        ref = max(qs, key=lambda q: len(q.text))
        pairs = [(ref, q) for q in qs if q.article != ref.article]
    else:
        pairs = [(a, b) for i, a in enumerate(qs) for b in qs[i + 1 :] if a.article != b.article]
    changed: dict[tuple[str, str], None] = {}
    variants: dict[tuple[str, int], Variant] = {}
    for a, b in pairs:
        changes = meaning_changes(a.text, b.text)
        if changes and longest_shared_run(a.text, b.text) >= _TRANSCRIBED_RUN:
            # both outlets wrote down the same words (a long run agrees word for word): the
            # other differences are transcription and editing, unless they flip a negation or
            # a number
            changes = [(x, y) for x, y in changes if _decisive(x) or _decisive(y)]
        if not changes:
            continue
        for x, y in changes:
            if (y, x) not in changed:
                changed[(x, y)] = None
        for q in (a, b):
            variants.setdefault((q.article, q.start), Variant(q.article, _around(q, text, bodies)))
    if not changed:
        return []
    speaker = next((q.speaker for q in qs if q.speaker), None) or "a speaker"
    words = "; ".join(f'"{x}" vs "{y}"' for x, y in changed)
    return [
        Discrepancy(
            what=f"{speaker} quoted with different words: {words}",
            variants=tuple(variants.values()),
            kind="wording",
        )
    ]


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
        # any other outlet's rendering: a group may hold several pieces of one statement
        elsewhere = {t for o in qs if o.article != q.article for t in content_terms(o.text)}
        if terms & elsewhere:
            continue
        lone.append(q)
        variants[q.article] = Variant(q.article, _around(q, text, bodies))
        for o in sorted(others, key=lambda o: -len(o.text)):
            variants.setdefault(o.article, Variant(o.article, _around(o, text, bodies)))
    if len({q.article for q in lone}) < 2:
        # one outlet quoting words the others leave out is no disagreement: they quoted less
        return []
    # one discrepancy per utterance: every outlet's excerpt that no other outlet has
    said = " / ".join(f'"{q.text.strip()}"' for q in lone)
    speaker = next((q.speaker for q in lone if q.speaker), None) or "a speaker"
    return [
        Discrepancy(
            what=f"{speaker} quoted as saying {said} by each outlet; "
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
    undated: Collection[str] = (),
) -> list[Discrepancy]:
    """Claims two of whose articles date one event differently: sentences of different
    articles, each giving one date, that say the same thing in the same words (lexical
    similarity at least ``min_similarity``).  A claim is a loose grouping; two of its sentences
    that share few words often tell two events ("met on Feb. 24" / "his Feb. 12 call"), and a
    false "dated differently" is worse than none.  In the ``undated`` articles (no publication
    date of their own: "on Monday" was resolved against a guess) only dates written with their
    year count."""
    by_sentence: dict[tuple[str, int], set[str]] = {}
    for d in dates:
        if d.article in undated and not _YEAR.search(d.text):
            continue
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


_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_QUOTE_MARKS = re.compile(r"[\"“”‘’]")
#: a past participle ("indicted", "charged", "taken", "sent")
_PARTICIPLE = re.compile(r"\b[A-Za-z]{3,}(?:ed|en|nt)\b")
#: words of expectation just before the participle: "expected to be", "plans to have",
#: "will be", "is set to be"
_EXPECTED = re.compile(
    r"\b(?:expect(?:s|ed)?|plan(?:s|ned)?|intend(?:s|ed)?|set|poised|likely|about|going|"
    r"scheduled|will|would|could|may|might)\s+(?:to\s+)?(?:be|have\s+been)\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
#: the thing has happened: "already", "has been", "had been"
_DONE = re.compile(
    r"\b(?:already\s+(?:been\s+)?|(?:has|have|had)\s+(?:already\s+)?been\s+)(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
_STATUS_PAIRS = 400  #: sentence pairs compared per verb at most


def _statuses(sentence: str) -> dict[str, tuple[str, str]]:
    """Verb stem -> ("expected" | "done", the words that say so) in one sentence."""
    out: dict[str, tuple[str, str]] = {}
    for m in _PARTICIPLE.finditer(sentence):
        before = _QUOTE_MARKS.sub("", sentence[max(0, m.start() - 40) : m.start()])
        stems = content_terms(m.group())
        if not stems:
            continue
        for kind, pattern in (("done", _DONE), ("expected", _EXPECTED)):
            cue = pattern.search(before)
            if cue:
                out.setdefault(stems[0], (kind, f"{cue.group().strip()} {m.group()}"))
                break
    return out


def _names(sentence: str) -> set[str]:
    """Capitalised words past the first: the named participants a sentence speaks of."""
    words = re.findall(r"\b[A-Z][a-z]{2,}\b", sentence)
    return set(words[1:]) | {w for w in words[:1] if sentence.count(w) > 1}


def status_discrepancies(text: StoryText) -> list[Discrepancy]:
    """Whether something has happened, told differently by two outlets (module docstring)."""
    by_stem: dict[str, dict[str, list[tuple[int, str]]]] = {}
    for row, s in enumerate(text.sentences):
        for stem, (kind, words) in _statuses(s.text).items():
            by_stem.setdefault(stem, {}).setdefault(kind, []).append((row, words))
    out = []
    for found in by_stem.values():
        expected, done = found.get("expected", []), found.get("done", [])
        if not expected or not done or len(expected) * len(done) > _STATUS_PAIRS:
            continue
        pairs = [
            (a, b)
            for a in expected
            for b in done
            if text.sentences[a[0]].article != text.sentences[b[0]].article
            and _names(text.sentences[a[0]].text) & _names(text.sentences[b[0]].text)
        ]
        if not pairs:
            continue
        variants: dict[str, Variant] = {}
        said: dict[str, str] = {}
        for (ra, wa), (rb, wb) in pairs:
            for row, words in ((ra, wa), (rb, wb)):
                s = text.sentences[row]
                variants.setdefault(s.article, Variant(s.article, s.text))
                said.setdefault(words.lower(), words)
        exp = sorted({wa for (_, wa), _ in pairs})
        dn = sorted({wb for _, (_, wb) in pairs})
        out.append(
            Discrepancy(
                what="whether it has happened: "
                + " / ".join(f'"{w}"' for w in exp)
                + " vs "
                + " / ".join(f'"{w}"' for w in dn),
                variants=tuple(variants.values()),
                kind="value",
            )
        )
    return out
