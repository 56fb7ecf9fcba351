"""Fixtures of the report tests: the seeds as a filled report dictionary."""

from __future__ import annotations

from typing import Any

import pytest

from .seed_report import build_seed_report, with_hostile_article


@pytest.fixture(scope="session")
def seed_report() -> dict[str, Any]:
    """The seeds with every section filled from ../shared/gold (skips when ../shared is absent)."""
    return build_seed_report()


@pytest.fixture(scope="session")
def hostile_report(seed_report: dict[str, Any]) -> dict[str, Any]:
    """The seeds plus an article whose every field carries markup and escape sequences."""
    return with_hostile_article(seed_report)
