"""The story timeline and the list's search, on small hand-made reports."""

from __future__ import annotations

from pathlib import Path

from newsweave.options import Options
from newsweave.serve.index import Query, StoryIndex, StoryRow, timeline
from newsweave.store import Store
from newsweave.watch import Watcher
from tests.feed_site import example_items, write_folder


def test_the_timeline_orders_articles_and_names_who_reported_each_fact_first() -> None:
    report = {
        "articles": [
            {"id": "a1", "outlet": "Late Post", "published": "2025-02-26", "content_hash": "h1"},
            {"id": "a2", "outlet": "Early Times", "published": "2025-02-24", "content_hash": "h2"},
            {"id": "a3", "outlet": "Undated Daily", "published": None, "content_hash": "h3"},
            {"id": "a4", "outlet": "Same Day", "published": "2025-02-24", "content_hash": "h4"},
        ],
        "stories": [
            {
                "id": "s1",
                "articles": ["a1", "a2", "a3", "a4"],
                "claims": [
                    {
                        "id": "c1",
                        "sentences": [
                            {"article": "a1", "text": "The bridge closed."},
                            {"article": "a4", "text": "The bridge was closed on Monday."},
                            {"article": "a2", "text": "Officials closed the bridge."},
                        ],
                    }
                ],
            }
        ],
    }
    # a2 and a4 share a date: the one the store saw first comes first
    seen = {"h2": "2025-02-24T09:00:00", "h4": "2025-02-24T08:00:00"}
    result = timeline(report, seen)
    assert [e["outlet"] for e in result["events"]] == [
        "Same Day",
        "Early Times",
        "Late Post",
        "Undated Daily",
    ]
    assert result["firsts"] == [
        {
            "text": "The bridge was closed on Monday.",
            "first": "Same Day",
            "date": "2025-02-24",
            "then": ["Early Times", "Late Post"],
        }
    ]


def row(**fields: object) -> StoryRow:
    base: dict[str, object] = {
        "key": "ab" * 32,
        "headline": "Bridge closed after floods",
        "n_articles": 2,
        "outlets": ("Early Times", "Late Post"),
        "origins": 2,
        "first_published": "2025-02-24",
        "last_published": "2025-02-26",
        "activity": "2025-02-26T10:00:00+00:00",
        "change": None,
        "entities": ("Danube", "City Council"),
        "words": "bridge closed after floods danube city council early times late post",
    }
    base.update(fields)
    return StoryRow(**base)  # type: ignore[arg-type]


def test_search_needs_every_word_and_overlapping_dates() -> None:
    story = row()
    assert Query(words="FLOODS bridge").matches(story)
    assert not Query(words="floods tunnel").matches(story)
    assert Query(entity="council").matches(story)
    assert not Query(entity="parliament").matches(story)
    assert Query(outlet="late post").matches(story)
    assert not Query(outlet="late").matches(story)  # outlets match whole
    assert Query(since="2025-02-25", until="2025-03-01").matches(story)  # overlaps
    assert not Query(since="2025-02-27").matches(story)
    assert not Query(until="2025-02-23").matches(story)
    assert not Query(since="2025-01-01").matches(row(first_published=None, last_published=None))
    assert not Query(changed="2025-01-01").matches(story)  # never changed by watch
    changed = row(change={"at": "2025-02-26T10:00:00+00:00"})
    assert Query(changed="2025-02-26").matches(changed)
    assert not Query(changed="2025-02-27").matches(changed)


def test_the_index_follows_the_store_as_watch_writes(tmp_path: Path) -> None:
    """After each poll the index (updated with the new run only) equals one built afresh."""
    items = example_items()
    folder = tmp_path / "news"
    options = Options(progress=False, cache_dir=str(tmp_path / "cache"))
    with Store.open(str(tmp_path / "s.db")) as store, Watcher(store, [str(folder)], options) as w:
        index = StoryIndex(store)
        assert index.rows() == []
        write_folder(folder, items[:2])
        w.poll()
        first = index.rows()
        assert sum(r.n_articles for r in first) == 2
        write_folder(folder, items[2:4])
        w.poll()
        rows = index.rows()
        assert rows == StoryIndex(store).rows()
        assert sum(r.n_articles for r in rows) == 4
        assert not {r.key for r in first if r.n_articles > 1} & {r.key for r in rows}
        assert rows[0].change is not None and rows[0].change["new_articles"] >= 1
