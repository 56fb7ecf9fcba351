"""Readers that turn inputs (paths, URLs, feeds, archives, JSONL) into Documents.

:func:`read_inputs` is the one entry point: it looks at each input as given and hands it to the
reader for its kind.  Every reader yields :class:`~newsweave.models.Document` or
:class:`~newsweave.models.InputError` and never raises for a bad input.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path

from ..errors import InputError as InputFailure
from ..models import Document, InputError
from ..options import Options
from .feeds import is_feed_file, read_feed
from .files import (
    JSONL_SUFFIXES,
    STDIN,
    base_suffix,
    iter_directory,
    read_bytes,
    read_path,
    read_stdin,
)
from .http import HttpSession, Progress, fetch_urls
from .warc import is_warc_file, read_warc

__all__ = ["count_documents", "read_inputs"]


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _read_local(
    source: str, options: Options, session: HttpSession | None
) -> Iterator[Document | InputError]:
    if source == STDIN:
        yield from read_stdin(options.max_bytes)
    elif is_warc_file(source):
        yield from read_warc(source, options)
    elif is_feed_file(source):
        yield from read_feed(source, options, session)
    else:
        yield from read_path(source, options.max_bytes)


def expand(inputs: Sequence[str]) -> list[str]:
    """Inputs with each directory replaced by the files below it that newsweave reads
    (``.xml`` only when it holds a feed)."""
    out: list[str] = []
    for source in inputs:
        path = Path(source)
        if source == STDIN or is_url(source) or not path.is_dir():
            out.append(source)
            continue
        out += [
            file_source
            for _, file_source in iter_directory(path, source)
            if not file_source.lower().endswith(".xml") or is_feed_file(file_source)
        ]
    return out


def _read_all(
    inputs: Sequence[str], options: Options, progress: Progress | None
) -> Iterator[Document | InputError]:
    """Every input in order; runs of URLs are fetched concurrently by one shared session."""
    inputs = expand(inputs)
    with ExitStack() as stack:
        session: HttpSession | None = None
        for urls, group in itertools.groupby(inputs, key=is_url):
            needs_http = urls or any(is_feed_file(s) for s in inputs)
            if session is None and needs_http:
                session = stack.enter_context(HttpSession(options, progress))
            if urls and session is not None:
                yield from fetch_urls(group, options, session=session)
            else:
                for source in group:
                    yield from _read_local(source, options, session)


def read_inputs(
    inputs: Sequence[str], options: Options, progress: Progress | None = None
) -> Iterator[Document | InputError]:
    """Documents and errors for every input, in order; at most ``options.limit`` documents.

    Inputs: files and directories (:mod:`.files`), ``-`` for standard input (text, HTML or
    JSONL, sniffed), http(s) URLs (:mod:`.http`; a URL answering with a feed is expanded),
    feed files (``.rss``, ``.atom``, feed ``.xml``; :mod:`.feeds`),
    web archives (``.warc``, ``.warc.gz``; :mod:`.warc`).  ``progress`` is called as
    ``progress("fetch", done, total)`` while URLs are fetched.
    """
    stream = _read_all(inputs, options, progress)
    if options.limit is None:
        yield from stream
        return
    documents = 0
    for item in stream:
        if isinstance(item, Document):
            if documents >= options.limit:
                return
            documents += 1
        yield item


def count_documents(inputs: Sequence[str], max_bytes: int) -> int | None:
    """How many documents ``inputs`` hold, when that can be told without cleaning them: one a
    text or HTML file, one a line of a JSONL file (read once more, quickly); None when an input
    is a URL, feed, archive or standard input (known only once read)."""
    total = 0
    for source in expand(inputs):
        if source == STDIN or is_url(source) or is_warc_file(source) or is_feed_file(source):
            return None
        if base_suffix(source) not in JSONL_SUFFIXES:
            total += 1
            continue
        try:
            data = read_bytes(Path(source), source, max_bytes)
        except InputFailure:
            total += 1  # reported as one error when read
            continue
        total += sum(1 for line in data.splitlines() if line.strip()) or 1
    return total
