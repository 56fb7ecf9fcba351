"""Proper names of one article as quote attribution reads them: tokens, name mentions (spaCy
entities or capitalised runs), their fullest forms, titles and genders."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from spacy.tokens import Doc

from .marks import _MASK
from .words import _ABBREVIATIONS, _HEAD_SYNONYMS, _SPEECH_VERBS, _STOP_CAPS, _TITLES

_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?((?:\s+[A-Z][\w\u2019'.\-]*){1,3})")
_ABBREV_DOT = re.compile(
    r"\b("
    + "|".join(sorted((a for a in _ABBREVIATIONS if "." not in a), key=len, reverse=True))
    + r")\.",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:[\u2019'\-.&]\w+)*|[^\w\s]")


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


# --- names in the article --------------------------------------------------------------------


def _tokens(text: str, offset: int = 0) -> list[_Tok]:
    return [_Tok(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def _strip_name(text: str) -> str:
    """ "Russian President Vladimir Putin's" -> "Vladimir Putin"."""
    text = re.sub(r"[\u2019']s?$", "", text.strip())
    words = text.split()
    last_title = -1
    for k, w in enumerate(words[:-1]):
        if k and re.fullmatch(r"[A-Z]\.", w):
            continue  # a middle initial ("Samuel A. Alito Jr."), not the article "A"
        low = w.lower().rstrip(".")
        if low in _TITLES or low in _STOP_CAPS or re.fullmatch(r"[a-z][\w.-]*", w):
            last_title = k
    words = words[last_title + 1 :]
    while words and words[-1].lower().rstrip(".") in _TITLES | _STOP_CAPS and len(words) > 1:
        words.pop()
    name = " ".join(words).strip(" ,.;:")
    # "Theodore J. Boutrous Jr.": the suffix keeps its period
    return name + "." if len(words) > 1 and _SUFFIX.fullmatch(words[-1]) else name


#: Generational suffixes after a surname ("Jr.", "III"): never a surname themselves
_SUFFIX = re.compile(r"(?i:jr|sr)\.?,?|II|III|IV")


def _surname(name: str) -> str:
    """The surname of ``name``: its last word, skipping a generational suffix ("Theodore J.
    Boutrous Jr." -> "Boutrous"), without a trailing period."""
    words = name.replace(",", " ").split()
    while len(words) > 1 and _SUFFIX.fullmatch(words[-1]):
        words.pop()
    return words[-1].rstrip(".") if words else ""


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
    person_words = {_surname(m.name) for m in mentions if m.label == "PERSON" and " " in m.name}
    person_words |= {m.name for m in mentions if m.label == "PERSON"}
    return [
        _Mention(m.start, m.end, m.name, "PERSON")
        if m.label != "PERSON" and (m.name in person_words or _surname(m.name) in person_words)
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
        self.surnames = {_surname(n) for n in self.counts}
        self.gender = {
            _surname(m.group(2)): "he" if m.group(1) == "Mr" else "she"
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
        return self.gender.get(_surname(name), pronoun) == pronoun

    def is_person(self, name: str) -> bool:
        return bool(name.split()) and _surname(name) in self.surnames

    def fullest(self, name: str) -> str:
        """The fullest form of ``name`` the article uses: same surname, most words."""
        if name not in self._fullest:
            self._fullest[name] = self._widen(name)
        return self._fullest[name]

    def _widen(self, name: str) -> str:
        words = name.split()
        if not words:
            return name
        key = _surname(name)
        same = [n for n in self.counts if _surname(n) == key and len(n.split()) >= len(words)]
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
                k: self._title_window(m, self.mentions[k - 1].end if k else 0)
                for k, m in enumerate(self.mentions)
                if m.label == "PERSON"
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

    def _title_window(self, m: _Mention, floor: int = 0) -> set[str]:
        """Title words around mention ``m``: before it (not past ``floor``, the end of the
        mention before it, nor past a speech verb: in "Chief Justice Roberts asked Mr. Sellers"
        and "the chief justice asked Mr. Sellers" Sellers has no title), in an apposition after
        it, and inside it."""
        before = self.body[max(0, m.start - 80, min(floor, m.start)) : m.start]
        before = _ABBREV_DOT.sub(r"\1", before)
        before = re.split(r"[.;:!?\n]\s|,\s(?!\w+[\u2019']s\b)|[\"\u201c\u201d]", before)[-1]
        # "the chief justice asked Mr. X": the words before the verb are its subject's
        verbs = [w for w in re.finditer(r"[a-z]+", before) if w.group() in _SPEECH_VERBS]
        if verbs:
            before = before[verbs[-1].end() :]
        words = {w.lower().rstrip(".") for w in re.findall(r"[\w.\-]+", before)[-7:]}
        after = self.body[m.end : m.end + 90]
        app = re.match(r"\s*,\s*((?:the|a|an)\s[^,.;]{2,80})[,.;]", after)
        if app:
            words |= {w.lower() for w in re.findall(r"[\w\-]+", app.group(1))}
        words |= {w.lower() for w in m.name.split()[:-1]}
        raw = self.body[m.start : m.end].split()
        words |= {w.lower().rstrip(".") for w in raw[:-1]}
        return words
