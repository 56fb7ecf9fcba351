"""Spark engine: agreement with the in-process engine, throughput, scaling, a cluster estimate.

    .venv/bin/python benchmarks/bench_spark.py [--agree] [--scale 10000 100000]
        [--full 1000] [--masters 'local[1]' 'local[2]'] [--check 10000]
        [--stages 100000 1000000 --kinds stories duplicates] [--block-size N] [--estimate]

``--agree`` runs both engines (Spark on ``local[2]``) on the seeds, ECB+ and BASIL JSONL sets
and compares the reports: stories (the partition of articles: exact, and B-cubed F1 between
the two), ``duplicate_of`` edges, quote groups and claims (each story's items as JSON, matched
as multisets; agreement = matched / larger count), and whether the whole reports are equal.

``--stages N…`` runs story clustering alone and near-duplicates alone (``--kinds``) on streams
of N articles built by ``bench_scale.iter_stream`` (real ECB+, BASIL and PolNeAR articles,
copied with dates shifted by 30 days per copy and 10% of the words dropped, 5% replaced; the
copies are near-duplicates of each other, so the similarity join has real work), written once
as JSONL shards of 2,000 below ``$NEWSWEAVE_BENCH_DATA`` (default /tmp/newsweave-bench) by a
separate process and read back as clean articles on the executors (no cleaning is timed, and
the driver never holds the stream).  Each (stage, size, master) runs in a fresh process with
``--driver-memory 4g``; a thread samples every 0.5 s, from ``/proc``, the resident memory and
CPU time of the driver (this Python process), the JVM (driver and executor in one in local
mode) and the JVM's Python workers (the executors' Python), and the JVM's used heap through
py4j.  Printed: wall time and rate, CPU seconds and peak MB of each, the load average before
and after, and for story clustering at up to 100k the B-cubed F1 between the distributed
stories and ``cluster_stories`` in-process.  The 1->2 core scaling is printed from wall time
and, because the machine's two cores are shared with other jobs, from CPU time (driver CPU as
serial, executor CPU spread over the cores), which the load does not change.  Rows are kept in
``stage-results.jsonl`` there; ``--estimate`` recomputes the 10-million-article estimate from
them (executor CPU per article over 160 cores at the measured efficiency, driver CPU per article
as a single-core term).

``--scale N…`` (reading and cleaning, near-duplicates and stories after cleaning) and ``--full
N`` (the whole pipeline with spaCy extraction and alignment) are the earlier end-to-end runs;
``--check N`` also compares the Spark near-duplicates with ``find_duplicates`` at size N.
Rates are articles per second of wall time; the scaling factor is rate(local[2]) /
rate(local[1]).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSWEAVE_SHARED", ROOT.parent / "shared")).resolve()
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import bcubed  # noqa: E402
from newsweave import Options, analyze, report_to_dict  # noqa: E402
from newsweave.models import Article  # noqa: E402

EVAL = SHARED / "eval"
SETS = {
    "seeds": SHARED / "seeds",
    "ecbplus": EVAL / "ecbplus" / "ecbplus_docs.jsonl",
    "basil": EVAL / "basil" / "basil_docs.jsonl",
}
SHARD = 2000  #: articles per JSONL shard (at least 8 shards; each under the 20 MB input cap)
DATA = Path(os.environ.get("NEWSWEAVE_BENCH_DATA", "/tmp/newsweave-bench"))
RESULTS = DATA / "stage-results.jsonl"  #: rows of the stage runs, read by --estimate
CLUSTER = (20, 8)  #: workers x cores for the estimate
TARGET = 10_000_000
CHECK_MAX = 100_000  #: largest stage run whose stories are compared with cluster_stories


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


# --- agreement ------------------------------------------------------------------------------


def _story_keys(report: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    source = {a["id"]: a["source"] for a in report["articles"]}
    return {s["id"]: tuple(sorted(source[a] for a in s["articles"])) for s in report["stories"]}


def _items(report: dict[str, Any], kind: str) -> Counter[str]:
    keys = _story_keys(report)
    return Counter(
        json.dumps([keys[s["id"]], item], sort_keys=True)
        for s in report["stories"]
        for item in s[kind]
    )


def _duplicates(report: dict[str, Any]) -> set[tuple[str, str]]:
    source = {a["id"]: a["source"] for a in report["articles"]}
    return {
        (source[p["source"]], source[p["target"]])
        for p in report["provenance"]
        if p["relation"] == "duplicate_of"
    }


def compare(local: dict[str, Any], spark: dict[str, Any]) -> dict[str, Any]:
    """Agreement figures between two report dictionaries."""
    out: dict[str, Any] = {"equal": local == spark}
    ka, kb = _story_keys(local), _story_keys(spark)
    out["stories"] = f"{len(ka)}/{len(kb)}"
    out["stories_same"] = set(ka.values()) == set(kb.values())
    label_a = {src: str(n) for n, key in enumerate(ka.values()) for src in key}
    label_b = {src: str(n) for n, key in enumerate(kb.values()) for src in key}
    out["stories_bcubed"] = round(bcubed(label_a, label_b), 4) if label_a else 1.0
    dup_a = {
        (p["source"], p["target"]) for p in local["provenance"] if "duplicate" in p["relation"]
    }
    dup_b = {
        (p["source"], p["target"]) for p in spark["provenance"] if "duplicate" in p["relation"]
    }
    out["duplicates"] = f"{len(dup_a & dup_b)}/{len(dup_a | dup_b)}"
    for kind in ("quotes", "claims"):
        a, b = _items(local, kind), _items(spark, kind)
        both = sum((a & b).values())
        out[kind] = f"{both}/{max(sum(a.values()), sum(b.values()))}"
    return out


def agree(master: str) -> None:
    from newsweave.engines.spark import run_spark

    for name, path in SETS.items():
        start = time.perf_counter()
        local = report_to_dict(analyze([str(path)], Options(progress=False)))
        t_local = time.perf_counter() - start
        start = time.perf_counter()
        options = Options(engine="spark", spark_master=master, progress=False)
        spark = report_to_dict(run_spark([str(path)], options))
        t_spark = time.perf_counter() - start
        figures = compare(local, spark)
        print(
            f"agree {name:8} {len(local['articles']):4} articles: "
            + ", ".join(f"{k} {v}" for k, v in figures.items())
            + f"; local {t_local:.0f} s, spark {master} {t_spark:.0f} s ({load()})",
            flush=True,
        )


def agree_stories(master: str, block_sizes: list[int]) -> None:
    """Stories alone on ECB+ and BASIL: ``cluster_stories`` in-process against ``spark_stories``
    at each block size (B-cubed F1 between them), and each against the gold with the shared
    ``tools/cluster_score.py`` (cleaning as the pipeline does; no extraction)."""
    sys.path.insert(0, str(SHARED / "tools"))
    from cluster_score import score

    from newsweave.engines.spark import read_clean, spark_session, spark_stories
    from newsweave.group.stories import cluster_stories

    spark = spark_session(master)
    for name in ("ecbplus", "basil"):
        path = SETS[name]
        gold = {
            str(r.get("id", r.get("doc_id"))): str(r["cluster"])
            for r in map(json.loads, path.read_text("utf-8").splitlines())
        }
        rdd, _ = read_clean(spark, [str(path)], Options(progress=False))
        rdd = rdd.cache()
        articles = rdd.collect()
        doc = {a.id: a.source.rsplit("#", 1)[1] for a in articles}

        def labels(stories: Any) -> dict[str, str]:
            return {doc[a]: s.id for s in stories for a in s.articles}  # noqa: B023

        local = labels(cluster_stories(articles))
        f1 = score(gold, local)["bcubed.f1"]
        print(f"stories {name:8} in-process: B-cubed F1 vs gold {f1}", flush=True)
        for size in block_sizes:
            start = time.perf_counter()
            spark_labels = labels(spark_stories(rdd, block_size=size).collect())
            seconds = time.perf_counter() - start
            f1 = score(gold, spark_labels)["bcubed.f1"]
            print(
                f"stories {name:8} spark {master} blocks of {size}: B-cubed vs in-process"
                f" {bcubed(local, spark_labels):.4f}, F1 vs gold {f1} ({seconds:.0f} s, {load()})",
                flush=True,
            )
        rdd.unpersist()


# --- scale ----------------------------------------------------------------------------------


def write_stream(n: int, directory: Path) -> list[str]:
    """The first ``n`` articles of ``bench_scale.stream`` as JSONL shards of :data:`SHARD`
    (at least 8), written one article at a time; kept and reused when ``directory`` already
    holds them (a ``done`` file marks a complete set)."""
    from bench_scale import iter_stream

    shards = max(8, -(-n // SHARD))
    per = -(-n // shards)
    paths = [directory / f"stream-{k:04}.jsonl" for k in range(shards)]
    done = directory / "done"
    if done.exists():
        return [str(p) for p in paths]
    directory.mkdir(parents=True, exist_ok=True)
    out = None
    for k, (a, _) in enumerate(iter_stream(n)):
        if k % per == 0:
            if out:
                out.close()
            out = paths[k // per].open("w", encoding="utf-8")
        assert out is not None
        record = {"id": a.id, "text": "\n".join(a.paragraphs)}
        record |= {"published": a.metadata.published, "title": a.metadata.title}
        out.write(json.dumps(record) + "\n")
    if out:
        out.close()
    done.write_text(str(n))
    return [str(p) for p in paths]


def one_scale(n: int, master: str, check: bool, dups: bool) -> dict[str, Any]:
    """Read, clean, near-duplicates and stories of an n-article stream on ``master``."""
    from newsweave.engines.spark import read_clean, spark_duplicates, spark_session
    from newsweave.group.stories import cluster_stories

    figures: dict[str, Any] = {"n": n, "master": master, "load_before": load()}
    with tempfile.TemporaryDirectory() as tmp:
        inputs = write_stream(n, Path(tmp))
        spark = spark_session(master)
        spark.sparkContext.parallelize(range(4), 4).count()  # JVM and workers up, not timed
        start = time.perf_counter()
        rdd, errors = read_clean(spark, inputs, Options(progress=False))
        rdd = rdd.cache()
        articles = rdd.collect()
        figures["clean_s"] = time.perf_counter() - start
        start = time.perf_counter()
        duplicates = spark_duplicates(rdd) if dups else ()
        figures["duplicates_s"] = time.perf_counter() - start if dups else None
        start = time.perf_counter()
        stories = cluster_stories(articles)
        figures["stories_s"] = time.perf_counter() - start
    if errors or len(articles) != n:
        raise RuntimeError(f"{len(articles)} of {n} articles read: {errors[:3]}")
    figures |= {"articles": len(articles), "errors": len(errors), "edges": len(duplicates)}
    figures["stories"] = len(stories)
    if check:
        from newsweave.group.duplicates import find_duplicates

        start = time.perf_counter()
        figures["equal_to_local"] = find_duplicates(articles) == duplicates
        figures["local_duplicates_s"] = time.perf_counter() - start
    figures["load_after"] = load()
    return figures


def one_full(n: int, master: str) -> dict[str, Any]:
    """The whole pipeline (extraction, alignment) on an n-article stream on ``master``."""
    from newsweave.engines.spark import run_spark, spark_session

    figures: dict[str, Any] = {"n": n, "master": master, "load_before": load()}
    with tempfile.TemporaryDirectory() as tmp:
        inputs = write_stream(n, Path(tmp))
        spark_session(master).sparkContext.parallelize(range(4), 4).count()
        stages: dict[str, float] = {}
        start = time.perf_counter()

        def progress(stage: str, done: int, total: int) -> None:
            stages[stage] = time.perf_counter() - start

        report = run_spark(inputs, Options(engine="spark", spark_master=master), progress)
        figures["total_s"] = time.perf_counter() - start
    figures |= {f"{k}_at_s": round(v, 1) for k, v in stages.items()}
    figures |= {"articles": len(report.articles), "stories": len(report.stories)}
    figures["load_after"] = load()
    return figures


# --- stage runs: clustering-only and near-duplicate-only, with memory and CPU per process ----


class Sampler:
    """Peak resident memory and CPU time of this process (the Spark driver), its JVM (driver
    and executor in one in local mode) and the JVM's Python workers (the executors' Python),
    read from ``/proc`` every ``every`` seconds (Linux only; CPU of workers that exited is
    lost, but workers are reused).  Also the JVM's used heap (``Runtime``, through py4j)."""

    def __init__(self, jvm: Any = None, every: float = 0.5) -> None:
        import threading

        self.jvm, self.every = jvm, every
        self.peak = {"driver": 0, "jvm": 0, "workers": 0, "jvm_heap": 0}
        self.cpu = {"driver": 0.0, "jvm": 0.0, "workers": 0.0}
        self.own = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._page = os.sysconf("SC_PAGE_SIZE")
        self._tick = os.sysconf("SC_CLK_TCK")

    def _tree(self) -> dict[str, list[int]]:
        parent: dict[int, int] = {}
        name: dict[int, str] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                parent[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
                name[int(entry)] = stat.split("(", 1)[1].rsplit(")", 1)[0]
        me = os.getpid()
        groups: dict[str, list[int]] = {"driver": [me], "jvm": [], "workers": []}
        todo = [(p, "jvm" if name[p] == "java" else "workers") for p in parent if parent[p] == me]
        while todo:
            pid, kind = todo.pop()
            groups[kind].append(pid)
            todo += [(c, "workers") for c in parent if parent[c] == pid]
        return groups

    def _read(self, pid: int) -> tuple[int, float]:
        try:
            rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self._page
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return rss, (int(fields[11]) + int(fields[12])) / self._tick
        except (OSError, IndexError, ValueError):
            return 0, 0.0

    def sample(self) -> None:
        for kind, pids in self._tree().items():
            got = [self._read(p) for p in pids]
            self.peak[kind] = max(self.peak[kind], sum(r for r, _ in got))
            self.cpu[kind] = sum(c for _, c in got) - (self.own if kind == "driver" else 0.0)
        if self.jvm is not None:
            try:
                rt = self.jvm.java.lang.Runtime.getRuntime()
                used = rt.totalMemory() - rt.freeMemory()
                self.peak["jvm_heap"] = max(self.peak["jvm_heap"], used)
            except Exception:  # the gateway may be closing
                pass

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()
            self.own = time.thread_time()  # the sampler's CPU, taken off the driver's

    def __enter__(self) -> Sampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def reset(self) -> None:
        self.sample()
        self.peak = dict.fromkeys(self.peak, 0)

    def figures(self) -> dict[str, float]:
        out = {f"{k}_peak_mb": round(v / 2**20) for k, v in self.peak.items()}
        return out | {f"{k}_cpu_s": round(v, 1) for k, v in self.cpu.items()}


def _read_shard(path: str) -> Iterator[Article]:
    """The stream's articles as they were generated (already clean: no cleaning is timed)."""
    from newsweave.models import Metadata

    with open(path, encoding="utf-8") as lines:
        for line in lines:
            r = json.loads(line)
            paragraphs = tuple(p for p in r["text"].split("\n") if p.strip())
            meta = Metadata(published=r["published"], title=r["title"])
            yield Article(r["id"], f"stream#{r['id']}", paragraphs, meta)


def stream_dir(n: int) -> Path:
    return DATA / f"stream-{n}"


def one_stage(n: int, master: str, stage: str, block_size: int, check: bool) -> dict[str, Any]:
    """One stage alone on the n-article stream (shards written beforehand) on ``master``."""
    from newsweave.engines.spark import spark_duplicates, spark_session, spark_stories

    paths = write_stream(n, stream_dir(n))
    figures: dict[str, Any] = {"n": n, "master": master, "stage": stage, "load_before": load()}
    spark = spark_session(master)
    sc = spark.sparkContext
    sc.parallelize(range(4), 4).count()  # JVM and workers up, not timed
    with Sampler(sc._jvm) as sampler:
        base = dict(sampler.cpu)
        rdd = sc.parallelize(paths, len(paths)).flatMap(_read_shard)
        start = time.perf_counter()
        count = rdd.count()
        figures["read_s"] = time.perf_counter() - start
        sampler.reset()
        base = dict(sampler.cpu)
        start = time.perf_counter()
        if stage == "stories":
            stories = spark_stories(rdd, block_size=block_size)
            figures["stories"] = stories.count()
        else:
            edges = spark_duplicates(rdd)
            figures["edges"] = len(edges)
        figures["stage_s"] = time.perf_counter() - start
        sampler.sample()
        for k, v in base.items():
            sampler.cpu[k] -= v
    figures |= sampler.figures() | {"articles": count, "load_after": load()}
    if stage == "stories" and check:
        from bench_scale import bcubed
        from newsweave.group.stories import cluster_stories

        pred = {a: s.id for s in stories.collect() for a in s.articles}
        articles = rdd.collect()
        start = time.perf_counter()
        local = {a: s.id for s in cluster_stories(articles) for a in s.articles}
        figures["local_stories_s"] = time.perf_counter() - start
        figures["bcubed_vs_local"] = round(bcubed(local, pred), 4)
    return figures


def stages(
    sizes: list[int], masters: list[str], which: list[str], block_size: int, check: bool
) -> None:
    """Each stage alone at each size on each master; rows printed and appended to
    :data:`RESULTS` (the estimate reads them back)."""
    for stage in which:
        for n in sizes:
            rows = {}
            for master in masters:
                if not (stream_dir(n) / "done").exists():  # written by another process
                    _sub(["--write", str(n)])
                args = ["--one-stage", str(n), "--stage", stage, "--master", master]
                args += ["--block-size", str(block_size)]
                compare = check and master == masters[-1] and n <= CHECK_MAX
                row = _sub(args + (["--check-one"] if compare else []))
                rows[master] = row
                with RESULTS.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(row | {"block_size": block_size}) + "\n")
                what = "stories" if stage == "stories" else "edges"
                extra = ""
                if "bcubed_vs_local" in row:
                    extra = (
                        f"; B-cubed vs cluster_stories {row['bcubed_vs_local']}"
                        f" (in-process {row['local_stories_s']:.0f} s)"
                    )
                print(
                    f"{stage} {n:>7} {master}: {row['stage_s']:.1f} s,"
                    f" {rate(n, row['stage_s']):.0f} articles/s"
                    f" ({row.get('stories', row.get('edges'))} {what};"
                    f" reading alone {row['read_s']:.1f} s); CPU s driver {row['driver_cpu_s']},"
                    f" JVM {row['jvm_cpu_s']}, workers {row['workers_cpu_s']}; peak MB driver"
                    f" {row['driver_peak_mb']}, JVM {row['jvm_peak_mb']} (heap"
                    f" {row['jvm_heap_peak_mb']}), workers {row['workers_peak_mb']}{extra}"
                    f" [{row['load_before']} -> {row['load_after']}]",
                    flush=True,
                )
            if len(rows) == 2:
                a, b = (rows[m] for m in masters)

                print(
                    f"{stage} {n:>7} scaling {masters[0]}->{masters[1]}: wall"
                    f" x{a['stage_s'] / b['stage_s']:.2f}; from CPU time (driver serial,"
                    f" JVM + workers over the cores) x{cpu_time(a, 1) / cpu_time(b, 2):.2f}",
                    flush=True,
                )


def cpu_time(r: dict[str, Any], cores: int) -> float:
    """Load-independent stage time: the driver's CPU (serial) plus the executors' CPU (JVM and
    Python workers) spread over ``cores`` (task imbalance ignored)."""
    return float(r["driver_cpu_s"] + (r["jvm_cpu_s"] + r["workers_cpu_s"]) / cores)


#: per-core rate and 1->2 efficiency of the whole pipeline (extraction dominates) when no
#: ``--full`` run is given: the figures of the last ``--full 1000`` run (README)
FULL_RATE, FULL_EFFICIENCY = 12.1, 0.79
#: 1->2 core efficiency taken for a stage run on one master only
ASSUMED_EFFICIENCY = 0.5


def stage_estimate(rows: list[dict[str, Any]], fulls: dict[str, Any], masters: list[str]) -> None:
    """Hours for TARGET articles on CLUSTER from the stage runs: each stage's executor CPU per
    article (load-independent) spread over the cores at the 1->2 efficiency measured from CPU
    time, plus the driver's CPU per article as a serial term."""
    workers, cores = CLUSTER
    total_cores = workers * cores
    if fulls:
        f1, f2 = fulls[masters[0]], fulls[masters[-1]]
        full_rate = rate(f1["n"], f1["total_s"])
        full_eff = min(1.0, f1["total_s"] / f2["total_s"] / 2)
        source = "this run's --full"
    else:
        full_rate, full_eff, source = FULL_RATE, FULL_EFFICIENCY, "last --full 1000 run, README"
    hours = TARGET / (full_rate * total_cores * full_eff) / 3600
    print(f"estimate for {TARGET:,} articles on {workers} workers x {cores} cores:")
    print(
        f"  whole pipeline (extraction dominates; {source}): {TARGET:,} / ({full_rate:.1f}/s/core"
        f" x {total_cores} x efficiency {full_eff:.2f}) = {hours:.2f} h"
    )
    for stage in ("duplicates", "stories"):
        got = [r for r in rows if r["stage"] == stage]
        if not got:
            continue
        n = max(r["n"] for r in got)
        big = [r for r in got if r["n"] == n]
        one = big[0]
        work = one["jvm_cpu_s"] + one["workers_cpu_s"]
        per_core = n / work
        eff, measured = ASSUMED_EFFICIENCY, False
        pairs = {(r["n"], r["master"]): r for r in got if r["master"] in (masters[0], masters[-1])}
        sizes = [m for m, _ in pairs if (m, masters[0]) in pairs and (m, masters[-1]) in pairs]
        if sizes and len(set(masters)) == 2:
            m = max(sizes)
            speedup = cpu_time(pairs[(m, masters[0])], 1) / cpu_time(pairs[(m, masters[-1])], 2)
            eff, measured = min(1.0, speedup / 2), True
        parallel = TARGET / (per_core * total_cores * eff) / 3600
        note = "" if measured else ", assumed: not measured"
        serial = one["driver_cpu_s"] / n * TARGET / 3600
        hours += parallel + serial
        print(
            f"  {stage} (from the {n:,}-article run on {one['master']}): executors"
            f" {TARGET:,} / ({per_core:.0f}/s/core of CPU x {total_cores} x efficiency"
            f" {eff:.2f}{note}) = {parallel:.2f} h; driver (one core,"
            f" {one['driver_cpu_s']} CPU s at {n:,}, scaled linearly) {serial * 60:.1f} min"
        )
    print(f"  total about {hours:.1f} h")


def _sub(args: list[str]) -> dict[str, Any]:
    env = dict(os.environ, PYSPARK_SUBMIT_ARGS="--driver-memory 4g pyspark-shell")
    proc = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=False
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode or not lines:
        raise RuntimeError(f"{args} failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(lines[-1]))


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds else float("inf")


def scale(
    sizes: list[int], masters: list[str], check: int, dups_max: int
) -> dict[tuple[int, str], Any]:
    rows = {}
    for n in sizes:
        for master in masters:
            args = ["--one-scale", str(n), "--master", master]
            args += ["--check-one"] if n == check else []
            row = _sub(args + (["--no-dups"] if n > dups_max else []))
            rows[(n, master)] = row
            stages = row["clean_s"] + (row["duplicates_s"] or 0) + row["stories_s"]
            extra = ""
            if "equal_to_local" in row:
                extra = (
                    f"; equal to find_duplicates: {row['equal_to_local']}"
                    f" (local {row['local_duplicates_s']:.0f} s)"
                )
            dup = "near-dups not run"
            if row["duplicates_s"] is not None:
                dup = f"near-dups {row['duplicates_s']:.1f} s"
                dup += f" ({rate(n, row['duplicates_s']):.0f}/s, {row['edges']} edges)"
            print(
                f"scale {n:>6} {master}: read+clean {row['clean_s']:.1f} s"
                f" ({rate(n, row['clean_s']):.0f}/s), {dup}, stories"
                f" {row['stories_s']:.1f} s ({rate(n, row['stories_s']):.0f}/s,"
                f" {row['stories']}), all {rate(n, stages):.0f} articles/s{extra}"
                f" [{row['load_before']} -> {row['load_after']}]",
                flush=True,
            )
        if len(masters) == 2 and all((n, m) in rows for m in masters):
            a, b = rows[(n, masters[0])], rows[(n, masters[1])]
            keys = ("clean_s", "duplicates_s", "stories_s")
            factors = {k: a[k] / b[k] for k in keys if a[k] is not None}
            total = sum(a[k] for k in factors) / sum(b[k] for k in factors)
            print(
                f"scale {n:>6} scaling {masters[0]}->{masters[1]}: "
                + ", ".join(f"{k[:-2]} x{v:.2f}" for k, v in factors.items())
                + f", all x{total:.2f}",
                flush=True,
            )
    return rows


def full(n: int, masters: list[str]) -> dict[str, Any]:
    rows = {}
    for master in masters:
        row = _sub(["--one-full", str(n), "--master", master])
        rows[master] = row
        print(
            f"full  {n:>6} {master}: {row['total_s']:.1f} s, {rate(n, row['total_s']):.1f}"
            f" articles/s (extract done at {row.get('extract_at_s')} s, group at"
            f" {row.get('group_at_s')} s), {row['stories']} stories"
            f" [{row['load_before']} -> {row['load_after']}]",
            flush=True,
        )
    if len(rows) == 2:
        a, b = (rows[m] for m in masters)
        print(
            f"full  {n:>6} scaling {masters[0]}->{masters[1]}: x{a['total_s'] / b['total_s']:.2f}"
        )
    return rows


def estimate(scaled: dict[tuple[int, str], Any], fulls: dict[str, Any], masters: list[str]) -> None:
    """Hours for TARGET articles on CLUSTER, from the local[1] rates and 1->2 efficiency."""
    workers, cores = CLUSTER
    total_cores = workers * cores
    n = max(k[0] for k in scaled)
    one = scaled[(n, masters[0])]
    nd = max((k[0] for k, v in scaled.items() if v["duplicates_s"] is not None), default=n)
    d1, d2 = scaled[(nd, masters[0])], scaled[(nd, masters[-1])]
    f1, f2 = fulls[masters[0]], fulls[masters[-1]]
    # the whole pipeline's per-core rate (the small full run: reading, cleaning, extraction,
    # alignment, and its own near-duplicates and stories) plus the near-duplicate join at the
    # large size's rate (more copies per article) and story clustering on the driver: an upper
    # estimate, as the small run's own near-duplicates and stories are counted twice
    per_core = {"whole pipeline": rate(f1["n"], f1["total_s"])}
    eff = {"whole pipeline": f1["total_s"] / f2["total_s"] / 2}
    if d1["duplicates_s"] is not None:
        per_core[f"near-dups (at {nd})"] = rate(nd, d1["duplicates_s"])
        eff[f"near-dups (at {nd})"] = d1["duplicates_s"] / d2["duplicates_s"] / 2
    print(f"estimate for {TARGET:,} articles on {workers} workers x {cores} cores:")
    hours = 0.0
    for stage, r in per_core.items():
        e = min(1.0, eff[stage])
        h = TARGET / (r * total_cores * e) / 3600
        hours += h
        print(
            f"  {stage}: {TARGET:,} / ({r:.1f}/s/core x {total_cores} cores x efficiency"
            f" {e:.2f}) = {h:.2f} h"
        )
    story_rate = rate(n, one["stories_s"])
    h = TARGET / story_rate / 3600
    hours += h
    print(
        f"  stories (driver, one core, linear in N with time blocking): {TARGET:,} /"
        f" {story_rate:.0f}/s = {h:.2f} h"
    )
    print(f"  total about {hours:.1f} h")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agree", action="store_true")
    parser.add_argument(
        "--agree-stories",
        type=int,
        nargs="*",
        help="stories alone on ECB+ and BASIL, Spark at these block sizes",
    )
    parser.add_argument("--no-check", action="store_true", help="no in-process comparison")
    parser.add_argument("--scale", type=int, nargs="*", default=[])
    parser.add_argument("--full", type=int, default=0)
    parser.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    parser.add_argument(
        "--estimate", action="store_true", help="the 10M estimate from the stage runs saved"
    )
    parser.add_argument("--check", type=int, default=0, help="size to compare with local")
    parser.add_argument(
        "--dups-max", type=int, default=10000, help="largest size to run near-duplicates on"
    )
    parser.add_argument(
        "--stages", type=int, nargs="*", default=[], help="sizes for the stage-alone runs"
    )
    parser.add_argument(
        "--kinds", nargs="+", default=["stories", "duplicates"], help="which stage-alone runs"
    )
    parser.add_argument("--block-size", type=int, default=0, help="story block size (default)")
    parser.add_argument("--no-dups", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--one-stage", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--stage", default="stories", help=argparse.SUPPRESS)
    parser.add_argument("--write", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--one-scale", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--one-full", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--master", default="local[2]", help=argparse.SUPPRESS)
    parser.add_argument("--check-one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not all(p.exists() for p in SETS.values()) or not (EVAL / "polnear").exists():
        print(f"../shared not found at {SHARED}: this benchmark needs the shared eval data")
        return 2
    if args.one_scale:
        print(json.dumps(one_scale(args.one_scale, args.master, args.check_one, not args.no_dups)))
        return 0
    if args.one_full:
        print(json.dumps(one_full(args.one_full, args.master)))
        return 0
    from newsweave.group.story_blocks import BLOCK_SIZE

    block_size = args.block_size or BLOCK_SIZE
    if args.write:
        write_stream(args.write, stream_dir(args.write))
        print(json.dumps({"written": args.write}))
        return 0
    if args.one_stage:
        figures = one_stage(args.one_stage, args.master, args.stage, block_size, args.check_one)
        print(json.dumps(figures))
        return 0
    if args.agree_stories is not None:
        agree_stories(args.masters[-1], args.agree_stories or [block_size])
    if args.stages:
        stages(args.stages, args.masters, args.kinds, block_size, not args.no_check)
    asked = args.agree or args.scale or args.full or args.stages or args.estimate
    if not asked and args.agree_stories is None:
        args.agree, args.scale, args.full, args.check = True, [10000, 100000], 1000, 10000
    if args.agree:
        agree(args.masters[-1])
    scaled = scale(args.scale, args.masters, args.check, args.dups_max) if args.scale else {}
    fulls = full(args.full, args.masters) if args.full else {}
    if scaled and fulls:
        estimate(scaled, fulls, args.masters)
    if args.estimate:
        lines = RESULTS.read_text("utf-8").splitlines() if RESULTS.exists() else []
        stage_estimate([json.loads(ln) for ln in lines], fulls, args.masters)
    cmd = " ".join(
        (["--agree"] if args.agree else [])
        + (["--agree-stories", *map(str, args.agree_stories)] if args.agree_stories else [])
        + (["--scale", *map(str, args.scale)] if args.scale else [])
        + ([f"--full {args.full}"] if args.full else [])
        + (["--stages", *map(str, args.stages), "--kinds", *args.kinds] if args.stages else [])
        + ([f"--block-size {args.block_size}"] if args.block_size else [])
        + (["--estimate"] if args.estimate else [])
        + ([f"--check {args.check}"] if args.check else [])
        + [f"--dups-max {args.dups_max}"]
        + ["--masters", *(f"'{m}'" for m in args.masters)]
    )
    print(f"command: .venv/bin/python benchmarks/bench_spark.py {cmd}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
