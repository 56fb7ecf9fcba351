"""What a page says about itself: title, outlet, authors, date, reprint origin, cited sources.

Plain-text pages (a page's visible lines, labelled by :func:`newsweave.clean.text.classify_lines`)
carry their metadata in page furniture: a masthead, a byline with a date, a ``Writer:`` field, a
copyright line, a title with the outlet's name after a dash.  No library reads metadata from such
text (trafilatura and htmldate need markup), so the rules are written here; they use general
cues only (byline forms, date forms, credit verbs, words that name news organisations), never
names of particular outlets or people.  For HTML, :func:`html_metadata` merges what trafilatura
found in the markup with the same text rules over the extracted body.

Unknown stays ``None``: every rule needs explicit evidence on the page.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from courlan import extract_domain

from ..models import Metadata

__all__ = [
    "cited_sources",
    "domain_outlet",
    "find_authors",
    "find_published",
    "html_metadata",
    "is_person_name",
    "parse_date",
    "split_title",
    "text_metadata",
]

log = logging.getLogger(__name__)

# --- vocabulary ----------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "mär": 3, "apr": 4, "may": 5, "mai": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "dez": 12,
}  # fmt: skip
#: English month names and their abbreviations (and the German forms), any case
_MONTH = (
    r"(?P<month>(?i:Jan(?:uary|uar)?|Feb(?:ruary|ruar)?|Mar(?:ch)?|März|Apr(?:il)?|Ma[yi]"
    r"|June?|Juni|July?|Juli|Aug(?:ust)?|Sep(?:t(?:ember)?)?|O[ck]t(?:ober)?|Nov(?:ember)?"
    r"|De[cz](?:ember)?))\.?"
)
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
#: Words that start or end a byline's other parts, never a name: "Published Wed", "By Jane Doe"
_NOT_NAME_WORDS = {
    "published", "posted", "updated", "by", "photo", "read", "more", "share", "follow", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "today", "yesterday",
}  # fmt: skip
_MONTH_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", *_MONTHS,
}  # fmt: skip

#: News agencies and photo agencies: they credit, they are not the page's publisher.
_AGENCIES = (
    "Reuters", "AP", "Associated Press", "AFP", "Agence France-Presse", "Agence France Presse",
    "Bloomberg", "Interfax", "Interfax-Ukraine", "TASS", "ITAR-TASS", "RIA Novosti", "RIA",
    "Sputnik", "Xinhua", "Kyodo", "Yonhap", "ANSA", "dpa", "DPA", "EFE", "EPA", "EPA-EFE", "PAP",
    "Anadolu", "Anadolu Agency", "Ukrinform", "UNIAN", "Getty", "Getty Images", "Shutterstock",
    "Pool", "POOL", "UPI", "Press Association", "PA", "CTK", "BTA", "MTI", "IANS", "PTI",
    "Bernama", "Antara", "KCNA", "IRNA", "Fars", "Tasnim", "WAFA", "Belta", "BelTA", "Kyodo News",
)  # fmt: skip
_AGENCY_SET = {a.casefold() for a in _AGENCIES}
_PHOTO_AGENCIES = {
    "getty", "getty images", "shutterstock", "pool", "epa", "epa-efe", "afp", "ap", "reuters",
    "alamy", "sipa", "anadolu", "upi", "zuma", "abaca",
}  # fmt: skip

#: Last words of news organisations' names ("The X Times", "X News", "X Pravda").
_OUTLET_WORDS = {
    "times", "post", "journal", "herald", "tribune", "gazette", "guardian", "telegraph",
    "independent", "news", "chronicle", "star", "globe", "mail", "observer", "economist",
    "monitor", "inquirer", "examiner", "sun", "standard", "express", "mirror", "review",
    "today", "daily", "agency", "press",
    "media", "magazine", "radio", "tv", "television", "network", "wire", "dispatch",
    "bulletin", "courier", "record", "reporter", "register", "sentinel", "leader", "weekly",
    "insider", "online", "digest", "broadcasting", "channel",
    # the same words in other languages' newspaper names
    "pravda", "gazeta", "vesti", "novosti", "izvestia", "zeitung", "diario", "corriere",
    "courrier", "noticias", "nouvelles", "presse", "dagblad", "avisen", "krant",
}  # fmt: skip
#: Words in the names of public bodies and institutions that publish data or statements.
_BODY_WORDS = {
    "survey", "agency", "ministry", "institute", "bureau", "office", "department", "service",
    "commission", "council", "bank", "fund", "organization", "organisation", "association",
    "centre", "center", "university", "committee", "administration", "authority", "foundation",
    "statistics", "directorate", "secretariat", "parliament", "court", "police",
    "army", "forces", "staff", "kremlin", "pentagon", "command", "company", "corporation",
    "group", "union", "federation", "board", "program", "programme", "observatory",
}  # fmt: skip
_ORG_WORDS = _OUTLET_WORDS | _BODY_WORDS | {
    "inc", "llc", "ltd", "co", "corp", "plc", "international",
}  # fmt: skip
#: Job titles: "AP Auto Writer", "White House Press Secretary Stephanie Grisham" are not names.
_ROLE_WORDS = {
    "writer", "editor", "correspondent", "reporter", "staff", "contributor", "columnist",
    "secretary", "minister", "president", "spokesman", "spokeswoman", "spokesperson", "director",
    "chief", "chairman", "chairwoman", "governor", "gov", "senator", "sen", "rep", "ambassador",
    "officer", "professor", "ceo", "analyst", "photographer", "producer", "business", "desk",
}  # fmt: skip

#: Furniture words that rule a line out as a masthead.
_NOT_MASTHEAD = {
    "menu", "search", "skip", "subscribe", "sign", "log", "login", "home", "breaking", "top",
    "more", "latest", "trending", "live", "advertisement", "sections", "close", "open",
    "share", "follow", "navigation", "page", "content", "account", "register", "donate",
    "watch", "listen", "video", "photos", "opinion", "sponsored", "editors", "picks",
    "explore", "newsletter", "newsletters", "subscription", "now", "edition",
}  # fmt: skip

_CONNECTORS = {"of", "the", "and", "de", "del", "la", "le", "des", "du", "&", "für", "am"}
_NAME_PARTICLES = {
    "van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "bin", "al", "el", "ibn",
    "ter", "dos", "das", "del", "st.",
}  # fmt: skip

_WORD = r"[A-Z][\w’'.\-]*"
_CAP_SEQ = rf"{_WORD}(?:\s+(?:of|the|and|de|for|on|&)?\s*{_WORD}){{0,6}}"

# --- small helpers -------------------------------------------------------------------------------


def _cut_sentence(name: str) -> str:
    """A captured name up to a sentence end: "Farm Bureau Federation. That" -> "... Federation",
    "CNBC LLC. All" -> "CNBC LLC"; initials stay ("U.S. Geological Survey")."""
    return re.split(r"(?<![\s.][A-Z])(?<!^[A-Z])\.\s", name, maxsplit=1)[0].strip()


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'.\-&]+", text)


def _key(name: str) -> str:
    """Comparison key for names: case-folded, no leading "the", no dots or spaces."""
    name = re.sub(r"^the\s+", "", name.strip().casefold())
    return re.sub(r"[\s.’'\-]+", "", name)


def _strip_the(name: str) -> str:
    return re.sub(r"^[Tt]he\s+", "", name.strip())


def _is_agency(name: str) -> bool:
    return _strip_the(name).casefold() in _AGENCY_SET


def _last_word(name: str) -> str:
    words = _words(name)
    return words[-1].casefold().strip(".") if words else ""


def _looks_like_outlet(name: str) -> bool:
    """A capitalised name that ends like a news organisation's name or is a known agency."""
    return _is_agency(name) or (_is_capitalised_name(name) and _last_word(name) in _OUTLET_WORDS)


def _is_capitalised_name(text: str, max_words: int = 7) -> bool:
    words = _words(text)
    if not words or len(words) > max_words:
        return False
    if not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.casefold() in _CONNECTORS for w in words)


def _is_org(name: str) -> bool:
    lowered = {w.casefold().strip(".") for w in _words(name)}
    return (
        bool(lowered & _ORG_WORDS)
        or _is_agency(name)
        or name.strip().casefold().startswith("the ")
        or (name.isupper() and len(name) > 3)
    )


def is_person_name(text: str) -> bool:
    """Two to four capitalised name words ("Olena Goncharova", "J. R. Smith"), not an org."""
    words = text.split()
    if not 2 <= len(words) <= 5 or _is_org(text) or _has_role(text):
        return False
    if any(w.isupper() and len(w) >= 2 and "." not in w for w in words):  # "CNN Business"
        return False
    named = [w for w in words if w.casefold() not in _NAME_PARTICLES]
    if len(named) < 2:
        return False
    for w in named:
        if not (w[0].isupper() and re.fullmatch(r"[\w’'.\-]+", w)):
            return False
        if w.casefold().strip(".,") in _MONTH_WORDS | _WEEKDAYS | _NOT_NAME_WORDS:
            return False
    return True


def _is_date_word(text: str) -> bool:
    """ "November 19", "Monday": a date, not a name."""
    words = _words(text)
    return bool(words) and words[0].casefold().strip(".") in _MONTH_WORDS | _WEEKDAYS


def _has_role(text: str) -> bool:
    return bool({w.casefold().strip(".") for w in _words(text)} & _ROLE_WORDS)


def _title_case(name: str) -> str:
    """ "THE AMERICA ONE NEWS" -> "The America One News"; mixed case stays as written."""
    if not name.isupper():
        return name
    small = {"of", "and", "the", "for", "on", "in", "at"}
    words = name.casefold().split()
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _clean_org(name: str) -> str:
    """An organisation name without corporate suffixes and trailing punctuation."""
    name = re.sub(r"\s+", " ", _cut_sentence(name)).strip(" .,;:|-–—")
    name = re.sub(
        r"(?:,?\s+(?:Company|Co\.?|Inc\.?|LLC|Ltd\.?|Limited|plc|Corp\.?|Corporation|Group))+$",
        "",
        name,
    )
    name = re.sub(r"\.?\s*All rights reserved.*$", "", name, flags=re.I)
    return name.strip(" .,;:|-–—&")


# --- dates ---------------------------------------------------------------------------------------

_ISO_RE = re.compile(r"\b(?P<year>(?:19|20)\d\d)(?P<sep>[-/])(?P<m>\d\d)(?P=sep)(?P<d>\d\d)(?!\d)")
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|\.)?"
#: a year, also when a scraper ran the time into it ("Nov 15, 20195:45 AM")
_YEAR = r"(?P<year>(?:19|20)\d\d)(?:\b|(?=\d{1,2}:\d\d))"
_MDY_RE = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}")
_DMY_RE = re.compile(rf"\b{_DAY}\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}")
_MD_RE = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d)")
_DM_RE = re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}(?!\w)(?!,?\s*\d)")
#: 19.11.2019 (day first), 11/19/2019 and 27/09/2018 (read when the order is unambiguous)
_NUMERIC_DATE_RE = re.compile(
    r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d\d)"
    r"(?:\b|(?=\d{1,2}:\d\d)|(?=[A-Za-z]))"
)
_TIME_RE = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*(?:[AaPp]\.?[Mm]\.?))?(?:\s*[A-Z]{2,4}\b)?")
_FIELD_DATE_RE = re.compile(
    r"^\W*(?:date|published|posted|updated|last updated|publication date)\s*:?\s*",
    re.I,
)
_DATE_FILLER = {
    "published", "posted", "updated", "last", "on", "at", "min", "read", "minute", "minutes",
    "date", "am", "pm", "utc", "gmt", "est", "edt", "cet", "cest", "eet", "mins", "ago", "|",
    "modified", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "pst",
    "cst", "pdt", "cdt", "bst", "ist", "et", "pt", "de", "às", "um",
}  # fmt: skip
#: Dates further above the body than this are page furniture (today's date in a top bar)
#: unless no closer date exists.
_DATE_WINDOW = 15


def _make_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_number(text: str) -> int:
    return _MONTHS[text.casefold().rstrip(".")[:3]]


def _numeric_date(m: re.Match[str]) -> str | None:
    a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
    if m["sep"] == "." or a > 12:  # 19.11.2019, 27/09/2018: day first
        return _make_date(year, b, a)
    if b > 12:  # 11/19/2019: month first
        return _make_date(year, a, b)
    return None  # 05/06/2019: ambiguous


def _full_dates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, ISO date) of every full date in ``text``."""
    found: list[tuple[int, int, str]] = []
    for m in _ISO_RE.finditer(text):
        iso = _make_date(int(m["year"]), int(m["m"]), int(m["d"]))
        if iso:
            found.append((m.start(), m.end(), iso))
    for rx in (_MDY_RE, _DMY_RE):
        for m in rx.finditer(text):
            iso = _make_date(int(m["year"]), _month_number(m["month"]), int(m["day"]))
            if iso:
                found.append((m.start(), m.end(), iso))
    for m in _NUMERIC_DATE_RE.finditer(text):
        iso = _numeric_date(m)
        if iso:
            found.append((m.start(), m.end(), iso))
    return sorted(found)


def _partial_dates(text: str, year: int) -> list[tuple[int, int, str]]:
    """(start, end, ISO date) of month-and-day dates, given the year they belong to."""
    found = []
    for rx in (_MD_RE, _DM_RE):
        for m in rx.finditer(text):
            if m["month"].casefold() == "may" and not re.match(r"May\s+\d", m.group(0)):
                continue
            iso = _make_date(year, _month_number(m["month"]), int(m["day"]))
            if iso:
                found.append((m.start(), m.end(), iso))
    return sorted(found)


def parse_date(text: str, year: int | None = None) -> str | None:
    """The first date written in ``text`` as an ISO date; a month and day need ``year``."""
    full = _full_dates(text)
    if full:
        return full[0][2]
    if year is not None:
        partial = _partial_dates(text, year)
        if partial:
            return partial[0][2]
    return None


def _is_date_line(text: str, spans: Sequence[tuple[int, int, str]]) -> bool:
    """True when the line is mostly its date: "Feb 25, 2025 |", "• Feb 26", "Updated 11:30 PM",
    "Associated Press November 19, 2019, 9:02 AM"."""
    rest = text
    for start, end, _ in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    rest = _TIME_RE.sub(" ", rest)
    words = [w for w in re.findall(r"[^\W\d_]+", rest) if w.casefold() not in _DATE_FILLER]
    words = [w for w in words if w.casefold() not in _WEEKDAYS]
    return len(words) <= 1 or (len(words) <= 3 and len(text.split()) <= 10)


def _page_year(lines: Sequence[str]) -> int | None:
    years = Counter(int(iso[:4]) for line in lines for _, _, iso in _full_dates(line))
    return years.most_common(1)[0][0] if years else None


def _line_date(line: str, label: str, year: int | None) -> str | None:
    """The date a dateline, byline or leading date field gives; body sentences give none."""
    field = _FIELD_DATE_RE.match(line)
    if field and field.group(0).strip():
        found = parse_date(line[field.end() : field.end() + 40], year)
        if found:
            return found
    byline = bool(re.match(r"^\W*(?i:by)\s", line)) and len(line.split()) <= 20
    if label == "blank" or (label == "body" and not byline):
        return None
    spans = _full_dates(line) or (_partial_dates(line, year) if year else [])
    if spans and (byline or _BYLINE_RE.match(line) or _is_date_line(line, spans)):
        return spans[0][2]
    return None


def find_published(lines: Sequence[str], labels: Sequence[str]) -> str | None:
    """The publication date from a leading date field, a byline or a date line; else None.

    Body sentences are not read ("on July 31, 2024" in a caption or a sentence is not the date
    the page was published); a date line without a year takes the year of the page's full dates.
    Dates just above the body come first, then the rest of the page from the top.
    """
    year = _page_year(lines)
    first = next((i for i, label in enumerate(labels) if label == "body"), 0)
    start = max(0, first - _DATE_WINDOW)
    order = [*range(start, len(lines)), *range(start)]
    for i in order:
        found = _line_date(lines[i], labels[i] if i < len(labels) else "other", year)
        if found:
            return found
    return None


# --- authors -------------------------------------------------------------------------------------

_PARTICLE = r"(?:van|von|de|der|den|da|di|du|la|le|bin|al|el|ibn|dos|das|del)"
_TOKEN = r"(?!(?:And|AND)\b)[A-Z][\w’'.\-]+"
_NAME = rf"{_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_TOKEN}){{1,3}}"
_NAMES = rf"(?P<names>{_NAME}(?:\s*(?:,|(?i:and)|&)\s*{_NAME})*)"
#: "By X", "by X and Y", "Written by X", "Von X" (German), "Por X" (Spanish)
_BYLINE_RE = re.compile(
    rf"(?:^|(?<=\s))\W*(?i:(?:(?:written|reported|reporting|words|story)\s+)?"
    rf"(?:by|von|por|par|door))\s+{_NAMES}"
)
_FIELD_AUTHOR_RE = re.compile(
    r"^\W*(?:writer|author|authors|written by|reporter|correspondent)\s*:\s*(?P<name>.+?)\s*$", re.I
)
#: "Jane Doe, Reuters", "Tom Krisher, AP Auto Writer", "Chris Davies - Nov 19, 2019",
#: "Natasha Turak@NatashaTurak": a name, a separator, then an outlet, a role, a date or a handle
_NAME_FIRST_RE = re.compile(rf"^\W*(?P<name>{_NAME})\s*(?P<sep>[,|/–—•·@-])\s*(?P<rest>.*)$")
_PHOTO_CUE_RE = re.compile(
    r"\b(?:photo|photos|photograph|image|picture|illustration|credit|via)\b", re.I
)
_GLUE_RE = re.compile(r"(?<=[a-z])(?P<tail>[A-Z](?:[A-Z]+|[a-z]+))")


def _unglue(line: str) -> str:
    """Split words a scraper ran together: "Michael HiltzikBusiness Columnist",
    "Jonathan GarberFOXBusiness"; "McDonald" and "DeArdo" stay whole."""

    def split(m: re.Match[str]) -> str:
        tail = m["tail"]
        if tail.isupper() or tail.casefold() in _ROLE_WORDS | _ORG_WORDS:
            return " " + tail
        return tail

    return _GLUE_RE.sub(split, line)


def _split_names(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|\b(?i:and)\b|&)\s*", text)
    return [p.strip() for p in parts if p.strip()]


def _trim_name(text: str) -> str:
    """A name without the words a byline runs on with: dates, roles, outlets."""
    tokens = text.split()
    while tokens:
        last = tokens[-1].casefold().strip(".,")
        if last in _ORG_WORDS - _ROLE_WORDS:  # "By European Space Agency": an organisation
            return ""
        if last in _MONTH_WORDS | _WEEKDAYS | _ROLE_WORDS or re.match(r"[A-Z]{2}", tokens[-1]):
            tokens.pop()
        else:
            break
    return " ".join(tokens)


def _people(raw: str) -> list[str]:
    names = (_trim_name(part) for part in _split_names(raw))
    return [name for name in names if is_person_name(name)]


def _is_dateish(text: str) -> bool:
    """Empty, or only a date, a time and filler ("5:45 AM PST 11/19/2019", "Nov 19, 2019")."""
    text = _NUMERIC_DATE_RE.sub(" ", text)
    return not text.strip(" |,-–—•·") or _is_date_line(text, _full_dates(text))


def _byline_names(line: str) -> list[str]:
    """Names of a "By X", "By X and Y", "by X February 24, 2025", "11/19/2019 by X" line."""
    m = _BYLINE_RE.search(line)
    if not m or not _is_dateish(line[: m.start()]):
        return []
    names = m["names"]
    return _people(names.title() if names.isupper() else names)  # "By ANTON TROIANOVSKI"


def _name_first(line: str) -> list[str]:
    m = _NAME_FIRST_RE.match(line)
    if not m:
        return []
    rest = m["rest"].strip()
    if not (
        m["sep"] == "@"
        or rest.startswith("@")
        or (_has_role(rest) and _is_capitalised_name(rest, max_words=5))
        or _is_agency(rest)
        or (_full_dates(rest) and _is_dateish(rest))
    ):
        return []
    return _people(m["name"])


def _line_authors(line: str) -> list[str]:
    if len(line.split()) > 20 or _PHOTO_CUE_RE.search(line):
        return []
    line = _unglue(line)
    field = _FIELD_AUTHOR_RE.match(line)
    if field:
        return _people(field["name"])
    return _byline_names(line) or _name_first(line)


def _unique_people(names: Iterable[str]) -> tuple[str, ...]:
    """Names in order without repeats; "Troy L Smith" repeats "Troy Smith" (same first and last)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for name in names:
        words = name.casefold().split()
        key = (words[0], words[-1])
        if key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


#: How far above the body a byline may sit (menus and teasers lie further up).
_HEADER_LINES = 25


def _byline_region(labels: Sequence[str]) -> list[bool]:
    """Where bylines are read: just above the body, the three lines after it, and lines the
    cleaner called bylines inside it (not author lines of related stories further away)."""
    body = [i for i, label in enumerate(labels) if label == "body"]
    if not body:
        return [label != "blank" for label in labels]
    first, last = body[0], body[-1]
    return [
        label != "blank"
        and (
            first - _HEADER_LINES <= i < first
            or last < i <= last + 3
            or (label == "byline" and first <= i <= last)
        )
        for i, label in enumerate(labels)
    ]


def find_authors(lines: Sequence[str], labels: Sequence[str]) -> tuple[str, ...]:
    """People named in bylines ("By X", "by X <date>", "Writer: X", "X, Reuters", "X - <date>",
    "X @handle") around the body, in page order.  A line holding only a name is not read: menus
    ("Contact Us", "Key Points") look the same."""
    region = _byline_region(labels)
    return _unique_people(
        name for line, ok in zip(lines, region, strict=False) if ok for name in _line_authors(line)
    )


# --- title ---------------------------------------------------------------------------------------

_SCRAPE_PREFIX_RE = re.compile(r"^[A-Za-z]{2,15}:(?=\S)")
_FIELD_LINE_RE = re.compile(r"^\W*[A-Za-z][\w ]{0,20}:\s")
_TITLE_SUFFIX_RE = re.compile(r"^(?P<title>.+?)\s+(?:—|–|\||-|::|·)\s+(?P<suffix>[^—–|]+?)\s*$")


def split_title(line: str) -> tuple[str, str | None]:
    """The headline without a scraping prefix ("NextImg:") and its trailing outlet name, if any.

    "Putin proposes US investment — Novaya Gazeta Europe" -> ("Putin proposes US investment",
    "Novaya Gazeta Europe").  The suffix must read like a name (every word capitalised, at most six
    words); "'Nobody can demand' — Putin talks about contacts" keeps its dash.
    """
    text = _SCRAPE_PREFIX_RE.sub("", line.strip()).strip()
    m = _TITLE_SUFFIX_RE.match(text)
    if m and _is_capitalised_name(m["suffix"], max_words=6) and len(m["title"].split()) >= 3:
        return m["title"].strip(), m["suffix"].strip()
    return text, None


def _headline_score(line: str) -> float:
    """How much a line looks like a headline (0: not at all)."""
    text = _SCRAPE_PREFIX_RE.sub("", line.strip())
    n = len(text.split())
    if n < 4 or n > 30 or _FIELD_LINE_RE.match(text) or _BYLINE_RE.match(text):
        return 0.0
    if text.endswith((".", ")", ":", ",")) or text.count(". ") >= 1:
        return 0.0
    if text.isupper() or (_PHOTO_CUE_RE.search(text) and "/" in text):
        return 0.0
    if " > " in text or re.search(r"\w/\w+$", text):  # breadcrumbs, "…easy.Kathrin Ziegler/Getty"
        return 0.0
    return float(min(n, 20))


def _furniture_title(line: str) -> bool:
    """A line no headline looks like: a sentence, a breadcrumb, a photo credit."""
    text = line.strip()
    return (
        text.endswith(".")
        or " > " in text
        or bool(re.search(r"\w/\w+$", text))
        or len(text.split()) < 2
    )


def _find_title(lines: Sequence[str], labels: Sequence[str]) -> str | None:
    """The line the cleaner labelled "title" when it reads as a headline, else the longest
    headline-like line in the lines just above the body."""
    for line, label in zip(lines, labels, strict=False):
        if label == "title" and line.strip() and not _furniture_title(line):
            return line
    first_body = next((i for i, lab in enumerate(labels) if lab == "body"), len(labels))
    best, best_score = None, 0.0
    for line, label in zip(lines[:first_body], labels[:first_body], strict=False):
        if label in ("related", "teaser", "newsfeed", "ad", "share", "newsletter"):
            continue
        score = _headline_score(line)
        if score > best_score:
            best, best_score = line, score
    return best


# --- outlet --------------------------------------------------------------------------------------

_YEARS = r"(?:(?:19|20)\d\d\s*(?:[-–]\s*(?:19|20)\d\d)?\s*,?\s*)"
#: "© 2025 Org", "Copyright © 2019, Org", "copyright Org 2019"; not "Copyright Policy"
_COPYRIGHT_RE = re.compile(
    rf"(?:(?:©|\([cC]\))\s*(?:(?i:copyright)\s*)?{_YEARS}?|(?i:copyright)\s*(?:©\s*{_YEARS}?|{_YEARS}))"
    rf"(?P<org>{_CAP_SEQ})"
)
#: Words that end a media company's name rather than its outlet's ("Healthline Media").
_OWNER_WORDS = (
    r"Media|Network|Interactive|Holdings|Communications|Publishing|Enterprises|Entertainment"
    r"|Digital|Newspapers|Broadcasting\s+System"
)
#: "The Kyiv Independent’s magazine", "The Moscow Times’ journalism"
_POSSESSIVE_RE = re.compile(
    rf"\b(?P<org>The\s+{_WORD}(?:\s+{_WORD}){{0,4}})(?:[’']s\b|(?<=s)[’'](?!\w))"
)


def _masthead_line(text: str) -> bool:
    """A line that reads as a site name alone: "Fox News", "HuffPost", "THE AMERICA ONE NEWS";
    no date, no sentence, no menu word, no person's name."""
    words = text.split()
    if not 1 <= len(words) <= 6 or text.endswith((".", ":", ",", "!", "?")):
        return False
    if {w.casefold().strip(".") for w in words} & (_NOT_MASTHEAD | _MONTH_WORDS | _WEEKDAYS):
        return False
    if text.isupper():
        return bool(re.fullmatch(r"[A-Z][A-Z0-9 .&'’\-]+", text))
    if not _is_capitalised_name(text, max_words=6) or is_person_name(text) or _has_role(text):
        return False
    # one word: a name written as one ("HuffPost", "NPR"), not a plain word ("Politics")
    return len(words) >= 2 or bool(re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]*)+|[A-Z]{2,6}", text))


def _masthead(lines: Sequence[str], labels: Sequence[str], title: str | None) -> str | None:
    """The site's name on a line of its own above the body: an all-caps name on the page's
    first line ("THE AMERICA ONE NEWS"), or a name on the line just below or above the headline
    or just above a date line ("Fox News" between the title and "May 28, 2010")."""
    shown = [
        (i, line.strip(), label)
        for i, (line, label) in enumerate(zip(lines, labels, strict=False))
        if line.strip()
    ]
    for k, (_, text, label) in enumerate(shown):
        if label == "body":
            return None
        if label == "title" or text == title or not _masthead_line(text):
            continue
        if k == 0 and text.isupper() and len(text.split()) >= 2:
            return _title_case(text)
        near = [shown[j] for j in (k - 1, k + 1) if 0 <= j < len(shown)]
        by_title = any(lab == "title" or t == title for _, t, lab in near)
        by_date = k + 1 < len(shown) and _is_date_only(shown[k + 1][1])
        short = len(text.split()) <= 3  # a name, not a title-case subheading
        if by_title and (by_date or _last_word(text) in _OUTLET_WORDS or (k <= 2 and short)):
            return _title_case(text) if " " in text else text  # "NPR" stays an acronym
    return None


def _is_date_only(text: str) -> bool:
    spans = _full_dates(text)
    return bool(spans) and _is_date_line(text, spans)


def _writer_org(lines: Sequence[str]) -> str | None:
    for line in lines:
        field = _FIELD_AUTHOR_RE.match(line)
        if field and not is_person_name(field["name"]) and _is_org(field["name"]):
            return _clean_org(field["name"])
    return None


def _copyright_orgs(lines: Sequence[str]) -> list[str]:
    """Owners named by copyright lines, not by photo credits ("(Image: © NASA/ESA)")."""
    found = []
    for line in lines:
        if _PHOTO_CUE_RE.search(line):
            continue
        for m in _COPYRIGHT_RE.finditer(line):
            if m.start() > 40 and not re.search(r"(?i)rights\s+reserved", line):
                continue
            if "/" in line[m.end() : m.end() + 3]:
                continue
            org = _clean_org(m["org"])
            if org and not is_person_name(org) and not _generic(org):
                found.append(org)
    return found


def _generic(name: str) -> bool:
    """Only generic words: "All Rights", "News", "Copyright"."""
    return all(
        w.casefold().strip(".") in _ORG_WORDS | {"all", "rights", "copyright", "reserved"}
        for w in _words(name)
    )


def _publication_name(owner: str) -> str | None:
    """The outlet in a copyright owner's name: "Al Jazeera Media Network" -> "Al Jazeera"."""
    name = re.sub(rf"(?:\s+(?:&\s+)?(?:{_OWNER_WORDS}))+$", "", owner).strip()
    return None if not name or _generic(name) else name


def _self_references(lines: Sequence[str], labels: Sequence[str]) -> str | None:
    """The outlet named in possessives on furniture lines: "The Kyiv Independent’s magazine"."""
    counts: Counter[str] = Counter()
    for line, label in zip(lines, labels, strict=False):
        if label in ("body", "blank", "title"):
            continue
        for m in _POSSESSIVE_RE.finditer(line):
            org = m["org"].strip()
            if _last_word(org) in _OUTLET_WORDS and not _is_agency(org):
                counts[org] += 1
    return counts.most_common(1)[0][0] if counts else None


def _outlet(lines: Sequence[str], labels: Sequence[str], title: str | None) -> str | None:
    """The publisher as the page names itself: a "Writer:" field naming an organisation, a
    masthead line, or possessives on furniture ("The Kyiv Independent’s newsletter")."""
    return _writer_org(lines) or _masthead(lines, labels, title) or _self_references(lines, labels)


def _copyright_outlet(copyrights: Sequence[str]) -> str | None:
    for owner in copyrights:
        if not _is_agency(owner):
            name = _publication_name(owner)
            if name:
                return name
    return None


# --- syndication ---------------------------------------------------------------------------------

_REPRINT_RE = re.compile(
    # "originally appeared in X", "first published by X", "reprinted with permission from X";
    # not "reprinted on X" (that names where a copy went)
    r"\b(?:(?i:originally\s+(?:appeared|published|ran|posted)|first\s+(?:appeared|published|ran))"
    r"\s+(?:here\s+)?(?:in|on|by|at)|(?i:republished|reprinted|reproduced)\s+(?:here\s+)?"
    r"(?:from|(?:with\s+(?:the\s+)?(?:kind\s+)?permission\s+(?:of|from))))\s+(?:the\s+)?"
    r"(?P<org>" + _CAP_SEQ + ")"
)
_PHOTO_CREDIT_RE = re.compile(rf"\((?:[^()/]{{2,60}})\s*/\s*(?P<org>{_CAP_SEQ})\s*\)")


def _credit_newspapers(lines: Sequence[str]) -> list[str]:
    """Newspapers named in photo credits: "(Tyler Hicks/The New York Times)"; never agencies."""
    found = []
    for line in lines:
        for m in _PHOTO_CREDIT_RE.finditer(line):
            org = m["org"].strip()
            if _is_agency(org) or org.casefold() in _PHOTO_AGENCIES:
                continue
            if _last_word(org) in _OUTLET_WORDS and _is_capitalised_name(org):
                found.append(org)
    return found


def same_organisation(a: str | None, b: str | None) -> bool:
    """One name for the same organisation: "Al Jazeera" and "Al Jazeera News"."""
    if not a or not b:
        return False
    ka, kb = sorted((_key(a), _key(b)), key=len)
    return ka == kb or (len(ka) >= 5 and ka in kb)


_SECTION_WORDS = {
    "opinion", "editorial", "world", "politics", "business", "sport", "sports", "news", "analysis",
    "live", "video", "review", "reviews", "comment", "features", "culture", "tech", "science",
    "health", "lifestyle", "entertainment", "travel", "markets", "economy", "local", "national",
}  # fmt: skip


def _names_outlet(suffix: str) -> bool:
    """A title's trailing part that reads as a publisher, not a section ("Opinion", "World")."""
    words = _words(suffix)
    if not words or words[0].casefold() in _SECTION_WORDS:
        return False
    return len(words) >= 2 or _looks_like_outlet(suffix)


def _reprint_of(lines: Sequence[str], outlet: str | None) -> str | None:
    """The publisher a reprint notice names: "This article originally appeared in X"."""
    for line in lines:
        m = _REPRINT_RE.search(line)
        if m and not same_organisation(m["org"], outlet) and not _is_date_word(m["org"]):
            return _clean_org(m["org"])
    return None


#: Agencies' short names as datelines write them, and the names they stand for.
_AGENCY_FULL_NAMES = {
    "ap": "Associated Press", "afp": "Agence France-Presse", "upi": "United Press International",
    "dpa": "Deutsche Presse-Agentur", "pa": "Press Association", "cp": "The Canadian Press",
}  # fmt: skip
#: A wire dateline at the start of the story: "Denver (AP) –", "LONDON (Reuters) -"
_DATELINE_RE = re.compile(
    r"^\W*[A-Z][\w.’'\- ]{0,40}?,?(?:\s+[A-Z][\w.]*){0,2}\s*\((?P<agency>[A-Z][\w .\-]{0,30})\)"
    r"\s*[-–—:]"
)


def _dateline_agency(paragraphs: Sequence[str]) -> str | None:
    """The news agency whose dateline opens the story ("Denver (AP) – …"), by its full name."""
    for para in paragraphs[:2]:
        m = _DATELINE_RE.match(para)
        if m and _is_agency(m["agency"]):
            agency = m["agency"].strip()
            return _AGENCY_FULL_NAMES.get(agency.casefold(), agency)
    return None


def _syndicated_from(
    lines: Sequence[str],
    outlet: str | None,
    title_suffix: str | None,
    copyrights: Sequence[str],
) -> str | None:
    """The original publisher when a page that names itself (``outlet``) carries another
    newspaper's title suffix, copyright or photo credit; None when the page reads as the original.
    """
    if outlet is None:
        return None
    candidates = [title_suffix] if title_suffix and _names_outlet(title_suffix) else []
    candidates += [_clean_org(c) for c in copyrights if _looks_like_outlet(_clean_org(c))]
    candidates += _credit_newspapers(lines)
    for org in candidates:
        if org and not same_organisation(org, outlet) and not _is_agency(org):
            return _clean_org(org)
    return None


# --- cited sources -------------------------------------------------------------------------------

_SAY_VERBS = ("said", "says", "wrote", "writes", "stated", "states", "announced", "noted", "cited")
_REPORT_VERBS = ("reported", "reports", "reporting", "showed", "shows", "show", "estimated")
_VERB_RE = re.compile(r"\b(?P<verb>" + "|".join(_SAY_VERBS + _REPORT_VERBS) + r")\b")
#: the name just before a credit verb: "RIA Novosti| reports", "Data from the US Geological Survey|"
_ORG_BEFORE_RE = re.compile(
    r"(?:^|(?<=[\s(]))(?i:data\s+from\s+)?(?:the\s+)?(?P<org>" + _CAP_SEQ + r")\s+$"
)


def _org_after(cue: str) -> re.Pattern[str]:
    return re.compile(cue + r"(?:the\s+)?(?P<org>" + _CAP_SEQ + ")")


#: (cue and the name after it, what it may name: "any" organisation, "bodies" (public bodies
#: and outlets), "outlets" (and acronyms: "told CNN") or, after a say-verb, "speaker": outlets
#: with a telling last word only ("NATO said" is an actor speaking))
_CITE_AFTER: tuple[tuple[re.Pattern[str], str], ...] = (
    # "according to (data from) the U.S. Geological Survey", "as quoted by the news agency X"
    (
        _org_after(
            r"\b(?i:according\s+to|as\s+(?:quoted|reported|cited)\s+by|reported\s+by|quoted\s+by"
            r"|cited\s+by|citing)\s+(?i:(?:data|figures|estimates|statistics|a\s+report|reports?"
            r"|a\s+statement)\s+(?:from|by|of)\s+)?(?i:the\s+)?(?:[a-z\-]+\s+){0,3}?"
        ),
        "bodies",
    ),
    # "Source: European Pravda; ..."
    (_org_after(r"^\W*(?i:sources?|via)\s*:\s*"), "any"),
    # "reports Reuters", "writes the Associated Press", "a source told Agence France-Presse"
    (_org_after(r"\b(?:reports|reported|writes|wrote|told|tells)\s+"), "outlets"),
    # "the Russian news agency Interfax"
    (_org_after(r"\b(?i:news\s+agency|newspaper|news\s+outlet|broadcaster)\s+"), "any"),
)


def _credits_before_verbs(para: str) -> Iterable[tuple[int, str, str]]:
    """ "Interfax reported", "Data from the US Geological Survey shows": (offset, name, accept).

    A body that only speaks ("the Commission said") is an actor, not a source: with say-verbs
    only outlets and agencies count.
    """
    for verb in _VERB_RE.finditer(para):
        start = max(0, verb.start() - 120)
        window = para[start : verb.start()]
        match = _ORG_BEFORE_RE.search(window)
        if not match:
            continue
        accept = "bodies" if verb["verb"] in _REPORT_VERBS else "speaker"
        # an acronym is a subject only at a sentence's start: "CNN reported", not "with BED
        # reported"
        if " " not in match["org"].strip() and not re.search(
            r"(?:^|[.!?:;]\s+|\bthe\s+)$", window[: match.start("org")]
        ):
            accept = "speaker"
        yield start + match.start("org"), match["org"], accept


def _credits(para: str) -> Iterable[tuple[int, str, str]]:
    """Every credited name in a paragraph: (offset, name as matched, what it may name)."""
    for pattern, accept in _CITE_AFTER:
        for match in pattern.finditer(para):
            yield match.start("org"), match["org"], accept
    yield from _credits_before_verbs(para)


_DESCRIPTORS_RE = re.compile(
    r"^(?:(?:the\s+)?(?:Russian|Ukrainian|American|British|French|German|Chinese|state|"
    r"state-run|state-owned|independent|official|news|agency|outlet|newspaper|broadcaster|daily|"
    r"publication|media|television|radio|channel|website|portal|tabloid|magazine)\s+)+",
)


_PLACE_ACRONYMS = {"US", "USA", "UK", "EU", "UAE", "USSR", "DPRK", "PRC", "ROK"}


def _credited_org(raw: str, accept: str) -> str | None:
    """The organisation a credit names, or None when it names a person, a place or nothing."""
    org = _DESCRIPTORS_RE.sub("", _cut_sentence(raw))
    org = re.sub(r"^(?:the|[Dd]ata\s+from\s+the)\s+", "", org).strip(" .,;:")
    org = re.sub(r"[’']s$", "", org)
    if not org or is_person_name(org) or not org[0].isupper() or _has_role(org):
        return None
    words = _words(org)
    if _is_agency(org):
        return org
    if _generic(org):  # "SOURCE: News agencies"
        return None
    if accept == "any" and len(words) <= 5:
        return org
    if len(words) < 2:  # "CNN reported", "told CNN"; not "Putin said" nor "NATO said"
        acronym = re.fullmatch(r"[A-Z]{2,5}", org) and org not in _PLACE_ACRONYMS
        return org if acronym and accept != "speaker" else None
    allowed = (_OUTLET_WORDS | _BODY_WORDS) if accept == "bodies" else _OUTLET_WORDS
    if {w.casefold().strip(".") for w in words} & allowed - {"kremlin"}:
        return org
    return None


def cited_sources(paragraphs: Sequence[str], *, outlet: str | None = None) -> tuple[str, ...]:
    """Agencies, outlets and bodies the text credits, as first written, without near-duplicates.

    Cues: "according to (data from) X", "as quoted by the news agency X", "X reported",
    "reports X", "Source: X".  People ("Putin said"), bodies that only speak ("the Commission
    said") and the page's own outlet are not sources.
    """
    found: list[str] = []
    keys: set[str] = set()
    for para in paragraphs:
        for _, raw, accept in sorted(_credits(para)):
            org = _credited_org(raw, accept)
            if org is None or same_organisation(org, outlet):
                continue
            key = _key(org)
            if any(key in k or k in key for k in keys):
                continue
            keys.add(key)
            found.append(org)
    return tuple(found)


# --- the whole page ------------------------------------------------------------------------------


def _source_lines(lines: Sequence[str], labels: Sequence[str]) -> list[str]:
    """Body lines, and "Source: ..." lines the cleaner may have put aside."""
    return [
        line
        for line, label in zip(lines, labels, strict=False)
        if label == "body" or re.match(r"^\W*sources?\s*:", line, re.I)
    ]


def text_metadata(lines: Sequence[str], labels: Sequence[str]) -> Metadata:
    """Metadata of a plain-text page from its lines and the cleaner's label for each line.

    The outlet is what the page calls itself (a "Writer:" field naming an organisation, an
    all-caps masthead, "The X’s newsletter" in furniture), else the title's suffix, else the
    copyright owner.  When the page names itself, another newspaper in the title suffix, a
    copyright line or a photo credit makes it a reprint; reprint notices ("originally appeared
    in X") always do.  News agencies never count as the original publisher.
    """
    labels = list(labels) + ["other"] * (len(lines) - len(labels))
    title_line = _find_title(lines, labels)
    title, suffix = split_title(title_line) if title_line else (None, None)
    copyrights = _copyright_orgs(lines)
    outlet = _outlet(lines, labels, title_line.strip() if title_line else None)
    # a page that names itself can be a reprint: a title suffix or copyright line then names
    # the original.  Otherwise they name the page's own publisher.
    syndicated = _syndicated_from(lines, outlet, suffix, copyrights)
    if outlet is None:
        outlet = suffix if suffix and not _is_agency(suffix) else _copyright_outlet(copyrights)
    body = [line for line, label in zip(lines, labels, strict=False) if label == "body"]
    syndicated = _reprint_of(lines, outlet) or syndicated
    if syndicated is None and outlet is not None:
        agency = _dateline_agency(body)
        syndicated = agency if agency and not same_organisation(agency, outlet) else None
    return Metadata(
        title=title or None,
        outlet=outlet,
        authors=find_authors(lines, labels),
        published=find_published(lines, labels),
        syndicated_from=syndicated,
        cited_sources=cited_sources(_source_lines(lines, labels), outlet=outlet),
    )


def domain_outlet(url: str | None) -> str | None:
    """The outlet a page's URL names: its registered domain ("https://www.nytimes.com/…" ->
    "nytimes.com", "edition.cnn.com" -> "cnn.com"), by courlan's public-suffix rules; None for
    hosts that are no public domain (an IP address, "localhost").

    No list mapping domains to outlets' names is published as a maintained package (checked on
    PyPI), so the domain itself stands for the outlet when the page names none.
    """
    if not url:
        return None
    try:
        domain = extract_domain(url)
    except ValueError:
        return None
    return domain or None


def _plain_name(name: str) -> bool:
    """A site name as a machine wrote it: "politifact", "nj.com"."""
    return name.islower() or bool(re.search(r"\.[a-z]{2,}$", name))


def _iso(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or datetime, else None."""
    match = re.match(r"\d{4}-\d\d-\d\d", value or "")
    return parse_date(match.group(0)) if match else None


def _markup_date(published: str | None, lines: Sequence[str]) -> str | None:
    """The markup's date, unless it is a bare year: htmldate's extensive search answers a year
    alone ("© 2025", "before 2023 tariffs") with January 1; such a date counts only when the
    page writes that full date somewhere."""
    iso = _iso(published)
    if not iso or not iso.endswith("-01-01"):
        return iso
    written = any(found == iso for line in lines for _, _, found in _full_dates(line))
    return iso if written else None


def _authors_of(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    names = [n.strip() for n in re.split(r";|,|\band\b|&", raw) if n.strip()]
    return _unique_people(n for n in names if is_person_name(n))


def html_metadata(
    *,
    title: str | None,
    sitename: str | None,
    author: str | None,
    published: str | None,
    paragraphs: Iterable[str],
    removed: Iterable[str] = (),
) -> Metadata:
    """Metadata of an HTML page: what trafilatura read from the markup, with the text rules for
    reprints and cited sources over the extracted body (and the furniture taken out of it)."""
    body = list(paragraphs)
    furniture = list(removed)
    text_title, suffix = split_title(title) if title else (None, None)
    outlet = _clean_org(sitename) if sitename else None
    if suffix and (not outlet or (same_organisation(suffix, outlet) and _plain_name(outlet))):
        outlet, suffix = suffix, None  # "PolitiFact" from the title over "politifact"
    lines = body + furniture
    copyrights = _copyright_orgs(furniture + body[-3:])
    syndicated = _reprint_of(lines, outlet) or _syndicated_from(lines, outlet, suffix, copyrights)
    agency = _dateline_agency(body) if outlet and syndicated is None else None
    syndicated = syndicated or (
        agency if agency and not same_organisation(agency, outlet) else None
    )
    others = ["other"] * len(furniture)
    return Metadata(
        title=text_title or None,
        outlet=outlet or None,
        authors=_authors_of(author) or find_authors(furniture, others),
        published=_markup_date(published, lines) or find_published(furniture, others),
        syndicated_from=syndicated,
        cited_sources=cited_sources(body, outlet=outlet),
    )
