"""Quote drift: how each outlet rendered one utterance, word by word.

For every quote group spanning two or more articles, each article's rendering (its parts of
the utterance joined in order) is compared with a *reference* rendering: the one sharing most
words with the others (ties: the longest), taken as the closest to the original.  The diff is
word-level (``difflib`` over lower-cased words) and lists what each outlet replaced, added or
left out.  :func:`meaning_changes` keeps the replacements that change what was said ("does"
-> "says"), ignoring contractions, case and punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from ..extract._numbers import ONES
from ..models import Quote
from .text import content_terms, stem

__all__ = ["Rendering", "drift", "longest_shared_run", "meaning_changes", "renderings"]

Rendering = tuple[str, str]  #: (article id, text)

_CONTRACTIONS = (
    (re.compile(r"n[’']t\b"), " not"),
    (re.compile(r"[’']re\b"), " are"),
    (re.compile(r"[’']s\b"), " is"),
    (re.compile(r"[’']ll\b"), " will"),
    (re.compile(r"[’']ve\b"), " have"),
    (re.compile(r"[’']m\b"), " am"),
)


_ACRONYM = re.compile(r"\b(?:[^\W\d_]\.){2,}")  #: "F.B.I." -> "FBI", "U.S." -> "US"
#: words an outlet puts inside a quote in square brackets ("[President Barack] Obama's war")
#: are its own, not the speaker's
_EDITORIAL = re.compile(r"\[[^\[\]]{0,80}\]")


#: a tokenised text's detached apostrophe ("It ’ s", "don ’ t")
_DETACHED = re.compile(r"\s*([’'])\s+(?=(?:s|re|ll|ve|m|d|t)\b)")


def _tokens(text: str) -> list[str]:
    t = _DETACHED.sub(r"\1", _EDITORIAL.sub(" ", text))
    t = _ACRONYM.sub(lambda m: m.group().replace(".", ""), t).lower()
    for pattern, repl in _CONTRACTIONS:
        t = pattern.sub(repl, t)
    return re.findall(r"[^\W_]+", t)


def renderings(quotes: Sequence[Quote]) -> list[Rendering]:
    """One rendering per article: its quotes of the group joined in text order."""
    by_article: dict[str, list[Quote]] = {}
    for q in quotes:
        by_article.setdefault(q.article, []).append(q)
    return [
        (article, " … ".join(q.text.strip() for q in sorted(qs, key=lambda q: q.start)))
        for article, qs in by_article.items()
    ]


def _overlap(a: str, b: str) -> float:
    ta, tb = set(content_terms(a)), set(content_terms(b))
    return len(ta & tb) / len(ta | tb) if ta | tb else 0.0


def _reference(rs: Sequence[Rendering]) -> int:
    def key(i: int) -> tuple[float, int]:
        others = [_overlap(rs[i][1], r[1]) for k, r in enumerate(rs) if k != i]
        return (sum(others) / len(others) if others else 0.0, len(rs[i][1]))

    return max(range(len(rs)), key=key)


def _diff(a: str, b: str) -> tuple[float, list[dict[str, str]]]:
    ta, tb = _tokens(a), _tokens(b)
    sm = SequenceMatcher(None, ta, tb, autojunk=False)
    ops = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        ops.append({"op": tag, "reference": " ".join(ta[i1:i2]), "rendering": " ".join(tb[j1:j2])})
    return sm.ratio(), ops


def drift(group: str, quotes: Sequence[Quote]) -> dict[str, object] | None:
    """The drift record of one group, None when it has fewer than two articles."""
    rs = renderings(quotes)
    if len(rs) < 2:
        return None
    ref = _reference(rs)
    out = []
    for k, (article, text) in enumerate(rs):
        if k == ref:
            continue
        ratio, ops = _diff(rs[ref][1], text)
        out.append({"article": article, "text": text, "similarity": round(ratio, 3), "diff": ops})
    speakers = sorted({q.speaker for q in quotes if q.speaker})
    return {
        "group": group,
        "speaker": speakers[0] if speakers else None,
        "closest_to_original": {
            "article": rs[ref][0],
            "text": rs[ref][1],
            "why": "shares most words with the other renderings",
        },
        "renderings": out,
    }


#: pronouns and relatives: one swapped for another restructures a sentence ("money that should
#: have been used" / "money I shouldn't have used"), it does not change what was said
_PRONOUNS = frozenset(
    [
        "i",
        "you",
        "he",
        "she",
        "it",
        "we",
        "they",
        "me",
        "him",
        "her",
        "us",
        "them",
        "that",
        "which",
        "who",
        "whom",
        "this",
        "these",
        "those",
    ]
)


#: articles and auxiliaries: an outlet fitting a partial quote into its own sentence changes
#: them ("would end Medicare" / "ending Medicare", "a spot at a bar" / "a spot at the bar")
#: without changing what was said
# fmt: off
_GRAMMAR = frozenset([
    "a", "an", "the", "to", "be", "is", "are", "was", "were", "been", "being", "am", "has",
    "have", "had", "will", "would", "do", "does", "did",
])
# fmt: on
#: prepositions: one swapped for another ("in Europe" / "within Europe") is a translator's or
#: an editor's choice, not another statement
# fmt: off
_PREPOSITIONS = frozenset([
    "in", "within", "inside", "on", "at", "of", "for", "to", "into", "onto", "from", "by",
    "with", "about", "over", "under", "across", "toward", "towards", "upon", "among",
])
_ORDINALS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth",
]
# fmt: on
_ORDINAL_WORDS = {
    word: f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n, 'th') }"
    for n, word in enumerate(_ORDINALS, start=1)
}
#: number words and digits are one word ("a two-in-three chance" / "a 2 in 3 chance",
#: "eleventh-hour" / "11th hour")
_NUMBER_WORDS = {word: str(value) for word, value in ONES.items()} | _ORDINAL_WORDS


def _same_words(x: Sequence[str], y: Sequence[str]) -> bool:
    """Two replaced stretches say the same once grammar words are set aside and the rest is
    stemmed ("would end" / "ending")."""

    def key(words: Sequence[str]) -> list[str]:
        return [stem(w) for w in words if w not in _GRAMMAR]

    if key(x) == key(y):
        return True
    if all(w in _GRAMMAR or w in _PREPOSITIONS for w in [*x, *y]):
        return True  # "in" / "within", "of" / "in the"
    # an abbreviation and its words: "PRO" / "public relations officer"
    for short, long in ((x, y), (y, x)):
        if len(short) == 1 and len(long) >= 2 and short[0] == "".join(w[0] for w in long):
            return True
    return False


def meaning_changes(
    a: str, b: str, min_ratio: float = 0.5, min_shared: float = 2 / 3
) -> list[tuple[str, str]]:
    """Word replacements between two close renderings of one utterance ("does" -> "says").

    Only renderings whose words mostly agree are compared (difflib ratio >= ``min_ratio``, and
    at least ``min_shared`` of the shorter one's words in the shared runs), so a replacement
    is a changed word in an otherwise shared sentence, not a paraphrase of it.  Not changes of
    meaning: a pronoun swapped for a pronoun, a number written in words or digits, words in
    square brackets (the outlet's own), articles and auxiliaries changed around the same
    words ("would end" / "ending"), and words at the start or end of either rendering (where
    outlets cut one remark at different points: "1 in 3" / "two-in-three chance").
    """
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return []
    na = [_NUMBER_WORDS.get(w, w) for w in ta]
    nb = [_NUMBER_WORDS.get(w, w) for w in tb]
    sm = SequenceMatcher(None, na, nb, autojunk=False)
    shared = sum(block.size for block in sm.get_matching_blocks())
    if sm.ratio() < min_ratio or shared < min_shared * min(len(ta), len(tb)):
        return []
    return [
        (" ".join(ta[i1:i2]), " ".join(tb[j1:j2]))
        for tag, i1, i2, j1, j2 in sm.get_opcodes()
        if tag == "replace"
        and i2 - i1 <= 3
        and j2 - j1 <= 3
        and not (i2 - i1 == j2 - j1 == 1 and ta[i1] in _PRONOUNS and tb[j1] in _PRONOUNS)
        and not _same_words(ta[i1:i2], tb[j1:j2])
        # inside both renderings: at an edge, the outlets only cut the remark differently
        and i1 > 0
        and j1 > 0
        and i2 < len(ta)
        and j2 < len(tb)
    ]


def longest_shared_run(a: str, b: str) -> int:
    """Length in words of the longest run the two renderings share word for word."""
    ta, tb = _tokens(a), _tokens(b)
    sm = SequenceMatcher(None, ta, tb, autojunk=False)
    return sm.find_longest_match(0, len(ta), 0, len(tb)).size
