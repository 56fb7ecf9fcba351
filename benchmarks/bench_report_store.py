"""Speed of the briefings and the store on a report of many stories.

    .venv/bin/python benchmarks/bench_report_store.py [--copies 40] [--pg postgresql://…]

The report is the seeds' report (articles from ../shared/seeds, sections from the gold answers,
as the report tests build it) repeated ``--copies`` times with distinct article contents, so
every copy is a new story of five new articles.  Prints the time to render Markdown and HTML,
to save the run in SQLite (and PostgreSQL with ``--pg``), to save it again (nothing added), to
read it back, and the ``known()`` lookups per second.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.report.seed_report import build_seed_report  # noqa: E402

from newsweave.report.html import render_html  # noqa: E402
from newsweave.report.markdown import render_markdown  # noqa: E402
from newsweave.store import Store  # noqa: E402


def many(copies: int) -> dict[str, Any]:
    """The seeds' report repeated: copy n renames articles a1.. -> a<n>_1.. and changes hashes."""
    base = build_seed_report()
    out: dict[str, Any] = {**base, "articles": [], "stories": [], "provenance": []}
    for n in range(copies):
        text = json.dumps(base)
        for article in base["articles"]:
            text = text.replace(f'"{article["id"]}"', f'"c{n}_{article["id"]}"')
            text = text.replace(article["content_hash"], f"{n:04d}{article['content_hash'][4:]}")
        part = json.loads(text)
        part["stories"][0]["id"] = f"s{n + 1}"
        out["articles"] += part["articles"]
        out["stories"] += part["stories"]
        out["provenance"] += part["provenance"]
    return out


def timed(label: str, func: Any, *args: Any) -> Any:
    start = time.perf_counter()
    result = func(*args)
    print(f"{label:<34} {time.perf_counter() - start:8.3f} s")
    return result


def store_figures(location: str, report: dict[str, Any], name: str) -> None:
    with Store.open(location) as store:
        timed(f"{name}: save run", store.save_run, report)
        before = store.counts()
        timed(f"{name}: save the same run again", store.save_run, report)
        assert store.counts() == before, "saving again added rows"
        back = timed(f"{name}: read the report back", store.report)
        assert back == json.loads(json.dumps(report)), "round trip differs"
        timed(f"{name}: list stories", store.list_stories)
        hashes = [a["content_hash"] for a in report["articles"]]
        start = time.perf_counter()
        for h in hashes:
            store.known(h)
        rate = len(hashes) / (time.perf_counter() - start)
        print(f"{name + ': known() lookups':<34} {rate:8.0f} /s")


def main() -> int:
    shared = ROOT.parent / "shared"
    if not (shared / "seeds").exists() or not (shared / "gold" / "seeds.json").exists():
        print(f"../shared not found ({shared}): this benchmark reads the seeds and their gold")
        return 2
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--pg", help="a postgresql:// URL of an empty database to test too")
    args = parser.parse_args()
    report = many(args.copies)
    n_articles, n_stories = len(report["articles"]), len(report["stories"])
    print(f"report: {n_articles} articles, {n_stories} stories")
    md = timed("render Markdown", render_markdown, report)
    html = timed("render HTML", render_html, report)
    print(f"{'sizes':<34} md {len(md) / 1e6:.2f} MB, html {len(html) / 1e6:.2f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        store_figures(str(Path(tmp) / "bench.db"), copy.deepcopy(report), "SQLite")
    if args.pg:
        store_figures(args.pg, report, "PostgreSQL")
    print(f"reproduce: .venv/bin/python benchmarks/bench_report_store.py --copies {args.copies}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
