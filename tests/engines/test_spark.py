"""The Spark engine (local[2]) gives the same report as the in-process engine."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from newsweave import Options, analyze, report_to_dict

from ..conftest import EXAMPLE

pytest.importorskip("pyspark", reason="PySpark not installed: pip install 'newsweave[spark]'")
if shutil.which("java") is None:
    pytest.skip(
        "no Java runtime: Spark needs one (Debian: default-jre-headless)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def spark_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    from newsweave.engines.spark import run_spark

    tmp = tmp_path_factory.mktemp("spark")
    broken = tmp / "inputs" / "broken.txt"
    broken.parent.mkdir()
    broken.write_bytes(b"\x00\x01\x02" * 100)
    options = Options(engine="spark", spark_master="local[2]", progress=False)
    options = replace(options, extra={"parquet_dir": str(tmp / "parquet")})
    report = run_spark([str(EXAMPLE), str(broken)], options)
    return report_to_dict(report), tmp / "parquet"


def test_spark_equals_local_on_the_seeds(spark_run: tuple[dict[str, Any], Path]) -> None:
    broken = spark_run[0]["errors"][0]["source"]
    local = report_to_dict(analyze([str(EXAMPLE), broken], Options(progress=False)))
    assert spark_run[0] == local
    assert len(local["articles"]) == 5 and local["errors"][0]["reason"].startswith("looks binary")


def test_parquet_tables_are_written(spark_run: tuple[dict[str, Any], Path]) -> None:
    import pyarrow.parquet as pq

    parquet = spark_run[1]
    articles = pq.read_table(parquet / "articles")
    assert articles.num_rows == 5
    assert set(articles.column_names) >= {"id", "source", "body", "outlet"}
    assert pq.read_table(parquet / "stories").num_rows == len(spark_run[0]["stories"])
    assert pq.read_table(parquet / "quotes").num_rows == sum(
        len(s["quotes"]) for s in spark_run[0]["stories"]
    )


@pytest.fixture(scope="module")
def copies() -> list[Any]:
    """The seed articles and edited copies of them (every 7th word dropped; last paragraph cut)."""
    from newsweave.clean import clean_document
    from newsweave.models import Article, Document
    from newsweave.sources import read_inputs

    docs = [
        d for d in read_inputs([str(EXAMPLE)], Options(progress=False)) if isinstance(d, Document)
    ]
    articles = [clean_document(d, f"a{n + 1}") for n, d in enumerate(docs)]
    out: list[Article] = list(articles)
    for a in articles:
        edited = tuple(
            " ".join(w for k, w in enumerate(p.split(" ")) if k % 7 != 6) for p in a.paragraphs
        )
        out.append(replace(a, id=f"a{len(out) + 1}", paragraphs=edited))
        out.append(replace(a, id=f"a{len(out) + 1}", paragraphs=a.paragraphs[:-1]))
    return out


def test_distributed_near_duplicates_equal_local(
    spark_run: tuple[dict[str, Any], Path], copies: list[Any]
) -> None:
    from newsweave.engines.spark import spark_duplicates, spark_session
    from newsweave.group.duplicates import find_duplicates

    sc = spark_session("local[2]").sparkContext
    local = find_duplicates(copies)
    assert len(local) == 10  # each copy linked to its original
    assert spark_duplicates(sc.parallelize(copies, 3)) == local


def test_label_propagation_finds_the_components(spark_run: tuple[dict[str, Any], Path]) -> None:
    from newsweave.engines.spark import components, propagate_labels, spark_session

    sc = spark_session("local[2]").sparkContext
    pairs = sc.parallelize([(5, 9), (1, 2), (2, 7), (7, 9), (3, 4), (8, 10)], 2)
    expected = {1: 1, 2: 1, 5: 1, 7: 1, 9: 1, 3: 3, 4: 3, 8: 8, 10: 8}
    assert dict(propagate_labels(pairs, 2).collect()) == expected
    assert dict(components(pairs, 2).collect()) == expected


def test_distributed_stories_equal_the_blocked_clusterer_and_local(
    spark_run: tuple[dict[str, Any], Path],
) -> None:
    from newsweave.engines.spark import spark_session, spark_stories
    from newsweave.group.stories import cluster_stories
    from newsweave.group.story_blocks import cluster_blocked

    from ..group._data import article, records

    sc = spark_session("local[2]").sparkContext
    ecb = [r for r in records("ecbplus") if r["topic"] in {1, 7}]
    arts = [article(r, f"a{i}") for i, r in enumerate(records("basil") + ecb, start=1)]
    rdd = sc.parallelize(arts, 5)
    local = cluster_stories(arts)
    assert tuple(spark_stories(rdd).collect()) == local  # one block
    blocked = tuple(spark_stories(rdd, block_size=10).collect())  # 15 dated, 2 undated blocks
    assert blocked == cluster_blocked(arts, block_size=10)
    same = {frozenset(s.articles) for s in blocked} & {frozenset(s.articles) for s in local}
    assert len(same) >= len(local) - 3  # pieces of undated events are judged by summaries


def test_standard_input_is_read_on_the_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    """``-`` (standard input) exists only in the driver: it is read there, and the report
    equals the in-process one on the same bytes (executors once found it empty)."""
    import io
    import sys

    from newsweave.engines.spark import run_spark

    data = sorted(EXAMPLE.glob("*.txt"))[0].read_bytes()
    options = Options(engine="spark", spark_master="local[2]", progress=False)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    spark = report_to_dict(run_spark(["-"], options))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    local = report_to_dict(analyze(["-"], Options(progress=False)))
    assert spark["errors"] == [] and len(spark["articles"]) == 1
    assert spark == local


def test_binary_standard_input_is_a_one_line_error_on_spark(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io
    import sys

    from newsweave.engines.spark import run_spark

    options = Options(engine="spark", spark_master="local[2]", progress=False)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\x00\x01\x02" * 100)))
    report = report_to_dict(run_spark(["-", str(EXAMPLE)], options))
    assert [e["source"] for e in report["errors"]] == ["<stdin>"]
    assert "\n" not in report["errors"][0]["reason"]
    assert len(report["articles"]) == 5  # the rest of the batch goes on
