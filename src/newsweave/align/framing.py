"""Framing: the words each outlet puts in front of the same actor.

For every resolved entity named by two or more outlets, the descriptive words written right
before its mentions ("Russian *propagandist* Pavel Zarubin", "*the Kremlin leader*", "Russian
*state* television") are collected per outlet: lower-case words of the same sentence up to the
previous name, number or punctuation, function words dropped.  Entities described the same way
everywhere are left out; what remains shows where outlets chose different words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from ..models import Article, ArticleFacts, Entity
from .text import SPEECH_WORDS, STOPWORDS

__all__ = ["framing"]

_TAIL = re.compile(r"((?:[a-z][\w’'-]*\s+){1,3})$")
_SKIP = STOPWORDS | SPEECH_WORDS | {"president", "mr", "mrs", "ms", "dr"}


def _descriptors(body: str, start: int) -> list[str]:
    window = body[max(0, start - 60) : start]
    window = re.split(r"[.,;:!?()\"“”—–\n]", window)[-1]
    m = _TAIL.search(window + " ")
    if not m:
        return []
    return [w for w in m.group(1).split() if w not in _SKIP and len(w) > 2]


def framing(
    articles: Sequence[Article],
    facts: Sequence[ArticleFacts],
    entities: Sequence[Entity],
    canonical: Callable[[str], str | None] | None = None,
) -> dict[str, dict[str, list[str]]]:
    """``{entity name: {outlet: [descriptive words, most used first]}}`` for entities that two
    or more outlets describe, and not all with the same words."""
    outlet = {a.id: a.metadata.outlet or a.id for a in articles}
    bodies = {a.id: a.body for a in articles}
    names: Mapping[str, str] = {f: e.name for e in entities for f in (*e.mentions, e.name)}
    seen: dict[str, dict[str, Counter[str]]] = {}
    for f in facts:
        body = bodies.get(f.article, "")
        for m in f.entity_mentions:
            name = names.get(m.form) or (canonical(m.form) if canonical else None) or m.form
            words = _descriptors(body, m.start)
            per_outlet = seen.setdefault(name, {})
            per_outlet.setdefault(outlet.get(f.article, f.article), Counter()).update(words)
    out: dict[str, dict[str, list[str]]] = {}
    for name, per_outlet in seen.items():
        described = {o: [w for w, _ in c.most_common(6)] for o, c in per_outlet.items() if c}
        if len(described) < 2:
            continue
        if len({tuple(sorted(v)) for v in described.values()}) < 2:
            continue
        out[name] = described
    return out
