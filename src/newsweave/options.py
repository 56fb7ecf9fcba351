"""The one place where command-line flags and configuration become an :class:`Options` object.

Stages receive an ``Options`` (or the few fields they need), never a click context.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

Format = Literal["json", "md", "html", "jsonl", "csv", "quotes-csv"]
Engine = Literal["local", "spark"]


@dataclass(frozen=True)
class Options:
    """How one run behaves.  Every field has a sensible default."""

    formats: tuple[Format, ...] = ("json",)
    output: str | None = None  #: report path ("-" or None: stdout for a single text format)
    store: str | None = None  #: SQLite path or postgresql:// URL; None keeps nothing
    engine: Engine = "local"
    spark_master: str = "local[2]"
    n_process: int = 1  #: spaCy worker processes
    min_quote_words: int = 3  #: shorter quotations are kept as fragments
    limit: int | None = None  #: stop after this many inputs
    max_entries: int | None = 100  #: entries read from one feed, newest first (None: all)
    max_bytes: int = 20 * 1024 * 1024  #: per-input size cap (after decompression)
    time_limit: float = 60.0  #: seconds one input may take in cleaning and extraction (0: none)
    timeout: float = 20.0  #: per-request timeout for URLs, seconds
    retries: int = 2
    retry_backoff: float = 0.5  #: seconds before the first retry, doubling after each
    concurrency: int = 8
    allow_private: bool = False  #: allow URLs that resolve to private/loopback addresses
    respect_robots: bool = True
    politeness_delay: float = 1.0  #: seconds between two requests to one host
    cache_dir: str | None = None  #: HTTP cache; None: ~/.cache/newsweave
    cache_max_age: float = 86400.0  #: seconds a cached page is reused before it is fetched again
    user_agent: str = "newsweave/0.1 (+https://pypi.org/project/newsweave/)"
    progress: bool = True
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def with_(self, **changes: object) -> Options:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]
