"""Keep a store's stories current: poll sources, analyse only what is new, say what changed.

::

    with Store.open(url) as store, Watcher(store, sources, options) as watcher:
        result = watcher.poll()          # one poll of every source; a PollResult
        print(result.line())             # the poll's one line of log

A *source* is a feed or page URL, a local feed file, a file or a folder of articles, or the
URLs listed in a file (``--urls``).  Each poll:

1. asks every source whether it changed, as cheaply as it can: a URL with a conditional GET
   (``If-None-Match`` / ``If-Modified-Since`` from the validators of the last poll; 304 costs
   nothing more), a local file or folder by its files' sizes and modification times.  Links of
   a changed feed that the store already holds are not fetched again; fetching goes through the
   same :class:`~newsweave.sources.http.HttpSession` as ``analyze`` (SSRF guard, robots.txt,
   one request at a time per host, politeness delay), kept open between polls;
2. keeps the documents whose content hash the store does not know;
3. re-groups all stored articles plus the new ones (the same stages as ``analyze``), and aligns
   only the stories whose set of articles is not already a current story of the store; stories
   untouched by the new articles keep their stored analysis;
4. saves, in **one transaction**: the run holding the changed stories and their articles, the
   facts of the new articles, which stories they replace, what changed in each
   (:func:`story_changes`), and the sources' new validators.  A poll killed before its commit
   left nothing behind and is simply done again on restart; one killed after it is not
   repeated (the validators and content hashes say so).  Several watchers may write one
   PostgreSQL store: a poll whose store changed under it (another watcher committed first) is
   analysed again on the new state.

On an empty store, a poll of some inputs saves exactly the report ``analyze`` writes for them.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from threadpoolctl import threadpool_limits

from .errors import FetchError, NewsweaveError
from .extract.entities import resolve_entities
from .group.duplicates import find_duplicates
from .group.provenance import provenance_graph
from .group.stories import cluster_stories
from .models import Article, ArticleFacts, Document, InputError, Report
from .options import Options
from .pipeline import align_all, clean_all, extract_missing
from .report.briefing import clean_text, items, outlet_label
from .report.json import report_to_dict
from .serialize import from_data, to_data
from .sources import expand, is_url
from .sources.feeds import feed_documents, is_feed_file
from .sources.files import read_path
from .sources.http import HttpSession, classify, document_or_error
from .sources.netguard import Refused
from .store import Store, _renamed, article_from_record, current_facts, story_key
from .store import schema as tables

__all__ = [
    "PollResult",
    "SourceReport",
    "StoreChanged",
    "Watcher",
    "parse_interval",
    "story_changes",
]

log = logging.getLogger(__name__)

JsonDict = dict[str, Any]
Status = Literal["unchanged", "changed", "failed"]

#: times a poll is analysed again when another watcher committed to the store meanwhile
MAX_RETRIES = 3
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$", re.I)
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_interval(text: str) -> float:
    """Seconds in ``"15m"``, ``"90s"``, ``"1h"``, ``"2d"`` or a plain number of seconds;
    ValueError naming the text otherwise."""
    match = _INTERVAL.match(text)
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"{text!r} is not an interval (examples: 90s, 15m, 1h)")
    return float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class StoreChanged(NewsweaveError):
    """Another writer committed to the store while this poll was being analysed."""


# --- what one source brought ------------------------------------------------------------------


@dataclass(frozen=True)
class SourceReport:
    """One source at one poll: whether it changed, what it brought, its new state."""

    source: str
    status: Status
    items: tuple[Document | InputError, ...] = ()
    state: Mapping[str, Any] | None = None  #: None: keep the stored state
    requests: int = 0  #: HTTP requests made for the source itself (not its entries)
    reason: str = ""


@dataclass(frozen=True)
class PollResult:
    """What one poll did (its :meth:`line` is the poll's log line)."""

    number: int
    sources: tuple[SourceReport, ...]
    new_articles: int
    changed_stories: tuple[str, ...]  #: keys of the stories saved by this poll
    run_id: int | None
    seconds: float
    errors: tuple[InputError, ...] = field(default=())

    def count(self, status: Status) -> int:
        return sum(s.status == status for s in self.sources)

    def line(self) -> str:
        return (
            f"{_now()} poll {self.number}: {len(self.sources)} sources "
            f"({self.count('unchanged')} unchanged, {self.count('changed')} changed, "
            f"{self.count('failed')} failed), {self.new_articles} new articles, "
            f"{len(self.changed_stories)} stories changed, {len(self.errors)} errors, "
            f"{self.seconds:.1f} s{self._failures()}"
        )

    def _failures(self) -> str:
        """The first failed sources and why (the log line stays one line)."""
        failed = [f"{s.source} ({s.reason})" for s in self.sources if s.status == "failed"]
        if not failed:
            return ""
        more = f" and {len(failed) - 3} more" if len(failed) > 3 else ""
        return "; failed: " + ", ".join(failed[:3]) + more


def _files_state(source: str) -> dict[str, list[int]]:
    """Size and modification time of every file a local source reads."""
    out: dict[str, list[int]] = {}
    for name in expand([source]):
        try:
            info = Path(name).stat()
        except OSError:
            continue
        out[name] = [info.st_size, info.st_mtime_ns]
    return out


def _body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


# --- the store: what the watcher reads and writes ---------------------------------------------


def _known_sources(conn: sa.Connection, sources: Sequence[str]) -> set[str]:
    column = tables.articles.c.source
    found: set[str] = set()
    for i in range(0, len(sources), 1000):
        chunk = list(sources[i : i + 1000])
        found.update(conn.execute(sa.select(column).where(column.in_(chunk))).scalars())
    return found


def _snapshot(conn: sa.Connection) -> tuple[int, int]:
    """What another writer's commit changes: the number of articles and the newest run."""
    n = conn.execute(sa.select(sa.func.count()).select_from(tables.articles)).scalar_one()
    run = conn.execute(sa.select(sa.func.max(tables.runs.c.id))).scalar()
    return int(n), int(run or 0)


def _stored_articles(conn: sa.Connection) -> list[tuple[str, JsonDict, Any]]:
    """(content hash, record, facts) of every stored article, in the order they were first
    saved (the run, then the article's position in it)."""
    ra, a = tables.run_articles, tables.articles
    order = list(
        dict.fromkeys(
            conn.execute(
                sa.select(ra.c.content_hash).order_by(ra.c.run_id, ra.c.position)
            ).scalars()
        )
    )
    rows = {
        digest: (dict(record), facts)
        for digest, record, facts in conn.execute(
            sa.select(a.c.content_hash, a.c.record, a.c.facts)
        )
    }
    order += sorted(set(rows) - set(order))
    return [(digest, *rows[digest]) for digest in order if digest in rows]


def current_stories(conn: sa.Connection) -> dict[str, frozenset[str]]:
    """The store's current stories (newest analysis of each, none replaced): key -> the content
    hashes of its articles."""
    st, ra = tables.stories, tables.run_articles
    replaced = set(conn.execute(sa.select(tables.superseded_stories.c.story_key)).scalars())
    newest: dict[str, tuple[int, list[str]]] = {}
    query = sa.select(st.c.story_key, st.c.run_id, st.c.data["articles"]).order_by(
        st.c.run_id.desc(), st.c.position
    )
    for key, run_id, ids in conn.execute(query):
        if key not in replaced and key not in newest:
            newest[key] = (int(run_id), [str(i) for i in ids or ()])
    hashes: dict[tuple[int, str], str] = {}
    runs = sorted({run for run, _ in newest.values()})
    for i in range(0, len(runs), 500):
        rows = conn.execute(
            sa.select(ra.c.run_id, ra.c.article_id, ra.c.content_hash).where(
                ra.c.run_id.in_(runs[i : i + 500])
            )
        )
        hashes.update({(int(r), str(aid)): h for r, aid, h in rows})
    return {
        key: frozenset(hashes[(run, aid)] for aid in ids if (run, aid) in hashes)
        for key, (run, ids) in newest.items()
    }


def source_states(store: Store) -> dict[str, JsonDict]:
    """Every watched source's state as the last committed poll left it."""
    ws = tables.watch_sources
    with store.connection() as conn:
        return {s: dict(state) for s, state in conn.execute(sa.select(ws.c.source, ws.c.state))}


def _save_states(conn: sa.Connection, reports: Iterable[SourceReport]) -> None:
    ws = tables.watch_sources
    now = _now()
    for report in reports:
        if report.state is None:
            continue
        conn.execute(sa.delete(ws).where(ws.c.source == report.source))
        conn.execute(
            sa.insert(ws).values(
                source=report.source,
                state=dict(report.state),
                polled=now,
                changed=now if report.status == "changed" else None,
            )
        )


# --- what changed in a story ------------------------------------------------------------------


def _hash_of(report: Mapping[str, Any]) -> dict[str, str]:
    return {
        str(a.get("id")): str(a.get("content_hash") or "") for a in items(report.get("articles"))
    }


def _refs(
    story: Mapping[str, Any], field_name: str, ids: Mapping[str, str]
) -> set[tuple[str, str]]:
    return {
        (ids.get(str(r.get("article")), ""), clean_text(r.get("text")).strip())
        for r in items(story.get(field_name))
    }


def _claims(
    story: Mapping[str, Any], ids: Mapping[str, str]
) -> list[tuple[frozenset[tuple[str, str]], int, JsonDict]]:
    out = []
    for claim in items(story.get("claims")):
        sentences = items(claim.get("sentences"))
        mentions = frozenset(
            (ids.get(str(s.get("article")), ""), clean_text(s.get("text")).strip())
            for s in sentences
        )
        origins = claim.get("independent_sources")
        n = (
            origins
            if isinstance(origins, int) and origins > 0
            else len({str(s.get("article")) for s in sentences})
        )
        out.append((mentions, n, claim))
    return out


def _variants_key(entry: Mapping[str, Any], ids: Mapping[str, str]) -> tuple[Any, ...]:
    variants = frozenset(
        (ids.get(str(v.get("article")), ""), clean_text(v.get("text")).strip())
        for v in items(entry.get("variants"))
    )
    return (clean_text(entry.get("what")).strip(), variants)


def story_changes(
    report: Mapping[str, Any],
    story: Mapping[str, Any],
    previous: Sequence[Mapping[str, Any]],
) -> JsonDict:
    """What ``story`` (of ``report``) adds to the ``previous`` versions it replaces (each a
    report dictionary holding one story, as :meth:`Store.story` gives): its new articles and
    outlets, claims now confirmed by more independent origins than before (at least two), new
    discrepancies and new quotes.  Articles are compared by content hash, text by its words."""
    by_id = {str(a.get("id")): a for a in items(report.get("articles"))}
    ids = _hash_of(report)
    members = [by_id[str(a)] for a in story.get("articles") or () if str(a) in by_id]
    old_ids = [_hash_of(p) for p in previous]
    old_stories = [items(p.get("stories"))[0] if items(p.get("stories")) else {} for p in previous]
    old_hashes = {h for m in old_ids for h in m.values()}
    old_outlets = {outlet_label(a) for p in previous for a in items(p.get("articles"))}

    def outlet_of(article_id: object) -> str:
        return outlet_label(by_id.get(str(article_id)))

    new_articles = [
        {
            "content_hash": a.get("content_hash"),
            "source": a.get("source"),
            "title": a.get("title"),
            "outlet": outlet_label(a),
            "published": a.get("published"),
        }
        for a in members
        if a.get("content_hash") not in old_hashes
    ]
    new_outlets = list(
        dict.fromkeys(outlet_label(a) for a in members if outlet_label(a) not in old_outlets)
    )
    old_claims = [c for s, m in zip(old_stories, old_ids, strict=True) for c in _claims(s, m)]
    old_unique = {
        r for s, m in zip(old_stories, old_ids, strict=True) for r in _refs(s, "unique", m)
    }
    confirmed = []
    for mentions, n, claim in _claims(story, ids):
        before = max((k for m, k, _ in old_claims if m & mentions), default=0)
        if not before and mentions & (old_unique | {(h, "") for h in old_hashes}):
            before = 1
        if not before and any(h in old_hashes for h, _ in mentions):
            before = 1
        if n >= 2 and n > before:
            sentences = items(claim.get("sentences"))
            confirmed.append(
                {
                    "id": claim.get("id"),
                    "text": clean_text(sentences[0].get("text")) if sentences else "",
                    "independent": n,
                    "before": before,
                    "outlets": list(dict.fromkeys(outlet_of(s.get("article")) for s in sentences)),
                }
            )
    old_discrepancies = {
        _variants_key(d, m)
        for s, m in zip(old_stories, old_ids, strict=True)
        for d in items(s.get("discrepancies"))
    }
    discrepancies = [
        {
            "what": clean_text(d.get("what")),
            "variants": [
                {"outlet": outlet_of(v.get("article")), "text": clean_text(v.get("text"))}
                for v in items(d.get("variants"))
            ],
        }
        for d in items(story.get("discrepancies"))
        if _variants_key(d, ids) not in old_discrepancies
    ]
    old_quotes = {
        r for s, m in zip(old_stories, old_ids, strict=True) for r in _refs(s, "quotes", m)
    }
    quotes = [
        {
            "text": clean_text(q.get("text")),
            "speaker": q.get("speaker"),
            "outlet": outlet_of(q.get("article")),
        }
        for q in items(story.get("quotes"))
        if (ids.get(str(q.get("article")), ""), clean_text(q.get("text")).strip()) not in old_quotes
    ]
    return {
        "new_articles": new_articles,
        "new_outlets": new_outlets,
        "confirmed_claims": confirmed,
        "new_discrepancies": discrepancies,
        "new_quotes": quotes,
    }


# --- the watcher ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Analysis:
    report: JsonDict
    facts: dict[str, Any]
    replaced: dict[str, tuple[str, ...]]  #: new story key -> keys of the stories it replaces
    snapshot: tuple[int, int]


class Watcher:
    """Polls ``sources`` into ``store``; keeps one HTTP session open between polls (politeness
    and robots.txt rules carry over).  Use as a context manager."""

    def __init__(
        self,
        store: Store,
        sources: Sequence[str],
        options: Options,
        urls_files: Sequence[str] = (),
    ) -> None:
        self.store = store
        self.sources = list(dict.fromkeys(sources))
        self.urls_files = list(urls_files)
        self.options = options
        self.session = HttpSession(options)
        self.polls = 0

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.session.close()

    # sources -----------------------------------------------------------------------------------

    def all_sources(self) -> list[str]:
        """The sources given plus the URLs listed in the ``--urls`` files (read at each poll)."""
        out = list(self.sources)
        for name in self.urls_files:
            try:
                text = Path(name).read_text(encoding="utf-8")
            except OSError as exc:
                log.warning("--urls %s: cannot be read (%s)", name, exc.strerror)
                continue
            out += [u.strip() for u in text.splitlines() if u.strip() and not u.startswith("#")]
        return list(dict.fromkeys(out))

    def check(self, source: str, state: Mapping[str, Any]) -> SourceReport:
        """Ask one source whether it changed since ``state``; never raises for a bad source."""
        try:
            if is_url(source):
                return self._check_url(source, state)
            return self._check_local(source, state)
        except (FetchError, Refused) as exc:
            reason = getattr(exc, "reason", str(exc))
            return SourceReport(source, "failed", (InputError(source, reason),), None, 1, reason)

    def _check_url(self, source: str, state: Mapping[str, Any]) -> SourceReport:
        fetched = self.session.fetch_conditional(
            source, state.get("etag"), state.get("last_modified")
        )
        if fetched is None:
            return SourceReport(source, "unchanged", (), None, 1)
        new_state = {
            "etag": fetched.headers.get("etag"),
            "last_modified": fetched.headers.get("last-modified"),
            "sha256": _body_hash(fetched.body),
        }
        if new_state["sha256"] == state.get("sha256"):  # a server without validators
            return SourceReport(source, "unchanged", (), new_state, 1)
        kind = classify(fetched)
        if kind == "feed":
            found = tuple(self._feed_items(fetched.body, source, fetched.final_url))
            if any(isinstance(item, InputError) for item in found):
                # an entry that could not be fetched is tried again at the next poll: the
                # feed's old validators are kept, so it is not answered 304
                return SourceReport(source, "changed", found, None, 1)
        else:
            found = (document_or_error(fetched, source),)
        return SourceReport(source, "changed", found, new_state, 1)

    def _feed_items(
        self, data: bytes, source: str, base_url: str | None
    ) -> Iterator[Document | InputError]:
        """The documents of the feed's entries the store does not hold yet."""

        def known(links: list[str]) -> set[str]:
            with self.store.connection() as conn:
                return _known_sources(conn, links)

        return feed_documents(data, source, self.session, base_url, known=known)

    def _check_local(self, source: str, state: Mapping[str, Any]) -> SourceReport:
        if not Path(source).exists():
            raise FetchError(source, "no such file or directory")
        files = _files_state(source)
        before = state.get("files") or {}
        changed = [name for name, sig in files.items() if before.get(name) != sig]
        if not changed:
            return SourceReport(source, "unchanged", (), None)
        found: list[Document | InputError] = []
        for name in changed:
            if is_feed_file(name):
                data = Path(name).read_bytes()
                if len(data) > self.options.max_bytes:
                    limit = self.options.max_bytes
                    found.append(InputError(name, f"is over the {limit:,}-byte limit"))
                    continue
                found += self._feed_items(data, name, None)
            else:
                found += read_path(name, self.options.max_bytes)
        return SourceReport(source, "changed", tuple(found), {"files": files})

    # one poll ----------------------------------------------------------------------------------

    def poll(self) -> PollResult:
        """Poll every source once and save what is new (one transaction); see the module."""
        started = time.monotonic()
        self.polls += 1
        states = source_states(self.store)
        reports = [self.check(s, states.get(s, {})) for s in self.all_sources()]
        documents: dict[str, Document] = {}
        errors: list[InputError] = []
        for report in reports:
            for item in report.items:
                if isinstance(item, InputError):
                    errors.append(item)
                else:
                    documents.setdefault(item.content_hash, item)
        known = self.store.known_many(documents)
        new = [d for h, d in documents.items() if h not in known]
        run_id: int | None = None
        changed: tuple[str, ...] = ()
        if new:
            run_id, changed = self._analyse_and_save(new, errors, reports)
        elif any(r.state is not None for r in reports):
            with self.store.transaction() as conn:
                _save_states(conn, reports)
        return PollResult(
            number=self.polls,
            sources=tuple(reports),
            new_articles=len(new),
            changed_stories=changed,
            run_id=run_id,
            seconds=time.monotonic() - started,
            errors=tuple(errors),
        )

    def _analyse_and_save(
        self, new: Sequence[Document], errors: Sequence[InputError], reports: Sequence[SourceReport]
    ) -> tuple[int, tuple[str, ...]]:
        for attempt in range(MAX_RETRIES + 1):
            analysis = self.analyse(new, errors)
            previous = {
                old: self.store.story(old) for olds in analysis.replaced.values() for old in olds
            }

            def also(
                conn: sa.Connection,
                run_id: int,
                analysis: _Analysis = analysis,
                previous: Mapping[str, JsonDict] = previous,
            ) -> None:
                runs = tables.runs.c.id
                others = sa.select(sa.func.count()).where(
                    runs > analysis.snapshot[1], runs != run_id
                )
                if conn.execute(others).scalar_one():
                    raise StoreChanged("another writer saved a run during the poll")
                self._save_changes(conn, run_id, analysis, previous)
                _save_states(conn, reports)

            try:
                run_id = self.store.save_run(analysis.report, facts=analysis.facts, also=also)
            except StoreChanged:
                if attempt == MAX_RETRIES:
                    raise
                log.info("the store changed during the poll: analysing again")
                continue
            return run_id, tuple(analysis.replaced)
        raise AssertionError("unreachable")

    def analyse(self, new: Sequence[Document], errors: Sequence[InputError]) -> _Analysis:
        """Group the stored articles and ``new`` together; align the stories that are not
        current stories of the store already."""
        with self.store.connection() as conn:
            snapshot = _snapshot(conn)
            stored = _stored_articles(conn)
            current = current_stories(conn)
        articles: list[Article] = []
        known: dict[str, ArticleFacts] = {}
        for digest, record, facts in stored:
            article_id = f"a{len(articles) + 1}"
            articles.append(article_from_record(record, article_id, digest))
            fresh = current_facts(facts)  # facts made by other code are extracted again
            if fresh is not None:
                known[article_id] = from_data(ArticleFacts, _renamed(fresh, article_id))
        offset = len(articles)
        progress = _no_progress
        with threadpool_limits(1, user_api="blas"):
            cleaned, clean_errors, _ = clean_all(new, progress, self.options.time_limit)
            articles += [replace(a, id=f"a{offset + n}") for n, a in enumerate(cleaned, start=1)]
            duplicates = find_duplicates(articles)
            stories = cluster_stories(articles)
            hash_of = {a.id: a.content_hash for a in articles}
            keyed = [(story_key([hash_of[a] for a in s.articles]), s) for s in stories]
            changed = [s for key, s in keyed if key not in current]
            members = {a for s in changed for a in s.articles}
            todo = [a for a in articles if a.id in members]
            facts = extract_missing(
                todo, {k: v for k, v in known.items() if k in members}, self.options
            )
            all_facts = _all_facts(articles, known, facts)
            index = resolve_entities(m for f in all_facts for m in f.entity_mentions)
            provenance = provenance_graph(articles, duplicates, canonical=index.canonical)
            alignments = align_all(
                changed, articles, all_facts, provenance, progress, self.options.n_process, index
            )
        report = Report(
            articles=tuple(todo),
            stories=tuple(alignments),
            errors=tuple(errors) + tuple(clean_errors),
            provenance=tuple(p for p in provenance if p.source in members),
        )
        replaced: dict[str, tuple[str, ...]] = {}
        for key, story in keyed:
            if key in current:
                continue
            hashes = {hash_of[a] for a in story.articles}
            replaced[key] = tuple(sorted(k for k, m in current.items() if m & hashes))
        return _Analysis(
            report=report_to_dict(report),
            facts={f.article: to_data(f) for f in facts if f.article not in known},
            replaced=replaced,
            snapshot=snapshot,
        )

    def _save_changes(
        self,
        conn: sa.Connection,
        run_id: int,
        analysis: _Analysis,
        previous: Mapping[str, JsonDict],
    ) -> None:
        now = _now()
        ids = _hash_of(analysis.report)
        for story in items(analysis.report.get("stories")):
            key = story_key([ids[str(a)] for a in story.get("articles") or ()])
            olds = analysis.replaced.get(key, ())
            # a set of articles grouped again as before is current again
            ss = tables.superseded_stories
            conn.execute(sa.delete(ss).where(ss.c.story_key == key))
            for old in olds:
                conn.execute(
                    sa.insert(tables.superseded_stories).values(
                        story_key=old, by_key=key, run_id=run_id
                    )
                )
            changes = story_changes(analysis.report, story, [previous[o] for o in olds])
            conn.execute(
                sa.insert(tables.story_changes).values(
                    run_id=run_id, story_key=key, created=now, previous=list(olds), changes=changes
                )
            )

    # the loop ----------------------------------------------------------------------------------

    def run(
        self,
        every: float,
        stop: threading.Event,
        on_poll: Callable[[PollResult], None],
        once: bool = False,
    ) -> None:
        """Poll every ``every`` seconds until ``stop`` is set (or once); a poll under way when
        ``stop`` is set finishes and commits first.  A poll that fails (the store unreachable)
        is logged and done again at the next interval."""
        while not stop.is_set():
            started = time.monotonic()
            try:
                on_poll(self.poll())
            except NewsweaveError as exc:  # the store is unreachable, say: try again later
                if once:
                    raise
                log.error("poll %d failed, nothing saved: %s", self.polls, exc)
            if once:
                return
            stop.wait(max(0.0, every - (time.monotonic() - started)))


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def _all_facts(
    articles: Sequence[Article], known: Mapping[str, ArticleFacts], found: Sequence[ArticleFacts]
) -> list[ArticleFacts]:
    """Facts in article order: found now, else stored, else empty (articles of unchanged
    stories whose facts were never stored only lend their entity names)."""
    by_id = {**known, **{f.article: f for f in found}}
    return [by_id.get(a.id) or ArticleFacts(article=a.id) for a in articles]
