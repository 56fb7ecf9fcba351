"""The extraction stage's entry point, and the seeds' gold through ../shared/tools/score.py."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from newsweave.errors import ExtractionError
from newsweave.extract import extract_article, extract_articles, parse, resolve_entities
from newsweave.models import Article, ArticleFacts, Metadata
from newsweave.report.json import (
    article_to_dict,
    date_to_dict,
    entity_to_dict,
    quantity_to_dict,
)

SHARED = Path(__file__).resolve().parents[3] / "shared"
PUBLISHED = {
    "000": "2025-02-24",
    "001": "2025-02-26",
    "002": None,
    "003": "2025-02-25",
    "004": "2025-02-25",
}


def need(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared not found ({path}): the shared gold sits beside the repo")
    return path


@pytest.fixture(scope="module")
def seeds() -> tuple[list[Article], list[ArticleFacts]]:
    gold = json.loads(need("gold", "seeds.json").read_text(encoding="utf-8"))
    articles = []
    for i, (name, g) in enumerate(sorted(gold["articles"].items()), 1):
        lines = (SHARED / "seeds" / name).read_text(encoding="utf-8").split("\n")
        paras = tuple(lines[n - 1].strip() for n in g["body_lines"] if lines[n - 1].strip())
        meta = Metadata(published=PUBLISHED.get(name[:3]))
        articles.append(Article(id=f"a{i}", source=name, paragraphs=paras, metadata=meta))
    return articles, extract_articles(articles, fallback_date="2025-02-25")


def test_entry_point_fills_every_field(seeds: tuple[list[Article], list[ArticleFacts]]) -> None:
    articles, facts = seeds
    assert [f.article for f in facts] == [a.id for a in articles]
    for article, f in zip(articles, facts, strict=True):
        body = article.body
        assert f.sentences and f.entity_mentions
        for rec in (*f.sentences, *f.entity_mentions, *f.quantities, *f.dates, *f.quotes):
            assert body[rec.start : rec.end] == rec.text or rec in f.quotes
        for s in f.sentences:
            assert "\n\n" not in s.text and s.text == s.text.strip()
    assert sum(len(f.quotes) for f in facts) > 0


def test_extract_article_checks_its_parse() -> None:
    article = Article(id="a1", source="x", paragraphs=("Putin spoke on Monday.",))
    (doc,) = parse(["Something else."])
    with pytest.raises(ExtractionError):
        extract_article(article, doc)


def test_seed_gold_scores(seeds: tuple[list[Article], list[ArticleFacts]], tmp_path: Path) -> None:
    articles, facts = seeds
    index = resolve_entities(m for f in facts for m in f.entity_mentions)
    # the report writer's own record converters: the scorer reads the same fields as always
    story: dict[str, Any] = {
        "id": "s1",
        "articles": [a.id for a in articles],
        "quantities": [quantity_to_dict(q) for f in facts for q in f.quantities],
        "dates": [date_to_dict(d) for f in facts for d in f.dates],
        "entities": [entity_to_dict(e) for e in index.entities],
        "quotes": [],
    }
    report = {"articles": [article_to_dict(a) for a in articles], "stories": [story]}
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            str(SHARED / "tools" / "score.py"),
            str(SHARED / "gold" / "seeds.json"),
            str(path),
            "--json",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    scores = json.loads(out.stdout)
    assert scores["quantities.recall"] >= 0.95
    assert scores["quantities.value_unit_accuracy"] >= 0.95
    assert scores["dates.resolved_accuracy"] >= 0.95
    # "Interfax" stands only in an optional line, outside the gold body lines
    assert scores["entities.resolution"] >= 0.9


def test_overlong_bodies_are_cut_at_a_paragraph() -> None:
    from newsweave.extract.nlp import _fitting

    body = "First paragraph here.\n\nSecond paragraph is longer than the limit."
    assert _fitting(body, 30) == "First paragraph here."
    assert _fitting(body, 1000) == body


def test_worker_processes_give_the_same_facts_in_the_same_order(
    seeds: tuple[list[Article], list[ArticleFacts]],
) -> None:
    articles, facts = seeds
    # 20 articles (enough for two workers): the seeds four times over, renamed
    many = [replace(a, id=f"{a.id}-{k}") for k in range(4) for a in articles]
    forked = extract_articles(many, n_process=2, fallback_date="2025-02-25")
    assert [f.article for f in forked] == [a.id for a in many]
    for f in forked:
        original = facts[[a.id for a in articles].index(f.article.split("-")[0])]
        assert f == replace(
            original,
            article=f.article,
            sentences=tuple(replace(s, article=f.article) for s in original.sentences),
            entity_mentions=tuple(replace(m, article=f.article) for m in original.entity_mentions),
            quotes=tuple(replace(q, article=f.article) for q in original.quotes),
            quantities=tuple(replace(q, article=f.article) for q in original.quantities),
            dates=tuple(replace(d, article=f.article) for d in original.dates),
        )


def test_an_article_past_the_time_limit_keeps_no_facts_and_the_batch_goes_on(
    seeds: tuple[list[Article], list[ArticleFacts]],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import time

    import newsweave.extract as extract

    articles, facts = seeds
    real = extract.extract_quotes

    def slow_on_a2(article_id: str, *args: Any, **kwargs: Any) -> Any:
        if article_id == "a2":
            time.sleep(5)  # stands for a pathological body: interrupted by the limit
        return real(article_id, *args, **kwargs)

    monkeypatch.setattr(extract, "extract_quotes", slow_on_a2)
    found = extract_articles(articles, fallback_date="2025-02-25", time_limit_s=0.5)
    assert [f.article for f in found] == [a.id for a in articles]
    assert found[1] == ArticleFacts(article="a2")
    assert found[0] == facts[0] and found[2] == facts[2]
    assert "a2" in caplog.text or articles[1].source in caplog.text
    assert "facts are left out" in caplog.text
