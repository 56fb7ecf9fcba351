"""The ``newsweave`` command: parse, call the library, print.  Nothing else lives here.

Exit codes: 0 every input analysed (or cleaned); 1 some inputs failed (the report is still
written) or the run could not finish (a store that cannot be opened, a story it does not hold);
2 usage errors (bad or conflicting options, a bad config file, nothing to read).

Every option can also come from a ``NEWSWEAVE_<COMMAND>_<OPTION>`` environment variable (click's
``auto_envvar_prefix``) or the TOML config file (:mod:`newsweave.config`); the command line wins
over the environment, which wins over the file, which wins over the built-in default.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from . import __version__
from . import config as config_file
from ._io import atomic_write_text, atomic_writer, check_writable
from .engines import ENGINES
from .engines import run as run_analysis
from .errors import NewsweaveError
from .errors import UsageError as LibraryUsageError
from .model_packages import missing_warnings
from .options import Engine, Format, Options
from .report.json import dumps, report_to_dict
from .sources import count_documents
from .sources.files import STDIN

FORMATS: dict[str, str] = {
    "json": ".json",
    "md": ".md",
    "html": ".html",
    "jsonl": ".jsonl",  # one story a line
    "csv": ".csv",  # the claim x outlet matrix
    "quotes-csv": ".quotes.csv",  # every quote, one a row
}
#: spaCy worker processes by default
DEFAULT_JOBS = max(1, min(os.cpu_count() or 1, 4))
#: batches larger than this get a progress bar
PROGRESS_MIN_INPUTS = 5

err_console = Console(stderr=True)
#: C0/C1 control characters (ESC starts terminal escape sequences) and bidirectional overrides
#: (they reverse the rest of the line); article text and input names never reach the terminal
#: with them
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` without control characters and without rich markup."""
    return escape(_CONTROL.sub("\N{REPLACEMENT CHARACTER}", text))


def one_line(text: str) -> str:
    """``text`` for one line of stderr: as it is when every character prints plainly, else
    quoted with escapes (a file named ``"a\\nerror b: forged"`` cannot forge a second line)."""
    if text.isprintable() and not _CONTROL.search(text):
        return escape(text)
    return escape(json.dumps(text))


def render(data: dict[str, Any], fmt: str) -> str:
    """The report dictionary in one output format."""
    if fmt == "json":
        return dumps(data)
    if fmt in ("jsonl", "csv", "quotes-csv"):
        from .report import tables

        renderers: dict[str, Callable[[dict[str, Any]], str]] = {
            "jsonl": tables.render_jsonl,
            "csv": tables.render_claims_csv,
            "quotes-csv": tables.render_quotes_csv,
        }
        return renderers[fmt](data)
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
    stem = stem.with_suffix("") if stem.suffix == ".quotes" else stem
    return {fmt: stem.with_name(stem.name + FORMATS[fmt]) for fmt in formats}


def input_list(inputs: tuple[str, ...], urls_file: str | None) -> list[str]:
    """The inputs with the URLs of ``--urls`` (a file, or ``-`` for stdin) after them; stdin
    may be read once."""
    sources = list(inputs)
    if sources.count(STDIN) + (urls_file == STDIN) > 1:
        raise click.UsageError("stdin (-) can be read once: give it as one input or as --urls -")
    if urls_file:
        try:
            text = (
                sys.stdin.read()
                if urls_file == STDIN
                else Path(urls_file).read_text(encoding="utf-8")
            )
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise click.UsageError(f"--urls {urls_file}: cannot be read ({reason})") from exc
        sources += [u.strip() for u in text.splitlines() if u.strip() and not u.startswith("#")]
    return sources


@contextmanager
def library_errors() -> Iterator[None]:
    """Library errors as click errors: a usage error exits 2, any other 1."""
    try:
        yield
    except LibraryUsageError as exc:
        raise click.UsageError(str(exc)) from exc
    except NewsweaveError as exc:
        raise click.ClickException(str(exc)) from exc


@contextmanager
def progress_bar(enabled: bool, expected: dict[str, int] | None = None) -> Iterator[Any]:
    """A rich progress bar on stderr, one line per stage with its time and, where the total is
    known, the time left; a stage's line stops when a later stage starts.  ``expected`` gives
    totals the pipeline cannot know in advance (the documents to clean).  A no-op callback
    when disabled."""
    if not enabled:
        yield None
        return
    columns = (
        TextColumn("{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        tasks: dict[str, Any] = {}
        known = dict(expected or {})

        def update(stage: str, done: int, total: int) -> None:
            total = total or known.get(stage, 0)
            if stage not in tasks and max(done, total) <= PROGRESS_MIN_INPUTS:
                return  # a handful of inputs needs no bar
            if stage not in tasks:
                for earlier, task in tasks.items():  # over: their clocks stop
                    if not (earlier == "fetch" and stage == "clean"):  # these two interleave
                        bar.update(task, total=bar.tasks[task].completed)
                        bar.stop_task(task)
                tasks[stage] = bar.add_task(stage, total=total or None)
            bar.update(tasks[stage], completed=done, total=max(total, done) or None)

        yield update


def config_defaults(path: Path, group: click.Group) -> dict[str, dict[str, Any]]:
    """The config file as click's ``default_map``: option names (``max_bytes``, ``jobs``)
    mapped to each command's parameter names; an unknown command or option is a usage error."""
    with library_errors():
        tables = config_file.load(path)
    out: dict[str, dict[str, Any]] = {}
    for name, table in tables.items():
        command = group.commands.get(name)
        if command is None:
            raise click.UsageError(
                f"config {path}: no command {name!r} (tables: {', '.join(sorted(group.commands))})"
            )
        names: dict[str, str] = {}
        for param in command.params:
            if isinstance(param, click.Option) and param.name:
                names[param.name] = param.name
                for opt in param.opts:
                    if opt.startswith("--"):
                        names[opt[2:].replace("-", "_")] = param.name
        unknown = sorted(set(table) - set(names))
        if unknown:
            raise click.UsageError(
                f"config {path}: [{name}] has no option {', '.join(unknown)} "
                f"(see `newsweave {name} --help`)"
            )
        out[name] = {names[key]: value for key, value in table.items()}
    return out


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": "NEWSWEAVE"}
)
@click.version_option(__version__, prog_name="newsweave")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
@click.option(
    "--config",
    "config_path",
    metavar="FILE",
    help="A TOML file of option values, one [command] table each "
    f"(default: {config_file.default_path()} when it exists; also $NEWSWEAVE_CONFIG).",
)
@click.pass_context
def main(ctx: click.Context, verbose: int, config_path: str | None) -> None:
    """newsweave: read many news articles about the same events and report what they say
    together: facts several independent outlets confirm, who said what and how each outlet
    rendered it, what only one outlet reports, and where outlets disagree.

    \b
    Where option values come from, first found wins:
      1. the command line
      2. environment variables NEWSWEAVE_<COMMAND>_<OPTION>, e.g. NEWSWEAVE_ANALYZE_MAX_BYTES
      3. the config file (--config FILE or $NEWSWEAVE_CONFIG, else the default path below),
         e.g. [analyze] max_bytes = 10000000
      4. the built-in defaults shown by each command's --help

    Exit codes: 0 success; 1 some inputs failed (the rest is still written) or the store or
    story asked for is missing; 2 usage error (bad options, bad config, nothing to read).
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    path = config_file.find(config_path)
    if path is not None:
        defaults = config_defaults(path, ctx.command)  # type: ignore[arg-type]
        ctx.default_map = {**defaults, **(ctx.default_map or {})}


@main.command()
@click.argument("inputs", nargs=-1, metavar="INPUTS...")
@click.option(
    "-f",
    "--format",
    "formats",
    type=click.Choice(list(FORMATS)),
    multiple=True,
    help="Report format; repeat for several. json, md, html; jsonl (one story a line); csv "
    "(the claim x outlet matrix); quotes-csv (every quote). Default: json.",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    help="Where to write the report (default: stdout). With several formats, PATH's suffix is "
    "replaced by each format's.",
)
@click.option(
    "--urls",
    "urls_file",
    type=click.Path(dir_okay=False),
    help="A file of URLs, one a line (- reads them from stdin).",
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
    "--max-entries",
    type=click.IntRange(min=1),
    default=Options.max_entries,
    show_default=True,
    help="Articles read from one RSS/Atom feed, newest first.",
)
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
    max_entries: int,
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
    """Analyse INPUTS: files (.txt, .html, .jsonl, also .gz), directories (read recursively),
    URLs and - (stdin: text, HTML or JSONL), and write a report of what the articles say
    together.

    \b
    Examples:
      newsweave analyze examples/rare-earths-2025-02-24 -f json -f md -o out/report.json
      newsweave analyze stream.jsonl --format json -o report.json
      cat stream.jsonl | newsweave analyze - -f csv > claims.csv
    """
    sources = input_list(inputs, urls_file)
    if not sources:
        raise click.UsageError("nothing to analyse: give files, directories or URLs")
    formats = formats or ("json",)
    paths = output_paths(output, formats)
    for path in paths.values():  # checked before the work, not after it
        problem = check_writable(path) if path is not None else None
        if problem:
            raise click.BadParameter(problem, param_hint="'-o' / '--output'")
    options = Options(
        formats=formats,
        output=output,
        store=store,
        engine=engine,
        spark_master=master,
        extra={"parquet_dir": parquet_dir} if parquet_dir else {},
        limit=limit,
        max_entries=max_entries,
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
    for warning in missing_warnings():
        err_console.print(f"[yellow]warning[/yellow] {warning}", highlight=False, soft_wrap=True)
    show = options.progress and err_console.is_terminal
    expected = count_documents(sources, max_bytes) if show else None
    with (
        library_errors(),
        progress_bar(show, {"clean": expected} if expected else None) as update,
    ):
        report = run_analysis(sources, options, update)
    data = report_to_dict(report)
    unwritten = []
    for fmt, path in paths.items():
        text = render(data, fmt)
        if path is None:
            click.echo(text, nl=False)
            continue
        try:
            atomic_write_text(path, text)
        except OSError as exc:  # the disk filled up during the run: the other formats go on
            unwritten.append(f"{path}: cannot be written ({exc.strerror or exc})")
    for error in report.errors:
        err_console.print(
            f"[red]error[/red] {one_line(error.source)}: {one_line(error.reason)}",
            highlight=False,
            soft_wrap=True,
        )
    summary = (
        f"{len(report.articles)} articles, {len(report.stories)} stories, "
        f"{len(report.errors)} failed"
    )
    err_console.print(summary, highlight=False, soft_wrap=True)
    for problem in unwritten:
        err_console.print(f"[red]error[/red] {one_line(problem)}", highlight=False, soft_wrap=True)
    sys.exit(1 if report.errors or unwritten else 0)


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
    with library_errors(), Store.open(location) as store:
        yield store


@main.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="A JSON array, one object per story.")
def stories(location: str, as_json: bool) -> None:
    """List the stories kept in the store: id, first date, articles, headline, outlets."""
    with open_store(location) as store:
        listed = store.list_stories()
    if as_json:
        click.echo(dumps(listed), nl=False)
        return
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


# --- clean: cleaning and metadata only, one JSON line per article ---------------------------

#: options `clean` takes from `analyze` as they are (the same names, defaults and help)
CLEAN_SHARED = (
    "urls_file",
    "limit",
    "max_bytes",
    "time_limit",
    "timeout",
    "retries",
    "concurrency",
    "politeness_delay",
    "cache_dir",
    "cache_max_age",
    "allow_private",
    "ignore_robots",
    "no_progress",
)


def analyze_options(names: tuple[str, ...]) -> Callable[[click.Command], click.Command]:
    """Give a command ``analyze``'s options of these parameter names."""

    def attach(command: click.Command) -> click.Command:
        command.params += [p for name in names for p in analyze.params if p.name == name]
        return command

    return attach


@analyze_options(CLEAN_SHARED)
@main.command()
@click.argument("inputs", nargs=-1, metavar="INPUTS...")
@click.option("-o", "--output", metavar="FILE", help="Write the JSON lines here (default: stdout).")
def clean(inputs: tuple[str, ...], output: str | None, **shared: Any) -> None:
    """Clean INPUTS (the same inputs as `analyze`, - for stdin) and write one JSON line per
    article as soon as it is cleaned: id, source, url, title, outlet, authors, published,
    syndicated_from, cited_sources, body, and the removed furniture by kind.

    \b
    Examples:
      newsweave clean page.html
      newsweave clean --urls urls.txt -o articles.jsonl
      cat page.html | newsweave clean - | jq -r .body
    """
    from .clean.stream import article_record, clean_stream
    from .models import Article
    from .sources import read_inputs

    sources = input_list(inputs, shared["urls_file"])
    if not sources:
        raise click.UsageError("nothing to clean: give files, directories or URLs")
    options = Options(
        limit=shared["limit"],
        max_bytes=shared["max_bytes"],
        time_limit=shared["time_limit"],
        timeout=shared["timeout"],
        retries=shared["retries"],
        concurrency=shared["concurrency"],
        politeness_delay=shared["politeness_delay"],
        cache_dir=shared["cache_dir"],
        cache_max_age=shared["cache_max_age"],
        allow_private=shared["allow_private"],
        respect_robots=not shared["ignore_robots"],
        progress=not shared["no_progress"],
    )
    show = options.progress and err_console.is_terminal
    expected = count_documents(sources, options.max_bytes) if show else None
    failed = articles = 0
    with (
        library_errors(),
        progress_bar(show, {"clean": expected} if expected else None) as update,
        atomic_writer(output) if output and output != "-" else nullcontext(sys.stdout) as out,
    ):
        items = read_inputs(sources, options, update)
        done = (lambda n: update("clean", n, 0)) if update else None
        for item in clean_stream(items, options.time_limit, done):
            if isinstance(item, Article):
                articles += 1
                out.write(json.dumps(article_record(item), ensure_ascii=False) + "\n")
                out.flush()
                continue
            failed += 1
            err_console.print(
                f"[red]error[/red] {terminal_safe(item.source)}: {terminal_safe(item.reason)}",
                highlight=False,
                soft_wrap=True,
            )
    err_console.print(f"{articles} articles, {failed} failed", highlight=False, soft_wrap=True)
    sys.exit(1 if failed else 0)
