"""A run killed with SIGKILL at any point leaves a consistent store, and a re-run finishes the work.

Real processes, real timing: ``python -m newsweave analyze INPUTS --store DB`` is started and
killed (SIGKILL, no clean-up runs) at points spread across the run (fractions of an
uninterrupted run's duration), at the moment the store's write transaction begins (its
rollback journal ``DB-journal`` changes) and while the database file itself is being changed
(the journal's header is synced: a "hot" journal if the writer dies).  After every kill the
store must open, pass ``PRAGMA integrity_check``, hold only whole runs (every stored story's
articles and every run's articles exist), and keep what earlier runs saved.  Finally an
uninterrupted re-run must report exactly what a run on a fresh store reports, with every
article stored once.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "rare-earths-2025-02-24"
#: fractions of an uninterrupted run's duration at which a run is killed
KILL_FRACTIONS = (0.15, 0.4, 0.65, 0.85)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two folders of real pages: ``half`` (the seeds) and ``all`` (the seeds and each seed's
    second half as a page of its own, so a run has more to save)."""
    root = tmp_path_factory.mktemp("inputs")
    half, whole = root / "half", root / "all"
    half.mkdir()
    whole.mkdir()
    for page in sorted(EXAMPLE.glob("*.txt")):
        text = page.read_text(encoding="utf-8")
        (half / page.name).write_text(text, encoding="utf-8")
        (whole / page.name).write_text(text, encoding="utf-8")
        lines = text.splitlines()
        (whole / f"part-{page.name}").write_text(
            "\n".join(lines[len(lines) // 2 :]), encoding="utf-8"
        )
    return half, whole


def command(folder: Path, db: Path, out: Path) -> list[str]:
    return [
        sys.executable, "-m", "newsweave", "analyze", str(folder),
        "--format", "json", "-o", str(out), "--store", str(db), "--no-progress",
    ]  # fmt: skip


def run_to_end(folder: Path, db: Path, out: Path) -> tuple[dict[str, Any], float]:
    start = time.monotonic()
    done = subprocess.run(command(folder, db, out), capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return json.loads(out.read_text(encoding="utf-8")), time.monotonic() - start


#: the first bytes of a rollback journal whose header SQLite has synced: from then on the
#: database file itself is being changed, and the journal is "hot" if the writer dies
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def journal_state(db: Path) -> tuple[tuple[int, int, int] | None, bool]:
    """The rollback journal's (inode, size, mtime) or None, and whether its header is synced.

    A writer killed before syncing the header leaves a journal with a zeroed header; SQLite
    ignores it (it is not "hot") and reuses it on the next write, so a journal's mere presence
    says nothing: a *change* of it marks a write under way.
    """
    path = Path(f"{db}-journal")
    try:
        st = path.stat()
        with path.open("rb") as fh:
            hot = fh.read(8) == JOURNAL_MAGIC
    except FileNotFoundError:
        return None, False
    return (st.st_ino, st.st_size, st.st_mtime_ns), hot


def run_and_kill(folder: Path, db: Path, out: Path, *, after: float | str) -> str:
    """Start a run and SIGKILL it ``after`` seconds, or as soon as the store's journal changes
    (``"write"``: a write transaction has begun) or holds a synced header (``"hot"``: the
    database file is being changed); what happened, for the failure message."""
    initial, _ = journal_state(db)
    proc = subprocess.Popen(
        command(folder, db, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    start = time.monotonic()
    try:
        while proc.poll() is None:
            waited = time.monotonic() - start
            state, hot = journal_state(db)
            writing = state is not None and state != initial and state[1] > 0
            if isinstance(after, float):
                due = waited >= after
            else:
                due = hot if after == "hot" else writing
            if due:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
                return f"killed after {waited:.2f}s (writing: {writing}, hot journal: {hot})"
            if waited > 300:
                raise AssertionError("the run neither finished nor wrote to the store in 300 s")
            time.sleep(0.01 if isinstance(after, float) else 0.0002)
        return f"finished (rc {proc.returncode}) before the kill point {after}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def check_consistent(db: Path, what: str) -> dict[str, int]:
    """The store opens with newsweave and sqlite3, passes integrity_check, and holds only whole
    runs; the number of rows per table."""
    from newsweave.store import Store

    with Store.open(str(db)) as store:  # opens, rolls back a hot journal, migrates
        counts = store.counts()
        for run in store.runs():
            report = store.report(run["id"])
            ids = {a["id"] for a in report["articles"]}
            assert len(ids) == run["n_articles"] > 0, what
            for story in report["stories"]:
                assert set(story["articles"]) <= ids, f"{what}: a story lost its articles"
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)], what
        assert con.execute("PRAGMA foreign_key_check").fetchall() == [], what
        orphans = con.execute(
            "SELECT count(*) FROM run_articles WHERE content_hash NOT IN "
            "(SELECT content_hash FROM articles)"
        ).fetchone()[0]
        assert orphans == 0, f"{what}: run articles without their article"
        half_runs = con.execute(
            "SELECT count(*) FROM runs WHERE id NOT IN (SELECT run_id FROM run_articles)"
        ).fetchone()[0]
        assert half_runs == 0, f"{what}: a run saved without its articles"
    finally:
        con.close()
    return counts


def test_killed_runs_leave_a_consistent_store(tmp_path: Path, inputs: tuple[Path, Path]) -> None:
    half, whole = inputs
    db = tmp_path / "store.db"
    _, duration = run_to_end(half, db, tmp_path / "half.json")  # an earlier run, kept
    before = check_consistent(db, "after the first run")
    duration *= 1.5  # the full run has half as many pages again to analyse
    seen = []
    # a point that lets the run finish leaves later runs little to write: the likeliest to
    # finish ("hot", a window of milliseconds, and the latest timed one) come last
    timed = [f * duration for f in KILL_FRACTIONS]
    points: list[float | str] = ["write", *timed, "write", "hot"]
    for after in points:
        what = run_and_kill(whole, db, tmp_path / "killed.json", after=after)
        seen.append(what)
        counts = check_consistent(db, what)
        # a kill loses the whole run or keeps all of it (then a re-run adds nothing); the
        # earlier run is intact
        assert counts["runs"] in (before["runs"], before["runs"] + 1), what
        if counts["runs"] == before["runs"]:
            assert counts == before, what
        else:
            assert counts["run_articles"] > before["run_articles"], what

    print("kill points:", *seen, sep="\n  ")  # shown with pytest -s
    report, _ = run_to_end(whole, db, tmp_path / "rerun.json")
    counts = check_consistent(db, "re-run")
    # the answer: one uninterrupted run over every input on a fresh store (made last, so the
    # code under test is the same as the re-run's even while the tree is being edited)
    fresh = tmp_path / "fresh.db"
    expected, _ = run_to_end(whole, fresh, tmp_path / "expected.json")
    fresh_counts = check_consistent(fresh, "fresh run")
    assert report == expected, f"the re-run's report differs from a fresh run's; kills: {seen}"
    assert counts["articles"] == fresh_counts["articles"]  # nothing stored twice
    assert counts["runs"] == before["runs"] + 1  # the killed runs left no half runs
    assert counts["run_articles"] == before["run_articles"] + fresh_counts["run_articles"]
    assert counts["stories"] == before["stories"] + fresh_counts["stories"]
    assert any("writing: True" in s for s in seen), f"no kill hit a write transaction: {seen}"
