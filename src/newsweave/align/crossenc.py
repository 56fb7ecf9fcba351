"""A pairwise judge of "do these two sentences report the same fact?", trained here.

No small cross-encoder or NLI model ships on PyPI, so this one is built from the MiniLM weights
newsweave already reads (:mod:`.semantic`) by ``scripts/train_pairwise.py`` (``make
train-pairwise``), on public paraphrase and similarity data (THIRD_PARTY.md names each set, its
source and its licence).  Only what training changed is stored (``align/data/pairwise.npz``,
3 MB: int8 matrices with a scale per column): the encoder's top layers and a small head; the
frozen lower layers come from the installed MiniLM package.

Status: measured on the dev gold stories it does not pay (``benchmarks/bench_pairwise.md``:
alone it separates same-fact pairs worse than lexical overlap, and judging the undecided pairs
left claims.f1 unchanged at twice the alignment time), so the model file is not shipped (its
training data's licence would also make it non-commercial) and claims use it only with
``ClaimParams(pair_model=True)`` once it is built.

Architecture (a *decomposed* cross-encoder): each sentence goes alone through MiniLM's lower
:data:`split` layers (frozen, as in the bi-encoder), then the two sentences' token states are
joined into one sequence and run through the fine-tuned upper layers, where every token attends
to the other sentence's tokens.  The head reads the mean token state of each sentence and scores
their product and difference.  Why this and not a full cross-encoder on "[CLS] a [SEP] b [SEP]":
the lower layers' states depend on one sentence only, so a story's sentences are encoded once
each, and a pair costs only the upper layers; the score is also symmetric in the two sentences
(positions are per sentence, and the head uses ``a * b`` and ``|a - b|``).

Run with numpy alone (torch is used only for training).  When the model file or the MiniLM
package is absent, :func:`scorer` is None and claims use today's signals only.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from threadpoolctl import threadpool_limits

from . import semantic
from .semantic import Encoder, Matrix
from .similarity import StoryText

__all__ = ["PairScorer", "RefineParams", "available", "load", "model_path", "refine", "scorer"]

log = logging.getLogger(__name__)

_MODEL = "pairwise.npz"
_MAX_TOKENS = 64  #: tokens of each sentence the pair model reads (news sentences rarely exceed it)
_BATCH = 32
_LOCK = threading.Lock()


def model_path() -> Path | None:
    """The shipped model file, or None when it is not installed."""
    path = Path(str(resources.files("newsweave.align").joinpath("data", _MODEL)))
    return path if path.is_file() else None


def dequantize(arrays: dict[str, NDArray[np.generic]]) -> dict[str, Matrix]:
    """Float32 tensors from the stored form: ``name.q`` (int8) times ``name.scale`` (one scale
    per output column), or ``name`` stored as float16."""
    out: dict[str, Matrix] = {}
    for key, value in arrays.items():
        if key.endswith(".scale") or key == "meta":
            continue
        if key.endswith(".q"):
            name = key[:-2]
            scale = arrays[name + ".scale"].astype(np.float32)
            out[name] = np.ascontiguousarray(value.astype(np.float32) * scale[None, :])
        else:
            out[key] = np.ascontiguousarray(value.astype(np.float32))
    return out


@dataclass(frozen=True)
class PairScorer:
    """MiniLM's lower layers (per sentence) + fine-tuned upper layers (per pair) + a head."""

    encoder: Encoder  #: MiniLM with its upper layers replaced by the fine-tuned ones
    split: int  #: layers run on each sentence alone; the rest run on the joined pair
    head_w: Matrix  #: (2 * 384,) weights of ``[a * b, |a - b|]``
    head_b: float

    def lower(self, texts: Sequence[str]) -> list[Matrix]:
        """Each text's token states after the lower layers (``[CLS] text [SEP]``)."""
        tok = self.encoder.tokenizer
        seqs = [_truncate(tok.encode(t), tok.sep) for t in texts]
        out: list[Matrix] = [np.zeros((0, 384), dtype=np.float32)] * len(seqs)
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        with threadpool_limits(1, user_api="blas"):
            for lo in range(0, len(order), _BATCH):
                rows = order[lo : lo + _BATCH]
                x, _ = self.encoder.hidden([seqs[i] for i in rows], self.split)
                for k, i in enumerate(rows):
                    out[i] = x[k, : len(seqs[i])]
        return out

    def upper(self, states: Sequence[Matrix], pairs: Sequence[tuple[int, int]]) -> Matrix:
        """Probability that each pair ``(i, j)`` of ``states`` (from :meth:`lower`) reports
        one fact."""
        out = np.zeros(len(pairs), dtype=np.float32)
        if not pairs:
            return out
        lengths = [len(states[i]) + len(states[j]) for i, j in pairs]
        order = sorted(range(len(pairs)), key=lambda k: lengths[k])
        with threadpool_limits(1, user_api="blas"):
            for lo in range(0, len(order), _BATCH):
                rows = order[lo : lo + _BATCH]
                t = max(lengths[k] for k in rows)
                x = np.zeros((len(rows), t, 384), dtype=np.float32)
                side = np.zeros((len(rows), t), dtype=np.int8)  # 1: first sentence, 2: second
                for r, k in enumerate(rows):
                    a, b = states[pairs[k][0]], states[pairs[k][1]]
                    x[r, : len(a)] = a
                    x[r, len(a) : len(a) + len(b)] = b
                    side[r, : len(a)] = 1
                    side[r, len(a) : len(a) + len(b)] = 2
                mask = np.where(side > 0, 0.0, -1e9).astype(np.float32)
                for layer in range(self.split, self.encoder.layers):
                    x = self.encoder.layer(x, mask, layer)
                out[rows] = self._head(x, side)
        return out

    def _head(self, x: Matrix, side: NDArray[np.int8]) -> Matrix:
        ma = (side == 1).astype(np.float32)
        mb = (side == 2).astype(np.float32)
        va = (x * ma[:, :, None]).sum(1) / np.maximum(ma.sum(1, keepdims=True), 1.0)
        vb = (x * mb[:, :, None]).sum(1) / np.maximum(mb.sum(1, keepdims=True), 1.0)
        feats = np.concatenate([va * vb, np.abs(va - vb)], axis=1)
        logits = feats @ self.head_w + self.head_b
        out: Matrix = (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)
        return out

    def score(self, texts: Sequence[str], pairs: Sequence[tuple[int, int]]) -> Matrix:
        """Probability that each pair ``(i, j)`` of ``texts`` reports one fact; each text that
        appears in a pair is encoded once."""
        used = sorted({i for p in pairs for i in p})
        where = {i: k for k, i in enumerate(used)}
        states = self.lower([texts[i] for i in used])
        return self.upper(states, [(where[i], where[j]) for i, j in pairs])


def _truncate(ids: list[int], sep: int) -> list[int]:
    return ids if len(ids) <= _MAX_TOKENS else [*ids[: _MAX_TOKENS - 1], sep]


def load(path: Path, base: Encoder) -> PairScorer:
    """The pair model stored at ``path`` on top of the MiniLM ``base`` encoder."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        meta = json.loads(str(arrays["meta"]))
        weights = dequantize(arrays)
    except (OSError, ValueError, KeyError) as exc:
        raise ValueError(f"{path}: not a newsweave pair model ({exc})") from exc
    split = int(meta["split"])
    head_w = weights.pop("head.weight").reshape(-1)
    head_b = float(weights.pop("head.bias").reshape(-1)[0])
    merged = dict(base.weights)
    for name, value in weights.items():
        if name not in merged or merged[name].shape != value.shape:
            raise ValueError(f"{path}: tensor {name} does not fit all-MiniLM-L6-v2")
        merged[name] = value
    return PairScorer(Encoder(base.tokenizer, merged), split, head_w, head_b)


_CACHE: dict[str, PairScorer] = {}


def available() -> bool:
    """True when both the pair model and the MiniLM weights are installed."""
    return model_path() is not None and semantic.available()


def scorer() -> PairScorer | None:
    """The shared pair scorer, loaded once; None when the model or MiniLM is not installed."""
    path = model_path()
    if path is None:
        return None
    base = semantic.encoder()
    if base is None:
        return None
    with _LOCK:
        if "pairwise" not in _CACHE:
            _CACHE["pairwise"] = load(path, base)
            log.info("loaded the pair model from %s", path)
        return _CACHE["pairwise"]


@dataclass(frozen=True)
class RefineParams:
    """Which claim pairs the pair model judges, and how much its judgement counts."""

    band: float = 0.15  #: pairs whose similarity is within this of the threshold are undecided
    weight: float = 0.5  #: share of the pair model's probability in an undecided pair's value
    budget: int = 400  #: most pairs judged in one story (those nearest the threshold first)


def refine(
    text: StoryText, sim: sparse.csr_matrix, threshold: float, params: RefineParams = RefineParams()
) -> sparse.csr_matrix:
    """``sim`` (symmetric sentence x sentence similarity) with the pairs of different articles
    that the cheap signals leave undecided (within :attr:`RefineParams.band` of ``threshold``)
    blended with the pair model's probability; ``sim`` itself without the model."""
    model = scorer() if text.vectors is not None else None
    if model is None or sim.nnz == 0:
        return sim
    upper = sparse.triu(sim, k=1).tocoo()
    code = {a: k for k, a in enumerate(text.by_article)}
    article = np.array([code.get(s.article, -1) for s in text.sentences])
    gap = np.abs(upper.data - threshold)
    keep = np.flatnonzero((article[upper.row] != article[upper.col]) & (gap <= params.band))
    if len(keep) == 0:
        return sim
    keep = keep[np.argsort(gap[keep], kind="stable")[: params.budget]]
    rows, cols, old = upper.row[keep], upper.col[keep], upper.data[keep]
    prob = model.score(
        [s.text for s in text.sentences], list(zip(rows.tolist(), cols.tolist(), strict=True))
    )
    change = params.weight * (prob - old)
    delta = sparse.csr_matrix((change, (rows, cols)), shape=sim.shape)
    log.debug("pair model judged %d undecided pairs", len(keep))
    return sparse.csr_matrix(sim + delta + delta.T)
