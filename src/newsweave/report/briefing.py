"""The briefing's view of a report dictionary, shared by the Markdown and HTML renderers.

Renderers take the report *dictionary* (:func:`newsweave.report.json.report_to_dict`, or what the
store gives back) and this module arranges it for reading: labels, anchors, who reports which
claim, quote renderings side by side with their word-level drift.  Nothing here analyses text;
every field of the report may be missing or empty (a section is then shown empty), and no
article text is trusted: the renderers escape it.

Word drift uses :mod:`difflib` over words (the standard library does exactly this).
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

JsonDict = dict[str, Any]

#: terminal escape sequences (CSI, OSC, and other ESC sequences), removed whole
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clearing the screen
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, hyperlinks
    r"|\x1b[@-Z\\-_]"  # other two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
#: C0/C1 control characters but tab and newline (whatever escape is left starts with one), and
#: the bidirectional embeddings, overrides and isolates (U+202A-E, U+2066-9), which would reverse
#: the text after them ("Outlets: ...") in a browser, a Markdown viewer or a terminal
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")
_WORD = re.compile(r"\S+")
_NORM = re.compile(r"[\W_]+", re.UNICODE)

#: labels of the furniture kinds (:data:`newsweave.models.FURNITURE_KINDS`) in the briefing
KIND_LABELS: dict[str, str] = {
    "navigation": "Navigation",
    "caption": "Photo captions",
    "related": "Related stories",
    "newsletter": "Newsletter sign-up",
    "teaser": "Teasers",
    "newsfeed": "News-feed widget",
    "ad": "Advertising",
    "byline": "Byline",
    "share": "Share buttons",
    "cookie": "Cookie notice",
    "footer": "Footer",
    "comments": "Comments",
    "notice": "Notices",
    "title": "Title",
    "metadata": "Metadata",
    "other": "Other",
}

#: claims shown in a story's summary
TOP_FACTS = 3
#: renderings at least this similar (difflib ratio over words) show the words they leave out
DRIFT_SHOW_MISSING = 0.5


# --- small helpers -------------------------------------------------------------------------


def clean_text(value: object) -> str:
    """``value`` as text without control characters (no terminal escape survives)."""
    text = value if isinstance(value, str) else "" if value is None else str(value)
    return _CONTROL.sub("", _ANSI.sub("", text))


def safe_id(*parts: object) -> str:
    """An HTML id / Markdown anchor made of ``[A-Za-z0-9_-]`` only."""
    return "-".join(_UNSAFE_ID.sub("_", clean_text(p)) or "_" for p in parts)


def text_anchor(article_id: str, text: str) -> str:
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return safe_id("t", article_id, digest)


def article_anchor(article_id: str) -> str:
    return safe_id("article", article_id)


def safe_url(url: object) -> str | None:
    """``url`` when it is an absolute http(s) URL (never ``javascript:`` and the like)."""
    if not isinstance(url, str):
        return None
    url = clean_text(url).strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if (
        parts.scheme.lower() in ("http", "https")
        and parts.netloc
        and not any(c.isspace() for c in url)
    ):
        return url
    return None


def items(value: object) -> list[JsonDict]:
    """The dictionaries of a list field (a missing or malformed field is empty)."""
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def strings(value: object) -> list[str]:
    return [clean_text(x) for x in value if isinstance(x, str)] if isinstance(value, list) else []


def extras_of(story: Mapping[str, Any]) -> dict[str, Any]:
    extras = story.get("extras")
    return extras if isinstance(extras, dict) else {}


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


# --- articles ------------------------------------------------------------------------------


def articles_by_id(report: Mapping[str, Any]) -> dict[str, JsonDict]:
    return {str(a.get("id")): a for a in items(report.get("articles"))}


def outlet_label(article: Mapping[str, Any] | None) -> str:
    """Who published the article: its outlet, else its URL's host, else "unknown outlet" with
    the file name as a detail (a file name is never shown as if it were an outlet)."""
    if not article:
        return "unknown article"
    outlet = clean_text(article.get("outlet")).strip()
    if outlet:
        return outlet
    url = safe_url(article.get("url"))
    if url:
        return urlsplit(url).netloc
    source = clean_text(article.get("source")).strip()
    name = PurePosixPath(source.replace("\\", "/")).name or clean_text(article.get("id"))
    return f"unknown outlet ({name})" if name else "unknown outlet"


def story_articles(report: Mapping[str, Any], story: Mapping[str, Any]) -> list[JsonDict]:
    by_id = articles_by_id(report)
    ids = story.get("articles")
    return [by_id[str(a)] for a in ids if str(a) in by_id] if isinstance(ids, list) else []


def story_outlets(report: Mapping[str, Any], story: Mapping[str, Any]) -> list[str]:
    """The story's outlets, each once, in the story's order."""
    return list(dict.fromkeys(outlet_label(a) for a in story_articles(report, story)))


def story_first_published(report: Mapping[str, Any], story: Mapping[str, Any]) -> str | None:
    dates = [clean_text(a.get("published")) for a in story_articles(report, story)]
    return min((d for d in dates if d), default=None)


def story_headline(report: Mapping[str, Any], story: Mapping[str, Any]) -> str | None:
    """The title of the story's first article that has one, else its first claim."""
    for article in story_articles(report, story):
        title = clean_text(article.get("title")).strip()
        if title:
            return title
    for claim in items(story.get("claims")):
        for sentence in items(claim.get("sentences")):
            text = clean_text(sentence.get("text")).strip()
            if text:
                return text
    return None


def independent_origins(report: Mapping[str, Any], story: Mapping[str, Any]) -> int:
    """How many independent origins the story's articles have: copies, reprints and articles
    syndicated from one publisher count once (from the report's provenance edges)."""
    extras = story.get("extras")
    if isinstance(extras, dict) and isinstance(extras.get("independent_origins"), int):
        return int(extras["independent_origins"])
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    members = story_articles(report, story)
    for edge in items(report.get("provenance")):
        if edge.get("relation") in ("duplicate_of", "syndicated_from"):
            join(f"a:{edge.get('source')}", f"a:{edge.get('target')}")
    origins = set()
    for article in members:
        origin = clean_text(article.get("syndicated_from")).strip().casefold()
        if origin:
            origins.add(origin)
            join(f"a:{article.get('id')}", f"o:{origin}")
    for article in members:  # a reprint and its publisher's own article are one origin
        outlet = clean_text(article.get("outlet")).strip().casefold()
        if outlet in origins:
            join(f"a:{article.get('id')}", f"o:{outlet}")
    return len({root(f"a:{a.get('id')}") for a in members})


# --- anchors in article text -----------------------------------------------------------------


def referenced_texts(story: Mapping[str, Any]) -> dict[str, list[str]]:
    """Per article id, the texts the briefing links to (claims and unique sentences first)."""
    out: dict[str, list[str]] = {}

    def add(ref: Mapping[str, Any]) -> None:
        text = clean_text(ref.get("text")).strip()
        if text:
            out.setdefault(str(ref.get("article")), []).append(text)

    for claim in items(story.get("claims")):
        for sentence in items(claim.get("sentences")):
            add(sentence)
    for ref in items(story.get("unique")):
        add(ref)
    for quote in items(story.get("quotes")):
        add(quote)
    for discrepancy in items(story.get("discrepancies")):
        for variant in items(discrepancy.get("variants")):
            add(variant)
    return out


def place_texts(
    body: str, texts: Iterable[str], article_id: str
) -> tuple[list[tuple[int, int, str]], dict[str, str]]:
    """Where the texts sit in ``body``: non-overlapping (start, end, anchor) spans, and for
    every text the anchor that leads to it (its own, the one of the span holding it, or the
    article's)."""
    spans: list[tuple[int, int, str]] = []
    hrefs: dict[str, str] = {}
    found: list[tuple[str, int, int]] = []
    for text in dict.fromkeys(texts):
        start = body.find(text)
        if start < 0:
            hrefs[text] = article_anchor(article_id)
            continue
        found.append((text, start, start + len(text)))
        end = start + len(text)
        if all(end <= s or start >= e for s, e, _ in spans):
            spans.append((start, end, text_anchor(article_id, text)))
    for text, start, end in found:
        holder = next((a for s, e, a in spans if s <= start and end <= e), None)
        hrefs[text] = holder or article_anchor(article_id)
    return sorted(spans), hrefs


def paragraph_segments(body: str, spans: list[tuple[int, int, str]]) -> list[list[JsonDict]]:
    """The body as paragraphs of segments ``{"text", "anchor"}`` (anchor None for plain text)."""
    paragraphs: list[list[JsonDict]] = []
    offset = 0
    given: set[str] = set()
    for para in body.split("\n\n"):
        start, end = offset, offset + len(para)
        offset = end + 2
        segments: list[JsonDict] = []
        cursor = start
        for s, e, anchor in spans:
            s, e = max(s, start), min(e, end)
            if s >= e:
                continue
            if s > cursor:
                segments.append({"text": clean_text(body[cursor:s]), "anchor": None, "mark": False})
            own = anchor not in given
            given.add(anchor)
            segments.append(
                {"text": clean_text(body[s:e]), "anchor": anchor if own else None, "mark": True}
            )
            cursor = e
        if cursor < end:
            segments.append({"text": clean_text(body[cursor:end]), "anchor": None, "mark": False})
        if any(seg["text"].strip() for seg in segments):
            paragraphs.append(segments)
    return paragraphs


def removed_by_kind(article: Mapping[str, Any]) -> list[JsonDict]:
    """The article's removed furniture grouped by kind: ``{"kind", "label", "texts"}``."""
    groups: dict[str, list[str]] = {}
    for piece in items(article.get("removed")):
        kind = clean_text(piece.get("kind")).strip() or "other"
        text = clean_text(piece.get("text"))
        if text.strip():
            groups.setdefault(kind, []).append(text)
    for kind, texts in groups.items():  # "Subscribe" eight times reads as "Subscribe (×8)"
        counts = Counter(texts)
        groups[kind] = [
            t if counts[t] == 1 else f"{t} (×{counts[t]})" for t in dict.fromkeys(texts)
        ]
    order = list(KIND_LABELS)
    ranked = sorted(groups, key=lambda k: (order.index(k) if k in order else len(order), k))
    return [
        {"kind": k, "label": KIND_LABELS.get(k, k.capitalize()), "texts": groups[k]} for k in ranked
    ]


def article_view(
    article: Mapping[str, Any], texts: Iterable[str]
) -> tuple[JsonDict, dict[str, str]]:
    """One article for reading, and the anchors of the texts the briefing links to."""
    aid = str(article.get("id"))
    body = article.get("body") if isinstance(article.get("body"), str) else ""
    spans, hrefs = place_texts(str(body), texts, aid)
    view = {
        "id": clean_text(aid),
        "anchor": article_anchor(aid),
        "outlet": outlet_label(article),
        "title": clean_text(article.get("title")).strip() or None,
        "published": clean_text(article.get("published")) or None,
        "authors": strings(article.get("authors")),
        "syndicated_from": clean_text(article.get("syndicated_from")) or None,
        "cited_sources": strings(article.get("cited_sources")),
        "source": clean_text(article.get("source")),
        "url": safe_url(article.get("url")),
        "paragraphs": paragraph_segments(str(body), spans),
        "removed": removed_by_kind(article),
    }
    return view, hrefs


# --- story sections --------------------------------------------------------------------------


class Links:
    """Where a text of an article can be linked to in the briefing."""

    def __init__(self, hrefs: Mapping[str, Mapping[str, str]]) -> None:
        self._hrefs = hrefs

    def __call__(self, article_id: object, text: object) -> str:
        aid = str(article_id)
        return self._hrefs.get(aid, {}).get(clean_text(text).strip(), article_anchor(aid))


def claim_support(claim: Mapping[str, Any], extras: Mapping[str, Any]) -> str:
    """ "5 articles, 2 independent origins": from the report when it says so, else counted."""
    for key in ("independence", "support"):
        if isinstance(claim.get(key), str):
            return clean_text(claim[key])
    table = extras.get("independence") or extras.get("claim_independence")
    if isinstance(table, dict) and isinstance(table.get(str(claim.get("id"))), str):
        return clean_text(table[str(claim.get("id"))])
    n = len({str(s.get("article")) for s in items(claim.get("sentences"))})
    origins = claim.get("independent_sources")
    if isinstance(origins, int) and origins > 0:
        return f"{plural(n, 'article')}, {plural(origins, 'independent origin')}"
    return plural(n, "article")


def claim_rows(story: Mapping[str, Any], columns: list[JsonDict], links: Links) -> list[JsonDict]:
    """The corroboration matrix: one row per fact, one cell per article column.  A claim whose
    first sentence (its representative) already heads an earlier row repeats that fact and is
    left out (every claim stays in the JSON)."""
    extras = extras_of(story)
    rows = []
    heads: set[tuple[str, str]] = set()
    for claim in items(story.get("claims")):
        sentences = [s for s in items(claim.get("sentences")) if clean_text(s.get("text")).strip()]
        if not sentences:
            continue
        head = (str(sentences[0].get("article")), clean_text(sentences[0].get("text")))
        if head in heads:
            continue
        heads.add(head)
        by_article: dict[str, JsonDict] = {}
        for s in sentences:
            by_article.setdefault(str(s.get("article")), s)
        cells: list[JsonDict | None] = []
        for col in columns:
            found = by_article.get(col["id"])
            cells.append(
                None
                if found is None
                else {
                    "href": links(col["id"], found.get("text")),
                    "text": clean_text(found.get("text")),
                }
            )
        origins = claim.get("independent_sources")
        rows.append(
            {
                "id": clean_text(claim.get("id")),
                "text": clean_text(sentences[0].get("text")),
                "href": links(sentences[0].get("article"), sentences[0].get("text")),
                "n_articles": len(by_article),
                "independent": origins if isinstance(origins, int) and origins > 0 else None,
                "support": claim_support(claim, extras),
                "cells": cells,
            }
        )
    return rows


def top_facts(rows: list[JsonDict], n: int = TOP_FACTS) -> list[JsonDict]:
    """The claims most independently corroborated (then most widely reported)."""
    ranked = sorted(rows, key=lambda r: (-(r["independent"] or 0), -r["n_articles"]))
    distinct = {r["text"]: r for r in reversed(ranked)}  # one sentence may head two claims
    return [r for r in ranked if distinct[r["text"]] is r][:n]


def _norm(word: str) -> str:
    return _NORM.sub("", word.casefold())


def word_drift(reference: str, text: str) -> list[JsonDict]:
    """``text`` as words marked against ``reference``: ``{"text", "kind"}`` with kind "same",
    "changed" (words the reference does not have) or "missing" (reference words left out)."""
    ref_words, words = _WORD.findall(reference), _WORD.findall(text)
    matcher = difflib.SequenceMatcher(
        None, [_norm(w) for w in ref_words], [_norm(w) for w in words], autojunk=False
    )
    out: list[JsonDict] = []
    close = matcher.ratio() >= DRIFT_SHOW_MISSING  # a free re-translation: do not strike it all
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append({"text": " ".join(words[j1:j2]), "kind": "same"})
            continue
        if close and i2 > i1 and op in ("delete", "replace"):
            out.append({"text": " ".join(ref_words[i1:i2]), "kind": "missing"})
        if j2 > j1:
            out.append({"text": " ".join(words[j1:j2]), "kind": "changed"})
    return out


def reference_drift(reference: str, others: list[str]) -> list[JsonDict]:
    """The reference rendering with the words any other rendering changes or leaves out."""
    ref_words = _WORD.findall(reference)
    touched = [False] * len(ref_words)
    for other in others:
        matcher = difflib.SequenceMatcher(
            None,
            [_norm(w) for w in ref_words],
            [_norm(w) for w in _WORD.findall(other)],
            autojunk=False,
        )
        for op, i1, i2, _j1, _j2 in matcher.get_opcodes():
            if op != "equal":
                touched[i1:i2] = [True] * (i2 - i1)
    out: list[JsonDict] = []
    for word, flag in zip(ref_words, touched, strict=True):
        kind = "changed" if flag else "same"
        if out and out[-1]["kind"] == kind:
            out[-1]["text"] += " " + word
        else:
            out.append({"text": word, "kind": kind})
    return out


def drift_notes(extras: Mapping[str, Any]) -> dict[str, str]:
    """Per quote group, what the report's drift analysis says (when it says anything)."""
    notes: dict[str, str] = {}
    for entry in items(extras.get("quote_drift")):
        text = next(
            (
                entry[k]
                for k in ("note", "summary", "description", "kind")
                if isinstance(entry.get(k), str)
            ),
            None,
        )
        if entry.get("group") is not None and text:
            notes[str(entry["group"])] = clean_text(text)
    return notes


def quote_sections(
    story: Mapping[str, Any], by_id: Mapping[str, JsonDict], links: Links
) -> tuple[list[JsonDict], list[JsonDict]]:
    """Quote cards (one utterance rendered by several articles) and the other quotes."""
    extras = extras_of(story)
    notes = drift_notes(extras)
    groups: dict[str, list[JsonDict]] = {}
    singles: list[JsonDict] = []
    for quote in items(story.get("quotes")):
        if quote.get("fragment") is True or not clean_text(quote.get("text")).strip():
            continue
        group = quote.get("group")
        if group is None:
            singles.append(quote)
        else:
            groups.setdefault(str(group), []).append(quote)
    cards = []
    for group, quotes in groups.items():
        if len({str(q.get("article")) for q in quotes}) < 2:
            singles.extend(quotes)
            continue
        cards.append(quote_card(group, quotes, by_id, links, notes.get(group)))
    return cards, [quote_line(q, by_id, links) for q in singles]


def quote_line(quote: Mapping[str, Any], by_id: Mapping[str, JsonDict], links: Links) -> JsonDict:
    aid = str(quote.get("article"))
    return {
        "speaker": clean_text(quote.get("speaker")).strip() or "Unattributed",
        "text": clean_text(quote.get("text")),
        "article": clean_text(aid),
        "outlet": outlet_label(by_id.get(aid)),
        "href": links(aid, quote.get("text")),
        "url": safe_url((by_id.get(aid) or {}).get("url")),
    }


def quote_card(
    group: str,
    quotes: list[JsonDict],
    by_id: Mapping[str, JsonDict],
    links: Links,
    note: str | None,
) -> JsonDict:
    lines = [quote_line(q, by_id, links) for q in quotes]
    reference = lines[0]["text"]
    others = [line["text"] for line in lines[1:]]
    lines[0]["words"] = reference_drift(reference, others)
    for line in lines[1:]:
        line["words"] = word_drift(reference, line["text"])
    speakers = list(dict.fromkeys(line["speaker"] for line in lines))
    drifted = any(w["kind"] != "same" for line in lines for w in line["words"])
    return {
        "group": clean_text(group),
        "speaker": " / ".join(speakers),
        "renderings": lines,
        "drift": drifted,
        "note": note,
    }


def unique_by_outlet(
    story: Mapping[str, Any], by_id: Mapping[str, JsonDict], links: Links
) -> list[JsonDict]:
    groups: dict[str, JsonDict] = {}
    for ref in items(story.get("unique")):
        text = clean_text(ref.get("text")).strip()
        if not text:
            continue
        aid = str(ref.get("article"))
        entry = groups.setdefault(
            aid, {"article": clean_text(aid), "outlet": outlet_label(by_id.get(aid)), "items": []}
        )
        entry["items"].append({"text": text, "href": links(aid, ref.get("text"))})
    return list(groups.values())


def discrepancy_views(
    story: Mapping[str, Any], by_id: Mapping[str, JsonDict], links: Links
) -> list[JsonDict]:
    out = []
    for d in items(story.get("discrepancies")):
        variants = [
            {
                "article": clean_text(v.get("article")),
                "outlet": outlet_label(by_id.get(str(v.get("article")))),
                "text": clean_text(v.get("text")),
                "href": links(v.get("article"), v.get("text")),
            }
            for v in items(d.get("variants"))
        ]
        out.append(
            {
                "what": clean_text(d.get("what")),
                "kind": clean_text(d.get("kind")),
                "variants": variants,
            }
        )
    return out


def number(value: object) -> str:
    """2000000.0 -> "2,000,000"; 0.5 -> "0.5"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return clean_text(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6g}"


def quantity_views(story: Mapping[str, Any], by_id: Mapping[str, JsonDict]) -> list[JsonDict]:
    """Numbers, one row per numeric fact (a quantity group; ungrouped ones alone), facts that
    several articles give first; ``differ`` when the articles give different values."""
    groups: dict[str, list[JsonDict]] = {}
    for n, q in enumerate(items(story.get("quantities"))):
        key = str(q["group"]) if q.get("group") is not None else f"#{n}"
        groups.setdefault(key, []).append(q)
    out: list[JsonDict] = []
    for quantities in groups.values():
        values = []
        for q in quantities:
            shown = f"{number(q.get('value'))} {clean_text(q.get('unit'))}".strip()
            if q.get("high") is not None:
                shown = (
                    f"{number(q.get('value'))}–{number(q.get('high'))} {clean_text(q.get('unit'))}"
                )
            values.append(shown)
        about = next((clean_text(q.get("about")) for q in quantities if q.get("about")), "")
        out.append(
            {
                "about": about,
                "values": list(dict.fromkeys(values)),
                "differ": len(set(values)) > 1,
                "n_articles": len({str(q.get("article")) for q in quantities}),
                "renderings": [
                    {
                        "outlet": outlet_label(by_id.get(str(q.get("article")))),
                        "text": clean_text(q.get("text")),
                        "href": article_anchor(str(q.get("article"))),
                    }
                    for q in quantities
                ],
            }
        )
    out.sort(key=lambda r: -r["n_articles"])
    return out


def entity_views(story: Mapping[str, Any]) -> list[JsonDict]:
    out = []
    for e in items(story.get("entities")):
        name = clean_text(e.get("name")).strip()
        mentions = strings(e.get("mentions"))
        out.append(
            {
                "name": name,
                "type": clean_text(e.get("type")),
                "variants": [m for m in mentions if m != name],
                "mentions": mentions,
            }
        )
    out.sort(key=lambda e: (-len(e["variants"]), str(e["name"]).casefold()))
    return out


def provenance_edges(report: Mapping[str, Any], members: Mapping[str, JsonDict]) -> list[JsonDict]:
    """The provenance edges that start at one of the story's articles, labelled."""
    out = []
    for edge in items(report.get("provenance")):
        source, target = str(edge.get("source")), str(edge.get("target"))
        if source not in members:
            continue
        out.append(
            {
                "source": clean_text(source),
                "source_label": outlet_label(members[source]),
                "target": clean_text(target),
                "target_label": outlet_label(members[target])
                if target in members
                else clean_text(target),
                "target_is_article": target in members,
                "relation": clean_text(edge.get("relation")),
                "evidence": clean_text(edge.get("evidence")),
            }
        )
    return out


def plain_data(value: object, depth: int = 0) -> object:
    """Extras (framing …) of unknown shape as nested lists/dicts of clean strings."""
    if depth > 6:
        return "…"
    if isinstance(value, dict):
        return {clean_text(k): plain_data(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_data(v, depth + 1) for v in value]
    return clean_text(value)


def story_view(report: Mapping[str, Any], story: Mapping[str, Any]) -> JsonDict:
    """Everything the briefing shows about one story."""
    members = story_articles(report, story)
    by_id = {str(a.get("id")): a for a in members}
    wanted = referenced_texts(story)
    articles, hrefs = [], {}
    for article in members:
        view, links_of = article_view(article, wanted.get(str(article.get("id")), []))
        articles.append(view)
        hrefs[str(article.get("id"))] = links_of
    links = Links(hrefs)
    columns = [{"id": str(a.get("id")), "outlet": outlet_label(a)} for a in members]
    rows = claim_rows(story, columns, links)
    rows.sort(key=lambda r: (-(r["independent"] or 0), -r["n_articles"]))  # stable
    cards, singles = quote_sections(story, by_id, links)
    extras = extras_of(story)
    dates = sorted(a["published"] for a in articles if a["published"])
    return {
        "id": clean_text(story.get("id")),
        "anchor": safe_id("story", story.get("id")),
        "headline": story_headline(report, story) or f"Story {clean_text(story.get('id'))}",
        "n_articles": len(members),
        "outlets": story_outlets(report, story),
        "origins": independent_origins(report, story),
        "first_published": dates[0] if dates else None,
        "last_published": dates[-1] if dates else None,
        "columns": columns,
        "claims": rows,
        "top_facts": top_facts(rows),
        "quote_cards": cards,
        "other_quotes": singles,
        "unique": unique_by_outlet(story, by_id, links),
        "discrepancies": discrepancy_views(story, by_id, links),
        "entities": entity_views(story),
        "numbers": quantity_views(story, by_id),
        "provenance": provenance_edges(report, by_id),
        "framing": plain_data(extras.get("framing")) if extras.get("framing") else None,
        "articles": articles,
    }


def briefing(report: Mapping[str, Any]) -> JsonDict:
    """The whole briefing: stories, and the inputs that could not be analysed."""
    stories = [story_view(report, s) for s in items(report.get("stories"))]
    errors = [
        {"source": clean_text(e.get("source")), "reason": clean_text(e.get("reason"))}
        for e in items(report.get("errors"))
    ]
    articles = items(report.get("articles"))
    return {
        "stories": stories,
        "errors": errors,
        "n_articles": len(articles),
        "n_outlets": len({outlet_label(a) for a in articles}),
    }
