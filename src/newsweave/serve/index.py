"""What ``newsweave serve`` reads from the store: the current stories with their counts, search,
a story's timeline and changes, an outlet's record.

:class:`StoryIndex` keeps one small row per current story (a story nothing replaced, in its
newest analysis) in memory, built in one pass over the store and built again when the store
changes (a new run, checked with one cheap query per request), so listing and searching
thousands of stories needs no JSON from the database.  Story pages read their one story
(:meth:`Store.story`).  Nothing here writes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..report.briefing import (
    clean_text,
    independent_origins,
    items,
    outlet_label,
    story_first_published,
    story_headline,
)
from ..store import STORY_ID_LENGTH, Store
from ..store import schema as tables

JsonDict = dict[str, Any]


@dataclass(frozen=True)
class StoryRow:
    """One current story as the list shows it."""

    key: str
    headline: str
    n_articles: int
    outlets: tuple[str, ...]
    origins: int
    first_published: str | None
    last_published: str | None
    activity: str  #: when the store last saved this story (ISO time)
    change: JsonDict | None  #: the newest "what changed" of the story, with its time
    entities: tuple[str, ...]
    words: str  #: lower-cased text searched by words: headline, titles, entities, outlets

    @property
    def id(self) -> str:
        return self.key[:STORY_ID_LENGTH]

    def as_json(self) -> JsonDict:
        return {
            "id": self.id,
            "key": self.key,
            "headline": self.headline,
            "n_articles": self.n_articles,
            "n_outlets": len(self.outlets),
            "independent_origins": self.origins,
            "outlets": list(self.outlets),
            "first_published": self.first_published,
            "last_published": self.last_published,
            "activity": self.activity,
            "changed": self.change,
        }


@dataclass(frozen=True)
class Query:
    """A search of the story list; empty fields do not filter."""

    words: str = ""
    entity: str = ""
    outlet: str = ""
    since: str = ""  #: published on or after (ISO date)
    until: str = ""  #: published on or before (ISO date)
    changed: str = ""  #: changed by ``watch`` at or after (ISO date or time)

    def matches(self, row: StoryRow) -> bool:
        terms = self.words.casefold().split()
        if any(t not in row.words for t in terms):
            return False
        entity = self.entity.casefold().strip()
        if entity and not any(entity in e.casefold() for e in row.entities):
            return False
        outlet = self.outlet.casefold().strip()
        if outlet and not any(outlet == o.casefold() for o in row.outlets):
            return False
        if self.changed and (row.change is None or row.change["at"] < self.changed):
            return False
        first, last = row.first_published or "", row.last_published or ""
        if self.since and (not last or last < self.since):
            return False
        return not (self.until and (not first or first > self.until[:10]))


def _summary(changes: Mapping[str, Any], created: str, previous: object) -> JsonDict:
    return {
        "at": created,
        "new_story": not previous,
        "new_articles": len(items(changes.get("new_articles"))),
        "new_outlets": len(changes.get("new_outlets") or ()),
        "confirmed_claims": len(items(changes.get("confirmed_claims"))),
        "new_discrepancies": len(items(changes.get("new_discrepancies"))),
        "new_quotes": len(items(changes.get("new_quotes"))),
    }


def _version(conn: sa.Connection) -> tuple[int, int]:
    run = conn.execute(sa.select(sa.func.max(tables.runs.c.id))).scalar()
    replaced = conn.execute(
        sa.select(sa.func.count()).select_from(tables.superseded_stories)
    ).scalar_one()
    return int(run or 0), int(replaced)


def _story_rows(conn: sa.Connection, after_run: int, replaced: set[str]) -> list[StoryRow]:
    """Rows of the stories saved by runs newer than ``after_run`` (newest analysis of each
    key), leaving out ``replaced`` ones.  Runs never change once saved, so an index adds only
    the rows of new runs."""
    st, ra, a, runs = tables.stories, tables.run_articles, tables.articles, tables.runs
    newest: dict[str, tuple[int, JsonDict]] = {}
    query = (
        sa.select(st.c.story_key, st.c.run_id, st.c.data)
        .where(st.c.run_id > after_run)
        .order_by(st.c.run_id.desc(), st.c.position)
    )
    for key, run_id, data in conn.execute(query):
        if key not in replaced and key not in newest:
            newest[key] = (int(run_id), dict(data))
    run_ids = sorted({r for r, _ in newest.values()})
    created = {
        int(r): str(c)
        for r, c in conn.execute(sa.select(runs.c.id, runs.c.created).where(runs.c.id > after_run))
    }
    changes: dict[str, JsonDict] = {}
    sc = tables.story_changes
    for key, at, data, previous in conn.execute(
        sa.select(sc.c.story_key, sc.c.created, sc.c.changes, sc.c.previous)
        .where(sc.c.run_id > after_run)
        .order_by(sc.c.id)
    ):
        changes[key] = _summary(data, at, previous)
    rows = []
    for i in range(0, len(run_ids), 200):
        chunk = run_ids[i : i + 200]
        records: dict[int, dict[str, JsonDict]] = {r: {} for r in chunk}
        for run_id, article_id, own, shared in conn.execute(
            sa.select(ra.c.run_id, ra.c.article_id, ra.c.record, a.c.record)
            .join(a, a.c.content_hash == ra.c.content_hash)
            .where(ra.c.run_id.in_(chunk))
        ):
            record = {"id": article_id, **(own if own is not None else shared)}
            records[int(run_id)][str(article_id)] = record
        edges: dict[int, dict[str, list[JsonDict]]] = {r: {} for r in chunk}
        for r, meta in conn.execute(sa.select(runs.c.id, runs.c.meta).where(runs.c.id.in_(chunk))):
            for edge in items(meta.get("provenance")):
                edges[int(r)].setdefault(str(edge.get("source")), []).append(edge)
        for key, (run_id, story) in newest.items():
            if run_id in records:
                rows.append(
                    _row(key, story, records[run_id], edges[run_id], created[run_id], changes)
                )
    return rows


def _row(
    key: str,
    story: JsonDict,
    articles: Mapping[str, JsonDict],
    edges: Mapping[str, list[JsonDict]],
    created: str,
    changes: Mapping[str, JsonDict],
) -> StoryRow:
    members = [str(i) for i in story.get("articles") or ()]
    report = {
        "articles": [articles[i] for i in members if i in articles],
        "provenance": [e for i in members for e in edges.get(i, ())],
    }
    dates = sorted(clean_text(x.get("published")) for x in report["articles"] if x.get("published"))
    outlets = tuple(dict.fromkeys(outlet_label(x) for x in report["articles"]))
    entities = tuple(clean_text(e.get("name")) for e in items(story.get("entities")))
    mentions = [
        clean_text(m) for e in items(story.get("entities")) for m in e.get("mentions") or ()
    ]
    headline = story_headline(report, story) or f"Story {key[:STORY_ID_LENGTH]}"
    titles = [clean_text(x.get("title")) for x in report["articles"]]
    words = " ".join([headline, *titles, *entities, *mentions, *outlets]).casefold()
    return StoryRow(
        key=key,
        headline=headline,
        n_articles=len(report["articles"]),
        outlets=outlets,
        origins=independent_origins(report, story),
        first_published=story_first_published(report, story),
        last_published=dates[-1] if dates else None,
        activity=changes[key]["at"] if key in changes else created,
        change=changes.get(key),
        entities=entities,
        words=words,
    )


class StoryIndex:
    """The current stories of a store, kept in memory; a new run adds its stories' rows and
    drops those of the stories it replaced (runs never change once saved)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._version: tuple[int, int] | None = None
        self._by_key: dict[str, StoryRow] = {}
        self._rows: list[StoryRow] = []
        self._by_id: dict[str, StoryRow] = {}

    def rows(self) -> list[StoryRow]:
        """Every current story, newest activity first (brought up to date first)."""
        with self.store.connection() as conn:
            version = _version(conn)
            if version == self._version:
                return self._rows
            with self._lock:
                if version != self._version:
                    self._update(conn, version)
        return self._rows

    def _update(self, conn: sa.Connection, version: tuple[int, int]) -> None:
        replaced = set(conn.execute(sa.select(tables.superseded_stories.c.story_key)).scalars())
        after = self._version[0] if self._version else 0
        by_key = {k: r for k, r in self._by_key.items() if k not in replaced}
        by_key.update((r.key, r) for r in _story_rows(conn, after, replaced))
        rows = sorted(
            by_key.values(),
            key=lambda r: (r.activity, r.last_published or "", r.key),
            reverse=True,
        )
        self._by_key, self._rows = by_key, rows
        self._by_id = {r.id: r for r in rows}
        self._version = version

    def search(self, query: Query) -> list[StoryRow]:
        return [r for r in self.rows() if query.matches(r)]

    def find(self, story_id: str) -> StoryRow | None:
        """A current story by its id (or its full key)."""
        self.rows()
        return self._by_id.get(story_id[:STORY_ID_LENGTH].lower())

    def changes(self, key: str) -> list[JsonDict]:
        """Every recorded change of the story and of the versions it replaced, newest first."""
        sc, ss = tables.story_changes, tables.superseded_stories
        keys, frontier = {key}, {key}
        with self.store.connection() as conn:
            while frontier:  # the versions this one grew from
                older = set(
                    conn.execute(
                        sa.select(ss.c.story_key).where(ss.c.by_key.in_(sorted(frontier)))
                    ).scalars()
                )
                frontier = older - keys
                keys |= older
            rows = conn.execute(
                sa.select(sc.c.story_key, sc.c.created, sc.c.changes)
                .where(sc.c.story_key.in_(sorted(keys)))
                .order_by(sc.c.id.desc())
            )
            return [{"story": k[:STORY_ID_LENGTH], "at": at, **dict(c)} for k, at, c in rows]

    def first_seen(self, hashes: Iterable[str]) -> dict[str, str]:
        a = tables.articles
        wanted = sorted(set(hashes))
        with self.store.connection() as conn:
            rows = conn.execute(
                sa.select(a.c.content_hash, a.c.first_seen).where(a.c.content_hash.in_(wanted))
            )
            return {str(h): str(seen) for h, seen in rows}


# --- a story's timeline -----------------------------------------------------------------------


def timeline(report: Mapping[str, Any], first_seen: Mapping[str, str]) -> JsonDict:
    """Which outlet published what and when (articles by publication date, then by when the
    store first saw them), and who reported each fact first."""
    story = items(report.get("stories"))[0] if items(report.get("stories")) else {}
    articles = items(report.get("articles"))
    order = {str(x.get("id")): n for n, x in enumerate(articles)}

    def when(article: Mapping[str, Any]) -> tuple[str, str, int]:
        published = clean_text(article.get("published")) or "9999"
        seen = first_seen.get(str(article.get("content_hash")), "")
        return published, seen, order.get(str(article.get("id")), 0)

    by_id = {str(x.get("id")): x for x in articles}
    events = [
        {
            "id": clean_text(x.get("id")),
            "outlet": outlet_label(x),
            "title": clean_text(x.get("title")) or "(no title)",
            "published": clean_text(x.get("published")) or None,
            "seen": first_seen.get(str(x.get("content_hash"))),
        }
        for x in sorted(articles, key=when)
    ]
    firsts = []
    for claim in items(story.get("claims")):
        reporters = [
            by_id[str(s.get("article"))]
            for s in items(claim.get("sentences"))
            if str(s.get("article")) in by_id
        ]
        if not reporters:
            continue
        ranked = sorted(reporters, key=when)
        text = next(
            (
                clean_text(s.get("text"))
                for s in items(claim.get("sentences"))
                if str(s.get("article")) == str(ranked[0].get("id"))
            ),
            "",
        )
        later = list(dict.fromkeys(outlet_label(x) for x in ranked[1:]))
        first = outlet_label(ranked[0])
        firsts.append(
            {
                "text": text,
                "first": first,
                "date": clean_text(ranked[0].get("published")) or None,
                "then": [o for o in later if o != first],
            }
        )
    return {"events": events, "firsts": firsts}


# --- an outlet's record -----------------------------------------------------------------------


def outlet_record(store: Store, index: StoryIndex, outlet: str, limit: int = 40) -> JsonDict:
    """What ``outlet`` reported first, alone (no other article of the story), or differently
    (its variant of a discrepancy), over the ``limit`` most recently active current stories it
    appears in (each is read whole)."""
    wanted = outlet.casefold()
    stories = [r for r in index.rows() if any(o.casefold() == wanted for o in r.outlets)]
    first, alone, different = [], [], []
    for row in stories[:limit]:
        report = store.story(row.key)
        by_id = {str(x.get("id")): x for x in items(report.get("articles"))}
        mine = {i for i, x in by_id.items() if outlet_label(x).casefold() == wanted}
        seen = index.first_seen(str(x.get("content_hash")) for x in by_id.values())
        ref = {"story": row.id, "headline": row.headline}
        for fact in timeline(report, seen)["firsts"]:
            if fact["first"].casefold() == wanted and fact["then"]:
                first.append({**ref, "text": fact["text"], "then": fact["then"]})
        story = items(report.get("stories"))[0]
        for u in items(story.get("unique")):
            if str(u.get("article")) in mine:
                alone.append({**ref, "text": clean_text(u.get("text"))})
        for d in items(story.get("discrepancies")):
            variants = items(d.get("variants"))
            own = [v for v in variants if str(v.get("article")) in mine]
            if own and len(variants) > len(own):
                others = [
                    {
                        "outlet": outlet_label(by_id.get(str(v.get("article")))),
                        "text": v.get("text"),
                    }
                    for v in variants
                    if str(v.get("article")) not in mine
                ]
                different.append(
                    {
                        **ref,
                        "what": clean_text(d.get("what")),
                        "text": clean_text(own[0].get("text")),
                        "others": [
                            {"outlet": o["outlet"], "text": clean_text(o["text"])} for o in others
                        ],
                    }
                )
    return {
        "outlet": outlet,
        "read": min(limit, len(stories)),
        "stories": [r.as_json() for r in stories],
        "first": first,
        "alone": alone,
        "different": different,
    }


__all__ = ["Query", "StoryIndex", "StoryRow", "outlet_record", "timeline"]
