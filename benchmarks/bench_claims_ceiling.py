"""How far can claim grouping get on the seeds with the similarity evidence it has?

    .venv/bin/python benchmarks/bench_claims_ceiling.py [--no-encoder]

``claims.*`` in ``../shared/tools/score.py`` is scored over *pairs* of gold-anchored sentences
of different articles: a pair is positive when the two sentences report one gold claim.  This
script takes those same pairs and asks of each similarity signal the claim grouper could use:

* how well it ranks positive pairs above negative ones (ROC AUC);
* the best pairwise F1 any single threshold on it reaches (every pair above the threshold put
  in a claim of its own, i.e. the ceiling of a threshold rule on that signal);

and prints beside them the F1 of the real grouping (:func:`newsweave.align.claims.find_claims`
through :func:`newsweave.align.align_story`).  When the grouping already sits at the signal's
threshold ceiling, better clustering cannot reach a much higher score: a stronger pairwise
signal is what is missing.

Signals: lexical (IDF-weighted cosine of stemmed content words), static MiniLM vectors
(:mod:`newsweave.align.static`), the same read in context (neighbouring sentences at weight
0.2), the blend the grouper uses, and the full MiniLM encoder (mean-pooled; skipped with
``--no-encoder``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

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


def gold_pairs(text: StoryText, names: dict[str, str]) -> list[Pair]:
    """Distinct sentence pairs of different articles holding gold claim anchors, labelled as
    score.py labels them (positive when the two sentences share a gold claim)."""
    norm = _scorer().norm
    gold = json.loads((SHARED / "gold" / "seeds.json").read_text(encoding="utf-8"))
    claims_of: dict[int, set[str]] = {}
    for claim in gold["claims"]["corroborated"]:
        for m in claim["mentions"]:
            article = names[m["article"]]
            for row, s in enumerate(text.sentences):
                if s.article == article and norm(m["contains"]) in norm(s.text):
                    claims_of.setdefault(row, set()).add(claim["id"])
                    break
    out = []
    for i, j in itertools.combinations(sorted(claims_of), 2):
        if text.sentences[i].article != text.sentences[j].article:
            out.append((bool(claims_of[i] & claims_of[j]), i, j))
    return out


def auc(pairs: list[Pair], sim: np.ndarray) -> float:
    pos = [sim[i, j] for p, i, j in pairs if p]
    neg = [sim[i, j] for p, i, j in pairs if not p]
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    return float(wins / (len(pos) * len(neg)))


def best_threshold_f1(pairs: list[Pair], sim: np.ndarray) -> tuple[float, float]:
    scores = np.array([sim[i, j] for _, i, j in pairs])
    labels = np.array([p for p, _, _ in pairs])
    best = (0.0, 0.0)
    for t in np.unique(scores):
        above = scores >= t
        tp = int((above & labels).sum())
        fp = int((above & ~labels).sum())
        fn = int((~above & labels).sum())
        best = max(best, (2 * tp / (2 * tp + fp + fn), float(t)))
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-encoder", action="store_true", help="skip the full MiniLM encoder")
    args = ap.parse_args(argv)
    if not (SHARED / "gold" / "seeds.json").exists():
        print(f"skipped: {SHARED / 'gold' / 'seeds.json'} not found (../shared is absent)")
        return 0
    if not semantic.available():
        print("skipped: the MiniLM package is not installed (make setup installs it)")
        return 0
    t0 = time.perf_counter()
    inputs = seed_inputs()
    scores, _ = seed_scores(inputs, use_model=True)
    story = max(inputs["stories"], key=lambda s: len(s.articles))
    by_id = {a.id: a for a in inputs["articles"]}
    facts_by_id = {f.article: f for f in inputs["facts"]}
    arts = [by_id[a] for a in story.articles]
    facts = pipeline.with_fallback_dates(arts, [facts_by_id[a] for a in story.articles])
    text = build_story_text(facts, use_model=True)
    names = {Path(a.source).name: a.id for a in arts}
    pairs = gold_pairs(text, names)
    params = ClaimParams()
    vectors = text.vectors
    assert vectors is not None
    ctx = context_vectors(text, params.context)
    assert ctx is not None  # vectors exist, so their context vectors do too
    signals: dict[str, np.ndarray] = {
        "lexical": lexical_graph(text).toarray(),
        "static MiniLM": vectors @ vectors.T,
        "static MiniLM in context": ctx @ ctx.T,
        "blend used by claims": similarity_graph(text, params, vectors=ctx).toarray(),
    }
    if not args.no_encoder:
        full = semantic.encode([s.text for s in text.sentences])
        if full is not None:
            signals["full MiniLM encoder"] = full @ full.T
    n_pos = sum(p for p, _, _ in pairs)
    print(
        f"seeds: {len(text.sentences)} sentences, {len(pairs)} anchored pairs of different "
        f"articles, {n_pos} positive"
    )
    print(f"{'signal':<26} {'ROC AUC':>7} {'best F1':>7} {'at':>6}")
    for name, sim in signals.items():
        f1, at = best_threshold_f1(pairs, sim)
        print(f"{name:<26} {auc(pairs, sim):>7.3f} {f1:>7.3f} {at:>6.3f}")
    print(
        f"\nclaim grouping (find_claims): claims.f1 {scores.get('claims.f1', 0.0):.3f} "
        f"(precision {scores.get('claims.precision', 0.0):.3f}, recall "
        f"{scores.get('claims.recall', 0.0):.3f}); target 0.90"
    )
    print(f"\n{time.perf_counter() - t0:.1f} s; reproduce: .venv/bin/python {' '.join(sys.argv)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
