"""Writing files so that nothing half-written is ever left behind: temp file, fsync, rename.

Atomic replacement is for regular files and new paths only.  Renaming a temporary file over a
character device (``/dev/null``), a FIFO or ``/dev/stdout`` would replace the device itself (as
root, for every program on the machine), so such targets are written directly; a symbolic link
to a regular file has its target replaced and stays a link.  :func:`check_writable` tries all of
this before a run starts, so a report that cannot be written is known before the analysis.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, TextIO, cast

__all__ = ["atomic_write_bytes", "atomic_write_text", "atomic_writer", "check_writable"]


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (a reader sees the old file or the whole new one)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _special(target: Path) -> bool:
    """Whether ``target`` exists and is no regular file (a device, a FIFO, a socket), or lives
    under /dev or /proc (``/dev/stdout`` may point at a regular file the shell opened)."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) or str(target).startswith(("/dev/", "/proc/"))


def _resolved(target: Path) -> Path:
    """A symbolic link's final target (replaced instead of the link), else ``target``."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


@contextlib.contextmanager
def _atomic(path: str | Path, mode: str) -> Iterator[IO[Any]]:
    """``path`` opened for writing in ``mode`` ("wb" or "w", UTF-8): a temporary file beside it
    that replaces it whole when the block ends and is removed when the block raises; a device
    or FIFO is written as it is."""
    encoding = None if "b" in mode else "utf-8"
    target = Path(path)
    if _special(target):
        with open(target, mode, encoding=encoding) as direct:
            yield direct
        return
    target = _resolved(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # what open() would give; mkstemp makes it 0600
        with os.fdopen(fd, mode, encoding=encoding) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    with _atomic(path, "wb") as fh:
        fh.write(data)


@contextlib.contextmanager
def atomic_writer(path: str | Path) -> Iterator[TextIO]:
    """A UTF-8 text file to write ``path`` through piece by piece (a stream of JSON lines): it
    appears under its name whole when the block ends, and not at all when the block raises."""
    with _atomic(path, "w") as fh:
        yield cast(TextIO, fh)


def check_writable(path: str | Path) -> str | None:
    """Why ``path`` could not be written (one line), or None when it can: a device or FIFO must
    be writable, a directory is refused, and for a file the folder is created as needed and a
    temporary file made and removed in it (what :func:`atomic_write_bytes` will do)."""
    target = Path(path)
    if target.is_dir():
        return f"{target} is a directory"
    if _special(target):
        return None if os.access(target, os.W_OK) else f"{target} is not writable"
    target = _resolved(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(prefix=f".{target.name}.", dir=target.parent):
            pass
    except OSError as exc:
        where = exc.filename or target.parent
        return f"cannot write in {where} ({exc.strerror or exc})"
    if target.exists() and not os.access(target, os.W_OK):
        return f"{target} is read-only"
    return None
