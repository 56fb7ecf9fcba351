"""Whole-pipeline throughput: ``newsweave analyze`` from files to the JSON report.

    .venv/bin/python benchmarks/bench_pipeline.py [--split dev] [--repeat 3] [--jobs 2]

Runs the real CLI (a fresh process each time, so start-up, model loading, cleaning, grouping,
extraction, alignment and writing the report are all counted) over every article of
``../shared/eval/polnear/SPLIT/text`` and prints, for each run, the wall time, articles per
second, the CPU time of the process and its children, and the load average before it started
(the machine is shared: a run at load 2 on two cores had one core to itself).  The report of
the last run is scored with ``../shared/tools/polnear_score.py`` so the speed is shown with the
accuracy it was reached at.  Target (issue 4): >= 10 articles/s on this 2-core machine.

Then one in-process run splits the time by stage (from the progress callback).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSWEAVE_SHARED", ROOT.parent / "shared"))
BIN = Path(sys.executable).parent


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_runs(texts: Path, repeat: int, jobs: int, out: Path) -> list[float]:
    n = len(list(texts.glob("*.txt")))
    cmd = [str(BIN / "newsweave"), "analyze", str(texts), "-f", "json", "-o", str(out)]
    cmd += ["--no-progress", "-j", str(jobs)]
    print("command: " + " ".join(cmd))
    print(f"{'run':>3} {'wall s':>7} {'articles/s':>10} {'cpu s':>6} {'load':>5}")
    rates = []
    for k in range(1, repeat + 1):
        load = os.getloadavg()[0]
        cpu0 = _children_cpu()
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        wall = time.perf_counter() - t0
        rates.append(n / wall)
        cpu = _children_cpu() - cpu0
        print(f"{k:>3} {wall:>7.2f} {n / wall:>10.1f} {cpu:>6.1f} {load:>5.2f}")
    print(
        f"{n} articles: median {statistics.median(rates):.1f} articles/s, "
        f"best {max(rates):.1f} (target >= 10)"
    )
    return rates


def stages(texts: Path, jobs: int) -> None:
    from newsweave import Options
    from newsweave.pipeline import run_stages
    from newsweave.sources import read_inputs

    marks: list[tuple[str, float]] = []
    last = [time.perf_counter()]

    def progress(stage: str, done: int, total: int) -> None:
        if total and done == total:
            now = time.perf_counter()
            marks.append((stage, now - last[0]))
            last[0] = now

    options = Options(n_process=jobs, progress=False)
    run_stages(read_inputs([str(texts)], options), options, progress)
    print("in-process, by stage (s): " + ", ".join(f"{s} {t:.2f}" for s, t in marks))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    texts = SHARED / "eval" / "polnear" / args.split / "text"
    if not texts.is_dir():
        print(f"../shared not found ({texts}): nothing to measure")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cli_runs(texts, args.repeat, args.jobs, out)
        score = SHARED / "tools" / "polnear_score.py"
        found = subprocess.run(
            [sys.executable, str(score), str(texts.parent), str(out)],
            check=True,
            capture_output=True,
            text=True,
        )
        print("accuracy of the last run: " + " ".join(found.stdout.split()))
    stages(texts, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
