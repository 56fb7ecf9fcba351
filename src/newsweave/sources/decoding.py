"""Bytes to text for every reader, with the smallest possible damage.

* HTML (HTTP bodies, HTML files, WARC records) is decoded the way browsers do, by w3lib's
  ``html_to_unicode``: BOM, then the HTTP charset, then ``<meta>``/XML declarations, with the
  WHATWG aliases (a page declared ``iso-8859-1`` is read as Windows-1252, so its curly quotes
  stay quotes instead of becoming C1 control characters).
* Text without a declaration is UTF-8 whenever it *looks* like UTF-8: a file whose non-ASCII
  bytes form valid UTF-8 sequences and which has a few invalid bytes is UTF-8 with those bytes
  replaced by U+FFFD (and a warning naming their byte offsets), never re-read whole in a guessed
  legacy encoding ("doesn’t" -> "doesn‚Äôt").  Only bytes with no valid multi-byte UTF-8 sequence
  at all are given to charset-normalizer, whose guess then cannot rewrite good UTF-8 text.
* A few NUL bytes in text are replaced (and warned about); many mean a binary file.

Each JSONL record is decoded on its own (:func:`decode_text` per line), so one Latin-1 record
does not change how the others read.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from charset_normalizer import from_bytes
from w3lib.encoding import html_to_unicode

from ..errors import InputError

__all__ = ["decode_html", "decode_text", "guess_encoding", "without_nul"]

log = logging.getLogger(__name__)

#: share of NUL bytes in the first 8 KB above which bytes are binary, not damaged text
_MAX_NUL_SHARE = 0.01
#: a UTF-8 multi-byte sequence (lead byte and continuation bytes)
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
#: offsets named in a warning
_SHOWN = 5


_ESCAPED = re.compile("[\udc80-\udcff]+")


def _invalid_utf8(data: bytes, limit: int = 10_000) -> list[int]:
    """Byte offsets of the runs of bytes that are not UTF-8 (at most ``limit``); linear."""
    escaped = data.decode("utf-8", "surrogateescape")  # each invalid byte -> U+DC80..U+DCFF
    offsets: list[int] = []
    done_chars, done_bytes = 0, 0
    for match in _ESCAPED.finditer(escaped):
        done_bytes += len(escaped[done_chars : match.start()].encode("utf-8", "surrogateescape"))
        done_chars = match.start()
        offsets.append(done_bytes)
        if len(offsets) >= limit:
            break
    return offsets


def guess_encoding(data: bytes) -> str:
    """``utf-8`` for bytes that look like UTF-8 (valid, or holding valid multi-byte sequences
    beside invalid bytes), else charset-normalizer's guess (``cp1252`` when it has none,
    or when it fits as well as the best)."""
    bad = _invalid_utf8(data)
    if not bad:
        return "utf-8"
    found = _UTF8_MULTI.findall(data)
    # a valid 3- or 4-byte sequence (’ “ — € …) almost never happens by chance in a legacy
    # encoding; 2-byte ones do ("Ã©" in Windows-1252), so those must outnumber the bad bytes
    if any(len(seq) > 2 for seq in found) or len(found) >= len(bad):
        return "utf-8"
    matches = list(from_bytes(data))
    if not matches:
        return "cp1252"
    # among the guesses that read as cleanly as the best, the web's commonest legacy encoding
    # (short texts fit many single-byte encodings equally well: « » read as Ŧ ŧ in Latin-6)
    least = min(m.chaos for m in matches)
    tied = [m.encoding for m in matches if m.chaos <= least + 0.01]
    return "cp1252" if "cp1252" in tied else tied[0]


def _warn_damage(source: str, data: bytes, encoding: str) -> None:
    if encoding.replace("-", "").replace("_", "").lower() not in ("utf8", "utf8sig"):
        return
    bad = _invalid_utf8(data)
    if bad:
        shown = ", ".join(str(b) for b in bad[:_SHOWN]) + (", …" if len(bad) > _SHOWN else "")
        log.warning(
            "%r: %d invalid UTF-8 byte sequence(s) replaced by U+FFFD (at byte %s)",
            source,
            len(bad),
            shown,
        )


def without_nul(data: bytes, source: str) -> bytes:
    """``data`` without its NUL bytes (a warning says how many); binary when they are many."""
    nul = data.count(b"\x00")
    if not nul or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data
    head = data[:8192]
    if head.count(b"\x00") > max(8, _MAX_NUL_SHARE * len(head)):
        raise InputError(source, "looks binary (NUL bytes), not text or HTML")
    log.warning("%r: %d NUL byte(s) removed (first at byte %d)", source, nul, data.index(b"\x00"))
    return data.replace(b"\x00", b"")


def _checked(text: str, source: str) -> str:
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputError(source, "is empty")
    printable = sum(1 for ch in text[:4096] if ch.isprintable() or ch in "\n\r\t")
    if printable < 0.9 * min(len(text), 4096):
        raise InputError(source, "looks binary: mostly control characters")
    return text


def decode_text(data: bytes, source: str) -> str:
    """Text from undeclared bytes (a text file, one JSONL record): UTF-8 (BOM honoured) with
    invalid bytes replaced, or the legacy encoding of bytes with no UTF-8 in them; NFC.

    Raises :class:`~newsweave.errors.InputError` naming ``source`` for empty and binary bytes.
    """
    if not data.strip():
        raise InputError(source, "is empty")
    data = without_nul(data, source)
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = guess_encoding(data)
    if encoding not in ("utf-8", "utf-8-sig"):
        log.info("%r: no UTF-8 in it, decoded as %s", source, encoding)
    _warn_damage(source, data, encoding)
    return _checked(data.decode(encoding, "replace"), source)


def decode_html(data: bytes, content_type: str = "", source: str = "") -> str:
    """Text of an HTML (or XML) body as a browser reads it (w3lib ``html_to_unicode``: BOM,
    HTTP charset, ``<meta>``, WHATWG aliases); undeclared bytes as :func:`decode_text` reads
    them.  Invalid bytes become U+FFFD; NFC-normalised."""
    encoding, text = html_to_unicode(content_type or None, data, auto_detect_fun=guess_encoding)
    if source:
        _warn_damage(source, data, encoding)
    return unicodedata.normalize("NFC", text)
