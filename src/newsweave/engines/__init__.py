"""Where a run executes: in this process (``local``, the default) or on Apache Spark (``spark``).

Both engines run the same stage functions and return the same
:class:`~newsweave.models.Report`; :func:`run` picks one by name.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import UsageError
from ..models import Report
from ..options import Options
from ..pipeline import Progress

__all__ = ["ENGINES", "run"]

ENGINES = ("local", "spark")


def run(inputs: Sequence[str], options: Options, progress: Progress | None = None) -> Report:
    """Analyse ``inputs`` on the engine named by ``options.engine``."""
    if options.engine == "local":
        from ..pipeline import analyze

        return analyze(inputs, options, progress)
    if options.engine == "spark":
        try:
            from .spark import run_spark
        except ImportError as exc:  # pyspark is an optional extra
            raise UsageError(
                f"--engine spark needs PySpark and Java: pip install 'newsweave[spark]' ({exc})"
            ) from exc
        return run_spark(inputs, options, progress)
    raise UsageError(f"unknown engine {options.engine!r}: choose one of {', '.join(ENGINES)}")
