"""Word-level text features shared by the alignment modules.

Alignment compares short pieces of text written by different newsrooms (and often translated
separately), so exact string matching is useless and full parsing is too slow at scale.  Every
text is reduced to *terms*: lower-cased content words with a light suffix-stripping stemmer and
British/American spellings folded together ("aluminium" / "aluminum", "emphasise" /
"emphasize").  Why our own stemmer instead of spaCy lemmas or NLTK: ``ArticleFacts`` carries no
lemmas, re-parsing every sentence would cost more than the whole alignment, and NLTK is not a
dependency; a dozen suffix rules applied the same way to both sides is all a match key needs.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

__all__ = [
    "SPEECH_WORDS",
    "STOPWORDS",
    "content_terms",
    "idf_weights",
    "numbers",
    "profile",
    "stem",
    "weighted_containment",
    "weighted_cosine",
    "words",
]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Function words and reporting vocabulary that carry no fact of their own.
STOPWORDS: frozenset[str] = _wordset(
    """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each even ever every few for from further had hadn't has
    hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his
    how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just let's
    like made make may me might more most mr mrs ms much must my myself no nor not now of off
    on once only or other ought our ours ourselves out over own per same shan't she she'd
    she'll she's should shouldn't so some such than that that's the their theirs them
    themselves then there there's these they they'd they'll they're they've this those though
    through thus to too under until up upon us very via was wasn't we we'd we'll we're we've
    were weren't what what's when when's where where's which while who who's whom why why's
    will with won't would wouldn't yet you you'd you'll you're you've your yours yourself
    yourselves one two three also well still already earlier later last week weeks year years
    day days monday tuesday wednesday thursday friday saturday sunday today yesterday
    tomorrow time times within without including include includes included whether another
    since back way new many several
    """
)

#: Attribution words: they say who speaks, not what was said.
SPEECH_WORDS: frozenset[str] = _wordset(
    """
    said say says saying told tell tells telling added adding add adds stated stating noted
    noting remarked remarking continued continuing asked asking explained
    explaining declared declaring according claimed claiming argued arguing insisted
    insisting mentioned mentioning announced announcing suggested suggesting pointed
    emphasized emphasised emphasizing emphasising wrote writing quoted reports reported
    reporting report
    """
)

_IGNORED = STOPWORDS | SPEECH_WORDS

#: British spellings folded to one key (applied to the word before stemming).
_SPELLING = (
    (re.compile(r"ium$"), "um"),  # aluminium
    (re.compile(r"([^aeiou])our(s?)$"), r"\1or\2"),  # labour, favours
    (re.compile(r"is(e|es|ed|ing|ation|ations)$"), r"iz\1"),  # emphasise, organisation
    (re.compile(r"yse(s|d)?$"), r"yze\1"),  # analyse
    (re.compile(r"tre(s?)$"), r"ter\1"),  # centre
    (re.compile(r"ence$"), "ense"),  # defence
)

#: Suffixes stripped in order; the first that leaves a long enough stem wins.
_SUFFIXES = (
    ("izations", 3),
    ("ational", 3),
    ("ization", 3),
    ("fulness", 3),
    ("iveness", 3),
    ("ations", 3),
    ("nesses", 3),
    ("ation", 3),
    ("ement", 3),
    ("ments", 3),
    ("ingly", 3),
    ("ities", 3),
    ("ness", 3),
    ("ment", 3),
    ("ings", 3),
    ("able", 3),
    ("ible", 3),
    ("ally", 4),
    ("ity", 3),
    ("ing", 3),
    ("ive", 3),
    ("ers", 3),
    ("ly", 5),
    ("ed", 3),
    ("er", 3),
    ("es", 3),
    ("al", 4),
    ("s", 3),
)

#: A few irregular forms common in news prose, folded to their base.
_IRREGULAR = {
    "met": "meet",
    "meeting": "meet",
    "meetings": "meet",
    "spoke": "speak",
    "spoken": "speak",
    "held": "hold",
    "holds": "hold",
    "sold": "sell",
    "selling": "sell",
    "bought": "buy",
    "gave": "give",
    "given": "give",
    "took": "take",
    "taken": "take",
    "won": "win",
    "lost": "lose",
    "sought": "seek",
    "began": "begin",
    "begun": "begin",
    "led": "lead",
    "chose": "choose",
    "chosen": "choose",
    "grew": "grow",
    "grown": "grow",
    "fell": "fall",
    "fallen": "fall",
    "rose": "rise",
    "risen": "rise",
    "wrote": "write",
    "written": "write",
    "larger": "large",
    "largest": "large",
    "bigger": "big",
    "biggest": "big",
    "greater": "great",
    "greatest": "great",
    "halve": "half",
    "halves": "half",
    "americans": "america",
    "american": "america",
    "british": "britain",
}


#: Country names written several ways, folded before lower-casing ("U.S." would become "us").
_ALIASES = (
    (re.compile(r"\bUnited States(?: of America)?\b|\bU\.S\.A?\.?(?!\w)|\bUSA?\b"), "America"),
    (re.compile(r"\bUnited Kingdom\b|\bU\.K\.(?!\w)|\bUK\b|\bBritain\b"), "Britain"),
    (re.compile(r"\bEuropean Union\b|\bE\.U\.(?!\w)|\bEU\b"), "EU"),
)


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (hyphenated words split, apostrophes kept)."""
    for pattern, repl in _ALIASES:
        text = pattern.sub(repl, text)
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A match key for ``word``: spelling folded, common suffixes stripped."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 3 or w.isdigit():
        return w
    for pattern, repl in _SPELLING:
        w = pattern.sub(repl, w)
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"
    elif not w.endswith(("ss", "us", "is")):
        for suffix, keep in _SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= keep:
                w = w[: -len(suffix)]
                break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # running -> run(n) -> run
    return w.rstrip("e") if len(w) > 4 else w


def _name_key(word: str) -> str:
    """Nationality adjectives and their country share a key ("Russian" / "Russia")."""
    return stem(word)


def content_terms(text: str) -> list[str]:
    """Stems of the content words of ``text`` in order (stop and speech words dropped)."""
    return list(_content_terms(text))


@lru_cache(maxsize=65536)
def _content_terms(text: str) -> tuple[str, ...]:
    out = []
    for w in words(text):
        if w in _IGNORED or (len(w) < 2 and not w.isdigit()):
            continue
        if w.isdigit():
            continue  # numbers are compared by value, see :func:`numbers`
        out.append(_name_key(w))
    return tuple(out)


def numbers(text: str) -> set[float]:
    """The digit numbers written in ``text`` (years included), as floats."""
    out = set()
    for m in _NUMBER.finditer(text):
        try:
            out.add(float(m.group().replace(",", "")))
        except ValueError:
            continue
    return out


def idf_weights(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of every term over ``documents`` (sets of terms)."""
    df: Counter[str] = Counter()
    n = 0
    for doc in documents:
        n += 1
        df.update(set(doc))
    return {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}


def _weight(term: str, idf: Mapping[str, float], default: float) -> float:
    return idf.get(term, default)


def profile(
    terms: Sequence[str], idf: Mapping[str, float], default: float
) -> tuple[frozenset[str], float, float]:
    """The term set, its summed weight and its Euclidean norm."""
    ts = frozenset(terms)
    weights = [idf.get(t, default) for t in ts]
    return ts, sum(weights), math.sqrt(sum(w * w for w in weights))


def weighted_cosine(
    a: Sequence[str], b: Sequence[str], idf: Mapping[str, float], default: float = 1.0
) -> float:
    """Cosine of the IDF-weighted term sets of ``a`` and ``b`` (0 when either is empty)."""
    sa, _, na = profile(a, idf, default)
    sb, _, nb = profile(b, idf, default)
    if not na or not nb:
        return 0.0
    shared = sum(idf.get(t, default) ** 2 for t in sa & sb)
    return shared / (na * nb)


def weighted_containment(
    a: Sequence[str], b: Sequence[str], idf: Mapping[str, float], default: float = 1.0
) -> float:
    """IDF weight of the shared terms over the weight of the smaller side (1: one holds the
    other)."""
    sa, wa, _ = profile(a, idf, default)
    sb, wb, _ = profile(b, idf, default)
    small = min(wa, wb)
    if not sa or not sb or not small:
        return 0.0
    return sum(idf.get(t, default) for t in sa & sb) / small
