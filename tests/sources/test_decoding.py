"""Decoding with the smallest damage: invalid bytes replaced where they are (with a warning
naming their offset), never a guessed encoding that rewrites good text; HTML as browsers
decode it (w3lib); each JSONL record decoded on its own."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from newsweave.models import Document, InputError
from newsweave.options import Options
from newsweave.pipeline import analyze
from newsweave.sources import read_inputs
from newsweave.sources.decoding import decode_html, decode_text

from .conftest import LocalServer

GOOD = "The minister said it “doesn’t matter” to the café owners, officials said."
QUOTED = (
    "“We will not accept any deal that ignores our sovereignty,” President Volodymyr Zelensky "
    "told reporters in Kyiv on Monday, adding that talks would continue."
)


def read(path: Path, **options: object) -> list[Document | InputError]:
    return list(read_inputs([str(path)], Options(progress=False).with_(**options)))


def test_one_invalid_byte_in_utf8_is_replaced_not_reread_as_mac_roman(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "one-bad-byte.txt"
    data = (GOOD + " ").encode() * 3 + b"\xff" + (" " + GOOD).encode()
    path.write_bytes(data)
    with caplog.at_level(logging.WARNING):
        (doc,) = read(path)
    assert isinstance(doc, Document)
    assert doc.text.count("doesn’t") == 4 and "‚Äô" not in doc.text
    assert "\ufffd" in doc.text
    offset = data.index(b"\xff")
    assert f"at byte {offset}" in caplog.text and "one-bad-byte.txt" in caplog.text


def test_text_without_any_utf8_is_read_in_its_legacy_encoding() -> None:
    text = "Le président a déclaré « non » à la réforme des retraites, a-t-il dit."
    assert decode_text(text.encode("cp1252"), "fr.txt") == text


def test_a_few_nul_bytes_are_dropped_many_mean_binary(tmp_path: Path) -> None:
    assert decode_text(GOOD.encode()[:20] + b"\x00" + GOOD.encode()[20:], "x") == GOOD
    with pytest.raises(Exception, match="binary"):
        decode_text(b"\x00\x01\x02\x03" * 1000, "bin")


def test_each_jsonl_record_is_decoded_on_its_own(tmp_path: Path) -> None:
    latin = json.dumps({"id": "fr", "text": "Le président a déclaré « non »."}, ensure_ascii=False)
    lines = [
        json.dumps({"id": "a", "text": GOOD}, ensure_ascii=False).encode(),
        latin.encode("latin-1"),
        json.dumps({"id": "b", "text": GOOD + "\x00"}, ensure_ascii=False).encode() + b"\x00",
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    docs = {d.source: d for d in read(path) if isinstance(d, Document)}
    assert docs[f"{path}#a"].text == GOOD  # the Latin-1 record did not change how this one reads
    assert docs[f"{path}#fr"].text == "Le président a déclaré « non »."
    assert docs[f"{path}#b"].text.startswith(GOOD)  # a NUL byte no longer rejects the file


def test_windows_1252_declared_latin1_keeps_its_quotes() -> None:
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{QUOTED}</p></body></html>'
    text = decode_html(page.encode("cp1252"))
    assert QUOTED in text and "\x93" not in text and "\x94" not in text


def test_windows_1252_page_declared_latin1_over_http_has_its_quotes_found(
    server: LocalServer, options: Options, tmp_path: Path
) -> None:
    body = (
        "<html><head><title>Talks</title></head><body><article>"
        + "".join(f"<p>{QUOTED}</p><p>Officials met in Kyiv on Monday to prepare.</p>" * 3)
        + "</article></body></html>"
    )
    url = server.add(
        "/cp1252.html", body.encode("cp1252"), content_type="text/html; charset=iso-8859-1"
    )
    report = analyze([url], options.with_(n_process=1))
    assert not report.errors, report.errors
    quotes = [q.text for s in report.stories for q in s.quotes]
    assert any("We will not accept any deal" in q for q in quotes), quotes


def test_html_file_declared_latin1_is_read_as_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    page = f'<html><head><meta charset="latin-1"></head><body><p>{QUOTED}</p></body></html>'
    path.write_bytes(page.encode("cp1252"))
    (doc,) = read(path)
    assert isinstance(doc, Document) and QUOTED in doc.text


def test_more_bad_bytes_than_utf8_characters_is_still_utf8() -> None:
    """Found by the long fuzz run: four stray bytes before a text holding three curly quotes
    made it read as Mac Roman ("world‚Äôs")."""
    text = "Data shows that Russia has the world’s fifth-largest reserves, Ukraine’s too’."
    damaged = b"\x80 \x80d\x80a\x80" + text.encode()
    assert decode_text(damaged, "x.txt") == "\ufffd \ufffdd\ufffda\ufffd" + text
