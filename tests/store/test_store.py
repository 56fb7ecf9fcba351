"""The store, on SQLite and PostgreSQL alike: exact round trips, nothing saved twice,
idempotent migrations, and writes that are all or nothing."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest
import sqlalchemy as sa

from newsweave.errors import StoreError
from newsweave.store import Store, engine_url, migrations, schema
from tests.report.seed_report import build_seed_report, with_hostile_article


def as_json(report: dict[str, Any]) -> Any:
    return json.loads(json.dumps(report))


@pytest.fixture(scope="module")
def seed_report() -> dict[str, Any]:
    return build_seed_report()


@pytest.fixture()
def store(store_url: str) -> Any:
    with Store.open(store_url) as opened:
        yield opened


def test_round_trip_is_exact(store: Store, seed_report: dict[str, Any]) -> None:
    store.save_run(seed_report)
    assert store.report() == as_json(seed_report)


def test_round_trip_of_the_pipeline_report(store: Store, seeds_report: dict[str, Any]) -> None:
    store.save_run(seeds_report)
    assert store.report() == as_json(seeds_report)


def test_saving_again_adds_nothing(store: Store, seed_report: dict[str, Any]) -> None:
    first = store.save_run(seed_report)
    counts = store.counts()
    assert counts["articles"] == len(seed_report["articles"])
    assert store.save_run(seed_report) == first
    assert store.counts() == counts


def test_articles_are_keyed_by_content_hash(store: Store, seed_report: dict[str, Any]) -> None:
    facts = {"a1": {"article": "a1", "sentences": [], "quotes": []}}
    store.save_run(seed_report, facts=facts)
    article = seed_report["articles"][0]
    assert store.known(article["content_hash"])
    assert not store.known("0" * 64)
    hashes = [a["content_hash"] for a in seed_report["articles"]]
    assert store.known_many([*hashes, "0" * 64]) == set(hashes)
    record = store.article(article["content_hash"])
    assert record is not None and record["body"] == article["body"] and "id" not in record
    assert store.facts(article["content_hash"]) == facts["a1"]
    assert store.facts(seed_report["articles"][1]["content_hash"]) is None


def test_a_new_run_adds_only_new_articles(store: Store, seed_report: dict[str, Any]) -> None:
    store.save_run(seed_report)
    bigger = with_hostile_article(seed_report)
    second = store.save_run(bigger)
    counts = store.counts()
    assert counts["articles"] == len(seed_report["articles"]) + 1
    assert counts["runs"] == 2
    assert store.report() == as_json(bigger)
    assert store.report(run_id=second - 1) == as_json(seed_report)
    listed = store.list_stories()
    assert len(listed) == 2  # one story per set of articles, newest analysis of each
    assert listed[0]["run"] == second and listed[0]["n_articles"] == 6


def test_list_and_show_stories(store: Store, seed_report: dict[str, Any]) -> None:
    store.save_run(seed_report)
    (listed,) = store.list_stories()
    assert listed["headline"] == seed_report["articles"][0]["title"]
    assert listed["n_articles"] == 5
    assert "The Kyiv Independent" in listed["outlets"]
    assert listed["first_published"] == "2025-02-24"
    one = store.story(listed["id"])
    assert one["stories"] == as_json(seed_report)["stories"]
    assert [a["id"] for a in one["articles"]] == seed_report["stories"][0]["articles"]
    assert store.story(listed["id"][:6]) == one
    assert store.story("s1") == one
    with pytest.raises(StoreError, match="no story"):
        store.story("s9")


def test_an_interrupted_write_leaves_the_store_as_before(
    store: Store, seed_report: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_run(seed_report)
    counts, before = store.counts(), store.report()

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("interrupted half-way")

    # the run row and the new article are written, then saving the story fails
    monkeypatch.setattr(Store, "_save_story", fail)
    with pytest.raises(RuntimeError, match="half-way"):
        store.save_run(with_hostile_article(seed_report))
    assert store.counts() == counts
    assert store.report() == before
    assert not store.known(with_hostile_article(seed_report)["articles"][-1]["content_hash"])


def test_migrations_are_idempotent_and_pending_ones_apply(store_url: str) -> None:
    Store.open(store_url).close()
    Store.open(store_url).close()
    engine = sa.create_engine(engine_url(store_url))
    try:
        with engine.connect() as conn:
            versions = [r[0] for r in conn.execute(sa.select(schema.schema_version.c.version))]
        assert versions == [n for n, _ in migrations.MIGRATIONS]
        # a database left at version 1 gets the later migrations on open
        with engine.begin() as conn:
            conn.execute(
                sa.delete(schema.schema_version).where(schema.schema_version.c.version >= 2)
            )
            schema.story_key_index.drop(conn)
            for table in reversed(schema.V3_TABLES):
                table.drop(conn)
        with Store.open(store_url) as store:
            assert store.schema_version() == migrations.LATEST
        indexes = {ix["name"] for ix in sa.inspect(engine).get_indexes("stories")}
        assert "ix_stories_story_key" in indexes
        assert sa.inspect(engine).has_table("story_changes")
    finally:
        engine.dispose()


def test_an_empty_store_says_what_to_do(store: Store) -> None:
    assert store.list_stories() == []
    with pytest.raises(StoreError, match="no runs"):
        store.report()


def test_unusable_locations_raise_store_error(tmp_path: Any) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(str(tmp_path / "missing" / "x.db"))
    with pytest.raises(StoreError):
        Store.open("postgresql://nobody@127.0.0.1:1/none")


def test_a_known_article_loads_back_as_records(store: Store, seed_report: dict[str, Any]) -> None:
    from newsweave.models import ArticleFacts, Quote, Sentence
    from newsweave.report.json import article_to_dict
    from newsweave.serialize import to_data

    article = seed_report["articles"][1]
    body = article["body"]
    first = body.split("\n\n")[0]
    facts = ArticleFacts(
        article="a2",
        sentences=(Sentence("a2", 0, 0, len(first), first),),
        quotes=(Quote("q1", "a2", 0, 5, body[:5], "Vladimir Putin"),),
    )
    store.save_run(seed_report, facts={"a2": to_data(facts)})
    loaded = store.load_article(article["content_hash"], "a7")
    assert loaded is not None
    record, stored_facts = loaded
    assert record.id == "a7" and record.body == body
    assert {k: v for k, v in article_to_dict(record).items() if k != "id"} == {
        k: v for k, v in article.items() if k != "id"
    }
    assert stored_facts is not None and stored_facts.article == "a7"
    assert stored_facts.quotes[0].article == "a7" and stored_facts.quotes[0].text == body[:5]
    assert stored_facts.sentences[0].text == first
    assert store.load_article("0" * 64, "a1") is None


def test_save_analysis_takes_the_pipeline_records(
    store: Store, seed_report: dict[str, Any]
) -> None:
    from newsweave.models import (
        Article,
        ArticleFacts,
        Metadata,
        Quote,
        Report,
        Story,
        StoryAlignment,
    )
    from newsweave.report.json import report_to_dict

    articles = tuple(
        Article(
            id=a["id"],
            source=a["source"],
            paragraphs=tuple(a["body"].split("\n\n")),
            metadata=Metadata(title=a["title"], outlet=a["outlet"], published=a["published"]),
            content_hash=a["content_hash"],
        )
        for a in seed_report["articles"][:2]
    )
    text = "Nobody can demand anything from Russia"
    facts = [ArticleFacts(article="a1", quotes=(Quote("q1", "a1", 0, len(text), text, "Putin"),))]
    story = StoryAlignment(story=Story("s1", ("a1", "a2")), quotes=facts[0].quotes)
    report = Report(articles=articles, stories=(story,))
    store.save_analysis(report, facts)
    assert store.report() == as_json(report_to_dict(report))
    loaded = store.load_article(articles[0].content_hash, "a3")
    assert loaded is not None and loaded[1] is not None
    assert loaded[0].paragraphs == articles[0].paragraphs
    assert loaded[1].quotes[0].text == text and loaded[1].quotes[0].article == "a3"


def test_postgresql_without_psycopg_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as when the extra is not installed
    with pytest.raises(StoreError, match=r"pip install 'newsweave\[postgres\]'"):
        Store.open("postgresql://user@127.0.0.1:1/newsweave")


def test_facts_made_by_other_code_are_not_reused(
    store: Store, seed_report: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Facts carry the stamp of the code that extracted them: after an upgrade the article is
    read as unknown (cleaned and extracted again), while ``facts()`` still shows what is kept."""
    import newsweave.store as store_module

    facts = {"a1": {"article": "a1", "sentences": [], "quotes": []}}
    store.save_run(seed_report, facts=facts)
    digest = seed_report["articles"][0]["content_hash"]
    loaded = store.load_article(digest, "a1")
    assert loaded is not None and loaded[1] is not None
    monkeypatch.setattr(store_module, "extraction_stamp", lambda: "another version")
    assert store.load_article(digest, "a1") is None
    assert store.facts(digest) == facts["a1"]
    assert store_module.current_facts(store.facts(digest)) is None  # no stamp: not current


def test_a_rerun_after_an_upgrade_extracts_the_known_articles_again(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``analyze --store``: a second run reuses every stored article; after the extraction code
    changes (its stamp), the next run extracts them again, once, and saves the new facts."""
    import newsweave.pipeline as pipeline
    import newsweave.store as store_module
    from newsweave import Options, analyze
    from tests.conftest import EXAMPLE

    extracted: list[int] = []
    real = pipeline.extract_articles

    def counting(articles: Any, *args: Any, **kwargs: Any) -> Any:
        articles = list(articles)
        extracted.append(len(articles))
        return real(articles, *args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_articles", counting)
    options = Options(progress=False, store=str(tmp_path / "nw.db"))
    first = analyze([str(EXAMPLE)], options)
    analyze([str(EXAMPLE)], options)
    assert sum(extracted) == len(first.articles)  # the second run reused them all
    monkeypatch.setattr(store_module, "extraction_stamp", lambda: "after an upgrade")
    again = analyze([str(EXAMPLE)], options)
    analyze([str(EXAMPLE)], options)
    assert sum(extracted) == 2 * len(first.articles)  # once more, then reused again
    assert again.stories == first.stories
