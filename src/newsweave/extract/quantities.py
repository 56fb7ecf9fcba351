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
measure ("km", "barrel"), a time unit ("year", "day"), ``rank``, ``factor`` or ``count`` (what
the number counts is in ``about``).  ``about`` is the phrase the number is about: the words after
the mention up to the end of the clause, or, when nothing follows, the words just before it.

Left out: years ("in 2022", "2023 tariffs"), dates and times (they belong to
:mod:`newsweave.extract.dates`), "... ago", ages ("Trump, 78,", "a 45-year-old"), ordinals that
are not ranks ("third anniversary"), "one" on its own ("one of", "no one"), list markers and
numbers that are part of names ("Article 5", "F-16", "G7", "Covid-19").
"""

from __future__ import annotations

import bisect
import logging
import math
import re
from collections.abc import Iterator, Sequence

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
_WORD = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(k for k in ONES if ONES[k] < 10)}))?"
    rf"|{'|'.join(sorted(ONES, key=len, reverse=True))}"
    r"|(?:an?|half\s+an?)(?=\s+(?:hundred|thousand|million|billion|trillion|dozen)\b))"
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
    "pound": "GBP",
    "pounds": "GBP",
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
    "decade": "decade",
    "decades": "decade",
}
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
_RANK = re.compile(
    rf"\b(?P<ord>{_ORDINAL})[- ](?P<sup>{_SUPERLATIVE})\b"
    rf"|\b(?P<sup2>ran(?:k|ks|ked|king))\s+(?:(?:No\.|number)\s*)?(?P<ord2>{_ORDINAL}|\d+)\b"
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
    """Spans of dates and times, whose numbers are not quantities."""
    spans = date_spans(body)
    spans += [m.span() for m in _TIMES.finditer(body)]
    return sorted(spans)


_TIMES = re.compile(
    r"(?<!\w)(?=\w)(?:\b\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?|GMT|UTC|ET|EST|o['’]clock)(?!\w)|\b\d{1,2}:\d\d\b"
    rf"|\b(?:\d+|{_WORD})\s+(?:years?|months?|weeks?|days?|hours?|minutes?|decades?)\s+ago\b"
    r"|\b\d+(?:-|\s)(?:years?|months?)(?:-|\s)old\b|\baged\s+\d+\b|(?<=[A-Za-z],\s)\d{1,3}(?=,)"
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


def _count_word(body: str, end: int) -> str:
    m = re.match(r"(?:\s+|-)([a-z][a-z\-]+)\b", body[end : end + 40])
    if m and m.group(1) not in _FUNCTION and m.group(1) not in ("of", "times", "percent"):
        return m.group(0)
    return ""


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


def _rank(
    article_id: str, body: str, match: re.Match[str], bounds: tuple[int, int]
) -> Quantity | None:
    word = (match.group("ord") or match.group("ord2")).lower()
    digits = re.sub(r"\D", "", word)
    if not _ORDINALS.get(word) and len(digits) > 15:
        return None  # float() overflows (or int() refuses) on hundreds of digits
    value = float(_ORDINALS.get(word) or int(digits))
    start, end = match.span()
    if match.group("sup"):
        about = (match.group("sup") + " " + _after(body, end, bounds[1])).strip()
    else:
        about = _about(body, start, end, bounds)
    return Quantity(article_id, start, end, body[start:end], value, "rank", about)


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
        (_RANK, _rank),
        (_FACTOR, _factor),
        (_QUANTITY, _plain),
    )
    for pattern, build in finders:
        for match in _matches(pattern, body):
            if not match.group(0).strip() or not re.search(r"\w", match.group(0)):
                continue
            start, end = match.span()
            if _inside(masked, start, end) or _inside(taken, start, end):
                continue
            if (
                pattern is not _RANK
                and pattern is not _FACTOR
                and _in_name(body, match.start("num"))
            ):
                continue
            found = build(article_id, body, match, _sentence_bounds(body, starts, sentences, start))
            if found is not None:
                out.append(found)
                bisect.insort(taken, (found.start, found.end))
    out.sort(key=lambda q: q.start)
    return tuple(out)
