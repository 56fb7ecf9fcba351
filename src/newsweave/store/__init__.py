"""Keep analysed articles and reports in SQLite or PostgreSQL, and read them back.

::

    store = Store.open("newsweave.db")            # or "postgresql://user@host/db"
    run_id = store.save_analysis(report, facts)   # a Report and its ArticleFacts, or:
    run_id = store.save_run(report_to_dict(report), facts={"a1": to_data(facts_a1)})
    store.known(document.content_hash)            # skip re-cleaning/re-extracting known inputs
    store.known_many(hashes)                      # the same for a batch, in one query
    store.article(content_hash), store.facts(content_hash)
    article, facts = store.load_article(content_hash, "a7")   # records, renamed for this run
    store.list_stories(); store.story("3f2a9c01b7d4"); store.report()
    store.close()

The store works on the report *dictionary* (:func:`newsweave.report.json.report_to_dict`), so
what it gives back renders with the same Markdown and HTML renderers as a live run, and
``store.report()`` equals the JSON of the run that saved it.  Every save is one transaction: an
exception half-way leaves the store as it was.  Tables and the reasons for their shape are in
:mod:`newsweave.store.schema`; versioned migrations, applied on open, in
:mod:`newsweave.store.migrations`.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import sqlalchemy as sa
from sqlalchemy import event

from .._stamp import extraction_stamp
from ..errors import StoreError
from ..models import Article, ArticleFacts, Metadata, Removed, Report
from ..report.briefing import story_first_published, story_headline, story_outlets
from ..report.json import report_to_dict
from ..serialize import from_data, to_data
from . import schema
from .migrations import LATEST, current_version, migrate

__all__ = ["Store", "StoreError", "current_facts", "engine_url", "story_key"]

log = logging.getLogger(__name__)

JsonDict = dict[str, Any]

#: key of the stamp (:func:`newsweave._stamp.extraction_stamp`) saved inside an article's facts
STAMP_KEY = "_stamp"


def current_facts(data: Any) -> JsonDict | None:
    """Stored facts (without their stamp) when the code in use made them, else None: facts
    extracted by another version of newsweave are not reused (see :mod:`newsweave._stamp`)."""
    if not isinstance(data, dict) or data.get(STAMP_KEY) != extraction_stamp():
        return None
    return _unstamped(data)


def _unstamped(data: JsonDict) -> JsonDict:
    return {k: v for k, v in data.items() if k != STAMP_KEY}


#: characters of a story key shown as its id
STORY_ID_LENGTH = 12
#: execution option marking a connection that will write
WRITE_OPTION = "newsweave_write"
#: PostgreSQL advisory lock key serialising newsweave writers ("nwst" in ASCII)
ADVISORY_LOCK = 0x6E777374
#: seconds a SQLite connection waits for another writer's lock before one attempt fails
BUSY_TIMEOUT = 60.0
#: seconds a save keeps retrying while another run holds the store (a long save of a big run)
SAVE_PATIENCE = 900.0


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def fingerprint(report: Mapping[str, Any]) -> str:
    """SHA-256 of the report's canonical JSON: equal reports, equal fingerprints."""
    return hashlib.sha256(json.dumps(report, sort_keys=True).encode("utf-8")).hexdigest()


def story_key(content_hashes: list[str]) -> str:
    """The key of the story told by articles with these content hashes (order does not count)."""
    return hashlib.sha256("\n".join(sorted(content_hashes)).encode("ascii")).hexdigest()


def article_hash(article: Mapping[str, Any]) -> str:
    """The article's content hash; articles without one are keyed by their source and body."""
    given = article.get("content_hash")
    if isinstance(given, str) and given:
        return given
    text = f"{article.get('source', '')}\n{article.get('body', '')}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def article_from_record(record: Mapping[str, Any], article_id: str, content_hash: str) -> Article:
    """An :class:`Article` from the report's article dictionary (``body`` split back into its
    paragraphs at blank lines)."""
    body = record.get("body") or ""
    metadata = Metadata(
        title=record.get("title"),
        outlet=record.get("outlet"),
        authors=tuple(record.get("authors") or ()),
        published=record.get("published"),
        syndicated_from=record.get("syndicated_from"),
        cited_sources=tuple(record.get("cited_sources") or ()),
    )
    return Article(
        id=article_id,
        source=str(record.get("source") or ""),
        paragraphs=tuple(body.split("\n\n")) if body else (),
        metadata=metadata,
        removed=tuple(
            Removed(text=str(r.get("text", "")), kind=str(r.get("kind", "other")))
            for r in record.get("removed") or ()
            if isinstance(r, dict)
        ),
        url=record.get("url"),
        content_hash=content_hash,
    )


def _renamed(data: Any, article_id: str) -> Any:
    """Facts data with every ``article`` field set to ``article_id``."""
    if isinstance(data, dict):
        return {
            k: article_id if k == "article" else _renamed(v, article_id) for k, v in data.items()
        }
    if isinstance(data, list):
        return [_renamed(v, article_id) for v in data]
    return data


def engine_url(url_or_path: str) -> sa.URL:
    """A SQLAlchemy URL for a SQLite path, ``sqlite:///…`` or ``postgresql://…`` (psycopg 3)."""
    if url_or_path.startswith(("postgresql://", "postgres://")):
        rest = url_or_path.split("://", 1)[1]
        return sa.make_url(f"postgresql+psycopg://{rest}")
    if "://" in url_or_path:
        return sa.make_url(url_or_path)
    return sa.URL.create("sqlite", database=str(Path(url_or_path)))


def _sqlite_transactions(engine: sa.Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, begin transactions, so DDL is transactional too
    (the recipe of SQLAlchemy's SQLite dialect documentation)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        # writers take the write lock up front: two writers never deadlock on an upgrade
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _check_sqlite_file(path: Path, shown: str) -> None:
    """Refuse, before any work, a SQLite location that could not be saved to: a missing folder,
    something that is not a file, a read-only file or folder (SQLite writes a journal beside
    the file)."""
    parent = path.parent
    if not parent.is_dir():
        raise StoreError(f"store {shown}: directory {parent} does not exist")
    if path.exists() and not path.is_file():
        raise StoreError(f"store {shown}: not a file")
    try:
        if path.exists():
            with path.open("r+b"):
                pass
        with tempfile.NamedTemporaryFile(prefix=f".{path.name}.", dir=parent):
            pass
    except OSError as exc:
        raise StoreError(
            f"store {shown}: cannot be written ({exc.strerror or exc}); newsweave saves each "
            "run in it"
        ) from exc


def _check_ours(conn: sa.Connection, shown: str) -> None:
    """Refuse a database holding tables newsweave did not make (another program's SQLite file
    given as ``--store``): newsweave would add its tables beside them."""
    ours = {t.name for t in (*schema.V1_TABLES, schema.schema_version)}
    found = set(sa.inspect(conn).get_table_names())
    foreign = sorted(found - ours)
    # a SQLite file is one application's; a PostgreSQL database may be shared on purpose
    if foreign and schema.schema_version.name not in found and conn.dialect.name == "sqlite":
        shown_tables = ", ".join(foreign[:5]) + (", …" if len(foreign) > 5 else "")
        raise StoreError(
            f"store {shown}: not a newsweave store (it holds the tables {shown_tables}); give a "
            "new file or one newsweave made"
        )
    if current_version(conn) > LATEST:
        raise StoreError(
            f"store {shown}: made by a newer newsweave (schema {current_version(conn)}, this "
            f"one knows {LATEST}); upgrade newsweave"
        )


def _busy(exc: sa.exc.SQLAlchemyError) -> bool:
    """Whether ``exc`` says another connection holds the database (SQLite)."""
    text = str(exc).lower()
    return isinstance(exc, sa.exc.OperationalError) and ("locked" in text or "busy" in text)


class Store:
    """A newsweave store; open it with :meth:`Store.open`."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine

    # --- opening --------------------------------------------------------------------------

    @classmethod
    def open(cls, url_or_path: str) -> Store:
        """Open (creating and migrating as needed) the store at a SQLite path or a
        ``postgresql://`` URL.  Raises :class:`StoreError` when it cannot be opened."""
        url = engine_url(url_or_path)
        shown = url.render_as_string(hide_password=True)
        sqlite = url.get_backend_name() == "sqlite"
        if sqlite and url.database not in (None, "", ":memory:"):
            _check_sqlite_file(Path(url.database or ""), shown)
        connect_args = {"timeout": BUSY_TIMEOUT} if sqlite else {}
        try:
            engine = sa.create_engine(url, json_serializer=_json, connect_args=connect_args)
        except ImportError as exc:
            if url.get_backend_name() != "postgresql":
                raise StoreError(f"store {shown}: not a usable database URL ({exc})") from exc
            raise StoreError(
                f"store {shown}: PostgreSQL needs psycopg, which the postgres extra installs: "
                f"pip install 'newsweave[postgres]' ({exc})"
            ) from exc
        except sa.exc.ArgumentError as exc:
            raise StoreError(
                f"store {shown}: not a usable database URL ({exc}); give a SQLite file path "
                "or postgresql://user:password@host/dbname"
            ) from exc
        if engine.dialect.name == "sqlite":
            _sqlite_transactions(engine)
        store = cls(engine)
        try:
            with store._read() as conn:
                _check_ours(conn, shown)
                pending = current_version(conn) < LATEST
            applied: list[int] = []
            if pending:  # a store up to date is not locked for writing just to be opened
                with store._write() as conn:
                    applied = migrate(conn)
        except StoreError:
            engine.dispose()
            raise
        except sa.exc.SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(
                f"store {shown}: cannot open or migrate ({exc.__class__.__name__}: "
                f"{str(exc).splitlines()[0]})"
            ) from exc
        if applied:
            log.info("store %s: migrated to version %d", shown, applied[-1])
        return store

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """One write transaction: committed when the block ends, rolled back on any exception.
        PostgreSQL writers queue on an advisory lock, SQLite ones on ``BEGIN IMMEDIATE``."""
        with self._engine.connect() as conn:
            conn = conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(ADVISORY_LOCK)))
                yield conn

    def transaction(self) -> AbstractContextManager[sa.Connection]:
        """One write transaction, for modules that keep tables of their own in the store
        (:mod:`newsweave.watch`): committed when the block ends, rolled back on any exception."""
        return self._write()

    def connection(self) -> AbstractContextManager[sa.Connection]:
        """A connection for reading (SQL errors become :class:`StoreError`)."""
        return self._read()

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        try:
            with self._engine.connect() as conn:
                yield conn
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"store read failed: {str(exc).splitlines()[0]}") from exc

    def schema_version(self) -> int:
        """The schema version of the database (:data:`~.migrations.LATEST` once opened)."""
        with self._read() as conn:
            return current_version(conn)

    # --- articles ---------------------------------------------------------------------------

    def known(self, content_hash: str) -> bool:
        """Whether an input with this content hash has been analysed and stored."""
        query = sa.select(schema.articles.c.content_hash).where(
            schema.articles.c.content_hash == content_hash
        )
        with self._read() as conn:
            return conn.execute(query).first() is not None

    def known_many(self, content_hashes: Iterable[str]) -> set[str]:
        """Which of these content hashes are stored (one query per thousand hashes)."""
        wanted = list(dict.fromkeys(content_hashes))
        found: set[str] = set()
        column = schema.articles.c.content_hash
        with self._read() as conn:
            for i in range(0, len(wanted), 1000):
                chunk = wanted[i : i + 1000]
                found.update(conn.execute(sa.select(column).where(column.in_(chunk))).scalars())
        return found

    def article(self, content_hash: str) -> JsonDict | None:
        """The stored article record (the report's article dictionary without ``id``)."""
        query = sa.select(schema.articles.c.record).where(
            schema.articles.c.content_hash == content_hash
        )
        with self._read() as conn:
            record = conn.execute(query).scalar()
        return dict(record) if isinstance(record, dict) else None

    def facts(self, content_hash: str) -> Any:
        """What extraction found in the article (as saved with :meth:`save_run`), or None."""
        query = sa.select(schema.articles.c.facts).where(
            schema.articles.c.content_hash == content_hash
        )
        with self._read() as conn:
            data = conn.execute(query).scalar()
        return _unstamped(data) if isinstance(data, dict) else data

    def load_article(
        self, content_hash: str, article_id: str
    ) -> tuple[Article, ArticleFacts | None] | None:
        """The stored article and its extracted facts as records, renamed ``article_id`` for
        the run asking (a known input skips cleaning and extraction); None when unknown."""
        query = sa.select(schema.articles.c.record, schema.articles.c.facts).where(
            schema.articles.c.content_hash == content_hash
        )
        with self._read() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        facts = current_facts(row.facts)
        if facts is None and isinstance(row.facts, dict):
            return None  # made by other code: cleaned and extracted again by this one
        article = article_from_record(dict(row.record), article_id, content_hash)
        if facts is None:
            return article, None
        return article, from_data(ArticleFacts, _renamed(facts, article_id))

    # --- saving -----------------------------------------------------------------------------

    def save_analysis(self, report: Report, facts: Iterable[ArticleFacts] = ()) -> int:
        """Save a pipeline :class:`Report` (and what extraction found in each article, so a
        later run can skip known inputs) in one transaction; the run's id."""
        return self.save_run(report_to_dict(report), facts={f.article: to_data(f) for f in facts})

    def save_run(
        self,
        report: Mapping[str, Any],
        article_hashes: Mapping[str, str] | None = None,
        facts: Mapping[str, Any] | None = None,
        also: Callable[[sa.Connection, int], None] | None = None,
    ) -> int:
        """Save one run's report in one transaction; the run's id.

        ``article_hashes`` maps article ids to content hashes (default: each article's
        ``content_hash``); ``facts`` maps article ids to their extracted facts as JSON-able data.
        Articles are keyed by content hash, and a report saved before is not saved again: saving
        the same report twice adds nothing and returns the first run's id.  ``also(conn,
        run_id)`` writes more in the same transaction.
        """
        data: JsonDict = json.loads(_json(report))  # plain JSON data; fails before any write
        hashes = {a["id"]: article_hash(a) for a in data.get("articles", [])}
        hashes.update(article_hashes or {})
        mark = fingerprint(data)
        deadline = time.monotonic() + SAVE_PATIENCE
        pause = 0.5
        while True:
            try:
                with self._write() as conn:
                    existing = conn.execute(
                        sa.select(schema.runs.c.id).where(schema.runs.c.fingerprint == mark)
                    ).scalar()
                    if existing is not None:
                        self._save_facts(conn, hashes, facts or {})
                        run_id = int(existing)
                    else:
                        run_id = self._insert_run(conn, data, hashes, mark, facts or {})
                    if also is not None:
                        also(conn, run_id)
                    return run_id
            except sa.exc.SQLAlchemyError as exc:
                if not _busy(exc) or time.monotonic() + pause > deadline:
                    raise StoreError(f"store write failed: {str(exc).splitlines()[0]}") from exc
                log.info("store busy (another run is saving): retrying in %.1f s", pause)
                time.sleep(pause)
                pause = min(2 * pause, 10.0)

    def _insert_run(
        self,
        conn: sa.Connection,
        report: JsonDict,
        hashes: Mapping[str, str],
        mark: str,
        facts: Mapping[str, Any],
    ) -> int:
        meta = {k: (None if k in ("articles", "stories") else v) for k, v in report.items()}
        result = conn.execute(
            sa.insert(schema.runs).values(fingerprint=mark, created=_now(), meta=meta)
        )
        key = result.inserted_primary_key
        if key is None:
            raise StoreError("the database returned no id for the new run")
        run_id = int(key[0])
        for position, article in enumerate(report.get("articles", [])):
            self._save_article(conn, run_id, position, article, hashes[article["id"]])
        self._save_facts(conn, hashes, facts)
        by_id = {a.get("id"): a for a in report.get("articles", []) if isinstance(a, dict)}
        for position, story in enumerate(report.get("stories", [])):
            # the story's own articles: the listing columns then cost one story, not the run
            members = [by_id[a] for a in story.get("articles", []) if a in by_id]
            self._save_story(conn, run_id, position, story, {"articles": members}, hashes)
        log.info("store: saved run %d", run_id)
        return run_id

    def _save_article(
        self, conn: sa.Connection, run_id: int, position: int, article: JsonDict, digest: str
    ) -> None:
        record = {k: v for k, v in article.items() if k != "id"}
        table = schema.articles
        stored = conn.execute(
            sa.select(table.c.record).where(table.c.content_hash == digest)
        ).scalar()
        if stored is None:
            conn.execute(
                sa.insert(table).values(
                    content_hash=digest,
                    source=str(record.get("source") or ""),
                    outlet=record.get("outlet"),
                    title=record.get("title"),
                    published=record.get("published"),
                    record=record,
                    first_seen=_now(),
                )
            )
        elif stored != record:
            # the newest rendering becomes the article's record; earlier runs keep theirs
            ra = schema.run_articles
            conn.execute(
                sa.update(ra)
                .where(ra.c.content_hash == digest, ra.c.record.is_(None))
                .values(record=stored)
            )
            conn.execute(
                sa.update(table).where(table.c.content_hash == digest).values(record=record)
            )
        conn.execute(
            sa.insert(schema.run_articles).values(
                run_id=run_id,
                position=position,
                article_id=str(article["id"]),
                content_hash=digest,
                record=sa.null(),  # SQL NULL: a JSON column stores a plain None as 'null'
            )
        )

    def _save_facts(
        self, conn: sa.Connection, hashes: Mapping[str, str], facts: Mapping[str, Any]
    ) -> None:
        table = schema.articles
        for article_id, data in facts.items():
            digest = hashes.get(article_id)
            if digest is None:
                raise StoreError(f"facts for {article_id!r}, which is not an article of the run")
            if isinstance(data, dict):
                data = {**data, STAMP_KEY: extraction_stamp()}
            conn.execute(sa.update(table).where(table.c.content_hash == digest).values(facts=data))

    def _save_story(
        self,
        conn: sa.Connection,
        run_id: int,
        position: int,
        story: JsonDict,
        report: JsonDict,
        hashes: Mapping[str, str],
    ) -> None:
        members = [hashes[a] for a in story.get("articles", []) if a in hashes]
        conn.execute(
            sa.insert(schema.stories).values(
                run_id=run_id,
                position=position,
                story_key=story_key(members),
                local_id=str(story.get("id", f"s{position + 1}")),
                headline=story_headline(report, story),
                n_articles=len(story.get("articles", [])),
                outlets=story_outlets(report, story),
                first_published=story_first_published(report, story),
                data=story,
            )
        )

    # --- reading ----------------------------------------------------------------------------

    def runs(self) -> list[JsonDict]:
        """Every saved run: id, created, number of articles and stories."""
        r, ra, st = schema.runs, schema.run_articles, schema.stories
        n_articles = sa.select(sa.func.count()).where(ra.c.run_id == r.c.id).scalar_subquery()
        n_stories = sa.select(sa.func.count()).where(st.c.run_id == r.c.id).scalar_subquery()
        query = sa.select(r.c.id, r.c.created, n_articles, n_stories).order_by(r.c.id)
        with self._read() as conn:
            return [
                {"id": row[0], "created": row[1], "n_articles": row[2], "n_stories": row[3]}
                for row in conn.execute(query)
            ]

    def report(self, run_id: int | None = None) -> JsonDict:
        """The report of run ``run_id`` (default: the newest), exactly as it was saved."""
        with self._read() as conn:
            run = self._run_row(conn, run_id)
            return self._rebuild(conn, run.id, run.meta)

    def _run_row(self, conn: sa.Connection, run_id: int | None) -> Any:
        r = schema.runs
        query = sa.select(r.c.id, r.c.meta)
        query = query.where(r.c.id == run_id) if run_id is not None else query
        row = conn.execute(query.order_by(r.c.id.desc()).limit(1)).first()
        if row is None:
            raise StoreError(
                "the store holds no runs yet: run `newsweave analyze … --store PATH` first"
                if run_id is None
                else f"no run {run_id} in the store"
            )
        return row

    def _rebuild(
        self, conn: sa.Connection, run_id: int, meta: JsonDict, only: set[str] | None = None
    ) -> JsonDict:
        ra, a = schema.run_articles, schema.articles
        query = (
            sa.select(ra.c.article_id, ra.c.record, a.c.record)
            .join(a, a.c.content_hash == ra.c.content_hash)
            .where(ra.c.run_id == run_id)
            .order_by(ra.c.position)
        )
        if only is not None and len(only) <= 1000:  # a story of a big run: its rows only
            query = query.where(ra.c.article_id.in_(sorted(only)))
        rows = conn.execute(query)
        articles = [
            {"id": aid, **(own if own is not None else shared)}
            for aid, own, shared in rows
            if only is None or aid in only
        ]
        st = schema.stories
        stories = (
            []
            if only is not None  # one story's report: the caller gives the story
            else [
                data
                for (data,) in conn.execute(
                    sa.select(st.c.data).where(st.c.run_id == run_id).order_by(st.c.position)
                )
            ]
        )
        out = copy.deepcopy(meta)
        out["articles"] = articles
        out["stories"] = stories
        return out

    def list_stories(self) -> list[JsonDict]:
        """Every stored story (the newest analysis of each set of articles), newest run first:
        id, headline, n_articles, outlets, first_published, run.  Stories that ``watch``
        replaced with a grown version are left out."""
        st = schema.stories
        query = sa.select(
            st.c.story_key,
            st.c.headline,
            st.c.n_articles,
            st.c.outlets,
            st.c.first_published,
            st.c.run_id,
            st.c.local_id,
        ).order_by(st.c.run_id.desc(), st.c.position)
        out = []
        with self._read() as conn:
            seen = set(conn.execute(sa.select(schema.superseded_stories.c.story_key)).scalars())
            for row in conn.execute(query):
                if row.story_key in seen:
                    continue
                seen.add(row.story_key)
                out.append(
                    {
                        "id": row.story_key[:STORY_ID_LENGTH],
                        "headline": row.headline,
                        "n_articles": row.n_articles,
                        "outlets": list(row.outlets),
                        "first_published": row.first_published,
                        "run": row.run_id,
                        "story": row.local_id,
                    }
                )
        return out

    def story(self, story_id: str) -> JsonDict:
        """A report dictionary holding one story and its articles.  ``story_id`` is a story's
        id from :meth:`list_stories` (or a unique prefix of it), or a story's id within the
        newest run ("s1")."""
        with self._read() as conn:
            run_id, data = self._find_story(conn, story_id)
            meta = conn.execute(
                sa.select(schema.runs.c.meta).where(schema.runs.c.id == run_id)
            ).scalar_one()
            members = set(data.get("articles", []))
            if isinstance(meta.get("provenance"), list):  # a big run's edges: not all copied
                meta = {
                    **meta,
                    "provenance": [
                        e
                        for e in meta["provenance"]
                        if isinstance(e, dict) and e.get("source") in members
                    ],
                }
            out = self._rebuild(conn, run_id, meta, only=members)
        out["stories"] = [data]
        if "errors" in out:  # inputs that failed belong to the run, not to one story
            out["errors"] = []
        if isinstance(out.get("provenance"), list):
            out["provenance"] = [
                e for e in out["provenance"] if isinstance(e, dict) and e.get("source") in members
            ]
        return out

    def _find_story(self, conn: sa.Connection, story_id: str) -> tuple[int, JsonDict]:
        st = schema.stories
        wanted = story_id.strip().lower()
        rows = []
        if wanted and all(c in "0123456789abcdef" for c in wanted):
            match = (  # a whole key is looked up by the index
                st.c.story_key == wanted
                if len(wanted) == 64
                else st.c.story_key.startswith(wanted, autoescape=True)
            )
            rows = list(
                conn.execute(
                    sa.select(st.c.story_key, st.c.run_id, st.c.data)
                    .where(match)
                    .order_by(st.c.run_id.desc())
                    .limit(1 if len(wanted) == 64 else None)
                )
            )
        keys = {row.story_key for row in rows}
        if len(keys) > 1:
            raise StoreError(f"story id {story_id!r} is ambiguous: give more characters")
        if rows:
            return int(rows[0].run_id), dict(rows[0].data)
        newest = conn.execute(sa.select(sa.func.max(schema.runs.c.id))).scalar()
        row = conn.execute(
            sa.select(st.c.run_id, st.c.data).where(
                st.c.run_id == newest, st.c.local_id == story_id
            )
        ).first()
        if row is None:
            raise StoreError(
                f"no story {story_id!r} in the store; `newsweave stories` lists the stored ones"
            )
        return int(row.run_id), dict(row.data)

    def counts(self) -> dict[str, int]:
        """Rows per table (for checks and ``newsweave stories`` footers)."""
        with self._read() as conn:
            return {
                t.name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
                for t in schema.V1_TABLES
            }
