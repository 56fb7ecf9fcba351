"""Readers that turn inputs (paths, URLs, feeds, archives, JSONL) into Documents.

:func:`read_inputs` is the one entry point: it looks at each input as given and hands it to the
reader for its kind.  Every reader yields :class:`~newsweave.models.Document` or
:class:`~newsweave.models.InputError` and never raises for a bad input.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..models import Document, InputError
from ..options import Options
from .files import read_path

__all__ = ["read_inputs"]


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _read_one(source: str, options: Options) -> Iterator[Document | InputError]:
    if is_url(source):
        yield InputError(source, "URLs are not supported yet")
        return
    yield from read_path(source, options.max_bytes)


def read_inputs(inputs: Sequence[str], options: Options) -> Iterator[Document | InputError]:
    """Documents and errors for every input, in order; at most ``options.limit`` documents."""
    stream = (item for source in inputs for item in _read_one(source, options))
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
