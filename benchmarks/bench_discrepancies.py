"""False alarms: every discrepancy newsweave reports on whole public corpora, listed for review.

    .venv/bin/python benchmarks/bench_discrepancies.py [--corpus basil ecbplus] [--quiet]

The golds annotate discrepancies on seven stories only; a rule tuned there can still cry wolf on
stories nobody annotated, and a false "outlets disagree" is what a fact-checker can least
afford.  So the pipeline runs over the whole of ``../shared/eval/basil/basil_docs.jsonl`` (50
events, each told by Fox News, The New York Times and HuffPost) and
``../shared/eval/ecbplus/ecbplus_docs.jsonl`` (535 articles on 46 events, tokenised one
sentence a line, mostly undated), and every discrepancy found is printed with the sentences
that carry it, so a person can judge each one.  On BASIL, the discrepancies of the six dev
stories that have a gold (``../shared/gold/basil-dev``) are marked ``gold`` when they match one
of the gold's discrepancies as ``../shared/tools/score.py`` matches them.

Reviewed figures (judged by hand from this listing) are kept in ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSWEAVE_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT / "src"))

from newsweave.cli import main as cli  # noqa: E402

CORPORA = {
    "basil": SHARED / "eval" / "basil" / "basil_docs.jsonl",
    "ecbplus": SHARED / "eval" / "ecbplus" / "ecbplus_docs.jsonl",
}


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').lower().split())


def gold_variants() -> list[set[str]]:
    """For each dev gold discrepancy, the normalised texts of its variants."""
    out = []
    for path in sorted((SHARED / "gold" / "basil-dev").glob("basil-*.json")):
        for d in json.loads(path.read_text(encoding="utf-8")).get("discrepancies", []):
            out.append({_norm(v["contains"]) for v in d["variants"]})
    return out


def is_gold(discrepancy: dict[str, Any], golds: list[set[str]]) -> bool:
    texts = [_norm(v.get("text", "")) for v in discrepancy.get("variants", [])]
    return any(sum(any(g in t for t in texts) for g in gold) >= 2 for gold in golds)


def analyse(corpus: Path) -> tuple[dict[str, Any], float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        start = time.perf_counter()
        try:
            cli(["analyze", str(corpus), "-f", "json", "-o", str(out), "--no-progress"])
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise
        return json.loads(out.read_text(encoding="utf-8")), time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--corpus", nargs="*", default=list(CORPORA), choices=list(CORPORA))
    parser.add_argument("--quiet", action="store_true", help="counts only, no listing")
    args = parser.parse_args()
    missing = [CORPORA[c] for c in args.corpus if not CORPORA[c].exists()]
    if missing:
        print(f"skipped: {missing[0]} not found (benchmarks need ../shared/eval)")
        return 0
    golds = gold_variants()
    for name in args.corpus:
        report, seconds = analyse(CORPORA[name])
        outlets = {a["id"]: a.get("outlet") or a["id"] for a in report["articles"]}
        kinds: Counter[str] = Counter()
        marked = 0
        lines = []
        for story in report["stories"]:
            for d in story.get("discrepancies", []):
                kinds[d.get("kind", "?")] += 1
                gold = name == "basil" and is_gold(d, golds)
                marked += gold
                lines.append(
                    f"  [{'gold' if gold else 'review'}] {story['id']} {d['kind']}: {d['what']}"
                )
                for v in d.get("variants", [])[:4]:
                    text = " ".join(v.get("text", "").split())
                    lines.append(
                        f"      {outlets.get(v['article'], v['article'])[:18]:18} {text[:160]}"
                    )
        total = sum(kinds.values())
        print(
            f"{name}: {len(report['articles'])} articles, {len(report['stories'])} stories, "
            f"{total} discrepancies ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})"
            + (f", {marked} matching a dev gold discrepancy" if name == "basil" else "")
            + f"; {seconds:.0f} s"
        )
        if not args.quiet:
            print("\n".join(lines))
    print("command: .venv/bin/python benchmarks/bench_discrepancies.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
