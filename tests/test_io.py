"""Atomic writes: the whole file or the old one, ordinary permissions, no temp files left."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from newsweave._io import atomic_write_text


def test_writes_whole_file_with_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "sub" / "r.json", "{}\n")
    finally:
        os.umask(old)
    path = tmp_path / "sub" / "r.json"
    assert path.read_text("utf-8") == "{}\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in path.parent.iterdir()] == ["r.json"]


def test_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text("old", "utf-8")
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(path, "half \ud800 written")
    assert path.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]
