"""Named-entity mentions and their resolution across spellings and articles.

**Mentions.**  spaCy's NER gives the spans; each is turned into a proper-name *form* for
resolution: a leading "the" and a trailing possessive are dropped, titles are taken off people's
names ("President", "Mr.", "Russian President"), pairs written with a hyphen ("U.S.-Russia")
become two mentions, and spans that are not proper names (lower-case, digits) are dropped.  The
mention's ``text`` keeps what stands in the body, widened to the left over a title written
before a name ("Russian President Vladimir Putin", "Mr. Zaluzhny"), so the entity lists the
titled forms too.

**Resolution** (:func:`resolve_entities`) groups forms, within and across articles, by

* the same key: case, dots, accents and apostrophes ignored ("U.S." = "US");
* transliteration: each name token folded so that "Zelensky", "Zelenskyy", "Zelenskiy" and
  "Zelenskyi" agree (double letters collapsed, final -iy/-yi/-ij to -y, y read as i);
* people's names: the same first and last name ("George W. Bush" = "George Bush"), and a
  surname alone ("Putin", "Mr. Putin") joined to the one full name it fits.  A surname that fits
  two full names, or that spaCy never labelled PERSON ("Zelenskiy" as ORG), joins a full name
  only in the articles that name one of them; forms mostly labelled as places ("Washington")
  never join a person;
* acronyms: a form written in capitals ("US", "EU", "USGS") joined to the one longer form whose
  initials it spells ("United States", "European Union", "U.S. Geological Survey");
* official long forms: "United States of America" = "United States", "People's Republic of
  China" = "China";
* one-word names of places and bodies spelt one vowel apart ("Kyiv" / "Kiev"), when no article
  uses both spellings.

The canonical name is, for people, the fullest form (most tokens, ties by frequency); for other
entities the most frequent form that is neither an acronym nor an official long form ("X of Y"),
because "United States of America" or "USGS" is not the name an entity goes by.  The type is
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
    )
    for nick in nicks.split()
}


def _name_ends(form_key: str) -> tuple[str, str] | None:
    """(first, last) transliteration keys of a full name, suffixes ("Jr.") left out and short
    first names read as the full ones."""
    words = [w for w in form_key.split() if w not in _SUFFIXES]
    if len(words) < 2:
        return None
    first = _NICKNAMES.get(words[0], words[0])
    return _translit(first), _translit(words[-1])


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


def _is_name(form: str) -> bool:
    return len(form) >= 2 and form[0].isupper() and not any(c.isdigit() for c in form)


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
#: words after a one-word name that make it a place ("Zaporizhzhia region")
_PLACE_NOUNS = frozenset(
    ["region", "regions", "province", "oblast", "city", "county", "state", "district"]
)
_PLACE_PREPS = frozenset(["in", "near", "outside", "across"])
#: name suffixes that are not surnames
_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])


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
    """Add the surnames spaCy left untagged ("Bessent added ...") of people the article names
    in full."""
    surnames = {
        e[-1].text
        for e in ents
        if e.label_ == "PERSON" and len(e) >= 2 and key(e[-1].text) not in _SUFFIXES
    }
    if not surnames:
        return ents
    covered = {i for e in ents for i in range(e.start, e.end)}
    extra = [
        Span(doc, t.i, t.i + 1, label="PERSON")
        for t in doc
        if t.text in surnames and t.i not in covered and t.tag_ in ("NNP", "NNPS", "NN", "")
    ]
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
    """A person's name without leading words the tagger does not read as names ("Plus Obama")."""
    start = ent.start
    doc = ent.doc
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


def _repaired(doc: Doc) -> list[Span]:
    """``doc.ents`` with cheap repairs of the small model's common mistakes."""
    ents = [
        _trimmed(e) if e.label_ == "PERSON" and len(e) > 1 else e
        for e in map(_first_line, doc.ents)
        if e is not None and e.label_ in ENTITY_TYPES
    ]
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
            if not _is_name(form):
                continue
            if len(parts) == 1 and ent.label_ == "PERSON":
                start = doc[_title_start(doc, ent)].idx
            if len(parts) == 1 and _possessive_after(doc, ent):
                end = doc[ent.end].idx + len(doc[ent.end].text)
            out.append(EntityMention(article_id, start, end, body[start:end], ent.label_, form))
    return tuple(out)


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
    by_ends: dict[tuple[str, str], str] = {}
    for k in sorted(stats):
        groups.union(by_tkey.setdefault(_tkey(k), k), k)
        ends = _name_ends(k)
        if ends is not None and stats[k].person:
            groups.union(by_ends.setdefault(ends, k), k)


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
            if len(roots) == 1:
                groups.union(next(iter(roots)), k)


def _surname_candidates(stats: dict[str, _Stats], groups: _Groups) -> dict[str, list[str]]:
    """Single-token person forms -> roots of the full names whose last token they match."""
    by_last: dict[str, set[str]] = defaultdict(set)
    for k, s in stats.items():
        ends = _name_ends(k)
        if ends is not None and s.person:
            by_last[ends[1]].add(groups.find(k))
    out: dict[str, list[str]] = {}
    for k, s in stats.items():
        words = k.split()
        if len(words) == 1 and not s.place:
            roots = by_last.get(_translit(words[0]), set()) - {groups.find(k)}
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
    for m in mentions:
        roots_in[m.article].add(groups.find(key(m.form)))
    out: dict[tuple[str, str], str] = {}
    for m in mentions:
        k = key(m.form)
        roots = candidates.get(k, [])
        root = groups.find(k)
        if root not in roots:
            here = [r for r in roots if groups.find(r) in roots_in[m.article]]
            if len(here) == 1:
                root = groups.find(here[0])
        out[(m.article, k)] = root
    return out


def _surface(text: str) -> str:
    """A mention's text as an entity lists it: no possessive, no leading "the"."""
    text = re.sub(r"\s+", " ", text).strip()
    for suffix in _POSSESSIVE:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)].rstrip()
            break
    return text[4:] if text[:4].lower() == "the " else text


def _surfaces(text: str) -> list[str]:
    """The forms a mention's text adds to its entity: as written ("Russian President Vladimir
    Putin") and from its title on ("President Vladimir Putin")."""
    surface = _surface(text)
    words = surface.split()
    for i, w in enumerate(words[:-1]):
        if w in TITLES or w.lower() in ROLES:
            return [surface, " ".join(words[i:])] if i else [surface]
    return [surface]


def resolve_entities(mentions: Iterable[EntityMention]) -> EntityIndex:
    """Group mentions into entities across spellings, titles, acronyms and articles."""
    stats, kept = _stats_of(mentions)
    groups = _Groups()
    _merge_names(stats, groups)
    _merge_spellings(stats, groups)
    _merge_long_forms(stats, groups)
    _merge_acronyms(stats, groups)
    assigned = _assign(kept, stats, groups)

    members: dict[str, list[EntityMention]] = defaultdict(list)
    for m in kept:
        members[assigned[(m.article, key(m.form))]].append(m)
    named: list[tuple[str, str, list[EntityMention]]] = []
    for ms in members.values():
        name, kind = _canonical(_stats_of(ms)[0])
        named.append((name, kind, ms))
    named.sort(key=lambda x: (-len(x[2]), x[0]))

    entities = []
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    per_article: dict[tuple[str, str], str] = {}
    for i, (name, kind, ms) in enumerate(named, 1):
        forms: dict[str, None] = {}
        for m in ms:
            forms.setdefault(m.form, None)
            for variant in _surfaces(m.text):
                forms.setdefault(variant, None)
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
