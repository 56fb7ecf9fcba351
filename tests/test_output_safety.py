"""Article text never reaches HTML, Markdown or the terminal as markup or escape sequences, and
the CLI writes only where it was told.

One real run (the CLI, in process) over articles whose bodies, titles, outlets, authors and URLs
carry ``<script>``, ``<img onerror>``, ``[x](javascript:alert(1))`` and the OSC 8 hyperlink
escape ``\\x1b]8;;http://evil\\x1b\\\\``, and a file whose *name* holds an escape sequence.  The
HTML report is parsed (not grepped) and must hold no script, no image, no event handler and no
``javascript:`` link; the Markdown report is rendered to HTML by a CommonMark parser and held to
the same rules; ``analyze``'s messages, ``newsweave stories`` and ``newsweave show`` (printed
from the store) must carry no control characters.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from newsweave.cli import main, output_paths

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "rare-earths-2025-02-24"
OSC8 = "\x1b]8;;http://evil\x1b\\"
EVIL = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[x](javascript:alert(3))",
    OSC8 + "click" + OSC8,
    "\x1b[2J\x1b[31mred\x07\x9b31m",
    '<a href="javascript:alert(4)">y</a>',
    "![i](javascript:alert(5))",
    "<javascript:alert(6)>",
    "\u202eKCATTA\u202c and \u2067isolated\u2069 \u202bembedded",  # bidi: reverses what follows
]
BODY = (
    "Russian President Vladimir Putin said on Monday that Moscow was ready to work with "
    "American companies on rare earth metals, {evil} according to the Kremlin.\n\n"
    '"We are ready to offer our American partners {evil} joint work," Putin told reporters '
    "in Moscow on Feb. 24, adding that Russia holds 3.8 million tons of reserves.\n\n"
    "Officials said the talks would continue {evil} next week."
)
CONTROL = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))]
#: bidirectional embeddings, overrides and isolates: they reorder the text after them
BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def assert_inert_html(markup: str, what: str) -> None:
    parser = Tags()
    parser.feed(markup)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag not in ("script", "img", "iframe", "object", "embed"), f"{what}: <{tag}>"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{what}: <{tag} {name}=…>"
            target = (value or "").strip().lower().replace("\x00", "")
            if name in ("href", "src", "action", "xlink:href", "formaction"):
                assert not target.startswith(("javascript:", "data:", "vbscript:")), (
                    f"{what}: <{tag} {name}={value!r}>"
                )
    assert "\x1b" not in markup and "\x9b" not in markup, f"{what}: escape sequence"


def assert_no_control(text: str, what: str) -> None:
    found = sorted({repr(c) for c in text if c in CONTROL or c in BIDI})
    assert not found, f"{what}: control characters {found}"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("safety")
    inputs = root / "in"
    inputs.mkdir()
    for page in sorted(EXAMPLE.glob("*.txt"))[:2]:  # real articles beside the hostile ones
        (inputs / page.name).write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    records = [
        {
            "id": f"evil{n}",
            "text": BODY.format(evil=evil),
            "title": f"Putin talks {evil}",
            "outlet": f"Evil {evil} Times",
            "authors": [f"Ann {evil} Writer"],
            "url": "javascript:alert(7)" if n % 2 else f"https://example.com/{n}?q=<script>",
            "published": "2025-02-24",
        }
        for n, evil in enumerate(EVIL)
    ]
    (inputs / "evil.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8"
    )
    # an empty file (an error) whose name, printed in the error line, holds escape sequences
    (inputs / "name\x1b[31m\x1b]8;;evil\x07x.txt").write_text("", encoding="utf-8")
    # a name with a newline must not forge a second error line
    (inputs / "nl\nerror fake.txt: forged.txt").write_text("", encoding="utf-8")
    db = str(root / "store.db")
    runner = CliRunner()
    out = root / "out"
    args = ["analyze", str(inputs), "-f", "json", "-f", "md", "-f", "html"]
    analyzed = runner.invoke(main, [*args, "-o", str(out / "report.json"), "--store", db])
    assert analyzed.exit_code == 1, analyzed.output  # the empty file is an error
    listed = runner.invoke(main, ["stories", "--store", db])
    assert listed.exit_code == 0, listed.output
    shown = [runner.invoke(main, ["show", f"s{n}", "--store", db]) for n in (1, 2, 3)]
    return {
        "root": root,
        "out": out,
        "analyze": analyzed.output,
        "stories": listed.output,
        "show": "".join(s.output for s in shown if s.exit_code == 0),
        "report": json.loads((out / "report.json").read_text(encoding="utf-8")),
    }


def test_the_hostile_text_reached_the_report(run: dict[str, Any]) -> None:
    bodies = " ".join(a["body"] for a in run["report"]["articles"])
    assert "<script>" in bodies and "javascript:alert(3)" in bodies  # kept as text in the data
    assert run["show"], "newsweave show printed nothing"


def test_html_report_is_inert(run: dict[str, Any]) -> None:
    html = (run["out"] / "report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html  # shown, escaped
    assert_inert_html(html, "report.html")


def test_markdown_report_is_inert(run: dict[str, Any]) -> None:
    markdown = (run["out"] / "report.md").read_text(encoding="utf-8")
    assert_no_control(markdown, "report.md")
    assert not re.search(r"(?<!\\)\]\(javascript:", markdown)  # escaped "\](" is text
    assert_inert_html(MarkdownIt("commonmark").render(markdown), "report.md as HTML")


def test_bidi_overrides_reach_no_output(run: dict[str, Any]) -> None:
    bodies = " ".join(a["body"] + (a["outlet"] or "") for a in run["report"]["articles"])
    assert "\u202e" in bodies  # kept in the data
    for name in ("report.html", "report.md", "report.json"):
        text = (run["out"] / name).read_text(encoding="utf-8")
        assert not [c for c in text if c in BIDI], name
    html = (run["out"] / "report.html").read_text(encoding="utf-8")
    assert "Evil KCATTA" in html  # the outlet is shown, its override gone


def test_one_error_per_line_whatever_the_file_name(run: dict[str, Any]) -> None:
    lines = run["analyze"].splitlines()
    assert not [line for line in lines if line.startswith("error fake.txt")]
    assert [line for line in lines if 'nl\\nerror fake.txt: forged.txt": is empty' in line]
    assert all(
        line.startswith(("error ", "WARNING", "INFO")) or "articles," in line for line in lines
    )


def test_terminal_output_has_no_escape_sequences(run: dict[str, Any]) -> None:
    for what in ("analyze", "stories", "show"):
        assert_no_control(run[what].replace("\n", " ").replace("\t", " "), what)
    assert "name" in run["analyze"]  # the failing file was reported, its name made safe
    assert_inert_html(MarkdownIt("commonmark").render(run["show"]), "newsweave show")


def test_reports_stay_in_the_output_folder(run: dict[str, Any]) -> None:
    written = sorted(p.relative_to(run["root"]) for p in run["root"].rglob("*") if p.is_file())
    assert {str(p) for p in written if not str(p).startswith("in/")} == {
        "out/report.json",
        "out/report.md",
        "out/report.html",
        "store.db",
    }


@pytest.mark.parametrize(
    "output",
    ["out/report.json", "out/report", "out/r.tar.gz", "out/.json", "out/x.MD", "out/a..b"],
)
def test_derived_paths_share_the_chosen_folder(output: str) -> None:
    paths = output_paths(output, ("json", "md", "html"))
    assert {p.parent for p in paths.values() if p is not None} == {Path("out")}
    assert len(set(paths.values())) == 3


def test_a_folder_as_output_keeps_the_reports_inside_it(tmp_path: Path) -> None:
    for output in (f"{tmp_path}/", str(tmp_path)):
        paths = output_paths(output, ("json", "md"))
        assert {p.parent for p in paths.values() if p is not None} == {tmp_path}
