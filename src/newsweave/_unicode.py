"""Text that every later stage can encode: lone surrogates replaced by U+FFFD.

Python strings may hold lone surrogates (``"\\ud800"``): JSON escapes in a JSONL record or a
feed produce them, and so do file names that are not valid UTF-8 (``os`` decodes them with
``surrogateescape``).  spaCy's tokenizer, the SQLite store and the UTF-8 report writers all
refuse them with ``UnicodeEncodeError``, which would stop the whole run, so the pipeline
replaces them once, before cleaning.  Valid text comes back unchanged (the same object).
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import TypeVar

__all__ = ["valid_text", "valid_unicode"]

_SURROGATE = re.compile("[\ud800-\udfff]")
T = TypeVar("T")


def valid_text(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def valid_unicode(record: T) -> T:
    """A dataclass record (Document, InputError) whose str and tuple-of-str fields hold no lone
    surrogates; the record itself when none did."""
    changes: dict[str, object] = {}
    for f in fields(record):  # type: ignore[arg-type]
        value = getattr(record, f.name)
        if isinstance(value, str) and _SURROGATE.search(value):
            changes[f.name] = valid_text(value)
        elif isinstance(value, tuple) and any(
            isinstance(v, str) and _SURROGATE.search(v) for v in value
        ):
            changes[f.name] = tuple(valid_text(v) if isinstance(v, str) else v for v in value)
    return replace(record, **changes) if changes else record  # type: ignore[type-var]
