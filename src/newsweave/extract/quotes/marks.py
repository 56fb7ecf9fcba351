"""Pass 1 of quote extraction: quotation marks paired into spans.

Every quotation mark is given a role (opens, closes, either) from its glyph and from what stands
either side of it, then a small state machine pairs them paragraph by paragraph (see the package
docstring for the conventions followed)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from .words import _PRONOUNS, _SMALL_WORDS, _SPEECH_VERBS

#: An unclosed quotation never runs further than this many characters.
MAX_UNCLOSED = 1200

_MASK = "\ue000"  # stands in for quoted text when reading the words around quotes

# --- quotation marks ---------------------------------------------------------------------------

_DOUBLE = {
    "\u201c": "open",
    "\u201e": "open",
    "\u00ab": "open",
    "\u201d": "close",
    "\u00bb": "close",
    '"': "either",
    "\u201f": "open",
    "\u2033": "either",
}
_SINGLE = {
    "\u2018": "open",
    "\u2019": "close",
    "'": "either",
    "\u201a": "open",
    "\u2039": "open",
    "\u203a": "close",
}
_OPENERS_BEFORE = "([{\u2014\u2013-/"  # a mark after these opens
_CLOSERS_AFTER = ",.;:!?)]}\u2014\u2013-\u2026/"  # a mark before these closes
#: Words that an apostrophe opens: 'n', 'em, 'til, 'cause, '90s ...
_ELISION = re.compile(
    r"(?:n['\u2019]|em\b|til\b|tis\b|twas\b|cause\b|round\b|bout\b|\d\ds?\b)", re.IGNORECASE
)
_PARA_BREAK = re.compile(r"\n\s*")


@dataclass(frozen=True)
class _Mark:
    pos: int
    char: str
    role: str  #: "open", "close" or "either"


@dataclass(frozen=True)
class _Span:
    """A quotation before attribution: the words at [start, end), marks at open/close."""

    start: int
    end: int
    open: int  #: offset of the opening mark
    close: int  #: offset just past the closing mark (== end when unclosed)
    closed: bool


# --- pass 1: pairing marks --------------------------------------------------------------------


def _paragraphs(body: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _PARA_BREAK.finditer(body):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(body)))
    return [(a, b) for a, b in out if b > a]


def _role(text: str, pos: int, lo: int, hi: int, default: str) -> str:
    prev = text[pos - 1] if pos > lo else " "
    nxt = text[pos + 1] if pos + 1 < hi else " "
    left_open = prev.isspace() or prev in _OPENERS_BEFORE or prev in _DOUBLE or prev in _SINGLE
    right_close = nxt.isspace() or nxt in _CLOSERS_AFTER or nxt in _DOUBLE or nxt in _SINGLE
    if left_open and not right_close:
        return "open" if default != "close" or prev.isspace() or pos == lo else default
    if right_close and not left_open:
        return "close"
    return default


def _double_marks(body: str, lo: int, hi: int) -> list[_Mark]:
    return [
        _Mark(i, body[i], _role(body, i, lo, hi, _DOUBLE[body[i]]))
        for i in range(lo, hi)
        if body[i] in _DOUBLE
    ]


def _pair_double(body: str) -> list[_Span]:
    paras = _paragraphs(body)
    spans: list[_Span] = []
    carry: int | None = None  # opening mark of a quote running on from the previous paragraph
    for n, (lo, hi) in enumerate(paras):
        marks = _double_marks(body, lo, hi)
        if carry is not None and not (marks and marks[0].pos == lo and marks[0].role != "close"):
            spans.append(_unclosed(body, carry, paras[n - 1][1]))
            carry = None
        opened = carry
        for i, mark in enumerate(marks):
            if carry is not None and i == 0:
                continue  # the repeated opening mark of a running quote
            if opened is None:
                if mark.role != "close":
                    opened = mark.pos
            elif not _compatible(body[opened], mark, marks, i, opened):
                continue  # a quote nested in the open one, in the other style of marks
            elif mark.role != "open" or _closes_anyway(body, mark, marks, i):
                spans.append(_closed(body, opened, mark.pos))
                opened = None
            else:
                spans.append(_unclosed(body, opened, mark.pos))
                opened = mark.pos
        carry = None
        if opened is not None:
            nxt = paras[n + 1] if n + 1 < len(paras) else None
            if (
                nxt
                and body[nxt[0]] in _DOUBLE
                and _DOUBLE[body[nxt[0]]] != "close"
                and nxt[0] - opened < 6 * MAX_UNCLOSED
            ):
                carry = opened
            else:
                spans.append(_unclosed(body, opened, hi))
    if carry is not None:
        spans.append(_unclosed(body, carry, paras[-1][1]))
    return [s for s in spans if s.end > s.start]


def _compatible(opening: str, mark: _Mark, marks: list[_Mark], i: int, opened: int) -> bool:
    """Whether ``mark`` belongs to the quote ``opening`` opened at ``opened`` (same style of
    marks): a straight mark only pairs with a curly one when the paragraph mixes them loosely,
    or when it plainly closes (``“…," Suthers said. "…”``) with no straight mark since the
    opening one (which would make it the end of a nested quote)."""
    straight = '"\u2033'
    if opening in straight:
        return mark.char in straight or not any(m.char in straight for m in marks[i + 1 :])
    if mark.char in straight:
        nested = any(m.char in straight and m.pos > opened for m in marks[:i])
        if mark.role == "close" and not nested:
            return True
        return not any(m.char in "\u201d\u00bb" for m in marks[i + 1 :])
    return True


def _closes_anyway(body: str, mark: _Mark, marks: list[_Mark], i: int) -> bool:
    """An opening-looking mark closes when no later mark in the paragraph could close it."""
    return (
        mark.char in "\u201c\u201e"
        and not any(m.role != "open" for m in marks[i + 1 :])
        and mark.pos + 1 < len(body)
        and not body[mark.pos + 1].isalnum()
    )


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def _closed(body: str, open_pos: int, close_pos: int) -> _Span:
    start, end = _trim(body, open_pos + 1, close_pos)
    return _Span(start, end, open_pos, close_pos + 1, True)


def _unclosed(body: str, open_pos: int, limit: int) -> _Span:
    end = min(limit, open_pos + 1 + MAX_UNCLOSED)
    if end < limit:  # cut at the last sentence end inside the bound
        cut = max(body.rfind(". ", open_pos, end), body.rfind("? ", open_pos, end))
        end = cut + 1 if cut > open_pos else end
    start, end = _trim(body, open_pos + 1, end)
    return _Span(start, end, open_pos, end, False)


def _pair_single(body: str, masked: str) -> list[_Span]:
    spans: list[_Span] = []
    for lo, hi in _paragraphs(body):
        i = lo
        while i < hi:
            ch = masked[i]
            if ch in _SINGLE and _SINGLE[ch] != "close" and _single_opens(body, i, lo, hi):
                close = _single_close(body, masked, i, hi)
                if close is not None:
                    spans.append(_closed(body, i, close))
                    i = close + 1
                    continue
            i += 1
    return [s for s in spans if s.end > s.start]


def _single_opens(body: str, i: int, lo: int, hi: int) -> bool:
    prev = body[i - 1] if i > lo else " "
    nxt = body[i + 1] if i + 1 < hi else " "
    if not (prev.isspace() or prev in _OPENERS_BEFORE or prev in _DOUBLE) or not nxt.isalnum():
        return False
    return _ELISION.match(body, i + 1) is None


def _single_close(body: str, masked: str, i: int, hi: int) -> int | None:
    for j in range(i + 2, hi):
        ch = masked[j]
        if ch == _MASK:
            return None
        if ch not in "\u2019'" or body[j - 1].isspace():
            continue
        nxt = body[j + 1] if j + 1 < hi else " "
        if nxt.isalnum():
            continue  # don't, Russia's
        if nxt in _CLOSERS_AFTER or nxt in _DOUBLE or j + 1 >= hi:
            return j
        if body[j - 1] in ",.!?":
            return j
        rest = body[j + 1 : j + 40].split()
        follower = rest[0].lower().strip(",.") if rest else ""
        if (
            body[j - 1].lower() == "s"
            and follower
            and follower[:1].islower()
            and follower not in _SPEECH_VERBS
            and follower not in _PRONOUNS
        ):
            continue  # the Clintons' house
        return j
    return None


def _is_title(text: str) -> bool:
    """Title Case names in marks ("New Materials and Chemistry") are names, not quotations."""
    words = re.findall(r"[^\W\d_][\w\u2019'\-]*", text)
    if text.isupper():
        return False  # shouted words ("THIS IS NOT OK") are a quotation
    if not 2 <= len(words) <= 10 or re.search(r"[.!?;:]\s", text):
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words) and words[0][0].isupper()


def _find_spans(body: str) -> list[_Span]:
    doubles = _pair_double(body)
    masked = _mask(body, doubles)
    singles = _pair_single(body, masked)
    spans = sorted(doubles + singles, key=lambda s: s.open)
    out: list[_Span] = []
    for span in spans:  # drop quotes nested in another quote
        if out and span.open < out[-1].close:
            continue
        out.append(span)
    return out


def _mask(body: str, spans: Sequence[_Span]) -> str:
    chars = list(body)
    for s in spans:
        for k in range(s.open, s.close):
            if chars[k] != "\n":
                chars[k] = _MASK
    return "".join(chars)
