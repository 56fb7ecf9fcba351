"""A SQLite store shared by runs, or not fit to be one: writers queue instead of failing, a
finished analysis is never thrown away, and stores that cannot be saved to are refused on open,
before any work."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsweave.cli import main
from newsweave.errors import StoreError
from newsweave.models import Document
from newsweave.options import Options
from newsweave.pipeline import analyze_documents
from newsweave.store import Store
from tests.report.seed_report import build_seed_report

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "rare-earths-2025-02-24"


def documents() -> list[Document]:
    path = sorted(EXAMPLE.glob("*.txt"))[2]
    return [Document(source=path.name, text=path.read_text("utf-8"), kind="text")]


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_a_foreign_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(StoreError, match=r"not a newsweave store.*users"):
        Store.open(str(path))
    assert tables(path) == {"users"}


def test_a_store_that_cannot_be_written_is_refused_on_open(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot be written"):
        Store.open("/proc/newsweave.db")
    if os.geteuid() != 0:  # root writes read-only files
        path = tmp_path / "ro.db"
        Store.open(str(path)).close()
        path.chmod(0o444)
        with pytest.raises(StoreError, match="cannot be written"):
            Store.open(str(path))


def test_a_save_waits_for_another_runs_long_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs on one file at once, the first holding the write lock for longer than
    SQLite's default 5-second wait: both finish and the store holds both runs."""
    path = tmp_path / "shared.db"
    Store.open(str(path)).close()
    slow_insert = Store._insert_run
    holding = threading.Event()

    def long_save(self: Store, *args: Any) -> int:
        holding.set()
        time.sleep(7)
        return slow_insert(self, *args)

    results: list[object] = []

    def first_run() -> None:
        with Store.open(str(path)) as store:
            monkeypatch.setattr(store, "_insert_run", long_save.__get__(store))
            try:
                results.append(store.save_run(build_seed_report()))
            except Exception as exc:  # recorded, then asserted below
                results.append(exc)

    thread = threading.Thread(target=first_run)
    thread.start()
    assert holding.wait(30)
    report = analyze_documents(documents(), Options(progress=False, store=str(path)))
    thread.join(60)
    assert not report.errors, report.errors
    assert len(results) == 1 and isinstance(results[0], int)
    with Store.open(str(path)) as store:
        assert len(store.runs()) == 2


def test_a_failed_save_still_gives_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Store, *args: Any, **kwargs: Any) -> int:
        raise StoreError("store write failed: disk I/O error")

    monkeypatch.setattr(Store, "save_analysis", broken)
    out = tmp_path / "report.json"
    db = tmp_path / "s.db"
    page = str(sorted(EXAMPLE.glob("*.txt"))[2])
    result = CliRunner().invoke(main, ["analyze", page, "--store", str(db), "-o", str(out)])
    assert result.exit_code == 1, result.output
    data = json.loads(out.read_text("utf-8"))
    assert len(data["articles"]) == 1
    (error,) = data["errors"]
    assert error["source"] == f"store {db}" and "not saved" in error["reason"]
    assert "disk I/O error" in result.output
