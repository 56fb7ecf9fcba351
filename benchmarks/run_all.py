"""Run every benchmark in this folder and keep what each printed in benchmarks/results/.

    python benchmarks/run_all.py [--shared ../shared] [--only NAME ...] [--skip NAME ...]

Each ``bench_*.py`` prints its figures and the command that reproduces them; this runner only
starts them one after another (they share two cores) and stops with exit 1 when one fails.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    parser.add_argument("--only", nargs="*", default=[], help="run only these (e.g. clean_text)")
    parser.add_argument("--skip", nargs="*", default=[], help="skip these (e.g. scale)")
    args = parser.parse_args()
    shared = Path(args.shared).resolve()
    if not shared.exists():
        print(
            f"../shared not found at {shared}: benchmarks need the shared eval data",
            file=sys.stderr,
        )
        return 2
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    env = {**os.environ, "NEWSWEAVE_SHARED": str(shared)}
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        name = script.stem.removeprefix("bench_")
        if (args.only and name not in args.only) or name in args.skip:
            continue
        print(f"== {script.name}", flush=True)
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, str(script)], env=env, capture_output=True, text=True
        )
        out = proc.stdout + (f"\n[stderr]\n{proc.stderr}" if proc.returncode else "")
        print(out, flush=True)
        print(f"   ({time.perf_counter() - start:.1f} s, exit {proc.returncode})", flush=True)
        (results / f"{name}.txt").write_text(out, encoding="utf-8")
        if proc.returncode:
            failed.append(script.name)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
