"""The Starlette application of ``newsweave serve`` (see :mod:`newsweave.serve`)."""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import AsyncIterator
from functools import cache
from typing import Any
from urllib.parse import quote

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ..errors import StoreError
from ..report.html import briefing_context
from ..store import Store
from .index import Query, StoryIndex, outlet_record, timeline

log = logging.getLogger(__name__)

#: stories shown on one page of the list
PAGE_SIZE = 50
#: every response: no script, no request elsewhere, forms only to this server
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:]{2,8}([+-][0-9:]{2,5}|Z)?)?)?)?$")


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("newsweave.serve", "templates"),
                jinja2.PackageLoader("newsweave.report", "templates"),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["path"] = lambda value: quote(str(value), safe="")
    return env


def _html(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    text = _environment().get_template(template).render(**context)
    return HTMLResponse(text, status_code=status, headers=SECURITY_HEADERS)


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=SECURITY_HEADERS)


def _query(request: Request) -> Query:
    params = request.query_params

    def date(name: str) -> str:
        value = params.get(name, "").strip()
        return value if _DATE.match(value) else ""

    return Query(
        words=params.get("q", "")[:200],
        entity=params.get("entity", "")[:200],
        outlet=params.get("outlet", "")[:200],
        since=date("since"),
        until=date("until"),
        changed=date("changed"),
    )


def create_app(store: Store) -> Starlette:
    """The web app over ``store`` (read-only)."""
    index = StoryIndex(store)

    def story_list(request: Request) -> Response:
        query = _query(request)
        rows = index.search(query)
        try:
            page = max(1, int(request.query_params.get("page", "1")))
        except ValueError:
            page = 1
        shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        more = len(rows) > page * PAGE_SIZE
        return _html(
            "stories.html.j2",
            title="newsweave: stories",
            rows=shown,
            total=len(rows),
            query=query,
            page=page,
            more=more,
            params={k: v for k, v in request.query_params.items() if k != "page"},
        )

    def story_page(request: Request) -> Response:
        row = index.find(request.path_params["story_id"])
        if row is None:
            return _not_found(f"no current story {request.path_params['story_id']!r}")
        report = store.story(row.key)
        seen = index.first_seen(str(a.get("content_hash")) for a in report["articles"])
        context = briefing_context(report)
        context.update(row=row, timeline=timeline(report, seen), changes=index.changes(row.key))
        return _html("story.html.j2", **context)

    def outlet_page(request: Request) -> Response:
        name = request.path_params["name"]
        record = outlet_record(store, index, name)
        if not record["stories"]:
            return _not_found(f"no current story from the outlet {name!r}")
        return _html("outlet.html.j2", title=f"newsweave: {name}", r=record)

    def api_list(request: Request) -> Response:
        return _json({"stories": [r.as_json() for r in index.search(_query(request))]})

    def api_story(request: Request) -> Response:
        row = index.find(request.path_params["story_id"])
        if row is None:
            return _json({"error": "no such current story"}, 404)
        return _json(store.story(row.key))

    def api_changes(request: Request) -> Response:
        row = index.find(request.path_params["story_id"])
        if row is None:
            return _json({"error": "no such current story"}, 404)
        return _json({"story": row.id, "changes": index.changes(row.key)})

    async def store_error(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return _json({"error": str(exc)}, 500)
        return _html("message.html.j2", 500, title="newsweave: store error", message=str(exc))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # the index of a big store takes seconds to build: start before the first visitor
        threading.Thread(target=warm, args=(index,), daemon=True).start()
        yield

    return Starlette(
        lifespan=lifespan,
        routes=[
            Route("/", story_list),
            Route("/stories/{story_id:str}", story_page),
            Route("/outlets/{name:path}", outlet_page),
            Route("/api/stories", api_list),
            Route("/api/stories/{story_id:str}", api_story),
            Route("/api/stories/{story_id:str}/changes", api_changes),
        ],
        exception_handlers={StoreError: store_error},
    )


def warm(index: StoryIndex) -> None:
    try:
        index.rows()
    except StoreError as exc:  # the first request will say it
        log.warning("cannot read the store's stories yet: %s", exc)


def _not_found(message: str) -> Response:
    return _html("message.html.j2", 404, title="newsweave: not found", message=message)
