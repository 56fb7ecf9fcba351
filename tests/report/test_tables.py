"""JSON Lines and CSV outputs, on the seeds' real report (the pipeline's own output)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from newsweave.cli import main
from newsweave.report.tables import (
    QUOTE_COLUMNS,
    render_claims_csv,
    render_jsonl,
    render_quotes_csv,
)

from ..conftest import EXAMPLE


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_jsonl_one_story_a_line_standing_alone(seeds_report: dict[str, Any]) -> None:
    lines = render_jsonl(seeds_report).splitlines()
    assert len(lines) == len(seeds_report["stories"]) >= 1
    for line, story in zip(lines, seeds_report["stories"], strict=True):
        record = json.loads(line)
        assert record["id"] == story["id"] and record["claims"] == story["claims"]
        assert [a["id"] for a in record["article_records"]] == story["articles"]


def test_claims_csv_is_the_claim_by_outlet_matrix(seeds_report: dict[str, Any]) -> None:
    table = rows(render_claims_csv(seeds_report))
    # one row per fact, as the alignment's matrix shows them (a repeated claim is not shown)
    shown = [
        r["claim"]
        for s in seeds_report["stories"]
        for r in s["extras"]["corroboration_matrix"]["rows"]
    ]
    assert [r["claim"] for r in table] == shown and len(shown) > 10
    by_id = {c["id"]: c for s in seeds_report["stories"] for c in s["claims"]}
    outlets = {a["outlet"] or a["id"] for a in seeds_report["articles"]}
    assert set(table[0]) == {"story", "claim", "independent_sources", "text", *outlets}
    for row in table:
        claim = by_id[row["claim"]]
        cells = [row[o] for o in outlets if row[o]]
        assert set(cells) <= {"first", "independent", "folded"}
        assert cells.count("first") == 1
        # every article reporting the claim shows up in its outlet's column
        reporting = {s["article"] for s in claim["sentences"]}
        assert len(cells) == len({a["outlet"] or a["id"] for a in seeds_report["articles"]
                                  if a["id"] in reporting})  # fmt: skip
        assert int(row["independent_sources"]) == claim["independent_sources"]


def test_quotes_csv_one_quote_a_row(seeds_report: dict[str, Any]) -> None:
    table = rows(render_quotes_csv(seeds_report))
    quotes = [q for s in seeds_report["stories"] for q in s["quotes"]]
    assert len(table) == len(quotes) > 0 and tuple(table[0]) == QUOTE_COLUMNS
    outlet = {a["id"]: a["outlet"] or a["id"] for a in seeds_report["articles"]}
    for row, quote in zip(table, quotes, strict=True):
        assert row["text"].lstrip("'") == quote["text"]
        assert row["outlet"] == outlet[quote["article"]]
        assert row["fragment"] in ("true", "false")


def test_csv_cells_never_run_as_spreadsheet_formulas() -> None:
    data = {
        "articles": [{"id": "a1", "outlet": "=HYPERLINK(\"http://x\")"}],
        "stories": [
            {
                "id": "s1",
                "articles": ["a1"],
                "claims": [
                    {"id": "c1", "independent_sources": 1,
                     "sentences": [{"article": "a1", "text": "@SUM(A1:A9) rose"}]}
                ],
                "quotes": [{"id": "q1", "article": "a1", "text": "+1 for peace", "speaker": None}],
            }
        ],
    }  # fmt: skip
    claims = render_claims_csv(data)
    assert "'=HYPERLINK" in claims and "'@SUM" in claims
    assert rows(render_quotes_csv(data))[0]["text"] == "'+1 for peace"


def test_cli_writes_csv_beside_json(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    args = ["analyze", str(EXAMPLE), "-f", "json", "-f", "csv", "-f", "quotes-csv", "-f", "jsonl"]
    result = CliRunner().invoke(main, [*args, "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text("utf-8"))
    assert rows((tmp_path / "report.csv").read_text("utf-8"))  # the claims matrix
    quotes = rows((tmp_path / "report.quotes.csv").read_text("utf-8"))
    assert len(quotes) == sum(len(s["quotes"]) for s in report["stories"])
    lines = (tmp_path / "report.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == len(report["stories"])


def test_claims_csv_without_the_alignment_matrix(seeds_report: dict[str, Any]) -> None:
    """A report without ``extras`` (another tool's, an older store's) still gives the matrix,
    from the claims' own sentences."""
    bare = {
        **seeds_report,
        "stories": [{k: v for k, v in s.items() if k != "extras"} for s in seeds_report["stories"]],
    }
    full, plain = rows(render_claims_csv(seeds_report)), rows(render_claims_csv(bare))
    claims = [c["id"] for s in seeds_report["stories"] for c in s["claims"]]
    assert [r["claim"] for r in plain] == claims  # every claim, repeated ones too
    same = {r["claim"]: r for r in plain}
    for a in full:
        b = same[a["claim"]]
        assert {k for k, v in a.items() if v and k not in ("story", "claim", "text")} == {
            k for k, v in b.items() if v and k not in ("story", "claim", "text")
        }  # the same outlets reported each claim
        assert set(b.values()) - {b["story"], b["claim"], b["text"], b["independent_sources"]} <= {
            "reported",
            "",
        }
