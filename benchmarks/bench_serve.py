"""Speed of ``newsweave serve`` on a store of 10,000 articles: story pages and the story list.

    .venv/bin/python benchmarks/bench_serve.py [--base 1000] [--articles 10000] [--requests 200]
        [--pg postgresql://…] [--keep DIR]

The store: ``--base`` articles of the real streams of ``bench_scale.py`` (ECB+, BASIL, PolNeAR
texts, perturbed copies, seeded) analysed by the whole pipeline (``analyze``), then that
analysed run repeated with new article ids and content hashes until the store holds
``--articles`` articles (so every story page is a real analysis of real text, and the list
holds ``articles / base`` times the stories).  Analysing 10,000 articles outright takes
~20 minutes on the shared 2-core machine; the pages served do not depend on how the store was
filled.  ``--keep DIR`` keeps the analysed base (``base-N.json``) and reuses it.

The app runs under uvicorn on 127.0.0.1 in this process and is read over real HTTP (httpx):
first the index build (the first list request), then ``--requests`` story pages chosen at
random, and list pages (the first page, later pages, searches by word, outlet, entity and
dates), and a few outlet pages.  Prints p50/p95/max latency.  TARGETS: story pages p95 < 200 ms,
the list < 300 ms.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx  # noqa: E402

from bench_scale import stream  # noqa: E402
from newsweave.models import Document  # noqa: E402
from newsweave.options import Options  # noqa: E402
from newsweave.pipeline import analyze_documents  # noqa: E402
from newsweave.report.json import report_to_dict  # noqa: E402
from newsweave.serve import create_app  # noqa: E402
from newsweave.store import Store  # noqa: E402


def analysed_base(n: int, keep: Path | None) -> dict[str, Any]:
    cached = keep / f"base-{n}.json" if keep else None
    if cached and cached.exists():
        data: dict[str, Any] = json.loads(cached.read_text("utf-8"))
        return data
    articles, _ = stream(n)
    documents = [
        Document(
            source=a.source,
            text="\n\n".join(a.paragraphs),
            title=a.metadata.title,
            published=a.metadata.published,
            outlet=f"Outlet {int(a.id[1:]) % 40:02d}",
        )
        for a in articles
    ]
    start = time.perf_counter()
    report = report_to_dict(analyze_documents(documents, Options(progress=False, n_process=2)))
    print(f"analysed {n} stream articles in {time.perf_counter() - start:.0f} s")
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(report), "utf-8")
    return report


def renamed(value: Any, ids: dict[str, str], suffix: str) -> Any:
    """``value`` with every article id replaced and every content hash made new."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "content_hash" and isinstance(v, str):
                out[k] = hashlib.sha256((v + suffix).encode()).hexdigest()
            else:
                out[k] = renamed(v, ids, suffix)
        return out
    if isinstance(value, list):
        return [renamed(v, ids, suffix) for v in value]
    if isinstance(value, str) and value in ids:
        return ids[value]
    return value


def grown(base: dict[str, Any], total: int) -> dict[str, Any]:
    out: dict[str, Any] = {**base, "articles": [], "stories": [], "provenance": []}
    copy = 0
    while len(out["articles"]) < total:
        ids = {a["id"]: f"a{copy}_{a['id'][1:]}" for a in base["articles"]}
        part = renamed(
            {k: base.get(k, []) for k in ("articles", "stories", "provenance")}, ids, str(copy)
        )
        for story in part["stories"]:
            story["id"] = f"s{copy}_{story['id'][1:]}"
        out["articles"] += part["articles"]
        out["stories"] += part["stories"]
        out["provenance"] += part["provenance"]
        copy += 1
    keep = {a["id"] for a in out["articles"][:total]}
    out["articles"] = out["articles"][:total]
    out["stories"] = [s for s in out["stories"] if set(s["articles"]) <= keep]
    return out


def percentiles(label: str, times: list[float], target: float | None = None) -> bool:
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    verdict = ""
    if target is not None:
        verdict = f"  TARGET p95 < {target * 1000:.0f} ms: {'met' if p95 < target else 'NOT met'}"
    print(
        f"{label:<28} n={len(times):<4} p50 {statistics.median(times) * 1000:7.1f} ms  "
        f"p95 {p95 * 1000:7.1f} ms  max {ordered[-1] * 1000:7.1f} ms{verdict}"
    )
    return target is None or p95 < target


def timed_get(client: httpx.Client, path: str) -> float:
    start = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - start
    response.raise_for_status()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pg", help="a postgresql:// database URL instead of SQLite")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the analysed base here")
    args = parser.parse_args()
    import uvicorn

    report = grown(analysed_base(args.base, args.keep), args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        location = args.pg or str(Path(tmp) / "serve.db")
        store = Store.open(location)
        start = time.perf_counter()
        store.save_run(report)  # a store already holding it (--pg) adds nothing
        backend = "PostgreSQL" if args.pg else "SQLite"
        print(
            f"store: {len(report['articles'])} articles, {len(report['stories'])} stories "
            f"({backend}), saved in {time.perf_counter() - start:.0f} s"
        )
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(
            uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        ok = True
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
                print(f"{'index build (first list)':<28} {timed_get(client, '/') * 1000:9.0f} ms")
                # a watcher saves a new run: the index adds its stories, it is not rebuilt
                story = report["stories"][-1]
                extra = {**report, "stories": [story], "provenance": []}
                extra["articles"] = [a for a in report["articles"] if a["id"] in story["articles"]]
                extra["note"] = "a second run"
                store.save_run(extra)
                print(f"{'index update (a new run)':<28} {timed_get(client, '/') * 1000:9.0f} ms")
                listed = client.get("/api/stories").json()["stories"]
                rng = random.Random(7)
                sample = [rng.choice(listed)["id"] for _ in range(args.requests)]
                story_times = [timed_get(client, f"/stories/{i}") for i in sample]
                ok &= percentiles("story pages", story_times, 0.200)
                api_times = [timed_get(client, f"/api/stories/{i}") for i in sample[:50]]
                percentiles("story JSON (API)", api_times)
                outlets = sorted({o for s in listed for o in s["outlets"]})
                words = [w for s in listed[:40] for w in s["headline"].split() if len(w) > 5]
                lists = ["/", "/?page=2", "/?page=20"]
                lists += [f"/?q={rng.choice(words)}" for _ in range(10)]
                lists += [f"/?outlet={rng.choice(outlets)}" for _ in range(5)]
                lists += ["/?entity=obama", "/?since=2012-06-01&until=2012-12-31"]
                list_times = [timed_get(client, p) for p in lists * 3]
                ok &= percentiles("story list and searches", list_times, 0.300)
                outlet_times = [timed_get(client, f"/outlets/{o}") for o in outlets[:5]]
                percentiles("outlet pages (no target)", outlet_times)
        finally:
            server.should_exit = True
            thread.join(10)
            store.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
