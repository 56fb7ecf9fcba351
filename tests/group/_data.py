"""Real articles from ../shared/eval for the group tests (read at test time, never copied)."""

from __future__ import annotations

import json
from functools import cache

from newsweave.models import Article, Metadata
from tests.conftest import need_shared


@cache
def _records(name: str) -> tuple[dict[str, object], ...]:
    path = need_shared("eval", name, f"{name}_docs.jsonl")
    return tuple(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())


def records(name: str) -> list[dict[str, object]]:
    """Records of ``basil`` or ``ecbplus``; skips the test when ../shared is absent."""
    return list(_records(name))


def article(record: dict[str, object], aid: str, **meta: object) -> Article:
    fields = {
        "published": record.get("published"),
        "outlet": record.get("outlet"),
        "title": record.get("title"),
    }
    fields.update(meta)
    text = str(record["text"])
    paragraphs = tuple(p for p in text.split("\n") if p.strip())
    doc_id = record.get("id", record.get("doc_id"))
    return Article(aid, f"eval#{doc_id}", paragraphs, Metadata(**fields))  # type: ignore[arg-type]
