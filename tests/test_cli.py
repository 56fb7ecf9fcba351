"""The command line: help, output files, formats, exit codes and atomic writes."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsweave.cli import main

from .conftest import EXAMPLE


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_help_explains_every_option(runner: CliRunner) -> None:
    out = runner.invoke(main, ["analyze", "--help"]).output
    for flag in ("--format", "--output", "--store", "--urls", "--limit", "--max-bytes", "--jobs"):
        assert flag in out


def test_usage_errors_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(main, ["analyze"]).exit_code == 2
    assert runner.invoke(main, ["analyze", str(EXAMPLE), "-f", "json", "-f", "md"]).exit_code == 2
    assert runner.invoke(main, ["analyze", str(EXAMPLE), "-f", "pdf"]).exit_code == 2


def test_json_report_to_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "r" / "report.json"
    result = runner.invoke(main, ["analyze", str(EXAMPLE), "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert data["schema_version"] == 1
    assert len(data["articles"]) == 5
    assert {a["id"] for a in data["articles"]} == {
        a for s in data["stories"] for a in s["articles"]
    }
    assert not list(out.parent.glob(".*.tmp"))


def test_failed_input_exits_1_and_still_writes(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", "utf-8")
    out = tmp_path / "report.json"
    args = ["analyze", str(EXAMPLE / "002_847f9923bc902a27.txt"), str(tmp_path / "empty.txt")]
    result = runner.invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 1
    assert "empty.txt: is empty" in result.output
    data = json.loads(out.read_text("utf-8"))
    assert len(data["articles"]) == 1
    assert data["errors"] == [{"source": str(tmp_path / "empty.txt"), "reason": "is empty"}]


def test_several_formats_share_the_output_stem(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = runner.invoke(
        main, ["analyze", str(EXAMPLE), "-f", "json", "-f", "md", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.exists() and (tmp_path / "report.md").exists()


def test_terminal_escape_sequences_in_input_names_are_neutralised(
    runner: CliRunner, tmp_path: Path
) -> None:
    evil = tmp_path / "x\x1b[2J\x1b]0;pwned\x07[bold]y.txt"
    evil.write_text("", "utf-8")
    result = runner.invoke(main, ["analyze", str(evil), "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert '[bold]y.txt": is empty' in result.output  # quoted: it holds control characters


# --- outputs checked before the work, devices written in place (issue 20) -----------------------


def test_an_output_that_cannot_be_written_is_refused_before_the_analysis(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsweave.cli as cli

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the analysis ran although the report could not be written")

    monkeypatch.setattr(cli, "run_analysis", never)
    result = runner.invoke(main, ["analyze", str(EXAMPLE), "-o", "/proc/nope/r.json"])
    assert result.exit_code == 2, result.output
    assert "/proc/nope" in result.output and "Traceback" not in result.output


def test_a_character_device_as_output_stays_a_device(runner: CliRunner, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a character device needs root")
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    page = str(EXAMPLE / "002_847f9923bc902a27.txt")
    result = runner.invoke(main, ["analyze", page, "-o", str(null)])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(null.stat().st_mode)
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_fifo_as_output_is_written_in_place(tmp_path: Path) -> None:
    from newsweave._io import atomic_write_text

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic_write_text(fifo, "report\n")
    reader.join(10)
    assert got == [b"report\n"] and stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_symlinked_report_replaces_its_target_not_the_link(tmp_path: Path) -> None:
    from newsweave._io import atomic_write_text

    target = tmp_path / "real.json"
    target.write_text("old", "utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    atomic_write_text(link, "new")
    assert link.is_symlink() and target.read_text("utf-8") == "new"
