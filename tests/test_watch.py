"""``newsweave watch``: polls a feed on 127.0.0.1 that publishes over time, on SQLite and
PostgreSQL.  The kill and SIGTERM tests run the real command in a subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from newsweave import Options, analyze, report_to_dict
from newsweave.store import Store
from newsweave.store import schema as tables
from newsweave.watch import Watcher, parse_interval, story_changes
from tests.feed_site import FeedSite, example_items, serve_site, write_folder
from tests.store.conftest import pg_server, store_url  # noqa: F401  (fixtures)

ITEMS = example_items()


def options(tmp_path: Path) -> Options:
    return Options(
        allow_private=True,
        politeness_delay=0.0,
        cache_dir=str(tmp_path / "cache"),
        progress=False,
        retries=0,
    )


@pytest.fixture
def site() -> Iterator[FeedSite]:
    with serve_site(FeedSite()) as running:
        yield running


def test_intervals_read_like_people_write_them() -> None:
    assert parse_interval("15m") == 900
    assert parse_interval("90s") == 90
    assert parse_interval("1.5h") == 5400
    assert parse_interval("30") == 30
    for bad in ("", "0s", "-5m", "fortnight", "5 weeks"):
        with pytest.raises(ValueError, match="not an interval"):
            parse_interval(bad)


def latest_change(store: Store) -> dict[str, Any]:
    sc = tables.story_changes
    with store.connection() as conn:
        row = conn.execute(sa.select(sc.c.changes).order_by(sc.c.id.desc()).limit(1)).first()
    assert row is not None
    return dict(row.changes)


def test_a_feed_followed_over_time(site: FeedSite, store_url: str, tmp_path: Path) -> None:  # noqa: F811
    site.publish(*ITEMS[:2])
    with Store.open(store_url) as store, Watcher(store, [site.feed_url], options(tmp_path)) as w:
        first = w.poll()
        assert first.new_articles == 2 and first.count("changed") == 1
        assert {a["source"] for a in store.report()["articles"]} == {
            site.url(i.slug) for i in ITEMS[:2]
        }
        # nothing new: one conditional request, answered 304, and nothing else
        site.log.clear()
        idle = w.poll()
        assert idle.count("unchanged") == 1 and idle.new_articles == 0 and idle.run_id is None
        assert site.log == [("/feed.xml", 304)]
        # a new item is picked up by the next poll, and only it is fetched
        site.publish(ITEMS[2])
        site.log.clear()
        third = w.poll()
        assert third.new_articles == 1
        assert site.log == [("/feed.xml", 200), (f"/a/{ITEMS[2].slug}.html", 200)]
        change = latest_change(store)
        assert [a["source"] for a in change["new_articles"]] == [site.url(ITEMS[2].slug)]
        assert change["new_outlets"] == [ITEMS[2].outlet]
        assert all(q["outlet"] == ITEMS[2].outlet for q in change["new_quotes"])
        # the grown story replaced the one it grew from: one current story for the event
        listed = store.list_stories()
        grown = [s for s in listed if ITEMS[2].outlet in s["outlets"]]
        assert len(grown) == 1 and grown[0]["n_articles"] >= 2
        assert sum(s["n_articles"] for s in listed) == 3
        assert third.line().count("\n") == 0 and "1 new articles" in third.line()


def test_the_first_poll_saves_what_analyze_reports(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    write_folder(folder, ITEMS[:3])
    with Store.open(str(tmp_path / "s.db")) as store:
        with Watcher(store, [str(folder)], options(tmp_path)) as w:
            result = w.poll()
            assert w.poll().count("unchanged") == 1  # same sizes and times: nothing read
        assert result.new_articles == 3
        expected = report_to_dict(analyze([str(folder)], options(tmp_path)))
        assert store.report(result.run_id) == expected


def test_what_changed_names_confirmed_claims_and_new_quotes() -> None:
    old = {
        "articles": [{"id": "a1", "content_hash": "h1", "outlet": "A"}],
        "stories": [
            {
                "id": "s1",
                "articles": ["a1"],
                "unique": [{"article": "a1", "text": "The dam broke at noon."}],
                "quotes": [{"article": "a1", "text": "We are safe", "speaker": "Mayor"}],
            }
        ],
    }
    new = {
        "articles": [
            {"id": "a1", "content_hash": "h1", "outlet": "A"},
            {"id": "a2", "content_hash": "h2", "outlet": "B", "title": "Dam breaks"},
        ],
        "stories": [
            {
                "id": "s1",
                "articles": ["a1", "a2"],
                "claims": [
                    {
                        "id": "c1",
                        "independent_sources": 2,
                        "sentences": [
                            {"article": "a1", "text": "The dam broke at noon."},
                            {"article": "a2", "text": "At noon the dam broke."},
                        ],
                    }
                ],
                "quotes": [
                    {"article": "a1", "text": "We are safe", "speaker": "Mayor"},
                    {"article": "a2", "text": "Leave now", "speaker": "Police"},
                ],
                "discrepancies": [
                    {
                        "what": "time",
                        "variants": [
                            {"article": "a1", "text": "noon"},
                            {"article": "a2", "text": "1 pm"},
                        ],
                    }
                ],
            }
        ],
    }
    changes = story_changes(new, new["stories"][0], [old])
    assert [a["content_hash"] for a in changes["new_articles"]] == ["h2"]
    assert changes["new_outlets"] == ["B"]
    assert [(c["before"], c["independent"]) for c in changes["confirmed_claims"]] == [(1, 2)]
    assert [q["text"] for q in changes["new_quotes"]] == ["Leave now"]
    assert changes["new_discrepancies"][0]["what"] == "time"
    # the same story again: nothing changed
    again = story_changes(new, new["stories"][0], [new])
    assert not any(again.values())


# --- the real command: SIGKILL mid-poll, SIGTERM --------------------------------------------


def watch_cmd(site: FeedSite, store: str, tmp_path: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsweave",
        "watch",
        site.feed_url,
        "--store",
        store,
        "--allow-private",
        "--delay",
        "0",
        "--cache-dir",
        str(tmp_path / "cache"),
        *extra,
    ]


def env() -> dict[str, str]:
    src = str(Path(__file__).resolve().parent.parent / "src")
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}


def snapshot(location: str) -> dict[str, Any]:
    """The store's content without times and run numbers."""
    with Store.open(location) as store, store.connection() as conn:
        a, ws, sc = tables.articles, tables.watch_sources, tables.story_changes
        articles = {
            h: (r, f)
            for h, r, f in conn.execute(sa.select(a.c.content_hash, a.c.record, a.c.facts))
        }
        sources = {k: v for k, v in conn.execute(sa.select(ws.c.source, ws.c.state))}
        changes = sorted(
            (k, str(p), str(c))
            for k, p, c in conn.execute(sa.select(sc.c.story_key, sc.c.previous, sc.c.changes))
        )
        stories = {s["id"]: store.story(s["id"]) for s in store.list_stories()}
        return {
            "articles": articles,
            "sources": sources,
            "changes": changes,
            "stories": stories,
            "runs": len(store.runs()),
        }


def test_sigkill_mid_poll_then_restart_equals_an_uninterrupted_run(
    site: FeedSite, tmp_path: Path
) -> None:
    site.publish(*ITEMS[:3])
    whole = str(tmp_path / "whole.db")
    done = subprocess.run(
        watch_cmd(site, whole, tmp_path / "w", "--once"), env=env(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    # the same poll, killed while it fetches the last article
    killed = str(tmp_path / "killed.db")
    release = site.hold(ITEMS[2].slug)
    site.log.clear()
    proc = subprocess.Popen(
        watch_cmd(site, killed, tmp_path / "k", "--once"),
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert site.wait_for(f"/a/{ITEMS[2].slug}.html"), "the poll never reached the article"
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(30) == -signal.SIGKILL
    finally:
        release.set()
        if proc.poll() is None:
            proc.kill()
    again = subprocess.run(
        watch_cmd(site, killed, tmp_path / "k", "--once"), env=env(), capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr
    assert "3 new articles" in again.stderr
    assert snapshot(killed) == snapshot(whole)


def test_sigterm_ends_the_loop_cleanly(site: FeedSite, tmp_path: Path) -> None:
    site.publish(ITEMS[0])
    location = str(tmp_path / "t.db")
    proc = subprocess.Popen(
        watch_cmd(site, location, tmp_path, "--every", "1s"),
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180
        while site.feed_statuses().count(304) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert site.feed_statuses()[:1] == [200] and site.feed_statuses().count(304) >= 2
        # published between two polls: the next poll (one interval later) fetches it
        polls_before = len(site.feed_statuses())
        site.publish(ITEMS[1])
        assert site.wait_for(f"/a/{ITEMS[1].slug}.html", timeout=60)
        assert site.feed_statuses()[polls_before] == 200
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    lines = [ln for ln in err.splitlines() if " poll " in ln]
    assert lines and len(lines) == len(site.feed_statuses())  # one line per poll
    assert "1 new articles" in lines[0] and "1 new articles" in lines[polls_before]
    with Store.open(location) as store:  # the poll under way when SIGTERM came was finished
        assert store.counts()["articles"] == 2
        assert site.url(ITEMS[1].slug) in {a["source"] for a in store.report()["articles"]}


def test_two_watchers_on_one_store_see_each_other(
    store_url: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A team: two watchers on different folders, one store.  The second commits while the
    first is analysing; the first notices, analyses again on the new state, and every article
    ends in exactly one current story."""
    from newsweave.watch import current_stories

    write_folder(tmp_path / "desk-a", ITEMS[:2])
    write_folder(tmp_path / "desk-b", ITEMS[2:4])
    opts = options(tmp_path)
    with (
        Store.open(store_url) as one,
        Store.open(store_url) as two,
        Watcher(one, [str(tmp_path / "desk-a")], opts) as first,
        Watcher(two, [str(tmp_path / "desk-b")], opts) as second,
    ):
        analyses = []
        original = first.analyse

        def analyse_while_the_other_commits(*args: Any) -> Any:
            result = original(*args)
            if not analyses:
                second.poll()
            analyses.append(result)
            return result

        monkeypatch.setattr(first, "analyse", analyse_while_the_other_commits)
        result = first.poll()
        assert len(analyses) == 2 and result.new_articles == 2
        with one.connection() as conn:
            current = current_stories(conn)
    hashes = [h for members in current.values() for h in members]
    assert len(hashes) == len(set(hashes)) == 4
    assert len(current) == 1  # the four articles report one event


def test_watch_command_errors_name_the_input(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsweave.cli import main

    runner = CliRunner()
    store = str(tmp_path / "s.db")
    bad = runner.invoke(main, ["watch", str(tmp_path), "--store", store, "--every", "soon"])
    assert bad.exit_code == 2 and "'soon' is not an interval" in bad.output
    empty = runner.invoke(main, ["watch", "--store", store])
    assert empty.exit_code == 2 and "nothing to watch" in empty.output
    missing = runner.invoke(main, ["watch", str(tmp_path / "nope"), "--store", store, "--once"])
    assert missing.exit_code == 0
    assert "1 failed" in missing.output and "nope (no such file or directory)" in missing.output


def test_an_entry_that_failed_is_fetched_again(site: FeedSite, tmp_path: Path) -> None:
    """A feed whose entry could not be fetched keeps its old validators: the next poll asks
    for the whole feed again (no 304) and fetches only the entry that failed."""
    broken = ITEMS[1]
    site.publish(ITEMS[0], broken)
    site.items.remove(broken)  # listed in the feed below, but its page answers 404
    feed = site.feed

    def listing() -> bytes:
        site.items.append(broken)
        try:
            return feed()
        finally:
            site.items.remove(broken)

    site.feed = listing  # type: ignore[method-assign]
    with (
        Store.open(str(tmp_path / "s.db")) as store,
        Watcher(store, [site.feed_url], options(tmp_path)) as w,
    ):
        first = w.poll()
        assert first.new_articles == 1 and len(first.errors) == 1
        site.items.append(broken)  # the page is back
        site.feed = feed  # type: ignore[method-assign]
        site.log.clear()
        second = w.poll()
        assert second.new_articles == 1
        assert site.log == [("/feed.xml", 200), (f"/a/{broken.slug}.html", 200)]
        site.log.clear()
        assert w.poll().count("unchanged") == 1 and site.log == [("/feed.xml", 304)]
