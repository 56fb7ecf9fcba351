"""The public API: __all__ names exist, nothing else is promised."""

from __future__ import annotations

import newsweave


def test_all_names_exist() -> None:
    for name in newsweave.__all__:
        assert hasattr(newsweave, name), name


def test_public_names_are_in_all() -> None:
    public = {n for n in dir(newsweave) if not n.startswith("_") and n[0].isupper()}
    assert public <= set(newsweave.__all__)
