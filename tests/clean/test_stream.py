"""Cleaning alone, streamed: the ``newsweave clean`` records and their order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner

from newsweave.clean.stream import article_record, clean_stream
from newsweave.cli import main
from newsweave.models import Article, Document, InputError

from ..conftest import EXAMPLE

SEEDS = sorted(EXAMPLE.glob("*.txt"))


def docs() -> list[Document | InputError]:
    return [Document(source=str(p), text=p.read_text("utf-8"), kind="text") for p in SEEDS]


def test_stream_yields_each_article_before_reading_the_next() -> None:
    read: list[str] = []

    def lazily() -> Iterator[Document | InputError]:
        for doc in docs():
            read.append(doc.source)
            yield doc

    stream = clean_stream(lazily())
    first = next(stream)
    assert isinstance(first, Article) and first.id == "a1"
    assert read == [str(SEEDS[0])]  # one document read for one article out


def test_errors_pass_through_and_ids_count_articles_only() -> None:
    items = [
        InputError("gone.txt", "no such file or directory"),
        *docs()[:1],
        Document(source="blank.txt", text="Home\nNews\nSport\nLogin", kind="text"),
        *docs()[1:2],
    ]
    out = list(clean_stream(items))
    assert [type(x).__name__ for x in out] == ["InputError", "Article", "InputError", "Article"]
    assert [x.id for x in out if isinstance(x, Article)] == ["a1", "a2"]
    assert isinstance(out[2], InputError) and out[2].source == "blank.txt"


def test_record_groups_removed_furniture_by_kind() -> None:
    (article,) = [a for a in clean_stream(docs()[:1]) if isinstance(a, Article)]
    record = article_record(article)
    assert record["outlet"] == "The Kyiv Independent"
    assert record["authors"] == ["Olena Goncharova"]
    assert record["published"] == "2025-02-24"
    assert "pre-order now" in record["removed"]["navigation"]
    assert all(piece.text in record["removed"][piece.kind] for piece in article.removed)
    assert "Putin met with officials on Feb. 24" in record["body"]
    assert "pre-order now" not in record["body"]


def test_clean_command_writes_one_line_per_article(tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(main, ["clean", str(EXAMPLE), str(missing), "-o", str(out)])
    assert result.exit_code == 1  # one input failed; the others are still written
    assert f"{missing}: no such file or directory" in result.stderr
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a1", "a2", "a3", "a4", "a5"]
    assert [r["source"] for r in records] == [str(p) for p in SEEDS]
    assert set(records[0]) == {
        "id", "source", "url", "title", "outlet", "authors", "published",
        "syndicated_from", "cited_sources", "body", "removed",
    }  # fmt: skip
    assert not list(tmp_path.glob(".*.tmp"))
