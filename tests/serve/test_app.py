"""``newsweave serve`` over HTTP on 127.0.0.1: the story list and its search, story pages
(the briefing plus changes and timeline), outlet pages, the JSON API, escaping, headers."""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

import httpx
import pytest

from newsweave.serve import check_host
from newsweave.store import STORY_ID_LENGTH

from .conftest import HOSTILE, PAYLOAD, Live, analyzed_story


def get(live: Live, path: str, **params: str) -> httpx.Response:
    return httpx.get(f"{live.base}{path}", params=params, timeout=60)


def stories(live: Live, **params: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = get(live, "/api/stories", **params).json()["stories"]
    return data


def grown(live: Live) -> dict[str, Any]:
    """The story the second poll grew (the one with the example's later articles)."""
    outlet = live.added[0].outlet
    return next(s for s in stories(live) if outlet in s["outlets"])


def test_the_list_shows_every_current_story_with_counts(live: Live) -> None:
    listed = stories(live)
    assert sum(s["n_articles"] for s in listed) == len(live.first) + len(live.added)
    activity = [s["activity"] for s in listed]
    assert activity == sorted(activity, reverse=True)
    story = grown(live)
    assert story["n_outlets"] == len(story["outlets"]) >= 2
    assert 1 <= story["independent_origins"] <= story["n_articles"]
    assert story["changed"]["new_articles"] >= len(live.added) - 1
    page = get(live, "/").text
    for s in listed:
        assert f'href="/stories/{s["id"]}"' in page
    assert 'class="badge"' in page and "independent origin" in page


def test_search_by_words_entity_outlet_and_dates(live: Live) -> None:
    everything = stories(live)
    assert [s["id"] for s in stories(live, q="flood VALLEY")] == [
        s["id"] for s in everything if "flood" in s["headline"].lower()
    ]
    assert stories(live, q="flood valley nonexistentword") == []
    assert {s["id"] for s in stories(live, entity="putin")} == {grown(live)["id"]}
    outlet = live.first[0].outlet
    by_outlet = stories(live, outlet=outlet.upper())
    assert by_outlet and all(outlet in s["outlets"] for s in by_outlet)
    assert stories(live, since="2030-01-01") == []
    assert stories(live, until="2000-01-01") == []
    assert {s["id"] for s in stories(live, since="2025-02-01", until="2025-03-01")} == {
        s["id"]
        for s in everything
        if s["first_published"]  # undated stories are left out
    }
    hostile = next(s for s in everything if HOSTILE.outlet in s["outlets"])
    assert hostile["changed"]["new_story"] and not grown(live)["changed"]["new_story"]
    assert {s["id"] for s in stories(live, changed=grown(live)["changed"]["at"])} == {
        s["id"] for s in everything
    }
    assert stories(live, changed="2999-01-01") == []
    page = get(live, "/", q="flood valley").text
    assert page.count("data-story=") == 1 and 'value="flood valley"' in page


def test_a_story_page_is_the_briefing_with_changes_and_timeline(live: Live) -> None:
    story = grown(live)
    response = get(live, f"/stories/{story['id']}")
    assert response.status_code == 200
    page = response.text
    for section in ("matrix", "quotes", "unique", "discrepancies", "changes", "timeline"):
        assert f'data-section="{section}"' in page
    # the newest change first: the second poll's, which brought the later articles only
    changes = page[page.index('id="changes"') : page.index('id="timeline"')].split("<details")[1]
    for item in live.added[:-1]:
        assert html.escape(item.title, quote=True) in changes
    for item in live.first:  # not new at the second poll
        assert f"{html.escape(item.outlet)}: {html.escape(item.title, quote=True)}" not in changes
    timeline = page[page.index('id="timeline"') :]
    published = [
        row.split("<td>")[1].split("</td>")[0] for row in timeline.split("<tr data-article")[1:]
    ]
    assert published == sorted(published)
    assert "Who reported each fact first" in timeline


def test_an_outlet_page(live: Live) -> None:
    outlet = live.first[0].outlet
    page = get(live, f"/outlets/{outlet}").text
    assert f"<h1>{outlet}</h1>" in page
    for section in ("first", "alone", "different", "stories"):
        assert f'data-section="{section}"' in page
    assert get(live, "/outlets/Nobody At All").status_code == 404


def test_the_api_returns_what_analyze_reports(live: Live) -> None:
    """The second poll saw the same articles in the same order as ``analyze`` of the folder:
    every story's JSON is the analyze report's story, its articles and its provenance."""
    story = grown(live)
    served = get(live, f"/api/stories/{story['id']}").json()
    assert served == analyzed_story(live, set(story["outlets"]))
    assert live.store.story(story["key"]) == served
    changes = get(live, f"/api/stories/{story['id']}/changes").json()["changes"]
    assert len(changes) == 2  # created by the first poll, grown by the second
    assert get(live, "/api/stories/ffffffffffff").status_code == 404


def test_hostile_article_text_is_escaped_everywhere(live: Live) -> None:
    story = next(s for s in stories(live) if HOSTILE.outlet in s["outlets"])
    for path in ("/", f"/stories/{story['id']}", f"/outlets/{HOSTILE.outlet}"):
        text = get(live, path).text
        assert "<script" not in text and "onerror=" not in text.replace("onerror=&#34;", "")
        assert "&lt;script&gt;" in text
    api = get(live, f"/api/stories/{story['id']}")
    assert PAYLOAD in api.text.replace("\\u003c", "<").replace('\\"', '"') or PAYLOAD in str(
        api.json()
    )


def test_every_response_forbids_scripts_and_outside_requests(live: Live) -> None:
    story = stories(live)[0]
    for path in ("/", f"/stories/{story['id']}", "/api/stories", "/stories/000000000000"):
        response = get(live, path)
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"
    assert get(live, "/stories/000000000000").status_code == 404
    assert len(story["id"]) == STORY_ID_LENGTH


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_needs_no_flag(host: str) -> None:
    assert check_host(host, allow_remote=False) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::", "example.org"])
def test_other_addresses_need_a_flag_and_warn(host: str) -> None:
    with pytest.raises(ValueError, match="--allow-remote"):
        check_host(host, allow_remote=False)
    warning = check_host(host, allow_remote=True)
    assert warning and host in warning


def test_the_serve_command(live: Live, tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time

    from click.testing import CliRunner

    from newsweave.cli import main

    location = str(live.folder.parent / "store.db")
    refused = CliRunner().invoke(main, ["serve", "--store", location, "--host", "0.0.0.0"])
    assert refused.exit_code == 2 and "--allow-remote" in refused.output
    missing = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no store at" in missing.output
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    src = str(Path(__file__).resolve().parents[2] / "src")
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsweave", "serve", "--store", location, "--port", str(port)],
        env={**os.environ, "PYTHONPATH": src},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None, "serve did not start"
                time.sleep(0.2)
        assert response.json()["stories"] == stories(live)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "Traceback" not in err
