"""The HTML briefing in a real browser: Debian's headless Chromium driven by Playwright.

Checks what only a browser can: every section is on the page and filled, hostile article text
runs nothing (no dialog, the payload's window flag stays unset), links land, nothing is fetched
from the network, the page fits a phone's width, and the print layout hides the navigation.
Screenshots at desktop (1280 px) and phone (390 px) widths go to ``benchmarks/screenshots/``
(the first screen and the quote cards; the desktop one also the provenance graph).

Skips with a message when ``/usr/bin/chromium`` (``apt-get install chromium``) or Playwright for
Python (the ``dev`` extra) is missing.  Playwright's own browser download is never used.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsweave.report.html import render_html
from tests.conftest import ROOT

from .seed_report import SECTIONS

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "benchmarks" / "screenshots"
DESKTOP, PHONE = 1280, 390


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium not installed (apt-get install chromium): browser tests skipped")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip(
            "Playwright for Python not installed (pip install -e '.[dev]'): browser tests skipped"
        )
    with sync_playwright() as p:
        try:
            launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        except Error as exc:
            pytest.skip(f"Chromium did not start: {str(exc).splitlines()[0]}")
        yield launched
        launched.close()


class Visit:
    """One page load, recording dialogs, console errors and every request made."""

    def __init__(self, browser: Any, path: Path, width: int) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def section(self, name: str) -> Any:
        return self.page.locator(f'[data-section="{name}"]').first

    def close(self) -> None:
        self.page.close()


def write_page(tmp_path: Path, name: str, report: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(render_html(report), encoding="utf-8")
    return path


def test_filled_briefing_reads_in_the_browser(
    browser: Any, tmp_path: Path, hostile_report: dict[str, Any]
) -> None:
    visit = Visit(browser, write_page(tmp_path, "briefing.html", hostile_report), DESKTOP)
    page = visit.page
    try:
        for name in SECTIONS:
            assert visit.section(name).is_visible(), name
            assert visit.section(name).locator(".empty").count() == 0, f"{name} is empty"
        assert "6 articles from 6 outlets" in visit.section("summary").inner_text()
        matrix = visit.section("matrix")
        claims = hostile_report["stories"][0]["claims"]
        heads = {(c["sentences"][0]["article"], c["sentences"][0]["text"]) for c in claims}
        assert len(heads) < len(claims)  # the report repeats a fact under two claims ...
        assert matrix.locator("tbody tr").count() == len(heads)  # ... shown once
        assert "Olha Stefanishyna" in visit.section("unique").inner_text()
        assert "order of magnitude" in visit.section("discrepancies").inner_text()
        assert "Zelenskyy" in visit.section("entities").inner_text()
        assert visit.section("quotes").locator(".card mark.drift").count() > 0
        assert visit.section("provenance").locator("svg .edge").count() == len(
            hostile_report["provenance"]
        )
        # a matrix cell leads to the sentence in the article text
        first = matrix.locator("td.cell a").first
        target = str(first.get_attribute("href"))
        first.click()
        assert page.evaluate("location.hash") == target
        assert page.locator(f"mark{target}").is_visible()
        # removed furniture is folded away until asked for
        details = page.locator("details.removed").first
        assert not details.locator(".furniture").first.is_visible()
        details.locator("summary").click()
        assert details.locator(".furniture").first.is_visible()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SCREENSHOTS / "briefing-desktop-1280.png"))
        visit.section("quotes").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "briefing-desktop-1280-quotes.png"))
        visit.section("provenance").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "briefing-desktop-1280-provenance.png"))
    finally:
        visit.close()


def test_hostile_article_text_runs_nothing(
    browser: Any, tmp_path: Path, hostile_report: dict[str, Any]
) -> None:
    visit = Visit(browser, write_page(tmp_path, "hostile.html", hostile_report), DESKTOP)
    page = visit.page
    try:
        page.wait_for_timeout(200)  # give an onerror handler the time to fire
        assert visit.dialogs == []
        assert page.evaluate("window.__pwned") is None
        assert page.locator("script").count() == 0
        assert page.locator("img").count() == 0
        article = page.locator("#article-a99").inner_text()
        assert "<script>window.__pwned = 1; alert(1)</script>" in article
        assert 'onerror="window.__pwned = 2' in article
        assert all(u.startswith(("file://", "data:")) for u in visit.requests), visit.requests
        assert visit.errors == []
    finally:
        visit.close()


def test_phone_width_and_print(browser: Any, tmp_path: Path, seed_report: dict[str, Any]) -> None:
    visit = Visit(browser, write_page(tmp_path, "phone.html", seed_report), PHONE)
    page = visit.page
    try:
        # nothing wider than the screen: wide tables scroll inside their own box
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "briefing-phone-390.png"))
        visit.section("quotes").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "briefing-phone-390-quotes.png"))
        page.emulate_media(media="print")
        assert not page.locator("nav.sections").first.is_visible()
    finally:
        visit.close()


def test_briefing_of_a_real_pipeline_run(
    browser: Any, tmp_path: Path, seeds_report: dict[str, Any]
) -> None:
    """The seeds analysed by the library as it stands: the page opens, every section is there
    and the seeds' article text is on it (how filled the sections are depends on the stages)."""
    visit = Visit(browser, write_page(tmp_path, "seeds.html", seeds_report), DESKTOP)
    try:
        for name in SECTIONS:
            assert visit.section(name).count() == 1, name
        assert "Putin" in visit.section("articles").inner_text()
        assert visit.dialogs == [] and visit.errors == []
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        visit.page.screenshot(path=str(SCREENSHOTS / "pipeline-seeds-desktop-1280.png"))
    finally:
        visit.close()
