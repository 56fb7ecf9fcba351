"""The provenance graph (who copied or cites whom) as inline SVG, for the HTML briefing.

Written here rather than with Graphviz or a JavaScript library because the briefing must be one
self-contained file that reads without scripts or network, and a story's graph has a handful of
nodes: two columns are enough.  The story's articles stand in the left column, outside sources
(agencies, publishers of reprints) in the right one; an arrow goes from the article that copies,
reprints or cites to its source, and arrows between two articles bend round the left column.
Every label goes through :func:`markupsafe.escape`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

#: colour of each relation's arrows (CSS classes carry them; print stays legible in grey)
RELATIONS = {
    "duplicate_of": "#b03a2e",
    "syndicated_from": "#7d3c98",
    "cites": "#1f618d",
    "other": "#555555",
}
RELATION_LABELS = {
    "duplicate_of": "copy of",
    "syndicated_from": "reprinted from",
    "cites": "cites",
}
NODE_W, NODE_H = 150, 34
ROW = 48  #: vertical distance between nodes
BEND = 70  #: room left of the article column for arrows between articles
GAP = 190  #: horizontal distance between the two columns
LEGEND_H = 26
LABEL_CHARS = 22


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _layout(
    articles: Sequence[str], outside: Sequence[str]
) -> tuple[dict[str, tuple[float, float]], int, int]:
    """Node centres: articles in the left column, outside sources in the right one."""
    rows = max(len(articles), len(outside), 1)
    height = rows * ROW + 16
    left, right = BEND + NODE_W / 2 + 8, BEND + NODE_W * 1.5 + GAP
    where: dict[str, tuple[float, float]] = {}
    for column, keys in ((left, articles), (right, outside)):
        top = (height - len(keys) * ROW) / 2 + ROW / 2
        for i, key in enumerate(keys):
            where[key] = (column, top + i * ROW)
    return where, int(right + NODE_W / 2 + 8), height


def _untangled(
    articles: list[str], outside: list[str], edges: Sequence[dict[str, Any]]
) -> list[str]:
    """Articles ordered by the first outside source they point to (fewer crossing arrows);
    articles pointing outside nowhere keep their order, first."""
    rank = {key: i for i, key in enumerate(outside)}
    first: dict[str, int] = {}
    for edge in edges:
        if edge["target"] in rank:
            first[edge["source"]] = min(first.get(edge["source"], len(rank)), rank[edge["target"]])
    position = {key: i for i, key in enumerate(articles)}
    return sorted(articles, key=lambda a: (first.get(a, -1), position[a]))


def provenance_svg(
    nodes: Sequence[tuple[str, str]], edges: Sequence[dict[str, Any]], prefix: str = "g"
) -> Markup:
    """An SVG drawing of ``nodes`` ((key, label) pairs: the story's articles) and ``edges``
    (``source``, ``target``, ``relation``, ``evidence``, optional ``target_label``); targets
    that are not nodes become outside sources.  ``prefix`` keeps the ids of several drawings in
    one page apart (letters, digits, ``-`` and ``_``)."""
    labels = dict(nodes)
    outside: dict[str, str] = {}
    for edge in edges:
        if edge["target"] not in labels:
            outside.setdefault(edge["target"], edge.get("target_label") or edge["target"])
    where, width, height = _layout(_untangled(list(labels), list(outside), edges), list(outside))
    relations = list(dict.fromkeys(str(e.get("relation", "")) for e in edges))
    parts = [
        Markup(
            '<svg class="provenance" xmlns="http://www.w3.org/2000/svg" role="img" '
            'viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
            'aria-label="Provenance graph: arrows point from a copy to what it copies or cites">'
        ).format(w=width, h=height + LEGEND_H),
        Markup("<defs>"),
        *(
            Markup(
                '<marker id="{p}-arrow-{css}" viewBox="0 0 10 10" refX="9" refY="5" '
                'markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" '
                'fill="{colour}"/></marker>'
            ).format(p=prefix, css=css, colour=colour)
            for css, colour in RELATIONS.items()
        ),
        Markup("</defs>"),
    ]
    for edge in edges:
        if edge["source"] in where:
            parts.append(_edge(edge, where, prefix, edge["target"] in labels))
    for key, label in [*labels.items(), *outside.items()]:
        parts.append(_node(key, label, *where[key]))
    parts.append(_legend(relations, height + LEGEND_H / 2))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _edge(
    edge: dict[str, Any], where: dict[str, tuple[float, float]], prefix: str, bend: bool
) -> Markup:
    (x1, y1), (x2, y2) = where[edge["source"]], where[edge["target"]]
    relation = str(edge.get("relation", ""))
    css = relation if relation in RELATIONS else "other"
    label = RELATION_LABELS.get(relation, relation)
    tip = f"{edge['source']} {label} {edge['target']}"
    if edge.get("evidence"):
        tip += f": {edge['evidence']}"
    if bend:  # between two articles: round the left side of the column
        sx, tx = x1 - NODE_W / 2, x2 - NODE_W / 2 - 2
        reach = min(BEND - 6, 24 + abs(y2 - y1) / 4)
        path = (
            f"M{sx:.1f},{y1:.1f} C{sx - reach:.1f},{y1:.1f} "
            f"{tx - reach:.1f},{y2:.1f} {tx:.1f},{y2:.1f}"
        )
    else:
        sx, tx = x1 + NODE_W / 2, x2 - NODE_W / 2 - 2
        path = f"M{sx:.1f},{y1:.1f} L{tx:.1f},{y2:.1f}"
    return Markup(
        '<g class="edge {css}"><title>{tip}</title>'
        '<path d="{path}" fill="none" stroke="{colour}" marker-end="url(#{p}-arrow-{css})"/></g>'
    ).format(css=css, p=prefix, colour=RELATIONS[css], tip=tip, path=path)


def _legend(relations: Sequence[str], y: float) -> Markup:
    """One swatch per relation drawn (arrows carry no labels: they would overlap)."""
    parts, x = [], 8.0
    for relation in relations:
        css = relation if relation in RELATIONS else "other"
        label = RELATION_LABELS.get(relation, relation)
        parts.append(
            Markup(
                '<g class="legend"><line x1="{x:.1f}" y1="{y:.1f}" x2="{x2:.1f}" y2="{y:.1f}" '
                'stroke="{colour}" stroke-width="3"/>'
                '<text x="{tx:.1f}" y="{ty:.1f}">{label}</text></g>'
            ).format(x=x, x2=x + 24, y=y, colour=RELATIONS[css], tx=x + 30, ty=y + 4, label=label)
        )
        x += 40 + 7 * len(label)
    return Markup("").join(parts)


def _node(key: str, label: str, x: float, y: float) -> Markup:
    return Markup(
        '<g class="node"><title>{full}</title>'
        '<rect x="{x:.1f}" y="{y:.1f}" width="{w}" height="{h}" rx="6"/>'
        '<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle">{short}</text></g>'
    ).format(
        full=f"{label} ({key})",
        x=x - NODE_W / 2,
        y=y - NODE_H / 2,
        w=NODE_W,
        h=NODE_H,
        cx=x,
        cy=y + 4,
        short=_short(label),
    )
