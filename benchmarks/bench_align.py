"""Cross-outlet alignment: accuracy on the seeds and cost as a story grows.

    .venv/bin/python benchmarks/bench_align.py [--no-timing] [--no-seeds] [--spacy]

Seeds: the five seed pages run through the real stages (clean, group, extract), then
:func:`newsweave.align.align_story` twice: with the MiniLM meaning model and with lexical +
speaker evidence alone.  Both reports are scored by ``../shared/tools/score.py``; the printed
table shows what the model adds (targets: quote_groups.f1 >= 0.95, claims.f1 >= 0.90,
claims.corroborated_found >= 0.95, unique.recall >= 0.90, discrepancies.recall = 1.0,
quantities.cross_article_grouped >= 0.95).

Timing: stories of 5, 50 and 200 real BASIL articles (``../shared/eval/basil/basil_docs.jsonl``,
repeated when 200 exceed the file), with sentences from a cheap splitter (``--spacy``: the real
extraction stage) and quotes from quotation marks, aligned on one core.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSWEAVE_SHARED", ROOT.parent / "shared")).resolve()
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from newsweave.align import align_story, load_models, semantic  # noqa: E402
from newsweave.models import (  # noqa: E402
    Article,
    ArticleFacts,
    Metadata,
    Quote,
    Report,
    Sentence,
    Story,
)

METRICS = (
    "quote_groups.precision",
    "quote_groups.recall",
    "quote_groups.f1",
    "claims.precision",
    "claims.recall",
    "claims.f1",
    "claims.corroborated_found",
    "unique.recall",
    "discrepancies.recall",
    "quantities.cross_article_grouped",
)


def _scorer() -> Any:
    sys.path.insert(0, str(SHARED / "tools"))
    import score

    return score


def seed_inputs(folder: Path | None = None) -> dict[str, Any]:
    """Articles, facts, provenance and name resolution of the seeds (or of the inputs in
    ``folder``: a gold's inputs), from the real stages."""
    from newsweave import pipeline
    from newsweave.extract import extract_articles
    from newsweave.extract.entities import resolve_entities
    from newsweave.group import cluster_stories, find_duplicates, provenance_graph
    from newsweave.options import Options
    from newsweave.sources import read_inputs

    folder = SHARED / "seeds" if folder is None else folder
    articles = pipeline.clean_all(read_inputs([str(folder)], Options()), lambda *a: None)[0]
    provenance = provenance_graph(articles, find_duplicates(articles))
    stories = cluster_stories(articles)
    facts = extract_articles(articles)
    index = resolve_entities(m for f in facts for m in f.entity_mentions)
    return {
        "articles": articles,
        "facts": facts,
        "provenance": provenance,
        "stories": stories,
        "index": index,
    }


def seed_scores(
    inputs: dict[str, Any], use_model: bool, gold_path: Path | None = None
) -> tuple[dict[str, float], float]:
    """``score.py``'s scores of the report aligned from ``inputs`` against the seeds' gold (or
    the gold at ``gold_path``, whose inputs they are), and the alignment time."""
    from newsweave import pipeline
    from newsweave.extract.entities import resolve_entities
    from newsweave.report.json import report_to_dict

    by_id = {a.id: a for a in inputs["articles"]}
    facts_by_id = {f.article: f for f in inputs["facts"]}
    index = inputs["index"]
    alignments = []
    t0 = time.perf_counter()
    for story in inputs["stories"]:
        arts = [by_id[a] for a in story.articles]
        facts = pipeline.with_fallback_dates(arts, [facts_by_id[a] for a in story.articles])
        local = resolve_entities(m for f in facts for m in f.entity_mentions)
        ents = tuple(replace(e, name=index.canonical(e.name) or e.name) for e in local.entities)
        alignments.append(
            align_story(
                story,
                arts,
                facts,
                provenance=[p for p in inputs["provenance"] if p.source in story.articles],
                canonical=index.canonical,
                entities=ents,
                use_model=use_model,
            )
        )
    elapsed = time.perf_counter() - t0
    report = Report(
        articles=tuple(inputs["articles"]),
        stories=tuple(alignments),
        provenance=tuple(inputs["provenance"]),
    )
    data = json.loads(json.dumps(report_to_dict(report)))
    gold_path = SHARED / "gold" / "seeds.json" if gold_path is None else gold_path
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    folder = (gold_path.parent / gold.get("inputs", "../seeds")).resolve()
    return _scorer().score(gold, data, folder), elapsed


_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s+(?=[“\"A-Z])")
_QUOTE = re.compile(r"[“\"]([^”\"\n]{12,400})[”\"]")


def cheap_facts(article: Article) -> ArticleFacts:
    body = article.body
    sents = []
    for para in re.finditer(r"[^\n]+", body):
        pos = para.start()
        for piece in _SPLIT.split(para.group()):
            start = body.index(piece, pos)
            sents.append(Sentence(article.id, len(sents), start, start + len(piece), piece))
            pos = start + len(piece)
    quotes = tuple(
        Quote(f"q{i + 1}", article.id, m.start(1), m.end(1), m.group(1), None)
        for i, m in enumerate(_QUOTE.finditer(body))
        if len(m.group(1).split()) >= 3
    )
    return ArticleFacts(article.id, tuple(sents), quotes=quotes)


def basil_articles(n: int) -> list[Article]:
    path = SHARED / "eval" / "basil" / "basil_docs.jsonl"
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    out = []
    for i in range(n):
        d = docs[i % len(docs)]
        paras = tuple(p.strip() for p in d["text"].split("\n") if p.strip())
        meta = Metadata(outlet=d.get("outlet"), published=d.get("published"), title=d.get("title"))
        out.append(Article(id=f"a{i + 1}", source=d["id"], paragraphs=paras, metadata=meta))
    return out


def timing(sizes: tuple[int, ...], use_spacy: bool) -> None:
    load_models(full=True)  # loading the weights is a once-per-process cost, not the story's
    print(
        "\nalignment time per story (one core; sentences from "
        f"{'the extraction stage' if use_spacy else 'a regex splitter'})"
    )
    print(
        f"{'articles':>8} {'sentences':>9} {'quotes':>6} {'model s':>8} {'lexical s':>9} "
        f"{'claims':>6}"
    )
    for n in sizes:
        arts = basil_articles(n)
        if use_spacy:
            from newsweave.extract import extract_articles

            facts = list(extract_articles(arts))
        else:
            facts = [cheap_facts(a) for a in arts]
        story = Story("s1", tuple(a.id for a in arts))
        times = []
        claims = 0
        for use_model in (True, False):
            t0 = time.perf_counter()
            out = align_story(story, arts, facts, use_model=use_model)
            times.append(time.perf_counter() - t0)
            claims = len(out.claims)
        n_sents = sum(len(f.sentences) for f in facts)
        n_quotes = sum(len(f.quotes) for f in facts)
        print(f"{n:>8} {n_sents:>9} {n_quotes:>6} {times[0]:>8.2f} {times[1]:>9.2f} {claims:>6}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--no-seeds", action="store_true")
    ap.add_argument("--spacy", action="store_true", help="timing inputs from the extract stage")
    ap.add_argument("--sizes", default="5,50,200")
    args = ap.parse_args(argv)
    if not SHARED.exists():
        print(f"../shared not found at {SHARED}: nothing to measure")
        return 0
    print("command: .venv/bin/python benchmarks/bench_align.py " + " ".join(sys.argv[1:]))
    print(f"meaning model installed: {semantic.available()}")
    if not args.no_seeds:
        inputs = seed_inputs()
        model, t_model = seed_scores(inputs, use_model=True)
        lexical, t_lex = seed_scores(inputs, use_model=False)
        print(f"\nseeds ({len(inputs['articles'])} articles)   {'model':>7} {'lexical':>8}")
        for m in METRICS:
            got, base = model.get(m, float("nan")), lexical.get(m, float("nan"))
            print(f"{m:<34} {got:>7.3f} {base:>8.3f}")
        print(f"{'align time (s)':<34} {t_model:>7.2f} {t_lex:>8.2f}")
    if not args.no_timing:
        timing(tuple(int(x) for x in args.sizes.split(",")), args.spacy)
    return 0


if __name__ == "__main__":
    sys.exit(main())
