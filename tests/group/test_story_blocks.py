from __future__ import annotations

from collections import Counter

import pytest

from newsweave.group.stories import StoryParams, _ordinal, cluster_stories
from newsweave.group.story_blocks import cluster_blocked, plan_blocks
from newsweave.models import Article

from ._data import article, records


def _basil() -> list[Article]:
    return [article(r, f"b{i}") for i, r in enumerate(records("basil"), start=1)]


def _ecb(topics: set[int]) -> tuple[list[Article], dict[str, str]]:
    recs = [r for r in records("ecbplus") if r["topic"] in topics]
    arts = [article(r, f"e{n}") for n, r in enumerate(recs, start=1)]
    return arts, {a.id: str(r["cluster"]) for a, r in zip(arts, recs, strict=True)}


def _partition(stories: tuple) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in stories}


def test_one_block_is_cluster_stories_with_dated_and_undated_articles() -> None:
    ecb, _ = _ecb({1, 7})
    arts = _basil()[:60] + ecb
    assert cluster_blocked(arts) == cluster_stories(arts)


def test_stories_cut_by_block_boundaries_are_joined_from_their_summaries() -> None:
    arts = _basil()
    local = cluster_stories(arts)
    days = [_ordinal(a.metadata.published) for a in arts]
    plan = plan_blocks(Counter(days), len(arts), StoryParams(), 10)
    block = {a.id: plan.block_of(d, n) for n, (a, d) in enumerate(zip(arts, days, strict=True))}
    cut = [s for s in local if len({block[a] for a in s.articles}) > 1]
    assert len(plan.lo) >= 10 and len(cut) >= 5  # BASIL's three outlets are days apart
    blocked = cluster_blocked(arts, block_size=10)
    assert _partition(blocked) == _partition(local)
    assert [s.id for s in blocked] == [s.id for s in local]  # numbered by first article


def test_undated_articles_cut_into_chunks_keep_their_events_apart() -> None:
    # ECB+ topics 1 and 7 (undated): two rehab stays, two fights of one boxer
    arts, gold = _ecb({1, 7})
    stories = cluster_blocked(arts, block_size=12)
    for s in stories:
        assert len({gold[a] for a in s.articles}) == 1
    assert len([s for s in stories if len(s.articles) >= 5]) >= 3


def test_plan_cuts_days_into_blocks_of_at_least_the_size() -> None:
    days: Counter[int | None] = Counter({700_000 + d: 3 for d in range(20)})
    days[None] = 8
    plan = plan_blocks(days, 68, StoryParams(), 10)
    assert plan.cuts == (700_004, 700_008, 700_012, 700_016)
    assert plan.lo[0] == 700_000 and plan.hi[-1] == 700_019
    assert plan.block_of(700_003, 0) == 0 and plan.block_of(700_004, 0) == 1
    assert plan.block_of(None, 0) == -1 and plan.block_of(None, 67) == plan.blocks[0]
    assert plan_blocks(days, 68, StoryParams(), 100).blocks == [0]
    with pytest.raises(ValueError, match="block size"):
        plan_blocks(days, 68, StoryParams(), 0)
