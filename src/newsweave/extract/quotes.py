"""Direct quotations in an article body, with who said them.

The work runs in two passes over the clean body:

1. **Marks.**  Every quotation mark is given a role (opens, closes, either) from its glyph and
   from what stands either side of it, then a small state machine pairs them paragraph by
   paragraph.  Double marks (“…”, "…", „…“, «…») are paired first; single marks (‘…’, '…') only
   outside them and only when a plausible closing mark exists, so apostrophes (don’t, Russia's,
   ’90s, rock 'n' roll, the Clintons' house) never open a quote.  A quote left open at the end of
   a paragraph continues when the next paragraph opens with a mark (the newspaper convention for
   long quotations); otherwise it ends with its paragraph and never runs past ``MAX_UNCLOSED``
   characters.
   A mark of the other style inside an open quote (“…” inside "…") is a nested quote.
   Title Case names in marks ("New Materials and Chemistry") are names, not quotations.
2. **Speakers.**  The text outside quotes is cut into sentences; each quote is tried, in order,
   against the words after it up to the end of its sentence (``"…," Putin said``, ``"…," said
   Putin``, ``"…," according to Putin``), the words before it from the start of its sentence
   or the previous quote (``Putin: "…"``, ``Putin said that "…"``; finite speech verbs first,
   the nearest first), a sentence-closing ``…, said X.``, the other part of a split quote, a
   paragraph ending with a colon, the sentence's subject (``Putin praised Trump for using
   "…"``) and, for a quote opening its sentence, the quote before it or the subject of the
   sentence before.  The noun phrase next to a speech verb is read as a name (a run of
   capitalised words, narrowed to a spaCy entity when a parse is given; part-of-speech tags
   tell verbs from nouns), a pronoun ("he", "she": the subject of the clause before it or of
   the previous sentences), or a description: "the French president" is resolved through the
   titles the article puts next to names ("French President Emmanuel Macron"; "a Kremlin
   spokesman" only when exactly one person fits), else kept as written when it holds a proper
   name ("Clinton campaign spokesman"), else no speaker.  Names are widened to the fullest form
   the article uses ("Putin" -> "Vladimir Putin").

Why not textacy's ``direct_quotations``: it needs a dependency parse (newsweave runs spaCy
without the parser for speed), knows only double marks inside one paragraph and returns the
speaker as written ("he", "the president"), not a name.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from newsweave.models import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["MAX_UNCLOSED", "extract_quotes"]

log = logging.getLogger(__name__)

#: An unclosed quotation never runs further than this many characters.
MAX_UNCLOSED = 1200

_MASK = "\ue000"  # stands in for quoted text when reading the words around quotes

# --- quotation marks ---------------------------------------------------------------------------

_DOUBLE = {
    "\u201c": "open",
    "\u201e": "open",
    "\u00ab": "open",
    "\u201d": "close",
    "\u00bb": "close",
    '"': "either",
    "\u201f": "open",
    "\u2033": "either",
}
_SINGLE = {
    "\u2018": "open",
    "\u2019": "close",
    "'": "either",
    "\u201a": "open",
    "\u2039": "open",
    "\u203a": "close",
}
_OPENERS_BEFORE = "([{\u2014\u2013-/"  # a mark after these opens
_CLOSERS_AFTER = ",.;:!?)]}\u2014\u2013-\u2026/"  # a mark before these closes
#: Words that an apostrophe opens: 'n', 'em, 'til, 'cause, '90s ...
_ELISION = re.compile(
    r"(?:n['\u2019]|em\b|til\b|tis\b|twas\b|cause\b|round\b|bout\b|\d\ds?\b)", re.IGNORECASE
)

# --- words ----------------------------------------------------------------------------------

_VERB_WORDS = (
    "say tell add continue remark state write note explain argue insist declare claim warn "
    "recall reply respond tweet post acknowledge admit announce suggest ask answer observe quip "
    "joke cry shout exclaim conclude concede complain assert predict promise vow boast mention "
    "emphasize emphasise stress urge recount describe call praise blame accuse dub label term "
    "wonder muse report testify charge counter retort plead confirm deny demand proclaim "
    "whisper yell chant read text email elaborate lament caution reiterate agree disagree "
    "summarize summarise marvel scoff sneer snap interject affirm allege contend maintain "
    "opine reason speculate tout hail dismiss decry condemn criticize criticise brag gush "
    "pledge signal indicate highlight assure echo bark mock tease riff thunder gripe"
)
_VERB_BASES = _VERB_WORDS.split()
_IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "writing", "written"),
    "read": ("read", "reads", "reading"),
    "cry": ("cry", "cries", "cried", "crying"),
    "reply": ("reply", "replies", "replied", "replying"),
    "deny": ("deny", "denies", "denied", "denying"),
    "quip": ("quip", "quips", "quipped", "quipping"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "snap": ("snap", "snaps", "snapped", "snapping"),
    "testify": ("testify", "testifies", "testified", "testifying"),
    "plead": ("plead", "pleads", "pleaded", "pled", "pleading"),
    "label": ("label", "labels", "labeled", "labelled", "labeling", "labelling"),
    "signal": ("signal", "signals", "signaled", "signalled", "signaling"),
    "dub": ("dub", "dubs", "dubbed", "dubbing"),
    "term": ("term", "terms", "termed", "terming"),
    "email": ("email", "emails", "emailed", "emailing"),
    "brag": ("brag", "brags", "bragged", "bragging"),
}


def _forms(base: str) -> tuple[str, ...]:
    if base in _IRREGULAR:
        return _IRREGULAR[base]
    stem = base[:-1] if base.endswith("e") else base
    third = base + "es" if base.endswith(("s", "sh", "ch", "x")) else base + "s"
    return base, third, stem + "ed", stem + "ing"


_SPEECH_VERBS: dict[str, str] = {f: base for base in _VERB_BASES for f in _forms(base)}
#: Verbs whose following noun phrase is the listener or the target, never the speaker.
_NOT_INVERTIBLE = {
    "tell",
    "call",
    "praise",
    "blame",
    "accuse",
    "dub",
    "label",
    "term",
    "urge",
    "describe",
    "hail",
    "dismiss",
    "decry",
    "condemn",
    "criticize",
    "criticise",
    "highlight",
    "signal",
    "indicate",
    "demand",
    "promise",
    "tout",
    "confirm",
    "deny",
    "mention",
    "email",
    "text",
    "read",
    "post",
    "charge",
    "counter",
}
_AUX = {
    "also",
    "later",
    "then",
    "once",
    "previously",
    "recently",
    "again",
    "repeatedly",
    "has",
    "had",
    "have",
    "would",
    "will",
    "reportedly",
    "further",
    "simply",
    "just",
    "only",
    "flatly",
    "publicly",
    "privately",
    "famously",
    "memorably",
    "often",
    "frequently",
    "initially",
    "first",
    "finally",
    "quickly",
    "bluntly",
    "angrily",
    "told",
    "went",
    "on",
    "to",
    "since",
    "then-",
    "himself",
    "herself",
    "did",
    "does",
    "not",
    "never",
    "could",
    "can",
    "may",
    "might",
    "should",
    "must",
    "is",
    "was",
    "were",
    "are",
    "been",
}
_PRONOUNS = {
    "he": "m",
    "she": "f",
    "i": "s",
    "we": "p",
    "they": "p",
    "it": "n",
    "him": "m",
    "her": "f",
}
_DETERMINERS = {
    "the",
    "a",
    "an",
    "another",
    "one",
    "two",
    "three",
    "several",
    "many",
    "some",
    "his",
    "her",
    "their",
    "its",
    "this",
    "that",
    "these",
    "those",
    "other",
    "our",
    "both",
    "most",
    "few",
    "each",
    "every",
    "any",
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: month abbreviations ("Feb. 12"): neither a name that opens a sentence nor its end
_MONTH_ABBREVIATIONS = (
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"
)  # fmt: skip
_STOP_CAPS = {
    "the",
    "a",
    "an",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "in",
    "on",
    "at",
    "of",
    "for",
    "to",
    "with",
    "by",
    "from",
    "as",
    "after",
    "before",
    "when",
    "while",
    "if",
    "since",
    "though",
    "although",
    "because",
    "meanwhile",
    "however",
    "still",
    "then",
    "now",
    "also",
    "earlier",
    "later",
    "today",
    "yesterday",
    "tomorrow",
    "asked",
    "speaking",
    *_WEEKDAYS,
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "there",
    "here",
    "what",
    "who",
    "why",
    "how",
    "where",
    "which",
    "details",
    "quote",
    "background",
    "update",
    "source",
    "according",
    "last",
    "next",
    "instead",
    "indeed",
    "moreover",
    "furthermore",
    "nonetheless",
    "nevertheless",
    "finally",
    "first",
    "second",
    "third",
    "all",
    "some",
    "many",
    "most",
    "no",
    "not",
    "yes",
    "well",
    "just",
    "even",
    "only",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    *_MONTH_ABBREVIATIONS,
    "said",
    "says",
    "told",
    "added",
    "writing",
    "saying",
}
_TITLES = {
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "senator",
    "sen",
    "rep",
    "representative",
    "gov",
    "governor",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "gen",
    "general",
    "col",
    "colonel",
    "lt",
    "sgt",
    "capt",
    "captain",
    "adm",
    "admiral",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "rev",
    "reverend",
    "judge",
    "justice",
    "mayor",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chief",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "ceo",
    "leader",
    "speaker",
    "deputy",
    "foreign",
    "defense",
    "defence",
    "treasury",
    "state",
    "attorney",
    "commissioner",
    "sir",
    "dame",
    "lord",
    "lady",
    "former",
    "then",
    "acting",
    "nominee",
    "candidate",
    "candidates",
    "host",
    "anchor",
    "correspondent",
    "analyst",
    "economist",
    "adviser",
    "advisor",
    "strategist",
    "pollster",
    "executive",
    "officer",
    "head",
    "member",
    "founder",
    "premier",
    "presidential",
    "democratic",
    "republican",
    "gop",
    "u.s",
    "us",
    "uk",
    "eu",
    "un",
    "st",
    "supreme",
    "federal",
    "national",
    "senior",
    "sheriff",
    "detective",
    "agent",
    "commander",
    "marshal",
    "emir",
    "sheikh",
    "ayatollah",
    "patriarch",
    "bishop",
    "cardinal",
    "archbishop",
    "rabbi",
    "imam",
    "coach",
    "manager",
    "economy",
    "finance",
    "interior",
    "health",
    "energy",
    "trade",
    "commerce",
    "labor",
    "labour",
    "education",
}
#: Words a description's head can stand for ("the Russian leader" -> "Russian President ...").
_HEAD_SYNONYMS = {
    "leader": {"president", "premier", "prime", "chancellor", "leader", "king", "head"},
    "head": {"president", "chief", "head", "director", "chairman", "leader"},
    "president": {"president", "leader"},
    "premier": {"premier", "prime", "leader"},
    "official": {"official", "spokesman", "spokeswoman", "spokesperson", "minister", "secretary"},
    "spokesperson": {"spokesman", "spokeswoman", "spokesperson"},
    "spokesman": {"spokesman", "spokesperson"},
    "spokeswoman": {"spokeswoman", "spokesperson"},
    "nominee": {"nominee", "candidate"},
    "candidate": {"nominee", "candidate"},
    "minister": {"minister", "secretary"},
    "governor": {"governor", "gov"},
    "senator": {"senator", "sen"},
    "representative": {"representative", "rep", "congressman", "congresswoman"},
    "congressman": {"representative", "rep", "congressman"},
    "congresswoman": {"representative", "rep", "congresswoman"},
    "lawmaker": {
        "senator",
        "sen",
        "rep",
        "representative",
        "congressman",
        "congresswoman",
        "lawmaker",
        "mp",
    },
}
_GENERIC_HEADS = {
    "source",
    "sources",
    "official",
    "officials",
    "people",
    "experts",
    "analysts",
    "critics",
    "aides",
    "aide",
    "observers",
    "residents",
    "voters",
    "supporters",
    "spokesperson",
    "person",
    "someone",
    "man",
    "woman",
    "reporter",
    "reporters",
}
_SMALL_WORDS = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "in",
    "on",
    "for",
    "to",
    "at",
    "by",
    "with",
    "from",
    "as",
    "vs",
    "de",
    "la",
    "le",
    "du",
    "von",
    "van",
    "&",
    "is",
}
_NAME_JOINERS = {
    "de",
    "da",
    "del",
    "der",
    "van",
    "von",
    "bin",
    "al",
    "la",
    "le",
    "du",
    "dos",
    "y",
    "ibn",
    "st",
}
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "jr",
    "sr",
    "gen",
    "sen",
    "rep",
    "gov",
    "lt",
    "col",
    "sgt",
    "capt",
    "prof",
    "rev",
    *_MONTH_ABBREVIATIONS,
    "no",
    "vs",
    "inc",
    "corp",
    "co",
    "ltd",
    "adm",
    "cmdr",
    "ft",
    "mt",
    "u.s",
    "u.k",
    "u.n",
    "d.c",
    "e.g",
    "i.e",
    "a.m",
    "p.m",
    "etc",
    "al",
    "approx",
    "dept",
    "univ",
    "ave",
    "blvd",
}

_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?((?:\s+[A-Z][\w\u2019'.\-]*){1,3})")
_ABBREV_DOT = re.compile(
    r"\b("
    + "|".join(sorted((a for a in _ABBREVIATIONS if "." not in a), key=len, reverse=True))
    + r")\.",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:[\u2019'\-.&]\w+)*|[^\w\s]")
_SENT_END = re.compile(
    r"[.!?\u2026]+(?=[\s" + _MASK + r"]+[\"'\u201c\u2018(\[A-Z0-9" + _MASK + r"])|\n\s*\n"
)
_PARA_BREAK = re.compile(r"\n\s*")


@dataclass(frozen=True)
class _Mark:
    pos: int
    char: str
    role: str  #: "open", "close" or "either"


@dataclass(frozen=True)
class _Span:
    """A quotation before attribution: the words at [start, end), marks at open/close."""

    start: int
    end: int
    open: int  #: offset of the opening mark
    close: int  #: offset just past the closing mark (== end when unclosed)
    closed: bool


class _Tok(NamedTuple):  # a named tuple: articles make many of these
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower().rstrip(".")

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class _Mention:
    """A proper-name mention: its offsets, the name without titles or possessive, its label."""

    start: int
    end: int
    name: str
    label: str


# --- pass 1: pairing marks --------------------------------------------------------------------


def _paragraphs(body: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _PARA_BREAK.finditer(body):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(body)))
    return [(a, b) for a, b in out if b > a]


def _role(text: str, pos: int, lo: int, hi: int, default: str) -> str:
    prev = text[pos - 1] if pos > lo else " "
    nxt = text[pos + 1] if pos + 1 < hi else " "
    left_open = prev.isspace() or prev in _OPENERS_BEFORE or prev in _DOUBLE or prev in _SINGLE
    right_close = nxt.isspace() or nxt in _CLOSERS_AFTER or nxt in _DOUBLE or nxt in _SINGLE
    if left_open and not right_close:
        return "open" if default != "close" or prev.isspace() or pos == lo else default
    if right_close and not left_open:
        return "close"
    return default


def _double_marks(body: str, lo: int, hi: int) -> list[_Mark]:
    return [
        _Mark(i, body[i], _role(body, i, lo, hi, _DOUBLE[body[i]]))
        for i in range(lo, hi)
        if body[i] in _DOUBLE
    ]


def _pair_double(body: str) -> list[_Span]:
    paras = _paragraphs(body)
    spans: list[_Span] = []
    carry: int | None = None  # opening mark of a quote running on from the previous paragraph
    for n, (lo, hi) in enumerate(paras):
        marks = _double_marks(body, lo, hi)
        if carry is not None and not (marks and marks[0].pos == lo and marks[0].role != "close"):
            spans.append(_unclosed(body, carry, paras[n - 1][1]))
            carry = None
        opened = carry
        for i, mark in enumerate(marks):
            if carry is not None and i == 0:
                continue  # the repeated opening mark of a running quote
            if opened is None:
                if mark.role != "close":
                    opened = mark.pos
            elif not _compatible(body[opened], mark, marks, i, opened):
                continue  # a quote nested in the open one, in the other style of marks
            elif mark.role != "open" or _closes_anyway(body, mark, marks, i):
                spans.append(_closed(body, opened, mark.pos))
                opened = None
            else:
                spans.append(_unclosed(body, opened, mark.pos))
                opened = mark.pos
        carry = None
        if opened is not None:
            nxt = paras[n + 1] if n + 1 < len(paras) else None
            if (
                nxt
                and body[nxt[0]] in _DOUBLE
                and _DOUBLE[body[nxt[0]]] != "close"
                and nxt[0] - opened < 6 * MAX_UNCLOSED
            ):
                carry = opened
            else:
                spans.append(_unclosed(body, opened, hi))
    if carry is not None:
        spans.append(_unclosed(body, carry, paras[-1][1]))
    return [s for s in spans if s.end > s.start]


def _compatible(opening: str, mark: _Mark, marks: list[_Mark], i: int, opened: int) -> bool:
    """Whether ``mark`` belongs to the quote ``opening`` opened at ``opened`` (same style of
    marks): a straight mark only pairs with a curly one when the paragraph mixes them loosely,
    or when it plainly closes (``“…," Suthers said. "…”``) with no straight mark since the
    opening one (which would make it the end of a nested quote)."""
    straight = '"\u2033'
    if opening in straight:
        return mark.char in straight or not any(m.char in straight for m in marks[i + 1 :])
    if mark.char in straight:
        nested = any(m.char in straight and m.pos > opened for m in marks[:i])
        if mark.role == "close" and not nested:
            return True
        return not any(m.char in "\u201d\u00bb" for m in marks[i + 1 :])
    return True


def _closes_anyway(body: str, mark: _Mark, marks: list[_Mark], i: int) -> bool:
    """An opening-looking mark closes when no later mark in the paragraph could close it."""
    return (
        mark.char in "\u201c\u201e"
        and not any(m.role != "open" for m in marks[i + 1 :])
        and mark.pos + 1 < len(body)
        and not body[mark.pos + 1].isalnum()
    )


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def _closed(body: str, open_pos: int, close_pos: int) -> _Span:
    start, end = _trim(body, open_pos + 1, close_pos)
    return _Span(start, end, open_pos, close_pos + 1, True)


def _unclosed(body: str, open_pos: int, limit: int) -> _Span:
    end = min(limit, open_pos + 1 + MAX_UNCLOSED)
    if end < limit:  # cut at the last sentence end inside the bound
        cut = max(body.rfind(". ", open_pos, end), body.rfind("? ", open_pos, end))
        end = cut + 1 if cut > open_pos else end
    start, end = _trim(body, open_pos + 1, end)
    return _Span(start, end, open_pos, end, False)


def _pair_single(body: str, masked: str) -> list[_Span]:
    spans: list[_Span] = []
    for lo, hi in _paragraphs(body):
        i = lo
        while i < hi:
            ch = masked[i]
            if ch in _SINGLE and _SINGLE[ch] != "close" and _single_opens(body, i, lo, hi):
                close = _single_close(body, masked, i, hi)
                if close is not None:
                    spans.append(_closed(body, i, close))
                    i = close + 1
                    continue
            i += 1
    return [s for s in spans if s.end > s.start]


def _single_opens(body: str, i: int, lo: int, hi: int) -> bool:
    prev = body[i - 1] if i > lo else " "
    nxt = body[i + 1] if i + 1 < hi else " "
    if not (prev.isspace() or prev in _OPENERS_BEFORE or prev in _DOUBLE) or not nxt.isalnum():
        return False
    return _ELISION.match(body, i + 1) is None


def _single_close(body: str, masked: str, i: int, hi: int) -> int | None:
    for j in range(i + 2, hi):
        ch = masked[j]
        if ch == _MASK:
            return None
        if ch not in "\u2019'" or body[j - 1].isspace():
            continue
        nxt = body[j + 1] if j + 1 < hi else " "
        if nxt.isalnum():
            continue  # don't, Russia's
        if nxt in _CLOSERS_AFTER or nxt in _DOUBLE or j + 1 >= hi:
            return j
        if body[j - 1] in ",.!?":
            return j
        rest = body[j + 1 : j + 40].split()
        follower = rest[0].lower().strip(",.") if rest else ""
        if (
            body[j - 1].lower() == "s"
            and follower
            and follower[:1].islower()
            and follower not in _SPEECH_VERBS
            and follower not in _PRONOUNS
        ):
            continue  # the Clintons' house
        return j
    return None


def _is_title(text: str) -> bool:
    """Title Case names in marks ("New Materials and Chemistry") are names, not quotations."""
    words = re.findall(r"[^\W\d_][\w\u2019'\-]*", text)
    if text.isupper():
        return False  # shouted words ("THIS IS NOT OK") are a quotation
    if not 2 <= len(words) <= 10 or re.search(r"[.!?;:]\s", text):
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words) and words[0][0].isupper()


def _find_spans(body: str) -> list[_Span]:
    doubles = _pair_double(body)
    masked = _mask(body, doubles)
    singles = _pair_single(body, masked)
    spans = sorted(doubles + singles, key=lambda s: s.open)
    out: list[_Span] = []
    for span in spans:  # drop quotes nested in another quote
        if out and span.open < out[-1].close:
            continue
        out.append(span)
    return out


def _mask(body: str, spans: Sequence[_Span]) -> str:
    chars = list(body)
    for s in spans:
        for k in range(s.open, s.close):
            if chars[k] != "\n":
                chars[k] = _MASK
    return "".join(chars)


# --- names in the article --------------------------------------------------------------------


def _tokens(text: str, offset: int = 0) -> list[_Tok]:
    return [_Tok(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def _strip_name(text: str) -> str:
    """ "Russian President Vladimir Putin's" -> "Vladimir Putin"."""
    text = re.sub(r"[\u2019']s?$", "", text.strip())
    words = text.split()
    last_title = -1
    for k, w in enumerate(words[:-1]):
        low = w.lower().rstrip(".")
        if low in _TITLES or low in _STOP_CAPS or re.fullmatch(r"[a-z][\w.-]*", w):
            last_title = k
    words = words[last_title + 1 :]
    while words and words[-1].lower().rstrip(".") in _TITLES | _STOP_CAPS and len(words) > 1:
        words.pop()
    return " ".join(words).strip(" ,.;:")


def _mentions(body: str, masked: str, doc: Doc | None) -> list[_Mention]:
    """Proper-name mentions outside quotes: spaCy entities, or capitalised runs without a doc."""
    out: list[_Mention] = []
    if doc is not None:
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
                continue
            if _MASK in masked[ent.start_char : ent.end_char]:
                continue
            if ent.label_ == "PERSON":
                name = _strip_name(ent.text)
            else:
                name = re.sub(r"^(?:the|a|an)\s+|[\u2019']s?$", "", ent.text, flags=re.IGNORECASE)
            if name and name[0].isupper():
                out.append(_Mention(ent.start_char, ent.end_char, name, ent.label_))
    taken = sorted((m.start, m.end) for m in out)
    for start, end in _cap_runs(masked):
        k = bisect.bisect_left(taken, (end, end))
        if k and taken[k - 1][1] > start:
            continue  # inside an entity spaCy found
        name = _strip_name(body[start:end])
        if name and name[0].isupper():
            label = "PERSON" if doc is None and len(name.split()) > 1 else "NAME"
            out.append(_Mention(start, end, name, label))
    return _relabel(out)


def _relabel(mentions: list[_Mention]) -> list[_Mention]:
    """A form that is a person's name anywhere in the article is a person everywhere."""
    person_words = {m.name.split()[-1] for m in mentions if m.label == "PERSON" and " " in m.name}
    person_words |= {m.name for m in mentions if m.label == "PERSON"}
    return [
        _Mention(m.start, m.end, m.name, "PERSON")
        if m.label != "PERSON" and (m.name in person_words or m.name.split()[-1] in person_words)
        else m
        for m in mentions
    ]


_CAP_WORD = r"[A-Z][\w\u2019'\-]*"
_CAP_RUN = re.compile(
    rf"(?<![\w\u2019'\-]){_CAP_WORD}(?:\.?[ \t]+(?:(?:de|da|del|der|van|von|bin|al|la|le|du|dos"
    rf"|ibn)[ \t]+)?{_CAP_WORD}|\.(?={_CAP_WORD}))*"
)


def _cap_runs(masked: str) -> list[tuple[int, int]]:
    """Runs of capitalised words ("Gen. Valery Zaluzhny"), cut at sentence ends and trimmed of
    sentence-opening words ("But", "The") and ALL-CAPS headings."""
    runs: list[tuple[int, int]] = []
    for m in _CAP_RUN.finditer(masked):
        words = [
            (w.start() + m.start(), w.end() + m.start(), w.group())
            for w in re.finditer(r"[^\s.]+\.?", m.group())
        ]
        part: list[tuple[int, int, str]] = []
        for start, end, word in words:
            bare = word.rstrip(".")
            if bare.lower() in _STOP_CAPS or (bare.isupper() and len(bare) > 4):
                runs.extend(_run(part))
                part = []
                continue
            part.append((start, end, word))
            if word.endswith(".") and bare.lower() not in _ABBREVIATIONS and len(bare) > 1:
                runs.extend(_run(part))  # "Russia. The ..." ends a sentence
                part = []
        runs.extend(_run(part))
    return runs


def _run(part: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    while part and not part[-1][2][:1].isupper():
        part = part[:-1]
    if not part:
        return []
    end = part[-1][1] - (1 if part[-1][2].endswith(".") and len(part[-1][2]) > 2 else 0)
    return [(part[0][0], end)]


class _Names:
    """Name lookups for one article: fullest forms, title words, previous subjects."""

    def __init__(self, body: str, mentions: list[_Mention]) -> None:
        self.body = body
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        persons = [m.name for m in self.mentions if m.label == "PERSON"]
        self.counts = Counter(persons)
        self.order = {n: i for i, n in reversed(list(enumerate(persons)))}
        self.surnames = {n.split()[-1] for n in self.counts}
        self.gender = {
            m.group(2).split()[-1].rstrip("."): "he" if m.group(1) == "Mr" else "she"
            for m in _HONORIFIC.finditer(body)
        }
        self._fullest: dict[str, str] = {}
        self._windows: dict[int, set[str]] | None = None

    def at(self, start: int, end: int) -> _Mention | None:
        """The mention overlapping [start, end), if any."""
        k = bisect.bisect_right(self.starts, end) - 1
        while k >= 0 and self.mentions[k].end > start - 40:
            m = self.mentions[k]
            if m.start < end and m.end > start:
                return m
            k -= 1
        return None

    def between(self, start: int, end: int) -> list[_Mention]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def agrees(self, name: str, pronoun: str) -> bool:
        """Whether ``pronoun`` can stand for ``name`` (unknown gender agrees with both)."""
        return self.gender.get(name.split()[-1], pronoun) == pronoun

    def is_person(self, name: str) -> bool:
        return bool(name.split()) and name.split()[-1] in self.surnames

    def fullest(self, name: str) -> str:
        """The fullest form of ``name`` the article uses: same surname, most words."""
        if name not in self._fullest:
            self._fullest[name] = self._widen(name)
        return self._fullest[name]

    def _widen(self, name: str) -> str:
        words = name.split()
        if not words:
            return name
        same = [
            n for n in self.counts if n.split()[-1] == words[-1] and len(n.split()) >= len(words)
        ]
        if not same and len(words) == 1:
            same = [n for n in self.counts if n.split()[0] == words[0]]
        if not same:
            return name
        return max(same, key=lambda n: (min(len(n.split()), 3), self.counts[n], -self.order[n]))

    def persons_before(self, pos: int, lo: int) -> list[_Mention]:
        return [m for m in self.between(lo, pos) if m.label == "PERSON"]

    def titled(self, head: str, modifiers: set[str], pos: int, strict: bool = False) -> str | None:
        """The person the article names with these title words ("French President X").

        ``strict`` (for "a Kremlin spokesman"): every word must match, and one person only."""
        heads = _HEAD_SYNONYMS.get(head, {head})
        best: tuple[int, int, str] | None = None
        names = set()
        if self._windows is None:  # once per article: titled() runs for every description
            self._windows = {
                k: self._title_window(m) for k, m in enumerate(self.mentions) if m.label == "PERSON"
            }
        for k, window in self._windows.items():
            m = self.mentions[k]
            if not window & heads:
                continue
            score = len(window & modifiers)
            if strict and score < len(modifiers):
                continue
            if modifiers and not score and len(modifiers) > 1:
                continue
            names.add(self.fullest(m.name))
            rank = (score, m.start if m.start < pos else -m.start, m.name)
            if best is None or rank > best:
                best = rank
        if best is None or (strict and len(names) > 1):
            return None
        return self.fullest(best[2])

    def _title_window(self, m: _Mention) -> set[str]:
        before = self.body[max(0, m.start - 80) : m.start]
        before = _ABBREV_DOT.sub(r"\1", before)
        before = re.split(r"[.;:!?\n]\s|,\s(?!\w+[\u2019']s\b)|[\"\u201c\u201d]", before)[-1]
        words = {w.lower().rstrip(".") for w in re.findall(r"[\w.\-]+", before)[-7:]}
        after = self.body[m.end : m.end + 90]
        app = re.match(r"\s*,\s*((?:the|a|an)\s[^,.;]{2,80})[,.;]", after)
        if app:
            words |= {w.lower() for w in re.findall(r"[\w\-]+", app.group(1))}
        words |= {w.lower() for w in m.name.split()[:-1]}
        raw = self.body[m.start : m.end].split()
        words |= {w.lower().rstrip(".") for w in raw[:-1]}
        return words


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
        self.tok_starts = [t.idx for t in doc] if doc is not None else []
        self.sources: dict[str, str] | None = None  #: document head word -> who it came from
        self.documents: dict[str, str] = {}  #: document head word -> its name as written
        self.spans = spans
        self.names = names
        self.masked = masked
        self.tags = tags
        self.sents, self.soft = _sentence_starts(body, masked, spans)
        self.paras = _paragraphs(body)
        self.para_starts = [a for a, _ in self.paras]

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
        steps[0:3] = steps[1:3] + steps[0:1]
    fallback = None
    for step in steps:
        result = step()
        if result is None:
            continue
        if result.speaker or result.definite:
            return result
        fallback = fallback or result
    return fallback or _Found(None, None)


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


_CLAUSE_END = {
    "in",
    "on",
    "at",
    "during",
    "after",
    "of",
    "to",
    "via",
    "from",
    "when",
    "while",
    "last",
    "earlier",
    "later",
    "yesterday",
    "today",
    "recently",
    "afterward",
    "afterwards",
    "before",
    "then",
    *_WEEKDAYS,
    "about",
    "as",
    "with",
    "tonight",
    "this",
}


def _short_clause(toks: list[_Tok], verb_at: int) -> bool:
    """``Putin said.`` or ``Putin said in a speech.``, not ``Putin said Russia would ...``."""
    k = verb_at + 1
    if k < len(toks) and toks[k].low in ("reporters", "journalists"):
        k += 1
    return k >= len(toks) or toks[k].text in ".,;:" or toks[k].low in _CLAUSE_END


#: Words that end a speaker noun phrase read forward ("said Dick Durbin in an interview").
_NP_STOP = {
    "in",
    "on",
    "at",
    "during",
    "after",
    "before",
    "while",
    "when",
    "who",
    "whose",
    "which",
    "that",
    "as",
    "to",
    "from",
    "with",
    "and",
    "but",
    "told",
    "via",
    "than",
}
_NP_BAD_START = {
    "and",
    "but",
    "or",
    "so",
    "as",
    "that",
    "which",
    "who",
    "because",
    "if",
    "when",
    "while",
    "to",
    "for",
    "of",
    "in",
    "on",
    "at",
    "with",
    "by",
    "from",
    "than",
    "not",
    "also",
    "it",
    "there",
    "this",
    "what",
    "how",
    "why",
    "where",
}


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


_BE = {"is", "was", "were", "are", "be", "been", "being", "get", "got", "gets"}


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
    return ctx.names.fullest(persons[0].name) if persons else None


_SUBORDINATORS = {
    "after",
    "when",
    "while",
    "although",
    "though",
    "because",
    "if",
    "since",
    "as",
    "before",
    "unless",
    "until",
    "once",
    "whether",
    "asked",
    "speaking",
}


def _finite_subject(ctx: _Context, toks: list[_Tok], hi: int, depth: int) -> str | None:
    """The person before the first finite verb ("Putin said no and ..."; "he decried")."""
    for k, tok in enumerate(toks[:25]):
        tag = ctx.tags.get(tok.start, "")
        if tag in ("VBD", "VBZ", "VBP", "MD") or (not ctx.tags and ctx.verb(tok)):
            subject = _subject_before(ctx, toks, k)
            if len(subject) == 1 and subject[0].low in ("he", "she"):
                start = ctx.sent_start(subject[0].start)
                return _pronoun(ctx, start, depth + 1, subject[0].low) if depth < 2 else None
            if subject and subject[-1].cap:
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


# --- speech events from the dependency parse ----------------------------------------------------

#: Nouns naming a text or a body that speaks for someone ("the statement said", "the lawsuit
#: says", "according to the documents").
_DOCUMENTS = {
    "statement",
    "statements",
    "lawsuit",
    "suit",
    "complaint",
    "report",
    "memo",
    "memorandum",
    "letter",
    "indictment",
    "document",
    "documents",
    "filing",
    "filings",
    "petition",
    "ruling",
    "opinion",
    "decision",
    "order",
    "law",
    "code",
    "statute",
    "bill",
    "motion",
    "brief",
    "affidavit",
    "transcript",
    "release",
    "announcement",
    "message",
    "email",
    "tweet",
    "post",
    "note",
    "editorial",
    "study",
    "survey",
    "analysis",
    "review",
    "investigation",
    "agreement",
    "resolution",
    "charges",
    "warrant",
    "manifesto",
    "policy",
    "guidance",
    "constitution",
}
#: Nouns naming a part of a text: "the part of the U.S. code that says" -> the code.
_PARTS = {"part", "section", "portion", "provision", "clause", "paragraph", "passage", "page"}
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
                subject = cur.head
            if ctx.masked[subject.idx] == _MASK:  # a word of a quote is no speaker
                return None
            who = _np_speaker(ctx, subject, span.open)
            return _Found(who, cue) if who else _Found(None, cue, definite=False)
        if cur.dep_ in ("conj", "xcomp", "advcl") and cur.head.i != cur.i:
            cur = cur.head
            continue
        break
    return None


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
    assert ctx.doc is not None
    sent = pron.sent
    para = ctx.para_of(pron.idx)
    candidates: list[list[Token]] = [[t for t in sent if t.i < pron.i]]
    start = sent.start
    for _ in range(4):
        if start == 0:
            break
        prev = ctx.doc[start - 1].sent
        if para - ctx.para_of(prev.start_char) > 2:
            break
        candidates.append(list(prev))
        start = prev.start
    for toks in candidates:
        subjects = [t for t in toks if t.dep_ == "nsubj"]
        speech = [t for t in subjects if _speech_verb(t.head)]
        roots = [t for t in subjects if t.head.dep_ == "ROOT"]
        for subject in [*reversed(speech), *roots]:
            if subject.lower_ in ("who", "that") and subject.head.dep_ == "relcl":
                subject = subject.head.head
            if subject.tag_ == "PRP":
                if subject.lower_ != pronoun or depth >= 2:
                    continue
                return _pronoun_dep(ctx, subject, pronoun, depth + 1)
            who = _np_speaker(ctx, subject, pron.idx, 1)
            if who and ctx.names.is_person(who) and ctx.names.agrees(who, pronoun):
                return who
    return None


def _is_fragment(text: str, min_words: int) -> bool:
    return len(re.findall(r"\w[\w\u2019'\-]*", text)) < max(min_words, 3)


def _parses(doc: Doc, body: str) -> bool:
    """Whether ``doc`` is a parse of ``body`` or of its beginning (checked at its first and
    last tokens: ``doc.text`` would rebuild the whole text)."""
    if not len(doc):
        return True
    first, last = doc[0], doc[-1]
    return (
        last.idx + len(last.text_with_ws) <= len(body)
        and body.startswith(first.text, first.idx)
        and body.startswith(last.text, last.idx)
    )


def _dependencies(doc: Doc) -> bool:
    """Whether ``doc`` has (or, from :func:`~newsweave.extract.nlp.add_dependencies`, now has)
    a dependency parse."""
    from newsweave.extract.nlp import add_dependencies

    return add_dependencies(doc)


def _tags(doc: Doc) -> dict[int, str]:
    """Part-of-speech tag of each token by character offset (read in bulk: it is faster)."""
    from spacy.attrs import IDX, TAG

    strings = doc.vocab.strings
    names: dict[int, str] = {}
    out = {}
    for idx, tag in doc.to_array([IDX, TAG]).tolist():
        name = names.get(tag)
        if name is None:
            name = names[tag] = strings[tag]
        out[idx] = name
    return out


def extract_quotes(
    article_id: str, body: str, doc: Doc | None = None, *, min_words: int = 3
) -> tuple[Quote, ...]:
    """Direct quotations of ``body`` with their speakers.

    ``doc`` is spaCy's parse of exactly ``body`` (its entities and part-of-speech tags are used,
    not the dependency parse); without it, capitalised runs stand in for names.  Quotes shorter
    than ``min_words`` words, and any of one or two words, are kept with ``fragment=True``; Title
    Case names in marks ("New Materials and Chemistry") are not quotations and are left out.
    ``speaker`` is the fullest form of the speaker's name in this article, a description that
    holds a proper name when the article gives no name ("a Clinton campaign spokesman"), or
    None.
    """
    if doc is not None and not _parses(doc, body):
        raise ValueError("doc must be the parse of this body (or of its beginning)")
    spans = [s for s in _find_spans(body) if not _is_title(body[s.start : s.end])]
    masked = _mask(body, spans)
    tags = _tags(doc) if doc is not None and doc.has_annotation("TAG") else {}
    parsed = doc if doc is not None and _dependencies(doc) else None
    ctx = _Context(body, spans, _Names(body, _mentions(body, masked, doc)), masked, tags, parsed)
    found: list[_Found] = []
    for k in range(len(spans)):
        found.append(_attribute(ctx, k, found))
    quotes = []
    for n, (span, who) in enumerate(zip(spans, found, strict=True), start=1):
        text = body[span.start : span.end]
        quotes.append(
            Quote(
                id=f"q{n}",
                article=article_id,
                start=span.start,
                end=span.end,
                text=text,
                speaker=who.speaker,
                cue=who.cue,
                fragment=_is_fragment(text, min_words),
            )
        )
    log.debug("%s: %d quotes", article_id, len(quotes))
    return tuple(quotes)
