"""Inputs built to exhaust memory or time are refused or bounded, not obeyed.

* a gzip bomb (100 MB of zeros in ~100 KB) is refused once ``max_bytes`` are unpacked: peak
  memory (tracemalloc, every Python allocation) stays near the cap, far below 100 MB;
* 10,000 nested ``<div>`` elements, a 2 MB line, quotation marks that never close: each ends as
  an article or an InputError through the whole pipeline;
* the per-input time limit turns a stage that would run for ever into an InputError.
"""

from __future__ import annotations

import gzip
import time
import tracemalloc
from pathlib import Path

import pytest

from newsweave._limits import time_limit
from newsweave.errors import InputError as InputFailure
from newsweave.models import Document, InputError
from newsweave.options import Options
from newsweave.pipeline import analyze_documents, clean_all
from newsweave.sources import read_inputs

MB = 1024 * 1024
PARAGRAPH = "The minister said the plan would cost $5 million over two years, officials said. "


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """100 MB of zeros gzipped, written in 1 MB pieces (the test never holds 100 MB itself)."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.txt.gz"
    zeros = b"0" * MB
    with gzip.open(path, "wb", compresslevel=9) as fh:
        for _ in range(100):
            fh.write(zeros)
    assert path.stat().st_size < MB
    return path


def peak_while_reading(path: Path, max_bytes: int) -> tuple[list[object], int]:
    tracemalloc.start()
    try:
        items: list[object] = list(read_inputs([str(path)], Options(max_bytes=max_bytes)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return items, peak


@pytest.mark.parametrize("suffix", [".txt.gz", ".jsonl.gz", ".html.gz"])
def test_gzip_bomb_is_refused_without_inflating_it(bomb: Path, suffix: str) -> None:
    path = bomb.with_name("bomb" + suffix)
    if not path.exists():
        path.symlink_to(bomb)
    items, peak = peak_while_reading(path, max_bytes=MB)
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "limit" in items[0].reason
    assert peak < 8 * MB, f"peak {peak / MB:.1f} MB while refusing a 1 MB-capped gzip bomb"


def test_gzip_bomb_under_the_default_cap(bomb: Path) -> None:
    items, peak = peak_while_reading(bomb, max_bytes=Options().max_bytes)
    assert isinstance(items[0], InputError)
    # the default cap is 20 MB: unpacking stops there, a long way short of the 100 MB inside
    assert peak < 2 * Options().max_bytes + 8 * MB, f"peak {peak / MB:.1f} MB"


def run(*texts: tuple[str, str]) -> tuple[int, int]:
    docs = [Document(source=f"in{n}", text=t, kind=k) for n, (t, k) in enumerate(texts)]  # type: ignore[arg-type]
    report = analyze_documents(docs, Options(progress=False, time_limit=120))
    assert len(report.articles) + len(report.errors) == len(docs)
    return len(report.articles), len(report.errors)


def test_deeply_nested_markup_long_lines_and_unclosed_quotes() -> None:
    nested = "<html><body>" + "<div>" * 10_000 + f"<p>{PARAGRAPH}</p>" + "</div>" * 10_000
    unclosed = "<html><body>" + "<div>" * 10_000 + f"<p>{PARAGRAPH}" * 3
    long_line = PARAGRAPH * 120  # 10 KB without a line break (spaCy parses ~15 KB/s here)
    never_closed = 'The minister said "' + PARAGRAPH * 30 + "\n\n" + "\u201c" * 5_000
    articles, _ = run(
        (nested, "html"), (unclosed, "html"), (long_line, "text"), (never_closed, "text")
    )
    assert articles >= 2  # the plain-text inputs at least are articles


def test_huge_line_is_cleaned_quickly() -> None:
    from newsweave.clean import clean_document

    huge = PARAGRAPH * 25_000  # 2 MB, one line
    article = clean_document(Document("huge.txt", huge), "a1")
    assert article.body == huge.strip()


def test_time_limit_turns_a_hang_into_an_input_error() -> None:
    def forever() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            pass

    with pytest.raises(InputFailure, match="limit"), time_limit(0.2, "slow.txt"):
        forever()


def test_clean_all_records_a_timed_out_input(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsweave.clean.stream as stream  # the cleaning step clean_all runs

    def hang(doc: Document, article_id: str) -> object:
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(stream, "clean_document", hang)
    articles, errors, _ = clean_all([Document("hang.txt", "x")], lambda *a: None, 0.2)
    assert not articles
    assert errors[0].source == "hang.txt" and "limit" in errors[0].reason
