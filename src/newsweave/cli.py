"""The ``newsweave`` command: parse, call the library, print.  Nothing else lives here.

Exit codes: 0 every input analysed, 1 some inputs failed (the report is still written),
2 usage errors (bad options, nothing to read).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import __version__
from ._io import atomic_write_text
from .engines import ENGINES
from .engines import run as run_analysis
from .errors import NewsweaveError
from .options import Engine, Format, Options
from .report.json import dumps, report_to_dict

FORMATS: dict[str, str] = {"json": ".json", "md": ".md", "html": ".html"}
#: spaCy worker processes by default
DEFAULT_JOBS = max(1, min(os.cpu_count() or 1, 4))
#: batches larger than this get a progress bar
PROGRESS_MIN_INPUTS = 5

err_console = Console(stderr=True)
#: C0/C1 control characters (ESC starts terminal escape sequences); article text and input names
#: never reach the terminal with them
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` without control characters and without rich markup."""
    return escape(_CONTROL.sub("\N{REPLACEMENT CHARACTER}", text))


def render(data: dict[str, Any], fmt: str) -> str:
    """The report dictionary in one output format."""
    if fmt == "json":
        return dumps(data)
    if fmt == "md":
        from .report.markdown import render_markdown

        return render_markdown(data)
    from .report.html import render_html

    return render_html(data)


def output_paths(output: str | None, formats: tuple[str, ...]) -> dict[str, Path | None]:
    """Where each format goes: ``-o out/report.json --format json --format md`` writes
    ``out/report.json`` and ``out/report.md``; ``-o out/`` (a folder) writes ``out/report.json``
    and ``out/report.md``; without ``-o`` one format goes to stdout."""
    if output is None or output == "-":
        if len(formats) > 1:
            raise click.UsageError("several --format values need -o/--output PATH")
        return {formats[0]: None}
    path = Path(output)
    if output.endswith(("/", os.sep)) or path.is_dir():  # a folder: the reports go inside it
        return {fmt: path / f"report{FORMATS[fmt]}" for fmt in formats}
    if len(formats) == 1:
        return {formats[0]: path}
    stem = path.with_suffix("") if path.suffix.lower() in FORMATS.values() else path
    return {fmt: stem.with_suffix(FORMATS[fmt]) for fmt in formats}


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Any]:
    """A rich progress bar on stderr, one task per stage; a no-op callback when disabled."""
    if not enabled:
        yield None
        return
    columns = (
        TextColumn("{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks and max(done, total) <= PROGRESS_MIN_INPUTS:
                return  # a handful of inputs needs no bar
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        yield update


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsweave")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def main(verbose: int) -> None:
    """newsweave: read many news articles about the same events and report what they say
    together: facts several independent outlets confirm, who said what and how each outlet
    rendered it, what only one outlet reports, and where outlets disagree."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("inputs", nargs=-1, metavar="INPUTS...")
@click.option(
    "-f",
    "--format",
    "formats",
    type=click.Choice(list(FORMATS)),
    multiple=True,
    help="Report format; repeat for several (json, md, html). Default: json.",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    help="Where to write the report (default: stdout). With several formats, PATH's suffix is "
    "replaced by each format's.",
)
@click.option(
    "--urls", "urls_file", type=click.Path(dir_okay=False), help="A file of URLs, one a line."
)
@click.option(
    "--store",
    metavar="PATH|URL",
    is_flag=False,
    flag_value="newsweave.db",
    help="Keep results in a SQLite file (--store alone: newsweave.db here) or a postgresql:// "
    "URL; inputs analysed before are not analysed again.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    help="Run in this process (local) or on Apache Spark (spark).",
)
@click.option(
    "--master",
    default=Options.spark_master,
    show_default=True,
    help="Spark master URL with --engine spark.",
)
@click.option(
    "--parquet",
    "parquet_dir",
    metavar="DIR",
    help="With --engine spark: also write Parquet tables (articles, stories, quotes, …) here.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Analyse at most this many inputs.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=Options.max_bytes,
    show_default=True,
    help="Refuse inputs larger than this (after decompression).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0),
    default=Options.time_limit,
    show_default=True,
    help="Seconds one input may take to clean, and again to extract its facts (0: no limit).",
)
@click.option(
    "-j",
    "--jobs",
    "n_process",
    type=click.IntRange(min=1),
    default=DEFAULT_JOBS,
    show_default=True,
    help="Worker processes for language analysis (default: the machine's cores, at most 4; "
    "small batches use one).",
)
@click.option(
    "--min-quote-words",
    type=click.IntRange(min=1),
    default=Options.min_quote_words,
    show_default=True,
    help="Quotations shorter than this are kept as fragments.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=Options.timeout,
    show_default=True,
    help="Seconds to wait for a web server.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=Options.retries,
    show_default=True,
    help="Retries of a URL after a timeout, 429 or 5xx.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=Options.concurrency,
    show_default=True,
    help="URLs fetched at once (one at a time per host).",
)
@click.option(
    "--delay",
    "politeness_delay",
    type=click.FloatRange(min=0),
    default=Options.politeness_delay,
    show_default=True,
    help="Seconds between two requests to one host.",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    help="Where fetched pages are cached (default: http/ in the user cache directory, "
    "~/.cache/newsweave on Linux, or $NEWSWEAVE_CACHE).",
)
@click.option(
    "--cache-max-age",
    type=click.FloatRange(min=0),
    default=Options.cache_max_age,
    show_default=True,
    help="Seconds a cached page is reused; older pages are fetched again (0: always fetch).",
)
@click.option("--allow-private", is_flag=True, help="Allow URLs on private or loopback addresses.")
@click.option("--ignore-robots", is_flag=True, help="Fetch URLs even where robots.txt disallows.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
def analyze(
    inputs: tuple[str, ...],
    formats: tuple[Format, ...],
    output: str | None,
    urls_file: str | None,
    store: str | None,
    engine: Engine,
    master: str,
    parquet_dir: str | None,
    limit: int | None,
    max_bytes: int,
    time_limit: float,
    n_process: int,
    min_quote_words: int,
    timeout: float,
    retries: int,
    concurrency: int,
    politeness_delay: float,
    cache_dir: str | None,
    cache_max_age: float,
    allow_private: bool,
    ignore_robots: bool,
    no_progress: bool,
) -> None:
    """Analyse INPUTS: files (.txt, .html, .jsonl, also .gz), directories (read recursively)
    and URLs, and write a report of what the articles say together.

    \b
    Examples:
      newsweave analyze examples/rare-earths-2025-02-24 -f json -f md -o out/report.json
      newsweave analyze stream.jsonl --format json -o report.json
    """
    sources = list(inputs)
    if urls_file:
        try:
            text = Path(urls_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise click.UsageError(f"--urls {urls_file}: cannot be read ({exc.strerror})") from exc
        sources += [u.strip() for u in text.splitlines() if u.strip() and not u.startswith("#")]
    if not sources:
        raise click.UsageError("nothing to analyse: give files, directories or URLs")
    formats = formats or ("json",)
    paths = output_paths(output, formats)
    options = Options(
        formats=formats,
        output=output,
        store=store,
        engine=engine,
        spark_master=master,
        extra={"parquet_dir": parquet_dir} if parquet_dir else {},
        limit=limit,
        max_bytes=max_bytes,
        time_limit=time_limit,
        n_process=n_process,
        min_quote_words=min_quote_words,
        timeout=timeout,
        retries=retries,
        concurrency=concurrency,
        politeness_delay=politeness_delay,
        cache_dir=cache_dir,
        cache_max_age=cache_max_age,
        allow_private=allow_private,
        respect_robots=not ignore_robots,
        progress=not no_progress,
    )
    try:
        with progress_bar(options.progress and err_console.is_terminal) as update:
            report = run_analysis(sources, options, update)
    except NewsweaveError as exc:
        raise click.ClickException(str(exc)) from exc
    data = report_to_dict(report)
    for fmt, path in paths.items():
        text = render(data, fmt)
        if path is None:
            click.echo(text, nl=False)
        else:
            atomic_write_text(path, text)
    for error in report.errors:
        err_console.print(
            f"[red]error[/red] {terminal_safe(error.source)}: {terminal_safe(error.reason)}",
            highlight=False,
            soft_wrap=True,
        )
    summary = (
        f"{len(report.articles)} articles, {len(report.stories)} stories, "
        f"{len(report.errors)} failed"
    )
    err_console.print(summary, highlight=False, soft_wrap=True)
    sys.exit(1 if report.errors else 0)


# --- the store: list, show and export what `analyze --store` kept ---------------------------

STORE_DEFAULT = "newsweave.db"


def store_option(func: Any) -> Any:
    return click.option(
        "--store",
        "location",
        default=STORE_DEFAULT,
        show_default=True,
        metavar="PATH|URL",
        help="The store: a SQLite file or a postgresql:// URL.",
    )(func)


def plain(text: object) -> str:
    """Text for the terminal: control characters (escape sequences) replaced."""
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", str(text))


@contextmanager
def open_store(location: str) -> Iterator[Any]:
    """The store at ``location``; library errors become click errors."""
    from .store import Store

    if "://" not in location and not Path(location).is_file():
        raise click.ClickException(
            f"no store at {location}: run `newsweave analyze INPUTS --store {location}` first"
        )
    try:
        with Store.open(location) as store:
            yield store
    except NewsweaveError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@store_option
def stories(location: str) -> None:
    """List the stories kept in the store: id, first date, articles, headline, outlets."""
    with open_store(location) as store:
        listed = store.list_stories()
    if not listed:
        click.echo(f"no stories in {location}", err=True)
    for s in listed:
        date = s["first_published"] or "-" * 10
        click.echo(
            f"{s['id']}  {date}  {s['n_articles']:>3} articles  "
            f"{plain(s['headline'] or '(no headline)')}  [{plain(', '.join(s['outlets']))}]"
        )


@main.command()
@click.argument("story")
@store_option
def show(story: str, location: str) -> None:
    """Print one stored STORY (an id from `newsweave stories`, or s1, s2 … of the latest run)
    as a Markdown briefing."""
    with open_store(location) as store:
        data = store.story(story)
    click.echo(render(data, "md"), nl=False)


@main.command()
@click.option(
    "-f", "--format", "fmt", type=click.Choice(list(FORMATS)), default="json", show_default=True
)
@click.option("-o", "--output", metavar="PATH", help="Write here (default: stdout).")
@click.option("--run", "run_id", type=int, help="A run's id (default: the latest run).")
@store_option
def export(fmt: str, output: str | None, run_id: int | None, location: str) -> None:
    """Write a report kept in the store (the latest run's) as JSON, Markdown or HTML."""
    with open_store(location) as store:
        data = store.report(run_id)
    text = render(data, fmt)
    if output is None or output == "-":
        click.echo(text, nl=False)
    else:
        atomic_write_text(output, text)


# --- live: keep a store current (watch) and read it in a browser (serve) ----------------------


@main.command()
@click.argument("sources", nargs=-1, metavar="SOURCES...")
@click.option("--store", "location", required=True, metavar="PATH|URL", help="The store to keep.")
@click.option(
    "--every", default="15m", show_default=True, help="Time between polls (90s, 15m, 1h)."
)
@click.option("--once", is_flag=True, help="Poll once and exit (for cron).")
@click.option(
    "--urls", "urls_files", multiple=True, type=click.Path(dir_okay=False), help="A file of URLs."
)
@click.option("--delay", "politeness_delay", type=click.FloatRange(min=0), default=1.0)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=Options.timeout)
@click.option("-j", "--jobs", "n_process", type=click.IntRange(min=1), default=1)
@click.option("--cache-dir", type=click.Path(file_okay=False))
@click.option("--allow-private", is_flag=True, help="Allow URLs on private or loopback addresses.")
@click.option("--ignore-robots", is_flag=True, help="Fetch URLs even where robots.txt disallows.")
def watch(
    sources: tuple[str, ...],
    location: str,
    every: str,
    once: bool,
    urls_files: tuple[str, ...],
    politeness_delay: float,
    timeout: float,
    n_process: int,
    cache_dir: str | None,
    allow_private: bool,
    ignore_robots: bool,
) -> None:
    """Poll SOURCES (feed or page URLs, feed files, files, folders) and keep the stories of the
    store current; one line of log per poll.  SIGTERM ends it after the poll under way."""
    import signal
    import threading

    from .store import Store
    from .watch import Watcher, parse_interval

    if not sources and not urls_files:
        raise click.UsageError("nothing to watch: give feeds, URLs, files or folders")
    try:
        interval = parse_interval(every)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from exc
    options = Options(
        store=location,
        n_process=n_process,
        timeout=timeout,
        politeness_delay=politeness_delay,
        cache_dir=cache_dir,
        allow_private=allow_private,
        respect_robots=not ignore_robots,
        progress=False,
    )
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    try:
        with Store.open(location) as store, Watcher(store, sources, options, urls_files) as w:
            w.run(interval, stop, lambda r: click.echo(plain(r.line()), err=True), once=once)
    except NewsweaveError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--allow-remote", is_flag=True, help="Needed to listen on an address other than loopback."
)
def serve(location: str, host: str, port: int, allow_remote: bool) -> None:
    """Read the store in a browser: stories, timelines, outlets, and a JSON API (read-only)."""
    from .serve import check_host, run_server

    try:
        warning = check_host(host, allow_remote)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--host") from exc
    if warning:
        err_console.print(f"[yellow]warning[/yellow] {terminal_safe(warning)}", highlight=False)
    with open_store(location) as store:
        run_server(store, host, port)
