"""Typed records passed between the pipeline's stages.

The flow is::

    Document (sources/)  ->  Article (clean/)  ->  ArticleFacts (extract/)
        ->  Story (group/)  ->  StoryAlignment (align/)  ->  Report (report/, store/)

Every record is a frozen dataclass; collections are tuples so records stay hashable and
immutable.  Character offsets (``start``/``end``) always index into ``Article.body``.  The JSON
writer in :mod:`newsweave.report.json` is the only place that knows the report contract's field
names; nothing here is tied to them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

DocumentKind = Literal["text", "html"]

#: Kinds of page furniture a cleaner may label a removed line with.
FURNITURE_KINDS: tuple[str, ...] = (
    "navigation",
    "caption",
    "related",
    "newsletter",
    "teaser",
    "newsfeed",
    "ad",
    "byline",
    "share",
    "cookie",
    "footer",
    "comments",
    "notice",
    "title",
    "metadata",
    "other",
)


@dataclass(frozen=True)
class Document:
    """One input as read from its source, before cleaning.

    ``text`` is decoded, NFC-normalised text: the page's HTML for ``kind == "html"``, the page's
    visible text otherwise.  The optional fields carry what the source itself knew (a JSONL
    record's title, a feed entry's date, a WARC record's URL); cleaning fills the gaps.
    """

    source: str  #: the input as given: a path, URL or ``FILE.jsonl#<id>``
    text: str  #: decoded NFC text (HTML markup for html documents)
    kind: DocumentKind = "text"
    url: str | None = None
    title: str | None = None
    published: str | None = None  #: ISO date (YYYY-MM-DD) when the source knew it
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    raw: bytes | None = field(default=None, repr=False, compare=False)  #: original bytes
    #: when an archive captured the page (a WARC-Date): not the publication date, which the
    #: page itself says
    captured: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text: the store's key for "have we analysed this already"."""
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Removed:
    """A piece of page furniture taken out of the article, with what kind it is."""

    text: str
    kind: str  #: one of :data:`FURNITURE_KINDS`


@dataclass(frozen=True)
class Metadata:
    """What the page says about itself.  Unknown stays ``None`` (never guessed)."""

    title: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  #: ISO date
    syndicated_from: str | None = None  #: original publisher when this page is a reprint
    cited_sources: tuple[str, ...] = ()  #: agencies, outlets and bodies the text credits


@dataclass(frozen=True)
class Cleaned:
    """The result of cleaning one document: the body's paragraphs and what was removed."""

    paragraphs: tuple[str, ...]
    removed: tuple[Removed, ...] = ()


@dataclass(frozen=True)
class Article:
    """A cleaned article with its metadata."""

    id: str  #: unique within a run ("a1", "a2", ...)
    source: str
    paragraphs: tuple[str, ...]
    metadata: Metadata = Metadata()
    removed: tuple[Removed, ...] = ()
    url: str | None = None
    content_hash: str = ""

    @property
    def body(self) -> str:
        """The clean text, paragraphs separated by one blank line."""
        return "\n\n".join(self.paragraphs)


# --- extraction ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A piece of an article's body: ``body[start:end] == text``."""

    article: str  #: article id
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    article: str
    index: int  #: position of the sentence in its article
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class EntityMention:
    article: str
    start: int
    end: int
    text: str  #: surface form as written ("Zelenskyy's" stays here, the form drops the 's)
    type: str  #: PERSON, ORG, GPE, NORP, LOC, ...
    form: str  #: proper-name form used for resolution ("Zelenskyy")


@dataclass(frozen=True)
class Entity:
    """One real-world entity resolved across spellings and articles."""

    name: str  #: canonical name: the fullest proper-name form seen
    type: str
    mentions: tuple[str, ...]  #: every distinct form seen
    key: str = ""  #: stable id within a run


@dataclass(frozen=True)
class Quote:
    """A direct quotation in an article body."""

    id: str
    article: str
    start: int  #: offsets of the quoted words, marks excluded
    end: int
    text: str  #: the quoted words without the marks
    speaker: str | None  #: canonical entity name, or None when the article does not say
    cue: str | None = None  #: the attribution verb or form ("said", "told", "colon", ...)
    fragment: bool = False  #: 1-2 words or a scare quote, not a real quotation
    group: str | None = None  #: filled by alignment: same utterance across articles


@dataclass(frozen=True)
class Quantity:
    """A number with what it counts, normalised."""

    article: str
    start: int
    end: int
    text: str  #: the mention as written ("2 million tons")
    value: float
    unit: str  #: tonne, percent, count, rank, factor, USD, EUR, ...
    about: str = ""  #: the phrase the number is about ("aluminum annually to the United States")
    approximate: bool = False
    high: float | None = None  #: upper bound for ranges ("2-3 million")
    group: str | None = None  #: filled by alignment: one numeric fact across articles
    #: "lower" when the figure is a floor ("more than 100", "at least three"), "upper" when it
    #: is a ceiling ("up to 1.6 million", "nearly 200"), else ""
    bound: str = ""


@dataclass(frozen=True)
class DateMention:
    article: str
    start: int
    end: int
    text: str  #: "on Monday", "Feb. 12", ...
    date: str  #: resolved ISO date


@dataclass(frozen=True)
class ArticleFacts:
    """Everything extraction found in one article body."""

    article: str
    sentences: tuple[Sentence, ...] = ()
    entity_mentions: tuple[EntityMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()


# --- grouping and alignment --------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """Articles that report one real-world event."""

    id: str
    articles: tuple[str, ...]  #: article ids, earliest first


@dataclass(frozen=True)
class Provenance:
    """One edge of the provenance graph: ``source`` copied or cites ``target``."""

    source: str  #: article id (or outlet name for cites edges to outside bodies)
    target: str
    relation: Literal["duplicate_of", "syndicated_from", "cites"]
    evidence: str = ""


@dataclass(frozen=True)
class SentenceRef:
    article: str
    text: str
    index: int = -1


@dataclass(frozen=True)
class Claim:
    """Sentences of different articles that report one fact in their own words."""

    id: str
    sentences: tuple[SentenceRef, ...]
    independent_sources: int = 0
    #: groups of article ids counted as one origin (copies, reprints, relays of one source)
    folded: tuple[tuple[str, ...], ...] = ()
    first: str | None = None  #: article id that reported it first
    followers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Variant:
    article: str
    text: str


@dataclass(frozen=True)
class Discrepancy:
    what: str
    variants: tuple[Variant, ...]
    kind: str = "value"  #: "value" (numbers, dates, names) or "wording" (a quote's meaning)


@dataclass(frozen=True)
class StoryAlignment:
    """What the articles of one story say together."""

    story: Story
    quotes: tuple[Quote, ...] = ()  #: with ``group`` filled
    quantities: tuple[Quantity, ...] = ()  #: with ``group`` filled
    dates: tuple[DateMention, ...] = ()
    claims: tuple[Claim, ...] = ()
    unique: tuple[SentenceRef, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    entities: tuple[Entity, ...] = ()
    #: extensions beyond the contract (drift, matrix, framing, provenance); plain JSON-able data
    extras: dict[str, object] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class InputError:
    """An input that could not be analysed, with a one-line reason."""

    source: str
    reason: str


@dataclass(frozen=True)
class Report:
    articles: tuple[Article, ...]
    stories: tuple[StoryAlignment, ...]
    errors: tuple[InputError, ...] = ()
    provenance: tuple[Provenance, ...] = ()
