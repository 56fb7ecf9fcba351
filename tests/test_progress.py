"""Progress that moves: the pipeline reports every article through cleaning, extraction and
alignment; the CLI shows it with the time left, and nothing when stderr is not a terminal."""

from __future__ import annotations

import io
from collections import defaultdict

import pytest
from click.testing import CliRunner
from rich.console import Console

from newsweave import cli
from newsweave.models import Document
from newsweave.options import Options
from newsweave.pipeline import analyze_documents

from .conftest import EXAMPLE

SEEDS = sorted(EXAMPLE.glob("*.txt"))


def documents(n: int) -> list[Document]:
    return [
        Document(source=f"doc{i}", text=SEEDS[i % len(SEEDS)].read_text("utf-8"), kind="text")
        for i in range(n)
    ]


def test_every_stage_moves_per_article() -> None:
    calls: dict[str, list[tuple[int, int]]] = defaultdict(list)
    report = analyze_documents(
        documents(7), Options(progress=False), lambda s, d, t: calls[s].append((d, t))
    )
    assert len(report.articles) == 7
    assert [d for d, _ in calls["clean"]] == list(range(1, 8))
    assert calls["extract"][:7] == [(n, 7) for n in range(1, 8)]  # one call per article
    aligned = sum(len(s.story.articles) for s in report.stories)
    assert calls["align"][-1] == (aligned, aligned)
    assert [d for d, _ in calls["align"]] == sorted(d for d, _ in calls["align"])


def test_bar_shows_counts_and_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(cli, "err_console", Console(file=out, force_terminal=True, width=100))
    with cli.progress_bar(True, {"clean": 8}) as update:
        for n in range(1, 9):
            update("clean", n, 0)  # the pipeline does not know the total; the CLI counted it
        for n in range(1, 9):
            update("extract", n, 8)
    shown = out.getvalue()
    assert "clean" in shown and "8/8" in shown and "extract" in shown and "eta" in shown


def test_quiet_when_stderr_is_not_a_terminal() -> None:
    args = ["clean", *map(str, SEEDS), *map(str, SEEDS)]  # ten inputs: enough for a bar
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 0
    assert result.stderr == "10 articles, 0 failed\n"
