"""Numeric facts across articles."""

from __future__ import annotations

from newsweave.align import align_story
from newsweave.models import Story

from .helpers import article, facts, quantity


def test_one_fact_shares_a_group_and_a_different_value_is_a_discrepancy() -> None:
    a = article(
        "a1",
        [
            "Putin mentioned that Russia could supply 2 million tons of aluminum "
            "annually to the United States if trade resumes."
        ],
    )
    b = article(
        "a2",
        [
            "The Kremlin leader added that Russia is ready to resume aluminium "
            "supplies to the US, selling 2 million tonnes."
        ],
    )
    c = article(
        "a3",
        [
            "Putin said Russia could supply 3 million tons of aluminum annually to the "
            "United States if trade resumes."
        ],
    )
    d = article(
        "a4",
        [
            "The two sides were closing in on such an agreement on Monday.",
            "It took two years of talks.",
        ],
    )
    qa = quantity(a, "2 million tons", 2e6, "tonne", "aluminum annually to the United States")
    qb = quantity(b, "2 million tonnes", 2e6, "tonne", "selling")
    qc = quantity(c, "3 million tons", 3e6, "tonne", "aluminum annually to the United States")
    qd = quantity(d, "two sides", 2, "count", "sides were closing in on such an agreement")
    arts = [a, b, c, d]
    out = align_story(
        Story("s1", ("a1", "a2", "a3", "a4")),
        arts,
        [
            facts(a, quantities=[qa]),
            facts(b, quantities=[qb]),
            facts(c, quantities=[qc]),
            facts(d, quantities=[qd]),
        ],
        use_model=False,
    )
    group = {q.article: q.group for q in out.quantities}
    assert group["a1"] is not None and group["a1"] == group["a2"]
    assert group["a4"] is None
    values = [d for d in out.discrepancies if d.kind == "value"]
    assert any({v.article for v in d.variants} == {"a1", "a3"} for d in values)
