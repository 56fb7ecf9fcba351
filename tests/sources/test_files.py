"""Reading local inputs: kinds, encodings, JSONL records and every kind of bad input."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest

from newsweave.models import Document, InputError
from newsweave.options import Options
from newsweave.sources import read_inputs

from ..conftest import EXAMPLE

SENTENCE = (
    "Russian President Vladimir Putin met with officials on Feb. 24 to discuss rare earth metals."
)


def read(*inputs: str | Path, **opts: object) -> list[Document | InputError]:
    return list(read_inputs([str(i) for i in inputs], Options(**opts)))  # type: ignore[arg-type]


def test_directory_is_read_recursively_in_order() -> None:
    docs = read(EXAMPLE)
    assert [Path(d.source).name for d in docs if isinstance(d, Document)] == sorted(
        p.name for p in EXAMPLE.glob("*.txt")
    )
    assert all(isinstance(d, Document) and d.kind == "text" for d in docs)


def test_kinds_by_suffix_and_gzip(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(f"<html><body><p>{SENTENCE}</p></body></html>", "utf-8")
    with gzip.open(tmp_path / "b.txt.gz", "wt", encoding="utf-8") as fh:
        fh.write(SENTENCE)
    (tmp_path / "notes.csv").write_text("x,y", "utf-8")
    docs = read(tmp_path)
    assert [(Path(d.source).name, d.kind) for d in docs if isinstance(d, Document)] == [
        ("a.html", "html"),
        ("b.txt.gz", "text"),
    ]


def test_non_utf8_is_detected_and_nfc_normalised(tmp_path: Path) -> None:
    text = "Le président Emmanuel Macron a déclaré que la Russie « menace » l'Europe. " * 3
    (tmp_path / "fr.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "nfd.txt").write_text("Zelenskyy said cafe\u0301 prices rose.", "utf-8")
    fr, nfd = read(tmp_path / "fr.txt", tmp_path / "nfd.txt")
    assert isinstance(fr, Document) and "président" in fr.text and "«" in fr.text
    assert isinstance(nfd, Document) and "café" in nfd.text


def test_jsonl_records(tmp_path: Path) -> None:
    path = tmp_path / "stream.jsonl"
    records = [
        {"doc_id": "d1", "text": SENTENCE, "title": "T", "published": "2025-02-24T10:00:00Z"},
        {"uuid": "u2", "body": SENTENCE, "outlet": "Example News", "url": "https://example.org/a"},
        {"id": 3, "content": SENTENCE},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", "utf-8")
    docs = read(path)
    assert [d.source for d in docs] == [f"{path}#d1", f"{path}#u2", f"{path}#3"]
    first, second = docs[0], docs[1]
    assert (
        isinstance(first, Document)
        and first.title == "T"
        and first.published == "2025-02-24T10:00:00Z"
    )
    assert isinstance(second, Document) and second.outlet == "Example News"


def test_bad_inputs_each_get_one_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n", "utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "trunc.txt.gz").write_bytes(gzip.compress(SENTENCE.encode())[:-12])
    (tmp_path / "good.txt").write_text(SENTENCE, "utf-8")
    (tmp_path / "bad.jsonl").write_text(
        '{"id": "ok", "text": "fine text here"}\nnot json\n{"id": "x"}\n[1, 2]\n', "utf-8"
    )
    items = read(tmp_path, tmp_path / "missing.txt")
    errors = {Path(e.source).name: e.reason for e in items if isinstance(e, InputError)}
    docs = [Path(d.source).name for d in items if isinstance(d, Document)]
    assert docs == ["bad.jsonl#ok", "good.txt"]
    assert errors["empty.txt"] == "is empty"
    assert "binary" in errors["binary.txt"]
    assert "gzip" in errors["trunc.txt.gz"]
    assert "not valid JSON" in errors["bad.jsonl:2"]
    assert "no text" in errors["bad.jsonl#x"]
    assert "expected an object" in errors["bad.jsonl:4"]
    assert errors["missing.txt"] == "no such file or directory"


def test_size_cap_and_limit(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(SENTENCE * 100, "utf-8")
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a " * 100_000))
    items = read(tmp_path, max_bytes=1000)
    assert all(isinstance(i, InputError) and "limit" in i.reason for i in items)
    assert len(read(EXAMPLE, limit=2)) == 2


def test_directory_routes_archives_and_feeds_to_their_readers(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SENTENCE, "utf-8")
    (tmp_path / "broken.rss").write_text("<rss><channel><item>", "utf-8")
    (tmp_path / "junk.warc.gz").write_bytes(b"not an archive")
    (tmp_path / "sitemap.xml").write_text("<urlset></urlset>", "utf-8")
    items = read(tmp_path)
    names = [Path(i.source.split("#")[0]).name for i in items]
    assert "sitemap.xml" not in names
    assert {"a.txt", "broken.rss", "junk.warc.gz"} <= set(names)
    warc_error = next(i for i in items if "junk.warc.gz" in i.source)
    assert isinstance(warc_error, InputError)


# --- hostile and broken local inputs (issue 20) ------------------------------------------------


def test_a_deeply_nested_jsonl_line_is_one_record_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    good = json.dumps({"id": "ok", "text": "The minister said the plan would go ahead."})
    path.write_text(f"{good}\n{'[' * 100_000}{']' * 100_000}\n{good.replace('ok', 'ok2')}\n")
    items = list(read_inputs([str(path)], Options(progress=False)))
    errors = {e.source: e.reason for e in items if isinstance(e, InputError)}
    docs = [d.source for d in items if isinstance(d, Document)]
    assert docs == [f"{path}#ok", f"{path}#ok2"]
    assert "nested too deeply" in errors[f"{path}:2"]


def test_jsonl_is_capped_per_record_not_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    record = {"text": "The minister said the plan would go ahead. " * 20}
    lines = [json.dumps({"id": n, **record}) for n in range(50)]
    lines[3] = json.dumps({"id": 3, "text": "x " * 5000})  # one record over the cap
    path.write_text("\n".join(lines) + "\n")
    cap = 2000
    assert path.stat().st_size > 10 * cap
    items = list(read_inputs([str(path)], Options(progress=False, max_bytes=cap, limit=10)))
    docs = [d for d in items if isinstance(d, Document)]
    errors = [e for e in items if isinstance(e, InputError)]
    assert len(docs) == 10
    assert [(e.source, "limit" in e.reason) for e in errors] == [(f"{path}:4", True)]


def test_an_unreadable_directory_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "in"
    locked = root / "locked"
    locked.mkdir(parents=True)
    (locked / "a.txt").write_text("The minister said the plan would go ahead.", "utf-8")
    (root / "b.txt").write_text("Officials said the talks would go on.", "utf-8")
    if os.geteuid() == 0:  # root reads anything: make listing this one folder fail instead
        real_scandir, real_listdir = os.scandir, os.listdir

        def refuse(path: Any = ".") -> Any:
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        def refuse_list(path: Any = ".") -> Any:
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_listdir(path)

        monkeypatch.setattr(os, "scandir", refuse)
        monkeypatch.setattr(os, "listdir", refuse_list)
    else:
        locked.chmod(0)
    try:
        items = list(read_inputs([str(root)], Options(progress=False)))
    finally:
        locked.chmod(0o755)
    errors = {e.source: e.reason for e in items if isinstance(e, InputError)}
    assert [d.source for d in items if isinstance(d, Document)] == [str(root / "b.txt")]
    assert "cannot be read" in errors[str(locked)]
