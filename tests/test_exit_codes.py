"""Every exit code the CLI documents (``newsweave --help``, README "Exit codes"), one case each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsweave import cli
from newsweave.cli import main
from newsweave.errors import StoreError, UsageError

from .conftest import EXAMPLE

SEED = str(sorted(EXAMPLE.glob("*.txt"))[0])


def code(args: list[str], stdin: str | None = None) -> int:
    return CliRunner().invoke(main, args, input=stdin).exit_code


def test_0_when_every_input_is_done() -> None:
    assert code(["clean", SEED]) == 0
    assert code(["analyze", SEED, "--no-progress"]) == 0


def test_1_when_some_input_failed(tmp_path: Path) -> None:
    assert code(["clean", SEED, str(tmp_path / "gone.txt")]) == 1
    assert code(["analyze", SEED, str(tmp_path / "gone.txt"), "--no-progress"]) == 1


def test_1_when_the_store_asked_for_is_missing(tmp_path: Path) -> None:
    assert code(["stories", "--store", str(tmp_path / "none.db")]) == 1


def test_1_when_the_run_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any) -> None:
        raise StoreError("postgresql://db: cannot connect")

    monkeypatch.setattr(cli, "run_analysis", fail)
    result = CliRunner().invoke(main, ["analyze", SEED, "--no-progress"])
    assert result.exit_code == 1 and "cannot connect" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["analyze"],  # nothing to read
        ["clean"],
        ["analyze", SEED, "--bogus"],  # an unknown option
        ["analyse", SEED],  # an unknown command
        ["analyze", SEED, "-f", "pdf"],  # a value not among the choices
        ["analyze", SEED, "--limit", "0"],  # out of range
        ["analyze", SEED, "-f", "json", "-f", "md"],  # options that do not fit together
        ["clean", "--urls", "/nonexistent/urls.txt"],  # an unreadable --urls file
        ["clean", "-", "-"],  # stdin twice
    ],
)
def test_2_for_usage_errors(args: list[str]) -> None:
    assert code(args, stdin="") == 2


def test_2_for_a_usage_error_the_library_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any) -> None:
        raise UsageError("--engine spark needs PySpark and Java")

    monkeypatch.setattr(cli, "run_analysis", refuse)
    result = CliRunner().invoke(main, ["analyze", SEED, "--no-progress"])
    assert result.exit_code == 2 and "needs PySpark" in result.output
