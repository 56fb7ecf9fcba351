"""The Apache Spark engine: the same stages as the in-process pipeline, run on a cluster.

``newsweave analyze … --engine spark --master URL`` runs

1. reading, cleaning and extraction as partition-wise transformations (the spaCy pipeline loads
   once per Python worker, through :func:`newsweave.extract.nlp.load_nlp`'s cache, and parses a
   partition in batches with ``nlp.pipe``);
2. near-duplicate detection and story clustering on the driver, over the collected clean
   articles, with the in-process functions (MinHash LSH and a time-blocked incremental
   clusterer), so both engines give the same stories.  A distributed similarity join (Spark
   ML's ``MinHashLSH``) is the next step for archives whose texts do not fit the driver;
3. alignment per story, distributed by story id, with the run-wide entity index broadcast.

Article ids follow the inputs' order exactly as in-process (Spark keeps partition order and
``zipWithIndex`` numbers the cleaned articles), so both engines give equal reports.  Output: the
same :class:`~newsweave.models.Report`, and, with ``Options.extra["parquet_dir"]``, Parquet tables
(articles, stories, quotes, quantities, claims, entities).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any

from pyspark import RDD
from pyspark.sql import SparkSession

from .._unicode import valid_unicode
from ..clean import clean_document
from ..errors import NewsweaveError
from ..extract import extract_article
from ..extract.entities import resolve_entities
from ..extract.nlp import parse
from ..group.duplicates import find_duplicates
from ..group.provenance import provenance_graph
from ..group.stories import cluster_stories
from ..models import Article, ArticleFacts, Document, InputError, Provenance, Report
from ..options import Options
from ..pipeline import Progress, align_one
from ..report.json import report_to_dict
from ..sources import read_inputs
from ..sources.files import iter_directory

__all__ = ["run_spark", "spark_session"]

log = logging.getLogger(__name__)

#: articles parsed together by one nlp.pipe call inside a partition
BATCH = 64


def spark_session(master: str) -> SparkSession:
    """A Spark session for ``master`` (``local[2]``, ``spark://host:7077``, ``yarn`` …)."""
    # workers run this interpreter (with newsweave installed) unless the cluster says otherwise
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName("newsweave")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.python.worker.reuse", "true")
        .config("spark.ui.showConsoleProgress", "false")
    )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def expand_units(inputs: Sequence[str]) -> list[str]:
    """Inputs cut into units that one task reads: a directory becomes its files; JSONL files,
    archives and URLs stay whole (their readers stream them)."""
    units: list[str] = []
    for source in inputs:
        path = Path(source)
        if path.is_dir():
            units.extend(file_source for _, file_source in iter_directory(path, source))
        else:
            units.append(source)
    return units


def _read_unit(unit: str, options: Options) -> list[Document | InputError]:
    return list(read_inputs([unit], replace(options, limit=None)))


def _clean(item: Document | InputError) -> Article | InputError:
    item = valid_unicode(item)  # as pipeline.clean_all: lone surrogates crash spaCy and writers
    if isinstance(item, InputError):
        return item
    try:
        return clean_document(item, "a0")
    except NewsweaveError as exc:
        return InputError(getattr(exc, "source", item.source), getattr(exc, "reason", str(exc)))


def _renumbered(article: Article | InputError, index: int) -> Article:
    assert isinstance(article, Article)
    return replace(article, id=f"a{index + 1}")


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _extract_partition(
    articles: Iterable[Article], min_quote_words: int
) -> Iterator[tuple[Article, ArticleFacts]]:
    for chunk in _chunks(articles, BATCH):
        docs = parse([a.body for a in chunk])
        for article, doc in zip(chunk, docs, strict=True):
            yield article, extract_article(article, doc, min_quote_words=min_quote_words)


def read_clean_extract(
    spark: SparkSession, inputs: Sequence[str], options: Options
) -> tuple[RDD[tuple[Article, ArticleFacts]], list[InputError]]:
    """Articles with their facts (ids ``a1``… in input order) and the inputs that failed."""
    sc = spark.sparkContext
    units = expand_units(inputs)
    slices = max(1, min(len(units), sc.defaultParallelism * 4))
    items = sc.parallelize(units, slices).flatMap(lambda u: _read_unit(u, options))
    numbered = items.zipWithIndex().cache()  # (item, position in input order)
    documents = numbered.filter(lambda p: isinstance(p[0], Document))
    last = None
    if options.limit is not None:
        limit = options.limit
        documents = documents.zipWithIndex().filter(lambda p: p[1] < limit).keys()
        kept = documents.values().collect()
        last = max(kept) if len(kept) == limit else None
    cleaned = documents.map(lambda p: (_clean(p[0]), p[1])).cache()
    failed: list[tuple[Any, int]] = numbered.filter(
        lambda p: isinstance(p[0], InputError)
    ).collect()
    failed += cleaned.filter(lambda p: isinstance(p[0], InputError)).collect()
    errors: list[InputError] = [
        e for e, i in sorted(failed, key=lambda p: p[1]) if last is None or i < last
    ]
    articles: RDD[Article] = (
        cleaned.keys()
        .filter(lambda x: isinstance(x, Article))
        .zipWithIndex()
        .map(lambda p: _renumbered(p[0], p[1]))
    )
    min_words = options.min_quote_words
    extracted = articles.mapPartitions(lambda part: _extract_partition(part, min_words)).cache()
    return extracted, errors


def spark_duplicates(spark: SparkSession, articles: Sequence[Article]) -> tuple[Provenance, ...]:
    """Near-duplicates.  Candidates come from the same detector the local engine uses, so both
    engines agree by construction."""
    return find_duplicates(articles)


def run_spark(inputs: Sequence[str], options: Options, progress: Progress | None = None) -> Report:
    """Analyse ``inputs`` on Spark; the report equals the in-process engine's."""
    spark = spark_session(options.spark_master)
    report_progress = progress or (lambda stage, done, total: None)
    extracted, errors = read_clean_extract(spark, inputs, options)
    pairs = extracted.collect()
    articles = [a for a, _ in pairs]
    facts = {f.article: f for _, f in pairs}
    report_progress("extract", len(articles), len(articles))
    duplicates = find_duplicates(articles)
    provenance = provenance_graph(articles, duplicates)
    stories = cluster_stories(articles)
    report_progress("group", len(articles), len(articles))
    index = resolve_entities(m for f in facts.values() for m in f.entity_mentions)
    sc = spark.sparkContext
    b_index = sc.broadcast(index)
    b_prov = sc.broadcast(tuple(provenance))
    story_of = {a: s.id for s in stories for a in s.articles}
    by_story = extracted.map(lambda p: (story_of[p[0].id], p)).groupByKey()
    stories_by_id = {s.id: s for s in stories}
    b_stories = sc.broadcast(stories_by_id)

    def align(item: tuple[str, Iterable[tuple[Article, ArticleFacts]]]) -> Any:
        story = b_stories.value[item[0]]
        members = {a.id: (a, f) for a, f in item[1]}
        ordered = [members[a] for a in story.articles]
        return align_one(
            story,
            [a for a, _ in ordered],
            [f for _, f in ordered],
            b_prov.value,
            b_index.value.canonical,
        )

    aligned = {al.story.id: al for al in by_story.map(align).collect()}
    report_progress("align", len(stories), len(stories))
    extracted.unpersist()
    report = Report(
        articles=tuple(articles),
        stories=tuple(aligned[s.id] for s in stories),
        errors=tuple(errors),
        provenance=tuple(provenance),
    )
    if options.store:
        from ..store import Store

        with Store.open(options.store) as store:
            store.save_analysis(report, list(facts.values()))
    parquet_dir = options.extra.get("parquet_dir")
    if parquet_dir:
        write_parquet(spark, report, parquet_dir)
    return report


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _rows(report: dict[str, Any]) -> dict[str, list[dict[str, str | None]]]:
    """The report as flat tables of text columns (lists and objects as JSON)."""
    tables: dict[str, list[dict[str, str | None]]] = {
        "articles": [{k: _text(v) for k, v in a.items()} for a in report["articles"]],
        "stories": [],
        "quotes": [],
        "quantities": [],
        "claims": [],
        "entities": [],
    }
    for story in report["stories"]:
        sid = story["id"]
        tables["stories"].append({"id": sid, "articles": _text(story["articles"])})
        for name in ("quotes", "quantities", "claims", "entities"):
            tables[name] += [
                {"story": sid, **{k: _text(v) for k, v in item.items()}} for item in story[name]
            ]
    return tables


def write_parquet(spark: SparkSession, report: Report, directory: str) -> None:
    """One Parquet table per record kind below ``directory`` (any Hadoop-compatible path)."""
    from pyspark.sql.types import StringType, StructField, StructType

    for name, rows in _rows(report_to_dict(report)).items():
        if not rows:
            continue
        columns = list(dict.fromkeys(k for row in rows for k in row))
        schema = StructType([StructField(c, StringType(), True) for c in columns])
        data = [tuple(row.get(c) for c in columns) for row in rows]
        spark.createDataFrame(data, schema).write.mode("overwrite").parquet(f"{directory}/{name}")
