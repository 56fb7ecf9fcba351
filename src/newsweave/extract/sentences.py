"""Sentences of an article body from spaCy's sentence segmenter.

spaCy's ``senter`` sometimes runs a sentence across a paragraph break; every sentence is cut
again at blank lines ("\\n\\n") and trimmed, so sentences never cross paragraphs and their
offsets index the body exactly.  A sentence that leaves a bracket open ("more resources of
this kind [in Russia] than Ukraine" cut after "[") is joined with the next one of its paragraph.

No sentence is longer than :data:`MAX_SENTENCE_CHARS`: text without sentence punctuation (a
word salad, a table flattened to one line) is cut at the last space before the cap, so every
later stage that compares sentences or reads a quote's sentence works on bounded pieces.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from newsweave.models import Sentence

__all__ = ["sentences"]

_PARA_BREAK = re.compile(r"\n[ \t]*\n\s*")
#: longest sentence kept whole (news sentences rarely pass 600 characters)
MAX_SENTENCE_CHARS = 2000


def _pieces(text: str, offset: int) -> list[tuple[int, int]]:
    """Stripped (start, end) pieces of ``text`` between paragraph breaks."""
    out = []
    pos = 0
    for m in [*_PARA_BREAK.finditer(text), None]:
        stop = m.start() if m else len(text)
        chunk = text[pos:stop]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            out.append((offset + pos + lead, offset + pos + trail))
        if m:
            pos = m.end()
    return out


def _open_bracket(text: str) -> bool:
    return text.count("[") > text.count("]") or text.count("(") > text.count(")")


def _join_open_brackets(body: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out:
            prev_start, prev_end = out[-1]
            between = body[prev_end:start]
            joined = end - prev_start <= MAX_SENTENCE_CHARS
            if (
                joined
                and _open_bracket(body[prev_start:prev_end])
                and not _PARA_BREAK.search(between)
            ):
                out[-1] = (prev_start, end)
                continue
        out.append((start, end))
    return out


def _bounded(body: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with every span longer than :data:`MAX_SENTENCE_CHARS` cut at spaces."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > MAX_SENTENCE_CHARS:
            cut = body.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
            cut = cut if cut > start else start + MAX_SENTENCE_CHARS
            out.append((start, cut))
            start = cut
            while start < end and body[start].isspace():
                start += 1
        if end > start:
            out.append((start, end))
    return out


def sentences(article_id: str, doc: Doc) -> tuple[Sentence, ...]:
    """The sentences of ``doc`` (the parsed article body) with offsets into the body."""
    body = doc.text
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        spans.extend(_pieces(body[sent.start_char : sent.end_char], sent.start_char))
    spans = _bounded(body, _join_open_brackets(body, spans))
    return tuple(
        Sentence(article_id, i, start, end, body[start:end]) for i, (start, end) in enumerate(spans)
    )
