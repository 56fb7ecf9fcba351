"""Small stories built by hand from real seed sentences, without spaCy."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsweave.models import Article, ArticleFacts, Metadata, Quantity, Quote, Sentence

_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s+(?=[“\"A-Z])")


def sentences(article_id: str, body: str) -> tuple[Sentence, ...]:
    out = []
    for para in re.finditer(r"[^\n]+", body):
        pos = para.start()
        for piece in _SPLIT.split(para.group()):
            start = body.index(piece, pos)
            out.append(Sentence(article_id, len(out), start, start + len(piece), piece))
            pos = start + len(piece)
    return tuple(out)


def article(
    article_id: str,
    paragraphs: Sequence[str],
    *,
    outlet: str | None = None,
    published: str | None = None,
    syndicated_from: str | None = None,
    cited: Sequence[str] = (),
) -> Article:
    meta = Metadata(
        outlet=outlet,
        published=published,
        syndicated_from=syndicated_from,
        cited_sources=tuple(cited),
    )
    return Article(
        id=article_id, source=f"{article_id}.txt", paragraphs=tuple(paragraphs), metadata=meta
    )


def quote(a: Article, n: int, text: str, speaker: str | None, fragment: bool = False) -> Quote:
    start = a.body.index(text)
    return Quote(f"q{n}", a.id, start, start + len(text), text, speaker, fragment=fragment)


def quantity(a: Article, text: str, value: float, unit: str, about: str = "") -> Quantity:
    """A mention as the extractor gives it (its bound read from its words as extraction does)."""
    from newsweave.extract.quantities import bound_of

    start = a.body.index(text)
    return Quantity(a.id, start, start + len(text), text, value, unit, about, bound=bound_of(text))


def facts(
    a: Article, quotes: Sequence[Quote] = (), quantities: Sequence[Quantity] = ()
) -> ArticleFacts:
    return ArticleFacts(
        a.id, sentences(a.id, a.body), quotes=tuple(quotes), quantities=tuple(quantities)
    )
