"""Web archives: HTML responses become Documents, everything else is passed over, damage is
one error after the good records, and records are capped."""

from __future__ import annotations

import functools
import gzip
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsweave.models import Document, InputError
from newsweave.options import Options
from newsweave.sources import read_inputs
from newsweave.sources.warc import read_warc

from .conftest import seed_pages, write_warc


def pages() -> dict[str, bytes]:
    return {f"https://news.example{p}": html.encode() for p, html in seed_pages().items()}


@pytest.mark.parametrize("gz", [True, False])
def test_html_responses_become_documents(tmp_path: Path, gz: bool) -> None:
    path = write_warc(tmp_path / ("seeds.warc.gz" if gz else "seeds.warc"), pages(), gz=gz)
    items = list(read_inputs([str(path)], Options()))
    assert all(isinstance(i, Document) for i in items)
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.url for d in docs] == list(pages())
    assert [d.source for d in docs] == [f"{path}#{uri}" for uri in pages()]
    assert {d.captured for d in docs} == {"2025-02-24"}
    assert {d.published for d in docs} == {None}
    assert [d.text.encode() for d in docs] == list(pages().values())
    assert all(d.kind == "html" and d.raw for d in docs)


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_archive_yields_good_records_then_one_error(tmp_path: Path, gz: bool) -> None:
    whole = write_warc(tmp_path / ("w.warc.gz" if gz else "w.warc"), pages(), gz=gz, extra=False)
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(data[: int(len(data) * 0.6)])
    items = list(read_warc(str(cut), Options()))
    docs = [i for i in items if isinstance(i, Document)]
    assert 1 <= len(docs) < 5
    assert [d.text.encode() for d in docs] == list(pages().values())[: len(docs)]
    assert isinstance(items[-1], InputError) and items[-1].source == str(cut)
    assert "truncated or corrupt" in items[-1].reason and "\n" not in items[-1].reason
    assert sum(isinstance(i, InputError) for i in items) == 1


def test_oversized_record_and_decompression_bomb_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "bomb.warc.gz"
    write_warc(path, pages(), extra=False)
    bomb = gzip.compress(b"<html><body>" + b" " * 3_000_000)
    with path.open("ab") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            "https://news.example/bomb",
            "response",
            payload=io.BytesIO(bomb),
            length=len(bomb),
            http_headers=headers,
        )
        writer.write_record(record)
    items = list(read_warc(str(path), Options(max_bytes=1_000_000)))
    assert sum(isinstance(i, Document) for i in items) == 5
    error = items[-1]
    assert isinstance(error, InputError) and error.source == f"{path}#https://news.example/bomb"
    assert "1,000,000-byte limit" in error.reason


def test_archive_without_html_and_missing_or_garbage_files(tmp_path: Path) -> None:
    empty = write_warc(tmp_path / "none.warc.gz", {})
    (tmp_path / "junk.warc").write_bytes(b"this is not an archive\n" * 10)
    items = list(
        read_inputs(
            [str(empty), str(tmp_path / "nope.warc"), str(tmp_path / "junk.warc")], Options()
        )
    )
    assert [type(i) for i in items] == [InputError, InputError, InputError]
    assert "no HTML responses" in items[0].reason
    assert "cannot be read" in items[1].reason
    assert "truncated or corrupt" in items[2].reason


def test_limit_stops_reading_the_archive(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "seeds.warc.gz", pages())
    items = list(read_inputs([str(path)], Options(limit=2)))
    assert len(items) == 2 and all(isinstance(i, Document) for i in items)


@functools.cache
def small_archive(gz: bool) -> bytes:
    """Two seed pages as an archive, made once (record ids are random, hypothesis needs the
    same bytes on every run)."""
    with tempfile.TemporaryDirectory() as tmp:
        whole = write_warc(Path(tmp) / "w.warc", dict(list(pages().items())[:2]), gz=gz)
        return whole.read_bytes()


@given(st.data())
def test_damaged_archives_never_crash(data: st.DataObject) -> None:
    """Any cut or flipped byte of a real archive ends as documents and one-line errors."""
    gz = data.draw(st.booleans())
    raw = bytearray(small_archive(gz))
    cut = data.draw(st.integers(0, len(raw)))
    del raw[cut:]
    if raw and data.draw(st.booleans()):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] ^= data.draw(st.integers(1, 255))
    with tempfile.TemporaryDirectory() as tmp:
        damaged = Path(tmp) / ("d.warc.gz" if gz else "d.warc")
        damaged.write_bytes(bytes(raw))
        items = list(read_warc(str(damaged), Options(max_bytes=1 << 20)))
    assert items
    for item in items:
        assert isinstance(item, Document | InputError)
        if isinstance(item, InputError):
            assert item.reason and "\n" not in item.reason


def test_a_record_with_a_wrong_digest_is_an_error(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "w.warc", pages(), gz=False, extra=False)
    data = path.read_bytes()
    at = data.index(b"Russia")  # a byte inside the first page's payload
    path.write_bytes(data[:at] + b"P" + data[at + 1 :])
    items = list(read_warc(str(path), Options()))
    assert isinstance(items[0], InputError) and "digest failed" in items[0].reason
    assert [type(i) for i in items[1:]] == [Document] * 4
