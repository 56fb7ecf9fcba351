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


def test_stories_json_lists_the_same_stories(tmp_path: Path) -> None:
    location, report = saved(tmp_path)
    result = CliRunner().invoke(main, ["stories", "--store", location, "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert len(listed) == len(report["stories"])
    assert listed[0]["n_articles"] == 6 and "Putin" in listed[0]["headline"]
    assert {"id", "first_published", "outlets"} <= set(listed[0])


def test_export_as_csv_from_the_store(tmp_path: Path) -> None:
    location, report = saved(tmp_path)
    result = CliRunner().invoke(main, ["export", "-f", "csv", "--store", location])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("story,claim,independent_sources,text,")
    assert len(lines) == 1 + sum(len(s["claims"]) for s in report["stories"])
