"""Claims, independence folding and unique sentences on real seed sentences."""

from __future__ import annotations

from newsweave.align import align_story
from newsweave.models import Provenance, Story

from .helpers import article, facts

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
