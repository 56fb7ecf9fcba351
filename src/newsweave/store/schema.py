"""The store's tables (SQLAlchemy Core), one dialect-neutral definition for SQLite and PostgreSQL.

Layout, and why:

* ``articles`` is keyed by the input's content hash, so the same page read twice is stored once
  and a later run can ask "have we analysed this already" (:meth:`Store.known`).  ``record`` is
  the article as the report writes it (minus the run-specific ``id``), ``facts`` what extraction
  found in it (:class:`~newsweave.models.ArticleFacts` as plain data), so a later run can skip
  cleaning and extraction for it.
* ``runs`` holds one row per saved report, with the report's top-level fields other than its
  articles and stories (``meta``) and a fingerprint of the whole report: saving the same report
  again adds nothing.
* ``run_articles`` gives each run its article ids ("a1" …) in order; ``record`` is filled only when
  this run's rendering of the article differs from ``articles.record``, so every run's report is
  rebuilt exactly.
* ``stories`` holds every run's stories as JSON plus the few columns a listing needs.  A story's
  ``story_key`` is a hash of its articles' content hashes: the same set of articles analysed
  again (by a newer version, say) is the same story, and listings show its newest analysis.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", sa.String(40), nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("content_hash", sa.String(64), primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("outlet", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.String(40)),
    sa.Column("record", sa.JSON, nullable=False),
    sa.Column("facts", sa.JSON),
    sa.Column("first_seen", sa.String(40), nullable=False),
)

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("fingerprint", sa.String(64), nullable=False, unique=True),
    sa.Column("created", sa.String(40), nullable=False),
    sa.Column("meta", sa.JSON, nullable=False),
)

run_articles = sa.Table(
    "run_articles",
    metadata,
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("article_id", sa.Text, nullable=False),
    sa.Column(
        "content_hash", sa.String(64), sa.ForeignKey("articles.content_hash"), nullable=False
    ),
    sa.Column("record", sa.JSON),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("story_key", sa.String(64), nullable=False),
    sa.Column("local_id", sa.Text, nullable=False),
    sa.Column("headline", sa.Text),
    sa.Column("n_articles", sa.Integer, nullable=False),
    sa.Column("outlets", sa.JSON, nullable=False),
    sa.Column("first_published", sa.String(40)),
    sa.Column("data", sa.JSON, nullable=False),
    sa.UniqueConstraint("run_id", "position", name="uq_stories_run_position"),
)

#: added by migration 2 (listings and ``show`` look stories up by key)
story_key_index = sa.Index("ix_stories_story_key", stories.c.story_key)

#: the tables of migration 1, in creation order
V1_TABLES = (articles, runs, run_articles, stories)

# --- migration 3: what ``newsweave watch`` keeps between polls (see newsweave.watch) ----------

#: one row per watched source: its HTTP validators (ETag, Last-Modified) or its files' sizes and
#: modification times, written in the same transaction as the articles it brought, so a poll
#: killed before its commit is simply done again
watch_sources = sa.Table(
    "watch_sources",
    metadata,
    sa.Column("source", sa.Text, primary_key=True),
    sa.Column("state", sa.JSON, nullable=False),
    sa.Column("polled", sa.String(40), nullable=False),
    sa.Column("changed", sa.String(40)),
)

#: a story re-analysed because its articles changed replaces the stories it grew from; listings
#: show only stories that nothing replaced
superseded_stories = sa.Table(
    "superseded_stories",
    metadata,
    sa.Column("story_key", sa.String(64), primary_key=True),
    sa.Column("by_key", sa.String(64), primary_key=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
)

#: what changed in a story at one poll: new articles, outlets, confirmed claims, discrepancies,
#: quotes (JSON, see :func:`newsweave.watch.story_changes`)
story_changes = sa.Table(
    "story_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
    sa.Column("story_key", sa.String(64), nullable=False, index=True),
    sa.Column("created", sa.String(40), nullable=False),
    sa.Column("previous", sa.JSON, nullable=False),
    sa.Column("changes", sa.JSON, nullable=False),
)

#: the tables of migration 3, in creation order
V3_TABLES = (watch_sources, superseded_stories, story_changes)
