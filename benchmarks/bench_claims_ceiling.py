"""How far can claim grouping get with the similarity evidence it has, on every gold story?

    .venv/bin/python benchmarks/bench_claims_ceiling.py [--no-encoder] [--seeds-only]

``claims.*`` in ``../shared/tools/score.py`` is scored over *pairs* of gold-anchored sentences
of different articles: a pair is positive when the two sentences report one gold claim.  This
script takes those same pairs, for the seeds and each story of ``../shared/gold/basil-dev``
(pooled as "dev"), and asks of each similarity signal the claim grouper could use:

* how well it ranks positive pairs above negative ones (ROC AUC);
* the best pairwise F1 any single threshold on it reaches (every pair above the threshold put
  in a claim of its own, i.e. the ceiling of a threshold rule on that signal);

and prints beside them the F1 of the real grouping (:func:`newsweave.align.claims.find_claims`
through :func:`newsweave.align.align_story`).  When the grouping already sits at the signal's
threshold ceiling, better clustering cannot reach a much higher score: a stronger pairwise
signal is what is missing.

Signals: lexical (IDF-weighted cosine of stemmed content words), static MiniLM vectors
(:mod:`newsweave.align.static`), the same read in context (neighbouring sentences at weight
0.2), the blend the grouper uses, the full MiniLM encoder (mean-pooled; skipped with
``--no-encoder``), and two ways of reading the articles' *order* on top of the blend (issue 15's
"align articles as sequences of passages"): a bonus for the pairs on each article pair's best
monotonic alignment (dynamic programming over the blend, skips free), and one for a pair whose
neighbouring sentence matches the other sentence.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_align import SHARED, _scorer, seed_inputs, seed_scores
from newsweave import pipeline
from newsweave.align import semantic
from newsweave.align.claims import (
    ClaimParams,
    context_vectors,
    lexical_graph,
    similarity_graph,
)
from newsweave.align.similarity import StoryText, build_story_text

Pair = tuple[bool, int, int]  #: (same gold claim, row, row)


def gold_pairs(text: StoryText, names: dict[str, str], gold: dict[str, Any]) -> list[Pair]:
    """Distinct sentence pairs of different articles holding ``gold``'s claim anchors, labelled
    as score.py labels them (positive when the two sentences share a gold claim)."""
    norm = _scorer().norm
    claims_of: dict[int, set[str]] = {}
    for claim in gold["claims"]["corroborated"]:
        for m in claim["mentions"]:
            article = names.get(m["article"])
            for row, s in enumerate(text.sentences):
                if s.article == article and norm(m["contains"]) in norm(s.text):
                    claims_of.setdefault(row, set()).add(claim["id"])
                    break
    out = []
    for i, j in itertools.combinations(sorted(claims_of), 2):
        if text.sentences[i].article != text.sentences[j].article:
            out.append((bool(claims_of[i] & claims_of[j]), i, j))
    return out


def auc(labels: list[bool], values: np.ndarray) -> float:
    """ROC AUC by ranks (ties count half)."""
    from scipy.stats import rankdata

    y = np.asarray(labels, dtype=bool)
    ranks = rankdata(values)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def best_threshold_f1(labels: list[bool], values: np.ndarray) -> tuple[float, float]:
    y = np.asarray(labels, dtype=bool)
    best = (0.0, 0.0)
    for t in np.unique(values):
        above = values >= t
        tp = int((above & y).sum())
        fp = int((above & ~y).sum())
        fn = int((~above & y).sum())
        best = max(best, (2 * tp / (2 * tp + fp + fn), float(t)))
    return best


def monotonic(sim: np.ndarray, rows_a: np.ndarray, rows_b: np.ndarray, gap: float) -> np.ndarray:
    """0/1 matrix of the sentence pairs on the best order-keeping alignment of two articles:
    the path maximising the sum of ``sim - gap`` over its matched pairs (skipping is free)."""
    block = sim[np.ix_(rows_a, rows_b)] - gap
    n, m = block.shape
    value = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            value[i, j] = max(
                value[i - 1, j], value[i, j - 1], value[i - 1, j - 1] + block[i - 1, j - 1]
            )
    on = np.zeros_like(sim)
    i, j = n, m
    while i and j:
        if value[i, j] == value[i - 1, j]:
            i -= 1
        elif value[i, j] == value[i, j - 1]:
            j -= 1
        else:
            on[rows_a[i - 1], rows_b[j - 1]] = on[rows_b[j - 1], rows_a[i - 1]] = 1.0
            i, j = i - 1, j - 1
    return on


def order_signals(text: StoryText, blend: np.ndarray) -> dict[str, np.ndarray]:
    """The blend plus 0.05 on its monotonic alignments, and plus 0.2 times the best match of
    either sentence's neighbour with the other sentence."""
    articles = [np.asarray(rows) for rows in text.by_article.values()]
    path = np.zeros_like(blend)
    for a, b in itertools.combinations(articles, 2):
        path = np.maximum(path, monotonic(blend, a, b, 0.5))
    neighbour = np.zeros_like(blend)
    for rows in articles:
        for k, r in enumerate(rows):
            near = rows[max(0, k - 1) : k + 2]
            neighbour[r] = blend[near].max(axis=0)
    neighbour = np.maximum(neighbour, neighbour.T)
    return {
        "blend + monotonic path": blend + 0.05 * path,
        "blend + neighbour match": blend + 0.2 * neighbour,
    }


def story_signals(
    gold_path: Path, encoder: bool
) -> tuple[list[Pair], dict[str, np.ndarray], dict[str, float], int]:
    """The gold's anchored pairs, every signal's matrix, the real grouping's scores and the
    story's sentence count."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    folder = (gold_path.parent / gold.get("inputs", "../seeds")).resolve()
    inputs = seed_inputs(folder)
    scores, _ = seed_scores(inputs, use_model=True, gold_path=gold_path)
    story = max(inputs["stories"], key=lambda s: len(s.articles))
    by_id = {a.id: a for a in inputs["articles"]}
    facts_by_id = {f.article: f for f in inputs["facts"]}
    arts = [by_id[a] for a in story.articles]
    facts = pipeline.with_fallback_dates(arts, [facts_by_id[a] for a in story.articles])
    text = build_story_text(facts, use_model=True)
    names = {Path(a.source).name: a.id for a in arts}
    pairs = gold_pairs(text, names, gold)
    params = ClaimParams()
    vectors = text.vectors
    assert vectors is not None
    ctx = context_vectors(text, params.context)
    assert ctx is not None  # vectors exist, so their context vectors do too
    blend = similarity_graph(text, params, vectors=ctx).toarray()
    signals: dict[str, np.ndarray] = {
        "lexical": lexical_graph(text).toarray(),
        "static MiniLM": vectors @ vectors.T,
        "static MiniLM in context": ctx @ ctx.T,
        "blend used by claims": blend,
        **order_signals(text, blend),
    }
    if encoder:
        full = semantic.encode([s.text for s in text.sentences])
        if full is not None:
            signals["full MiniLM encoder"] = full @ full.T
    return pairs, signals, scores, len(text.sentences)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-encoder", action="store_true", help="skip the full MiniLM encoder")
    ap.add_argument("--seeds-only", action="store_true", help="the seeds' gold alone")
    args = ap.parse_args(argv)
    if not (SHARED / "gold" / "seeds.json").exists():
        print(f"skipped: {SHARED / 'gold' / 'seeds.json'} not found (../shared is absent)")
        return 0
    if not semantic.available():
        print("skipped: the MiniLM package is not installed (make setup installs it)")
        return 0
    t0 = time.perf_counter()
    golds = [SHARED / "gold" / "seeds.json"]
    if not args.seeds_only:
        dev = sorted((SHARED / "gold" / "basil-dev").glob("basil-*.json"))
        golds += [g for g in dev if "story" in json.loads(g.read_text(encoding="utf-8"))]
    pooled: dict[str, dict[str, list[tuple[bool, float]]]] = {}
    grouping: dict[str, list[float]] = {}
    for gold_path in golds:
        pairs, signals, scores, n = story_signals(gold_path, not args.no_encoder)
        part = "seeds" if gold_path.stem == "seeds" else "dev"
        for name, sim in signals.items():
            pooled.setdefault(part, {}).setdefault(name, []).extend(
                (p, float(sim[i, j])) for p, i, j in pairs
            )
        grouping.setdefault(part, []).append(scores.get("claims.f1", 0.0))
        print(
            f"{gold_path.stem}: {n} sentences, {len(pairs)} anchored pairs of different "
            f"articles, {sum(p for p, _, _ in pairs)} positive; claims.f1 of the grouping "
            f"{scores.get('claims.f1', 0.0):.3f}"
        )
    for part, by_signal in pooled.items():
        print(f"\n{part} (pairs pooled over {len(grouping[part])} stories)")
        print(f"{'signal':<26} {'ROC AUC':>7} {'best F1':>7} {'at':>6}")
        for name, scored in by_signal.items():
            labels = [p for p, _ in scored]
            values = np.array([v for _, v in scored])
            f1, at = best_threshold_f1(labels, values)
            print(f"{name:<26} {auc(labels, values):>7.3f} {f1:>7.3f} {at:>6.3f}")
        mean = sum(grouping[part]) / len(grouping[part])
        print(f"claim grouping (find_claims): mean claims.f1 {mean:.3f}")
    print(f"\n{time.perf_counter() - t0:.1f} s; reproduce: .venv/bin/python {' '.join(sys.argv)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
