"""The Apache Spark engine: the same stages as the in-process pipeline, run on a cluster.

``newsweave analyze … --engine spark --master URL`` runs

1. reading, cleaning and extraction as partition-wise transformations (the spaCy pipeline loads
   once per Python worker, through :func:`newsweave.extract.nlp.load_nlp`'s cache, and parses a
   partition in batches with ``nlp.pipe``);
2. near-duplicate detection as a distributed similarity join (:func:`spark_duplicates`): the
   same MinHash signatures as :mod:`newsweave.group.duplicates` (CRC-32 shingle hashes, so every
   worker computes the same values) are cut into the same LSH bands inside ``mapPartitions``;
   articles that share a (band, bucket) key meet in one group of a shuffle and are linked
   (each to the bucket's first member: linear in the bucket, where candidate pairs would grow
   with its square); the links are split into connected components (label propagation, a join
   per round), and each component gets its candidate pairs listed, verified and its copies
   linked to their original on an executor with the local code's functions in the local code's
   order; the driver receives the ``duplicate_of`` edges.
   Why not Spark ML's ``MinHashLSH``: it hashes with its own random functions and thresholds on
   Jaccard distance, so its pairs differ from the in-process engine's and the two reports would
   disagree;
3. story clustering by time blocks (:func:`spark_stories`, :mod:`newsweave.group.story_blocks`):
   run-wide term statistics as a distributed count, each block of days clustered in one task
   with the in-process clusterer, the pieces of stories that cross a block boundary joined on
   the driver from their summaries (summed term vectors, sizes, date spans), ids given by a
   distributed sort: the driver never holds the articles for it;
4. alignment per story, distributed by story id, with the run-wide entity index broadcast.

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
from collections import Counter
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
from ..group.duplicates import (
    band_keys,
    body_words,
    candidates,
    link_copies,
    verify_pairs,
)
from ..group.provenance import provenance_graph
from ..group.stories import StoryParams, _ordinal, article_features
from ..group.story_blocks import (
    BLOCK_SIZE,
    BlockPlan,
    BlockStory,
    cluster_block,
    edges_between,
    merge_pieces,
    pair_keys,
    plan_blocks,
    story_order,
)
from ..models import Article, ArticleFacts, Document, InputError, Provenance, Report, Story
from ..options import Options
from ..pipeline import Progress, align_one
from ..report.json import report_to_dict
from ..sources import read_inputs
from ..sources.files import STDIN, iter_directory, read_stdin

__all__ = [
    "link_component",
    "read_clean",
    "read_clean_extract",
    "run_spark",
    "spark_duplicates",
    "spark_session",
    "spark_stories",
]

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


#: what one task reads: an input's name, or what the driver already read (standard input)
Unit = str | list[Document | InputError]


def expand_units(inputs: Sequence[str], max_bytes: int) -> list[Unit]:
    """Inputs cut into units that one task reads: a directory becomes its files; JSONL files,
    archives and URLs stay whole (their readers stream them); standard input (``-``), which
    only the driver has, is read there and its documents become the unit."""
    units: list[Unit] = []
    for source in inputs:
        path = Path(source)
        if source == STDIN:
            units.append(list(read_stdin(max_bytes)))
        elif path.is_dir():
            units.extend(file_source for _, file_source in iter_directory(path, source))
        else:
            units.append(source)
    return units


def _read_unit(unit: Unit, options: Options) -> list[Document | InputError]:
    if not isinstance(unit, str):
        return unit
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
        docs = parse([a.body for a in chunk], batch_size=16)  # as extract_articles
        for article, doc in zip(chunk, docs, strict=True):
            yield article, extract_article(article, doc, min_quote_words=min_quote_words)


def _spread(numbered: RDD[tuple[Any, int]], parts: int) -> RDD[tuple[Any, int]]:
    """``(item, position)`` pairs cut into ``parts`` contiguous ranges of positions, in order:
    a single big JSONL file or archive is read by one task, but is cleaned and parsed by all."""
    total = numbered.count()
    if total < 2 * parts:
        return numbered
    by_position = numbered.map(lambda p: (p[1], p[0])).partitionBy(
        parts, lambda pos: pos * parts // total
    )
    return by_position.mapPartitions(lambda it: ((x, pos) for pos, x in sorted(it, key=_first)))


def _first(pair: tuple[int, Any]) -> int:
    return pair[0]


def read_clean(
    spark: SparkSession, inputs: Sequence[str], options: Options
) -> tuple[RDD[Article], list[InputError]]:
    """Clean articles (ids ``a1``… in input order, as in-process) and the inputs that failed."""
    sc = spark.sparkContext
    units = expand_units(inputs, options.max_bytes)
    target = sc.defaultParallelism * 4
    slices = max(1, min(len(units), target))
    items = sc.parallelize(units, slices).flatMap(lambda u: _read_unit(u, options))
    numbered = items.zipWithIndex().cache()  # (item, position in input order)
    if len(units) < 2 * sc.defaultParallelism:
        numbered = _spread(numbered, target).cache()
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
    return articles, errors


def read_clean_extract(
    spark: SparkSession, inputs: Sequence[str], options: Options
) -> tuple[RDD[tuple[Article, ArticleFacts]], list[InputError]]:
    """Articles with their facts (ids ``a1``… in input order) and the inputs that failed."""
    articles, errors = read_clean(spark, inputs, options)
    min_words = options.min_quote_words
    extracted = articles.mapPartitions(lambda part: _extract_partition(part, min_words)).cache()
    return extracted, errors


# --- near-duplicates: a distributed similarity join with the in-process detector's results ---

BandKey = tuple[int, bytes]


def _band_keys(
    part: Iterable[tuple[Article, int]], threshold: float, num_perm: int
) -> Iterator[tuple[BandKey, int]]:
    """``((band, bucket), position)`` for each LSH band of each article long enough to count:
    the keys by which ``group.duplicates`` buckets its candidates."""
    for article, i in part:
        for key in band_keys(body_words(article.body), threshold, num_perm):
            yield key, i


def _star(members: Iterable[int]) -> Iterator[tuple[int, int]]:
    ordered = sorted(set(members))
    return ((ordered[0], j) for j in ordered[1:])


def bucket_links(
    indexed: RDD[tuple[Article, int]], threshold: float, num_perm: int, parts: int
) -> RDD[tuple[int, int]]:
    """Distinct links ``(i, j)``, ``i < j``, that join every LSH bucket's members into one
    component: each member to the bucket's first, so that a bucket of m articles gives m - 1
    links, not its m(m-1)/2 candidate pairs (those are listed inside each component, by the
    in-process code).  One shuffle on the (band, bucket) keys."""
    keys = indexed.mapPartitions(lambda part: _band_keys(part, threshold, num_perm))
    return keys.groupByKey(parts).flatMap(lambda kv: _star(kv[1])).distinct(parts)


def _min_label(pair: tuple[int, tuple[int, int]]) -> tuple[int, int]:
    return pair[1][0], pair[1][1]


#: link graphs with at most this many links are split into components on the driver
DRIVER_PAIRS = 1_000_000


def components(
    pairs: RDD[tuple[int, int]], parts: int, driver_pairs: int = DRIVER_PAIRS
) -> RDD[tuple[int, int]]:
    """``(vertex, component)`` for every vertex of the graph ``pairs`` (the component's smallest
    vertex).  Up to ``driver_pairs`` pairs (integers only: about 200 MB of Python objects at
    most) are streamed to the driver and joined by union-find there: each round of the
    distributed way costs a few jobs; beyond that the labels propagate on the executors."""
    if pairs.count() <= driver_pairs:
        parent: dict[int, int] = {}
        for i, j in pairs.toLocalIterator():
            parent.setdefault(i, i)
            parent.setdefault(j, j)
            a, b = _root(parent, i), _root(parent, j)
            parent[max(a, b)] = min(a, b)
        labels = [(v, _root(parent, v)) for v in parent]
        return pairs.context.parallelize(labels, parts)
    return propagate_labels(pairs, parts)


def propagate_labels(pairs: RDD[tuple[int, int]], parts: int) -> RDD[tuple[int, int]]:
    """:func:`components` distributed, by label propagation: each round a join sends every label
    to the neighbours, and rounds go on until no label changes (as many rounds as the widest
    component is deep)."""
    edges = pairs.flatMap(lambda p: (p, (p[1], p[0]))).partitionBy(parts).cache()
    labels = edges.map(lambda e: (e[0], min(e))).reduceByKey(min, parts).cache()
    rounds = 0
    while True:
        rounds += 1
        sent = edges.join(labels, parts).map(_min_label)
        new = sent.union(labels).reduceByKey(min, parts).cache()
        changed = new.join(labels, parts).filter(lambda kv: kv[1][0] != kv[1][1]).count()
        labels.unpersist()
        labels = new
        if not changed:
            break
    edges.unpersist()
    log.debug("candidate components in %d rounds", rounds)
    return labels


def _root(parent: dict[int, int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def link_component(
    members: Iterable[tuple[int, Article]], threshold: float, num_perm: int
) -> list[tuple[int, Provenance]]:
    """One component of the bucket links: its candidate pairs listed, verified and its copies
    linked to their originals exactly as ``group.duplicates.find_duplicates`` does
    (:func:`~newsweave.group.duplicates.candidates`, :func:`~newsweave.group.duplicates.
    verify_pairs`, :func:`~newsweave.group.duplicates.link_copies` over the component's articles
    in input order: two articles sharing a bucket, hence a copy group, never leave one
    component); ``(position, edge)`` of each copy."""
    ordered = sorted(members, key=lambda m: m[0])
    articles = [a for _, a in ordered]
    words = [body_words(a.body) for a in articles]
    pairs = candidates(words, threshold, num_perm)
    texts = {k: a.body for k, a in enumerate(articles)}
    verified = verify_pairs(pairs, dict(enumerate(words)), texts, threshold)
    position = {a.id: pos for pos, a in ordered}
    return [(position[e.source], e) for e in link_copies(articles, verified)]


def spark_duplicates(
    rdd: RDD[Article], *, threshold: float = 0.8, num_perm: int = 128
) -> tuple[Provenance, ...]:
    """Near-duplicates of ``rdd`` (in input order) computed on the cluster; equal to
    ``group.duplicates.find_duplicates(rdd.collect(), threshold=…, num_perm=…)``.  The driver
    receives the edges only (and, up to :data:`DRIVER_PAIRS`, the bucket links)."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    parts = 2 * rdd.context.defaultParallelism  #: shuffle partitions
    indexed = rdd.zipWithIndex()
    links = bucket_links(indexed, threshold, num_perm, parts).cache()
    labels = components(links, parts)
    members = indexed.map(lambda p: (p[1], p[0])).join(labels, parts)
    edges = (
        members.map(lambda kv: (kv[1][1], (kv[0], kv[1][0])))
        .groupByKey(parts)
        .flatMap(lambda kv: link_component(kv[1], threshold, num_perm))
        .collect()
    )
    links.unpersist()
    labels.unpersist()
    return tuple(e for _, e in sorted(edges, key=_first))


# --- story clustering by time blocks: the driver sees story summaries and ids only ---------


def _add(a: int, b: int) -> int:
    return a + b


def _cluster_partition(
    part: Iterable[tuple[int, tuple[int, Article]]], df: Any, n_docs: int, params: StoryParams
) -> Iterator[BlockStory]:
    blocks: dict[int, list[tuple[int, Article]]] = {}
    for block, item in part:
        blocks.setdefault(block, []).append(item)
    for block, items in blocks.items():
        yield from cluster_block(block, items, df.value, n_docs, params)


def _statistics(part: Iterable[Article], params: StoryParams) -> Iterator[tuple[Any, int]]:
    terms: Counter[str] = Counter()
    days: Counter[int | None] = Counter()
    for a in part:
        terms.update(article_features(a, params).keys())
        days[_ordinal(a.metadata.published)] += 1
    yield from ((("t", t), n) for t, n in terms.items())
    yield from ((("d", d), n) for d, n in days.items())


def _block_key(pair: tuple[Article, int], plan: BlockPlan) -> tuple[int, tuple[int, Article]]:
    article, position = pair
    return plan.block_of(_ordinal(article.metadata.published), position), (position, article)


def spark_stories(
    rdd: RDD[Article], *, block_size: int = BLOCK_SIZE, params: StoryParams | None = None
) -> RDD[Story]:
    """Stories of ``rdd`` (in input order) clustered on the executors by time block
    (:mod:`newsweave.group.story_blocks`), ids ``s1``… as in-process.

    Run-wide document frequencies and the articles per day are distributed aggregates (the
    driver receives one count per term seen at least ``min_df`` times and one per day); each
    block is clustered in one task; pieces of stories that cross a block boundary are joined
    on the driver from the links between their summaries; numbering is a distributed sort.
    The driver never holds the articles nor the stories' members."""
    params = params or StoryParams()
    sc = rdd.context
    parts = 2 * sc.defaultParallelism
    indexed = rdd.zipWithIndex()
    min_df = params.min_df
    # one pass: ("t", term) -> articles holding it, ("d", day) -> articles of that day
    counted = (
        indexed.keys()
        .mapPartitions(lambda part: _statistics(part, params))
        .reduceByKey(_add, parts)
        .filter(lambda kv: kv[0][0] == "d" or kv[1] >= min_df)
        .collect()
    )
    df = {key[1]: n for key, n in counted if key[0] == "t"}
    days: dict[int | None, int] = {key[1]: n for key, n in counted if key[0] == "d"}
    del counted
    n_docs = sum(days.values())
    plan = plan_blocks(days, n_docs, params, block_size)
    b_df = sc.broadcast(df)
    del df
    slot = {b: k for k, b in enumerate(plan.blocks)}
    pieces = (
        indexed.map(lambda p: _block_key(p, plan))
        .partitionBy(len(slot), lambda b: slot[b])
        .mapPartitions(lambda part: _cluster_partition(part, b_df, n_docs, params))
        .cache()
    )
    edges = (
        pieces.flatMap(lambda s: [(pair, s) for pair in pair_keys(s, plan)])
        .groupByKey(parts)
        .flatMap(lambda kv: edges_between(kv[0], kv[1], params))
        .collect()
    )
    b_df.unpersist()
    joined = merge_pieces(edges, params)
    log.debug("%d blocks, %d links between pieces, %d joined", len(slot), len(edges), len(joined))
    return (
        pieces.map(lambda s: (joined.get(s.key, s.key), s.members))
        .reduceByKey(_concat, parts)
        .map(lambda kv: story_order(kv[1]))
        .sortBy(_first_of, numPartitions=parts)
        .zipWithIndex()
        .map(lambda p: Story(id=f"s{p[1] + 1}", articles=p[0][1]))
    )


def _concat(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
    return a + b


def _first_of(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def run_spark(inputs: Sequence[str], options: Options, progress: Progress | None = None) -> Report:
    """Analyse ``inputs`` on Spark; the report equals the in-process engine's."""
    spark = spark_session(options.spark_master)
    report_progress = progress or (lambda stage, done, total: None)
    extracted, errors = read_clean_extract(spark, inputs, options)
    pairs = extracted.collect()
    articles = [a for a, _ in pairs]
    facts = {f.article: f for _, f in pairs}
    report_progress("extract", len(articles), len(articles))
    duplicates = spark_duplicates(extracted.keys())
    stories = spark_stories(extracted.keys()).collect()
    report_progress("group", len(articles), len(articles))
    index = resolve_entities(m for f in facts.values() for m in f.entity_mentions)
    provenance = provenance_graph(articles, duplicates, canonical=index.canonical)
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
