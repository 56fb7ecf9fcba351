"""Extraction throughput on PolNeAR dev, and the seeds' extraction scores.

    .venv/bin/python benchmarks/bench_extract.py [--split dev] [--limit N] [--repeat R]
        [--processes 1,2] [--no-seeds]

Throughput: every ``../shared/eval/polnear/SPLIT/text/*.txt`` is one article (paragraphs split
at blank lines); :func:`newsweave.extract.extract_articles` runs over all of them, after one
warm-up call so the model load is not counted, for each ``n_process`` asked for.  The parse
alone and the extractors alone (sentences, entities, quotes, quantities, dates on the ready
parses) are timed too, plus :func:`resolve_entities` over all mentions.  Target: the whole
pipeline >= 10 articles/s on 2 cores, so extraction must stay well above that.

Seeds: bodies are the gold body lines of ``../shared/gold/seeds.json``, scored with
``../shared/tools/score.py`` (targets: quantities recall and value/unit accuracy, dates resolved
accuracy, entity resolution >= 0.95).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSWEAVE_SHARED", ROOT.parent / "shared")).resolve()
sys.path.insert(0, str(ROOT / "src"))

from newsweave.extract import (  # noqa: E402
    entity_mentions,
    extract_articles,
    extract_dates,
    extract_quantities,
    extract_quotes,
    load_nlp,
    parse,
    resolve_entities,
    sentences,
)
from newsweave.models import Article, Metadata  # noqa: E402
from newsweave.report.json import (  # noqa: E402
    article_to_dict,
    date_to_dict,
    entity_to_dict,
    quantity_to_dict,
)

SEED_DATES = {
    "000": "2025-02-24",
    "001": "2025-02-26",
    "002": None,
    "003": "2025-02-25",
    "004": "2025-02-25",
}


def polnear_articles(split: str, limit: int | None) -> list[Article]:
    folder = SHARED / "eval" / "polnear" / split / "text"
    if not folder.exists():
        sys.exit(f"../shared not found ({folder}): PolNeAR sits in ../shared/eval/polnear")
    out = []
    for i, path in enumerate(sorted(folder.glob("*.txt"))[:limit], 1):
        text = path.read_text(encoding="utf-8")
        paras = tuple(p.strip() for p in text.replace("\r", "").split("\n\n") if p.strip())
        out.append(Article(id=f"a{i}", source=path.name, paragraphs=paras))
    return out


def timed(label: str, n: int, words: int, seconds: float, cpu: float | None = None) -> None:
    extra = f"  (cpu {cpu:.2f} s: {n / cpu:.1f} articles/s per core)" if cpu else ""
    print(
        f"{label:<42} {seconds:7.2f} s  {n / seconds:7.1f} articles/s  "
        f"{words / seconds:9.0f} words/s{extra}"
    )


def throughput(articles: list[Article], processes: list[int], repeat: int) -> None:
    n = len(articles) * repeat
    batch = articles * repeat
    words = sum(len(a.body.split()) for a in batch)
    print(f"{n} articles, {words} words ({words / n:.0f} words/article)")
    load_nlp()
    extract_articles(articles[:2])  # warm-up
    print(
        f"load average before: {os.getloadavg()[0]:.2f} (other work on the machine slows "
        "wall-clock figures; cpu figures are this process only)"
    )
    for k in processes:
        t, c = time.perf_counter(), time.process_time()
        facts = extract_articles(batch, n_process=k)
        cpu = time.process_time() - c if k == 1 else None
        timed(f"extract_articles n_process={k}", n, words, time.perf_counter() - t, cpu)
    t, c = time.perf_counter(), time.process_time()
    docs = parse([a.body for a in batch])
    timed(
        "spaCy parse alone (n_process=1)",
        n,
        words,
        time.perf_counter() - t,
        time.process_time() - c,
    )
    parts: dict[str, float] = dict.fromkeys(
        ("sentences", "entities", "quotes", "quantities", "dates"), 0.0
    )
    clock = time.process_time
    for a, d in zip(batch, docs, strict=True):
        t0 = clock()
        sents = sentences(a.id, d)
        t1 = clock()
        entity_mentions(a.id, d)
        t2 = clock()
        extract_quotes(a.id, a.body, d)
        t3 = clock()
        extract_quantities(a.id, a.body, sents)
        t4 = clock()
        extract_dates(a.id, a.body, "2016-11-08")
        t5 = clock()
        for key, dt in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
            parts[key] += dt
    for key, dt in parts.items():
        timed(f"  {key} (given the parse, cpu)", n, words, dt)
    t = time.perf_counter()
    index = resolve_entities(m for f in facts for m in f.entity_mentions)
    dt = time.perf_counter() - t
    n_mentions = sum(len(f.entity_mentions) for f in facts)
    print(
        f"resolve_entities: {n_mentions} mentions -> {len(index.entities)} entities in {dt:.2f} s"
    )
    print(
        f"per article: {sum(len(f.quantities) for f in facts) / n:.1f} quantities, "
        f"{sum(len(f.dates) for f in facts) / n:.1f} dates, {n_mentions / n:.1f} mentions"
    )


def seed_scores() -> dict[str, Any]:
    gold_path = SHARED / "gold" / "seeds.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    articles = []
    for i, (name, g) in enumerate(sorted(gold["articles"].items()), 1):
        lines = (SHARED / "seeds" / name).read_text(encoding="utf-8").split("\n")
        paras = tuple(lines[k - 1].strip() for k in g["body_lines"] if lines[k - 1].strip())
        meta = Metadata(published=SEED_DATES.get(name[:3]))
        articles.append(Article(id=f"a{i}", source=name, paragraphs=paras, metadata=meta))
    facts = extract_articles(articles, fallback_date="2025-02-25")
    index = resolve_entities(m for f in facts for m in f.entity_mentions)
    # the report writer's own record converters: the scorer reads the same fields as always
    story = {
        "id": "s1",
        "articles": [a.id for a in articles],
        "quantities": [quantity_to_dict(q) for f in facts for q in f.quantities],
        "dates": [date_to_dict(d) for f in facts for d in f.dates],
        "entities": [entity_to_dict(e) for e in index.entities],
        "quotes": [],
    }
    report = {"articles": [article_to_dict(a) for a in articles], "stories": [story]}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(report, fh)
    out = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score.py"), str(gold_path), fh.name, "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    os.unlink(fh.name)
    scores: dict[str, Any] = json.loads(out.stdout)
    return {
        k: v for k, v in scores.items() if k.split(".")[0] in ("quantities", "dates", "entities")
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--processes", default="1,2")
    ap.add_argument("--no-seeds", action="store_true")
    args = ap.parse_args()
    print("command:", " ".join([".venv/bin/python", "benchmarks/bench_extract.py", *sys.argv[1:]]))
    print(f"cpus: {os.cpu_count()}")
    if not args.no_seeds:
        print("seeds (gold body lines):")
        for k, v in seed_scores().items():
            print(f"  {k} {v:.3f}" if isinstance(v, float) else f"  {k} {v}")
    throughput(
        polnear_articles(args.split, args.limit),
        [int(p) for p in args.processes.split(",")],
        args.repeat,
    )


if __name__ == "__main__":
    main()
