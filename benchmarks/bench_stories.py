"""Story clustering: B-cubed F1 on ECB+ and BASIL, a TF-IDF baseline, incremental agreement.

    .venv/bin/python benchmarks/bench_stories.py [--cli] [--chunk 50] [--sweep] [--halves]

For each set (``../shared/eval/ecbplus/ecbplus_docs.jsonl``: 535 undated documents, each topic
holding two real events of the same kind; ``../shared/eval/basil/basil_docs.jsonl``: 150 dated
articles, 50 events x 3 outlets) this prints:

* ``newsweave``: :func:`newsweave.group.cluster_stories` with its default parameters (one set for
  both corpora) on Articles built from the records, scored by ``../shared/tools/cluster_score.py``
  (targets: ECB+ >= 0.95, BASIL >= 0.98);
* ``baseline``: TF-IDF (sublinear tf, all words) + average-link cosine at its *best* threshold
  for that set (scipy), computed in the same run (eval/README.md: ECB+ 0.860, BASIL 0.962);
* ``incremental``: the same articles fed in chunks of ``--chunk`` (date order, the index
  serialised to JSON and read back between chunks), scored against gold and against the batch
  result (B-cubed F1 agreement);
* ``--sweep``: F1 of newsweave over a range of thresholds (how flat the optimum is: the
  default sits in the middle of the thresholds that meet the target on both sets), on the
  Articles above (``direct``) and on the records read and cleaned as the CLI does
  (``cleaned``: titles and datelines leave the text, 41 ECB+ documents get a date from it);
* ``--halves``: each half of the gold stories clustered alone (an estimate of how a held-out
  part scores; ECB+ by topic parity, BASIL by event);
* ``--cli``: ``newsweave analyze FILE.jsonl --format json`` end to end, scored by the tool.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSWEAVE_SHARED", ROOT.parent / "shared")).resolve()
sys.path.insert(0, str(ROOT / "src"))

from newsweave.clean import clean_document  # noqa: E402
from newsweave.group.stories import StoryIndex, StoryParams, cluster_stories  # noqa: E402
from newsweave.models import Article, Document, Metadata, Story  # noqa: E402
from newsweave.sources.files import read_path  # noqa: E402

SETS = {
    "ECB+": SHARED / "eval" / "ecbplus" / "ecbplus_docs.jsonl",
    "BASIL": SHARED / "eval" / "basil" / "basil_docs.jsonl",
}
TARGETS = {"ECB+": 0.95, "BASIL": 0.98}
SWEEP = (0.16, 0.18, 0.2, 0.21, 0.22, 0.23, 0.24, 0.25, 0.26, 0.27, 0.28, 0.3)


def load_scorer() -> Any:
    spec = importlib.util.spec_from_file_location(
        "cluster_score", SHARED / "tools" / "cluster_score.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(path: Path) -> tuple[list[Article], dict[str, str]]:
    """Articles as the brief builds them (source ``FILE#<id>``) and the gold cluster per id."""
    articles, gold = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        doc_id = str(r.get("id", r.get("doc_id")))
        meta = Metadata(published=r.get("published"), outlet=r.get("outlet"), title=r.get("title"))
        paragraphs = tuple(p for p in r["text"].split("\n") if p.strip())
        articles.append(Article(f"a{len(articles) + 1}", f"{path.name}#{doc_id}", paragraphs, meta))
        gold[doc_id] = str(r["cluster"])
    return articles, gold


def mapping(articles: list[Article], stories: tuple[Story, ...]) -> dict[str, str]:
    key = {a.id: a.source.rsplit("#", 1)[1] for a in articles}
    return {key[aid]: s.id for s in stories for aid in s.articles}


def baseline(articles: list[Article], gold: dict[str, str], scorer: Any) -> tuple[float, float]:
    """TF-IDF average link at the best threshold: (threshold, B-cubed F1)."""
    docs = [Counter(re.findall(r"\w+", a.body.lower())) for a in articles]
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    vocab = {t: i for i, t in enumerate(df)}
    n = len(docs)
    rows, cols, vals = [], [], []
    for i, d in enumerate(docs):
        for t, tf in d.items():
            rows.append(i)
            cols.append(vocab[t])
            vals.append((1 + math.log(tf)) * (math.log((1 + n) / (1 + df[t])) + 1))
    x = sp.csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    x = sp.diags(1 / norms) @ x
    dist = np.clip(1 - (x @ x.T).toarray(), 0, 2)
    np.fill_diagonal(dist, 0)
    tree = linkage(squareform(dist, checks=False), "average")
    ids = [a.source.rsplit("#", 1)[1] for a in articles]
    best = (0.0, 0.0)
    for t in np.arange(0.02, 0.61, 0.01):
        labels = fcluster(tree, 1 - t, "distance")
        f1 = scorer.score(gold, {i: str(lab) for i, lab in zip(ids, labels, strict=True)})
        if f1["bcubed.f1"] > best[1]:
            best = (round(float(t), 2), f1["bcubed.f1"])
    return best


def incremental(articles: list[Article], chunk: int) -> tuple[Story, ...]:
    ordered = sorted(articles, key=lambda a: a.metadata.published or "")
    index = StoryIndex()
    for start in range(0, len(ordered), chunk):
        cluster_stories(ordered[start : start + chunk], index=index)
        index = StoryIndex.from_dict(json.loads(json.dumps(index.to_dict())))
    return index.all_stories()


def cleaned(path: Path) -> list[Article]:
    """The records as the CLI sees them: read and cleaned by newsweave (titles and datelines
    taken out of the text, dates read from it), sources ``FILE#<id>`` like :func:`load`."""
    out = []
    for doc in read_path(str(path), 1 << 30):
        if isinstance(doc, Document):
            art = clean_document(doc, f"a{len(out) + 1}")
            out.append(replace(art, source=f"{path.name}#{doc.source.rsplit('#', 1)[1]}"))
    return out


def sweep(articles: list[Article], gold: dict[str, str], scorer: Any, target: float) -> str:
    """F1 per threshold, and the thresholds that meet the target."""
    cells, ok = [], []
    for thr in SWEEP:
        f = scorer.score(gold, mapping(articles, cluster_stories(articles, threshold=thr)))
        cells.append(f"{thr:.2f}:{f['bcubed.f1']:.3f}")
        if f["bcubed.f1"] >= target:
            ok.append(f"{thr:.2f}")
    return " ".join(cells) + f"\n{'':14s}meet the target: {' '.join(ok) or 'none'}"


def halves(articles: list[Article], gold: dict[str, str], scorer: Any) -> str:
    """F1 at the default threshold on each half of the gold stories, clustered alone (cleaned as
    by the CLI): how a held-out half of the same size may score.  ECB+ is halved by topic (both
    events of a topic stay together), BASIL by event."""
    ids = sorted(set(gold.values()))
    cells = []
    for half in (0, 1):

        def side(story: str) -> int:
            topic = story.split("_")[0]
            return int(topic) % 2 if topic.isdigit() else ids.index(story) % 2

        arts = [a for a in articles if side(gold[a.source.rsplit("#", 1)[1]]) == half]
        part = {a.source.rsplit("#", 1)[1]: gold[a.source.rsplit("#", 1)[1]] for a in arts}
        f1 = scorer.score(part, mapping(arts, cluster_stories(arts)))["bcubed.f1"]
        cells.append(f"half {half + 1}: {len(arts)} docs, B-cubed F1 {f1:.3f}")
    return "; ".join(cells)


def run_cli(path: Path, scorer: Any) -> str:
    exe = ROOT / ".venv" / "bin" / "newsweave"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cmd = [str(exe), "analyze", str(path), "--format", "json", "--no-progress", "-o", str(out)]
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode not in (0, 1) or not out.exists():
            return f"failed (exit {proc.returncode}): {proc.stderr.strip()[-300:]}"
        report = json.loads(out.read_text(encoding="utf-8"))
        elapsed = time.perf_counter() - start
    gold = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        gold[str(r.get("id", r.get("doc_id")))] = str(r["cluster"])
    s = scorer.score(gold, scorer.predicted(report))
    p, r = s["bcubed.precision"], s["bcubed.recall"]
    return f"B-cubed F1 {s['bcubed.f1']:.3f} (P {p:.3f} R {r:.3f}) in {elapsed:.0f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cli", action="store_true", help="also run newsweave analyze end to end")
    parser.add_argument("--chunk", type=int, default=50)
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--halves", action="store_true", help="F1 on each half of the stories")
    args = parser.parse_args()
    if not all(p.exists() for p in SETS.values()):
        print(f"../shared not found at {SHARED}: this benchmark needs the shared eval data")
        return 2
    scorer = load_scorer()
    for name, path in SETS.items():
        articles, gold = load(path)
        start = time.perf_counter()
        batch = cluster_stories(articles)
        elapsed = time.perf_counter() - start
        s = scorer.score(gold, mapping(articles, batch))
        mark = "ok" if s["bcubed.f1"] >= TARGETS[name] else "BELOW TARGET"
        print(f"{name}: {len(articles)} docs, {s['gold_clusters']} gold stories")
        print(
            f"  newsweave   B-cubed F1 {s['bcubed.f1']:.3f} (P {s['bcubed.precision']:.3f}"
            f" R {s['bcubed.recall']:.3f}), {len(batch)} stories, {elapsed:.2f} s"
            f"  [target {TARGETS[name]}: {mark}]"
        )
        t, f1 = baseline(articles, gold, scorer)
        print(f"  baseline    B-cubed F1 {f1:.3f} (TF-IDF average link, best threshold {t})")
        inc = incremental(articles, args.chunk)
        si = scorer.score(gold, mapping(articles, inc))
        agree = scorer.score(mapping(articles, batch), mapping(articles, inc))
        print(
            f"  incremental B-cubed F1 {si['bcubed.f1']:.3f} in chunks of {args.chunk};"
            f" agreement with batch (B-cubed F1) {agree['bcubed.f1']:.3f}"
        )
        if args.sweep:
            print(f"  threshold sweep (default {StoryParams().threshold})")
            for label, arts in (("direct", articles), ("cleaned", cleaned(path))):
                print(f"    {label:8s}" + sweep(arts, gold, scorer, TARGETS[name]))
        if args.halves:
            print(f"  halves      {halves(cleaned(path), gold, scorer)}")
        if args.cli:
            print(f"  CLI         {run_cli(path, scorer)}")
    options = (("--cli", args.cli), ("--sweep", args.sweep), ("--halves", args.halves))
    flags = " ".join(f for f, on in options if on)
    print(f"command: .venv/bin/python benchmarks/bench_stories.py --chunk {args.chunk} {flags}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
