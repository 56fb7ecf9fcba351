"""Story clustering at scale: wall time and peak memory at 1k, 10k (and 100k) articles.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 1000 10000 100000] [--incremental 10000]
        [--duplicates 10000]

How the streams are built (seeded, in memory, nothing stored): the base documents are the real
articles of ``../shared/eval``: ECB+ (535, undated: each gold story gets a random base date in
2012-2013 and its documents 0-2 days after it), BASIL (150, their own dates) and PolNeAR
train+dev (924, the date in the file name).  Copy ``r`` of the whole base set (r = 0, 1, ...)
shifts every date by ``30 * r`` days (beyond the 7-day window, so copies are new events) and
perturbs every text: each word dropped with probability 0.10 and replaced by a random corpus
word with probability 0.05.  A stream of N articles is the first N of copies 0, 1, ... in a
shuffled order.  Gold for ECB+/BASIL-derived articles is (gold story, copy number); B-cubed F1 is
printed for them as a sanity check (PolNeAR has no story labels).

Each size runs in a fresh subprocess: the time is ``cluster_stories`` alone (features, vectors,
blocking, average link); the memory is the subprocess's peak RSS (``ru_maxrss``, which includes
the stream itself and the interpreter, ~150 MB at 1k); CPU time is printed beside the wall time
because the machine's two cores are shared.  The growth exponent is the slope of
log(time) over log(N).  ``--incremental N`` also feeds N articles in date order in chunks of
1,000 through a StoryIndex and prints the agreement (B-cubed F1) with the batch result.
TARGET: 100k articles in under 5 minutes and 4 GB on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSWEAVE_SHARED", ROOT.parent / "shared")).resolve()
sys.path.insert(0, str(ROOT / "src"))

from newsweave.models import Article, Metadata  # noqa: E402

EVAL = SHARED / "eval"
SHIFT_DAYS = 30


def base_documents(rng: random.Random) -> list[tuple[str, str, str | None, str]]:
    """(text, published, gold story or None, title) for every real base article."""
    out: list[tuple[str, str, str | None, str]] = []
    start = date(2012, 1, 1).toordinal()
    story_day: dict[str, int] = {}
    for line in (EVAL / "ecbplus" / "ecbplus_docs.jsonl").read_text("utf-8").splitlines():
        r = json.loads(line)
        day = story_day.setdefault(r["cluster"], start + rng.randrange(730))
        published = date.fromordinal(day + rng.randrange(3)).isoformat()
        out.append((r["text"], published, "ecb:" + r["cluster"], ""))
    for line in (EVAL / "basil" / "basil_docs.jsonl").read_text("utf-8").splitlines():
        r = json.loads(line)
        out.append((r["text"], r["published"], "basil:" + r["cluster"], r.get("title") or ""))
    for split in ("train", "dev"):
        for path in sorted((EVAL / "polnear" / split / "text").glob("*.txt")):
            published = path.stem.split("_")[1]
            out.append((path.read_text("utf-8"), published, None, ""))
    return out


def perturb(text: str, rng: random.Random, vocab: list[str]) -> str:
    lines = []
    for line in text.split("\n"):
        words = []
        for w in line.split(" "):
            x = rng.random()
            if x < 0.10:
                continue
            words.append(rng.choice(vocab) if x < 0.15 else w)
        lines.append(" ".join(words))
    return "\n".join(lines)


def stream(n: int, seed: int = 11) -> tuple[list[Article], dict[str, str]]:
    articles: list[Article] = []
    gold: dict[str, str] = {}
    for article, label in iter_stream(n, seed):
        articles.append(article)
        if label:
            gold[article.id] = label
    return articles, gold


def iter_stream(n: int, seed: int = 11) -> Iterator[tuple[Article, str | None]]:
    """The first ``n`` articles of the stream one at a time, each with its gold label (None for
    PolNeAR), so that a million can be written without holding them."""
    rng = random.Random(seed)
    base = base_documents(rng)
    vocab = sorted({w for t, _, _, _ in base[:400] for w in re.findall(r"[a-z]+", t)})
    done = 0
    copy = 0
    while done < n:
        order = list(range(len(base)))
        rng.shuffle(order)
        for i in order[: n - done]:
            text, published, story, title = base[i]
            day = date.fromisoformat(published) + timedelta(days=SHIFT_DAYS * copy)
            done += 1
            aid = f"a{done}"
            paragraphs = tuple(p for p in perturb(text, rng, vocab).split("\n") if p.strip())
            meta = Metadata(published=day.isoformat(), title=title or None)
            yield (
                Article(aid, f"stream#{aid}", paragraphs, meta),
                (f"{story}@{copy}" if story else None),
            )
        copy += 1


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(n: int, incremental: bool, duplicates: bool) -> dict[str, float]:
    """Run one size in this process and return its figures."""
    from newsweave.group.stories import StoryIndex, cluster_stories

    articles, gold = stream(n)
    before = peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    stories = cluster_stories(articles)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    out = {"n": n, "seconds": elapsed, "cpu": cpu, "peak_mb": peak_mb(), "stream_mb": before}
    out["stories"] = len(stories)
    pred = {a: s.id for s in stories for a in s.articles}
    out["bcubed_f1"] = bcubed(gold, {a: pred[a] for a in gold})
    if incremental:
        ordered = sorted(articles, key=lambda a: a.metadata.published or "")
        index = StoryIndex()
        start = time.perf_counter()
        for k in range(0, len(ordered), 1000):
            cluster_stories(ordered[k : k + 1000], index=index)
        out["incremental_seconds"] = time.perf_counter() - start
        inc = {a: s.id for s in index.all_stories() for a in s.articles}
        out["agreement"] = bcubed(pred, inc)
        out["incremental_f1"] = bcubed(gold, {a: inc[a] for a in gold})
    if duplicates:
        from newsweave.group.duplicates import find_duplicates

        start = time.perf_counter()
        edges = find_duplicates([replace(a, metadata=a.metadata) for a in articles])
        out["duplicates_seconds"] = time.perf_counter() - start
        out["duplicate_edges"] = len(edges)
        out["peak_mb"] = peak_mb()
    return out


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> float:
    def sets(m: dict[str, str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for k, v in m.items():
            out.setdefault(v, set()).add(k)
        return out

    g, p = sets(gold), sets(pred)
    prec = sum(len(g[gold[d]] & p[pred[d]]) / len(p[pred[d]]) for d in gold) / len(gold)
    rec = sum(len(g[gold[d]] & p[pred[d]]) / len(g[gold[d]]) for d in gold) / len(gold)
    return 2 * prec * rec / (prec + rec)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--incremental", type=int, default=10000, help="size to also run in chunks")
    parser.add_argument(
        "--duplicates", type=int, default=0, help="size to also run find_duplicates"
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not (EVAL / "polnear").exists():
        print(f"../shared not found at {SHARED}: this benchmark needs the shared eval data")
        return 2
    if args.one:
        figures = one(args.one, args.one == args.incremental, args.one == args.duplicates)
        print(json.dumps(figures))
        return 0
    rows = []
    for n in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(n), "--incremental", str(args.incremental)]
        cmd += ["--duplicates", str(args.duplicates)]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append(row)
        extra = ""
        if "agreement" in row:
            extra += (
                f"; incremental (chunks of 1000) {row['incremental_seconds']:.1f} s,"
                f" agreement {row['agreement']:.3f}, F1 {row['incremental_f1']:.3f}"
            )
        if "duplicates_seconds" in row:
            extra += f"; find_duplicates {row['duplicates_seconds']:.1f} s"
            extra += f" ({row['duplicate_edges']} edges)"
        print(
            f"{n:>7} articles: cluster_stories {row['seconds']:.1f} s"
            f" (CPU {row['cpu']:.1f} s), peak RSS"
            f" {row['peak_mb']:.0f} MB (stream alone {row['stream_mb']:.0f} MB),"
            f" {row['stories']} stories, B-cubed F1 {row['bcubed_f1']:.3f}{extra}",
            flush=True,
        )
    if len(rows) >= 2:
        xs = [math.log(r["n"]) for r in rows]
        ys = [math.log(r["seconds"]) for r in rows]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
            (x - mx) ** 2 for x in xs
        )
        print(f"growth exponent (time ~ N^k): k = {slope:.2f}")
    sizes = " ".join(str(n) for n in args.sizes)
    cmd = f"--sizes {sizes} --incremental {args.incremental} --duplicates {args.duplicates}"
    print(f"command: .venv/bin/python benchmarks/bench_scale.py {cmd}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
