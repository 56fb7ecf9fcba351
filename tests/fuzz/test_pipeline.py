"""The whole pipeline on fuzzed inputs: every input ends as an article or an InputError.

A run over a few hostile Documents (random text, mutated real pages, lone surrogates, empty
bodies) must return a Report that accounts for every input, serialises to strict UTF-8 JSON,
renders as Markdown and HTML, and saves to (and reads back from) a SQLite store.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsweave.models import Document, Report
from newsweave.options import Options
from newsweave.pipeline import analyze, analyze_documents
from newsweave.report.html import render_html
from newsweave.report.json import report_to_dict
from newsweave.report.markdown import render_markdown
from newsweave.store import Store

from .regressions import (
    BAD_FILE_NAMES,
    CLEAN_TEXTS,
    EXTRACT_BODIES,
    JSONL_LINES,
    SAME_TEXT_TWICE,
)
from .strategies import TEXT, budget, mutated, seed_pages_html, seed_pages_text

DOC_TEXT = st.one_of(
    TEXT, st.sampled_from(CLEAN_TEXTS + EXTRACT_BODIES), mutated(seed_pages_text())
)
OPTIONAL = st.one_of(st.none(), TEXT, st.sampled_from(["2025-02-24", "2025-13-45", "yesterday"]))


@st.composite
def documents(draw: st.DrawFn) -> list[Document]:
    docs = []
    for n in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["text", "html"]))
        text = draw(mutated(seed_pages_html()) if kind == "html" else DOC_TEXT)
        docs.append(
            Document(
                source=f"fuzz/{n}.{kind}",
                text=text,
                kind=kind,
                title=draw(OPTIONAL),
                published=draw(OPTIONAL),
                outlet=draw(OPTIONAL),
                authors=tuple(draw(st.lists(TEXT, max_size=2))),
                url=draw(st.one_of(st.none(), st.just("https://example.com/a"), TEXT)),
            )
        )
    return docs


def check_report(report: Report, n_inputs: int) -> dict[str, object]:
    assert len(report.articles) + len(report.errors) == n_inputs
    assert all(e.reason and "\n" not in e.reason for e in report.errors)
    data = report_to_dict(report)
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    text.encode("utf-8")  # no lone surrogates left anywhere
    render_markdown(data).encode("utf-8")
    render_html(data).encode("utf-8")
    return data


@budget(400)
@given(documents())
@example([Document("fuzz/r.txt", CLEAN_TEXTS[0]), Document("fuzz/q.txt", EXTRACT_BODIES[0])])
@example([Document("fuzz/0.txt", SAME_TEXT_TWICE), Document("fuzz/1.txt", SAME_TEXT_TWICE)])
def test_analyze_documents_accounts_for_every_input(docs: list[Document]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        options = Options(progress=False, store=str(Path(tmp) / "s.db"), time_limit=30)
        report = analyze_documents(docs, options)
        data = check_report(report, len(docs))
        with Store.open(str(Path(tmp) / "s.db")) as store:
            saved = store.report()
    assert saved == json.loads(json.dumps(data))


@budget(400)
@given(st.lists(st.one_of(st.sampled_from(JSONL_LINES), TEXT), min_size=1, max_size=4))
def test_analyze_jsonl_with_hostile_lines(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
        report = analyze([str(path)], Options(progress=False, store=str(Path(tmp) / "s.db")))
    assert report.articles or report.errors
    check_report(report, len(report.articles) + len(report.errors))


@pytest.mark.parametrize("name", BAD_FILE_NAMES, ids=repr)
def test_file_names_that_are_not_utf8(tmp_path: Path, name: bytes) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    try:
        with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
            fh.write(b"The minister said the plan would cost $5 million over two years.\n")
    except OSError as exc:  # file systems that insist on UTF-8 names
        pytest.skip(f"this file system refuses the name {name!r}: {exc}")
    store = str(tmp_path / "s.db")
    report = analyze([str(folder)], Options(progress=False, store=store))
    data = check_report(report, 1)
    with Store.open(store) as opened:
        assert opened.report() == json.loads(json.dumps(data))
