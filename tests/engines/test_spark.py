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
