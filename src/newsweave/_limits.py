"""Per-input time limits, so one pathological input cannot hang a batch.

Uses ``SIGALRM`` through :func:`signal.setitimer`: cheap, and able to interrupt pure-Python loops
and regular expressions.  Where signals are not available (not the main thread, or Windows) the
limit is not enforced and a debug line says so; the stages still bound their own work (capped
input size, bounded quote lengths).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from .errors import InputError

log = logging.getLogger(__name__)


class _Expired(Exception):
    pass


def _raise(signum: int, frame: FrameType | None) -> None:
    raise _Expired


@contextmanager
def time_limit(seconds: float | None, source: str) -> Iterator[None]:
    """Raise :class:`~newsweave.errors.InputError` for ``source`` when the block runs longer
    than ``seconds`` (None or 0: no limit)."""
    usable = (
        seconds
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, float(seconds or 0))
    try:
        yield
    except _Expired:
        raise InputError(
            source, f"took longer than the {seconds:g}-second limit (--time-limit)"
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
