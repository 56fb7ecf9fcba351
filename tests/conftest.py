"""Session-wide fixtures: where ../shared is, and the seeds' report computed once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "rare-earths-2025-02-24"


def need_shared(*parts: str) -> Path:
    """A path below ../shared, or skip the test with a message saying what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"../shared not found ({path}): the shared gold and eval data sit beside the repo"
        )
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    return need_shared()


@pytest.fixture(scope="session")
def seeds_report() -> dict[str, Any]:
    """The report of the bundled example (the seeds), from the library, once per session."""
    from newsweave import Options, analyze, report_to_dict

    return report_to_dict(analyze([str(EXAMPLE)], Options(progress=False)))


@pytest.fixture(scope="session")
def seed_scores(
    tmp_path_factory: pytest.TempPathFactory, seeds_report: dict[str, Any]
) -> dict[str, float]:
    """../shared/tools/score.py run on the seeds' report."""
    gold = need_shared("gold", "seeds.json")
    report_path = tmp_path_factory.mktemp("seeds") / "report.json"
    # the scorer matches articles by file name; the example holds the seeds under their names
    report_path.write_text(json.dumps(seeds_report), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score.py"), str(gold), str(report_path), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    scores: dict[str, float] = json.loads(out.stdout)
    return scores


# Hypothesis: a bounded budget in the normal suite, a long one for `make fuzz`.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck)
)
# a tenth of the long run, for a shared machine that cannot give the fuzz suite half an hour
settings.register_profile(
    "medium", max_examples=2_000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
