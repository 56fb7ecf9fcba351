"""robots.txt rules, fetched once per host and kept for the run (parsed by protego).

Outcomes follow RFC 9309: a robots.txt that answers 2xx is parsed; 4xx (none there) allows
everything; 5xx or an unreachable server disallows everything for the run.  Rules are matched as
the RFC says (protego, Scrapy's parser): ``*`` matches any characters, ``$`` anchors the end, the
longest matching rule wins and ``Allow`` wins a tie.  :mod:`urllib.robotparser` is not used: it
ignores ``*`` and ``$`` and applies the first matching rule.  ``Crawl-delay`` is read so the
fetcher can slow down for hosts that ask it to.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from ..errors import FetchError

log = logging.getLogger(__name__)

#: robots.txt larger than this is cut (Google reads the first 500 KiB)
MAX_ROBOTS_BYTES = 500 * 1024
#: a Crawl-delay above this many seconds is capped
MAX_CRAWL_DELAY = 60.0

#: fetches a URL: (status, body); raises FetchError when the server cannot be reached
RobotsFetch = Callable[[str], tuple[int, bytes]]


@dataclass(frozen=True)
class HostRules:
    """What one host's robots.txt says."""

    parser: Protego | None  #: None: no parsed rules (see ``allow_all``)
    allow_all: bool
    note: str = ""  #: why the host is wholly disallowed, when it is

    def allows(self, agent: str, url: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return min(float(delay), MAX_CRAWL_DELAY) if delay is not None else None


def host_key(url: str) -> str:
    """``scheme://host:port`` of a URL: the unit robots.txt and politeness apply to."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def rules_from(status: int, body: bytes) -> HostRules:
    """Rules for a robots.txt response."""
    if 200 <= status < 300:
        text = body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        return HostRules(Protego.parse(text), allow_all=True)
    if 400 <= status < 500:
        return HostRules(None, allow_all=True)
    return HostRules(None, allow_all=False, note=f"robots.txt answered HTTP {status}")


class RobotsCache:
    """robots.txt rules per host, fetched at most once per run (thread-safe)."""

    def __init__(self, fetch: RobotsFetch, agent: str) -> None:
        self._fetch = fetch
        self._agent = agent
        self._rules: dict[str, HostRules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def rules(self, url: str) -> HostRules:
        key = host_key(url)
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._rules:
                self._rules[key] = self._load(key)
            return self._rules[key]

    def _load(self, key: str) -> HostRules:
        scheme, rest = key.split("://", 1)
        host, port = rest.rsplit(":", 1)
        default = (scheme == "https" and port == "443") or (scheme == "http" and port == "80")
        netloc = host if default else f"{host}:{port}"
        if ":" in host and not default:
            netloc = f"[{host}]:{port}"
        elif ":" in host:
            netloc = f"[{host}]"
        robots_url = f"{scheme}://{netloc}/robots.txt"
        try:
            status, body = self._fetch(robots_url)
        except FetchError as exc:
            log.info("%s: %s; treating the host as disallowed", robots_url, exc.reason)
            return HostRules(None, allow_all=False, note=f"robots.txt unreachable ({exc.reason})")
        log.debug("%s: HTTP %d", robots_url, status)
        return rules_from(status, body)

    def allowed(self, url: str) -> tuple[bool, str]:
        """Whether ``url`` may be fetched, and a note saying why not."""
        rules = self.rules(url)
        if rules.allows(self._agent, url):
            return True, ""
        return False, rules.note or "disallowed by robots.txt (--ignore-robots fetches anyway)"

    def crawl_delay(self, url: str) -> float | None:
        return self.rules(url).crawl_delay(self._agent)
