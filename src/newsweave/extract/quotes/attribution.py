"""Pass 2 of quote extraction: who said each quote.

The speech event's structure first, from the dependency parse (:func:`_structural`): the subject
of the speech verb the quote depends on, over ``and``-joined verbs, relative clauses and passive
agents, a document or body as the speaker ("the lawsuit says"; "the statement from X" -> X),
roles resolved to the person the article gives them ("the congressman"), pronouns to the subject
of the sentences before.  Then word patterns around the quote, which also serve when there is no
parse (see the package docstring)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

from .marks import _DOUBLE, _MASK, _paragraphs, _Span
from .names import _Mention, _Names, _strip_name, _Tok, _tokens
from .words import (
    _ABBREVIATIONS,
    _AUX,
    _BE,
    _CLAUSE_END,
    _DETERMINERS,
    _DOCUMENTS,
    _GENERIC_HEADS,
    _HEAD_SYNONYMS,
    _NAME_JOINERS,
    _NOT_INVERTIBLE,
    _NP_BAD_START,
    _NP_STOP,
    _PARTS,
    _PRONOUNS,
    _SMALL_WORDS,
    _SPEECH_VERBS,
    _STOP_CAPS,
    _SUBORDINATORS,
    _TITLES,
)

_SENT_END = re.compile(
    r"[.!?\u2026]+(?=[\s" + _MASK + r"]+[\"'\u201c\u2018(\[A-Z0-9" + _MASK + r"])|\n\s*\n"
)


# --- pass 2: speakers ---------------------------------------------------------------------


def _sentence_starts(body: str, masked: str, spans: Sequence[_Span]) -> tuple[list[int], set[int]]:
    """Sentence starts, and the subset that follow a quote ending a sentence (``."``)."""
    starts = {0}
    for lo, _hi in _paragraphs(body):
        starts.add(lo)
    for m in _SENT_END.finditer(masked):
        if m.group().startswith("\n"):
            continue
        word = re.search(r"([\w.]+)$", masked[max(0, m.start() - 12) : m.start()])
        if word and (
            word.group(1).lower() in _ABBREVIATIONS
            or len(word.group(1)) == 1
            or re.fullmatch(r"(?:\w\.)+\w", word.group(1))
        ):
            continue
        nxt = re.match(r"\s*", masked[m.end() :])
        starts.add(m.end() + (nxt.end() if nxt else 0))
    soft = set()
    for s in spans:
        text = body[s.start : s.end]
        after = re.match(r"\s+(?=[A-Z\u201c\"'\u2018])", body[s.close : s.close + 4])
        if s.closed and text[-1:] in ".!?" and after:
            soft.add(s.close + after.end())
    return sorted(starts | soft), soft - starts


class _Context:
    """One article: body, masked body, spans, sentences, part-of-speech tags and names."""

    def __init__(
        self,
        body: str,
        spans: list[_Span],
        names: _Names,
        masked: str,
        tags: dict[int, str],
        doc: Doc | None = None,
    ) -> None:
        self.body = body
        self.doc = doc  #: the parse, when it has dependencies
        self.tok_starts: list[int] = doc.to_array("IDX").tolist() if doc is not None else []
        self.sources: dict[str, str] | None = None  #: document head word -> who it came from
        self.documents: dict[str, str] = {}  #: document head word -> its name as written
        self.spans = spans
        self.names = names
        self.masked = masked
        self.tags = tags
        self.sents, self.soft = _sentence_starts(body, masked, spans)
        self.paras = _paragraphs(body)
        self.para_starts = [a for a, _ in self.paras]

    def parse(self, lo: int, hi: int) -> None:
        """Make sure the sentences of the parse overlapping [lo, hi) have their dependencies
        (the quotes' own sentences are parsed first; others only when read)."""
        if self.doc is not None:
            from newsweave.extract.nlp import add_dependencies

            add_dependencies(self.doc, [(lo, hi)])

    def sent_start(self, pos: int) -> int:
        return self.sents[bisect.bisect_right(self.sents, pos) - 1]

    def para_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def hard_end(self, pos: int) -> int:
        """End of the sentence after ``pos``, not counting a boundary at a quote's close."""
        k = bisect.bisect_right(self.sents, pos)
        while k < len(self.sents) and self.sents[k] in self.soft:
            k += 1
        return self.sents[k] if k < len(self.sents) else len(self.body)

    def tokens(self, lo: int, hi: int) -> list[_Tok]:
        return [t for t in _tokens(self.masked[lo:hi], lo) if _MASK not in t.text]

    def verb(self, tok: _Tok) -> str | None:
        """The base form of a speech verb ("said" -> "say"), else None."""
        base = _SPEECH_VERBS.get(tok.text) if tok.text.islower() else None
        tag = self.tags.get(tok.start)
        return base if base and (tag is None or tag.startswith("VB")) else None

    def finite(self, tok: _Tok) -> bool:
        tag = self.tags.get(tok.start)
        return tag != "VBG" if tag else not tok.text.endswith("ing")


@dataclass(frozen=True)
class _Found:
    speaker: str | None
    cue: str | None
    definite: bool = True  #: False when a cue was seen but its speaker could not be read


def _attribute(ctx: _Context, k: int, found: list[_Found]) -> _Found:
    span = ctx.spans[k]
    prev = ctx.spans[k - 1] if k else None
    nxt = ctx.spans[k + 1] if k + 1 < len(ctx.spans) else None
    lo = ctx.sent_start(span.open)
    same = prev is not None and prev.close > lo
    if same and prev is not None:
        lo = prev.close
    steps: list[Callable[[], _Found | None]] = [
        lambda: _continued(ctx, prev, span, found[k - 1]) if same and prev else None,
        lambda: _named(_trailing(ctx, span, nxt), lambda: _structural(ctx, span)),
        lambda: _structural(ctx, span),
        lambda: _leading(ctx, lo, span.open),
        lambda: _sentence_final(ctx, span, nxt),
        lambda: found[k - 1] if same and found[k - 1].speaker else None,
        lambda: _after_colon(ctx, span),
        lambda: _subject_found(ctx, lo, span.open),
        lambda: _follows(ctx, prev, span, found[k - 1]) if prev else None,
    ]
    if ctx.body[span.end - 1 : span.end] == ".":  # "... asserted that "…." Clinton said ..."
        steps[1:4] = steps[2:4] + steps[1:2]
    fallback = None
    for step in steps:
        result = step()
        if result is None:
            continue
        if result.speaker or result.definite:
            return result
        fallback = fallback or result
    return fallback or _Found(None, None)


def _in_paragraph(ctx: _Context, found: list[_Found]) -> list[_Found]:
    """Quotes no step attributed, given the speaker of a neighbouring quote of their paragraph.

    A paragraph quotes one person unless it names another: "“Well, which is it?” Scalia asked.
    Either managers are on their own, “or else a strong corporate culture tells them what to
    do.”" (the previous quote's speaker), and "The comment was “the latest low in a primary
    campaign.” It was “a stark contrast,” LaBolt said." (the next one's, whose attribution
    covers the paragraph's quotes before it).  Only a quote with no cue at all is filled, from
    the quote just before or after it in the same paragraph, within one sentence of it, when no
    other person is named between the two."""
    out = list(found)
    for k, who in enumerate(found):
        if who.speaker or who.cue:
            continue
        span = ctx.spans[k]
        for j in (k - 1, k + 1):
            if not 0 <= j < len(found) or not found[j].speaker or not found[j].cue:
                continue
            other = ctx.spans[j]
            if ctx.para_of(other.open) != ctx.para_of(span.open):
                continue
            lo, hi = (other.close, span.open) if j < k else (span.close, other.open)
            first, last = bisect.bisect_right(ctx.sents, lo), bisect.bisect_right(ctx.sents, hi)
            if sum(p not in ctx.soft for p in ctx.sents[first:last]) > 1:
                continue  # a whole sentence stands between them
            speaker = found[j].speaker
            named = ctx.names.persons_before(hi, lo)
            if all(ctx.names.fullest(m.name) == speaker for m in named):
                out[k] = _Found(speaker, "paragraph")
                break
    return out


_SPLIT_CUE_TOKENS = 6  #: longest attribution between the two parts of one split quote


def _continued(ctx: _Context, prev: _Span, span: _Span, said: _Found) -> _Found | None:
    """The second part of a split quote ("“If somebody tells you how,” he said, “you don't
    have discretion.”"): when nothing but a short attribution with a speech verb stands
    between the two parts of one sentence, the second part is the first part's speaker's."""
    if not said.speaker:
        return None
    between = ctx.masked[prev.close : span.open].strip(" \t\"'“”‘’")
    toks = ctx.tokens(prev.close, span.open)
    if not between.endswith((",", ":")) or "\n" in between or len(toks) > _SPLIT_CUE_TOKENS:
        return None
    return said if any(ctx.verb(t) for t in toks) else None


def _named(found: _Found | None, other: Callable[[], _Found | None]) -> _Found | None:
    """``found``, unless it saw a cue but no name ("…," the lawsuit says) and ``other`` names
    the speaker."""
    if found is None or found.speaker or not found.definite:
        return found
    better = other()
    return better if better is not None and better.speaker else found


def _follows(ctx: _Context, prev: _Span, span: _Span, said: _Found) -> _Found | None:
    """A quote opening its sentence with no attribution of its own: the previous quote's speaker
    when that quote ends in the sentence just before; else the person the previous sentence is
    about; else the previous quote's speaker when it is near and no one else is named between."""
    start = ctx.sent_start(span.open)
    if ctx.masked[start : span.open].strip() or start == 0:
        return None
    before = ctx.sent_start(start - 1)
    if prev.close > before and ctx.para_of(span.open) - ctx.para_of(prev.close) <= 1:
        return said if said.speaker or said.cue else None
    if ctx.para_of(before) == ctx.para_of(span.open):
        subject = _subject(ctx, before, start)
        if subject:
            return _Found(subject, "subject")
    if not said.speaker or ctx.para_of(span.open) - ctx.para_of(prev.close) > 1:
        return None
    if len(ctx.tokens(prev.close, span.open)) > 30:
        return None
    between = ctx.names.persons_before(span.open, prev.close)
    return said if all(ctx.names.fullest(m.name) == said.speaker for m in between) else None


def _after_segment(ctx: _Context, span: _Span, nxt: _Span | None) -> list[_Tok]:
    end = ctx.hard_end(span.close)
    if nxt is not None:
        end = min(end, nxt.open)
    end = min(end, ctx.paras[ctx.para_of(span.close)][1])
    toks = ctx.tokens(span.close, end)
    while toks and toks[0].text in ",\u2014\u2013-":
        toks = toks[1:]
    return toks


#: ``"…" ― Name``: a dash, a name of one to six words, then the end of the line or a new quote
_BYLINE = re.compile(
    r"[^\S\n]*[\u2015\u2014\u2013][^\S\n]*((?:[\w.\u2019'\-]+[^\S\n]?){1,6}?)\.?[^\S\n]*(?=\n|$|[\u201c\"])"
)


def _trailing(ctx: _Context, span: _Span, nxt: _Span | None) -> _Found | None:
    """``"…," Putin said`` / ``"…," said Putin`` / ``"…," according to Putin`` / ``"…" ―
    Putin`` (a dash and a name closing the paragraph or the sentence)."""
    if not span.closed:
        return None
    byline = _BYLINE.match(ctx.body, span.close)
    if byline and byline.group(1)[:1].isupper():
        who = _resolve_np(ctx, ctx.tokens(byline.start(1), byline.end(1)), span.open)
        if who.speaker:
            return _Found(who.speaker, "dash")
    toks = _after_segment(ctx, span, nxt)
    if not toks:
        return None
    strict = (
        ctx.body[span.end - 1 : span.end] == "." and ctx.body[span.close : span.close + 1] != ","
    )
    if toks[0].low == "according" and len(toks) > 2 and toks[1].low == "to":
        return _np_forward(ctx, toks, 2, "according to", span.open)
    verb = ctx.verb(toks[0])
    if verb:
        if verb in _NOT_INVERTIBLE or strict or not ctx.finite(toks[0]):
            return None
        return _np_forward(ctx, toks, 1, toks[0].low, span.open)
    found = _np_then_verb(ctx, toks, span.open)
    if found is None or (strict and not _short_clause(toks, found[1])):
        return None
    # '"…." Merkel said "…"', '"…" Trump said: "…"': the clause introduces the next quote
    introduces = (
        strict or ctx.masked[span.close : nxt.open].rstrip().endswith(":") if nxt else False
    )
    if nxt is not None and introduces and ctx.hard_end(span.close) > nxt.open:
        return None
    return found[0]


def _sentence_final(ctx: _Context, span: _Span, nxt: _Span | None) -> _Found | None:
    """``"…" and Clevelanders get nervous, said Christine Link.``: an attribution closing the
    sentence after the quote."""
    if not span.closed:
        return None
    toks = _after_segment(ctx, span, nxt)
    for c in range(len(toks) - 2, 0, -1):
        if toks[c].text != ",":
            continue
        rest = toks[c + 1 :]
        verb = ctx.verb(rest[0])
        if verb and verb not in _NOT_INVERTIBLE and ctx.finite(rest[0]):
            n = _np_length(rest[1:])
            if n and (1 + n >= len(rest) or rest[1 + n].text in ",.;"):
                return _Found(_resolve_np(ctx, rest[1 : 1 + n], span.open).speaker, rest[0].low)
        found = _np_then_verb(ctx, rest, span.open)
        if found and _short_clause(rest, found[1]):
            return found[0]
    return None


def _short_clause(toks: list[_Tok], verb_at: int) -> bool:
    """``Putin said.`` or ``Putin said in a speech.``, not ``Putin said Russia would ...``."""
    k = verb_at + 1
    if k < len(toks) and toks[k].low in ("reporters", "journalists"):
        k += 1
    return k >= len(toks) or toks[k].text in ".,;:" or toks[k].low in _CLAUSE_END


def _np_then_verb(ctx: _Context, toks: list[_Tok], pos: int) -> tuple[_Found, int] | None:
    """A noun phrase at the start of ``toks`` followed by a speech verb."""
    n = _np_length(toks, ctx.tags)
    if not n:
        return None
    k = n
    subject = toks[:n]
    if k < len(toks) and toks[k].text == ",":  # appositive: "Smith, a spokesman for X, said"
        close = _apposition_end(ctx, toks, k)
        if close is None:
            return None
        subject = _prefer_name(subject, toks[k + 1 : close])
        k = close + 1
    while k < len(toks) and _adverb(ctx, toks[k]):
        k += 1
    if k >= len(toks) or not ctx.verb(toks[k]) or not ctx.finite(toks[k]):
        return None
    return _Found(*_resolve_np(ctx, subject, pos).astuple(toks[k].low)), k


def _apposition_end(ctx: _Context, toks: list[_Tok], k: int) -> int | None:
    """The comma closing the apposition opened at ``k``: the last comma before a speech verb
    ("Anne Richards, assistant secretary for population, refugees, and migration, said")."""
    for j in range(k + 1, min(len(toks), k + 40)):
        if ctx.verb(toks[j]) and ctx.finite(toks[j]):
            i = j
            while i > k and _adverb(ctx, toks[i - 1]):
                i -= 1
            return i - 1 if i - 1 > k and toks[i - 1].text == "," else None
    return None


def _adverb(ctx: _Context, tok: _Tok) -> bool:
    """Words between a speaker and the verb: "also", "has", "later", "gingerly" ..."""
    if ctx.verb(tok):
        return False
    return tok.low in _AUX or ctx.tags.get(tok.start, "") in ("RB", "RBR", "MD")


def _prefer_name(np: list[_Tok], apposition: list[_Tok]) -> list[_Tok]:
    """ "A top strategist, John Weaver, said": the name in apposition over the description."""
    words = [t for t in apposition if re.match(r"\w", t.text)]
    if (
        np
        and not np[-1].cap
        and words
        and len(words) <= 4
        and all(t.cap or t.low in _NAME_JOINERS for t in words)
    ):
        return apposition
    return np


def _np_length(toks: list[_Tok], tags: dict[int, str] | None = None) -> int:
    """How many tokens at the start form a speaker noun phrase (0: none)."""
    if not toks or toks[0].low in _NP_BAD_START or not re.match(r"\w", toks[0].text):
        return 0
    if toks[0].low in _PRONOUNS:
        return 1
    j = 0
    depth = 0
    while j < len(toks) and j < 12:
        tok = toks[j]
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
        elif depth == 0 and j and _ends_np(tok, j, tags):
            break
        j += 1
    return j


def _ends_np(tok: _Tok, j: int, tags: dict[int, str] | None) -> bool:
    if not (re.match(r"\w", tok.text) or tok.text in ".-&"):
        return True
    if not tok.text.islower():
        return False
    if tok.low in _NP_STOP or (tok.low in _AUX and j > 0):
        return True
    if tags:
        return tags.get(tok.start, "").startswith(("VB", "MD"))
    return tok.text in _SPEECH_VERBS


def _np_forward(ctx: _Context, toks: list[_Tok], k: int, cue: str, pos: int) -> _Found | None:
    rest = toks[k:]
    n = _np_length(rest, ctx.tags)
    if not n:
        return None
    if rest[0].low in _PRONOUNS and rest[0].low not in ("he", "she", "they", "i", "we"):
        return None
    return _Found(*_resolve_np(ctx, rest[:n], pos).astuple(cue))


def _leading(ctx: _Context, lo: int, hi: int) -> _Found | None:
    """Attribution before the quote in its sentence: colon form, a speech verb with its
    subject (finite verbs first, the nearest first), ``according to X``."""
    toks = ctx.tokens(lo, hi)
    if not toks:
        return None
    fallback = None
    if toks[-1].text == ":" and len(toks) > 1 and not ctx.verb(toks[-2]):
        n = _np_back(toks, len(toks) - 1)
        start = len(toks) - 1 - n
        if n and (start == 0 or toks[start - 1].low in ("from", "by", ",", "\u2014")):
            who = _resolve_np(ctx, toks[len(toks) - 1 - n : -1], hi)
            if who.speaker:
                return _Found(who.speaker, "colon")
    verbs = [
        k for k in range(len(toks)) if ctx.verb(toks[k]) and not (k and toks[k - 1].low == "to")
    ]
    finite = [k for k in verbs if ctx.finite(toks[k])]
    for k in range(len(toks) - 2, -1, -1):
        if toks[k].low == "according" and toks[k + 1].low == "to":
            found = _np_forward(ctx, toks, k + 2, "according to", hi)
            if found and (found.speaker or found.definite):
                return found
    for k in reversed(finite):
        found = _verb_subject(ctx, toks, k, hi)
        if found and (found.speaker or found.definite):
            return found
        fallback = fallback or found
    for k in reversed([v for v in verbs if v not in finite]):
        if k > 0 and toks[k - 1].text == ",":
            subject = _subject(ctx, lo, hi)
            if subject:
                return _Found(subject, toks[k].low)
            continue
        found = _verb_subject(ctx, toks, k, hi)
        if found and found.speaker:
            return found
    return fallback


def _verb_subject(ctx: _Context, toks: list[_Tok], k: int, pos: int) -> _Found | None:
    if k > 0 and toks[k - 1].low in _BE:  # passive: "Trump was asked (by X)"
        if k + 1 < len(toks) and toks[k + 1].low == "by":
            return _np_forward(ctx, toks, k + 2, toks[k].low, pos)
        return _Found(None, toks[k].low)
    subject = _subject_before(ctx, toks, k)
    if subject:
        return _Found(*_resolve_np(ctx, subject, pos).astuple(toks[k].low))
    base = ctx.verb(toks[k])
    if base and base not in _NOT_INVERTIBLE:  # "said Putin: ..."
        rest = toks[k + 1 :]
        m = _np_length(rest)
        if (
            m
            and rest[0].cap
            and rest[0].low not in _STOP_CAPS
            and (m >= len(rest) or rest[m].text in ",:")
        ):
            return _np_forward(ctx, toks, k + 1, toks[k].low, pos)
    return None


def _subject_before(ctx: _Context, toks: list[_Tok], k: int) -> list[_Tok]:
    """The noun phrase before the verb at ``k``, over adverbs and an apposition."""
    j = k
    while j > 0 and _adverb(ctx, toks[j - 1]):
        j -= 1
    apposition: list[_Tok] = []
    if j > 0 and toks[j - 1].text == ",":  # "Putin, in an interview ..., said"
        opening = next((i for i in range(j - 2, max(-1, j - 32), -1) if toks[i].text == ","), None)
        if opening is None or opening == 0:
            return []
        apposition = toks[opening + 1 : j - 1]
        j = opening
    n = _np_back(toks, j)
    return _prefer_name(toks[j - n : j], apposition) if n else []


def _np_back(toks: list[_Tok], j: int) -> int:
    """Length of the speaker noun phrase ending just before token ``j`` (0: none)."""
    if j <= 0:
        return 0
    i = j
    if toks[i - 1].text == ")":  # "Gov. John Kasich (R-OH)"
        opening = next((x for x in range(i - 2, max(-1, i - 8), -1) if toks[x].text == "("), None)
        if opening is None:
            return 0
        i = opening
    if i <= 0:
        return 0
    last = toks[i - 1]
    if last.low in _PRONOUNS and i == j:
        return 1
    if (last.cap and last.low not in _STOP_CAPS) or (
        last.text == "." and i > 1 and toks[i - 2].cap
    ):
        while i > 0 and (
            (toks[i - 1].cap and toks[i - 1].low not in _STOP_CAPS)
            or (toks[i - 1].text == "." and i > 1 and toks[i - 2].cap)
            or toks[i - 1].low in _NAME_JOINERS
        ):
            i -= 1
        return j - i
    start = i - 1
    while start >= 0 and i - start <= 7 and re.match(r"\w", toks[start].text):
        low = toks[start].low
        if (
            low in _DETERMINERS
            or re.fullmatch(r"\w+[\u2019']s", toks[start].text)
            or (low.isdigit() and start < i - 1)
        ):
            return j - start
        if low in _NP_BAD_START or (
            toks[start].text.islower() and (_SPEECH_VERBS.get(low) or low in _AUX)
        ):
            break
        start -= 1
    if last.low in _GENERIC_HEADS:
        return j - i + 1
    return 0


def _subject(
    ctx: _Context, lo: int, hi: int, depth: int = 0, *, first_person: bool = True
) -> str | None:
    """The subject of the sentence part [lo, hi): a pronoun opening it, the noun phrase before
    its first verb when that names someone, else its first person."""
    toks = ctx.tokens(lo, hi)
    if toks and toks[0].low in _SUBORDINATORS:  # "After reporter X finished, Grimm said"
        comma = next((k for k, t in enumerate(toks) if t.text == ","), None)
        if comma is not None:
            lo, toks = toks[comma].end, toks[comma + 1 :]
    head = [t for t in toks[:3] if t.low not in ("but", "and", "so", "yet", "still", "now")]
    if head and head[0].low in ("he", "she") and ctx.sent_start(head[0].start) >= toks[0].start - 2:
        start = ctx.sent_start(head[0].start)
        return _pronoun(ctx, start, depth + 1, head[0].low) if depth < 2 else None
    found = _finite_subject(ctx, toks, hi, depth)
    if found or not first_person:
        return found
    persons = [m for m in ctx.names.persons_before(hi, lo) if not _modifier(ctx, m)]
    if not persons:
        return None
    # "X that confounded Kennedy drew the ire of Scalia, who said ...": the one who spoke
    speaking = [m for m in persons if _relative_speaker(ctx, m.end)]
    return ctx.names.fullest((speaking or persons)[0].name)


#: ``, who said`` / ``who told`` right after a name: a relative clause saying it spoke
_WHO_VERB = re.compile(r",?\s+who\s+([a-z]+)\b(?:\s+([a-z]+)\b)?")


def _relative_speaker(ctx: _Context, end: int) -> bool:
    """Whether the name ending at ``end`` is followed by a relative clause with a speech verb
    ("Scalia, who said", "Scalia who had told")."""
    m = _WHO_VERB.match(ctx.body, end)
    return m is not None and any(w in _SPEECH_VERBS for w in m.groups() if w)


def _finite_subject(ctx: _Context, toks: list[_Tok], hi: int, depth: int) -> str | None:
    """The person before the first finite verb ("Putin said no and ..."; "he decried")."""
    for k, tok in enumerate(toks[:25]):
        tag = ctx.tags.get(tok.start, "")
        if tag in ("VBD", "VBZ", "VBP", "MD") or (not ctx.tags and ctx.verb(tok)):
            subject = _subject_before(ctx, toks, k)
            if len(subject) == 1 and subject[0].low in ("he", "she"):
                start = ctx.sent_start(subject[0].start)
                return _pronoun(ctx, start, depth + 1, subject[0].low) if depth < 2 else None
            # a name, or a role the article gives a person ("the chief justice asked ...")
            if subject and (subject[-1].cap or subject[0].low in ("the", "this", "that")):
                who = _resolve_np(ctx, subject, hi)
                if who.speaker and ctx.names.is_person(who.speaker):
                    return who.speaker
            return None
    return None


def _modifier(ctx: _Context, m: _Mention) -> bool:
    """A name used as a modifier: "the Obama administration" (a possessive, "Clinton's
    campaign said", still points at its owner)."""
    return ctx.body[max(0, m.start - 4) : m.start].lower().endswith(("the ", " a ", "an "))


def _subject_found(ctx: _Context, lo: int, hi: int) -> _Found | None:
    if not ctx.tokens(lo, hi):
        return None
    subject = _subject(ctx, lo, hi)
    return _Found(subject, "subject") if subject else None


def _after_colon(ctx: _Context, span: _Span) -> _Found | None:
    """A quote opening a paragraph after one that ends with a colon (``Cruz continued:``)."""
    para = ctx.para_of(span.open)
    if para == 0 or ctx.paras[para][0] != span.open:
        return None
    lo, hi = ctx.paras[para - 1]
    if not ctx.body[lo:hi].rstrip().endswith(":"):
        return None
    return _leading(ctx, ctx.sent_start(hi - 1), hi)


@dataclass(frozen=True)
class _Who:
    speaker: str | None
    definite: bool

    def astuple(self, cue: str) -> tuple[str | None, str, bool]:
        return self.speaker, cue, self.definite


def _resolve_np(ctx: _Context, toks: list[_Tok], pos: int) -> _Who:
    """A speaker noun phrase as a name: proper name, pronoun or description."""
    toks = _drop_brackets(toks)
    if not toks:
        return _Who(None, False)
    first = toks[0].low
    if len(toks) == 1 and first in _PRONOUNS:
        if first not in ("he", "she"):
            return _Who(None, True)
        start = ctx.sent_start(toks[0].start)
        inside = _subject(ctx, start, toks[0].start, 1, first_person=False)  # "Ryan ... what he"
        if inside and not ctx.names.agrees(inside, first):
            inside = None
        return _Who(inside or _pronoun(ctx, ctx.sent_start(pos), 0, first), True)
    last = toks[-1]
    if first in _DETERMINERS and last.low in _TITLES | set(_HEAD_SYNONYMS) | _GENERIC_HEADS:
        return _description(ctx, toks, pos)
    if last.cap or last.text == ".":
        name = _name_at(ctx, toks)
        if name:
            return _Who(name, True)
    return _description(ctx, toks, pos)


def _drop_brackets(toks: list[_Tok]) -> list[_Tok]:
    out, depth = [], 0
    for tok in toks:
        depth += tok.text == "("
        if not depth:
            out.append(tok)
        depth -= tok.text == ")" and depth > 0
    return out


def _name_at(ctx: _Context, toks: list[_Tok]) -> str | None:
    start, end = toks[0].start, toks[-1].end
    persons = [m for m in ctx.names.between(start, end) if m.label == "PERSON"]
    if persons:  # "Representative Mike Thompson of California"
        return ctx.names.fullest(persons[-1].name)
    mention = ctx.names.at(start, end)
    if mention is not None and mention.end >= end - 3:
        if mention.label == "PERSON" or ctx.names.is_person(mention.name):
            return ctx.names.fullest(mention.name)
        if mention.label in ("ORG", "GPE", "NORP"):
            return mention.name
    i = len(toks)
    while i > 0 and (
        toks[i - 1].cap or toks[i - 1].text == "." or toks[i - 1].low in _NAME_JOINERS
    ):
        i -= 1
    if i == len(toks):
        return None
    run = ctx.body[toks[i].start : end]
    name = _strip_name(run)
    if name and not ctx.names.is_person(name):  # "The State Department", not "Department"
        name = re.sub(r"^(?:the|a|an)\s+", "", run, flags=re.IGNORECASE).rstrip(".")
    if name and name[0].isupper() and name.lower() not in _TITLES | _STOP_CAPS:
        return ctx.names.fullest(name)
    return None


def _description(ctx: _Context, toks: list[_Tok], pos: int) -> _Who:
    """ "the French president" -> the person the article calls "French President ..."; a
    description holding a proper name ("a Clinton campaign spokesman") stays as written."""
    words = [t for t in toks if re.match(r"\w", t.text)]
    while words and words[0].low in _DETERMINERS | _NP_BAD_START:
        words = words[1:]
    if not words:
        return _Who(None, False)
    head = words[-1].low
    personal = (
        head in _TITLES
        or head in _HEAD_SYNONYMS
        or head in _GENERIC_HEADS
        or (len(words) <= 6 and not any(ctx.tags.get(w.start, "").startswith("VB") for w in words))
    )
    if head in _TITLES or head in _HEAD_SYNONYMS:
        modifiers = {w.low for w in words[:-1] if w.low not in _SMALL_WORDS}
        definite = toks[0].low in ("the", "this", "that")
        name = ctx.names.titled(head, modifiers, pos, strict=not definite)
        if name:
            return _Who(name, True)
    if personal and any(w.cap for w in words):
        return _Who(ctx.body[words[0].start : words[-1].end], True)
    return _Who(None, personal or toks[0].low in _DETERMINERS)


def _pronoun(ctx: _Context, before: int, depth: int = 0, pronoun: str = "he") -> str | None:
    """The person "he" or "she" stands for: the subject of the nearest of the four previous
    sentences (within two paragraphs) that names one, skipping a person the article calls
    "Mrs." when the pronoun is "he" and "Mr." when it is "she"."""
    k = bisect.bisect_right(ctx.sents, before) - 1
    para = ctx.para_of(before)
    for _ in range(4):
        k -= 1
        if k < 0 or para - ctx.para_of(ctx.sents[k]) > 2:
            break
        lo, hi = ctx.sents[k], ctx.sents[k + 1]
        subject = _subject(ctx, lo, hi, depth)
        if subject and ctx.names.agrees(subject, pronoun):
            return subject
    return None


#: Dependency labels of a noun phrase's own words (kept when the phrase is written out).
_NP_DEPS = {"det", "compound", "amod", "nummod", "poss", "case", "nmod", "punct"}


def _speech_verb(tok: Token) -> bool:
    return tok.tag_.startswith("VB") and tok.text.lower() in _SPEECH_VERBS


def _event(ctx: _Context, span: _Span) -> Token | None:
    """The speech verb (or "according") the quote at ``span`` depends on, if any: the nearest
    ancestor outside the quote, or a speech verb hanging from the quote ("…," he said); both
    within the quote's sentence (the parser may join sentences the segmenter split)."""
    doc = ctx.doc
    if doc is None:
        return None
    lo = bisect.bisect_left(ctx.tok_starts, span.start)
    hi = bisect.bisect_left(ctx.tok_starts, span.end)
    if lo >= hi:
        return None
    para = ctx.paras[ctx.para_of(span.open)]
    first = max(ctx.sent_start(span.open), para[0])
    last = min(ctx.hard_end(span.close), para[1])

    def near(tok: Token) -> bool:
        return first <= tok.idx < last

    def said(tok: Token) -> bool:  # a speech verb of the narrative, not of another quote
        return _speech_verb(tok) and ctx.masked[tok.idx] != _MASK

    for i in range(lo, hi):
        cur = doc[i].head
        for _ in range(8):
            if lo <= cur.i < hi or not near(cur):
                break
            if said(cur) or cur.lower_ == "according":
                return cur
            if cur.head.i == cur.i:
                break
            cur = cur.head
    for i in range(lo, hi):
        for child in doc[i].children:
            if child.i >= hi and near(child) and said(child) and child.dep_ != "xcomp":
                return child
    return None


def _structural(ctx: _Context, span: _Span) -> _Found | None:
    """The speaker read from the speech event's structure: the subject of the speech verb the
    quote depends on (over ``and``-joined verbs and relative clauses), the agent of a passive,
    the object of ``according to``."""
    verb = _event(ctx, span)
    if verb is None:
        return None
    if verb.lower_ == "according":
        obj = [c for t in verb.children if t.lower_ == "to" for c in t.children if c.dep_ == "pobj"]
        who = _np_speaker(ctx, obj[0], span.open) if obj else None
        return _Found(who, "according to") if who else None
    cue = verb.text.lower()
    cur = verb
    for _ in range(3):
        subjects = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            subject = subjects[0]
            if subject.dep_ == "nsubjpass":
                agents = [p for c in cur.children if c.dep_ == "agent" for p in c.children]
                who = _np_speaker(ctx, agents[0], span.open) if agents else None
                return _Found(who, cue) if who else None
            if subject.lower_ in ("who", "that", "which") and cur.dep_ == "relcl":
                subject = _antecedent(subject)
            if ctx.masked[subject.idx] == _MASK:  # a word of a quote is no speaker
                return None
            who = _np_speaker(ctx, subject, span.open)
            if who and subject.tag_ == "NNP":
                who = _conjoined(ctx, subject, who, span.open)
            return _Found(who, cue) if who else _Found(None, cue, definite=False)
        if cur.dep_ in ("conj", "xcomp", "advcl") and cur.head.i != cur.i:
            cur = cur.head
            continue
        break
    return None


def _conjoined(ctx: _Context, subject: Token, who: str, pos: int) -> str:
    """ "A and B" for a subject of two names joined by "and" ("Nebraska and Oklahoma complained
    about ..."): the quote is both speakers'.  Proper names only: "Smith and his lawyer said"
    stays Smith's."""
    for conj in subject.children:
        if (
            conj.dep_ == "conj"
            and conj.tag_ == "NNP"
            and any(c.dep_ == "cc" and c.lower_ == "and" for c in subject.children)
        ):
            other = _np_speaker(ctx, conj, pos, 1)
            if other and other != who:
                return f"{who} and {other}"
    return who


def _antecedent(relative: Token) -> Token:
    """What the relative pronoun ``relative`` ("who", "that") of a relative clause stands for:
    the word its clause hangs from, or the proper name right before the pronoun when the clause
    hangs from a common noun ("the ire of Justice X who said ...": the parser often attaches
    the clause to "ire", but the one who said is X)."""
    head = relative.head.head
    before = relative.nbor(-1) if relative.i > 0 else None
    if before is not None and before.text == "," and before.i > 0:
        before = before.nbor(-1)
    if head.tag_ != "NNP" and before is not None and before.tag_ == "NNP" and before.i > head.i:
        return before
    return head


def _np_speaker(ctx: _Context, head: Token, pos: int, depth: int = 0) -> str | None:
    """The speaker a noun phrase (given by its head token) names: a name, a role resolved to
    the person the article gives it, a pronoun's antecedent, a document as the article names
    it ("the lawsuit") or the person it comes from ("the statement from X")."""
    low = head.lower_
    if depth > 2:
        return None
    if head.tag_ == "PRP":
        if low not in ("he", "she"):
            return None
        return (
            _pronoun_dep(ctx, head, low)
            or _resolve_np(ctx, ctx.tokens(head.idx, head.idx + len(head)), pos).speaker
        )
    names = [c for c in head.children if c.dep_ == "appos" and c.tag_ == "NNP"]
    if not names and head.tag_ != "NNP":  # "a lawyer for Mr. X, William Y": Y hangs from X
        names = [
            a
            for p in head.children
            if p.dep_ == "prep"
            for o in p.children
            if o.dep_ == "pobj"
            for a in o.children
            if a.dep_ == "appos" and a.tag_ == "NNP"
        ]
    if names and head.tag_ != "NNP":
        return _np_speaker(ctx, names[0], pos, depth + 1)
    if low in _PARTS:
        of = [p for c in head.children if c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        if of:
            return _np_speaker(ctx, of[0], pos, depth + 1)
    if low in _DOCUMENTS and head.tag_.startswith("NN") and head.tag_ != "NNP":
        return _document(ctx, head, pos, depth)
    assert ctx.doc is not None
    left = min([head.i] + [c.left_edge.i for c in head.lefts if c.dep_ in _NP_DEPS])
    toks = ctx.tokens(ctx.doc[left].idx, head.idx + len(head))
    who = _resolve_np(ctx, toks, pos).speaker if toks else None
    if head.tag_ == "NNP" and not (who and ctx.names.is_person(who)):
        # "Ukraine's Deputy Prime Minister for ... Olha Stefanishyna": the name after the head
        right = head
        for t in ctx.doc[head.i + 1 : head.right_edge.i + 1]:
            if t.tag_.startswith("VB") or t.text in _DOUBLE or t.text in ",;:(—–":
                break
            right = t
        if right is not head:
            wider = _resolve_np(ctx, ctx.tokens(ctx.doc[left].idx, right.idx + len(right)), pos)
            if wider.speaker and ctx.names.is_person(wider.speaker):
                return wider.speaker
    return who


def _document(ctx: _Context, head: Token, pos: int, depth: int) -> str | None:
    """A document as speaker: the person it comes from ("the statement from Grimm's lawyer,
    X"; "X's statement"), the one an earlier mention of it came from, else its name as the
    article writes it (a shorter head widened to an earlier one: "the suit" -> "the lawsuit")."""
    low = head.lower_
    who = _source(ctx, head, pos, depth)
    if who:
        return who
    if ctx.sources is None:  # once per article: "the statement from X" anywhere in it
        ctx.sources = {}
        for tok in ctx.doc or ():
            if tok.lower_ in _DOCUMENTS and tok.tag_ in ("NN", "NNS"):
                ctx.parse(tok.idx, tok.idx + 1)
                _source(ctx, tok, tok.idx, 0)
    if low in ctx.sources:
        return ctx.sources[low]
    left = min([head.i] + [c.left_edge.i for c in head.lefts if c.dep_ in _NP_DEPS])
    assert ctx.doc is not None
    written = ctx.doc[left : head.i + 1].text
    if ctx.doc[left].lower_ in _DETERMINERS:
        written = written[:1].lower() + written[1:]
    for earlier, name in ctx.documents.items():
        if earlier != low and earlier.endswith(low):
            return name
    ctx.documents.setdefault(low, written)
    return written


def _source(ctx: _Context, head: Token, pos: int, depth: int) -> str | None:
    """The person a document comes from: "the statement from X", "X's statement"."""
    owners = [
        o
        for c in head.children
        if c.dep_ == "prep" and c.lower_ in ("from", "by")
        for o in c.children
        if o.dep_ == "pobj"
    ]
    owners += [c for c in head.children if c.dep_ == "poss" and c.tag_ == "NNP"]
    for owner in owners:
        who = _np_speaker(ctx, owner, pos, depth + 1)
        if who and ctx.names.is_person(who):
            if ctx.sources is not None:
                ctx.sources.setdefault(head.lower_, who)
            return who
    return None


def _pronoun_dep(ctx: _Context, pron: Token, pronoun: str, depth: int = 0) -> str | None:
    """The person "he"/"she" stands for, from the parse: in the pronoun's own sentence, the
    subject of a verb before it; else, in the previous sentences (within two paragraphs), the
    subject of the last speech verb, then of the main verb, that names a person of that
    gender."""
    doc = ctx.doc
    assert doc is not None
    sent = pron.sent
    para = ctx.para_of(pron.idx)

    def candidates() -> Iterator[list[Token]]:
        yield [t for t in sent if t.i < pron.i]
        start = sent.start
        for _ in range(4):
            if start == 0:
                break
            prev = doc[start - 1].sent
            if para - ctx.para_of(prev.start_char) > 2:
                break
            ctx.parse(prev.start_char, prev.end_char)
            yield list(prev)
            start = prev.start

    for toks in candidates():
        subjects = [t for t in toks if t.dep_ == "nsubj"]
        speech = [t for t in subjects if _speech_verb(t.head)]
        roots = [t for t in subjects if t.head.dep_ == "ROOT"]
        for subject in [*reversed(speech), *roots]:
            if subject.lower_ in ("who", "that") and subject.head.dep_ == "relcl":
                subject = _antecedent(subject)
            if subject.tag_ == "PRP":
                if subject.lower_ != pronoun or depth >= 2:
                    continue
                return _pronoun_dep(ctx, subject, pronoun, depth + 1)
            who = _np_speaker(ctx, subject, pron.idx, 1)
            if who and ctx.names.is_person(who) and ctx.names.agrees(who, pronoun):
                return who
    return None
