"""Option values from the command line, NEWSWEAVE_ environment variables and the TOML config
file, in that order of precedence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsweave import config
from newsweave.cli import main
from newsweave.errors import UsageError

from .conftest import EXAMPLE


def clean_count(args: list[str], env: dict[str, str] | None = None) -> int:
    """How many articles `newsweave clean EXAMPLE` writes with these options."""
    result = CliRunner().invoke(main, [*args, "clean", str(EXAMPLE)], env=env)
    assert result.exit_code == 0, result.output
    return len(result.stdout.splitlines())


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newsweave.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_command_line_beats_environment_beats_file_beats_default(tmp_path: Path) -> None:
    path = write(tmp_path, "[clean]\nlimit = 4\n")
    assert clean_count([]) == 5
    assert clean_count(["--config", str(path)]) == 4
    env = {"NEWSWEAVE_CLEAN_LIMIT": "3"}
    assert clean_count(["--config", str(path)], env) == 3
    result = CliRunner().invoke(
        main, ["--config", str(path), "clean", str(EXAMPLE), "--limit", "2"], env=env
    )
    assert len(result.stdout.splitlines()) == 2


def test_config_found_by_environment_and_default_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "[clean]\nmax-bytes = 100\n")  # every seed is larger
    result = CliRunner().invoke(main, ["clean", str(EXAMPLE)], env={"NEWSWEAVE_CONFIG": str(path)})
    assert result.exit_code == 1 and "100-byte limit" in result.stderr
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    default = config.default_path()
    assert default == tmp_path / "xdg" / "newsweave" / "config.toml"
    assert config.find(None) is None  # absent: no file, no error
    default.parent.mkdir(parents=True)
    default.write_text("[clean]\nlimit = 1\n", encoding="utf-8")
    assert config.find(None) == default
    assert clean_count([]) == 1


def test_option_names_as_on_the_command_line(tmp_path: Path) -> None:
    """``format``/``jobs``/``delay`` are the flags' names; the parameters are called otherwise."""
    path = write(tmp_path, '[analyze]\nformat = ["md"]\njobs = 1\ndelay = 0\nno-progress = true\n')
    result = CliRunner().invoke(main, ["--config", str(path), "analyze", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# ")  # Markdown, not JSON
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[clean\nlimit = 1\n", "not valid TOML"),
        ("limit = 1\n", "should be a table ([limit])"),
        ("[cleen]\nlimit = 1\n", "no command 'cleen'"),
        ("[clean]\nlimitt = 1\n", "[clean] has no option limitt"),
    ],
)
def test_bad_config_is_a_usage_error_naming_the_file(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    result = CliRunner().invoke(main, ["--config", str(path), "clean", str(EXAMPLE)])
    assert result.exit_code == 2
    assert f"config {path}" in result.output and message in result.output


def test_a_missing_explicit_config_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot be read"):
        config.load(tmp_path / "nope.toml")


def test_help_states_the_precedence() -> None:
    out = CliRunner().invoke(main, ["--help"]).output
    order = ["the command line", "NEWSWEAVE_<COMMAND>_<OPTION>", "the config file", "built-in"]
    positions = [out.index(phrase) for phrase in order]
    assert positions == sorted(positions)
