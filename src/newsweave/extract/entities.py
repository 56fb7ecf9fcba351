"""Named-entity mentions and their resolution across spellings and articles.

**Mentions.**  spaCy's NER gives the spans; each is turned into a proper-name *form* for
resolution: a leading "the" and a trailing possessive are dropped, titles are taken off people's
names ("President", "Mr.", "Russian President"), pairs written with a hyphen ("U.S.-Russia")
become two mentions, and spans that are not proper names (lower-case, digits) are dropped.  The
mention's ``text`` keeps what stands in the body, widened to the left over a title written
before a name ("Russian President Vladimir Putin", "Mr. Zaluzhny"), so the entity lists the
titled forms too.  Cheap repairs of the small model's misses: surnames and "First Surname" of
people named elsewhere in the article, a first name before a middle initial, a name cut at a
possessive ("Obama’s State"), an organisation cut at its head word ("... Board ordered") or
widened over "of" and a place ("Eastern District of New York"), and state abbreviations after
a party letter or a city ("(D-Penn.)", "Bentonville, Ark.").

**Resolution** (:func:`resolve_entities`) groups forms, within and across articles, by

* the same key: case, dots, accents and apostrophes ignored ("U.S." = "US");
* transliteration: each name token folded so that "Zelensky", "Zelenskyy", "Zelenskiy" and
  "Zelenskyi" agree (double letters collapsed, final -iy/-yi/-ij to -y, y read as i);
* people's names: the same first and last name ("George W. Bush" = "George Bush", "John
  Roberts" = "John G. Roberts Jr."), but a father and son apart: when one article writes both
  "Jesse Jackson Jr." and "Jesse Jackson", the bare name is another man.  A surname alone
  ("Putin", "Mr. Putin", "Congressman Grimm") joins the one full name it fits; a surname that
  fits several joins, in each article, the one that article names first (the story's subject
  before his wife or father), else the one the story names most.  A first name that is nobody's
  surname joins the one full name it starts ("Sandi" -> "Sandra Jackson").  Forms mostly
  labelled as places ("Washington") never join a person;
* organisations named with or without their country, corporate suffix or "of" ("U.S. Supreme
  Court" = "Supreme Court", "CBS" = "CBS News", "Department of Justice" = "Justice
  Department"); states and their abbreviations ("Calif." = "California");
* acronyms: a form written in capitals ("US", "EU", "USGS") joined to the one longer form whose
  initials it spells ("United States", "European Union", "U.S. Geological Survey"), the one in
  the same article when several fit;
* official long forms: "United States of America" = "United States", "People's Republic of
  China" = "China";
* one-word names of places and bodies spelt one vowel apart ("Kyiv" / "Kiev"), when no article
  uses both spellings.

The canonical name is, for people, the fullest form (most tokens, ties by frequency; a titled
surname, "President Obama", when the story never gives the full name); for other entities the
most frequent form that is neither an acronym nor an official long form ("X of Y"), because
"United States of America" or "USGS" is not the name an entity goes by, with its "The" when the
articles write it as part of the name ("The Denver Post").  The type is
the majority label of the mentions (of the multi-word forms when there are any, since spaCy
mislabels lone surnames far more often: "Holder" as ORG), which also repairs its occasional
mislabels.

Written here rather than with a coreference library: the small spaCy model has no coreference,
and the libraries that add it need torch and are far too slow for the pipeline's budget.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from newsweave.models import Entity, EntityMention

__all__ = ["ENTITY_TYPES", "EntityIndex", "entity_mentions", "name_form", "resolve_entities"]

log = logging.getLogger(__name__)

#: spaCy labels kept as entities (proper names only; numbers and dates are elsewhere)
ENTITY_TYPES = frozenset(
    ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART")
)
_PLACES = frozenset(("GPE", "LOC", "FAC"))
_TYPE_ORDER = (
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "NORP",
    "FAC",
    "EVENT",
    "PRODUCT",
    "LAW",
    "WORK_OF_ART",
)

#: titles written before a name (compared case-sensitively: "General Motors" is not a title use)
TITLES = frozenset(
    [
        "President",
        "Vice",
        "Prime",
        "Minister",
        "Premier",
        "Chancellor",
        "Secretary",
        "General",
        "Gen.",
        "Lt.",
        "Col.",
        "Maj.",
        "Capt.",
        "Adm.",
        "Sgt.",
        "Cpl.",
        "Pvt.",
        "Mr.",
        "Mrs.",
        "Ms.",
        "Miss",
        "Mr",
        "Mrs",
        "Ms",
        "Dr.",
        "Dr",
        "Prof.",
        "Sen.",
        "Senator",
        "Rep.",
        "Representative",
        "Congressman",
        "Congresswoman",
        "Councilman",
        "Councilwoman",
        "Assemblyman",
        "Assemblywoman",
        "Gov.",
        "Governor",
        "Mayor",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Sheikh",
        "Pope",
        "Sir",
        "Dame",
        "Lord",
        "Lady",
        "Judge",
        "Justice",
        "Chief",
        "Ambassador",
        "Commissioner",
        "Speaker",
        "Leader",
        "Deputy",
        "Foreign",
        "Defense",
        "Defence",
        "Finance",
        "Interior",
        "Treasury",
        "Economy",
        "Attorney",
        "Director",
        "Chairman",
        "Chairwoman",
        "Chair",
        "CEO",
        "Spokesman",
        "Spokeswoman",
        "Envoy",
        "Commander",
        "Marshal",
        "Field",
        "Archbishop",
        "Bishop",
        "Cardinal",
        "Rabbi",
        "Imam",
        "Ayatollah",
        "Emir",
        "Crown",
        "Acting",
        "Former",
        "Opposition",
        "Supreme",
        "Rev.",
        "Fr.",
        "Sec.",
        "Amb.",
        "Lieutenant",
        "Colonel",
        "Major",
        "Captain",
        "Admiral",
        "Sergeant",
    ]
)
#: role nouns written in lower case before a name ("Russian leader Vladimir Putin")
ROLES = frozenset(
    [
        "president",
        "leader",
        "minister",
        "chancellor",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "envoy",
        "ambassador",
        "commander",
        "chief",
        "premier",
        "general",
        "senator",
        "governor",
        "mayor",
        "prime",
        "deputy",
        "foreign",
        "propagandist",
        "lawmaker",
        "counterpart",
        "congressman",
        "congresswoman",
    ]
)
_POSSESSIVE = ("'s", "’s", "'", "’")
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,6}$|^(?:[A-Z]\.)+[A-Z]\.?$")
_SKIP_INITIAL = frozenset(("of", "the", "and", "for", "de", "du", "la", "le", "von", "van", "&"))
_STATE_HEADS = re.compile(
    r"^(?:.* )?(?:republic|kingdom|state|states|federation|commonwealth|emirate|principality|"
    r"sultanate|duchy|union) of (?P<rest>.+)$"
)
_OF_TAIL = re.compile(r"^(?P<head>.+?) of (?:america|the [a-z ]+|[a-z]+)$")
_VOWELS = frozenset("aeiou")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


# --- forms -----------------------------------------------------------------------------------


def _fold(text: str) -> str:
    text = text.translate(_APOSTROPHES)
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def key(form: str) -> str:
    """The matching key of a form: case, dots, accents, apostrophes and "the" ignored."""
    k = _fold(form).casefold().replace(".", "").replace("'", "")
    k = re.sub(r"[\s\-‐]+", " ", k).strip()
    return k[4:] if k.startswith("the ") else k


@lru_cache(maxsize=1 << 16)
def _translit(token: str) -> str:
    """One name token folded across transliterations: Zelenskyy/Zelenskiy/Zelensky -> zelenski."""
    t = re.sub(r"(.)\1+", r"\1", token)
    t = re.sub(r"(?:iy|yi|ij|yj|ii)$", "y", t)
    return t.replace("y", "i")


def _tkey(form_key: str) -> str:
    return " ".join(_translit(t) for t in form_key.split())


#: common English short forms of first names ("Joe Biden" = "Joseph R. Biden Jr.")
_NICKNAMES = {
    nick: full
    for full, nicks in (
        ("joseph", "joe"),
        ("william", "bill will billy"),
        ("robert", "bob rob bobby"),
        ("michael", "mike"),
        ("james", "jim jimmy"),
        ("thomas", "tom"),
        ("richard", "dick rick"),
        ("charles", "chuck charlie"),
        ("edward", "ted ed"),
        ("gerald", "jerry"),
        ("daniel", "dan"),
        ("david", "dave"),
        ("steven", "steve stephen"),
        ("benjamin", "ben"),
        ("christopher", "chris"),
        ("nicholas", "nick"),
        ("anthony", "tony"),
        ("andrew", "andy"),
        ("alexander", "alex"),
        ("samuel", "sam"),
        ("patrick", "pat"),
        ("matthew", "matt"),
        ("peter", "pete"),
        ("ronald", "ron"),
        ("donald", "don"),
        ("frederick", "fred"),
        ("lawrence", "larry"),
        ("kenneth", "ken"),
        ("elizabeth", "liz beth betsy"),
        ("katherine", "kate kathy catherine"),
        ("margaret", "maggie peggy"),
        ("jennifer", "jen jenny"),
        ("susan", "sue"),
        ("sandra", "sandy sandi"),
        ("rebecca", "becky"),
        ("deborah", "debbie deb"),
        ("victoria", "vicky"),
    )
    for nick in nicks.split()
}


def _name_ends(form_key: str) -> tuple[str, str, str] | None:
    """(first, last, suffix) keys of a full name: first and last name by transliteration,
    short first names read as the full ones, and the generational suffix ("jr"; "" for none),
    so that a father and his son ("Jesse Jackson", "Jesse Jackson Jr.") stay two people."""
    words = form_key.split()
    suffix = " ".join(w for w in words if w in _SUFFIXES)
    words = [w for w in words if w not in _SUFFIXES]
    if len(words) < 2:
        return None
    first = _NICKNAMES.get(words[0], words[0])
    return _translit(first), _translit(words[-1]), suffix


def _suffix(form_key: str) -> str:
    """The generational suffix of a full name ("jr"), or ""."""
    ends = _name_ends(form_key)
    return ends[2] if ends else ""


def _strip_titles(words: list[str]) -> list[str]:
    """Titles off the front of a person's name: "Russian President Vladimir Putin" -> 2 words."""
    i = 0
    n = len(words)
    while i < n - 1:
        w = words[i]
        if w in TITLES or w.lower() in ROLES:
            i += 1
        elif i + 1 < n - 1 and (words[i + 1] in TITLES or words[i + 1].lower() in ROLES):
            i += 1  # a nationality or a country before a title ("Russian", "U.S.", "Russia's")
        else:
            break
    return words[i:]


def name_form(text: str, label: str = "PERSON") -> str:
    """The proper-name form of a span's text: no "the", no possessive, no titles for people."""
    form = re.sub(r"\s+", " ", text).strip(' ,;:"“”‘’()[]')
    for suffix in _POSSESSIVE:
        if form.endswith(suffix) and len(form) > len(suffix) + 1:
            form = form[: -len(suffix)]
            break
    if form[:4].lower() == "the ":
        form = form[4:]
    if label == "PERSON":
        form = " ".join(_strip_titles(form.split()))
    return form.strip()


def _is_name(form: str, label: str = "PERSON") -> bool:
    """A proper name: capitalised; digits only in names of things ("Amendment 64", "NY1")."""
    if len(form) < 2 or not form[0].isupper():
        return False
    if label in ("PERSON", "GPE", "LOC", "NORP"):
        return not any(c.isdigit() for c in form)
    return sum(c.isalpha() for c in form) >= 2 and not re.fullmatch(r"[A-Z]?[\d\s.,\-]+", form)


# --- mentions --------------------------------------------------------------------------------


def _title_start(doc: Doc, ent: Span) -> int:
    """Token index where a title written before ``ent`` starts (``ent.start`` when none)."""
    i = ent.start - 1
    start = ent.start
    while i >= 0 and (doc[i].text in TITLES or doc[i].text.lower() in ROLES):
        start = i
        i -= 1
    if start == ent.start:
        return start
    if i >= 0 and doc[i].text in _POSSESSIVE and i > 0 and doc[i - 1].ent_type_:
        i -= 1
    if i >= 0 and doc[i].ent_type_ in ("GPE", "NORP", "ORG"):
        while i > 0 and doc[i].ent_iob_ == "I":
            i -= 1
        start = i
    if doc[start].text.lower() == "the":
        start += 1
    return start


def _parts(ent: Span, doc_forms: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, text) of the names in an entity span, "U.S.-Russia" cut in two."""
    text = ent.text
    if "-" in text and ent.label_ in ("GPE", "NORP", "LOC", "ORG"):
        pieces = text.split("-")
        if all(p[:1].isupper() for p in pieces) and (
            any(_ACRONYM.match(p) for p in pieces) or all(p in doc_forms for p in pieces)
        ):
            out = []
            pos = ent.start_char
            for p in pieces:
                out.append((pos, pos + len(p), p))
                pos += len(p) + 1
            return out
    return [(ent.start_char, ent.end_char, text)]


#: last words of organisation names that spaCy often leaves out after a country
#: ("the US Geological Survey" tagged as "US" alone)
ORG_HEADS = frozenset(
    [
        "Survey",
        "Agency",
        "Department",
        "Ministry",
        "Council",
        "Bank",
        "Service",
        "Commission",
        "Institute",
        "Office",
        "Committee",
        "Court",
        "Army",
        "Navy",
        "Forces",
        "Force",
        "Guard",
        "Party",
        "Corporation",
        "Company",
        "Association",
        "Organization",
        "Organisation",
        "Fund",
        "Board",
        "Administration",
        "Authority",
        "Reserve",
        "Parliament",
        "Senate",
        "Congress",
        "Police",
        "Command",
        "Embassy",
        "Mission",
        "Federation",
        "Bureau",
        "Directorate",
        "Cabinet",
    ]
)
#: head words of names that go on with "of" and a place ("Eastern District of New York")
_OF_HEADS = frozenset(["District", "Chamber", "University", "Republic", "Bank", "Court"])
#: words after a one-word name that make it a place ("Zaporizhzhia region")
_PLACE_NOUNS = frozenset(
    ["region", "regions", "province", "oblast", "city", "county", "state", "district"]
)
_PLACE_PREPS = frozenset(["in", "near", "outside", "across"])
#: name suffixes that are not surnames
_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])


def _org_cut(ent: Span) -> Span:
    """An organisation's name cut after its head word when spaCy ran on into the sentence
    ("Workers’ Compensation Board ordered Healthalicious" -> "... Board")."""
    for tok in ent[:-1]:
        if tok.text in ORG_HEADS and ent.doc[tok.i + 1].is_lower:
            return Span(ent.doc, ent.start, tok.i + 1, label=ent.label_)
    return ent


def _of_extension(doc: Doc, ent: Span) -> Span:
    """A body's name with the place it is "of": "the Eastern District" + "of New York"."""
    j = ent.end
    if not (ent[-1].text in ORG_HEADS or ent[-1].text in _OF_HEADS) or j + 1 >= len(doc):
        return ent
    if doc[j].lower_ != "of" or not doc[j + 1].is_title:
        return ent
    k = j + 1
    while k < len(doc) and doc[k].is_title and doc[k].is_alpha:
        k += 1
    return Span(doc, ent.start, k, label=ent.label_) if k - j <= 4 else ent


def _org_extension(doc: Doc, ent: Span) -> Span | None:
    """ "US" + "Geological Survey" -> one ORG span, when spaCy stopped at the country."""
    j = ent.end
    while j < len(doc) and doc[j].is_title and doc[j].is_alpha and doc[j].ent_type_ in ("", "ORG"):
        j += 1
    if j > ent.end and doc[j - 1].text in ORG_HEADS:
        return Span(doc, ent.start, j, label="ORG")
    return None


def _is_place(doc: Doc, ent: Span, places: set[int]) -> bool:
    """A one-word PERSON that reads as a place: "in Kyiv", "Kherson and Zaporizhzhia regions"."""
    prev = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    nxt = doc[ent.end].lower_ if ent.end < len(doc) else ""
    if nxt in _POSSESSIVE:
        return False
    if prev in _PLACE_PREPS or nxt in _PLACE_NOUNS:
        return True
    return nxt in (",", "and") and ent.end + 1 in places


def _missed_surnames(doc: Doc, ents: list[Span]) -> list[Span]:
    """Add the names spaCy left untagged of people the article names: a surname alone
    ("Bessent added ...", "Bruning, a Republican,") of a full name, and a first name and
    surname ("Rahm Emanuel") whose surname is tagged elsewhere ("Mr. Emanuel")."""
    persons = [e for e in ents if e.label_ == "PERSON"]
    full = {e[-1].lower_ for e in persons if len(e) >= 2 and key(e[-1].text) not in _SUFFIXES}
    any_surname = full | {e[-1].lower_ for e in persons if len(e) == 1}
    if not any_surname:
        return ents
    covered = {i for e in ents for i in range(e.start, e.end)}
    extra = []
    for t in doc:
        if t.i in covered or not t.text[0].isupper() or t.lower_ not in any_surname:
            continue
        if not t.is_alpha or t.is_upper:
            continue
        prev = doc[t.i - 1] if t.i > 0 else None
        if (
            prev is not None
            and prev.i not in covered
            and prev.is_title
            and prev.is_alpha
            and prev.tag_ in ("NNP", "NNPS")
            and prev.text not in TITLES
            and prev.lower_ not in ROLES
        ):
            extra.append(Span(doc, t.i - 1, t.i + 1, label="PERSON"))
        elif t.lower_ in full and (t.tag_ in ("NNP", "NNPS", "NN", "VBG", "") or t.is_sent_start):
            extra.append(Span(doc, t.i, t.i + 1, label="PERSON"))
    return sorted(ents + extra, key=lambda e: e.start) if extra else ents


#: tags of words that can start a person's name (proper nouns, and names the tagger misreads)
_NAME_TAGS = frozenset(("NNP", "NNPS", "NN", "JJ", "FW"))


def _first_line(ent: Span) -> Span | None:
    """An entity cut at a line break ("Interfax\\n\\nDetails" -> "Interfax")."""
    if "\n" not in ent.text:
        return ent
    for tok in ent:
        if "\n" in tok.text:
            return Span(ent.doc, ent.start, tok.i, label=ent.label_) if tok.i > ent.start else None
    return None


def _trimmed(ent: Span) -> Span:
    """A person's name without leading words the tagger does not read as names ("Plus Obama"),
    cut at a possessive inside it ("Obama’s State" -> "Obama"), and with the first name before
    a middle initial that spaCy left out ("Domenic" + "M. Recchia Jr.")."""
    doc = ent.doc
    for tok in ent[1:]:
        if tok.text in _POSSESSIVE:
            return _trimmed(Span(doc, ent.start, tok.i, label=ent.label_))
    first = ent.start - 1
    if (
        re.fullmatch(r"[A-Z]\.", ent[0].text)
        and first >= 0
        and doc[first].is_title
        and doc[first].is_alpha
        and doc[first].tag_ in ("NNP", "NNPS")
        and doc[first].text not in TITLES
        and not doc[first].ent_type_
    ):
        ent = Span(doc, first, ent.end, label=ent.label_)
    start = ent.start
    while (
        start < ent.end - 1
        and doc[start].tag_
        and doc[start].tag_ not in _NAME_TAGS
        and doc[start].text not in TITLES
    ):
        start += 1
    if start == ent.start:
        return ent
    return Span(doc, start, ent.end, label=ent.label_)


def _without_overlaps(ents: list[Span]) -> list[Span]:
    """Spans in order, each dropped when it overlaps an earlier (widened) one."""
    out: list[Span] = []
    for e in ents:
        if not out or e.start >= out[-1].end:
            out.append(e)
    return out


def _repaired(doc: Doc) -> list[Span]:
    """``doc.ents`` with cheap repairs of the small model's common mistakes."""
    ents = [
        _trimmed(e) if e.label_ == "PERSON" else _org_cut(e) if e.label_ == "ORG" else e
        for e in map(_first_line, doc.ents)
        if e is not None and e.label_ in ENTITY_TYPES
    ]
    ents = _without_overlaps(
        [_of_extension(doc, e) if e.label_ in ("ORG", "LOC", "FAC") else e for e in ents]
    )
    places = {e.start for e in ents if e.label_ in _PLACES}
    out: list[Span] = []
    skip_to = -1
    for ent in reversed(ents):
        if ent.label_ == "PERSON" and len(ent) == 1 and _is_place(doc, ent, places):
            ent = Span(doc, ent.start, ent.end, label="GPE")
            places.add(ent.start)
        out.append(ent)
    out.reverse()
    out = _missed_surnames(doc, out)
    fixed = []
    for ent in out:
        if ent.start < skip_to:
            continue
        if ent.label_ in ("GPE", "NORP"):
            wider = _org_extension(doc, ent)
            if wider is not None:
                ent, skip_to = wider, wider.end
        fixed.append(ent)
    return fixed


def _possessive_after(doc: Doc, ent: Span) -> bool:
    """``ent`` is followed by its possessive ending ("Putin's", "Jones'"), not a quote mark."""
    if ent.end >= len(doc) or ent[-1].whitespace_:
        return False
    text = doc[ent.end].text
    return text in ("'s", "’s") or (text in ("'", "’") and ent[-1].text.endswith("s"))


#: last words of newspapers' names, whose "The" is part of the name also at a sentence's start
_PAPER_WORDS = frozenset(
    ["Times", "Post", "Journal", "Herald", "Tribune", "Gazette", "Guardian", "Telegraph",
     "Chronicle", "Globe", "Observer", "Economist", "Inquirer", "Examiner", "Independent"]
)  # fmt: skip
#: the text before a sentence's first word: nothing, or a sentence end, a line break, a quote
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n\"“”‘’'(—–-])\s*$")


def entity_mentions(article_id: str, doc: Doc) -> tuple[EntityMention, ...]:
    """Proper-name entity mentions of a parsed article body."""
    ents = _repaired(doc)
    doc_forms = {e.text for e in ents}
    body = doc.text
    out: list[EntityMention] = []
    for ent in ents:
        parts = _parts(ent, doc_forms)
        for start, end, text in parts:
            form = name_form(text, ent.label_)
            if not _is_name(form, ent.label_):
                continue
            if len(parts) == 1 and ent.label_ == "PERSON":
                start = doc[_title_start(doc, ent)].idx
            if len(parts) == 1 and _possessive_after(doc, ent):
                end = doc[ent.end].idx + len(doc[ent.end].text)
            if body.startswith("The ", start) and (
                ent.label_ == "PERSON"
                or (_SENTENCE_START.search(body, 0, start) and ent[-1].text not in _PAPER_WORDS)
            ):
                start += 4  # a sentence's "The", not part of the name ("The Denver Post")
            out.append(EntityMention(article_id, start, end, body[start:end], ent.label_, form))
    covered = [(m.start, m.end) for m in out]
    for match in _STATE_ABBREVIATION_RE.finditer(body):
        start, end = match.span("abbr")
        if not any(s < end and start < e for s, e in covered):
            out.append(EntityMention(article_id, start, end, match["abbr"], "GPE", match["abbr"]))
    return tuple(sorted(out, key=lambda m: m.start))


# --- resolution ------------------------------------------------------------------------------


class _Groups:
    """Union-find over form keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        root = parent.setdefault(x, x)
        while root != parent[root]:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class _Stats:
    """What the mentions of one form key say: their labels and spellings."""

    types: Counter[str] = field(default_factory=Counter)
    forms: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)

    @property
    def place(self) -> bool:
        """Labelled a place more often than anything else."""
        t = self.types
        return sum(t[x] for x in _PLACES) > sum(t.values()) / 2

    @property
    def person(self) -> bool:
        return self.types["PERSON"] > 0 and not self.place


def _initials(form: str) -> str:
    out = []
    for word in form.split():
        if word.lower() in _SKIP_INITIAL:
            continue
        if _ACRONYM.match(word):
            out.append(word.replace(".", ""))
        elif word[:1].isupper():
            out.append(word[0])
        else:
            return ""
    return "".join(out)


def _shouted(form: str) -> bool:
    """Written in capitals without being an acronym ("WASHINGTON" in a dateline)."""
    return form.isupper() and not _ACRONYM.match(form)


def _main_type(types: Counter[str]) -> str:
    return min(types, key=lambda t: (-types[t], _TYPE_ORDER.index(t) if t in _TYPE_ORDER else 99))


def _merge_names(stats: dict[str, _Stats], groups: _Groups) -> None:
    """Transliterations and first+last name matches among people's full names."""
    by_tkey: dict[str, str] = {}
    by_ends: dict[tuple[str, str, str], str] = {}

    named: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k in sorted(stats):
        groups.union(by_tkey.setdefault(_tkey(k), k), k)
        ends = _name_ends(k)
        if ends is not None and stats[k].person:
            groups.union(by_ends.setdefault(ends, k), k)
            named[ends[:2]].append(k)
    for keys in named.values():
        # "John Roberts" and "John G. Roberts Jr." are one man, unless one article writes
        # both "Jesse Jackson Jr." and "Jesse Jackson": then the bare name is his father
        plain = {a for k in keys if not _suffix(k) for a in stats[k].articles}
        suffixed = {a for k in keys if _suffix(k) for a in stats[k].articles}
        if not plain & suffixed:
            for k in keys[1:]:
                groups.union(keys[0], k)


def _one_vowel_apart(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one vowel changed, added or dropped ("kiiv" / "kiev")."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if i == 0 or i >= min(len(a), len(b)) - 1:
        return False  # only inside the word: "Mali" / "Malia" are two places
    if len(a) == len(b):
        return a[i] in _VOWELS and b[i] in _VOWELS and a[i + 1 :] == b[i + 1 :]
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i] in _VOWELS and longer[i + 1 :] == shorter[i:]


def _merge_spellings(stats: dict[str, _Stats], groups: _Groups) -> None:
    """One-word names of places and bodies spelt with one vowel apart ("Kyiv" / "Kiev",
    "Kharkiv" / "Kharkov"), when no article uses both spellings."""
    blocks: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for k, s in stats.items():
        if " " in k or len(k) < 4 or not (s.types.keys() - {"PERSON"}):
            continue
        tk = _tkey(k)
        blocks[tk[0] + "".join(c for c in tk[1:] if c not in _VOWELS)].append((k, tk))
    for keys in blocks.values():
        for i, (a, ta) in enumerate(keys):
            for b, tb in keys[i + 1 :]:
                if _one_vowel_apart(ta, tb) and not (stats[a].articles & stats[b].articles):
                    groups.union(a, b)


def _merge_long_forms(stats: dict[str, _Stats], groups: _Groups) -> None:
    """ "United States of America" -> "United States"; "Republic of China" -> "China"."""
    for k in sorted(stats):
        if stats[k].person or " of " not in k:
            continue
        m = _STATE_HEADS.match(k)
        if m and m.group("rest") in stats:
            groups.union(m.group("rest"), k)
            continue
        m = _OF_TAIL.match(k)
        if m and m.group("head") in stats and not stats[m.group("head")].person:
            head = stats[m.group("head")]
            if head.types.keys() & _PLACES and len(m.group("head").split()) >= 2:
                groups.union(m.group("head"), k)


#: words that name a country before an institution's name ("U.S. Supreme Court")
_COUNTRY_PREFIX = re.compile(r"^(?:us|united states) (?=\w)")
#: words after an organisation's name that leave it the same organisation ("CBS News",
#: "Wal-Mart Stores Inc.")
_ORG_TAILS = frozenset(
    ["inc", "corp", "co", "company", "corporation", "ltd", "llc", "plc", "group", "holdings",
     "stores", "news"]
)  # fmt: skip
_BODY_OF = re.compile(
    r"^(?P<head>department|ministry|office|bureau|agency|secretary|secretariat) of (?P<x>\w+)$"
)


def _org_stem(form_key: str) -> str:
    """The name an organisation goes by without its country, corporate suffix or word order:
    "united states supreme court" -> "supreme court", "walmart stores inc" -> "walmart",
    "department of justice" -> "justice department"."""
    k = _COUNTRY_PREFIX.sub("", form_key)
    words = k.split()
    while len(words) > 1 and words[-1] in _ORG_TAILS:
        words.pop()
    k = " ".join(words)
    m = _BODY_OF.match(k)
    return f"{m['x']} {m['head']}" if m else k


def _merge_org_stems(stats: dict[str, _Stats], groups: _Groups) -> None:
    """Organisations and documents named with and without their country, corporate suffix or
    "of": "Supreme Court" = "U.S. Supreme Court", "CBS" = "CBS News", "Justice Department" =
    "Department of Justice".  Never people or places."""
    by_stem: dict[str, list[str]] = defaultdict(list)
    for k in sorted(stats):
        if not (stats[k].person or stats[k].place):
            by_stem[_org_stem(k)].append(k)
    for keys in by_stem.values():
        for k in keys[1:]:
            groups.union(keys[0], k)


#: United States postal and AP-style abbreviations of the states
_STATE_ABBREVIATIONS = {
    "ala": "alabama", "ariz": "arizona", "ark": "arkansas", "calif": "california",
    "colo": "colorado", "conn": "connecticut", "del": "delaware", "fla": "florida",
    "ga": "georgia", "ill": "illinois", "ind": "indiana", "kan": "kansas", "kans": "kansas",
    "ky": "kentucky", "la": "louisiana", "md": "maryland", "mass": "massachusetts",
    "mich": "michigan", "minn": "minnesota", "miss": "mississippi", "mo": "missouri",
    "mont": "montana", "neb": "nebraska", "nebr": "nebraska", "nev": "nevada",
    "nh": "new hampshire", "nj": "new jersey", "nm": "new mexico", "ny": "new york",
    "nc": "north carolina", "nd": "north dakota", "okla": "oklahoma", "ore": "oregon",
    "pa": "pennsylvania", "penn": "pennsylvania", "ri": "rhode island", "sc": "south carolina",
    "sd": "south dakota", "tenn": "tennessee", "tex": "texas", "vt": "vermont", "va": "virginia",
    "wash": "washington", "wva": "west virginia", "wis": "wisconsin", "wyo": "wyoming",
}  # fmt: skip


def _state_name(form: str) -> str | None:
    """ "Calif." -> "California"; None for any other form."""
    full = _STATE_ABBREVIATIONS.get(key(form)) if form.endswith(".") else None
    return " ".join(w if w == "of" else w.capitalize() for w in full.split()) if full else None


#: a state's abbreviation after a party letter, a city or a bracket: "(D-Penn.)",
#: "Bentonville, Ark.-based"
_STATE_ABBREVIATION_RE = re.compile(
    r"(?:(?<=\b[DRI]-)|(?<=[a-z], )|(?<=\())(?P<abbr>(?:"
    + "|".join(a.capitalize() for a in _STATE_ABBREVIATIONS if len(a) >= 3)
    + r")\.)"
)


def _merge_state_abbreviations(stats: dict[str, _Stats], groups: _Groups) -> None:
    """ "Calif." = "California", "Neb." = "Nebraska": a state's abbreviation, written with its
    dot, joined to the state."""
    for k, s in sorted(stats.items()):
        full = _STATE_ABBREVIATIONS.get(k)
        if full and not s.person and any(f.endswith(".") for f in s.forms):
            groups.union(full, k)


def _merge_acronyms(stats: dict[str, _Stats], groups: _Groups) -> None:
    """A capitals-only form joined to the one longer form whose initials it spells."""
    by_initials: dict[str, set[str]] = defaultdict(set)
    for k, s in stats.items():
        if len(k.split()) >= 2 and not s.person:
            for form in s.forms:
                ini = _initials(form)
                if len(ini) >= 2:
                    by_initials[ini].add(groups.find(k))
    for k, s in sorted(stats.items()):
        if len(k.split()) != 1:
            continue
        acronyms = {f.replace(".", "") for f in s.forms if _ACRONYM.match(f)}
        for acro in sorted(acronyms):
            roots = by_initials.get(acro, set()) - {groups.find(k)}
            if len(roots) > 1:  # "D.C.": "District of Columbia", not "Deuel County" elsewhere
                roots = {r for r in roots if _root_articles(stats, groups, r) & s.articles}
            if len(roots) == 1:
                groups.union(next(iter(roots)), k)


#: a one-word name written in two or more capitalised parts: "HuffPost", "FedEx"
_CAMEL = re.compile(r"^(?:[A-Z][a-z]+){2,}$")


def _merge_contractions(stats: dict[str, _Stats], groups: _Groups) -> None:
    """A one-word name in capitalised parts joined to the one longer name whose words, in
    order, each part begins: "HuffPost" = "The Huffington Post", "FedEx" = "Federal Express".
    Never people; the longer name is taken without its corporate suffix ("Federal Express
    Corp.")."""
    by_words: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for k, s in stats.items():
        if not s.person and len(k.split()) >= 2:
            by_words[tuple(_org_stem(k).split())].add(k)
    for k, s in sorted(stats.items()):
        if s.person or " " in k:
            continue
        for form in {f for f in s.forms if _CAMEL.match(f)}:
            parts = [p.lower() for p in re.findall(r"[A-Z][a-z]+", form)]
            roots = {
                groups.find(long)
                for words, longs in by_words.items()
                if len(words) == len(parts)
                and all(w.startswith(p) for w, p in zip(words, parts, strict=True))
                for long in longs
            } - {groups.find(k)}
            if len(roots) == 1:
                groups.union(next(iter(roots)), k)


def _root_articles(stats: dict[str, _Stats], groups: _Groups, root: str) -> set[str]:
    return {a for k, s in stats.items() if groups.find(k) == root for a in s.articles}


def _surname_candidates(stats: dict[str, _Stats], groups: _Groups) -> dict[str, list[str]]:
    """Single-token person forms -> roots of the full names whose last token they match, or,
    for a token that is nobody's surname, whose first name they match ("Sandi" -> "Sandra
    Jackson")."""
    by_last: dict[str, set[str]] = defaultdict(set)
    by_first: dict[str, set[str]] = defaultdict(set)
    for k, s in stats.items():
        ends = _name_ends(k)
        if ends is not None and s.person:
            by_last[ends[1]].add(groups.find(k))
            by_first[ends[0]].add(groups.find(k))
    out: dict[str, list[str]] = {}
    for k, s in stats.items():
        words = k.split()
        if len(words) == 1 and not s.place:
            t = _translit(words[0])
            roots = by_last.get(t, set()) - {groups.find(k)}
            if not roots and s.person and t not in by_last:
                first = _translit(_NICKNAMES.get(words[0], words[0]))
                roots = by_first.get(first, set()) - {groups.find(k)}
            if roots:
                out[k] = sorted(roots)
    return out


def _canonical(stats: Mapping[str, _Stats]) -> tuple[str, str]:
    """(name, type) of the forms of one entity."""
    types: Counter[str] = Counter()
    long_types: Counter[str] = Counter()  # labels of the forms of two words or more
    forms: Counter[str] = Counter()
    for k, s in stats.items():
        types.update(s.types)
        if " " in k:
            long_types.update(s.types)
        forms.update(s.forms)
    kind = _main_type(long_types or types)
    if kind == "PERSON":
        name = max(forms, key=lambda f: (not _shouted(f), len(f.split()), forms[f], f))
    else:
        name = max(
            forms,
            key=lambda f: (not _shouted(f), not _ACRONYM.match(f), " of " not in f, forms[f], f),
        )
    return name, kind


@dataclass(frozen=True)
class EntityIndex:
    """Resolved entities, and the map from any name form to its entity's canonical name."""

    entities: tuple[Entity, ...] = ()
    #: form key -> canonical name (forms that resolve the same way in every article)
    by_key: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False, repr=False)
    #: (article, form key) -> canonical name, for surnames that depend on the article
    by_article: Mapping[tuple[str, str], str] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def canonical(self, form: str, article: str | None = None) -> str | None:
        """The canonical name of the entity ``form`` names ("Mr. Putin" -> "Vladimir Putin"),
        or None when no entity has that form; ``article`` settles ambiguous surnames."""
        for candidate in (form, name_form(form, "PERSON"), name_form(form, "")):
            k = key(candidate)
            if article is not None and (article, k) in self.by_article:
                return self.by_article[(article, k)]
            if k in self.by_key:
                return self.by_key[k]
            tk = _tkey(k)
            if tk in self.by_key:
                return self.by_key[tk]
        return None


def _stats_of(mentions: Iterable[EntityMention]) -> tuple[dict[str, _Stats], list[EntityMention]]:
    stats: dict[str, _Stats] = {}
    kept = []
    for m in mentions:
        k = key(m.form)
        if not k:
            continue
        s = stats.get(k)
        if s is None:
            s = stats[k] = _Stats()
        s.types[m.type] += 1
        s.forms[m.form] += 1
        s.articles.add(m.article)
        kept.append(m)
    return stats, kept


def _assign(
    mentions: list[EntityMention], stats: dict[str, _Stats], groups: _Groups
) -> dict[tuple[str, str], str]:
    """(article, key) -> group root, settling surnames that fit several full names."""
    candidates = _surname_candidates(stats, groups)
    for k, roots in candidates.items():
        if len(roots) == 1 and stats[k].person:
            groups.union(roots[0], k)
    roots_in: dict[str, set[str]] = defaultdict(set)
    weight: Counter[str] = Counter()  # mentions of each full name's entity in the story
    first: dict[tuple[str, str], int] = {}  # where each full name is first written
    for m in mentions:
        root = groups.find(key(m.form))
        roots_in[m.article].add(root)
        if key(m.form) not in candidates:
            weight[root] += 1
            spot = (m.article, root)
            first[spot] = min(first.get(spot, m.start), m.start)
    out: dict[tuple[str, str], str] = {}
    for m in mentions:
        k = key(m.form)
        roots = candidates.get(k, [])
        root = groups.find(k)
        if root not in roots:
            here = [groups.find(r) for r in roots if groups.find(r) in roots_in[m.article]]
            # a surname that fits several people of the article is the one it names first
            # (the story's subject: "Jesse Jackson Jr." before his wife and his father)
            pick = min(here, key=lambda r: first.get((m.article, r), 1 << 30)) if here else None
            pick = pick or _most_named(roots, weight, groups)
            if pick is not None:
                root = pick
        out[(m.article, k)] = root
    return out


def _most_named(roots: list[str], weight: Counter[str], groups: _Groups) -> str | None:
    """The root among ``roots`` that the story names clearly most often (a surname shared by
    two people goes to the one the story is about), or the only one."""
    ranked = sorted(((weight[groups.find(r)], groups.find(r)) for r in roots), reverse=True)
    if len(ranked) == 1 or (ranked and ranked[0][0] > ranked[1][0]):
        return ranked[0][1]
    return None


def _surface(text: str) -> str:
    """A mention's text as an entity lists it: no possessive, no leading "the"."""
    text = re.sub(r"\s+", " ", text).strip()
    for suffix in _POSSESSIVE:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)].rstrip()
            break
    return text[4:] if text[:4] == "the " else text  # "The Denver Post" keeps its "The"


def _surfaces(text: str) -> list[str]:
    """The forms a mention's text adds to its entity: as written ("Russian President Vladimir
    Putin") and from its title on ("President Vladimir Putin")."""
    surface = _surface(text)
    words = surface.split()
    for i, w in enumerate(words[:-1]):
        if w in TITLES or w.lower() in ROLES:
            return [surface, " ".join(words[i:])] if i else [surface]
    return [surface]


_HONORIFICS = frozenset(["Mr.", "Mrs.", "Ms.", "Miss", "Mr", "Mrs", "Ms", "Dr.", "Dr"])


def _display_name(name: str, kind: str, forms: Iterable[str]) -> str:
    """The name as the entity goes by: "The Denver Post" when its articles write the "The" as
    part of the name, "President Obama" for a person the story never names in full."""
    forms = list(forms)
    if kind != "PERSON" and f"The {name}" in forms:
        return f"The {name}"
    if kind == "PERSON" and " " not in name:
        for form in forms:
            words = form.split()
            if len(words) >= 2 and words[-1] == name and words[0] in TITLES - _HONORIFICS:
                return " ".join(words[-2:])
    return name


def resolve_entities(mentions: Iterable[EntityMention]) -> EntityIndex:
    """Group mentions into entities across spellings, titles, acronyms and articles."""
    stats, kept = _stats_of(mentions)
    groups = _Groups()
    _merge_names(stats, groups)
    _merge_spellings(stats, groups)
    _merge_long_forms(stats, groups)
    _merge_org_stems(stats, groups)
    _merge_state_abbreviations(stats, groups)
    _merge_acronyms(stats, groups)
    _merge_contractions(stats, groups)
    assigned = _assign(kept, stats, groups)

    members: dict[str, list[EntityMention]] = defaultdict(list)
    for m in kept:
        members[assigned[(m.article, key(m.form))]].append(m)
    named: list[tuple[str, str, list[EntityMention]]] = []
    for ms in members.values():
        name, kind = _canonical(_stats_of(ms)[0])
        named.append((_state_name(name) or name, kind, ms))
    named.sort(key=lambda x: (-len(x[2]), x[0]))

    entities = []
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    per_article: dict[tuple[str, str], str] = {}
    for i, (name, kind, ms) in enumerate(named, 1):
        forms: dict[str, None] = {}
        for m in ms:
            forms.setdefault(m.form, None)
            forms.setdefault(_state_name(m.form) or m.form, None)
            for variant in _surfaces(m.text):
                forms.setdefault(variant, None)
        name = _display_name(name, kind, forms)
        for m in ms:
            votes[key(m.form)][name] += 1
            per_article[(m.article, key(m.form))] = name
        entities.append(Entity(name=name, type=kind, mentions=tuple(forms), key=f"e{i}"))
    by_key: dict[str, str] = {}
    for k, names in votes.items():
        best = names.most_common(1)[0][0]
        by_key.setdefault(k, best)
        by_key.setdefault(_tkey(k), best)
    for e in entities:
        by_key.setdefault(key(e.name), e.name)
        for form in e.mentions:
            by_key.setdefault(key(form), e.name)
    by_article = {ak: n for ak, n in per_article.items() if len(votes[ak[1]]) > 1}
    log.debug("resolved %d mentions into %d entities", len(kept), len(entities))
    return EntityIndex(entities=tuple(entities), by_key=by_key, by_article=by_article)
