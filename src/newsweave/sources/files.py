"""Local inputs: plain-text and HTML files (optionally gzipped), JSONL records, directories and
standard input (``-``: text, HTML or JSONL, sniffed from the bytes).

Each input becomes a :class:`~newsweave.models.Document` or an
:class:`~newsweave.models.InputError` naming it; one bad input never stops the batch.
Bytes are decoded by :mod:`.decoding` (HTML as browsers do; other text as UTF-8 with invalid
bytes replaced), then NFC-normalised.  A JSONL file is read one line at a time, each record
decoded and capped (``max_bytes``) on its own, so one bad record damages only itself and a file
larger than the cap is read as far as ``--limit`` needs.  A directory that cannot be listed is
an error naming it.
"""

from __future__ import annotations

import gzip
import itertools
import json
import logging
import os
import sys
import unicodedata
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from ..errors import InputError as InputFailure
from ..models import Document, DocumentKind, InputError
from .decoding import decode_html, decode_text, without_nul

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
ID_KEYS = ("id", "doc_id", "uuid")
TEXT_KEYS = ("text", "body", "content")
DATE_KEYS = ("published", "date")
#: files in a directory that are read; everything else there is passed over silently
_PLAIN_KINDS = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
#: archives and feeds are read by their own readers (newsweave.sources.warc, .feeds)
_ARCHIVES_AND_FEEDS = (".warc", ".warc.gz", ".rss", ".atom", ".xml")
KNOWN_SUFFIXES = (*(s + gz for s in _PLAIN_KINDS for gz in ("", ".gz")), *_ARCHIVES_AND_FEEDS)


def base_suffix(path: str) -> str:
    """The file's kind-bearing suffix, ignoring a trailing ``.gz``: ``a.html.gz`` -> ``.html``."""
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return Path(name).suffix


def read_bytes(path: Path, source: str, max_bytes: int) -> bytes:
    """The file's bytes, gunzipped when it ends in .gz, capped at ``max_bytes`` after unpacking."""
    try:
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as fh:
                data = fh.read(max_bytes + 1)
        else:
            if path.stat().st_size > max_bytes:
                raise InputFailure(
                    source, f"larger than the {max_bytes:,}-byte limit (--max-bytes)"
                )
            data = path.read_bytes()
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise InputFailure(source, f"not a valid gzip file ({exc})") from exc
    except OSError as exc:
        raise InputFailure(source, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise InputFailure(source, f"larger than the {max_bytes:,}-byte limit once unpacked")
    return data


def looks_like_html(data: bytes) -> bool:
    """Markup at the start of undeclared bytes (a file without a telling suffix)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head[:512]


def decode(data: bytes, source: str, html: bool = False) -> str:
    """Text from a file's bytes (:mod:`.decoding`): HTML as a browser decodes it, other text as
    UTF-8 with invalid bytes replaced, or its legacy encoding when it holds no UTF-8 at all.

    Raises :class:`~newsweave.errors.InputError` for empty and binary input.
    """
    if not html:
        return decode_text(data, source)
    if not data.strip():
        raise InputFailure(source, "is empty")
    text = decode_html(without_nul(data, source), "", source)
    if not text.strip():
        raise InputFailure(source, "is empty")
    return text


def sniff_kind(text: str, suffix: str) -> DocumentKind:
    """HTML by suffix, or by markup at the start of a file without a telling suffix."""
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    head = text.lstrip()[:512].lower()
    return "html" if head.startswith(("<!doctype html", "<html")) or "<body" in head else "text"


def read_file(path: Path, source: str, max_bytes: int) -> Document:
    """One text or HTML file as a Document."""
    data = read_bytes(path, source, max_bytes)
    suffix = base_suffix(source)
    html = suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and looks_like_html(data))
    text = decode(data, source, html)
    return Document(source=source, text=text, kind=sniff_kind(text, base_suffix(source)), raw=data)


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


def _str_or_none(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def record_document(record: Any, file_source: str, line_no: int) -> Document:
    """One JSONL record as a Document (``source`` is ``FILE.jsonl#<id>``)."""
    where = f"{file_source}:{line_no}"
    if not isinstance(record, dict):
        raise InputFailure(where, f"is a JSON {type(record).__name__}, expected an object")
    rid = _first(record, ID_KEYS)
    rid = str(rid) if isinstance(rid, str | int) else str(line_no)
    source = f"{file_source}#{rid}"
    text = _first(record, TEXT_KEYS)
    if not isinstance(text, str) or not text.strip():
        raise InputFailure(source, "has no text (expected a non-empty 'text', 'body' or 'content')")
    text = unicodedata.normalize("NFC", text)
    url = _str_or_none(record.get("url"))
    authors = record.get("authors")
    return Document(
        source=source,
        text=text,
        kind=sniff_kind(text, ""),
        url=url,
        title=_str_or_none(record.get("title")),
        published=_str_or_none(_first(record, DATE_KEYS)),
        outlet=_str_or_none(record.get("outlet")),
        authors=tuple(a for a in authors if isinstance(a, str))
        if isinstance(authors, list)
        else (),
    )


#: bytes of over-long records a JSONL reader skips (looking for the next line) before it gives
#: up on the rest of the file, as multiples of ``max_bytes``: a gzip bomb is not unpacked whole
SKIP_BUDGET = 10


def _open_binary(path: Path) -> BinaryIO:
    if path.name.lower().endswith(".gz"):
        return cast(BinaryIO, gzip.open(path, "rb"))
    return path.open("rb")


def _lines(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line, read one at a time; ``None`` for a line longer than
    ``max_bytes``, which is skipped without being held in memory."""
    skipped = 0
    for line_no in itertools.count(1):
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line_no, line
            continue
        while line and not line.endswith(b"\n"):  # the rest of the over-long record
            skipped += len(line)
            if skipped > SKIP_BUDGET * max_bytes:
                raise InputFailure("", "too many records over the size limit: rest not read")
            line = fh.readline(1 << 20)
        yield line_no, None


def _parse(line: bytes, where: str) -> Any:
    """One JSON value from one line's bytes (decoded on their own)."""
    text = decode_text(line, where)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFailure(where, f"is not valid JSON ({exc.msg}, column {exc.colno})") from exc
    except RecursionError:
        raise InputFailure(where, "is nested too deeply to read as JSON") from None


def read_jsonl(path: Path, source: str, max_bytes: int) -> Iterator[Document | InputError]:
    """Every record of a JSONL file, read and decoded one line at a time, each capped at
    ``max_bytes``; a bad line is an error of its own (``FILE:LINE``), the rest go on."""
    records = 0
    try:
        with _open_binary(path) as fh:
            for line_no, line in _lines(fh, max_bytes):
                if line is not None and not line.strip():
                    continue
                records += 1
                where = f"{source}:{line_no}"
                if line is None:
                    reason = f"record is larger than the {max_bytes:,}-byte limit (--max-bytes)"
                    yield InputError(where, reason)
                    continue
                try:
                    yield record_document(_parse(line, where), source, line_no)
                except InputFailure as exc:
                    yield InputError(exc.source, exc.reason)
    except InputFailure as exc:
        yield InputError(source, exc.reason)
        return
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield InputError(source, f"not a valid gzip file ({exc})")
        return
    except OSError as exc:
        yield InputError(source, f"cannot be read ({exc.strerror or exc})")
        return
    if not records:
        yield InputError(source, "holds no JSON records")


def iter_directory(root: Path, source: str) -> Iterator[tuple[Path, str]]:
    """Readable files below a directory, sorted; each source is the path as given + relative.

    A directory that cannot be listed (no permission) is yielded itself, so that reading it
    gives an error naming it instead of silently yielding nothing.
    """
    found: list[tuple[Path, str]] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        rel = where.relative_to(root) if where != root else Path()
        found.append((where, str(Path(source) / rel) if rel.parts else source))

    for dirpath, _dirnames, filenames in os.walk(root, onerror=unreadable):
        for name in filenames:
            path = Path(dirpath) / name
            if name.startswith(".") or not name.lower().endswith(KNOWN_SUFFIXES):
                continue
            if path.is_file():
                found.append((path, str(Path(source) / path.relative_to(root))))
    yield from sorted(found)


def read_path(source: str, max_bytes: int) -> Iterator[Document | InputError]:
    """A file or a directory (recursively) as Documents and errors."""
    path = Path(source)
    if not path.exists():
        yield InputError(source, "no such file or directory")
        return
    if path.is_dir():
        try:
            os.listdir(path)
        except OSError as exc:
            yield InputError(source, f"directory cannot be read ({exc.strerror or exc})")
            return
    files = iter_directory(path, source) if path.is_dir() else iter([(path, source)])
    for file_path, file_source in files:
        if file_path.is_dir():
            yield from read_path(file_source, max_bytes)
        elif base_suffix(file_source) in JSONL_SUFFIXES:
            yield from read_jsonl(file_path, file_source, max_bytes)
        else:
            try:
                yield read_file(file_path, file_source, max_bytes)
            except InputFailure as exc:
                yield InputError(exc.source, exc.reason)


# --- standard input ------------------------------------------------------------------------

#: the input name that means standard input, and the source name its documents carry
STDIN = "-"
STDIN_SOURCE = "<stdin>"


def looks_like_jsonl(text: str) -> bool:
    """True when the first non-blank line is a JSON object (a JSONL stream)."""
    for line in text.splitlines():
        if line.strip():
            try:
                return isinstance(json.loads(line), dict)
            except json.JSONDecodeError:
                return False
    return False


def read_stream(data: bytes, source: str) -> Iterator[Document | InputError]:
    """Bytes of unknown kind (standard input) as Documents: JSONL records when the first line
    is a JSON object, else one HTML or text document, sniffed from its markup."""
    try:
        text = decode(data, source, html=looks_like_html(data))
    except InputFailure as exc:
        yield InputError(exc.source, exc.reason)
        return
    if not looks_like_jsonl(text):
        yield Document(source=source, text=text, kind=sniff_kind(text, ""), raw=data)
        return
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{source}:{line_no}", f"is not valid JSON ({exc.msg})")
            continue
        except RecursionError:
            yield InputError(f"{source}:{line_no}", "is nested too deeply to read as JSON")
            continue
        try:
            yield record_document(record, source, line_no)
        except InputFailure as exc:
            yield InputError(exc.source, exc.reason)


def read_stdin(max_bytes: int, stream: BinaryIO | None = None) -> Iterator[Document | InputError]:
    """Standard input (or ``stream``) as Documents: text, HTML or JSONL, sniffed."""
    stream = stream if stream is not None else sys.stdin.buffer
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield InputError(STDIN_SOURCE, f"larger than the {max_bytes:,}-byte limit (--max-bytes)")
        return
    yield from read_stream(data, STDIN_SOURCE)
