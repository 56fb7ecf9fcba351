"""Ingest: URLs, feeds and web archives give the same report as the files, at what speed, and a
1 GB WARC streams through in constant memory.

    .venv/bin/python benchmarks/bench_ingest.py [--warc-mb 1024] [--pages 300] [--no-big]

1. **Same report.** The seeds, wrapped in minimal HTML, are read five ways: as ``.html`` files,
   as a URL list served by a local server on 127.0.0.1, as an RSS feed URL, as an RSS file and
   as a WARC.gz; each goes through the whole pipeline (``newsweave.analyze``).  The reports are
   compared after mapping every input's name to its seed's file name (the only field that must
   differ); the fields that still differ are listed.  With ../shared, each report is also scored
   against the seeds' gold (``../shared/tools/score.py``).
2. **Throughput** (pages/s) of reading alone (``read_inputs``, no analysis) per input kind, over
   ``--pages`` generated pages, the URLs spread over four local servers (four hosts), politeness
   delay 0 (the default 1 s per host would make this a measure of the delay); one row shows
   100 URLs sorted by host with a 0.1 s delay (ideal: 25 per host x 0.1 s = 2.5 s).
3. **Constant memory.** A ``--warc-mb`` uncompressed WARC (and a WARC.gz of the same records) is
   generated in /tmp, read in a fresh process, and its peak RSS (``resource.getrusage``) compared
   with that of an archive a tenth the size; the files are deleted afterwards.

Reads the local server and archives only; never the internet.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.sources.conftest import LocalServer, as_html, seed_files, write_warc  # noqa: E402

from newsweave import Options, analyze, report_to_dict  # noqa: E402
from newsweave.models import Document  # noqa: E402
from newsweave.sources import read_inputs  # noqa: E402

SHARED = ROOT.parent / "shared"
COMMAND = "cd /work/main && .venv/bin/python benchmarks/bench_ingest.py"


def options(tmp: Path, **changes: Any) -> Options:
    base = Options(
        allow_private=True,
        politeness_delay=0.0,
        cache_dir=str(tmp / "cache"),
        progress=False,
        retries=0,
    )
    return base.with_(**changes)


def start_server() -> LocalServer:
    server = LocalServer()
    server.thread.start()
    return server


def rss(links: list[str], titles: list[str]) -> str:
    from xml.sax.saxutils import escape

    items = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(u)}</link></item>"
        for u, t in zip(links, titles, strict=True)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>s</title>{items}</channel></rss>'
    )


# --- 1. same report ---------------------------------------------------------------------------


def normalised(report: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """The report with every input's source and URL replaced by its seed's file name."""
    text = json.dumps(report, sort_keys=True, ensure_ascii=False)
    for long, short in sorted(names.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(json.dumps(long)[1:-1], short)
    data: dict[str, Any] = json.loads(text)
    return data


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Paths where two JSON values differ (article fields named without their index)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            out += differences(a.get(key), b.get(key), f"{path}.{key}" if path else key)
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for x, y in zip(a, b, strict=True) for d in differences(x, y, f"{path}[]")]
    return [] if a == b else [path]


def score(report: dict[str, Any], tmp: Path, label: str) -> dict[str, float] | None:
    gold = SHARED / "gold" / "seeds.json"
    if not gold.exists():
        return None
    path = tmp / f"report-{label}.json"
    path.write_text(json.dumps(report), "utf-8")
    out = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score.py"), str(gold), str(path), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    scores: dict[str, float] = json.loads(out.stdout)
    return scores


def same_report(tmp: Path) -> None:
    print("== 1. same report: files vs URL list vs feed vs WARC (whole pipeline) ==")
    seeds = seed_files()
    html_dir = tmp / "html"
    html_dir.mkdir()
    server = start_server()
    names: dict[str, str] = {}
    urls, titles, pages = [], [], {}
    for seed in seeds:
        page = as_html(seed.read_text("utf-8"))
        (html_dir / f"{seed.stem}.html").write_text(page, "utf-8")
        url = server.add(f"/news/{seed.name}", page)  # the URL's last part is the seed's name
        urls.append(url)
        titles.append(page.split("<title>", 1)[1].split("</title>", 1)[0])
        pages[url] = page.encode("utf-8")
        names[str(html_dir / f"{seed.stem}.html")] = seed.name
        names[url] = seed.name
    feed = rss(urls, titles)
    feed_url = server.add("/feed.xml", feed, content_type="application/rss+xml")
    (tmp / "seeds.rss").write_text(feed, "utf-8")
    warc = write_warc(tmp / "seeds.warc.gz", pages)
    for url in urls:
        names[f"{warc}#{url}"] = Path(url).name
    (tmp / "urls.txt").write_text("\n".join(urls) + "\n", "utf-8")
    runs: dict[str, list[str]] = {
        "html files": [str(html_dir)],
        "URL list": urls,
        "feed URL": [feed_url],
        "feed file": [str(tmp / "seeds.rss")],
        "WARC.gz": [str(warc)],
    }
    reports = {}
    for label, inputs in runs.items():
        start = time.perf_counter()
        report = report_to_dict(analyze(inputs, options(tmp, cache_dir=str(tmp / label))))
        seconds = time.perf_counter() - start
        reports[label] = normalised(report, names)
        print(
            f"  {label:<11} {len(report['articles'])} articles, {len(report['errors'])} errors, "
            f"{seconds:.1f} s"
        )
    server.httpd.shutdown()
    base = reports["html files"]
    print("  compared with the html files (sources mapped to seed names):")
    for label, report in reports.items():
        if label == "html files":
            continue
        diff = sorted(set(differences(base, report)))
        print(f"    {label:<11} {'identical' if not diff else 'differs in ' + ', '.join(diff)}")
    txt = report_to_dict(analyze([str(s) for s in seeds], options(tmp)))
    txt_names = {str(s): s.name for s in seeds}
    diff = sorted(set(differences(base, normalised(txt, txt_names))))
    print(
        f"    {'.txt files':<11} {len(diff)} fields differ (text vs HTML cleaning; for reference)"
    )
    scored = {label: score(r, tmp, label.replace(" ", "-")) for label, r in reports.items()}
    scored[".txt files"] = score(normalised(txt, txt_names), tmp, "txt")
    if all(s is None for s in scored.values()):
        print("  ../shared not found: no gold scores")
        return
    keys = sorted({k for s in scored.values() if s for k in s})
    print("  gold scores (../shared/tools/score.py; sources mapped to the seeds' names):")
    print(f"    {'metric':<38}" + "".join(f"{label:>11}" for label in scored))
    for key in keys:
        values = "".join(
            f"{s[key]:>11.3f}" if s and isinstance(s.get(key), float) else f"{'-':>11}"
            for s in scored.values()
        )
        print(f"    {key:<38}{values}")


# --- 2. throughput ----------------------------------------------------------------------------


def generated_pages(n: int) -> list[bytes]:
    texts = [s.read_text("utf-8") for s in seed_files()]
    return [
        as_html(texts[i % len(texts)] + f"\nGenerated page number {i}.\n").encode("utf-8")
        for i in range(n)
    ]


def timed(label: str, n: int, read: Callable[[], list[Any]]) -> None:
    start = time.perf_counter()
    items = read()
    seconds = time.perf_counter() - start
    docs = sum(isinstance(i, Document) for i in items)
    print(f"  {label:<34} {docs:>5}/{n} pages  {seconds:6.2f} s  {docs / seconds:8.1f} pages/s")


def throughput(tmp: Path, n: int) -> None:
    print(f"== 2. reading throughput, {n} pages (read_inputs only, no analysis) ==")
    pages = generated_pages(n)
    servers = [start_server() for _ in range(4)]
    urls = [servers[i % 4].add(f"/p/{i}.html", page) for i, page in enumerate(pages)]
    html_dir = tmp / "pages"
    html_dir.mkdir()
    for i, page in enumerate(pages):
        (html_dir / f"{i:05d}.html").write_bytes(page)
    feed = tmp / "pages.rss"
    feed.write_text(rss(urls, [f"page {i}" for i in range(n)]), "utf-8")
    warc = {u: p for u, p in zip(urls, pages, strict=True)}
    gz = write_warc(tmp / "pages.warc.gz", warc, extra=False)
    plain = write_warc(tmp / "pages.warc", warc, gz=False, extra=False)
    cold = options(tmp, cache_dir=str(tmp / "cold"))
    timed("html files", n, lambda: list(read_inputs([str(html_dir)], options(tmp))))
    timed("URLs, 4 hosts, cold cache, conc. 8", n, lambda: list(read_inputs(urls, cold)))
    timed("URLs, warm cache", n, lambda: list(read_inputs(urls, cold)))
    one = options(tmp, cache_dir=str(tmp / "one"), concurrency=1)
    timed("URLs, cold cache, concurrency 1", n, lambda: list(read_inputs(urls, one)))
    by_host = sorted(urls[:100], key=lambda u: u.split("/p/")[0])
    polite = options(tmp, cache_dir=str(tmp / "polite"), politeness_delay=0.1)
    timed(
        "100 URLs sorted by host, 0.1 s delay",
        len(by_host),
        lambda: list(read_inputs(by_host, polite)),
    )
    feed_opts = options(tmp, cache_dir=str(tmp / "feed"))
    timed("feed file -> entries, cold cache", n, lambda: list(read_inputs([str(feed)], feed_opts)))
    timed("WARC.gz", n, lambda: list(read_inputs([str(gz)], options(tmp))))
    timed("WARC", n, lambda: list(read_inputs([str(plain)], options(tmp))))
    for server in servers:
        server.httpd.shutdown()


# --- 3. constant memory -----------------------------------------------------------------------


def write_big_warc(path: Path, megabytes: int, gz: bool) -> int:
    """An archive of ~``megabytes`` MB of 50 kB HTML pages; returns the number of pages."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    texts = [as_html(s.read_text("utf-8") * 4) for s in seed_files()]
    target = megabytes * 1024 * 1024
    written = n = 0
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        while written < target:
            body = (texts[n % len(texts)] + f"<!-- {n} -->").encode("utf-8")
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://news.example/{n}",
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=headers,
            )
            writer.write_record(record)
            written += len(body) + 400
            n += 1
    return n


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(path: str, trace: bool) -> None:
    """(child process) read one archive; print pages, seconds and memory as JSON.

    Peak RSS (``ru_maxrss``) includes the imports (spaCy, numpy …), so the Python heap's own
    peak while reading is also measured with :mod:`tracemalloc` when ``trace`` is set.
    """
    import tracemalloc

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_before = current_rss_mb()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    docs = errors = 0
    for item in read_inputs([path], Options(progress=False)):
        if isinstance(item, Document):
            docs += 1
        else:
            errors += 1
    seconds = time.perf_counter() - start
    heap_peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024 if trace else None
    result = {
        "docs": docs,
        "errors": errors,
        "seconds": seconds,
        "maxrss_after_imports_mb": before,
        "maxrss_end_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_before_mb": rss_before,
        "rss_end_mb": current_rss_mb(),
        "heap_peak_mb": heap_peak,
    }
    print(json.dumps(result))


def run_child(path: Path, trace: bool) -> dict[str, Any]:
    argv = [sys.executable, __file__, "--measure", str(path)] + (["--trace"] if trace else [])
    out = subprocess.run(argv, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def big_warc(megabytes: int) -> None:
    print(f"== 3. constant memory: {megabytes} MB WARC vs {megabytes // 10} MB WARC ==")
    tmp = Path(tempfile.mkdtemp(prefix="newsweave-bigwarc-", dir="/tmp"))
    try:
        for gz in (False, True):
            for size in (max(1, megabytes // 10), megabytes):
                path = tmp / f"big-{size}.warc{'.gz' if gz else ''}"
                start = time.perf_counter()
                pages = write_big_warc(path, size, gz)
                made = time.perf_counter() - start
                on_disk = path.stat().st_size / 1024 / 1024
                r = run_child(path, trace=False)
                heap = run_child(path, trace=True)["heap_peak_mb"]
                print(
                    f"  {path.name:<18} {on_disk:6.0f} MB on disk, {pages} pages (written in "
                    f"{made:.0f} s): read {r['docs']} pages, {r['errors']} errors in "
                    f"{r['seconds']:.1f} s = {r['docs'] / r['seconds']:.0f} pages/s, "
                    f"{size / r['seconds']:.0f} MB/s of WARC content\n"
                    f"  {'':<18} peak RSS {r['maxrss_end_mb']:.0f} MB (after imports "
                    f"{r['maxrss_after_imports_mb']:.0f} MB); RSS {r['rss_before_mb']:.0f} -> "
                    f"{r['rss_end_mb']:.0f} MB; Python heap peak while reading {heap:.1f} MB"
                )
                path.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warc-mb", type=int, default=1024)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--no-big", action="store_true", help="skip the big-WARC memory test")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.trace)
        return 0
    print(
        f"$ {COMMAND} --warc-mb {args.warc_mb} --pages {args.pages}"
        + (" --no-big" if args.no_big else "")
    )
    tmp = Path(tempfile.mkdtemp(prefix="newsweave-bench-ingest-", dir="/tmp"))
    try:
        same_report(tmp)
        throughput(tmp, args.pages)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not args.no_big:
        big_warc(args.warc_mb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
