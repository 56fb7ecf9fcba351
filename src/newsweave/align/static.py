"""Static sentence vectors distilled from all-MiniLM-L6-v2: meaning at the cost of a lookup.

Running the 6-layer encoder costs ~5-10 ms per sentence on one core, which made meaning
vectors for every sentence of a story the slowest step of the whole pipeline (18 of 24 s on
PolNeAR dev).  Claims compare every sentence of a story, so they use a *static* version of the
same model, made the way Model2Vec distils a sentence encoder: each of the 30,522 WordPiece
tokens is passed once through MiniLM as ``[CLS] token [SEP]`` and the token's output vector is
kept.  A sentence vector is the Zipf-weighted mean of its tokens' vectors (token ids of the
uncased BERT vocabulary are roughly in frequency order from id 1996 on, so ``log(rank)`` damps
function words the way IDF does), unit length.  On the seeds' hand-made claim pairs it separates
same-fact from different-fact pairs as well as the full encoder does (ROC AUC 0.834 against
0.830) at about 1/100 of the cost; see ``benchmarks/bench_align.py``.

Why not the ``model2vec`` package: its distillation needs torch and transformers, and its
ready-made models are downloaded from a hub at run time, which newsweave may not do.  The table
is computed from the installed MiniLM weights (no download) by :func:`build` (``make setup``
runs :func:`build_if_missing`) and kept in the user's cache directory; when it is missing it is
built on first use.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from .._io import atomic_write_bytes
from . import semantic

__all__ = ["available", "build", "build_if_missing", "encode", "table_path"]

log = logging.getLogger(__name__)

_BATCH = 1024
_FIRST_WORD = 1996  #: BERT uncased: ids below are padding, [unused], special and single chars
_LOCK = threading.Lock()
_TABLE: dict[str, tuple[NDArray[np.float32], NDArray[np.float32]]] = {}

Matrix = NDArray[np.float32]


def table_path() -> Path | None:
    """Where the distilled table of the installed MiniLM package is (or will be) kept
    (:func:`~newsweave.align.semantic.cache_dir`)."""
    source = semantic.model_zip()
    if source is None:
        return None
    return semantic.derived_path(source, "static.npy")


def available() -> bool:
    """True when static vectors can be had (the MiniLM weights are installed)."""
    return semantic.available()


def _distil(enc: semantic.Encoder) -> Matrix:
    """Output vector of every vocabulary token, encoded alone between [CLS] and [SEP]."""
    size = len(enc.weights["embeddings.word_embeddings.weight"])
    cls, sep = enc.tokenizer.cls, enc.tokenizer.sep
    out = np.zeros((size, 384), dtype=np.float32)
    for lo in range(0, size, _BATCH):
        ids = range(lo, min(size, lo + _BATCH))
        hidden, _ = enc.hidden([[cls, i, sep] for i in ids])
        out[lo : lo + len(ids)] = hidden[:, 1]
    return out


def _save(path: Path, table: Matrix) -> None:
    buf = io.BytesIO()
    np.save(buf, table.astype(np.float16))
    atomic_write_bytes(path, buf.getvalue())


def build(path: Path | None = None) -> Path | None:
    """Distil the table (about 30 s on one core) and write it atomically; None without MiniLM."""
    enc = semantic.encoder()
    target = path or table_path()
    if enc is None or target is None:
        return None
    log.info("distilling static MiniLM vectors into %s (once, about 30 s)", target)
    _save(target, _distil(enc))
    return target


def build_if_missing() -> Path | None:
    """Build the table unless it exists (``make setup`` runs this); its path, or None."""
    found = table_path()
    if found is not None and found.is_file():
        log.info("static MiniLM vectors already in %s", found)
        return found
    return build()


def _table() -> tuple[Matrix, Matrix] | None:
    """The token vectors and token weights, loaded (or distilled and kept) once per process."""
    path = table_path()
    if path is None:
        return None
    key = str(path)
    with _LOCK:  # static's own lock: semantic.encoder() below takes semantic's
        if key not in _TABLE:
            if path.is_file():
                vectors = np.load(path).astype(np.float32)
            else:
                enc = semantic.encoder()
                assert enc is not None  # table_path() found the model
                log.info("distilling static MiniLM vectors into %s (once, about 30 s)", path)
                vectors = _distil(enc).astype(np.float16).astype(np.float32)  # as if loaded
                try:
                    _save(path, vectors)
                except OSError as exc:  # a read-only cache: distilled again next run
                    log.warning("cannot keep static vectors in %s (%s)", path, exc)
            _TABLE[key] = (vectors, _weights(len(vectors)))
        return _TABLE[key]


def _weights(size: int) -> Matrix:
    ranks = np.maximum(np.arange(size, dtype=np.float32) - (_FIRST_WORD - 2), 2.0)
    weights: Matrix = np.log(ranks).astype(np.float32)
    return weights


def encode(texts: Sequence[str]) -> Matrix | None:
    """Unit static vectors of ``texts``, or None when MiniLM is not installed."""
    found = _table()
    tok = semantic.tokenizer()
    if found is None or tok is None:
        return None
    vectors, weights = found
    out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
    for row, text in enumerate(texts):
        ids = tok.encode(text)[1:-1]
        if not ids:
            continue
        v = weights[ids] @ vectors[ids]
        norm = float(np.linalg.norm(v))
        if norm:
            out[row] = v / norm
    return out
