"""Web archives (WARC, WARC.gz) read record by record with warcio, in constant memory.

Every ``response`` record with HTTP status 200 and an HTML content type becomes a
:class:`~newsweave.models.Document`: ``url`` is the record's ``WARC-Target-URI``, ``source`` is
``<path>#<uri>``, ``captured`` the date of ``WARC-Date`` (when the archive fetched it, which is
not the publication date: cleaning reads that from the page, so an archived page gives the same
report as the page itself).  Other records (requests, metadata,
redirects, images, revisits) are passed over.  A record whose ``WARC-Block-Digest`` or
``WARC-Payload-Digest`` does not match is an error, not a document.  Each record's payload is
read at most ``options.max_bytes`` (after any HTTP content-encoding is undone), so a
decompression bomb or a giant record costs one error line, not the machine's memory.  A
truncated or corrupt archive yields the good records before the damage and then one error
naming the file.
"""

from __future__ import annotations

import gzip
import logging
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from ..models import Document, InputError
from ..options import Options
from .decoding import decode_html
from .http import HTML_TYPES

__all__ = ["WarcCounts", "is_warc_file", "read_warc"]

log = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz")
BLOCK = 64 * 1024


@dataclass
class WarcCounts:
    """Records seen in one archive: read as documents, passed over, failed."""

    documents: int = 0
    skipped: int = 0
    failed: int = 0


def is_warc_file(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


def _html_response(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode()
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";", 1)[0]
    return bool(status == "200" and content_type.strip().lower() in HTML_TYPES)


def _document(record: Any, path: str, max_bytes: int) -> Document | InputError:
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    source = f"{path}#{uri}"
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return InputError(source, f"record is larger than the {max_bytes:,}-byte limit")
    content_type = record.http_headers.get_header("Content-Type") or ""
    text = decode_html(payload, content_type, source)
    if not text.strip():
        return InputError(source, "record holds an empty page")
    date = record.rec_headers.get_header("WARC-Date") or ""
    return Document(
        source=source,
        text=text,
        kind="html",
        url=uri or None,
        captured=date[:10] if len(date) >= 10 and date[4] == "-" else None,
        raw=payload,
    )


def _digest_checked(
    record: Any, item: Document | InputError | None
) -> Document | InputError | None:
    """An error instead of the document when the record's WARC digest does not match."""
    checker = getattr(record, "digest_checker", None)
    if not isinstance(item, Document) or checker is None or checker.passed is not False:
        return item
    problem = (checker.problems or ["digest mismatch"])[0]
    return InputError(item.source, f"record is damaged ({problem})")


def _check_complete(record: Any) -> None:
    """Read the rest of the record; EOFError when the file ends before its Content-Length.

    (warcio itself hands out a cut record as if it were whole.)
    """
    raw = record.raw_stream
    while raw.read(BLOCK):
        pass
    if getattr(raw, "limit", 0) > 0:
        raise EOFError(f"the file ends {raw.limit:,} bytes before the end of a record")


class _Stream:
    """The archive's bytes for warcio, gunzipped by :mod:`gzip` when it is compressed.

    :mod:`gzip` checks every member's length and CRC and notices a cut stream, which warcio's
    own decompression does not; the error is kept in ``error`` (warcio would take it for a
    normal end) and the bytes handed out are counted.
    """

    def __init__(self, fh: BinaryIO) -> None:
        compressed = fh.read(2) == b"\x1f\x8b"
        fh.seek(0)
        self._gzip = gzip.GzipFile(fileobj=fh, mode="rb") if compressed else None
        self._inner: gzip.GzipFile | BinaryIO = self._gzip or fh
        self.position = 0
        self.error: Exception | None = None

    def read(self, size: int = -1) -> bytes:
        if self.error is not None:
            return b""
        try:
            # read1: one member's worth at a time, so a cut stream loses no data before it
            data = self._gzip.read1(size) if self._gzip is not None else self._inner.read(size)
        except (EOFError, OSError, zlib.error) as exc:
            self.error = exc
            return b""
        self.position += len(data)
        return data

    def tell(self) -> int:
        return self.position

    def close(self) -> None:
        self._inner.close()


def _check_ended(records: Any, stream: _Stream) -> None:
    """EOFError when the archive's bytes end inside a record or a gzip member, or bytes are
    left after the last whole record (warcio stops silently in both cases)."""
    if stream.error is not None:
        raise EOFError(str(stream.error) or "the archive is cut short")
    end = int(getattr(records, "offset", 0) or 0)
    while stream.read(BLOCK):
        pass
    if stream.error is not None:
        raise EOFError(str(stream.error) or "the archive is cut short")
    if getattr(records, "err_count", 0):
        raise ValueError("a record's Content-Length does not match its content")
    if stream.position > end:
        left = stream.position - end
        raise EOFError(f"{left:,} bytes after the last whole record cannot be read")


def read_warc(
    path: str, options: Options, on_record: Callable[[WarcCounts], None] | None = None
) -> Iterator[Document | InputError]:
    """Documents for the archive's HTML responses, streamed; ``on_record`` sees running counts."""
    counts = WarcCounts()
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below, the generator may be abandoned
    except OSError as exc:
        yield InputError(path, f"cannot be read ({exc.strerror or exc})")
        return
    with fh:
        stream = _Stream(fh)
        cap = options.max_bytes
        # "record": digests are checked and problems kept on the record (not printed, not raised)
        records = ArchiveIterator(stream, check_digests="record")
        records.INC_RECORD = ""  # warcio prints this warning to stderr; counted below instead
        try:
            for record in records:
                if record.format != "warc":
                    raise ValueError(f"not a WARC file (found a {record.format} record)")
                item = _document(record, path, cap) if _html_response(record) else None
                _check_complete(record)
                item = _digest_checked(record, item)
                if item is None:
                    counts.skipped += 1
                    continue
                if isinstance(item, Document):
                    counts.documents += 1
                else:
                    counts.failed += 1
                if on_record is not None:
                    on_record(counts)
                yield item
            _check_ended(records, stream)
        # a damaged archive makes warcio raise ArchiveLoadFailed, but also EOFError, zlib.error,
        # ValueError, AttributeError or TypeError depending on where the damage is
        except Exception as exc:
            log.debug("%s: reading stopped", path, exc_info=True)
            counts.failed += 1
            detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            yield InputError(
                path,
                f"archive is truncated or corrupt after {counts.documents} pages ({detail})",
            )
    if counts.documents == 0 and counts.failed == 0:
        yield InputError(path, "archive holds no HTML responses (status 200, text/html)")
