"""The HTML briefing: one self-contained page (inline CSS and SVG, no scripts, no network).

It reads on a laptop, a phone and paper (responsive and print CSS), opens folded parts with
``<details>`` instead of JavaScript, and carries a Content-Security-Policy that forbids scripts
altogether.  All text goes through Jinja2's autoescaping; the only markup not produced by the
template is the provenance SVG, built from escaped parts by :mod:`newsweave.report.svg`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import cache
from typing import Any

import jinja2

from .briefing import briefing
from .svg import RELATION_LABELS, provenance_svg

__all__ = ["render_html"]

log = logging.getLogger(__name__)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("newsweave.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


def _with_svg(story: dict[str, Any]) -> dict[str, Any]:
    nodes = [(a["id"], a["outlet"]) for a in story["articles"]]
    edges = story["provenance"]
    svg = provenance_svg(nodes, edges, prefix=story["anchor"]) if edges else ""
    return {**story, "provenance_svg": svg}


def briefing_context(report: Mapping[str, Any]) -> dict[str, Any]:
    """What ``briefing.html.j2`` renders (templates that extend it, such as ``newsweave
    serve``'s story page, fill its ``top`` and ``bottom`` blocks)."""
    from .. import __version__

    view = briefing(report)
    view["stories"] = [_with_svg(s) for s in view["stories"]]
    headline = view["stories"][0]["headline"] if len(view["stories"]) == 1 else None
    title = f"Briefing: {headline}" if headline else "newsweave briefing"
    return {"b": view, "title": title, "version": __version__, "relation_labels": RELATION_LABELS}


def render_html(report: Mapping[str, Any]) -> str:
    """The briefing of a report dictionary as one HTML document."""
    template = _environment().get_template("briefing.html.j2")
    return template.render(**briefing_context(report))
