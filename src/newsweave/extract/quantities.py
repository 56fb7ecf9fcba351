"""Numbers in an article body, with what they count, normalised.

Written here with compiled regular expressions rather than spaCy's CARDINAL/MONEY/QUANTITY
entities: the small model's numeric entities split and join inconsistently ("2 million tons"
is one QUANTITY, "fifth" an ORDINAL without its "-largest", "twice" nothing at all), they say
nothing about the unit or the scale, and a regex pass costs a fraction of a millisecond per
article.  One pattern finds a number (digits, "2.5bn", number words such as "two million" or "a
dozen", ranges "2-3 million", "between 2 and 3") with an approximation cue before it
("about", "nearly", "an estimated") and a unit after it; two more find ranks ("fifth-largest")
and factors ("twice as popular", "three times more", "doubled", "halve").

Normalisation: ``value`` is the number times its scale; ``unit`` is ``percent``, ``percentage
point``, ``tonne``, an ISO 4217 code for money (``$`` -> ``USD``, "rubles" -> ``RUB``), a unit of
measure ("km", "barrel", "pound" of weight unless the sentence is about money), a time unit
("year", "day"; a decade is ten years), ``rank``, ``factor`` or ``count`` (what the number counts
is in ``about``).  ``about`` is the phrase the number is about: the words after the mention up to
the end of the clause, or, when nothing follows, the words just before it.  A range ("46 to 57
months", "between $250,000 and $300,000") gives two figures, its low end (with ``high`` set) and
its high end, since reports cite either end alone.

Also found: counts in words of capitalised nouns and of a group's members ("seven Republicans",
"two of the people"), durations said as amounts ("more than a month", "two years ago",
"hour-long"), ages ("Trump, 78,", "a 45-year-old", "at the age of 30", "21 or older") in years,
and ordinals as ranks ("fifth-largest", "second-term", "New York's 11th District").

Left out: years ("in 2022", "2023 tariffs"), dates and times (they belong to
:mod:`newsweave.extract.dates`), ordinals that name no rank ("third anniversary"), "one" on its
own ("one of", "no one"), list markers and numbers that are part of names ("Article 5", "F-16",
"G7", "Covid-19").
"""

from __future__ import annotations

import bisect
import logging
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from newsweave.models import Quantity, Sentence

from ._numbers import ONES
from .dates import date_spans

__all__ = ["extract_quantities"]

log = logging.getLogger(__name__)

# --- numbers ---------------------------------------------------------------------------------

_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "dozen": 12,
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "twentieth": 20,
}
#: "more than a month": the words after which "a" is an amount (one lookbehind each: fixed width)
_AFTER_CUE = "|".join(
    rf"(?<=\b{cue} )"
    for cue in ("than", "about", "nearly", "almost", "around", "over", "under", "least", "roughly")
)
_WORD = (
    rf"(?:(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(k for k in ONES if ONES[k] < 10)}))?"
    rf"|{'|'.join(sorted(ONES, key=len, reverse=True))})(?:[- ]and[- ]a[- ]half)?"
    r"|(?:an?|half\s+an?)(?=\s+(?:hundred|thousand|million|billion|trillion|dozen)\b)"
    # "a month", "an hour": one time unit, when said as an amount ("more than a month",
    # "a decade ago"; not "a day after" alone)
    rf"|(?:{_AFTER_CUE})an?"
    r"(?=\s+(?:year|month|week|day|hour|minute|decade)\b)"
    r"|an?(?=\s+(?:year|month|week|day|hour|decade)\s+(?:ago|before|earlier|later)\b))"
)
_BIG = r"(?:hundred|thousand|million|billion|trillion|dozen)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_NUM = rf"(?:(?<![\w.,/])(?:{_DIGITS})(?!\d|/\d|(?:st|nd|rd|th|s)\b)|\b(?i:{_WORD})\b)"
_SCALE = rf"(?:\s*(?i:{_BIG})\b(?:\s+(?i:{_BIG}))?|(?:\s?)(?:bn|mn|mln|tn|trn)\b|(?<=\d)[mkb]\b)"

# --- units -----------------------------------------------------------------------------------

_CURRENCY_SIGNS = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "c$": "CAD",
    "a$": "AUD",
    "hk$": "HKD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "₽": "RUB",
    "₴": "UAH",
    "₹": "INR",
    "chf": "CHF",
    "rub": "RUB",
    "uah": "UAH",
    "cny": "CNY",
    "jpy": "JPY",
}
_UNIT_WORDS: dict[str, str] = {
    "%": "percent",
    "percent": "percent",
    "per cent": "percent",
    "pct": "percent",
    "percentage point": "percentage point",
    "basis point": "basis point",
    "basis points": "basis point",
    "bps": "basis point",
    "percentage points": "percentage point",
    "metric ton": "tonne",
    "metric tons": "tonne",
    "metric tonnes": "tonne",
    "tonne": "tonne",
    "tonnes": "tonne",
    "ton": "tonne",
    "tons": "tonne",
    "t": "tonne",
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "american dollars": "USD",
    "canadian dollars": "CAD",
    "australian dollars": "AUD",
    "hong kong dollars": "HKD",
    "euro": "EUR",
    "euros": "EUR",
    "pounds sterling": "GBP",
    "sterling": "GBP",
    "ruble": "RUB",
    "rubles": "RUB",
    "rouble": "RUB",
    "roubles": "RUB",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
    "hryvnias'": "UAH",
    "yuan": "CNY",
    "renminbi": "CNY",
    "yen": "JPY",
    "rupee": "INR",
    "rupees": "INR",
    "swiss francs": "CHF",
    "francs": "CHF",
    "shekel": "ILS",
    "shekels": "ILS",
    "lira": "TRY",
    "liras": "TRY",
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
    "rub": "RUB",
    "uah": "UAH",
    "km": "km",
    "kilometer": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometres": "km",
    "square kilometers": "km2",
    "square kilometres": "km2",
    "sq km": "km2",
    "mile": "mile",
    "miles": "mile",
    "square miles": "mile2",
    "meter": "m",
    "meters": "m",
    "metre": "m",
    "metres": "m",
    "kg": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "barrel": "barrel",
    "barrels": "barrel",
    "megawatts": "MW",
    "mw": "MW",
    "gigawatts": "GW",
    "gw": "GW",
    "acres": "acre",
    "hectares": "hectare",
    "cubic meters": "m3",
    "cubic metres": "m3",
    "bcm": "bcm",
    "year": "year",
    "years": "year",
    "month": "month",
    "months": "month",
    "week": "week",
    "weeks": "week",
    "day": "day",
    "days": "day",
    "hour": "hour",
    "hours": "hour",
    "minute": "minute",
    "second": "second",
    "seconds": "second",
    "minutes": "minute",
    "decade": "year",
    "decades": "year",
    "pound": "pound",
    "pounds": "pound",
}
#: units written as a multiple of another: a decade is ten years
_UNIT_FACTORS = {"decade": 10.0, "decades": 10.0}
_UNIT = "|".join(
    re.escape(u).replace(r"\ ", r"\s+") for u in sorted(_UNIT_WORDS, key=len, reverse=True)
)
_CUR = r"(?:US\$|C\$|A\$|HK\$|[$€£¥₽₴₹]|(?:USD|EUR|GBP|CHF|RUB|UAH|CNY|JPY)\s)"
_APPROX_WORDS = (
    r"about|around|approximately|roughly|nearly|almost|some|an\s+estimated|estimated|up\s+to|"
    r"more\s+than|over|at\s+least|less\s+than|fewer\s+than|under|close\s+to|as\s+many\s+as|"
    r"as\s+much\s+as|just\s+over|just\s+under|upwards\s+of|approx\.|~"
)

_HEAD = (
    rf"(?P<approx>\b(?i:{_APPROX_WORDS})\s+)?"
    rf"(?P<between>(?i:between)\s+)?"
    rf"(?:(?P<cur>{_CUR})\s?)?(?P<num>{_NUM})(?P<scale>{_SCALE})?"
)
_RANGE = (
    rf"(?:(?P<sep>\s*[-–—]\s*|\s+to\s+|(?(between)\s+and\s+|(?!)))"
    rf"(?:(?P<cur2>{_CUR})\s?)?(?P<num2>{_NUM})(?P<scale2>{_SCALE})?)?"
)
_TAIL = rf"(?P<orso>\s+or\s+so)?(?P<unit>\s?%|\s*-?\s*(?i:{_UNIT})\b(?!-old))?"
#: numbers start a word or a currency sign: a cheap test the engine runs first at each position
_START = r"(?<!\w)(?=[\w$€£¥₽₴₹~])"
_QUANTITY = re.compile(_START + _HEAD + _RANGE + _TAIL)
#: the same without ranges, for "from 2 to 3 million" (two values, not a range)
_SINGLE = re.compile(
    _START + _HEAD + r"(?P<sep>(?!))?(?P<cur2>(?!))?(?P<num2>(?!))?(?P<scale2>(?!))?" + _TAIL
)
_FROM = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_SUPERLATIVE = r"(?:[a-z]+est|most|least|leading|ranked|largest|biggest)"
_ORDINAL = rf"(?:(?i:{'|'.join(_ORDINALS)})|\d+(?:st|nd|rd|th))"
#: what an ordinal in a compound ranks: "second-term congressman", "third-place finish"
_RANKED = r"(?:term|place|round|generation|quarter|century|seeded|tier|largest|biggest)"
_MONTH_AFTER = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|of\s)"
_RANK = re.compile(
    rf"\b(?P<ord>{_ORDINAL})[- ](?P<sup>{_SUPERLATIVE})\b"
    rf"|\b(?P<sup2>ran(?:k|ks|ked|king))\s+(?:(?:No\.|number)\s*)?(?P<ord2>{_ORDINAL}|\d+)\b"
    rf"|\b(?P<ord3>{_ORDINAL})-(?P<sup3>{_RANKED})\b"
    # "New York's 11th District", "the 20th century": a written ordinal before a word
    rf"|(?<![\w.,])(?P<ord4>\d{{1,3}}(?:st|nd|rd|th))\s+(?!{_MONTH_AFTER})(?=[A-Za-z])"
)
#: Ages: "Mr. Grimm, 44,", "a 3-year-old daughter", "at the age of 30", "21 or older",
#: "adults over 21"
_AGE = re.compile(
    rf"(?<=[a-z], )(?P<a1>\d{{1,3}})(?=,)"
    rf"|(?<!\w)(?P<a2>\d{{1,3}}|(?i:{_WORD}))[- ]years?[- ]old\b"
    rf"|\b(?i:age[sd]?)\s+(?:of\s+)?(?P<a3>\d{{1,3}})\b"
    rf"|(?<![\w.,$])(?P<a4>\d{{1,3}})\s+(?:years\s+)?(?:or|and)\s+(?:older|younger|over|up)\b"
    rf"|\b(?:adults|people|anyone|those|children|kids|residents|voters|users|men|women|teens"
    rf"|teenagers|persons)\s+(?:over|under|above|below|older\s+than|younger\s+than)\s+"
    rf"(?P<a5>\d{{1,3}})\b(?!\s*(?:%|percent|million|thousand|billion|[mk]\b))"
)
#: "hour-long argument", "a two-week-long trip": a duration written as an adjective
_LONG = re.compile(
    rf"(?<![\w-])(?:(?P<n>\d{{1,3}}|(?i:{_WORD}))[- ])?(?P<u>(?i:hour|day|week|month|year"
    rf"|minute|decade))-long\b"
)
_FACTOR = re.compile(
    rf"(?<!\w)(?=\w)(?:(?P<twice>[Tt]wice)|(?P<times>(?:{_DIGITS}|(?i:{_WORD}))[- ]times?)"
    rf"|(?P<fold>(?:{_DIGITS}|(?i:{_WORD}))-?fold)"
    rf"|(?P<verb>(?i:doubled|doubling|tripled|tripling|quadrupled|halved|halving)"
    rf"|(?<=\bto )(?:double|triple|halve)|(?<=\bwould )(?:double|triple|halve)"
    rf"|(?<=\bwill )(?:double|triple|halve)|(?<=\bcould )(?:double|triple|halve)))\b(?!\s+down\b)"
    rf"(?P<compare>\s+(?:as\s+[a-z]+|more|less|fewer|higher|lower|larger|bigger|greater|smaller"
    rf"|the|over|[a-z]{{2,}}er)\b)?"
)
_FACTOR_VERBS = {"doub": 2.0, "trip": 3.0, "quad": 4.0, "halv": 0.5}

# --- context ---------------------------------------------------------------------------------

_STOP_AFTER = re.compile(
    r"[,;:!?()\[\]\u2014\u2013\"\u201c\u201d]|(?<!\b[A-Z])\.(?=\s|$)|\s(?:if|that|which|who|whom|when|while|where|"
    r"because|since|but|and\s+(?:the|a|an|it|he|she|they|we)|according|said|says)\b"
)
_LEAD_AFTER = re.compile(r"^(?:of|in|for)\s+", re.IGNORECASE)
_WORDS = re.compile(r"[\w'’.\-]+")
_NUMERIC = re.compile(r"[\d.,\-]+")
_FUNCTION = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "who",
        "which",
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "as",
        "than",
        "that",
        "this",
        "these",
        "those",
        "its",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "should",
        "can",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "not",
        "no",
        "about",
        "around",
        "some",
    ]
)
_NAME_OK = frozenset(
    [
        "about",
        "around",
        "approximately",
        "roughly",
        "nearly",
        "almost",
        "some",
        "an",
        "estimated",
        "over",
        "under",
        "more",
        "less",
        "than",
        "at",
        "least",
        "up",
        "to",
        "just",
        "close",
        "between",
        "only",
        "all",
        "the",
        "and",
        "but",
        "or",
        "in",
        "on",
        "by",
        "of",
        "with",
        "for",
        "to",
        "from",
        "as",
    ]
)


def _number(text: str) -> float | None:
    """The value of a digit string or a number-word phrase ("forty-two", "a", "half a")."""
    t = text.strip().lower().replace(",", "")
    try:
        value = float(t)
    except ValueError:
        pass
    else:
        return value if math.isfinite(value) else None  # 400 digits overflow to inf
    if t in ("a", "an"):
        return 1.0
    if t.startswith("half"):
        return 0.5
    half = re.search(r"[- ]and[- ]a[- ]half$", t)
    if half:
        whole = _number(t[: half.start()])
        return None if whole is None else whole + 0.5
    total = 0.0
    for part in re.split(r"[- ]+", t):
        if part in ONES:
            total += ONES[part]
        elif part in _TENS:
            total += _TENS[part]
        else:
            return None
    return total


def _scaled(num: str, scale: str | None) -> float | None:
    value = _number(num)
    if value is None:
        return None
    for word in (scale or "").lower().split():
        value *= _SCALES.get(word.strip(), 1.0)
    return value if math.isfinite(value) else None


def _unit(match: re.Match[str]) -> str | None:
    cur = match.group("cur") or match.group("cur2")
    if cur:
        return _CURRENCY_SIGNS.get(cur.strip().lower())
    unit = match.group("unit")
    if not unit:
        return None
    key = re.sub(r"\s+", " ", unit.strip(" -").lower())
    return _UNIT_WORDS.get(key)


def _sentence_bounds(
    body: str, starts: list[int], sents: Sequence[Sentence], pos: int
) -> tuple[int, int]:
    i = bisect.bisect_right(starts, pos) - 1
    if 0 <= i < len(sents) and sents[i].start <= pos < sents[i].end:
        return sents[i].start, sents[i].end
    lo = body.rfind("\n", 0, pos) + 1
    hi = body.find("\n", pos)
    return lo, (hi if hi >= 0 else len(body))


def _after(body: str, end: int, stop: int) -> str:
    text = body[end:stop]
    cut = _STOP_AFTER.search(text)
    if cut:
        text = text[: cut.start()]
    text = _LEAD_AFTER.sub("", text.strip())
    words = [w for w in _WORDS.findall(text)[:8] if not _NUMERIC.fullmatch(w)]
    while words and words[-1].lower() in _FUNCTION:
        words.pop()
    return " ".join(words).rstrip(".")


def _before(body: str, start: int, lo: int) -> str:
    text = body[lo:start]
    cut = max(
        text.rfind(c)
        for c in (",", ";", ":", "(", ". ", "\u2014", "\u2013", '"', "\u201c", "\u201d")
    )
    text = text[cut + 1 :]
    words = [w for w in _WORDS.findall(text) if not _NUMERIC.fullmatch(w)]
    while words and words[-1].lower() in _FUNCTION:
        words.pop()
    out = words[-3:]
    while out and out[0].lower() in _FUNCTION:
        out.pop(0)
    return " ".join(out)


_WEAK_START = re.compile(r"^(?:to|and|from|by|at|than|or)\b", re.IGNORECASE)


def _about(body: str, start: int, end: int, bounds: tuple[int, int]) -> str:
    after = _after(body, end, bounds[1])
    if not after or _WEAK_START.match(after):
        return _before(body, start, bounds[0]) or after
    return after


# --- filters ---------------------------------------------------------------------------------


def _masked_spans(body: str) -> list[tuple[int, int]]:
    """Spans of dates, times, addresses and phone numbers, whose numbers are not quantities."""
    spans = date_spans(body)
    spans += [m.span() for m in _TIMES.finditer(body)]
    spans += [m.span() for m in _ADDRESSES.finditer(body)]
    return sorted(spans)


_STREET = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Parkway|Pkwy|Terrace)"
    r"\b\.?"
)
#: numbers that name a place or a line, not an amount: street numbers ("117th Street",
#: "1600 Pennsylvania Avenue", "the 12000 block of"), phone numbers ("0845 125 2222",
#: "(202) 555-0123", "202-555-0123"), numbers written with a leading zero, 24-hour clock times
_ADDRESSES = re.compile(
    r"\b\d+(?:st|nd|rd|th)\s+"
    + _STREET
    + r"|\b\d{2,6}\s+(?:(?:North|South|East|West|[NSEW]\.?)\s+)?(?:[A-Z][\w'’]+\s+){1,3}"
    + _STREET
    + r"|\b\d+\s+block\s+of\b"
    + r"|\(\d{3}\)\s*\d{3}[-\s]\d{4}\b|\b\d{3}[-.]\d{3}[-.]\d{4}\b"
    + r"|(?<![\d.,])\b0\d+(?:[\s-]\d{2,})*\b(?![.,]\d)"
    + r"|\b[0-2]\d[0-5]\d\s*(?:GMT|UTC|Zulu|hrs)\b"
)


_TIMES = re.compile(
    r"(?<!\w)(?=\w)(?:\b\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?|GMT|UTC|ET|EST|o['’]clock)(?!\w)|\b\d{1,2}:\d\d\b"
    r"|(?<=[A-Za-z],\s)\d{1,3}(?=,)"  # list numbers ("apples, 44, pears"); ages found first
    r"|\b(?:19|20)?\d0['’]?s\b"  # decades: 1990s, 90s, 90's
    r")",
    re.IGNORECASE,
)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``start:end`` overlaps one of the sorted ``spans``."""
    i = bisect.bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, i - 3) : i])


def _in_name(body: str, start: int) -> bool:
    """True for numbers that belong to a name: "Article 5", "F-16", "Group of 7", list "1."."""
    before = body[max(0, start - 30) : start]
    if re.search(r"[A-Za-z]-$", before):
        return True
    m = re.search(r"(\w+)\s+(?:of\s+)?$", before)
    if not m or not m.group(1)[0].isupper() or m.group(1).lower() in _NAME_OK:
        return False
    head = before[: m.start()].rstrip()
    return not (head == "" or head.endswith((".", "!", "?", "\n", '"', "\u201c")))


def _is_year(match: re.Match[str], value: float) -> bool:
    """Years ("2023 tariffs"), and long digit strings that are ids or phone numbers."""
    num = match.group("num")
    if len(num) >= 10 and num.isdigit():
        return True
    return (
        bool(re.fullmatch(r"(?:1[89]|20)\d\d", num))
        and not (match.group("cur") or match.group("scale") or match.group("unit"))
        and 1800 <= value <= 2100
    )


#: "two of the people", "Two of his fund-raisers": a count of a group's members
_OF_GROUP = re.compile(r"\s+of\s+(?:the|his|her|its|their|our|these|those|its)\s+(?=[a-z])")


def _count_word(body: str, end: int) -> str:
    """What a bare number counts, as written after it: " Americans", "-term", " of the people"."""
    m = re.match(r"(?:\s+|-)([a-z][a-z\-]+)\b", body[end : end + 40])
    if m and m.group(1) not in _FUNCTION and m.group(1) not in ("of", "times", "percent"):
        return m.group(0)
    m = re.match(r"\s+([A-Z][a-z]+s)\b", body[end : end + 40])  # "seven Republicans"
    if m:
        return m.group(0)
    m = _OF_GROUP.match(body, end)
    if m:
        noun = re.match(r"[a-z][a-z\-]+", body[m.end() : m.end() + 40])
        return body[end : m.end()] + noun.group(0) if noun else ""
    return ""


_MONEY_WORDS = re.compile(
    r"\b(?:cost|costs|paid|pay|pays|worth|fined?|fines|salary|budget|spent|spend|price|prices"
    r"|sterling|bank|loan|taxe?s?|funding|raised|profit|revenue|debt|deal|sold|bought)\b",
    re.IGNORECASE,
)


def _money_context(body: str, end: int, bounds: tuple[int, int]) -> bool:
    """ "pounds" of money rather than of weight: no "pounds of X", a money word in the sentence."""
    if re.match(r"\s+of\b", body[end : end + 5]):
        return False
    return bool(_MONEY_WORDS.search(body, bounds[0], bounds[1]))


# --- the three finders -----------------------------------------------------------------------


def _range_high(match: re.Match[str], value: float) -> tuple[float, float | None] | None:
    """(low, high) of a range ("2-3 million": both scaled); None when it is no range ("3-2")."""
    if not match.group("num2"):
        return value, None
    high = _scaled(match.group("num2"), match.group("scale2") or match.group("scale"))
    if high is None:
        return None
    if not match.group("scale") and match.group("scale2"):
        value = _scaled(match.group("num"), match.group("scale2")) or value
    return (value, high) if high > value else None


def _plain(
    article_id: str, body: str, match: re.Match[str], bounds: tuple[int, int]
) -> Quantity | None:
    value = _scaled(match.group("num"), match.group("scale"))
    if value is None or _is_year(match, value):
        return None
    low_high = _range_high(match, value)
    if low_high is None:
        return None
    value, high = low_high
    unit = _unit(match)
    factor = _UNIT_FACTORS.get(re.sub(r"\W", "", (match.group("unit") or "").lower()), 1.0)
    value, high = value * factor, (high * factor if high is not None else None)
    if unit == "pound" and _money_context(body, match.end(), bounds):
        unit = "GBP"
    start, end = match.span()
    approx = bool(match.group("approx") or match.group("orso"))
    if unit is not None:
        about = _about(body, start, end, bounds)
        return Quantity(article_id, start, end, body[start:end], value, unit, about, approx, high)
    words_only = not re.search(r"\d", match.group("num"))
    if words_only and value == 1 and not match.group("scale"):
        return None  # "one of", "no one"
    word = _count_word(body, end)
    if words_only and not word:
        return None  # "the two of them", "three" alone
    end += len(word)
    about = (word.strip() + " " + _after(body, end, bounds[1])).strip() if word else ""
    about = about or _about(body, start, end, bounds)
    return Quantity(article_id, start, end, body[start:end], value, "count", about, approx, high)


def _range_ends(q: Quantity, match: re.Match[str]) -> tuple[Quantity, ...]:
    """A range as its two figures: "46 to 57 months" -> "46" (46, high 57) and "57 months" (57);
    reports cite either end alone ("sentenced to 57 months")."""
    if q.high is None or not match.group("num2"):
        return (q,)
    cut = match.start("cur2") if match.group("cur2") else match.start("num2")
    low_end = match.end("scale") if match.group("scale") else match.end("num")
    low_text = match.string[q.start : low_end]
    high_text = match.string[cut : q.end]
    low = replace(q, end=low_end, text=low_text)
    high = replace(q, start=cut, text=high_text, value=q.high, high=None)
    return (low, high)


def _rank(
    article_id: str, body: str, match: re.Match[str], bounds: tuple[int, int]
) -> Quantity | None:
    word = next(match.group(g) for g in ("ord", "ord2", "ord3", "ord4") if match.group(g)).lower()
    digits = re.sub(r"\D", "", word)
    if not _ORDINALS.get(word) and len(digits) > 15:
        return None  # float() overflows (or int() refuses) on hundreds of digits
    value = float(_ORDINALS.get(word) or int(digits))
    start, end = match.span()
    sup = match.group("sup") or match.group("sup3")
    if sup:
        about = (sup + " " + _after(body, end, bounds[1])).strip()
    else:
        about = _about(body, start, end, bounds)
    text = body[start:end].rstrip()
    return Quantity(article_id, start, start + len(text), text, value, "rank", about)


def _age(
    article_id: str, body: str, match: re.Match[str], bounds: tuple[int, int]
) -> Quantity | None:
    del bounds
    raw = next(match.group(g) for g in ("a1", "a2", "a3", "a4", "a5") if match.group(g))
    if match.group("a1") and not re.search(r"\b[A-Z][\w’'.\-]*, $", body[: match.start()]):
        return None  # "Name, 44,": an age only after a name
    value = _number(raw)
    if value is None or not 0 < value <= 120:
        return None
    start, end = match.span()
    return Quantity(article_id, start, end, body[start:end], value, "year", "age")


def _long(
    article_id: str, body: str, match: re.Match[str], bounds: tuple[int, int]
) -> Quantity | None:
    value = _number(match.group("n")) if match.group("n") else 1.0
    unit = _UNIT_WORDS.get(match.group("u").lower())
    if value is None or unit is None:
        return None
    value *= _UNIT_FACTORS.get(match.group("u").lower(), 1.0)
    start, end = match.span()
    about = _after(body, end, bounds[1])
    return Quantity(article_id, start, end, body[start:end], value, unit, about)


def _factor(
    article_id: str, body: str, match: re.Match[str], bounds: tuple[int, int]
) -> Quantity | None:
    if match.group("twice"):
        value: float | None = 2.0
    elif match.group("times"):
        value = _number(re.split(r"[- ]times?", match.group("times"))[0])
    elif match.group("fold"):
        value = _number(re.sub(r"-?fold$", "", match.group("fold").lower()))
    else:
        value = _FACTOR_VERBS[match.group("verb").lower()[:4]]
    if value is None or (
        (match.group("twice") or match.group("times")) and not match.group("compare")
    ):
        return None  # "visited twice", "three times a week": how often, not how much
    start, end = match.span()
    about = _about(body, start, end, bounds)
    if match.group("verb"):
        about = _after(body, end, bounds[1]) or about
    return Quantity(article_id, start, end, body[start:end], value, "factor", about)


def _matches(pattern: re.Pattern[str], body: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer``, with "from 2 to 3" read as two numbers rather than a range."""
    for match in pattern.finditer(body):
        sep = match.group("sep") if pattern is _QUANTITY else None
        if sep and sep.strip() == "to" and _FROM.search(body, 0, match.start()):
            for pos in (
                match.start(),
                match.start("cur2") if match.group("cur2") else match.start("num2"),
            ):
                single = _SINGLE.match(body, pos)
                if single:
                    yield single
        else:
            yield match


def extract_quantities(
    article_id: str, body: str, sentences: Sequence[Sentence]
) -> tuple[Quantity, ...]:
    """Numeric facts in ``body``; ``sentences`` (of the same body) bound each ``about``."""
    starts = [s.start for s in sentences]
    masked = _masked_spans(body)
    taken: list[tuple[int, int]] = []
    out: list[Quantity] = []
    finders = (
        (_AGE, _age),
        (_LONG, _long),
        (_RANK, _rank),
        (_FACTOR, _factor),
        (_QUANTITY, _plain),
    )
    for pattern, build in finders:
        for match in _matches(pattern, body):
            if not match.group(0).strip() or not re.search(r"\w", match.group(0)):
                continue
            start, end = match.span()
            if (pattern is not _AGE and _inside(masked, start, end)) or _inside(taken, start, end):
                continue
            if (
                pattern is _QUANTITY
                and re.match(r"\d", match.group("num"))
                and _in_name(body, match.start("num"))
            ):
                continue
            found = build(article_id, body, match, _sentence_bounds(body, starts, sentences, start))
            if found is None:
                continue
            for part in _range_ends(found, match) if pattern is _QUANTITY else (found,):
                out.append(part)
            bisect.insort(taken, (found.start, found.end))
    out.sort(key=lambda q: q.start)
    return tuple(replace(q, bound=bound_of(q.text)) for q in out)


#: words that make a figure a floor or a ceiling (:func:`bound_of`)
_LOWER = re.compile(
    r"\b(?:more\s+than|at\s+least|over|above|upwards\s+of|in\s+excess\s+of|exceeding|"
    r"or\s+more|and\s+(?:up|more|older|above))\b|\+",
    re.IGNORECASE,
)
_UPPER = re.compile(
    r"\b(?:up\s+to|as\s+(?:many|much)\s+as|at\s+most|no\s+more\s+than|fewer\s+than|"
    r"less\s+than|under|nearly|almost|or\s+(?:fewer|less))\b",
    re.IGNORECASE,
)


def bound_of(text: str) -> str:
    """ "lower" for a floor ("more than 100 mph", "at least three"), "upper" for a ceiling
    ("up to 1.6 million", "nearly 200"), else "" (a figure given as it is, or "about" one)."""
    if _LOWER.search(text):
        return "lower"
    if _UPPER.search(text):
        return "upper"
    return ""
