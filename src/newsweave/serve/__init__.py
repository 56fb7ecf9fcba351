"""``newsweave serve``: a local, read-only web app over a store.

Pages (plain HTML, no scripts, no request leaving the server; every text autoescaped by
Jinja2):

* ``/`` the current stories, newest activity first, with their counts (articles, outlets,
  independent origins) and a "changed" badge; search by words (``q``), entity, outlet and
  publication dates (``since``, ``until``);
* ``/stories/{id}`` the story's briefing, rendered by the HTML briefing's own template
  (``report/templates/briefing.html.j2``, extended: no second renderer), with what changed and
  the story's timeline (who published what when, who reported each fact first);
* ``/outlets/{name}`` what one outlet reported first, alone, or differently;
* ``/api/stories`` (the list, same search parameters) and ``/api/stories/{id}`` (exactly the
  report contract for one story: :meth:`~newsweave.store.Store.story`), ``/api/stories/{id}/
  changes``.

Built on **Starlette** served by **uvicorn**: a small, well-kept ASGI toolkit whose routing,
responses and test client are all this app needs.  FastAPI's additions (pydantic models,
OpenAPI generation) would describe a report contract that is already specified in JSON and
checked elsewhere, at the cost of a pydantic dependency.  Handlers are plain functions run in
Starlette's thread pool, since the store (SQLAlchemy) is synchronous.

It listens on 127.0.0.1 by default; another address needs ``--allow-remote`` and prints a
warning (:func:`check_host`).
"""

from __future__ import annotations

import ipaddress

from ..store import Store
from .app import create_app

__all__ = ["check_host", "create_app", "run_server"]

LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost"})


def check_host(host: str, allow_remote: bool) -> str | None:
    """None for a loopback address; a warning for another one when ``allow_remote``;
    ValueError naming the address otherwise."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return None
    try:
        if ipaddress.ip_address(name).is_loopback:
            return None
    except ValueError:
        pass
    if not allow_remote:
        raise ValueError(
            f"{host} is not a loopback address: the store would be readable from the network; "
            "add --allow-remote if that is what you want"
        )
    return (
        f"listening on {host}: anyone who can reach this address can read the store "
        "(no authentication, no TLS)"
    )


def run_server(store: Store, host: str, port: int) -> None:
    """Serve ``store`` until interrupted (uvicorn, access log off: one line per request would
    bury the warnings)."""
    import uvicorn

    uvicorn.run(create_app(store), host=host, port=port, log_level="warning", access_log=False)
