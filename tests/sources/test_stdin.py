"""``-`` as an input: standard input holding text, HTML or JSONL (sniffed), and ``--urls -``."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner

from newsweave.cli import main
from newsweave.models import Document, InputError
from newsweave.sources.files import STDIN_SOURCE, read_stdin

from .conftest import LocalServer, as_html, seed_files

SEED = seed_files()[2]  # a plain-text article (Kyiv Post, rare earths)


def read(data: bytes, max_bytes: int = 1_000_000) -> list[Document | InputError]:
    return list(read_stdin(max_bytes, io.BytesIO(data)))


def test_plain_text_on_stdin() -> None:
    (doc,) = read(SEED.read_bytes())
    assert isinstance(doc, Document)
    assert (doc.kind, doc.source) == ("text", STDIN_SOURCE)
    assert doc.text.startswith("Putin Indicates Russia Will Not Interfere")


def test_html_on_stdin() -> None:
    (doc,) = read(as_html(SEED.read_text("utf-8")).encode())
    assert isinstance(doc, Document) and doc.kind == "html"


def test_jsonl_on_stdin_one_document_per_record() -> None:
    lines = [
        json.dumps({"id": "x1", "text": SEED.read_text("utf-8"), "outlet": "Kyiv Post"}),
        "",
        "{not json",
        json.dumps({"id": "x2", "title": "no text"}),
    ]
    doc, bad_json, no_text = read("\n".join(lines).encode())
    assert isinstance(doc, Document) and doc.source == "<stdin>#x1" and doc.outlet == "Kyiv Post"
    assert isinstance(bad_json, InputError) and bad_json.source == "<stdin>:3"
    assert isinstance(no_text, InputError) and no_text.source == "<stdin>#x2"


def test_empty_and_oversized_stdin_are_errors_naming_stdin() -> None:
    (empty,) = read(b"  \n")
    assert isinstance(empty, InputError) and (empty.source, empty.reason) == (
        STDIN_SOURCE,
        "is empty",
    )
    (big,) = read(b"x" * 101, max_bytes=100)
    assert isinstance(big, InputError) and "100-byte limit" in big.reason


def test_cli_reads_each_kind_from_stdin() -> None:
    runner = CliRunner()
    text = SEED.read_text("utf-8")
    kinds = {
        "text": text,
        "html": as_html(text),
        "jsonl": json.dumps({"id": "k", "text": text}) + "\n",
    }
    for kind, data in kinds.items():
        result = runner.invoke(main, ["clean", "-"], input=data)
        assert result.exit_code == 0, (kind, result.output)
        (record,) = [json.loads(line) for line in result.stdout.splitlines()]
        assert "3.8 million metric tons" in record["body"], kind
        assert record["source"] == ("<stdin>#k" if kind == "jsonl" else "<stdin>")


def test_analyze_reads_stdin_beside_files() -> None:
    files = seed_files()
    result = CliRunner().invoke(
        main,
        ["analyze", str(files[0]), "-", "--no-progress"],
        input=files[1].read_text("utf-8"),
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [a["source"] for a in report["articles"]] == [str(files[0]), "<stdin>"]


def test_urls_from_stdin(server: LocalServer, tmp_path: Path) -> None:
    urls = [server.add(f"/{p.stem}.html", as_html(p.read_text("utf-8"))) for p in seed_files()[:2]]
    result = CliRunner().invoke(
        main,
        ["clean", "--urls", "-", "--allow-private", "--delay", "0"],
        input="# two seeds\n" + "\n".join(urls) + "\n",
        env={"NEWSWEAVE_CACHE": str(tmp_path)},
    )
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["url"] for line in result.stdout.splitlines()] == urls


def test_stdin_can_be_read_once() -> None:
    result = CliRunner().invoke(main, ["clean", "-", "--urls", "-"], input="x")
    assert result.exit_code == 2 and "stdin (-) can be read once" in result.output
