"""`newsweave stories`, `show` and `export` on a SQLite store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from newsweave.cli import main
from newsweave.store import Store
from tests.report.seed_report import build_seed_report, with_hostile_article


def saved(tmp_path: Path) -> tuple[str, dict[str, Any]]:
    report = with_hostile_article(build_seed_report())
    location = str(tmp_path / "newsweave.db")
    with Store.open(location) as store:
        store.save_run(report)
    return location, report


def test_stories_lists_what_was_saved(tmp_path: Path) -> None:
    location, _ = saved(tmp_path)
    result = CliRunner().invoke(main, ["stories", "--store", location])
    assert result.exit_code == 0, result.output
    assert "6 articles" in result.output and "Putin" in result.output
    assert "\x1b" not in result.output


def test_show_prints_a_markdown_briefing(tmp_path: Path) -> None:
    location, _ = saved(tmp_path)
    story_id = CliRunner().invoke(main, ["stories", "--store", location]).output.split()[0]
    result = CliRunner().invoke(main, ["show", story_id, "--store", location])
    assert result.exit_code == 0, result.output
    assert "### Corroboration matrix" in result.output
    assert "\x1b" not in result.output
    missing = CliRunner().invoke(main, ["show", "s9", "--store", location])
    assert missing.exit_code == 1 and "no story" in missing.output


def test_export_writes_each_format(tmp_path: Path) -> None:
    location, report = saved(tmp_path)
    runner = CliRunner()
    for fmt in ("json", "md", "html"):
        out = tmp_path / f"out.{fmt}"
        result = runner.invoke(main, ["export", "-f", fmt, "-o", str(out), "--store", location])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    assert json.loads((tmp_path / "out.json").read_text("utf-8")) == json.loads(json.dumps(report))


def test_a_missing_store_is_an_error_not_a_new_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["stories", "--store", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no store" in result.output
    assert not (tmp_path / "none.db").exists()
