"""The optional configuration file: TOML, one table per command, keys named like the options.

::

    # ~/.config/newsweave/config.toml (Linux; see `newsweave --help` for the search order)
    [analyze]
    format = ["json", "md"]
    max_bytes = 10_000_000
    delay = 2.0

    [clean]
    time_limit = 10

Keys are an option's long name without the dashes (``max-bytes`` and ``max_bytes`` both work).
Values become click's ``default_map``, so an option given on the command line or in a
``NEWSWEAVE_<COMMAND>_<OPTION>`` environment variable wins over the file, and the file wins over
the built-in default.  Standard-library :mod:`tomllib` reads it; nothing here is hand-parsed.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from .errors import UsageError

#: environment variable naming the file (click's auto_envvar_prefix gives it for --config too)
ENV = "NEWSWEAVE_CONFIG"


def default_path() -> Path:
    """``config.toml`` in the user's configuration directory (``~/.config/newsweave`` on
    Linux, ``$XDG_CONFIG_HOME/newsweave`` when set)."""
    return user_config_path("newsweave", appauthor=False) / "config.toml"


def load(path: Path) -> dict[str, dict[str, Any]]:
    """The file as ``{command: {parameter: value}}``.

    Raises :class:`~newsweave.errors.UsageError` naming the file when it cannot be read, is not
    TOML, or holds something other than one table per command.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"config {path}: cannot be read ({exc.strerror or exc})") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"config {path}: not valid TOML ({exc})") from exc
    out: dict[str, dict[str, Any]] = {}
    for command, table in data.items():
        if not isinstance(table, dict):
            raise UsageError(
                f"config {path}: {command!r} should be a table ([{command}]) of option values"
            )
        out[command] = {key.replace("-", "_"): value for key, value in table.items()}
    return out


def find(explicit: str | None) -> Path | None:
    """The file to read: ``explicit`` (``--config`` or ``$NEWSWEAVE_CONFIG``), else the default
    path when it exists, else None."""
    if explicit:
        return Path(explicit).expanduser()
    configured = os.environ.get(ENV)
    if configured:
        return Path(configured).expanduser()
    path = default_path()
    return path if path.is_file() else None
