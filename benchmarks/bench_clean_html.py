"""HTML cleaning against the Zyte article-extraction benchmark, and page metadata on the seeds.

    .venv/bin/python benchmarks/bench_clean_html.py [--shared ../shared] [--rounds 3] [--kinds]

Scores newsweave's ``clean_html``, the whole ``newsweave clean`` path (bytes decoded and sniffed,
cleaned, metadata, the JSON line written: :func:`newsweave.clean.stream.clean_stream`) and plain
``trafilatura.extract`` (default settings) with the benchmark's own metric
(../shared/tools/aeb_score.py) in the same run, and times them on the same pages (CPU time of
this process, best of ``--rounds`` passes each, interleaved, so all see the same machine load).
The ``clean`` command must match the cleaner's F1 and keep at least 0.8x trafilatura's speed.
``--kinds`` also scores the furniture pass with each furniture kind dropped alone, to check that
:data:`newsweave.clean.html.DROP_KINDS` only holds kinds that help.

Then the metadata of the five plain-text seeds (``text_metadata`` over the cleaner's line labels)
is scored with ../shared/tools/score.py (``metadata.accuracy``: title, outlet, published,
syndicated_from, author set).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from newsweave.clean import html as nw_html
from newsweave.clean.metadata import text_metadata
from newsweave.clean.stream import article_record, clean_stream
from newsweave.clean.text import classify_lines
from newsweave.models import FURNITURE_KINDS, Article
from newsweave.sources.files import read_stream

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = Path(os.environ.get("NEWSWEAVE_SHARED", HERE.parent.parent / "shared"))


def load_scorer(shared: Path) -> Callable[[dict, dict], tuple[float, float, float]]:
    spec = importlib.util.spec_from_file_location("aeb_score", shared / "tools" / "aeb_score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score  # type: ignore[no-any-return]


def load_raw(shared: Path) -> dict[str, bytes]:
    return {
        path.name.split(".")[0]: gzip.decompress(path.read_bytes())
        for path in sorted((shared / "eval" / "aeb" / "html").glob("*.html.gz"))
    }


def load_pages(shared: Path) -> dict[str, str]:
    return {pid: raw.decode("utf-8", errors="replace") for pid, raw in load_raw(shared).items()}


def run(fn: Callable[[str], str], pages: dict[str, str]) -> tuple[dict, float]:
    start = time.process_time()  # CPU time: other jobs on the machine do not count
    pred = {pid: {"articleBody": fn(html)} for pid, html in pages.items()}
    return pred, len(pages) / (time.process_time() - start)


def run_clean_command(raw: dict[str, bytes]) -> tuple[dict, float]:
    """What ``newsweave clean`` does per page, from the page's bytes to its JSON line; the
    body scored is the one in the line."""
    start = time.process_time()
    pred = {}
    for pid, data in raw.items():
        for item in clean_stream(read_stream(data, pid)):
            line = (
                json.dumps(article_record(item), ensure_ascii=False)
                if isinstance(item, Article)
                else ""
            )
            pred[pid] = {"articleBody": json.loads(line)["body"] if line else ""}
    return pred, len(raw) / (time.process_time() - start)


def newsweave_body(html: str) -> str:
    cleaned, _ = nw_html.clean_html(html)
    return "\n".join(cleaned.paragraphs)


def trafilatura_body(html: str) -> str:
    return trafilatura.extract(html) or ""


def score_kinds(pages: dict[str, str], truth: dict, score: Callable) -> None:
    """F1 of the furniture pass dropping each kind alone (and none)."""
    saved = nw_html.DROP_KINDS
    try:
        for kinds in [frozenset(), saved, *(frozenset({k}) for k in FURNITURE_KINDS)]:
            nw_html.DROP_KINDS = kinds
            pred, _ = run(newsweave_body, pages)
            name = ",".join(sorted(kinds)) or "(no furniture pass)"
            print(f"  drop {name:<60} F1 {score(truth, pred)[2]:.4f}")
    finally:
        nw_html.DROP_KINDS = saved


def seed_metadata_accuracy(shared: Path) -> float:
    """metadata.accuracy of ../shared/tools/score.py on the seeds' text_metadata."""
    articles = []
    for path in sorted((shared / "seeds").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        meta = text_metadata(lines, classify_lines(lines))
        articles.append(
            {"id": path.stem, "source": str(path), "title": meta.title, "outlet": meta.outlet,
             "authors": list(meta.authors), "published": meta.published,
             "syndicated_from": meta.syndicated_from, "cited_sources": list(meta.cited_sources)}
        )  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        report.write_text(json.dumps({"articles": articles, "stories": []}), encoding="utf-8")
        out = subprocess.run(
            [sys.executable, str(shared / "tools" / "score.py"),
             str(shared / "gold" / "seeds.json"), str(report), "--json"],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
    return float(json.loads(out.stdout)["metadata.accuracy"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kinds", action="store_true", help="score each furniture kind alone")
    args = parser.parse_args()
    shared = args.shared.resolve()
    if not (shared / "eval" / "aeb").exists():
        print(f"../shared not found at {shared}: this benchmark needs eval/aeb", file=sys.stderr)
        return 2
    score = load_scorer(shared)
    raw = load_raw(shared)
    pages = {pid: data.decode("utf-8", errors="replace") for pid, data in raw.items()}
    truth = json.loads((shared / "eval" / "aeb" / "ground-truth.json").read_text("utf-8"))
    truth = {pid: truth[pid] for pid in pages if pid in truth}
    nw_html.clean_html(next(iter(pages.values())))  # warm caches (tld list, regexes)
    labels = {
        "trafilatura": "trafilatura.extract (default)",
        "newsweave": "newsweave clean_html",
        "command": "newsweave clean (JSON lines)",
    }
    speeds = dict.fromkeys(labels, 0.0)
    preds: dict[str, dict] = {}
    for _ in range(args.rounds):
        for name, fn in (("trafilatura", trafilatura_body), ("newsweave", newsweave_body)):
            preds[name], speed = run(fn, pages)
            speeds[name] = max(speeds[name], speed)
        preds["command"], speed = run_clean_command(raw)
        speeds["command"] = max(speeds["command"], speed)
    print(f"AEB HTML, {len(pages)} pages (eval/aeb/html), CPU time, best of {args.rounds}")
    f1 = {}
    for name, label in labels.items():
        p, r, f1[name] = score(truth, preds[name])
        print(f"  {label:<31} P {p:.4f}  R {r:.4f}  F1 {f1[name]:.4f}  {speeds[name]:6.1f} pages/s")
    f_nw, f_tr = f1["newsweave"], f1["trafilatura"]
    ratio = speeds["newsweave"] / speeds["trafilatura"]
    print(f"  F1 difference {f_nw - f_tr:+.4f}; speed ratio {ratio:.2f}x (floor 0.80x)")
    command_ratio = speeds["command"] / speeds["trafilatura"]
    print(
        f"  newsweave clean: F1 {f1['command'] - f_nw:+.4f} against clean_html; speed ratio "
        f"{command_ratio:.2f}x trafilatura's (floor 0.80x)"
    )
    if args.kinds:
        score_kinds(pages, truth, score)
    accuracy = seed_metadata_accuracy(shared)
    print(f"seeds metadata.accuracy (score.py, cleaner labels): {accuracy:.3f} (floor 0.90)")
    print(f"command: .venv/bin/python benchmarks/bench_clean_html.py --shared {shared}")
    command_ok = f1["command"] >= f_nw and command_ratio >= 0.8
    return 0 if f_nw >= f_tr and ratio >= 0.8 and accuracy >= 0.9 and command_ok else 1


if __name__ == "__main__":
    sys.exit(main())
