"""An on-disk cache of fetched pages, so re-running over the same URLs does not fetch them again.

Only HTML pages are kept: feeds change, so they are fetched again on every run.  One entry per
URL (as requested): ``<dir>/<xx>/<sha256>.body`` holds the body and ``<sha256>.json`` the final
URL, status, headers, fetch date and the body's SHA-256.  Both are written through a temp file
and a rename, the body first, so a reader sees a whole entry or none; an entry whose body does
not match its recorded hash is ignored.  Entries do not expire (news articles rarely change once
fetched); delete the directory to start afresh.  A plain directory of files rather than
``requests-cache``/``hishel`` because only successful pages are kept, the format stays
inspectable, and there is no extra dependency.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .._dirs import http_cache_dir
from .._io import atomic_write_bytes, atomic_write_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fetched:
    """One successful response: what the cache stores and the readers turn into Documents."""

    url: str  #: the URL as requested
    final_url: str  #: after redirects
    status: int
    headers: dict[str, str] = field(hash=False)  #: lower-cased names
    body: bytes = field(repr=False)
    fetched_at: str = ""  #: ISO 8601 UTC time of the fetch
    from_cache: bool = False

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-cased ("text/html")."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def cache_dir(configured: str | None) -> Path:
    """The cache directory: ``configured``, else ``http/`` in the cache root
    (:func:`newsweave._dirs.http_cache_dir`)."""
    return http_cache_dir(configured)


def _paths(root: Path, url: str) -> tuple[Path, Path]:
    key = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
    base = root / key[:2] / key
    return base.with_suffix(".json"), base.with_suffix(".body")


def _age(fetched_at: str) -> float | None:
    """Seconds since ``fetched_at`` (ISO 8601), None when it cannot be read."""
    try:
        when = datetime.fromisoformat(fetched_at)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (datetime.now(UTC) - when).total_seconds()


def load(root: Path, url: str, max_age: float | None = None) -> Fetched | None:
    """The cached response for ``url``, or None (missing, unreadable or inconsistent entry, or
    fetched more than ``max_age`` seconds ago: news pages change, so old copies are fetched
    again and replaced)."""
    meta_path, body_path = _paths(root, url)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        body = body_path.read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or hashlib.sha256(body).hexdigest() != meta.get("sha256"):
        log.debug("ignoring an inconsistent cache entry for %s", url)
        return None
    if max_age is not None:
        age = _age(str(meta.get("fetched_at", "")))
        if age is None or age > max_age:
            log.debug("cache entry for %s is older than %s s", url, max_age)
            return None
    return Fetched(
        url=url,
        final_url=str(meta.get("final_url") or url),
        status=int(meta.get("status", 200)),
        headers={str(k): str(v) for k, v in dict(meta.get("headers") or {}).items()},
        body=body,
        fetched_at=str(meta.get("fetched_at", "")),
        from_cache=True,
    )


def store(root: Path, fetched: Fetched) -> None:
    """Keep ``fetched`` (body first, then the metadata that makes the entry visible)."""
    meta_path, body_path = _paths(root, fetched.url)
    meta = {
        "url": fetched.url,
        "final_url": fetched.final_url,
        "status": fetched.status,
        "headers": fetched.headers,
        "fetched_at": fetched.fetched_at,
        "sha256": hashlib.sha256(fetched.body).hexdigest(),
    }
    try:
        atomic_write_bytes(body_path, fetched.body)
        atomic_write_text(meta_path, json.dumps(meta, ensure_ascii=False, indent=1))
    except OSError as exc:
        log.warning("cannot write the HTTP cache in %s (%s); going on without it", root, exc)
