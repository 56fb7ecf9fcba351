"""Local inputs: plain-text and HTML files (optionally gzipped), JSONL records, directories and
standard input (``-``: text, HTML or JSONL, sniffed from the bytes).

Each input becomes a :class:`~newsweave.models.Document` or an
:class:`~newsweave.models.InputError` naming it; one bad input never stops the batch.
Bytes are decoded with charset-normalizer when they are not UTF-8, then NFC-normalised.
"""

from __future__ import annotations

import gzip
import json
import logging
import sys
import unicodedata
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from ..errors import InputError as InputFailure
from ..models import Document, DocumentKind, InputError

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


def decode(data: bytes, source: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM), else what charset-normalizer detects.

    Raises :class:`~newsweave.errors.InputError` for empty and binary input.
    """
    if not data.strip():
        raise InputFailure(source, "is empty")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputFailure(source, "looks binary (NUL bytes), not text or HTML")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise InputFailure(source, "looks binary: no text encoding fits it") from None
        text = str(best)
        log.info("%s: decoded as %s", source, best.encoding)
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputFailure(source, "is empty")
    printable = sum(1 for ch in text[:4096] if ch.isprintable() or ch in "\n\r\t")
    if printable < 0.9 * min(len(text), 4096):
        raise InputFailure(source, "looks binary: mostly control characters")
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
    text = decode(data, source)
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


def read_jsonl(path: Path, source: str, max_bytes: int) -> Iterator[Document | InputError]:
    """Every record of a JSONL file; a bad line is an error of its own, the rest go on."""
    try:
        text = decode(read_bytes(path, source, max_bytes), source)
    except InputFailure as exc:
        yield InputError(exc.source, exc.reason)
        return
    records = 0
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        records += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{source}:{line_no}", f"is not valid JSON ({exc.msg})")
            continue
        try:
            yield record_document(record, source, line_no)
        except InputFailure as exc:
            yield InputError(exc.source, exc.reason)
    if not records:
        yield InputError(source, "holds no JSON records")


def iter_directory(root: Path, source: str) -> Iterator[tuple[Path, str]]:
    """Readable files below a directory, sorted; each source is the path as given + relative."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.name.startswith(".") or not path.name.lower().endswith(KNOWN_SUFFIXES):
            continue
        yield path, str(Path(source) / path.relative_to(root))


def read_path(source: str, max_bytes: int) -> Iterator[Document | InputError]:
    """A file or a directory (recursively) as Documents and errors."""
    path = Path(source)
    if not path.exists():
        yield InputError(source, "no such file or directory")
        return
    files = iter_directory(path, source) if path.is_dir() else iter([(path, source)])
    for file_path, file_source in files:
        if base_suffix(file_source) in JSONL_SUFFIXES:
            yield from read_jsonl(file_path, file_source, max_bytes)
            continue
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
        text = decode(data, source)
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
