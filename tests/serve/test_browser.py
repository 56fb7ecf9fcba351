"""``newsweave serve`` in Debian's headless Chromium driven by Playwright: the story list,
search, a story page with its timeline, an outlet page, the JSON API, hostile text, and no
request leaving 127.0.0.1.  Screenshots go to ``benchmarks/screenshots/`` (git-ignored).

Skips with a message when ``/usr/bin/chromium`` or Playwright for Python is missing;
Playwright's own browser download is never used.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

from .conftest import HOSTILE, Live, analyzed_story

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "benchmarks" / "screenshots"


class Browser:
    """One Chromium profile; records every request, dialog and page error."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        context.on("request", lambda r: self.requests.append(r.url))

    def page(self, width: int = 1280) -> Any:
        page = self.context.new_page()
        page.set_viewport_size({"width": width, "height": 900})
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        return page

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium not installed (apt-get install chromium): browser tests skipped")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python not installed (the dev extra): browser tests skipped")
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh user-data-dir
    with sync_playwright() as p:
        try:
            context = p.chromium.launch_persistent_context(
                str(profile), executable_path=str(CHROMIUM), headless=True, args=ARGS
            )
        except Error as exc:
            pytest.skip(f"Chromium did not start: {str(exc).splitlines()[0]}")
        browser = Browser(context)
        yield browser
        context.close()


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))


def test_list_search_story_timeline_and_outlet(chromium: Browser, live: Live) -> None:
    page = chromium.page()
    page.goto(live.base + "/")
    items = page.locator('[data-section="stories"] > li')
    api = json.loads(page.context.request.get(live.base + "/api/stories").text())["stories"]
    assert items.count() == len(api) >= 2
    assert "independent origin" in items.first.inner_text()
    assert page.locator(".badge").count() >= 1
    shot(page, "serve-list-1280.png")
    # search with the form
    page.fill('input[name="q"]', "flood valley")
    page.click('button[type="submit"]')
    page.wait_for_url("**/?q=flood*")
    assert items.count() == 1
    # open the grown story from an outlet search
    page.fill('input[name="q"]', "")
    page.fill('input[name="outlet"]', live.added[0].outlet)
    page.click('button[type="submit"]')
    page.wait_for_url("**outlet=*")
    assert items.count() == 1
    items.first.locator("a.headline").click()
    page.wait_for_url("**/stories/*")
    for section in ("summary", "matrix", "quotes", "changes", "timeline"):
        assert page.locator(f'[data-section="{section}"]').first.is_visible(), section
    rows = page.locator("table.timeline tbody tr")
    assert rows.count() == len(live.first) + len(live.added) - 1
    changes = page.locator('[data-section="changes"] details').first.inner_text()
    assert all(item.title in changes for item in live.added[:-1])
    shot(page, "serve-story-1280.png")
    page.locator('[data-section="timeline"]').scroll_into_view_if_needed()
    shot(page, "serve-story-timeline-1280.png")
    # an outlet page from the timeline
    rows.first.locator("a").click()
    page.wait_for_url("**/outlets/*")
    assert page.locator("h1").inner_text() in {i.outlet for i in live.first + live.added}
    assert page.locator('[data-section="first"]').is_visible()
    shot(page, "serve-outlet-1280.png")
    phone = chromium.page(390)
    phone.goto(live.base + "/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "serve-list-phone-390.png")
    assert chromium.errors == [] and chromium.dialogs == []
    assert all(u.startswith(live.base + "/") for u in chromium.requests), chromium.requests


def test_the_json_api_equals_analyze(chromium: Browser, live: Live) -> None:
    page = chromium.page()
    page.goto(live.base + "/api/stories")
    for story in json.loads(page.locator("body").inner_text())["stories"]:
        page.goto(f"{live.base}/api/stories/{story['id']}")
        served = json.loads(page.locator("body").inner_text())
        assert served == analyzed_story(live, set(story["outlets"]))
    assert all(u.startswith(live.base + "/") for u in chromium.requests)


def test_hostile_article_text_is_shown_not_run(chromium: Browser, live: Live) -> None:
    page = chromium.page()
    page.goto(f"{live.base}/?q=flood")
    page.locator("a.headline").first.click()
    page.wait_for_url("**/stories/*")
    page.wait_for_timeout(200)  # time for an onerror handler to fire
    assert chromium.dialogs == []
    assert page.evaluate("window.__pwned") is None
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    assert "<script>window.__pwned = 1;" in page.locator("h1").first.inner_text()
    assert HOSTILE.paragraphs[1] in page.locator("body").inner_text()
    shot(page, "serve-hostile-1280.png")
    assert all(u.startswith(live.base + "/") for u in chromium.requests)
