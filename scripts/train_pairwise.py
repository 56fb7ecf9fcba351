#!/usr/bin/env python3
"""Train newsweave's pair model (src/newsweave/align/data/pairwise.npz) from public data.

    make train-pairwise DATA=/path/to/dataset-sts        # or:
    nice -n 10 .venv/bin/python scripts/train_pairwise.py /path/to/dataset-sts

DATA is a checkout of https://github.com/brmson/dataset-sts (used at commit
e1d3375f5b3bc24f21aa4e46f96eb379e9fc1081): it holds the Microsoft Research Paraphrase Corpus
and the SemEval STS sets in plain TSV.  THIRD_PARTY.md lists which files are read and their
licences; no data is copied into newsweave, only the trained weights are written.

What is trained (see newsweave/align/crossenc.py): all-MiniLM-L6-v2's lower layers stay frozen
and run on each sentence alone (their outputs are computed once per sentence and kept in
memory); the upper layers run on the two sentences' joined token states and are fine-tuned with
a small head, with a binary cross-entropy on "same fact" (MRPC's label, or an STS score / 5 as a
soft label).  Needs torch (the ``train`` extra: ``pip install torch==2.13.0``, a CPU build);
newsweave never imports torch at run time.  Seeds are fixed, so a rerun on the same data gives
the same file up to float rounding of the BLAS in use.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsweave.align import crossenc, semantic  # noqa: E402

try:
    import torch
    from torch import nn
    from torch.nn import functional as F
except ImportError:  # pragma: no cover - the message is the point
    sys.exit("train_pairwise: torch is not installed (the train extra: pip install torch==2.13.0)")

D, HEADS = 384, 12
MATRICES = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)
NORMS = ("attention.output.LayerNorm", "output.LayerNorm")

#: training sets: (path under DATA, kind); "para" rows are label, id, id, s1, s2 (MRPC),
#: "sts" rows are score (0-5), s1, s2.  News-domain sets only: our pairs are news sentences.
TRAIN_SETS = (
    ("data/para/msr/msr-para-train.tsv", "para"),
    ("data/para/msr/msr-para-val.tsv", "para"),
    ("data/sts/semeval-sts/2012/MSRpar.train.tsv", "sts"),
    ("data/sts/semeval-sts/2012/MSRpar.test.tsv", "sts"),
    ("data/sts/semeval-sts/2012/SMTnews.test.tsv", "sts"),
    ("data/sts/semeval-sts/2013/headlines.test.tsv", "sts"),
    ("data/sts/semeval-sts/2014/headlines.test.tsv", "sts"),
    ("data/sts/semeval-sts/2014/deft-news.test.tsv", "sts"),
    ("data/sts/semeval-sts/2015/headlines.test.tsv", "sts"),
)
HELD_OUT = ("data/para/msr/msr-para-test.tsv", "para")  #: MRPC's test split, never trained on

Pair = tuple[str, str, float]


def read_pairs(path: Path, kind: str) -> list[Pair]:
    """(sentence, sentence, label in [0, 1]) rows of one file; a malformed file is an error."""
    if not path.is_file():
        sys.exit(f"train_pairwise: {path}: no such file (is DATA a dataset-sts checkout?)")
    out: list[Pair] = []
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            try:
                if kind == "para" and len(row) >= 5 and row[0] in ("0", "1"):
                    out.append((row[3], row[4], float(row[0])))
                elif kind == "sts" and len(row) >= 3 and row[0]:
                    out.append((row[1], row[2], min(max(float(row[0]) / 5.0, 0.0), 1.0)))
            except ValueError:
                continue
    if not out:
        sys.exit(f"train_pairwise: {path}: no labelled pairs read")
    return out


class Layer(nn.Module):
    """One BERT layer with MiniLM's weights in newsweave's layout (``x @ W + b``)."""

    def __init__(self, weights: dict[str, np.ndarray], index: int, dropout: float) -> None:
        super().__init__()
        self.prefix = f"encoder.layer.{index}."
        self.params = nn.ParameterDict()
        for name in (
            *(m + s for m in MATRICES for s in (".weight", ".bias")),
            *(n + s for n in NORMS for s in (".weight", ".bias")),
        ):
            tensor = torch.from_numpy(np.array(weights[self.prefix + name], dtype=np.float32))
            self.params[name.replace(".", "__")] = nn.Parameter(tensor)
        self.dropout = nn.Dropout(dropout)

    def p(self, name: str) -> torch.Tensor:
        return self.params[name.replace(".", "__")]

    def dense(self, x: torch.Tensor, name: str) -> torch.Tensor:
        return x @ self.p(name + ".weight") + self.p(name + ".bias")

    def norm(self, x: torch.Tensor, name: str) -> torch.Tensor:
        return F.layer_norm(x, (D,), self.p(name + ".weight"), self.p(name + ".bias"), 1e-12)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        n, t, _ = x.shape

        def heads(name: str) -> torch.Tensor:
            return self.dense(x, name).view(n, t, HEADS, D // HEADS).transpose(1, 2)

        q, k, v = (heads(f"attention.self.{s}") for s in ("query", "key", "value"))
        scores = q @ k.transpose(-1, -2) / math.sqrt(D // HEADS) + mask[:, None, None, :]
        ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(n, t, D)
        x = self.norm(
            x + self.dropout(self.dense(ctx, "attention.output.dense")),
            "attention.output.LayerNorm",
        )
        hidden = F.gelu(self.dense(x, "intermediate.dense"))
        return self.norm(x + self.dropout(self.dense(hidden, "output.dense")), "output.LayerNorm")

    def exported(self) -> dict[str, np.ndarray]:
        return {
            self.prefix + k.replace("__", "."): v.detach().numpy().copy()
            for k, v in self.params.items()
        }


class Embeddings(nn.Module):
    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        super().__init__()
        self.w = {
            k: torch.from_numpy(np.array(v))
            for k, v in weights.items()
            if k.startswith("embeddings.")
        }

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        w, t = self.w, ids.shape[1]
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:t][None]
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        return F.layer_norm(
            x, (D,), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], 1e-12
        )


class PairModel(nn.Module):
    """The upper layers on the joined pair and the head (as ``crossenc.PairScorer`` runs them)."""

    def __init__(
        self, weights: dict[str, np.ndarray], split: int, layers: int, dropout: float
    ) -> None:
        super().__init__()
        self.split = split
        self.layers = nn.ModuleList(Layer(weights, i, dropout) for i in range(split, layers))
        self.head = nn.Linear(2 * D, 1)
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    def forward(self, x: torch.Tensor, side: torch.Tensor) -> torch.Tensor:
        mask = torch.where(side > 0, 0.0, -1e9)
        for layer in self.layers:
            x = layer(x, mask)
        ma = (side == 1).float()[:, :, None]
        mb = (side == 2).float()[:, :, None]
        va = (x * ma).sum(1) / ma.sum(1).clamp(min=1.0)
        vb = (x * mb).sum(1) / mb.sum(1).clamp(min=1.0)
        return self.head(torch.cat([va * vb, (va - vb).abs()], 1)).squeeze(1)


def lower_states(enc: semantic.Encoder, split: int, texts: list[str]) -> list[torch.Tensor]:
    """Token states of each text after the frozen lower layers (float16, kept in memory)."""
    weights = enc.weights
    emb = Embeddings(weights)
    frozen = [Layer(weights, i, 0.0).eval() for i in range(split)]
    tok = enc.tokenizer
    seqs = [crossenc._truncate(tok.encode(t), tok.sep) for t in texts]
    out: list[torch.Tensor] = [torch.empty(0)] * len(seqs)
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    with torch.no_grad():
        for lo in range(0, len(order), 64):
            rows = order[lo : lo + 64]
            t = max(len(seqs[i]) for i in rows)
            ids = torch.zeros((len(rows), t), dtype=torch.long)
            keep = torch.zeros((len(rows), t))
            for k, i in enumerate(rows):
                ids[k, : len(seqs[i])] = torch.tensor(seqs[i])
                keep[k, : len(seqs[i])] = 1.0
            x = emb(ids)
            mask = (1.0 - keep) * -1e9
            for layer in frozen:
                x = layer(x, mask)
            for k, i in enumerate(rows):
                out[i] = x[k, : len(seqs[i])].to(torch.float16)
    return out


def batches(
    pairs: list[tuple[int, int, float]],
    states: list[torch.Tensor],
    size: int,
    rng: random.Random | None,
) -> Iterator[tuple[torch.Tensor, torch.Tensor, torch.Tensor]]:
    order = list(range(len(pairs)))
    if rng is not None:
        rng.shuffle(order)
    for lo in range(0, len(order), size):
        rows = [pairs[k] for k in order[lo : lo + size]]
        t = max(len(states[a]) + len(states[b]) for a, b, _ in rows)
        x = torch.zeros((len(rows), t, D))
        side = torch.zeros((len(rows), t), dtype=torch.long)
        for r, (a, b, _) in enumerate(rows):
            la, lb = len(states[a]), len(states[b])
            x[r, :la] = states[a].float()
            x[r, la : la + lb] = states[b].float()
            side[r, :la] = 1
            side[r, la : la + lb] = 2
        yield x, side, torch.tensor([y for _, _, y in rows])


def index(data: list[Pair], where: dict[str, int]) -> list[tuple[int, int, float]]:
    return [(where[a], where[b], y) for a, b, y in data]


def evaluate(
    model: PairModel, pairs: list[tuple[int, int, float]], states: list[torch.Tensor]
) -> dict[str, float]:
    model.eval()
    scores: list[float] = []
    with torch.no_grad():
        for x, side, _ in batches(pairs, states, 64, None):
            scores.extend(torch.sigmoid(model(x, side)).tolist())
    y = np.array([p[2] >= 0.5 for p in pairs])
    s = np.array(scores)
    pred = s >= 0.5
    tp = int((pred & y).sum())
    f1 = 2 * tp / max(int(pred.sum()) + int(y.sum()), 1)
    ranks = s.argsort().argsort() + 1
    npos = int(y.sum())
    auc = (ranks[y].sum() - npos * (npos + 1) / 2) / max(npos * (len(y) - npos), 1)
    return {"accuracy": float((pred == y).mean()), "f1": f1, "auc": float(auc)}


def quantize(weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Matrices as int8 with one float16 scale per output column; the rest as float16."""
    out: dict[str, np.ndarray] = {}
    for name, value in sorted(weights.items()):
        if value.ndim == 2 and name != "head.weight":
            scale = np.maximum(np.abs(value).max(axis=0), 1e-8) / 127.0
            scale = scale.astype(np.float16).astype(np.float32)
            out[name + ".q"] = np.clip(np.round(value / scale[None, :]), -127, 127).astype(np.int8)
            out[name + ".scale"] = scale.astype(np.float16)
        else:
            out[name] = value.astype(
                np.float16 if value.ndim == 1 and name != "head.bias" else np.float32
            )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="a checkout of github.com/brmson/dataset-sts")
    ap.add_argument(
        "--out", type=Path, default=ROOT / "src" / "newsweave" / "align" / "data" / "pairwise.npz"
    )
    ap.add_argument("--split", type=int, default=4, help="frozen lower layers (of 6)")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    enc = semantic.encoder()
    if enc is None:
        sys.exit("train_pairwise: the MiniLM weights are not installed (the models extra)")

    train = [p for rel, kind in TRAIN_SETS for p in read_pairs(args.data / rel, kind)]
    held = read_pairs(args.data / HELD_OUT[0], HELD_OUT[1])
    texts = sorted({t for a, b, _ in train + held for t in (a, b)})
    where = {t: i for i, t in enumerate(texts)}
    start = time.time()
    states = lower_states(enc, args.split, texts)
    print(
        f"{len(train)} training pairs, {len(held)} held out, {len(texts)} sentences; "
        f"lower layers in {time.time() - start:.0f} s",
        flush=True,
    )
    train_ix, held_ix = index(train, where), index(held, where)

    model = PairModel(enc.weights, args.split, enc.layers, dropout=0.1)
    opt = torch.optim.AdamW(
        [
            {"params": model.layers.parameters(), "lr": args.lr, "weight_decay": 0.01},
            {"params": model.head.parameters(), "lr": args.head_lr, "weight_decay": 0.0},
        ]
    )
    steps = args.epochs * math.ceil(len(train_ix) / args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, 1 - s / steps)
    )
    for epoch in range(args.epochs):
        model.train()
        total, start = 0.0, time.time()
        for x, side, y in batches(train_ix, states, args.batch, rng):
            loss = F.binary_cross_entropy_with_logits(model(x, side), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(y)
        figures = evaluate(model, held_ix, states)
        print(
            f"epoch {epoch + 1}: loss {total / len(train_ix):.4f}, MRPC test "
            + ", ".join(f"{k} {v:.3f}" for k, v in figures.items())
            + f" ({time.time() - start:.0f} s)",
            flush=True,
        )

    weights: dict[str, np.ndarray] = {}
    for layer in model.layers:
        weights.update(layer.exported())
    weights["head.weight"] = model.head.weight.detach().numpy().reshape(-1).copy()
    weights["head.bias"] = model.head.bias.detach().numpy().copy()
    arrays = quantize(weights)
    meta = {
        "split": args.split,
        "base": "all-MiniLM-L6-v2",
        "seed": args.seed,
        "epochs": args.epochs,
        "sets": [rel for rel, _ in TRAIN_SETS],
        "mrpc_test": figures,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, meta=np.array(json.dumps(meta)), **arrays)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
