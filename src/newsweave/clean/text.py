"""Plain-text page cleaner: tell the article's lines from the page furniture around them.

Input is the visible text of a web page, one line per visible line (what a scraper or
``html2text`` leaves): menus, bylines, captions, related-story lists, newsletter boxes, cookie
banners and footers sit around and inside the article.  :func:`classify_lines` gives each line
a label (``"body"``, ``"blank"``, ``"title"`` or a furniture kind of
:data:`newsweave.models.FURNITURE_KINDS`); :func:`clean_text` turns that into a
:class:`~newsweave.models.Cleaned`.

Why our own code instead of jusText or trafilatura: both want HTML (links, tags, block
structure); on plain text they score little better than keeping everything (jusText F1 0.71 on
the AEB pages rendered as text).  Plain text still carries strong evidence, used here:

1. each line's shape: words, terminal punctuation, stop-word density, how it starts;
2. small general vocabularies that name furniture ("subscribe", "©", "min read", "Photo:");
   a full sentence that merely uses such a word between two paragraphs stays body;
3. the article is one main contiguous run of prose: the best-scoring segment of lines (a
   maximum-sum subarray where prose adds its length and furniture subtracts) is the body's
   region; short lines inside it (sub-headings, list items) stay, lines outside it go.  Runs
   of three or more short lines (menus, link lists) cost double, and prose standing alone
   between non-prose lines (teaser summaries under a headline, name and date) counts half;
4. neighbours: repeated lines (captions printed twice), clock-time news-feed widgets under a
   "News Feed" header, and related-story teasers (a headline glued to its summary in a page
   whose paragraphs are otherwise separated by blank lines, or a summary cut off with "…");
5. the headline is the headline-shaped line above the body sharing most words with its
   opening paragraphs.

Figures (``benchmarks/bench_clean_text.py``): AEB pages as text F1 0.94 (jusText 0.71), the
seeds' bodies F1 1.00; already clean articles keep 99.6% of their words (PolNeAR, BASIL),
ECB+ 97.2% because its records open with a headline and a dateline, removed as title/byline.

Pure Python and linear in the input: ~1,000 pages take a few seconds.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ..models import Cleaned, Removed

__all__ = ["classify_lines", "clean_text"]

log = logging.getLogger(__name__)

BODY, BLANK, TITLE = "body", "blank", "title"

#: Only the start of a very long line is looked at by the vocabularies (keeps matching linear
#: and cheap on pathological input).
_HEAD = 400

_WORD = re.compile(r"\w+")
_BULLET = re.compile(r"^[•*·\-–—|]+\s*")
_OPENERS = "\"'“‘«„(`"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_LETTER_WORD = re.compile(r"[^\W\d_]+")

# Function words of the languages news pages mostly come in (general vocabulary).
_STOPWORD_TEXT = """
    a about after all also an and are as at be been before but by can could did do does for
    from had has have he her his how i if in into is it its more most my no not of on one or
    our out over she so than that the their them there they this to up was we were what when
    which who will with would you your said says
    o os as um uma de da do das dos e em no na nos nas para por com que se não mais ao à é
    el la los las un una y en del al con por para es lo como pero su sus le les des du et est
    une dans pour pas qui sur au avec ce il elle der die das und ist nicht ein eine den dem
    zu mit von auf für sich auch im ich es yang dan di ke dari ini itu dengan untuk tidak ada
    il di che non per una sono della
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_TERMINAL = re.compile(r"""[.!?…:;。！？]\s?["'”’»)\]]*$|[.!?]\s*\(\w[^()]{0,60}\)$""")
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?$", re.I)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTH}\b|\b\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b"
    r"|\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|\b\d+\s*(?:[mhd]|mins?|minutes?|hrs?|hours?|days?|weeks?)\s+ago\b",
    re.I,
)


def _rx(*patterns: str) -> tuple[str, ...]:
    return patterns


#: Furniture vocabularies, tried in order on lines that are not long prose.
_VOCAB: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "cookie",
        _rx(
            r"\bcookies?\b.*\b(?:use|uses|using|accept|consent|polic(?:y|ies)|settings|preferences"
            r"|browser|browsing|experience|site|website|personali[sz]e|store|stored)\b",
            r"^(?:accept|reject|allow|manage|necessary|essential)?\s*(?:all\s+)?cookies?\b\W*"
            r"(?:settings|policy|preferences|only)?$",
            r"\bconsent\b.*\b(?:privacy|data|partners)\b",
        ),
    ),
    (
        "newsletter",
        _rx(
            r"\b(?:un)?subscribe[ds]?\b",
            r"\bno spam\b",
            r"\bnewsletters?\b",
            r"\bsign(?:ing|ed)?[ -]?up\b",
            r"\benter (?:your |a )?(?:e-?mail|email address)",
            r"\be-?mail address\b",
            r"\bindicates required\b",
            r"\binbox\b",
            r"\bopt[- ]in\b",
            r"\bregister for free\b",
        ),
    ),
    (
        "share",
        _rx(
            r"^share\b",
            r"\bshare (?:this (?:article|story|page|post)|via (?:e-?mail|whatsapp)"
            r"|on (?:facebook|twitter|x|linkedin|whatsapp|social))\b",
            r"\bsharing is caring\b",
            r"^(?:\d+\s*)?shares?$",
            r"^(?:facebook|twitter|x|linkedin|whatsapp|pinterest|reddit|e-?mail|print|copy link"
            r"|telegram|flipboard|mix|tumblr|messenger|sms|google\+?|instagram|youtube"
            r"|rss(?: feed)?|blogger|stumbleupon|pocket|threads|bluesky)$",
            r"^(?:tweet|pin it|follow us)\b",
            r"^(?:print|e-?mail|save|gift) (?:this )?(?:article|story|page)\b",
            r"^follow\b.{0,40}\bon (?:twitter|x|facebook|instagram|linkedin)\b",
            r"\bshare via\b",
        ),
    ),
    (
        "caption",
        _rx(
            r"^(?:photo|image|picture|foto|video|illustration|graphic|credit|photograph)s?"
            r"(?: credit)?\s*[:|©]",
            r"\bgetty images\b",
            r"\b(?:ap|afp|reuters|epa|ansa) photo\b",
            r"\bshutterstock\b",
            r"\b(?:image|item|photo|picture|slide) \d+ (?:of|/)\s*/?\s*\d+\b",
            r"^\[\d+\s*/\s*\d+\]",
            r"\b(?:reuters|afp|epa|getty|anadolu|xinhua|tass|ap)\s*/\s*[a-z][\w-]+",
            r"\bpurchase licensing rights\b",
            r"^\d+\s*(?:/|of)\s*\d+$",
            r"^(?:caption|close|back to gallery|view gallery|enlarge|expand)$",
            r"\((?:[^()]{1,60}/){1,4}[^()]{1,60}\)$",
            r"\((?:image|photo|picture|pic|credit|foto)s?\s*:[^()]{0,60}\)$",
            r"\([^()]{0,40}\bvia\b[^()]{0,40}\)$|\([^()]{1,40},\s*file\)$",
            r"\bclick to enlarge\b",
            r"\bthis slideshow requires\b",
        ),
    ),
    (
        "footer",
        _rx(
            r"©",
            r"\(c\)\s*\d{4}",
            r"\ball rights reserved\b",
            r"\bcopyright\b.{0,40}\b(?:19|20)\d\d\b|\b(?:19|20)\d\d\b.{0,40}\bcopyright\b",
            r"^copyright\b",
            r"\bprivacy (?:policy|notice|settings)\b",
            r"\bterms (?:of|and) (?:use|service|conditions)\b",
            r"^(?:about us|contact us|contact|careers|advertise with us|site ?map|imprint)$",
            r"\bback to top\b",
        ),
    ),
    (
        "ad",
        _rx(
            r"^advert(?:isement)?s?$",
            r"^advertisement\b",
            r"\bscroll to continue\b",
            r"^ad$",
            r"^sponsor(?:ed)?\b",
            r"\bsponsored (?:content|by|links?)\b",
            r"\badvertis(?:e|ing) (?:with|on)\b",
            r"\bstory continues below\b",
            r"^(?:continue reading|article continues) below\b",
        ),
    ),
    (
        "byline",
        _rx(
            r"^(?:writer|author|words|reporting|posted|published|updated|written|photos?)"
            r"(?:\s+by|\s+on|\s+at|\s*:)",
            r"\b\d+\s*min(?:ute)?s?\.? read\b",
            r"^(?:[\w.'’-]+\s){1,4}is an? (?:[\w,'’-]+\s){0,8}(?:reporter|journalist|correspondent"
            r"|editor|writer|columnist|contributor|producer|freelancer)\b",
            r"\breading time\b",
            r"\btempo de leitura\b",
        ),
    ),
    (
        "related",
        _rx(
            r"^(?:related|read (?:more|next|also)|more (?:from|news|stories)"
            r"|recommended (?:for|reading)|editors?['’]? picks?|most (?:popular|read|viewed|shared)"
            r"|up next"
            r"|you (?:may|might) (?:also )?like|see also|also read|recent posts"
            r"|top stories|don['’]t miss|what to read next|further reading)\b",
            r"^(?:popular|latest|trending|more|recommended|related)\W*$",
            r"^(?:more|latest)(?: from| in| on)?(?:\s+[\w.&'’-]+){1,3}\W*$",
            r"^(?:related|recommended) (?:articles?|stories|posts|content|links?)\b",
            r"^(?:see|read|watch) more\b",
            r"\[(?:video|insight|pictures?|photos?|reaction|revealed|poll|live|latest)\]\W*$",
        ),
    ),
    (
        "comments",
        _rx(
            r"^(?:\d+\s+)?comments?\W*(?:\(\d+\)|\d+)?$",
            r"^comments? (?:are|have been) (?:closed|disabled)",
            r"^no comments\b",
            r"\b(?:leave|post|add) a (?:comment|reply)\b",
            r"\bview comments\b",
            r"^\S+(?:\s\S+){0,3}\s+says:$",
            r"^\d+\s+(?:responses|comments|replies|thoughts) (?:to|on)\b",
            r"^(?:reply|report|like|share)(?: ?[|·] ?(?:reply|report|like|share))*$",
            r"\bjoin the (?:conversation|discussion)\b",
            r"\bcommunity (?:standards|guidelines)\b",
        ),
    ),
    (
        "notice",
        _rx(
            r"\bcreated with ai\b",
            r"\b(?:may|might) (?:earn|get) (?:a )?(?:commission|share)\b",
            r"\baffiliate links?\b",
            r"\brequires javascript\b",
            r"^editor['’]?s note\b",
            r"\bto read the full story\b",
        ),
    ),
    (
        "navigation",
        _rx(
            r"\bskip to (?:content|main|navigation)\b",
            r"^(?:top|bottom) of page$",
            r"^(?:menu|search|home|back|next|previous|sections?|more|topics?|edit post"
            r"|sign in|log ?in|log ?out|register|see all|show more|load more|view all"
            r"|pre-order now|go|close menu|main menu|toggle navigation|english)$",
            r"^(?:sign in|log in|log out)\b",
            r"\bget short url\b",
            r"^chevron_(?:left|right)\b",
            r"\b(?:pdf|print) (?:mode|version)\b",
            r"\bopens (?:in )?(?:a )?new (?:tab|window)\b",
        ),
    ),
    (
        "newsfeed",
        _rx(r"^(?:news ?feed|latest news|breaking news|just in|news ticker)$"),
    ),
    (
        "metadata",
        _rx(
            r"^(?:tags?|topics?|categor(?:y|ies)|filed (?:under|to|in)|keywords?)\s*[:|]",
            r"^suggested topics\b",
        ),
    ),
)


def _either(patterns: Sequence[str]) -> re.Pattern[str]:
    """One regex for several; matched against lower-cased text (faster than ``re.I``)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")


_KIND_PATTERNS = tuple((kind, _either(patterns)) for kind, patterns in _VOCAB)
_CAPTION = dict(_KIND_PATTERNS)["caption"]
_ALL = [p for _, patterns in _VOCAB for p in patterns]

#: One pass that rejects most lines before the per-kind patterns are tried.
#: (patterns anchored at the start are tried at the start only: several times faster).
_ANCHORED = _either([p for p in _ALL if p.startswith("^")])
_FLOATING = _either([p for p in _ALL if not p.startswith("^")])
#: Kinds whose vocabulary names furniture in lines of up to 25 words (others only up to 12).
_ANY_LENGTH = frozenset(
    {"cookie", "caption", "notice", "footer", "newsletter", "byline", "related", "comments"}
)

#: The same for the kinds tried on lines of 13 to 25 words.
_FLOATING_LONG = _either(
    [p for kind, patterns in _VOCAB if kind in _ANY_LENGTH for p in patterns if p[0] != "^"]
)

#: "By Anton Troianovski", "by Olena Goncharova February 24": "by" and a capitalised name,
#: not "By the end of the year".
_BY_NAME = re.compile(
    r"^[Bb][Yy]:?\s+(?!(?:The|A|An|This|That|Then|Now|Contrast|Comparison)\b)[A-Z]"
)

#: Kinds whose vocabulary is reliable enough to apply even to a long line.
_STRONG_LONG = re.compile(
    r"^(?:we|this (?:site|website))\b.{0,80}\bcookies?\b|©|\ball rights reserved\b"
    r"|\bcreated with ai assistance\b",
    re.I,
)


#: Kinds whose vocabulary also turns up in ordinary sentences of an article.
_WEAK_KINDS = frozenset(
    {"newsletter", "share", "related", "comments", "navigation", "metadata", "byline"}
)


@dataclass(frozen=True)
class _Line:
    """What the classifier knows about one line."""

    text: str  #: stripped text
    words: int
    stop: float  #: share of words that are function words
    terminal: bool  #: ends like a sentence
    kind: str | None  #: furniture kind named by the vocabularies, if any

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def prose(self) -> bool:
        """Looks like a sentence of running text."""
        if self.kind is not None:
            return False
        long_cjk = self.words < 4 and len(self.text) >= 40 and not self.text.isascii()
        return (
            (self.words >= 8 and (self.terminal or self.words >= 16))
            or long_cjk
            or (self.sentence and self.words >= 5)
        )

    @property
    def sentence(self) -> bool:
        """Shaped like a sentence: starts like one, ends like one, has a few words."""
        return (
            self.kind is None
            and self.terminal
            and self.words >= 3
            and (self.text[0].isupper() or self.text[0].isdigit() or self.text[0] in _OPENERS)
        )

    @property
    def weak(self) -> bool:
        """A full sentence that merely uses a furniture word ("Voters can sign up until ...")."""
        return (
            self.kind in _WEAK_KINDS
            and self.words >= 6
            and self.terminal
            and (self.text[0].isupper() or self.text[0] in _OPENERS)
        )

    @property
    def heading(self) -> bool:
        """Looks like a headline: a few words, no final full stop."""
        return 3 <= self.words <= 30 and not self.terminal and self.kind is None


def _features(raw: str, stop_ok: bool) -> _Line:
    text = raw.strip()
    if not text:
        return _Line("", 0, 0.0, False, None)
    if text[0] in "•*·-–—|":
        text = _BULLET.sub("", text)
    head = text[:_HEAD]
    n = len(_WORD.findall(text))
    if not head.isascii():
        n = max(n, len(_CJK.findall(head)) // 2)
    stop = _stop_density(head) if stop_ok and n >= 5 else 1.0
    terminal = bool(_TERMINAL.search(text[-80:]))
    return _Line(text, n, stop, terminal, _vocab_kind(head, n))


def _stop_density(text: str) -> float:
    letters = _LETTER_WORD.findall(text)
    return sum(w.casefold() in _STOPWORDS for w in letters) / len(letters) if letters else 0.0


@lru_cache(maxsize=8192)
def _vocab_kind(head: str, words: int) -> str | None:
    """The furniture kind the vocabularies name for a line's start, if any (cached: menus
    and footers repeat across the pages of a site)."""
    if not head:
        return None
    if words > 25:
        return _long_kind(head, words)
    if words <= 12 and _BY_NAME.match(head):
        return "byline"
    low = head.lower()
    floating = _FLOATING if words <= 12 else _FLOATING_LONG
    if _ANCHORED.match(low) or floating.search(low):
        for kind, pattern in _KIND_PATTERNS:
            if (words <= 12 or kind in _ANY_LENGTH) and pattern.search(low):
                return kind
    if _CLOCK.match(head):
        return "newsfeed"
    if words <= 12 and _DATE.search(head) and not _TERMINAL.search(head):
        rest = _LETTER_WORD.findall(_DATE.sub(" ", head))
        if len(rest) <= 4:
            return "byline"
    return None


def _long_kind(head: str, words: int) -> str | None:
    """Furniture named by the few phrases that give away even a long line."""
    if words <= 80 and _CAPTION.search(head.lower()):
        return "caption"
    if not _STRONG_LONG.search(head):
        return None
    folded = head.casefold()
    if "cookie" in folded:
        return "cookie"
    return "notice" if "created with ai" in folded else "footer"


def _page_has_stopwords(lines: Sequence[str]) -> bool:
    """Whether stop-word density means anything here (False for languages we have no list of)."""
    sample = " ".join(line[:200] for line in lines[:400])
    letters = [w.casefold() for w in _LETTER_WORD.findall(sample)]
    return bool(letters) and sum(w in _STOPWORDS for w in letters) / len(letters) >= 0.08


# --- region ----------------------------------------------------------------------------------


def _weight(line: _Line) -> float:
    """Contribution of a line to the score of the region that contains it."""
    if line.blank:
        return 0.0
    if line.kind is not None:
        return -3.0 if line.weak else _KIND_PENALTY.get(line.kind, -25.0)
    if line.prose and _cut(line):
        return -5.0  # a summary cut off mid-sentence: a teaser linking elsewhere
    if line.prose:
        gain = float(min(line.words, 80))
        if line.stop < 0.15:
            gain /= 4
        return gain if line.terminal else gain / 3
    if line.heading:
        return -4.0
    return -3.0


#: What a line of furniture costs the region around it: kinds that sit inside articles
#: (ads, captions) cost little, kinds that close an article (footer, comments) cost a lot.
_KIND_PENALTY = {
    "ad": -8.0,
    "caption": -8.0,
    "share": -10.0,
    "byline": -12.0,
    "footer": -60.0,
    "newsfeed": -60.0,
    "comments": -200.0,
    "related": -6.0,
}


def _run_weights(feats: Sequence[_Line], weights: list[float]) -> list[float]:
    """Lines in a run of three or more non-prose lines (a list of links) cost double."""
    run: list[int] = []
    for i in [*(i for i, f in enumerate(feats) if not f.blank), -1]:
        if i >= 0 and not feats[i].prose:
            run.append(i)
            continue
        if len(run) >= 3:
            for j in run:
                weights[j] = min(weights[j], 2 * weights[j])
        run = []
    return weights


def _isolation_weights(feats: Sequence[_Line], weights: list[float]) -> list[float]:
    """Prose standing alone between non-prose lines counts half.

    An article's paragraphs follow one another; in lists of teasers each summary sits alone
    between a headline, a name and a date.
    """
    idx = [i for i, f in enumerate(feats) if not f.blank]
    for k, i in enumerate(idx):
        if weights[i] <= 0:
            continue
        before = k > 0 and feats[idx[k - 1]].prose
        after = k + 1 < len(idx) and feats[idx[k + 1]].prose
        if not (before or after):
            weights[i] *= _ISOLATED
    return weights


_ISOLATED = 0.5


def _best_region(weights: Sequence[float]) -> tuple[int, int]:
    """``[start, end)`` of the maximum-sum run of lines (Kadane); empty when nothing scores."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, w in enumerate(weights):
        if total <= 0:
            total, start = 0.0, i
        total += w
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


# --- labels ----------------------------------------------------------------------------------


def _mark_duplicates(feats: Sequence[_Line], labels: list[str]) -> None:
    """Consecutive identical lines (blank lines between ignored) are furniture, both copies."""
    prev = -1
    for i, line in enumerate(feats):
        if line.blank:
            continue
        if prev >= 0:
            other = feats[prev].text
            if line.text == other or (len(line.text) >= 8 and line.text in other):
                if labels[prev] == BODY:
                    labels[prev] = feats[prev].kind or ("caption" if feats[prev].prose else "other")
                labels[i] = labels[prev]
        prev = i


def _mark_newsfeed(feats: Sequence[_Line], labels: list[str]) -> None:
    """A clock time ("11:54 PM") on its own line starts a news-feed item: it and its lines."""
    i, n = 0, len(feats)
    while i < n:
        if feats[i].kind == "newsfeed" and _CLOCK.match(feats[i].text[:_HEAD]):
            j, taken = i + 1, 0
            while j < n and taken < 3:
                if not feats[j].blank:
                    if feats[j].kind is not None and not feats[j].prose:
                        break
                    labels[j] = "newsfeed"
                    taken += 1
                j += 1
            i = j
        else:
            i += 1


def _clock_lines(feats: list[_Line]) -> list[_Line]:
    """Clock times are news-feed furniture only on a page with a news-feed header.

    Without one they are the time stamps of a live blog's entries: neutral, part of whatever
    surrounds them.
    """
    clocks = {i for i, f in enumerate(feats) if f.kind == "newsfeed" and _CLOCK.match(f.text)}
    header = next((i for i, f in enumerate(feats) if f.kind == "newsfeed" and i not in clocks), -1)
    for i in clocks:
        if header < 0 or i < header:
            feats[i] = replace(feats[i], kind=None)
    return feats


def _extend(feats: Sequence[_Line], labels: list[str], start: int, end: int) -> tuple[int, int]:
    """Grow the region over adjacent plain sentences too short to have scored on their own."""
    if start == end:
        return start, end
    i = start - 1
    while i >= 0 and (feats[i].blank or (feats[i].sentence and not labels[i])):
        if not feats[i].blank:
            start = i
        i -= 1
    i = end
    while i < len(feats) and (feats[i].blank or (feats[i].sentence and not labels[i])):
        if not feats[i].blank:
            end = i + 1
        i += 1
    return start, end


def _blocks(feats: Sequence[_Line], start: int, end: int) -> list[list[int]]:
    """Runs of consecutive non-blank lines in ``[start, end)``."""
    out: list[list[int]] = []
    cur: list[int] = []
    for i in range(start, end):
        if feats[i].blank:
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(i)
    if cur:
        out.append(cur)
    return out


def _mark_teasers(feats: Sequence[_Line], labels: list[str], start: int, end: int) -> None:
    """Related-story teasers: a headline glued to its summary.

    Anywhere on the page, a summary cut off mid-sentence ("…") after a headline is a teaser.
    Inside the body's region, when the page separates its paragraphs by blank lines, a block
    made of exactly a headline (six words or more) and one paragraph is one too: a sub-heading
    of the article is short and stands apart from its paragraph like every other line.
    """
    blocks = _blocks(feats, start, end)
    prose_blocks = [b for b in blocks if any(feats[i].prose for i in b)]
    singles = sum(len(b) == 1 for b in prose_blocks)
    spaced = len(prose_blocks) >= 4 and singles >= 0.75 * len(prose_blocks)
    for b in _blocks(feats, 0, len(feats)):
        for k in range(len(b) - 1):
            head, para = feats[b[k]], feats[b[k + 1]]
            if not (head.heading and para.prose):
                continue
            glued = spaced and len(b) == 2 and head.words >= 6 and start <= b[0] < end
            if _cut(para) or glued:
                labels[b[k]] = labels[b[k + 1]] = "teaser"


def _cut(line: _Line) -> bool:
    """A summary cut off mid-sentence: "... what exactly are they dying for…"."""
    text = line.text
    return text.endswith(("...", "…")) and text.rstrip(".…")[-1:].isalnum()


def _among_prose(feats: Sequence[_Line], i: int) -> bool:
    """A weak furniture sentence between two paragraphs is a sentence of the article."""
    if not feats[i].weak:
        return False
    return _next_prose(feats, i, -1) and _next_prose(feats, i, 1)


def _next_prose(feats: Sequence[_Line], i: int, step: int) -> bool:
    """Whether the nearest non-blank line in direction ``step`` is prose."""
    j = i + step
    while 0 <= j < len(feats) and feats[j].blank:
        j += step
    return 0 <= j < len(feats) and feats[j].prose


def _outside_kind(line: _Line, before: bool) -> str:
    if line.kind is not None:
        return line.kind
    if before:
        return "navigation" if line.words <= 4 else "other"
    return "related" if line.heading or line.prose else "other"


def _choose_title(feats: Sequence[_Line], labels: list[str], start: int) -> None:
    """The headline: of the headline-like lines just above the body, the one sharing most
    words with the body's opening (the nearest one on a tie)."""
    opening = _content_words(" ".join(f.text for f in feats[start : start + 12] if f.prose))
    best, best_score, seen = -1, 0.0, 0
    for i in range(start - 1, -1, -1):
        if feats[i].blank:
            continue
        seen += 1
        if seen > _TITLE_WINDOW:
            break
        if not _title_like(feats[i], labels[i]):
            continue
        score = len(_content_words(feats[i].text) & opening) + 1.0 - seen / (2 * _TITLE_WINDOW)
        if score > best_score:
            best, best_score = i, score
    if best >= 0:
        labels[best] = TITLE


_TITLE_WINDOW = 15


def _title_like(line: _Line, label: str) -> bool:
    text = line.text
    return (
        label in ("other", "navigation", "related")
        and line.kind is None
        and 3 <= line.words <= 30
        and (not line.terminal or text.endswith(("?", "!")))
        and "@" not in text
        and "://" not in text
    )


def _content_words(text: str) -> set[str]:
    return {w for w in _LETTER_WORD.findall(text.casefold()) if len(w) >= 4} - _STOPWORDS


def _smooth(labels: list[str], start: int, end: int) -> None:
    """An unnamed line outside the body between two lines of one kind takes that kind."""
    idx = [i for i, lab in enumerate(labels) if lab != BLANK and not start <= i < end]
    for a, b, c in zip(idx, idx[1:], idx[2:], strict=False):
        if labels[b] == "other" and labels[a] == labels[c] and labels[a] != TITLE:
            labels[b] = labels[a]


def classify_lines(lines: Sequence[str]) -> list[str]:
    """One label per line: ``"body"``, ``"blank"``, ``"title"`` or a furniture kind."""
    if not lines:
        return []
    stop_ok = _page_has_stopwords(lines)
    feats = _clock_lines([_features(line, stop_ok) for line in lines])
    labels = ["" for _ in feats]
    _mark_newsfeed(feats, labels)
    weights = [-12.0 if labels[i] else _weight(f) for i, f in enumerate(feats)]
    weights = _isolation_weights(feats, _run_weights(feats, weights))
    start, end = _extend(feats, labels, *_best_region(weights))
    for i, line in enumerate(feats):
        if line.blank:
            labels[i] = BLANK
        elif labels[i]:
            continue
        elif start <= i < end:
            labels[i] = BODY if line.kind is None or _among_prose(feats, i) else line.kind
        else:
            labels[i] = _outside_kind(line, i < start)
    _mark_teasers(feats, labels, start, end)
    _mark_duplicates(feats, labels)
    _choose_title(feats, labels, start)
    _smooth(labels, start, end)
    log.debug("body region lines %d-%d of %d", start + 1, end, len(lines))
    return labels


def clean_text(text: str) -> Cleaned:
    """The article body of a scraped page's text, and every removed line with its kind."""
    lines = text.splitlines()
    labels = classify_lines(lines)
    paragraphs: list[str] = []
    removed: list[Removed] = []
    for line, label in zip(lines, labels, strict=True):
        if label == BLANK:
            continue
        if label == BODY:
            paragraphs.append(line.strip())
        else:
            removed.append(Removed(line.strip(), label))
    return Cleaned(tuple(paragraphs), tuple(removed))
