"""A pathological input is stopped by the per-input time limit; the rest of the batch goes on."""

from __future__ import annotations

import time

import pytest

from newsweave._limits import time_limit
from newsweave.errors import InputError


def test_time_limit_interrupts_a_long_loop() -> None:
    expected = r"slow\.txt: took longer than the 0\.05-second limit"
    with pytest.raises(InputError, match=expected), time_limit(0.05, "slow.txt"):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            pass


def test_no_limit_and_fast_blocks_pass() -> None:
    with time_limit(None, "x"):
        pass
    with time_limit(5, "x"):
        total = sum(range(1000))
    assert total == 499500
