"""A report dictionary made from the real seed pages and their hand-made gold answers.

The renderers and the store are tested on a *filled* report (every section has content) while
cleaning, extraction and alignment are still being built: the articles are the seed pages' own
body lines, the stories' quotes, claims, unique facts, discrepancies and entities are the gold's
mentions located in those bodies.  Nothing here is tuned to the seeds' content: it follows the
gold file's documented format (``../shared/gold/README.md``).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from tests.conftest import need_shared

#: gold's names for kinds of page furniture -> newsweave's (models.FURNITURE_KINDS)
GOLD_KINDS = {
    "caption": "caption",
    "related_story_teaser": "related",
    "news_feed_widget": "newsfeed",
    "newsletter_form": "newsletter",
    "page_furniture": "navigation",
    "byline_block": "byline",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘A-Z])")

#: what a hostile page may hold: markup, a Markdown link to javascript:, terminal escapes
SCRIPT = "<script>window.__pwned = 1; alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned = 2; alert(2)">'
MD_LINK = "[click me](javascript:alert(3))"
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x1b[31mred"


def sentences(body: str) -> list[str]:
    return [
        s.strip() for para in body.split("\n\n") for s in _SENTENCE_END.split(para) if s.strip()
    ]


def sentence_with(body: str, anchor: str) -> str:
    """The sentence of ``body`` that holds ``anchor`` (the anchor itself when none does)."""
    return next((s for s in sentences(body) if anchor in s), anchor)


def _article(n: int, path: Path, gold: dict[str, Any]) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    body = "\n\n".join(lines[i - 1].strip() for i in gold["body_lines"] if lines[i - 1].strip())
    removed = [
        {"text": lines[i - 1].strip(), "kind": GOLD_KINDS.get(kind, "other")}
        for kind, numbers in gold.get("not_body_examples", {}).items()
        for i in numbers
        if lines[i - 1].strip()
    ]
    return {
        "id": f"a{n}",
        "source": f"seeds/{path.name}",
        "url": None,
        "title": gold.get("title"),
        "outlet": gold.get("outlet"),
        "authors": gold.get("authors", []),
        "published": gold.get("published"),
        "syndicated_from": gold.get("syndicated_from"),
        "cited_sources": gold.get("cited_sources", []),
        "body": body,
        "removed": removed,
        "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }


def build_seed_report() -> dict[str, Any]:
    """The seeds as a report dictionary with every section filled from the gold answers."""
    seeds = need_shared("seeds")
    gold = json.loads(need_shared("gold", "seeds.json").read_text(encoding="utf-8"))
    names = sorted(gold["articles"])
    articles = [
        _article(n, seeds / name, gold["articles"][name]) for n, name in enumerate(names, 1)
    ]
    ids = {name: a["id"] for name, a in zip(names, articles, strict=True)}
    bodies = {a["id"]: a["body"] for a in articles}

    def ref(mention: dict[str, Any]) -> dict[str, str]:
        aid = ids[mention["article"]]
        return {"article": aid, "text": sentence_with(bodies[aid], mention["contains"])}

    claims = []
    for n, claim in enumerate(gold["claims"]["corroborated"], 1):
        refs = list({(r["article"], r["text"]): r for r in map(ref, claim["mentions"])}.values())
        members = sorted({r["article"] for r in refs})
        claims.append(
            {
                "id": f"c{n}",
                "sentences": refs,
                "independent_sources": len(members),
                "folded": [],
                "first": members[0],
                "followers": members[1:],
            }
        )
    story = {
        "id": "s1",
        "articles": [a["id"] for a in articles],
        "quotes": [
            {
                "id": f"q{n}",
                "article": ids[q["article"]],
                "text": q["contains"],
                "speaker": q.get("speaker"),
                "group": q.get("group"),
            }
            for n, q in enumerate(gold["quotes"]["items"], 1)
        ],
        "quantities": [
            {
                "article": ids[m["article"]],
                "text": m["contains"],
                "value": q["quantity"],
                "unit": q["unit"],
                "group": q["id"],
            }
            for q in gold["quantities"]["items"]
            for m in q["mentions"]
        ],
        "dates": [
            {"article": ids[d["article"]], "text": d["contains"], "date": d["resolves_to"]}
            for d in gold["dates"]["items"]
        ],
        "claims": claims,
        "unique": [ref(u) for u in gold["claims"]["unique"]],
        "discrepancies": [
            {
                "what": d["what"],
                "kind": "value",
                "variants": [
                    {"article": ids[v["article"]], "text": v["contains"]} for v in d["variants"]
                ],
            }
            for d in gold["discrepancies"]
        ],
        "entities": [
            {"name": e["canonical"], "type": e["type"], "mentions": e["forms"]}
            for e in gold["entities"]["items"]
        ],
        "extras": {},
    }
    provenance = [
        {
            "source": a["id"],
            "target": a["syndicated_from"],
            "relation": "syndicated_from",
            "evidence": "credited as the original publisher",
        }
        for a in articles
        if a["syndicated_from"]
    ] + [
        {
            "source": a["id"],
            "target": cited,
            "relation": "cites",
            "evidence": "credited in the text",
        }
        for a in articles
        for cited in a["cited_sources"]
    ]
    return {
        "schema_version": 1,
        "articles": articles,
        "stories": [story],
        "provenance": provenance,
        "errors": [],
    }


def with_hostile_article(report: dict[str, Any]) -> dict[str, Any]:
    """``report`` plus an article whose every text field carries markup, a ``javascript:``
    Markdown link and terminal escape sequences, quoted and claimed in the first story."""
    out = json.loads(json.dumps(report))
    hostile_sentence = f"Officials said {SCRIPT} and {IMG} then {MD_LINK} {ESCAPES}."
    body = f"{hostile_sentence}\n\n# Heading {IMG}\n\n| table | {MD_LINK} |"
    out["articles"].append(
        {
            "id": "a99",
            "source": f"evil/{SCRIPT}.txt",
            "url": "javascript:alert(4)",
            "title": f"Title {SCRIPT}{ESCAPES}",
            "outlet": f"Outlet {MD_LINK} {IMG}",
            "authors": [SCRIPT],
            "published": "2025-02-25",
            "syndicated_from": None,
            "cited_sources": [IMG],
            "body": body,
            "removed": [{"text": f"Subscribe {SCRIPT} {MD_LINK}", "kind": "newsletter"}],
            "content_hash": hashlib.sha256(body.encode("utf-8")).hexdigest(),
        }
    )
    story = out["stories"][0]
    story["articles"].append("a99")
    quote = next((q for q in story["quotes"] if q.get("group")), None)
    story["quotes"].append(
        {
            "id": "q99",
            "article": "a99",
            "text": f"{SCRIPT} {MD_LINK}",
            "speaker": IMG,
            "group": quote["group"] if quote else "g99",
        }
    )
    if story["claims"]:
        story["claims"][0]["sentences"].append({"article": "a99", "text": hostile_sentence})
    story["unique"].append({"article": "a99", "text": hostile_sentence})
    story["discrepancies"].append(
        {"what": f"what {SCRIPT}", "variants": [{"article": "a99", "text": MD_LINK}]}
    )
    story["entities"].append({"name": SCRIPT, "type": "PERSON", "mentions": [SCRIPT, MD_LINK]})
    out["provenance"].append(
        {"source": "a99", "target": IMG, "relation": "cites", "evidence": SCRIPT}
    )
    out["errors"].append({"source": f"bad/{SCRIPT}", "reason": f"unreadable {ESCAPES}"})
    return out


#: the ids of the briefing's sections, in page order
SECTIONS = (
    "summary",
    "top-facts",
    "matrix",
    "quotes",
    "unique",
    "discrepancies",
    "provenance",
    "entities",
    "articles",
)
