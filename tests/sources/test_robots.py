"""robots.txt matching as RFC 9309 says: wildcards, ``$``, longest match, Allow against Disallow,
agent groups, and the status outcomes."""

from __future__ import annotations

import pytest

from newsweave.sources.robots import rules_from

AGENT = "newsweave/0.1 (+https://pypi.org/project/newsweave/)"

NEWS_SITE = b"""\
User-agent: *
Disallow: /*?print=
Disallow: /*/amp
Disallow: /*.pdf$
Disallow: /news/
Allow: /news/world/
Disallow: /live
Allow: /live$
"""


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/politics/story?print=1", False),  # * in the middle
        ("/politics/story?page=2", True),
        ("/politics/story/amp", False),  # * then a fixed tail
        ("/politics/story/amp/extra", False),  # a rule is a prefix unless it ends with $
        ("/files/report.pdf", False),  # $ anchors the end
        ("/files/report.pdf?download=1", True),  # ... so a query after .pdf is not matched
        ("/files/report.pdfx", True),
        ("/news/business/a", False),
        ("/news/world/a", True),  # the longer Allow beats the shorter Disallow
        ("/news/", False),
        ("/live", True),  # Allow /live$ and Disallow /live match: the longer (Allow) wins
        ("/live/blog", False),
        ("/", True),
    ],
)
def test_rules_match_as_rfc_9309_says(path: str, allowed: bool) -> None:
    rules = rules_from(200, NEWS_SITE)
    assert rules.allows(AGENT, f"https://news.example{path}") is allowed


def test_allow_wins_a_tie_of_equal_length() -> None:
    rules = rules_from(200, b"User-agent: *\nDisallow: /page\nAllow: /page\n")
    assert rules.allows(AGENT, "https://x.example/page")


def test_the_most_specific_agent_group_applies() -> None:
    text = b"User-agent: newsweave\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    rules = rules_from(200, text)
    assert not rules.allows(AGENT, "https://x.example/a")
    assert rules.allows("SomeOtherBot/2.0", "https://x.example/a")


def test_status_outcomes_and_crawl_delay() -> None:
    assert rules_from(404, b"").allows(AGENT, "https://x.example/anything")
    assert not rules_from(503, b"").allows(AGENT, "https://x.example/anything")
    assert rules_from(200, b"User-agent: *\nCrawl-delay: 600\n").crawl_delay(AGENT) == 60.0
    assert rules_from(200, b"User-agent: *\nDisallow:\n").crawl_delay(AGENT) is None
