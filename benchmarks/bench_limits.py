"""Hostile inputs (issue 20): time and peak memory of one ``newsweave analyze`` run per case.

    .venv/bin/python benchmarks/bench_limits.py [--only NAME ...] [--feed-items 10000]

Each case is generated in a temporary folder from the bundled example's seed pages, then
analysed by ``newsweave analyze CASE -j 1 --no-progress -o report.json`` in a fresh process;
the row shows the wall time, that process's peak RSS (``os.wait4``), its exit code, and the
articles / stories / errors of the report it wrote.  The issue's bound is 60 s and 2 GB for the
5 MB text and the 1 MB single-line page, 5 minutes and 2 GB for the 10,000-item feed.

Cases:

* ``text-5mb``: 5 MB of word salad from the seeds with its quotation marks removed, one file;
* ``text-4x1mb``: four 1 MB files of the same;
* ``text-2x100kb-t5``: two 100 KB files with ``--time-limit 5``;
* ``html-1mb-line``: a 1 MB HTML page whose article is one line;
* ``html-deep``: a seed page nested 5,000 ``<div>`` deep;
* ``jsonl-nested``: a JSONL file whose second line is 100,000 brackets deep;
* ``feed-10k``: an RSS file of ``--feed-items`` entries linking to pages on a local server
  (127.0.0.1, ``--allow-private``, ``--delay 0``; the default ``--max-entries`` applies).

Reads the local server only; never the internet.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "rare-earths-2025-02-24"
NEWSWEAVE = [sys.executable, "-m", "newsweave"]

KB, MB = 1024, 1024 * 1024


def seed_words() -> list[str]:
    text = " ".join(p.read_text("utf-8") for p in sorted(EXAMPLE.glob("*.txt")))
    return re.sub(r"[\"“”‘’«»]", "", text).split()


def salad(size: int, seed: int) -> str:
    rng = random.Random(seed)
    words = seed_words()
    out, total = [], 0
    while total < size:
        word = rng.choice(words)
        out.append(word)
        total += len(word) + 1
    return " ".join(out)[:size]


def page(body: str, title: str = "Talks") -> str:
    return f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>"


def seed_page_html(n: int = 0) -> str:
    text = sorted(EXAMPLE.glob("*.txt"))[n].read_text("utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return page("<article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>")


# --- cases: each writes its inputs into a folder and gives the extra arguments ----------------

Case = Callable[[Path, argparse.Namespace], list[str]]


def text_5mb(where: Path, args: argparse.Namespace) -> list[str]:
    (where / "salad.txt").write_text(salad(5 * MB, 1), "utf-8")
    return [str(where / "salad.txt")]


def text_4x1mb(where: Path, args: argparse.Namespace) -> list[str]:
    for n in range(4):
        (where / f"salad{n}.txt").write_text(salad(MB, 10 + n), "utf-8")
    return [str(where)]


def text_2x100kb_t5(where: Path, args: argparse.Namespace) -> list[str]:
    for n in range(2):
        (where / f"salad{n}.txt").write_text(salad(100 * KB, 20 + n), "utf-8")
    return [str(where), "--time-limit", "5"]


def html_1mb_line(where: Path, args: argparse.Namespace) -> list[str]:
    (where / "line.html").write_text(page(f"<p>{salad(MB, 30)}</p>"), "utf-8")
    return [str(where / "line.html")]


def html_deep(where: Path, args: argparse.Namespace) -> list[str]:
    deep = seed_page_html().replace("<body>", "<body>" + "<div>" * 5000)
    deep = deep.replace("</body>", "</div>" * 5000 + "</body>")
    (where / "deep.html").write_text(deep, "utf-8")
    return [str(where / "deep.html")]


def jsonl_nested(where: Path, args: argparse.Namespace) -> list[str]:
    text = sorted(EXAMPLE.glob("*.txt"))[1].read_text("utf-8")
    good = json.dumps({"id": "ok", "text": text})
    nested = "[" * 100_000 + "]" * 100_000
    (where / "d.jsonl").write_text(f"{good}\n{nested}\n", "utf-8")
    return [str(where / "d.jsonl")]


class Pages(BaseHTTPRequestHandler):
    """Every path answers with one of the seed pages (chosen by the path's number)."""

    bodies: ClassVar[list[bytes]] = []

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
        else:
            number = int(re.sub(r"\D", "", self.path) or 0)
            body, kind = self.bodies[number % len(self.bodies)], "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return None


def feed_10k(where: Path, args: argparse.Namespace) -> list[str]:
    Pages.bodies = [seed_page_html(n).encode() for n in range(5)]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    start = datetime(2020, 1, 1, tzinfo=UTC)
    items = "".join(
        f"<item><title>Item {n}</title><link>http://127.0.0.1:{port}/a/{n}.html</link>"
        f"<pubDate>{format_datetime(start + timedelta(hours=(n * 7919) % args.feed_items))}"
        "</pubDate></item>"
        for n in range(args.feed_items)
    )
    rss = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    )
    (where / "big.rss").write_text(rss, "utf-8")
    cache = where / "cache"
    return [str(where / "big.rss"), "--allow-private", "--delay", "0", "--cache-dir", str(cache)]


CASES: dict[str, Case] = {
    "text-5mb": text_5mb,
    "text-4x1mb": text_4x1mb,
    "text-2x100kb-t5": text_2x100kb_t5,
    "html-1mb-line": html_1mb_line,
    "html-deep": html_deep,
    "jsonl-nested": jsonl_nested,
    "feed-10k": feed_10k,
}


def run(name: str, args: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix=f"bench-limits-{name}-") as tmp:
        where = Path(tmp) / "in"
        where.mkdir()
        extra = CASES[name](where, args)
        out = Path(tmp) / "report.json"
        command = [*NEWSWEAVE, "analyze", *extra, "-j", "1", "--no-progress", "-o", str(out)]
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert process.stderr is not None
        stderr_lines: list[bytes] = []
        reader = threading.Thread(target=lambda: stderr_lines.extend(process.stderr or []))
        reader.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        reader.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        report = json.loads(out.read_text("utf-8")) if out.exists() else {}
        messages = b"".join(stderr_lines).decode("utf-8", "replace").splitlines()
        return {
            "case": name,
            "seconds": round(seconds, 1),
            "peak_mb": round(usage.ru_maxrss / 1024),
            "rc": process.returncode,
            "articles": len(report.get("articles", [])),
            "stories": len(report.get("stories", [])),
            "errors": [
                f"{e['source'][-40:]}: {e['reason'][:70]}" for e in report.get("errors", [])
            ],
            "last_line": messages[-1] if messages else "",
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", choices=list(CASES), help="run these cases only")
    parser.add_argument("--feed-items", type=int, default=10_000)
    args = parser.parse_args()
    env_path = os.environ.get("PYTHONPATH", "")
    print(f"# {' '.join(sys.argv)}  (PYTHONPATH={env_path or '-'})")
    print(f"{'case':<18} {'seconds':>8} {'peak MB':>8} {'rc':>3} {'art.':>5} {'stor.':>5}  errors")
    for name in args.only or list(CASES):
        row = run(name, args)
        errors = row["errors"]
        assert isinstance(errors, list)
        shown = "; ".join(errors[:2]) + (f" (+{len(errors) - 2})" if len(errors) > 2 else "")
        print(
            f"{name:<18} {row['seconds']:>8} {row['peak_mb']:>8} {row['rc']:>3} "
            f"{row['articles']:>5} {row['stories']:>5}  {shown or '-'}",
            flush=True,
        )


if __name__ == "__main__":
    main()
