"""CPU cost of an idle ``watch`` poll: N feeds on 127.0.0.1, none of them changed.

    .venv/bin/python benchmarks/bench_watch_idle.py [--feeds 20] [--polls 10] [--pg postgresql://…]

A feed server runs in a child process (so its CPU is not counted): ``--feeds`` RSS feeds, each
with one item whose page is an article of the bundled example.  A first poll analyses the
items; then ``--polls`` idle polls each send one conditional request per feed, every one
answered 304.  Prints the CPU time (user + system of this process) and wall time of each idle
poll, their median and maximum.  Politeness delay 0 (with the default 1 s the wall time of a
poll of 20 feeds on one host is ~20 s; the CPU time does not change).  TARGET: an idle poll of
20 feeds under 1 s of CPU.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.feed_site import FeedSite, example_items, serve_site  # noqa: E402

from newsweave.options import Options  # noqa: E402
from newsweave.store import Store  # noqa: E402
from newsweave.watch import Watcher  # noqa: E402


def serve_feeds(ready: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """The feed server (child process): every /feed.xml?feed=K is the same feed."""
    site = FeedSite()
    items = example_items()
    site.publish(*items)
    with serve_site(site):
        ready.put(site.base)
        time.sleep(3600)


def cpu() -> float:
    return time.process_time()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--polls", type=int, default=10)
    parser.add_argument("--pg", help="a postgresql:// database URL instead of SQLite")
    args = parser.parse_args()
    ready: multiprocessing.Queue = multiprocessing.get_context("fork").Queue()  # type: ignore[type-arg]
    server = multiprocessing.get_context("fork").Process(
        target=serve_feeds, args=(ready,), daemon=True
    )
    server.start()
    base = ready.get(timeout=30)
    # n feed URLs on one server: the query string makes each a distinct source
    feeds = [f"{base}/feed.xml?feed={k}" for k in range(args.feeds)]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            location = args.pg or str(Path(tmp) / "idle.db")
            options = Options(
                allow_private=True, politeness_delay=0.0, cache_dir=f"{tmp}/cache", progress=False
            )
            with Store.open(location) as store, Watcher(store, feeds, options) as watcher:
                start = time.perf_counter()
                first = watcher.poll()
                print(first.line())
                print(f"first poll (analyses the items): {time.perf_counter() - start:.1f} s")
                cpus, walls = [], []
                for _ in range(args.polls):
                    c, w = cpu(), time.perf_counter()
                    result = watcher.poll()
                    cpus.append(cpu() - c)
                    walls.append(time.perf_counter() - w)
                    assert result.count("unchanged") == args.feeds, result.line()
                print(result.line())
    finally:
        server.terminate()
    backend = "PostgreSQL" if args.pg else "SQLite"
    print(f"idle polls of {args.feeds} feeds ({args.polls} polls, {backend})")
    print(f"  CPU  median {statistics.median(cpus):.3f} s  max {max(cpus):.3f} s")
    print(f"  wall median {statistics.median(walls):.3f} s  max {max(walls):.3f} s")
    ok = max(cpus) < 1.0
    print(f"TARGET under 1 s of CPU per idle poll: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
