"""The Markdown briefing: the same sections as the HTML one, for terminals, wikis and diffs.

Article text is untrusted: every piece goes through :func:`md_text`, which drops control
characters (terminal escape sequences) and backslash-escapes what Markdown would read as markup
(links such as ``[x](javascript:…)``, raw HTML, emphasis, tables).  The only links written are
the briefing's own anchors and http(s) URLs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .briefing import briefing, clean_text, plural, safe_url
from .svg import RELATION_LABELS

__all__ = ["md_text", "render_markdown"]

JsonDict = dict[str, Any]

#: what CommonMark/GFM reads as markup inside a line (brackets: links; <: HTML and autolinks)
_SPECIAL = re.compile(r"([\\`*_\[\]<>#+|~&])")
_LIST_NUMBER = re.compile(r"^(\d+)\.")
_LIST_MARK = re.compile(r"^([-=])")


def md_text(value: object) -> str:
    """Untrusted text as inert Markdown on one line."""
    text = " ".join(clean_text(value).split())
    text = _SPECIAL.sub(r"\\\1", text)
    text = _LIST_NUMBER.sub(r"\1\\.", text)
    return _LIST_MARK.sub(r"\\\1", text)


def md_url(url: object) -> str | None:
    safe = safe_url(url)
    if safe is None:
        return None
    for char, code in (("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"), (" ", "%20")):
        safe = safe.replace(char, code)
    return safe


def _words(words: Iterable[JsonDict]) -> str:
    out = []
    for w in words:
        text = md_text(w["text"])
        if w["kind"] == "changed":
            out.append(f"**{text}**")
        elif w["kind"] == "missing":
            out.append(f"~~{text}~~")
        else:
            out.append(text)
    return " ".join(out)


def _summary(s: JsonDict) -> list[str]:
    dates = ""
    if s["first_published"]:
        dates = f" · {s['first_published']}"
        if s["last_published"] != s["first_published"]:
            dates += f" to {s['last_published']}"
    outlets = ", ".join(md_text(o) for o in s["outlets"])
    return [
        f"**{plural(s['n_articles'], 'article')} from {plural(len(s['outlets']), 'outlet')}, "
        f"{plural(s['origins'], 'independent origin')}**{dates}. Outlets: {outlets}.",
        "",
    ]


def _top_facts(s: JsonDict) -> list[str]:
    lines = ["### Most corroborated facts", ""]
    if not s["top_facts"]:
        return [*lines, "_No fact is reported by more than one article._", ""]
    for n, fact in enumerate(s["top_facts"], 1):
        lines.append(f"{n}. {md_text(fact['text'])} _({md_text(fact['support'])})_")
    return [*lines, ""]


def _matrix(s: JsonDict) -> list[str]:
    lines = ["### Corroboration matrix", ""]
    if not s["claims"]:
        return [*lines, "_No claims shared by several articles were found._", ""]
    header = ["Fact", "Independent", *(md_text(c["outlet"]) for c in s["columns"])]
    lines += ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for row in s["claims"]:
        cells = [
            f"[✓](#{s['columns'][i]['anchor']})" if cell else "·"
            for i, cell in enumerate(row["cells"])
        ]
        independent = str(row["independent"]) if row["independent"] is not None else "–"
        lines.append("| " + " | ".join([md_text(row["text"]), independent, *cells]) + " |")
    return [*lines, ""]


def _quotes(s: JsonDict) -> list[str]:
    lines = ["### Who said what", ""]
    if not s["quote_cards"] and not s["other_quotes"]:
        return [*lines, "_No direct quotations were found._", ""]
    if s["quote_cards"]:
        lines += [
            "One utterance as each outlet rendered it: **bold** words differ from the first "
            "rendering, ~~struck~~ words of the first rendering are left out.",
            "",
        ]
    for card in s["quote_cards"]:
        lines += [f"#### {md_text(card['speaker'])}", ""]
        if card["note"]:
            lines += [f"_{md_text(card['note'])}_", ""]
        for r in card["renderings"]:
            lines.append(
                f"- **{md_text(r['outlet'])}** ({md_text(r['article'])}): “{_words(r['words'])}”"
            )
        lines.append("")
    if s["other_quotes"]:
        lines += ["#### Other quotes" if s["quote_cards"] else "#### Quotes", ""]
        by_speaker: dict[str, list[JsonDict]] = {}
        for q in s["other_quotes"]:
            by_speaker.setdefault(q["speaker"], []).append(q)
        for speaker, quotes in by_speaker.items():
            lines.append(f"- **{md_text(speaker)}**")
            lines += [
                f"  - “{md_text(q['text'])}” ({md_text(q['outlet'])}, {md_text(q['article'])})"
                for q in quotes
            ]
        lines.append("")
    return lines


def _unique(s: JsonDict) -> list[str]:
    lines = ["### Reported by one outlet only", ""]
    if not s["unique"]:
        return [*lines, "_No fact reported by a single outlet was found._", ""]
    for group in s["unique"]:
        lines += [f"#### {md_text(group['outlet'])}", ""]
        lines += [f"- {md_text(item['text'])}" for item in group["items"]]
        lines.append("")
    return lines


def _discrepancies(s: JsonDict) -> list[str]:
    lines = ["### Discrepancies", ""]
    if not s["discrepancies"]:
        return [
            *lines,
            "_The articles do not disagree on any number, date, name or quote found._",
            "",
        ]
    for d in s["discrepancies"]:
        lines += [f"#### {md_text(d['what']) or 'Variants that disagree'}", ""]
        lines += [f"- **{md_text(v['outlet'])}**: {md_text(v['text'])}" for v in d["variants"]]
        lines.append("")
    return lines


def _numbers(s: JsonDict) -> list[str]:
    lines = ["### Numbers", ""]
    if not s["numbers"]:
        return [*lines, "_No numbers were found._", ""]
    lines += ["| Value | About | As written |", "| --- | --- | --- |"]
    for n in s["numbers"]:
        value = " / ".join(md_text(v) for v in n["values"])
        if n["differ"]:
            value += " (differ)"
        written = "; ".join(
            f"{md_text(r['outlet'])}: “{md_text(r['text'])}”" for r in n["renderings"]
        )
        lines.append(f"| {value} | {md_text(n['about'])} | {written} |")
    return [*lines, ""]


def _provenance(s: JsonDict) -> list[str]:
    lines = ["### Provenance: who copied or cites whom", ""]
    if not s["provenance"]:
        return [*lines, "_No article copies, reprints or cites another source._", ""]
    for e in s["provenance"]:
        relation = RELATION_LABELS.get(e["relation"], e["relation"])
        target = f"**{md_text(e['target_label'])}**"
        if e["target_is_article"]:
            target += f" ({md_text(e['target'])})"
        evidence = f": {md_text(e['evidence'])}" if e["evidence"] else ""
        lines.append(
            f"- **{md_text(e['source_label'])}** ({md_text(e['source'])}) "
            f"{md_text(relation)} {target}{evidence}"
        )
    return [*lines, ""]


def _entities(s: JsonDict) -> list[str]:
    lines = ["### People, places and organisations", ""]
    if not s["entities"]:
        return [*lines, "_No named entities were found._", ""]
    lines += ["| Name | Type | Also written as |", "| --- | --- | --- |"]
    for e in s["entities"]:
        variants = ", ".join(md_text(v) for v in e["variants"])
        lines.append(f"| {md_text(e['name'])} | {md_text(e['type'])} | {variants} |")
    return [*lines, ""]


def _data(value: object, depth: int = 0) -> list[str]:
    pad = "  " * depth
    if isinstance(value, dict):
        out = []
        for key, item in value.items():
            if isinstance(item, dict | list):
                out += [f"{pad}- **{md_text(key)}**", *_data(item, depth + 1)]
            else:
                out.append(f"{pad}- **{md_text(key)}**: {md_text(item)}")
        return out
    if isinstance(value, list):
        return [line for item in value for line in _data(item, depth)]
    return [f"{pad}- {md_text(value)}"]


def _article(a: JsonDict) -> list[str]:
    title = f": {md_text(a['title'])}" if a["title"] else ""
    meta = [md_text(a["id"])]
    if a["published"]:
        meta.append(md_text(a["published"]))
    if a["authors"]:
        meta.append("by " + ", ".join(md_text(x) for x in a["authors"]))
    if a["syndicated_from"]:
        meta.append(f"reprinted from {md_text(a['syndicated_from'])}")
    if a["cited_sources"]:
        meta.append("cites " + ", ".join(md_text(x) for x in a["cited_sources"]))
    url = md_url(a["url"])
    meta.append(f"[source]({url})" if url else md_text(a["source"]))
    lines = [f'<a id="{a["anchor"]}"></a>', "", f"#### {md_text(a['outlet'])}{title}", ""]
    lines += [f"_{' · '.join(meta)}_", ""]
    for para in a["paragraphs"]:
        lines += ["> " + md_text("".join(seg["text"] for seg in para)), ">"]
    if a["paragraphs"]:
        lines.pop()
    else:
        lines.append("_No article text was kept._")
    lines.append("")
    if a["removed"]:
        n = sum(len(g["texts"]) for g in a["removed"])
        lines += [f"<details><summary>Removed page furniture ({n})</summary>", ""]
        for group in a["removed"]:
            lines += [f"- _{md_text(group['label'])}_: {md_text(t)}" for t in group["texts"]]
        lines += ["", "</details>", ""]
    return lines


def _story(s: JsonDict) -> list[str]:
    lines = [f"## {md_text(s['headline'])}", "", *_summary(s)]
    sections = (_top_facts, _matrix, _quotes, _unique, _discrepancies, _numbers, _provenance)
    for section in (*sections, _entities):
        lines += section(s)
    if s["framing"]:
        lines += ["### Framing", "", *_data(s["framing"]), ""]
    lines += ["### The articles", ""]
    for article in s["articles"]:
        lines += _article(article)
    return lines


def render_markdown(report: Mapping[str, Any]) -> str:
    """The briefing of a report dictionary as Markdown (CommonMark with GitHub tables)."""
    view = briefing(report)
    stories = view["stories"]
    for story in stories:
        anchors = {a["id"]: a["anchor"] for a in story["articles"]}
        for column in story["columns"]:
            column["anchor"] = anchors.get(column["id"], "")
    title = f"Briefing: {md_text(stories[0]['headline'])}" if len(stories) == 1 else "Briefing"
    lines = [f"# {title}", ""]
    lines += [
        f"{plural(view['n_articles'], 'article')} from {plural(view['n_outlets'], 'outlet')}, "
        f"{plural(len(stories), 'story', 'stories')}.",
        "",
    ]
    if not stories:
        lines += ["_No stories: no article could be analysed._", ""]
    for story in stories:
        lines += _story(story)
    if view["errors"]:
        lines += ["## Inputs not analysed", ""]
        lines += [f"- {md_text(e['source'])}: {md_text(e['reason'])}" for e in view["errors"]]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
