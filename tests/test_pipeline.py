"""The pipeline's wiring: stories aligned in worker processes equal those aligned in one."""

from __future__ import annotations

import itertools

from newsweave import Options
from newsweave.extract import extract_articles
from newsweave.models import Story
from newsweave.pipeline import align_all, clean_all
from newsweave.serialize import to_data
from newsweave.sources import read_inputs
from tests.conftest import EXAMPLE


def test_forked_alignment_equals_serial_alignment() -> None:
    articles, errors, _ = clean_all(read_inputs([str(EXAMPLE)], Options()), lambda *a: None)
    assert not errors and len(articles) == 5
    facts = extract_articles(articles)
    ids = [a.id for a in articles]
    # every pair of seed articles as a story of its own: ten two-article stories
    stories = [Story(f"s{n}", pair) for n, pair in enumerate(itertools.combinations(ids, 2))]
    progress: list[tuple[int, int]] = []
    serial = align_all(stories, articles, facts, [], lambda s, n, t: None, n_process=1)
    forked = align_all(stories, articles, facts, [], lambda s, n, t: progress.append((n, t)), 2)
    assert [a.story.id for a in forked] == [s.id for s in stories]
    assert to_data(forked) == to_data(serial)
    # progress counts articles (two a story here), so a big story moves the bar further
    assert sorted(progress) == [(2 * n, 2 * len(stories)) for n in range(1, len(stories) + 1)]
    assert any(q.group for a in serial for q in a.quotes)  # the stories do share quotes
