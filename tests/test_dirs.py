"""The cache directory rules, decided in one place (newsweave._dirs) for every cache."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsweave import _dirs
from newsweave.align import semantic
from newsweave.sources import cache


def test_newsweave_cache_wins_for_every_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(tmp_path / "nw"))
    assert semantic.cache_dir() == tmp_path / "nw"
    assert cache.cache_dir(None) == tmp_path / "nw" / "http"
    assert cache.cache_dir(str(tmp_path / "pages")) == tmp_path / "pages"  # --cache-dir wins


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG rules are Linux's")
def test_xdg_cache_home_on_linux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSWEAVE_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _dirs.cache_root() == tmp_path / "newsweave"
    assert cache.cache_dir(None) == tmp_path / "newsweave" / "http"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert _dirs.cache_root() == tmp_path / "home" / ".cache" / "newsweave"
