"""Framing: the words each outlet puts in front of the same actor.

For every resolved entity named by two or more outlets, the descriptive words written right
before its mentions ("Russian *propagandist* Pavel Zarubin", "*the Kremlin leader*", "Russian
*state* television") are collected per outlet: lower-case words of the same sentence up to the
previous name, number or punctuation, function words dropped.  Entities described the same way
named by a single outlet are left out; the rest shows where outlets chose different words
(and where they agree).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from ..models import Article, ArticleFacts, Entity
from .text import SPEECH_WORDS, STOPWORDS

__all__ = ["framing"]

_SKIP = (
    STOPWORDS
    | SPEECH_WORDS
    | frozenset(
        [
            "inside",
            "outside",
            "near",
            "across",
            "toward",
            "towards",
            "amid",
            "among",
            "despite",
            "beyond",
            "behind",
            "beside",
            "besides",
            "along",
            "around",
            "versus",
        ]
    )
)
_WORD = re.compile(r"^[A-Za-z][a-z-]*[a-z]$")
_DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "our"}


def _descriptors(body: str, start: int) -> list[str]:
    """The title-like words written right before a name: "Russian propagandist (Pavel Zarubin)",
    "the Kremlin leader", "Treasury Secretary".  A chain of up to three words counts when it
    holds a capitalised word or follows a determiner or possessive, so verbs ("praised Trump")
    and prepositions are left out."""
    tokens = body[max(0, start - 80) : start].split()
    chain: list[str] = []
    k = len(tokens) - 1
    while k >= 0 and len(chain) < 3:
        token = tokens[k]
        if not _WORD.match(token) or token.lower() in _SKIP:
            break
        if token[0].islower() and token.endswith(("ed", "ing", "ly")):
            break  # a verb or adverb ("praised Trump"), not a description
        if chain and chain[-1][0].isupper() and token[0].islower():
            break  # reading order is [Titles] [descriptors] Name
        chain.append(token)
        k -= 1
    before = tokens[k].lower() if k >= 0 else ""
    titled = any(t[0].isupper() for t in chain)
    if not chain or not (titled or before in _DETERMINERS or before.endswith(("'s", "’s"))):
        return []
    return list(reversed(chain))


def framing(
    articles: Sequence[Article],
    facts: Sequence[ArticleFacts],
    entities: Sequence[Entity],
    canonical: Callable[[str], str | None] | None = None,
) -> dict[str, dict[str, list[str]]]:
    """``{entity name: {outlet: [descriptive words, most used first]}}`` for entities that two
    or more outlets describe (the same words or not)."""
    outlet = {a.id: a.metadata.outlet or a.id for a in articles}
    bodies = {a.id: a.body for a in articles}
    names: Mapping[str, str] = {f: e.name for e in entities for f in (*e.mentions, e.name)}
    seen: dict[str, dict[str, Counter[str]]] = {}
    for f in facts:
        body = bodies.get(f.article, "")
        for m in f.entity_mentions:
            name = names.get(m.form) or (canonical(m.form) if canonical else None) or m.form
            first = m.form.split()[0] if m.form.split() else m.text
            offset = m.text.find(first)
            words = _descriptors(body, m.start + max(offset, 0))  # titles inside the mention
            per_outlet = seen.setdefault(name, {})
            per_outlet.setdefault(outlet.get(f.article, f.article), Counter()).update(words)
    out: dict[str, dict[str, list[str]]] = {}
    for name, per_outlet in seen.items():
        described = {o: [w for w, _ in c.most_common(6)] for o, c in per_outlet.items() if c}
        if len(described) < 2:
            continue
        out[name] = described
    return out
