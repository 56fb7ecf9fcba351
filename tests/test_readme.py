"""The README's "Browse the store" section, run as written: a real store made by
``newsweave analyze --store``, opened by ``datasette newsweave.db``, and its SQL query."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from .conftest import EXAMPLE, ROOT

README = (ROOT / "README.md").read_text("utf-8")


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.S | re.M)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def datasette(store: Path, path: str) -> object:
    """``datasette newsweave.db --get PATH``: one request answered without a server."""
    exe = shutil.which("datasette", path=str(Path(sys.executable).parent)) or shutil.which(
        "datasette"
    )
    if exe is None:
        pytest.skip("datasette is not installed (the dev extra installs it)")
    out = subprocess.run(
        [exe, store.name, "--get", path],
        cwd=store.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout)


def test_browse_the_store_as_the_readme_shows(tmp_path: Path) -> None:
    text = section("Browse the store")
    commands = re.findall(r"^\$ (.+)$", text, re.M)
    assert commands == [
        "newsweave analyze examples/rare-earths-2025-02-24 --store",
        "datasette newsweave.db",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run(
        [sys.executable, "-m", "newsweave", "analyze", str(EXAMPLE), "--store", "--no-progress"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    store = tmp_path / "newsweave.db"
    tables = datasette(store, "/newsweave.json")
    names = {t["name"] for t in tables["tables"]}  # type: ignore[index]
    for table in ("articles", "runs", "run_articles", "stories"):  # as the README names them
        assert table in names and f"`{table}`" in text
    (sql,) = re.findall(r"```sql\n(.*?)```", text, re.S)
    rows = datasette(store, "/newsweave.json?_shape=array&sql=" + urllib.parse.quote(sql))
    assert isinstance(rows, list) and len(rows) > 3
    sources = [r["sources"] for r in rows]
    assert sources == sorted(sources, reverse=True) and sources[0] >= 2
    assert all(r["claim"] and "Putin" in r["headline"] for r in rows)
