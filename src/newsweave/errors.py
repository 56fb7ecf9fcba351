"""One exception tree for the whole library.

::

    NewsweaveError
     ├── InputError        an input cannot be read or is not usable (empty, binary, bad JSON …)
     │    └── FetchError   a URL, feed or archive could not be fetched or parsed
     ├── ExtractionError   a stage failed on an input that was readable
     ├── StoreError        the store cannot be opened, migrated or written
     └── UsageError        options that do not fit together (the CLI exits 2)

Every message names the input it is about and says what would have been valid.
"""

from __future__ import annotations


class NewsweaveError(Exception):
    """Base class of every error newsweave raises on purpose."""


class InputError(NewsweaveError):
    """An input that cannot be analysed; ``source`` names it."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class FetchError(InputError):
    """A URL, feed or web archive that could not be fetched or parsed."""


class ExtractionError(NewsweaveError):
    """A stage failed on a readable input."""


class StoreError(NewsweaveError):
    """The store cannot be opened, migrated or written."""


class UsageError(NewsweaveError):
    """Options that do not fit together."""
