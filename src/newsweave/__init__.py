"""newsweave: what many news articles about the same events say together.

The library runs without the CLI::

    from newsweave import Options, analyze, report_to_dict
    report = analyze(["examples/rare-earths-2025-02-24"], Options())
    data = report_to_dict(report)
"""

from __future__ import annotations

import logging

from .errors import (
    ExtractionError,
    FetchError,
    InputError,
    NewsweaveError,
    StoreError,
    UsageError,
)
from .models import Article, Document, Report, Story, StoryAlignment
from .options import Options
from .pipeline import analyze, analyze_documents
from .report.json import report_to_dict, write_json

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Document",
    "ExtractionError",
    "FetchError",
    "InputError",
    "NewsweaveError",
    "Options",
    "Report",
    "StoreError",
    "Story",
    "StoryAlignment",
    "UsageError",
    "__version__",
    "analyze",
    "analyze_documents",
    "report_to_dict",
    "write_json",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
