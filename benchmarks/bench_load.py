"""Load benchmark: N articles (default 10,000) through the whole pipeline, with the store.

The articles are real texts from ../shared/eval (BASIL, ECB+, PolNeAR), repeated with small
perturbations (a sentence dropped, two paragraphs swapped, a number changed, words added) and
publication dates shifted by whole weeks, so that every article is new to the store and the
story clustering sees many similar stories.  Nothing from ../shared is written anywhere but the
temporary store.

Measured:

* throughput: articles per second for the whole run and per stage (from the progress callback);
* peak memory: ``resource.getrusage(RUSAGE_SELF).ru_maxrss``;
* memory per article: RSS sampled every ``--every`` articles while cleaning (the progress
  callback) and every second by a sampling thread over every stage; a least-squares slope of RSS
  against articles cleaned, compared with the text kept per article (the run holds every
  article in memory until the report is written, so growth up to a few times that is expected;
  more would be a leak).

Run::

    .venv/bin/python benchmarks/bench_load.py --n 10000
    .venv/bin/python benchmarks/bench_load.py --n 1000 --json benchmarks/results/load-1k.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from newsweave.models import Document
from newsweave.options import Options
from newsweave.pipeline import analyze_documents

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAGE = 4096


@dataclass(frozen=True)
class Base:
    text: str
    published: str
    outlet: str | None
    title: str | None


def rss() -> int:
    """Resident set size now, in bytes (Linux /proc)."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * PAGE


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def bases(shared: Path) -> list[Base]:
    out: list[Base] = []
    for line in _lines(shared / "eval/basil/basil_docs.jsonl"):
        r = json.loads(line)
        out.append(
            Base(r["text"], r.get("published") or "2012-06-01", r.get("outlet"), r.get("title"))
        )
    for line in (
        (shared / "eval/ecbplus/ecbplus_docs.jsonl").read_text(encoding="utf-8").splitlines()
    ):
        r = json.loads(line)
        # ECB+ is tokenised one sentence a line: join into paragraphs of three sentences
        sents = [s for s in r["text"].splitlines() if s.strip()]
        text = "\n\n".join(" ".join(sents[i : i + 3]) for i in range(0, len(sents), 3))
        out.append(Base(text, "2013-03-01", None, None))
    for path in sorted(shared.glob("eval/polnear/*/text/*.txt")):
        found = re.search(r"_(\d{4}-\d{2}-\d{2})_", path.name)
        outlet = path.name.split("_", 1)[0]
        published = found.group(1) if found else "2016-01-01"
        out.append(Base(path.read_text(encoding="utf-8"), published, outlet, None))
    return [b for b in out if len(b.text.split()) >= 30]


def perturbed(base: Base, copy: int, rng: random.Random) -> tuple[str, str]:
    """A variant of the text and its shifted date; copy 0 is the text as it is."""
    day = date.fromisoformat(base.published) + timedelta(weeks=copy * 3)
    if copy == 0:
        return base.text, day.isoformat()
    paras = [p for p in base.text.split("\n\n") if p.strip()] or [base.text]
    if len(paras) > 2:
        i, j = rng.sample(range(len(paras)), 2)
        paras[i], paras[j] = paras[j], paras[i]
    k = rng.randrange(len(paras))
    sents = re.split(r"(?<=[.!?])\s+", paras[k])
    if len(sents) > 1:
        sents.pop(rng.randrange(len(sents)))
        paras[k] = " ".join(sents)
    text = "\n\n".join(paras)
    text = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 3)), text, count=2)
    return f"{text}\n\nUpdated edition {copy}.", day.isoformat()


def documents(n: int, shared: Path, seed: int = 7) -> Iterator[Document]:
    pool = bases(shared)
    rng = random.Random(seed)
    for i in range(n):
        base = pool[i % len(pool)]
        text, published = perturbed(base, i // len(pool), rng)
        yield Document(
            source=f"load/{i:05d}.txt",
            text=text,
            kind="text",
            title=base.title,
            published=published,
            outlet=base.outlet,
        )


#: progress stage -> what runs after the callback ("save": the store and the report)
PHASE = {"clean": "clean+group", "group": "extract", "extract": "align", "align": "align"}


@dataclass
class Sampler:
    """RSS per article while cleaning (callback) and per second over the whole run (thread)."""

    every: int
    stage: str = "read"
    done: int = 0
    per_article: list[tuple[int, int]] = field(default_factory=list)
    per_second: list[tuple[float, str, int, int]] = field(default_factory=list)
    stage_times: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    stop: threading.Event = field(default_factory=threading.Event)

    def progress(self, stage: str, done: int, total: int) -> None:
        # the pipeline reports "group" and "extract" once each, when they end, and "align" after
        # each story: name each period by what runs in it
        last_story = stage == "align" and 0 < total <= done
        stage = "save" if last_story else PHASE.get(stage, stage)
        if stage != self.stage:
            self.stage_times[self.stage] = time.monotonic() - self.started
            print(
                f"{self.stage_times[self.stage]:8.1f}s  {self.stage} done, now {stage} "
                f"({done}/{total})  rss {rss() / 2**20:.0f} MB",
                file=sys.stderr,
                flush=True,
            )
            self.stage = stage
        self.done = done
        if stage == "clean+group" and done % self.every == 0:
            self.per_article.append((done, rss()))

    def run(self) -> None:
        while not self.stop.wait(1.0):
            self.per_second.append((time.monotonic() - self.started, self.stage, self.done, rss()))


def slope(points: list[tuple[int, int]]) -> float:
    """Least-squares bytes per article."""
    if len(points) < 3:
        return float("nan")
    x = np.array([p[0] for p in points], dtype=float)
    y = np.array([p[1] for p in points], dtype=float)
    return float(np.polyfit(x, y, 1)[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles (default 10,000)")
    parser.add_argument("--every", type=int, default=100, help="sample RSS every N articles")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--no-semantic",
        action="store_true",
        help="align without the MiniLM model (lexical evidence only, as on a machine without "
        "its package)",
    )
    args = parser.parse_args()
    if args.no_semantic:
        from newsweave.align import semantic

        semantic.model_zip = lambda: None  # no encoder, no tokenizer, so no static vectors
    if not (args.shared / "eval").is_dir():
        print(f"../shared not found ({args.shared}): the eval texts sit beside the repo")
        return 2
    docs = list(documents(args.n, args.shared))
    kept = sum(len(d.text.encode("utf-8")) for d in docs) / len(docs)
    sampler = Sampler(every=args.every)
    thread = threading.Thread(target=sampler.run, daemon=True)
    rss_before = rss()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.db"
        options = Options(progress=False, store=str(db), time_limit=60)
        thread.start()
        start = time.monotonic()
        report = analyze_documents(iter(docs), options, sampler.progress)
        elapsed = time.monotonic() - start
        sampler.stop.set()
        thread.join()
        sampler.stage_times[sampler.stage] = elapsed
        db_bytes = db.stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    per_article = slope(sampler.per_article)
    figures: dict[str, Any] = {
        "articles_in": args.n,
        "semantic_encoder": not args.no_semantic,
        "articles_out": len(report.articles),
        "errors": len(report.errors),
        "stories": len(report.stories),
        "seconds": round(elapsed, 1),
        "articles_per_second": round(args.n / elapsed, 2),
        "stage_end_seconds": {k: round(v, 1) for k, v in sampler.stage_times.items()},
        "peak_rss_mb": round(peak / 2**20, 1),
        "rss_before_mb": round(rss_before / 2**20, 1),
        "clean_rss_slope_kb_per_article": round(per_article / 1024, 1),
        "input_text_kb_per_article": round(kept / 1024, 1),
        "store_mb": round(db_bytes / 2**20, 1),
        "rss_per_second": [
            (round(t, 1), s, d, round(r / 2**20, 1)) for t, s, d, r in sampler.per_second
        ],
    }
    summary = {k: v for k, v in figures.items() if k != "rss_per_second"}
    print(json.dumps(summary, indent=2))
    stages: dict[str, list[float]] = {}
    for _, stage, _, r in sampler.per_second:
        stages.setdefault(stage, []).append(r / 2**20)
    for stage, values in stages.items():
        print(f"RSS during {stage:11s}: min {min(values):7.1f} MB  max {max(values):7.1f} MB")
    flags = f"--n {args.n} --every {args.every}" + (" --no-semantic" if args.no_semantic else "")
    print(f"command: .venv/bin/python benchmarks/bench_load.py {flags}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        with (gzip.open if args.json.suffix == ".gz" else open)(args.json, "wt") as fh:
            json.dump(figures, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
