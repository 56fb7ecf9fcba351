"""A store filled by ``watch`` in two polls (the bundled example's articles, then more of them
and an article full of markup), served by ``newsweave serve`` on 127.0.0.1 for the tests."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newsweave import Options, analyze, report_to_dict
from newsweave.report.briefing import outlet_label
from newsweave.serve import create_app
from newsweave.store import Store
from newsweave.watch import Watcher
from tests.feed_site import Item, example_items, write_folder

PAYLOAD = '<script>window.__pwned = 1; alert("x")</script><img src=x onerror="alert(2)">'
HOSTILE = Item(
    slug="zzz-hostile",
    title=f"Flood warning {PAYLOAD} issued for the valley",
    outlet=f"Evil {PAYLOAD} Gazette",
    published="Tue, 25 Feb 2025 12:00:00 GMT",
    paragraphs=(
        f"The river authority issued a flood warning for the valley on Tuesday {PAYLOAD} "
        "after two days of heavy rain across the northern hills.",
        "Residents of the lower town were told to move their cars to higher ground and to "
        "follow the instructions of the emergency services during the night.",
    ),
)


@dataclass(frozen=True)
class Live:
    base: str  #: http://127.0.0.1:PORT
    store: Store
    folder: Path
    analyzed: dict[str, Any]  #: analyze's report over the same folder
    first: list[Item]
    added: list[Item]


def analyzed_story(live: Live, outlets: set[str]) -> dict[str, Any]:
    """The story of ``analyze``'s report with these outlets, as the store gives one story: the
    story, its articles and provenance, the run's other fields, no errors."""
    report = live.analyzed
    for story in report["stories"]:
        members = set(story["articles"])
        articles = [a for a in report["articles"] if a["id"] in members]
        if {outlet_label(a) for a in articles} == outlets:
            out = {k: v for k, v in report.items() if k not in ("articles", "stories")}
            out["articles"] = articles
            out["stories"] = [story]
            out["errors"] = []
            out["provenance"] = [e for e in report.get("provenance", []) if e["source"] in members]
            return out
    raise AssertionError(f"analyze has no story with the outlets {sorted(outlets)}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    import uvicorn

    root = tmp_path_factory.mktemp("live")
    items = example_items()
    first, added = items[:3], [*items[3:], HOSTILE]
    folder = root / "news"
    options = Options(progress=False, cache_dir=str(root / "cache"))
    store = Store.open(str(root / "store.db"))
    with Watcher(store, [str(folder)], options) as watcher:
        write_folder(folder, first)
        watcher.poll()
        write_folder(folder, added)
        watcher.poll()
    analyzed = report_to_dict(analyze([str(folder)], options))
    port = _free_port()
    config = uvicorn.Config(
        create_app(store), host="127.0.0.1", port=port, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield Live(f"http://127.0.0.1:{port}", store, folder, analyzed, first, added)
    finally:
        server.should_exit = True
        thread.join(10)
        store.close()
        shutil.rmtree(root, ignore_errors=True)
