"""Readers never crash or hang: any bytes, any Unicode, any JSONL ends as a Document or an error."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from newsweave.models import Document, InputError
from newsweave.options import Options
from newsweave.sources import read_inputs

TRICKY = st.sampled_from(
    ["\u200f", "\u200d", "\u0301", "\ufeff", "\x00", "\u202e", "\ud800", "“", "‘", "«", "\r\n"]
)
TEXT = st.lists(st.one_of(st.text(max_size=40), TRICKY), max_size=30).map("".join)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def read_one(name: str, data: bytes) -> list[Document | InputError]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        items = list(read_inputs([str(path)], Options(max_bytes=1 << 20)))
    for item in items:
        assert isinstance(item, Document | InputError)
        if isinstance(item, InputError):
            assert item.reason and "\n" not in item.reason
    return items


@given(st.binary(max_size=2048), st.sampled_from(["x.txt", "x.html", "x.jsonl", "x.txt.gz"]))
def test_random_bytes(data: bytes, name: str) -> None:
    items = read_one(name, data)
    assert items, "every input yields at least a document or an error"


@given(TEXT)
def test_random_unicode_text(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    for item in read_one("x.txt", data):
        if isinstance(item, Document):
            item.text.encode("utf-8", "surrogatepass")


@given(st.lists(st.one_of(JSON_VALUES.map(json.dumps), TEXT), max_size=6))
def test_jsonl_with_wrong_types(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    for item in read_one("x.jsonl", data):
        if isinstance(item, Document):
            assert item.text.strip()


@given(st.binary(min_size=1, max_size=512), st.integers(min_value=1, max_value=40))
def test_truncated_gzip(data: bytes, cut: int) -> None:
    blob = gzip.compress(data)
    read_one("x.txt.gz", blob[: max(1, len(blob) - cut)])
