"""Where newsweave keeps files of its own: the one place that decides it.

The cache root is ``$NEWSWEAVE_CACHE`` when set, else the platform's user cache directory from
platformdirs (``$XDG_CACHE_HOME/newsweave`` or ``~/.cache/newsweave`` on Linux,
``~/Library/Caches/newsweave`` on macOS, ``%LOCALAPPDATA%\\newsweave\\Cache`` on Windows).
Derived model files live at its top; fetched pages in ``http/`` below it unless ``--cache-dir``
names another directory.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path

APP = "newsweave"


def cache_root() -> Path:
    """``$NEWSWEAVE_CACHE``, else the platform's user cache directory for newsweave."""
    configured = os.environ.get("NEWSWEAVE_CACHE")
    if configured:
        return Path(configured).expanduser()
    return user_cache_path(APP, appauthor=False)


def http_cache_dir(configured: str | None = None) -> Path:
    """The cache of fetched pages: ``configured`` (``--cache-dir``), else ``<cache root>/http``."""
    if configured:
        return Path(configured).expanduser()
    return cache_root() / "http"
