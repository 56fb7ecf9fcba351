"""Relative and partial dates in an article body, resolved to calendar dates.

A small explicit resolver rather than ``dateparser``: dateparser parses a string already cut
out of the text, it does not find dates in running prose, and its relative-date rules (a bare
"Monday" is the *next* Monday by default, "Feb. 12" takes the current year of the machine) are
not those of news writing.  Here one compiled pattern finds the mentions and a few lines of
arithmetic resolve them against the article's publication date (or a ``fallback`` date of its
story when the article has none):

* absolute dates: "February 24, 2025", "24 February 2025", "2025-02-24";
* month and day: "Feb. 12", "on February 24", "24 February": the year that puts the date
  nearest to the reference date, but last year's when that would be more than a week ahead and
  nothing before it speaks of the future ("will", "scheduled", "until", "next");
* weekdays: "on Monday", "late Monday", "Monday evening": the latest such day on or before the
  reference date; "last Monday" strictly before it; "next Monday" (or a future cue such as
  "will" just before) the first such day after it;
* "today", "tonight", "this morning", "yesterday", "last night", "tomorrow", "two days ago";
* holidays on a fixed day: "New Year's Day 2014", "Christmas Eve" (the year as for "Feb. 12");
* "the same day" / "that day" / "later in the day": the date mentioned last before it (else
  the reference date; "later in the day" never a date after it); "the day before", "the
  previous day", "the next day", "the following day": one day from it;
* "(the report) comes one day after X": X is that many days before the reference date.

Week- and month-level phrases ("last week", "earlier this month") name no single day and are
left out.
"""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta

from newsweave.models import DateMention

from ._numbers import ONES

__all__ = ["date_spans", "extract_dates"]

log = logging.getLogger(__name__)

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_SMALL_NUMBERS = {"a": 1, **{w: n for w, n in ONES.items() if n <= 10}}  # "two weeks ago"
_SMALL = "|".join(rf"[{w[0]}{w[0].upper()}]{w[1:]}" for w in _SMALL_NUMBERS)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:morning|afternoon|evening|night)"
_LEAD = r"(?:(?:[Oo]n|[Ll]ate|[Ee]arly|[Ee]arlier on|[Ll]ater on|[Bb]y|[Ss]ince|[Uu]ntil)\s+)?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"

_PATTERN = re.compile(
    r"\b(?:"  # every form starts a word: the engine skips the other positions quickly
    rf"(?P<iso>\b(?P<iy>(?:19|20)\d\d)-(?P<im>0[1-9]|1[0-2])-(?P<id>[0-2]\d|3[01])\b)"
    rf"|(?P<md>{_LEAD}\b(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})(?:st|nd|rd|th)?\b"
    rf"(?:,?\s+(?P<y1>(?:19|20)\d\d)\b)?)"
    rf"|(?P<dm>{_LEAD}\b(?P<d2>{_DAY})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})(?![\w])"
    rf"(?:,?\s+(?P<y2>(?:19|20)\d\d)\b)?)"
    rf"|(?P<wd>(?P<rel>(?:[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<wlead>{_LEAD})\b(?P<day>{_WEEKDAY})\b"
    rf"(?:\s+{_PART}\b)?)"
    rf"|(?P<word>\b(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow|[Ll]ast\s+night"
    rf"|[Tt]his\s+(?:morning|afternoon|evening))\b)"
    rf"|(?P<same>\b(?:[Oo]n\s+)?(?:the\s+same|that(?:\s+same)?)\s+day\b"
    rf"|\b(?:[Ll]ater|[Ee]arlier)\s+(?:in\s+the|that)\s+day\b)"
    rf"|(?P<hol>\b(?P<hname>New\s+Year[’']?s?[’']?\s+(?:Day|Eve)|Christmas\s+(?:Day|Eve)"
    rf"|Valentine[’']?s\s+Day|Halloween)\b(?:,?\s+(?P<hy>(?:19|20)\d\d)\b)?)"
    rf"|(?P<after>(?<=comes\s)(?P<n2>\d{{1,2}}|{_SMALL})\s+days?\s+(?P<dir2>after|before)\b)"
    rf"|(?P<shift>\b(?:[Oo]n\s+)?the\s+(?P<dir>day\s+before|previous\s+day|day\s+after|next\s+day"
    rf"|following\s+day)\b)"
    rf"|(?P<ago>\b(?P<n>\d{{1,2}}|{_SMALL})\s+days?\s+ago\b)"
    r")"
)
_FUTURE = re.compile(
    r"\b(?:will|'ll|\u2019ll|shall|(?:is|are)\s+(?:due|set|scheduled|expected|to)(?:\s+to)?|"
    r"plans?\s+to|planned|upcoming|scheduled|deadline|until|next|(?:been\s+)?set\s+for"
    r"|set\s+the\s+\w+\s+for)\b"
    # the rest of the clause: no sentence end (a title's or an initial's dot is none)
    r"(?:[^.;!?]|(?<=\b(?:Mr|Ms|Dr|Jr|Sr|St))\.|(?<=\b[A-Z])\.|(?<=Mrs)\.){0,40}$"
)
#: Holidays on a fixed calendar day (month, day).
_HOLIDAYS = {"new": (1, 1), "christmas": (12, 25), "valentine": (2, 14), "halloween": (10, 31)}
#: capitalised words that may stand before a weekday without making it part of a name
#: words that make a weekday part of a name ("Black Friday", "Super Tuesday")
_DAY_NAMES = frozenset(
    [
        "black",
        "good",
        "super",
        "cyber",
        "easter",
        "ash",
        "bloody",
        "holy",
        "maundy",
        "fat",
        "shrove",
        "palm",
        "whit",
        "giving",
        "boxing",
        "manic",
    ]
)
_PREV_WORD = re.compile(r"([A-Za-z]+)\W*$")


def _iso(d: date) -> str:
    return d.isoformat()


def _reference(published: str | None, fallback: str | None) -> date | None:
    for value in (published, fallback):
        if value:
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                log.debug("not an ISO date: %r", value)
    return None


def _month_day(
    month: str, day: str, year: str | None, ref: date | None, future: bool = False
) -> date | None:
    """The date of "Feb. 12": with its year if written, else the year that puts it nearest
    to ``ref``; but a date more than a week ahead of ``ref`` is read as last year's unless the
    text speaks of the future (``future``), and one more than a week back as next year's when
    it does."""
    m = _MONTHS[month[:3].lower()]
    d = int(day)
    if year:
        try:
            return date(int(year), m, d)
        except ValueError:
            return None
    if ref is None:
        return None
    options = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            options.append(date(y, m, d))
        except ValueError:
            continue
    if not options:
        return None
    best = min(options, key=lambda c: abs((c - ref).days))
    if (best - ref).days > 7 and not future:
        past = [c for c in options if c <= ref]
        return past[-1] if past else best
    if (ref - best).days > 7 and future:
        ahead = [c for c in options if c >= ref]
        return ahead[0] if ahead else best
    return best


def _month_name(month: int) -> str:
    return next(name for name, number in _MONTHS.items() if number == month)


def _is_future(body: str, pos: int) -> bool:
    """A future cue ("will", "scheduled", "next") in the clause before ``pos``."""
    return bool(_FUTURE.search(body[max(0, pos - 60) : pos]))


def _weekday(match: re.Match[str], body: str, ref: date) -> date | None:
    prev = None
    if not (match.group("rel") or match.group("wlead")):
        prev = _PREV_WORD.search(body, max(0, match.start() - 30), match.start())
    if prev and prev.group(1)[0].isupper() and prev.group(1).lower() in _DAY_NAMES:
        return None  # "Black Friday", "Super Tuesday": part of a name
    wd = _WEEKDAYS.index(match.group("day").lower())
    back = (ref.weekday() - wd) % 7
    rel = (match.group("rel") or "").strip().lower()
    if rel == "next" or (rel != "last" and _is_future(body, match.start())):
        return ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
    if rel == "last" and back == 0:
        back = 7
    return ref - timedelta(days=back)


def _word(text: str, ref: date) -> date:
    low = text.lower()
    if low == "yesterday" or low.startswith("last"):
        return ref - timedelta(days=1)
    if low == "tomorrow":
        return ref + timedelta(days=1)
    return ref


def _resolve(match: re.Match[str], body: str, ref: date | None, last: date | None) -> date | None:
    g = match.group
    if g("iso"):
        try:
            return date(int(g("iy")), int(g("im")), int(g("id")))
        except ValueError:
            return None
    if g("md"):
        return _month_day(g("m1"), g("d1"), g("y1"), ref, _is_future(body, match.start()))
    if g("dm"):
        return _month_day(g("m2"), g("d2"), g("y2"), ref, _is_future(body, match.start()))
    if g("same"):
        if g("same")[0] in "LlEe" and last and ref and last > ref:
            return ref  # "later in the day" goes on with the story's day, not a future date
        return last or ref
    if g("hol"):
        name = g("hname").lower()
        eve = name.endswith("eve")
        m, d = _HOLIDAYS[re.split(r"\W", name)[0]]
        when = _month_day(_month_name(m), str(d), g("hy"), ref, _is_future(body, match.start()))
        return when - timedelta(days=1) if when and eve else when
    if g("shift"):
        back = g("dir").lower().split()[0] in ("day", "previous") and "after" not in g("dir")
        return None if last is None else last + timedelta(days=-1 if back else 1)
    if ref is None:
        return None
    if g("wd"):
        return _weekday(match, body, ref)
    if g("after"):  # "the report comes one day after X": X was that long before now
        n = g("n2").lower()
        days = int(n) if n.isdigit() else _SMALL_NUMBERS[n]
        return ref - timedelta(days=days if g("dir2") == "after" else -days)
    if g("ago"):
        n = g("n").lower()
        return ref - timedelta(days=int(n) if n.isdigit() else _SMALL_NUMBERS[n])
    return _word(g("word"), ref)


def extract_dates(
    article_id: str, body: str, published: str | None, *, fallback: str | None = None
) -> tuple[DateMention, ...]:
    """Dates mentioned in ``body`` resolved against ``published`` (else ``fallback``)."""
    ref = _reference(published, fallback)
    out: list[DateMention] = []
    last: date | None = None
    for match in _PATTERN.finditer(body):
        try:
            resolved = _resolve(match, body, ref, last)
        except OverflowError:  # a reference date at the edge of the calendar (year 1 or 9999)
            resolved = None
        if resolved is None:
            continue
        last = resolved
        start, end = match.span()
        out.append(DateMention(article_id, start, end, body[start:end], _iso(resolved)))
    return tuple(out)


def date_spans(body: str) -> list[tuple[int, int]]:
    """Spans of the calendar dates written in ``body`` ("Feb. 24", "2025-02-24"; weekdays and
    words such as "today" left out), whether or not they resolve: their numbers are no
    quantities."""
    return [
        m.span()
        for m in _PATTERN.finditer(body)
        if m.group("iso") or m.group("md") or m.group("dm")
    ]
