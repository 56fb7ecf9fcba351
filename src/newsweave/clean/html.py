"""HTML pages: the article's paragraphs with trafilatura, the page's metadata from its markup.

trafilatura does the extraction (it is the best open extractor on the Zyte article-extraction
benchmark); the settings are the ones that measured best there for accuracy and speed together:
``favor_precision`` (leaves out more furniture), no comment sections, and ``fast`` (no
readability/jusText fallback comparison, which costs a third of the time) except on pages where
the fast pass finds little text.  On the 91 AEB pages this gives F1 0.976 against 0.962 for
plain ``trafilatura.extract`` at about 0.9x its speed, metadata included
(``benchmarks/bench_clean_html.py``).

The page is parsed once: trafilatura works on a copy of the tree, and the metadata is read from
the original with trafilatura's public ``extract_metadata`` (title, site name, author, and the
date through htmldate).

After extraction the paragraphs go through the plain-text line classifier of :mod:`.text`
to catch furniture trafilatura keeps (bylines, photo captions, "Read more" teasers); only the
kinds that the benchmark shows to be safe are dropped (:data:`DROP_KINDS`).  ``removed`` holds
what that pass dropped, then the page's other visible text (menus as "navigation", the page
footer as "footer", the rest as "other"), at most :data:`MAX_REMOVED` lines.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from ..models import Cleaned, Metadata, Removed
from .metadata import find_authors, html_metadata
from .text import classify_lines

__all__ = ["DROP_KINDS", "clean_html", "extract_paragraphs", "markup_metadata"]

log = logging.getLogger(__name__)

#: Furniture kinds the line classifier may take out of trafilatura's paragraphs: on the AEB
#: pages these never cost recall ("related", "navigation", "other" and "notice" do: in
#: extracted text they are mostly list items and short body paragraphs).  A "byline" goes only
#: when it names a person in a byline form (tour dates and datelines also look like bylines).
DROP_KINDS: frozenset[str] = frozenset({
    "title", "footer", "caption", "newsletter", "share", "cookie", "comments", "newsfeed",
    "metadata", "byline",
})  # fmt: skip

_EXTRACT_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "with_metadata": False,
}


#: deepest element nesting parsed as it is: libxml2 stops at 256 levels and drops what is below,
#: so the wrappers of a page nested deeper are taken out first (:func:`flatten`)
MAX_DEPTH = 200
#: a flattened page keeps every element down to this depth, and below it only the elements
#: with at most :data:`KEEP_HEIGHT` levels inside them (paragraphs, their inline markup, the
#: article holding them): the long chain of wrappers in between goes
WRAPPER_DEPTH = 100
KEEP_HEIGHT = 40
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^<>]*?(/?)>")
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()  # noqa: SIM905
)


def _heights(tags: Sequence[tuple[bool, str]]) -> list[int]:
    """For each tag (closing, name), the levels of elements nested inside the element it opens
    (0 for a closing tag); unclosed elements end where an ancestor does, or at the end."""
    heights = [0] * len(tags)
    stack: list[tuple[str, int]] = []  # (name, index of its start tag)
    open_names: Counter[str] = Counter()

    def close_top() -> None:
        name, at = stack.pop()
        open_names[name] -= 1
        if stack:
            parent = stack[-1][1]
            heights[parent] = max(heights[parent], heights[at] + 1)

    for k, (closing, name) in enumerate(tags):
        if not closing:
            stack.append((name, k))
            open_names[name] += 1
        elif open_names[name] > 0:
            while stack[-1][0] != name:
                close_top()
            close_top()
    while stack:
        close_top()
    return heights


#: true when some element is nested :data:`MAX_DEPTH` levels deep (one pass over the tree)
_TOO_DEEP = "boolean(" + "/*" * MAX_DEPTH + ")"


def flatten(html: str) -> str:
    """``html`` without the start and end tags of the elements that are deeper than
    :data:`WRAPPER_DEPTH` and hold more than :data:`KEEP_HEIGHT` levels (their text kept): a
    page a thousand ``<div>`` deep keeps its outer layout and its article, and loses only the
    chain of wrappers between them.  Two linear passes over the tags."""
    found = [m for m in _TAG.finditer(html) if not (m.group(3) or m.group(2).lower() in _VOID)]
    tags = [(bool(m.group(1)), m.group(2).lower()) for m in found]
    heights = _heights(tags)
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag name, its tags dropped)
    open_names: Counter[str] = Counter()
    kept = 0  # elements of the stack whose tags are kept: the depth of the flattened page
    pos = 0
    for m, (closing, name), height in zip(found, tags, heights, strict=True):
        keep = True
        if not closing:
            keep = kept < WRAPPER_DEPTH or height <= KEEP_HEIGHT
            stack.append((name, not keep))
            open_names[name] += 1
            kept += keep
        elif open_names[name] > 0:
            while stack:
                top, dropped = stack.pop()
                open_names[top] -= 1
                kept -= not dropped
                if top == name:
                    keep = not dropped
                    break
        out.append(html[pos : m.start()])
        if keep:
            out.append(m.group())
        pos = m.end()
    out.append(html[pos:])
    log.info("markup nested deeper than %d levels: inner wrappers removed", MAX_DEPTH)
    return "".join(out)


def _parse(html: str) -> HtmlElement | None:
    if not html or not html.strip():
        return None
    try:
        tree = trafilatura.load_html(html)
        if tree is not None and tree.xpath(_TOO_DEEP):  # libxml2 dropped what is below
            tree = trafilatura.load_html(flatten(html))
        return tree
    except Exception as exc:  # lxml raises many kinds on garbage; none should stop a batch
        log.debug("unparsable HTML: %s", exc)
        return None


#: Below this many characters the fast extraction is redone with trafilatura's fallbacks.
SHORT_TEXT = 800


def _extract(tree: HtmlElement, url: str | None, fast: bool) -> str:
    try:
        doc = trafilatura.bare_extraction(tree, url=url, fast=fast, **_EXTRACT_OPTIONS)
    except Exception as exc:  # trafilatura raises ValueError and friends on odd pages
        log.debug("trafilatura failed: %s", exc)
        return ""
    return getattr(doc, "text", None) or ""


def extract_paragraphs(tree: HtmlElement, url: str | None = None) -> tuple[str, ...]:
    """The article's paragraphs (one per text block) from a parsed page; the tree is not changed.

    The fast extraction first; when it finds little text, the full one (readability and jusText
    fallbacks compared), keeping the longer.
    """
    text = _extract(tree, url, fast=True)
    if len(text) < SHORT_TEXT:
        fuller = _extract(tree, url, fast=False)
        if len(fuller) > len(text):
            text = fuller
    return tuple(line.strip() for line in text.split("\n") if line.strip())


def markup_metadata(tree: HtmlElement, url: str | None = None) -> dict[str, str | None]:
    """Title, site name, author and date (ISO) that the markup declares.

    trafilatura's public :func:`trafilatura.extract_metadata`: meta tags and JSON-LD first, then
    its fallbacks (``og:site_name``, the URL's host for the site name); the date from htmldate
    (the original publication date, not the last update).
    """
    try:
        meta = trafilatura.extract_metadata(tree, default_url=url)
    except Exception as exc:  # malformed JSON-LD, odd dates: keep what the body gives
        log.debug("metadata extraction failed: %s", exc)
        return {}
    return {
        "title": meta.title,
        "sitename": _site_name(meta.sitename),
        "author": meta.author,
        "published": meta.date or None,
    }


def _site_name(raw: str | None) -> str | None:
    """A site name as trafilatura would give it: no "@" of a handle, capitalised when bare."""
    name = (raw or "").strip().lstrip("@")
    if name and "." not in name and name.islower():
        name = name.title()
    return name or None


def _droppable(paragraph: str, label: str) -> bool:
    if label not in DROP_KINDS:
        return False
    return label != "byline" or bool(find_authors([paragraph], [label]))


def drop_furniture(paragraphs: Sequence[str]) -> tuple[tuple[str, ...], tuple[Removed, ...]]:
    """Paragraphs without the furniture the line classifier finds in them, and what went.

    Never empties an extraction: when every paragraph looks like furniture, all stay.
    """
    if not paragraphs:
        return (), ()
    labels = list(classify_lines(paragraphs))
    labels += ["body"] * (len(paragraphs) - len(labels))
    kept: list[str] = []
    removed: list[Removed] = []
    for para, label in zip(paragraphs, labels, strict=False):
        if _droppable(para, label):
            removed.append(Removed(para, label))
        else:
            kept.append(para)
    if not kept:
        return tuple(paragraphs), ()
    return tuple(kept), tuple(removed)


#: At most this many page lines are kept in ``removed`` besides what the furniture pass dropped.
MAX_REMOVED = 300

_HIDDEN_TAGS = {"script", "style", "noscript", "template", "svg"}
_NAV_TAGS = {"nav", "header", "menu", "a", "li", "button", "select", "label", "option"}


def _page_text(tree: HtmlElement) -> Iterator[tuple[str, str]]:
    """(text, kind) of every visible text node in page order, in one walk over the tree: kind
    "navigation" inside menus and links, "footer" inside the page footer, else "other"."""
    root = tree.find("body")
    hidden = nav = footer = 0
    for event, el in etree.iterwalk(root if root is not None else tree, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        step = 1 if event == "start" else -1
        hidden += step * (tag in _HIDDEN_TAGS or not tag)
        nav += step * (tag in _NAV_TAGS)
        footer += step * (tag == "footer")
        text = el.text if event == "start" else el.tail
        if text and not hidden:
            yield text, "footer" if footer else "navigation" if nav else "other"


def other_page_lines(
    tree: HtmlElement, body: Sequence[str], skip: Sequence[str] = ()
) -> tuple[Removed, ...]:
    """The page's visible text outside the article (and outside ``skip``), one entry per text
    node, in page order."""
    text = "\n".join(body)
    seen: set[str] = set(skip)
    out: list[Removed] = []
    for raw, kind in _page_text(tree):
        line = " ".join(raw.split())
        if len(line) < 3 or line in seen or line in text:
            continue
        seen.add(line)
        out.append(Removed(line, kind))
        if len(out) >= MAX_REMOVED:
            break
    return tuple(out)


def clean_html(html: str, url: str | None = None) -> tuple[Cleaned, Metadata]:
    """The article in an HTML page and the page's metadata.

    Never raises on bad input: an empty, binary or tagless page gives an empty
    :class:`~newsweave.models.Cleaned` and an empty :class:`~newsweave.models.Metadata`.
    """
    tree = _parse(html)
    if tree is None:
        return Cleaned(()), Metadata()
    paragraphs, removed = drop_furniture(extract_paragraphs(tree, url))
    found = markup_metadata(tree, url)
    metadata = html_metadata(
        title=found.get("title"),
        sitename=found.get("sitename"),
        author=found.get("author"),
        published=found.get("published"),
        paragraphs=paragraphs,
        removed=[r.text for r in removed],
    )
    others = other_page_lines(tree, paragraphs, [r.text for r in removed])
    return Cleaned(paragraphs, removed + others), metadata
