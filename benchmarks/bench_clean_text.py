"""Plain-text page cleaner: accuracy on AEB text pages and the seeds, word retention on clean
articles, and throughput.

    .venv/bin/python benchmarks/bench_clean_text.py [--worst N] [--no-justext]

1. AEB: every ``../shared/eval/aeb/text/<id>.txt`` goes through
   :func:`newsweave.clean.text.clean_text`; the body (paragraphs joined by blank lines) is
   scored by ``../shared/tools/aeb_score.py`` against ``ground-truth.json`` (target F1 >= 0.90).
   The jusText baseline is measured in the same run on the same lines wrapped in ``<p>``.
2. Seeds: bag-of-words precision/recall/F1 of ``../shared/tools/score.py`` against the gold body
   lines of ``../shared/gold/seeds.json`` (targets: F1 and precision >= 0.97).
3. Clean articles (PolNeAR dev texts, ECB+ and BASIL documents) must keep >= 98% of their words.
   ECB+ records carry their headline and dateline as the first lines; those are removed as
   title/byline by design, so the share of words kept is printed with and without them.
4. Pages per second of ``clean_text`` over the AEB pages (one core, pure Python), by CPU time
   (the wall clock is printed too; it depends on what else the machine runs).
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSWEAVE_SHARED", ROOT.parent / "shared")).resolve()
sys.path.insert(0, str(ROOT / "src"))

from newsweave.clean.text import classify_lines, clean_text  # noqa: E402

COMMAND = ".venv/bin/python benchmarks/bench_clean_text.py"


def tool(name: str) -> ModuleType:
    """A scorer of ../shared/tools, imported from its file."""
    spec = importlib.util.spec_from_file_location(name, SHARED / "tools" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def body(text: str) -> str:
    return "\n\n".join(clean_text(text).paragraphs)


def justext_body(text: str) -> str:
    import justext

    page = (
        "<html><body>"
        + "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
        + "</body></html>"
    )
    paragraphs = justext.justext(page, justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def bench_aeb(worst: int, with_justext: bool) -> None:
    aeb = SHARED / "eval" / "aeb"
    gold = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {pid: (aeb / "text" / f"{pid}.txt").read_text(encoding="utf-8") for pid in gold}
    scorer = tool("aeb_score")
    t0, c0 = time.perf_counter(), time.process_time()
    pred = {pid: {"articleBody": body(text)} for pid, text in pages.items()}
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    p, r, f = scorer.score(gold, pred)
    print(f"AEB text ({len(pages)} pages): precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    kept = {pid: {"articleBody": text} for pid, text in pages.items()}
    print(f"  whole text baseline F1 {scorer.score(gold, kept)[2]:.3f}")
    if with_justext:
        jt = {pid: {"articleBody": justext_body(text)} for pid, text in pages.items()}
        jp, jr, jf = scorer.score(gold, jt)
        print(f"  jusText (<p> per line) precision {jp:.3f} recall {jr:.3f} F1 {jf:.3f}")
    n_lines = sum(len(t.splitlines()) for t in pages.values())
    print(
        f"  speed: {len(pages) / cpu:.0f} pages/s of CPU time ({n_lines / cpu:.0f} lines/s); "
        f"wall clock {len(pages) / elapsed:.0f} pages/s on this shared machine"
    )
    if worst:
        rows = [(scorer.score({k: gold[k]}, {k: pred[k]}), k) for k in sorted(gold)]
        for (pp, rr, ff), k in sorted(rows)[:worst]:
            print(f"    {k[:12]} F1 {ff:.2f} P {pp:.2f} R {rr:.2f}  {gold[k]['url'][:70]}")


def bench_seeds() -> None:
    seeds = SHARED / "seeds"
    gold = json.loads((SHARED / "gold" / "seeds.json").read_text(encoding="utf-8"))
    articles = [
        {"id": f.name, "source": f.name, "body": body(f.read_text(encoding="utf-8"))}
        for f in sorted(seeds.glob("*.txt"))
    ]
    result = tool("score").score(gold, {"articles": articles, "stories": []}, seeds)
    print(
        f"Seeds: clean.precision {result['clean.precision']:.3f} "
        f"recall {result['clean.recall']:.3f} f1 {result['clean.f1']:.3f}"
    )


def clean_articles() -> Iterator[tuple[str, str]]:
    ev = SHARED / "eval"
    for f in sorted((ev / "polnear" / "dev" / "text").glob("*.txt")):
        yield "PolNeAR dev", f.read_text(encoding="utf-8")
    jsonl = (("ecbplus/ecbplus_docs.jsonl", "ECB+"), ("basil/basil_docs.jsonl", "BASIL"))
    for name, label in jsonl:
        with open(ev / name, encoding="utf-8") as fh:
            for line in fh:
                yield label, json.loads(line)["text"]


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def bench_retention() -> None:
    totals: dict[str, list[int]] = {}
    for label, text in clean_articles():
        lines = text.splitlines()
        labels = classify_lines(lines)
        heads = sum(
            words(ln) for ln, lab in zip(lines, labels, strict=True) if lab in ("title", "byline")
        )
        t = totals.setdefault(label, [0, 0, 0, 0])
        t[0] += words(body(text))
        t[1] += words(text)
        t[2] += heads
        t[3] += 1
    print("Clean articles, share of words kept (target >= 0.98):")
    for label, (kept, total, heads, n) in totals.items():
        print(
            f"  {label:12} {n:4} docs: {kept / total:.4f}  "
            f"(not counting lines labelled title/byline: {kept / (total - heads):.4f})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worst", type=int, default=0, help="list the N worst AEB pages")
    parser.add_argument("--no-justext", action="store_true", help="skip the jusText baseline")
    args = parser.parse_args(argv)
    if not SHARED.exists():
        print(f"../shared not found ({SHARED}): nothing to measure")
        return 1
    bench_aeb(args.worst, not args.no_justext)
    bench_seeds()
    bench_retention()
    print(f"reproduce: {COMMAND}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
