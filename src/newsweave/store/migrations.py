"""Versioned schema: numbered migrations, applied in order, each recorded in ``schema_version``.

Written here rather than with Alembic because the store has a handful of tables and migrations
must run on open, in-process, for SQLite files and PostgreSQL alike: a list of functions and one
bookkeeping table do that without a migration environment on disk.

A migration is a function of a connection inside the open transaction; the version row is
written in the same transaction, so a migration that fails leaves the schema as it was (on
PostgreSQL and for SQLite's transactional DDL).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa

from . import schema

log = logging.getLogger(__name__)

Migration = Callable[[sa.Connection], None]


def _v1_tables(conn: sa.Connection) -> None:
    """Articles keyed by content hash, runs, each run's article ids, stories."""
    for table in schema.V1_TABLES:
        if not sa.inspect(conn).has_table(table.name):
            conn.execute(sa.schema.CreateTable(table))


def _v2_story_key_index(conn: sa.Connection) -> None:
    """Stories are looked up by key (``newsweave show``)."""
    schema.story_key_index.create(conn, checkfirst=True)


def _v3_watch_tables(conn: sa.Connection) -> None:
    """What ``newsweave watch`` keeps: sources' validators, replaced stories, story changes."""
    for table in schema.V3_TABLES:
        if not sa.inspect(conn).has_table(table.name):
            conn.execute(sa.schema.CreateTable(table))
            for index in table.indexes:
                index.create(conn)


#: (version, migration) in order; append new ones, never edit applied ones
MIGRATIONS: tuple[tuple[int, Migration], ...] = (
    (1, _v1_tables),
    (2, _v2_story_key_index),
    (3, _v3_watch_tables),
)

LATEST = MIGRATIONS[-1][0]


def current_version(conn: sa.Connection) -> int:
    """The highest applied migration, 0 for an empty database."""
    if not sa.inspect(conn).has_table(schema.schema_version.name):
        return 0
    version = conn.execute(sa.select(sa.func.max(schema.schema_version.c.version))).scalar()
    return int(version or 0)


def migrate(conn: sa.Connection) -> list[int]:
    """Apply every pending migration on ``conn`` (inside its transaction); the versions applied."""
    if not sa.inspect(conn).has_table(schema.schema_version.name):
        conn.execute(sa.schema.CreateTable(schema.schema_version))
    version = current_version(conn)
    applied = []
    for number, migration in MIGRATIONS:
        if number <= version:
            continue
        log.info("store: applying migration %d (%s)", number, migration.__doc__ or "")
        migration(conn)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        conn.execute(sa.insert(schema.schema_version).values(version=number, applied_at=now))
        applied.append(number)
    return applied
