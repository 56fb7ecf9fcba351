"""Inputs that once crashed newsweave, kept as regression cases for the fuzz tests.

Each entry says what broke and where it was fixed.  Tests use them through ``@example(...)`` or
by looping over these lists, so they run on every profile before any random example.
"""

from __future__ import annotations

#: texts for the cleaners (plain text pages)
CLEAN_TEXTS: list[str] = [
    # lone surrogates (reachable through JSON "\ud800" escapes in JSONL records): crashed spaCy's
    # tokenizer and the SQLite store with UnicodeEncodeError, taking the whole run down.
    # Fixed: pipeline.clean_all replaces them with U+FFFD (newsweave._unicode.valid_unicode).
    'The minister said "we will act now on this" \ud800 yesterday.\n\nMore text \udfff here.',
]

#: bodies for the extractors
EXTRACT_BODIES: list[str] = [
    # a 400-digit amount overflowed to float("inf"), which the JSON report wrote as "Infinity"
    # (not JSON).  Fixed: extract.quantities._scaled drops non-finite values.
    "It cost $" + "9" * 400 + " billion last year, officials said.",
    # a 400-digit ordinal: int -> float raised OverflowError; 5,000 digits: int() refused
    # (ValueError, Python's int-string limit).  Either crashed extraction for the whole run.
    # Fixed: extract.quantities._rank skips ordinals of more than 15 digits.
    "It was the " + "9" * 400 + "th largest producer.",
    "It was the " + "9" * 5000 + "th largest producer.",
    "Prices rose " + "9" * 400 + " times faster than wages.",
    # quotation marks that never close, over many paragraphs
    'He said "' + "this never closes and goes on " * 300,
    # thousands of marks in a row
    "\u201c" * 2000 + " said " + '"' * 2000,
]

#: JSONL lines (one record each) for the readers and the whole pipeline
JSONL_LINES: list[str] = [
    # a record whose text and title hold lone surrogates (see CLEAN_TEXTS[0])
    '{"id": "x", "text": "The minister said \\"we will act now on this\\" \\ud800 yesterday. '
    'Officials said the plan cost $5 million.", "title": "T \\ud83d"}',
]

#: file names that are not valid UTF-8 (bytes, as a POSIX file system holds them): the
#: surrogate-escaped name reached the JSON writer and the store and crashed both.
#: Fixed with the lone surrogates above (pipeline.clean_all).
BAD_FILE_NAMES: list[bytes] = [b"caf\xe9.txt", b"\xff\xfe.txt"]

#: one text under two names in one run (a wire story saved twice): the store gave both articles
#: the second one's source, because run_articles.record was written as JSON 'null', not SQL NULL,
#: so the "keep this run's own rendering" update never matched.  Fixed in store._save_article.
SAME_TEXT_TWICE = "The minister said the plan would cost $5 million over two years, officials said."

#: (body, published, fallback) for extract_dates: "Yesterday" against 0001-01-01 (and
#: "tomorrow" against 9999-12-31) raised OverflowError and stopped the run's extraction; such
#: dates reach it from a JSONL record's "published".  Found by the long fuzz run; fixed in
#: extract.dates.extract_dates (an unresolvable date is skipped).
DATE_EDGES: list[tuple[str, str | None, str | None]] = [
    ("Yesterday", None, "0001-01-01"),
    ("He will speak tomorrow.", "9999-12-31", None),
]
