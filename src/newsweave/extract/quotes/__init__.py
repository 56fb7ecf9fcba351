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
2. **Speakers** (``attribution``).  The speech event's structure first, from spaCy's dependency
   parse (run after the pipeline by :func:`~newsweave.extract.nlp.add_dependencies`): the
   subject of the speech verb the quote depends on, also in reported speech (``McGinley said
   that Mr. Grimm "…"`` -> McGinley), over ``and``-joined verbs, relative clauses ("Scalia, who
   said …") and passive agents; a document or body as the speaker ("the lawsuit says" -> "the
   lawsuit"; "the statement from Grimm's attorney, X" -> X, and later "the statement said" -> X
   too); a role ("the congressman", "his lawyer") resolved to the person the article gives that
   title; "he"/"she" to the subject of the nearest sentence before that names a person of that
   gender.  Then word patterns, which also serve without a parse: the words after the quote up
   to the end of its sentence (``"…," Putin said``, ``"…," said Putin``, ``"…," according to
   Putin``, ``"…" ― Putin``), the words before it from the start of its sentence or the
   previous quote (``Putin: "…"``; finite speech verbs first, the nearest first), a
   sentence-closing ``…, said X.``, the other part of a split quote, a paragraph ending with a
   colon, the sentence's subject (``Putin praised Trump for using "…"``) and, for a quote opening
   its sentence, the quote before it or the subject of the sentence before.  Names are widened
   to the fullest form the article uses ("Putin" -> "Vladimir Putin").

Modules: ``marks`` (pass 1), ``names`` (tokens and name mentions), ``attribution`` (pass 2),
``words`` (the word lists, kept as data in ``words.json``: general language only).

Why not textacy's ``direct_quotations``: it knows only double marks inside one paragraph, needs
the speech verb next to the quote and returns the speaker as written ("he", "the president"),
not a name.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

from newsweave.models import Quote

from .attribution import _attribute, _Context, _Found, _in_paragraph
from .marks import MAX_UNCLOSED, _find_spans, _is_title, _mask
from .names import _mentions, _Names

__all__ = ["MAX_UNCLOSED", "extract_quotes"]

log = logging.getLogger(__name__)


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


def _dependencies(doc: Doc, around: list[tuple[int, int]]) -> bool:
    """Whether ``doc`` has (or, from :func:`~newsweave.extract.nlp.add_dependencies`, now has)
    a dependency parse of the sentences around ``around`` (the quotes); attribution asks for
    more sentences as it reads them."""
    from newsweave.extract.nlp import add_dependencies

    return add_dependencies(doc, around)


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

    ``doc`` is spaCy's parse of exactly ``body`` by :func:`~newsweave.extract.nlp.load_nlp`
    (entities, part-of-speech tags, and the dependency parse, added here when missing); without
    it, capitalised runs stand in for names and word patterns alone find speakers.  Quotes shorter
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
    around = [(s.open, s.close) for s in spans]
    parsed = doc if doc is not None and spans and _dependencies(doc, around) else None
    ctx = _Context(body, spans, _Names(body, _mentions(body, masked, doc)), masked, tags, parsed)
    found: list[_Found] = []
    for k in range(len(spans)):
        found.append(_attribute(ctx, k, found))
    found = _in_paragraph(ctx, found)
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
